"""Throttling without locking people out: failed logins slow the address they come from (per login, with growing
delays, and per address overall), never the real user elsewhere; the address is taken through trusted proxies only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from models import LoginAttempt
from models.db import Database
from tests.api.conftest import Api, make_app, set_password
from workflow import clock

PASSWORD = "верный-пароль-2026"
ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.7"


def _login(api: Api, login: str, password: str, address: str, **headers: str) -> int:
    response = api.client.post(
        "/api/v1/auth/token",
        json={"login": login, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )
    return response.status_code


def _seed(db: Database, login: str, address: str, count: int) -> None:
    with db.transaction() as session:
        session.add_all(LoginAttempt(login=login, at=clock.now(), client=address) for _ in range(count))


def test_the_real_user_still_logs_in_from_another_address_while_the_attackers_is_slowed(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["head"].user_id, PASSWORD)
    for _ in range(10):
        assert _login(api, "head", "подбираю", ATTACKER) == 401
    with db.session() as session:
        assert set(session.scalars(select(LoginAttempt.client))) == {ATTACKER}
    refused = api.client.post(
        "/api/v1/auth/token", json={"login": "head", "password": PASSWORD}, environ_base={"REMOTE_ADDR": ATTACKER}
    )
    assert refused.status_code == 429
    assert "Слишком много неудачных попыток" in refused.get_json()["error"]["message"]
    assert _login(api, "head", PASSWORD, OFFICE) == 200


def test_the_web_login_form_slows_the_attackers_address_and_not_the_users(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["head"].user_id, PASSWORD)
    _seed(db, "head", ATTACKER, 10)
    form = {"login": "head", "password": PASSWORD}
    assert api.client.post("/login", data=form, environ_base={"REMOTE_ADDR": ATTACKER}).status_code == 429
    assert make_app(db).test_client().post("/login", data=form, environ_base={"REMOTE_ADDR": OFFICE}).status_code == 302


def test_each_failure_past_the_limit_doubles_the_wait_of_that_address(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["head"].user_id, PASSWORD)
    start = datetime.now(UTC)
    with time_machine.travel(start, tick=False):
        _seed(db, "head", ATTACKER, 10)
        assert _login(api, "head", PASSWORD, ATTACKER) == 429
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert _login(api, "head", "подбираю", ATTACKER) == 401  # a minute later: one more try
    with time_machine.travel(start + timedelta(seconds=61 + 100), tick=False):
        assert _login(api, "head", PASSWORD, ATTACKER) == 429  # now two minutes
    with time_machine.travel(start + timedelta(seconds=61 + 121), tick=False):
        assert _login(api, "head", PASSWORD, ATTACKER) == 200


def test_one_address_trying_many_accounts_is_slowed_for_every_account(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["clerk"].user_id, PASSWORD)
    for number in range(29):
        _seed(db, f"guess{number}", ATTACKER, 1)
    assert _login(api, "guess-last", "подбираю", ATTACKER) == 401  # the thirtieth failure of the address
    assert _login(api, "clerk", PASSWORD, ATTACKER) == 429
    assert _login(api, "clerk", PASSWORD, OFFICE) == 200


def test_a_forwarded_for_header_is_ignored_without_trusted_proxies(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["head"].user_id, PASSWORD)
    _seed(db, "head", ATTACKER, 10)
    assert _login(api, "head", PASSWORD, ATTACKER, **{"X-Forwarded-For": OFFICE}) == 429


def test_behind_a_trusted_proxy_the_address_it_reports_is_the_clients(api: Api, db: Database) -> None:
    set_password(db, api.office.actors["head"].user_id, PASSWORD)
    _seed(db, "head", ATTACKER, 10)
    proxied = Api(make_app(db, TRUSTED_PROXIES=1).test_client(), db, api.office)
    proxy = "10.0.0.2"
    # The client can put anything first; only the last address, the one the proxy appended, counts.
    spoofed = f"{OFFICE}, {ATTACKER}"
    assert _login(proxied, "head", PASSWORD, proxy, **{"X-Forwarded-For": spoofed}) == 429
    assert _login(proxied, "head", PASSWORD, proxy, **{"X-Forwarded-For": OFFICE}) == 200
