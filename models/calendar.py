"""Administrator edits of the working calendar, on top of the calendar data in the repository."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base


class CalendarDay(Base):
    """A day whose working status an administrator set by hand."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    working: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(String(300), default="")


class SchoolQuarter(Base):
    """One school quarter of an academic year as the administrator set it (else the default calendar)."""

    __tablename__ = "school_quarters"

    academic_year: Mapped[int] = mapped_column(Integer, primary_key=True)  # the year of its 1 September
    number: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1–4
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)
