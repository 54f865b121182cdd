"""Task creation at dispatch: dated occurrences × executors, with fan-out to subordinate organizations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import CalendarDay, Organization, Task, TaskCoExecutor
from workflow.deadlines.calendar import WorkingCalendar, default_calendar
from workflow.deadlines.grammar import Deadline, parse_deadline
from workflow.engine.scope import descendants
from workflow.search_index import reindex_tasks
from workflow.settings import settings_of


class ExecutorLike(Protocol):
    """Anything with the fields of an executor reference."""

    person_id: int | None
    organization_id: int | None
    include_subordinates: bool


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


def parse_for(session: Session, text: str, period: tuple[date, date] | None, reference: date) -> Deadline:
    """Parse a deadline text in the context of its document, with the office's calendar and rule."""
    rule = settings_of(session).deadline_rule
    return parse_deadline(text, period=period, reference_date=reference, calendar=calendar_for(session), rule=rule)


def occurrences(deadline: Deadline) -> list[Occurrence]:
    """Recurring and continuous items give one occurrence per due date; others one, possibly undated."""
    if deadline.needs_date or not deadline.due_dates:
        return [Occurrence(None, None, None)]
    pairs = list(zip(deadline.due_dates, deadline.working_due_dates, strict=True))
    if deadline.kind in ("recurring", "continuous"):
        return [Occurrence(n, w, i) for i, (n, w) in enumerate(pairs, start=1)]
    nominal, working = pairs[-1]
    return [Occurrence(nominal, working, None)]


def expand(session: Session, refs: Iterable[ExecutorLike]) -> list[Assignee]:
    """People as they are; an organization through its head; «with subordinates» as a parent with children."""
    heads = {oid: head for oid, head in session.execute(select(Organization.id, Organization.head_id))}
    result: list[Assignee] = []
    for ref in refs:
        if ref.person_id is not None:
            result.append(Assignee(ref.person_id, None))
            continue
        org_id = ref.organization_id
        assignee = Assignee(heads.get(org_id), org_id)
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
    reindex_tasks(session, created)
    return created
