"""One class-level transitions.Machine per kind, built from the lifecycle data, shared by all rows.

The machine decides: each transition carries its `when` predicate, the permission check, the field check and
the guards as conditions, in that order, and its effects as `after` callbacks. Rows are never added to a
machine (that would hold them forever and overwrite persisted state): fire() calls
machine.events[name].trigger(row, ctx=Ctx(…)); a condition that refuses records why on the Ctx, so fire()
can tell the person exactly what stopped the move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy.orm import Session
from transitions import EventData, Machine
from transitions import Transition as MachineTransition

from workflow import clock
from workflow.engine.lifecycles import ALL_LIFECYCLES, Lifecycle, Transition
from workflow.engine.permissions import Actor, acting_actor, who_text
from workflow.errors import DomainError, Forbidden, TransitionNotAllowed, ValidationFailed


@dataclass
class Ctx:
    """What a guard or an effect sees: the session, the object, the actor, the fields, the time.

    The machine's conditions fill in `transition` (the one being tried) and `failure` (the first refusal);
    a probe (available_events) asks the permission and the guards only, before any field is filled in.
    """

    session: Session
    obj: Any
    actor: Actor
    transition: Transition | None
    fields: dict[str, Any]
    now: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    raw_fields: dict[str, Any] | None = None
    failure: DomainError | None = None
    probe: bool = False
    # What a `when` predicate computed and the effects reuse (a dispatch's plan), never logged.
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def today(self) -> date:
        """The office's calendar day of this transition."""
        return clock.local_date(self.now)

    def fire(self, obj: Any, event: str, **fields: Any) -> Any:
        """Fire a follow-up event as the system, in the same transaction."""
        # engine.py imports this module; the follow-up goes through its fire() like any other event.
        from workflow.engine.engine import fire

        return fire(self.session, obj, event, Actor.system_actor(), now=self.now, **fields)


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


def not_allowed(transition: Transition, reason: str) -> TransitionNotAllowed:
    """«Нельзя утвердить …: reason»."""
    return TransitionNotAllowed(f"Нельзя {transition.label[0].lower()}{transition.label[1:]}: {reason}")


def forbidden(transition: Transition) -> Forbidden:
    """The refusal of an actor who may not fire this transition."""
    return Forbidden(
        transition.denied or f"Недостаточно прав: «{transition.label}» может выполнить {who_text(transition)}."
    )


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


# Conditions and callbacks: each reads the transition being tried (its lifecycle data) and the call's Ctx.


def _ctx(event_data: EventData) -> Ctx:
    ctx: Ctx = event_data.kwargs["ctx"]
    return ctx


def _spec(event_data: EventData) -> Transition:
    spec: Transition = event_data.transition.spec  # type: ignore[union-attr]
    return spec


def _refuse(ctx: Ctx, error: DomainError) -> bool:
    if ctx.failure is None:
        ctx.failure = error
    return False


def _event_fields(event_data: EventData) -> dict[str, Any]:
    ctx = event_data.kwargs.get("ctx")
    if ctx is None:
        fields: dict[str, Any] = event_data.kwargs.get("fields", {})
        return fields
    return ctx.raw_fields if ctx.raw_fields is not None else ctx.fields


def _decision_is_reject(event_data: EventData) -> bool:
    return _event_fields(event_data).get("decision") == "reject"


def _decision_is_not_reject(event_data: EventData) -> bool:
    return not _decision_is_reject(event_data)


# Predicates that pick one transition among several of the same event; named in lifecycles.py.
WHEN: dict[str, Callable[[EventData], bool]] = {
    "decision_is_reject": _decision_is_reject,
    "decision_is_not_reject": _decision_is_not_reject,
}


def when_holds(name: str | None, fields: dict[str, Any], obj: Any = None) -> bool:
    """Whether a transition's `when` predicate holds for these event fields (and this object)."""
    if name is None:
        return True
    fake = EventData(None, None, None, obj, args=(), kwargs={"fields": fields})  # type: ignore[arg-type]
    return WHEN[name](fake)


@dataclass(frozen=True)
class _When:
    name: str

    def __call__(self, event_data: EventData) -> bool:
        # A probe has no fields yet: every transition of the event is a candidate.
        ctx = event_data.kwargs.get("ctx")
        return (ctx is not None and ctx.probe) or WHEN[self.name](event_data)


def out_of_turn(transition: Transition, obj: Any, actor: Actor) -> TransitionNotAllowed | None:
    """A visa by an approver whose visa is already recorded: a conflict with the object's state (409), not a lack
    of rights — the loser of two visas at once, whose turn the winner's visa has just moved on."""
    if actor.person_id is None or not any(rule.relation == "current_approver" for rule in transition.who):
        return None
    mine = [visa for visa in getattr(obj, "visas", ()) if visa.approver_id == actor.person_id]
    if not mine or any(visa.decision is None for visa in mine):
        return None  # not on the route, or their turn is still to come: a matter of rights (403)
    return not_allowed(transition, "ваша виза уже учтена, очередь перешла к следующему согласующему")


def _permitted(event_data: EventData) -> bool:
    ctx, spec = _ctx(event_data), _spec(event_data)
    acting = acting_actor(ctx.session, spec, ctx.obj, ctx.actor, ctx.today)
    if acting is not None:
        # A deputy acts in the person's place: the effects and the history see both of them.
        ctx.actor = acting
        return True
    return _refuse(ctx, out_of_turn(spec, ctx.obj, ctx.actor) or forbidden(spec))


def _fields_valid(event_data: EventData) -> bool:
    ctx, spec = _ctx(event_data), _spec(event_data)
    ctx.transition = spec
    if not ctx.probe:
        if ctx.raw_fields is None:
            ctx.raw_fields = ctx.fields
        ctx.fields = validate_fields(spec, dict(ctx.raw_fields))
    return True


@dataclass(frozen=True)
class _Guard:
    name: str

    def __call__(self, event_data: EventData) -> bool:
        ctx = _ctx(event_data)
        reason = GUARDS[self.name](ctx)
        if reason:
            return _refuse(ctx, not_allowed(_spec(event_data), reason))
        return True


def _touch(event_data: EventData) -> None:
    ctx = _ctx(event_data)
    ctx.obj.touch(ctx.now)


@dataclass(frozen=True)
class _Effect:
    name: str

    def __call__(self, event_data: EventData) -> None:
        EFFECTS[self.name](_ctx(event_data))


class SpecTransition(MachineTransition):
    """A machine transition that knows the lifecycle data it was built from."""

    def __init__(self, *args: Any, spec: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec


class KindMachine(Machine):
    """The machine of one kind: its transitions carry their lifecycle data."""

    transition_cls = SpecTransition


def _conditions(t: Transition) -> list[Any]:
    first: list[Any] = [_When(t.when)] if t.when else []
    return [*first, _permitted, _fields_valid, *(_Guard(name) for name in t.guards)]


def build_machine(lifecycle: Lifecycle) -> KindMachine:
    """The machine of one lifecycle."""
    machine = KindMachine(
        model=None,
        states=list(lifecycle.states),
        initial=lifecycle.initial,
        auto_transitions=False,
        send_event=True,
        ignore_invalid_triggers=True,
        model_attribute=lifecycle.state_attribute,
    )
    for t in lifecycle.transitions:
        machine.add_transition(
            t.event,
            list(t.sources),
            t.dest,
            conditions=_conditions(t),
            before=[_touch],
            after=[_Effect(name) for name in t.effects],
            spec=t,
        )
    return machine


MACHINES: dict[str, KindMachine] = {kind: build_machine(lc) for kind, lc in ALL_LIFECYCLES.items()}


def candidates(obj: Any, lifecycle: Lifecycle, event: str) -> list[SpecTransition]:
    """The machine's transitions of an event from the object's current state, in declaration order."""
    state = getattr(obj, lifecycle.state_attribute)
    return cast(list[SpecTransition], MACHINES[lifecycle.kind].events[event].transitions.get(state, []))


def probe(ctx: Ctx, transitions: list[SpecTransition], event: str) -> bool:
    """Whether the permission and the guards of any of these transitions let the actor through now."""
    machine = MACHINES[lifecycle_kind(ctx.obj)]
    for t in transitions:
        state = machine.get_model_state(ctx.obj)
        event_data = EventData(state, machine.events[event], machine, ctx.obj, (), {"ctx": ctx})
        event_data.transition = t
        if all(condition.check(event_data) for condition in t.conditions):
            return True
    return False


def lifecycle_kind(obj: Any) -> str:
    """The kind name of a managed row."""
    kind: str = obj.lifecycle_kind
    return kind


def diagram(lifecycle: Lifecycle) -> str:
    """The Mermaid state diagram of one lifecycle, drawn by transitions' own GraphMachine."""
    # Imported here: the diagram extension is needed by the admin page and the CLI only, not per transition.
    from transitions.core import State
    from transitions.extensions.diagrams import GraphMachine

    class LabelledState(State):
        """A state that shows its Russian name."""

        def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.label = label or self.name

    class LabelledMachine(GraphMachine):
        state_cls = LabelledState

    graph = LabelledMachine(
        model=SimpleNamespace(),
        states=[
            {"name": name, "label": label, "final": name in lifecycle.final} for name, label in lifecycle.states.items()
        ],
        transitions=[{"trigger": t.event, "source": list(t.sources), "dest": t.dest} for t in lifecycle.transitions],
        initial=lifecycle.initial,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=False,
        show_state_attributes=False,
        title=lifecycle.label,
    )
    drawn = str(graph.get_combined_graph().draw(None)).rstrip()
    # The flat Mermaid writer of transitions 0.9.3 marks no final state; the diagram ends with them.
    return "\n".join([drawn, *(f"  {state} --> [*]" for state in lifecycle.final)])
