"""Large control exports written by the background worker: the request, its claim, its status and its file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

EXPORT_FORMATS = ("xlsx", "docx")
# queued → running (claimed by one worker, committed before it renders) → done | failed.
EXPORT_STATES = ("queued", "running", "done", "failed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ControlExport(Base):
    """One справка asked for by a user, above the inline row limit; its file once the worker has written it."""

    __tablename__ = "control_exports"
    __table_args__ = (
        CheckConstraint(_in("format", EXPORT_FORMATS), name="format"),
        CheckConstraint(_in("status", EXPORT_STATES), name="status"),
        Index("ix_control_exports_user", "user_id", "id"),
        Index("ix_control_exports_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    format: Mapped[str] = mapped_column(String(8))
    # The view, its filter and the summary's grouping, as the control page's query string gave them.
    request: Mapped[dict[str, Any]] = mapped_column(JSON)
    title: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str] = mapped_column(Text, default="")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
