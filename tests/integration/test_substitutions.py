"""Substitutions: the deputy signs, visas, accepts and decides in the person's place, with both names recorded."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from models import Notification, Order, Substitution, Task, TransitionLog, Visa
from models.db import Database
from tests.builders import Office, build_office, new_order, order_data
from tests.documents_fixtures import full_text
from workflow import clock
from workflow.engine.engine import transition
from workflow.errors import Forbidden, TransitionNotAllowed, ValidationFailed
from workflow.services.documents import approval_sheet_docx, order_docx
from workflow.services.drafting import OrderDraft, draft_order
from workflow.services.extensions import decide_extension, request_extension
from workflow.services.substitutions import (
    NewSubstitution,
    cancel_substitution,
    create_substitution,
    list_substitutions,
)

TODAY = date(2026, 11, 16)


def _substitute(db: Database, office: Office, person: str, deputy: str, **period: date) -> int:
    start = period.get("start", TODAY - timedelta(days=1))
    end = period.get("end", date(2026, 12, 15))
    command = NewSubstitution(office.p(person), office.p(deputy), start, end)
    return create_substitution(db, office.actors["admin"], command).id


def _labels(db: Database, kind: str, obj_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    with db.session() as s:
        rows = s.scalars(
            select(TransitionLog).where(TransitionLog.object_kind == kind, TransitionLog.object_id == obj_id)
        ).all()
        return [(r.event, r.actor_label, r.payload) for r in rows]


def _submitted(db: Database, office: Office, **overrides: Any) -> int:
    order_id = new_order(db, office, **overrides)
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    return order_id


def _dispatched_task(db: Database, office: Office, responsible: str, controller: str) -> int:
    point = {
        "text": "Подготовить аналитическую справку.",
        "controlled": True,
        "responsible": [{"person_id": office.p(responsible)}],
        "deadline_text": "до 02.04.2027",
    }
    order_id = _submitted(db, office, approvers=[], points=[point], controller_id=office.p(controller))
    with db.transaction() as s:
        order = s.get(Order, order_id)
        assert order is not None
        order.organization.approval_without_visas = True
    transition(db, "orders", order_id, "approve", office.actors["head"])
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        task_id = s.scalar(select(Task.id).where(Task.order_id == order_id))
    assert task_id is not None
    return task_id


def test_the_deputy_approves_an_order_signed_by_the_head_and_the_document_prints_acting_head(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "head", "approver1")
    order_id = _submitted(db, office, approvers=[office.p("approver2")])
    transition(db, "orders", order_id, "visa", office.actors["approver2"], decision="approve")
    transition(db, "orders", order_id, "approve", office.actors["approver1"])
    approved = [entry for entry in _labels(db, "orders", order_id) if entry[0] == "approve"]
    assert approved[0][1] == "Соколов А.В. за Деречу Н.Е."
    assert approved[0][2]["on_behalf_of"] == office.p("head")
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None and order.state == "approved" and order.reg_number
        assert (order.signed_by_id, order.signed_for_id) == (office.p("approver1"), office.p("head"))
        text = full_text(order_docx(s, order).data)
    assert "И.о. начальника управления образования" in text
    assert "А.В. Соколов" in text
    assert "Н.Е. Дереча" not in text


def test_a_deputy_named_signatory_while_standing_in_for_the_head_signs_as_acting_head(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "head", "controller")
    order_id = draft_order(
        db,
        office.actors["clerk"],
        OrderDraft(**order_data(office, signatory_id=office.p("controller"), approvers=[office.p("approver1")])),
    )
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    transition(db, "orders", order_id, "visa", office.actors["approver1"], decision="approve")
    transition(db, "orders", order_id, "approve", office.actors["controller"])
    approved = [entry for entry in _labels(db, "orders", order_id) if entry[0] == "approve"]
    assert approved[0][1] == "Ушакова И.Г. за Деречу Н.Е."
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None
        text = full_text(order_docx(s, order).data)
    assert "И.о. начальника управления образования" in text and "И.Г. Ушакова" in text


def test_the_deputy_visas_in_the_approvers_turn_and_the_approval_sheet_names_both(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "approver2", "executor")
    order_id = _submitted(db, office)
    transition(db, "orders", order_id, "visa", office.actors["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", office.actors["executor"], decision="approve")
    with db.session() as s:
        visa = s.scalar(select(Visa).where(Visa.order_id == order_id, Visa.approver_id == office.p("approver2")))
        assert visa is not None and visa.decision == "approve" and visa.deputy_id == office.p("executor")
        order = s.get(Order, order_id)
        assert order is not None
        sheet = full_text(approval_sheet_docx(s, order).data)
    assert "Бадмаева Л.Н. за Гусейнову М.О." in sheet
    visas = [entry for entry in _labels(db, "orders", order_id) if entry[0] == "visa"]
    assert visas[-1][1] == "Бадмаева Л.Н. за Гусейнову М.О."


def test_a_deputy_does_not_visa_before_the_approvers_turn(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "approver2", "executor")
    order_id = _submitted(db, office)
    with pytest.raises(Forbidden):
        transition(db, "orders", order_id, "visa", office.actors["executor"], decision="approve")


def test_a_substitution_does_not_let_the_author_visa_their_own_draft(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "approver1", "clerk")
    order_id = _submitted(db, office)
    with pytest.raises(Forbidden):
        transition(db, "orders", order_id, "visa", office.actors["clerk"], decision="approve")


def test_the_deputy_accepts_a_report_of_the_controllers_task_with_both_names(db: Database) -> None:
    office = build_office(db)
    task_id = _dispatched_task(db, office, "executor", "controller")
    _substitute(db, office, "controller", "approver1")
    transition(db, "tasks", task_id, "report", office.actors["executor"], report_text="Справка подготовлена.")
    transition(db, "tasks", task_id, "accept", office.actors["approver1"])
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.state == "done"
    accepted = [entry for entry in _labels(db, "tasks", task_id) if entry[0] == "accept"]
    assert accepted[0][1] == "Соколов А.В. за Ушакову И.Г."


def test_a_deputy_cannot_accept_the_report_they_wrote_for_the_controller(db: Database) -> None:
    office = build_office(db)
    task_id = _dispatched_task(db, office, "executor", "controller")
    _substitute(db, office, "controller", "executor")
    transition(db, "tasks", task_id, "report", office.actors["executor"], report_text="Справка подготовлена.")
    with pytest.raises(Forbidden):
        transition(db, "tasks", task_id, "accept", office.actors["executor"])


def test_a_deputy_cannot_decide_their_own_extension_request(db: Database) -> None:
    office = build_office(db)
    task_id = _dispatched_task(db, office, "executor", "controller")
    _substitute(db, office, "controller", "executor")
    request = request_extension(db, office.actors["executor"], task_id, date(2027, 6, 1), "Много работы")
    with pytest.raises(Forbidden) as caught:
        decide_extension(db, office.actors["executor"], request.id, "grant")
    assert "Никто не решает по своему запросу" in caught.value.message


def test_the_deputy_decides_an_extension_request_for_the_controller(db: Database) -> None:
    office = build_office(db)
    task_id = _dispatched_task(db, office, "executor", "controller")
    _substitute(db, office, "controller", "approver1")
    request = request_extension(db, office.actors["executor"], task_id, date(2027, 6, 1), "Много работы")
    decided = decide_extension(db, office.actors["approver1"], request.id, "grant")
    assert decided.status == "granted"
    granted = [entry for entry in _labels(db, "tasks", task_id) if entry[0] == "extension_granted"]
    assert granted[0][1] == "Соколов А.В. за Ушакову И.Г."


def test_an_expired_substitution_gives_nothing(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "head", "approver1", start=date(2026, 11, 1), end=TODAY - timedelta(days=1))
    order_id = _submitted(db, office, approvers=[])
    with pytest.raises(Forbidden):
        transition(db, "orders", order_id, "approve", office.actors["approver1"])


def test_a_cancelled_substitution_gives_nothing(db: Database) -> None:
    office = build_office(db)
    substitution_id = _substitute(db, office, "head", "approver1")
    cancelled = cancel_substitution(db, office.actors["admin"], substitution_id)
    assert cancelled.cancelled and not cancelled.active
    order_id = _submitted(db, office, approvers=[])
    with pytest.raises(Forbidden):
        transition(db, "orders", order_id, "approve", office.actors["approver1"])
    with pytest.raises(TransitionNotAllowed):
        cancel_substitution(db, office.actors["admin"], substitution_id)


def test_the_persons_new_notifications_reach_the_deputy_too(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "approver1", "executor")
    _submitted(db, office)
    with db.session() as s:
        bodies = list(s.scalars(select(Notification.body).where(Notification.person_id == office.p("executor"))))
        own = list(s.scalars(select(Notification.body).where(Notification.person_id == office.p("approver1"))))
    assert own and any(b.startswith("За Соколова А.В.: ") and "нужна ваша виза" in b for b in bodies)


@pytest.mark.parametrize(
    ("person", "deputy", "start", "end", "field"),
    [
        ("head", "head", TODAY, TODAY, "deputy_id"),
        ("head", "approver1", TODAY, TODAY - timedelta(days=1), "end"),
    ],
)
def test_a_substitution_of_oneself_or_backwards_in_time_is_refused_at_its_field(
    db: Database, person: str, deputy: str, start: date, end: date, field: str
) -> None:
    office = build_office(db)
    with pytest.raises(ValidationFailed) as caught:
        create_substitution(db, office.actors["admin"], NewSubstitution(office.p(person), office.p(deputy), start, end))
    assert list(caught.value.details) == [field]


def test_a_person_has_one_deputy_at_a_time_and_nobody_stands_in_for_their_own_deputy(db: Database) -> None:
    office = build_office(db)
    _substitute(db, office, "head", "approver1")
    with pytest.raises(ValidationFailed) as overlap:
        _substitute(db, office, "head", "approver2", start=date(2026, 12, 1), end=date(2026, 12, 31))
    assert list(overlap.value.details) == ["start"] and "Соколов А.В." in overlap.value.message
    with pytest.raises(ValidationFailed) as cycle:
        _substitute(db, office, "approver1", "head", start=date(2026, 12, 10), end=date(2026, 12, 20))
    assert list(cycle.value.details) == ["deputy_id"]
    assert "Проверьте поле «Заместитель»" in cycle.value.message
    # After the first ends, the head may have another deputy.
    _substitute(db, office, "head", "approver2", start=date(2026, 12, 16), end=date(2026, 12, 31))


def test_an_unknown_person_is_refused_at_its_field(db: Database) -> None:
    office = build_office(db)
    with pytest.raises(ValidationFailed) as caught:
        create_substitution(db, office.actors["admin"], NewSubstitution(office.p("head"), 999_999, TODAY, TODAY))
    assert list(caught.value.details) == ["deputy_id"] and "Заместитель" in caught.value.message


def test_only_an_administrator_or_the_persons_head_manages_substitutions(db: Database) -> None:
    office = build_office(db)
    command = NewSubstitution(office.p("approver1"), office.p("approver2"), TODAY, TODAY)
    with pytest.raises(Forbidden):
        create_substitution(db, office.actors["clerk"], command)
    with pytest.raises(Forbidden):
        create_substitution(db, office.actors["outsider"], command)
    created = create_substitution(db, office.actors["head"], command)
    assert created.active and created.deputy.name == "Гусейнова М.О."
    assert [v.id for v in list_substitutions(db, office.actors["head"], active=True)] == [created.id]
    assert list_substitutions(db, office.actors["outsider"]) == []


def test_an_order_that_appoints_a_deputy_starts_the_substitution_when_approved(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office, approvers=[])
    with db.transaction() as s:
        s.add(
            Substitution(
                person_id=office.p("controller"),
                deputy_id=office.p("approver1"),
                start=TODAY,
                end=date(2026, 12, 15),
                order_id=order_id,
                pending=True,
                created_at=clock.now(),
            )
        )
        order = s.get(Order, order_id)
        assert order is not None
        order.organization.approval_without_visas = True
    assert list_substitutions(db, office.actors["admin"], active=True) == []
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    transition(db, "orders", order_id, "approve", office.actors["head"])
    running = list_substitutions(db, office.actors["admin"], active=True)
    assert [(v.person.name, v.deputy.name, v.order_id) for v in running] == [("Ушакова И.Г.", "Соколов А.В.", order_id)]
