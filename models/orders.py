"""Orders (приказ, постановление, распоряжение, письмо) with nested points, visas and appendices."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, HasPeriod, Managed, utcnow
from models.directory import Organization, Person
from models.executors import ExecutorRef

ORDER_KINDS = ("order", "resolution", "directive", "letter")
VISA_DECISIONS = ("approve", "approve_with_remarks", "reject")


class Order(HasPeriod, Managed, Base):
    """An order and its requisites; registered at approval."""

    __tablename__ = "orders"
    __table_args__ = (
        CheckConstraint("kind IN ('order', 'resolution', 'directive', 'letter')", name="kind"),
        UniqueConstraint("journal_id", "reg_seq"),
    )
    lifecycle_kind = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="order")
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    place: Mapped[str] = mapped_column(String(200), default="")
    preamble: Mapped[str] = mapped_column(Text, default="")
    signatory_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    controller_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    executor_mark_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    journal_id: Mapped[int | None] = mapped_column(ForeignKey("journals.id"))
    reg_seq: Mapped[int | None] = mapped_column(Integer)
    reg_number: Mapped[str | None] = mapped_column(String(60))
    reg_date: Mapped[date | None] = mapped_column(Date)
    document_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    document_sha256: Mapped[str | None] = mapped_column(String(64))
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Dispatch progress: the tasks the order creates and how many exist; a large order's job fills them in.
    dispatch_total: Mapped[int | None] = mapped_column(Integer)
    dispatch_done: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The file an imported order was read from; its number and date were given outside the journal.
    imported_from: Mapped[str | None] = mapped_column(String(255))
    # An amendment order («О внесении изменений в приказ …») names the order it changes.
    amends_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    # Signed by a deputy (substitution): who signed, and the person whose authority they used («И.о. …»).
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    signed_for_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    organization: Mapped[Organization] = relationship()
    signatory: Mapped[Person | None] = relationship(foreign_keys=[signatory_id])
    controller: Mapped[Person | None] = relationship(foreign_keys=[controller_id])
    executor_mark: Mapped[Person | None] = relationship(foreign_keys=[executor_mark_id])
    signed_by: Mapped[Person | None] = relationship(foreign_keys=[signed_by_id])
    signed_for: Mapped[Person | None] = relationship(foreign_keys=[signed_for_id])
    points: Mapped[list[OrderPoint]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderPoint.position"
    )
    visas: Mapped[list[Visa]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Visa.position"
    )
    appendices: Mapped[list[OrderAppendix]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderAppendix.position"
    )

    def point_tree(self) -> list[OrderPoint]:
        """Top-level points; children hang from each through .children."""
        return [p for p in self.points if p.parent_id is None]

    @property
    def dispatching(self) -> bool:
        """Its tasks are still being written by the dispatch job (the state «Рассылается»)."""
        return self.state == "dispatching"


class OrderPoint(Base):
    """A point (пункт) of an order; sub-points through parent_id. Stored flat, ordered by position."""

    __tablename__ = "order_points"
    __table_args__ = (UniqueConstraint("order_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("order_points.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    controlled: Mapped[bool] = mapped_column(Boolean, default=False)
    deadline_text: Mapped[str] = mapped_column(Text, default="")
    addressee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    order: Mapped[Order] = relationship(back_populates="points")
    parent: Mapped[OrderPoint | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[OrderPoint]] = relationship(back_populates="parent", order_by="OrderPoint.position")
    addressee: Mapped[Person | None] = relationship()
    executors: Mapped[list[PointExecutor]] = relationship(
        cascade="all, delete-orphan", order_by="PointExecutor.position", lazy="selectin"
    )

    @property
    def depth(self) -> int:
        """1 for a top-level point, 2 for 1.1, and so on."""
        return self.number.count(".") + 1

    @property
    def responsible(self) -> list[PointExecutor]:
        """The responsible executors."""
        return [e for e in self.executors if e.role == "responsible"]

    @property
    def co_executors(self) -> list[PointExecutor]:
        """The co-executors."""
        return [e for e in self.executors if e.role == "co_executor"]


class PointExecutor(ExecutorRef, Base):
    """An executor of an order point."""

    __tablename__ = "point_executors"

    point_id: Mapped[int] = mapped_column(ForeignKey("order_points.id", ondelete="CASCADE"), index=True)


class Visa(Base):
    """A visa (согласование) of a draft by one approver, in order."""

    __tablename__ = "visas"
    __table_args__ = (
        UniqueConstraint("order_id", "position"),
        CheckConstraint(
            "decision IS NULL OR decision IN ('approve', 'approve_with_remarks', 'reject')", name="decision"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    approver_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    decision: Mapped[str | None] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None]
    # The deputy who gave the visa in the approver's place (a substitution), None when the approver did.
    deputy_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    order: Mapped[Order] = relationship(back_populates="visas")
    approver: Mapped[Person] = relationship(foreign_keys=[approver_id])
    deputy: Mapped[Person | None] = relationship(foreign_keys=[deputy_id])


APPENDIX_KINDS = ("text", "file")


class OrderAppendix(Base):
    """An appendix: an attached roadmap, working group or reporting cycle, free text, or an uploaded file."""

    __tablename__ = "order_appendices"
    __table_args__ = (CheckConstraint("kind IN ('text', 'file')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    roadmap_id: Mapped[int | None] = mapped_column(ForeignKey("roadmaps.id"))
    working_group_id: Mapped[int | None] = mapped_column(ForeignKey("working_groups.id"))
    reporting_cycle_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_cycles.id"))
    # «file»: a DOCX or PDF uploaded to the draft, its bytes in stored_files; «text» covers plans and free text.
    kind: Mapped[str] = mapped_column(String(16), default="text", server_default="text")
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    filename: Mapped[str | None] = mapped_column(String(300))
    content_type: Mapped[str | None] = mapped_column(String(200))
    size: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    # Sheets of the file for «на 5 л. в 1 экз.» (None when a DOCX does not say).
    sheets: Mapped[int | None] = mapped_column(Integer)
    # Set at approval, when the file's hash was checked and recorded beside the order's document.
    frozen_at: Mapped[datetime | None]

    order: Mapped[Order] = relationship(back_populates="appendices")

    @property
    def is_file(self) -> bool:
        """An uploaded file rather than a plan or free text."""
        return self.kind == "file"
