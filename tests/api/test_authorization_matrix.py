"""Who sees and who changes what: a matrix of user × resource × action, on one office per database.

Expected outcomes: 200 (may read), 404 (may not know it exists), "allowed" (the transition list offers the
event and the user may fire it — not fired, so the office stays as it is), 403 (sees it, may not do it).
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import fingerprint
from tests.api.world import USERS, World

# resource: (path, event fired, its fields, {user: outcome of reading}, {user: outcome of firing})
RESOURCES: dict[str, tuple[str, str, dict[str, Any], dict[str, int], dict[str, int | str]]] = {
    "order": (
        "orders",
        "revoke",
        {"reason": "Ошибка"},
        # Whoever has a task from the order reads it: the executor and the directors of both addressed schools.
        {
            "admin": 200,
            "head": 200,
            "clerk": 200,
            "approver1": 200,
            "controller": 200,
            "executor": 200,
            "director1": 200,
            "director2": 200,
        },
        {
            "head": "allowed",
            "admin": 403,
            "clerk": 403,
            "approver1": 403,
            "controller": 403,
            "executor": 403,
            "director1": 403,
            "director2": 403,
        },
    ),
    "task_executor": (
        "tasks",
        "report",
        {"report_text": "Готово"},
        {"admin": 200, "head": 200, "clerk": 200, "controller": 200, "executor": 200},
        {"executor": "allowed", "admin": 403, "head": 403, "clerk": 403, "controller": 403},
    ),
    "task_school1": (
        "tasks",
        "start",
        {},
        {"admin": 200, "head": 200, "clerk": 200, "controller": 200, "director1": 200},
        {"director1": "allowed", "admin": 403, "head": 403, "clerk": 403, "controller": 403},
    ),
    "roadmap": (
        "roadmaps",
        "approve",
        {},
        {"admin": 200, "head": 200, "clerk": 200, "controller": 200},
        {"head": "allowed", "admin": 403, "clerk": 403, "controller": 403},
    ),
    "group": (
        "working-groups",
        "approve",
        {},
        {"admin": 200, "head": 200, "clerk": 200, "approver1": 200, "executor": 200},
        {"head": "allowed", "admin": 403, "clerk": 403, "approver1": 403, "executor": 403},
    ),
    "cycle": (
        "reporting-cycles",
        "approve",
        {},
        {"admin": 200, "head": 200, "clerk": 200, "director2": 200},
        {"head": "allowed", "admin": 403, "clerk": 403, "director2": 403},
    ),
    "foreign": (
        "orders",
        "submit",
        {},
        {"admin": 200, "outsider": 200},
        {"outsider": "allowed", "admin": 403},
    ),
}
CASES = [(user, resource) for resource in RESOURCES for user in USERS]


@pytest.mark.parametrize(("user", "resource"), CASES)
def test_reading_by_id_and_in_lists_shows_only_what_the_user_may_know(world: World, user: str, resource: str) -> None:
    kind, _, _, readers, _ = RESOURCES[resource]
    obj_id = world.ids[resource]
    expected = readers.get(user, 404)
    response = world.api.get(f"{kind}/{obj_id}", user)
    assert response.status_code == expected
    if expected == 404:
        assert response.get_json()["error"]["code"] == "not_found"
    listed = world.api.get(f"{kind}?per_page=500", user).get_json()
    assert (obj_id in {item["id"] for item in listed["items"]}) == (expected == 200)
    for tail in ("transitions", "history"):
        assert world.api.get(f"{kind}/{obj_id}/{tail}", user).status_code == expected


@pytest.mark.parametrize(("user", "resource"), CASES)
def test_changing_by_id_is_allowed_refused_or_not_found_by_role_and_relation(
    world: World, user: str, resource: str
) -> None:
    kind, event, fields, readers, changers = RESOURCES[resource]
    obj_id = world.ids[resource]
    expected = changers.get(user, 404)
    if expected == "allowed":
        offered = world.api.get(f"{kind}/{obj_id}/transitions", user).get_json()["events"]
        option = next(o for o in offered if o["event"] == event)
        assert option["allowed"], option["reason"]
        return
    before = fingerprint(world.db)
    response = world.api.post(f"{kind}/{obj_id}/transitions", user, json={"event": event, **fields})
    assert response.status_code == expected
    assert response.get_json()["error"]["code"] == {403: "forbidden", 404: "not_found"}[expected]
    assert fingerprint(world.db) == before
    assert readers.get(user, 404) == (200 if expected == 403 else 404)


@pytest.mark.parametrize("user", USERS)
def test_editing_a_draft_is_for_its_author_clerk_and_head_only(world: World, user: str) -> None:
    expected = {"clerk": 200, "head": 200, "admin": 403, "approver1": 403, "controller": 403}.get(user, 404)
    path = f"orders/{world.ids['draft']}"
    title = "Об организации мониторинга качества образования"
    response = world.api.patch(path, user, json={"title": title})
    assert response.status_code == expected
    if expected != 200:
        assert response.get_json()["error"]["code"] == {403: "forbidden", 404: "not_found"}[expected]


@pytest.mark.parametrize("user", ["executor", "director1", "director2"])
def test_whoever_has_a_task_from_an_order_downloads_its_documents(world: World, user: str) -> None:
    order_id = world.ids["order"]
    docx = world.api.get(f"orders/{order_id}/document.docx", user)
    assert docx.status_code == 200 and docx.data[:2] == b"PK"
    assert world.api.get(f"orders/{order_id}/approval-sheet.docx", user).status_code == 200
    assert world.api.get(f"orders/{order_id}/document.pdf", user).status_code != 403
    assert world.api.get(f"orders/{order_id}/document.docx", "outsider").status_code == 404
