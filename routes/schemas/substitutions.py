"""Substitutions: the new one, one as shown, the list and its filter."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, validates_schema

from routes.schemas.base import BaseSchema, Bool, Date, Int, List, Nested, QBool, QuerySchema, Str, ident


def _check_period(data: dict[str, Any]) -> None:
    if data.get("start") and data.get("end") and data["start"] > data["end"]:
        raise ValidationError("Поле «Окончание» не может быть раньше поля «Начало».", "end")


class NewSubstitutionSchema(BaseSchema):
    """{person_id, deputy_id, start, end, order_id?}: the deputy stands in for the person, both days inclusive."""

    person_id = ident(required=True, nullable=False, metadata={"description": "Замещаемый сотрудник."})
    deputy_id = ident(required=True, nullable=False, metadata={"description": "Заместитель."})
    start = Date(required=True, metadata={"description": "Первый день замещения."})
    end = Date(required=True, metadata={"description": "Последний день замещения."})
    order_id = ident(metadata={"description": "Приказ о временном исполнении обязанностей."})

    @validates_schema
    def _period(self, data: dict[str, Any], **_: Any) -> None:
        _check_period(data)


class OrderSubstitutionSchema(BaseSchema):
    """The substitution a draft order names: {person_id, deputy_id, start, end}."""

    person_id = ident(required=True, nullable=False, metadata={"description": "Замещаемый сотрудник."})
    deputy_id = ident(required=True, nullable=False, metadata={"description": "Заместитель."})
    start = Date(required=True)
    end = Date(required=True)

    @validates_schema
    def _period(self, data: dict[str, Any], **_: Any) -> None:
        _check_period(data)


class SubstitutionPersonSchema(BaseSchema):
    """A person of a substitution."""

    id = Int(dump_only=True)
    name = Str(dump_only=True)
    position = Str(dump_only=True)


class SubstitutionSchema(BaseSchema):
    """One substitution: active while it runs today."""

    id = Int(dump_only=True)
    person = Nested(SubstitutionPersonSchema, dump_only=True)
    deputy = Nested(SubstitutionPersonSchema, dump_only=True)
    start = Date(dump_only=True)
    end = Date(dump_only=True)
    order_id = Int(dump_only=True, allow_none=True)
    active = Bool(dump_only=True, metadata={"description": "Действует сегодня."})
    cancelled = Bool(dump_only=True)
    pending = Bool(dump_only=True, metadata={"description": "Ждёт утверждения приказа, который его назначает."})


class SubstitutionListSchema(BaseSchema):
    """The substitutions the user manages, newest first."""

    items = List(Nested(SubstitutionSchema), dump_only=True)


class SubstitutionQuery(QuerySchema):
    """?active=true: only those running today."""

    active = QBool(load_default=False)
