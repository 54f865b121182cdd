"""A large order is «Рассылается» while its job writes the tasks, and executing only when every task exists."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from models import Order, Task, User
from models.db import Database
from models.search import SearchDocument
from routes.auth import EPOCH_KEY
from tests.api.conftest import Api, make_app
from tests.builders import Office, approve, build_office, new_order
from tests.integration.test_dispatch_bulk import MONTHS, _monthly_order
from workflow.engine.engine import history, transition
from workflow.queries.tasks import list_tasks
from workflow.services import dispatch_jobs
from workflow.services.dispatch_jobs import run_dispatch_job
from workflow.settings import WorkflowSettings

TOTAL = MONTHS * 4  # the monthly order of test_dispatch_bulk: 24 tasks


@pytest.fixture
def app(db: Database) -> Flask:
    """The app with a background threshold low enough for a small order."""
    return make_app(db, DISPATCH_BACKGROUND_TASKS=5)


def _tasks(db: Database, order_id: int) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Task).where(Task.order_id == order_id)) or 0


def _moves(db: Database, order_id: int) -> list[tuple[str, str, str]]:
    with db.session() as s:
        order = s.get(Order, order_id)
        return [(log.event, log.from_state, log.to_state) for log in history(s, order)][-2:]


def test_a_large_order_is_dispatching_in_the_api_until_its_job_has_written_every_task(api: Api, db: Database) -> None:
    order_id = _monthly_order(db, api.office)
    api.ok("POST", f"orders/{order_id}/transitions", "clerk", json={"event": "dispatch"})
    order = api.ok("GET", f"orders/{order_id}", "clerk")
    assert order["state"] == "dispatching" and _tasks(db, order_id) == 0
    events = api.ok("GET", f"orders/{order_id}/transitions", "clerk")
    dispatched = next(e for e in events["events"] if e["event"] == "dispatched")
    assert not dispatched["allowed"] and "завершает система" in dispatched["reason"]
    refused = api.post(f"orders/{order_id}/transitions", "clerk", json={"event": "dispatched"})
    assert refused.status_code == 403

    assert run_dispatch_job(db, order_id) == TOTAL
    assert api.ok("GET", f"orders/{order_id}", "clerk")["state"] == "executing"
    assert _tasks(db, order_id) == TOTAL
    assert _moves(db, order_id) == [
        ("dispatch", "approved", "dispatching"),
        ("dispatched", "dispatching", "executing"),
    ]


def test_a_small_order_goes_straight_to_executing_with_its_tasks(api: Api, db: Database) -> None:
    office: Office = api.office
    order_id = new_order(db, office)
    approve(db, office, order_id)
    api.ok("POST", f"orders/{order_id}/transitions", "clerk", json={"event": "dispatch"})
    assert api.ok("GET", f"orders/{order_id}", "clerk")["state"] == "executing"
    assert _moves(db, order_id)[-1] == ("dispatch", "approved", "executing")


def test_the_card_of_a_dispatching_order_shows_its_state_and_progress_bar(api: Api, db: Database) -> None:
    order_id = _monthly_order(db, api.office)
    api.ok("POST", f"orders/{order_id}/transitions", "clerk", json={"event": "dispatch"})
    clerk_id = api.office.actors["clerk"].user_id
    with db.session() as s:
        user = s.get(User, clerk_id)
        assert user is not None
        epoch = user.auth_epoch
    with api.client.session_transaction() as session:
        session["_user_id"] = str(clerk_id)
        session["_fresh"] = True
        session[EPOCH_KEY] = epoch
    page = api.client.get(f"/orders/{order_id}").get_data(as_text=True)
    assert "Рассылается" in page
    assert f"Поручения создаются: 0 из {TOTAL}" in page and f'<progress max="{TOTAL}" value="0">' in page


def test_a_job_killed_after_two_chunks_resumes_and_the_order_is_executing_with_each_task_once(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = build_office(db)
    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    monkeypatch.setattr(dispatch_jobs, "JOB_CHUNK_TASKS", 4)
    monkeypatch.setattr(dispatch_jobs, "JOB_CHUNK_SECONDS", 0)
    monkeypatch.setattr(dispatch_jobs, "SQLITE_PAUSE_S", 0)
    real = dispatch_jobs.write_groups
    chunks = {"n": 0}

    def killed_in_the_third(session: Any, groups: Any) -> list[int]:
        chunks["n"] += 1
        if chunks["n"] == 3:
            raise RuntimeError("worker killed")
        return real(session, groups)

    monkeypatch.setattr(dispatch_jobs, "write_groups", killed_in_the_third)
    with pytest.raises(RuntimeError):
        run_dispatch_job(db, order_id)
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.state == "dispatching"
    partial = _tasks(db, order_id)
    assert 0 < partial < TOTAL

    monkeypatch.setattr(dispatch_jobs, "write_groups", real)
    assert run_dispatch_job(db, order_id) == TOTAL - partial
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.state == "executing" and order.dispatch_done == TOTAL
        keys = s.execute(select(Task.series_key, Task.series_index, Task.responsible_org_id, Task.parent_id)).all()
        assert len(keys) == len(set(keys)) == TOTAL


def test_the_tasks_a_dispatch_job_writes_are_each_indexed_once_and_found_by_their_words(db: Database) -> None:
    office = build_office(db)
    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    run_dispatch_job(db, order_id)
    with db.session() as s:
        ids = set(s.scalars(select(Task.id).where(Task.order_id == order_id)))
        entries = list(s.scalars(select(SearchDocument.object_id).where(SearchDocument.kind == "task")))
        assert sorted(entries) == sorted(ids) and len(ids) == TOTAL
        meals = {t.id for t in s.scalars(select(Task).where(Task.order_id == order_id)) if "питания" in t.title}
        found, total = list_tasks(s, office.actors["controller"], {"q": "питание", "page": 1, "per_page": 100})
        assert {t.id for t in found} == meals and total == len(meals) == MONTHS * 3
