"""Sessions that end: a cookie copied before logout, a new password, deactivation, new roles or the administrator
ending them stops working, and so do the user's bearer tokens; an idle session expires."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from models import User
from models.db import Database
from tests.api.conftest import make_app, set_password
from tests.builders import Office, build_office
from workflow.services import directory
from workflow.services.auth import create_token

PASSWORD = "верный-пароль-2026"
NEW_PASSWORD = "совсем-другой-пароль-2027"


@pytest.fixture
def office(db: Database) -> Office:
    """The builders' office with real passwords for the executor and the administrator."""
    office = build_office(db)
    for who in ("executor", "admin", "clerk"):
        user_id = office.actors[who].user_id
        assert user_id is not None
        set_password(db, user_id, PASSWORD)
    return office


@pytest.fixture
def app(db: Database, office: Office) -> Flask:
    """The app on the test's database."""
    return make_app(db)


def _signed_in(app: Flask, login: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"login": login, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def _copy(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another client carrying a copy of this one's session cookie, as a thief would."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def _works(client: FlaskClient) -> bool:
    return client.get("/api/v1/auth/me").status_code == 200


def _token_works(app: Flask, token: str) -> bool:
    return app.test_client().get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def _user_id(office: Office, who: str) -> int:
    user_id = office.actors[who].user_id
    assert user_id is not None
    return user_id


def test_a_cookie_copied_before_logout_no_longer_works_after_it(app: Flask, db: Database, office: Office) -> None:
    client = _signed_in(app, "executor")
    thief = _copy(app, client)
    token = create_token(db, _user_id(office, "executor"), ttl=timedelta(hours=1))
    assert _works(thief) and _token_works(app, token)
    assert client.post("/logout").status_code == 302
    assert not _works(thief)
    assert not _token_works(app, token)
    assert thief.get("/").status_code == 302  # the pages send it to the login form


def test_logging_in_again_after_logout_opens_a_working_session(app: Flask) -> None:
    client = _signed_in(app, "executor")
    client.post("/logout")
    again = _signed_in(app, "executor")
    assert _works(again)


def _change_password(db: Database, office: Office, user_id: int) -> None:
    directory.update_user(db, office.actors["admin"], directory.ChangeUser(user_id, None, password=NEW_PASSWORD))


def _deactivate_and_reactivate(db: Database, office: Office, user_id: int) -> None:
    directory.update_user(db, office.actors["admin"], directory.ChangeUser(user_id, None, active=False))
    directory.update_user(db, office.actors["admin"], directory.ChangeUser(user_id, None, active=True))


def _change_roles(db: Database, office: Office, user_id: int) -> None:
    directory.update_user(db, office.actors["admin"], directory.ChangeUser(user_id, None, roles=["controller"]))


def _end_by_admin(db: Database, office: Office, user_id: int) -> None:
    directory.end_user_sessions(db, office.actors["admin"], user_id)


@pytest.mark.parametrize(
    "event",
    [_change_password, _deactivate_and_reactivate, _change_roles, _end_by_admin],
    ids=["password", "deactivation", "roles", "admin"],
)
def test_a_password_change_deactivation_new_roles_or_the_admin_end_every_session_and_token_of_the_user(
    app: Flask, db: Database, office: Office, event: Callable[[Database, Office, int], None]
) -> None:
    user_id = _user_id(office, "executor")
    thief = _copy(app, _signed_in(app, "executor"))
    token = create_token(db, user_id, ttl=timedelta(hours=1))
    bystander = _signed_in(app, "clerk")
    assert _works(thief) and _token_works(app, token)
    event(db, office, user_id)
    assert not _works(thief)
    assert not _token_works(app, token)
    assert _works(bystander)  # only that user's sessions end


def test_an_edit_that_changes_neither_password_roles_nor_activity_keeps_the_sessions(
    app: Flask, db: Database, office: Office
) -> None:
    user_id = _user_id(office, "executor")
    client = _signed_in(app, "executor")
    with db.session() as session:
        roles = session.scalars(select(User).where(User.id == user_id)).one().roles
    directory.update_user(db, office.actors["admin"], directory.ChangeUser(user_id, None, roles=roles, active=True))
    assert _works(client)


def test_the_admin_ends_all_sessions_of_a_user_with_the_button_on_the_user_page(
    app: Flask, db: Database, office: Office
) -> None:
    user_id = _user_id(office, "executor")
    thief = _copy(app, _signed_in(app, "executor"))
    admin = _signed_in(app, "admin")
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    action = f"/admin/users/{user_id}/end-sessions"
    assert action in page and "Завершить все сеансы" in page
    response = admin.post(action)
    assert response.status_code == 302
    assert "завершены" in admin.get(response.headers["Location"]).get_data(as_text=True)
    assert not _works(thief)
    assert _works(admin)
    assert _signed_in(app, "executor") is not None  # the user simply signs in again


def test_only_the_administrator_may_end_the_sessions_of_others(app: Flask, office: Office) -> None:
    thief = _copy(app, _signed_in(app, "executor"))
    clerk = _signed_in(app, "clerk")
    assert clerk.post(f"/admin/users/{_user_id(office, 'executor')}/end-sessions").status_code == 403
    assert _works(thief)


def test_an_idle_session_expires_and_each_request_renews_it(db: Database, office: Office) -> None:
    app = make_app(db, SESSION_IDLE_MINUTES=30)
    busy = _signed_in(app, "executor")
    idle = _signed_in(app, "clerk")
    start = datetime.now(UTC)
    for minutes in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert _works(busy), minutes  # never 30 minutes without a request
    with time_machine.travel(start + timedelta(minutes=60), tick=False):
        assert not _works(idle)  # an hour without one
