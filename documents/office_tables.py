"""The table rows of an uploaded DOCX or XLSX, read with caps on rows and columns (run inside documents.untrusted)."""

from __future__ import annotations

import io
from datetime import date

from documents.untrusted import UnsafeFile

MAX_ROWS = 5000
MAX_COLUMNS = 64
# How many rows, empty ones included, may be scanned per allowed filled row.
EMPTY_ROWS_FACTOR = 4


def _too_many_rows(limit: int) -> UnsafeFile:
    return UnsafeFile(f"В таблице больше {limit} строк: разделите файл на части.", too_large=True)


def docx_rows(data: bytes, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> list[list[str]]:
    """Every table row of a DOCX as stripped cell texts, a merged cell once."""
    from docx import Document

    rows: list[list[str]] = []
    for table in Document(io.BytesIO(data)).tables:
        for row in table.rows:
            if len(rows) >= max_rows:
                raise _too_many_rows(max_rows)
            cells: list[str] = []
            seen: set[int] = set()
            for cell in row.cells[:max_columns]:
                # A merged cell is returned once per grid column it spans: keep it once.
                if id(cell._tc) in seen:
                    continue
                seen.add(id(cell._tc))
                cells.append(cell.text.strip())
            rows.append(cells)
    return rows


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def xlsx_rows(data: bytes, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> list[list[str]]:
    """The rows of the first sheet of an XLSX, streamed; the sheet's declared dimension is ignored."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        # A sheet may claim A1:XFD1048576 in a few bytes; openpyxl would pad every row to that width.
        sheet.reset_dimensions()
        rows: list[list[str]] = []
        filled = 0
        for scanned, values in enumerate(sheet.iter_rows(max_col=max_columns, values_only=True)):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            filled += any(cells)
            # Empty rows between filled ones are kept (they separate sections) but bounded too.
            if filled > max_rows:
                raise _too_many_rows(max_rows)
            if scanned >= EMPTY_ROWS_FACTOR * max_rows:
                raise UnsafeFile(
                    f"В таблице больше {EMPTY_ROWS_FACTOR * max_rows} строк, почти все пустые: "
                    "сохраните в файле только таблицу мероприятий.",
                    too_large=True,
                )
            rows.append(cells)
        # Trailing empty rows (formatting only) carry nothing.
        while rows and not any(rows[-1]):
            rows.pop()
        return rows
    finally:
        book.close()
