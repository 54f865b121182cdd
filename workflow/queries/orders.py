"""Read models of orders: the list, the card, the editor's choices and the executor picker, through visibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from documents.contexts import VisaDoc
from models import (
    Order,
    OrderAppendix,
    Organization,
    Person,
    ReportingCycle,
    Roadmap,
    Task,
    TransitionLog,
    WorkingGroup,
)
from workflow import clock
from workflow.deadlines.grammar import Deadline
from workflow.engine.engine import history
from workflow.engine.naming import order_name
from workflow.engine.permissions import Actor
from workflow.engine.scope import subtree
from workflow.printing.contexts import visa_rounds
from workflow.queries import search
from workflow.queries.cards import Names, Progress, progress_by
from workflow.queries.objects import DeadlineReader, Detail, _task_ids
from workflow.queries.tasks import source_task_page
from workflow.services.common import drafting_scope
from workflow.services.directory import page
from workflow.services.drafting import References, check_editable, may_edit
from workflow.services.visibility import Visibility

PICKER_LIMIT = 15


def list_orders(session: Session, actor: Actor, f: dict[str, Any]) -> tuple[list[Order], int]:
    """Orders the actor sees, filtered by state, kind, organization, year and a full-text query (best match first)."""
    stmt = select(Order).where(Visibility(session, actor).orders()).order_by(Order.id.desc())
    for name in ("state", "kind", "organization_id"):
        if f.get(name) is not None:
            stmt = stmt.where(getattr(Order, name) == f[name])
    if f.get("year") is not None:
        first, last = date(f["year"], 1, 1), date(f["year"], 12, 31)
        # A registered order belongs to its registration year, a draft to the year it was drafted in.
        start = datetime.combine(first, time(), tzinfo=clock.TIMEZONE)
        end = datetime.combine(date(f["year"] + 1, 1, 1), time(), tzinfo=clock.TIMEZONE)
        stmt = stmt.where(
            or_(
                Order.reg_date.between(first, last),
                and_(Order.reg_date.is_(None), Order.created_at >= start, Order.created_at < end),
            )
        )
    if f.get("q"):
        # Full-text search (title, preamble, points, number in any spelling): the best match first, then the newest.
        found = search.matches(session, "order", f["q"])
        stmt = (
            stmt.join(found, found.c.object_id == Order.id)
            .order_by(None)
            .order_by(found.c.rank.desc(), Order.reg_date.desc().nulls_last(), Order.id.desc())
        )
    return page(session, stmt, f["page"], f["per_page"])


def _contains(column: Any, q: str) -> ColumnElement[bool]:
    # SQLite folds case for ASCII only: the usual spellings of a Russian word are tried as well.
    variants = dict.fromkeys([q, q.lower(), q.capitalize(), q.upper()])
    return or_(*(column.icontains(v, autoescape=True) for v in variants))


def read_order(session: Session, actor: Actor, order_id: int) -> Detail:
    """An order with each point's parsed deadline and the ids of the tasks it gave."""
    order = Visibility(session, actor).get(Order, order_id)
    read = DeadlineReader(session)
    reference = order.reg_date or clock.today()
    return Detail(
        order,
        {p.id: read(p.deadline_text, order.period, reference) for p in order.points},
        _task_ids(session, Task.point_id, Task.order_id == order.id),
    )


def visible_order(session: Session, actor: Actor, order_id: int) -> Order:
    """An order the actor sees (404 otherwise)."""
    return Visibility(session, actor).get(Order, order_id)


def editable_order(session: Session, actor: Actor, order_id: int) -> Order:
    """A draft order the actor may edit: 404 unseen, 403 not an editor, NotEditable once it is not a draft."""
    order = visible_order(session, actor, order_id)
    check_editable(session, actor, order)
    return order


# The editor ---------------------------------------------------------------------------------------


def drafting_organizations(session: Session, actor: Actor) -> list[Organization]:
    """The organizations the actor may draft for (the rule of services.common.may_draft_in), by id."""
    stmt = select(Organization).order_by(Organization.id)
    scope = drafting_scope(session, actor)
    if scope is not None:
        stmt = stmt.where(Organization.id.in_(scope))
    return list(session.scalars(stmt))


def organization_place(session: Session, organization_id: int | None) -> str:
    """Where an organization's documents are signed («г. Верхнекамск»), empty when unknown."""
    org = session.get(Organization, organization_id) if organization_id else None
    return org.place if org else ""


@dataclass(frozen=True)
class EditorChoices:
    """What the editor offers: the organizations one may draft for, the chosen one, the people of its tree."""

    organizations: list[Organization]
    organization_id: int | None
    people: list[Person]


def editor_choices(session: Session, actor: Actor, organization_id: int | None) -> EditorChoices:
    """The editor's choices for a document of an organization (the first one the actor drafts for by default)."""
    organizations = drafting_organizations(session, actor)
    org_id = organization_id or (organizations[0].id if organizations else None)
    people: list[Person] = []
    if org_id:
        tree = References(session, org_id).tree
        stmt = select(Person).where(Person.organization_id.in_(tree)).order_by(Person.last_name, Person.first_name)
        people = list(session.scalars(stmt))
    return EditorChoices(organizations, org_id, people)


def executor_choices(session: Session, q: str, kinds: set[str], organization_id: int | None) -> list[dict[str, Any]]:
    """People and organizations for the executor picker, by a part of the name, inside the document's tree."""
    tree = References(session, organization_id).tree if organization_id else None
    items: list[dict[str, Any]] = []
    if "person" in kinds:
        people = select(Person).order_by(Person.last_name, Person.first_name).limit(PICKER_LIMIT)
        if q:
            columns = (Person.last_name, Person.first_name, Person.position)
            people = people.where(or_(*(_contains(c, q) for c in columns)))
        if tree is not None:
            people = people.where(Person.organization_id.in_(tree))
        for person in session.scalars(people):
            org = person.organization
            where = f", {org.short_name or org.name}" if org else ""
            items.append(
                {
                    "value": f"p:{person.id}",
                    "label": person.name_initials,
                    "detail": f"{person.position}{where}".strip(", "),
                    "kind": "person",
                }
            )
    if "org" in kinds:
        orgs = select(Organization).order_by(Organization.id).limit(PICKER_LIMIT)
        if q:
            orgs = orgs.where(or_(*(_contains(c, q) for c in (Organization.name, Organization.short_name))))
        if tree is not None:
            orgs = orgs.where(Organization.id.in_(tree))
        for org in session.scalars(orgs):
            label = org.short_name or org.name
            items.append({"value": f"o:{org.id}", "label": label, "detail": org.name, "kind": "org"})
            if len(subtree(session, org.id)) > 1:
                items.append(
                    {
                        "value": f"os:{org.id}",
                        "label": f"{label} и подведомственные организации",
                        "detail": "по поручению каждой подведомственной организации",
                        "kind": "org",
                    }
                )
    return items


# The card -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppendixView:
    """An appendix as the card lists it; card is the (kind, id) of the attached plan, if any."""

    number: int
    title: str
    text: str
    card: tuple[str, int] | None
    # A file appendix: the row, whose file is downloaded by its id and shown with its size and hash.
    file: OrderAppendix | None = None


def appendices_of(session: Session, order: Order) -> list[AppendixView]:
    """An order's appendices, an attached plan named by its title."""
    result = []
    for n, appendix in enumerate(order.appendices, start=1):
        title, card = appendix.title, None
        if appendix.roadmap_id:
            roadmap = session.get_one(Roadmap, appendix.roadmap_id)
            title, card = f"Дорожная карта: {roadmap.title}", ("roadmaps", roadmap.id)
        elif appendix.working_group_id:
            group = session.get_one(WorkingGroup, appendix.working_group_id)
            title, card = f"Состав рабочей группы: {group.name}", ("working-groups", group.id)
        elif appendix.reporting_cycle_id:
            cycle = session.get_one(ReportingCycle, appendix.reporting_cycle_id)
            title, card = f"Отчётность: {cycle.title}", ("reporting-cycles", cycle.id)
        result.append(AppendixView(n, title, appendix.text, card, appendix if appendix.is_file else None))
    return result


@dataclass
class OrderCard:
    """Everything the card of an order shows but its actions: deadlines, executors' names, progress, history."""

    order: Order
    deadlines: dict[int, Deadline | None]
    names: Names
    progress: dict[int, Progress]
    history: list[TransitionLog]
    appendices: list[AppendixView] = field(default_factory=list)
    can_edit: bool = False
    # Every visa of every round of approval, as the approval sheet prints them.
    visa_rounds: list[VisaDoc] = field(default_factory=list)


def order_card(session: Session, actor: Actor, order_id: int, today: date) -> OrderCard:
    """The card of an order the actor sees; progress counted as of a day."""
    detail = read_order(session, actor, order_id)
    order: Order = detail.obj
    return OrderCard(
        order=order,
        deadlines=detail.deadlines,
        names=Names(session).load(e for p in order.points for e in p.executors),
        # Only the tasks the viewer may open are linked (an approver reads the order, not every task of it).
        progress=progress_by(
            session, Task.point_id, Task.order_id == order.id, today, Visibility(session, actor).tasks()
        ),
        history=history(session, order),
        appendices=appendices_of(session, order),
        can_edit=may_edit(session, actor, order),
        visa_rounds=visa_rounds(session, order),
    )


@dataclass(frozen=True)
class OrderTitle:
    """An order named for another card: «Приказ № 533 от 30.11.2022», and whether the user may open it."""

    order_id: int
    title: str
    visible: bool


def order_title(session: Session, visibility: Visibility, order_id: int | None) -> OrderTitle | None:
    """«Приказ № 533 от 30.11.2022» (or «Проект от 01.12.2026»), None when there is no such order."""
    order = session.get(Order, order_id) if order_id is not None else None
    if order is None:
        return None
    return OrderTitle(order.id, order_name(order), visibility.can_see(order))


def order_tasks(
    session: Session, actor: Actor, order_id: int, number: int, per_page: int
) -> tuple[Order, list[Task], int]:
    """The order and one page of every task it gave (children of fan-out parents included)."""
    order = visible_order(session, actor, order_id)
    items, total = source_task_page(session, actor, "order", order.id, number, per_page)
    return order, items, total
