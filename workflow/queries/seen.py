"""Which tasks are new to a person: assigned to them and the «Новое поручение» notice still unread."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Notification

# The notice the dispatch sends each executor; reading it (or the task's notices) makes the task no longer new.
ASSIGNED = "task_assigned"


def new_task_ids(session: Session, person_id: int | None, task_ids: Iterable[int]) -> set[int]:
    """The tasks among `task_ids` whose assignment notice the person has not read yet."""
    wanted = sorted(set(task_ids))
    if person_id is None or not wanted:
        return set()
    stmt = select(Notification.task_id).where(
        Notification.person_id == person_id,
        Notification.kind == ASSIGNED,
        Notification.read_at.is_(None),
        Notification.task_id.in_(wanted),
    )
    return {task_id for task_id in session.scalars(stmt) if task_id is not None}
