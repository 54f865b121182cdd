"""fire(): lock, check state, permission, fields and guards, move, run effects, audit — one transaction."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, insert, select, update
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
    if actor.deputy_person_id is not None:
        # Both names: the deputy acted (actor_user_id, the label) for the person the payload names.
        payload = {**(payload or {}), "on_behalf_of": actor.person_id, "deputy_id": actor.deputy_person_id}
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
    flush_changes(session)
    # A Core INSERT: the log row is never read back in this transaction, so the unit of work can skip it.
    # One row as one set of parameters: a list of one would take the executemany path.
    session.connection().execute(LOG_INSERT, {c: getattr(log, c) for c in LOG_COLUMNS})
    return log


_UPDATES: dict[tuple[Any, tuple[str, ...]], tuple[Any, tuple[str, ...], str] | None] = {}


def flush_changes(session: Session) -> None:
    """Write what the transition changed: one versioned UPDATE when only the fired row changed, else a flush.

    Most transitions change a few columns of one row. The unit of work would sort dependencies and walk every
    relationship of the mapper for it; the same UPDATE — every column the ORM saw change, whatever effect
    changed it, under the optimistic version check — is built here from the mapped table instead. Anything
    else pending (new or deleted rows, a second changed row, a changed relationship) goes through flush().
    """
    if session.new or session.deleted:
        session.flush()
        return
    changed = [state for state in session.identity_map.all_states() if state.modified]
    if not changed:
        return
    statement = _single_row_update(changed[0]) if len(changed) == 1 else None
    if statement is None:
        session.flush()
        return
    state, (stmt, keys, version_key) = changed[0], statement
    values = state.dict
    old_version = state.committed_state.get(version_key, values[version_key])
    params = {f"v_{key}": values[key] for key in keys}
    (row_id,) = state.identity or (None,)
    params.update(w_id=row_id, w_version=old_version)
    result = session.connection().execute(stmt, params)
    if result.rowcount != 1:
        raise StaleDataError(f"{state.class_.__name__} {row_id} was changed by another transaction")
    # The row now holds these values: the instance is clean again, as after the unit of work's own UPDATE.
    state._commit_all(values, session.identity_map)


def _single_row_update(state: Any) -> tuple[Any, tuple[str, ...], str] | None:
    """The cached versioned UPDATE of the changed columns of a persistent row; None when flush() is needed."""
    if state.key is None or not state.committed_state:
        return None
    cache_key = (state.mapper, tuple(sorted(state.committed_state)))
    if cache_key not in _UPDATES:
        _UPDATES[cache_key] = _build_update(*cache_key)
    return _UPDATES[cache_key]


def _build_update(mapper: Any, keys: tuple[str, ...]) -> tuple[Any, tuple[str, ...], str] | None:
    version = mapper.version_id_col
    if version is None or len(mapper.tables) != 1:
        return None
    table, columns = mapper.local_table, mapper.columns
    primary = {mapper.get_property_by_column(column).key for column in mapper.primary_key}
    if any(key not in columns or key in primary for key in keys):
        return None  # a relationship or a key changed: the unit of work knows how
    if any(column.onupdate is not None or column.server_onupdate is not None for column in table.columns):
        return None  # a value the database computes would have to be read back
    (pk,) = mapper.primary_key
    stmt = (
        update(table)
        .where(pk == bindparam("w_id"), version == bindparam("w_version"))
        .values({columns[key]: bindparam(f"v_{key}") for key in keys})
    )
    return stmt, keys, mapper.get_property_by_column(version).key


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
    # An event of a given moment (a past history, a job's own time): whatever its effects write is of that moment.
    with clock.written_at(now) if now is not None else nullcontext():
        fired = machine.events[event].trigger(obj, ctx=ctx)
    if not fired:
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
        ctx.actor,  # the deputy in the person's place, when a substitution allowed the act
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
from workflow.engine import substitution_effects as _substitution_effects  # noqa: E402,F401
