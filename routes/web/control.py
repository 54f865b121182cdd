"""Control of execution: overdue, due soon, undated and on-review tables, the discipline summary, XLSX and DOCX.

The views are workflow.queries.control's (one statement each, through the user's visibility); the exports are
workflow.printing.control_reports', within what the user may see.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import flash, render_template, request, send_file
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from models import Organization, Person
from routes.web import bp
from routes.web.charts import Bar, Segment, StackedRow, bar_chart, stacked_chart
from routes.web.common import Pager, get_db, int_arg, paging, parse_day, require_role
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import ValidationFailed
from workflow.printing.control_reports import ControlReportRequest, control_report_docx, control_report_xlsx
from workflow.queries import control
from workflow.services.documents import DOCX
from workflow.services.visibility import Visibility
from workflow.settings import settings_of

CONTROL_ROLES = ("controller", "head", "admin")
VIEWS = ("overdue", "due_soon", "without_date", "on_review")
SOURCE_KINDS = {
    "order": "приказ",
    "roadmap": "дорожная карта",
    "working_group": "рабочая группа",
    "cycle": "отчётность",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REVIEW_DAYS = 0


@dataclass(frozen=True)
class Counters:
    """The controller's four numbers."""

    overdue: int
    due_soon: int
    without_date: int
    on_review: int


def scope_of(session: Session, who: Actor) -> ColumnElement[bool] | None:
    """The tasks the user may see, as the control views' extra condition (none for an administrator)."""
    return None if who.has("admin") else Visibility(session, who).tasks()


def view_page(
    session: Session,
    who: Actor,
    view: str,
    filters: control.ControlFilter,
    number: int = 1,
    per_page: int = 25,
    working_days: int | None = None,
) -> control.Page[control.TaskRow]:
    """One page of a control view, through the user's visibility (due soon: the office's N days by default)."""
    scope = scope_of(session, who)
    if working_days is None:
        working_days = settings_of(session).remind_days
    if view == "overdue":
        return control.overdue(session, filters, page=number, per_page=per_page, scope=scope)
    if view == "due_soon":
        return control.due_soon(session, filters, working_days, page=number, per_page=per_page, scope=scope)
    if view == "without_date":
        return control.without_date(session, filters, page=number, per_page=per_page, scope=scope)
    return control.on_review_too_long(session, filters, REVIEW_DAYS, page=number, per_page=per_page, scope=scope)


def counters(session: Session, who: Actor, working_days: int | None = None) -> Counters:
    """How many tasks each control view holds for this user."""
    f = control.ControlFilter()
    totals = [view_page(session, who, view, f, 1, 1, working_days).total for view in VIEWS]
    return Counters(*totals)


def counters_chart(numbers: Counters, working_days: int | None = None) -> object:
    """The controller's counters as bars."""
    if working_days is None:
        working_days = settings_of(get_db()).remind_days
    return bar_chart(
        [
            Bar("Просрочено", numbers.overdue, "bar-overdue"),
            Bar(f"Срок в ближайшие {working_days} раб. дн.", numbers.due_soon, "bar-soon"),
            Bar("Без срока", numbers.without_date, "bar-undated"),
            Bar("На проверке", numbers.on_review, "bar-review"),
        ],
        "Поручения на контроле",
    )


def discipline_chart(summary: control.Summary, label: str) -> object:
    """Discipline per group as stacked bars: on time, late, overdue, in work."""
    rows = [
        StackedRow(
            row.label,
            [
                Segment("в срок", row.done_on_time, "seg-on-time"),
                Segment("с опозданием", row.done_late, "seg-late"),
                Segment("просрочено", row.overdue, "seg-overdue"),
                Segment("в работе", row.in_work, "seg-in-work"),
            ],
        )
        for row in summary.rows[:15]
    ]
    return stacked_chart(rows, label)


def _view() -> str:
    view = request.args.get("view", "overdue")
    return view if view in VIEWS else "overdue"


def _working_days() -> int:
    default = settings_of(get_db()).remind_days
    return min(int_arg("days", default) or default, 60)


def _filters() -> control.ControlFilter:
    source = request.args.get("source") or None
    f = control.ControlFilter(
        responsible_person_id=int_arg("person_id"),
        responsible_org_id=int_arg("org_id"),
        source_kind=source if source in SOURCE_KINDS else None,
        date_from=parse_day(request.args.get("from")),
        date_to=parse_day(request.args.get("to")),
    )
    try:
        f.check()
    except ValidationFailed as exc:
        flash(f"Отбор не применён: {exc.message}", "error")
        return control.ControlFilter()
    return f


def _choices(session: Session) -> dict[str, Any]:
    orgs = session.execute(
        select(Organization.id, Organization.short_name, Organization.name).order_by(Organization.id)
    )
    people = session.scalars(select(Person).order_by(Person.last_name, Person.first_name))
    return {
        "organizations": [(oid, short or name) for oid, short, name in orgs],
        "people": [(p.id, p.name_initials) for p in people],
    }


@bp.get("/control", endpoint="control")
def control_page() -> str:
    """A control view with its filters and a page of rows."""
    who = require_role(*CONTROL_ROLES)
    view, f, days = _view(), _filters(), _working_days()
    number, per_page = paging()
    with get_db().session() as session:
        rows = view_page(session, who, view, f, number, per_page, days)
        return render_template(
            "control/index.html",
            view=view,
            rows=rows,
            pager=Pager(number, per_page, rows.total),
            f=f,
            days=days,
            counters=counters(session, who, days),
            source_kinds=SOURCE_KINDS,
            today=clock.today(),
            **_choices(session),
        )


@bp.get("/control/summary")
def control_summary() -> str:
    """Discipline per executor, organization or document, with a chart."""
    who = require_role(*CONTROL_ROLES)
    group_by = request.args.get("group_by", "responsible")
    group_by = group_by if group_by in control.GROUP_BY else "responsible"
    start, end = parse_day(request.args.get("from")), parse_day(request.args.get("to"))
    if start and end and start > end:
        flash("Начало периода позже его конца: показаны все сроки.", "error")
        start = end = None
    with get_db().session() as session:
        result = control.summary(session, group_by, start, end, scope=scope_of(session, who))
        label = f"Исполнительская дисциплина: {control.GROUP_LABELS[group_by].lower()}"
        return render_template(
            "control/summary.html",
            summary=result,
            chart=discipline_chart(result, label) if result.rows else None,
            group_by=group_by,
            groupings=control.GROUP_LABELS,
            start=start,
            end=end,
        )


def _export_request(session: Session, who: Actor) -> ControlReportRequest:
    group_by = request.args.get("group_by", "responsible")
    return ControlReportRequest(
        view=_view(),
        filters=_filters(),
        working_days=_working_days(),
        review_days=REVIEW_DAYS,
        group_by=group_by if group_by in control.GROUP_BY else "responsible",
        organization_id=who.organization_id,
        # Exactly what the user may see, as on the pages and in the API.
        scope=scope_of(session, who),
    )


def _file_name(suffix: str, today: date) -> str:
    return f"справка-{_view()}-{today:%Y-%m-%d}.{suffix}"


@bp.get("/control/export.xlsx")
def control_xlsx() -> Response:
    """The current control view and the summary as an Excel workbook."""
    who = require_role(*CONTROL_ROLES)
    today = clock.today()
    with get_db().session() as session:
        data = control_report_xlsx(session, _export_request(session, who), today)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=_file_name("xlsx", today))


@bp.get("/control/export.docx")
def control_docx() -> Response:
    """The справка о ходе исполнения of the current control view."""
    who = require_role(*CONTROL_ROLES)
    today = clock.today()
    with get_db().session() as session:
        data = control_report_docx(session, _export_request(session, who), today)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=_file_name("docx", today))
