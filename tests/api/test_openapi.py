"""The OpenAPI document: a valid OpenAPI 3 document, generated from the schemas that validate requests."""

from __future__ import annotations

import re

import jsonschema_rs
from flask import Flask
from schemathesis.specs.openapi.definitions import OPENAPI_30

from tests.api.conftest import Api

# The operations of API.md that this service implements, as (method, path).
CONTRACT = {
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/organizations"),
    ("post", "/api/v1/organizations"),
    ("get", "/api/v1/organizations/{obj_id}"),
    ("patch", "/api/v1/organizations/{obj_id}"),
    ("post", "/api/v1/people"),
    ("post", "/api/v1/users"),
    ("patch", "/api/v1/journals/{obj_id}"),
    ("post", "/api/v1/orders"),
    ("get", "/api/v1/orders"),
    ("get", "/api/v1/orders/{obj_id}"),
    ("patch", "/api/v1/orders/{obj_id}"),
    ("get", "/api/v1/tasks"),
    ("get", "/api/v1/tasks/{obj_id}"),
    ("post", "/api/v1/tasks/{obj_id}/extension-requests"),
    ("post", "/api/v1/extension-requests/{obj_id}/decision"),
    ("post", "/api/v1/roadmaps"),
    ("post", "/api/v1/working-groups"),
    ("post", "/api/v1/reporting-cycles"),
    ("get", "/api/v1/reporting-cycles/{obj_id}/periods"),
    ("get", "/api/v1/organizations/{obj_id}/signatories"),
    ("post", "/api/v1/organizations/{obj_id}/signatories"),
    ("delete", "/api/v1/organizations/{obj_id}/signatories/{person_id}"),
    ("post", "/api/v1/deadlines/parse"),
    *(
        (method, f"/api/v1/{kind}/{{obj_id}}/{tail}")
        for kind in ("orders", "tasks", "roadmaps", "working-groups", "reporting-cycles", "reporting-periods")
        for method, tail in (("post", "transitions"), ("get", "transitions"), ("get", "history"))
    ),
}


def test_the_document_is_a_valid_openapi_3_document(api: Api) -> None:
    response = api.get("openapi.json")  # public: no token
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.0")
    errors = [str(e) for e in jsonschema_rs.Draft4Validator(OPENAPI_30).iter_errors(document)]
    assert errors == []


def test_every_operation_of_the_contract_and_every_api_route_is_described(app: Flask, api: Api) -> None:
    document = api.get("openapi.json").get_json()
    described = {(method, path) for path, item in document["paths"].items() for method in item}
    assert CONTRACT <= described
    routes = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("api.") and r.endpoint != "api.openapi"}
    assert {re.sub(r"<id:(\w+)>", r"{\1}", p) for p in routes} == set(document["paths"])


def test_the_document_carries_the_validating_schemas_limits_and_the_error_envelope(api: Api) -> None:
    document = api.get("openapi.json").get_json()
    schemas = document["components"]["schemas"]
    order = schemas["Order"]
    assert order["properties"]["title"]["maxLength"] == 2000 and "title" in order["required"]
    assert order["additionalProperties"] is False
    assert schemas["Point"]["properties"]["children"]["items"] == {"$ref": "#/components/schemas/Point"}
    assert schemas["Error"]["required"] == ["error"]
    assert set(schemas["ErrorBody"]["required"]) == {"code", "message", "details"}
    assert set(schemas["OrdersTransition"]["properties"]["event"]["enum"]) >= {"submit", "visa", "approve", "revoke"}
    token = document["paths"]["/api/v1/auth/token"]["post"]
    assert token["security"] == [] and "429" in token["responses"]
    tasks = document["paths"]["/api/v1/tasks"]["get"]
    assert tasks["security"] == [{"bearer": []}]
    assert {p["name"] for p in tasks["parameters"]} >= {
        "assignee",
        "overdue",
        "due_before",
        "source",
        "page",
        "per_page",
    }
    assert document["components"]["securitySchemes"]["bearer"] == {"type": "http", "scheme": "bearer"}
