"""Guards: each returns None to let a transition pass or a reason a person can read."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select

from models import ExtensionRequest, Order, ReportingPeriod, Roadmap, Task, WorkingGroup
from workflow import clock
from workflow.engine.engine import Ctx, guard
from workflow.engine.kinds import OPEN_TASK_STATES
from workflow.engine.permissions import address_problem, current_visa, signatory_problem
from workflow.errors import TransitionNotAllowed, ValidationFailed


def order_problem(order: Order) -> str | None:
    """The first thing that keeps a draft order from going further, or None."""
    if not order.title.strip():
        return "не указан заголовок"
    if not order.points:
        return "в приказе нет ни одного пункта"
    if order.signatory_id is None:
        return "не указан подписант"
    for point in order.points:
        if not point.text.strip():
            return f"пункт {point.number} пуст"
        if point.controlled:
            if not point.responsible:
                return f"у пункта {point.number} не указан ответственный"
            if not point.deadline_text.strip():
                return f"у пункта {point.number} не указан срок"
    if any(p.controlled for p in order.points) and order.controller_id is None:
        return "не указан контролёр исполнения"
    return None


@guard("order_complete")
def order_complete(ctx: Ctx) -> str | None:
    """Every requisite a draft needs before visas and approval."""
    return order_problem(ctx.obj)


# The visa decisions that need their remarks written in the comment (the form marks the field for them).
REMARKS_REQUIRED_FOR = ("approve_with_remarks", "reject")


@guard("visa_comment")
def visa_comment(ctx: Ctx) -> str | None:
    """Remarks and refusals need their text."""
    if ctx.fields.get("decision") in REMARKS_REQUIRED_FOR and not ctx.fields.get("comment"):
        raise ValidationFailed(
            "Укажите замечания в комментарии к визе.", {"comment": ["Замечания обязательны для этого решения."]}
        )
    return None


@guard("visas_complete")
def visas_complete(ctx: Ctx) -> str | None:
    """Every approver has put a positive visa."""
    order: Order = ctx.obj
    pending = current_visa(order)
    if pending is not None:
        return f"проект не завизирован: ожидается виза {pending.approver.name_initials}"
    if not order.visas and not order.organization.approval_without_visas:
        return "в листе согласования нет ни одной визы, а организация не разрешила утверждать приказы без виз"
    return None


@guard("lawful_signatory")
def lawful_signatory(ctx: Ctx) -> str | None:
    """The signatory has signing authority in the issuing organization on the day of approval."""
    return signatory_problem(ctx.session, ctx.obj, clock.local_date(ctx.now))


@guard("addresses_in_subtree")
def addresses_in_subtree(ctx: Ctx) -> str | None:
    """The order addresses only its organization's own subtree and the people in it."""
    return address_problem(ctx.session, ctx.obj)


def _open_tasks(ctx: Ctx, *criteria: ColumnElement[bool]) -> int:
    stmt = select(func.count()).select_from(Task).where(Task.state.in_(OPEN_TASK_STATES), *criteria)
    return ctx.session.scalar(stmt) or 0


@guard("order_tasks_done")
def order_tasks_done(ctx: Ctx) -> str | None:
    """Every controlled point of the order is done."""
    if ctx.obj.dispatching:
        return f"поручения ещё создаются: {ctx.obj.dispatch_done} из {ctx.obj.dispatch_total}"
    left = _open_tasks(ctx, Task.order_id == ctx.obj.id, Task.parent_id.is_(None))
    return f"не исполнено поручений: {left}" if left else None


@guard("source_tasks_done")
def source_tasks_done(ctx: Ctx) -> str | None:
    """Every task of the roadmap or working group is done."""
    column = Task.roadmap_id if isinstance(ctx.obj, Roadmap) else Task.working_group_id
    left = _open_tasks(ctx, column == ctx.obj.id, Task.parent_id.is_(None))
    return f"не исполнено поручений: {left}" if left else None


@guard("not_rollup")
def not_rollup(ctx: Ctx) -> str | None:
    """A fan-out parent closes by itself when its organizations are done."""
    if ctx.actor.system or not ctx.obj.is_rollup:
        return None
    return "это сводное поручение: оно закроется само, когда исполнят все организации"


@guard("not_attached")
def not_attached(ctx: Ctx) -> str | None:
    """Attachments of an order follow their order: approved with it, started at its dispatch."""
    if ctx.actor.system or ctx.obj.order_id is None:
        return None
    return f"это приложение к приказу (id {ctx.obj.order_id}): оно утверждается и исполняется вместе с приказом"


@guard("roadmap_complete")
def roadmap_complete(ctx: Ctx) -> str | None:
    """A roadmap needs activities, each with a deadline and a responsible executor."""
    roadmap: Roadmap = ctx.obj
    activities = [a for s in roadmap.sections for a in s.activities]
    if not activities:
        return "в дорожной карте нет мероприятий"
    for a in activities:
        if not a.deadline_text.strip():
            return f"у мероприятия {a.number or a.content[:40]} не указан срок"
        if not a.executors and not a.responsible_text.strip():
            return f"у мероприятия {a.number or a.content[:40]} не указан ответственный"
    return None


@guard("group_complete")
def group_complete(ctx: Ctx) -> str | None:
    """A working group needs a chair."""
    group: WorkingGroup = ctx.obj
    return None if group.chair is not None else "не назначен руководитель рабочей группы"


@guard("cycle_complete")
def cycle_complete(ctx: Ctx) -> str | None:
    """A reporting cycle needs a schedule, indicators and a responsible executor."""
    cycle = ctx.obj
    if not cycle.schedule_text.strip():
        return "не указана периодичность отчётности"
    if not cycle.indicators:
        return "не указаны показатели"
    if not cycle.executors:
        return "не указан ответственный исполнитель"
    return None


@guard("periods_accepted")
def periods_accepted(ctx: Ctx) -> str | None:
    """Every period of the cycle is accepted."""
    left = [p for p in ctx.obj.periods if p.state != "accepted"]
    return f"не приняты отчёты за периоды: {len(left)}" if left else None


@guard("cycle_executing")
def cycle_executing(ctx: Ctx) -> str | None:
    """Periods are reported only while their cycle runs."""
    period: ReportingPeriod = ctx.obj
    return None if period.cycle.state == "executing" else "сбор отчётности не начат или завершён"


@guard("extension_task_open")
def extension_task_open(ctx: Ctx) -> str | None:
    """A deadline is moved only on a task still being worked on."""
    request: ExtensionRequest = ctx.obj
    if request.task.state not in OPEN_TASK_STATES:
        # The decision's refusal is a sentence of its own, not «Нельзя …: reason».
        raise TransitionNotAllowed("Поручение уже закрыто: перенос срока не нужен.")
    return None
