"""Extension requests as a lifecycle of the engine: the machine decides, the task's history shows every step."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from models import ExtensionRequest, Task
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine.engine import history, transition
from workflow.errors import Forbidden, TransitionNotAllowed
from workflow.services.extensions import decide_extension, may_decide, may_request, request_extension


def _executor_task(db: Database) -> tuple[Office, int]:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        task_id = s.scalar(
            select(Task.id).where(Task.order_id == order_id, Task.responsible_person_id == office.p("executor"))
        )
    assert task_id is not None
    return office, task_id


def _later(db: Database, task_id: int) -> date:
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.deadline is not None
        # A Wednesday after the New Year holidays: the grant keeps it (a day off would move by the rule).
        day = date(task.deadline.year + 1, 1, 19)
        while day.weekday() != 2:
            day = date.fromordinal(day.toordinal() + 1)
        return day


def test_a_granted_request_moves_through_the_engine_and_both_steps_are_in_the_tasks_history(db: Database) -> None:
    office, task_id = _executor_task(db)
    new = _later(db, task_id)
    request = request_extension(db, office.actors["executor"], task_id, new, "Нет данных")
    decided = decide_extension(db, office.actors["controller"], request.id, "grant", comment=" Согласовано ")
    assert decided.status == "granted" and decided.decision_comment == "Согласовано"
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.deadline == new
        rows = [(r.event, r.from_state, r.to_state, r.comment) for r in history(s, task)][-2:]
        assert rows == [
            ("extension_requested", "assigned", "assigned", "Нет данных"),
            ("extension_granted", "assigned", "assigned", "Согласовано"),
        ]
        granted = history(s, task)[-1]
        assert granted.payload["extension_request_id"] == request.id
        assert granted.payload["new_deadline"] == new.isoformat()


def test_a_decided_request_cannot_be_decided_again_and_says_so(db: Database) -> None:
    office, task_id = _executor_task(db)
    request = request_extension(db, office.actors["executor"], task_id, _later(db, task_id), "Нет данных")
    decide_extension(db, office.actors["controller"], request.id, "deny")
    with pytest.raises(TransitionNotAllowed) as caught:
        decide_extension(db, office.actors["head"], request.id, "grant")
    assert caught.value.message == "Решение по этому запросу уже принято."


def test_a_request_on_a_task_closed_meanwhile_is_refused_with_todays_words(db: Database) -> None:
    office, task_id = _executor_task(db)
    request = request_extension(db, office.actors["executor"], task_id, _later(db, task_id), "Нет данных")
    transition(db, "tasks", task_id, "cancel", office.actors["controller"], comment="Не нужно")
    with pytest.raises(TransitionNotAllowed) as caught:
        decide_extension(db, office.actors["controller"], request.id, "grant")
    assert caught.value.message == "Поручение уже закрыто: перенос срока не нужен."
    with db.session() as s:
        assert s.get(ExtensionRequest, request.id).status == "pending"  # type: ignore[union-attr]


def test_only_the_controller_or_the_head_may_decide_and_the_service_says_who(db: Database) -> None:
    office, task_id = _executor_task(db)
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None
        assert may_request(s, office.actors["executor"], task) and not may_request(s, office.actors["head"], task)
    request = request_extension(db, office.actors["executor"], task_id, _later(db, task_id), "Нет данных")
    with db.session() as s:
        row = s.get(ExtensionRequest, request.id)
        task = s.get(Task, task_id)
        assert row is not None and task is not None
        assert may_decide(s, office.actors["controller"], row) and may_decide(s, office.actors["head"], row)
        assert not may_decide(s, office.actors["executor"], row)
        # One request at a time: while it waits, the executor is not offered another.
        assert not may_request(s, office.actors["executor"], task)
    with pytest.raises(Forbidden) as caught:
        decide_extension(db, office.actors["executor"], request.id, "grant")
    assert caught.value.message.startswith("Недостаточно прав: решение о переносе срока принимает контролёр")
