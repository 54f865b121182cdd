"""fire(): lock, check state, permission, fields and guards, move, run effects, audit — one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from models import Managed, Order, ReportingCycle, ReportingPeriod, Roadmap, Task, TransitionLog, WorkingGroup
from models.db import Database
from workflow import clock
from workflow.engine.lifecycles import LIFECYCLES, Lifecycle, Transition
from workflow.engine.machines import MACHINES, when_holds
from workflow.engine.permissions import Actor, may_fire, who_text
from workflow.errors import Forbidden, NotFound, StaleVersion, TransitionNotAllowed, ValidationFailed

MODELS: dict[str, type[Managed]] = {
    "orders": Order,
    "tasks": Task,
    "roadmaps": Roadmap,
    "working-groups": WorkingGroup,
    "reporting-cycles": ReportingCycle,
    "reporting-periods": ReportingPeriod,
}
OBJECT_LABELS = {
    "orders": "приказ",
    "tasks": "поручение",
    "roadmaps": "дорожная карта",
    "working-groups": "рабочая группа",
    "reporting-cycles": "отчётность",
    "reporting-periods": "отчётный период",
}
# Event fields kept in the audit payload besides the comment (long report texts included: nothing lost).
M = TypeVar("M", bound=Managed)


@dataclass
class Ctx:
    """What a guard or an effect sees: the session, the object, the actor, the fields, the time."""

    session: Session
    obj: Any
    actor: Actor
    transition: Transition
    fields: dict[str, Any]
    now: datetime
    payload: dict[str, Any] = field(default_factory=dict)

    @property
    def today(self) -> date:
        """The office's calendar day of this transition."""
        return clock.local_date(self.now)

    def fire(self, obj: Any, event: str, **fields: Any) -> TransitionLog:
        """Fire a follow-up event as the system, in the same transaction."""
        return fire(self.session, obj, event, Actor.system_actor(), now=self.now, **fields)


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
LOG_INSERT = insert(TransitionLog.__table__)
Guard = Callable[[Ctx], str | None]
Effect = Callable[[Ctx], None]
GUARDS: dict[str, Guard] = {}
EFFECTS: dict[str, Effect] = {}


def guard(name: str) -> Callable[[Guard], Guard]:
    """Register a guard under the name the lifecycle data uses."""

    def register(fn: Guard) -> Guard:
        GUARDS[name] = fn
        return fn

    return register


def effect(name: str) -> Callable[[Effect], Effect]:
    """Register an effect under the name the lifecycle data uses."""

    def register(fn: Effect) -> Effect:
        EFFECTS[name] = fn
        return fn

    return register


def lifecycle_of(obj: Any) -> Lifecycle:
    """The lifecycle of a managed row."""
    return LIFECYCLES[obj.lifecycle_kind]


def state_label(obj: Any) -> str:
    """The Russian name of the object's state."""
    return lifecycle_of(obj).states.get(obj.state, obj.state)


def _not_allowed(transition: Transition, reason: str) -> TransitionNotAllowed:
    return TransitionNotAllowed(f"Нельзя {transition.label[0].lower()}{transition.label[1:]}: {reason}")


def select_transition(obj: Any, event: str, fields: dict[str, Any]) -> Transition:
    """The transition this event takes from the object's state, or a reason why there is none."""
    lifecycle = lifecycle_of(obj)
    candidates = lifecycle.transitions_for(event)
    if not candidates:
        known = ", ".join(lifecycle.events)
        raise ValidationFailed(
            f"Неизвестное событие «{event}». Допустимые события: {known}.",
            {"event": [f"Допустимые значения: {known}."]},
        )
    from_state = [t for t in candidates if obj.state in t.sources]
    if not from_state:
        noun = OBJECT_LABELS[lifecycle.kind]
        raise _not_allowed(candidates[0], f"{noun} в состоянии «{state_label(obj)}»")
    chosen = next((t for t in from_state if when_holds(t.when, fields)), None)
    if chosen is None:
        raise _not_allowed(from_state[0], "условия перехода не выполнены")
    return chosen


def validate_fields(transition: Transition, fields: dict[str, Any]) -> dict[str, Any]:
    """The event's fields, checked: required ones present, choices respected, unknown ones refused."""
    known = {f.name: f for f in transition.fields}
    errors: dict[str, list[str]] = {}
    for name in fields:
        if name not in known:
            errors.setdefault(name, []).append("Это поле не относится к событию.")
    for spec in transition.fields:
        value = fields.get(spec.name)
        if isinstance(value, str):
            value = value.strip()
            fields[spec.name] = value
        if spec.required and value in (None, "", [], {}):
            errors.setdefault(spec.name, []).append(f"Заполните поле «{spec.label}».")
        elif spec.choices and value is not None and value not in spec.choices:
            errors.setdefault(spec.name, []).append(f"Допустимые значения: {', '.join(spec.choices)}.")
    if errors:
        raise ValidationFailed("Проверьте поля события.", errors)
    return fields


def check_guards(ctx: Ctx) -> None:
    """Run the transition's guards; the first that objects stops it with its reason."""
    for name in ctx.transition.guards:
        reason = GUARDS[name](ctx)
        if reason:
            raise _not_allowed(ctx.transition, reason)


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
    """Fire an event on a row inside the caller's transaction; on any error the caller rolls back."""
    if expected_version is not None and obj.version != expected_version:
        raise StaleVersion(
            f"Объект изменён другим пользователем (версия {obj.version}, у вас {expected_version}). "
            "Обновите страницу и повторите действие."
        )
    transition = select_transition(obj, event, fields)
    if not may_fire(session, transition, obj, actor):
        raise Forbidden(f"Недостаточно прав: «{transition.label}» может выполнить {who_text(transition)}.")
    fields = validate_fields(transition, dict(fields))
    ctx = Ctx(session, obj, actor, transition, fields, now or clock.now())
    check_guards(ctx)
    from_state = obj.state
    obj.touch(ctx.now)
    machine = MACHINES[obj.lifecycle_kind]
    if not machine.events[event].trigger(obj, fields=fields) or obj.state != transition.dest:
        raise _not_allowed(transition, "переход не выполнен")
    for name in transition.effects:
        EFFECTS[name](ctx)
    payload = {k: v for k, v in fields.items() if k != "comment"}
    payload.update(ctx.payload)
    log = TransitionLog(
        object_kind=obj.lifecycle_kind,
        object_id=obj.id,
        event=event,
        from_state=from_state,
        to_state=obj.state,
        actor_user_id=actor.user_id,
        actor_label=actor.label,
        at=ctx.now,
        comment=fields.get("comment") or fields.get("reason") or "",
        payload=payload,
    )
    session.flush()
    # A Core INSERT: the log row is never read back in this transaction, so the unit of work can skip it.
    session.connection().execute(LOG_INSERT, [{c: getattr(log, c) for c in LOG_COLUMNS}])
    return log


_LOAD: dict[tuple[type[Any], bool], Any] = {}


def load_for_update(session: Session, model: type[M], obj_id: int) -> M:
    """Load a row for a write: locked on PostgreSQL; SQLite's BEGIN IMMEDIATE already serializes writers."""
    db: Database | None = session.info.get("db")
    locking = db is not None and db.locks_rows
    stmt = _LOAD.get((model, locking))
    if stmt is None:
        stmt = select(model).where(model.id == bindparam("obj_id")).execution_options(populate_existing=True)
        _LOAD[(model, locking)] = stmt = stmt.with_for_update() if locking else stmt
    obj = session.scalar(stmt, {"obj_id": obj_id})
    if obj is None:
        raise NotFound(f"{OBJECT_LABELS.get(model.lifecycle_kind, 'объект').capitalize()} № {obj_id} не найден(а).")
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
                raise NotFound(f"{OBJECT_LABELS[kind].capitalize()} № {obj_id} не найден(а).")
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
    """Every event of the object's lifecycle: which this actor may fire now, with reasons for the rest."""
    lifecycle = lifecycle_of(obj)
    options: list[EventOption] = []
    for event in lifecycle.events:
        candidates = [t for t in lifecycle.transitions_for(event) if obj.state in t.sources]
        first = candidates[0] if candidates else lifecycle.transitions_for(event)[0]
        reason: str | None = None
        if not candidates:
            reason = f"Недоступно в состоянии «{state_label(obj)}»."
        elif not any(may_fire(session, t, obj, actor) for t in candidates):
            reason = f"Может выполнить {who_text(first)}."
        else:
            permitted = next(t for t in candidates if may_fire(session, t, obj, actor))
            try:
                check_guards(Ctx(session, obj, actor, permitted, {}, clock.now()))
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
