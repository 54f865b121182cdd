"""Task reads shared by the pages and the API: the filtered list, the card in one query, the web list and card.

Always through the actor's visibility: a task the user may not see is «not found».
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, bindparam, case, cast, func, not_, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from models import (
    ExtensionRequest,
    Organization,
    Person,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    StoredFile,
    Task,
    TaskCoExecutor,
    WorkingGroup,
)
from models.tasks import OPEN_TASK_STATES
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.queries import search
from workflow.services import extensions, reports, task_dates
from workflow.services.directory import page
from workflow.services.visibility import Visibility, not_found

# source=<kind>:<id> of the task list: the column each kind filters on.
SOURCE_COLUMNS = {
    "order": Task.order_id,
    "roadmap": Task.roadmap_id,
    "working_group": Task.working_group_id,
    "reporting_period": Task.reporting_period_id,
}


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
    if f.get("q"):
        criteria.append(search.matching_ids(session, "task", f["q"]))
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
    """Tasks the actor sees, filtered (assignee, organization, state, overdue, due dates, source, full-text q)."""
    criteria = task_filters(session, actor, f)
    total = session.scalar(select(func.count()).select_from(Task).where(*criteria)) or 0
    stmt = CARD_SELECT.where(*criteria)
    if f.get("q"):
        # A search lists the best match first, then the newest.
        found = search.matches(session, "task", f["q"])
        stmt = stmt.join(found, found.c.object_id == Task.id).order_by(
            found.c.rank.desc(), Task.created_at.desc(), Task.id.desc()
        )
    else:
        stmt = stmt.order_by(Task.deadline.is_(None), Task.deadline, Task.id)
    stmt = stmt.limit(f["per_page"]).offset((f["page"] - 1) * f["per_page"])
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


def extension_requests_of(session: Session, actor: Actor, task_id: int) -> list[ExtensionRequest]:
    """A task's extension requests, newest first."""
    task = Visibility(session, actor).get(Task, task_id)
    stmt = select(ExtensionRequest).where(ExtensionRequest.task_id == task.id).order_by(ExtensionRequest.id.desc())
    return list(session.scalars(stmt))


def read_extension_request(session: Session, actor: Actor, request_id: int) -> ExtensionRequest:
    """One extension request of a task the actor sees."""
    return Visibility(session, actor).get(ExtensionRequest, request_id)


def tasks_of_source(session: Session, actor: Actor, kind: str, source_id: int, limit: int = 100) -> list[Task]:
    """The first tasks a document gave (a working group's card lists them), by due date."""
    stmt = task_query(session, actor, {"source": (kind, source_id)}).options(*TASK_CARD)
    return list(session.scalars(stmt.limit(limit)).unique())


def source_task_page(
    session: Session, actor: Actor, kind: str, source_id: int, number: int, per_page: int
) -> tuple[list[Task], int]:
    """One page of the tasks a document gave (fan-out children included), by due date."""
    stmt = task_query(session, actor, {"source": (kind, source_id)}).options(*TASK_CARD)
    return page(session, stmt, number, per_page)


@dataclass(frozen=True)
class TaskListFilter:
    """The filters of the task list page."""

    mine: bool = True
    state: str | None = None
    overdue: bool = False
    show_closed: bool = False


def task_list_page(
    session: Session, actor: Actor, f: TaskListFilter, number: int, per_page: int
) -> tuple[list[Task], int]:
    """My tasks (or every task I may see), by due date: the work still to do unless a state or closed ones are asked."""
    query: dict[str, Any] = {"state": f.state}
    if f.mine:
        query["assignee"] = "me"
    if f.overdue:
        query["overdue"] = True
    stmt = task_query(session, actor, query).options(*TASK_CARD)
    if f.mine:
        # A fan-out parent is worked through its children: it is nobody's task to report.
        stmt = stmt.where(Task.is_rollup.is_(False))
    if f.state is None and not f.overdue and not f.show_closed:
        # Closed tasks are history: the list opens on the work still to do.
        stmt = stmt.where(Task.state.in_(OPEN_TASK_STATES))
    return page(session, stmt, number, per_page)


@dataclass(frozen=True)
class TaskSource:
    """The document a task came from: its words, and the card to link when the user may open it."""

    text: str
    kind: str | None = None
    obj_id: int | None = None
    visible: bool = False


def _visible(session: Session, visibility: Visibility, model: type[Any], obj_id: int) -> bool:
    obj = session.get(model, obj_id)
    return obj is not None and visibility.can_see(obj)


def task_source(session: Session, visibility: Visibility, task: Task) -> TaskSource:
    """Where a task came from; an executor may see the task and not the document (then it is not linked)."""
    if task.roadmap_id:
        text = f"Дорожная карта № {task.roadmap_id}, мероприятие {task.source_label}"
        return TaskSource(text, "roadmaps", task.roadmap_id, _visible(session, visibility, Roadmap, task.roadmap_id))
    if task.working_group_id:
        visible = _visible(session, visibility, WorkingGroup, task.working_group_id)
        return TaskSource(f"Рабочая группа № {task.working_group_id}", "working-groups", task.working_group_id, visible)
    if task.reporting_period_id:
        period = session.get(ReportingPeriod, task.reporting_period_id)
        if period is not None:
            visible = _visible(session, visibility, ReportingCycle, period.cycle_id)
            return TaskSource(
                f"Отчётность: {period.cycle.title}, {period.label}", "reporting-cycles", period.cycle_id, visible
            )
    if task.order_id:
        return TaskSource(task.source_label or "—", "orders", task.order_id)
    return TaskSource(task.source_label or "—")


@dataclass(frozen=True)
class TaskView:
    """A task's card: the task, its source, its files, extension requests and what the user may do with them."""

    task: Task
    source: TaskSource
    files: list[StoredFile]
    requests: list[ExtensionRequest]
    may_ask: bool
    may_decide: bool
    may_date: bool = False  # the controller may give an undated task its date (services.task_dates)


def task_view(session: Session, actor: Actor, task_id: int) -> TaskView:
    """The card of a task the actor sees, with the extension buttons the services would accept."""
    visibility = Visibility(session, actor)
    task = visibility.get(Task, task_id)
    requests = extension_requests_of(session, actor, task.id)
    pending = next((r for r in requests if r.status == "pending"), None)
    return TaskView(
        task=task,
        source=task_source(session, visibility, task),
        files=reports.attachments(session, task.id),
        requests=requests,
        may_ask=extensions.may_request(session, actor, task),
        may_decide=pending is not None and extensions.may_decide(session, actor, pending),
        may_date=task_dates.may_set_date(session, actor, task),
    )
