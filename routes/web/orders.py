"""Orders: the list with filters, the card (requisites, points, progress, actions, visas, history), downloads."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask import render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from documents.pdf import PdfConversionError, libreoffice_available
from models import Order
from models.orders import ORDER_KINDS
from routes.web import bp
from routes.web.common import Pager, actor, get_db, int_arg, paging
from routes.web.events import actions, card_url, pending_form
from workflow import clock
from workflow.engine.lifecycles import LIFECYCLES
from workflow.errors import NotFound
from workflow.queries import amendments as amendment_queries
from workflow.queries import orders as order_queries
from workflow.services import documents
from workflow.services.common import may_draft
from workflow.services.visibility import Visibility


def _filters() -> dict[str, Any]:
    state = request.args.get("state") or None
    kind = request.args.get("kind") or None
    year = int_arg("year")
    return {
        "state": state if state in LIFECYCLES["orders"].states else None,
        "kind": kind if kind in ORDER_KINDS else None,
        "year": year if year is not None and 1900 <= year <= 2100 else None,
        "q": (request.args.get("q") or "").strip()[:200] or None,
    }


@bp.get("/orders")
def orders() -> str:
    """Orders the user sees, filtered by state, kind, year and text, a page at a time."""
    number, per_page = paging()
    filters = _filters()
    with get_db().session() as session:
        items, total = order_queries.list_orders(session, actor(), {**filters, "page": number, "per_page": per_page})
        years = range(clock.today().year + 1, 2019, -1)
        return render_template(
            "orders/list.html",
            orders=items,
            pager=Pager(number, per_page, total),
            filters=filters,
            years=years,
            kinds=ORDER_KINDS,
            states=LIFECYCLES["orders"].states,
            may_draft=may_draft(session, actor()),
        )


def _appendix_links(appendices: list[order_queries.AppendixView]) -> list[dict[str, Any]]:
    links = []
    for appendix in appendices:
        url = card_url(*appendix.card) if appendix.card else None
        if appendix.file is not None:
            url = url_for("web.order_appendix_file", order_id=appendix.file.order_id, appendix_id=appendix.file.id)
        link = {"number": appendix.number, "title": appendix.title, "text": appendix.text, "url": url}
        links.append({**link, "file": appendix.file})
    return links


@bp.get("/orders/<id:order_id>")
def order_card(order_id: int) -> str:
    """The card of an order."""
    who = actor()
    today = clock.today()
    with get_db().session() as session:
        card = order_queries.order_card(session, who, order_id, today)
        return render_template(
            "orders/card.html",
            order=card.order,
            deadlines=card.deadlines,
            names=card.names,
            progress=card.progress,
            actions=actions(session, card.order, who),
            pending=pending_form("orders", card.order.id),
            history=card.history,
            appendices=_appendix_links(card.appendices),
            pdf_available=libreoffice_available(),
            can_edit=card.can_edit,
            visa_rounds=card.visa_rounds,
            amendment_panel=amendment_queries.amendment_panel(session, who, card.order),
        )


def _visible_order(session: Any, order_id: int) -> Order:
    return order_queries.visible_order(session, actor(), order_id)


def _send(out: documents.FileOut) -> Response:
    return send_file(io.BytesIO(out.data), mimetype=out.content_type, as_attachment=True, download_name=out.filename)


@bp.get("/orders/<id:order_id>/document.docx")
def order_docx(order_id: int) -> Response:
    """The DOCX: the frozen signed-ready file once approved, a preview marked «ПРОЕКТ» before."""
    with get_db().session() as session:
        return _send(documents.order_docx(session, documents.signed_ready_order(session, actor(), order_id)))


@bp.get("/orders/<id:order_id>/document.pdf")
def order_pdf(order_id: int) -> Response:
    """The same document as PDF (LibreOffice on the server)."""
    with get_db().session() as session:
        order = documents.signed_ready_order(session, actor(), order_id)
        try:
            return _send(documents.order_pdf(session, order))
        except PdfConversionError as exc:
            raise NotFound(f"PDF не получился: {exc}. Скачайте DOCX.") from exc


@bp.get("/orders/<id:order_id>/approval-sheet.docx")
def order_approval_sheet(order_id: int) -> Response:
    """The approval sheet with every visa."""
    with get_db().session() as session:
        return _send(documents.approval_sheet_docx(session, _visible_order(session, order_id)))


@bp.get("/orders/<id:order_id>/execution-report.docx")
def order_execution_report(order_id: int) -> Response:
    """The execution report of a registered order."""
    with get_db().session() as session:
        return _send(documents.execution_report_docx(session, _visible_order(session, order_id)))


@bp.get("/orders/<id:order_id>/tasks")
def order_tasks(order_id: int) -> str:
    """Every task an order gave (children of fan-out parents included)."""
    who = actor()
    with get_db().session() as session:
        number, per_page = paging(50)
        order, items, total = order_queries.order_tasks(session, who, order_id, number, per_page)
        return render_template(
            "orders/tasks.html", order=order, tasks=items, pager=Pager(number, per_page, total), today=clock.today()
        )


@dataclass(frozen=True)
class OrderRef:
    """An order named for a link from another card; url is None when the user may not open it."""

    title: str
    url: str | None


def order_ref(session: Any, visibility: Visibility, order_id: int | None) -> OrderRef | None:
    """«Приказ № 533 от 30.11.2022» (or «Проект от 01.12.2026»), linked only for those who see the order."""
    named = order_queries.order_title(session, visibility, order_id)
    if named is None:
        return None
    return OrderRef(named.title, url_for("web.order_card", order_id=named.order_id) if named.visible else None)
