"""Substitutions: who stands in for whom (administrator, or the head of the person's organization)."""

from __future__ import annotations

from flask import Response

from routes.api.blueprint import bp
from routes.api.common import current_actor, get_db, load_args, load_body, reply
from routes.api.docs import doc
from routes.schemas.substitutions import (
    NewSubstitutionSchema,
    SubstitutionListSchema,
    SubstitutionQuery,
    SubstitutionSchema,
)
from workflow.services import substitutions


@bp.get("/substitutions")
@doc(
    "Замещения",
    "substitutions",
    query=SubstitutionQuery,
    response=SubstitutionListSchema,
    errors=(401, 403),
)
def list_substitutions_view() -> Response:
    """The substitutions the user manages; `active=true` keeps those running today."""
    args = load_args(SubstitutionQuery())
    items = substitutions.list_substitutions(get_db(), current_actor(), active=args["active"])
    return reply(SubstitutionListSchema(), {"items": items})


@bp.post("/substitutions")
@doc(
    "Назначить замещение",
    "substitutions",
    body=NewSubstitutionSchema,
    response=SubstitutionSchema,
    status=201,
    errors=(400, 401, 403, 422),
)
def create_substitution_view() -> Response:
    """The deputy may do what the person may from the first day to the last, both names in every act."""
    data = load_body(NewSubstitutionSchema())
    created = substitutions.create_substitution(get_db(), current_actor(), substitutions.NewSubstitution(**data))
    return reply(SubstitutionSchema(), created, 201, location=f"/api/v1/substitutions/{created.id}")


@bp.delete("/substitutions/<id:obj_id>")
@doc("Отменить замещение", "substitutions", response=SubstitutionSchema, errors=(401, 403, 404, 409))
def cancel_substitution_view(obj_id: int) -> Response:
    """Cancelled, not deleted: what the deputy did while it ran stays explained."""
    return reply(SubstitutionSchema(), substitutions.cancel_substitution(get_db(), current_actor(), obj_id))
