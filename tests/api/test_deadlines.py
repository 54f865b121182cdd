"""POST /deadlines/parse: the contract's example, the office calendar, and refusals of bad input."""

from __future__ import annotations

from datetime import date

from models import CalendarDay
from models.db import Database
from tests.api.conftest import Api


def test_the_contract_example_parses_exactly_as_documented(api: Api) -> None:
    body = {
        "text": "Ежегодно, июнь",
        "period": {"start": "2022-09-01", "end": "2023-08-31"},
        "reference_date": "2022-11-30",
    }
    parsed = api.ok("POST", "deadlines/parse", "executor", json=body)
    added = {"tasks", "dropped", "tasks_count", "time"}  # the task preview (issue 12), checked below
    assert {k: v for k, v in parsed.items() if k != "relative" and k not in added} == {
        "text": "Ежегодно, июнь",
        "kind": "recurring",
        "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1",
        "start": None,
        "due_dates": ["2023-06-30"],
        "working_due_dates": ["2023-06-30"],
        "needs_date": False,
        "warnings": [],
    }
    assert {k: parsed[k] for k in added} == {
        "tasks": [{"index": 1, "nominal": "2023-06-30", "working": "2023-06-30", "note": None}],
        "dropped": [],
        "tasks_count": 1,
        "time": None,
    }


def test_the_preview_lists_every_task_and_the_dates_dropped_before_the_order(api: Api) -> None:
    body = {
        "text": "Постоянно",
        "period": {"start": "2022-09-01", "end": "2023-08-31"},
        "reference_date": "2022-11-30",
        "executors_count": 3,
    }
    parsed = api.ok("POST", "deadlines/parse", "clerk", json=body)
    assert [t["working"] for t in parsed["tasks"]] == ["2022-12-30", "2023-03-31", "2023-06-30"]
    assert parsed["dropped"] == ["2022-09-30"] and parsed["tasks_count"] == 9
    assert "Сроки до даты приказа 30.11.2022 не создаются: 30.09.2022" in parsed["warnings"]
    moved = parsed["tasks"][0]
    assert moved["nominal"] == "2022-12-31" and "перенесён на предыдущий рабочий день 30.12.2022" in moved["note"]


def test_the_office_calendar_edits_move_working_due_dates(api: Api, db: Database) -> None:
    with db.transaction() as session:
        session.add(CalendarDay(day=date(2023, 6, 30), working=False, note="Перенесённый выходной"))
    body = {"text": "до 30.06.2023", "reference_date": "2022-11-30"}
    parsed = api.ok("POST", "deadlines/parse", "clerk", json=body)
    assert parsed["due_dates"] == ["2023-06-30"] and parsed["working_due_dates"] == ["2023-06-29"]


def test_texts_that_need_a_date_say_so(api: Api) -> None:
    parsed = api.ok("POST", "deadlines/parse", "clerk", json={"text": "В соответствии с графиком проведения"})
    assert parsed["kind"] == "external" and parsed["needs_date"] is True and parsed["due_dates"] == []


def test_impossible_dates_reversed_periods_and_empty_texts_are_422(api: Api) -> None:
    cases = [
        ({"text": "Ежегодно", "reference_date": "2022-02-30"}, "reference_date", "Некорректная дата"),
        (
            {"text": "Ежегодно", "period": {"start": "2023-08-31", "end": "2022-09-01"}},
            "period.end",
            "Начало периода позже",
        ),
        ({"text": "   "}, "text", "не может быть пустым"),
        ({"text": "я" * 2001}, "text", "Не длиннее 2000"),
        ({"text": "Ежегодно", "period": {"start": "2022-09-01"}}, "period.end", "Обязательное поле"),
    ]
    for body, field, message in cases:
        response = api.post("deadlines/parse", "clerk", json=body)
        assert response.status_code == 422, body
        details = response.get_json()["error"]["details"]
        assert message in details[field][0], (body, details)
