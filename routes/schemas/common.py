"""Shapes shared by every resource: the error envelope, pages, periods, executor references, deadlines."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from routes.schemas.base import (
    BaseSchema,
    Bool,
    Date,
    Dict,
    Float,
    Int,
    List,
    Nested,
    QInt,
    QuerySchema,
    Str,
    between,
    ident,
)

PER_PAGE_MAX = 500
# Far beyond any real list; keeps OFFSET inside the database's integer range.
PAGE_MAX = 1_000_000


class ErrorBodySchema(BaseSchema):
    """The inside of the error envelope."""

    code = Str(required=True)
    message = Str(required=True)
    details = Dict(required=True)


class ErrorSchema(BaseSchema):
    """The error envelope: {"error": {"code", "message", "details"}}."""

    error = Nested(ErrorBodySchema, required=True)


class PageQuery(QuerySchema):
    """?page=1&per_page=50 (at most 500)."""

    page = QInt(load_default=1, validate=between(1, PAGE_MAX))
    per_page = QInt(load_default=50, validate=between(1, PER_PAGE_MAX))


def page_of(item: type[BaseSchema], name: str) -> type[BaseSchema]:
    """The list envelope {items, total, page, per_page} of one item schema."""
    return type(
        name,
        (BaseSchema,),
        {
            "__doc__": f"A page of {item.__name__.removesuffix('Schema')} items.",
            "items": List(Nested(item), required=True),
            "total": Int(required=True),
            "page": Int(required=True),
            "per_page": Int(required=True),
        },
    )


class PeriodSchema(BaseSchema):
    """A period {start, end}: an academic year, a calendar year."""

    start = Date(required=True)
    end = Date(required=True)

    @validates_schema
    def _ordered(self, data: dict[str, Any], **_: Any) -> None:
        if data["start"] > data["end"]:
            raise ValidationError("Начало периода позже его окончания.", "end")


class ExecutorRefSchema(BaseSchema):
    """{"person_id": 7} or {"organization_id": 3, "include_subordinates": true}."""

    person_id = ident()
    organization_id = ident()
    include_subordinates = Bool(load_default=False)

    @validates_schema
    def _one_target(self, data: dict[str, Any], **_: Any) -> None:
        if (data.get("person_id") is None) == (data.get("organization_id") is None):
            raise ValidationError("Укажите либо сотрудника, либо организацию.", "_schema")
        if data.get("include_subordinates") and data.get("person_id") is not None:
            raise ValidationError("Подчинённые бывают только у организации.", "include_subordinates")


class ExecutorOutSchema(BaseSchema):
    """An executor reference as stored."""

    person_id = Int(allow_none=True)
    organization_id = Int(allow_none=True)
    include_subordinates = Bool()


class RelativeSchema(BaseSchema):
    """An offset from an event («в течение 10 рабочих дней после …»)."""

    days = Int(required=True)
    working = Bool(required=True)
    event = Str(required=True)


class DeadlineSchema(BaseSchema):
    """A deadline text with the schedule derived from it (see Deadlines in API.md)."""

    text = Str(required=True)
    kind = Str(required=True)
    rrule = Str(allow_none=True)
    start = Str(allow_none=True, metadata={"format": "date"})
    due_dates = List(Str(metadata={"format": "date"}), required=True)
    working_due_dates = List(Str(metadata={"format": "date"}), required=True)
    needs_date = Bool(required=True)
    warnings = List(Str(), required=True)
    relative = Nested(RelativeSchema, allow_none=True)


class PersonRefSchema(BaseSchema):
    """A person as shown beside a reference: id and «Фамилия И.О.»."""

    person_id = Int(allow_none=True)
    name = Str(allow_none=True)


class ActorSchema(BaseSchema):
    """Who did it: the user and a readable label."""

    user_id = Int(allow_none=True)
    label = Str(required=True)


NUMBER_MAX = 1e14


def number() -> Float:
    """A finite number that fits the database's NUMERIC(18, 4)."""
    return Float(allow_none=True, load_default=None, validate=between(-NUMBER_MAX, NUMBER_MAX))
