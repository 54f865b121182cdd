"""The small ones of the security issue: documents not cached, the calendar token out of the logs, private and
atomic instance files, HSTS over HTTPS, duplicate JSON keys refused, visa-race losers 409, hidden periods 404."""

from __future__ import annotations

import logging
import multiprocessing
import re
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from flask import Flask

from config import Settings, instance_secret_key
from models.db import Database
from tests.api.conftest import Api, make_app, set_password
from tests.builders import approve, new_order
from workflow.engine.engine import fire
from workflow.services.ical import rotate_calendar_token

PASSWORD = "верный-пароль-2026"
PERIOD = {"start": "2026-09-01", "end": "2027-08-31"}
ROOT_MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


# Documents and attachments ------------------------------------------------------------------------------


def test_documents_are_served_with_cache_control_no_store(api: Api, db: Database, app: Flask) -> None:
    order_id = new_order(db, api.office)
    approve(db, api.office, order_id)
    response = api.get(f"orders/{order_id}/document.docx", "clerk")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    set_password(db, api.office.actors["clerk"].user_id, PASSWORD)
    client = app.test_client()
    client.post("/login", data={"login": "clerk", "password": PASSWORD})
    page = client.get(f"/orders/{order_id}/document.docx")
    assert page.status_code == 200 and "attachment" in page.headers["Content-Disposition"]
    assert page.headers["Cache-Control"] == "no-store"


# The calendar token -----------------------------------------------------------------------------------------


def test_the_access_log_of_the_run_target_has_no_query_string() -> None:
    makefile = ROOT_MAKEFILE.read_text()
    run = makefile[makefile.index("\nrun:") :].split("\n\n", 1)[0]
    assert "ACCESS_LOG_FORMAT='$(ACCESS_LOG_FORMAT)' bash tools/run.sh" in run
    assert '--access-logformat "$ACCESS_LOG_FORMAT"' in (ROOT_MAKEFILE.parent / "tools" / "run.sh").read_text()
    line_format = re.search(r"^ACCESS_LOG_FORMAT = (.+)$", makefile, re.MULTILINE)
    assert line_format is not None
    # %(r)s is the whole request line, %(q)s the query string, %(f)s a referer that may carry one.
    assert "%(U)s" in line_format.group(1)
    assert not {"%(r)s", "%(q)s", "%(f)s", "%({"} & {m for m in ("%(r)s", "%(q)s", "%(f)s", "%({") if m in run}


def test_no_log_line_we_write_carries_the_calendar_token(
    api: Api, db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    user_id = api.office.actors["executor"].user_id
    token = rotate_calendar_token(db, user_id)
    with caplog.at_level(logging.DEBUG):
        assert api.client.get(f"/api/v1/calendar.ics?token={token}").status_code == 200
        assert api.client.get(f"/api/v1/calendar.ics?token={token}x").status_code in (401, 404)
    assert token not in caplog.text


# Instance files -------------------------------------------------------------------------------------------


def test_a_new_sqlite_database_file_is_created_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite3"
    Settings.from_env({}, DATABASE_URL=f"sqlite:///{path}", SECRET_KEY="x")
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600


def _boot(directory: str) -> str:
    return instance_secret_key(Path(directory))


def test_first_boots_at_once_agree_on_one_secret_key_kept_0600(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    with context.Pool(6) as pool:
        keys = pool.map(_boot, [str(tmp_path)] * 24)
    assert len(set(keys)) == 1 and len(keys[0]) >= 48
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left behind
    assert instance_secret_key(tmp_path) == keys[0]


# HSTS --------------------------------------------------------------------------------------------------------


def test_hsts_is_sent_over_https_only(db: Database, app: Flask) -> None:
    client = app.test_client()
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("/login", base_url="https://prikaz.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    forwarded = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in client.get("/login", headers=forwarded).headers
    behind = make_app(db, TRUSTED_PROXIES=1).test_client().get("/login", headers=forwarded)
    assert "Strict-Transport-Security" in behind.headers


# Duplicate JSON keys -----------------------------------------------------------------------------------------


def test_a_json_body_with_a_key_given_twice_is_refused_422_in_russian(api: Api) -> None:
    raw = '{"login": "clerk", "password": "x", "login": "admin"}'
    response = api.post("auth/token", data=raw, content_type="application/json")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and "«login» указано в JSON дважды" in error["message"]
    nested = '{"title": "Приказ", "points": [{"text": "a", "text": "b"}]}'
    assert api.post("orders", "clerk", data=nested, content_type="application/json").status_code == 422


# Visa races ---------------------------------------------------------------------------------------------------


def _on_approval(api: Api, db: Database) -> int:
    order_id = new_order(db, api.office)
    from models import Order

    with db.transaction() as session:
        fire(session, session.get(Order, order_id), "submit", api.office.actors["clerk"])
    return order_id


def test_a_visa_already_given_whose_turn_has_moved_on_is_a_409_not_a_403(api: Api, db: Database) -> None:
    order_id = _on_approval(api, db)
    path = f"orders/{order_id}/transitions"
    # An approver whose turn has not come yet still lacks the right to visa now.
    assert api.post(path, "approver2", json={"event": "visa", "decision": "approve"}).status_code == 403
    assert api.post(path, "approver1", json={"event": "visa", "decision": "approve"}).status_code == 200
    again = api.post(path, "approver1", json={"event": "visa", "decision": "approve"})
    assert again.status_code == 409 and "ваша виза уже учтена" in again.get_json()["error"]["message"]
    # Someone not on the route at all is still refused for lack of rights.
    assert api.post(path, "clerk", json={"event": "visa", "decision": "approve"}).status_code == 403


def test_the_loser_of_two_visas_at_once_gets_a_409(api: Api, db: Database, app: Flask) -> None:
    order_id = _on_approval(api, db)
    token = api.token("approver1")
    path = f"/api/v1/orders/{order_id}/transitions"

    def visa(_: int) -> int:
        client = app.test_client()
        body = {"event": "visa", "decision": "approve"}
        return client.post(path, json=body, headers={"Authorization": f"Bearer {token}"}).status_code

    with ThreadPoolExecutor(2) as pool:
        statuses = sorted(pool.map(visa, range(2)))
    assert statuses == [200, 409]


# Hidden reporting periods -----------------------------------------------------------------------------------------


def test_a_hidden_reporting_period_answers_404_like_any_hidden_object(api: Api, db: Database, app: Flask) -> None:
    body = {
        "title": "Отчёт по критерию 1.1",
        "organization_id": api.office.orgs["authority"],
        "schedule_text": "Ежегодно, июнь",
        "period": PERIOD,
        "controller_id": api.office.p("controller"),
        "responsible": [{"person_id": api.office.p("executor")}],
        "indicators": [{"name": "Доля выпускников", "unit": "%", "target": 95}],
    }
    cycle = api.ok("POST", "reporting-cycles", "clerk", 201, json=body)
    api.ok("POST", f"reporting-cycles/{cycle['id']}/transitions", "head", json={"event": "approve"})
    api.ok("POST", f"reporting-cycles/{cycle['id']}/transitions", "clerk", json={"event": "start"})
    period_id = api.ok("GET", f"reporting-cycles/{cycle['id']}/periods", "executor")[0]["id"]
    stranger = "director1"
    missing = period_id + 1000
    for path in (
        f"reporting-periods/{period_id}",
        f"reporting-periods/{period_id}/events",
        f"reporting-periods/{period_id}/history",
        f"reporting-periods/{period_id}/report.docx",
    ):
        hidden = api.get(path, stranger)
        assert hidden.status_code == 404, (path, hidden.get_json())
        assert api.get(path.replace(str(period_id), str(missing)), stranger).status_code == 404
    fired = api.post(f"reporting-periods/{period_id}/transitions", stranger, json={"event": "accept"})
    assert fired.status_code == 404, fired.get_json()
    submit = {"event": "submit", "values": [], "narrative": "Чужой отчёт."}
    assert api.post(f"reporting-periods/{period_id}/transitions", stranger, json=submit).status_code == 404
    user_id = api.office.actors[stranger].user_id
    set_password(db, user_id, PASSWORD)
    client = app.test_client()
    client.post("/login", data={"login": stranger, "password": PASSWORD})
    assert client.get(f"/periods/{period_id}/report.docx").status_code == 404
    # The card's action form: a hidden period neither redirects to its cycle's card nor names the cycle.
    for target in (period_id, missing):
        posted = client.post(f"/do/reporting-periods/{target}/accept", data={})
        assert posted.status_code == 404, (target, posted.headers.get("Location"))
