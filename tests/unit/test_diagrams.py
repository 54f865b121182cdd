"""The lifecycle diagrams the admin page shows are drawn from the lifecycle data as it is now."""

from __future__ import annotations

from tools.build_diagrams import OUTPUT, SOURCE_MARK, dot_source, source_hash
from workflow.engine.lifecycles import ALL_LIFECYCLES


def test_every_lifecycle_has_a_committed_svg_drawn_from_its_current_data() -> None:
    stale = []
    for lifecycle in ALL_LIFECYCLES.values():
        svg = (OUTPUT / f"{lifecycle.kind}.svg").read_text(encoding="utf-8")
        if f"{SOURCE_MARK}{source_hash(lifecycle)}" not in svg or "<svg" not in svg:
            stale.append(lifecycle.kind)
    assert stale == [], f"перерисуйте схемы: .venv/bin/python -m tools.build_diagrams ({', '.join(stale)})"


def test_a_diagram_names_states_and_actions_in_russian_not_by_their_codes() -> None:
    orders = ALL_LIFECYCLES["orders"]
    svg = (OUTPUT / "orders.svg").read_text(encoding="utf-8")
    assert "На согласовании" in svg and "Направить на согласование" in svg
    assert ">on_approval<" not in svg and ">submit<" not in svg
    assert all(f'label="{name}"' in dot_source(orders) for name in orders.states.values())
