"""Nobody decides what they asked for: extensions go up, nobody visas their own draft or accepts their own report."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from models import ExtensionRequest, Organization, Task
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine.engine import transition
from workflow.errors import Forbidden
from workflow.services.extensions import decide_extension, may_decide, request_extension


def _dispatched(db: Database, office: Office, **overrides: Any) -> int:
    order_id = new_order(db, office, **overrides)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    return order_id


def _task_of(db: Database, order_id: int, person_id: int) -> int:
    with db.session() as s:
        task_id = s.scalar(select(Task.id).where(Task.order_id == order_id, Task.responsible_person_id == person_id))
    assert task_id is not None
    return task_id


def _own_point(person_id: int) -> list[dict[str, Any]]:
    return [
        {
            "text": "Подготовить аналитическую справку.",
            "controlled": True,
            "responsible": [{"person_id": person_id}],
            "deadline_text": "до 02.04.2027",
        }
    ]


def _may_decide(db: Database, office: Office, who: str, request_id: int) -> bool:
    with db.session() as s:
        row = s.get(ExtensionRequest, request_id)
        assert row is not None
        return may_decide(s, office.actors[who], row)


def test_the_head_who_asked_to_move_his_own_task_cannot_grant_it_himself(db: Database) -> None:
    office = build_office(db)
    order_id = _dispatched(db, office, points=_own_point(office.p("head")))
    task_id = _task_of(db, order_id, office.p("head"))
    request = request_extension(db, office.actors["head"], task_id, date(2027, 6, 1), "Много работы")
    for who in ("head", "controller"):
        with pytest.raises(Forbidden) as caught:
            decide_extension(db, office.actors[who], request.id, "grant")
        assert "Никто не решает по своему запросу" in caught.value.message
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.deadline == date(2027, 4, 2)


def test_the_head_of_the_organization_above_decides_what_the_head_asked(db: Database) -> None:
    office = build_office(db)
    with db.transaction() as s:
        # The department becomes part of a regional ministry headed by the outsider.
        authority = s.get(Organization, office.orgs["authority"])
        assert authority is not None
        authority.parent_id = office.orgs["other"]
    order_id = _dispatched(db, office, points=_own_point(office.p("head")))
    task_id = _task_of(db, order_id, office.p("head"))
    request = request_extension(db, office.actors["head"], task_id, date(2027, 6, 1), "Много работы")
    assert not _may_decide(db, office, "head", request.id)
    assert not _may_decide(db, office, "controller", request.id)
    assert _may_decide(db, office, "outsider", request.id)
    decide_extension(db, office.actors["outsider"], request.id, "grant")
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.deadline == date(2027, 6, 1)


def test_a_request_of_the_controller_goes_to_the_head_and_not_to_himself(db: Database) -> None:
    office = build_office(db)
    order_id = _dispatched(db, office, points=_own_point(office.p("controller")))
    task_id = _task_of(db, order_id, office.p("controller"))
    request = request_extension(db, office.actors["controller"], task_id, date(2027, 6, 1), "Нет данных")
    assert not _may_decide(db, office, "controller", request.id)
    assert _may_decide(db, office, "head", request.id)
    decide_extension(db, office.actors["head"], request.id, "grant")


def test_a_request_of_the_executor_goes_to_the_controller_or_the_head(db: Database) -> None:
    office = build_office(db)
    order_id = _dispatched(db, office)
    task_id = _task_of(db, order_id, office.p("executor"))
    request = request_extension(db, office.actors["executor"], task_id, date(2027, 6, 1), "Нет данных")
    assert _may_decide(db, office, "controller", request.id) and _may_decide(db, office, "head", request.id)
    assert not _may_decide(db, office, "executor", request.id)


def test_nobody_visas_their_own_draft(db: Database) -> None:
    office = build_office(db)
    order_id = new_order(db, office, approvers=[office.p("clerk"), office.p("approver1")])
    transition(db, "orders", order_id, "submit", office.actors["clerk"])
    with pytest.raises(Forbidden):
        transition(db, "orders", order_id, "visa", office.actors["clerk"], decision="approve")


def test_the_responsible_executor_cannot_accept_or_return_his_own_report_even_as_its_controller(db: Database) -> None:
    office = build_office(db)
    order_id = _dispatched(db, office, controller_id=office.p("executor"), points=_own_point(office.p("executor")))
    task_id = _task_of(db, order_id, office.p("executor"))
    executor = office.actors["executor"]
    transition(db, "tasks", task_id, "report", executor, report_text="Справка подготовлена.")
    with pytest.raises(Forbidden):
        transition(db, "tasks", task_id, "accept", executor)
    with pytest.raises(Forbidden):
        transition(db, "tasks", task_id, "return", executor, comment="Переделать.")
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None and task.state == "on_review"
