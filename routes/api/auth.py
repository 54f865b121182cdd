"""Bearer tokens: issue for a login and password, revoke, and load the user of a presented token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Request, Response, g, request
from flask_login import current_user, logout_user

from extensions import current_settings
from routes.api.blueprint import bp
from routes.api.common import get_db, load_body, read_connection, reply
from routes.api.docs import doc
from routes.auth import SessionUser, client_address, login_throttle
from routes.schemas.auth import MeSchema, TokenRequestSchema, TokenSchema
from workflow.services.auth import TokenUser, authenticate_token, end_sessions, issue_token, revoke_token


def _bearer(req: Request) -> str | None:
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def load_bearer_user(req: Request) -> SessionUser | None:
    """Flask-Login's request loader: the user of a live bearer token, or None (then 401 on the API)."""
    token = _bearer(req)
    if token is None:
        return None
    # A plain connection (this runs on every call); a GET keeps it for its view, a write does not.
    if req.method == "GET":
        user = authenticate_token(read_connection(), token)
    else:
        with get_db().engine.connect() as connection:
            user = authenticate_token(connection, token)
    if user is None:
        return None
    g.authenticated_by_bearer = True  # the token, not the cookie: no CSRF token needed (routes/web/security.py)
    return SessionUser.signed_in(user)


def _me(user: SessionUser | TokenUser) -> dict[str, Any]:
    return {
        "id": user.user_id,
        "login": user.login,
        "person_id": user.person_id,
        "organization_id": user.organization_id,
        "roles": list(user.roles),
        "label": user.label,
    }


@bp.post("/auth/token", endpoint="issue_token")
@doc(
    "Получить токен",
    "auth",
    body=TokenRequestSchema,
    response=TokenSchema,
    public=True,
    errors=(400, 401, 422, 429, 503),
    description=(
        "После 10 неудачных попыток для одного логина с одного адреса (или 30 с одного адреса для любых логинов) "
        "за 15 минут каждая следующая попытка ждёт минуту, затем вдвое дольше; до тех пор ответ 429."
    ),
)
def issue_token_view() -> Response:
    """A bearer token for a login and password."""
    data = load_body(TokenRequestSchema())
    token, user, expires = issue_token(
        get_db(),
        data["login"],
        data["password"],
        ttl=timedelta(hours=current_settings().API_TOKEN_TTL_HOURS),
        throttle=login_throttle(),
        client=client_address(),
    )
    return reply(TokenSchema(), {"token": token, "expires_at": expires, "user": _me(user)})


@bp.post("/auth/logout")
@doc("Отозвать токен", "auth", status=204, errors=(401,))
def logout() -> Response:
    """Revoke the presented token at once (or end the web session, and with it all the user's sessions)."""
    token = _bearer(request)
    if token is not None:
        revoke_token(get_db(), token)
    else:
        end_sessions(get_db(), current_user.user_id)
        logout_user()
    return Response(status=204)


@bp.get("/auth/me")
@doc("Текущий пользователь", "auth", response=MeSchema, errors=(401,))
def me() -> Response:
    """Who the credentials belong to."""
    return reply(MeSchema(), _me(current_user))
