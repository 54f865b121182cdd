"""Simultaneous approvals: exactly one wins, the others get the engine's error, never "database is locked"."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import func, select

from models import Order, TransitionLog
from models.db import Database
from tests.builders import build_office, new_order, ready_to_approve
from workflow.engine.engine import transition
from workflow.errors import StaleVersion, TransitionNotAllowed

WORKERS = 8
ROUNDS = 20


def _race(databases: list[Database], calls: list) -> list[str]:
    """Run one call per worker at the same moment; return what each got."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = [""] * len(calls)

    def run(n: int) -> None:
        barrier.wait()
        try:
            calls[n](databases[n])
            outcomes[n] = "ok"
        except (TransitionNotAllowed, StaleVersion) as exc:
            outcomes[n] = exc.code
        except Exception as exc:  # anything else is a failure of the test
            outcomes[n] = f"{type(exc).__name__}: {exc}"

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _submitted_order(db: Database, office) -> int:
    # Every visa given: approval needs the whole route.
    order_id = new_order(db, office)
    ready_to_approve(db, office, order_id)
    return order_id


def test_eight_workers_approving_one_order_give_one_approval_per_round(db: Database) -> None:
    office = build_office(db)
    workers = [Database(db.url) for _ in range(WORKERS)]  # each with its own engine and connections
    try:
        for _ in range(ROUNDS):
            order_id = _submitted_order(db, office)
            calls = [lambda d, oid=order_id: transition(d, "orders", oid, "approve", office.actors["head"])] * WORKERS
            outcomes = Counter(_race(workers, calls))
            assert outcomes["ok"] == 1, outcomes
            assert outcomes["ok"] + outcomes["transition_not_allowed"] + outcomes["stale_version"] == WORKERS, outcomes
            with db.session() as s:
                approvals = s.scalar(
                    select(func.count())
                    .select_from(TransitionLog)
                    .where(TransitionLog.object_id == order_id, TransitionLog.event == "approve")
                )
                order = s.get(Order, order_id)
                assert approvals == 1 and order.state == "approved" and order.reg_number is not None
        with db.session() as s:
            numbers = sorted(int(n) for n in s.scalars(select(Order.reg_number).where(Order.reg_number.is_not(None))))
        assert numbers == list(range(1, ROUNDS + 1))
    finally:
        for w in workers:
            w.dispose()


def test_concurrent_approvals_of_different_orders_get_distinct_consecutive_numbers(db: Database) -> None:
    office = build_office(db)
    workers = [Database(db.url) for _ in range(WORKERS)]
    try:
        order_ids = [_submitted_order(db, office) for _ in range(WORKERS)]
        calls = [lambda d, oid=oid: transition(d, "orders", oid, "approve", office.actors["head"]) for oid in order_ids]
        assert _race(workers, calls) == ["ok"] * WORKERS
        with db.session() as s:
            numbers = sorted(int(s.get(Order, oid).reg_number) for oid in order_ids)
        assert numbers == list(range(1, WORKERS + 1))
    finally:
        for w in workers:
            w.dispose()
