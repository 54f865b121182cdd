"""The class-level machines: built from the lifecycle data, their conditions and callbacks in the engine's order."""

from __future__ import annotations

from typing import Any

from workflow.engine.lifecycles import ALL_LIFECYCLES
from workflow.engine.machines import MACHINES, SpecTransition, diagram


def test_each_kinds_machine_carries_every_declared_transition_with_its_data() -> None:
    for kind, lifecycle in ALL_LIFECYCLES.items():
        machine = MACHINES[kind]
        assert machine.models == []
        assert set(machine.states) == set(lifecycle.states)
        for t in lifecycle.transitions:
            for source in t.sources:
                from_source: list[Any] = machine.events[t.event].transitions[source]
                built = [m for m in from_source if m.spec is t]
                assert len(built) == 1, (kind, t.event, source)
                assert isinstance(built[0], SpecTransition) and built[0].dest == t.dest


def test_the_conditions_run_when_then_permission_then_fields_then_each_guard_and_the_effects_run_after() -> None:
    visas: list[Any] = MACHINES["orders"].events["visa"].transitions["on_approval"]
    visa = next(m for m in visas if m.spec.when == "decision_is_reject")
    names = [getattr(c.func, "__name__", type(c.func).__name__) for c in visa.conditions]
    assert names == ["_When", "_permitted", "_fields_valid", "_Guard"]
    approve: Any = MACHINES["orders"].events["approve"].transitions["on_approval"][0]
    assert [c.func.name for c in approve.conditions[2:]] == [
        "order_complete",
        "lawful_signatory",
        "addresses_in_subtree",
        "visas_complete",
    ]
    assert [a.name for a in approve.after] == [
        "register_order",
        "start_ordered_substitutions",
        "record_signer",
        "approve_attachments",
        "freeze_document",
        "notify_approved",
    ]


def test_the_diagrams_are_drawn_by_transitions_mermaid_engine_with_russian_state_names() -> None:
    drawn = diagram(ALL_LIFECYCLES["extension-requests"])
    assert drawn.splitlines()[1] == "Запрос на перенос срока"
    assert 'state "Ждёт решения" as pending' in drawn
    assert "pending --> granted: grant" in drawn and "pending --> denied: deny" in drawn
    assert "[*] --> pending" in drawn and "granted --> [*]" in drawn
