"""Who may sign: the head or a signatory the administrator named; every visa of the route; only the own subtree."""

from __future__ import annotations

from typing import Any

import pytest

from models import Order, Organization, Person, User, UserRole
from models.db import Database
from tests.builders import Office, build_office, new_order, order_data
from workflow import clock
from workflow.engine.engine import fire, transition
from workflow.engine.permissions import Actor, may_sign
from workflow.errors import TransitionNotAllowed, ValidationFailed
from workflow.services.directory import ChangeOrganization, update_organization
from workflow.services.drafting import OrderDraft, OrderEdit, draft_order, update_order
from workflow.services.orders import create_order
from workflow.services.signatories import add_signatory, list_signatories, remove_signatory


def _draft(office: Office, **overrides: Any) -> OrderDraft:
    return OrderDraft(**order_data(office, **overrides))


def _school_clerk(db: Database, office: Office) -> Actor:
    """A clerk of the first school: the one who tried to address a sibling school and the department head."""
    with db.transaction() as s:
        person = Person(
            last_name="Смирнова",
            first_name="Ольга",
            gender="f",
            position="секретарь",
            organization_id=office.orgs["school1"],
        )
        s.add(person)
        s.flush()
        user = User(login="clerk1", password_hash="-", person_id=person.id)
        user.role_rows = [UserRole(role="clerk")]
        s.add(user)
        s.flush()
        user.person = person
        return Actor.of(user)


def _field_of(caught: pytest.ExceptionInfo[ValidationFailed]) -> list[str]:
    return list(caught.value.details)


def test_a_clerk_who_names_himself_signatory_is_refused_at_the_field_when_drafting(db: Database) -> None:
    office = build_office(db)
    with pytest.raises(ValidationFailed) as caught:
        draft_order(db, office.actors["clerk"], _draft(office, signatory_id=office.p("clerk")))
    assert _field_of(caught) == ["signatory_id"]
    assert "права подписи" in caught.value.details["signatory_id"][0]


def test_a_clerk_who_makes_himself_signatory_by_an_edit_is_refused_at_the_field(db: Database) -> None:
    office = build_office(db)
    order_id = draft_order(db, office.actors["clerk"], _draft(office))
    with pytest.raises(ValidationFailed) as caught:
        update_order(db, office.actors["clerk"], OrderEdit(order_id, None, {"signatory_id": office.p("clerk")}))
    assert _field_of(caught) == ["signatory_id"]
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.signatory_id == office.p("head")


def test_a_clerk_named_signatory_without_visas_cannot_approve_his_order(db: Database) -> None:
    office = build_office(db)
    # The attack as it was stored before the rule: the clerk signs, no visas; submitted, then approve.
    order_id = new_order(db, office, signatory_id=office.p("clerk"), approvers=[])
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(db, "orders", order_id, "approve", office.actors["clerk"])
    assert "подписывать может только руководитель организации" in caught.value.message
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and (order.state, order.reg_number) == ("on_approval", None)


def test_the_head_always_may_sign_and_a_named_signatory_only_once_the_administrator_adds_him(db: Database) -> None:
    office = build_office(db)
    authority, today = office.orgs["authority"], clock.today()
    with db.session() as s:
        assert may_sign(s, office.p("head"), authority, today)
        assert not may_sign(s, office.p("controller"), authority, today)
        assert not may_sign(s, office.p("head"), office.orgs["school1"], today)
    add_signatory(db, office.actors["admin"], authority, office.p("controller"))
    with db.session() as s:
        assert may_sign(s, office.p("controller"), authority, today)
    listed = list_signatories(db, authority)
    assert [(x.person_id, x.is_head) for x in listed] == [(office.p("head"), True), (office.p("controller"), False)]
    remove_signatory(db, office.actors["admin"], authority, office.p("controller"))
    with db.session() as s:
        assert not may_sign(s, office.p("controller"), authority, today)


def test_a_signatory_named_by_the_administrator_signs_an_order_with_every_visa(db: Database) -> None:
    office = build_office(db)
    add_signatory(db, office.actors["admin"], office.orgs["authority"], office.p("approver2"))
    order_id = draft_order(
        db,
        office.actors["clerk"],
        _draft(office, signatory_id=office.p("approver2"), approvers=[office.p("approver1")]),
    )
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    transition(db, "orders", order_id, "visa", office.actors["approver1"], decision="approve")
    transition(db, "orders", order_id, "approve", office.actors["approver2"])
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.state == "approved" and order.reg_number


def test_an_order_with_an_empty_route_is_approved_only_where_the_organization_allows_it(db: Database) -> None:
    office = build_office(db)
    order_id = draft_order(db, office.actors["clerk"], _draft(office, approvers=[]))
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(db, "orders", order_id, "approve", office.actors["head"])
    assert "нет ни одной визы" in caught.value.message
    update_organization(
        db, office.actors["admin"], ChangeOrganization(office.orgs["authority"], approval_without_visas=True)
    )
    transition(db, "orders", order_id, "approve", office.actors["head"])
    with db.session() as s:
        order = s.get(Order, order_id)
        org = s.get(Organization, office.orgs["authority"])
        assert order is not None and order.state == "approved"
        assert org is not None and org.approval_without_visas


def test_a_schools_clerk_cannot_address_a_sibling_school_or_the_department_head(db: Database) -> None:
    office = build_office(db)
    clerk1 = _school_clerk(db, office)
    school1, school2 = office.orgs["school1"], office.orgs["school2"]
    base: dict[str, Any] = {
        "organization_id": school1,
        "signatory_id": office.p("director1"),
        "controller_id": office.p("director1"),
        "executor_mark_id": None,
        "approvers": [],
    }
    attacks = (
        ({"responsible": [{"organization_id": school2}]}, {}, "points.0.responsible.0.organization_id"),
        ({"responsible": [{"person_id": office.p("director2")}]}, {}, "points.0.responsible.0.person_id"),
        ({"responsible": [{"person_id": office.p("head")}]}, {}, "points.0.responsible.0.person_id"),
        (
            {"addressee_id": office.p("head"), "responsible": [{"organization_id": school1}]},
            {},
            "points.0.addressee_id",
        ),
        ({"responsible": [{"organization_id": school1}]}, {"controller_id": office.p("head")}, "controller_id"),
    )
    for point, extra, field in attacks:
        points = [{"text": "Провести.", "controlled": True, "deadline_text": "до 02.04.2027", **point}]
        with pytest.raises(ValidationFailed) as caught:
            draft_order(db, clerk1, _draft(office, **{**base, **extra}, points=points))
        assert _field_of(caught) == [field], field
    lawful = [
        {
            "text": "Провести.",
            "controlled": True,
            "deadline_text": "до 02.04.2027",
            "responsible": [{"organization_id": school1}],
        }
    ]
    assert draft_order(db, clerk1, _draft(office, **base, points=lawful))


def test_an_order_stored_with_an_address_outside_its_subtree_is_stopped_at_submit_and_at_approve(db: Database) -> None:
    office = build_office(db)
    clerk1 = _school_clerk(db, office)
    points = [
        {
            "text": "Провести.",
            "controlled": True,
            "deadline_text": "до 02.04.2027",
            "responsible": [{"organization_id": office.orgs["school2"]}],
        }
    ]
    with db.transaction() as s:
        school1 = s.get(Organization, office.orgs["school1"])
        assert school1 is not None
        school1.approval_without_visas = True
    data = order_data(
        office,
        organization_id=office.orgs["school1"],
        signatory_id=office.p("director1"),
        controller_id=office.p("director1"),
        executor_mark_id=None,
        approvers=[],
        points=points,
    )
    with db.transaction() as s:
        order_id = create_order(s, clerk1, data).id
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(db, "orders", order_id, "submit", clerk1)
    assert "не подчинена издающей организации" in caught.value.message
    with db.transaction() as s:
        order = s.get(Order, order_id)
        assert order is not None
        order.state = "on_approval"
    with pytest.raises(TransitionNotAllowed):
        transition(db, "orders", order_id, "approve", office.actors["director1"])
    with db.transaction() as s, pytest.raises(TransitionNotAllowed):
        fire(s, s.get(Order, order_id), "approve", office.actors["director1"])
