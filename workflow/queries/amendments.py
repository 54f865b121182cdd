"""Read models of amendments: the card's panel of an order and what the «Внести изменения» page offers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Order, Organization, Person
from workflow.engine.permissions import Actor
from workflow.errors import DomainError
from workflow.queries.consolidated import (
    AmendmentRef,
    Consolidated,
    amendment_ref,
    amendments_of,
    consolidate,
    in_force,
)
from workflow.services.amendments import check_amendable
from workflow.services.drafting import References
from workflow.services.visibility import Visibility


@dataclass(frozen=True)
class AmendmentPanel:
    """What the card of an order says about amendments: its amendments, the one it amends, the button."""

    amendments: list[AmendmentRef]
    amends: AmendmentRef | None
    in_force: int
    may_amend: bool


def amendment_panel(session: Session, actor: Actor, order: Order) -> AmendmentPanel:
    """The panel of an order's card; «Внести изменения» only where the drafting rule and the state allow it."""
    try:
        check_amendable(session, actor, order)
        may_amend = True
    except DomainError:
        may_amend = False
    base = session.get(Order, order.amends_id) if order.amends_id else None
    amends = amendment_ref(base) if base is not None and Visibility(session, actor).can_see(base) else None
    return AmendmentPanel(amendments_of(session, order), amends, len(in_force(session, order)), may_amend)


@dataclass(frozen=True)
class AmendChoices:
    """The page «Внести изменения»: the order as it reads now and the executors one may name."""

    order: Order
    current: Consolidated
    people: list[Person]
    organizations: list[Organization]


def amend_choices(session: Session, actor: Actor, order_id: int) -> AmendChoices:
    """The order (404 unseen; 403 or 409 when it may not be amended) with its current text and executors."""
    order = Visibility(session, actor).get(Order, order_id)
    check_amendable(session, actor, order)
    tree = References(session, order.organization_id).tree
    people = session.scalars(
        select(Person).where(Person.organization_id.in_(tree)).order_by(Person.last_name, Person.first_name)
    )
    organizations = session.scalars(select(Organization).where(Organization.id.in_(tree)).order_by(Organization.id))
    return AmendChoices(order, consolidate(session, order), list(people), list(organizations))
