"""The checker of ГОСТ Р 7.0.97-2025 names its edition; each defect of issue 14 makes a crafted document fail."""

from __future__ import annotations

import json

import pytest

from documents.checker import check_docx, main
from documents.examples import EXAMPLES
from documents.qr import add_qr_code
from documents.russian import NBSP
from tests.documents_fixtures import order_533, render, render_context, replace_in_part


@pytest.fixture(scope="module")
def good() -> bytes:
    return render(order_533())


def codes_of(data: bytes, **expect) -> set[str]:
    return check_docx(data, "order", expect).codes


def crafted(**changes) -> bytes:
    ctx = order_533().to_context()
    ctx.update(changes)
    return render_context("order", ctx)


def test_the_report_names_the_2025_edition(good, tmp_path, capsys):
    report = check_docx(good)
    assert report.edition == "ГОСТ Р 7.0.97-2025" and "ГОСТ Р 7.0.97-2025" in str(report)
    path = tmp_path / "order.docx"
    path.write_bytes(good)
    assert main([str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["edition"] == "ГОСТ Р 7.0.97-2025"


@pytest.mark.parametrize("doc_type", sorted(EXAMPLES))
def test_every_example_document_passes_the_2025_checker(doc_type):
    assert check_docx(render(EXAMPLES[doc_type]()), doc_type).ok


def test_a_breaking_space_after_the_number_sign_fails(good):
    assert "typography_nbsp" in codes_of(replace_in_part(good, "word/document.xml", f"№{NBSP}533", "№ 533"))


def test_a_breaking_space_between_initials_and_surname_fails(good):
    data = replace_in_part(good, "word/document.xml", f"Ушакову{NBSP}И.Г.", "Ушакову И.Г.")
    assert "typography_nbsp" in codes_of(data)


def test_straight_quotes_fail(good):
    data = replace_in_part(good, "word/document.xml", "«СОИРО»", '"СОИРО"')
    assert "typography_quotes" in codes_of(data)


def test_a_hyphen_between_words_fails():
    ctx = order_533().to_context()
    data = crafted(preamble=[*ctx["preamble"], "Информация"])
    data = replace_in_part(data, "word/document.xml", ">Информация<", ">Информация - отчёт<")
    assert "typography_dash" in codes_of(data)


def test_a_deadline_glued_to_the_point_fails():
    ctx = order_533().to_context()
    points = [*ctx["points"][:-1], {"number": "6.", "level": 1,
                                    "text": "Обеспечить мониторинг качества образования постоянно."}]
    assert "deadline_glued" in codes_of(crafted(points=points))


def test_a_capitalised_position_in_the_control_clause_fails():
    data = crafted(control_clause="6. Контроль за исполнением приказа возложить на Заместителя начальника "
                                  "управления образования Ушакову И.Г.")
    assert "control_clause_case" in codes_of(data)


def test_an_appendix_neither_named_in_the_text_nor_listed_fails():
    ctx = order_533().to_context()
    points = [dict(p, text=p["text"].replace(" (приложение 2)", "")) for p in ctx["points"]]
    data = crafted(points=points, appendix_note="")
    report = check_docx(data, "order")
    assert [p.message for p in report.problems if p.code == "appendix_unnamed"] == [
        "Приложение 2 не названо ни в тексте документа, ни в отметке о наличии приложения "
        "(«Приложение: … на N л. в 1 экз.»)"]
    listed = crafted(points=points, appendix_note="Приложение 2: состав рабочей группы на 1 л. в 1 экз.")
    assert check_docx(listed, "order").ok


def test_an_executor_mark_in_the_flow_of_text_fails(good):
    data = replace_in_part(good, "word/document.xml", 'w:yAlign="bottom"', 'w:yAlign="top"')
    assert "executor_mark" in codes_of(data)


def test_an_approved_order_without_its_qr_code_fails_and_with_it_passes(good):
    assert "qr_code" in codes_of(good, qr=True)
    stamped = add_qr_code(good, "https://prikaz.example/orders/1?n=533&d=30.11.2022&h=0123456789abcdef")
    assert check_docx(stamped, "order", {"qr": True}).ok
