"""Control calls of API.md: overdue (also as of a past day), due soon, undated, long on review, the discipline
summary, and the справка о ходе исполнения as XLSX and DOCX — always within what the user may see."""

from __future__ import annotations

from typing import Any

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, get_db, load_args
from routes.api.docs import doc
from routes.api.documents import send_file
from routes.schemas.control import (
    ControlFilterQuery,
    ControlTaskPageSchema,
    DueSoonQuery,
    OnReviewQuery,
    OverdueQuery,
    ReportQuery,
    SummaryQuery,
    SummarySchema,
)
from workflow import clock
from workflow.printing.control_reports import ControlReportRequest, control_report_docx, control_report_xlsx
from workflow.queries import control
from workflow.services.documents import DOCX, FileOut

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = ControlTaskPageSchema()


def _page(result: control.Page[Any]) -> Response:
    return answer(
        PAGE.dump({"items": result.items, "total": result.total, "page": result.page, "per_page": result.per_page})
    )


@bp.get("/control/overdue")
@doc(
    "Контроль: просроченные поручения",
    "control",
    query=OverdueQuery,
    response=ControlTaskPageSchema,
    errors=(401, 403, 422),
    description="Самые просроченные первыми; as_of — на начало прошедшего дня, по истории.",
)
def control_overdue() -> Response:
    """Overdue tasks, most overdue first."""
    args = load_args(OverdueQuery())
    with get_db().session() as session:
        return _page(
            control.view_page(
                session,
                current_actor(),
                "overdue",
                args["filters"],
                args["page"],
                args["per_page"],
                as_of=args.get("as_of"),
            )
        )


@bp.get("/control/due-soon")
@doc(
    "Контроль: срок в ближайшие N рабочих дней",
    "control",
    query=DueSoonQuery,
    response=ControlTaskPageSchema,
    errors=(401, 403, 422),
)
def control_due_soon() -> Response:
    """Open tasks due within N working days."""
    args = load_args(DueSoonQuery())
    with get_db().session() as session:
        return _page(
            control.view_page(
                session,
                current_actor(),
                "due_soon",
                args["filters"],
                args["page"],
                args["per_page"],
                working_days=args["working_days"],
            )
        )


@bp.get("/control/without-date")
@doc(
    "Контроль: срок не определён",
    "control",
    query=ControlFilterQuery,
    response=ControlTaskPageSchema,
    errors=(401, 403, 422),
)
def control_without_date() -> Response:
    """Open tasks whose deadline a person still has to set."""
    args = load_args(ControlFilterQuery())
    with get_db().session() as session:
        return _page(
            control.view_page(session, current_actor(), "without_date", args["filters"], args["page"], args["per_page"])
        )


@bp.get("/control/on-review")
@doc(
    "Контроль: на проверке дольше N дней",
    "control",
    query=OnReviewQuery,
    response=ControlTaskPageSchema,
    errors=(401, 403, 422),
)
def control_on_review() -> Response:
    """Reports waiting for the controller longer than N days."""
    args = load_args(OnReviewQuery())
    with get_db().session() as session:
        return _page(
            control.view_page(
                session,
                current_actor(),
                "on_review",
                args["filters"],
                args["page"],
                args["per_page"],
                review_days=args["days"],
            )
        )


@bp.get("/control/summary")
@doc(
    "Контроль: исполнительская дисциплина",
    "control",
    query=SummaryQuery,
    response=SummarySchema,
    errors=(401, 403, 422),
)
def control_summary() -> Response:
    """Per responsible, organization or source: total, on time, late, overdue, in work, extensions, rate."""
    args = load_args(SummaryQuery())
    f = args["filters"]
    with get_db().session() as session:
        result = control.summary_for(session, current_actor(), args["group_by"], f.date_from, f.date_to, f)
        return answer(SummarySchema().dump(result))


def _report(make: Any, extension: str, mimetype: str) -> Response:
    args = load_args(ReportQuery())
    with get_db().session() as session:
        request = ControlReportRequest(
            view=args["view"],
            filters=args["filters"],
            as_of=args.get("as_of"),
            working_days=args["working_days"],
            review_days=args["days"],
            group_by=args["group_by"],
            scope=control.scope_of(session, current_actor()),
        )
        data = make(session, request)
    name = f"Справка о ходе исполнения {(args.get('as_of') or clock.today()):%d.%m.%Y}.{extension}"
    return send_file(FileOut(name, mimetype, data))


def _file(mimetype: str) -> dict[str, Any]:
    return {"content": {mimetype: {"schema": {"type": "string", "format": "binary"}}}}


@bp.get("/control/report.xlsx")
@doc(
    "Контроль: справка о ходе исполнения (XLSX)",
    "control",
    query=ReportQuery,
    errors=(401, 403, 422),
    extra=_file(XLSX),
)
def control_report_xlsx_view() -> Response:
    """The справка as a workbook: the view's tasks and a summary sheet."""
    return _report(control_report_xlsx, "xlsx", XLSX)


@bp.get("/control/report.docx")
@doc(
    "Контроль: справка о ходе исполнения (DOCX)",
    "control",
    query=ReportQuery,
    errors=(401, 403, 422),
    extra=_file(DOCX),
)
def control_report_docx_view() -> Response:
    """The справка as a signed-ready document."""
    return _report(control_report_docx, "docx", DOCX)
