"""Amendments of API.md: draft «О внесении изменений в приказ …», and the consolidated text of an order."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, get_db, load_body, reply
from routes.api.docs import doc
from routes.api.documents import send_file
from routes.schemas.amendments import AmendmentSchema, ConsolidatedSchema
from routes.schemas.orders import OrderOutSchema
from workflow.printing.freeze import DOCX
from workflow.queries import consolidated, orders
from workflow.services.amendments import AmendmentDraft, Change, draft_amendment


@bp.post("/orders/<id:obj_id>/amendments")
@doc(
    "Внести изменения: проект приказа «О внесении изменений в приказ … от … № …»",
    "orders",
    body=AmendmentSchema,
    response=OrderOutSchema,
    status=201,
    errors=(400, 401, 403, 404, 409, 422),
    description="Только для утверждённого или исполняемого приказа. Изменения применяются к поручениям "
    "приказа, когда приказ об изменениях направлен на исполнение.",
)
def create_amendment(obj_id: int) -> Response:
    """A draft amendment order linked to the order, one point per change."""
    data = load_body(AmendmentSchema())
    actor = current_actor()
    command = AmendmentDraft(
        changes=[Change(**change) for change in data["changes"]], title=data.get("title"), reason=data.get("reason")
    )
    order_id = draft_amendment(get_db(), actor, obj_id, command)
    with get_db().session() as session:
        body = OrderOutSchema().dump(orders.read_order(session, actor, order_id))
    return answer(body, 201, location=f"/api/v1/orders/{order_id}")


@bp.get("/orders/<id:obj_id>/consolidated")
@doc(
    "Приказ в действующей редакции (со всеми изменениями в силе)",
    "orders",
    response=ConsolidatedSchema,
    errors=(401, 404),
)
def get_consolidated(obj_id: int) -> Response:
    """The order's points and roadmaps with every amendment in force applied."""
    with get_db().session() as session:
        return reply(ConsolidatedSchema(), consolidated.consolidated_order(session, current_actor(), obj_id))


@bp.get("/orders/<id:obj_id>/consolidated.docx")
@doc(
    "Приказ в действующей редакции: DOCX «в редакции приказа от … № …»",
    "orders",
    errors=(401, 404, 422),
    extra={"content": {DOCX: {"schema": {"type": "string", "format": "binary"}}}},
)
def get_consolidated_docx(obj_id: int) -> Response:
    """The consolidated text on the order template, marked with the amendments it includes."""
    with get_db().session() as session:
        return send_file(consolidated.consolidated_docx(session, current_actor(), obj_id))
