"""Text and typography of the printed documents (issue 14): non-breaking spaces, quotes, dashes, deadlines."""

from __future__ import annotations

import pytest

from documents.contexts import PointDoc
from documents.russian import NBSP, decline_position, typograph
from tests.documents_fixtures import paragraph_texts, person, render, simple_order


@pytest.mark.parametrize(("typed", "printed"), [
    ("от 16.11.2022 № 4518", f"от 16.11.2022{NBSP}№{NBSP}4518"),
    ("Н.Е. Дереча", f"Н.Е.{NBSP}Дереча"),
    ("Ушакову И.Г.", f"Ушакову{NBSP}И.Г."),
    ("Н. Е. Дереча", f"Н.{NBSP}Е.{NBSP}Дереча"),
    ("доля 50 %, рост 12%", f"доля 50{NBSP}%, рост 12{NBSP}%"),
    ("в 2024 г., в 2023-2024 гг., на 3 л.", f"в 2024{NBSP}г., в 2023-2024{NBSP}гг., на 3{NBSP}л."),
    ("г. Старый Оскол", f"г.{NBSP}Старый Оскол"),
])
def test_non_breaking_spaces_keep_numbers_initials_and_units_together(typed, printed):
    assert typograph(typed) == printed


def test_straight_quotes_become_herringbone_and_inner_quotes_become_low_high():
    assert typograph('приказ "Об утверждении "Положения о конкурсе""') == \
        "приказ «Об утверждении „Положения о конкурсе“»"
    assert typograph('МБОУ "СОШ № 1"') == f"МБОУ «СОШ №{NBSP}1»"


def test_a_hyphen_between_words_becomes_a_spaced_en_dash_that_never_starts_a_line():
    assert typograph("информация - до 15.01.2027") == f"информация{NBSP}– до 15.01.2027"
    assert typograph("8 (84743) 9-13-40") == "8 (84743) 9-13-40"


def test_order_1_keeps_its_date_and_number_on_one_line_in_the_printed_file():
    data = render(simple_order(reg_number="4518"))
    assert any(f"№{NBSP}4518" in t for t in paragraph_texts(data, keep_nbsp=True))


def test_a_sub_point_keeps_its_own_semicolon_when_the_deadline_is_added():
    ctx = simple_order(points=[PointDoc("Обеспечить:", children=[
        PointDoc("подготовку информации;", deadline_text="15.01.2027"),
        PointDoc("участие педагогов.", deadline_text="до 01.02.2027")])]).to_context()
    assert ctx["points"][1]["text"] == "подготовку информации в срок до 15.01.2027;"
    assert ctx["points"][2]["text"] == "участие педагогов до 01.02.2027."


def test_a_pasted_line_break_stays_a_line_break_inside_the_point():
    ctx = simple_order(points=[PointDoc("Утвердить состав:\r\nпервая строка;\n  вторая   строка.")]).to_context()
    assert ctx["points"][0]["text"] == "Утвердить состав:\nпервая строка;\nвторая строка."
    texts = paragraph_texts(render(simple_order(points=[PointDoc("Первая строка\nвторая строка.")])))
    assert any(t.startswith("1. Первая строка\nвторая строка.") for t in texts)


def test_a_permanent_deadline_is_bracketed_not_glued_to_the_sentence():
    ctx = simple_order(points=[PointDoc("Обеспечить мониторинг качества образования.",
                                        deadline_text="Постоянно")]).to_context()
    assert ctx["points"][0]["text"] == "Обеспечить мониторинг качества образования (срок — постоянно)."


def test_the_bracketed_tail_keeps_the_case_and_the_dots_of_the_deadline():
    ctx = simple_order(points=[PointDoc("Провести диагностику", deadline_text="I полугодие 2024 г.")]).to_context()
    assert ctx["points"][0]["text"] == "Провести диагностику (срок — I полугодие 2024 г.)."


def test_a_date_deadline_ends_the_sentence_as_people_write_it():
    ctx = simple_order(points=[PointDoc("Представить информацию.", deadline_text="15.01.2027")]).to_context()
    assert ctx["points"][0]["text"] == "Представить информацию в срок до 15.01.2027."


def test_a_deadline_the_text_already_states_in_other_words_is_not_added_again():
    text = "Представить информацию не позднее 15 января 2027 года."
    ctx = simple_order(points=[PointDoc(text, deadline_text="15.01.2027")]).to_context()
    assert ctx["points"][0]["text"] == text


@pytest.mark.parametrize(("position", "case", "expected"), [
    ("заместитель начальника – начальник отдела общего образования", "gen",
     "заместителя начальника – начальника отдела общего образования"),
    ("главный специалист – эксперт", "dat", "главному специалисту – эксперту"),
    ("главный специалист - эксперт", "acc", "главного специалиста – эксперта"),
    ("главный специалист-эксперт", "gen", "главного специалиста-эксперта"),
])
def test_a_compound_position_declines_both_heads(position, case, expected):
    assert decline_position(position, case) == expected


def test_a_capitalised_position_is_lowered_in_the_control_clause():
    controller = person("Ушакова", "Ирина", "Геннадьевна", "f",
                        position="Заместитель начальника управления образования")
    clause = simple_order(controller=controller).to_context()["control_clause"]
    assert clause == ("3. Контроль за исполнением приказа возложить на заместителя начальника управления "
                      "образования Ушакову И.Г.")
