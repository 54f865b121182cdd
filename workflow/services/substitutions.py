"""Substitutions: who stands in for whom and when; entered by an administrator or the person's head, cancelled.

Whom a deputy stands in for on a day is read in workflow.engine.substitutes (the one seam), and what a deputy may do
follows from it in workflow.engine.permissions; this module is the use cases over the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import Order, Person, Substitution
from models.db import Database
from workflow import clock
from workflow.engine.permissions import Actor
from workflow.engine.substitutes import conflict
from workflow.errors import Forbidden, NotFound, TransitionNotAllowed, ValidationFailed
from workflow.printing.contexts import whom
from workflow.services.common import must_get

FORBIDDEN = "Недостаточно прав: замещения назначает администратор или руководитель организации сотрудника."
LABELS = {"person_id": "Замещаемый сотрудник", "deputy_id": "Заместитель", "start": "Начало", "end": "Окончание"}


@dataclass(frozen=True)
class NewSubstitution:
    """What the form and the API give: the person, the deputy, the days (inclusive) and the appointing order."""

    person_id: int
    deputy_id: int
    start: date
    end: date
    order_id: int | None = None


@dataclass(frozen=True)
class PersonRef:
    """A person as the list shows them."""

    id: int
    name: str
    position: str


@dataclass(frozen=True)
class SubstitutionView:
    """One substitution as the API and the page show it."""

    id: int
    person: PersonRef
    deputy: PersonRef
    start: date
    end: date
    order_id: int | None
    active: bool
    cancelled: bool
    pending: bool


def _ref(person: Person) -> PersonRef:
    return PersonRef(person.id, person.name_initials, person.position)


def view_of(row: Substitution, today: date) -> SubstitutionView:
    """The row as shown: active while it runs today."""
    return SubstitutionView(
        row.id,
        _ref(row.person),
        _ref(row.deputy),
        row.start,
        row.end,
        row.order_id,
        row.runs_on(today),
        row.cancelled_at is not None,
        row.pending,
    )


def may_manage(session: Session, actor: Actor, person: Person | None = None) -> bool:
    """An administrator manages every substitution; a head, those of the people of their organizations."""
    if actor.has("admin"):
        return True
    if not actor.has("head"):
        return False
    return person is None or person.organization_id in actor.org_scope(session)


def check_substitution(session: Session, command: NewSubstitution, exclude_id: int | None = None) -> None:
    """Both people exist, the period is a period, the person has one deputy at a time and nobody replaces their own
    deputy: a 422 naming the field by its label."""
    must_get(session, Person, command.person_id, "person_id", LABELS["person_id"])
    must_get(session, Person, command.deputy_id, "deputy_id", LABELS["deputy_id"])
    problem = conflict(session, command.person_id, command.deputy_id, command.start, command.end, exclude_id)
    if problem is not None:
        field, message = problem
        raise ValidationFailed(f"Проверьте поле «{LABELS[field]}»: {message}", {field: [message]})


def create_substitution(db: Database, actor: Actor, command: NewSubstitution) -> SubstitutionView:
    """Enter a substitution: it works from its first day to its last, until cancelled."""
    with db.transaction() as session:
        person = session.get(Person, command.person_id)
        if not may_manage(session, actor, person):
            raise Forbidden(FORBIDDEN)
        check_substitution(session, command)
        if command.order_id is not None:
            must_get(session, Order, command.order_id, "order_id", "Приказ")
        row = Substitution(
            person_id=command.person_id,
            deputy_id=command.deputy_id,
            start=command.start,
            end=command.end,
            order_id=command.order_id,
            created_by_id=actor.user_id,
            created_at=clock.now(),
        )
        session.add(row)
        session.flush()
        return view_of(row, clock.today())


def list_substitutions(db: Database, actor: Actor, active: bool | None = None) -> list[SubstitutionView]:
    """The substitutions the actor manages, newest first; `active` keeps only those running today."""
    with db.session() as session:
        if not may_manage(session, actor):
            raise Forbidden(FORBIDDEN)
        stmt = (
            select(Substitution)
            .options(joinedload(Substitution.person), joinedload(Substitution.deputy))
            .order_by(Substitution.start.desc(), Substitution.id.desc())
        )
        today = clock.today()
        rows = [r for r in session.scalars(stmt) if may_manage(session, actor, r.person)]
        views = [view_of(r, today) for r in rows]
        return [v for v in views if v.active] if active else views


def cancel_substitution(db: Database, actor: Actor, substitution_id: int) -> SubstitutionView:
    """Cancel a substitution (it stays in the list, and explains what the deputy did while it ran)."""
    with db.transaction() as session:
        row = session.get(Substitution, substitution_id)
        if row is None or not may_manage(session, actor, row.person):
            if row is not None and may_manage(session, actor):
                raise Forbidden(FORBIDDEN)
            raise NotFound(f"Замещение № {substitution_id} не найдено.")
        if row.cancelled_at is not None:
            raise TransitionNotAllowed("Замещение уже отменено.")
        row.cancelled_at = clock.now()
        return view_of(row, clock.today())


@dataclass(frozen=True)
class StandingIn:
    """On the deputy's desk: «Вы замещаете Деречу Н.Е. до 15.12.2026» (the name in the accusative)."""

    person_id: int
    name: str
    until: date


def standing_in_for(session: Session, person_id: int | None, on_day: date) -> list[StandingIn]:
    """The substitutions the person serves as deputy on that day."""
    if person_id is None:
        return []
    stmt = (
        select(Substitution)
        .where(
            Substitution.deputy_id == person_id,
            Substitution.cancelled_at.is_(None),
            Substitution.pending.is_(False),
            Substitution.start <= on_day,
            Substitution.end >= on_day,
        )
        .options(joinedload(Substitution.person))
        .order_by(Substitution.id)
    )
    return [StandingIn(r.person_id, whom(r.person), r.end) for r in session.scalars(stmt)]


def name_in_order(session: Session, actor: Actor, order: Order, spec: dict[str, Any] | None) -> None:
    """The draft's «Временное исполнение обязанностей»: replaced as a whole, in force once the order is approved."""
    for row in list(
        session.scalars(select(Substitution).where(Substitution.order_id == order.id, Substitution.pending))
    ):
        session.delete(row)
    if not spec:
        return
    command = NewSubstitution(spec["person_id"], spec["deputy_id"], spec["start"], spec["end"], order.id)
    try:
        check_substitution(session, command)
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, {f"substitution.{k}": v for k, v in exc.details.items()}) from exc
    session.add(
        Substitution(
            person_id=command.person_id,
            deputy_id=command.deputy_id,
            start=command.start,
            end=command.end,
            order_id=order.id,
            pending=True,
            created_by_id=actor.user_id,
            created_at=clock.now(),
        )
    )
    session.flush()


def named_in_order(order: Order) -> dict[str, Any] | None:
    """The substitution an order names (pending until approved, then in force), as the API shows it."""
    rows = [r for r in getattr(order, "substitutions", []) if r.cancelled_at is None]
    if not rows:
        return None
    row = rows[-1]
    return {"person_id": row.person_id, "deputy_id": row.deputy_id, "start": row.start, "end": row.end}


@dataclass(frozen=True)
class SubstitutionPage:
    """The page «Замещения»: the list and the people to choose from."""

    items: list[SubstitutionView]
    people: list[tuple[int, str]]


def substitution_page(db: Database, actor: Actor) -> SubstitutionPage:
    """What the administrator (everyone) or a head (the people of their organizations) manages."""
    items = list_substitutions(db, actor)
    with db.session() as session:
        stmt = select(Person).order_by(Person.last_name, Person.first_name, Person.id)
        if not actor.has("admin"):
            stmt = stmt.where(Person.organization_id.in_(actor.org_scope(session)))
        people = [
            (p.id, f"{p.name_initials}, {p.position}" if p.position else p.name_initials) for p in session.scalars(stmt)
        ]
    return SubstitutionPage(items, people)
