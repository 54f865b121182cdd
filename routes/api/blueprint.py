"""The API blueprint and its request-wide hooks: authentication for every endpoint but the public ones."""

from __future__ import annotations

from flask import Blueprint, Response, request
from flask_login import current_user

from routes.errors import RequestError

bp = Blueprint("api", __name__, url_prefix="/api/v1")

# Endpoints that answer without credentials: getting a token and the API's description.
PUBLIC_ENDPOINTS = frozenset({"api.issue_token", "api.openapi"})


@bp.before_request
def _authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    if not current_user.is_authenticated:
        raise RequestError(401, "unauthorized", "Требуется вход: передайте заголовок Authorization: Bearer <токен>.")


@bp.after_request
def _no_store(response: Response) -> Response:
    # Answers carry personal data and tokens: no shared or browser cache keeps them.
    response.headers.setdefault("Cache-Control", "no-store")
    return response
