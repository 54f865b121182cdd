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
    assert {k: v for k, v in parsed.items() if k != "relative"} == {
        "text": "Ежегодно, июнь",
        "kind": "recurring",
        "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1",
        "start": None,
        "due_dates": ["2023-06-30"],
        "working_due_dates": ["2023-06-30"],
        "needs_date": False,
        "warnings": [],
    }


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
