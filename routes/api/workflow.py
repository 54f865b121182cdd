"""The lifecycle of every kind, the same way: fire an event, list the events one may fire, read the history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response
from marshmallow import Schema

from routes.api.blueprint import bp
from routes.api.common import answer, current_actor, expected_version, get_db, load_body, reply
from routes.api.docs import doc
from routes.schemas.orders import OrderOutSchema
from routes.schemas.plans import PeriodOutSchema, ReportingCycleOutSchema, RoadmapOutSchema, WorkingGroupOutSchema
from routes.schemas.tasks import TaskSchema
from routes.schemas.workflow import TRANSITION_SCHEMAS, EventsSchema, HistoryEntrySchema
from workflow.engine.engine import transition
from workflow.engine.kinds import KINDS
from workflow.engine.lifecycles import LIFECYCLES
from workflow.queries import objects
from workflow.services.visibility import visible_to

# The answer of each kind: the object as its GET shows it.
OBJECT_SCHEMAS: dict[str, type[Schema]] = {
    "orders": OrderOutSchema,
    "tasks": TaskSchema,
    "roadmaps": RoadmapOutSchema,
    "working-groups": WorkingGroupOutSchema,
    "reporting-cycles": ReportingCycleOutSchema,
    "reporting-periods": PeriodOutSchema,
}
# «submit, visa (decision), return (comment) …»: derived from each lifecycle's events and fields.
EVENT_HELP = {kind: KINDS[kind].event_help for kind in LIFECYCLES}


def _views(kind: str) -> tuple[Callable[..., Response], Callable[..., Response], Callable[..., Response]]:
    label = LIFECYCLES[kind].label
    body_schema = TRANSITION_SCHEMAS[kind]
    out_schema = OBJECT_SCHEMAS[kind]

    @doc(
        f"{label}: выполнить переход",
        kind,
        body=body_schema,
        response=out_schema,
        if_match=True,
        errors=(400, 401, 403, 404, 409, 422),
        description="События: " + EVENT_HELP[kind] + ".",
    )
    def fire_view(obj_id: int) -> Response:
        data = load_body(body_schema())
        expected = expected_version(data)
        event = data.pop("event")
        fields = {k: v for k, v in data.items() if v not in (None, "")}
        actor = current_actor()
        transition(get_db(), kind, obj_id, event, actor, expected_version=expected, visible=visible_to(actor), **fields)
        with get_db().session() as session:
            return reply(out_schema(), objects.read_object(session, actor, kind, obj_id))

    @doc(f"{label}: доступные переходы", kind, response=EventsSchema, errors=(401, 404))
    def events_view(obj_id: int) -> Response:
        with get_db().session() as session:
            obj, options = objects.events_of(session, current_actor(), kind, obj_id)
            body: dict[str, Any] = {
                "kind": kind,
                "id": obj.id,
                "state": obj.state,
                "version": obj.version,
                "events": [
                    {
                        "event": o.event,
                        "label": o.label,
                        "allowed": o.allowed,
                        "reason": o.reason,
                        "confirm": o.confirm,
                        "fields": [
                            {"name": f.name, "label": f.label, "required": f.required, "choices": list(f.choices)}
                            for f in o.fields
                        ],
                    }
                    for o in options
                ],
            }
        return reply(EventsSchema(), body)

    @doc(f"{label}: история", kind, response=HistoryEntrySchema, many=True, errors=(401, 404))
    def history_view(obj_id: int) -> Response:
        with get_db().session() as session:
            rows = objects.history_of(session, current_actor(), kind, obj_id)
            body = [
                {
                    "event": r.event,
                    "from_state": r.from_state,
                    "to_state": r.to_state,
                    "actor": {"user_id": r.actor_user_id, "label": r.actor_label},
                    "at": r.at,
                    "comment": r.comment,
                    "payload": r.payload or {},
                }
                for r in rows
            ]
        return answer(HistoryEntrySchema(many=True).dump(body))

    return fire_view, events_view, history_view


for _kind in LIFECYCLES:
    _fire, _events, _history = _views(_kind)
    _name = _kind.replace("-", "_")
    bp.add_url_rule(f"/{_kind}/<id:obj_id>/transitions", f"fire_{_name}", _fire, methods=["POST"])
    bp.add_url_rule(f"/{_kind}/<id:obj_id>/transitions", f"events_{_name}", _events, methods=["GET"])
    bp.add_url_rule(f"/{_kind}/<id:obj_id>/history", f"history_{_name}", _history, methods=["GET"])
