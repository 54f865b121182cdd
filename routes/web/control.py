"""Control of execution: overdue, due soon, undated and on-review tables, the discipline summary, XLSX and DOCX.

The views are workflow.queries.control's (one statement each, through the user's visibility); the exports are
workflow.printing.control_reports', within what the user may see.
"""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from routes.web import bp
from routes.web.charts import Bar, Segment, StackedRow, bar_chart, stacked_chart
from routes.web.common import Pager, actor, get_db, int_arg, paging, parse_day
from workflow import clock
from workflow.errors import ValidationFailed
from workflow.printing.control_exports import ExportAsk, ReadyFile, export_control
from workflow.queries import control
from workflow.queries.exports import export_file, recent_exports
from workflow.settings import settings_of

SOURCE_KINDS = {
    "order": "приказ",
    "roadmap": "дорожная карта",
    "working_group": "рабочая группа",
    "cycle": "отчётность",
}


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
            exports=recent_exports(session, who),
            export_inline_rows=settings_of(session).export_inline_rows,
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


def _ask(fmt: str) -> ExportAsk:
    """The export the control page's query string describes."""
    group_by = request.args.get("group_by", "responsible")
    f, refused = _filters()
    if refused:
        flash(refused, "error")
    return ExportAsk(fmt, _view(), f, _working_days(), group_by if group_by in control.GROUP_BY else "responsible")


def _export(fmt: str) -> Response:
    result = export_control(get_db(), actor(), _ask(fmt))
    if isinstance(result, ReadyFile):
        return send_file(
            io.BytesIO(result.data), mimetype=result.content_type, as_attachment=True, download_name=result.filename
        )
    flash(
        f"Справка большая ({result.rows} поручений): она формируется в фоне и появится в списке «Экспорты» "
        "со ссылкой для скачивания.",
        "success",
    )
    query = request.query_string.decode()
    return redirect(url_for("web.control") + (f"?{query}" if query else ""), code=303)


@bp.route("/control/export.xlsx", methods=["GET", "POST"])
def control_xlsx() -> Response:
    """The current control view and the summary as an Excel workbook (a background export when large)."""
    return _export("xlsx")


@bp.route("/control/export.docx", methods=["GET", "POST"])
def control_docx() -> Response:
    """The справка о ходе исполнения of the current control view (a background export when large)."""
    return _export("docx")


@bp.get("/control/exports/<int:export_id>/file")
def control_export_file(export_id: int) -> Response:
    """The file of one of the user's finished exports."""
    with get_db().session() as session:
        stored = export_file(session, actor(), export_id)
        data, mimetype, name = stored.data, stored.content_type, stored.filename
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=name)
