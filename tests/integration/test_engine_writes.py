"""What a transition writes: every column its effects changed, under the version check, one row or many."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from models import Task, TransitionLog
from models.db import Database
from tests.builders import Office, approve, build_office, new_order
from workflow.engine.engine import fire, load_for_update, transition


def _dispatched(db: Database) -> tuple[Office, list[Task]]:
    office = build_office(db)
    order_id = new_order(db, office)
    approve(db, office, order_id)
    transition(db, "orders", order_id, "dispatch", office.actors["clerk"])
    with db.session() as s:
        return office, list(s.scalars(select(Task).where(Task.order_id == order_id).order_by(Task.id)))


def _row(db: Database, task_id: int) -> tuple[str, int, object]:
    with db.engine.connect() as conn:
        table = Task.__table__
        row = conn.execute(
            select(table.c.state, table.c.version, table.c.report_text).where(table.c.id == task_id)
        ).one()
        return row.state, row.version, row.report_text


def test_a_transition_writes_the_state_the_version_and_every_column_its_effects_changed(db: Database) -> None:
    office, tasks = _dispatched(db)
    task = next(t for t in tasks if t.responsible_person_id == office.p("executor") and t.parent_id is None)
    transition(db, "tasks", task.id, "report", office.actors["executor"], report_text="Справка подготовлена")
    assert _row(db, task.id) == ("on_review", task.version + 1, "Справка подготовлена")
    with db.session() as s:
        logged = s.scalars(select(TransitionLog).where(TransitionLog.object_id == task.id)).all()
        assert [(log.event, log.to_state) for log in logged][-1] == ("report", "on_review")


def test_a_transition_that_moves_two_rows_writes_both(db: Database) -> None:
    office, tasks = _dispatched(db)
    child = next(t for t in tasks if t.parent_id is not None and t.responsible_org_id == office.orgs["school1"])
    assert child.parent_id is not None
    transition(db, "tasks", child.id, "start", office.actors["director1"])
    assert _row(db, child.id)[:2] == ("in_progress", child.version + 1)
    assert _row(db, child.parent_id)[0] == "in_progress"  # the roll-up moved with its first school


def test_a_row_changed_by_another_transaction_meanwhile_is_refused_and_nothing_is_written(db: Database) -> None:
    office, tasks = _dispatched(db)
    task = next(t for t in tasks if t.responsible_person_id == office.p("executor") and t.parent_id is None)
    with pytest.raises(StaleDataError), db.transaction() as s:
        loaded = load_for_update(s, Task, task.id)
        # Another writer's change the loaded row does not know about.
        s.execute(update(Task.__table__).where(Task.__table__.c.id == task.id).values(version=task.version + 5))
        fire(s, loaded, "start", office.actors["executor"])
    assert _row(db, task.id)[:2] == ("assigned", task.version)
