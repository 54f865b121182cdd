"""Substitutions (замещения): a deputy stands in for a person over a period of days."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, false
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from models.base import Base, utcnow
from models.directory import Person
from models.orders import Order


class Substitution(Base):
    """The deputy may do what the person may from `start` to `end` (both inclusive), until cancelled."""

    __tablename__ = "substitutions"
    __table_args__ = (
        CheckConstraint("person_id <> deputy_id", name="not_self"),
        CheckConstraint("start_date <= end_date", name="period"),
        Index("ix_substitutions_deputy_period", "deputy_id", "start_date", "end_date"),
        Index("ix_substitutions_person_period", "person_id", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    deputy_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    start: Mapped[date] = mapped_column("start_date", Date)
    end: Mapped[date] = mapped_column("end_date", Date)
    # The order «О временном исполнении обязанностей …» that appointed the deputy, when there is one.
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Named by a draft order: in force once that order is approved.
    pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Cancelled, not deleted: what a deputy signed stays explained by the row that allowed it.
    cancelled_at: Mapped[datetime | None] = mapped_column()

    order: Mapped[Order | None] = relationship(backref=backref("substitutions", order_by="Substitution.id"))
    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    deputy: Mapped[Person] = relationship(foreign_keys=[deputy_id])

    def runs_on(self, day: date) -> bool:
        """Whether the substitution is in force on that day."""
        return self.cancelled_at is None and not self.pending and self.start <= day <= self.end
