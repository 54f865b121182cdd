"""The full-text search index: the words of orders and tasks in normal forms, and each engine's index over them.

The rows are plain (written by workflow.engine.search_index in the transaction that changes their object); the
index itself is dialect-specific DDL, kept here once for the migration and for create_all: on SQLite an FTS5
table fed by triggers, on PostgreSQL a stored tsvector column with a GIN index.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql import text

from models.base import Base

SEARCH_KINDS = ("order", "task")
FTS_TABLE = "search_fts"
DOCUMENT_COLUMN = "document"
DOCUMENT_INDEX = "ix_search_documents_document"

# Columns in order of weight: a number hit ranks above a title hit, a title hit above one in the text.
_COLUMNS = "numbers, title, body"

SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_COLUMNS}, content='search_documents', content_rowid='id')",
    f"""CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.id, new.numbers, new.title, new.body);
    END""",
    f"""CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS})
        VALUES ('delete', old.id, old.numbers, old.title, old.body);
    END""",
    f"""CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS})
        VALUES ('delete', old.id, old.numbers, old.title, old.body);
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.id, new.numbers, new.title, new.body);
    END""",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_documents_au",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)
# The stored text is already folded (ё → е) and lemmatised; the Russian stemmer only unifies what remains.
POSTGRESQL_DDL = (
    f"""ALTER TABLE search_documents ADD COLUMN {DOCUMENT_COLUMN} tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('russian', numbers), 'A')
        || setweight(to_tsvector('russian', title), 'B')
        || setweight(to_tsvector('russian', body), 'D')
    ) STORED""",
    f"CREATE INDEX {DOCUMENT_INDEX} ON search_documents USING gin ({DOCUMENT_COLUMN})",
)
POSTGRESQL_DROP = (
    f"DROP INDEX IF EXISTS {DOCUMENT_INDEX}",
    f"ALTER TABLE search_documents DROP COLUMN IF EXISTS {DOCUMENT_COLUMN}",
)


class SearchDocument(Base):
    """The words of one order or task as search reads them: number tokens, title and text, in normal forms."""

    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "object_id"),
        CheckConstraint("kind IN ('order', 'task')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    object_id: Mapped[int] = mapped_column(Integer)
    numbers: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")


def create_search_index(connection: Connection) -> None:
    """The engine's full-text index over search_documents (FTS5 on SQLite, tsvector + GIN on PostgreSQL)."""
    for statement in _ddl(connection.dialect.name, SQLITE_DDL, POSTGRESQL_DDL):
        connection.execute(text(statement))


def drop_search_index(connection: Connection) -> None:
    """Remove what create_search_index made."""
    for statement in _ddl(connection.dialect.name, SQLITE_DROP, POSTGRESQL_DROP):
        connection.execute(text(statement))


def _ddl(dialect: str, sqlite: tuple[str, ...], postgresql: tuple[str, ...]) -> tuple[str, ...]:
    return {"sqlite": sqlite, "postgresql": postgresql}.get(dialect, ())


def in_models(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's include_object: the search index is DDL of its own, not a difference from the models."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    if type_ == "column":
        return not (name == DOCUMENT_COLUMN and obj.table.name == SearchDocument.__tablename__)
    if type_ == "index":
        return name != DOCUMENT_INDEX
    return True


@event.listens_for(SearchDocument.__table__, "after_create")
def _after_create(target: Any, connection: Connection, **kw: Any) -> None:
    create_search_index(connection)
