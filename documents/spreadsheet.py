"""Cells of exported spreadsheets: text that looks like a formula stays text (no formula injection)."""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet

# A spreadsheet program reads a cell starting with one of these as a formula (or a DDE call), also after a
# tab or a carriage return; point texts and names are people's input and must never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether a string would be taken for a formula by a spreadsheet program."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Write a value into a cell; a string is always stored as a string, never as a formula."""
    cell = ws.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and cell.data_type != "s":
        # openpyxl marks a string starting with "=" as a formula; store it as the text it is.
        cell.data_type = "s"
    if is_formula_like(value):
        # The quote prefix keeps Excel and LibreOffice from re-reading the text as a formula on edit.
        cell.quotePrefix = True
    return cell
