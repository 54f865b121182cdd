"""Exported spreadsheets keep text as text: a point text that looks like a formula never becomes one."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from documents.spreadsheet import put


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("http://evil.example/","Отчёт")', "+7 900 000-00-00", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"],
)
def test_text_starting_like_a_formula_is_written_as_text(text: str) -> None:
    book = Workbook()
    put(book.active, 1, 1, text)
    buffer = io.BytesIO()
    book.save(buffer)
    sheet_xml = zipfile.ZipFile(io.BytesIO(buffer.getvalue())).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    read = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]
    assert read.value == text
    assert read.data_type == "s"


def test_numbers_and_ordinary_text_are_written_as_they_are() -> None:
    book = Workbook()
    put(book.active, 1, 1, 42)
    put(book.active, 1, 2, "Отдел общего образования")
    assert book.active["A1"].data_type == "n"
    assert book.active["B1"].value == "Отдел общего образования"
