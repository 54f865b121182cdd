"""The deadline grammar against a table of real-world phrasings (tests/unit/deadline_cases.py)."""

from datetime import date

import pytest

from tests.unit.deadline_cases import ALL_CASES, DOMAIN_AND_SAMPLES, Case, case_ids
from workflow.deadlines import grammar
from workflow.deadlines.calendar import default_calendar
from workflow.deadlines.grammar import KINDS, NEEDS_DATE_KINDS, Deadline, RelativeOffset, parse_deadline

CAL = default_calendar()


@pytest.fixture(autouse=True)
def _grammar_errors_fail_the_test(monkeypatch):
    """parse_deadline turns an internal error into kind unknown; here it must surface instead."""

    def fail(message, *args, **kwargs):
        raise AssertionError(message % args)

    monkeypatch.setattr(grammar.logger, "exception", fail)


def _parse(case: Case) -> Deadline:
    period = (date.fromisoformat(case.period[0]), date.fromisoformat(case.period[1])) if case.period else None
    return parse_deadline(case.text, period, date.fromisoformat(case.reference), rule=case.rule)


def test_the_table_is_large_enough_and_its_ids_are_unique():
    assert len(ALL_CASES) >= 220
    ids = case_ids(ALL_CASES)
    assert len(ids) == len(set(ids))
    assert {case.kind for case in ALL_CASES} == set(KINDS)


@pytest.mark.parametrize("case", ALL_CASES, ids=case_ids(ALL_CASES))
def test_phrase_gives_the_expected_schedule(case: Case):
    deadline = _parse(case)
    assert deadline.text == case.text
    assert deadline.kind == case.kind
    assert [d.isoformat() for d in deadline.due_dates] == list(case.due)
    assert (deadline.start.isoformat() if deadline.start else None) == case.start
    assert deadline.rrule == case.rrule
    assert deadline.needs_date is (case.kind in NEEDS_DATE_KINDS)
    if case.working is not None:
        assert [d.isoformat() for d in deadline.working_due_dates] == list(case.working)
    else:
        assert len(deadline.working_due_dates) == len(deadline.due_dates)
        for nominal, working in zip(deadline.due_dates, deadline.working_due_dates, strict=True):
            assert CAL.is_working_day(working)
            assert working <= nominal if case.rule == "preceding" else working >= nominal
    if case.relative is not None:
        assert deadline.relative == RelativeOffset(*case.relative)
    else:
        assert deadline.relative is None
    if case.warn is None:
        assert deadline.warnings == ()
    else:
        assert any(case.warn in warning for warning in deadline.warnings), deadline.warnings


def test_the_api_example_round_trips_exactly():
    deadline = parse_deadline("Ежегодно, июнь", (date(2022, 9, 1), date(2023, 8, 31)), date(2022, 11, 30))
    assert deadline.to_dict() == {
        "text": "Ежегодно, июнь",
        "kind": "recurring",
        "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1",
        "start": None,
        "due_dates": ["2023-06-30"],
        "working_due_dates": ["2023-06-30"],
        "needs_date": False,
        "warnings": [],
        "relative": None,
    }


def test_to_dict_carries_the_relative_offset_and_iso_dates():
    relative = parse_deadline("в течение 10 рабочих дней после утверждения", reference_date=date(2022, 11, 30))
    assert relative.to_dict()["relative"] == {"days": 10, "working": True, "event": "утверждения"}
    assert relative.to_dict()["due_dates"] == []
    window = parse_deadline("Сентябрь – октябрь 2022", reference_date=date(2022, 11, 30))
    assert window.to_dict()["start"] == "2022-09-01"
    assert window.to_dict()["due_dates"] == ["2022-10-31"]


def test_all_thirteen_domain_phrases_are_in_the_table():
    domain = {
        "Сентябрь 2022", "Сентябрь – октябрь 2022", "Ежегодно", "Ежегодно, июнь",
        "ежегодно май сентябрь ноябрь", "Постоянно", "В течение года", "в течение года",
        "В соответствии с графиком проведения", "План РМО", "Март-май, 2021", "до 01 апреля 2022 года",
        "в срок до 28 марта 2022 года",
    }  # fmt: skip
    assert domain <= {case.text for case in DOMAIN_AND_SAMPLES}


def test_the_original_wording_is_kept_verbatim_even_with_noise():
    text = "  «до 01 апреля 2022 г.» (включительно)  "
    deadline = parse_deadline(text, reference_date=date(2022, 1, 10))
    assert deadline.text == text
    assert deadline.due_dates == (date(2022, 4, 1),)


def test_without_a_period_dates_are_not_checked_against_one():
    deadline = parse_deadline("до 01.04.2022", reference_date=date(2026, 11, 22))
    assert deadline.due_dates == (date(2022, 4, 1),)
    assert deadline.warnings == ()


def test_a_due_date_outside_the_period_is_kept_with_a_warning_naming_the_period():
    deadline = parse_deadline("до 15 сентября 2023", (date(2022, 9, 1), date(2023, 8, 31)))
    assert deadline.due_dates == (date(2023, 9, 15),)
    assert deadline.warnings == ("Срок выходит за пределы периода 01.09.2022–31.08.2023: 15.09.2023",)


def test_a_recurring_rule_with_no_occurrence_in_the_period_says_so():
    deadline = parse_deadline("ежегодно в декабре", (date(2023, 1, 1), date(2023, 6, 30)))
    assert deadline.kind == "recurring"
    assert deadline.due_dates == ()
    assert "нет ни одного срока" in deadline.warnings[0]


def test_reference_date_chooses_the_calendar_year_or_the_school_year():
    assert parse_deadline("сентябрь", reference_date=date(2023, 3, 1)).due_dates == (date(2023, 9, 30),)
    # «четверть» smells of school; with no period the next I quarter after 1 March 2023 is 2023-2024's
    # (issue 12: a yearless term is never placed before the reference day).
    school = parse_deadline("I четверть", reference_date=date(2023, 3, 1))
    assert school.due_dates == (date(2023, 10, 26),)


def test_a_calendar_with_an_administrators_override_moves_working_dates():
    calendar = CAL.with_overrides({date(2023, 6, 30): False})
    deadline = parse_deadline("Ежегодно, июнь", (date(2022, 9, 1), date(2023, 8, 31)), calendar=calendar)
    assert deadline.working_due_dates == (date(2023, 6, 29),)


def test_an_unknown_adjustment_rule_or_an_inverted_period_is_a_programming_error():
    with pytest.raises(ValueError, match="Неизвестное правило"):
        parse_deadline("до 01.04.2022", rule="nearest")
    with pytest.raises(ValueError, match="Начало периода"):
        parse_deadline("до 01.04.2022", (date(2023, 1, 1), date(2022, 1, 1)))
    with pytest.raises(ValueError, match="вне допустимых"):
        parse_deadline("до 01.04.2022", (date(1, 1, 1), date(1, 12, 31)))
