"""The desk of each role: my tasks, visas and approvals waiting for me, drafts, extension requests to decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from models import ExtensionRequest, Order, Organization, Task, Visa
from workflow import clock
from workflow.engine.kinds import OPEN_TASK_STATES
from workflow.engine.permissions import Actor, current_visa, standing_in
from workflow.queries.tasks import TASK_CARD, task_query
from workflow.services.substitutions import standing_in_for
from workflow.services.visibility import Visibility


def my_open_tasks(session: Session, actor: Actor, limit: int = 50) -> list[Task]:
    """Open tasks where the actor (or an organization they head) is responsible or co-executor, by due date."""
    if actor.person_id is None:
        return []
    stmt = (
        task_query(session, actor, {"assignee": "me"})
        .where(Task.state.in_(OPEN_TASK_STATES), Task.is_rollup.is_(False))
        .options(*TASK_CARD)
        .limit(limit)
    )
    return list(session.scalars(stmt).unique())


def awaiting_my_visa(session: Session, actor: Actor) -> list[Order]:
    """Drafts on approval whose current visa is the actor's."""
    if actor.person_id is None:
        return []
    stmt = (
        select(Order)
        .where(
            Order.state == "on_approval",
            Order.id.in_(select(Visa.order_id).where(Visa.approver_id == actor.person_id, Visa.decision.is_(None))),
        )
        .options(selectinload(Order.visas))
        .order_by(Order.updated_at)
    )
    orders = session.scalars(stmt).all()
    return [o for o in orders if (visa := current_visa(o)) is not None and visa.approver_id == actor.person_id]


@dataclass(frozen=True)
class Signing:
    """An order the actor signs, and whether every visa is in."""

    order: Order
    ready: bool
    waiting_for: str


def awaiting_my_signature(session: Session, actor: Actor) -> list[Signing]:
    """Orders on approval that the actor signs: ready ones first."""
    if actor.person_id is None:
        return []
    stmt = (
        select(Order)
        .where(Order.state == "on_approval", Order.signatory_id == actor.person_id)
        .options(selectinload(Order.visas).joinedload(Visa.approver))
        .order_by(Order.updated_at)
    )
    result = []
    for order in session.scalars(stmt):
        pending = current_visa(order)
        result.append(Signing(order, pending is None, pending.approver.name_initials if pending else ""))
    return sorted(result, key=lambda s: not s.ready)


def my_drafts(session: Session, actor: Actor, limit: int = 20) -> list[Order]:
    """Drafts and approved-but-not-dispatched orders the actor may see and prepares (clerks and heads)."""
    if not (actor.has("clerk") or actor.has("head")):
        return []
    stmt = (
        select(Order)
        .where(Visibility(session, actor).orders(), Order.state.in_(("draft", "approved")))
        .order_by(Order.state != "approved", Order.updated_at.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def extensions_to_decide(session: Session, actor: Actor) -> list[ExtensionRequest]:
    """Pending extension requests the actor decides: as controller of the task, or as head of its organization."""
    if actor.person_id is None or not (actor.has("head") or actor.has("controller")):
        return []
    stmt = (
        select(ExtensionRequest)
        .join(Task, Task.id == ExtensionRequest.task_id)
        .where(ExtensionRequest.status == "pending", Task.state.in_(OPEN_TASK_STATES))
        .options(joinedload(ExtensionRequest.task))
        .order_by(ExtensionRequest.created_at)
    )
    scope = actor.org_scope(session) if actor.has("head") else frozenset()
    result = []
    for request in session.scalars(stmt):
        task = request.task
        as_head = task.organization_id in scope
        as_controller = task.controller_id == actor.person_id and request.requested_by_id != actor.user_id
        if as_head or as_controller:
            result.append(request)
    return result


@dataclass(frozen=True)
class StandingInDesk:
    """«Вы замещаете Деречу Н.Е. до 15.12.2026»: the person's open tasks, visas and signatures, for the deputy."""

    name: str
    until: date
    tasks: list[Task]
    visas: list[Order]
    signing: list[Signing]


def standing_in_desks(session: Session, actor: Actor) -> list[StandingInDesk]:
    """A section per person the actor stands in for today: what waits for that person."""
    desks = []
    for running in standing_in_for(session, actor.person_id, clock.today()):
        deputy = standing_in(session, actor, running.person_id)
        desks.append(
            StandingInDesk(
                running.name,
                running.until,
                my_open_tasks(session, deputy),
                awaiting_my_visa(session, deputy),
                awaiting_my_signature(session, deputy),
            )
        )
    return desks


@dataclass(frozen=True)
class Desk:
    """The personal sections of a user's desk, and the name of the organization they belong to."""

    tasks: list[Task]
    visas: list[Order]
    signing: list[Signing]
    drafts: list[Order]
    extensions: list[ExtensionRequest]
    organization_name: str
    standing_in: list[StandingInDesk] = field(default_factory=list)


def desk_of(session: Session, actor: Actor) -> Desk:
    """My open tasks, the visas and signatures waiting for me, my drafts and the extensions I decide."""
    org = session.get(Organization, actor.organization_id) if actor.organization_id else None
    return Desk(
        tasks=my_open_tasks(session, actor),
        visas=awaiting_my_visa(session, actor) if actor.has("approver") or actor.has("head") else [],
        signing=awaiting_my_signature(session, actor),
        drafts=my_drafts(session, actor),
        extensions=extensions_to_decide(session, actor),
        organization_name=(org.short_name or org.name) if org else "организации",
        standing_in=standing_in_desks(session, actor),
    )
