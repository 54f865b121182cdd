"""The working calendar's manual days: set and removed by administrators, shown as a year of working days."""

from __future__ import annotations

from calendar import Calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import CalendarDay
from models.db import Database
from workflow.engine.dispatch import calendar_for
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
from workflow.services.directory import require_admin


@dataclass(frozen=True)
class MarkDay:
    """A day made working or non-working by hand, with its reason."""

    day: date
    working: bool
    note: str = ""


def set_calendar_day(db: Database, actor: Actor, command: MarkDay) -> CalendarDay:
    """Make a day working or non-working by hand (it wins over the production calendar)."""
    require_admin(actor)
    note = command.note.strip()[:300]
    with db.transaction() as session:
        row = session.get(CalendarDay, command.day)
        if row is None:
            row = CalendarDay(day=command.day, working=command.working, note=note)
            session.add(row)
        else:
            row.working, row.note = command.working, note
        session.flush()
    return row


def remove_calendar_day(db: Database, actor: Actor, day: date) -> None:
    """Give a day back to the production calendar."""
    require_admin(actor)
    with db.transaction() as session:
        removed = session.execute(delete(CalendarDay).where(CalendarDay.day == day)).rowcount  # type: ignore[attr-defined]
    if removed == 0:
        raise NotFound(f"Для {day:%d.%m.%Y} ручной отметки нет.")


def calendar_days(session: Session, year: int) -> list[CalendarDay]:
    """The manual days of a year."""
    stmt = select(CalendarDay).where(CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31)))
    return list(session.scalars(stmt.order_by(CalendarDay.day)))


@dataclass(frozen=True)
class DayCell:
    """A day of the year grid."""

    day: date | None
    working: bool = True
    manual: bool = False


def year_grid(session: Session, year: int) -> list[tuple[int, list[list[DayCell]]]]:
    """Twelve months of weeks (Monday first): each day working or not, manual days marked."""
    working = calendar_for(session)
    manual = {row.day for row in calendar_days(session, year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append(
                [
                    DayCell(d, working.is_working_day(d), d in manual) if d.month == month else DayCell(None)
                    for d in week
                ]
            )
        months.append((month, weeks))
    return months


@dataclass(frozen=True)
class CalendarYear:
    """A year of the calendar page: its manual days and its grid."""

    days: list[CalendarDay]
    grid: list[tuple[int, list[list[DayCell]]]]


def calendar_year(session: Session, year: int) -> CalendarYear:
    """The manual days and the month grid of one year."""
    return CalendarYear(calendar_days(session, year), year_grid(session, year))
