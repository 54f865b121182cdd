"""Notifications of events: each kind reaches the right person, names who did what, and is written in the event's
transaction (a failing event leaves none). Run on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import select, update

from models import Notification, OutboxEmail, Person, Task
from models.db import Database
from tests.builders import approve, build_office, new_order
from workflow.engine.engine import transition
from workflow.engine.machines import EFFECTS
from workflow.errors import ValidationFailed
from workflow.services.extensions import decide_extension, request_extension
from workflow.settings import WorkflowSettings


def _notes(db: Database, kind: str | None = None) -> list[Notification]:
    with db.session() as s:
        stmt = select(Notification).order_by(Notification.id)
        if kind is not None:
            stmt = stmt.where(Notification.kind == kind)
        return list(s.scalars(stmt))


def _by_kind(db: Database, kind: str) -> list[tuple[int, str, int, str]]:
    return [(n.person_id, n.object_kind, n.object_id, n.body) for n in _notes(db, kind)]


def _dispatched(db: Database, **overrides: Any) -> tuple[Any, int, Task]:
    office = build_office(db)
    order_id = new_order(db, office, **overrides)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        task = s.scalar(
            select(Task).where(Task.order_id == order_id, Task.responsible_person_id == office.p("executor"))
        )
    assert task is not None
    return office, order_id, task


def test_submitting_asks_the_first_approver_and_each_visa_asks_the_next_then_the_signatory(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", a["clerk"])
    assert [(p, k, o) for p, k, o, _ in _by_kind(db, "visa_needed")] == [(office.p("approver1"), "orders", order_id)]
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    needed = _by_kind(db, "visa_needed")
    assert [p for p, *_ in needed] == [office.p("approver1"), office.p("approver2")]
    assert needed[1][3].startswith(f"{_name(db, office.p('approver1'))} согласовал")
    assert _by_kind(db, "approval_needed") == []
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    approval = _by_kind(db, "approval_needed")
    assert [(p, k, o) for p, k, o, _ in approval] == [(office.p("head"), "orders", order_id)]
    assert "все визы получены" in approval[0][3]


def _name(db: Database, person_id: int) -> str:
    with db.session() as s:
        person = s.get(Person, person_id)
        assert person is not None
        return person.name_initials


def test_a_rejected_visa_and_a_return_tell_the_author_who_returned_it_and_why(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="reject", comment="Нет сроков в п. 3")
    returned = _by_kind(db, "returned")
    assert [(p, k, o) for p, k, o, _ in returned] == [(office.p("clerk"), "orders", order_id)]
    assert returned[0][3].startswith(f"{_name(db, office.p('approver1'))} не согласовал")
    assert returned[0][3].endswith("Нет сроков в п. 3")
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "return", a["head"], comment="Переделать преамбулу")
    last = _by_kind(db, "returned")[-1]
    assert last[0] == office.p("clerk") and last[3].endswith(
        "вернула на доработку проект приказа «Об организации мониторинга качества образования»: Переделать преамбулу"
    )


def test_approval_tells_the_author_and_the_controller_with_the_registration_number(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    approved = _by_kind(db, "approved")
    assert {p for p, *_ in approved} == {office.p("clerk"), office.p("controller")}
    assert all("Дереча Н.Е. утвердила приказ № 1 «" in text for *_, text in approved)


def test_dispatch_tells_every_executor_and_the_heads_of_addressed_organizations(db: Database) -> None:
    office, _, task = _dispatched(db)
    assigned = _by_kind(db, "task_assigned")
    people = {p for p, *_ in assigned}
    assert {office.p("executor"), office.p("head"), office.p("director1"), office.p("director2")} == people
    mine = [n for n in assigned if n[0] == office.p("executor")]
    assert mine == [
        (
            office.p("executor"),
            "tasks",
            task.id,
            f"{_name(db, office.p('clerk'))} направила вам поручение № {task.id}: Подготовить аналитическую справку. "
            "(срок 02.04.2027).",
        )
    ]


def test_an_undated_task_asks_its_controller_for_a_date(db: Database) -> None:
    office = build_office(db)
    point = {
        "text": "Принять участие в семинаре.",
        "controlled": True,
        "responsible": [{"person_id": office.p("executor")}],
        "deadline_text": "В соответствии с графиком проведения",
    }
    order_id = new_order(db, office, points=[point])
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    needed = _by_kind(db, "date_needed")
    assert [(p, k) for p, k, _, _ in needed] == [(office.p("controller"), "tasks")]
    assert "срок не определён («В соответствии с графиком проведения»): установите дату." in needed[0][3]


def test_a_report_tells_the_controller_and_its_return_and_acceptance_tell_the_executor(db: Database) -> None:
    office, _, task = _dispatched(db)
    a = office.actors
    transition(db, "tasks", task.id, "report", a["executor"], report_text="Справка подготовлена.")
    review = _by_kind(db, "report_to_review")
    assert [(p, o) for p, _, o, _ in review] == [(office.p("controller"), task.id)]
    assert review[0][3] == f"Бадмаева Л.Н. доложила об исполнении поручения «{task.title}»: Справка подготовлена."
    transition(db, "tasks", task.id, "return", a["controller"], comment="Добавьте выводы.")
    returned = _by_kind(db, "report_returned")
    assert returned == [
        (
            office.p("executor"),
            "tasks",
            task.id,
            f"Ушакова И.Г. вернула отчёт по поручению «{task.title}»: Добавьте выводы.",
        )
    ]
    transition(db, "tasks", task.id, "report", a["executor"], report_text="Выводы добавлены.")
    transition(db, "tasks", task.id, "accept", a["controller"])
    accepted = _by_kind(db, "report_accepted")
    assert [(p, o) for p, _, o, _ in accepted] == [(office.p("executor"), task.id)]
    assert accepted[0][3].startswith(f"Ушакова И.Г. приняла исполнение поручения «{task.title}»")


def test_an_extension_request_tells_the_controller_and_the_decision_tells_the_executor(db: Database) -> None:
    office, _, task = _dispatched(db)
    request = request_extension(db, office.actors["executor"], task.id, date(2027, 4, 16), "Нет данных от школ.")
    asked = _by_kind(db, "extension_requested")
    assert [(p, k, o) for p, k, o, _ in asked] == [(office.p("controller"), "extension-requests", request.id)]
    assert asked[0][3] == (
        f"Бадмаева Л.Н. попросила перенести срок поручения «{task.title}» на 16.04.2027: Нет данных от школ."
    )
    decide_extension(db, office.actors["controller"], request.id, "grant", comment="Согласовано.")
    decided = _by_kind(db, "extension_decided")
    assert decided == [
        (
            office.p("executor"),
            "extension-requests",
            request.id,
            f"Ушакова И.Г. согласовала перенос срока поручения «{task.title}» на 16.04.2027: Согласовано.",
        )
    ]


def test_a_failing_event_leaves_no_notification(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    before = len(_notes(db))
    with pytest.raises(ValidationFailed):
        transition(db, "orders", order_id, "visa", office.actors["approver1"], decision="maybe")
    assert len(_notes(db)) == before
    # A dispatch that fails in its last effect (the order's attachments) rolls back every task notice.
    approve_rest(db, office, order_id)
    notices = len(_notes(db))
    original = EFFECTS["notify_task_assigned"]

    def failing(ctx: Any) -> None:
        original(ctx)
        raise ValidationFailed("Сбой после уведомлений.")

    EFFECTS["notify_task_assigned"] = failing
    try:
        with pytest.raises(ValidationFailed):
            transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    finally:
        EFFECTS["notify_task_assigned"] = original
    assert len(_notes(db)) == notices
    with db.session() as s:
        assert s.scalar(select(Task.id).where(Task.order_id == order_id)) is None


def approve_rest(db: Database, office: Any, order_id: int) -> None:
    """Both visas and the approval of a submitted order."""
    a = office.actors
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    transition(db, "orders", order_id, "approve", a["head"])


def test_with_smtp_set_each_notice_of_a_person_with_an_e_mail_is_queued_in_the_same_transaction(
    db: Database,
) -> None:
    db.settings = WorkflowSettings(smtp_host="127.0.0.1")
    office = build_office(db)
    with db.transaction() as s:
        s.execute(update(Person).where(Person.id == office.p("approver1")).values(email="a1@example.org"))
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    with db.session() as s:
        rows = list(s.scalars(select(OutboxEmail)))
        notice = s.scalar(select(Notification).where(Notification.kind == "visa_needed"))
    assert notice is not None
    assert [(r.to_address, r.notification_id, r.status) for r in rows] == [("a1@example.org", notice.id, "pending")]


def test_a_notice_of_an_event_of_a_given_moment_bears_that_moment(db: Database) -> None:
    """The demo's past history and a job's own time: the notice is dated by its event, not by the clock."""
    office = build_office(db)
    order_id = new_order(db, office)
    moment = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
    transition(db, "orders", order_id, "submit", office.actors["clerk"], now=moment)
    (notice,) = _notes(db, "visa_needed")
    assert notice.created_at.replace(tzinfo=UTC) == moment
