"""Opening a task is reading its assignment: the «Новое» mark goes once the executor has seen the task."""

from __future__ import annotations

from sqlalchemy import update

from models import Notification
from models.db import Database
from workflow import clock
from workflow.queries.seen import ASSIGNED, new_task_ids


def mark_task_seen(db: Database, person_id: int | None, task_id: int) -> bool:
    """Mark the person's unread assignment notices of a task read; True when there were any."""
    with db.session() as session:
        # A read first: most card views change nothing and must not take SQLite's write lock.
        if task_id not in new_task_ids(session, person_id, [task_id]):
            return False
    with db.transaction() as session:
        session.execute(
            update(Notification)
            .where(
                Notification.person_id == person_id,
                Notification.task_id == task_id,
                Notification.kind == ASSIGNED,
                Notification.read_at.is_(None),
            )
            .values(read_at=clock.now())
        )
    return True
