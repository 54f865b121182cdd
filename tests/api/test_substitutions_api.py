"""Substitutions through the API: created, listed, cancelled; named by an order and in force once it is approved."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api, fingerprint
from tests.builders import order_data


def _event(api: Api, kind: str, obj_id: int, event: str, who: str, **fields: Any) -> Any:
    return api.ok("POST", f"{kind}/{obj_id}/transitions", who, json={"event": event, **fields})


def test_the_administrator_creates_lists_and_cancels_a_substitution(api: Api) -> None:
    o = api.office
    body = {"person_id": o.p("head"), "deputy_id": o.p("approver1"), "start": "2026-11-16", "end": "2026-12-15"}
    created = api.ok("POST", "substitutions", "admin", 201, json=body)
    assert created["person"]["name"] == "Дереча Н.Е." and created["deputy"]["name"] == "Соколов А.В."
    assert (created["start"], created["end"], created["order_id"], created["active"]) == (
        "2026-11-16",
        "2026-12-15",
        None,
        True,
    )
    listed = api.ok("GET", "substitutions?active=true", "admin")["items"]
    assert [item["id"] for item in listed] == [created["id"]]
    cancelled = api.ok("DELETE", f"substitutions/{created['id']}", "admin")
    assert cancelled["cancelled"] and not cancelled["active"]
    assert api.ok("GET", "substitutions?active=true", "admin")["items"] == []
    assert [item["id"] for item in api.ok("GET", "substitutions", "admin")["items"]] == [created["id"]]
    assert api.call("DELETE", f"substitutions/{created['id']}", "admin").status_code == 409
    assert api.call("DELETE", "substitutions/999999", "admin").status_code == 404


def test_a_clerk_may_not_manage_substitutions_and_a_wrong_one_is_refused_at_its_field(api: Api) -> None:
    o = api.office
    body = {"person_id": o.p("head"), "deputy_id": o.p("head"), "start": "2026-11-16", "end": "2026-12-15"}
    before = fingerprint(api.db)
    assert api.post("substitutions", "clerk", json={**body, "deputy_id": o.p("approver1")}).status_code == 403
    assert api.get("substitutions", "clerk").status_code == 403
    refused = api.post("substitutions", "admin", json=body)
    assert refused.status_code == 422
    assert list(refused.get_json()["error"]["details"]) == ["deputy_id"]
    backwards = api.post("substitutions", "admin", json={**body, "deputy_id": o.p("approver1"), "end": "2026-11-01"})
    assert backwards.status_code == 422 and list(backwards.get_json()["error"]["details"]) == ["end"]
    assert fingerprint(api.db) == before


def test_a_substitution_named_by_an_order_works_once_the_order_is_approved(api: Api) -> None:
    o = api.office
    named = {"person_id": o.p("head"), "deputy_id": o.p("controller"), "start": "2026-11-16", "end": "2026-12-15"}
    order = api.ok(
        "POST",
        "orders",
        "clerk",
        201,
        json=order_data(o, title="О временном исполнении обязанностей начальника управления", substitution=named),
    )
    assert order["substitution"] == named
    assert api.ok("GET", "substitutions?active=true", "admin")["items"] == []
    _event(api, "orders", order["id"], "submit", "clerk")
    _event(api, "orders", order["id"], "visa", "approver1", decision="approve")
    _event(api, "orders", order["id"], "visa", "approver2", decision="approve")
    _event(api, "orders", order["id"], "approve", "head")
    running = api.ok("GET", "substitutions?active=true", "admin")["items"]
    assert [(s["deputy"]["name"], s["order_id"]) for s in running] == [("Ушакова И.Г.", order["id"])]
    # The deputy now signs the head's orders: «за» in the history.
    second = api.ok("POST", "orders", "clerk", 201, json=order_data(o, approvers=[]))
    _event(api, "orders", second["id"], "submit", "clerk")
    offered = api.ok("GET", f"orders/{second['id']}/transitions", "controller")["events"]
    assert next(e for e in offered if e["event"] == "return")["allowed"]


def test_an_order_naming_a_substitution_of_oneself_is_refused_at_the_nested_field(api: Api) -> None:
    o = api.office
    named = {"person_id": o.p("head"), "deputy_id": o.p("head"), "start": "2026-11-16", "end": "2026-12-15"}
    response = api.post("orders", "clerk", json=order_data(o, substitution=named))
    assert response.status_code == 422
    assert list(response.get_json()["error"]["details"]) == ["substitution.deputy_id"]


def test_the_openapi_document_describes_the_substitutions(api: Api) -> None:
    spec = api.ok("GET", "openapi.json", "clerk")
    assert set(spec["paths"]["/api/v1/substitutions"]) == {"get", "post"}
    assert set(spec["paths"]["/api/v1/substitutions/{obj_id}"]) == {"delete"}
    assert "substitution" in spec["components"]["schemas"]["Order"]["properties"]
