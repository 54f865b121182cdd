"""Read use cases of the API: filtered pages and single objects, always through the actor's visibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, bindparam, case, cast, func, not_, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from models import (
    ExtensionRequest,
    Order,
    Organization,
    Person,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    Task,
    TaskCoExecutor,
    TransitionLog,
    WorkingGroup,
)
from models.tasks import OPEN_TASK_STATES
from workflow import clock, settings
from workflow.deadlines.grammar import Deadline, parse_deadline
from workflow.engine.dispatch import calendar_for
from workflow.engine.engine import MODELS, EventOption, available_events, history
from workflow.engine.permissions import Actor
from workflow.errors import NotFound
from workflow.services.directory import page
from workflow.services.visibility import Visibility, not_found

# source=<kind>:<id> of the task list: the column each kind filters on.
SOURCE_COLUMNS = {
    "order": Task.order_id,
    "roadmap": Task.roadmap_id,
    "working_group": Task.working_group_id,
    "reporting_period": Task.reporting_period_id,
}


class DeadlineReader:
    """Deadline texts read as dispatch reads them: the office's calendar (loaded once) and rule."""

    def __init__(self, session: Session) -> None:
        self.calendar = calendar_for(session)

    def __call__(self, text: str, period: tuple[date, date] | None, reference: date | None) -> Deadline | None:
        """The parsed deadline, or None for an empty text."""
        if not text.strip():
            return None
        return parse_deadline(
            text,
            period=period,
            reference_date=reference or clock.today(),
            calendar=self.calendar,
            rule=settings.DEADLINE_RULE,
        )


@dataclass
class Detail:
    """An object with what its answer adds: parsed deadlines and task ids per point or activity."""

    obj: Any
    deadlines: dict[int, Deadline | None] = field(default_factory=dict)
    task_ids: dict[int, list[int]] = field(default_factory=dict)


def _kind_model(kind: str) -> type[Any]:
    model = MODELS.get(kind)
    if model is None:
        raise NotFound(f"Нет объектов вида «{kind}».")
    return model


def _task_ids(session: Session, column: Any, criterion: ColumnElement[bool]) -> dict[int, list[int]]:
    ids: dict[int, list[int]] = {}
    for key, task_id in session.execute(select(column, Task.id).where(criterion).order_by(Task.id)):
        ids.setdefault(key, []).append(task_id)
    return ids


# Tasks -------------------------------------------------------------------------------------------


def person_name(last: str | None, first: str | None, middle: str | None) -> str | None:
    """«Ушакова И.Г.», as Person.name_initials, from the columns."""
    if last is None:
        return None
    initials = "".join(f"{part[0]}." for part in (first, middle) if part)
    return f"{last} {initials}".strip()


@dataclass(frozen=True)
class TaskCard:
    """A task as its card shows it: the row, the names of its people, its co-executors (read in one query)."""

    id: int
    state: str
    version: int
    title: str
    source_kind: str
    order_id: int | None
    roadmap_id: int | None
    working_group_id: int | None
    reporting_period_id: int | None
    source_label: str
    organization_id: int
    responsible_person_id: int | None
    responsible_org_id: int | None
    controller_id: int | None
    parent_id: int | None
    is_rollup: bool
    series_index: int | None
    deadline: date | None
    original_deadline: date | None
    deadline_text: str
    needs_date: bool
    report_text: str
    reported_at: datetime | None
    done_at: datetime | None
    done_late: bool
    created_at: datetime
    updated_at: datetime
    responsible_name: str | None
    controller_name: str | None
    co_executors: tuple[dict[str, int], ...]

    def overdue_on(self, day: date) -> bool:
        """The domain's rule (Task.overdue_on) applied to the card."""
        return Task.overdue_on(self, day)  # type: ignore[arg-type]

    def days_overdue(self, day: date) -> int:
        """The domain's count (Task.days_overdue) applied to the card."""
        return Task.days_overdue(self, day)  # type: ignore[arg-type]


_ROW_FIELDS = [
    f for f in TaskCard.__dataclass_fields__ if f not in ("responsible_name", "controller_name", "co_executors")
]
_RESPONSIBLE = aliased(Person)
_CONTROLLER = aliased(Person)
_RESPONSIBLE_ORG = aliased(Organization)
# Co-executors as "id:p7,id:o3", aggregated in the database (group_concat / string_agg) to stay one query.
_CO_EXECUTORS = (
    select(
        func.aggregate_strings(
            cast(TaskCoExecutor.id, String)
            + ":"
            + case(
                (TaskCoExecutor.person_id.is_not(None), "p" + cast(TaskCoExecutor.person_id, String)),
                else_="o" + cast(TaskCoExecutor.organization_id, String),
            ),
            ",",
        )
    )
    .where(TaskCoExecutor.task_id == Task.id)
    .scalar_subquery()
)
CARD_SELECT = (
    select(
        *(getattr(Task, name) for name in _ROW_FIELDS),
        _RESPONSIBLE.last_name,
        _RESPONSIBLE.first_name,
        _RESPONSIBLE.middle_name,
        _RESPONSIBLE_ORG.short_name,
        _RESPONSIBLE_ORG.name,
        _CONTROLLER.last_name,
        _CONTROLLER.first_name,
        _CONTROLLER.middle_name,
        _CO_EXECUTORS,
    )
    .select_from(Task)
    .outerjoin(_RESPONSIBLE, _RESPONSIBLE.id == Task.responsible_person_id)
    .outerjoin(_RESPONSIBLE_ORG, _RESPONSIBLE_ORG.id == Task.responsible_org_id)
    .outerjoin(_CONTROLLER, _CONTROLLER.id == Task.controller_id)
)


def _co_executors(aggregated: str | None) -> tuple[dict[str, int], ...]:
    if not aggregated:
        return ()
    refs = []
    for item in aggregated.split(","):
        row_id, ref = item.split(":")
        key = "person_id" if ref[0] == "p" else "organization_id"
        refs.append((int(row_id), {key: int(ref[1:])}))
    return tuple(ref for _, ref in sorted(refs, key=lambda pair: pair[0]))


def _card(row: Any) -> TaskCard:
    n = len(_ROW_FIELDS)
    fields = dict(zip(_ROW_FIELDS, row[:n], strict=True))
    r_last, r_first, r_middle, org_short, org_name, c_last, c_first, c_middle, co = row[n:]
    organization = (org_short or org_name) if fields["responsible_org_id"] is not None else None
    return TaskCard(
        **fields,
        responsible_name=organization or person_name(r_last, r_first, r_middle),
        controller_name=person_name(c_last, c_first, c_middle),
        co_executors=_co_executors(co),
    )


def _assigned_to(person_id: int) -> ColumnElement[bool]:
    headed = select(Organization.id).where(Organization.head_id == person_id)
    co = select(TaskCoExecutor.task_id).where(
        or_(TaskCoExecutor.person_id == person_id, TaskCoExecutor.organization_id.in_(headed))
    )
    return or_(Task.responsible_person_id == person_id, Task.responsible_org_id.in_(headed), Task.id.in_(co))


def _overdue(today: date) -> ColumnElement[bool]:
    return and_(Task.state.in_(OPEN_TASK_STATES), Task.deadline.is_not(None), Task.deadline < today)


def task_filters(session: Session, actor: Actor, f: dict[str, Any]) -> list[ColumnElement[bool]]:
    """The task list's criteria: visibility and every filter of API.md."""
    criteria = [Visibility(session, actor).tasks()]
    assignee = f.get("assignee")
    if assignee == "me":
        criteria.append(_assigned_to(actor.person_id) if actor.person_id is not None else Task.id.is_(None))
    elif assignee is not None:
        criteria.append(_assigned_to(int(assignee)))
    if f.get("organization_id") is not None:
        staff = select(Person.id).where(Person.organization_id == f["organization_id"])
        criteria.append(or_(Task.responsible_org_id == f["organization_id"], Task.responsible_person_id.in_(staff)))
    if f.get("state") is not None:
        criteria.append(Task.state == f["state"])
    if f.get("overdue") is not None:
        overdue = _overdue(clock.today())
        criteria.append(overdue if f["overdue"] else not_(overdue))
    if f.get("due_before") is not None:
        criteria.append(Task.deadline <= f["due_before"])
    if f.get("due_after") is not None:
        criteria.append(Task.deadline >= f["due_after"])
    if f.get("source") is not None:
        kind, source_id = f["source"]
        if kind == "reporting_cycle":
            periods = select(ReportingPeriod.id).where(ReportingPeriod.cycle_id == source_id)
            criteria.append(Task.reporting_period_id.in_(periods))
        else:
            criteria.append(SOURCE_COLUMNS[kind] == source_id)
    return criteria


# ORM loading of the people a task shows, for callers that want Task rows (the web pages).
TASK_CARD = (
    joinedload(Task.responsible_person),
    joinedload(Task.responsible_org),
    joinedload(Task.controller),
    selectinload(Task.co_executors),
)


def task_query(session: Session, actor: Actor, f: dict[str, Any]) -> Select[Any]:
    """Task rows the actor sees, filtered as the list is, by due date (for the web pages)."""
    return (
        select(Task).where(*task_filters(session, actor, f)).order_by(Task.deadline.is_(None), Task.deadline, Task.id)
    )


def list_tasks(session: Session, actor: Actor, f: dict[str, Any]) -> tuple[list[TaskCard], int]:
    """Tasks the actor sees, filtered (assignee, organization, state, overdue, due dates, source)."""
    criteria = task_filters(session, actor, f)
    total = session.scalar(select(func.count()).select_from(Task).where(*criteria)) or 0
    stmt = (
        CARD_SELECT.where(*criteria)
        .order_by(Task.deadline.is_(None), Task.deadline, Task.id)
        .limit(f["per_page"])
        .offset((f["page"] - 1) * f["per_page"])
    )
    return [_card(row) for row in session.connection().execute(stmt)], total


_CARD_BY_ID = CARD_SELECT.where(Task.id == bindparam("task_id"))


def read_task(session: Session | Connection, actor: Actor, task_id: int) -> TaskCard:
    """One task card in one query (a plain connection will do); hidden tasks are not found."""
    connection = session.connection() if isinstance(session, Session) else session
    row = connection.execute(_CARD_BY_ID, {"task_id": task_id}).first()
    card = _card(row) if row is not None else None
    if card is None or not Visibility(session, actor).can_see(card, Task):
        raise not_found(Task, task_id)
    return card


# Roadmaps, working groups, reporting ----------------------------------------------------------------

PLAN_MODELS: dict[str, type[Any]] = {
    "roadmaps": Roadmap,
    "working-groups": WorkingGroup,
    "reporting-cycles": ReportingCycle,
}


def list_plans(session: Session, actor: Actor, kind: str, f: dict[str, Any]) -> tuple[list[Any], int]:
    """Roadmaps, working groups or reporting cycles the actor sees, by state, organization and order."""
    model = PLAN_MODELS[kind]
    stmt = select(model).where(Visibility(session, actor).where(model)).order_by(model.id.desc())
    for name in ("state", "organization_id", "order_id"):
        if f.get(name) is not None:
            stmt = stmt.where(getattr(model, name) == f[name])
    return page(session, stmt, f["page"], f["per_page"])


def read_roadmap(session: Session, actor: Actor, roadmap_id: int) -> Detail:
    """A roadmap with each activity's parsed deadline and its tasks."""
    roadmap = Visibility(session, actor).get(Roadmap, roadmap_id)
    order = session.get(Order, roadmap.order_id) if roadmap.order_id else None
    reference = (order.reg_date if order else None) or clock.today()
    read = DeadlineReader(session)
    activities = [a for s in roadmap.sections for a in s.activities]
    return Detail(
        roadmap,
        {a.id: read(a.deadline_text, roadmap.period, reference) for a in activities},
        _task_ids(session, Task.activity_id, Task.roadmap_id == roadmap.id),
    )


def read_object(session: Session, actor: Actor, kind: str, obj_id: int) -> Any:
    """Any managed object the actor sees, as its GET answers it."""
    if kind == "orders":
        # Imported here: workflow.queries.orders builds on this module's Detail and DeadlineReader.
        from workflow.queries.orders import read_order

        return read_order(session, actor, obj_id)
    if kind == "roadmaps":
        return read_roadmap(session, actor, obj_id)
    if kind == "tasks":
        return read_task(session, actor, obj_id)
    return Visibility(session, actor).get(_kind_model(kind), obj_id)


def cycle_periods(session: Session, actor: Actor, cycle_id: int) -> list[ReportingPeriod]:
    """The periods of a reporting cycle, by due date."""
    cycle = Visibility(session, actor).get(ReportingCycle, cycle_id)
    return list(cycle.periods)


# Lifecycle ---------------------------------------------------------------------------------------


def events_of(session: Session, actor: Actor, kind: str, obj_id: int) -> tuple[Any, list[EventOption]]:
    """The object and every event of its lifecycle: which the actor may fire now, and why not the others."""
    obj = Visibility(session, actor).get(_kind_model(kind), obj_id)
    return obj, available_events(session, obj, actor)


def history_of(session: Session, actor: Actor, kind: str, obj_id: int) -> list[TransitionLog]:
    """The recorded transitions of an object, oldest first."""
    obj = Visibility(session, actor).get(_kind_model(kind), obj_id)
    return history(session, obj)


def extension_requests_of(session: Session, actor: Actor, task_id: int) -> list[ExtensionRequest]:
    """A task's extension requests, newest first."""
    task = Visibility(session, actor).get(Task, task_id)
    stmt = select(ExtensionRequest).where(ExtensionRequest.task_id == task.id).order_by(ExtensionRequest.id.desc())
    return list(session.scalars(stmt))


def read_extension_request(session: Session, actor: Actor, request_id: int) -> ExtensionRequest:
    """One extension request of a task the actor sees."""
    return Visibility(session, actor).get(ExtensionRequest, request_id)


def preview_deadline(
    session: Session, text: str, period: tuple[date, date] | None, reference: date | None
) -> dict[str, Any]:
    """A deadline text read as it would be at dispatch (the office's calendar and rule), in the API's shape."""
    deadline = DeadlineReader(session)(text, period, reference)
    if deadline is None:
        deadline = parse_deadline(text, period=period, reference_date=reference or clock.today())
    return deadline.to_dict()


def cycle_of_period(session: Session, period_id: int) -> int | None:
    """The reporting cycle a period belongs to (its card shows the period), None when there is no such period."""
    return session.scalar(select(ReportingPeriod.cycle_id).where(ReportingPeriod.id == period_id))
