"""Fixtures: the office clock frozen in 2026, a migrated SQLite file per test and, beside it, the same on a
throwaway PostgreSQL."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import text

from models import Base
from models.db import Database
from tests import ldap_server
from tests.pg import IN_CI, Cluster, PostgresUnavailable
from workflow import clock

ROOT = Path(__file__).resolve().parent.parent
_pg_problem: list[str] = []

# The moment every test session starts at: a Monday inside the working calendar (2020–2027), so "today" and
# the deadlines derived from it never depend on the day the suite happens to run.
FROZEN_NOW = datetime(2026, 11, 16, 9, 0, tzinfo=clock.TIMEZONE)


@pytest.fixture(scope="session", autouse=True)
def frozen_clock() -> Iterator[None]:
    """The whole session runs from FROZEN_NOW; the clock ticks on so timeouts and waits still work."""
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield


def alembic_config(url: str) -> AlembicConfig:
    """Alembic's configuration for a database URL."""
    cfg = AlembicConfig(str(ROOT / "migrations" / "alembic.ini"))
    cfg.attributes["url"] = url
    return cfg


def migrate(url: str, revision: str = "head") -> None:
    """Upgrade a database to a revision."""
    command.upgrade(alembic_config(url), revision)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The throwaway cluster; in CI a missing PostgreSQL is a failure, elsewhere a loud skip."""
    try:
        cluster = Cluster()
    except PostgresUnavailable as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL обязателен в CI: {exc}")
        _pg_problem.append(str(exc))
        warnings.warn(f"PostgreSQL недоступен, тесты на PostgreSQL пропущены: {exc}", stacklevel=1)
        pytest.skip(f"PostgreSQL недоступен: {exc}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def ldap_directory() -> Iterator[ldap_server.Directory]:
    """The throwaway slapd; a missing slapd fails the tests of directory login (never a skip)."""
    try:
        directory = ldap_server.start()
    except ldap_server.SlapdUnavailable as exc:
        pytest.fail(f"slapd нужен тестам входа через каталог: {exc}")
    yield directory
    directory.stop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "prikaz.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_url(pg_cluster: Cluster) -> str:
    """A PostgreSQL database migrated to head once; each test truncates it."""
    url = pg_cluster.create_database("prikaz_test")
    migrate(url)
    return url


def _truncate(db: Database) -> None:
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with db.engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database of each engine."""
    if request.param == "sqlite":
        path = tmp_path / "prikaz.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database = Database(f"sqlite:///{path}")
    else:
        database = Database(request.getfixturevalue("pg_url"))
        _truncate(database)
    yield database
    database.dispose()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say it loudly when PostgreSQL tests did not run."""
    if _pg_problem:
        terminalreporter.write_sep("!", "ТЕСТЫ НА POSTGRESQL НЕ ВЫПОЛНЯЛИСЬ", red=True)
        terminalreporter.write_line(_pg_problem[0])
