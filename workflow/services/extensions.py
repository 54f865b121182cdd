"""Deadline extensions (перенос срока): the executor asks, the controller or the head decides.

Requests and decisions are not lifecycle events (the task keeps its state), but they are part of the
task's history: each is a row of the transition log with from_state = to_state.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import ExtensionRequest, Task, TransitionLog
from models.db import Database
from models.tasks import OPEN_TASK_STATES
from workflow import clock
from workflow.engine.engine import load_for_update
from workflow.engine.permissions import RELATIONS, Actor, heads_org
from workflow.errors import Duplicate, Forbidden, StaleVersion, TransitionNotAllowed, field_error
from workflow.services.visibility import Visibility, not_found

DECISIONS = {"grant": ("granted", "extension_granted"), "deny": ("denied", "extension_denied")}


def _log(session: Session, task: Task, event: str, actor: Actor, now: datetime, comment: str, **payload: Any) -> None:
    session.execute(
        insert(TransitionLog),
        [
            {
                "object_kind": "tasks",
                "object_id": task.id,
                "event": event,
                "from_state": task.state,
                "to_state": task.state,
                "actor_user_id": actor.user_id,
                "actor_label": actor.label,
                "at": now,
                "comment": comment,
                "payload": payload,
            }
        ],
    )


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
        if not RELATIONS["responsible"](session, task, actor):
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
        _log(
            session,
            task,
            "extension_requested",
            actor,
            now,
            request.reason,
            extension_request_id=request.id,
            new_deadline=new_deadline.isoformat(),
        )
        return request


def _may_decide(session: Session, task: Task, request: ExtensionRequest, actor: Actor) -> bool:
    """The head of the issuing organization always; the controller unless the controller asked."""
    head = actor.person_id is not None and (
        heads_org(session, task.organization_id, actor.person_id)
        or (actor.has("head") and task.organization_id in actor.org_scope(session))
    )
    controller = actor.person_id is not None and task.controller_id == actor.person_id
    return head or (controller and request.requested_by_id != actor.user_id)


def decide_extension(
    db: Database,
    actor: Actor,
    request_id: int,
    decision: str,
    comment: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ExtensionRequest:
    """Grant (the task's deadline moves, the original one is kept) or deny, in one transaction, logged."""
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
            if not _may_decide(session, task, request, actor):
                raise Forbidden(
                    "Недостаточно прав: решение о переносе срока принимает контролёр "
                    "или руководитель организации (если просил сам контролёр — руководитель)."
                )
            if expected_version is not None and request.version != expected_version:
                raise StaleVersion("Запрос изменён другим пользователем. Обновите страницу.")
            if request.status != "pending":
                raise TransitionNotAllowed("Решение по этому запросу уже принято.")
            if task.state not in OPEN_TASK_STATES:
                raise TransitionNotAllowed("Поручение уже закрыто: перенос срока не нужен.")
            status, event = DECISIONS[decision]
            request.status = status
            request.decided_by_id = actor.user_id
            request.decided_at = now
            request.decision_comment = comment.strip()
            payload: dict[str, Any] = {
                "extension_request_id": request.id,
                "new_deadline": request.new_deadline.isoformat(),
            }
            if status == "granted":
                payload["old_deadline"] = task.deadline.isoformat() if task.deadline else None
                task.original_deadline = task.original_deadline or task.deadline
                task.deadline = request.new_deadline
                task.last_activity_at = now
                task.touch(now)
            session.flush()
            _log(session, task, event, actor, now, request.decision_comment, **payload)
            return request
    except StaleDataError as exc:
        raise StaleVersion("Запрос или поручение одновременно изменены. Повторите действие.") from exc


def may_request(session: Session, actor: Actor, task: Task) -> bool:
    """Whether request_extension would accept this actor's request on this task now (the card shows the form)."""
    if task.state not in OPEN_TASK_STATES or task.is_rollup or task.deadline is None:
        return False
    if not RELATIONS["responsible"](session, task, actor):
        return False
    pending = select(ExtensionRequest.id).where(
        ExtensionRequest.task_id == task.id, ExtensionRequest.status == "pending"
    )
    return session.scalar(pending) is None


def may_decide(session: Session, actor: Actor, request: ExtensionRequest) -> bool:
    """Whether decide_extension would accept this actor's decision on this pending request (the card shows it)."""
    task = session.get(Task, request.task_id)
    return request.status == "pending" and task is not None and _may_decide(session, task, request, actor)
