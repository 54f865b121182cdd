"""Who may sign for an organization: its head always, and the signatories the administrator names.

The rule itself (may_sign) lives in workflow.engine.permissions, where the approval guard reads it; this module
is the administrator's use cases over the list, each in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Journal, Organization, OrganizationSignatory, Person
from models.db import Database
from workflow.engine.permissions import Actor
from workflow.errors import Duplicate, NotFound, field_error
from workflow.services.common import must_get
from workflow.services.directory import require_admin


@dataclass(frozen=True)
class Signatory:
    """One person who may sign for an organization: the head (always) or one the administrator named."""

    person_id: int
    name: str
    position: str
    is_head: bool
    journal_id: int | None = None


def _organization(session: Session, organization_id: int) -> Organization:
    org = session.get(Organization, organization_id)
    if org is None:
        raise NotFound(f"Организация № {organization_id} не найдена.")
    return org


def _signatories(session: Session, org: Organization) -> list[Signatory]:
    out: list[Signatory] = []
    if org.head is not None:
        out.append(Signatory(org.head.id, org.head.name_initials, org.head.position, is_head=True))
    rows = session.scalars(
        select(OrganizationSignatory)
        .join(Person, Person.id == OrganizationSignatory.person_id)
        .where(OrganizationSignatory.organization_id == org.id)
        .order_by(Person.last_name, Person.first_name, Person.id)
    )
    for row in rows:
        if row.person_id != org.head_id:
            out.append(Signatory(row.person_id, row.person.name_initials, row.person.position, False, row.journal_id))
    return out


def list_signatories(db: Database, organization_id: int) -> list[Signatory]:
    """The head first, then the named signatories by name."""
    with db.session() as session:
        return _signatories(session, _organization(session, organization_id))


def add_signatory(
    db: Database, actor: Actor, organization_id: int, person_id: int, journal_id: int | None = None
) -> list[Signatory]:
    """Give a person of the organization the right to sign for it (the administrator); the new list."""
    require_admin(actor)
    with db.transaction() as session:
        org = _organization(session, organization_id)
        person = must_get(session, Person, person_id, "person_id", "Сотрудник")
        if person.organization_id != org.id:
            raise field_error("person_id", f"{person.name_initials} не работает в этой организации.")
        if person.id == org.head_id:
            raise Duplicate(f"{person.name_initials} — руководитель организации и подписывает всегда.")
        if journal_id is not None:
            journal = must_get(session, Journal, journal_id, "journal_id", "Журнал регистрации")
            if journal.organization_id != org.id:
                raise field_error("journal_id", "Журнал регистрации другой организации.")
        exists = session.scalar(
            select(OrganizationSignatory.id).where(
                OrganizationSignatory.organization_id == org.id, OrganizationSignatory.person_id == person.id
            )
        )
        if exists is not None:
            raise Duplicate(f"{person.name_initials} уже имеет право подписи.")
        session.add(OrganizationSignatory(organization_id=org.id, person_id=person.id, journal_id=journal_id))
        session.flush()
        return _signatories(session, org)


def remove_signatory(db: Database, actor: Actor, organization_id: int, person_id: int) -> None:
    """Take the right to sign away from a named signatory (the head's right is not the list's to take)."""
    require_admin(actor)
    with db.transaction() as session:
        org = _organization(session, organization_id)
        row = session.scalar(
            select(OrganizationSignatory).where(
                OrganizationSignatory.organization_id == org.id, OrganizationSignatory.person_id == person_id
            )
        )
        if row is None:
            if person_id == org.head_id:
                raise field_error("person_id", "Руководитель организации подписывает всегда: его право не снимается.")
            raise NotFound(f"Сотрудник № {person_id} не значится среди подписантов организации.")
        session.delete(row)


@dataclass(frozen=True)
class SignatoryPage:
    """The administrator's page of one organization's signatories: the list and the form's choices."""

    organization_id: int
    organization: str
    approval_without_visas: bool
    signatories: list[Signatory]
    people: list[tuple[int, str]]
    journals: list[tuple[int, str]]


def signatory_page(db: Database, organization_id: int) -> SignatoryPage:
    """The list, and the people of the organization and its journals to choose from."""
    with db.session() as session:
        org = _organization(session, organization_id)
        listed = _signatories(session, org)
        taken = {s.person_id for s in listed}
        people = session.scalars(
            select(Person).where(Person.organization_id == org.id).order_by(Person.last_name, Person.first_name)
        )
        journals = session.scalars(
            select(Journal).where(Journal.organization_id == org.id).order_by(Journal.year.desc(), Journal.kind)
        )
        return SignatoryPage(
            organization_id=org.id,
            organization=org.short_name or org.name,
            approval_without_visas=org.approval_without_visas,
            signatories=listed,
            people=[
                (p.id, f"{p.name_initials}, {p.position}" if p.position else p.name_initials)
                for p in people
                if p.id not in taken
            ],
            journals=[(j.id, f"{j.year}, {j.kind}{f' ({j.prefix})' if j.prefix else ''}") for j in journals],
        )
