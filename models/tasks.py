"""Tasks (поручения): what executors work on and controllers watch; extension requests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, Managed, utcnow
from models.directory import Organization, Person

SOURCE_KINDS = ("order", "roadmap", "working_group", "reporting")
OPEN_TASK_STATES = ("assigned", "in_progress", "on_review")
EXTENSION_STATUSES = ("pending", "granted", "denied")

_OPEN_SQL = "state IN ('assigned', 'in_progress', 'on_review')"
# The execution-control queries (workflow/queries/control.py) leave fan-out parents out: each child is the accountable
# unit and the parent only rolls them up. Their partial indexes say so in each dialect's own spelling, which the
# queries repeat literally: SQLite uses a partial index only when the query contains its WHERE terms verbatim.
_SQLITE_NOT_ROLLUP = "is_rollup = 0"
_PG_NOT_ROLLUP = "NOT is_rollup"


def _control_where(sqlite: str, postgresql: str) -> dict[str, Any]:
    return {"sqlite_where": text(sqlite), "postgresql_where": text(postgresql)}


class Task(Managed, Base):
    """A task created from an order point, a roadmap activity, a working group or a reporting period."""

    __tablename__ = "tasks"
    lifecycle_kind = "tasks"
    __table_args__ = (
        CheckConstraint("source_kind IN ('order', 'roadmap', 'working_group', 'reporting')", name="source_kind"),
        CheckConstraint("responsible_person_id IS NOT NULL OR responsible_org_id IS NOT NULL", name="has_responsible"),
        # The control queries: open tasks by deadline (a partial index, small: 10–20 % of rows are open).
        Index(
            "ix_tasks_open_deadline",
            "deadline",
            sqlite_where=text(_OPEN_SQL),
            postgresql_where=text(_OPEN_SQL),
        ),
        Index("ix_tasks_responsible_person", "responsible_person_id", "state", "deadline"),
        Index("ix_tasks_responsible_org", "responsible_org_id", "state", "deadline"),
        Index("ix_tasks_controller", "controller_id", "state", "deadline"),
        Index("ix_tasks_organization", "organization_id", "state", "deadline"),
        # Overdue, due soon, without a date, and the open branch of the as-of view: open tasks in page order
        # (deadline, id), with every filter column, so that a count reads the index alone. state and is_rollup
        # are listed although the WHERE fixes them: SQLite's planner only counts an index as covering when
        # every column the query mentions is in it.
        Index(
            "ix_tasks_control_open",
            "deadline",
            "id",
            "organization_id",
            "responsible_org_id",
            "responsible_person_id",
            "controller_id",
            "order_id",
            "roadmap_id",
            "working_group_id",
            "reporting_period_id",
            "state",
            "is_rollup",
            **_control_where(f"{_OPEN_SQL} AND {_SQLITE_NOT_ROLLUP}", f"{_OPEN_SQL} AND {_PG_NOT_ROLLUP}"),
        ),
        # The discipline summary: one pass in (responsible, state) order counts a period's tasks per group.
        Index(
            "ix_tasks_discipline",
            "responsible_org_id",
            "responsible_person_id",
            "state",
            "done_late",
            "deadline",
            "organization_id",
            "controller_id",
            "is_rollup",
            **_control_where(_SQLITE_NOT_ROLLUP, _PG_NOT_ROLLUP),
        ),
        # The summary per source document: the same counts in document order.
        Index(
            "ix_tasks_discipline_source",
            "order_id",
            "roadmap_id",
            "working_group_id",
            "reporting_period_id",
            "source_kind",
            "state",
            "done_late",
            "deadline",
            "is_rollup",
            **_control_where(_SQLITE_NOT_ROLLUP, _PG_NOT_ROLLUP),
        ),
        # A narrow copy of the columns the summary needs, reached by id from extension requests: far cheaper
        # than the wide table rows on SQLite.
        Index(
            "ix_tasks_id_discipline",
            "id",
            "deadline",
            "state",
            "responsible_org_id",
            "responsible_person_id",
            "organization_id",
            "controller_id",
            "is_rollup",
        ),
        # The as-of view: tasks that were still open on a past day were completed late after it, or cancelled
        # after it (updated_at is never earlier than the cancellation), or are open now.
        Index(
            "ix_tasks_done_late",
            "done_at",
            "deadline",
            **_control_where(f"{_SQLITE_NOT_ROLLUP} AND done_late = 1", f"{_PG_NOT_ROLLUP} AND done_late"),
        ),
        Index(
            "ix_tasks_cancelled",
            "updated_at",
            "deadline",
            **_control_where(
                f"{_SQLITE_NOT_ROLLUP} AND state = 'cancelled'", f"{_PG_NOT_ROLLUP} AND state = 'cancelled'"
            ),
        ),
        # Reports waiting for the controller, oldest first.
        Index(
            "ix_tasks_on_review",
            "reported_at",
            **_control_where(
                f"state = 'on_review' AND {_SQLITE_NOT_ROLLUP}", f"state = 'on_review' AND {_PG_NOT_ROLLUP}"
            ),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    # The issuing organization: scope of heads and clerks.
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"))
    source_kind: Mapped[str] = mapped_column(String(16))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    point_id: Mapped[int | None] = mapped_column(ForeignKey("order_points.id"), index=True)
    roadmap_id: Mapped[int | None] = mapped_column(ForeignKey("roadmaps.id"), index=True)
    activity_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_activities.id"), index=True)
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("working_groups.id"), index=True)
    reporting_period_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_periods.id"), index=True)
    # «1.4» for a point, «2.3» for an activity, «2023, июнь» for a period.
    source_label: Mapped[str] = mapped_column(String(100), default="")
    responsible_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    responsible_org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"))
    controller_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # Fan-out: one child per organization under the addressed one; the parent rolls up.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"), index=True)
    # A fan-out parent: it rolls up its children and closes by itself (known at creation, never queried).
    is_rollup: Mapped[bool] = mapped_column(Boolean, default=False)
    # Recurring and continuous items: one task per occurrence, linked as a series.
    series_key: Mapped[str | None] = mapped_column(String(100), index=True)
    series_index: Mapped[int | None] = mapped_column(Integer)
    deadline: Mapped[date | None] = mapped_column(Date)
    original_deadline: Mapped[date | None] = mapped_column(Date)
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    # External, relative and unknown deadlines: a person has to set the date.
    needs_date: Mapped[bool] = mapped_column(Boolean, default=False)
    report_text: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    done_late: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(default=utcnow)

    responsible_person: Mapped[Person | None] = relationship(foreign_keys=[responsible_person_id])
    responsible_org: Mapped[Organization | None] = relationship(foreign_keys=[responsible_org_id])
    controller: Mapped[Person | None] = relationship(foreign_keys=[controller_id])
    parent: Mapped[Task | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Task]] = relationship(back_populates="parent", order_by="Task.id")
    co_executors: Mapped[list[TaskCoExecutor]] = relationship(
        cascade="all, delete-orphan", order_by="TaskCoExecutor.id"
    )

    def overdue_on(self, day: date) -> bool:
        """Overdue is derived, never stored: the deadline has passed and the task is still open."""
        return self.state in OPEN_TASK_STATES and self.deadline is not None and self.deadline < day

    def days_overdue(self, day: date) -> int:
        """How many calendar days past the deadline an open task is on that day."""
        return (day - self.deadline).days if self.overdue_on(day) and self.deadline else 0


class TaskCoExecutor(Base):
    """A co-executor (соисполнитель) of a task: a person or an organization."""

    __tablename__ = "task_co_executors"
    __table_args__ = (CheckConstraint("(person_id IS NULL) <> (organization_id IS NULL)", name="one_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)

    def as_ref(self) -> dict[str, Any]:
        """The API shape of the reference."""
        if self.person_id is not None:
            return {"person_id": self.person_id}
        return {"organization_id": self.organization_id}


class TaskAttachment(Base):
    """A file attached to an executor's report."""

    __tablename__ = "task_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))


class ExtensionRequest(Base):
    """A deadline extension request (перенос срока) and its decision."""

    __tablename__ = "extension_requests"
    lifecycle_kind = "extension-requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'granted', 'denied')", name="status"),
        Index("ix_extension_requests_task_status", "task_id", "status"),
        # The as-of view: deadlines moved after a past day, with the deadline they replaced.
        Index(
            "ix_extension_requests_granted",
            "decided_at",
            "old_deadline",
            "task_id",
            sqlite_where=text("status = 'granted'"),
            postgresql_where=text("status = 'granted'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id"))
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    old_deadline: Mapped[date | None] = mapped_column(Date)
    new_deadline: Mapped[date] = mapped_column(Date)
    # The day the decider granted (another than asked, or moved off a day off); None until granted.
    granted_deadline: Mapped[date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1)

    task: Mapped[Task] = relationship()

    __mapper_args__: dict[str, Any] = {"version_id_col": version}  # noqa: RUF012

    def touch(self, moment: datetime) -> None:
        """Nothing to mark by hand: the version column bumps itself with the UPDATE."""
