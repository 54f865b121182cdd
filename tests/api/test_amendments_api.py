"""POST /orders/<id>/amendments and GET /orders/<id>/consolidated (API.md «Amendments»)."""

from __future__ import annotations

from documents.checker import check_docx
from tests.api.conftest import Api
from tests.builders import approve, new_order
from workflow.engine.engine import transition

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _base(api: Api) -> int:
    order_id = new_order(api.db, api.office)
    approve(api.db, api.office, order_id)
    transition(api.db, "orders", order_id, "dispatch", api.office.actors["clerk"])
    return order_id


def _route(api: Api, order_id: int) -> None:
    for who, body in (
        ("clerk", {"event": "submit"}),
        ("approver1", {"event": "visa", "decision": "approve"}),
        ("approver2", {"event": "visa", "decision": "approve"}),
        ("head", {"event": "approve"}),
        ("clerk", {"event": "dispatch"}),
    ):
        api.ok("POST", f"orders/{order_id}/transitions", who, json=body)


def test_an_amendment_is_created_as_a_draft_order_linked_to_its_base(api: Api) -> None:
    base_id = _base(api)
    body = {
        "reason": "кадровыми изменениями",
        "changes": [
            {"point": "2", "action": "replace", "deadline_text": "до 30.04.2027"},
            {"point": "3.1", "action": "repeal"},
        ],
    }
    created = api.ok("POST", f"orders/{base_id}/amendments", "clerk", 201, json=body)
    assert created["state"] == "draft" and created["amends_id"] == base_id
    assert created["title"].startswith("О внесении изменений в приказ управления образования от 16.11.2026 № ")
    assert created["preamble"] == "В связи с кадровыми изменениями"
    assert [p["text"] for p in created["points"]] == [
        "В пункте 2 слова «до 02.04.2027» заменить словами «до 30.04.2027».",
        "Пункт 3.1 признать утратившим силу.",
    ]
    assert api.ok("GET", f"orders/{created['id']}", "clerk")["amends_id"] == base_id


def test_a_draft_cannot_be_amended_and_a_bad_change_names_its_field(api: Api) -> None:
    base_id = _base(api)
    draft_id = new_order(api.db, api.office)
    change = {"changes": [{"point": "2", "action": "repeal"}]}
    refused = api.post(f"orders/{draft_id}/amendments", "clerk", json=change)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "not_amendable"
    assert "«Проект»" in refused.get_json()["error"]["message"]
    missing = api.post(f"orders/{base_id}/amendments", "clerk", json={"changes": [{"point": "9", "action": "repeal"}]})
    assert missing.status_code == 422 and "changes.0.point" in missing.get_json()["error"]["details"]
    empty = api.post(f"orders/{base_id}/amendments", "clerk", json={"changes": []})
    assert empty.status_code == 422
    neither = api.post(f"orders/{base_id}/amendments", "clerk", json={"changes": [{"action": "repeal"}]})
    assert neither.status_code == 422
    assert api.post(f"orders/{base_id}/amendments", "executor", json=change).status_code == 403
    assert api.post(f"orders/{base_id}/amendments", "outsider", json=change).status_code == 404


def test_the_consolidated_text_is_served_as_json_and_as_a_signed_ready_docx(api: Api) -> None:
    base_id = _base(api)
    body = {
        "changes": [
            {"point": "2", "action": "replace", "text": "Подготовить аналитическую справку по итогам"},
            {
                "point": "2",
                "action": "add_after",
                "text": "Представить отчёт",
                "deadline_text": "до 15.05.2027",
                "responsible": [{"person_id": api.office.p("executor")}],
            },
        ]
    }
    amendment = api.ok("POST", f"orders/{base_id}/amendments", "clerk", 201, json=body)
    before = api.ok("GET", f"orders/{base_id}/consolidated", "controller")
    assert before["amendments"] == [] and before["edition"] == ""
    _route(api, amendment["id"])
    number = api.ok("GET", f"orders/{amendment['id']}", "clerk")["reg_number"]
    result = api.ok("GET", f"orders/{base_id}/consolidated", "controller")
    assert result["order"]["id"] == base_id and result["as_of"] == "2026-11-16"
    assert result["amendments"] == [{"id": amendment["id"], "number": number, "date": "2026-11-16"}]
    assert result["edition"] == f"в редакции приказа от 16.11.2026 № {number}"
    top = [(p["number"], p["status"], p["text"]) for p in result["points"]]
    assert top == [
        ("1", "in_force", "Утвердить план мониторинга."),
        ("2", "amended", "Подготовить аналитическую справку по итогам"),
        ("2.1", "added", "Представить отчёт"),
        ("3", "in_force", "Руководителям общеобразовательных организаций:"),
    ]
    assert result["points"][2]["responsible"] == [{"person_id": api.office.p("executor")}]
    docx = api.get(f"orders/{base_id}/consolidated.docx", "controller")
    assert docx.status_code == 200 and docx.mimetype == DOCX
    assert check_docx(docx.data, "order").ok
    assert api.get(f"orders/{base_id}/consolidated", "outsider").status_code == 404


def test_the_amendment_calls_are_in_the_openapi_document(api: Api) -> None:
    spec = api.ok("GET", "openapi.json", "clerk")
    assert "post" in spec["paths"]["/api/v1/orders/{obj_id}/amendments"]
    assert "get" in spec["paths"]["/api/v1/orders/{obj_id}/consolidated"]
    assert "get" in spec["paths"]["/api/v1/orders/{obj_id}/consolidated.docx"]
