"""CSRF on the API through the cookie: a write authenticated by the session cookie needs the page's CSRF token in
X-CSRFToken; a cross-site form or fetch with only the cookie is refused 403; bearer-token calls stay exempt."""

from __future__ import annotations

import io
import re

import pytest
from flask.testing import FlaskClient

from models.db import Database
from tests.api.conftest import Api, make_app, set_password
from tests.builders import Office

PASSWORD = "верный-пароль-2026"
_TOKEN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@pytest.fixture
def signed_in(db: Database, office: Office) -> tuple[FlaskClient, str]:
    """A clerk signed in through the login form of an app with CSRF on, and the CSRF token of its pages."""
    set_password(db, office.actors["clerk"].user_id, PASSWORD)
    client = make_app(db, WTF_CSRF_ENABLED=True).test_client()
    token = _TOKEN.search(client.get("/login").get_data(as_text=True))
    assert token is not None
    response = client.post("/login", data={"login": "clerk", "password": PASSWORD, "csrf_token": token.group(1)})
    assert response.status_code == 302
    page = _TOKEN.search(client.get("/").get_data(as_text=True))
    assert page is not None
    return client, page.group(1)


def _import(client: FlaskClient, **headers: str) -> tuple[int, dict]:
    # What a cross-site HTML form can send: multipart with the browser's cookie and no header of its own.
    data = {"file": (io.BytesIO(b"not a roadmap"), "roadmap.xlsx"), "organization_id": "1"}
    response = client.post("/api/v1/roadmaps/import", data=data, content_type="multipart/form-data", headers=headers)
    return response.status_code, response.get_json() or {}


def test_a_cross_site_form_with_only_the_cookie_is_refused_403_in_russian(signed_in: tuple[FlaskClient, str]) -> None:
    client, _ = signed_in
    status, body = _import(client)
    assert status == 403
    assert body["error"]["code"] == "csrf_failed"
    assert "CSRF" in body["error"]["message"] and "отклонён" in body["error"]["message"]


def test_a_cross_site_fetch_of_json_with_only_the_cookie_is_refused(signed_in: tuple[FlaskClient, str]) -> None:
    client, _ = signed_in
    # The API has no PUT or DELETE route; the check is the same for every unsafe method.
    for method, path in (("POST", "/api/v1/orders"), ("PATCH", "/api/v1/orders/1")):
        response = client.open(path, method=method, json={"title": "Чужой приказ"})
        assert response.status_code == 403, method
    wrong = client.post("/api/v1/orders", json={"title": "Чужой приказ"}, headers={"X-CSRFToken": "подделка"})
    assert wrong.status_code == 403


def test_with_the_pages_csrf_token_in_the_header_the_cookie_write_goes_through(
    signed_in: tuple[FlaskClient, str],
) -> None:
    client, token = signed_in
    status, body = _import(client, **{"X-CSRFToken": token})
    assert status != 403 and body.get("error", {}).get("code") != "csrf_failed"
    assert client.post("/api/v1/auth/logout", headers={"X-CSRFToken": token}).status_code == 204


def test_reads_through_the_cookie_need_no_csrf_token(signed_in: tuple[FlaskClient, str]) -> None:
    client, _ = signed_in
    assert client.get("/api/v1/auth/me").status_code == 200


def test_bearer_token_calls_need_no_csrf_token(db: Database, office: Office) -> None:
    api = Api(make_app(db, WTF_CSRF_ENABLED=True).test_client(), db, office)
    response = api.post("/api/v1/roadmaps/import", "clerk", data={"organization_id": "1"})
    assert response.status_code != 403 or response.get_json()["error"]["code"] != "csrf_failed"
    assert api.post("auth/logout", "clerk").status_code == 204


def test_a_bogus_bearer_header_beside_the_cookie_does_not_skip_the_check(signed_in: tuple[FlaskClient, str]) -> None:
    client, _ = signed_in
    status, body = _import(client, Authorization="Bearer не-токен")
    assert status == 403 and body["error"]["code"] == "csrf_failed"
