"""Execution control at scale: each query of workflow/queries/control.py beside hand-written SQL on the same database.

Run: .venv/bin/python bench/control.py [--tasks 1000000] [--repeat 7] [--keep DIR]
A temporary SQLite database is migrated to head (every index of the control queries) and filled by the generator
(tools/generate.py), whose rate is printed first. Then each query runs through our function (SQLAlchemy,
dataclass rows, names) and as hand-written SQL through sqlite3 returning the same figures with the same indexes;
the table gives the best of the runs in ms, the ratio ours / hand-written, the target, and the indexes of our
plan (EXPLAIN QUERY PLAN).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# The project root replaces this folder on the path: bench/docx.py would shadow python-docx.
sys.path.pop(0)
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alembic import command
from alembic.config import Config
from sqlalchemy import event

from models.db import Database
from tools.generate import generate
from workflow import clock
from workflow.engine.dispatch import calendar_for
from workflow.printing.control_reports import ControlReportRequest, control_report_docx, control_report_xlsx
from workflow.queries.control import (
    ControlFilter,
    due_soon,
    on_review_too_long,
    overdue,
    start_of_day,
    summary,
    without_date,
)

ROOT = Path(__file__).resolve().parent.parent
OPEN = "state IN ('assigned', 'in_progress', 'on_review')"
LABELS = """
LEFT JOIN people rp ON rp.id = t.responsible_person_id
LEFT JOIN organizations ro ON ro.id = t.responsible_org_id
LEFT JOIN people cp ON cp.id = t.controller_id
LEFT JOIN orders o ON o.id = t.order_id
LEFT JOIN roadmaps r ON r.id = t.roadmap_id
LEFT JOIN working_groups g ON g.id = t.working_group_id
LEFT JOIN reporting_periods rpd ON rpd.id = t.reporting_period_id
LEFT JOIN reporting_cycles rc ON rc.id = rpd.cycle_id"""
ROW = """t.id, t.title, t.state, t.deadline, t.original_deadline, t.deadline_text, t.responsible_person_id,
t.responsible_org_id, t.controller_id, t.organization_id, t.source_kind, t.source_label, t.reported_at, t.done_at,
t.done_late, rp.last_name, rp.first_name, rp.middle_name, ro.short_name, cp.last_name, cp.first_name,
cp.middle_name, o.kind, o.reg_number, o.reg_date, o.title, r.title, g.name, rc.title"""


def _moment(day: date) -> str:
    # The start of the office's day in SQLAlchemy's SQLite storage format (UTC, no offset).
    return start_of_day(day).isoformat(" ", "microseconds")[:26]


def hand_page(conn: sqlite3.Connection, where: str, order: str, params: tuple[Any, ...]) -> tuple[int, list[Any]]:
    """Count and the first 50 rows with names, as a person would write them."""
    total = conn.execute(f"SELECT count(*) FROM tasks WHERE {where}", params).fetchone()[0]
    rows = conn.execute(
        f"SELECT {ROW} FROM (SELECT id, {order} AS k FROM tasks WHERE {where} ORDER BY {order}, id LIMIT 50) pg "
        f"JOIN tasks t ON t.id = pg.id {LABELS} ORDER BY pg.k, pg.id",
        params,
    ).fetchall()
    return total, rows


def hand_as_of(conn: sqlite3.Connection, day: date) -> tuple[int, list[Any]]:
    """The as-of view written by hand: the same candidates, the same exact test, one statement."""
    d, m = day.isoformat(), _moment(day)
    in_force = (
        "COALESCE((SELECT e.new_deadline FROM extension_requests e WHERE e.task_id = t.id AND e.status = 'granted' "
        "AND e.decided_at < :m ORDER BY e.decided_at DESC, e.id DESC LIMIT 1), t.original_deadline, t.deadline)"
    )
    sql = f"""
SELECT pg.total, {ROW} FROM (
  SELECT h.id, h.k, count(*) OVER () AS total FROM (
    SELECT t.id, {in_force} AS k FROM tasks t WHERE t.id IN (
        SELECT id FROM tasks WHERE {OPEN} AND is_rollup = 0 AND deadline < :d
        UNION SELECT id FROM tasks WHERE is_rollup = 0 AND done_late = 1 AND done_at >= :m AND deadline < :d
        UNION SELECT id FROM tasks WHERE is_rollup = 0 AND state = 'cancelled' AND updated_at >= :m AND deadline < :d
        UNION SELECT task_id FROM extension_requests WHERE status = 'granted' AND decided_at >= :m
                                                        AND old_deadline < :d)
      AND t.is_rollup = 0 AND t.created_at < :m AND (t.done_at IS NULL OR t.done_at >= :m)
      AND NOT EXISTS (SELECT 1 FROM transition_log l WHERE l.object_kind = 'tasks' AND l.object_id = t.id
                      AND l.to_state = 'cancelled' AND l.at < :m)
      AND {in_force} < :d) h
  ORDER BY h.k, h.id LIMIT 50) pg
JOIN tasks t ON t.id = pg.id {LABELS} ORDER BY pg.k, pg.id"""
    rows = conn.execute(sql, {"d": d, "m": m}).fetchall()
    return (rows[0][0] if rows else 0), rows


def hand_summary(conn: sqlite3.Connection, keys: str, start: date | None, end: date | None, today: date) -> list[Any]:
    """Per group: every outcome and the extension requests, as plain SQL with FILTER counts, names joined."""
    period, params = "", {"today": today.isoformat()}
    if start and end:
        period = "AND {col} BETWEEN :start AND :end"
        params.update(start=start.isoformat(), end=end.isoformat())
    sql = f"""
WITH counts AS (
  SELECT {keys}, count(*) AS total,
    count(*) FILTER (WHERE state = 'done' AND done_late = 0) AS on_time,
    count(*) FILTER (WHERE state = 'done' AND done_late = 1) AS late,
    count(*) FILTER (WHERE {OPEN} AND deadline < :today) AS overdue,
    count(*) FILTER (WHERE {OPEN} AND (deadline >= :today OR deadline IS NULL)) AS in_work
  FROM tasks WHERE is_rollup = 0 AND state <> 'cancelled' {period.format(col="deadline")} GROUP BY {keys}),
ext AS (
  SELECT {", ".join(f"t.{k.strip()}" for k in keys.split(","))}, count(*) AS asked,
    count(*) FILTER (WHERE e.status = 'granted') AS granted
  FROM extension_requests e JOIN tasks t ON t.id = e.task_id
  WHERE t.is_rollup = 0 AND t.state <> 'cancelled' {period.format(col="+t.deadline")} GROUP BY {keys})
SELECT c.*, x.asked, x.granted FROM counts c LEFT JOIN ext x ON {
        " AND ".join(f"x.{k.strip()} IS c.{k.strip()}" for k in keys.split(","))
    }"""
    rows = conn.execute(sql, params).fetchall()
    if "responsible_person_id" in keys:
        people = sorted({r[1] for r in rows if r[1] is not None})
        orgs = sorted({r[0] for r in rows if r[0] is not None})
        names = (
            f"SELECT id, last_name, first_name, middle_name, organization_id FROM people WHERE id IN ({_marks(people)})"
        )
        conn.execute(names, people).fetchall()
        conn.execute(f"SELECT id, short_name, name FROM organizations WHERE id IN ({_marks(orgs)})", orgs).fetchall()
    else:
        for index, table in ((1, "orders"), (2, "roadmaps"), (3, "working_groups")):
            ids = sorted({r[index] for r in rows if r[index] is not None})
            conn.execute(f"SELECT * FROM {table} WHERE id IN ({_marks(ids)})", ids).fetchall()
        periods = sorted({r[4] for r in rows if r[4] is not None})
        conn.execute(
            "SELECT p.id, c.id, c.title FROM reporting_periods p JOIN reporting_cycles c ON c.id = p.cycle_id "
            f"WHERE p.id IN ({_marks(periods)})",
            periods,
        ).fetchall()
    return rows


def _marks(values: list[Any]) -> str:
    return ",".join("?" * len(values))


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The best wall time of `repeat` runs after one warm-up, in ms, and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, result


def plan_indexes(db: Database, call: Callable[[Any], Any]) -> str:
    """The indexes our statements use, read from EXPLAIN QUERY PLAN."""
    statements: list[tuple[str, Any]] = []

    def keep(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        if " tasks" in statement and statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with db.session() as s:
            call(s)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    found: list[str] = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters):
                for name in re.findall(r"INDEX (ix_\w+)", str(row[-1])):
                    if name not in found:
                        found.append(name)
    return ", ".join(found) or "—"


def main() -> None:
    """Generate, then time every control query beside its hand-written SQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="keep the database in this folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="prikaz-bench-control-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "control.sqlite3"
    if path.exists():
        path.unlink()
    cfg = Config(str(ROOT / "migrations" / "alembic.ini"))
    cfg.attributes["url"] = f"sqlite:///{path}"
    command.upgrade(cfg, "head")
    db = Database(f"sqlite:///{path}")
    today = clock.today()
    print(f"База: {path}")
    result = generate(db, tasks=args.tasks, today=today, echo=print)
    print()

    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    year = (today - timedelta(days=365), today - timedelta(days=1))
    recent, older = today - timedelta(days=90), today - timedelta(days=365)
    with db.session() as s:
        soon_until = calendar_for(s).add_working_days(today, 3).isoformat()
    authority = raw.execute("SELECT min(id) FROM organizations WHERE kind = 'authority'").fetchone()[0]
    review_before = (clock.now() - timedelta(days=5)).isoformat(" ", "microseconds")[:26]
    subtree = (
        "WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL "
        "SELECT o.id FROM organizations o JOIN sub ON o.parent_id = sub.id) SELECT id FROM sub"
    )
    t = today.isoformat()

    cases: list[tuple[str, Callable[[Any], Any], Callable[[], Any], float | None]] = [
        (
            "просроченные сейчас: число + 1-я страница из 50",
            lambda s: overdue(s, today=today),
            lambda: hand_page(raw, f"{OPEN} AND is_rollup = 0 AND deadline < ?", "deadline", (t,)),
            20,
        ),
        (
            "то же, организация с подведомственными",
            lambda s: overdue(s, ControlFilter(organization_id=authority), today=today),
            lambda: hand_page(
                raw,
                f"{OPEN} AND is_rollup = 0 AND deadline < ? AND organization_id IN ({subtree})",
                "deadline",
                (t, authority),
            ),
            None,
        ),
        (
            f"просроченные на {recent:%d.%m.%Y} (по истории)",
            lambda s: overdue(s, as_of=recent),
            lambda: hand_as_of(raw, recent),
            200,
        ),
        (
            f"просроченные на {older:%d.%m.%Y} (по истории)",
            lambda s: overdue(s, as_of=older),
            lambda: hand_as_of(raw, older),
            200,
        ),
        (
            "срок в ближайшие 3 рабочих дня",
            lambda s: due_soon(s, working_days=3, today=today),
            lambda: hand_page(
                raw, f"{OPEN} AND is_rollup = 0 AND deadline >= ? AND deadline <= ?", "deadline", (t, soon_until)
            ),
            None,
        ),
        (
            "без срока",
            lambda s: without_date(s),
            lambda: hand_page(raw, f"{OPEN} AND is_rollup = 0 AND deadline IS NULL", "id", ()),
            None,
        ),
        (
            "на проверке более 5 дней",
            lambda s: on_review_too_long(s, days=5),
            lambda: hand_page(
                raw, "state = 'on_review' AND is_rollup = 0 AND reported_at < ?", "reported_at", (review_before,)
            ),
            None,
        ),
        (
            "сводка по исполнителям за 12 месяцев",
            lambda s: summary(s, "responsible", *year, today=today),
            lambda: hand_summary(raw, "responsible_org_id, responsible_person_id", *year, today),
            100,
        ),
        (
            "сводка по исполнителям за всё время",
            lambda s: summary(s, "responsible", today=today),
            lambda: hand_summary(raw, "responsible_org_id, responsible_person_id", None, None, today),
            None,
        ),
        (
            "сводка по организациям за 12 месяцев",
            lambda s: summary(s, "organization", *year, today=today),
            lambda: hand_summary(raw, "responsible_org_id, responsible_person_id", *year, today),
            None,
        ),
        (
            "сводка по документам за 12 месяцев",
            lambda s: summary(s, "source", *year, today=today),
            lambda: hand_summary(
                raw, "source_kind, order_id, roadmap_id, working_group_id, reporting_period_id", *year, today
            ),
            None,
        ),
    ]

    print("| запрос | наш, мс | SQL вручную, мс | отношение | цель, мс | индексы нашего плана |")
    print("|---|---|---|---|---|---|")
    with db.session() as session:
        for name, ours, hand, target in cases:
            ours_ms, _ = best(lambda ours=ours: ours(session), args.repeat)
            hand_ms, _ = best(hand, args.repeat)
            goal = f"{target:g}" if target else "—"
            indexes = plan_indexes(db, ours)
            print(f"| {name} | {ours_ms:.1f} | {hand_ms:.1f} | {ours_ms / hand_ms:.2f} | {goal} | {indexes} |")
        request = ControlReportRequest(date_from=year[0], date_to=year[1])
        xlsx_ms, data = best(lambda: control_report_xlsx(session, request, today=today), 1)
        docx_ms, _ = best(lambda: control_report_docx(session, request, today=today), 1)
    print()
    print(
        f"Справка XLSX (все просроченные сейчас и сводка): {xlsx_ms:.0f} мс, {len(data) // 1024} КиБ; "
        f"DOCX (первые 300): {docx_ms:.0f} мс."
    )
    print(f"Генерация: {result.rows_per_second:,.0f} строк/с.".replace(",", " "))
    if args.keep is None:
        db.dispose()
        raw.close()
        for file in folder.iterdir():
            file.unlink()
        folder.rmdir()


if __name__ == "__main__":
    main()
