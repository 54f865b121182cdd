"""Test data builders: an office with people in every role, and orders in the API's shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from models import Organization, Person, User, UserRole
from models.db import Database
from workflow.engine.engine import fire
from workflow.engine.permissions import Actor
from workflow.services.orders import create_order

PEOPLE = {
    # key: (last, first, middle, gender, position, roles, organization: "authority" | "school1" | "school2")
    "head": ("Дереча", "Наталья", "Евгеньевна", "f", "начальник управления образования", ("head",), "authority"),
    "clerk": ("Петрова", "Елена", "Сергеевна", "f", "главный специалист", ("clerk",), "authority"),
    "approver1": ("Соколов", "Андрей", "Викторович", "m", "начальник отдела", ("approver",), "authority"),
    "approver2": ("Гусейнова", "Марина", "Олеговна", "f", "юрист", ("approver",), "authority"),
    "controller": ("Ушакова", "Ирина", "Геннадьевна", "f", "заместитель начальника", ("controller",), "authority"),
    "executor": ("Бадмаева", "Людмила", "Николаевна", "f", "ведущий специалист", ("executor",), "authority"),
    "director1": ("Куропаткина", "Анна", "Николаевна", "f", "директор СОШ № 1", ("executor",), "school1"),
    "director2": ("Лиджиев", "Батр", "Эрдниевич", "m", "директор СОШ № 2", ("executor",), "school2"),
    "admin": ("Кузнецов", "Дмитрий", "Алексеевич", "m", "администратор", ("admin",), "authority"),
    "outsider": ("Иванов", "Иван", "Иванович", "m", "методист другого округа", ("clerk", "head"), "other"),
}


@dataclass
class Office:
    """Ids of the organizations and people, and an actor per person."""

    orgs: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)

    def p(self, key: str) -> int:
        """A person's id."""
        return self.people[key]


def build_office(db: Database) -> Office:
    """An education department with two schools and an unrelated organization; a user per person."""
    office = Office()
    with db.transaction() as session:
        authority = Organization(name="Управление образования", kind="authority", place="г. Верхнеозёрск")
        other = Organization(name="Управление образования соседнего округа", kind="authority", place="г. Иной")
        session.add_all([authority, other])
        session.flush()
        school1 = Organization(name="МБОУ «СОШ № 1»", kind="school", parent_id=authority.id)
        school2 = Organization(name="МБОУ «СОШ № 2»", kind="school", parent_id=authority.id)
        session.add_all([school1, school2])
        session.flush()
        office.orgs = {"authority": authority.id, "school1": school1.id, "school2": school2.id, "other": other.id}
        for key, (last, first, middle, gender, position, roles, org) in PEOPLE.items():
            person = Person(
                last_name=last,
                first_name=first,
                middle_name=middle,
                gender=gender,
                position=position,
                organization_id=office.orgs[org],
            )
            session.add(person)
            session.flush()
            user = User(login=key, password_hash="-", person_id=person.id)
            user.role_rows = [UserRole(role=r) for r in roles]
            session.add(user)
            session.flush()
            user.person = person
            office.people[key] = person.id
            office.actors[key] = Actor.of(user)
        authority.head_id = office.people["head"]
        school1.head_id = office.people["director1"]
        school2.head_id = office.people["director2"]
        other.head_id = office.people["outsider"]
    return office


def order_data(office: Office, **overrides: Any) -> dict[str, Any]:
    """A complete order: a point for a person and a point for every school (fan-out)."""
    data: dict[str, Any] = {
        "kind": "order",
        "organization_id": office.orgs["authority"],
        "title": "Об организации мониторинга качества образования",
        "place": "г. Верхнеозёрск",
        "preamble": "В целях обеспечения объективности оценочных процедур",
        "signatory_id": office.p("head"),
        "controller_id": office.p("controller"),
        "executor_mark_id": office.p("executor"),
        "approvers": [office.p("approver1"), office.p("approver2")],
        "points": [
            {"text": "Утвердить план мониторинга."},
            {
                "text": "Подготовить аналитическую справку.",
                "controlled": True,
                "responsible": [{"person_id": office.p("executor")}],
                "deadline_text": "до 02.04.2027",
            },
            {
                "text": "Руководителям общеобразовательных организаций:",
                "children": [
                    {
                        "text": "Провести мониторинг.",
                        "controlled": True,
                        "responsible": [{"organization_id": office.orgs["authority"], "include_subordinates": True}],
                        "deadline_text": "в срок до 20 апреля 2027 года",
                    },
                ],
            },
        ],
    }
    data.update(overrides)
    return data


def new_order(db: Database, office: Office, **overrides: Any) -> int:
    """A draft order created by the clerk; returns its id."""
    with db.transaction() as session:
        return create_order(session, office.actors["clerk"], order_data(office, **overrides)).id


def _submit_with_visas(session: Session, office: Office, order: Any) -> None:
    fire(session, order, "submit", office.actors["clerk"])
    fire(session, order, "visa", office.actors["approver1"], decision="approve")
    fire(session, order, "visa", office.actors["approver2"], decision="approve")


def ready_to_approve(db: Database, office: Office, order_id: int) -> None:
    """Submit and both visas: the order waits for its signatory."""
    from models import Order

    with db.transaction() as s:
        _submit_with_visas(s, office, s.get(Order, order_id))


def approve(db: Database, office: Office, order_id: int) -> None:
    """Submit, both visas and the head's approval."""
    from models import Order

    with db.transaction() as s:
        order = s.get(Order, order_id)
        _submit_with_visas(s, office, order)
        fire(s, order, "approve", office.actors["head"])
