"""The transition log: every lifecycle move, appended, never changed or deleted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow


class TransitionLog(Base):
    """One recorded transition: who, when, from, to, comment and the event's payload."""

    __tablename__ = "transition_log"
    __table_args__ = (Index("ix_transition_log_object", "object_kind", "object_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_kind: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    comment: Mapped[str] = mapped_column(Text, default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# The database itself refuses to change or delete the log, whatever code runs against it.
SQLITE_APPEND_ONLY = [
    "CREATE TRIGGER IF NOT EXISTS transition_log_no_update BEFORE UPDATE ON transition_log "
    "BEGIN SELECT RAISE(ABORT, 'transition_log is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS transition_log_no_delete BEFORE DELETE ON transition_log "
    "BEGIN SELECT RAISE(ABORT, 'transition_log is append-only'); END",
]
POSTGRES_APPEND_ONLY = [
    "CREATE OR REPLACE FUNCTION transition_log_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'transition_log is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER transition_log_no_change BEFORE UPDATE OR DELETE ON transition_log "
    "FOR EACH ROW EXECUTE FUNCTION transition_log_append_only()",
]
DROP_APPEND_ONLY = {
    "sqlite": ["DROP TRIGGER IF EXISTS transition_log_no_update", "DROP TRIGGER IF EXISTS transition_log_no_delete"],
    "postgresql": [
        "DROP TRIGGER IF EXISTS transition_log_no_change ON transition_log",
        "DROP FUNCTION IF EXISTS transition_log_append_only()",
    ],
}


def append_only_statements(dialect: str) -> list[str]:
    """The DDL that makes the log append-only on this dialect (used by create_all and migrations)."""
    return {"sqlite": SQLITE_APPEND_ONLY, "postgresql": POSTGRES_APPEND_ONLY}.get(dialect, [])


for _dialect in ("sqlite", "postgresql"):
    for _stmt in append_only_statements(_dialect):
        event.listen(TransitionLog.__table__, "after_create", DDL(_stmt).execute_if(dialect=_dialect))
