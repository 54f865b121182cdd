"""Who may sign, through the API: the administrator keeps the list; a clerk cannot sign alone or address outside."""

from __future__ import annotations

from models.db import Database
from tests.api.conftest import Api, fingerprint
from tests.builders import order_data


def _signatories(api: Api, who: str = "clerk") -> list[tuple[int, bool]]:
    listed = api.ok("GET", f"organizations/{api.office.orgs['authority']}/signatories", who)
    return [(item["person_id"], item["is_head"]) for item in listed["items"]]


def test_the_head_is_listed_as_signatory_and_the_administrator_adds_and_removes_others(api: Api) -> None:
    o = api.office
    path = f"organizations/{o.orgs['authority']}/signatories"
    assert _signatories(api) == [(o.p("head"), True)]
    added = api.ok("POST", path, "admin", 201, json={"person_id": o.p("controller")})
    assert [(i["person_id"], i["is_head"]) for i in added["items"]] == [(o.p("head"), True), (o.p("controller"), False)]
    assert added["items"][1]["name"] == "Ушакова И.Г."
    assert api.post(path, "admin", json={"person_id": o.p("controller")}).status_code == 409
    assert api.call("DELETE", f"{path}/{o.p('controller')}", "admin").status_code == 204
    assert _signatories(api) == [(o.p("head"), True)]
    assert api.call("DELETE", f"{path}/{o.p('controller')}", "admin").status_code == 404


def test_only_the_administrator_changes_the_signatories_and_only_with_people_of_the_organization(api: Api) -> None:
    o = api.office
    path = f"organizations/{o.orgs['authority']}/signatories"
    for who in ("clerk", "head"):
        assert api.post(path, who, json={"person_id": o.p("clerk")}).status_code == 403
    response = api.post(path, "admin", json={"person_id": o.p("director1")})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["details"]) == ["person_id"]
    assert api.post(path, "admin", json={"person_id": o.p("head")}).status_code == 409
    assert api.call("DELETE", f"{path}/{o.p('head')}", "admin").status_code == 422
    assert api.get("organizations/999999/signatories", "clerk").status_code == 404


def test_a_clerk_naming_himself_signatory_is_refused_at_the_field_on_create_and_on_patch(
    api: Api, db: Database
) -> None:
    o = api.office
    before = fingerprint(db)
    response = api.post("orders", "clerk", json=order_data(o, signatory_id=o.p("clerk"), approvers=[]))
    assert response.status_code == 422
    assert list(response.get_json()["error"]["details"]) == ["signatory_id"]
    assert fingerprint(db) == before
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(o))
    response = api.patch(f"orders/{order['id']}", "clerk", json={"signatory_id": o.p("clerk")})
    assert response.status_code == 422
    assert list(response.get_json()["error"]["details"]) == ["signatory_id"]


def test_a_named_signatory_may_be_chosen_once_the_administrator_adds_him(api: Api) -> None:
    o = api.office
    api.ok("POST", f"organizations/{o.orgs['authority']}/signatories", "admin", 201, json={"person_id": o.p("clerk")})
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(o, signatory_id=o.p("clerk")))
    assert order["signatory_id"] == o.p("clerk")


def test_an_order_without_visas_answers_409_on_approve_unless_the_organization_allows_it(api: Api) -> None:
    o = api.office
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(o, approvers=[]))
    path = f"orders/{order['id']}/transitions"
    api.ok("POST", path, "clerk", json={"event": "submit"})
    response = api.post(path, "head", json={"event": "approve"})
    assert response.status_code == 409
    assert "нет ни одной визы" in response.get_json()["error"]["message"]
    org = api.ok("GET", f"organizations/{o.orgs['authority']}", "admin")
    assert org["approval_without_visas"] is False
    api.ok("PATCH", f"organizations/{o.orgs['authority']}", "admin", json={"approval_without_visas": True})
    assert api.ok("POST", path, "head", json={"event": "approve"})["state"] == "approved"


def test_a_clerk_cannot_address_an_organization_outside_the_issuing_subtree(api: Api) -> None:
    o = api.office
    point = {
        "text": "Провести.",
        "controlled": True,
        "deadline_text": "до 02.04.2027",
        "responsible": [{"organization_id": o.orgs["authority"]}],
    }
    data = order_data(
        o,
        organization_id=o.orgs["school1"],
        signatory_id=o.p("director1"),
        controller_id=o.p("director1"),
        executor_mark_id=None,
        approvers=[],
        points=[point],
    )
    response = api.post("orders", "head", json=data)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["details"]) == ["points.0.responsible.0.organization_id"]
