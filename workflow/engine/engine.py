"""fire(): lock, check state, permission, fields and guards, move, run effects, audit — one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Managed, TransitionLog
from models.db import Database
from workflow import clock
from workflow.engine.kinds import KINDS
from workflow.engine.lifecycles import ALL_LIFECYCLES, Lifecycle, Transition
from workflow.engine.machines import (
    EFFECTS,
    GUARDS,
    MACHINES,
    Ctx,
    Effect,
    Guard,
    candidates,
    effect,
    guard,
    not_allowed,
    probe,
    validate_fields,
    when_holds,
)
from workflow.engine.permissions import Actor, who_text
from workflow.errors import Forbidden, NotFound, StaleVersion, TransitionNotAllowed, ValidationFailed

# The generic kinds by name, and their nouns, from the kinds' registry.
MODELS: dict[str, type[Managed]] = {name: k.model for name, k in KINDS.items() if name != "extension-requests"}
OBJECT_LABELS: dict[str, str] = {name: k.noun for name, k in KINDS.items()}
M = TypeVar("M", bound=Managed)

LOG_COLUMNS = (
    "object_kind",
    "object_id",
    "event",
    "from_state",
    "to_state",
    "actor_user_id",
    "actor_label",
    "at",
    "comment",
    "payload",
)
# Built once: the statement's cache key is computed once, not per transition.
LOG_INSERT = insert(TransitionLog.__table__)  # type: ignore[arg-type]

__all__ = [
    "EFFECTS",
    "GUARDS",
    "MODELS",
    "OBJECT_LABELS",
    "Ctx",
    "Effect",
    "EventOption",
    "Guard",
    "audit",
    "available_events",
    "effect",
    "fire",
    "guard",
    "history",
    "lifecycle_of",
    "load_for_update",
    "record",
    "select_transition",
    "state_label",
    "transition",
    "validate_fields",
    "when_holds",
]


def lifecycle_of(obj: Any) -> Lifecycle:
    """The lifecycle of a managed row."""
    return ALL_LIFECYCLES[obj.lifecycle_kind]


def state_of(obj: Any) -> str:
    """The stored state of a managed row, whatever its column is called."""
    state: str = getattr(obj, lifecycle_of(obj).state_attribute)
    return state


def state_label(obj: Any) -> str:
    """The Russian name of the object's state."""
    state = state_of(obj)
    return lifecycle_of(obj).states.get(state, state)


def _unknown_event(lifecycle: Lifecycle, event: str) -> ValidationFailed:
    known = ", ".join(lifecycle.events)
    return ValidationFailed(
        f"Неизвестное событие «{event}». Допустимые события: {known}.",
        {"event": [f"Допустимые значения: {known}."]},
    )


def _wrong_state(lifecycle: Lifecycle, obj: Any, event: str) -> TransitionNotAllowed:
    first = lifecycle.transitions_for(event)[0]
    if first.refused_in:
        return TransitionNotAllowed(first.refused_in)
    return not_allowed(first, f"{lifecycle.noun} в состоянии «{state_label(obj)}»")


def select_transition(obj: Any, event: str, fields: dict[str, Any]) -> Transition:
    """The transition this event would take from the object's state by its fields, or why there is none."""
    lifecycle = lifecycle_of(obj)
    if event not in lifecycle.events:
        raise _unknown_event(lifecycle, event)
    from_state = [t.spec for t in candidates(obj, lifecycle, event)]
    if not from_state:
        raise _wrong_state(lifecycle, obj, event)
    chosen = next((t for t in from_state if when_holds(t.when, fields, obj)), None)
    if chosen is None:
        raise not_allowed(from_state[0], "условия перехода не выполнены")
    return chosen


def record(
    session: Session,
    obj: Any,
    event: str,
    actor: Actor,
    now: datetime,
    *,
    from_state: str,
    to_state: str,
    comment: str = "",
    payload: dict[str, Any] | None = None,
) -> TransitionLog:
    """The one audit writer: a row of the transition log, in the history of the object it belongs to."""
    lifecycle = lifecycle_of(obj)
    subject = obj
    if lifecycle.audit_on is not None:
        # Its moves are entries of its owner's history; the owner's state does not change.
        subject = getattr(obj, lifecycle.audit_on)
        from_state = to_state = state_of(subject)
    log = TransitionLog(
        object_kind=subject.lifecycle_kind,
        object_id=subject.id,
        event=lifecycle.logged_events.get(event, event),
        from_state=from_state,
        to_state=to_state,
        actor_user_id=actor.user_id,
        actor_label=actor.label,
        at=now,
        comment=comment,
        payload=payload or {},
    )
    session.flush()
    # A Core INSERT: the log row is never read back in this transaction, so the unit of work can skip it.
    session.connection().execute(LOG_INSERT, [{c: getattr(log, c) for c in LOG_COLUMNS}])
    return log


def audit(
    session: Session,
    obj: Any,
    event: str,
    actor: Actor,
    *,
    comment: str = "",
    payload: dict[str, Any] | None = None,
    from_state: str | None = None,
    now: datetime | None = None,
) -> TransitionLog:
    """An entry of an object's history that moves no state (created, edited, asked): through the one writer."""
    state = state_of(obj)
    return record(
        session,
        obj,
        event,
        actor,
        now or clock.now(),
        from_state=state if from_state is None else from_state,
        to_state=state,
        comment=comment,
        payload=payload,
    )


def fire(
    session: Session,
    obj: Any,
    event: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> TransitionLog:
    """Fire an event on a row inside the caller's transaction; on any error the caller rolls back.

    The sequence: version check; the machine picks the transition whose source state and `when` hold, then
    checks the permission, the fields and the guards (in that order) and runs the effects; the audit row.
    """
    if expected_version is not None and obj.version != expected_version:
        raise StaleVersion(
            f"Объект изменён другим пользователем (версия {obj.version}, у вас {expected_version}). "
            "Обновите страницу и повторите действие."
        )
    lifecycle = lifecycle_of(obj)
    machine = MACHINES[lifecycle.kind]
    if event not in machine.events:
        raise _unknown_event(lifecycle, event)
    ctx = Ctx(session, obj, actor, None, fields, now or clock.now())
    from_state = state_of(obj)
    if not machine.events[event].trigger(obj, ctx=ctx):
        if ctx.failure is not None:
            raise ctx.failure
        if not candidates(obj, lifecycle, event):
            raise _wrong_state(lifecycle, obj, event)
        raise not_allowed(candidates(obj, lifecycle, event)[0].spec, "условия перехода не выполнены")
    fields = ctx.fields
    payload = {k: v for k, v in fields.items() if k != "comment"}
    payload.update(ctx.payload)
    return record(
        session,
        obj,
        event,
        actor,
        ctx.now,
        from_state=from_state,
        to_state=state_of(obj),
        comment=fields.get("comment") or fields.get("reason") or "",
        payload=payload,
    )


_LOAD: dict[tuple[type[Any], bool], Any] = {}


def load_for_update(session: Session, model: type[M], obj_id: int) -> M:
    """Load a row for a write: locked on PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes writers."""
    db: Database | None = session.info.get("db")
    locking = db is not None and db.locks_rows
    stmt = _LOAD.get((model, locking))
    if stmt is None:
        stmt = select(model).where(model.id == bindparam("obj_id")).execution_options(  # type: ignore[attr-defined]
            populate_existing=True
        )
        _LOAD[(model, locking)] = stmt = stmt.with_for_update() if locking else stmt
    obj = session.scalar(stmt, {"obj_id": obj_id})
    if obj is None:
        raise NotFound(KINDS[model.lifecycle_kind].not_found(obj_id))
    return obj


def transition(
    db: Database,
    kind: str,
    obj_id: int,
    event: str,
    actor: Actor,
    *,
    expected_version: int | None = None,
    now: datetime | None = None,
    visible: Callable[[Session, Any], bool] | None = None,
    **fields: Any,
) -> TransitionLog:
    """One use case: lock the object, fire the event, commit; nothing changes if anything fails."""
    if kind not in MODELS:
        raise NotFound(f"Нет объектов вида «{kind}».")
    try:
        with db.transaction() as session:
            obj = load_for_update(session, MODELS[kind], obj_id)
            if visible is not None and not visible(session, obj):
                raise NotFound(KINDS[kind].not_found(obj_id))
            return fire(session, obj, event, actor, expected_version=expected_version, now=now, **fields)
    except StaleDataError as exc:
        raise StaleVersion("Объект одновременно изменён другим пользователем. Повторите действие.") from exc


@dataclass(frozen=True)
class EventOption:
    """An event as a user sees it now: allowed or not, and why not."""

    event: str
    label: str
    allowed: bool
    reason: str | None
    fields: tuple[Any, ...]
    confirm: bool


def available_events(session: Session, obj: Any, actor: Actor) -> list[EventOption]:
    """Every event of the object's lifecycle: which this actor may fire now, with reasons for the rest.

    The machine's own transitions and conditions answer, as a probe: permission and guards, no fields yet.
    """
    lifecycle = lifecycle_of(obj)
    options: list[EventOption] = []
    for event in lifecycle.events:
        found = candidates(obj, lifecycle, event)
        first = found[0].spec if found else lifecycle.transitions_for(event)[0]
        reason: str | None = None
        if not found:
            reason = f"Недоступно в состоянии «{state_label(obj)}»."
        else:
            ctx = Ctx(session, obj, actor, None, {}, clock.now(), probe=True)
            try:
                if not probe(ctx, found, event):
                    failure = ctx.failure
                    reason = f"Может выполнить {who_text(first)}." if isinstance(failure, Forbidden) else None
                    if first.denied and isinstance(failure, Forbidden):
                        reason = first.denied  # nobody but the system fires it: no «may fire» to name
                    if reason is None and failure is not None:
                        reason = failure.message
            except TransitionNotAllowed as exc:
                reason = exc.message
            except ValidationFailed:
                reason = None  # depends on the fields the user is about to fill in
        options.append(EventOption(event, first.label, reason is None, reason, first.fields, first.confirm))
    return options


def history(session: Session, obj: Any) -> list[TransitionLog]:
    """The recorded transitions of an object, oldest first."""
    stmt = (
        select(TransitionLog)
        .where(TransitionLog.object_kind == obj.lifecycle_kind, TransitionLog.object_id == obj.id)
        .order_by(TransitionLog.id)
    )
    return list(session.scalars(stmt))


# The guards and effects register themselves by name; importing them here completes the engine.
from workflow.engine import effects as _effects  # noqa: E402,F401
from workflow.engine import guards as _guards  # noqa: E402,F401
