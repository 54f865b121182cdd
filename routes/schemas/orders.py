"""Orders with nested points, visas and appendices (the shape of API.md), and their list."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, pre_dump, validates_schema

from models import Order, OrderPoint
from models.orders import ORDER_KINDS, VISA_DECISIONS
from routes.schemas.base import (
    MAX_ID,
    TEXT_MAX,
    TITLE_MAX,
    BaseSchema,
    Bool,
    Date,
    DateTime,
    Int,
    List,
    Nested,
    QInt,
    Str,
    between,
    ident,
    items,
    length,
    not_blank,
    one_of,
    patch_of,
)
from routes.schemas.base import text as txt
from routes.schemas.common import (
    DeadlineSchema,
    ExecutorOutSchema,
    ExecutorRefSchema,
    PageQuery,
    PeriodSchema,
    page_of,
)
from routes.schemas.substitutions import OrderSubstitutionSchema
from workflow.engine.lifecycles import LIFECYCLES
from workflow.queries.objects import Detail
from workflow.services.orders import point_text_problem
from workflow.services.substitutions import named_in_order

# Deep enough for 1.1.1.1.1; the numbers stay within the database's 20 characters.
MAX_POINT_DEPTH = 5
MAX_POINTS = 1000


class PointSchema(BaseSchema):
    """A point; "number" is optional (then 1, 2, 2.1 … in order); sub-points in "children"."""

    number = Str(load_default=None, allow_none=True, validate=[length(20), not_blank])
    text = txt(TEXT_MAX, metadata={"description": "Необязателен у пункта-обращения: адресат и подпункты."})
    controlled = Bool(load_default=False)
    responsible = List(Nested(ExecutorRefSchema), load_default=list, validate=items(100))
    co_executors = List(Nested(ExecutorRefSchema), load_default=list, validate=items(100))
    deadline_text = txt(TITLE_MAX)
    addressee_id = ident(metadata={"description": "Адресат пункта (в дательном падеже в документе)."})
    children = List(Nested(lambda: PointSchema()), load_default=list, validate=items(200))

    @validates_schema
    def _text_or_addressee(self, data: dict[str, Any], **_: Any) -> None:
        problem = point_text_problem(data)
        if problem is not None:
            raise ValidationError(problem, "text")


class AppendixSchema(BaseSchema):
    """An appendix: {"roadmap_id"} | {"working_group_id"} | {"reporting_cycle_id"} | {"title", "text"}."""

    roadmap_id = ident()
    working_group_id = ident()
    reporting_cycle_id = ident()
    title = txt(TITLE_MAX)
    text = txt(TEXT_MAX)

    @validates_schema
    def _one_kind(self, data: dict[str, Any], **_: Any) -> None:
        links = [k for k in ("roadmap_id", "working_group_id", "reporting_cycle_id") if data.get(k) is not None]
        if len(links) > 1:
            raise ValidationError("Одно приложение — один документ.", "_schema")
        if not links and not (data.get("title") or "").strip() and not (data.get("text") or "").strip():
            raise ValidationError("Укажите приложенный документ или заголовок и текст приложения.", "_schema")


def _walk(points: list[dict[str, Any]], depth: int = 1) -> tuple[int, int]:
    """(points, deepest level) of a point tree."""
    count, deepest = 0, depth if points else depth - 1
    for point in points:
        sub_count, sub_depth = _walk(point.get("children") or [], depth + 1)
        count += 1 + sub_count
        deepest = max(deepest, sub_depth)
    return count, deepest


def _distinct(value: list[int]) -> None:
    if len(set(value)) != len(value):
        raise ValidationError("Согласующие повторяются.")


class OrderSchema(BaseSchema):
    """A draft order as POST /orders takes it."""

    kind = Str(load_default="order", validate=one_of(ORDER_KINDS))
    organization_id = ident(required=True, nullable=False)
    title = txt(TITLE_MAX, required=True)
    place = txt(200)
    preamble = txt(TEXT_MAX)
    signatory_id = ident()
    controller_id = ident()
    executor_mark_id = ident()
    approvers = List(ident(nullable=False), load_default=list, validate=[items(50), _distinct])
    period = Nested(PeriodSchema, load_default=None, allow_none=True)
    points = List(Nested(PointSchema), load_default=list, validate=items(500))
    appendices = List(Nested(AppendixSchema), load_default=list, validate=items(50))
    substitution = Nested(
        OrderSubstitutionSchema,
        load_default=None,
        allow_none=True,
        metadata={"description": "Временное исполнение обязанностей: замещение начнёт действовать с утверждением."},
    )

    @validates_schema
    def _tree(self, data: dict[str, Any], **_: Any) -> None:
        count, depth = _walk(data.get("points") or [])
        if depth > MAX_POINT_DEPTH:
            raise ValidationError(f"Не больше {MAX_POINT_DEPTH} уровней вложенности пунктов.", "points")
        if count > MAX_POINTS:
            raise ValidationError(f"Не больше {MAX_POINTS} пунктов в приказе.", "points")


OrderPatchSchema = patch_of(OrderSchema, "OrderPatchSchema", exclude=("organization_id",))


class VisaSchema(BaseSchema):
    """A visa in order: the approver and the decision once given."""

    position = Int(required=True)
    approver_id = Int(required=True)
    decision = Str(allow_none=True, validate=one_of(VISA_DECISIONS))
    comment = Str()
    decided_at = DateTime(allow_none=True)


class PointOutSchema(PointSchema):
    """A point as stored, with its parsed deadline and the tasks it gave."""

    id = Int(required=True)
    responsible = List(Nested(ExecutorOutSchema))
    co_executors = List(Nested(ExecutorOutSchema))
    deadline = Nested(DeadlineSchema, allow_none=True)
    task_ids = List(Int())
    children = List(Nested(lambda: PointOutSchema()))


class AppendixOutSchema(AppendixSchema):
    """An appendix as stored; a file appendix («file») also names its file, size and SHA-256."""

    id = Int(required=True)
    kind = Str(metadata={"description": "«text» (план или текст) или «file» (загруженный DOCX или PDF)"})
    filename = Str(allow_none=True)
    size = Int(allow_none=True)
    sha256 = Str(allow_none=True)


class OrderOutSchema(OrderSchema):
    """An order as GET /orders/<id> answers it."""

    id = Int(required=True)
    state = Str(required=True, validate=one_of(tuple(LIFECYCLES["orders"].states)))
    version = Int(required=True)
    reg_number = Str(allow_none=True)
    reg_date = Date(allow_none=True)
    document_sha256 = Str(allow_none=True)
    revoke_reason = Str(allow_none=True)
    points = List(Nested(PointOutSchema))
    appendices = List(Nested(AppendixOutSchema))
    visas = List(Nested(VisaSchema))
    created_by_id = Int(allow_none=True)
    created_at = DateTime()
    updated_at = DateTime()
    amends_id = Int(allow_none=True, metadata={"description": "Приказ, в который этот вносит изменения."})

    @pre_dump
    def _from_detail(self, detail: Detail, **_: Any) -> dict[str, Any]:
        order: Order = detail.obj

        def point(p: OrderPoint) -> dict[str, Any]:
            deadline = detail.deadlines.get(p.id)
            return {
                "id": p.id,
                "number": p.number,
                "text": p.text,
                "controlled": p.controlled,
                "responsible": [e.as_ref() for e in p.responsible],
                "co_executors": [e.as_ref() for e in p.co_executors],
                "deadline_text": p.deadline_text,
                "addressee_id": p.addressee_id,
                "deadline": deadline.to_dict() if deadline else None,
                "task_ids": detail.task_ids.get(p.id, []),
                "children": [point(c) for c in p.children],
            }

        return {
            **{name: getattr(order, name) for name in ORDER_SCALARS},
            "period": {"start": order.period_start, "end": order.period_end} if order.period else None,
            "approvers": [v.approver_id for v in order.visas],
            "visas": order.visas,
            "points": [point(p) for p in order.point_tree()],
            "appendices": order.appendices,
            "substitution": named_in_order(order),
        }


ORDER_SCALARS = (
    "id",
    "state",
    "version",
    "kind",
    "organization_id",
    "title",
    "place",
    "preamble",
    "signatory_id",
    "controller_id",
    "executor_mark_id",
    "reg_number",
    "reg_date",
    "document_sha256",
    "revoke_reason",
    "created_by_id",
    "created_at",
    "updated_at",
    "amends_id",
)


class OrderSummarySchema(BaseSchema):
    """An order in a list."""

    id = Int(required=True)
    state = Str(required=True)
    version = Int(required=True)
    kind = Str(required=True)
    organization_id = Int(required=True)
    title = Str(required=True)
    reg_number = Str(allow_none=True)
    reg_date = Date(allow_none=True)
    document_sha256 = Str(allow_none=True)
    signatory_id = Int(allow_none=True)
    controller_id = Int(allow_none=True)
    created_at = DateTime()
    updated_at = DateTime()


OrderPageSchema = page_of(OrderSummarySchema, "OrderPageSchema")


class OrderQuery(PageQuery):
    """Filters of the order list."""

    state = Str(validate=one_of(tuple(LIFECYCLES["orders"].states)))
    kind = Str(validate=one_of(ORDER_KINDS))
    organization_id = QInt(validate=between(1, MAX_ID))
    year = QInt(validate=between(1900, 2100))
    q = Str(
        validate=length(200),
        metadata={
            "description": "Поиск по заголовку, преамбуле, пунктам и номеру («391», «№ 391», «01-27/1951»; любая "
            "форма слова, е = ё); лучшие совпадения первыми, затем новые."
        },
    )
