"""Data for a journey prepared through the services, so that each browser test drives only its own steps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from models import Order, Task, User
from models.db import Database
from workflow import clock
from workflow.engine.engine import fire
from workflow.engine.permissions import Actor
from workflow.services.orders import create_order

STAGES = ("draft", "on_approval", "visas_given", "executing")


def people(database: Database) -> dict[str, Actor]:
    """The demo's actors by login."""
    with database.session() as session:
        return {user.login: Actor.of(user) for user in session.scalars(select(User))}


def order(
    database: Database, title: str, stage: str, executor: str = "executor", deadline_text: str | None = None
) -> int:
    """An order of the demo department with one controlled point for `executor`, brought to a stage."""
    assert stage in STAGES
    who = people(database)
    due = clock.today() + timedelta(days=30)
    data: dict[str, Any] = {
        "kind": "order",
        "organization_id": who["clerk"].organization_id,
        "title": title,
        "place": "г. Верхнеозёрск",
        "signatory_id": who["head"].person_id,
        "controller_id": who["controller"].person_id,
        "executor_mark_id": who["executor"].person_id,
        "approvers": [who["approver"].person_id, who["lawyer"].person_id],
        "points": [
            {
                "text": "Представить информацию о выполнении мероприятий.",
                "controlled": True,
                "responsible": [{"person_id": who[executor].person_id}],
                "deadline_text": f"до {due:%d.%m.%Y}" if deadline_text is None else deadline_text,
            }
        ],
    }
    with database.transaction() as session:
        row = create_order(session, who["clerk"], data)
        if stage != "draft":
            fire(session, row, "submit", who["clerk"])
        if stage in ("visas_given", "executing"):
            fire(session, row, "visa", who["approver"], decision="approve")
            fire(session, row, "visa", who["lawyer"], decision="approve")
        if stage == "executing":
            fire(session, row, "approve", who["head"])
            fire(session, row, "dispatch", who["clerk"])
        return row.id


def task_of(database: Database, order_id: int) -> int:
    """The first task an order gave."""
    with database.session() as session:
        task_id = session.scalar(select(Task.id).where(Task.order_id == order_id).order_by(Task.id))
    assert task_id is not None
    return task_id


def order_state(database: Database, order_id: int) -> str:
    """An order's state as stored."""
    with database.session() as session:
        row = session.get(Order, order_id)
        assert row is not None
        return row.state
