"""PATCH /tasks/<id> {deadline} dates an undated task; an extension decision grants another day than asked."""

from __future__ import annotations

from sqlalchemy import select

from models import Task
from models.db import Database
from tests.api.conftest import Api, fingerprint
from tests.api.test_tasks import dispatched, task_of

EXTERNAL = "в сроки, установленные Министерством просвещения Российской Федерации"


def _undated(db: Database, api: Api) -> int:
    point = {
        "text": "Представить информацию.",
        "controlled": True,
        "responsible": [{"person_id": api.office.p("executor")}],
        "deadline_text": EXTERNAL,
    }
    order_id = dispatched(db, api, points=[point])
    return task_of(db, order_id=order_id)


def test_the_controller_dates_an_undated_task_and_the_card_says_it_no_longer_needs_a_date(
    api: Api, db: Database
) -> None:
    task_id = _undated(db, api)
    card = api.ok("GET", f"tasks/{task_id}", "controller")
    assert card["needs_date"] and card["deadline"] is None
    dated = api.ok(
        "PATCH",
        f"tasks/{task_id}",
        "controller",
        json={"deadline": "2026-12-15"},
        headers={"If-Match": f'"{card["version"]}"'},
    )
    assert (dated["deadline"], dated["needs_date"], dated["deadline_note"]) == ("2026-12-15", False, None)
    assert dated["version"] == card["version"] + 1
    history = api.ok("GET", f"tasks/{task_id}/history", "executor")
    assert (history[-1]["event"], history[-1]["comment"]) == ("deadline_set", "Срок установлен: 15.12.2026")


def test_a_sunday_moves_to_the_friday_before_and_the_answer_says_so(api: Api, db: Database) -> None:
    task_id = _undated(db, api)
    dated = api.ok("PATCH", f"tasks/{task_id}", "controller", json={"deadline": "2026-12-20"})
    assert dated["deadline"] == "2026-12-18"
    assert "20.12.2026" in dated["deadline_note"] and "18.12.2026" in dated["deadline_note"]


def test_a_dated_task_is_a_conflict_a_past_day_is_invalid_and_others_may_not(api: Api, db: Database) -> None:
    task_id = _undated(db, api)
    before = fingerprint(db)
    past = api.patch(f"tasks/{task_id}", "controller", json={"deadline": "2026-11-01"})
    assert past.status_code == 422 and "deadline" in past.get_json()["error"]["details"]
    assert "«Срок»" in past.get_json()["error"]["message"]
    assert api.patch(f"tasks/{task_id}", "executor", json={"deadline": "2026-12-15"}).status_code == 403
    assert api.patch(f"tasks/{task_id}", "director1", json={"deadline": "2026-12-15"}).status_code == 404
    assert api.patch(f"tasks/{task_id}", "controller", json={}).status_code == 422
    assert fingerprint(db) == before
    api.ok("PATCH", f"tasks/{task_id}", "controller", json={"deadline": "2026-12-15"})
    again = api.patch(f"tasks/{task_id}", "controller", json={"deadline": "2026-12-22"})
    assert again.status_code == 409 and "срок уже определён" in again.get_json()["error"]["message"]
    dated_one = task_of(db, order_id=dispatched(db, api), responsible_person_id=api.office.p("executor"))
    assert api.patch(f"tasks/{dated_one}", "controller", json={"deadline": "2026-12-22"}).status_code == 409


def test_an_extension_is_granted_at_another_day_than_asked_and_a_sunday_moves_with_a_note(
    api: Api, db: Database
) -> None:
    order_id = dispatched(db, api)
    task_id = task_of(db, order_id=order_id, responsible_person_id=api.office.p("executor"))
    body = {"new_deadline": "2027-06-04", "reason": "Нет данных"}
    request = api.ok("POST", f"tasks/{task_id}/extension-requests", "executor", 201, json=body)
    decided = api.ok(
        "POST",
        f"extension-requests/{request['id']}/decision",
        "controller",
        json={"decision": "grant", "new_deadline": "2027-05-16", "comment": "До середины мая"},
    )
    assert (decided["new_deadline"], decided["granted_deadline"], decided["task_deadline"]) == (
        "2027-06-04",
        "2027-05-14",
        "2027-05-14",
    )
    assert "16.05.2027" in decided["deadline_note"] and "14.05.2027" in decided["deadline_note"]
    card = api.ok("GET", f"tasks/{task_id}", "executor")
    assert (card["deadline"], card["original_deadline"]) == ("2027-05-14", "2027-04-02")
    granted = api.ok("GET", f"tasks/{task_id}/history", "executor")[-1]
    assert granted["event"] == "extension_granted" and granted["payload"]["granted_deadline"] == "2027-05-14"


def test_another_day_is_refused_with_a_denial_in_the_past_or_before_the_current_deadline(
    api: Api, db: Database
) -> None:
    order_id = dispatched(db, api)
    task_id = task_of(db, order_id=order_id, responsible_person_id=api.office.p("executor"))
    body = {"new_deadline": "2027-06-04", "reason": "Нет данных"}
    request = api.ok("POST", f"tasks/{task_id}/extension-requests", "executor", 201, json=body)
    before = fingerprint(db)
    path = f"extension-requests/{request['id']}/decision"
    for decision, day in (("deny", "2027-05-05"), ("grant", "2026-11-10"), ("grant", "2027-03-01")):
        response = api.post(path, "controller", json={"decision": decision, "new_deadline": day})
        assert response.status_code == 422, (decision, day)
        error = response.get_json()["error"]
        assert "new_deadline" in error["details"] and "«Новый срок»" in error["message"]
    assert fingerprint(db) == before


def test_nobody_grants_another_day_on_a_request_they_made(api: Api, db: Database) -> None:
    point = {
        "text": "Подготовить доклад.",
        "controlled": True,
        "responsible": [{"person_id": api.office.p("controller")}],
        "deadline_text": "до 02.04.2027",
    }
    task_id = task_of(db, order_id=dispatched(db, api, points=[point]))
    body = {"new_deadline": "2027-05-05", "reason": "Отпуск"}
    request = api.ok("POST", f"tasks/{task_id}/extension-requests", "controller", 201, json=body)
    own = api.post(
        f"extension-requests/{request['id']}/decision",
        "controller",
        json={"decision": "grant", "new_deadline": "2027-06-09"},
    )
    assert own.status_code == 403 and "Никто не решает по своему запросу" in own.get_json()["error"]["message"]
    with db.session() as s:
        assert s.scalar(select(Task.deadline).where(Task.id == task_id)).isoformat() == "2027-04-02"  # type: ignore[union-attr]
