"""Orders: the list with filters, the card (requisites, points, progress, actions, visas, history), downloads."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from flask import render_template, request, send_file, url_for
from werkzeug.wrappers import Response

from documents.pdf import PdfConversionError, libreoffice_available
from models import Order, ReportingCycle, Roadmap, Task, WorkingGroup
from models.orders import ORDER_KINDS
from routes.web import bp
from routes.web.common import Pager, actor, get_db, int_arg, paging
from routes.web.events import actions, pending_form
from workflow import clock
from workflow.engine.engine import history
from workflow.engine.lifecycles import LIFECYCLES
from workflow.errors import NotFound
from workflow.queries import objects, tasks
from workflow.queries.cards import Names, progress_by
from workflow.services import documents
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
        items, total = objects.list_orders(session, actor(), {**filters, "page": number, "per_page": per_page})
        years = range(clock.today().year + 1, 2019, -1)
        return render_template(
            "orders/list.html",
            orders=items,
            pager=Pager(number, per_page, total),
            filters=filters,
            years=years,
            kinds=ORDER_KINDS,
            states=LIFECYCLES["orders"].states,
        )


def _appendix_links(session: Any, order: Order) -> list[dict[str, Any]]:
    links = []
    for n, appendix in enumerate(order.appendices, start=1):
        item: dict[str, Any] = {"number": n, "title": appendix.title, "text": appendix.text, "url": None}
        if appendix.roadmap_id:
            roadmap = session.get(Roadmap, appendix.roadmap_id)
            item["title"] = f"Дорожная карта: {roadmap.title}"
            item["url"] = url_for("web.roadmap_card", roadmap_id=roadmap.id)
        elif appendix.working_group_id:
            group = session.get(WorkingGroup, appendix.working_group_id)
            item["title"] = f"Состав рабочей группы: {group.name}"
            item["url"] = url_for("web.group_card", group_id=group.id)
        elif appendix.reporting_cycle_id:
            cycle = session.get(ReportingCycle, appendix.reporting_cycle_id)
            item["title"] = f"Отчётность: {cycle.title}"
            item["url"] = url_for("web.cycle_card", cycle_id=cycle.id)
        links.append(item)
    return links


@bp.get("/orders/<id:order_id>")
def order_card(order_id: int) -> str:
    """The card of an order."""
    who = actor()
    today = clock.today()
    with get_db().session() as session:
        detail = objects.read_order(session, who, order_id)
        order: Order = detail.obj
        names = Names(session).load(e for p in order.points for e in p.executors)
        progress = progress_by(session, Task.point_id, Task.order_id == order.id, today)
        return render_template(
            "orders/card.html",
            order=order,
            deadlines=detail.deadlines,
            names=names,
            progress=progress,
            actions=actions(session, order, who),
            pending=pending_form("orders", order.id),
            history=history(session, order),
            appendices=_appendix_links(session, order),
            pdf_available=libreoffice_available(),
            can_edit=order.state == "draft" and _may_edit(session, order, who),
        )


def _may_edit(session: Any, order: Order, who: Any) -> bool:
    from workflow.engine.permissions import rule_matches
    from workflow.services.drafting import EDITORS

    return any(rule_matches(session, rule, order, who) for rule in EDITORS)


def _visible_order(session: Any, order_id: int) -> Order:
    return Visibility(session, actor()).get(Order, order_id)


def _send(out: documents.FileOut) -> Response:
    return send_file(io.BytesIO(out.data), mimetype=out.content_type, as_attachment=True, download_name=out.filename)


@bp.get("/orders/<id:order_id>/document.docx")
def order_docx(order_id: int) -> Response:
    """The DOCX: the frozen signed-ready file once approved, a preview marked «ПРОЕКТ» before."""
    with get_db().session() as session:
        order = _visible_order(session, order_id)
        if order.signatory_id is None:
            raise NotFound("Документ ещё нельзя сформировать: в проекте не указан подписант.")
        return _send(documents.order_docx(session, order))


@bp.get("/orders/<id:order_id>/document.pdf")
def order_pdf(order_id: int) -> Response:
    """The same document as PDF (LibreOffice on the server)."""
    with get_db().session() as session:
        order = _visible_order(session, order_id)
        if order.signatory_id is None:
            raise NotFound("Документ ещё нельзя сформировать: в проекте не указан подписант.")
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
        order = _visible_order(session, order_id)
        number, per_page = paging(50)
        items, total = tasks.source_task_page(session, who, "order", order.id, number, per_page)
        return render_template(
            "orders/tasks.html", order=order, tasks=items, pager=Pager(number, per_page, total), today=clock.today()
        )


@dataclass(frozen=True)
class OrderRef:
    """An order named for a link from another card; url is None when the user may not open it."""

    title: str
    url: str | None


def order_ref(session: Any, visibility: Visibility, order_id: int | None) -> OrderRef | None:
    """«Приказ № 533 от 30.11.2022» (or «Проект приказа № 12»), linked only for those who see the order."""
    if order_id is None:
        return None
    order = session.get(Order, order_id)
    if order is None:
        return None
    title = (
        f"Приказ № {order.reg_number} от {order.reg_date:%d.%m.%Y}"
        if order.reg_number
        else f"Проект приказа № {order.id}"
    )
    return OrderRef(title, url_for("web.order_card", order_id=order.id) if visibility.can_see(order) else None)
