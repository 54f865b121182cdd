"""The built-in templates (page setup, header, styles, roadmap table) and the lint of uploaded templates."""

from __future__ import annotations

import re

import pytest

from documents.contexts import TEMPLATES_DIR, template_path
from documents.layout import DEFAULT_LAYOUT, Layout, LayoutRules, mm_to_twips
from documents.lint import lint_template
from tests.documents_fixtures import (
    header_parts,
    order_533,
    read_part,
    render,
    replace_in_part,
    template_with_body,
    template_with_table,
)
from tools.build_templates import BUILDERS, build_order

TEMPLATE_NAMES = sorted(BUILDERS)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_committed_templates_are_exactly_what_the_build_script_makes(name):
    assert BUILDERS[name](DEFAULT_LAYOUT) == (TEMPLATES_DIR / name).read_bytes(), \
        "run `python -m tools.build_templates` and commit doc_templates/"


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_page_setup_follows_the_layout(name):
    data = (TEMPLATES_DIR / name).read_bytes()
    xml = read_part(data, "word/document.xml")
    sect = re.search(r"<w:sectPr>.*?</w:sectPr>", xml).group(0)
    # The approval sheet is landscape too (issue 14): its seven columns break no word.
    if name in ("control_report.docx", "execution_report.docx", "approval_sheet.docx"):
        assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in sect
    else:
        assert '<w:pgSz w:w="11906" w:h="16838"/>' in sect
    assert '<w:pgMar w:top="1134" w:right="567" w:bottom="1134" w:left="1701" w:header="567" w:footer="567"' in sect
    assert "<w:titlePg/>" in sect


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_page_numbers_start_on_the_second_page_centered_in_the_top_margin(name):
    data = (TEMPLATES_DIR / name).read_bytes()
    parts = header_parts(data)
    default, first = read_part(data, parts["default"]), read_part(data, parts["first"])
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in default
    assert "PAGE" not in first
    styles = read_part(data, "word/styles.xml")
    header_style = re.search(r'<w:style [^>]*w:styleId="Header".*?</w:style>', styles).group(0)
    assert '<w:jc w:val="center"/>' in header_style


def test_styles_carry_the_font_size_indent_and_spacing():
    styles = read_part(template_path("order").read_bytes(), "word/styles.xml")
    defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles).group(0)
    assert 'w:ascii="Times New Roman"' in defaults and '<w:sz w:val="28"/>' in defaults
    assert '<w:lang w:val="ru-RU"' in defaults
    assert 'w:line="240" w:lineRule="auto"' in defaults
    text = re.search(r'<w:style [^>]*w:styleId="DocText".*?</w:style>', styles).group(0)
    assert '<w:ind w:firstLine="709"/>' in text and '<w:jc w:val="both"/>' in text
    table = re.search(r'<w:style [^>]*w:styleId="TableText".*?</w:style>', styles).group(0)
    assert '<w:sz w:val="24"/>' in table
    executor = re.search(r'<w:style [^>]*w:styleId="Executor".*?</w:style>', styles).group(0)
    assert '<w:sz w:val="20"/>' in executor


def test_the_font_table_names_the_free_fallback_and_settings_have_no_rsids():
    data = template_path("order").read_bytes()
    assert '<w:font w:name="Times New Roman">\n    <w:altName w:val="Liberation Serif"/>' in \
        read_part(data, "word/fontTable.xml")
    assert "rsid" not in read_part(data, "word/settings.xml")
    assert "rsid" not in read_part(data, "word/document.xml")


def test_a_different_layout_builds_different_margins_and_font():
    layout = Layout.from_mapping({"margin_left_mm": 25, "font_name": "PT Astra Serif", "line_spacing": 1.5})
    xml = read_part(build_order(layout), "word/document.xml")
    assert f'w:left="{mm_to_twips(25)}"' in xml
    styles = read_part(build_order(layout), "word/styles.xml")
    assert 'w:ascii="PT Astra Serif"' in styles and 'w:line="360"' in styles


def test_unknown_layout_settings_are_refused_in_russian():
    with pytest.raises(ValueError, match="Неизвестные параметры оформления: margin_inner_mm"):
        Layout.from_mapping({"margin_inner_mm": 20})
    with pytest.raises(ValueError, match="Неизвестные параметры проверки"):
        LayoutRules.from_mapping({"fonts": []})
    assert LayoutRules.from_mapping({"allowed_fonts": ["Tinos"]}).allowed_fonts == ("Tinos",)


def test_roadmap_header_row_repeats_on_every_page_and_data_rows_do_not():
    xml = read_part(render(order_533()), "word/document.xml")
    table = next(t for t in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S) if "Срок исполнения" in t)
    rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.S)
    assert "<w:tblHeader/>" in rows[0] and "Ответственный исполнитель" in rows[0]
    assert not any("<w:tblHeader/>" in r for r in rows[1:])
    assert len(rows) == 1 + 2 + 17
    section = rows[1]
    assert '<w:gridSpan w:val="3"/>' in section and "<w:cantSplit/>" in section


def test_each_appendix_starts_on_a_new_page_with_its_mark_at_the_top_right():
    xml = read_part(render(order_533()), "word/document.xml")
    marks = re.findall(r"<w:p>(?:(?!</w:p>).)*Приложение \d.*?</w:p>", xml, re.S)
    assert len(marks) == 2
    for mark in marks:
        assert "<w:pageBreakBefore/>" in mark and '<w:pStyle w:val="AppendixMark"/>' in mark
    styles = read_part(render(order_533()), "word/styles.xml")
    mark_style = re.search(r'<w:style [^>]*w:styleId="AppendixMark".*?</w:style>', styles).group(0)
    assert f'w:left="{mm_to_twips(DEFAULT_LAYOUT.appendix_mark_indent_mm)}"' in mark_style


def test_a_draft_is_marked_project_at_the_top_right():
    xml = read_part(render(order_533(draft=True)), "word/document.xml")
    first = re.search(r"<w:p>.*?</w:p>", xml, re.S).group(0)
    assert "ПРОЕКТ" in first and '<w:jc w:val="right"/>' in first
    assert "ПРОЕКТ" not in read_part(render(order_533()), "word/document.xml")


# ------------------------------------------------------------------------------------------------ lint


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_built_in_templates_pass_the_lint(name):
    doc_type = name.removesuffix(".docx")
    assert lint_template((TEMPLATES_DIR / name).read_bytes(), doc_type) == []


def codes(problems) -> set[str]:
    return {p.code for p in problems}


def test_a_file_that_is_not_a_docx_is_refused():
    assert codes(lint_template(b"%PDF-1.4", "order")) == {"not_docx"}


@pytest.mark.parametrize(("paragraph", "code", "text"), [
    ("Номер {{ reg_number", "unbalanced_tag", "нет «}}»"),
    ("Номер reg_number }}", "unbalanced_tag", "Лишняя закрывающая скобка «}}»"),
    ("{% if draft %ПРОЕКТ", "unbalanced_tag", "нет «%}»"),
    ("{ { title } }", "split_tag", "Разорванный тег"),
])
def test_broken_tags_are_found_with_the_paragraph_they_are_in(paragraph, code, text):
    problems = lint_template(template_with_body("{{ title }}", paragraph), "order")
    assert code in codes(problems)
    assert any(text in p.message for p in problems)


def test_a_block_left_open_is_a_syntax_error():
    problems = lint_template(template_with_body("{{ title }}", "{% if draft %}ПРОЕКТ"), "order")
    assert codes(problems) == {"syntax"}
    assert "Ошибка в шаблоне" in problems[0].message


def test_an_injection_attempt_is_refused():
    problems = lint_template(template_with_body("{{ title.__class__.__mro__ }}"), "order")
    assert codes(problems) == {"security"}


def test_a_variable_outside_the_document_type_is_named():
    data = replace_in_part(template_path("order").read_bytes(), "word/document.xml", "{{ place }}",
                           "{{ place }} {{ director_phone }}")
    problems = lint_template(data, "order")
    assert codes(problems) == {"unknown_variable"}
    assert "«director_phone»" in problems[0].message and "reg_number" in problems[0].message


def test_a_template_of_another_type_does_not_fit():
    problems = lint_template(template_path("order").read_bytes(), "letter")
    assert {"unknown_variable", "missing_requisite"} <= codes(problems)


def test_required_requisites_of_the_type_must_be_placed():
    problems = lint_template(template_with_body("{{ title }}", "{{ signatory.name }}"), "order")
    missing = {p.message for p in problems if p.code == "missing_requisite"}
    assert any("«регистрационный номер» ({{ reg_number }})" in m for m in missing)
    assert any("«дата документа»" in m for m in missing)
    assert any("«пункты распорядительной части»" in m for m in missing)


def test_a_paragraph_loop_across_table_rows_must_be_a_row_loop():
    data = template_with_table(["№", "Мероприятие"], [["{% for r in app.rows %}{{ r.number }}", "{{ r.content }}"],
                                                     ["{% endfor %}", ""]])
    problems = lint_template(data, "order")
    assert "row_loop" in codes(problems)
    assert any("{%tr for … %}" in p.message for p in problems)


def test_a_row_tag_outside_a_table_is_found():
    problems = lint_template(template_with_body("{%tr for r in rows %}", "{%tr endfor %}"), "order")
    assert "row_loop" in codes(problems)


def test_a_misspelt_field_is_caught_by_the_trial_render():
    data = replace_in_part(template_path("order").read_bytes(), "word/document.xml", "{{ signatory.name }}",
                           "{{ signatory.nam }}")
    problems = lint_template(data, "order")
    assert codes(problems) == {"unknown_variable"}
    assert "«nam»" in problems[0].message


def test_a_template_breaking_the_layout_rules_is_reported_through_its_trial_document():
    data = replace_in_part(template_path("order").read_bytes(), "word/document.xml", 'w:left="1701"',
                           'w:left="567"')
    problems = lint_template(data, "order")
    assert codes(problems) == {"check_margins"}
    assert problems[0].message.startswith("Пробный документ: Левое поле 10 мм")


def test_unknown_doc_type_is_an_error():
    with pytest.raises(ValueError, match="Неизвестный тип документа"):
        lint_template(template_path("order").read_bytes(), "memo")
