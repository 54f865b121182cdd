"""The school calendar an administrator keeps: the quarters (четверти) of each academic year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import SchoolQuarter
from models.db import Database
from workflow.engine.dispatch import school_calendar_for
from workflow.engine.permissions import Actor
from workflow.errors import ValidationFailed
from workflow.services.directory import require_admin

QUARTERS = 4


def _check(academic_year: int, quarters: Sequence[tuple[date, date]]) -> None:
    if len(quarters) != QUARTERS:
        raise ValidationFailed("В учебном году четыре четверти.", {"quarters": ["Укажите четыре четверти."]})
    first, last = date(academic_year, 9, 1), date(academic_year + 1, 8, 31)
    previous_end = None
    for n, (start, end) in enumerate(quarters, start=1):
        field = f"quarters.{n - 1}"
        if start > end:
            raise ValidationFailed(f"{n}-я четверть кончается раньше, чем начинается.", {field: ["Неверные даты."]})
        if not first <= start <= end <= last:
            raise ValidationFailed(
                f"{n}-я четверть вне {academic_year}-{academic_year + 1} учебного года.",
                {field: [f"Даты должны быть с {first:%d.%m.%Y} по {last:%d.%m.%Y}."]},
            )
        if previous_end is not None and start <= previous_end:
            raise ValidationFailed(
                f"{n}-я четверть начинается до окончания предыдущей.", {field: ["Четверти не пересекаются."]}
            )
        previous_end = end


def set_school_quarters(db: Database, actor: Actor, academic_year: int, quarters: Sequence[tuple[date, date]]) -> None:
    """Set the four quarters of the academic year beginning 1 September of academic_year (admin only)."""
    require_admin(actor)
    _check(academic_year, quarters)
    with db.transaction() as session:
        session.execute(delete(SchoolQuarter).where(SchoolQuarter.academic_year == academic_year))
        session.add_all(
            SchoolQuarter(academic_year=academic_year, number=n, start=start, end=end)
            for n, (start, end) in enumerate(quarters, start=1)
        )


def reset_school_quarters(db: Database, actor: Actor, academic_year: int) -> None:
    """Back to the default quarters for that academic year (admin only)."""
    require_admin(actor)
    with db.transaction() as session:
        session.execute(delete(SchoolQuarter).where(SchoolQuarter.academic_year == academic_year))


@dataclass(frozen=True)
class AcademicYear:
    """The quarters in force for an academic year and whether the administrator set them."""

    first_year: int
    quarters: tuple[tuple[date, date], ...]
    custom: bool

    @property
    def title(self) -> str:
        """«2026/2027 учебный год»."""
        return f"{self.first_year}/{self.first_year + 1} учебный год"


def academic_year(session: Session, first_year: int) -> AcademicYear:
    """The quarters of the academic year beginning 1 September of first_year, as the deadlines read them."""
    custom = session.scalar(select(SchoolQuarter.number).where(SchoolQuarter.academic_year == first_year).limit(1))
    quarters = tuple(school_calendar_for(session).quarters(first_year))
    return AcademicYear(first_year, quarters, custom is not None)
