"""The registry of kinds: derived from the lifecycle data, complete, and in step with the models and migrations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import workflow.engine.engine  # noqa: F401  (registers the guards and the effects)
from models import ExtensionRequest, Order, Roadmap, Task
from models.tasks import EXTENSION_STATUSES, OPEN_TASK_STATES
from workflow.engine.kinds import BY_MODEL, EDITORS, KINDS
from workflow.engine.kinds import OPEN_TASK_STATES as KIND_OPEN_TASK_STATES
from workflow.engine.lifecycles import ALL_LIFECYCLES, AUTHOR, CLERK, HEAD, LIFECYCLES
from workflow.engine.machines import EFFECTS, GUARDS, WHEN
from workflow.engine.permissions import RELATIONS
from workflow.services.visibility import not_found

ROOT = Path(__file__).resolve().parents[2]
_STATE_IN = re.compile(r"state IN \(([^)]*)\)")


def _states_in(text: str) -> set[tuple[str, ...]]:
    return {tuple(s.strip().strip("'") for s in found.split(",")) for found in _STATE_IN.findall(text)}


def test_every_guard_effect_when_and_relation_named_in_the_lifecycles_is_registered() -> None:
    for lifecycle in ALL_LIFECYCLES.values():
        for t in lifecycle.transitions:
            assert set(t.guards) <= set(GUARDS), (lifecycle.kind, t.event)
            assert set(t.effects) <= set(EFFECTS), (lifecycle.kind, t.event)
            assert t.when is None or t.when in WHEN, (lifecycle.kind, t.event)
            assert {r.relation for r in t.who if r.relation} <= set(RELATIONS), (lifecycle.kind, t.event)
        assert {r.relation for r in lifecycle.editable_by if r.relation} <= set(RELATIONS)


def test_the_open_task_states_of_the_partial_indexes_are_the_task_lifecycles_open_states() -> None:
    open_states = KINDS["tasks"].open_states
    assert open_states == ("assigned", "in_progress", "on_review")
    assert OPEN_TASK_STATES == KIND_OPEN_TASK_STATES == open_states
    models_sql = (ROOT / "models" / "tasks.py").read_text(encoding="utf-8")
    assert _states_in(models_sql) == {open_states}
    for migration in sorted((ROOT / "migrations" / "versions").glob("*.py")):
        assert _states_in(migration.read_text(encoding="utf-8")) <= {open_states}, migration.name


def test_the_extension_statuses_of_the_model_are_the_states_of_the_extension_lifecycle() -> None:
    assert tuple(KINDS["extension-requests"].states) == EXTENSION_STATUSES
    assert KINDS["extension-requests"].open_states == ("pending",)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_has_its_model_labels_states_and_card(name: str) -> None:
    kind = KINDS[name]
    assert kind.model.lifecycle_kind == name
    assert BY_MODEL[kind.model] is kind
    assert kind.label and kind.noun and kind.label.lower() == kind.noun
    assert kind.lifecycle.initial in kind.states and set(kind.final_states) <= set(kind.states)
    assert set(kind.editable) <= set(kind.states)
    assert kind.start_event is None or kind.start_event in kind.lifecycle.events
    assert kind.card.endpoint.startswith("web.") and kind.card.arg.endswith("_id")


def test_the_generic_kinds_are_exactly_the_lifecycles_people_fire_events_on() -> None:
    assert set(KINDS) == set(LIFECYCLES) | {"extension-requests"}


def test_not_found_says_not_found_in_the_gender_of_the_noun() -> None:
    assert not_found(Order, 5).message == "Приказ не найден."
    assert not_found(Roadmap, 5).message == "Дорожная карта № 5 не найдена."
    assert not_found(Task, 5).message == "Поручение № 5 не найдено."
    assert not_found(ExtensionRequest, 5).message == "Запрос на перенос срока № 5 не найден."


def test_the_drafts_editors_are_the_orders_editable_by_rules() -> None:
    assert EDITORS == (AUTHOR, CLERK, HEAD) == KINDS["orders"].editable_by
    assert KINDS["orders"].editable == ("draft",)


def test_the_event_help_lists_each_event_with_the_fields_that_matter() -> None:
    assert KINDS["tasks"].event_help == "start, report (report_text), accept, return (comment), cancel"
    assert "visa (decision)" in KINDS["orders"].event_help and "revoke (reason)" in KINDS["orders"].event_help
    assert KINDS["reporting-periods"].event_help == "submit (values, narrative), accept, return (comment)"
