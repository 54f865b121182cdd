"""Engines and transactions: SQLite in WAL with BEGIN IMMEDIATE for writes, PostgreSQL with row locks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

# A writer waits this long for the lock before SQLite gives up; far beyond any real transaction.
SQLITE_BUSY_TIMEOUT_S = 60


def _configure_sqlite(engine: Engine) -> None:
    """Take transaction control from pysqlite so that writers begin IMMEDIATE and never upgrade a read lock."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A deferred transaction that later writes fails at once with "database is locked" in WAL
        # when another writer committed meanwhile; IMMEDIATE takes the write lock up front instead.
        immediate = conn.get_execution_options().get("prikaz_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Database:
    """One database: a read session factory and a write transaction factory."""

    def __init__(self, url: str, echo: bool = False, pool_size: int = 10, settings: Any = None) -> None:
        self.url = url
        # The workflow's settings (workflow.settings.WorkflowSettings), opaque here: models import nothing of ours.
        # The services reach them as session.info["db"].settings; None means the workflow's defaults.
        self.settings: Any = settings
        kwargs: dict[str, Any] = {"echo": echo, "future": True}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
        else:
            kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)
        self.engine: Engine = create_engine(url, **kwargs)
        self.dialect: str = self.engine.dialect.name
        if self.dialect == "sqlite":
            _configure_sqlite(self.engine)
        self.write_engine: Engine = self.engine.execution_options(prikaz_write=True)
        self._read = sessionmaker(self.engine, expire_on_commit=False, info={"db": self})
        self._write = sessionmaker(self.write_engine, expire_on_commit=False, info={"db": self})

    @property
    def locks_rows(self) -> bool:
        """Whether SELECT … FOR UPDATE is needed (SQLite serializes writers at BEGIN IMMEDIATE instead)."""
        return self.dialect != "sqlite"

    def session(self) -> Session:
        """A session for reading; writes go through transaction()."""
        return self._read()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any exception."""
        with self._write() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
