"""Administration for the pages: the working calendar's manual days, template versions, a year of working days."""

from __future__ import annotations

from calendar import Calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import CalendarDay, DocumentTemplate, StoredFile
from workflow.engine.dispatch import calendar_for
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
from workflow.services.directory import require_admin


def set_calendar_day(session: Session, actor: Actor, day: date, working: bool, note: str) -> CalendarDay:
    """Make a day working or non-working by hand (it wins over the production calendar)."""
    require_admin(actor)
    row = session.get(CalendarDay, day)
    if row is None:
        row = CalendarDay(day=day, working=working, note=note.strip()[:300])
        session.add(row)
    else:
        row.working, row.note = working, note.strip()[:300]
    session.flush()
    return row


def remove_calendar_day(session: Session, actor: Actor, day: date) -> None:
    """Give a day back to the production calendar."""
    require_admin(actor)
    if session.execute(delete(CalendarDay).where(CalendarDay.day == day)).rowcount == 0:  # type: ignore[attr-defined]
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
class TemplateVersion:
    """An uploaded template version as the list shows it."""

    id: int
    doc_type: str
    version: int
    active: bool
    filename: str
    size: int
    sha256: str
    created_at: object
    file_id: int


def template_versions(session: Session, actor: Actor) -> list[TemplateVersion]:
    """Every uploaded template version, newest first per type (old versions are kept)."""
    require_admin(actor)
    stmt = (
        select(DocumentTemplate, StoredFile.filename, StoredFile.size, StoredFile.sha256)
        .join(StoredFile, StoredFile.id == DocumentTemplate.file_id)
        .order_by(DocumentTemplate.doc_type, DocumentTemplate.template_version.desc())
    )
    return [
        TemplateVersion(t.id, t.doc_type, t.template_version, t.active, name, size, sha, t.created_at, t.file_id)
        for t, name, size, sha in session.execute(stmt)
    ]


def template_file(session: Session, actor: Actor, template_id: int) -> StoredFile:
    """The stored bytes of one template version."""
    require_admin(actor)
    row = session.get(DocumentTemplate, template_id)
    stored = session.get(StoredFile, row.file_id) if row is not None else None
    if stored is None:
        raise NotFound(f"Шаблон № {template_id} не найден.")
    return stored
