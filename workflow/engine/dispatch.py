"""Task creation at dispatch: dated occurrences × executors, with fan-out to subordinate organizations."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any, Protocol, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from models import CalendarDay, Organization, SchoolQuarter, Task, TaskCoExecutor
from models.base import utcnow
from models.search import SearchDocument
from workflow.deadlines.calendar import SchoolCalendar, WorkingCalendar, default_calendar, default_school_calendar
from workflow.deadlines.grammar import Deadline, parse_deadline
from workflow.engine.scope import descendants
from workflow.search_index import index_task_range, new_task_entries
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


# Rows per INSERT statement: large enough to amortise a round trip, small enough to keep memory flat.
CHUNK_ROWS = 2000
LINK_COLUMNS = ("order_id", "point_id", "roadmap_id", "activity_id", "working_group_id", "reporting_period_id")
# Core tables: the ORM's unit of work costs more per row than the INSERT itself.
TASKS = cast(Table, Task.__table__)
CO_EXECUTORS = cast(Table, TaskCoExecutor.__table__)
SEARCH_DOCUMENTS = cast(Table, SearchDocument.__table__)


@dataclass
class TaskGroup:
    """The rows of one occurrence for one assignee: the task, its fan-out children, its co-executors."""

    key: tuple[str, int | None, str]
    task: dict[str, Any]
    children: list[dict[str, Any]]
    co_executors: list[tuple[int | None, int | None]]

    @property
    def size(self) -> int:
        """Tasks in the group."""
        return 1 + len(self.children)


def _row(spec: ItemSpec, who: Assignee, occ: Occurrence, now: datetime) -> dict[str, Any]:
    series = occ.index is not None
    return {
        "title": spec.title,
        "organization_id": spec.organization_id,
        "source_kind": spec.source_kind,
        "source_label": spec.source_label,
        "controller_id": spec.controller_id,
        "responsible_person_id": who.person_id,
        "responsible_org_id": who.org_id,
        "deadline": occ.working,
        "original_deadline": occ.working,
        "deadline_text": spec.deadline_text,
        "needs_date": occ.working is None,
        "series_key": f"{spec.series_base}:{who.key}" if series else None,
        "series_index": occ.index,
        "parent_id": None,
        "is_rollup": bool(who.children),
        "state": "assigned",
        "version": 1,
        "report_text": "",
        "done_late": False,
        "created_at": now,
        "updated_at": now,
        "last_activity_at": now,
        **{column: spec.links.get(column) for column in LINK_COLUMNS},
    }


def plan_tasks(
    session: Session,
    spec: ItemSpec,
    dated: Sequence[Occurrence],
    responsible: Sequence[ExecutorLike],
    co_executors: Sequence[ExecutorLike] = (),
) -> list[TaskGroup]:
    """Every occurrence × every responsible, fanned out where asked, as rows in memory (nothing written)."""
    return plan_for(spec, dated, expand(session, responsible), co_executors)


def plan_for(
    spec: ItemSpec, dated: Sequence[Occurrence], assignees: Sequence[Assignee], co_executors: Sequence[ExecutorLike]
) -> list[TaskGroup]:
    """The groups of already expanded assignees (a caller with many items expands each set of refs once)."""
    now = utcnow()
    co = [(c.person_id, c.organization_id) for c in co_executors]
    groups: list[TaskGroup] = []
    for occ in dated:
        for who in assignees:
            children = [_row(spec, child, occ, now) for child in who.children]
            groups.append(TaskGroup((spec.series_base, occ.index, who.key), _row(spec, who, occ, now), children, co))
    return groups


def _allocate_ids(session: Session, count: int) -> list[int]:
    """Ids for rows about to be inserted, so that children can name their parent in the same statement."""
    if session.get_bind().dialect.name == "postgresql":
        sql = "SELECT nextval(pg_get_serial_sequence('tasks', 'id')) FROM generate_series(1, :n)"
        return list(session.scalars(text(sql), {"n": count}))
    # SQLite: the dispatching transaction holds the database's write lock, so nobody else takes these ids.
    top = session.scalar(select(func.max(Task.id))) or 0
    return list(range(top + 1, top + 1 + count))


def write_groups(session: Session, groups: Sequence[TaskGroup]) -> list[int]:
    """Insert the groups' rows with bulk statements, CHUNK_ROWS at a time; the ids of the tasks written."""
    session.flush()
    written: list[int] = []
    batch: list[TaskGroup] = []
    rows = 0
    for group in groups:
        batch.append(group)
        rows += group.size
        if rows >= CHUNK_ROWS:
            written.extend(_write_batch(session, batch))
            batch, rows = [], 0
    if batch:
        written.extend(_write_batch(session, batch))
    return written


def _write_batch(session: Session, batch: Sequence[TaskGroup]) -> list[int]:
    ids = iter(_allocate_ids(session, sum(group.size for group in batch)))
    parents: list[dict[str, Any]] = []
    children: list[dict[str, Any]] = []
    co_rows: list[dict[str, Any]] = []
    for group in batch:
        parent_id = next(ids)
        parents.append({**group.task, "id": parent_id})
        children.extend({**child, "id": next(ids), "parent_id": parent_id} for child in group.children)
        co_rows.extend({"task_id": parent_id, "person_id": p, "organization_id": o} for p, o in group.co_executors)
    rows = parents + children
    bulk_insert(session, TASKS, rows)
    bulk_insert(session, CO_EXECUTORS, co_rows)
    # The new tasks are searchable in the same transaction (by their title and their order's number).
    if session.get_bind().dialect.name == "sqlite":
        # The ids are one contiguous range here (see _allocate_ids): one statement indexes them all.
        written = [row["id"] for row in rows]
        index_task_range(session, min(written), max(written), rows)
    else:
        bulk_insert(session, SEARCH_DOCUMENTS, new_task_entries(session, rows))
    return [row["id"] for row in rows]


def bulk_insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """One executemany of the table's INSERT (compiled by SQLAlchemy) over rows with the same keys.

    Each column's type converts every distinct value once: a dispatch repeats the same few dates and
    moments thousands of times, and the per-row conversion cost more than the insert itself.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    order = list(compiled.positiontup or ()) if dialect.positional else names
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in order]
    # Only the columns whose type converts are touched per row; the rest pass as they are.
    converted = [(i, _converter(process)) for i, process in enumerate(processors) if process is not None]
    get = itemgetter(*order)
    params: list[Any] = []
    for row in rows:
        values = list(get(row)) if len(order) > 1 else [get(row)]
        for i, convert in converted:
            values[i] = convert(values[i])
        params.append(tuple(values) if dialect.positional else dict(zip(order, values, strict=True)))
    connection.exec_driver_sql(compiled.string, params)


def _converter(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = converted = process(value)
            return converted
        except TypeError:  # an unhashable value (JSON): converted each time
            return process(value)

    return convert


def create_tasks(
    session: Session,
    spec: ItemSpec,
    dated: Sequence[Occurrence],
    responsible: Sequence[ExecutorLike],
    co_executors: Sequence[ExecutorLike] = (),
) -> list[int]:
    """The tasks of one controlled item: every occurrence × every responsible, fanned out where asked; their ids."""
    return write_groups(session, plan_tasks(session, spec, dated, responsible, co_executors))
