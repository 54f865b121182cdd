"""Bearer tokens, the session cookie, the login throttle and the error envelope of unreadable requests."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from sqlalchemy import select, update

from models import ApiToken, LoginAttempt, User
from models.db import Database
from tests.api.conftest import Api, make_app, set_password
from tests.builders import Office
from workflow import clock

PASSWORD = "верный-пароль-2026"


def _login(api: Api, login: str, password: str):
    return api.post("auth/token", json={"login": login, "password": password})


def test_a_correct_login_gets_a_token_stored_only_as_its_sha256(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["clerk"].user_id, PASSWORD)
    response = _login(api, "clerk", PASSWORD)
    assert response.status_code == 200
    body = response.get_json()
    assert body["user"]["login"] == "clerk" and body["user"]["roles"] == ["clerk"]
    assert body["user"]["person_id"] == api.office.p("clerk")
    assert "password" not in str(body) and "hash" not in str(body)
    with db.session() as session:
        stored = session.scalars(select(ApiToken.token_hash)).all()
    assert stored == [hashlib.sha256(body["token"].encode()).hexdigest()]
    me = api.get("auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.get_json()["login"] == "clerk"


def test_a_wrong_password_is_a_401_envelope_in_russian_with_a_bearer_challenge(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["clerk"].user_id, PASSWORD)
    response = _login(api, "clerk", "не тот")
    assert response.status_code == 401
    assert response.get_json()["error"] == {
        "code": "unauthorized",
        "message": "Неверный логин или пароль.",
        "details": {},
    }
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_calls_without_a_token_or_with_a_bad_one_are_401(api: Api) -> None:
    for headers in ({}, {"Authorization": "Bearer nonsense"}, {"Authorization": "Basic Y2xlcms6eA=="}):
        response = api.get("auth/me", headers=headers)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "unauthorized"
        assert "Authorization" in response.get_json()["error"]["message"]


def test_an_expired_token_no_longer_authenticates(api: Api, db: Database) -> None:
    token = api.token("clerk")
    assert api.get("auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    with db.transaction() as session:
        session.execute(update(ApiToken).values(expires_at=clock.now() - timedelta(seconds=1)))
    assert api.get("auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_logout_revokes_the_presented_token_and_only_that_one(api: Api) -> None:
    first = api.token("clerk")
    api._tokens.clear()
    second = api.token("clerk")
    response = api.post("auth/logout", headers={"Authorization": f"Bearer {first}"})
    assert response.status_code == 204
    assert api.get("auth/me", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    assert api.get("auth/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200


def test_a_deactivated_user_loses_api_access_at_once(api: Api, db: Database) -> None:
    token = api.token("executor")
    with db.transaction() as session:
        session.execute(update(User).where(User.login == "executor").values(active=False))
    assert api.get("auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_the_web_session_cookie_authenticates_the_api_too(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["executor"].user_id, PASSWORD)
    api.client.post("/login", data={"login": "executor", "password": PASSWORD})
    response = api.client.get("/api/v1/auth/me")
    assert response.status_code == 200 and response.get_json()["login"] == "executor"


def test_ten_failures_within_the_window_throttle_the_login_until_the_window_passes(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["clerk"].user_id, PASSWORD)
    with db.transaction() as session:
        # From the test client's address: the throttle counts per login and client address.
        session.add_all(LoginAttempt(login="clerk", at=clock.now(), client="127.0.0.1") for _ in range(9))
    assert _login(api, "clerk", "не тот").status_code == 401  # the tenth failure
    throttled = _login(api, "clerk", PASSWORD)
    assert throttled.status_code == 429
    assert throttled.get_json()["error"]["code"] == "too_many_requests"
    assert "Слишком много неудачных попыток" in throttled.get_json()["error"]["message"]
    # Another worker (another app on the same database) refuses as well: the count lives in the database.
    other_worker = make_app(db).test_client()
    assert other_worker.post("/api/v1/auth/token", json={"login": "clerk", "password": PASSWORD}).status_code == 429
    # Other logins are not affected.
    assert _login(api, "executor", "не тот").status_code == 401
    with db.transaction() as session:
        session.execute(update(LoginAttempt).values(at=clock.now() - timedelta(minutes=16)))
    assert _login(api, "clerk", PASSWORD).status_code == 200


def test_malformed_json_is_a_400_envelope(api: Api) -> None:
    response = api.post("auth/token", data='{"login": "clerk",', content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request" and error["message"].startswith("Некорректный JSON")


def test_bodies_that_are_not_json_objects_are_refused_clearly(api: Api) -> None:
    cases = [
        ({"data": "login=clerk", "content_type": "application/x-www-form-urlencoded"}, 415, "unsupported_media_type"),
        ({"data": "", "content_type": "application/json"}, 400, "bad_request"),
        ({"data": b"\xff\xfe{}", "content_type": "application/json"}, 400, "bad_request"),
        ({"data": '{"login": NaN}', "content_type": "application/json"}, 400, "bad_request"),
        ({"data": "[" * 5000 + "]" * 5000, "content_type": "application/json"}, 400, "bad_request"),
        ({"json": ["clerk"]}, 422, "validation_error"),
    ]
    for kwargs, status, code in cases:
        response = api.post("auth/token", **kwargs)
        assert (response.status_code, response.get_json()["error"]["code"]) == (status, code), kwargs


def test_field_errors_are_russian_and_name_each_field(api: Api) -> None:
    response = api.post("auth/token", json={"login": "   ", "password": 5, "remember": True})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"] == {
        "login": ["Поле не может быть пустым."],
        "password": ["Ожидается строка."],
        "remember": ["Неизвестное поле."],
    }


def test_a_body_over_the_upload_limit_is_a_413_envelope(db: Database, office: Office) -> None:
    small = make_app(db, MAX_CONTENT_LENGTH=1024).test_client()
    response = small.post("/api/v1/auth/token", json={"login": "clerk", "password": "я" * 2000})
    assert response.status_code == 413
    assert response.get_json()["error"] == {"code": "too_large", "message": "Файл слишком большой.", "details": {}}


def test_every_field_message_is_russian_whatever_the_mistake(api: Api) -> None:
    body = {
        "kind": 5,
        "organization_id": "один",
        "title": None,
        "approvers": "все",
        "period": {"start": "2022-02-30", "end": 3},
        "points": [{"text": "", "controlled": "да", "responsible": [{"person_id": True}], "children": {}}],
        "appendices": [{}, {"roadmap_id": 1, "working_group_id": 2}],
        "surprise": 1,
    }
    response = api.post("orders", "clerk", json=body)
    assert response.status_code == 422
    details = response.get_json()["error"]["details"]
    assert len(details) >= 10
    cyrillic = re.compile("[а-яё]", re.IGNORECASE)
    assert all(cyrillic.search(message) for messages in details.values() for message in messages), details
