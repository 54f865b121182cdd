"""Roadmaps, working groups and reporting cycles through the API."""

from __future__ import annotations

from typing import Any

from models.db import Database
from tests.api.conftest import Api, fingerprint
from tests.builders import order_data

PERIOD = {"start": "2026-09-01", "end": "2027-08-31"}


def roadmap_body(api: Api, **overrides: Any) -> dict[str, Any]:
    """A roadmap in the API's shape: dated, recurring, continuous and external deadlines."""
    body: dict[str, Any] = {
        "title": "Дорожная карта по развитию системы оценки качества",
        "organization_id": api.office.orgs["authority"],
        "period": PERIOD,
        "sections": [
            {
                "number": "1.1",
                "title": "Оценка качества",
                "activities": [
                    {
                        "number": "1.1.1",
                        "content": "Утверждение дорожной карты",
                        "deadline_text": "Сентябрь 2026",
                        "responsible_text": "Отдел образования",
                        "responsible": [{"person_id": api.office.p("executor")}],
                    },
                    {
                        "content": "Статистические данные для анализа ГИА",
                        "deadline_text": "Ежегодно, июнь",
                        "responsible": [
                            {"organization_id": api.office.orgs["authority"], "include_subordinates": True}
                        ],
                    },
                ],
            }
        ],
    }
    body.update(overrides)
    return body


def test_a_roadmap_drafted_for_an_order_is_approved_and_dispatched_with_it(api: Api) -> None:
    order = api.ok("POST", "orders", "clerk", 201, json=order_data(api.office, period=PERIOD))
    roadmap = api.ok("POST", "roadmaps", "clerk", 201, json=roadmap_body(api, order_id=order["id"]))
    assert (roadmap["state"], roadmap["order_id"], roadmap["period"]) == ("draft", order["id"], PERIOD)
    activities = roadmap["sections"][0]["activities"]
    assert [a["number"] for a in activities] == ["1.1.1", "1.1.2"]
    assert activities[0]["deadline"]["due_dates"] == ["2026-09-30"]
    assert activities[1]["deadline"]["rrule"] == "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1"
    own = api.post(f"roadmaps/{roadmap['id']}/transitions", "head", json={"event": "approve"})
    assert own.status_code == 409 and "вместе с приказом" in own.get_json()["error"]["message"]
    assert api.ok("GET", f"orders/{order['id']}", "clerk")["appendices"][0]["roadmap_id"] == roadmap["id"]
    path = f"orders/{order['id']}/transitions"
    api.ok("POST", path, "clerk", json={"event": "submit"})
    api.ok("POST", path, "approver1", json={"event": "visa", "decision": "approve"})
    api.ok("POST", path, "approver2", json={"event": "visa", "decision": "approve"})
    api.ok("POST", path, "head", json={"event": "approve"})
    assert api.ok("GET", f"roadmaps/{roadmap['id']}", "clerk")["state"] == "approved"
    api.ok("POST", path, "clerk", json={"event": "dispatch"})
    executing = api.ok("GET", f"roadmaps/{roadmap['id']}", "controller")
    assert executing["state"] == "executing"
    assert len(executing["sections"][0]["activities"][0]["task_ids"]) == 1
    assert len(executing["sections"][0]["activities"][1]["task_ids"]) == 3  # a roll-up and one per school
    listed = api.ok("GET", f"roadmaps?order_id={order['id']}", "clerk")
    assert [r["id"] for r in listed["items"]] == [roadmap["id"]]


def test_plans_refuse_executors_and_orders_of_another_authority(api: Api, db: Database) -> None:
    before = fingerprint(db)
    stranger = [{"person_id": api.office.p("outsider")}]
    body = roadmap_body(api)
    body["sections"][0]["activities"][0]["responsible"] = stranger
    response = api.post("roadmaps", "clerk", json=body)
    assert response.status_code == 422
    assert response.get_json()["error"]["details"] == {
        "sections.0.activities.0.responsible.0.person_id": ["Другая организация."]
    }
    group = {
        "name": "Группа",
        "organization_id": api.office.orgs["authority"],
        "members": [{"person_id": api.office.p("outsider")}],
    }
    assert api.post("working-groups", "clerk", json=group).status_code == 422
    cycle = {"title": "Отчёт", "organization_id": api.office.orgs["authority"], "responsible": stranger}
    assert api.post("reporting-cycles", "clerk", json=cycle).status_code == 422
    assert api.post("roadmaps", "outsider", json=roadmap_body(api)).status_code == 403
    assert fingerprint(db) == before


def test_a_working_group_is_approved_works_reports_and_is_dissolved(api: Api) -> None:
    body = {
        "name": "Рабочая группа по подготовке к ГИА",
        "purpose": "Подготовка к государственной итоговой аттестации",
        "organization_id": api.office.orgs["authority"],
        "deadline_text": "до 02.04.2027",
        "controller_id": api.office.p("controller"),
        "members": [
            {"person_id": api.office.p("approver1"), "role": "chair"},
            {"person_id": api.office.p("executor"), "role": "secretary"},
        ],
    }
    group = api.ok("POST", "working-groups", "clerk", 201, json=body)
    assert group["members"] == body["members"] and group["state"] == "draft"
    two_chairs = {
        **body,
        "members": [
            {"person_id": api.office.p("approver1"), "role": "chair"},
            {"person_id": api.office.p("executor"), "role": "chair"},
        ],
    }
    assert api.post("working-groups", "clerk", json=two_chairs).status_code == 422
    path = f"working-groups/{group['id']}/transitions"
    assert api.post(path, "clerk", json={"event": "approve"}).status_code == 403
    api.ok("POST", path, "head", json={"event": "approve"})
    assert api.ok("POST", path, "clerk", json={"event": "activate"})["state"] == "active"
    assert api.get(f"working-groups/{group['id']}", "executor").status_code == 200  # a member
    assert api.get(f"working-groups/{group['id']}", "director1").status_code == 404
    reported = api.ok("POST", path, "approver1", json={"event": "report", "report_text": "Подготовлены рекомендации."})
    assert reported["state"] == "reported" and reported["final_report"] == "Подготовлены рекомендации."
    blocked = api.post(path, "controller", json={"event": "dissolve"})
    assert blocked.status_code == 409 and "не исполнено поручений: 1" in blocked.get_json()["error"]["message"]
    result = api.ok("GET", f"tasks?source=working_group:{group['id']}", "controller")["items"][0]
    assert (result["state"], result["report_text"]) == ("on_review", "Подготовлены рекомендации.")
    api.ok("POST", f"tasks/{result['id']}/transitions", "controller", json={"event": "accept"})
    assert api.ok("POST", path, "controller", json={"event": "dissolve"})["state"] == "dissolved"
    assert [g["id"] for g in api.ok("GET", "working-groups", "head")["items"]] == [group["id"]]


def test_a_reporting_cycle_collects_a_submitted_and_accepted_period(api: Api) -> None:
    body = {
        "title": "Отчёт по критерию 1.1",
        "organization_id": api.office.orgs["authority"],
        "schedule_text": "Ежегодно, июнь",
        "period": PERIOD,
        "controller_id": api.office.p("controller"),
        "responsible": [{"person_id": api.office.p("executor")}],
        "indicators": [{"name": "Доля выпускников", "unit": "%", "target": 95}],
    }
    cycle = api.ok("POST", "reporting-cycles", "clerk", 201, json=body)
    assert cycle["indicators"][0]["target"] == 95 and cycle["responsible"] == body["responsible"]
    path = f"reporting-cycles/{cycle['id']}/transitions"
    api.ok("POST", path, "head", json={"event": "approve"})
    assert api.ok("POST", path, "clerk", json={"event": "start"})["state"] == "executing"
    periods = api.ok("GET", f"reporting-cycles/{cycle['id']}/periods", "executor")
    assert [(p["due_date"], p["state"]) for p in periods] == [("2027-06-30", "open")]
    period_path = f"reporting-periods/{periods[0]['id']}/transitions"
    indicator = cycle["indicators"][0]["id"]
    wrong = api.post(period_path, "executor", json={"event": "submit", "values": [{"indicator_id": 999, "value": 1}]})
    assert wrong.status_code == 422
    submitted = api.ok(
        "POST",
        period_path,
        "executor",
        json={
            "event": "submit",
            "values": [{"indicator_id": indicator, "value": 96.5}],
            "narrative": "Цель достигнута.",
        },
    )
    assert submitted["state"] == "submitted" and submitted["values"] == [
        {"indicator_id": indicator, "value": 96.5, "comment": ""}
    ]
    assert api.post(period_path, "executor", json={"event": "accept"}).status_code == 403
    assert api.ok("POST", period_path, "controller", json={"event": "accept"})["state"] == "accepted"
    assert api.ok("GET", f"reporting-cycles/{cycle['id']}", "clerk")["state"] == "reported"
    assert api.get(f"reporting-cycles/{cycle['id']}/periods", "director1").status_code == 404
