"""The control queries use the indexes designed for them, on SQLite and on PostgreSQL (read from EXPLAIN).

Plans depend on statistics, so they are read on a generated district (once per database for the module) with
the shape of a million tasks: most of them done, a few per cent with extension requests. SQLite's statistics of
the tasks are then scaled to a million rows, since its planner reads nothing else. PostgreSQL gets VACUUM
ANALYZE, as autovacuum would give it, and no sequential scans (a table this small is cheaper to scan than to
search; the question here is which index a search takes).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from time import sleep
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from models.db import Database
from tests.conftest import _truncate
from tools.generate import generate
from workflow.queries.control import ControlFilter, due_soon, on_review_too_long, overdue, summary, without_date

TODAY = date(2026, 6, 1)
# Twenty thousand generated tasks, planned as if they were a million.
SCALE = 50
YEAR = (date(2025, 6, 1), date(2026, 5, 31))


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def office(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A generated district of twenty thousand tasks as of TODAY, with the statistics of a million."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("plans") / "prikaz.sqlite3"
        shutil.copy(Path(request.getfixturevalue("sqlite_template")), path)
        db = Database(f"sqlite:///{path}")
    else:
        db = Database(request.getfixturevalue("pg_url"))
        _truncate(db)
    result = generate(db, tasks=20_000, seed=7, today=TODAY)
    assert result.tasks >= 20_000 and result.extension_requests > 0
    if db.dialect == "postgresql":
        _vacuum_until_visible(db)
    else:
        _scale_sqlite_statistics(db, SCALE)
    yield db
    if db.dialect == "postgresql":
        _truncate(db)
    db.dispose()


def _vacuum_until_visible(db: Database) -> None:
    """VACUUM ANALYZE until every page of the tasks is marked all-visible, as autovacuum leaves a settled table."""
    # The throwaway cluster commits asynchronously, and VACUUM marks a page all-visible only once the commits
    # on it are flushed; without the marks an index-only scan would look as dear as reading the table.
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for _ in range(50):
            conn.exec_driver_sql("CHECKPOINT")
            conn.exec_driver_sql("VACUUM ANALYZE")
            pages, visible = conn.exec_driver_sql(
                "SELECT relpages, relallvisible FROM pg_class WHERE relname = 'tasks'"
            ).one()
            if visible >= pages:
                return
            sleep(0.2)
    pytest.fail(f"VACUUM не отметил страницы поручений видимыми: {visible} из {pages}")


def _scale_sqlite_statistics(db: Database, factor: int) -> None:
    """The tasks' statistics as if there were `factor` times as many rows (unique keys stay unique)."""
    # SQLite's planner reads only these figures: every count and every rows-per-key average grows.
    with db.engine.begin() as conn:
        for idx, stat in conn.exec_driver_sql("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'tasks'").all():
            figures = [str(int(n) * factor) if n.isdigit() and int(n) > 1 else n for n in stat.split(" ")]
            conn.exec_driver_sql(
                "UPDATE sqlite_stat1 SET stat = ? WHERE tbl = 'tasks' AND idx IS ?", (" ".join(figures), idx)
            )
    # The planner reads the statistics when a connection opens.
    db.dispose()


@contextmanager
def _captured(db: Database) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and " tasks" in statement:
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)


def _plans(db: Database, call: Callable[[Session], Any]) -> list[str]:
    """The plan of every statement about tasks that the call runs, as text."""
    with db.session() as session:
        if db.dialect == "postgresql":
            session.connection().exec_driver_sql("SET enable_seqscan = off")
        with _captured(db) as statements:
            call(session)
        prefix = "EXPLAIN QUERY PLAN " if db.dialect == "sqlite" else "EXPLAIN "
        plans = []
        for statement, parameters in statements:
            rows = session.connection().exec_driver_sql(prefix + statement, parameters).all()
            plans.append("\n".join(str(r[-1]) for r in rows))
        return plans


def _uses(plans: list[str], *indexes: str) -> None:
    text = "\n".join(plans)
    missing = [ix for ix in indexes if ix not in text]
    assert not missing, f"не использованы {missing}:\n{text}"


def test_the_overdue_count_and_page_read_the_partial_index_of_open_tasks(office: Database) -> None:
    plans = _plans(office, lambda s: overdue(s, ControlFilter(organization_id=1), today=TODAY))
    assert len(plans) == 2
    for plan in plans:
        _uses([plan], "ix_tasks_control_open")


def test_due_soon_and_undated_tasks_read_the_same_index(office: Database) -> None:
    _uses(_plans(office, lambda s: due_soon(s, today=TODAY)), "ix_tasks_control_open")
    _uses(_plans(office, lambda s: without_date(s)), "ix_tasks_control_open")


def test_reports_waiting_for_review_are_found_through_their_own_index(office: Database) -> None:
    moment = datetime.combine(TODAY, time(12), tzinfo=UTC)
    _uses(_plans(office, lambda s: on_review_too_long(s, days=5, now=moment)), "ix_tasks_on_review")


def test_the_as_of_view_reaches_each_kind_of_candidate_through_its_index(office: Database) -> None:
    plans = _plans(office, lambda s: overdue(s, as_of=date(2025, 12, 1)))
    _uses(
        plans,
        "ix_tasks_control_open",
        "ix_tasks_done_late",
        "ix_tasks_cancelled",
        "ix_extension_requests_granted",
        "ix_transition_log_object",
    )


def test_the_summary_per_responsible_reads_the_discipline_indexes(office: Database) -> None:
    plans = _plans(office, lambda s: summary(s, "responsible", *YEAR, today=TODAY))
    assert len(plans) == 1
    _uses(plans, "ix_tasks_discipline", "ix_tasks_id_discipline")


def test_the_summary_per_source_reads_its_own_index(office: Database) -> None:
    _uses(_plans(office, lambda s: summary(s, "source", *YEAR, today=TODAY)), "ix_tasks_discipline_source")
