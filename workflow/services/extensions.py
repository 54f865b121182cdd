"""Deadline extensions (перенос срока): the executor asks, the controller or the head decides.

An extension request is a lifecycle of the engine (kind "extension-requests": pending → granted | denied).
Its creation and decisions are entries of the task's history (the task keeps its state): the engine's one
audit writer files them under the task. This module is the one place that says who may ask and who may decide.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import ExtensionRequest, Task
from models.db import Database
from workflow import clock
from workflow.engine.effects import notify_extension_requested
from workflow.engine.engine import fire, load_for_update, record
from workflow.engine.kinds import KINDS, OPEN_TASK_STATES
from workflow.engine.permissions import RELATIONS, Actor, may_fire
from workflow.errors import Duplicate, Forbidden, StaleVersion, TransitionNotAllowed, ValidationFailed, field_error
from workflow.services.visibility import Visibility, not_found

_LIFECYCLE = KINDS["extension-requests"].lifecycle
DECISIONS = {"grant": "granted", "deny": "denied"}  # the events of the lifecycle and where they lead


def _may_ask(session: Session, actor: Actor, task: Task) -> bool:
    # Who may ask: the task's responsible executor (the state and date checks come with their own reasons).
    return RELATIONS["responsible"](session, task, actor)


def may_request(session: Session, actor: Actor, task: Task) -> bool:
    """Whether request_extension would accept this actor's request on this task now (the card shows the form)."""
    if task.state not in OPEN_TASK_STATES or task.is_rollup or task.deadline is None:
        return False
    if not _may_ask(session, actor, task):
        return False
    pending = select(ExtensionRequest.id).where(
        ExtensionRequest.task_id == task.id, ExtensionRequest.status == "pending"
    )
    return session.scalar(pending) is None


def may_decide(session: Session, actor: Actor, request: ExtensionRequest) -> bool:
    """Whether the actor may grant or deny this pending request (the rule of the extension lifecycle)."""
    return request.status == "pending" and may_fire(session, _LIFECYCLE.transitions_for("grant")[0], request, actor)


def _visible_task(session: Session, actor: Actor, task_id: int) -> Task:
    task = load_for_update(session, Task, task_id)
    if not Visibility(session, actor).can_see(task):
        raise not_found(Task, task_id)
    return task


def request_extension(
    db: Database, actor: Actor, task_id: int, new_deadline: date, reason: str, now: datetime | None = None
) -> ExtensionRequest:
    """The responsible executor asks to move an open task's deadline to a later day."""
    now = now or clock.now()
    today = clock.local_date(now)
    with db.transaction() as session:
        task = _visible_task(session, actor, task_id)
        if not _may_ask(session, actor, task):
            raise Forbidden("Недостаточно прав: перенос срока просит ответственный исполнитель.")
        if task.state not in OPEN_TASK_STATES:
            raise TransitionNotAllowed("Нельзя просить перенос срока: поручение уже закрыто.")
        if task.is_rollup:
            raise TransitionNotAllowed("Нельзя просить перенос срока сводного поручения: его просят организации.")
        if task.deadline is None:
            raise TransitionNotAllowed("Нельзя просить перенос срока: срок поручения ещё не определён.")
        if new_deadline <= today:
            raise field_error("new_deadline", "Новый срок должен быть позже сегодняшнего дня.")
        if new_deadline <= task.deadline:
            raise field_error("new_deadline", f"Новый срок должен быть позже текущего ({task.deadline:%d.%m.%Y}).")
        pending = session.scalar(
            select(ExtensionRequest.id).where(ExtensionRequest.task_id == task.id, ExtensionRequest.status == "pending")
        )
        if pending is not None:
            raise Duplicate(f"Запрос на перенос срока уже ждёт решения (№ {pending}).")
        request = ExtensionRequest(
            task_id=task.id,
            requested_by_id=actor.user_id,
            old_deadline=task.deadline,
            new_deadline=new_deadline,
            reason=reason.strip(),
            status="pending",
            created_at=now,
        )
        session.add(request)
        session.flush()
        record(
            session,
            request,
            "request",
            actor,
            now,
            from_state=request.status,
            to_state=request.status,
            comment=request.reason,
            payload={"extension_request_id": request.id, "new_deadline": new_deadline.isoformat()},
        )
        notify_extension_requested(session, request, actor)
        return request


def decide_extension(
    db: Database,
    actor: Actor,
    request_id: int,
    decision: str,
    comment: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
    new_deadline: date | None = None,
) -> ExtensionRequest:
    """Grant (the task's deadline moves, the original one is kept) or deny, in one transaction, logged.

    new_deadline grants another day than the one asked (the engine's move_deadline checks and moves it).
    """
    now = now or clock.now()
    try:
        with db.transaction() as session:
            stmt = select(ExtensionRequest).where(ExtensionRequest.id == request_id)
            request = session.scalar(stmt.with_for_update() if db.locks_rows else stmt)
            if request is None:
                raise not_found(ExtensionRequest, request_id)
            task = load_for_update(session, Task, request.task_id)
            if not Visibility(session, actor).can_see(task):
                raise not_found(ExtensionRequest, request_id)
            if not may_fire(session, _LIFECYCLE.transitions_for("grant")[0], request, actor):
                raise Forbidden(_LIFECYCLE.transitions_for("grant")[0].denied)
            if expected_version is not None and request.version != expected_version:
                raise StaleVersion("Запрос изменён другим пользователем. Обновите страницу.")
            if decision not in DECISIONS:
                raise field_error("decision", f"Допустимые значения: {', '.join(DECISIONS)}.")
            if new_deadline is not None and decision != "grant":
                message = "другой срок указывают только при согласовании переноса."
                raise ValidationFailed(f"Проверьте поле «Новый срок»: {message}", {"new_deadline": [message]})
            granted: dict[str, Any] = {"new_deadline": new_deadline.isoformat()} if new_deadline else {}
            fire(session, request, decision, actor, now=now, comment=comment, **granted)
            return request
    except StaleDataError as exc:
        raise StaleVersion("Запрос или поручение одновременно изменены. Повторите действие.") from exc
