"""Control of execution: overdue, due soon, undated and on-review tables, the discipline summary, XLSX and DOCX.

The views are workflow.queries.control's (one statement each, through the user's visibility); the exports are
workflow.printing.control_reports', within what the user may see.
"""

from __future__ import annotations

import io
from datetime import date

from flask import flash, render_template, request, send_file
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from routes.web import bp
from routes.web.charts import Bar, Segment, StackedRow, bar_chart, stacked_chart
from routes.web.common import Pager, actor, get_db, int_arg, paging, parse_day
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.errors import ValidationFailed
from workflow.printing.control_reports import ControlReportRequest, control_report_docx, control_report_xlsx
from workflow.queries import control
from workflow.services.documents import DOCX
from workflow.settings import settings_of

SOURCE_KINDS = {
    "order": "приказ",
    "roadmap": "дорожная карта",
    "working_group": "рабочая группа",
    "cycle": "отчётность",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def counters_chart(numbers: control.Counters, working_days: int | None = None) -> object:
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
    return view if view in control.VIEWS else "overdue"


def _working_days() -> int:
    default = settings_of(get_db()).remind_days
    return min(int_arg("days", default) or default, 60)


def _filters() -> tuple[control.ControlFilter, str | None]:
    """The filter of the query string, or none and why it was not applied."""
    source = request.args.get("source") or None
    # One source document (an order) narrows the view to its tasks, whatever kind was chosen beside it.
    document = int_arg("document")
    f = control.ControlFilter(
        responsible_person_id=int_arg("person_id"),
        responsible_org_id=int_arg("org_id"),
        source_kind="order" if document is not None else source if source in SOURCE_KINDS else None,
        source_id=document,
        date_from=parse_day(request.args.get("from")),
        date_to=parse_day(request.args.get("to")),
    )
    try:
        f.check()
    except ValidationFailed as exc:
        return control.ControlFilter(), f"Отбор не применён: {exc.message}"
    return f, None


@bp.get("/control", endpoint="control")
def control_page() -> str:
    """A control view with its filters and a page of rows."""
    who = actor()
    view, (f, refused), days = _view(), _filters(), _working_days()
    number, per_page = paging()
    with get_db().session() as session:
        rows = control.view_page(session, who, view, f, number, per_page, days)
        if refused:
            flash(refused, "error")
        return render_template(
            "control/index.html",
            view=view,
            rows=rows,
            pager=Pager(number, per_page, rows.total),
            f=f,
            days=days,
            counters=control.counters(session, who, days),
            source_kinds=SOURCE_KINDS,
            documents=control.source_documents(session, who, f.source_id),
            today=clock.today(),
            **control.filter_choices(session),
        )


@bp.get("/control/summary")
def control_summary() -> str:
    """Discipline per executor, organization or document, with a chart."""
    who = actor()
    group_by = request.args.get("group_by", "responsible")
    group_by = group_by if group_by in control.GROUP_BY else "responsible"
    start, end = parse_day(request.args.get("from")), parse_day(request.args.get("to"))
    reversed_period = bool(start and end and start > end)
    if reversed_period:
        start = end = None
    with get_db().session() as session:
        result = control.summary_for(session, who, group_by, start, end)
        if reversed_period:
            flash("Начало периода позже его конца: показаны все сроки.", "error")
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
    # Exactly what the user may see, as on the pages and in the API (and a 403 before anything else).
    scope = control.scope_of(session, who)
    group_by = request.args.get("group_by", "responsible")
    f, refused = _filters()
    if refused:
        flash(refused, "error")
    return ControlReportRequest(
        view=_view(),
        filters=f,
        working_days=_working_days(),
        review_days=settings_of(session).review_days,
        group_by=group_by if group_by in control.GROUP_BY else "responsible",
        organization_id=who.organization_id,
        scope=scope,
    )


def _file_name(suffix: str, today: date) -> str:
    return f"справка-{_view()}-{today:%Y-%m-%d}.{suffix}"


@bp.get("/control/export.xlsx")
def control_xlsx() -> Response:
    """The current control view and the summary as an Excel workbook."""
    who = actor()
    today = clock.today()
    with get_db().session() as session:
        data = control_report_xlsx(session, _export_request(session, who), today)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=_file_name("xlsx", today))


@bp.get("/control/export.docx")
def control_docx() -> Response:
    """The справка о ходе исполнения of the current control view."""
    who = actor()
    today = clock.today()
    with get_db().session() as session:
        data = control_report_docx(session, _export_request(session, who), today)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=_file_name("docx", today))
