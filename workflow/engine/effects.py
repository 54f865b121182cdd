"""Effects of transitions: they run inside fire()'s transaction and never commit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import or_, select

from models import (
    ExtensionRequest,
    IndicatorValue,
    Order,
    ReportingCycle,
    ReportingPeriod,
    Roadmap,
    Task,
    WorkingGroup,
)
from workflow import clock
from workflow.engine.dispatch import ItemSpec, Occurrence, Ref, create_tasks, occurrences, parse_for
from workflow.engine.engine import Ctx, effect
from workflow.engine.kinds import BY_MODEL, OPEN_TASK_STATES
from workflow.engine.permissions import current_visa
from workflow.engine.registration import register
from workflow.errors import ValidationFailed
from workflow.printing.freeze import freeze_order_document
from workflow.search_index import reindex_order

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


@effect("record_visa")
def record_visa(ctx: Ctx) -> None:
    """The current approver's decision, remarks and time."""
    visa = current_visa(ctx.obj)
    assert visa is not None  # the permission check found it
    visa.decision = ctx.fields["decision"]
    visa.comment = ctx.fields.get("comment") or ""
    visa.decided_at = ctx.now
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


@effect("approve_attachments")
def approve_attachments(ctx: Ctx) -> None:
    """Roadmaps, working groups and cycles attached to the order are approved with it."""
    for item in _attachments(ctx, ctx.obj):
        # The order's controller watches its appendices unless they name their own.
        item.controller_id = item.controller_id or ctx.obj.controller_id
        if item.state == "draft":
            ctx.fire(item, "approve", comment=f"Утверждено приказом № {ctx.obj.reg_number}")


@effect("dispatch_order")
def dispatch_order(ctx: Ctx) -> None:
    """One task per controlled point and responsible executor; attachments start executing."""
    order: Order = ctx.obj
    reference = order.reg_date or ctx.today
    count = 0
    for point in order.points:
        if not point.controlled:
            continue
        deadline = parse_for(ctx.session, point.deadline_text, order.period, reference)
        spec = ItemSpec(
            title=point.text,
            organization_id=order.organization_id,
            source_kind="order",
            source_label=point.number,
            controller_id=order.controller_id,
            deadline_text=point.deadline_text,
            links={"order_id": order.id, "point_id": point.id},
            series_base=f"order:{order.id}:point:{point.id}",
        )
        count += len(create_tasks(ctx.session, spec, occurrences(deadline), point.responsible, point.co_executors))
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
        if order is not None and order.state == "executing" and _no_open(ctx, Task.order_id == order.id):
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


@effect("move_deadline")
def move_deadline(ctx: Ctx) -> None:
    """The task's deadline moves; the original one is kept."""
    request: ExtensionRequest = ctx.obj
    task = request.task
    ctx.payload["old_deadline"] = task.deadline.isoformat() if task.deadline else None
    task.original_deadline = task.original_deadline or task.deadline
    task.deadline = request.new_deadline
    task.last_activity_at = ctx.now
    task.touch(ctx.now)
