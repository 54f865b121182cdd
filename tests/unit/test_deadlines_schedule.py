"""Dispatch properties (issue 12): no task before signing, one a day, every report after its period."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.deadlines.calendar import adjust_due, default_calendar
from workflow.deadlines.grammar import parse_deadline
from workflow.engine.dispatch import schedule

CAL = default_calendar()

TEXTS = st.sampled_from(
    [
        "ежемесячно до 5 числа",
        "ежемесячно, до 5 числа месяца, следующего за отчетным",
        "ежеквартально до 10 числа месяца, следующего за отчётным",
        "ежекв., до 5 числа месяца, следующего за отчетным кварталом",
        "до 5 числа месяца, следующего за окончанием четверти",
        "ежедневно",
        "еженедельно по понедельникам",
        "раз в две недели",
        "Постоянно",
        "ежегодно до 20.05",
        "до 1 октября и до 1 апреля",
        "I, III кварталы",
        "по итогам четверти",
        "каждый второй вторник месяца",
        "не реже трёх раз в год",
        "дважды в год — до 10.01 и до 10.06",
    ]
)
STARTS = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))
RULES = st.sampled_from(["preceding", "following", "none"])


def _deadline(text: str, start: date, days: int, offset: int, with_period: bool, rule: str):
    period = (start, start + timedelta(days=days)) if with_period else None
    return parse_deadline(text, period, start + timedelta(days=offset), rule=rule)


@given(TEXTS, STARTS, st.integers(0, 800), st.integers(0, 400), st.booleans(), RULES)
@settings(max_examples=300, deadline=None)
def test_no_task_is_due_before_the_reference_day_and_no_day_has_two_tasks(text, start, days, offset, with_period, rule):
    deadline = _deadline(text, start, days, offset, with_period, rule)
    plan = schedule(deadline)
    dated = [occ.working for occ in plan.occurrences if occ.working is not None]
    assert all(day >= deadline.reference for day in dated)
    assert all(occ.nominal >= deadline.reference for occ in plan.occurrences if occ.nominal is not None)
    assert len(dated) == len(set(dated))
    assert len(plan.occurrences) >= 1  # nothing lost: at worst one undated task


@given(TEXTS, STARTS, st.integers(0, 800), st.integers(0, 400), st.booleans(), RULES)
@settings(max_examples=300, deadline=None)
def test_no_report_is_due_before_the_end_of_the_period_it_reports_on(text, start, days, offset, with_period, rule):
    deadline = _deadline(text, start, days, offset, with_period, rule)
    for working, reports_on in zip(deadline.working_due_dates, deadline.report_ends or (), strict=False):
        if reports_on is not None:
            assert working > reports_on


@given(STARTS, st.integers(0, 800))
@settings(max_examples=200, deadline=None)
def test_without_a_period_no_due_date_precedes_the_reference_day(reference, _):
    for text in ("до 1 июня", "май", "I квартал", "ежемесячно до 5 числа", "Постоянно", "III четверть", "ежедневно"):
        deadline = parse_deadline(text, None, reference)
        assert all(d >= reference for d in deadline.due_dates), (text, reference, deadline.due_dates)


def test_an_extension_to_a_sunday_moves_by_the_rule_and_says_so():
    day, note = adjust_due(date(2024, 3, 3), CAL, "preceding")
    assert day == date(2024, 3, 1) and "перенесён на предыдущий рабочий день 01.03.2024" in note
    assert adjust_due(date(2024, 3, 3), CAL, "following")[0] == date(2024, 3, 4)
    assert adjust_due(date(2024, 3, 4), CAL, "preceding") == (date(2024, 3, 4), None)


def test_a_report_in_the_january_holidays_is_not_moved_back_into_the_quarter_it_reports_on():
    day, note = adjust_due(date(2026, 1, 10), CAL, "preceding", not_before=date(2025, 12, 31))
    assert day > date(2025, 12, 31) and CAL.is_working_day(day)
    assert "раньше окончания отчётного периода 31.12.2025" in note
