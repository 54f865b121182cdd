"""One class-level transitions.Machine per kind, built from the lifecycle data, shared by all rows.

Rows are never added to a machine (that would hold them forever and overwrite persisted state):
events are fired with machine.events[name].trigger(row, fields=…).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from transitions import EventData, Machine

from workflow.engine.lifecycles import LIFECYCLES, Lifecycle


def _decision_is_reject(event_data: EventData) -> bool:
    return event_data.kwargs.get("fields", {}).get("decision") == "reject"


def _decision_is_not_reject(event_data: EventData) -> bool:
    return not _decision_is_reject(event_data)


# Predicates that pick one transition among several of the same event; named in lifecycles.py.
WHEN: dict[str, Callable[[EventData], bool]] = {
    "decision_is_reject": _decision_is_reject,
    "decision_is_not_reject": _decision_is_not_reject,
}


def when_holds(name: str | None, fields: dict[str, Any]) -> bool:
    """Whether a transition's `when` predicate holds for these event fields."""
    if name is None:
        return True
    fake = EventData(None, None, None, None, args=(), kwargs={"fields": fields})
    return WHEN[name](fake)


def build_machine(lifecycle: Lifecycle) -> Machine:
    """The machine of one lifecycle."""
    transitions = [
        {
            "trigger": t.event,
            "source": list(t.sources),
            "dest": t.dest,
            "conditions": [WHEN[t.when]] if t.when else [],
        }
        for t in lifecycle.transitions
    ]
    return Machine(
        model=None,
        states=list(lifecycle.states),
        transitions=transitions,
        initial=lifecycle.initial,
        auto_transitions=False,
        send_event=True,
        model_attribute="state",
    )


MACHINES: dict[str, Machine] = {kind: build_machine(lc) for kind, lc in LIFECYCLES.items()}
