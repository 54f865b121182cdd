"""Login and logout of the web pages (the session cookie); the API's bearer tokens come with the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask import session as cookie  # the signed cookie session, not a database one
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response

from extensions import current_settings, get_db
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.services.auth import (
    InvalidCredentials,
    Throttle,
    TokenUser,
    TooManyAttempts,
    end_sessions,
    session_user,
    sign_in,
)
from workflow.services.office_directory import DirectoryUnavailable

bp = Blueprint("auth", __name__)


@dataclass
class SessionUser(UserMixin):
    """The logged-in user as the pages need it, detached from any database session."""

    user_id: int
    login: str
    roles: list[str]
    person_id: int | None
    label: str
    organization_id: int | None

    def get_id(self) -> str:
        """Flask-Login's identifier."""
        return str(self.user_id)

    @classmethod
    def signed_in(cls, user: TokenUser) -> SessionUser:
        """From the user a login or a token belongs to."""
        return cls(user.user_id, user.login, list(user.roles), user.person_id, user.label, user.organization_id)

    def actor(self) -> Actor:
        """The engine's actor."""
        return Actor(self.user_id, self.person_id, frozenset(self.roles), self.label, self.organization_id)


def login_throttle() -> Throttle:
    """The configured limit of failed logins per login and window (the pages and the API's token call)."""
    settings = current_settings()
    return Throttle(
        settings.LOGIN_MAX_FAILURES,
        timedelta(minutes=settings.LOGIN_WINDOW_MINUTES),
        settings.LOGIN_MAX_FAILURES_PER_CLIENT,
        timedelta(seconds=settings.LOGIN_FIRST_DELAY_SECONDS),
    )


def client_address() -> str | None:
    """The client's address; behind proxies as ProxyFix took it from the trusted ones (TRUSTED_PROXIES)."""
    return (request.remote_addr or "")[:64] or None


# The key in the Flask session of the generation of the user's sessions it was opened in.
EPOCH_KEY = "_auth_epoch"


def _safe_next(target: str | None) -> str | None:
    """A local path to return to after login, normalised; anything that could point elsewhere is dropped."""
    # Browsers drop tabs and line breaks inside a URL and read a backslash as a slash, so "/\t/evil" is
    # "//evil" to them: refuse every control character and backslash rather than try to clean them.
    if not target or len(target) > 2000 or any(ord(ch) < 33 or ord(ch) == 127 or ch == "\\" for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response | tuple[str, int]:
    """The login form; failures are throttled per login like the API's token call."""
    if request.method == "POST":
        login_name = request.form.get("login", "").strip()[:100]
        password = request.form.get("password", "")
        try:
            signed = sign_in(
                get_db(), login_name, password, throttle=login_throttle(), now=clock.now(), client=client_address()
            )
            who = SessionUser.signed_in(signed)
        except (InvalidCredentials, TooManyAttempts, DirectoryUnavailable) as exc:
            flash(exc.message, "error")
            status = 429 if isinstance(exc, TooManyAttempts) else 503 if isinstance(exc, DirectoryUnavailable) else 200
            return render_template("login.html"), status
        cookie.clear()  # a fresh session at login: no fixation
        # Permanent: the cookie carries its age and dies after PERMANENT_SESSION_LIFETIME without a request.
        cookie.permanent = True
        cookie[EPOCH_KEY] = signed.auth_epoch
        login_user(who)
        return redirect(_safe_next(request.args.get("next")) or url_for("web.home"))
    return render_template("login.html")


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    """End the session, and with it every other session and token of the user (a copied cookie dies too)."""
    end_sessions(get_db(), current_user.user_id)
    logout_user()
    cookie.clear()
    return redirect(url_for("auth.login"))


def current_actor() -> Actor:
    """The engine's actor of the authenticated user (session cookie or the API's bearer token)."""
    return current_user.actor()


def _load_user(user_id: str) -> SessionUser | None:
    """The user of the session cookie, unless the user's sessions were ended since it was opened."""
    opened_in = cookie.get(EPOCH_KEY)
    if not user_id.isdigit() or not isinstance(opened_in, int):
        return None
    signed = session_user(get_db(), int(user_id))
    return SessionUser.signed_in(signed) if signed is not None and signed.auth_epoch == opened_in else None


def init_login(manager: LoginManager) -> None:
    """The session cookie's user loader and the login page the pages send strangers to."""
    manager.user_loader(_load_user)
    manager.login_view = "auth.login"
    manager.login_message = "Войдите, чтобы продолжить."
