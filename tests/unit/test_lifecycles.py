"""The state × event tables of every kind, generated from the lifecycle data; no database."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest

from models import Order, OrderPoint, PointExecutor, Task, Visa
from workflow.engine import machines
from workflow.engine.engine import select_transition, validate_fields
from workflow.engine.guards import order_problem
from workflow.engine.lifecycles import LIFECYCLES
from workflow.engine.machines import EFFECTS, GUARDS, MACHINES, Ctx, diagram
from workflow.engine.permissions import Actor, may_fire
from workflow.errors import TransitionNotAllowed, ValidationFailed

# The contract of API.md: exactly these states and events per kind.
API_TABLE = {
    "orders": (
        {"draft", "on_approval", "approved", "dispatching", "executing", "reported", "closed", "cancelled", "revoked"},
        {"submit", "visa", "return", "approve", "dispatch", "dispatched", "report", "close", "cancel", "revoke"},
    ),
    "tasks": (
        {"assigned", "in_progress", "on_review", "done", "cancelled"},
        {"start", "report", "accept", "return", "cancel"},
    ),
    "roadmaps": ({"draft", "approved", "executing", "reported", "closed"}, {"approve", "start", "report", "close"}),
    "working-groups": (
        {"draft", "approved", "active", "reported", "dissolved"},
        {"approve", "activate", "report", "dissolve"},
    ),
    "reporting-cycles": ({"draft", "approved", "executing", "reported"}, {"approve", "start", "report"}),
    "reporting-periods": ({"open", "submitted", "accepted"}, {"submit", "accept", "return"}),
}


def _fields_for(transition: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for spec in transition.fields:
        if spec.choices:
            fields[spec.name] = "reject" if transition.when == "decision_is_reject" else spec.choices[0]
        elif spec.required:
            fields[spec.name] = "текст"
    return fields


def _cells() -> list[tuple[str, str, str]]:
    return [(kind, state, event) for kind, lc in LIFECYCLES.items() for state in lc.states for event in lc.events]


def test_the_lifecycles_have_exactly_the_states_and_events_of_the_api_contract() -> None:
    assert {kind: (set(lc.states), set(lc.events)) for kind, lc in LIFECYCLES.items()} == API_TABLE


@pytest.mark.parametrize(("kind", "state", "event"), _cells(), ids=lambda v: str(v))
def test_every_state_event_cell_is_allowed_exactly_when_the_data_says_so(
    kind: str, state: str, event: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No database here: permissions, guards and effects pass, so the machine's states and `when` alone decide.
    monkeypatch.setattr(machines, "acting_actor", lambda session, spec, obj, actor, day: actor)
    for name in GUARDS:
        monkeypatch.setitem(GUARDS, name, lambda ctx: None)
    for name in EFFECTS:
        monkeypatch.setitem(EFFECTS, name, lambda ctx: None)
    lifecycle = LIFECYCLES[kind]
    declared = [t for t in lifecycle.transitions_for(event) if state in t.sources]
    obj = SimpleNamespace(state=state, lifecycle_kind=kind, touch=lambda now: None)
    if not declared:
        with pytest.raises(TransitionNotAllowed) as caught:
            select_transition(obj, event, {})
        assert lifecycle.states[state] in caught.value.message
        assert caught.value.message.startswith("Нельзя ")
        return
    for transition in declared:
        fields = _fields_for(transition)
        # Without a database the order itself says whether its dispatch goes to the background job.
        obj.dispatch_in_background = transition.when == "dispatch_in_background"
        assert select_transition(obj, event, fields) is transition
        ctx = Ctx(None, obj, Actor.system_actor(), None, dict(fields), datetime(2030, 1, 1))  # type: ignore[arg-type]
        assert MACHINES[kind].events[event].trigger(obj, ctx=ctx)
        assert obj.state == transition.dest
        assert ctx.transition is transition
        obj.state = state


def test_an_unknown_event_is_a_validation_error_listing_the_known_ones() -> None:
    with pytest.raises(ValidationFailed) as caught:
        select_transition(SimpleNamespace(state="draft", lifecycle_kind="orders"), "publish", {})
    assert "submit" in caught.value.message


def test_required_fields_are_checked_with_russian_messages() -> None:
    revoke = LIFECYCLES["orders"].transitions_for("revoke")[0]
    with pytest.raises(ValidationFailed) as caught:
        validate_fields(revoke, {"reason": "  "})
    assert caught.value.details == {"reason": ["Заполните поле «Причина отзыва»."]}
    with pytest.raises(ValidationFailed) as caught:
        validate_fields(revoke, {"reason": "x", "colour": "red"})
    assert "colour" in caught.value.details


def test_a_visa_decision_outside_the_choices_is_refused() -> None:
    visa = LIFECYCLES["orders"].transitions_for("visa")[1]
    with pytest.raises(ValidationFailed) as caught:
        validate_fields(visa, {"decision": "maybe"})
    assert "decision" in caught.value.details


def test_a_rejecting_visa_returns_the_draft_and_an_approving_one_keeps_it_on_approval() -> None:
    obj = SimpleNamespace(state="on_approval", lifecycle_kind="orders")
    assert select_transition(obj, "visa", {"decision": "reject"}).dest == "draft"
    assert select_transition(obj, "visa", {"decision": "approve_with_remarks"}).dest == "on_approval"


def _actor(
    roles: tuple[str, ...] = (), person_id: int | None = 1, org: int | None = 10, scope=frozenset({10})
) -> Actor:
    actor = Actor(user_id=1, person_id=person_id, roles=frozenset(roles), label="тест", organization_id=org)
    actor._scope = frozenset(scope)
    # No database here: the actor stands in for nobody on any day.
    actor._represented = defaultdict(list)
    return actor


def _order(**kw: Any) -> Order:
    order = Order(
        id=5,
        organization_id=10,
        signatory_id=7,
        controller_id=8,
        created_by_id=99,
        state="on_approval",
        title="Об итогах",
        **kw,
    )
    order.visas = [Visa(position=1, approver_id=3), Visa(position=2, approver_id=4)]
    return order


def test_only_the_signatory_may_approve_an_order() -> None:
    approve = LIFECYCLES["orders"].transitions_for("approve")[0]
    assert may_fire(None, approve, _order(), _actor(("head",), person_id=7))  # type: ignore[arg-type]
    assert not may_fire(None, approve, _order(), _actor(("head", "admin"), person_id=6))  # type: ignore[arg-type]


def test_approvers_visa_in_order_and_only_their_own_visa() -> None:
    visa = LIFECYCLES["orders"].transitions_for("visa")[1]
    order = _order()
    assert may_fire(None, visa, order, _actor(("approver",), person_id=3))  # type: ignore[arg-type]
    assert not may_fire(None, visa, order, _actor(("approver",), person_id=4))  # type: ignore[arg-type]
    order.visas[0].decision = "approve"
    assert may_fire(None, visa, order, _actor(("approver",), person_id=4))  # type: ignore[arg-type]


def test_the_responsible_executor_reports_and_the_controller_accepts() -> None:
    tasks = LIFECYCLES["tasks"]
    task = Task(responsible_person_id=1, controller_id=2, organization_id=10, state="in_progress")
    report, accept = tasks.transitions_for("report")[0], tasks.transitions_for("accept")[0]
    assert may_fire(None, report, task, _actor(person_id=1))  # type: ignore[arg-type]
    assert not may_fire(None, report, task, _actor(("controller",), person_id=2))  # type: ignore[arg-type]
    assert may_fire(None, accept, task, _actor(person_id=2))  # type: ignore[arg-type]
    assert not may_fire(None, accept, task, _actor(("head",), person_id=1, scope={99}))  # type: ignore[arg-type]


def test_clerks_submit_only_drafts_of_their_organization() -> None:
    submit = LIFECYCLES["orders"].transitions_for("submit")[0]
    order = _order()
    assert may_fire(None, submit, order, _actor(("clerk",), person_id=50))  # type: ignore[arg-type]
    assert not may_fire(None, submit, order, _actor(("clerk",), person_id=50, scope={11}))  # type: ignore[arg-type]


def test_the_system_fires_only_the_transitions_marked_for_it() -> None:
    system = Actor.system_actor()
    orders = LIFECYCLES["orders"]
    assert may_fire(None, orders.transitions_for("report")[0], _order(), system)  # type: ignore[arg-type]
    assert not may_fire(None, orders.transitions_for("approve")[0], _order(), system)  # type: ignore[arg-type]


def _point(number: str, **kw: Any) -> OrderPoint:
    point = OrderPoint(number=number, text=kw.pop("text", "Сделать."), deadline_text=kw.pop("deadline_text", ""), **kw)
    point.executors = []
    return point


def test_a_draft_guard_names_the_point_without_a_deadline() -> None:
    order = _order()
    controlled = _point("2", controlled=True)
    controlled.executors = [PointExecutor(role="responsible", person_id=1)]
    order.points = [_point("1"), controlled]
    assert order_problem(order) == "у пункта 2 не указан срок"


def test_a_draft_guard_names_the_point_without_a_responsible() -> None:
    order = _order()
    order.points = [_point("1"), _point("2", controlled=True, deadline_text="до 01.04.2030")]
    assert order_problem(order) == "у пункта 2 не указан ответственный"


def test_a_complete_draft_passes_the_guard() -> None:
    order = _order()
    point = _point("1", controlled=True, deadline_text="до 01.04.2030")
    point.executors = [PointExecutor(role="responsible", person_id=1)]
    order.points = [point]
    assert order_problem(order) is None


def _edges(drawn: str) -> set[tuple[str, str, str]]:
    """(source, dest, event) of every arrow of a Mermaid state diagram; one arrow may carry «a | b»."""
    edges = set()
    for line in drawn.splitlines():
        arrow, _, labels = line.strip().partition(": ")
        if " --> " in arrow and labels:
            source, dest = arrow.split(" --> ")
            edges.update((source, dest, label) for label in labels.split(" | "))
    return edges


def test_the_mermaid_diagram_has_every_transition_of_the_data() -> None:
    for lifecycle in LIFECYCLES.values():
        drawn = diagram(lifecycle)
        edges = _edges(drawn)
        for t in lifecycle.transitions:
            for source in t.sources:
                assert (source, t.dest, t.event) in edges
        assert f"[*] --> {lifecycle.initial}" in drawn
        for state in lifecycle.final:
            assert f"{state} --> [*]" in drawn
