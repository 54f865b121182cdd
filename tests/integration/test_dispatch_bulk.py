"""Dispatch written with bulk statements: the same tasks, large orders by a resumable job, a cap on absurd orders."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment
from sqlalchemy import func, select

from models import Notification, Order, Person, Task, TaskCoExecutor
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine.engine import transition
from workflow.errors import TransitionNotAllowed, ValidationFailed
from workflow.services import dispatch_jobs
from workflow.services.dispatch_jobs import pending_dispatches, run_dispatch_job
from workflow.settings import WorkflowSettings

MONTHS = 6  # «ежемесячно до 25 числа» over January–June 2027


def _monthly_order(db: Database, office: Office) -> int:
    """One monthly point for a person (with a co-executor) and one for the authority with its schools."""
    points: list[dict[str, Any]] = [
        {
            "text": "Представлять сведения о посещаемости.",
            "controlled": True,
            "responsible": [{"person_id": office.p("executor")}],
            "co_executors": [{"person_id": office.p("director1")}],
            "deadline_text": "ежемесячно до 25 числа",
        },
        {
            "text": "Проводить мониторинг питания.",
            "controlled": True,
            "responsible": [{"organization_id": office.orgs["authority"], "include_subordinates": True}],
            "deadline_text": "ежемесячно до 25 числа",
        },
    ]
    order_id = new_order(db, office, points=points, period={"start": date(2027, 1, 1), "end": date(2027, 6, 30)})
    approve(db, office, order_id)
    return order_id


def _signature(db: Database, order_id: int) -> Counter[tuple[Any, ...]]:
    """What identifies a task of the order (not the order's own ids), parents by their assignee, with multiplicity."""
    with db.session() as s:
        tasks = list(s.scalars(select(Task).where(Task.order_id == order_id)))
        by_id = {t.id: t for t in tasks}
        return Counter(
            (
                t.source_label,
                t.series_key.rsplit(":", 1)[-1] if t.series_key else None,
                t.series_index,
                t.deadline,
                t.responsible_person_id,
                t.responsible_org_id,
                t.is_rollup,
                t.state,
                (by_id[t.parent_id].responsible_org_id if t.parent_id else None),
                tuple(sorted((c.person_id or 0, c.organization_id or 0) for c in t.co_executors)),
            )
            for t in tasks
        )


def test_a_monthly_fanned_out_order_gets_every_occurrence_for_every_assignee(db: Database) -> None:
    office = build_office(db)
    order_id = _monthly_order(db, office)
    log = transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    per_month = 1 + 1 + 2  # the person; the authority's roll-up and its two schools
    assert log.payload["tasks_created"] == MONTHS * per_month
    with db.session() as s:
        tasks = list(s.scalars(select(Task).where(Task.order_id == order_id).order_by(Task.id)))
        order = s.get(Order, order_id)
        assert order is not None and order.dispatch_done == order.dispatch_total == len(tasks) == MONTHS * per_month
        assert not order.dispatching
        person = [t for t in tasks if t.responsible_person_id == office.p("executor") and t.responsible_org_id is None]
        assert [t.series_index for t in person] == list(range(1, MONTHS + 1))
        assert [t.deadline.month for t in person if t.deadline] == list(range(1, MONTHS + 1))
        assert all(t.co_executors and t.co_executors[0].person_id == office.p("director1") for t in person)
        parents = [t for t in tasks if t.is_rollup]
        assert len(parents) == MONTHS
        for parent in parents:
            assert {c.responsible_org_id for c in parent.children} == {office.orgs["school1"], office.orgs["school2"]}
            assert all(c.deadline == parent.deadline and c.series_index == parent.series_index for c in parent.children)
        # Co-executors belong to the point's own tasks, never to fan-out children.
        assert s.scalar(select(func.count()).select_from(TaskCoExecutor)) == MONTHS


def test_a_large_order_is_counted_at_dispatch_and_its_job_writes_the_same_tasks(db: Database) -> None:
    office = build_office(db)
    inline_id = _monthly_order(db, office)
    transition(db, "orders", inline_id, "dispatch", office.actors["clerk"])
    expected = _signature(db, inline_id)

    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    log = transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    assert log.payload["dispatch_background"] is True
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.dispatching and order.dispatch_done == 0
        assert s.scalar(select(func.count()).select_from(Task).where(Task.order_id == order_id)) == 0
    assert pending_dispatches(db) == [order_id]

    assert run_dispatch_job(db, order_id) == sum(expected.values())
    assert pending_dispatches(db) == []
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and not order.dispatching and order.dispatch_done == order.dispatch_total
    assert _signature(db, order_id) == expected
    assert run_dispatch_job(db, order_id) == 0  # a finished job run again writes nothing


def test_a_dispatch_job_that_crashes_mid_way_resumes_without_duplicates(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = build_office(db)
    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    monkeypatch.setattr(dispatch_jobs, "JOB_CHUNK_TASKS", 5)
    monkeypatch.setattr(dispatch_jobs, "JOB_CHUNK_SECONDS", 0)  # one batch per transaction
    real = dispatch_jobs.write_groups
    calls = {"n": 0}

    def crashing(session: Any, groups: Any) -> list[int]:
        calls["n"] += 1
        if calls["n"] == 3:
            real(session, groups)  # written, then the process dies before the commit
            raise RuntimeError("worker killed")
        return real(session, groups)

    monkeypatch.setattr(dispatch_jobs, "write_groups", crashing)
    with pytest.raises(RuntimeError):
        run_dispatch_job(db, order_id)
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.dispatching
        partial = s.scalar(select(func.count()).select_from(Task).where(Task.order_id == order_id))
        assert partial is not None and 0 < partial < (order.dispatch_total or 0)
        assert order.dispatch_done == partial

    monkeypatch.setattr(dispatch_jobs, "write_groups", real)
    run_dispatch_job(db, order_id)
    got = _signature(db, order_id)
    assert set(got.values()) == {1}  # every task exactly once
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and not order.dispatching
        assert sum(got.values()) == order.dispatch_total == MONTHS * 4


def test_an_absurd_order_is_refused_before_anything_is_written(db: Database) -> None:
    office = build_office(db)
    db.settings = WorkflowSettings(dispatch_max_tasks=10)
    order_id = _monthly_order(db, office)
    with pytest.raises(ValidationFailed) as refused:
        transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    assert "24 задач" in str(refused.value) and "10" in str(refused.value)
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.state == "approved" and order.dispatch_total is None
        assert s.scalar(select(func.count()).select_from(Task).where(Task.order_id == order_id)) == 0


def test_the_card_of_an_order_being_dispatched_shows_its_progress(db: Database) -> None:
    office = build_office(db)
    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    card = (Path(__file__).parents[2] / "routes" / "templates" / "orders" / "card.html").read_text(encoding="utf-8")
    # The card's progress block alone: the rest of the card needs the whole page context.
    block = "{% if order.dispatching %}" + card.split("{% if order.dispatching %}")[1].split("{% endif %}")[0]
    with db.session() as s:
        html = Environment().from_string(block + "{% endif %}").render(order=s.get(Order, order_id))
    assert "Поручения создаются: 0 из 24" in html and '<progress max="24" value="0">' in html


def test_an_order_still_being_dispatched_cannot_be_reported(db: Database) -> None:
    office = build_office(db)
    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with pytest.raises(TransitionNotAllowed) as refused:
        transition(db, "orders", order_id, "report", office.actors["controller"])
    assert "в состоянии «Рассылается»" in str(refused.value)


def test_the_worker_writes_a_large_dispatch_by_itself(db: Database) -> None:
    from workflow.jobs import make_huey, register

    office = build_office(db)
    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    assert pending_dispatches(db) == [order_id]
    jobs = register(make_huey(immediate=True), lambda: db)
    assert jobs.dispatch() is not None
    assert pending_dispatches(db) == []
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and not order.dispatching
        assert s.scalar(select(func.count()).select_from(Task).where(Task.order_id == order_id)) == order.dispatch_total


def _assigned(db: Database, order_id: int) -> Counter[tuple[int, int]]:
    with db.session() as s:
        tasks = select(Task.id).where(Task.order_id == order_id)
        rows = s.execute(
            select(Notification.person_id, Notification.object_id).where(
                Notification.kind == "task_assigned", Notification.object_id.in_(tasks)
            )
        )
        return Counter((person, task) for person, task in rows)


def test_a_background_dispatch_tells_the_same_people_as_an_inline_one_each_once_in_the_clerks_name(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = build_office(db)
    inline_id = _monthly_order(db, office)
    transition(db, "orders", inline_id, "dispatch", office.actors["clerk"])
    inline = _assigned(db, inline_id)
    db.settings = WorkflowSettings(dispatch_background_tasks=5)
    order_id = _monthly_order(db, office)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    monkeypatch.setattr(dispatch_jobs, "JOB_CHUNK_TASKS", 5)
    monkeypatch.setattr(dispatch_jobs, "JOB_CHUNK_SECONDS", 0)  # several chunks, each telling its own executors
    run_dispatch_job(db, order_id)
    background = _assigned(db, order_id)
    assert set(background.values()) == {1}
    assert sorted(Counter(p for p, _ in background.elements()).items()) == sorted(
        Counter(p for p, _ in inline.elements()).items()
    )
    with db.session() as s:
        texts = set(
            s.scalars(
                select(Notification.body).where(
                    Notification.kind == "task_assigned",
                    Notification.object_id.in_(select(Task.id).where(Task.order_id == order_id)),
                )
            )
        )
        clerk = s.get(Person, office.p("clerk"))
        assert clerk is not None
    assert texts and all(text.startswith(f"{clerk.name_initials} направил") for text in texts)
