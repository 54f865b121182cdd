"""Tokens of the API."""

from __future__ import annotations

from routes.schemas.base import BaseSchema, DateTime, Int, List, Nested, Str, length, not_blank


class TokenRequestSchema(BaseSchema):
    """{"login", "password"}."""

    login = Str(required=True, validate=[length(100), not_blank])
    password = Str(required=True, validate=length(200, minimum=1))


class MeSchema(BaseSchema):
    """The authenticated user."""

    id = Int(required=True)
    login = Str(required=True)
    person_id = Int(allow_none=True)
    organization_id = Int(allow_none=True)
    roles = List(Str(), required=True)
    label = Str(required=True)


class TokenSchema(BaseSchema):
    """A bearer token, its expiry and its user."""

    token = Str(required=True)
    expires_at = DateTime(required=True)
    user = Nested(MeSchema, required=True)
