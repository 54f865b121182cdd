"""The signed-ready checker: a good document passes; each kind of breakage fails with its own message."""

from __future__ import annotations

import json
from datetime import date

import pytest

from documents.checker import check_docx, main
from documents.layout import LayoutRules
from tests.documents_fixtures import (
    header_parts,
    order_533,
    render,
    render_context,
    replace_in_part,
    simple_order,
)


@pytest.fixture(scope="module")
def good() -> bytes:
    return render(order_533())


@pytest.fixture(scope="module")
def simple() -> bytes:
    return render(simple_order())


def broken_context(**changes):
    ctx = order_533().to_context()
    ctx.update(changes)
    return render_context("order", ctx)


def assert_fails(data: bytes, code: str, text: str, doc_type: str = "order", expect=None) -> None:
    report = check_docx(data, doc_type, expect)
    assert not report.ok
    matching = [p.message for p in report.problems if p.code == code]
    assert matching, f"expected {code}, got {report.problems}"
    assert any(text in m for m in matching), matching


def test_a_rendered_order_is_signed_ready(good, simple):
    assert check_docx(good).ok
    assert check_docx(simple).ok


def test_expectations_that_hold_pass(simple):
    report = check_docx(simple, expect={"reg_number": "390", "reg_date": date(2022, 3, 24), "kind_word": "ПРИКАЗ",
                                        "title": "Об итогах проведения методического семинара для заместителей "
                                                 "директоров",
                                        "signatory": "Н.Е. Дереча", "appendices": 0})
    assert report.ok, str(report)


def test_expectations_that_do_not_hold_fail_each_with_its_message(simple):
    report = check_docx(simple, expect={"reg_number": "39", "reg_date": "25.03.2022", "title": "Об ином",
                                        "signatory": "И.И. Иванов", "appendices": 2})
    assert report.codes == {"expect_reg_number", "expect_reg_date", "expect_title", "expect_signatory",
                            "expect_appendices"}
    assert "Регистрационный номер «№ 39» не найден" in report.messages


def test_not_a_zip_is_refused():
    assert_fails(b"PK-not-really", "zip", "не является документом DOCX")


def test_a_broken_xml_part_is_refused(good):
    data = replace_in_part(good, "word/document.xml", "</w:body>", "</w:bod>")
    assert_fails(data, "xml", "Повреждена XML-часть")


def test_a_leftover_template_tag_is_found(good):
    data = broken_context(title="Об утверждении {{ roadmap.title }}")
    assert_fails(data, "template_tag", "остался тег шаблона")
    data = replace_in_part(good, "word/document.xml", "п р и к а з ы в а ю:", "{% if x %}п р и к а з ы в а ю:")
    assert_fails(data, "template_tag", "{% if x %}")


def test_letter_size_paper_is_not_a4(good):
    data = replace_in_part(good, "word/document.xml", 'w:w="11906" w:h="16838"', 'w:w="12240" w:h="15840"')
    assert_fails(data, "page_size", "нужен А4")


def test_landscape_a4_is_still_a4(good):
    data = replace_in_part(good, "word/document.xml", 'w:w="11906" w:h="16838"',
                           'w:w="16838" w:h="11906" w:orient="landscape"')
    assert check_docx(data).ok


@pytest.mark.parametrize(("attr", "twips", "label"), [
    ("left", "850", "Левое поле 15 мм"),
    ("right", "283", "Правое поле 5 мм"),
    ("top", "567", "Верхнее поле 10 мм"),
    ("bottom", "850", "Нижнее поле 15 мм"),
])
def test_margins_below_gost_fail(good, attr, twips, label):
    current = {"left": "1701", "right": "567", "top": "1134", "bottom": "1134"}[attr]
    data = replace_in_part(good, "word/document.xml", f'w:{attr}="{current}"', f'w:{attr}="{twips}"', 1)
    assert_fails(data, "margins", label)


def test_a_sans_serif_body_font_fails(good):
    data = replace_in_part(good, "word/styles.xml", "Times New Roman", "Arial")
    assert_fails(data, "font", "Основной шрифт текста — Arial")


def test_an_eleven_point_body_fails(good):
    data = replace_in_part(good, "word/styles.xml", '<w:sz w:val="28"/>', '<w:sz w:val="22"/>')
    assert_fails(data, "font", "Times New Roman, 11 пт")


def test_liberation_serif_is_as_good_as_times(good):
    data = replace_in_part(good, "word/styles.xml", "Times New Roman", "Liberation Serif")
    assert check_docx(data).ok


def test_the_font_rules_are_settings(good):
    rules = LayoutRules(allowed_fonts=("PT Astra Serif",))
    report = check_docx(good, rules=rules)
    assert report.codes == {"font"}


def test_no_different_first_page_fails(good):
    data = replace_in_part(good, "word/document.xml", "<w:titlePg/>", "")
    assert_fails(data, "first_page", "особый колонтитул первой страницы")


def test_no_page_field_in_the_header_fails(good):
    default = header_parts(good)["default"]
    data = replace_in_part(good, default, " PAGE ", " DATE ")
    assert_fails(data, "page_number", "нет поля номера страницы")


def test_a_page_number_on_the_first_page_fails(good):
    parts = header_parts(good)
    first = parts["first"]
    data = replace_in_part(good, first, "</w:p>", '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>'
                           '<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r>'
                           '<w:fldChar w:fldCharType="end"/></w:r></w:p>')
    assert_fails(data, "page_number", "стоит на первой странице")


def test_a_page_number_not_centered_fails(good):
    default = header_parts(good)["default"]
    data = replace_in_part(good, default, '<w:pStyle w:val="Header"/>',
                           '<w:pStyle w:val="Header"/><w:jc w:val="right"/>')
    assert_fails(data, "page_number", "по центру")


def test_missing_kind_word_fails():
    assert_fails(broken_context(kind_word=""), "kind", "Не найден вид документа")


def test_missing_number_fails():
    data = broken_context(reg_number="______")
    assert_fails(data, "number", "не зарегистрирован")


def test_missing_date_fails():
    assert_fails(broken_context(reg_date=""), "date", "Не найдена дата документа")


def test_a_title_not_starting_with_o_fails():
    assert_fails(broken_context(title="Утверждение отчёта"), "title", "Не найден заголовок")


def test_a_title_with_a_full_stop_fails():
    assert_fails(broken_context(title="Об утверждении отчёта."), "title_dot", "не должен заканчиваться точкой")


def test_missing_operative_word_fails():
    assert_fails(broken_context(operative_word=""), "operative", "п р и к а з ы в а ю:")


def test_a_resolution_needs_postanovlyaet():
    ctx = order_533(kind="resolution").to_context()
    assert check_docx(render_context("order", ctx)).ok
    ctx["operative_word"] = "п р и к а з ы в а ю:"
    assert_fails(render_context("order", ctx), "operative", "«ПОСТАНОВЛЯЕТ:»")


def test_a_signature_with_the_surname_first_fails():
    assert_fails(broken_context(signatory={"position": "Начальник", "name": "Дереча Н.Е."}), "signature",
                 "«Н.Е. Дереча»")


def test_a_draft_mark_is_not_signed_ready_unless_a_draft_is_expected():
    data = render(order_533(draft=True, reg_number=None, reg_date=None))
    assert_fails(data, "draft", "помечен как проект")
    assert check_docx(data, expect={"draft": True}).ok


def test_a_malformed_appendix_mark_fails():
    ctx = order_533().to_context()
    ctx["appendices"][0]["mark"] = "Приложение 1 к приказу"
    assert_fails(render_context("order", ctx), "appendix_mark", "оформлена неверно")


def test_an_appendix_mark_with_another_number_fails():
    ctx = order_533().to_context()
    ctx["appendices"][1]["mark"] = ctx["appendices"][1]["mark"].replace("№ 533", "№ 534")
    assert_fails(render_context("order", ctx), "appendix_mark", "не совпадает с номером документа")


def test_appendices_out_of_order_fail():
    ctx = order_533().to_context()
    ctx["appendices"][1]["mark"] = ctx["appendices"][1]["mark"].replace("Приложение 2", "Приложение 3")
    assert_fails(render_context("order", ctx), "appendix_numbers", "не по порядку")


def test_an_appendix_not_on_a_new_page_fails(good):
    data = replace_in_part(good, "word/document.xml", "<w:pageBreakBefore/>", "", 1)
    assert_fails(data, "appendix_page", "Приложение 1 не начинается с новой страницы")


def test_a_page_break_run_before_the_mark_counts_as_a_new_page(good):
    data = replace_in_part(good, "word/document.xml", "<w:pageBreakBefore/>", "", 1)
    xml_mark = '<w:t xml:space="preserve">Приложение 1'
    data = replace_in_part(data, "word/document.xml", xml_mark, '<w:br w:type="page"/>' + xml_mark)
    assert check_docx(data).ok


def test_requisites_out_of_order_fail():
    ctx = order_533().to_context()
    ctx["org_header_lines"] = ["Н.М. Эрдни-Горяева"]
    ctx["signatory"] = {"position": "Заведующая", "name": "подпись"}
    report = check_docx(render_context("order", ctx))
    assert "signature" in report.codes or "order" in report.codes


@pytest.mark.parametrize("doc_type", ["approval_sheet", "execution_report", "reporting_period", "control_report"])
def test_a_report_checked_as_another_type_misses_its_heading(doc_type):
    from documents.examples import EXAMPLES

    other = "control_report" if doc_type != "control_report" else "approval_sheet"
    data = render(EXAMPLES[other]())
    assert_fails(data, "kind", "Не найдено наименование документа", doc_type=doc_type)


def test_a_letter_without_number_fails():
    from documents.examples import letter_1951

    ctx = letter_1951().to_context()
    ctx["reg_number"] = "______"
    assert_fails(render_context("letter", ctx), "number", "не зарегистрировано", doc_type="letter")


def test_unknown_doc_type_is_an_error():
    with pytest.raises(ValueError, match="Неизвестный тип документа"):
        check_docx(b"", "memo")


def test_the_command_line_prints_the_verdict_and_exits_with_its_code(tmp_path, capsys, good):
    ok_file = tmp_path / "ok.docx"
    ok_file.write_bytes(good)
    assert main([str(ok_file), "--number", "533", "--date", "30.11.2022"]) == 0
    assert "готов к подписанию" in capsys.readouterr().out
    bad_file = tmp_path / "bad.docx"
    bad_file.write_bytes(replace_in_part(good, "word/document.xml", "<w:titlePg/>", ""))
    assert main([str(bad_file), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["ok"] is False and result["problems"][0]["code"] == "first_page"
    assert main([str(tmp_path / "missing.docx")]) == 2
