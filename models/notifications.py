"""Stored notifications (events and reminders) and the e-mail outbox that sends them after commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, utcnow

# Events: created in the transaction of the transition that causes them.
EVENT_KINDS = (
    "visa_needed",
    "returned",
    "approval_needed",
    "approved",
    "task_assigned",
    "report_to_review",
    "report_returned",
    "report_accepted",
    "extension_requested",
    "extension_decided",
    "date_needed",
)
# Reminders: created by the daily sweep, once per situation.
NOTICE_KINDS = ("due_soon", "overdue", "overdue_controller", "escalation", "inactivity")
ALL_KINDS = EVENT_KINDS + NOTICE_KINDS
OUTBOX_STATES = ("pending", "sending", "sent", "failed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Notification(Base):
    """A notice to a person about an object; a reminder's dedup key makes every sweep idempotent."""

    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("dedup_key"),
        CheckConstraint(_in("kind", ALL_KINDS), name="kind"),
        Index("ix_notifications_unread", "person_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    # The object it links to: {kind, id} of the API (a task, an order, an extension request …).
    object_kind: Mapped[str] = mapped_column(String(32), default="tasks")
    object_id: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(24))
    # Reminders: kind:task:deadline:person — one notice per situation, however many sweeps or nodes run.
    # Events have none (NULLs never collide): every return or visa is a notice of its own.
    dedup_key: Mapped[str | None] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]


class OutboxEmail(Base):
    """One e-mail to send, written in the transaction that made its notice; claimed and committed before sending."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        CheckConstraint(_in("status", OUTBOX_STATES), name="status"),
        Index("ix_email_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
