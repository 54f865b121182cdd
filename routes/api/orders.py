"""Orders: draft, list, read, edit while a draft."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, expected_version, get_db, load_args, load_body, reply, reply_page
from routes.api.docs import doc
from routes.schemas.orders import (
    OrderOutSchema,
    OrderPageSchema,
    OrderPatchSchema,
    OrderQuery,
    OrderSchema,
    OrderSummarySchema,
)
from workflow.queries import orders
from workflow.services import drafting


@bp.post("/orders")
@doc("Создать проект приказа", "orders", body=OrderSchema, response=OrderOutSchema, status=201)
def create_order() -> Response:
    """A draft order with nested points, visas and appendices."""
    data = load_body(OrderSchema())
    actor = current_actor()
    order_id = drafting.draft_order(get_db(), actor, drafting.OrderDraft(**data))
    with get_db().session() as session:
        body = OrderOutSchema().dump(orders.read_order(session, actor, order_id))
    return answer(body, 201, location=f"/api/v1/orders/{order_id}")


@bp.get("/orders")
@doc("Приказы", "orders", query=OrderQuery, response=OrderPageSchema)
def list_orders() -> Response:
    """Orders this user sees, filtered and paginated."""
    args = load_args(OrderQuery())
    with get_db().session() as session:
        items, total = orders.list_orders(session, current_actor(), args)
        return reply_page(OrderSummarySchema(), items, total, args["page"], args["per_page"])


@bp.get("/orders/<id:obj_id>")
@doc("Приказ", "orders", response=OrderOutSchema, errors=(401, 404))
def get_order(obj_id: int) -> Response:
    """An order with its points' parsed deadlines and tasks."""
    with get_db().session() as session:
        return reply(OrderOutSchema(), orders.read_order(session, current_actor(), obj_id))


@bp.patch("/orders/<id:obj_id>")
@doc(
    "Изменить проект приказа",
    "orders",
    body=OrderPatchSchema,
    response=OrderOutSchema,
    if_match=True,
    errors=(400, 401, 403, 404, 409, 422),
    description="Только в состоянии «Проект»; points, approvers и appendices заменяются целиком.",
)
def patch_order(obj_id: int) -> Response:
    """Replace fields of a draft."""
    data = load_body(OrderPatchSchema())
    expected = expected_version(data)
    actor = current_actor()
    drafting.update_order(get_db(), actor, drafting.OrderEdit(obj_id, expected, data))
    with get_db().session() as session:
        return reply(OrderOutSchema(), orders.read_order(session, actor, obj_id))
