"""Lifecycle transitions: the body of each kind's POST, the events a user may fire, the history."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from routes.schemas.base import (
    MAX_ID,
    TEXT_MAX,
    BaseSchema,
    Bool,
    DateTime,
    Dict,
    Int,
    List,
    Nested,
    Str,
    between,
    items,
    one_of,
)
from routes.schemas.base import text as txt
from routes.schemas.common import ActorSchema
from routes.schemas.plans import ValueSchema
from workflow.engine.lifecycles import LIFECYCLES


def _event_field(name: str, choices: tuple[str, ...]) -> fields.Field:
    if name == "values":
        return List(Nested(ValueSchema), validate=items(200))
    if choices:
        return Str(validate=one_of(choices))
    return txt(TEXT_MAX)


def transition_schema(kind: str) -> type[BaseSchema]:
    """The body of POST /<kind>/<id>/transitions, generated from the lifecycle: its events and their fields."""
    lifecycle = LIFECYCLES[kind]
    attrs: dict[str, Any] = {
        "__doc__": f"An event of «{lifecycle.label}» with its fields; the engine checks which fields the event takes.",
        "event": Str(required=True, validate=one_of(lifecycle.events)),
    }
    for transition in lifecycle.transitions:
        for spec in transition.fields:
            attrs.setdefault(spec.name, _event_field(spec.name, spec.choices))
    attrs.setdefault("comment", txt(TEXT_MAX))
    attrs["version"] = Int(validate=between(1, MAX_ID), metadata={"description": "Версия, которую видел клиент."})
    name = "".join(part.capitalize() for part in kind.split("-")) + "TransitionSchema"
    return type(name, (BaseSchema,), attrs)


TRANSITION_SCHEMAS = {kind: transition_schema(kind) for kind in LIFECYCLES}


class EventFieldSchema(BaseSchema):
    """A field an event takes."""

    name = Str(required=True)
    label = Str(required=True)
    required = Bool(required=True)
    choices = List(Str(), required=True)


class EventSchema(BaseSchema):
    """An event as this user sees it now."""

    event = Str(required=True)
    label = Str(required=True)
    allowed = Bool(required=True)
    reason = Str(allow_none=True)
    confirm = Bool(required=True)
    fields = List(Nested(EventFieldSchema), required=True)  # type: ignore[assignment]


class EventsSchema(BaseSchema):
    """The object's state and every event of its lifecycle: allowed now or why not."""

    kind = Str(required=True)
    id = Int(required=True)
    state = Str(required=True)
    version = Int(required=True)
    events = List(Nested(EventSchema), required=True)


class HistoryEntrySchema(BaseSchema):
    """One recorded transition."""

    event = Str(required=True)
    from_state = Str(required=True)
    to_state = Str(required=True)
    actor = Nested(ActorSchema, required=True)
    at = DateTime(required=True)
    comment = Str(required=True)
    payload = Dict(required=True)
