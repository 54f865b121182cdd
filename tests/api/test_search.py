"""Search through the API: orders and tasks by number in any spelling and by another word form, best match first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from models import Journal
from models.db import Database
from tests.api.conftest import Api
from tests.builders import order_data

PERIOD = {"start": "2026-09-01", "end": "2027-08-31"}


def _order(api: Api, **overrides: Any) -> dict[str, Any]:
    return api.ok("POST", "orders", "clerk", 201, json=order_data(api.office, period=PERIOD, **overrides))


def _ids(api: Api, what: str, q: str, who: str = "clerk") -> list[int]:
    body = api.ok("GET", what, who, query_string={"q": q})
    assert body["total"] == len(body["items"])
    return [item["id"] for item in body["items"]]


def _register(api: Api, order_id: int) -> dict[str, Any]:
    path = f"orders/{order_id}/transitions"
    api.ok("POST", path, "clerk", json={"event": "submit"})
    api.ok("POST", path, "approver1", json={"event": "visa", "decision": "approve"})
    api.ok("POST", path, "approver2", json={"event": "visa", "decision": "approve"})
    api.ok("POST", path, "head", json={"event": "approve"})
    return api.ok("GET", f"orders/{order_id}", "clerk")


def test_orders_and_tasks_are_found_by_number_and_word_form_through_the_api(api: Api, db: Database) -> None:
    concept = _order(api, title="Об утверждении Концепции развития")
    other = _order(api, title="О проведении олимпиады", points=[{"text": "Провести олимпиаду."}])
    with db.transaction() as s:
        s.add(Journal(organization_id=api.office.orgs["authority"], kind="order", year=2026, prefix="01-27/"))
        s.flush()
        s.execute(update(Journal).values(next_number=1951))
    registered = _register(api, concept["id"])
    assert registered["reg_number"] == "01-27/1951"
    for q in ("концепция", "КОНЦЕПЦИИ", "1951", "№ 1951", "01-27/1951"):
        assert _ids(api, "orders", q) == [concept["id"]], q
    assert _ids(api, "orders", "олимпиады") == [other["id"]]
    assert _ids(api, "orders", "концепция", "outsider") == []
    api.ok("POST", f"orders/{concept['id']}/transitions", "clerk", json={"event": "dispatch"})
    tasks = _ids(api, "tasks", "аналитическую справку", "controller")
    assert len(tasks) == 1
    assert api.ok("GET", f"tasks/{tasks[0]}", "controller")["title"] == "Подготовить аналитическую справку."
    assert set(tasks) < set(_ids(api, "tasks", "№ 01-27/1951", "controller"))
    assert api.get("tasks?q=" + "я" * 201, "controller").status_code == 422
