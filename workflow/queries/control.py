"""Execution control: overdue, due soon, undated and long-reviewed tasks, the as-of view, the discipline summary.

Reads only; knows nothing of Flask. Each view is one set-based SQL statement served by a partial index of
models/tasks.py (the current views add a count, read from the same index alone). Fan-out parents are left out
everywhere: each child is the accountable unit and the parent only rolls them up.

Overdue is derived, never stored: an open task whose deadline has passed. The as-of view answers what was
overdue at the start of a past day D (the moment the office's day began) from the recorded history alone:
the task existed, its deadline in force then (the original one, moved by the extensions granted before that
moment) was before D, and it had been neither completed (done_at) nor cancelled (the transition log) yet.

What a user may see is `scope`, an extra condition on tasks. The functions for a user at the end (view_page,
counters, summary_for, scope_of) admit the control roles only and add that user's visibility as the scope, for the
pages and the API alike; the CLI and the tests call the views directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    bindparam,
    exists,
    func,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.visitors import InternalTraversal

from models import (
    ExtensionRequest,
    Order,
    Organization,
    Person,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    Task,
    TransitionLog,
    WorkingGroup,
)
from models.directory import ROLE_LABELS
from workflow import clock
from workflow.engine.dispatch import calendar_for
from workflow.engine.kinds import OPEN_TASK_STATES
from workflow.engine.permissions import Actor
from workflow.engine.scope import subtree
from workflow.errors import Forbidden, field_error
from workflow.services.visibility import Visibility
from workflow.settings import settings_of

GROUP_BY: tuple[str, ...] = ("responsible", "organization", "source")
GROUP_LABELS = {"responsible": "Исполнитель", "organization": "Организация-исполнитель", "source": "Документ"}
# Source kinds a filter may name; «cycle» is a reporting cycle (all its periods), «reporting_period» one period.
SOURCE_FILTERS = ("order", "roadmap", "working_group", "cycle", "reporting_period")
SOURCE_WORDS = {
    "order": "Приказ",
    "resolution": "Постановление",
    "directive": "Распоряжение",
    "letter": "Письмо",
    "roadmap": "Дорожная карта",
    "working_group": "Рабочая группа",
    "reporting": "Отчётность",
}
MAX_PER_PAGE = 500

T = TypeVar("T")


def _lit(value: str) -> ColumnElement[Any]:
    # A literal, not a bound parameter: SQLite matches a partial index's WHERE only against literal terms.
    return literal_column(f"'{value}'")


OPEN = Task.state.in_([_lit(s) for s in OPEN_TASK_STATES])
NOT_ROLLUP = ~Task.is_rollup


class Unsearched(ColumnElement[Any]):
    """A column compared row by row: on SQLite a unary + keeps the planner from searching an index by it."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012

    def __init__(self, column: Any) -> None:
        self.column = column
        self.type = column.type


@compiles(Unsearched)
def _unsearched(element: Unsearched, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(Unsearched, "sqlite")
def _unsearched_sqlite(element: Unsearched, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.column, **kw))


# ------------------------------------------------------------------------------------------------ values


@dataclass(frozen=True)
class ControlFilter:
    """What a control view is narrowed to; every field is optional and the fields combine with AND."""

    # The issuing organization; with its subordinates unless with_subordinates is False.
    organization_id: int | None = None
    with_subordinates: bool = True
    responsible_person_id: int | None = None
    responsible_org_id: int | None = None
    controller_id: int | None = None
    # order | roadmap | working_group | cycle | reporting_period; source_id narrows to one document.
    source_kind: str | None = None
    source_id: int | None = None
    # The period, on the deadline (in force on the view's day), both ends included.
    date_from: date | None = None
    date_to: date | None = None

    def check(self) -> None:
        """Refuse a filter that cannot mean anything, with a Russian reason."""
        if self.source_kind is not None and self.source_kind not in SOURCE_FILTERS:
            raise field_error("source_kind", f"допустимые значения: {', '.join(SOURCE_FILTERS)}.")
        if self.source_id is not None and self.source_kind is None:
            raise field_error("source_id", "укажите и вид источника.")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise field_error("date_from", "начало периода позже его конца.")


@dataclass(slots=True)
class TaskRow:
    """A task as the control views list it, with the names a person reads."""

    id: int
    title: str
    state: str
    # The deadline in force on the view's day (the as-of view) or now.
    deadline: date | None
    original_deadline: date | None
    deadline_text: str
    days_overdue: int
    responsible_person_id: int | None
    responsible_org_id: int | None
    responsible: str
    controller_id: int | None
    controller: str
    organization_id: int
    source_kind: str
    source_id: int | None
    source: str
    reported_at: datetime | None
    done_at: datetime | None
    done_late: bool


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and the size of the whole list."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the whole list has."""
        return max(1, -(-self.total // self.per_page))


@dataclass
class SummaryRow:
    """Discipline figures of one group: a responsible executor, an organization or a source document."""

    group_kind: str
    group_id: int | None
    label: str
    total: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    in_work: int = 0
    extensions_requested: int = 0
    extensions_granted: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Share done on time among the finished and the overdue; None when there are none."""
        judged = self.done_on_time + self.done_late + self.overdue
        return self.done_on_time / judged if judged else None


@dataclass(frozen=True)
class Summary:
    """The summary's groups and its totals, over a period of deadlines."""

    group_by: str
    date_from: date | None
    date_to: date | None
    today: date
    rows: list[SummaryRow] = field(default_factory=list)

    @property
    def overall(self) -> SummaryRow:
        """Every group added up."""
        total = SummaryRow("total", None, "Итого")
        for row in self.rows:
            for name in (
                "total",
                "done_on_time",
                "done_late",
                "overdue",
                "in_work",
                "extensions_requested",
                "extensions_granted",
            ):
                setattr(total, name, getattr(total, name) + getattr(row, name))
        return total


# ------------------------------------------------------------------------------------------------ filters


def start_of_day(day: date) -> datetime:
    """The moment the office's day began, in UTC: the as-of view's snapshot."""
    return datetime.combine(day, time(0), tzinfo=clock.TIMEZONE).astimezone(UTC)


@dataclass(frozen=True)
class _Bound:
    """A filter as SQL with bound parameters; its shape (which fields are set) keys the statement cache."""

    clauses: tuple[ColumnElement[bool], ...]
    params: dict[str, Any]
    shape: tuple[Any, ...]

    def period(self, column: Any) -> list[ColumnElement[bool]]:
        """The filter's period on a deadline column (the current one, or the one in force on a day)."""
        where: list[ColumnElement[bool]] = []
        if "date_from" in self.params:
            where.append(column >= bindparam("date_from", type_=Date))
        if "date_to" in self.params:
            where.append(column <= bindparam("date_to", type_=Date))
        return where


_SOURCE_COLUMNS = {
    "order": Task.order_id,
    "roadmap": Task.roadmap_id,
    "working_group": Task.working_group_id,
    "reporting_period": Task.reporting_period_id,
}


def _bind(session: Session, f: ControlFilter) -> _Bound:
    """The filter's conditions on tasks (its period is added by each view, on its own deadline)."""
    f.check()
    clauses: list[ColumnElement[bool]] = []
    params: dict[str, Any] = {}
    if f.organization_id is not None:
        clauses.append(Task.organization_id.in_(bindparam("orgs", expanding=True)))
        params["orgs"] = sorted(subtree(session, f.organization_id)) if f.with_subordinates else [f.organization_id]
    for name, column in (
        ("responsible_person_id", Task.responsible_person_id),
        ("responsible_org_id", Task.responsible_org_id),
        ("controller_id", Task.controller_id),
    ):
        value = getattr(f, name)
        if value is not None:
            clauses.append(column == bindparam(name))
            params[name] = value
    if f.source_kind == "cycle":
        periods = select(ReportingPeriod.id)
        if f.source_id is not None:
            periods = periods.where(ReportingPeriod.cycle_id == bindparam("source_id"))
        clauses.append(Task.reporting_period_id.in_(periods))
    elif f.source_kind is not None:
        column = _SOURCE_COLUMNS[f.source_kind]
        clauses.append(column.is_not(None) if f.source_id is None else column == bindparam("source_id"))
    if f.source_id is not None:
        params["source_id"] = f.source_id
    if f.date_from is not None:
        params["date_from"] = f.date_from
    if f.date_to is not None:
        params["date_to"] = f.date_to
    return _Bound(tuple(clauses), params, (f.source_kind, *sorted(params)))


_STATEMENTS: dict[tuple[Any, ...], Any] = {}


def _cached(key: tuple[Any, ...], build: Callable[[], Any], scope: ColumnElement[bool] | None) -> Any:
    # A scope carries its own values inside: it is built each time rather than cached by shape.
    if scope is not None:
        return build()
    statement = _STATEMENTS.get(key)
    if statement is None:
        statement = _STATEMENTS[key] = build()
    return statement


def _check_page(page: int, per_page: int) -> None:
    if page < 1:
        raise field_error("page", "номер страницы начинается с 1.")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise field_error("per_page", f"от 1 до {MAX_PER_PAGE} строк на странице.")


# ------------------------------------------------------------------------------------------------ rows


_T = Task.__table__.alias("t")
_RP = Person.__table__.alias("rp")
_RO = Organization.__table__.alias("ro")
_CP = Person.__table__.alias("cp")
_OR = Order.__table__.alias("o")
_RM = Roadmap.__table__.alias("r")
_WG = WorkingGroup.__table__.alias("g")
_PD = ReportingPeriod.__table__.alias("pd")
_CY = ReportingCycle.__table__.alias("cy")
_ROW_COLUMNS = (
    _T.c.id, _T.c.title, _T.c.state, _T.c.original_deadline, _T.c.deadline_text, _T.c.responsible_person_id,
    _T.c.responsible_org_id, _T.c.controller_id, _T.c.organization_id, _T.c.source_kind, _T.c.order_id,
    _T.c.roadmap_id, _T.c.working_group_id, _T.c.source_label, _T.c.reported_at, _T.c.done_at, _T.c.done_late,
    _RP.c.last_name, _RP.c.first_name, _RP.c.middle_name, _RO.c.short_name, _RO.c.name, _CP.c.last_name,
    _CP.c.first_name, _CP.c.middle_name, _OR.c.kind, _OR.c.reg_number, _OR.c.reg_date, _OR.c.title, _RM.c.title,
    _WG.c.name, _CY.c.id, _CY.c.title,
)  # fmt: skip


def _labelled(ids: Any) -> Select[Any]:
    """A page of ids (a subquery with id, deadline, sort_key) with the names of people, organizations, sources."""
    return (
        select(ids.c.deadline, *_ROW_COLUMNS)
        .select_from(ids)
        .join(_T, _T.c.id == ids.c.id)
        .outerjoin(_RP, _RP.c.id == _T.c.responsible_person_id)
        .outerjoin(_RO, _RO.c.id == _T.c.responsible_org_id)
        .outerjoin(_CP, _CP.c.id == _T.c.controller_id)
        .outerjoin(_OR, _OR.c.id == _T.c.order_id)
        .outerjoin(_RM, _RM.c.id == _T.c.roadmap_id)
        .outerjoin(_WG, _WG.c.id == _T.c.working_group_id)
        .outerjoin(_PD, _PD.c.id == _T.c.reporting_period_id)
        .outerjoin(_CY, _CY.c.id == _PD.c.cycle_id)
        .order_by(ids.c.sort_key, ids.c.id)
    )


def person_short(last: str | None, first: str | None, middle: str | None) -> str:
    """«Ушакова И.Г.»: the surname before the initials."""
    if not last:
        return ""
    if first and middle:
        return f"{last} {first[0]}.{middle[0]}."
    return f"{last} {first[0]}." if first else last


def _responsible(org: str | None, person: str) -> str:
    if org and person:
        return f"{org} ({person})"
    return org or person or "—"


def _quoted(text: str | None) -> str:
    return f"«{text}»" if text else ""


def source_text(
    kind: str,
    label: str,
    order_kind: str | None = None,
    reg_number: str | None = None,
    reg_date: date | None = None,
    title: str | None = None,
) -> str:
    """«Приказ от 30.11.2022 № 533, п. 1.4», «Дорожная карта «…», п. 2.3», «Отчётность «…», 1 квартал»."""
    if kind == "order":
        word = SOURCE_WORDS.get(order_kind or "order", "Приказ")
        head = (
            f"{word} от {reg_date:%d.%m.%Y} № {reg_number}" if reg_number and reg_date else f"{word} {_quoted(title)}"
        )
        return f"{head.strip()}, п. {label}" if label else head.strip()
    word = SOURCE_WORDS.get(kind, kind)
    # «Дорожная карта по профилактике …» names itself; «Рабочая группа «…»» otherwise.
    head = title if title and title.lower().startswith(word.lower()) else f"{word} {_quoted(title)}".strip()
    if not label:
        return head
    return f"{head}, п. {label}" if kind == "roadmap" else f"{head}, {label}"


def _row(r: Any, day: date) -> TaskRow:
    (
        deadline, tid, title, state, original, deadline_text, person_id, org_id, controller_id, organization_id,
        kind, order_id, roadmap_id, group_id, label, reported_at, done_at, done_late,
        rp_last, rp_first, rp_middle, ro_short, ro_name, cp_last, cp_first, cp_middle,
        order_kind, reg_number, reg_date, order_title, roadmap_title, group_name, cycle_id, cycle_title,
    ) = r[:34]  # fmt: skip
    source_id = {"order": order_id, "roadmap": roadmap_id, "working_group": group_id, "reporting": cycle_id}.get(kind)
    source_title = {"order": order_title, "roadmap": roadmap_title, "working_group": group_name}.get(kind, cycle_title)
    return TaskRow(
        id=tid,
        title=title,
        state=state,
        deadline=deadline,
        original_deadline=original,
        deadline_text=deadline_text,
        days_overdue=(day - deadline).days if deadline is not None and deadline < day else 0,
        responsible_person_id=person_id,
        responsible_org_id=org_id,
        responsible=_responsible(ro_short or ro_name, person_short(rp_last, rp_first, rp_middle)),
        controller_id=controller_id,
        controller=person_short(cp_last, cp_first, cp_middle),
        organization_id=organization_id,
        source_kind=kind,
        source_id=source_id,
        source=source_text(kind, label, order_kind, reg_number, reg_date, source_title),
        reported_at=reported_at,
        done_at=done_at,
        done_late=bool(done_late),
    )


# ------------------------------------------------------------------------------------------------ current views


def _current(view: str, bound: _Bound, scope: ColumnElement[bool] | None) -> tuple[Select[Any], Select[Any]]:
    """The count and the page of a current view, on open tasks' index, with bound parameters."""
    where = [NOT_ROLLUP, *bound.clauses]
    sort: Any = Task.deadline
    if view == "overdue":
        where += [OPEN, Task.deadline < bindparam("day", type_=Date), *bound.period(Task.deadline)]
    elif view == "due_soon":
        where += [
            OPEN,
            Task.deadline >= bindparam("day", type_=Date),
            Task.deadline <= bindparam("until", type_=Date),
            *bound.period(Task.deadline),
        ]
    elif view == "without_date":
        where += [OPEN, Task.deadline.is_(None)]
        sort = Task.id
    else:
        where += [Task.state == _lit("on_review"), Task.reported_at < bindparam("before"), *bound.period(Task.deadline)]
        sort = Task.reported_at
    if scope is not None:
        where.append(scope)
    count = select(func.count()).select_from(Task).where(*where)
    ids = (
        select(Task.id.label("id"), Task.deadline.label("deadline"), sort.label("sort_key"))
        .where(*where)
        .order_by(sort, Task.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("pg")
    )
    return count, _labelled(ids)


def _page_of_current(
    session: Session,
    view: str,
    f: ControlFilter,
    params: dict[str, Any],
    day: date,
    page: int,
    per_page: int,
    scope: ColumnElement[bool] | None,
) -> Page[TaskRow]:
    """Count and one page of a current view: two statements on one index, names joined for the page only."""
    _check_page(page, per_page)
    bound = _bind(session, f)
    count, rows = _cached(("current", view, bound.shape), lambda: _current(view, bound, scope), scope)
    values = {**bound.params, **params, "limit": per_page, "offset": (page - 1) * per_page}
    conn = session.connection()
    total = conn.execute(count, values).scalar_one()
    items = [_row(r, day) for r in conn.execute(rows, values).all()]
    return Page(items, total, page, per_page)


def overdue(
    session: Session,
    filters: ControlFilter = ControlFilter(),
    as_of: date | None = None,
    page: int = 1,
    per_page: int = 50,
    scope: ColumnElement[bool] | None = None,
    today: date | None = None,
) -> Page[TaskRow]:
    """Overdue tasks, most overdue first: now, or (as_of) at the start of a past day, from the history."""
    if as_of is not None:
        return _overdue_as_of(session, filters, as_of, page, per_page, scope)
    day = today or clock.today()
    return _page_of_current(session, "overdue", filters, {"day": day}, day, page, per_page, scope)


def due_soon(
    session: Session,
    filters: ControlFilter = ControlFilter(),
    working_days: int = 3,
    page: int = 1,
    per_page: int = 50,
    scope: ColumnElement[bool] | None = None,
    today: date | None = None,
) -> Page[TaskRow]:
    """Open tasks due from today to the N-th working day ahead (the office's calendar), soonest first."""
    if working_days < 0:
        raise field_error("working_days", "число рабочих дней не может быть отрицательным.")
    day = today or clock.today()
    until = calendar_for(session).add_working_days(day, working_days)
    return _page_of_current(session, "due_soon", filters, {"day": day, "until": until}, day, page, per_page, scope)


def without_date(
    session: Session,
    filters: ControlFilter = ControlFilter(),
    page: int = 1,
    per_page: int = 50,
    scope: ColumnElement[bool] | None = None,
) -> Page[TaskRow]:
    """Open tasks whose deadline could not be derived («срок не определён»): a person has to set it."""
    undated = replace(filters, date_from=None, date_to=None)
    return _page_of_current(session, "without_date", undated, {}, clock.today(), page, per_page, scope)


def on_review_too_long(
    session: Session,
    filters: ControlFilter = ControlFilter(),
    days: int = 5,
    page: int = 1,
    per_page: int = 50,
    scope: ColumnElement[bool] | None = None,
    now: datetime | None = None,
) -> Page[TaskRow]:
    """Reports waiting for the controller's decision more than N days, the oldest first."""
    if days < 0:
        raise field_error("days", "число дней не может быть отрицательным.")
    moment = now or clock.now()
    params = {"before": moment - timedelta(days=days)}
    return _page_of_current(session, "on_review", filters, params, clock.local_date(moment), page, per_page, scope)


# ------------------------------------------------------------------------------------------------ as of a day


def deadline_in_force(moment: Any) -> ColumnElement[Any]:
    """A task's deadline at a moment: the last extension granted before it, else the original deadline."""
    granted = (
        # The day granted (another than asked, or moved off a day off); the asked one for rows from before it.
        select(func.coalesce(ExtensionRequest.granted_deadline, ExtensionRequest.new_deadline))
        .where(
            ExtensionRequest.task_id == Task.id,
            ExtensionRequest.status == _lit("granted"),
            ExtensionRequest.decided_at < moment,
        )
        .order_by(ExtensionRequest.decided_at.desc(), ExtensionRequest.id.desc())
        .limit(1)
        .correlate(Task)
        .scalar_subquery()
    )
    return func.coalesce(granted, Task.original_deadline, Task.deadline)


def _as_of_hits(bound: _Bound, scope: ColumnElement[bool] | None) -> Select[Any]:
    day = bindparam("day", type_=Date)
    moment = bindparam("moment", type_=Task.__table__.c.created_at.type)
    # The candidates, each branch on its own index: a task that could have been open and late at that moment
    # is open now, or was completed late after it, or cancelled after it (updated_at is never earlier than the
    # cancellation), or had its deadline moved after it. A task finished on time with no later extension
    # cannot have been late before.
    candidates = union(
        select(Task.id).where(OPEN, NOT_ROLLUP, Task.deadline < day),
        select(Task.id).where(NOT_ROLLUP, Task.done_late, Task.done_at >= moment, Task.deadline < day),
        select(Task.id).where(
            NOT_ROLLUP, Task.state == _lit("cancelled"), Task.updated_at >= moment, Task.deadline < day
        ),
        select(ExtensionRequest.task_id).where(
            ExtensionRequest.status == _lit("granted"),
            ExtensionRequest.decided_at >= moment,
            ExtensionRequest.old_deadline < day,
        ),
    )
    cancelled_before = exists().where(
        TransitionLog.object_kind == _lit("tasks"),
        TransitionLog.object_id == Task.id,
        TransitionLog.to_state == _lit("cancelled"),
        TransitionLog.at < moment,
    )
    in_force = deadline_in_force(moment)
    where = [
        Task.id.in_(candidates),
        NOT_ROLLUP,
        Task.created_at < moment,
        or_(Task.done_at.is_(None), Task.done_at >= moment),
        ~cancelled_before,
        in_force < day,
        *bound.clauses,
        *bound.period(in_force),
    ]
    if scope is not None:
        where.append(scope)
    return select(Task.id.label("id"), in_force.label("deadline")).where(*where)


def overdue_as_of(
    session: Session, day: date, filters: ControlFilter = ControlFilter(), scope: ColumnElement[bool] | None = None
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement (ids and deadlines in force) of the tasks overdue at the start of a day, and its parameters."""
    bound = _bind(session, filters)
    stmt = _cached(("as_of_hits", bound.shape), lambda: _as_of_hits(bound, scope), scope)
    return stmt, {**bound.params, "day": day, "moment": start_of_day(day)}


def _as_of_page(bound: _Bound, scope: ColumnElement[bool] | None) -> tuple[Select[Any], Select[Any]]:
    hits = _as_of_hits(bound, scope).subquery("hits")
    ranked = (
        select(hits.c.id, hits.c.deadline, hits.c.deadline.label("sort_key"), func.count().over().label("total"))
        .order_by(hits.c.deadline, hits.c.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("pg")
    )
    return _labelled(ranked).add_columns(ranked.c.total), select(func.count()).select_from(hits)


def _overdue_as_of(
    session: Session,
    filters: ControlFilter,
    day: date,
    page: int,
    per_page: int,
    scope: ColumnElement[bool] | None,
) -> Page[TaskRow]:
    _check_page(page, per_page)
    bound = _bind(session, filters)
    rows_stmt, count_stmt = _cached(("as_of", bound.shape), lambda: _as_of_page(bound, scope), scope)
    values = {**bound.params, "day": day, "moment": start_of_day(day), "limit": per_page,
              "offset": (page - 1) * per_page}  # fmt: skip
    conn = session.connection()
    rows = conn.execute(rows_stmt, values).all()
    # The window's count comes with the rows; a page past the end has none, and asks separately.
    total = rows[0][-1] if rows else conn.execute(count_stmt, values).scalar_one()
    return Page([_row(r, day) for r in rows], total, page, per_page)


# ------------------------------------------------------------------------------------------------ summary


_SOURCE_KEYS = (Task.source_kind, Task.order_id, Task.roadmap_id, Task.working_group_id, Task.reporting_period_id)
_RESPONSIBLE_KEYS = (Task.responsible_org_id, Task.responsible_person_id)


def _summary(group_by: str, bound: _Bound, scope: ColumnElement[bool] | None) -> Any:
    common = [NOT_ROLLUP, *bound.clauses]
    if scope is not None:
        common.append(scope)
    keys = _SOURCE_KEYS if group_by == "source" else _RESPONSIBLE_KEYS
    tasks = (
        select(
            *keys,
            Task.state,
            Task.done_late,
            func.count().label("n"),
            func.count().filter(Task.deadline < bindparam("today", type_=Date)).label("past"),
            literal_column("NULL").label("status"),
        )
        .where(*common, *bound.period(Task.deadline))
        .group_by(*keys, Task.state, Task.done_late)
    )
    extensions = (
        select(*keys, Task.state, literal_column("NULL"), func.count(), literal_column("NULL"), ExtensionRequest.status)
        .select_from(ExtensionRequest)
        .join(Task, Task.id == ExtensionRequest.task_id)
        # Driven by the requests (few) into the narrow ix_tasks_id_discipline: SQLite would otherwise underrate
        # the period's share of tasks and walk every task of it, probing for requests.
        .where(*common, *bound.period(Unsearched(Task.deadline)))
        .group_by(*keys, Task.state, ExtensionRequest.status)
    )
    return tasks.union_all(extensions)


def summary_statement(
    session: Session,
    group_by: str,
    date_from: date | None,
    date_to: date | None,
    filters: ControlFilter = ControlFilter(),
    scope: ColumnElement[bool] | None = None,
) -> tuple[Select[Any], dict[str, Any]]:
    """The summary's one statement (tasks, then extension requests, per key) and its parameters but `today`."""
    if group_by not in GROUP_BY:
        raise field_error("group_by", f"допустимые значения: {', '.join(GROUP_BY)}.")
    bound = _bind(session, replace(filters, date_from=date_from, date_to=date_to))
    stmt = _cached(("summary", group_by, bound.shape), lambda: _summary(group_by, bound, scope), scope)
    return stmt, bound.params


def summary(
    session: Session,
    group_by: str = "responsible",
    date_from: date | None = None,
    date_to: date | None = None,
    filters: ControlFilter = ControlFilter(),
    scope: ColumnElement[bool] | None = None,
    today: date | None = None,
) -> Summary:
    """Discipline per responsible, organization or source over a period of deadlines, in one GROUP BY statement."""
    day = today or clock.today()
    stmt, params = summary_statement(session, group_by, date_from, date_to, filters, scope)
    width = len(_SOURCE_KEYS) if group_by == "source" else len(_RESPONSIBLE_KEYS)
    raw: dict[tuple[Any, ...], SummaryRow] = {}
    for r in session.connection().execute(stmt, {**params, "today": day}):
        key, (state, done_late, n, past, status) = tuple(r[:width]), r[width:]
        if state == "cancelled":
            continue
        row = raw.setdefault(key, SummaryRow("", None, ""))
        if status is not None:
            row.extensions_requested += n
            row.extensions_granted += n if status == "granted" else 0
        elif state == "done":
            row.total += n
            if done_late:
                row.done_late += n
            else:
                row.done_on_time += n
        else:
            row.total += n
            row.overdue += past
            row.in_work += n - past
    rows = _regroup(session, group_by, raw)
    rows.sort(key=lambda s: (-(s.overdue + s.done_late), s.label))
    return Summary(group_by, date_from, date_to, day, rows)


def _regroup(session: Session, group_by: str, raw: dict[tuple[Any, ...], SummaryRow]) -> list[SummaryRow]:
    """Fold the statement's keys into the asked groups and name them (small lookups of the groups only)."""
    if group_by == "source":
        return _source_groups(session, raw)
    people_ids = {person for org, person in raw if person is not None}
    people = {
        p.id: p
        for p in session.execute(
            select(Person.id, Person.last_name, Person.first_name, Person.middle_name, Person.organization_id).where(
                Person.id.in_(people_ids)
            )
        )
    }
    orgs_needed = {org for org, _ in raw if org is not None}
    if group_by == "organization":
        orgs_needed |= {p.organization_id for p in people.values() if p.organization_id is not None}
    orgs = {
        o.id: o.short_name or o.name
        for o in session.execute(
            select(Organization.id, Organization.short_name, Organization.name).where(Organization.id.in_(orgs_needed))
        )
    }
    groups: dict[tuple[str, int | None], SummaryRow] = {}
    for (org, person), counts in raw.items():
        p = people.get(person) if person is not None else None
        name = person_short(p.last_name, p.first_name, p.middle_name) if p else ""
        if group_by == "responsible":
            if org is not None:
                key, label = ("organization", org), _responsible(orgs.get(org, ""), name)
            else:
                key, label = ("person", person), name or "—"
        else:
            home = org if org is not None else (p.organization_id if p else None)
            key, label = ("organization", home), orgs.get(home, "Без организации") if home else "Без организации"
        _merge(groups.setdefault(key, SummaryRow(key[0], key[1], label)), counts)
    return list(groups.values())


def _source_groups(session: Session, raw: dict[tuple[Any, ...], SummaryRow]) -> list[SummaryRow]:
    ids: dict[str, set[int]] = {"order": set(), "roadmap": set(), "working_group": set(), "reporting": set()}
    for kind, order_id, roadmap_id, group_id, period_id in raw:
        ident = {"order": order_id, "roadmap": roadmap_id, "working_group": group_id, "reporting": period_id}[kind]
        if ident is not None:
            ids[kind].add(ident)
    labels: dict[tuple[str, int], str] = {}
    for o in session.execute(
        select(Order.id, Order.kind, Order.reg_number, Order.reg_date, Order.title).where(Order.id.in_(ids["order"]))
    ):
        labels[("order", o.id)] = source_text("order", "", o.kind, o.reg_number, o.reg_date, o.title)
    for rid, title in session.execute(select(Roadmap.id, Roadmap.title).where(Roadmap.id.in_(ids["roadmap"]))):
        labels[("roadmap", rid)] = source_text("roadmap", "", title=title)
    for gid, name in session.execute(
        select(WorkingGroup.id, WorkingGroup.name).where(WorkingGroup.id.in_(ids["working_group"]))
    ):
        labels[("working_group", gid)] = source_text("working_group", "", title=name)
    cycle_of: dict[int, int] = {}
    for pid, cid, title in session.execute(
        select(ReportingPeriod.id, ReportingCycle.id, ReportingCycle.title)
        .join(ReportingCycle, ReportingCycle.id == ReportingPeriod.cycle_id)
        .where(ReportingPeriod.id.in_(ids["reporting"]))
    ):
        cycle_of[pid] = cid
        labels[("reporting", cid)] = source_text("reporting", "", title=title)
    groups: dict[tuple[str, int | None], SummaryRow] = {}
    for (kind, order_id, roadmap_id, group_id, period_id), counts in raw.items():
        ident = {"order": order_id, "roadmap": roadmap_id, "working_group": group_id}.get(kind)
        if kind == "reporting":
            ident = cycle_of.get(period_id) if period_id is not None else None
        group_kind = "cycle" if kind == "reporting" else kind
        label = labels.get((kind, ident), SOURCE_WORDS.get(kind, kind)) if ident is not None else "Без документа"
        _merge(groups.setdefault((group_kind, ident), SummaryRow(group_kind, ident, label)), counts)
    return list(groups.values())


def _merge(into: SummaryRow, counts: SummaryRow) -> None:
    into.total += counts.total
    into.done_on_time += counts.done_on_time
    into.done_late += counts.done_late
    into.overdue += counts.overdue
    into.in_work += counts.in_work
    into.extensions_requested += counts.extensions_requested
    into.extensions_granted += counts.extensions_granted


# ------------------------------------------------------------------------------------------------ for a user

CONTROL_ROLES = ("controller", "head", "admin")
VIEWS = ("overdue", "due_soon", "without_date", "on_review")


def may_control(actor: Actor) -> bool:
    """Whether the user works with the control views (controllers, heads, administrators)."""
    return any(actor.has(role) for role in CONTROL_ROLES)


def scope_of(session: Session, actor: Actor) -> ColumnElement[bool] | None:
    """The tasks a control user may see, as the views' extra condition (none for an administrator); 403 for others."""
    if not may_control(actor):
        allowed = ", ".join(ROLE_LABELS[r] for r in CONTROL_ROLES)
        raise Forbidden(f"Недостаточно прав: контроль исполнения доступен ролям: {allowed}.")
    return None if actor.has("admin") else Visibility(session, actor).tasks()


def view_page(
    session: Session,
    actor: Actor,
    view: str,
    filters: ControlFilter = ControlFilter(),
    page: int = 1,
    per_page: int = 25,
    working_days: int | None = None,
    review_days: int | None = None,
    as_of: date | None = None,
) -> Page[TaskRow]:
    """One page of a control view, within what the user may see (N days: the office's settings by default)."""
    scope = scope_of(session, actor)
    office = settings_of(session)
    working_days = office.remind_days if working_days is None else working_days
    review_days = office.review_days if review_days is None else review_days
    if view == "overdue":
        return overdue(session, filters, as_of, page, per_page, scope)
    if view == "due_soon":
        return due_soon(session, filters, working_days, page, per_page, scope)
    if view == "without_date":
        return without_date(session, filters, page, per_page, scope)
    return on_review_too_long(session, filters, review_days, page, per_page, scope)


@dataclass(frozen=True)
class Counters:
    """The controller's four numbers."""

    overdue: int
    due_soon: int
    without_date: int
    on_review: int


def counters(session: Session, actor: Actor, working_days: int | None = None) -> Counters:
    """How many tasks each control view holds for this user."""
    totals = [view_page(session, actor, view, ControlFilter(), 1, 1, working_days).total for view in VIEWS]
    return Counters(*totals)


def summary_for(
    session: Session,
    actor: Actor,
    group_by: str = "responsible",
    date_from: date | None = None,
    date_to: date | None = None,
    filters: ControlFilter = ControlFilter(),
) -> Summary:
    """The discipline summary within what the user may see."""
    return summary(session, group_by, date_from, date_to, filters, scope=scope_of(session, actor))


def filter_choices(session: Session) -> dict[str, list[tuple[int, str]]]:
    """The organizations and people the control filter offers."""
    orgs = session.execute(
        select(Organization.id, Organization.short_name, Organization.name).order_by(Organization.id)
    )
    people = session.scalars(select(Person).order_by(Person.last_name, Person.first_name))
    return {
        "organizations": [(oid, short or name) for oid, short, name in orgs],
        "people": [(p.id, p.name_initials) for p in people],
    }


SOURCE_DOCUMENTS_LIMIT = 300


def source_documents(session: Session, actor: Actor, chosen: int | None = None) -> list[tuple[int, str]]:
    """The orders the control filter offers as one source document: those that gave tasks, newest first."""
    gave_tasks = select(Task.order_id).where(Task.order_id.is_not(None))
    stmt = (
        select(Order.id, Order.reg_number, Order.reg_date, Order.title)
        .where(Order.id.in_(gave_tasks), Visibility(session, actor).orders())
        .order_by(Order.reg_date.desc().nulls_last(), Order.id.desc())
        .limit(SOURCE_DOCUMENTS_LIMIT)
    )
    rows = list(session.execute(stmt))
    if chosen is not None and chosen not in {row[0] for row in rows}:
        rows += list(session.execute(stmt.order_by(None).limit(None).where(Order.id == chosen)))
    return [(oid, _document_label(number, day, title)) for oid, number, day, title in rows]


def _document_label(number: str | None, day: date | None, title: str) -> str:
    short = title if len(title) <= 60 else f"{title[:59]}…"
    if number and day:
        return f"№ {number} от {day:%d.%m.%Y} — {short}"
    return short
