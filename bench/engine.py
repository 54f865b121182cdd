"""Persisted transitions per second through the engine, beside raw sqlite3 doing the same writes.

Run: .venv/bin/python bench/engine.py [--n 2000]
Both sides use the same SQLite file settings (WAL, synchronous=NORMAL, foreign keys on) in the same run, taking
turns in blocks of BLOCK transitions; the engine side does everything a real transition does: load, permission,
guard, versioned UPDATE, audit row, commit.
"""

from __future__ import annotations

import argparse
import gc
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path

# The project root replaces this folder on the path: bench/docx.py would shadow python-docx.
sys.path.pop(0)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select
from transitions import Machine

from models import Base, Organization, Person, Task
from models.db import Database
from workflow.engine.engine import transition
from workflow.engine.lifecycles import LIFECYCLES
from workflow.engine.permissions import Actor

# Transitions per block; the engine and raw sqlite3 take turns block by block.
BLOCK = 50


def _prepare(path: Path, n: int) -> tuple[Database, Actor]:
    db = Database(f"sqlite:///{path}")
    Base.metadata.create_all(db.engine)
    with db.transaction() as s:
        org = Organization(name="Управление", kind="authority")
        s.add(org)
        s.flush()
        person = Person(last_name="Бадмаева", first_name="Л", middle_name="Н", gender="f", organization_id=org.id)
        s.add(person)
        s.flush()
        now = datetime.now(UTC)
        rows = [
            {
                "title": f"Поручение {i}",
                "organization_id": org.id,
                "source_kind": "order",
                "state": "assigned",
                "version": 1,
                "updated_at": now,
                "created_at": now,
                "last_activity_at": now,
                "responsible_person_id": person.id,
                "deadline": date(2030, 1, 1),
                "deadline_text": "до 01.01.2030",
                "needs_date": False,
                "report_text": "",
                "done_late": False,
                "source_label": str(i),
            }
            for i in range(2 * n)
        ]
        s.execute(insert(Task), rows)
    actor = Actor(
        user_id=None, person_id=person.id, roles=frozenset({"executor"}), label="Бадмаева Л.Н.", organization_id=org.id
    )
    return db, actor


def bench_engine(db: Database, actor: Actor, ids: list[int]) -> tuple[float, float]:
    """Seconds of wall clock and of this process's CPU for these transitions through transition()."""
    start, cpu = time.perf_counter(), time.process_time()
    for task_id in ids:
        transition(db, "tasks", task_id, "start", actor)
    return time.perf_counter() - start, time.process_time() - cpu


def raw_connection(path: Path) -> sqlite3.Connection:
    """A sqlite3 connection with the application's settings."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")  # as the application's connections have it
    return conn


def bench_raw(conn: sqlite3.Connection, ids: list[int]) -> tuple[float, float]:
    """Seconds (wall, CPU) for the same SELECT + UPDATE + INSERT + COMMIT per transition with the sqlite3 module."""
    start, cpu = time.perf_counter(), time.process_time()
    for task_id in ids:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
        conn.execute("BEGIN IMMEDIATE")
        state, version = conn.execute("SELECT state, version FROM tasks WHERE id = ?", (task_id,)).fetchone()
        conn.execute(
            "UPDATE tasks SET state = 'in_progress', version = ?, updated_at = ? WHERE id = ? AND version = ?",
            (version + 1, now, task_id, version),
        )
        conn.execute(
            "INSERT INTO transition_log (object_kind, object_id, event, from_state, to_state, actor_user_id, "
            "actor_label, at, comment, payload) VALUES ('tasks', ?, 'start', ?, 'in_progress', NULL, ?, ?, '', '{}')",
            (task_id, state, "Бадмаева Л.Н.", now),
        )
        conn.execute("COMMIT")
    return time.perf_counter() - start, time.process_time() - cpu


def memory_per_object(db: Database, count: int) -> tuple[float, float]:
    """Bytes per loaded Task row, and per row with a machine of its own (the pattern we avoid)."""
    gc.collect()
    with db.session() as s:
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        rows = list(s.scalars(select(Task).limit(count)))
        loaded = (tracemalloc.get_traced_memory()[0] - before) / len(rows)
        states = list(LIFECYCLES["tasks"].states)
        before = tracemalloc.get_traced_memory()[0]
        machines = [Machine(model=row, states=states, initial=row.state, auto_transitions=False) for row in rows[:500]]
        per_machine = (tracemalloc.get_traced_memory()[0] - before) / len(machines)
        tracemalloc.stop()
        del machines, rows
    return loaded, per_machine


def main() -> None:
    """Run both sides and print the rates and their ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        db, actor = _prepare(path, args.n)
        with db.session() as s:
            ids = list(s.scalars(select(Task.id).order_by(Task.id)))
        engine_ids, raw_ids = ids[: args.n], ids[args.n :]
        conn = raw_connection(path)
        bench_engine(db, actor, engine_ids[:50])  # warm-up: imports, statement caches
        bench_raw(conn, raw_ids[:50])
        # Interleaved blocks: a machine shared with other work slows both sides alike.
        engine_s = raw_s = engine_cpu = raw_cpu = 0.0
        for start in range(50, args.n, BLOCK):
            wall, cpu = bench_engine(db, actor, engine_ids[start : start + BLOCK])
            engine_s, engine_cpu = engine_s + wall, engine_cpu + cpu
            wall, cpu = bench_raw(conn, raw_ids[start : start + BLOCK])
            raw_s, raw_cpu = raw_s + wall, raw_cpu + cpu
        conn.close()
        measured = args.n - 50
        engine_rate, raw_rate = measured / engine_s, measured / raw_s
        loaded, per_machine = memory_per_object(db, 5000)
        db.dispose()
    print(f"transitions persisted, SQLite WAL, n={args.n}")
    print(f"  engine (load, guard, versioned update, audit, commit): {engine_rate:8.0f} /s")
    print(f"  raw sqlite3 (select, update, insert, commit):          {raw_rate:8.0f} /s")
    print(f"  ratio engine / raw:                                    {engine_rate / raw_rate:8.3f}")
    print(
        f"  CPU per transition: engine {engine_cpu / measured * 1000:.2f} ms, raw {raw_cpu / measured * 1000:.2f} ms, "
        f"ratio {raw_cpu / engine_cpu:.3f} (less sensitive to other load on the machine)"
    )
    print(f"memory per loaded Task row:        {loaded / 1024:6.1f} KiB")
    print(f"extra per row with its own Machine: {per_machine / 1024:6.1f} KiB (not used: one machine per kind)")


if __name__ == "__main__":
    main()
