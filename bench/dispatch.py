"""A large dispatch through the engine beside raw sqlite3 inserting the same rows, and a concurrent writer's wait.

Run: .venv/bin/python bench/dispatch.py [--points 500] [--schools 7] [--months 12]
The order has `points` monthly points, each addressed to an authority «with subordinates» (`schools` children):
points × months × (1 + schools) tasks (48,000 by default). It goes through the real dispatch transition and
run_dispatch_job; raw sqlite3 then inserts the very rows written into a fresh database of the same schema
(same indexes and pragmas). Meanwhile another thread makes a small write transaction every 20 ms; the longest
wait of one is reported.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

# The project root replaces this folder on the path: bench/docx.py would shadow python-docx.
sys.path.pop(0)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, update

from models import Base, Order, OrderPoint, Organization, Person, PointExecutor, Task
from models.db import Database
from workflow.engine.engine import transition
from workflow.engine.permissions import Actor
from workflow.services.dispatch_jobs import run_dispatch_job


def _prepare(path: Path, points: int, schools: int, months: int) -> tuple[Database, Actor, int]:
    db = Database(f"sqlite:///{path}")
    Base.metadata.create_all(db.engine)
    with db.transaction() as s:
        authority = Organization(name="Управление образования", kind="authority")
        s.add(authority)
        s.flush()
        clerk = Person(last_name="Бадмаева", first_name="Л", gender="f", organization_id=authority.id)
        s.add(clerk)
        for i in range(schools):
            school = Organization(name=f"Школа № {i + 1}", kind="school", parent_id=authority.id)
            s.add(school)
            s.flush()
            director = Person(last_name=f"Директор{i}", first_name="И", gender="m", organization_id=school.id)
            s.add(director)
            s.flush()
            school.head_id = director.id
        s.flush()
        order = Order(
            organization_id=authority.id,
            title="О мониторинге",
            state="approved",
            reg_number="1",
            reg_date=date(2026, 12, 1),
            period_start=date(2027, 1, 1),
            period_end=date(2027, 1, 1).replace(month=months, day=28),
        )
        s.add(order)
        s.flush()
        for n in range(points):
            point = OrderPoint(
                order_id=order.id,
                position=n,
                number=str(n + 1),
                text=f"Представлять сведения по разделу {n + 1}.",
                controlled=True,
                deadline_text="ежемесячно до 25 числа",
            )
            point.executors = [PointExecutor(organization_id=authority.id, include_subordinates=True)]
            s.add(point)
        actor = Actor(None, clerk.id, frozenset({"clerk"}), "Бадмаева Л.", organization_id=authority.id)
        return db, actor, order.id


class Writer(threading.Thread):
    """Another user's small write transactions, every 20 ms, each timed from its start to its commit."""

    def __init__(self, db: Database) -> None:
        super().__init__(daemon=True)
        self.db, self.waits, self.stop = db, [0.0], threading.Event()

    def run(self) -> None:
        """Write until told to stop."""
        while not self.stop.is_set():
            start = time.perf_counter()
            with self.db.transaction() as s:
                s.execute(update(Person).where(Person.id == 1).values(phone=str(start)))
            self.waits.append(time.perf_counter() - start)
            time.sleep(0.02)


def bench_raw(path: Path, rows: list[tuple[object, ...]], columns: list[str], chunk: int) -> float:
    """Rows per second with the sqlite3 module's executemany, a transaction per chunk, the same schema."""
    db = Database(f"sqlite:///{path}")
    Base.metadata.create_all(db.engine)
    db.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=OFF")  # the parents' organizations and people are not in this file
    sql = f"INSERT INTO tasks ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    start = time.perf_counter()
    for i in range(0, len(rows), chunk):
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(sql, rows[i : i + chunk])
        conn.execute("COMMIT")
    rate = len(rows) / (time.perf_counter() - start)
    conn.close()
    return rate


def main() -> None:
    """Dispatch, then the raw inserts, and print the figures (the last line is the summary)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--points", type=int, default=500)
    parser.add_argument("--schools", type=int, default=7)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, actor, order_id = _prepare(Path(tmp) / "dispatch.sqlite3", args.points, args.schools, args.months)
        writer = Writer(db)
        writer.start()
        time.sleep(0.1)
        start = time.perf_counter()
        transition(db, "orders", order_id, "dispatch", actor)
        run_dispatch_job(db, order_id)
        elapsed = time.perf_counter() - start
        writer.stop.set()
        writer.join()
        columns = [c.name for c in Task.__table__.columns]
        with db.engine.connect() as conn:
            rows = [tuple(r) for r in conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM tasks ORDER BY id")]
            total = db.engine.dialect.name and len(rows)
        with db.session() as s:
            order = s.scalars(select(Order).where(Order.id == order_id)).one()
            assert order.dispatch_done == order.dispatch_total == total, (order.dispatch_done, total)
        db.dispose()
        raw = bench_raw(Path(tmp) / "raw.sqlite3", rows, columns, 5000)
    rate = total / elapsed
    wait_ms = max(writer.waits) * 1000
    print(f"order: {args.points} monthly points × {args.months} months × (1 + {args.schools} schools), SQLite WAL")
    print(f"  concurrent small writes: {len(writer.waits) - 1}, at {datetime.now(UTC):%H:%M:%S} UTC")
    print(
        f"dispatch: {total} tasks in {elapsed:.2f} s ({rate:.0f} tasks/s); raw insert {raw:.0f} rows/s; "
        f"ratio {rate / raw:.2f}; a concurrent write waited {wait_ms:.0f} ms"
    )


if __name__ == "__main__":
    main()
