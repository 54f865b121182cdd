"""The notifications API: my list with the unread count, the unread filter, paging, marking one or all read."""

from __future__ import annotations

from tests.api.conftest import Api
from tests.builders import new_order
from workflow.engine.engine import transition


def _submitted(api: Api) -> int:
    order_id = new_order(api.db, api.office)
    transition(api.db, "orders", order_id, "submit", api.office.actors["clerk"])
    return order_id


def test_the_next_approver_sees_a_visa_notice_naming_who_and_linking_to_the_order(api: Api) -> None:
    order_id = _submitted(api)
    body = api.ok("GET", "notifications", "approver1")
    assert body["total"] == 1 and body["unread"] == 1
    [item] = body["items"]
    assert set(item) == {"id", "kind", "text", "object", "created_at", "read_at"}
    assert item["kind"] == "visa_needed" and item["object"] == {"kind": "orders", "id": order_id}
    assert item["text"].startswith("Петрова Е.С. направила на согласование проект приказа «")
    assert item["read_at"] is None
    assert api.ok("GET", "notifications", "approver2") == {"items": [], "total": 0, "unread": 0}


def test_marking_one_read_leaves_it_out_of_the_unread_filter_and_another_persons_notice_is_not_found(
    api: Api,
) -> None:
    order_id = _submitted(api)
    transition(api.db, "orders", order_id, "visa", api.office.actors["approver1"], decision="reject", comment="Нет")
    transition(api.db, "orders", order_id, "submit", api.office.actors["clerk"])
    notices = api.ok("GET", "notifications", "approver1")["items"]
    assert [n["kind"] for n in notices] == ["visa_needed", "visa_needed"]
    newest, oldest = notices
    assert api.call("POST", f"notifications/{newest['id']}/read", "approver2").status_code == 404
    assert api.ok("POST", f"notifications/{newest['id']}/read", "approver1") == {"marked": 1, "unread": 1}
    unread = api.ok("GET", "notifications?unread=true", "approver1")
    assert [n["id"] for n in unread["items"]] == [oldest["id"]] and unread["total"] == 1 and unread["unread"] == 1
    everything = api.ok("GET", "notifications", "approver1")
    assert everything["total"] == 2 and everything["items"][0]["read_at"] is not None
    assert api.call("POST", "notifications/999999/read", "approver1").status_code == 404


def test_read_all_marks_every_notice_of_the_caller_only(api: Api) -> None:
    order_id = _submitted(api)
    transition(api.db, "orders", order_id, "visa", api.office.actors["approver1"], decision="reject", comment="Нет")
    assert api.ok("GET", "notifications", "clerk")["unread"] == 1
    assert api.ok("POST", "notifications/read-all", "approver1") == {"marked": 1, "unread": 0}
    assert api.ok("GET", "notifications", "clerk")["unread"] == 1
    assert api.ok("POST", "notifications/read-all", "approver1") == {"marked": 0, "unread": 0}


def test_pages_of_notifications_are_newest_first_and_bad_paging_is_refused(api: Api) -> None:
    order_id = _submitted(api)
    for _ in range(2):
        transition(api.db, "orders", order_id, "visa", api.office.actors["approver1"], decision="reject", comment="-")
        transition(api.db, "orders", order_id, "submit", api.office.actors["clerk"])
    first = api.ok("GET", "notifications?per_page=2&page=1", "approver1")
    second = api.ok("GET", "notifications?per_page=2&page=2", "approver1")
    assert first["total"] == 3 and len(first["items"]) == 2 and len(second["items"]) == 1
    ids = [n["id"] for n in first["items"] + second["items"]]
    assert ids == sorted(ids, reverse=True)
    assert api.call("GET", "notifications?per_page=0", "approver1").status_code == 422
    assert api.call("GET", "notifications?unread=maybe", "approver1").status_code == 422
    assert api.call("GET", "notifications").status_code == 401


def test_the_openapi_document_describes_the_notifications_calls(api: Api) -> None:
    spec = api.ok("GET", "openapi.json", "clerk")
    paths = spec["paths"]
    assert {
        "/api/v1/notifications",
        "/api/v1/notifications/{obj_id}/read",
        "/api/v1/notifications/read-all",
    } <= set(paths)
    listed = paths["/api/v1/notifications"]["get"]
    assert {p["name"] for p in listed["parameters"]} >= {"unread", "page", "per_page"}
