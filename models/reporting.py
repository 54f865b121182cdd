"""Reporting cycles (отчётность): indicators and one period instance per due date."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, HasPeriod, Managed, utcnow
from models.executors import ExecutorRef


class ReportingCycle(HasPeriod, Managed, Base):
    """A recurring reporting obligation with indicators."""

    __tablename__ = "reporting_cycles"
    lifecycle_kind = "reporting-cycles"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    schedule_text: Mapped[str] = mapped_column(Text, default="")
    controller_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="Indicator.position"
    )
    executors: Mapped[list[CycleExecutor]] = relationship(
        cascade="all, delete-orphan", order_by="CycleExecutor.position", lazy="selectin"
    )
    periods: Mapped[list[ReportingPeriod]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="ReportingPeriod.due_date"
    )


class CycleExecutor(ExecutorRef, Base):
    """A responsible executor of a reporting cycle."""

    __tablename__ = "cycle_executors"

    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"), index=True)


class Indicator(Base):
    """An indicator (показатель): name, unit, target."""

    __tablename__ = "indicators"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(40), default="")
    target: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))

    cycle: Mapped[ReportingCycle] = relationship(back_populates="indicators")


class ReportingPeriod(Managed, Base):
    """One period instance of a cycle: collects values, a narrative and files."""

    __tablename__ = "reporting_periods"
    __table_args__ = (UniqueConstraint("cycle_id", "due_date"),)
    lifecycle_kind = "reporting-periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reporting_cycles.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    due_date: Mapped[date] = mapped_column(Date)
    narrative: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]
    accepted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    cycle: Mapped[ReportingCycle] = relationship(back_populates="periods")
    values: Mapped[list[IndicatorValue]] = relationship(
        back_populates="period", cascade="all, delete-orphan", lazy="selectin"
    )


class IndicatorValue(Base):
    """The value of one indicator in one period."""

    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("period_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_periods.id", ondelete="CASCADE"), index=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    comment: Mapped[str] = mapped_column(Text, default="")

    period: Mapped[ReportingPeriod] = relationship(back_populates="values")
