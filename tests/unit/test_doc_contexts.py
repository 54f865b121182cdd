"""Document contexts: the dataclasses produce exactly the wording the templates print."""

from __future__ import annotations

from datetime import date

import pytest

from documents.contexts import (
    CONTEXT_KEYS,
    DOC_TYPES,
    REQUIRED_KEYS,
    AppendixDoc,
    ControlSummaryRowDoc,
    ExecutionItemDoc,
    IndicatorDoc,
    MemberDoc,
    OrganizationDoc,
    PersonDoc,
    PointDoc,
    template_path,
)
from documents.examples import EXAMPLES, letter_1951
from tests.documents_fixtures import order_533, organization, person, simple_order, text_appendix


@pytest.mark.parametrize("doc_type", sorted(EXAMPLES))
def test_each_context_has_exactly_the_keys_its_type_declares(doc_type):
    context = EXAMPLES[doc_type]().to_context()
    assert set(context) == CONTEXT_KEYS[doc_type]
    assert REQUIRED_KEYS[doc_type] <= CONTEXT_KEYS[doc_type]
    assert template_path(doc_type).exists()
    assert DOC_TYPES[doc_type].doc_type == doc_type


def test_unknown_document_type_has_no_template():
    with pytest.raises(ValueError, match="Неизвестный тип документа"):
        template_path("memo")


def test_points_are_numbered_in_order_with_sub_points():
    ctx = simple_order(points=[PointDoc("Первый."), PointDoc("Второй:", children=[PointDoc("а;"), PointDoc("б.")]),
                               PointDoc("Третий.")]).to_context()
    assert [(p["number"], p["level"]) for p in ctx["points"]] == [
        ("1.", 1), ("2.", 1), ("2.1.", 2), ("2.2.", 2), ("3.", 1)]


def test_given_point_numbers_are_kept_and_end_with_a_dot():
    ctx = simple_order(points=[PointDoc("Текст", number="1", children=[PointDoc("Подпункт", number="1.4")])]
                       ).to_context()
    assert [p["number"] for p in ctx["points"]] == ["1.", "1.4."]
    assert ctx["points"][0]["text"] == "Текст:"
    assert ctx["points"][1]["text"] == "Подпункт."


@pytest.mark.parametrize(("deadline", "expected"), [
    ("в срок до 28 марта 2022 года", "Создать рабочую группу в срок до 28 марта 2022 года."),
    ("до 01.04.2022", "Создать рабочую группу до 01.04.2022."),
    ("28.03.2022", "Создать рабочую группу в срок до 28.03.2022."),
    ("28 марта 2022 года", "Создать рабочую группу в срок до 28 марта 2022 года."),
    ("Ежегодно, июнь", "Создать рабочую группу ежегодно, июнь."),
    ("Сентябрь 2022", "Создать рабочую группу (срок — сентябрь 2022)."),
    ("В соответствии с графиком проведения", "Создать рабочую группу в соответствии с графиком проведения."),
])
def test_the_deadline_text_becomes_part_of_the_point(deadline, expected):
    ctx = simple_order(points=[PointDoc("Создать рабочую группу", deadline_text=deadline)]).to_context()
    assert ctx["points"][0]["text"] == expected


def test_a_deadline_already_in_the_text_is_not_repeated():
    text = "Создать рабочую группу в срок до 28 марта 2022 года."
    ctx = simple_order(points=[PointDoc(text, deadline_text="в срок до 28 марта 2022 года")]).to_context()
    assert ctx["points"][0]["text"] == text


def test_a_person_addressee_opens_the_point_in_the_dative():
    addressee = person("Куропаткина", "Анна", "Николаевна", position="директор МБУ ДПО «СОИРО»")
    ctx = simple_order(points=[PointDoc("Обеспечить участие педагогов.", addressee=addressee),
                               PointDoc(addressee=addressee, children=[PointDoc("обеспечить участие;")])]
                       ).to_context()
    assert ctx["points"][0]["text"] == "Директору МБУ ДПО «СОИРО» Куропаткиной А.Н. обеспечить участие педагогов."
    assert ctx["points"][1]["text"] == "Директору МБУ ДПО «СОИРО» Куропаткиной А.Н.:"


def test_an_organization_addressee_is_printed_as_given():
    ctx = simple_order(points=[PointDoc(addressee_text="Руководителям общеобразовательных организаций",
                                        children=[PointDoc("обеспечить выполнение мероприятий.")])]).to_context()
    assert ctx["points"][0]["text"] == "Руководителям общеобразовательных организаций:"
    assert ctx["points"][1]["text"] == "обеспечить выполнение мероприятий."


def test_the_control_clause_is_the_last_point_with_the_controller_in_the_accusative():
    ctx = order_533().to_context()
    assert ctx["control_clause"] == ("6. Контроль за исполнением приказа возложить на заместителя начальника "
                                     "управления образования Ушакову И.Г.")


def test_the_signatory_keeps_control_for_themselves():
    assert simple_order().to_context()["control_clause"] == "3. Контроль за исполнением приказа оставляю за собой."


def test_a_ready_control_text_wins_and_no_controller_means_no_clause():
    assert simple_order(control_text="Контроль оставляю за собой").to_context()["control_clause"] == \
        "3. Контроль оставляю за собой."
    assert simple_order(controller=None).to_context()["control_clause"] == ""


def test_a_stored_override_replaces_the_generated_phrase():
    controller = person("Дюма", "Александр", None, "m", position="директор",
                        overrides={"acc": "директора МБОУ «Лицей № 1» А. Дюма"})
    ctx = simple_order(controller=controller).to_context()
    assert ctx["control_clause"].endswith("возложить на директора МБОУ «Лицей № 1» А. Дюма.")


def test_a_resolution_speaks_as_a_resolution():
    ctx = order_533(kind="resolution").to_context()
    assert ctx["kind_word"] == "ПОСТАНОВЛЕНИЕ"
    assert ctx["operative_word"] == "ПОСТАНОВЛЯЕТ:"
    assert "Контроль за исполнением постановления" in ctx["control_clause"]
    assert ctx["appendices"][0]["mark"].startswith("Приложение 1\nк постановлению ")


def test_a_directive_proposes_and_its_operative_word_can_be_set():
    assert order_533(kind="directive").to_context()["operative_word"] == "п р е д л а г а ю:"
    assert order_533(kind="directive", operative_word="ОБЯЗЫВАЮ:").to_context()["operative_word"] == "ОБЯЗЫВАЮ:"
    assert order_533(kind="directive").to_context()["kind_word"] == "РАСПОРЯЖЕНИЕ"


def test_appendix_marks_name_the_organization_in_the_genitive_with_date_and_number():
    ctx = simple_order(appendices=[text_appendix()]).to_context()
    assert ctx["appendices"][0]["mark"] == ("Приложение\nк приказу управления образования администрации "
                                            "Старооскольского городского округа\nот 24.03.2022 № 390")
    two = simple_order(appendices=[text_appendix(), text_appendix()]).to_context()
    assert [a["mark"].split("\n")[0] for a in two["appendices"]] == ["Приложение 1", "Приложение 2"]


def test_an_explicit_genitive_name_is_used_as_given():
    org = organization(name_genitive="Управления образования г. Старый Оскол")
    ctx = simple_order(organization=org, appendices=[text_appendix()]).to_context()
    assert "к приказу Управления образования г. Старый Оскол" in ctx["appendices"][0]["mark"]


def test_a_draft_has_placeholders_for_date_and_number():
    ctx = order_533(draft=True, reg_number=None, reg_date=None).to_context()
    assert ctx["draft"] is True
    assert ctx["reg_number"] == "______"
    assert ctx["reg_date"] == "«___» ____________ 20___ г."
    assert ctx["appendices"][0]["mark"].endswith("от __.__.20__ № ______")
    assert ctx["document_date"] is None


def test_the_long_date_style():
    assert simple_order(date_style="long").to_context()["reg_date"] == "24 марта 2022 г."


def test_the_title_loses_a_final_full_stop_and_extra_spaces():
    assert simple_order(title="Об  итогах\nсеминара.").to_context()["title"] == "Об итогах семинара"


def test_an_appendix_note_appears_only_when_no_point_refers_to_the_appendix():
    plain = simple_order(appendices=[text_appendix("Положение о конкурсе")]).to_context()
    assert plain["appendix_note"] == "Приложение: положение о конкурсе."
    referred = simple_order(points=[PointDoc("Утвердить положение (приложение).")],
                            appendices=[text_appendix()]).to_context()
    assert referred["appendix_note"] == ""


def test_roadmap_rows_are_flattened_with_section_rows_marked():
    rows = order_533().to_context()["appendices"][0]["rows"]
    assert [r["section"] for r in rows[:3]] == [True, True, False]
    assert rows[2]["deadline"] == "Сентябрь 2022"
    assert rows[2]["responsible"] == "Отдел образования, образовательные организации"


def test_working_group_members_are_listed_chair_first():
    app = AppendixDoc(kind="working_group", title="Состав", members=[
        MemberDoc("Петров Пётр Петрович", "учитель", "member"), MemberDoc("Иванова Анна", "директор", "chair"),
        MemberDoc("Сидоров Иван", "методист", "secretary")])
    members = app.to_context("Приложение", 1)["members"]
    assert [m["role"] for m in members] == ["Руководитель рабочей группы", "Секретарь", "Член рабочей группы"]
    assert members[0]["number"] == "1."


def test_a_letter_counts_appendix_sheets_and_prints_the_reply_reference():
    letter = letter_1951()
    letter.reply_to_number, letter.reply_to_date = "12-3/45", date(2022, 7, 20)
    ctx = letter.to_context()
    assert ctx["appendix_note"] == "Приложение: на 3 л. в 1 экз."
    assert ctx["reply_to"] == "на № 12-3/45 от 20.07.2022"
    assert ctx["appendices"][0]["mark"].startswith("Приложение\nк письму управления образования администрации")
    assert ctx["reg_number"] == "01-27/1951" and ctx["reg_date"] == "26.07.2022"


def test_organization_heading_defaults_to_the_name_in_capitals():
    org = OrganizationDoc(name="Управление образования")
    assert org.lines == ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ"]
    assert org.genitive == "управления образования"


def test_approval_sheet_translates_decisions_and_sums_up():
    ctx = EXAMPLES["approval_sheet"]().to_context()
    assert [v["decision"] for v in ctx["visas"]] == ["Согласовано", "Согласовано с замечаниями", "Согласовано"]
    assert ctx["outcome"] == "Проект согласован всеми визирующими."
    assert ctx["subject"].startswith("проекта приказа ")


def test_execution_items_are_judged_against_their_deadlines():
    as_of = date(2023, 6, 1)
    assert ExecutionItemDoc("1", "т", "и", date(2023, 3, 1), done_on=date(2023, 3, 1)).status(as_of) == "done_on_time"
    assert ExecutionItemDoc("1", "т", "и", date(2023, 3, 1), done_on=date(2023, 3, 2)).status(as_of) == "done_late"
    assert ExecutionItemDoc("1", "т", "и", date(2023, 3, 1)).status(as_of) == "overdue"
    assert ExecutionItemDoc("1", "т", "и", date(2023, 7, 1)).status(as_of) == "in_work"
    assert ExecutionItemDoc("1", "т", "и", None, "Постоянно").status(as_of) == "in_work"


def test_execution_report_sorts_points_and_totals_them():
    ctx = EXAMPLES["execution_report"]().to_context()
    assert [i["number"] for i in ctx["items"]] == ["3.2.", "4.", "5."]
    assert ctx["totals"] == {"total": 3, "done": 2, "done_on_time": 1, "done_late": 1, "overdue": 1,
                             "in_work": 0, "extensions": 1, "on_time_rate": "33 %"}
    assert ctx["subject"] == ("об исполнении приказа МКУ «Отдел образования Администрации Черноземельского "
                              "РМО РК» от 30.11.2022 № 533")


@pytest.mark.parametrize(("indicator", "change"), [
    (IndicatorDoc("Доля", "%", 100, 60, 96), "+36 п.п."),
    (IndicatorDoc("Доля", "%", 0, 8.5, 4.2), "−4,3 п.п."),
    (IndicatorDoc("Число", "чел.", 10, 12, 12), "0 чел."),
    (IndicatorDoc("Число", "ед.", 10, None, 12), "—"),
])
def test_indicator_change_is_signed_with_its_unit(indicator, change):
    assert indicator.change() == change


def test_control_summary_rate_and_overall_row():
    assert ControlSummaryRowDoc("А", total=4, done_on_time=3, done_late=1).rate() == "75 %"
    assert ControlSummaryRowDoc("А", total=0).rate() == "—"
    assert ControlSummaryRowDoc("А", on_time_rate=0.5).rate() == "50 %"
    ctx = EXAMPLES["control_report"]().to_context()
    assert ctx["overall"]["total"] == 8 and ctx["overall"]["rate"] == "71 %"
    assert [t["state"] for t in ctx["tasks"]] == ["В работе", "Исполнено", "Исполнено"]
    assert [t["overdue"] for t in ctx["tasks"]] == ["4", "—", "—"]


def test_person_forms():
    p = PersonDoc("Дереча", "Нина", "Евгеньевна", "f", position="начальник управления образования")
    assert (p.signature_name, p.short_name, p.full_name) == ("Н.Е. Дереча", "Дереча Н.Е.",
                                                              "Дереча Нина Евгеньевна")
    assert p.phrase("dat") == "начальнику управления образования Дерече Н.Е."
