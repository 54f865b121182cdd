"""Use cases of orders end to end on each database: visas, registration, dispatch, roll-up, rollback."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import DatabaseError

from models import Journal, Order, Task, TransitionLog
from models.db import Database
from tests.builders import approve, build_office, new_order
from workflow.engine import engine
from workflow.engine.engine import available_events, fire, history, transition
from workflow.errors import Forbidden, StaleVersion, TransitionNotAllowed, ValidationFailed


def _tasks(db: Database, order_id: int) -> list[Task]:
    with db.session() as s:
        return list(s.scalars(select(Task).where(Task.order_id == order_id).order_by(Task.id)))


def _log_count(db: Database) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(TransitionLog)) or 0


def test_an_order_goes_from_draft_to_closed_with_every_step_recorded(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", a["clerk"])
    transition(db, "orders", order_id, "visa", a["approver1"], decision="approve")
    transition(db, "orders", order_id, "visa", a["approver2"], decision="approve_with_remarks", comment="Уточнить п. 2")
    log = transition(db, "orders", order_id, "approve", a["head"])
    assert log.payload["reg_number"] == "1"
    log = transition(db, "orders", order_id, "dispatch", a["clerk"])
    # One task for the person, and the fan-out: a parent for the authority and a child per school.
    assert log.payload["tasks_created"] == 4
    tasks = _tasks(db, order_id)
    person_task = next(t for t in tasks if t.responsible_person_id == office.p("executor"))
    parent = next(t for t in tasks if t.responsible_org_id == office.orgs["authority"])
    children = [t for t in tasks if t.parent_id == parent.id]
    assert {c.responsible_org_id for c in children} == {office.orgs["school1"], office.orgs["school2"]}
    assert {c.responsible_person_id for c in children} == {office.p("director1"), office.p("director2")}
    assert person_task.deadline == date(2027, 4, 2) and person_task.original_deadline == date(2027, 4, 2)
    assert person_task.controller_id == office.p("controller")

    transition(db, "tasks", person_task.id, "start", a["executor"])
    transition(db, "tasks", person_task.id, "report", a["executor"], report_text="Справка подготовлена.")
    transition(db, "tasks", person_task.id, "return", a["controller"], comment="Добавьте выводы.")
    transition(db, "tasks", person_task.id, "report", a["executor"], report_text="Выводы добавлены.")
    transition(db, "tasks", person_task.id, "accept", a["controller"])
    directors = {office.p(k): a[k] for k in ("director1", "director2")}
    for child in children:
        transition(db, "tasks", child.id, "report", directors[child.responsible_person_id], report_text="Проведён.")
        transition(db, "tasks", child.id, "accept", a["controller"])

    with db.session() as s:
        order = s.get(Order, order_id)
        assert order.state == "reported"  # by itself, when the last controlled task was done
        rolled = s.get(Task, parent.id)
        assert rolled.state == "done" and "2 из 2" in rolled.report_text
        events = [(h.event, h.from_state, h.to_state) for h in history(s, order)]
    assert events == [
        ("create", "", "draft"),
        ("submit", "draft", "on_approval"),
        ("visa", "on_approval", "on_approval"),
        ("visa", "on_approval", "on_approval"),
        ("approve", "on_approval", "approved"),
        ("dispatch", "approved", "executing"),
        ("report", "executing", "reported"),
    ]
    transition(db, "orders", order_id, "close", a["controller"], comment="Снят с контроля")
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order.state == "closed"
        assert order.version == 8  # 1 at creation, then one bump for each of the 7 transitions


def test_a_task_accepted_after_its_deadline_is_done_late(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    task = next(t for t in _tasks(db, order_id) if t.responsible_person_id == office.p("executor"))
    transition(db, "tasks", task.id, "report", office.actors["executor"], report_text="Готово")
    transition(db, "tasks", task.id, "accept", office.actors["controller"], now=datetime(2027, 4, 7, 9, tzinfo=UTC))
    with db.session() as s:
        done = s.get(Task, task.id)
        assert done.done_late and done.done_at == datetime(2027, 4, 7, 9, tzinfo=UTC)


def test_the_journal_continues_a_paper_numbering_with_its_prefix(db: Database) -> None:
    office = build_office(db)
    year = engine.clock.today().year
    with db.transaction() as s:
        s.add(
            Journal(organization_id=office.orgs["authority"], kind="order", year=year, prefix="01-27/", next_number=390)
        )
    first, second = new_order(db, office), new_order(db, office)
    approve(db, office, first)
    approve(db, office, second)
    with db.session() as s:
        assert [s.get(Order, i).reg_number for i in (first, second)] == ["01-27/390", "01-27/391"]
        assert s.scalar(select(Journal.next_number)) == 392


def test_a_guard_explains_in_russian_why_a_draft_cannot_be_submitted(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(
        db,
        office,
        points=[
            {"text": "Утвердить план."},
            {"text": "Провести мониторинг.", "controlled": True, "responsible": [{"person_id": office.p("executor")}]},
        ],
    )
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(db, "orders", order_id, "submit", office.actors["clerk"])
    assert caught.value.message == "Нельзя направить на согласование: у пункта 2 не указан срок"


def test_approvers_visa_in_their_order_and_a_refusal_returns_the_draft(db: Database) -> None:
    office = build_office(db)
    a = office.actors
    order_id = new_order(db, office)
    transition(db, "orders", order_id, "submit", a["clerk"])
    with pytest.raises(Forbidden):
        transition(db, "orders", order_id, "visa", a["approver2"], decision="approve")
    with pytest.raises(ValidationFailed):
        transition(db, "orders", order_id, "visa", a["approver1"], decision="reject")
    transition(db, "orders", order_id, "visa", a["approver1"], decision="reject", comment="Нет плана мероприятий")
    with db.session() as s:
        assert s.get(Order, order_id).state == "draft"
    # A resubmission collects every visa anew.
    transition(db, "orders", order_id, "submit", a["clerk"])
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(db, "orders", order_id, "approve", a["head"])
    assert "ожидается виза Соколов А.В." in caught.value.message


def test_someone_else_cannot_approve_in_place_of_the_signatory(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    with pytest.raises(Forbidden) as caught:
        transition(db, "orders", order_id, "submit", office.actors["outsider"])
    assert "Недостаточно прав" in caught.value.message


def test_a_stale_version_is_refused_and_changes_nothing(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    with pytest.raises(StaleVersion):
        transition(db, "orders", order_id, "submit", office.actors["clerk"], expected_version=7)
    with db.session() as s:
        assert s.get(Order, order_id).state == "draft"


def test_a_failing_effect_leaves_state_version_tasks_and_log_as_they_were(db: Database, monkeypatch) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    with db.session() as s:
        before = s.get(Order, order_id).version
    logs = _log_count(db)
    real = engine.EFFECTS["dispatch_order"]

    def broken(ctx: engine.Ctx) -> None:
        real(ctx)  # the tasks are created and flushed …
        raise RuntimeError("отказ почтового сервера")  # … then something fails

    monkeypatch.setitem(engine.EFFECTS, "dispatch_order", broken)
    with pytest.raises(RuntimeError):
        transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        order = s.get(Order, order_id)
        assert (order.state, order.version) == ("approved", before)
    assert _tasks(db, order_id) == []
    assert _log_count(db) == logs


def test_revoking_an_executing_order_cancels_its_open_tasks(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with pytest.raises(ValidationFailed):
        transition(db, "orders", order_id, "revoke", office.actors["head"])
    log = transition(db, "orders", order_id, "revoke", office.actors["head"], reason="Изменилось законодательство")
    assert log.payload["tasks_cancelled"] == 2
    assert {t.state for t in _tasks(db, order_id)} == {"cancelled"}


def test_the_transition_log_refuses_updates_and_deletes(db: Database) -> None:
    office = build_office(db)
    new_order(db, office)
    with pytest.raises(DatabaseError), db.transaction() as s:
        s.execute(delete(TransitionLog))
    with pytest.raises(DatabaseError), db.transaction() as s:
        s.execute(text("UPDATE transition_log SET comment = 'подчистка'"))
    assert _log_count(db) == 1


def test_available_events_say_what_the_user_may_do_and_why_not_the_rest(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    with db.session() as s:
        order = s.get(Order, order_id)
        clerk = {o.event: o for o in available_events(s, order, office.actors["clerk"])}
        head = {o.event: o for o in available_events(s, order, office.actors["head"])}
    assert clerk["submit"].allowed and clerk["cancel"].allowed
    assert not clerk["approve"].allowed and "На согласовании" not in (clerk["approve"].reason or "")
    assert clerk["approve"].reason == "Недоступно в состоянии «Проект»."
    assert head["submit"].allowed


def test_a_fan_out_parent_cannot_be_reported_by_hand(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    parent = next(t for t in _tasks(db, order_id) if t.responsible_org_id == office.orgs["authority"])
    with pytest.raises(TransitionNotAllowed) as caught:
        transition(db, "tasks", parent.id, "report", office.actors["head"], report_text="всё")
    assert "сводное поручение" in caught.value.message


def test_fire_inside_a_caller_transaction_rolls_back_with_it(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office)
    with pytest.raises(ZeroDivisionError), db.transaction() as s:
        fire(s, s.get(Order, order_id), "submit", office.actors["clerk"])
        1 / 0  # noqa: B018
    with db.session() as s:
        assert s.get(Order, order_id).state == "draft"
