"""Document downloads of API.md: the order (frozen once approved), its approval sheet and execution report."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flask import Response

from models import Order, ReportingPeriod
from routes.api.blueprint import bp
from routes.api.common import current_actor, get_db
from routes.api.docs import doc
from workflow.services.documents import (
    DOCX,
    PDF,
    FileOut,
    approval_sheet_docx,
    execution_report_docx,
    order_docx,
    order_pdf,
    reporting_period_docx,
    roadmap_docx,
)
from workflow.services.visibility import Visibility


def send_file(file: FileOut) -> Response:
    """A file as an attachment with its (Cyrillic) name."""
    # RFC 6266: an ASCII fallback name and the real (Cyrillic) one percent-encoded.
    ascii_name = file.filename.encode("ascii", "ignore").decode() or "document"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(file.filename)}"
    return Response(file.data, mimetype=file.content_type, headers={"Content-Disposition": disposition})


def _order_file(obj_id: int, make: Callable[..., FileOut]) -> Response:
    with get_db().session() as session:
        order = Visibility(session, current_actor()).get(Order, obj_id)
        return send_file(make(session, order))


def _file_doc(summary: str, mimetype: str = DOCX, errors: tuple[int, ...] = (401, 404)) -> Callable[[Any], Any]:
    return doc(
        summary,
        "orders",
        errors=errors,
        extra={"content": {mimetype: {"schema": {"type": "string", "format": "binary"}}}},
    )


@bp.get("/orders/<id:obj_id>/document.docx")
@_file_doc("Приказ: документ DOCX (утверждённый — замороженный файл, проект — с отметкой «ПРОЕКТ»)")
def order_document(obj_id: int) -> Response:
    """The signed-ready DOCX: exactly the frozen bytes once approved; a preview marked «ПРОЕКТ» before."""
    return _order_file(obj_id, order_docx)


@bp.get("/orders/<id:obj_id>/document.pdf")
@_file_doc("Приказ: документ PDF", PDF)
def order_document_pdf(obj_id: int) -> Response:
    """The same document as PDF (404 with a reason when LibreOffice is not installed)."""
    return _order_file(obj_id, order_pdf)


@bp.get("/orders/<id:obj_id>/approval-sheet.docx")
@_file_doc("Приказ: лист согласования")
def order_approval_sheet(obj_id: int) -> Response:
    """The approval sheet (лист согласования)."""
    return _order_file(obj_id, approval_sheet_docx)


@bp.get("/orders/<id:obj_id>/execution-report.docx")
@_file_doc("Приказ: отчёт об исполнении", errors=(401, 404, 422))
def order_execution_report(obj_id: int) -> Response:
    """The execution report (отчёт об исполнении приказа)."""
    return _order_file(obj_id, execution_report_docx)


@bp.get("/roadmaps/<id:obj_id>/document.docx")
@doc(
    "Дорожная карта: документ DOCX (в составе приказа, к которому она приложена)",
    "roadmaps",
    errors=(401, 404, 422),
    extra={"content": {DOCX: {"schema": {"type": "string", "format": "binary"}}}},
)
def roadmap_document(obj_id: int) -> Response:
    """A roadmap is printed as an appendix of its order: the order's document (frozen once approved)."""
    with get_db().session() as session:
        return send_file(roadmap_docx(session, current_actor(), obj_id))


@bp.get("/reporting-periods/<id:obj_id>/report.docx")
@doc(
    "Отчётный период: отчёт по показателям (DOCX)",
    "reporting-periods",
    errors=(401, 404),
    extra={"content": {DOCX: {"schema": {"type": "string", "format": "binary"}}}},
)
def reporting_period_report(obj_id: int) -> Response:
    """Indicators with their values against the previous period, and the conclusions."""
    with get_db().session() as session:
        return send_file(
            reporting_period_docx(session, Visibility(session, current_actor()).get(ReportingPeriod, obj_id))
        )
