"""Whole lifecycles over HTTP only, as a client of the API would drive them."""

from __future__ import annotations

from typing import Any

from models.db import Database
from tests.api.conftest import Api, set_password
from workflow import clock

PERIOD = {"start": "2026-09-01", "end": "2027-08-31"}


def _login(api: Api, db: Database, login: str) -> str:
    """A real login through POST /auth/token; the client then uses this token."""
    set_password(db, api.office.actors[login].user_id, "пароль-для-входа")
    body = api.ok("POST", "auth/token", login, json={"login": login, "password": "пароль-для-входа"})
    api._tokens[login] = body["token"]
    return body["token"]


def _fire(api: Api, kind: str, obj_id: int, who: str, event: str, **fields: Any) -> dict[str, Any]:
    return api.ok("POST", f"{kind}/{obj_id}/transitions", who, json={"event": event, **fields})


def test_an_order_goes_from_draft_through_visas_approval_dispatch_and_execution_to_closed(
    api: Api, db: Database
) -> None:
    o = api.office
    _login(api, db, "clerk")
    journal = {"organization_id": o.orgs["authority"], "kind": "order", "year": clock.today().year, "prefix": "01-27/"}
    api.ok("POST", "journals", "admin", 201, json={**journal, "next_number": 390})
    draft = {
        "kind": "order",
        "organization_id": o.orgs["authority"],
        "title": "Об итогах проведения методического семинара",
        "place": "г. Верхнеозёрск",
        "preamble": "В соответствии с планом работы управления образования",
        "signatory_id": o.p("head"),
        "controller_id": o.p("controller"),
        "executor_mark_id": o.p("executor"),
        "approvers": [o.p("approver1"), o.p("approver2")],
        "period": PERIOD,
        "points": [
            {"text": "Утвердить итоги семинара."},
            {
                "text": "Подготовить аналитическую справку.",
                "controlled": True,
                "responsible": [{"person_id": o.p("executor")}],
                "co_executors": [{"person_id": o.p("approver1")}],
                "deadline_text": "в срок до 2 апреля 2027 года",
            },
            {
                "text": "Руководителям образовательных организаций:",
                "children": [
                    {
                        "number": "3.1",
                        "text": "Обеспечить участие педагогов в семинаре.",
                        "controlled": True,
                        "responsible": [{"organization_id": o.orgs["authority"], "include_subordinates": True}],
                        "deadline_text": "до 06.04.2027",
                    }
                ],
            },
        ],
        "appendices": [{"title": "Программа семинара", "text": "1. Открытие. 2. Доклады."}],
    }
    order = api.ok("POST", "orders", "clerk", 201, json=draft)
    order_id = order["id"]
    edited = api.ok(
        "PATCH",
        f"orders/{order_id}",
        "clerk",
        json={"title": draft["title"] + " в 2026 году"},
        headers={"If-Match": "1"},
    )
    assert edited["version"] == 2

    _fire(api, "orders", order_id, "clerk", "submit", comment="Прошу согласовать")
    offered = api.ok("GET", f"orders/{order_id}/transitions", "approver1")["events"]
    assert next(e for e in offered if e["event"] == "visa")["allowed"]
    _fire(api, "orders", order_id, "approver1", "visa", decision="approve_with_remarks", comment="Уточнить срок п. 3.1")
    _fire(api, "orders", order_id, "approver2", "visa", decision="approve")
    approved = _fire(api, "orders", order_id, "head", "approve")
    assert approved["state"] == "approved"
    assert (approved["reg_number"], approved["reg_date"]) == ("01-27/390", clock.today().isoformat())
    assert approved["document_sha256"] and len(approved["document_sha256"]) == 64
    assert [v["decision"] for v in approved["visas"]] == ["approve_with_remarks", "approve"]

    executing = _fire(api, "orders", order_id, "clerk", "dispatch")
    assert executing["state"] == "executing"
    point2, point31 = executing["points"][1], executing["points"][2]["children"][0]
    assert len(point2["task_ids"]) == 1 and len(point31["task_ids"]) == 3  # a roll-up and a task per school
    tasks = api.ok("GET", f"tasks?source=order:{order_id}", "controller")["items"]
    assert len(tasks) == 4
    by_who = {(t["responsible"]["person_id"], t["is_rollup"]): t for t in tasks}
    own = by_who[(o.p("executor"), False)]
    assert own["deadline"] == "2027-04-02" and own["co_executors"] == [{"person_id": o.p("approver1")}]
    assert api.ok("GET", f"tasks/{own['id']}", "approver1")["id"] == own["id"]  # a co-executor sees it

    _fire(api, "tasks", own["id"], "executor", "start")
    _fire(api, "tasks", own["id"], "executor", "report", report_text="Справка подготовлена.")
    _fire(api, "tasks", own["id"], "controller", "return", comment="Добавьте выводы по школам.")
    _fire(api, "tasks", own["id"], "executor", "report", report_text="Справка с выводами.")
    assert _fire(api, "tasks", own["id"], "controller", "accept")["state"] == "done"
    for director in ("director1", "director2"):
        child = api.ok("GET", "tasks?assignee=me", director)["items"][0]
        _fire(api, "tasks", child["id"], director, "report", report_text="Педагоги участвовали.")
        _fire(api, "tasks", child["id"], "controller", "accept")
    rollup = by_who[(o.p("head"), True)]
    assert api.ok("GET", f"tasks/{rollup['id']}", "head")["state"] == "done"

    reported = api.ok("GET", f"orders/{order_id}", "clerk")
    assert reported["state"] == "reported"
    closed = _fire(api, "orders", order_id, "controller", "close", comment="Снят с контроля")
    assert closed["state"] == "closed"
    history = api.ok("GET", f"orders/{order_id}/history", "clerk")
    assert [h["event"] for h in history] == [
        "create",
        "edit",
        "submit",
        "visa",
        "visa",
        "approve",
        "dispatch",
        "report",
        "close",
    ]
    assert history[1]["comment"] == "Изменены: заголовок."
    assert history[7]["actor"] == {"user_id": None, "label": "Система"}
    assert closed["version"] == 2 + 7


def test_a_roadmap_attached_to_an_order_is_executed_reported_and_closed(api: Api) -> None:
    o = api.office
    order = api.ok(
        "POST",
        "orders",
        "clerk",
        201,
        json={
            "organization_id": o.orgs["authority"],
            "title": "Об утверждении дорожной карты",
            "signatory_id": o.p("head"),
            "controller_id": o.p("controller"),
            "approvers": [o.p("approver1")],
            "period": PERIOD,
            "points": [{"text": "Утвердить дорожную карту (приложение 1)."}],
        },
    )
    roadmap = api.ok(
        "POST",
        "roadmaps",
        "clerk",
        201,
        json={
            "title": "Дорожная карта по повышению качества образования",
            "organization_id": o.orgs["authority"],
            "period": PERIOD,
            "order_id": order["id"],
            "sections": [
                {
                    "title": "Организационные мероприятия",
                    "activities": [
                        {
                            "content": "Анализ результатов ВПР",
                            "deadline_text": "Январь – февраль 2027",
                            "responsible": [{"person_id": o.p("executor")}],
                        },
                        {
                            "content": "Школьные планы",
                            "deadline_text": "Декабрь 2026",
                            "responsible": [{"organization_id": o.orgs["school1"]}],
                        },
                    ],
                }
            ],
        },
    )
    _fire(api, "orders", order["id"], "clerk", "submit")
    _fire(api, "orders", order["id"], "approver1", "visa", decision="approve")  # approval needs every visa
    _fire(api, "orders", order["id"], "head", "approve")
    assert api.ok("GET", f"roadmaps/{roadmap['id']}", "clerk")["state"] == "approved"
    _fire(api, "orders", order["id"], "clerk", "dispatch")
    card = api.ok("GET", f"roadmaps/{roadmap['id']}", "controller")
    assert card["state"] == "executing"
    first, second = card["sections"][0]["activities"]
    assert first["deadline"]["kind"] == "window" and first["deadline"]["start"] == "2027-01-01"
    tasks = api.ok("GET", f"tasks?source=roadmap:{roadmap['id']}", "controller")["items"]
    assert second["deadline"]["kind"] == "month" and second["deadline"]["due_dates"] == ["2026-12-31"]
    expected = first["deadline"]["working_due_dates"] + second["deadline"]["working_due_dates"]
    assert sorted(t["deadline"] for t in tasks) == sorted(expected)
    assert [len(first["task_ids"]), len(second["task_ids"])] == [1, 1]
    for task in tasks:
        who = "executor" if task["responsible"]["person_id"] == o.p("executor") else "director1"
        _fire(api, "tasks", task["id"], who, "report", report_text="Сделано.")
        _fire(api, "tasks", task["id"], "controller", "accept")
    assert api.ok("GET", f"roadmaps/{roadmap['id']}", "clerk")["state"] == "reported"
    assert _fire(api, "roadmaps", roadmap["id"], "controller", "close")["state"] == "closed"
    assert [h["event"] for h in api.ok("GET", f"roadmaps/{roadmap['id']}/history", "clerk")] == [
        "create",
        "approve",
        "start",
        "report",
        "close",
    ]
