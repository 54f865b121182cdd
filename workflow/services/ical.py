"""The personal deadline feed (iCalendar) behind a per-user secret token that can be rotated."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from icalendar import Calendar, Todo
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from models import Organization, Task, User
from models.db import Database
from models.tasks import OPEN_TASK_STATES
from workflow import clock
from workflow.errors import NotFound


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rotate_calendar_token(db: Database, user_id: int) -> str:
    """A new feed token for the user; the old subscription stops working. Only the hash is stored."""
    token = secrets.token_urlsafe(32)
    with db.transaction() as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("Пользователь не найден.")
        user.calendar_token_hash = _digest(token)
    return token


def user_by_calendar_token(session: Session, token: str) -> User:
    """The user whose feed this token opens."""
    user = session.scalar(select(User).where(User.calendar_token_hash == _digest(token), User.active.is_(True)))
    if user is None or not token:
        raise NotFound("Календарь не найден: ссылка устарела или неверна.")
    return user


def calendar_feed(session: Session, person_id: int | None) -> bytes:
    """The person's open dated tasks (and those of organizations they head) as VTODOs with a due date."""
    cal = Calendar()
    cal.add("prodid", "-//prikaz//Сроки поручений//RU")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Сроки поручений")
    if person_id is not None:
        headed = select(Organization.id).where(Organization.head_id == person_id)
        tasks = session.scalars(
            select(Task)
            .where(
                Task.state.in_(OPEN_TASK_STATES),
                Task.deadline.is_not(None),
                or_(Task.responsible_person_id == person_id, Task.responsible_org_id.in_(headed)),
            )
            .order_by(Task.deadline, Task.id)
        )
        stamp = clock.now()
        for task in tasks:
            assert task.deadline is not None
            todo = Todo()
            todo.add("uid", f"task-{task.id}@prikaz")
            todo.add("dtstamp", stamp)
            todo.add("summary", task.title[:200])
            todo.add("due", task.deadline)
            todo.add("dtstart", task.deadline - timedelta(days=1))
            todo.add("description", f"Срок: {task.deadline_text}. Поручение № {task.id}.")
            todo.add("status", "IN-PROCESS" if task.state != "assigned" else "NEEDS-ACTION")
            cal.add_component(todo)
    return cal.to_ical()


def rotate_calendar_token_of(db: Database, login: str) -> str:
    """A new feed token for the user with this login (the command line names users by login)."""
    with db.session() as session:
        user_id = session.scalar(select(User.id).where(User.login == login))
    if user_id is None:
        raise NotFound(f"Нет пользователя «{login}».")
    return rotate_calendar_token(db, user_id)


def feed_of_token(db: Database, token: str) -> bytes:
    """The deadline feed this secret token opens."""
    with db.session() as session:
        return calendar_feed(session, user_by_calendar_token(session, token).person_id)
