"""Stored notifications: reminders, overdue notices, escalations; each sent once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

NOTICE_KINDS = ("due_soon", "overdue", "overdue_controller", "escalation", "inactivity")


class Notification(Base):
    """A notice to a person about a task; the dedup key makes every sweep idempotent."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("dedup_key"),
        CheckConstraint(
            "kind IN ('due_soon', 'overdue', 'overdue_controller', 'escalation', 'inactivity')", name="kind"
        ),
        Index("ix_notifications_unread", "person_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    # kind:task:deadline:person — one notice per situation, however many sweeps or nodes run.
    dedup_key: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]
