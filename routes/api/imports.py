"""POST /roadmaps/import: a DOCX or XLSX roadmap table becomes a draft roadmap, with warnings to look at."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from marshmallow import RAISE, ValidationError, validates_schema

from models import Organization
from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, get_db
from routes.api.docs import doc
from routes.errors import RequestError
from routes.schemas.base import MAX_ID, BaseSchema, Date, List, QInt, Str, between, text
from routes.schemas.plans import RoadmapOutSchema
from workflow.queries import objects
from workflow.services import drafting
from workflow.services.common import may_draft_in
from workflow.services.roadmap_import import parse_rows, read_rows

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
    errors=(400, 401, 403, 413, 415, 422),
    extra={"request_content": {"multipart/form-data": {"schema": MULTIPART_SCHEMA}}},
)
def import_roadmap() -> Response:
    """A draft roadmap from the table of an uploaded file; what needs a person's eye comes in `warnings`."""
    if request.mimetype != "multipart/form-data":
        raise RequestError(415, "unsupported_media_type", "Ожидается multipart/form-data с полем file.")
    upload = request.files.get("file")
    if upload is None:
        raise RequestError(422, "validation_error", "Приложите файл.", {"file": ["Обязательное поле."]})
    form = ImportForm().load({k: v for k, v in request.form.items()})
    actor = current_actor()
    with get_db().session() as session:
        if session.get(Organization, form["organization_id"]) is not None:
            may_draft_in(session, actor, form["organization_id"])  # 403 before the file is even read
    data = upload.read()
    period = (form["period_start"], form["period_end"]) if form["period_start"] else None
    imported = parse_rows(read_rows(data), period)
    title = form["title"] or (upload.filename or "").rsplit(".", 1)[0] or "Дорожная карта"
    body: dict[str, Any] = {
        "title": title[:2000],
        "organization_id": form["organization_id"],
        "order_id": form["order_id"],
        "sections": imported.sections,
    }
    if period:
        body["period"] = {"start": period[0], "end": period[1]}
    with get_db().transaction() as session:
        roadmap_id = drafting.draft_roadmap(session, actor, body).id
    with get_db().session() as session:
        dumped = RoadmapOutSchema().dump(objects.read_object(session, actor, "roadmaps", roadmap_id))
    dumped["warnings"] = imported.warnings
    return answer(dumped, 201, location=f"/api/v1/roadmaps/{roadmap_id}")
