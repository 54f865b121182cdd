"""Login and logout of the web pages (the session cookie); the API's bearer tokens come with the API."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import UserMixin, current_user, login_required, login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from models import User
from workflow.permissions import Actor
from workflow.services.passwords import verify_password

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
    def of(cls, user: User) -> SessionUser:
        """From a user row."""
        actor = Actor.of(user)
        return cls(user.id, user.login, list(user.roles), user.person_id, actor.label, actor.organization_id)

    def actor(self) -> Actor:
        """The engine's actor."""
        return Actor(self.user_id, self.person_id, frozenset(self.roles), self.label, self.organization_id)


@bp.route("/login", methods=["GET", "POST"])
def login() -> str | Response:
    """The login form."""
    from app import get_db

    if request.method == "POST":
        login_name = request.form.get("login", "").strip()
        password = request.form.get("password", "")
        with get_db().session() as db_session:
            user = db_session.scalar(select(User).where(User.login == login_name))
            ok = user is not None and user.active and verify_password(user.password_hash, password)
            who = SessionUser.of(user) if ok and user is not None else None
        if who is not None:
            session.clear()  # a fresh session at login: no fixation
            login_user(who)
            return redirect(url_for("web.home"))
        flash("Неверный логин или пароль.", "error")
    return render_template("login.html")


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    """End the session."""
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


def current_actor() -> Actor:
    """The engine's actor of the logged-in user."""
    return current_user.actor()
