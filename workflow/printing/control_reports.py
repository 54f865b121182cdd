"""Справка о ходе исполнения: the control views and the discipline summary as DOCX and XLSX.

Reads models through workflow.queries.control, never changes them. The DOCX goes through the ГОСТ template of
`control_report`; the XLSX is a working table for the controller: a frozen header, filters, real dates, the
overdue rows highlighted, and the summary on a sheet of its own.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from documents import render_document
from documents.contexts import (
    ControlReportDoc,
    ControlSummaryRowDoc,
    ControlTaskDoc,
    ExecutorMarkDoc,
    SignatureDoc,
)
from documents.spreadsheet import put
from models import Order, Organization, Person, ReportingCycle, ReportingPeriod, Roadmap, WorkingGroup
from workflow import clock
from workflow.errors import NotFound, field_error
from workflow.printing.contexts import TASK_STATES, organization_doc, person_doc
from workflow.queries.control import (
    GROUP_LABELS,
    ControlFilter,
    Page,
    Summary,
    TaskRow,
    due_soon,
    on_review_too_long,
    overdue,
    source_text,
    summary,
    without_date,
)
from workflow.settings import DEFAULTS

VIEWS = ("overdue", "due_soon", "without_date", "on_review")
VIEW_TITLES = {
    "overdue": "просроченные поручения",
    "due_soon": "поручения со сроком в ближайшие рабочие дни",
    "without_date": "поручения без установленного срока",
    "on_review": "отчёты, ожидающие проверки",
}
GROUP_WORDS = {"responsible": "по исполнителям", "organization": "по организациям", "source": "по документам"}
# A справка of more rows nobody reads on paper; the spreadsheet takes the whole list up to this.
DOCX_MAX_TASKS = 300
XLSX_MAX_TASKS = 100_000
PAGE = 500
DATE_FORMAT = "DD.MM.YYYY"


@dataclass(frozen=True)
class ControlReportRequest:
    """What the справка shows: one control view with its filter, and the summary over a period."""

    view: str = "overdue"
    filters: ControlFilter = field(default_factory=ControlFilter)
    # The overdue view as of the start of a past day, from the history; None is now.
    as_of: date | None = None
    working_days: int = DEFAULTS.remind_days
    review_days: int = DEFAULTS.review_days
    group_by: str = "responsible"
    # The summary's period of deadlines; the filter's period when not given.
    date_from: date | None = None
    date_to: date | None = None
    # The organization in the heading: the filter's organization, else the topmost one.
    organization_id: int | None = None
    signatory_id: int | None = None
    executor_id: int | None = None
    # What the requesting user may see (a condition on tasks); None for everything (CLI, tests).
    scope: Any = None


@dataclass
class ControlReportData:
    """The rows of the справка, read once for both formats."""

    day: date
    tasks: list[TaskRow]
    total: int
    summary: Summary
    description: str
    heading: Organization
    signatory: Person | None = None
    executor: Person | None = None


def _fetch(fetch: Callable[[int], Page[TaskRow]], limit: int) -> tuple[list[TaskRow], int]:
    rows: list[TaskRow] = []
    number, total = 1, 0
    while len(rows) < limit:
        page = fetch(number)
        rows += page.items
        total = page.total
        if number >= page.pages:
            break
        number += 1
    return rows[:limit], total


def collect(
    session: Session, request: ControlReportRequest, limit: int, today: date | None = None
) -> ControlReportData:
    """Read the view's tasks (up to `limit`), the summary and the names the справка prints."""
    if request.view not in VIEWS:
        raise field_error("view", f"допустимые значения: {', '.join(VIEWS)}.")
    day = today or clock.today()
    f = request.filters
    fetchers: dict[str, Callable[[int], Page[TaskRow]]] = {
        "overdue": lambda n: overdue(session, f, request.as_of, n, PAGE, request.scope, day),
        "due_soon": lambda n: due_soon(session, f, request.working_days, n, PAGE, request.scope, day),
        "without_date": lambda n: without_date(session, f, n, PAGE, request.scope),
        "on_review": lambda n: on_review_too_long(session, f, request.review_days, n, PAGE, request.scope),
    }
    tasks, total = _fetch(fetchers[request.view], limit)
    report_day = request.as_of if request.view == "overdue" and request.as_of else day
    period_from = request.date_from or f.date_from
    period_to = request.date_to or f.date_to
    # The summary is of the tasks' state now, whatever day the list is of.
    groups = summary(session, request.group_by, period_from, period_to, f, scope=request.scope, today=day)
    return ControlReportData(
        day=report_day,
        tasks=tasks,
        total=total,
        summary=groups,
        description=describe(session, request, len(tasks), total, day),
        heading=_heading(session, request.organization_id or f.organization_id),
        signatory=_person(session, request.signatory_id),
        executor=_person(session, request.executor_id),
    )


def _heading(session: Session, org_id: int | None) -> Organization:
    if org_id is not None:
        org = session.get(Organization, org_id)
        if org is None:
            raise NotFound(f"Организация № {org_id} не найдена.")
        return org
    top = session.scalar(select(Organization).where(Organization.parent_id.is_(None)).order_by(Organization.id))
    if top is None:
        raise NotFound("В справочнике нет ни одной организации.")
    return top


def _person(session: Session, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"Сотрудник № {person_id} не найден.")
    return person


def _source_name(session: Session, kind: str, source_id: int | None) -> str:
    if source_id is None:
        words = {"order": "приказы", "roadmap": "дорожные карты", "working_group": "рабочие группы"}
        return words.get(kind, "отчётность")
    if kind == "order":
        order = session.get(Order, source_id)
        return source_text("order", "", order.kind, order.reg_number, order.reg_date, order.title) if order else ""
    if kind == "roadmap":
        roadmap = session.get(Roadmap, source_id)
        return source_text("roadmap", "", title=roadmap.title) if roadmap else ""
    if kind == "working_group":
        group = session.get(WorkingGroup, source_id)
        return source_text("working_group", "", title=group.name) if group else ""
    if kind == "reporting_period":
        period = session.get(ReportingPeriod, source_id)
        cycle = period.cycle if period else None
        return f"{source_text('reporting', '', title=cycle.title)}, {period.label}" if period and cycle else ""
    cycle = session.get(ReportingCycle, source_id)
    return source_text("reporting", "", title=cycle.title) if cycle else ""


def describe(session: Session, request: ControlReportRequest, shown: int, total: int, today: date) -> str:
    """The filter in words: «Организация: …; исполнитель: …; период: …; группировка по исполнителям.»"""
    f = request.filters
    parts: list[str] = []
    if request.view == "overdue" and request.as_of:
        parts.append(f"Просроченные поручения на начало дня {request.as_of:%d.%m.%Y} (по истории сроков и исполнения)")
    elif request.view == "due_soon":
        days = _plural(request.working_days, "рабочий день", "рабочих дня", "рабочих дней")
        parts.append(f"Поручения со сроком от сегодняшнего дня и не позднее чем через {days}")
    elif request.view == "on_review":
        parts.append(f"Отчёты, ожидающие проверки более {_plural(request.review_days, 'дня', 'дней', 'дней')}")
    else:
        parts.append(VIEW_TITLES[request.view].capitalize())
    if f.organization_id is not None:
        org = session.get(Organization, f.organization_id)
        name = (org.short_name or org.name) if org else f"№ {f.organization_id}"
        parts.append(f"организация: {name}" + (" с подведомственными" if f.with_subordinates else ""))
    if f.responsible_org_id is not None:
        org = session.get(Organization, f.responsible_org_id)
        parts.append(f"исполнитель: {(org.short_name or org.name) if org else f.responsible_org_id}")
    if f.responsible_person_id is not None:
        person = session.get(Person, f.responsible_person_id)
        parts.append(f"исполнитель: {person.name_initials if person else f.responsible_person_id}")
    if f.controller_id is not None:
        person = session.get(Person, f.controller_id)
        parts.append(f"контролёр: {person.name_initials if person else f.controller_id}")
    if f.source_kind is not None:
        parts.append(f"источник: {_source_name(session, f.source_kind, f.source_id)}")
    period = _period_text(request.date_from or f.date_from, request.date_to or f.date_to)
    if period:
        parts.append(f"срок исполнения {period}")
    parts.append(f"сводка {GROUP_WORDS[request.group_by]}" + (f" на {today:%d.%m.%Y}" if request.as_of else ""))
    text = "; ".join(parts) + "."
    if shown < total:
        text += f" Показаны первые {shown} из {total} поручений."
    return text


def _plural(n: int, one: str, few: str, many: str) -> str:
    # «1 рабочий день», «3 рабочих дня», «5 рабочих дней», «21 рабочий день».
    if n % 10 == 1 and n % 100 != 11:
        return f"{n} {one}"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return f"{n} {few}"
    return f"{n} {many}"


def _period_text(start: date | None, end: date | None) -> str:
    if start and end:
        return f"с {start:%d.%m.%Y} по {end:%d.%m.%Y}"
    if start:
        return f"с {start:%d.%m.%Y}"
    if end:
        return f"по {end:%d.%m.%Y}"
    return ""


# ------------------------------------------------------------------------------------------------ DOCX


def report_doc(data: ControlReportData, group_by: str) -> ControlReportDoc:
    """The document dataclass of the справка."""
    tasks = [
        ControlTaskDoc(
            title=t.title,
            source=t.source,
            executor=t.responsible,
            deadline=t.deadline,
            deadline_text=t.deadline_text or None,
            state=TASK_STATES.get(t.state, t.state),
            days_overdue=t.days_overdue,
        )
        for t in data.tasks
    ]
    rows = [
        ControlSummaryRowDoc(
            group=s.label,
            total=s.total,
            done_on_time=s.done_on_time,
            done_late=s.done_late,
            overdue=s.overdue,
            in_work=s.in_work,
            extensions=s.extensions_granted,
            on_time_rate=s.on_time_rate,
        )
        for s in data.summary.rows
    ]
    signature = None
    if data.signatory is not None:
        signature = SignatureDoc(person_doc(data.signatory), position=data.signatory.position or None)
    mark = ExecutorMarkDoc.from_person(person_doc(data.executor)) if data.executor is not None else None
    return ControlReportDoc(
        organization=organization_doc(data.heading),
        as_of=data.day,
        filter_description=data.description,
        group_label=GROUP_LABELS[group_by],
        tasks=tasks,
        summary=rows,
        signature=signature,
        executor=mark,
    )


def control_report_docx(
    session: Session, request: ControlReportRequest = ControlReportRequest(), today: date | None = None
) -> bytes:
    """The справка as a signed-ready DOCX (the first DOCX_MAX_TASKS tasks, the summary in full)."""
    data = collect(session, request, DOCX_MAX_TASKS, today)
    return render_document(report_doc(data, request.group_by))


# ------------------------------------------------------------------------------------------------ XLSX

HEAD_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
OVERDUE_FILL = PatternFill("solid", fgColor="F8CBAD")
TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top")
# The header row of both tables: a title and the filter's description above it.
HEAD_ROW = 4

TASK_COLUMNS: list[tuple[str, int]] = [
    ("№", 6),
    ("Поручение", 48),
    ("Источник", 36),
    ("Исполнитель", 30),
    ("Контролёр", 18),
    ("Срок", 12),
    ("Первоначальный срок", 14),
    ("Срок (как указан)", 22),
    ("Состояние", 14),
    ("Просрочка, дней", 11),
    ("Доложено", 12),
    ("Исполнено", 12),
]
SUMMARY_COLUMNS: list[tuple[str, int]] = [
    ("", 44),
    ("Всего", 9),
    ("В срок", 9),
    ("С нарушением срока", 12),
    ("Просрочено", 11),
    ("В работе", 10),
    ("Запрошено переносов", 12),
    ("Перенесено сроков", 12),
    ("Доля в срок", 10),
]


# Data cells take one of a few named styles: assigning a style by name is several times cheaper in openpyxl than
# assigning font, fill, border and alignment cell by cell, which matters at tens of thousands of rows.
TASK_CELL_KINDS = ("center", "text", "text", "text", "text", "date", "date", "text", "text", "center", "date", "date")
CELL_STYLES = {"text": (WRAP, "General"), "center": (CENTER, "General"), "date": (CENTER, DATE_FORMAT)}


def _style(kind: str, late: bool) -> str:
    return f"Справка: {kind}{' (просрочено)' if late else ''}"


def _register_styles(workbook: Workbook) -> None:
    for kind, (alignment, number_format) in CELL_STYLES.items():
        for late in (False, True):
            style = NamedStyle(name=_style(kind, late), alignment=alignment, border=BORDER, number_format=number_format)
            if late:
                style.fill = OVERDUE_FILL
            workbook.add_named_style(style)


def _local(moment: datetime | None) -> date | None:
    return clock.local_date(moment) if moment is not None else None


def _title(ws: Worksheet, title: str, description: str, width: int) -> None:
    put(ws, 1, 1, title).font = TITLE_FONT
    put(ws, 2, 1, description).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws.row_dimensions[2].height = 45


def _header(ws: Worksheet, columns: list[tuple[str, int]]) -> None:
    for number, (name, width) in enumerate(columns, start=1):
        cell = put(ws, HEAD_ROW, number, name)
        cell.font, cell.fill, cell.border = HEAD_FONT, HEAD_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.column_dimensions[get_column_letter(number)].width = width
    ws.row_dimensions[HEAD_ROW].height = 32
    ws.freeze_panes = f"A{HEAD_ROW + 1}"


def _tasks_sheet(ws: Worksheet, data: ControlReportData) -> None:
    ws.title = "Поручения"
    _title(ws, f"Справка о ходе исполнения поручений по состоянию на {data.day:%d.%m.%Y}", data.description,
           len(TASK_COLUMNS))  # fmt: skip
    _header(ws, TASK_COLUMNS)
    for index, t in enumerate(data.tasks, start=1):
        values: list[Any] = [
            index,
            t.title,
            t.source,
            t.responsible,
            t.controller,
            t.deadline,
            t.original_deadline if t.original_deadline != t.deadline else None,
            t.deadline_text,
            TASK_STATES.get(t.state, t.state),
            t.days_overdue or None,
            _local(t.reported_at),
            _local(t.done_at),
        ]
        late = t.days_overdue > 0
        for column, (value, kind) in enumerate(zip(values, TASK_CELL_KINDS, strict=True), start=1):
            put(ws, HEAD_ROW + index, column, value).style = _style(kind, late)
    last = HEAD_ROW + max(len(data.tasks), 1)
    ws.auto_filter.ref = f"A{HEAD_ROW}:{get_column_letter(len(TASK_COLUMNS))}{last}"
    ws.print_title_rows = f"{HEAD_ROW}:{HEAD_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if ws.sheet_properties.pageSetUpPr is not None:
        ws.sheet_properties.pageSetUpPr.fitToPage = True


def _summary_sheet(ws: Worksheet, data: ControlReportData, group_by: str) -> None:
    period = _period_text(data.summary.date_from, data.summary.date_to) or "за всё время"
    _title(ws, f"Исполнительская дисциплина {GROUP_WORDS[group_by]}", f"Срок исполнения {period}; "
           f"просрочено и в работе — на {data.summary.today:%d.%m.%Y}.", len(SUMMARY_COLUMNS))  # fmt: skip
    columns = [(GROUP_LABELS[group_by], SUMMARY_COLUMNS[0][1]), *SUMMARY_COLUMNS[1:]]
    _header(ws, columns)
    rows = [*data.summary.rows, data.summary.overall]
    for index, s in enumerate(rows, start=1):
        values: list[Any] = [
            s.label,
            s.total,
            s.done_on_time,
            s.done_late,
            s.overdue,
            s.in_work,
            s.extensions_requested,
            s.extensions_granted,
            s.on_time_rate,
        ]
        total = index == len(rows)
        for column, value in enumerate(values, start=1):
            cell = put(ws, HEAD_ROW + index, column, value)
            cell.border = BORDER
            cell.alignment = WRAP if column == 1 else CENTER
            if column == len(values):
                cell.number_format = "0%"
            if total:
                cell.font, cell.fill = HEAD_FONT, TOTAL_FILL
            elif column == 5 and s.overdue:
                cell.fill = OVERDUE_FILL
    # The filter covers the groups, not the total under them.
    last = HEAD_ROW + max(len(data.summary.rows), 1)
    ws.auto_filter.ref = f"A{HEAD_ROW}:{get_column_letter(len(columns))}{last}"
    _signature_rows(ws, data, HEAD_ROW + len(rows) + 2, len(columns))


SMALL_FONT = Font(size=9)


def _signature_rows(ws: Worksheet, data: ControlReportData, row: int, width: int) -> None:
    """The signature (position, «И.О. Фамилия») and the executor mark under the table, as on the DOCX справка."""
    if data.signatory is not None:
        signature = SignatureDoc(person_doc(data.signatory), position=data.signatory.position or None).to_context()
        put(ws, row, 1, signature["position"]).alignment = WRAP
        put(ws, row, width, signature["name"])
        row += 2
    if data.executor is not None:
        mark = ExecutorMarkDoc.from_person(person_doc(data.executor)).to_context()
        for line in (mark["name"], mark["phone"]):
            if line:
                put(ws, row, 1, line).font = SMALL_FONT
                row += 1


def control_report_xlsx(
    session: Session, request: ControlReportRequest = ControlReportRequest(), today: date | None = None
) -> bytes:
    """The справка as an XLSX workbook: the tasks (up to XLSX_MAX_TASKS) and the summary sheet."""
    data = collect(session, request, XLSX_MAX_TASKS, today)
    workbook = Workbook()
    _register_styles(workbook)
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook starts with one worksheet
    _tasks_sheet(sheet, data)
    _summary_sheet(workbook.create_sheet("Сводка"), data, request.group_by)
    workbook.properties.creator = "prikaz"
    workbook.properties.title = f"Справка о ходе исполнения на {data.day:%d.%m.%Y}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
