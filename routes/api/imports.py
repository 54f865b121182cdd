"""Imports: a roadmap table (DOCX/XLSX) becomes a draft roadmap; a signed DOCX order becomes an order; with warnings."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from marshmallow import RAISE, ValidationError, validates_schema

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, get_db, uploaded_file
from routes.api.docs import doc
from routes.schemas.base import MAX_ID, BaseSchema, Date, List, Nested, QInt, Str, between, one_of, text
from routes.schemas.orders import OrderOutSchema
from routes.schemas.plans import RoadmapOutSchema
from workflow.queries import objects, orders
from workflow.services import order_import, roadmap_import

MULTIPART_SCHEMA = {
    "type": "object",
    "required": ["file", "organization_id"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "DOCX или XLSX с таблицей дорожной карты"},
        "organization_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "title": {"type": "string", "maxLength": 2000},
        "period_start": {"type": "string", "format": "date"},
        "period_end": {"type": "string", "format": "date"},
        "order_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    },
}


class ImportForm(BaseSchema):
    """The form fields beside the file."""

    class Meta:
        unknown = RAISE

    organization_id = QInt(required=True, validate=between(1, MAX_ID))
    title = text(2000)
    period_start = Date(load_default=None)
    period_end = Date(load_default=None)
    order_id = QInt(load_default=None, validate=between(1, MAX_ID))

    @validates_schema
    def _period(self, data: dict[str, Any], **_: Any) -> None:
        if bool(data.get("period_start")) != bool(data.get("period_end")):
            raise ValidationError("Укажите начало и конец периода вместе.", "period_end")


class ImportedRoadmapSchema(RoadmapOutSchema):
    """The draft roadmap and the import's warnings."""

    warnings = List(Str())


@bp.post("/roadmaps/import")
@doc(
    "Дорожная карта: импорт таблицы из DOCX или XLSX",
    "roadmaps",
    response=ImportedRoadmapSchema,
    status=201,
    errors=(400, 401, 403, 404, 413, 415, 422),
    extra={"request_content": {"multipart/form-data": {"schema": MULTIPART_SCHEMA}}},
)
def import_roadmap() -> Response:
    """A draft roadmap from the table of an uploaded file; what needs a person's eye comes in `warnings`."""
    upload = uploaded_file()
    form = ImportForm().load({k: v for k, v in request.form.items()})
    actor = current_actor()
    command = roadmap_import.RoadmapImport(
        organization_id=form["organization_id"],
        data=upload.stream,
        filename=upload.filename or "",
        title=form["title"],
        period=(form["period_start"], form["period_end"]) if form["period_start"] else None,
        order_id=form["order_id"],
    )
    imported = roadmap_import.import_roadmap(get_db(), actor, command)
    with get_db().session() as session:
        dumped = RoadmapOutSchema().dump(objects.read_object(session, actor, "roadmaps", imported.roadmap_id))
    dumped["warnings"] = imported.warnings
    return answer(dumped, 201, location=f"/api/v1/roadmaps/{imported.roadmap_id}")


ORDER_MULTIPART_SCHEMA = {
    "type": "object",
    "required": ["file", "organization_id"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "Подписанный приказ в формате DOCX"},
        "organization_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        "mode": {"type": "string", "enum": list(order_import.MODES), "default": "draft"},
    },
}


class OrderImportForm(BaseSchema):
    """The form fields beside the order's file."""

    class Meta:
        unknown = RAISE

    organization_id = QInt(required=True, validate=between(1, MAX_ID))
    mode = Str(load_default="draft", validate=one_of(order_import.MODES))


class ImportWarningSchema(BaseSchema):
    """Text the import could not place or match, at the field it belongs to."""

    field = Str()
    text = Str()
    message = Str()


class ImportedOrderSchema(BaseSchema):
    """The order made from the file, as GET /orders/<id> returns it, and the warnings."""

    order = Nested(OrderOutSchema)
    warnings = List(Nested(ImportWarningSchema))


@bp.post("/orders/import")
@doc(
    "Приказ: загрузка подписанного документа DOCX",
    "orders",
    response=ImportedOrderSchema,
    status=201,
    errors=(400, 401, 403, 404, 413, 415, 422),
    extra={"request_content": {"multipart/form-data": {"schema": ORDER_MULTIPART_SCHEMA}}},
    description="mode=draft — проект для проверки в редакторе; mode=registered — с номером и датой документа, "
    "готов к направлению на исполнение, исходный файл хранится как документ приказа.",
)
def import_order() -> Response:
    """A draft or a registered order read from an uploaded DOCX; what needs a person's eye comes in `warnings`."""
    upload = uploaded_file()
    form = OrderImportForm().load({k: v for k, v in request.form.items()})
    actor = current_actor()
    command = order_import.OrderImport(
        organization_id=form["organization_id"], data=upload.stream, filename=upload.filename or "", mode=form["mode"]
    )
    imported = order_import.import_order(get_db(), actor, command)
    with get_db().session() as session:
        order = OrderOutSchema().dump(orders.read_order(session, actor, imported.order_id))
    body = {"order": order, "warnings": ImportWarningSchema(many=True).dump(imported.warnings)}
    return answer(body, 201, location=f"/api/v1/orders/{imported.order_id}")
