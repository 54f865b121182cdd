"""Effects of transitions: they run inside fire()'s transaction and never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import insert, or_, select
from sqlalchemy.orm import Session, selectinload
from transitions import EventData

from models import (
    ExtensionRequest,
    IndicatorValue,
    Notification,
    Order,
    Organization,
    OutboxEmail,
    Person,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    Task,
    User,
    WorkingGroup,
)
from workflow import clock
from workflow.deadlines.calendar import adjust_due
from workflow.engine.dispatch import (
    Assignee,
    ItemSpec,
    Occurrence,
    Ref,
    TaskGroup,
    calendar_for,
    create_tasks,
    expand,
    occurrences,
    parse_for,
    plan_for,
    write_groups,
)
from workflow.engine.engine import Ctx, effect
from workflow.engine.kinds import BY_MODEL, OPEN_TASK_STATES
from workflow.engine.machines import WHEN
from workflow.engine.permissions import Actor, current_visa
from workflow.engine.registration import register
from workflow.engine.substitutes import deputy_copies
from workflow.errors import ValidationFailed
from workflow.printing.freeze import freeze_order_document
from workflow.search_index import reindex_order
from workflow.settings import settings_of

ATTACHMENT_MODELS: tuple[type[Any], ...] = (Roadmap, WorkingGroup, ReportingCycle)
START_EVENT: dict[type[Any], str] = {m: e for m in ATTACHMENT_MODELS if (e := BY_MODEL[m].start_event)}


def _attachments(ctx: Ctx, order: Order) -> list[Any]:
    found: list[Any] = []
    for model in ATTACHMENT_MODELS:
        found.extend(ctx.session.scalars(select(model).where(model.order_id == order.id).order_by(model.id)))
    return found


# Orders ---------------------------------------------------------------------------------------


@effect("reset_visas")
def reset_visas(ctx: Ctx) -> None:
    """A (re)submitted draft collects every visa anew."""
    for visa in ctx.obj.visas:
        visa.decision, visa.comment, visa.decided_at = None, "", None
        visa.deputy_id = None


@effect("record_visa")
def record_visa(ctx: Ctx) -> None:
    """The current approver's decision, remarks and time."""
    visa = current_visa(ctx.obj)
    assert visa is not None  # the permission check found it
    visa.decision = ctx.fields["decision"]
    visa.comment = ctx.fields.get("comment") or ""
    visa.decided_at = ctx.now
    # A deputy's visa in the approver's turn keeps both: the approver on the route, the deputy who gave it.
    visa.deputy_id = ctx.actor.deputy_person_id
    ctx.payload["visa_position"] = visa.position


@effect("register_order")
def register_order(ctx: Ctx) -> None:
    """The journal's next number and today's date."""
    ctx.payload["reg_number"] = register(ctx.session, ctx.obj, ctx.today)
    reindex_order(ctx.session, ctx.obj)


@effect("freeze_document")
def freeze_document(ctx: Ctx) -> None:
    """The signed-ready DOCX is rendered once, checked, and stored with its SHA-256; downloads return these bytes."""
    ctx.payload["document_sha256"] = freeze_order_document(ctx.session, ctx.obj, ctx.actor.user_id).sha256
    # Beside the document's hash, each file appendix's, as frozen with it.
    if files := {str(a.id): a.sha256 for a in ctx.obj.appendices if a.is_file}:
        ctx.payload["appendices_sha256"] = files


@effect("approve_attachments")
def approve_attachments(ctx: Ctx) -> None:
    """Roadmaps, working groups and cycles attached to the order are approved with it."""
    for item in _attachments(ctx, ctx.obj):
        # The order's controller watches its appendices unless they name their own.
        item.controller_id = item.controller_id or ctx.obj.controller_id
        if item.state == "draft":
            ctx.fire(item, "approve", comment=f"Утверждено приказом № {ctx.obj.reg_number}")


@dataclass(frozen=True)
class PlannedItem:
    """One controlled point with its occurrences and expanded assignees: its rows are cheap to count or build."""

    spec: ItemSpec
    dated: list[Occurrence]
    assignees: list[Assignee]
    co_executors: list[Any]

    @property
    def size(self) -> int:
        """Tasks the item creates."""
        return len(self.dated) * sum(1 + len(who.children) for who in self.assignees)

    def groups(self) -> list[TaskGroup]:
        """The rows of the item's tasks."""
        return plan_for(self.spec, self.dated, self.assignees, self.co_executors)


def plan_order(session: Session, order: Order, reference: date) -> list[PlannedItem]:
    """Every controlled point of an order with its occurrences and assignees (nothing written).

    Hundreds of points usually share a few deadline texts and executor lists: each is read once.
    """
    deadlines: dict[str, list[Occurrence]] = {}
    expanded: dict[tuple[tuple[int | None, int | None, bool], ...], list[Assignee]] = {}
    items: list[PlannedItem] = []
    for point in order.points:
        if not point.controlled:
            continue
        text = point.deadline_text
        if text not in deadlines:
            deadlines[text] = occurrences(parse_for(session, text, order.period, reference))
        refs = point.responsible
        key = tuple((r.person_id, r.organization_id, r.include_subordinates) for r in refs)
        if key not in expanded:
            expanded[key] = expand(session, refs)
        spec = ItemSpec(
            title=point.text,
            organization_id=order.organization_id,
            source_kind="order",
            source_label=point.number,
            controller_id=order.controller_id,
            deadline_text=text,
            links={"order_id": order.id, "point_id": point.id},
            series_base=f"order:{order.id}:point:{point.id}",
        )
        items.append(PlannedItem(spec, deadlines[text], expanded[key], list(point.co_executors)))
    return items


def _dispatch_plan(ctx: Ctx) -> list[PlannedItem]:
    """The order's plan, computed once per dispatch: the `when` predicates and the effect share it."""
    if "dispatch_plan" not in ctx.memo:
        order: Order = ctx.obj
        ctx.memo["dispatch_plan"] = plan_order(ctx.session, order, order.reg_date or ctx.today)
    items: list[PlannedItem] = ctx.memo["dispatch_plan"]
    return items


def _dispatch_in_background(event_data: EventData) -> bool:
    """More tasks than the setting: the order goes to «Рассылается» and the job writes them."""
    ctx: Ctx | None = event_data.kwargs.get("ctx")
    obj = ctx.obj if ctx is not None else event_data.model
    if ctx is None or ctx.session is None:
        # The state × event tables run without a database: the object tells which way it goes.
        return bool(getattr(obj, "dispatch_in_background", False))
    count = sum(item.size for item in _dispatch_plan(ctx))
    return count > settings_of(ctx.session).dispatch_background_tasks


WHEN["dispatch_in_background"] = _dispatch_in_background
WHEN["dispatch_inline"] = lambda event_data: not _dispatch_in_background(event_data)


@effect("dispatch_order")
def dispatch_order(ctx: Ctx) -> None:
    """One task per controlled point and responsible executor; attachments start executing.

    A large order is only counted here; run_dispatch_job writes its tasks in chunks of their own transactions
    and moves the order from «Рассылается» to «На исполнении» when the last one exists.
    """
    order: Order = ctx.obj
    items = _dispatch_plan(ctx)
    count = sum(item.size for item in items)
    settings = settings_of(ctx.session)
    if count > settings.dispatch_max_tasks:
        raise ValidationFailed(
            f"Приказ создал бы {count} задач — больше допустимых {settings.dispatch_max_tasks}: "
            "разделите пункты или уточните исполнителей и периодичность.",
            {"points": [f"Задач: {count}, допустимо не более {settings.dispatch_max_tasks}."]},
        )
    order.dispatch_total, order.dispatch_done = count, 0
    if order.state == "dispatching":
        ctx.payload["dispatch_background"] = True
    else:
        order.dispatch_done = len(write_groups(ctx.session, [g for item in items for g in item.groups()]))
    for item in _attachments(ctx, order):
        if item.state == "approved":
            ctx.fire(item, START_EVENT[type(item)], comment=f"Приказ № {order.reg_number} направлен на исполнение")
    ctx.payload["tasks_created"] = count


@effect("cancel_order_tasks")
def cancel_order_tasks(ctx: Ctx) -> None:
    """A revoked order cancels its open tasks and those of its attachments."""
    order: Order = ctx.obj
    criteria = [Task.order_id == order.id]
    for item in _attachments(ctx, order):
        column = {Roadmap: Task.roadmap_id, WorkingGroup: Task.working_group_id}.get(type(item))
        if column is not None:
            criteria.append(column == item.id)
        elif isinstance(item, ReportingCycle):
            criteria.append(Task.reporting_period_id.in_([p.id for p in item.periods]))
    open_tasks = ctx.session.scalars(
        select(Task).where(or_(*criteria), Task.state.in_(OPEN_TASK_STATES), Task.parent_id.is_(None))
    ).all()
    reason = ctx.fields.get("reason", "")
    for task in open_tasks:
        ctx.fire(task, "cancel", comment=f"Приказ отозван: {reason}")
    ctx.payload["tasks_cancelled"] = len(open_tasks)


# Tasks ----------------------------------------------------------------------------------------


@effect("touch_parent")
def touch_parent(ctx: Ctx) -> None:
    """The first organization to start moves its fan-out parent into work."""
    task: Task = ctx.obj
    task.last_activity_at = ctx.now
    if task.parent is not None and task.parent.state == "assigned":
        ctx.fire(task.parent, "start")


@effect("record_report")
def record_report(ctx: Ctx) -> None:
    """The executor's report text and time."""
    task: Task = ctx.obj
    task.report_text = ctx.fields["report_text"]
    task.reported_at = ctx.now
    task.last_activity_at = ctx.now
    if task.parent is not None and task.parent.state == "assigned":
        ctx.fire(task.parent, "start")


@effect("record_return")
def record_return(ctx: Ctx) -> None:
    """A returned report counts as activity."""
    ctx.obj.last_activity_at = ctx.now


@effect("mark_done")
def mark_done(ctx: Ctx) -> None:
    """Done now; late when accepted after the deadline."""
    task: Task = ctx.obj
    task.done_at = ctx.now
    task.last_activity_at = ctx.now
    task.done_late = task.deadline is not None and clock.local_date(ctx.now) > task.deadline


@effect("cancel_children")
def cancel_children(ctx: Ctx) -> None:
    """Cancelling a fan-out parent cancels its open children."""
    for child in ctx.obj.children:
        if child.state in OPEN_TASK_STATES:
            ctx.fire(child, "cancel", comment=ctx.fields.get("comment") or "Сводное поручение отменено")


def _close_parent(ctx: Ctx, parent: Task) -> None:
    children = parent.children
    if any(c.state in OPEN_TASK_STATES for c in children) or parent.state not in OPEN_TASK_STATES:
        return
    done = [c for c in children if c.state == "done"]
    if not done:
        ctx.fire(parent, "cancel", comment="Все поручения организаций отменены")
        return
    if parent.state == "assigned":
        ctx.fire(parent, "start")
    if parent.state == "in_progress":
        ctx.fire(parent, "report", report_text=f"Исполнено организациями: {len(done)} из {len(children)}.")
    ctx.fire(parent, "accept")


def _complete_source(ctx: Ctx, task: Task) -> None:
    """The order (or roadmap) reports by itself when its last controlled task is closed."""
    if task.order_id is not None and task.point_id is not None:
        order = ctx.session.get(Order, task.order_id)
        # An order whose dispatch job is still adding tasks is not done, whatever its first tasks say.
        executing = order is not None and order.state == "executing" and not order.dispatching
        if order is not None and executing and _no_open(ctx, Task.order_id == order.id):
            if ctx.session.scalar(select(Task.id).where(Task.order_id == order.id, Task.state == "done").limit(1)):
                ctx.fire(order, "report", comment="Все поручения исполнены")
    if task.roadmap_id is not None:
        roadmap = ctx.session.get(Roadmap, task.roadmap_id)
        if roadmap is not None and roadmap.state == "executing" and _no_open(ctx, Task.roadmap_id == roadmap.id):
            ctx.fire(roadmap, "report", comment="Все мероприятия исполнены")


def _no_open(ctx: Ctx, criterion: Any) -> bool:
    ctx.session.flush()
    return (
        ctx.session.scalar(
            select(Task.id).where(criterion, Task.parent_id.is_(None), Task.state.in_(OPEN_TASK_STATES)).limit(1)
        )
        is None
    )


@effect("roll_up")
def roll_up(ctx: Ctx) -> None:
    """A closed child may close its fan-out parent; a closed top-level task may complete its source."""
    task: Task = ctx.obj
    if task.parent is not None:
        ctx.session.flush()
        _close_parent(ctx, task.parent)
    else:
        _complete_source(ctx, task)


# Roadmaps, working groups, reporting ---------------------------------------------------------------


@effect("dispatch_roadmap")
def dispatch_roadmap(ctx: Ctx) -> None:
    """One task per activity, occurrence and responsible executor."""
    roadmap: Roadmap = ctx.obj
    order = ctx.session.get(Order, roadmap.order_id) if roadmap.order_id else None
    reference = (order.reg_date if order else None) or ctx.today
    controller = roadmap.controller_id or (order.controller_id if order else None)
    count = 0
    for section in roadmap.sections:
        for activity in section.activities:
            if not activity.executors:
                continue
            deadline = parse_for(ctx.session, activity.deadline_text, roadmap.period, reference)
            spec = ItemSpec(
                title=activity.content,
                organization_id=roadmap.organization_id,
                source_kind="roadmap",
                source_label=activity.number,
                controller_id=controller,
                deadline_text=activity.deadline_text,
                links={"roadmap_id": roadmap.id, "activity_id": activity.id},
                series_base=f"roadmap:{roadmap.id}:activity:{activity.id}",
            )
            responsible = [e for e in activity.executors if e.role == "responsible"]
            co = [e for e in activity.executors if e.role == "co_executor"]
            count += len(create_tasks(ctx.session, spec, occurrences(deadline), responsible, co))
    ctx.payload["tasks_created"] = count


@effect("dispatch_group")
def dispatch_group(ctx: Ctx) -> None:
    """The group's result: a task for its chair with the group's deadline."""
    group: WorkingGroup = ctx.obj
    order = ctx.session.get(Order, group.order_id) if group.order_id else None
    reference = (order.reg_date if order else None) or ctx.today
    chair = group.chair
    assert chair is not None  # the approve guard required it
    deadline = parse_for(ctx.session, group.deadline_text, order.period if order else None, reference)
    spec = ItemSpec(
        title=f"Представить итоги работы: {group.name}",
        organization_id=group.organization_id,
        source_kind="working_group",
        source_label=group.name[:100],
        controller_id=group.controller_id or (order.controller_id if order else None),
        deadline_text=group.deadline_text,
        links={"working_group_id": group.id},
        series_base=f"group:{group.id}",
    )
    ctx.payload["tasks_created"] = len(create_tasks(ctx.session, spec, occurrences(deadline), [Ref(chair.person_id)]))


@effect("record_group_report")
def record_group_report(ctx: Ctx) -> None:
    """The final report is the result the group's task waits for."""
    group: WorkingGroup = ctx.obj
    group.final_report = ctx.fields["report_text"]
    for task in ctx.session.scalars(
        select(Task).where(Task.working_group_id == group.id, Task.state.in_(("assigned", "in_progress")))
    ):
        ctx.fire(task, "report", report_text=group.final_report)


@effect("dispatch_cycle")
def dispatch_cycle(ctx: Ctx) -> None:
    """One period per due date of the schedule, and its tasks for the responsible executors."""
    cycle: ReportingCycle = ctx.obj
    order = ctx.session.get(Order, cycle.order_id) if cycle.order_id else None
    reference = (order.reg_date if order else None) or ctx.today
    deadline = parse_for(ctx.session, cycle.schedule_text, cycle.period, reference)
    if deadline.needs_date or not deadline.due_dates:
        raise ValidationFailed(
            f"Из периодичности «{cycle.schedule_text}» не удаётся получить сроки отчётов: укажите её иначе.",
            {"schedule_text": list(deadline.warnings) or ["Срок не распознан."]},
        )
    controller = cycle.controller_id or (order.controller_id if order else None)
    count = 0
    for nominal, working in zip(deadline.due_dates, deadline.working_due_dates, strict=True):
        period = ReportingPeriod(cycle=cycle, due_date=working, label=f"на {nominal:%d.%m.%Y}", state="open")
        ctx.session.add(period)
        ctx.session.flush()
        spec = ItemSpec(
            title=f"{cycle.title}: отчёт {period.label}",
            organization_id=cycle.organization_id,
            source_kind="reporting",
            source_label=period.label,
            controller_id=controller,
            deadline_text=cycle.schedule_text,
            links={"reporting_period_id": period.id},
            series_base=f"cycle:{cycle.id}",
        )
        count += len(create_tasks(ctx.session, spec, [Occurrence(nominal, working, None)], cycle.executors))
    ctx.payload["periods_created"] = len(deadline.due_dates)
    ctx.payload["tasks_created"] = count


def _period_tasks(ctx: Ctx, period: ReportingPeriod, states: tuple[str, ...]) -> list[Task]:
    return list(
        ctx.session.scalars(
            select(Task).where(Task.reporting_period_id == period.id, Task.state.in_(states), Task.parent_id.is_(None))
        )
    )


@effect("record_period")
def record_period(ctx: Ctx) -> None:
    """Values per indicator and the narrative; the period's tasks go on review."""
    period: ReportingPeriod = ctx.obj
    indicators = {i.id: i for i in period.cycle.indicators}
    values = ctx.fields.get("values") or []
    if not isinstance(values, list):
        raise ValidationFailed("Значения показателей — это список.", {"values": ["Ожидается список."]})
    existing = {v.indicator_id: v for v in period.values}
    for n, item in enumerate(values):
        if not isinstance(item, dict) or item.get("indicator_id") not in indicators:
            raise ValidationFailed(
                "Показатель не из этой отчётности.", {f"values.{n}.indicator_id": ["Нет такого показателя."]}
            )
        try:
            value = None if item.get("value") in (None, "") else Decimal(str(item["value"]))
        except InvalidOperation as exc:
            raise ValidationFailed(
                "Значение показателя должно быть числом.", {f"values.{n}.value": ["Ожидается число."]}
            ) from exc
        row = existing.get(item["indicator_id"]) or IndicatorValue(indicator_id=item["indicator_id"])
        row.value, row.comment = value, str(item.get("comment") or "")
        if row.indicator_id not in existing:
            period.values.append(row)
    period.narrative = ctx.fields.get("narrative") or period.narrative
    period.submitted_at = ctx.now
    text = period.narrative or "Отчёт представлен."
    for task in _period_tasks(ctx, period, ("assigned", "in_progress")):
        ctx.fire(task, "report", report_text=text)


@effect("accept_period")
def accept_period(ctx: Ctx) -> None:
    """The period's tasks are done; the cycle completes when its last period is accepted."""
    period: ReportingPeriod = ctx.obj
    period.accepted_at = ctx.now
    for task in _period_tasks(ctx, period, ("on_review",)):
        ctx.fire(task, "accept")
    cycle = period.cycle
    if cycle.state == "executing" and all(p.state == "accepted" for p in cycle.periods):
        ctx.fire(cycle, "report", comment="Все отчёты приняты")


@effect("return_period")
def return_period(ctx: Ctx) -> None:
    """The period's tasks go back into work with the controller's comment."""
    period: ReportingPeriod = ctx.obj
    period.submitted_at = None
    for task in _period_tasks(ctx, period, ("on_review",)):
        ctx.fire(task, "return", comment=ctx.fields["comment"])


# Extension requests ------------------------------------------------------------------------------------


@effect("record_decision")
def record_decision(ctx: Ctx) -> None:
    """Who decided, when, and why; the request and the deadline it asks for go into the task's history."""
    request: ExtensionRequest = ctx.obj
    request.decided_by_id = ctx.actor.user_id
    request.decided_at = ctx.now
    request.decision_comment = ctx.fields.get("comment") or ""
    ctx.payload["extension_request_id"] = request.id
    ctx.payload["new_deadline"] = request.new_deadline.isoformat()


def _granted_day(ctx: Ctx, value: Any) -> date:
    """The other day the decider grants: a date later than today and than the task's current deadline."""
    request: ExtensionRequest = ctx.obj

    def problem(message: str) -> ValidationFailed:
        return ValidationFailed(f"Проверьте поле «Новый срок»: {message}", {"new_deadline": [message]})

    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise problem("ожидается дата ГГГГ-ММ-ДД.") from None
    if day <= clock.local_date(ctx.now):
        raise problem("новый срок должен быть позже сегодняшнего дня.")
    current = request.task.deadline
    if current is not None and day <= current:
        raise problem(f"новый срок должен быть позже текущего ({current:%d.%m.%Y}).")
    return day


@effect("move_deadline")
def move_deadline(ctx: Ctx) -> None:
    """The task's deadline moves; the original one is kept."""
    request: ExtensionRequest = ctx.obj
    task = request.task
    ctx.payload["old_deadline"] = task.deadline.isoformat() if task.deadline else None
    task.original_deadline = task.original_deadline or task.deadline
    # The decider may grant another day than asked; else the asked one.
    granted = ctx.fields.get("new_deadline")
    day = _granted_day(ctx, granted) if granted else request.new_deadline
    # A granted day off moves by the office's non-working-day rule, and the decision says so.
    due, note = adjust_due(day, calendar_for(ctx.session), settings_of(ctx.session).deadline_rule)
    task.deadline = due
    request.granted_deadline = due
    ctx.payload["granted_deadline"] = due.isoformat()
    request.deadline_note = note  # type: ignore[attr-defined]  # not stored: the answer and the history carry it
    if note:
        ctx.payload["deadline_note"] = note
    task.last_activity_at = ctx.now
    task.touch(ctx.now)


# Notifications ------------------------------------------------------------------------------------
# Each is written in the transaction of its event (a failed event leaves none), names who did what and links
# to its object; when SMTP is set, its e-mail goes into the outbox in the same transaction.


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _did(session: Session, actor: Actor, verb: str) -> str:
    """«Соколов А.В. вернул» / «Ушакова И.Г. вернула» / «Система вернула»: the actor and the verbs ({a}) in the past."""
    if actor.deputy_person_id is not None:
        # «Соколов А.В. за Деречу Н.Е. согласовал»: the deputy acted, in the person's place.
        deputy = session.get(Person, actor.deputy_person_id)
        return f"{actor.label} {verb.format(a='а' if deputy is not None and deputy.gender == 'f' else '')}"
    person = session.get(Person, actor.person_id) if actor.person_id is not None else None
    if person is None:
        return f"Система {verb.format(a='а')}" if actor.system else f"{actor.label} {verb.format(a='')}"
    return f"{person.name_initials} {verb.format(a='а' if person.gender == 'f' else '')}"


def _heads(session: Session, org_ids: Iterable[int | None]) -> dict[int, int | None]:
    wanted = {o for o in org_ids if o is not None}
    if not wanted:
        return {}
    return dict(session.execute(select(Organization.id, Organization.head_id).where(Organization.id.in_(wanted))).all())


def task_executors(session: Session, task: Task, heads: dict[int, int | None] | None = None) -> list[int]:
    """Who executes a task: the responsible person (or the head of the responsible organization) and co-executors."""
    refs: list[tuple[int | None, int | None]] = [(task.responsible_person_id, task.responsible_org_id)]
    refs.extend((c.person_id, c.organization_id) for c in task.co_executors)
    heads = heads if heads is not None else _heads(session, (org for _, org in refs))
    people = [person if person is not None else heads.get(org) if org is not None else None for person, org in refs]
    return list(dict.fromkeys(p for p in people if p is not None))


def notify(
    session: Session,
    kind: str,
    people: Iterable[int | None],
    obj: Any,
    text: str,
    *,
    subject: str = "",
    skip: int | None = None,
) -> int:
    """One notice per person (the one who acted is not told of their own act), its e-mail queued in the outbox."""
    return notify_many(session, [(kind, p, obj, text, subject) for p in people], skip=skip)


def notify_many(
    session: Session, items: Iterable[tuple[str, int | None, Any, str, str]], *, skip: int | None = None
) -> int:
    """Many notices in a few statements (a dispatch of thousands of tasks): (kind, person, object, text, subject)."""
    now = clock.now()
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, int, str, int]] = set()
    for kind, person_id, obj, text, subject in items:
        if person_id is None or person_id == skip:
            continue
        key = (kind, person_id, obj.lifecycle_kind, obj.id)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "person_id": person_id,
                "task_id": obj.id if isinstance(obj, Task) else getattr(obj, "task_id", None),
                "object_kind": obj.lifecycle_kind,
                "object_id": obj.id,
                "kind": kind,
                "dedup_key": None,
                "subject": _short(subject or text, 300),
                "body": text,
                "created_at": now,
            }
        )
    rows.extend(deputy_copies(session, rows, clock.local_date(now), skip))
    if not rows:
        return 0
    session.flush()
    created: list[tuple[int, int]] = []
    for start in range(0, len(rows), 1000):
        stmt = insert(Notification).returning(Notification.id, Notification.person_id, sort_by_parameter_order=True)
        created.extend((nid, pid) for nid, pid in session.execute(stmt, rows[start : start + 1000]))
    if settings_of(session).smtp_host:
        queue_emails(
            session, [(nid, pid, row["subject"], row["body"]) for (nid, pid), row in zip(created, rows, strict=True)]
        )
    return len(created)


def queue_emails(session: Session, notices: list[tuple[int, int, str, str]]) -> int:
    """Outbox rows for the notices of people who have an e-mail: (notice id, person, subject, body)."""
    emails: dict[int, str] = {}
    wanted = list({pid for _, pid, _, _ in notices})
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        emails.update(
            {
                pid: email
                for pid, email in session.execute(
                    select(Person.id, Person.email).where(Person.id.in_(chunk), Person.email != "")
                )
            }
        )
    now = clock.now()
    rows = [
        {
            "notification_id": nid,
            "to_address": emails[pid],
            "subject": subject,
            "body": body,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "last_error": "",
            "created_at": now,
        }
        for nid, pid, subject, body in notices
        if emails.get(pid)
    ]
    for start in range(0, len(rows), 1000):
        session.execute(insert(OutboxEmail), rows[start : start + 1000])
    return len(rows)


def _order_name(order: Order) -> str:
    if order.reg_number:
        return f"приказ № {order.reg_number} «{_short(order.title, 120)}»"
    return f"проект приказа «{_short(order.title, 120)}»"


def _author_person(session: Session, order: Order) -> int | None:
    if order.created_by_id is None:
        return None
    return session.scalar(select(User.person_id).where(User.id == order.created_by_id))


def _task_name(task: Task, case: str = "поручения") -> str:
    # Named by what it asks, as people tell tasks apart («поручения «Представить справку …»»), not by its id.
    return f"{case} «{_short(task.title, 80)}»"


@effect("notify_next_in_turn")
def notify_next_in_turn(ctx: Ctx) -> None:
    """The next approver in turn is asked for a visa; when every visa is in, the signatory for approval."""
    order: Order = ctx.obj
    verb = "направил{a} на согласование" if ctx.transition and ctx.transition.event == "submit" else "согласовал{a}"
    did = f"{_did(ctx.session, ctx.actor, verb)} {_order_name(order)}"
    visa = current_visa(order)
    if visa is not None:
        notify(ctx.session, "visa_needed", [visa.approver_id], order, f"{did}: нужна ваша виза.")
    else:
        notify(
            ctx.session,
            "approval_needed",
            [order.signatory_id],
            order,
            f"{did}: все визы получены, нужно ваше утверждение.",
        )


@effect("notify_returned")
def notify_returned(ctx: Ctx) -> None:
    """The author learns that the draft came back, and why."""
    order: Order = ctx.obj
    rejected = ctx.transition is not None and ctx.transition.event == "visa"
    verb = "не согласовал{a} и вернул{a} на доработку" if rejected else "вернул{a} на доработку"
    comment = ctx.fields.get("comment") or ""
    text = f"{_did(ctx.session, ctx.actor, verb)} {_order_name(order)}" + (f": {comment}" if comment else ".")
    notify(ctx.session, "returned", [_author_person(ctx.session, order)], order, text, skip=ctx.actor.person_id)


@effect("notify_approved")
def notify_approved(ctx: Ctx) -> None:
    """The author and the controller learn the order is approved and registered."""
    order: Order = ctx.obj
    text = f"{_did(ctx.session, ctx.actor, 'утвердил{a}')} {_order_name(order)} от {order.reg_date:%d.%m.%Y}."
    people = [_author_person(ctx.session, order), order.controller_id]
    notify(ctx.session, "approved", people, order, text, skip=ctx.actor.person_id)


def _source_tasks(ctx: Ctx) -> list[Task]:
    obj = ctx.obj
    if isinstance(obj, Order):
        criterion = Task.order_id == obj.id
    elif isinstance(obj, Roadmap):
        criterion = Task.roadmap_id == obj.id
    elif isinstance(obj, WorkingGroup):
        criterion = Task.working_group_id == obj.id
    else:
        criterion = Task.reporting_period_id.in_([p.id for p in obj.periods])
    ctx.session.flush()
    # Co-executors in one query per chunk, not one per task: a dispatch may create thousands.
    stmt = select(Task).where(criterion).options(selectinload(Task.co_executors)).order_by(Task.id)
    return list(ctx.session.scalars(stmt))


@effect("notify_task_assigned")
def notify_task_assigned(ctx: Ctx) -> None:
    """Executors and heads of the addressed organizations get their new tasks; controllers, the undated ones."""
    notify_new_tasks(ctx.session, ctx.actor, _source_tasks(ctx))


def notify_new_tasks(session: Session, actor: Actor, tasks: list[Task]) -> int:
    """The notices of newly written tasks (a dispatch inline, or a chunk of a background one): who sent what."""
    orgs = [t.responsible_org_id for t in tasks] + [c.organization_id for t in tasks for c in t.co_executors]
    heads = _heads(session, orgs)
    did = _did(session, actor, "направил{a}")
    items: list[tuple[str, int | None, Any, str, str]] = []
    for task in tasks:
        due = f"срок {task.deadline:%d.%m.%Y}" if task.deadline else "срок не определён"
        text = f"{did} вам поручение № {task.id}: {_short(task.title)} ({due})."
        items.extend(("task_assigned", p, task, text, "") for p in task_executors(session, task, heads))
        if task.needs_date and not task.is_rollup:
            hint = f" («{_short(task.deadline_text, 80)}»)" if task.deadline_text else ""
            items.append(
                (
                    "date_needed",
                    task.controller_id,
                    task,
                    f"Поручение № {task.id}: {_short(task.title)} — срок не определён{hint}: установите дату.",
                    "",
                )
            )
    return notify_many(session, items)


@effect("notify_report_to_review")
def notify_report_to_review(ctx: Ctx) -> None:
    """The controller is asked to review a report."""
    task: Task = ctx.obj
    if task.is_rollup:
        return
    text = f"{_did(ctx.session, ctx.actor, 'доложил{a}')} об исполнении {_task_name(task)}: {_short(task.report_text)}"
    notify(ctx.session, "report_to_review", [task.controller_id], task, text, skip=ctx.actor.person_id)


@effect("notify_report_returned")
def notify_report_returned(ctx: Ctx) -> None:
    """The executors learn the report came back, with the controller's comment."""
    task: Task = ctx.obj
    comment = ctx.fields.get("comment") or ""
    text = f"{_did(ctx.session, ctx.actor, 'вернул{a}')} отчёт по {_task_name(task, 'поручению')}: {comment}"
    notify(ctx.session, "report_returned", task_executors(ctx.session, task), task, text, skip=ctx.actor.person_id)


@effect("notify_report_accepted")
def notify_report_accepted(ctx: Ctx) -> None:
    """The executors learn their report was accepted."""
    task: Task = ctx.obj
    if task.is_rollup:
        return
    text = f"{_did(ctx.session, ctx.actor, 'принял{a}')} исполнение {_task_name(task)}."
    notify(ctx.session, "report_accepted", task_executors(ctx.session, task), task, text, skip=ctx.actor.person_id)


def extension_deciders(session: Session, request: ExtensionRequest) -> list[int]:
    """Who decides a request: the task's controller, or the head of the issuing organization if the controller asked."""
    task = request.task
    requester = session.scalar(select(User.person_id).where(User.id == request.requested_by_id))
    if task.controller_id is not None and task.controller_id != requester:
        return [task.controller_id]
    head = _heads(session, [task.organization_id]).get(task.organization_id)
    return [head] if head is not None else []


def notify_extension_requested(session: Session, request: ExtensionRequest, actor: Actor) -> int:
    """The decider is asked about a new extension request (created by its use case, not by a transition)."""
    task = request.task
    text = (
        f"{_did(session, actor, 'попросил{a}')} перенести срок {_task_name(task)} на "
        f"{request.new_deadline:%d.%m.%Y}: {_short(request.reason)}"
    )
    return notify(session, "extension_requested", extension_deciders(session, request), request, text)


@effect("notify_extension_decided")
def notify_extension_decided(ctx: Ctx) -> None:
    """The one who asked learns the decision."""
    request: ExtensionRequest = ctx.obj
    granted = request.status == "granted"
    verb = "согласовал{a}" if granted else "отказал{a} в"
    what = f"перенос{'е' if not granted else ''} срока {_task_name(request.task)}"
    date_text = f" на {request.granted_deadline or request.new_deadline:%d.%m.%Y}" if granted else ""
    comment = ctx.fields.get("comment") or ""
    text = f"{_did(ctx.session, ctx.actor, verb)} {what}{date_text}" + (f": {comment}" if comment else ".")
    requester = ctx.session.scalar(select(User.person_id).where(User.id == request.requested_by_id))
    notify(ctx.session, "extension_decided", [requester], request, text, skip=ctx.actor.person_id)


# The amendment's dispatch effect registers itself too; imported last, it finds every name above defined.
from workflow.engine import amendments as _amendments  # noqa: E402,F401
