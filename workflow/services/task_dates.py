"""Dating an undated task («срок не определён: дату установит контролёр»): the controller sets the day.

A task whose deadline could not be derived (external, relative or unreadable wording) carries `needs_date`.
Its controller, or the head of the issuing organization (who may cancel it too), gives it a date; a day off moves by the
office's non-working-day rule, and the answer and the history say so. This module is the one place of that rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Task
from models.db import Database
from workflow import clock
from workflow.deadlines.calendar import adjust_due
from workflow.engine.dispatch import calendar_for
from workflow.engine.engine import audit, load_for_update
from workflow.engine.kinds import OPEN_TASK_STATES
from workflow.engine.lifecycles import CONTROLLER, HEAD
from workflow.engine.permissions import Actor, rule_matches
from workflow.errors import Forbidden, StaleVersion, TransitionNotAllowed, ValidationFailed
from workflow.services.visibility import Visibility, not_found
from workflow.settings import settings_of

# Who dates a task: those who control it and may cancel it — its controller or the issuing organization's head.
DATERS = (CONTROLLER, HEAD)
DATE_EVENT = "deadline_set"  # the history entry (not a lifecycle move: the task keeps its state)


@dataclass(frozen=True)
class SetTaskDate:
    """Give an undated task its deadline: the task, the day, and the version the user saw (optional)."""

    task_id: int
    deadline: date
    expected_version: int | None = None


@dataclass(frozen=True)
class DatedTask:
    """The dated task and, when the day fell on a day off, how the rule moved it."""

    task: Task
    deadline_note: str | None


def _may_date_by_rule(session: Session, actor: Actor, task: Task) -> bool:
    return any(rule_matches(session, rule, task, actor) for rule in DATERS)


def may_set_date(session: Session, actor: Actor, task: Task) -> bool:
    """Whether set_task_date would accept this actor's date for this task now (the card shows the form)."""
    return task.needs_date and task.state in OPEN_TASK_STATES and _may_date_by_rule(session, actor, task)


def _deadline_error(message: str) -> ValidationFailed:
    return ValidationFailed(f"Проверьте поле «Срок»: {message}", {"deadline": [message]})


def set_task_date(db: Database, actor: Actor, command: SetTaskDate, now: datetime | None = None) -> DatedTask:
    """Date an undated open task (and the organizations' tasks under a roll-up), recorded in its history."""
    now = now or clock.now()
    today = clock.local_date(now)
    try:
        with db.transaction() as session:
            task = load_for_update(session, Task, command.task_id)
            if not Visibility(session, actor).can_see(task):
                raise not_found(Task, command.task_id)
            if not _may_date_by_rule(session, actor, task):
                raise Forbidden(
                    "Недостаточно прав: срок поручения устанавливает его контролёр или руководитель организации."
                )
            if command.expected_version is not None and task.version != command.expected_version:
                raise StaleVersion("Поручение изменено другим пользователем. Обновите страницу.")
            if not task.needs_date:
                raise TransitionNotAllowed(
                    "Нельзя установить срок: у поручения срок уже определён; его меняют переносом срока."
                )
            if task.state not in OPEN_TASK_STATES:
                raise TransitionNotAllowed("Нельзя установить срок: поручение уже закрыто.")
            if command.deadline < today:
                raise _deadline_error(f"срок не может быть раньше сегодняшнего дня ({today:%d.%m.%Y}).")
            due, note = adjust_due(command.deadline, calendar_for(session), settings_of(session).deadline_rule)
            for row in (task, *(c for c in task.children if c.needs_date and c.state in OPEN_TASK_STATES)):
                _date(session, actor, row, due, note, now)
            return DatedTask(task, note)
    except StaleDataError as exc:
        raise StaleVersion("Поручение одновременно изменено. Повторите действие.") from exc


def _date(session: Session, actor: Actor, task: Task, due: date, note: str | None, now: datetime) -> None:
    task.deadline = due
    task.needs_date = False
    task.last_activity_at = now
    task.touch(now)
    comment = f"Срок установлен: {due:%d.%m.%Y}" + (f". {note}" if note else "")
    payload = {"deadline": due.isoformat(), **({"deadline_note": note} if note else {})}
    audit(session, task, DATE_EVENT, actor, comment=comment, payload=payload, now=now)
