"""The prepared, sandboxed renderer: every document type renders signed-ready, deterministically, with values
escaped, missing data named, headers filled, and preparation done once."""

from __future__ import annotations

import io
import os
import re
import zipfile

import docx
import pytest

import documents.render as render_module
from documents.checker import check_docx
from documents.contexts import template_path
from documents.render import (
    MissingVariableError,
    PreparedTemplate,
    RenderError,
    RenderMemoryError,
    RenderTimeoutError,
    TemplateSecurityError,
    clear_cache,
    prepare,
    render_docx,
    render_untrusted,
)
from documents.russian import typograph
from tests.documents_fixtures import (
    all_documents,
    full_text,
    order_533,
    paragraph_texts,
    read_part,
    render,
    render_context,
    simple_order,
    template_with_body,
    text_appendix,
)


@pytest.mark.parametrize("doc_type", sorted(all_documents()))
def test_every_document_type_renders_from_its_sample_and_is_signed_ready(doc_type):
    doc = all_documents()[doc_type]
    data = render(doc)
    report = check_docx(data, doc_type)
    assert report.ok, str(report)
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_order_533_prints_its_real_roadmap_rows_with_deadlines_verbatim():
    data = render(order_533())
    table = next(t for t in docx.Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text == "№")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["№", "Мероприятие (содержание деятельности)", "Срок исполнения", "Ответственный исполнитель"]
    assert rows[1][0] == "1." and rows[1][1] == "Механизмы управления качеством образовательных результатов"
    assert rows[2][0] == "1.1." and rows[2][1] == "Система оценки качества подготовки обучающихся"
    by_number = {r[0]: r for r in rows[3:]}
    assert by_number["1.1.2."][2] == "Сентябрь – октябрь 2022"
    assert by_number["1.1.3."][2] == "В соответствии с графиком проведения"
    assert by_number["1.1.8."][2] == "Ежегодно, июнь"
    assert by_number["1.1.19."][3] == "Отдел образования"
    assert list(by_number)[-2:] == ["1.1.18.", "1.1.19."]


def test_order_points_open_with_the_addressee_and_carry_the_deadline():
    text = full_text(render(order_533()))
    assert "3. Руководителям общеобразовательных организаций:" in text
    assert "3.2. представить в отдел образования информацию о ходе выполнения дорожной карты " \
           "до 01 апреля 2023 года." in text
    assert "5. Директору МБУ ДПО «СОИРО» Куропаткиной А.Н. создать рабочую группу по подготовке " \
           "аналитических материалов в срок до 28 марта 2023 года." in text
    assert "6. Контроль за исполнением приказа возложить на заместителя начальника управления образования " \
           "Ушакову И.Г." in text


def test_order_prints_requisites_in_gost_order():
    texts = [t for t in paragraph_texts(render(simple_order())) if t.strip()]
    order = ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "ПРИКАЗ", "24.03.2022\t№ 390", "г. Старый Оскол",
             "Об итогах проведения методического семинара для заместителей директоров",
             "п р и к а з ы в а ю:", "Начальник управления образования\tН.Е. Дереча"]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
    assert "3. Контроль за исполнением приказа оставляю за собой." in texts


def test_a_free_text_appendix_renders_on_its_own_page_with_a_single_mark():
    doc = simple_order(appendices=[text_appendix("Положение о рабочей группе",
                                                 ["1. Общие положения.", "2. Состав и порядок работы."])])
    data = render(doc)
    assert check_docx(data, expect={"appendices": 1}).ok
    texts = paragraph_texts(data)
    mark = texts.index("Приложение\nк приказу управления образования администрации Старооскольского городского "
                       "округа\nот 24.03.2022 № 390")
    assert texts[mark + 1:mark + 6] == ["", "Положение о рабочей группе", "", "1. Общие положения.",
                                        "2. Состав и порядок работы."]
    assert "Приложение: положение о рабочей группе." in texts


def test_the_same_document_renders_to_identical_bytes():
    doc = order_533()
    first = render(doc)
    clear_cache()
    second = render_docx(template_path("order"), doc.to_context())
    third = PreparedTemplate(template_path("order")).render(doc.to_context())
    assert first == second == third


def test_output_zip_has_fixed_timestamps_and_core_properties_from_the_document_date():
    data = render(simple_order())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert zf.namelist()[0] == "[Content_Types].xml"
    core = read_part(data, "docProps/core.xml")
    assert "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2022-03-24T00:00:00Z</dcterms:created>" in core
    assert "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2022-03-24T00:00:00Z</dcterms:modified>" in core
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == "Об итогах проведения методического семинара для заместителей директоров"


def test_a_document_without_a_date_gets_the_fixed_epoch():
    data = render(order_533(draft=True, reg_date=None, reg_number=None))
    assert "2000-01-01T00:00:00Z" in read_part(data, "docProps/core.xml")


def test_different_documents_render_differently():
    assert render(simple_order()) != render(simple_order(reg_number="391"))


@pytest.mark.parametrize("value", [
    "Тест & «кавычки» <тег> \"двойные\" 'одинарные'",
    "</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>жирный",
    "]]><!-- комментарий --><?xml version='1.0'?>",
    "{{ 7 * 7 }} и {% if true %}да{% endif %}",
])
def test_values_with_markup_render_literally_and_the_docx_still_opens(value):
    ctx = simple_order().to_context()
    ctx["title"] = "Об " + value
    data = render_context("order", ctx)
    texts = paragraph_texts(data)
    # Printed literally, with office typography only: straight quotes come out as «ёлочки».
    assert "Об " + typograph(value) in texts
    assert "49" not in "".join(texts)


def test_line_breaks_and_tabs_in_values_become_word_breaks_and_control_characters_vanish():
    ctx = simple_order().to_context()
    ctx["preamble"] = ["строка один\nстрока два\tпосле табуляции\x00\x07\x1b конец"]
    data = render_context("order", ctx)
    xml = read_part(data, "word/document.xml")
    assert "строка один</w:t><w:br/><w:t xml:space=\"preserve\">строка два</w:t><w:tab/>" in xml
    assert "строка один\nстрока два\tпосле табуляции конец" in paragraph_texts(data)


def test_none_renders_as_nothing_rather_than_the_word_none():
    data = render_docx(template_with_body("[{{ value }}]"), {"value": None})
    assert "[]" in paragraph_texts(data)


def test_a_missing_variable_is_an_error_naming_it():
    ctx = simple_order().to_context()
    del ctx["reg_number"]
    with pytest.raises(MissingVariableError, match="«reg_number»") as exc:
        render_context("order", ctx)
    assert exc.value.names == ["reg_number"]


def test_several_missing_variables_are_all_named():
    with pytest.raises(MissingVariableError) as exc:
        render_docx(template_with_body("{{ alpha }} {{ beta }}"), {})
    assert exc.value.names == ["alpha", "beta"]
    assert "которых нет в данных документа" in str(exc.value)


def test_a_missing_field_of_an_item_is_an_error_naming_the_field():
    with pytest.raises(MissingVariableError, match="«txt»"):
        render_docx(template_with_body("{%p for p in points %}", "{{ p.txt }}", "{%p endfor %}"),
                    {"points": [{"text": "один"}]})


def test_headers_are_rendered_too():
    data = render_docx(template_with_body("тело", header="Шапка: {{ title }}"), {"title": "Об итогах"})
    headers = [read_part(data, n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "header" in n]
    assert any("Шапка: Об итогах" in h for h in headers)
    assert not any("{{" in h for h in headers)


def test_preparation_patches_and_compiles_once_and_rendering_does_neither(monkeypatch):
    patched, compiled = [], []
    real_patch, real_compile = render_module._patch_xml, render_module._ENV.from_string
    monkeypatch.setattr(render_module, "_patch_xml", lambda s, xml: patched.append(1) or real_patch(s, xml))
    monkeypatch.setattr(render_module._ENV, "from_string", lambda src: compiled.append(1) or real_compile(src))
    prepared = PreparedTemplate(template_with_body("{{ title }}", header="{{ title }}"))
    assert (len(patched), len(compiled)) == (2, 2)  # the body and the header, each once
    for title in ("Об одном", "О другом", "О третьем"):
        prepared.render({"title": title})
    assert (len(patched), len(compiled)) == (2, 2)


def test_the_cache_returns_the_same_prepared_template_until_the_file_changes(tmp_path):
    path = tmp_path / "t.docx"
    path.write_bytes(template_with_body("{{ title }}"))
    first = prepare(path)
    assert prepare(path) is first
    assert prepare(path.read_bytes()) is prepare(path.read_bytes())
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert prepare(path) is not first


def test_a_template_syntax_error_is_reported_in_russian_with_the_text_near_it():
    with pytest.raises(RenderError, match="Ошибка в шаблоне") as exc:
        PreparedTemplate(template_with_body("Заголовок {{ title }}", "{% if draft %}без конца"))
    assert "без конца" in str(exc.value)


def test_a_file_that_is_not_a_docx_is_refused():
    with pytest.raises(RenderError, match="не является документом DOCX"):
        PreparedTemplate(b"not a zip at all")


def test_untrusted_rendering_returns_the_same_document_as_trusted():
    doc = simple_order()
    template = template_path("order").read_bytes()
    assert render_untrusted(template, doc.to_context()) == render(doc)


def test_untrusted_rendering_is_stopped_at_the_timeout():
    template = template_with_body("{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}"
                                  "{% endfor %}{% endfor %}")
    with pytest.raises(RenderTimeoutError, match="дольше 1 с"):
        render_untrusted(template, {}, timeout_s=1)


def test_untrusted_rendering_is_stopped_at_the_memory_limit():
    template = template_with_body("{% set s = range(99999)|join(',') %}{% for i in range(99999) %}{{ s }}"
                                  "{% endfor %}")
    with pytest.raises(RenderMemoryError, match="памяти"):
        render_untrusted(template, {}, timeout_s=30, memory_mb=256)


def test_untrusted_rendering_reports_missing_variables_and_forbidden_code():
    with pytest.raises(MissingVariableError) as exc:
        render_untrusted(template_with_body("{{ nope }}"), {})
    assert exc.value.names == ["nope"]
    with pytest.raises(TemplateSecurityError):
        render_untrusted(template_with_body("{{ ''.__class__ }}"), {})


def test_the_rendered_order_keeps_page_number_field_in_the_default_header():
    data = render(simple_order())
    headers = {n: read_part(data, n) for n in zipfile.ZipFile(io.BytesIO(data)).namelist()
               if re.fullmatch(r"word/header\d+\.xml", n)}
    assert sum(" PAGE " in h for h in headers.values()) == 1
