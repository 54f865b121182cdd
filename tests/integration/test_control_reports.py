"""The справка о ходе исполнения: a signed-ready DOCX and a working XLSX, for any filter of the control views."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from documents.checker import check_docx
from models.db import Database
from tests.integration.test_control import TODAY, YEAR, History, build_history
from workflow.errors import ValidationFailed
from workflow.printing.control_reports import ControlReportRequest, control_report_docx, control_report_xlsx
from workflow.queries.control import ControlFilter


@pytest.fixture
def history(db: Database) -> History:
    return build_history(db)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    # A non-breaking space («№\u00a01») reads as the space it shows.
    return "\n".join([p.text for p in document.paragraphs] + cells).replace("\u00a0", " ")


def test_the_docx_of_the_history_on_a_past_day_is_signed_ready(db: Database, history: History) -> None:
    request = ControlReportRequest(
        as_of=date(2027, 4, 23),
        date_from=YEAR[0],
        date_to=YEAR[1],
        signatory_id=history.office.p("head"),
        executor_id=history.office.p("executor"),
    )
    with db.session() as s:
        data = control_report_docx(s, request, today=TODAY)
    report = check_docx(data, "control_report")
    assert report.ok, str(report)
    text = _docx_text(data)
    assert "по состоянию на 23.04.2027" in text
    assert "МБОУ «СОШ № 1» (Куропаткина А.Н.)" in text and "МБОУ «СОШ № 2» (Лиджиев Б.Э.)" in text
    assert "Просроченные поручения на начало дня 23.04.2027" in text
    assert "Н.Е. Дереча" in text


def test_the_docx_of_an_empty_selection_is_still_a_proper_document(db: Database, history: History) -> None:
    request = ControlReportRequest(filters=ControlFilter(organization_id=history.office.orgs["other"]))
    with db.session() as s:
        data = control_report_docx(s, request, today=TODAY)
    assert check_docx(data, "control_report").ok
    assert "организация: Управление образования соседнего округа с подведомственными" in _docx_text(data)


def test_the_xlsx_lists_the_tasks_with_real_dates_under_a_frozen_filtered_header(
    db: Database, history: History
) -> None:
    request = ControlReportRequest(as_of=date(2027, 4, 23), date_from=YEAR[0], date_to=YEAR[1])
    with db.session() as s:
        data = control_report_xlsx(s, request, today=TODAY)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Поручения", "Сводка"]
    sheet = book["Поручения"]
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:L6"
    header = [c.value for c in sheet[4]]
    assert header[:6] == ["№", "Поручение", "Источник", "Исполнитель", "Контролёр", "Срок"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert [r[0] for r in rows] == [1, 2]
    assert {r[3] for r in rows} == {"МБОУ «СОШ № 1» (Куропаткина А.Н.)", "МБОУ «СОШ № 2» (Лиджиев Б.Э.)"}
    deadline = sheet["F5"]
    assert deadline.value == datetime(2027, 4, 20) and deadline.number_format == "DD.MM.YYYY"
    # The school that got its extension only later: today's deadline differs from the one in force that day.
    assert rows[0][6] is None and rows[0][9] == 3
    assert sheet["A5"].fill.fgColor.rgb.endswith("F8CBAD") and sheet["L5"].fill.fgColor.rgb.endswith("F8CBAD")


def test_the_xlsx_summary_sheet_has_a_row_per_group_and_the_total(db: Database, history: History) -> None:
    request = ControlReportRequest(group_by="organization", date_from=YEAR[0], date_to=YEAR[1])
    with db.session() as s:
        data = control_report_xlsx(s, request, today=TODAY)
    sheet = load_workbook(io.BytesIO(data))["Сводка"]
    assert sheet.freeze_panes == "A5"
    assert [c.value for c in sheet[4]][:3] == ["Организация-исполнитель", "Всего", "В срок"]
    rows = {row[0].value: [c.value for c in row[1:]] for row in sheet.iter_rows(min_row=5)}
    assert rows == {
        "Управление образования": [3, 0, 1, 0, 2, 1, 1, 0],
        "МБОУ «СОШ № 1»": [2, 1, 0, 1, 0, 2, 1, 0.5],
        "Итого": [5, 1, 1, 1, 2, 3, 2, pytest.approx(1 / 3)],
    }
    assert sheet["I5"].number_format == "0%"


def test_the_current_views_make_their_own_reports(db: Database, history: History) -> None:
    with db.session() as s:
        due = load_workbook(io.BytesIO(control_report_xlsx(s, ControlReportRequest(view="due_soon"), today=TODAY)))
        undated = control_report_docx(s, ControlReportRequest(view="without_date"), today=TODAY)
        with pytest.raises(ValidationFailed, match="view"):
            control_report_docx(s, ControlReportRequest(view="weather"))
    assert [c.value for c in due["Поручения"]["B"][4:]] == ["Направить сведения о кадрах."]
    assert check_docx(undated, "control_report").ok
    assert "Принять участие в семинаре." in _docx_text(undated)


def test_a_task_text_that_looks_like_a_formula_is_exported_as_text_not_as_a_live_formula(
    db: Database, history: History
) -> None:
    import zipfile

    from sqlalchemy import update

    from models import Task

    attack = '=HYPERLINK("http://evil.example/","Открыть отчёт")'
    with db.transaction() as s:
        s.execute(update(Task).values(title=attack))
    request = ControlReportRequest(as_of=date(2027, 4, 23), date_from=YEAR[0], date_to=YEAR[1])
    with db.session() as s:
        data = control_report_xlsx(s, request, today=TODAY)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    cell = load_workbook(io.BytesIO(data))["Поручения"]["B5"]
    assert cell.value == attack and cell.data_type == "s"
