"""Task creation at dispatch: dated occurrences × executors, with fan-out to subordinate organizations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CalendarDay, Organization, SchoolQuarter, Task, TaskCoExecutor
from workflow.deadlines.calendar import SchoolCalendar, WorkingCalendar, default_calendar, default_school_calendar
from workflow.deadlines.grammar import Deadline, parse_deadline
from workflow.engine.scope import descendants
from workflow.settings import settings_of


class ExecutorLike(Protocol):
    """Anything with the fields of an executor reference."""

    # Read-only: mapped columns of the executor tables and frozen Refs both qualify.
    @property
    def person_id(self) -> int | None: ...

    @property
    def organization_id(self) -> int | None: ...

    @property
    def include_subordinates(self) -> bool: ...


@dataclass(frozen=True)
class Ref:
    """An executor reference built in code (a working group's chair)."""

    person_id: int | None
    organization_id: int | None = None
    include_subordinates: bool = False


@dataclass(frozen=True)
class Occurrence:
    """One dated (or undated) occurrence of a controlled item."""

    nominal: date | None
    working: date | None
    index: int | None


@dataclass
class ItemSpec:
    """What every task of one controlled item shares."""

    title: str
    organization_id: int
    source_kind: str
    source_label: str
    controller_id: int | None
    deadline_text: str
    links: dict[str, Any]
    series_base: str


@dataclass
class Assignee:
    """A responsible person and/or organization; children when the organization fans out."""

    person_id: int | None
    org_id: int | None
    children: list[Assignee] = field(default_factory=list)

    @property
    def key(self) -> str:
        """A stable key of the assignee inside a series."""
        return f"p{self.person_id}" if self.org_id is None else f"o{self.org_id}"


def calendar_for(session: Session) -> WorkingCalendar:
    """The repository's production calendar with the administrator's edits on top."""
    overrides = {row.day: row.working for row in session.scalars(select(CalendarDay))}
    return default_calendar().with_overrides(overrides) if overrides else default_calendar()


def school_calendar_for(session: Session) -> SchoolCalendar:
    """The default school calendar with the quarters the administrator set for some academic years."""
    years: dict[int, list[tuple[date, date]]] = {}
    for row in session.scalars(select(SchoolQuarter).order_by(SchoolQuarter.academic_year, SchoolQuarter.number)):
        years.setdefault(row.academic_year, []).append((row.start, row.end))
    return default_school_calendar().with_years(years) if years else default_school_calendar()


def deadline_settings(session: Session) -> tuple[str, str]:
    """The office's non-working-day rule and the horizon of a series without a period (one place to read them)."""
    office = settings_of(session)
    return office.deadline_rule, office.deadline_horizon


def parse_for(session: Session, text: str, period: tuple[date, date] | None, reference: date) -> Deadline:
    """Parse a deadline text in the context of its document, with the office's calendars, rule and horizon."""
    rule, horizon = deadline_settings(session)
    return parse_deadline(
        text,
        period=period,
        reference_date=reference,
        calendar=calendar_for(session),
        rule=rule,
        school=school_calendar_for(session),
        horizon=horizon,
    )


def _ru(d: date) -> str:
    return d.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class Schedule:
    """The occurrences a deadline creates at dispatch, with what was dropped or merged and why."""

    occurrences: list[Occurrence]
    dropped: list[date]
    warnings: list[str]


def schedule(deadline: Deadline) -> Schedule:
    """Every due date becomes an occurrence; none before the reference day (the signing); one per working day.

    A text with several dates is a series even when it is not recurring («до 01.10 и до 01.03»).
    Occurrences before the reference day are dropped; when that leaves nothing the point still gets
    its task, undated (needs a date), so that nothing is lost and nothing is dated in the past.
    """
    if deadline.needs_date or not deadline.due_dates:
        return Schedule([Occurrence(None, None, None)], [], [])
    pairs = list(zip(deadline.due_dates, deadline.working_due_dates, strict=True))
    reference = deadline.reference
    warnings: list[str] = []
    dropped: list[date] = []
    if reference is not None:
        dropped = [nominal for nominal, _ in pairs if nominal < reference]
        kept = [(nominal, max(working, reference)) for nominal, working in pairs if nominal >= reference]
        if not kept:
            # Every date is before the signing: the point stays controlled, a person gives it a date.
            warnings.append(
                f"Срок {', '.join(_ru(d) for d in dropped)} раньше даты приказа {_ru(reference)}: "
                "задача создаётся без срока, укажите новый срок"
            )
            return Schedule([Occurrence(None, None, None)], dropped, warnings)
        if dropped:
            warnings.append(
                f"Сроки до даты приказа {_ru(reference)} не создаются: " + ", ".join(_ru(d) for d in dropped)
            )
        pairs = kept
    unique: list[tuple[date, date]] = []
    first_on: dict[date, date] = {}
    for nominal, working in pairs:
        if working in first_on:
            warnings.append(
                f"Сроки {_ru(first_on[working])} и {_ru(nominal)} приходятся на один рабочий день "
                f"{_ru(working)}: создаётся одна задача"
            )
            continue
        first_on[working] = nominal
        unique.append((nominal, working))
    unique.sort(key=lambda pair: pair[1])
    series = len(unique) > 1 or deadline.kind in ("recurring", "continuous")
    occs = [Occurrence(n, w, i if series else None) for i, (n, w) in enumerate(unique, start=1)]
    return Schedule(occs, dropped, warnings)


def occurrences(deadline: Deadline) -> list[Occurrence]:
    """The dated occurrences of a deadline at dispatch (see schedule)."""
    return schedule(deadline).occurrences


def expand(session: Session, refs: Iterable[ExecutorLike]) -> list[Assignee]:
    """People as they are; an organization through its head; «with subordinates» as a parent with children."""
    heads = {oid: head for oid, head in session.execute(select(Organization.id, Organization.head_id))}
    result: list[Assignee] = []
    for ref in refs:
        if ref.person_id is not None:
            result.append(Assignee(ref.person_id, None))
            continue
        org_id = ref.organization_id
        assignee = Assignee(heads.get(org_id) if org_id is not None else None, org_id)
        if ref.include_subordinates:
            assert org_id is not None
            assignee.children = [Assignee(heads.get(child), child) for child in descendants(session, org_id)]
        result.append(assignee)
    return result


def _new_task(spec: ItemSpec, who: Assignee, occ: Occurrence, parent: Task | None) -> Task:
    series = occ.index is not None
    return Task(
        title=spec.title,
        organization_id=spec.organization_id,
        source_kind=spec.source_kind,
        source_label=spec.source_label,
        controller_id=spec.controller_id,
        responsible_person_id=who.person_id,
        responsible_org_id=who.org_id,
        deadline=occ.working,
        original_deadline=occ.working,
        deadline_text=spec.deadline_text,
        needs_date=occ.working is None,
        series_key=f"{spec.series_base}:{who.key}" if series else None,
        series_index=occ.index,
        parent=parent,
        state="assigned",
        **spec.links,
    )


def create_tasks(
    session: Session,
    spec: ItemSpec,
    dated: Sequence[Occurrence],
    responsible: Sequence[ExecutorLike],
    co_executors: Sequence[ExecutorLike] = (),
) -> list[Task]:
    """The tasks of one controlled item: every occurrence × every responsible, fanned out where asked."""
    created: list[Task] = []
    for occ in dated:
        for who in expand(session, responsible):
            task = _new_task(spec, who, occ, None)
            task.co_executors = [
                TaskCoExecutor(person_id=c.person_id, organization_id=c.organization_id) for c in co_executors
            ]
            created.append(task)
            task.is_rollup = bool(who.children)
            for child in who.children:
                created.append(_new_task(spec, child, occ, task))
    session.add_all(created)
    session.flush()
    return created
