"""The controller dates an undated task («срок не определён: дату установит контролёр»), once, in its history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from models import Task
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine.engine import history, transition
from workflow.errors import Forbidden, NotFound, TransitionNotAllowed, ValidationFailed
from workflow.services.task_dates import SetTaskDate, may_set_date, set_task_date

EXTERNAL = "в сроки, установленные Министерством просвещения Российской Федерации"


def _undated(db: Database, office: Office | None = None, **order: Any) -> tuple[Office, int]:
    """A dispatched order whose one controlled point has a deadline nobody can compute; the executor's task."""
    office = office or build_office(db)
    point = {
        "text": "Представить информацию о ходе мониторинга.",
        "controlled": True,
        "responsible": [{"person_id": office.p("executor")}],
        "deadline_text": EXTERNAL,
    }
    order_id = new_order(db, office, points=[point], **order)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        task = s.scalars(select(Task).where(Task.order_id == order_id)).one()
        assert task.deadline is None and task.needs_date
        return office, task.id


def _task(db: Database, task_id: int) -> Task:
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None
        return task


def test_the_controller_dates_an_undated_task_and_the_history_says_srok_ustanovlen(db: Database) -> None:
    office, task_id = _undated(db)
    version = _task(db, task_id).version
    dated = set_task_date(db, office.actors["controller"], SetTaskDate(task_id, date(2026, 12, 15), version))
    assert dated.deadline_note is None
    task = _task(db, task_id)
    assert (task.deadline, task.needs_date, task.version) == (date(2026, 12, 15), False, version + 1)
    with db.session() as s:
        last = history(s, s.get(Task, task_id))[-1]
    assert (last.event, last.comment) == ("deadline_set", "Срок установлен: 15.12.2026")
    assert last.payload["deadline"] == "2026-12-15"


def test_a_date_on_a_sunday_moves_to_the_working_day_before_and_the_answer_says_so(db: Database) -> None:
    office, task_id = _undated(db)
    dated = set_task_date(db, office.actors["controller"], SetTaskDate(task_id, date(2026, 12, 20)))
    assert _task(db, task_id).deadline == date(2026, 12, 18)
    assert (
        dated.deadline_note is not None and "20.12.2026" in dated.deadline_note and "18.12.2026" in dated.deadline_note
    )
    with db.session() as s:
        assert "18.12.2026" in history(s, s.get(Task, task_id))[-1].comment


def test_a_task_with_a_date_is_not_dated_again_but_extended(db: Database) -> None:
    office, task_id = _undated(db)
    set_task_date(db, office.actors["controller"], SetTaskDate(task_id, date(2026, 12, 15)))
    with pytest.raises(TransitionNotAllowed) as caught:
        set_task_date(db, office.actors["controller"], SetTaskDate(task_id, date(2026, 12, 22)))
    assert "срок уже определён" in caught.value.message
    assert _task(db, task_id).deadline == date(2026, 12, 15)


def test_a_past_date_is_refused_naming_the_field_by_its_label(db: Database) -> None:
    office, task_id = _undated(db)
    with pytest.raises(ValidationFailed) as caught:
        set_task_date(db, office.actors["controller"], SetTaskDate(task_id, date(2026, 11, 13)))
    assert "«Срок»" in caught.value.message and caught.value.details == {
        "deadline": [caught.value.details["deadline"][0]]
    }
    assert _task(db, task_id).needs_date


def test_the_executor_and_the_clerk_may_not_date_a_task(db: Database) -> None:
    office, task_id = _undated(db)
    for who in ("executor", "clerk"):
        with pytest.raises(Forbidden):
            set_task_date(db, office.actors[who], SetTaskDate(task_id, date(2026, 12, 15)))
    with db.session() as s:
        task = s.get(Task, task_id)
        assert task is not None
        assert may_set_date(s, office.actors["controller"], task)
        assert not may_set_date(s, office.actors["executor"], task)


def test_the_head_of_the_issuing_organization_dates_a_task_controlled_by_someone_else(db: Database) -> None:
    office = build_office(db)
    office, task_id = _undated(db, office, controller_id=office.p("approver1"))
    with pytest.raises(NotFound):  # a control officer sees only the tasks they control
        set_task_date(db, office.actors["controller"], SetTaskDate(task_id, date(2026, 12, 15)))
    set_task_date(db, office.actors["head"], SetTaskDate(task_id, date(2026, 12, 15)))
    assert _task(db, task_id).deadline == date(2026, 12, 15)


def test_dating_a_roll_up_dates_every_organizations_task_under_it(db: Database) -> None:
    office = build_office(db)
    point = {
        "text": "Провести мониторинг.",
        "controlled": True,
        "responsible": [{"organization_id": office.orgs["authority"], "include_subordinates": True}],
        "deadline_text": EXTERNAL,
    }
    order_id = new_order(db, office, points=[point])
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        parent = s.scalars(select(Task).where(Task.order_id == order_id, Task.is_rollup.is_(True))).one()
        parent_id = parent.id
    set_task_date(db, office.actors["controller"], SetTaskDate(parent_id, date(2026, 12, 15)))
    with db.session() as s:
        rows = s.scalars(select(Task).where(Task.order_id == order_id)).all()
        assert len(rows) > 1 and all(t.deadline == date(2026, 12, 15) and not t.needs_date for t in rows)
