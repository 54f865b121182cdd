"""Forms and sessions: CSRF everywhere but the bearer-token API, no change on GET, cookies, security headers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask, url_for

from models.db import Database
from tests.web import prepare
from tests.web.conftest import Browserless, web_app
from tools.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "routes" / "templates"
STATIC = ROOT / "routes" / "static"
# The pages that show a form on GET and take it on POST; every other POST route must refuse GET.
FORM_PAGES = {
    "web.admin_school_calendar",
    "web.admin_trusted_roots",
    # The справка: GET downloads it (inline below the limit), POST asks the worker for a large one.
    "web.control_xlsx",
    "web.control_docx",
    "web.order_new",
    "web.order_edit",
    "web.order_amend",
    "web.admin_user_new",
    "web.admin_user_edit",
    "web.admin_organization_new",
    "web.admin_organization_edit",
    "web.admin_person_new",
    "web.admin_person_edit",
    "web.admin_journals",
    "web.admin_journal_edit",
    "web.admin_templates",
    "web.admin_calendar",
    "web.admin_signatories",
    "web.substitutions_page",
    "web.group_new",
    "web.roadmap_import",
    "web.order_import_page",
    "web.roadmap_new",
    "web.roadmap_activity_new",
    "web.roadmap_activity_edit",
    "web.cycle_new",
    "web.cycle_edit",
    "auth.login",
}


def _login(client: Any, login: str = "clerk") -> Any:
    page = client.get("/login").get_data(as_text=True)
    return client.post(
        "/login", data={"login": login, "password": DEMO_PASSWORD, "csrf_token": Browserless.token(page)}
    )


def test_every_kind_of_response_carries_the_security_headers(demo_app: Flask) -> None:
    client = demo_app.test_client()
    _login(client)
    responses = [client.get("/login"), client.get("/"), client.get("/static/app.css"), client.get("/api/v1/orders")]
    for response in responses:
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
    assert responses[1].headers["Cache-Control"] == "no-store"


def test_no_template_or_asset_has_inline_script_inline_style_or_an_external_address() -> None:
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    problems = []
    for path in [*TEMPLATES.rglob("*.html"), *STATIC.rglob("*.*")]:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        if inline_script.search(text):
            problems.append(f"{name}: inline <script>")
        if re.search(r"\sstyle=|<style", text, re.I):
            problems.append(f"{name}: inline style")
        if re.search(r"\son[a-z]+=", text):
            problems.append(f"{name}: inline event handler")
        if re.search(r"(src|href)=[\"']?(https?:)?//", text) or re.search(r"url\((https?:)?//", text):
            problems.append(f"{name}: external address")
    assert problems == []


def test_a_form_posted_without_its_csrf_token_is_refused_in_russian_and_changes_nothing(
    demo_app: Flask, demo_db: Database
) -> None:
    order_id = prepare.order(demo_db, "О проверке защиты форм", "draft")
    client = demo_app.test_client()
    _login(client)
    response = client.post(f"/do/orders/{order_id}/cancel", data={"confirm": "yes"})
    assert response.status_code == 400
    assert "Обновите страницу" in response.get_data(as_text=True)
    assert prepare.order_state(demo_db, order_id) == "draft"


def test_the_login_form_needs_its_csrf_token_too(demo_app: Flask) -> None:
    client = demo_app.test_client()
    response = client.post("/login", data={"login": "clerk", "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_the_bearer_token_api_is_exempt_from_csrf(demo_app: Flask) -> None:
    response = demo_app.test_client().post("/api/v1/auth/token", json={"login": "clerk", "password": DEMO_PASSWORD})
    assert response.status_code == 200 and response.get_json()["token"]


def test_no_action_route_answers_get_and_only_form_pages_take_both(demo_app: Flask) -> None:
    both = set()
    post_only = []
    for rule in demo_app.url_map.iter_rules():
        methods = rule.methods or set()
        if "POST" in methods and "GET" in methods and not rule.endpoint.startswith("api."):
            both.add(rule.endpoint)
        elif "POST" in methods and rule.endpoint.startswith("web."):
            post_only.append(rule)
    assert both == FORM_PAGES
    client = demo_app.test_client()
    _login(client)
    assert post_only
    values = {"kind": "orders", "event": "submit"}
    for rule in post_only:
        with demo_app.test_request_context():
            url = url_for(rule.endpoint, **{name: values.get(name, 1) for name in rule.arguments})
        assert client.get(url).status_code == 405, rule.rule


def test_the_session_is_renewed_at_login_and_ended_at_logout(demo_app: Flask) -> None:
    client = demo_app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    response = _login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id")
    token = Browserless.token(client.get("/").get_data(as_text=True))
    logout = client.post("/logout", data={"csrf_token": token})
    assert logout.status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert client.get("/").status_code == 302


def test_the_session_cookie_is_secure_over_https_and_when_configured(demo_app: Flask, demo_url: str) -> None:
    client = demo_app.test_client()
    page = client.get("/login", base_url="https://prikaz.example").get_data(as_text=True)
    response = client.post(
        "/login",
        base_url="https://prikaz.example",
        data={"login": "clerk", "password": DEMO_PASSWORD, "csrf_token": Browserless.token(page)},
        headers={"Referer": "https://prikaz.example/login"},
    )
    assert "Secure" in response.headers["Set-Cookie"]
    configured = web_app(demo_url, SESSION_COOKIE_SECURE=True).test_client()
    assert "Secure" in configured.get("/login").headers["Set-Cookie"]


def test_a_page_of_another_role_answers_403_with_a_russian_reason(demo_app: Flask) -> None:
    client = Browserless(demo_app, "executor")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "администратор" in response.get_data(as_text=True)


def test_an_invisible_order_is_not_found_rather_than_forbidden(demo_app: Flask, demo_db: Database) -> None:
    # An executing order with no task for school № 2: whoever has a task from an order may read it.
    order_id = prepare.order(demo_db, "О дежурстве в управлении", "executing", executor="executor")
    response = Browserless(demo_app, "school2").get(f"/orders/{order_id}")
    assert response.status_code == 404
    assert "не найден" in response.get_data(as_text=True)
