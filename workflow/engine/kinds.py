"""One registry per kind of managed object, derived from the lifecycle data and the models.

Whatever names a kind — its model, its Russian words, its states, its card — is looked up here; the card is
stored as an endpoint name (a string), so workflow never imports Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models import ExtensionRequest, Order, ReportingCycle, ReportingPeriod, Roadmap, Task, WorkingGroup
from workflow.engine.lifecycles import ALL_LIFECYCLES, COMMENT, EventField, Lifecycle, Rule

# «не найден», «не найдена», «не найдено» by the noun's gender.
_NOT_FOUND = {"m": "не найден", "f": "не найдена", "n": "не найдено"}
# Kinds whose id is not what people call their number (an order is named by its registration number or as a
# draft): a not-found message must not print the id as if it were «№ 12».
_NAMED_APART_FROM_ID = frozenset({"orders"})


@dataclass(frozen=True)
class Card:
    """The page that shows an object: a Flask endpoint name and its URL argument.

    `via` names the object's attribute holding the id the endpoint takes when the object lives on another
    object's card (a reporting period on its cycle's), `anchor` the fragment's prefix there.
    """

    endpoint: str
    arg: str
    via: str | None = None
    anchor: str | None = None


@dataclass(frozen=True)
class Kind:
    """Everything about one kind of managed object."""

    name: str
    model: type[Any]
    lifecycle: Lifecycle
    card: Card

    @property
    def label(self) -> str:
        """The object noun, capitalized: «Дорожная карта»."""
        return self.lifecycle.label

    @property
    def noun(self) -> str:
        """The object noun in the nominative, lower case: «дорожная карта»."""
        return self.lifecycle.noun

    @property
    def states(self) -> dict[str, str]:
        """State codes and their Russian names."""
        return self.lifecycle.states

    @property
    def editable(self) -> tuple[str, ...]:
        """States in which the content may still be edited."""
        return self.lifecycle.editable

    @property
    def editable_by(self) -> tuple[Rule, ...]:
        """Who edits the content in an editable state."""
        return self.lifecycle.editable_by

    @property
    def open_states(self) -> tuple[str, ...]:
        """States in which the object is still worked on."""
        return self.lifecycle.open_states

    @property
    def final_states(self) -> tuple[str, ...]:
        """States nothing leaves."""
        return self.lifecycle.final

    @property
    def start_event(self) -> str | None:
        """The event that starts execution."""
        return self.lifecycle.start_event

    def not_found(self, obj_id: int) -> str:
        """«Дорожная карта № 5 не найдена.»; «Приказ не найден.» (its id is not its number)."""
        if self.name in _NAMED_APART_FROM_ID:
            return f"{self.label} {_NOT_FOUND[self.lifecycle.gender]}."
        return f"{self.label} № {obj_id} {_NOT_FOUND[self.lifecycle.gender]}."

    def event_fields(self, event: str) -> tuple[EventField, ...]:
        """The fields an event takes, over all its transitions, each once."""
        found: dict[str, EventField] = {}
        for transition in self.lifecycle.transitions_for(event):
            for spec in transition.fields:
                found.setdefault(spec.name, spec)
        return tuple(found.values())

    @property
    def event_help(self) -> str:
        """«submit, visa (decision), return (comment) …»: the events with the fields that matter."""
        parts = []
        for event in self.lifecycle.events:
            names = [f.name for f in self.event_fields(event) if f != COMMENT]
            parts.append(f"{event} ({', '.join(names)})" if names else event)
        return ", ".join(parts)


_MODELS: tuple[type[Any], ...] = (Order, Task, Roadmap, WorkingGroup, ReportingCycle, ReportingPeriod, ExtensionRequest)
_CARDS = {
    "orders": Card("web.order_card", "order_id"),
    "tasks": Card("web.task_card", "task_id"),
    "roadmaps": Card("web.roadmap_card", "roadmap_id"),
    "working-groups": Card("web.group_card", "group_id"),
    "reporting-cycles": Card("web.cycle_card", "cycle_id"),
    "reporting-periods": Card("web.cycle_card", "cycle_id", via="cycle_id", anchor="period-"),
    "extension-requests": Card("web.task_card", "task_id", via="task_id", anchor="extension-"),
}

KINDS: dict[str, Kind] = {
    name: Kind(name, model, ALL_LIFECYCLES[name], _CARDS[name]) for model in _MODELS for name in (model.lifecycle_kind,)
}
BY_MODEL: dict[type[Any], Kind] = {k.model: k for k in KINDS.values()}

OPEN_TASK_STATES: tuple[str, ...] = KINDS["tasks"].open_states
# Who may edit a draft order (and a draft plan): whoever may submit it.
EDITORS: tuple[Rule, ...] = KINDS["orders"].editable_by


def kind_of(obj_or_model: Any) -> Kind:
    """The kind of a row or of a model class."""
    return KINDS[obj_or_model.lifecycle_kind]
