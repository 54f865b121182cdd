"""Tasks through the API: the card, the list's filters, executors' and controllers' transitions, extensions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update

from models import Order, Task
from models.db import Database
from tests.api.conftest import Api, fingerprint
from tests.builders import approve, new_order
from workflow import clock
from workflow.engine.engine import transition

CONTRACT_FIELDS = {
    "id",
    "state",
    "version",
    "title",
    "source",
    "responsible",
    "co_executors",
    "controller",
    "deadline",
    "original_deadline",
    "deadline_text",
    "overdue",
    "days_overdue",
    "report_text",
    "done_at",
    "done_late",
}


def dispatched(db: Database, api: Api, signed: date | None = None, **overrides: Any) -> int:
    """An approved and dispatched order of the builders (registered on `signed` when given); returns its id."""
    order_id = new_order(db, api.office, **overrides)
    approve(db, api.office, order_id)
    if signed is not None:
        with db.transaction() as session:
            session.execute(update(Order).where(Order.id == order_id).values(reg_date=signed))
    transition(db, "orders", order_id, "dispatch", api.office.actors["clerk"])
    return order_id


def task_of(db: Database, **criteria: Any) -> int:
    """The id of the one task matching the criteria."""
    with db.session() as session:
        ids = session.scalars(select(Task.id).filter_by(**criteria)).all()
    assert len(ids) == 1, criteria
    return ids[0]


def test_a_task_card_has_every_field_of_the_contract(api: Api, db: Database) -> None:
    order_id = dispatched(db, api)
    task_id = task_of(db, order_id=order_id, responsible_person_id=api.office.p("executor"))
    card = api.ok("GET", f"tasks/{task_id}", "executor")
    assert CONTRACT_FIELDS <= set(card)
    assert card["source"] == {"kind": "order", "id": order_id, "point": "2"}
    assert card["responsible"] == {
        "person_id": api.office.p("executor"),
        "organization_id": None,
        "name": "Бадмаева Л.Н.",
    }
    assert card["controller"] == {"person_id": api.office.p("controller"), "name": "Ушакова И.Г."}
    assert (card["state"], card["deadline"], card["original_deadline"]) == ("assigned", "2027-04-02", "2027-04-02")
    assert (card["overdue"], card["days_overdue"], card["done_at"], card["done_late"]) == (False, 0, None, False)
    assert card["co_executors"] == [] and card["deadline_text"] == "до 02.04.2027"


def test_the_task_list_filters_as_the_contract_says(api: Api, db: Database) -> None:
    order_id = dispatched(db, api)
    # Signed long ago: dispatch never dates a task before its order (issue 12), so the order is of 2020.
    late_id = dispatched(
        db,
        api,
        signed=date(2020, 1, 15),
        points=[
            {
                "text": "Сдать отчёт.",
                "controlled": True,
                "responsible": [{"person_id": api.office.p("executor")}],
                "co_executors": [{"organization_id": api.office.orgs["school2"]}],
                "deadline_text": "до 01.02.2020",
            }
        ],
    )
    mine = api.ok("GET", f"tasks?assignee=me&source=order:{order_id}", "executor")
    assert [t["source"]["point"] for t in mine["items"]] == ["2"]

    def count(query: str, who: str = "controller") -> int:
        return api.ok("GET", f"tasks?{query}", who)["total"]

    assert count("") == 5  # two for the person, a roll-up parent and one child per school
    assert count("overdue=true") == 1 and count("overdue=false") == 4
    overdue = api.ok("GET", "tasks?overdue=true", "controller")["items"][0]
    # 01.02.2020 is a Saturday: the records-management rule moved it to Friday.
    assert overdue["source"]["id"] == late_id and overdue["deadline"] == "2020-01-31"
    assert overdue["days_overdue"] == (clock.today() - date(2020, 1, 31)).days
    assert count(f"organization_id={api.office.orgs['school1']}") == 1
    assert count(f"assignee={api.office.p('director2')}") == 2  # their school's child task and the co-execution
    assert count("assignee=me", "director2") == 2
    assert count("due_before=2027-04-05&due_after=2027-03-06") == 1
    assert count("state=assigned") == 5 and count("state=done") == 0
    assert count(f"source=order:{late_id}") == 1 and count("source=roadmap:999") == 0
    assert count("per_page=2") == 5 and len(api.ok("GET", "tasks?per_page=2", "controller")["items"]) == 2
    for bad in ("source=order", "source=poem:1", "assignee=you", "overdue=maybe", "due_before=2022-02-30"):
        response = api.get(f"tasks?{bad}", "controller")
        assert response.status_code == 422, bad
        assert response.get_json()["error"]["code"] == "validation_error"


def test_executors_see_only_their_tasks_and_others_are_not_found(api: Api, db: Database) -> None:
    order_id = dispatched(db, api)
    school1_task = task_of(db, order_id=order_id, responsible_org_id=api.office.orgs["school1"])
    assert api.ok("GET", "tasks", "director1")["total"] == 1
    assert api.ok("GET", "tasks", "outsider")["total"] == 0
    for who in ("director2", "outsider", "executor"):
        response = api.get(f"tasks/{school1_task}", who)
        assert response.status_code == 404, who
        assert response.get_json()["error"]["message"] == f"Поручение № {school1_task} не найдено."
    assert api.get(f"tasks/{school1_task}", "director1").status_code == 200
    assert api.ok("GET", "tasks", "head")["total"] == 4


def test_an_executor_reports_and_the_controller_returns_then_accepts(api: Api, db: Database) -> None:
    order_id = dispatched(db, api)
    task_id = task_of(db, order_id=order_id, responsible_person_id=api.office.p("executor"))
    path = f"tasks/{task_id}/transitions"
    assert api.ok("POST", path, "executor", json={"event": "start"})["state"] == "in_progress"
    missing = api.post(path, "executor", json={"event": "report"})
    assert missing.status_code == 422 and "report_text" in missing.get_json()["error"]["details"]
    reported = api.ok("POST", path, "executor", json={"event": "report", "report_text": "Справка подготовлена."})
    assert reported["state"] == "on_review" and reported["report_text"] == "Справка подготовлена."
    assert api.post(path, "executor", json={"event": "accept"}).status_code == 403
    no_comment = api.post(path, "controller", json={"event": "return"})
    assert no_comment.status_code == 422
    assert (
        api.ok("POST", path, "controller", json={"event": "return", "comment": "Добавьте выводы."})["state"]
        == "in_progress"
    )
    api.ok("POST", path, "executor", json={"event": "report", "report_text": "Выводы добавлены."})
    done = api.ok("POST", path, "controller", json={"event": "accept"})
    assert done["state"] == "done" and done["done_at"] and done["done_late"] is False
    again = api.post(path, "controller", json={"event": "accept"})
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "transition_not_allowed"


def test_an_extension_granted_moves_the_deadline_keeps_the_original_and_is_in_the_history(
    api: Api, db: Database
) -> None:
    order_id = dispatched(db, api)
    task_id = task_of(db, order_id=order_id, responsible_person_id=api.office.p("executor"))
    asked = api.post(
        f"tasks/{task_id}/extension-requests", "executor", json={"new_deadline": "2027-05-05", "reason": "Нет данных"}
    )
    assert asked.status_code == 201
    request = asked.get_json()
    assert (request["status"], request["old_deadline"], request["new_deadline"]) == (
        "pending",
        "2027-04-02",
        "2027-05-05",
    )
    second = api.post(
        f"tasks/{task_id}/extension-requests", "executor", json={"new_deadline": "2027-06-04", "reason": "Ещё"}
    )
    assert second.status_code == 409 and "уже ждёт решения" in second.get_json()["error"]["message"]
    version = api.ok("GET", f"tasks/{task_id}", "executor")["version"]
    decided = api.ok(
        "POST",
        f"extension-requests/{request['id']}/decision",
        "controller",
        json={"decision": "grant", "comment": "Согласна"},
    )
    assert decided["status"] == "granted" and decided["decided_by_id"] == api.office.actors["controller"].user_id
    card = api.ok("GET", f"tasks/{task_id}", "executor")
    assert (card["deadline"], card["original_deadline"], card["version"]) == ("2027-05-05", "2027-04-02", version + 1)
    history = api.ok("GET", f"tasks/{task_id}/history", "executor")
    logged = [(h["event"], h["from_state"], h["to_state"]) for h in history if h["event"].startswith("extension")]
    assert logged == [("extension_requested", "assigned", "assigned"), ("extension_granted", "assigned", "assigned")]
    twice = api.post(f"extension-requests/{request['id']}/decision", "controller", json={"decision": "deny"})
    assert twice.status_code == 409
    assert [r["id"] for r in api.ok("GET", f"tasks/{task_id}/extension-requests", "executor")] == [request["id"]]


def test_a_denied_extension_changes_nothing_but_the_request(api: Api, db: Database) -> None:
    order_id = dispatched(db, api)
    task_id = task_of(db, order_id=order_id, responsible_person_id=api.office.p("executor"))
    request = api.ok(
        "POST",
        f"tasks/{task_id}/extension-requests",
        "executor",
        201,
        json={"new_deadline": "2027-05-05", "reason": "Нет данных"},
    )
    card = api.ok("GET", f"tasks/{task_id}", "executor")
    assert (
        api.ok("POST", f"extension-requests/{request['id']}/decision", "head", json={"decision": "deny"})["status"]
        == "denied"
    )
    after = api.ok("GET", f"tasks/{task_id}", "executor")
    assert (after["deadline"], after["version"]) == (card["deadline"], card["version"])
    assert api.ok("GET", f"tasks/{task_id}/history", "executor")[-1]["event"] == "extension_denied"


def test_only_the_responsible_asks_and_only_the_controller_or_head_decides(api: Api, db: Database) -> None:
    order_id = dispatched(db, api)
    task_id = task_of(db, order_id=order_id, responsible_person_id=api.office.p("executor"))
    body = {"new_deadline": "2027-05-05", "reason": "Нет данных"}
    assert api.post(f"tasks/{task_id}/extension-requests", "controller", json=body).status_code == 403
    assert api.post(f"tasks/{task_id}/extension-requests", "director1", json=body).status_code == 404
    before = fingerprint(db)
    for new_deadline, field in ((clock.today().isoformat(), "new_deadline"), ("2027-03-06", "new_deadline")):
        response = api.post(
            f"tasks/{task_id}/extension-requests", "executor", json={**body, "new_deadline": new_deadline}
        )
        assert response.status_code == 422 and field in response.get_json()["error"]["details"]
    assert fingerprint(db) == before
    request = api.ok("POST", f"tasks/{task_id}/extension-requests", "executor", 201, json=body)
    for who, status in (("executor", 403), ("approver1", 404), ("director1", 404)):
        response = api.post(f"extension-requests/{request['id']}/decision", who, json={"decision": "grant"})
        assert response.status_code == status, who


def test_when_the_controller_asks_the_head_decides(api: Api, db: Database) -> None:
    point = {
        "text": "Подготовить доклад.",
        "controlled": True,
        "responsible": [{"person_id": api.office.p("controller")}],
        "deadline_text": "до 02.04.2027",
    }
    order_id = dispatched(db, api, points=[point])
    task_id = task_of(db, order_id=order_id)
    tomorrow = (clock.today() + timedelta(days=400)).isoformat()
    new = max(tomorrow, "2027-05-05")
    request = api.ok(
        "POST", f"tasks/{task_id}/extension-requests", "controller", 201, json={"new_deadline": new, "reason": "Отпуск"}
    )
    refused = api.post(f"extension-requests/{request['id']}/decision", "controller", json={"decision": "grant"})
    assert refused.status_code == 403 and "руководитель" in refused.get_json()["error"]["message"]
    assert (
        api.ok("POST", f"extension-requests/{request['id']}/decision", "head", json={"decision": "grant"})["status"]
        == "granted"
    )
