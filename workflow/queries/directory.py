"""Directory reads shared by the pages and the API: lists with filters, one entry, choices, sizes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from models import Base, CalendarDay, DocumentTemplate, Journal, Organization, Person, User
from workflow.engine.permissions import Actor
from workflow.services.directory import get, last_given, page, require_admin

T = TypeVar("T", bound=Base)


def _contains(column: Any, q: str) -> ColumnElement[bool]:
    # SQLite folds case for ASCII only: the usual spellings of a Russian word are tried as well.
    variants = dict.fromkeys([q, q.lower(), q.capitalize(), q.upper()])
    return or_(*(column.icontains(v, autoescape=True) for v in variants))


def list_organizations(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[Organization], int]:
    """Organizations by parent, kind and a part of the name (the directory is open to every user)."""
    stmt = select(Organization).order_by(Organization.id)
    if data.get("parent_id") is not None:
        stmt = stmt.where(Organization.parent_id == data["parent_id"])
    if data.get("kind"):
        stmt = stmt.where(Organization.kind == data["kind"])
    if data.get("q"):
        stmt = stmt.where(or_(_contains(Organization.name, data["q"]), _contains(Organization.short_name, data["q"])))
    return page(session, stmt, data["page"], data["per_page"])


def list_people(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[Person], int]:
    """People by organization and a part of the surname (the directory is open to every user)."""
    stmt = select(Person).order_by(Person.last_name, Person.id)
    if data.get("organization_id") is not None:
        stmt = stmt.where(Person.organization_id == data["organization_id"])
    if data.get("q"):
        stmt = stmt.where(_contains(Person.last_name, data["q"]))
    return page(session, stmt, data["page"], data["per_page"])


def list_users(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[User], int]:
    """Users (administrators only)."""
    require_admin(actor)
    stmt = select(User).order_by(User.id)
    if data.get("q"):
        stmt = stmt.where(User.login.icontains(data["q"], autoescape=True))
    return page(session, stmt, data["page"], data["per_page"])


def list_journals(session: Session, actor: Actor, data: dict[str, Any]) -> tuple[list[Journal], int]:
    """Registration journals (administrators only)."""
    require_admin(actor)
    stmt = select(Journal).order_by(Journal.organization_id, Journal.year.desc(), Journal.kind)
    for name in ("organization_id", "year", "kind"):
        if data.get(name) is not None:
            stmt = stmt.where(getattr(Journal, name) == data[name])
    return page(session, stmt, data["page"], data["per_page"])


def get_entry(session: Session, actor: Actor, model: type[T], obj_id: int) -> T:
    """One row of the directory as this actor may read it: users and journals only for administrators."""
    if model in (User, Journal):
        require_admin(actor)
    return get(session, model, obj_id)


def people_choices(session: Session) -> list[tuple[int, str]]:
    """Every person as a select shows them: «Ушакова И.Г., директор», by surname."""
    people = session.scalars(select(Person).order_by(Person.last_name, Person.first_name))
    return [(p.id, f"{p.name_initials}, {p.position}".rstrip(", ")) for p in people]


def organization_names(session: Session) -> list[tuple[int, str]]:
    """Every organization's id and short name (the full one when there is no short one), by id."""
    orgs = session.execute(
        select(Organization.id, Organization.short_name, Organization.name).order_by(Organization.id)
    )
    return [(oid, short or name) for oid, short, name in orgs]


def organization_name(session: Session, org_id: int | None) -> str | None:
    """One organization's short name (the full one when there is no short one), None when there is none."""
    org = session.get(Organization, org_id) if org_id is not None else None
    return (org.short_name or org.name) if org is not None else None


def directory_sizes(session: Session, actor: Actor) -> dict[str, int]:
    """How many users, organizations, people, journals, templates and manual calendar days there are."""
    require_admin(actor)
    models: dict[str, Any] = {
        "users": User,
        "organizations": Organization,
        "people": Person,
        "journals": Journal,
        "templates": DocumentTemplate,
        "calendar": CalendarDay,
    }
    return {name: session.scalar(select(func.count()).select_from(model)) or 0 for name, model in models.items()}


@dataclass(frozen=True)
class JournalPage:
    """A page of journals with the last number each has given and the organizations' names."""

    journals: list[Journal]
    total: int
    given: dict[int, int | None]
    orgs: dict[int, str]


def journals_page(session: Session, actor: Actor, number: int, per_page: int) -> JournalPage:
    """The journals page: a page of journals, their last given numbers, the organizations' names."""
    journals, total = list_journals(session, actor, {"page": number, "per_page": per_page})
    given = {j.id: last_given(session, j.id) for j in journals}
    return JournalPage(journals, total, given, dict(organization_names(session)))


@dataclass(frozen=True)
class FormChoices:
    """What the directory forms' selects offer: people and organizations."""

    people: list[tuple[int, str]]
    organizations: list[tuple[int, str]]


def form_choices(session: Session) -> FormChoices:
    """The people and organizations the directory forms offer."""
    return FormChoices(people_choices(session), organization_names(session))
