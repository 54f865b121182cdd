"""The Russian production calendar: bundled data, the working-day rules and administrators' overrides."""

import json
from datetime import date, timedelta

import pytest

from workflow.deadlines.calendar import (
    CALENDAR_FILE,
    STATUTORY_HOLIDAYS,
    WorkingCalendar,
    default_calendar,
    load_calendar,
    statutory_holidays,
)

CAL = default_calendar()


def _days(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def test_the_calendar_file_covers_every_year_from_2020_to_2027_and_names_its_source():
    data = json.loads(CALENDAR_FILE.read_text(encoding="utf-8"))
    assert sorted(int(year) for year in data["years"]) == list(range(2020, 2028))
    assert "holidays" in data["source"]
    assert any("COVID-19" in note for note in data["notes"])
    assert any("2027" in note for note in data["notes"])
    for year in range(2020, 2028):
        assert CAL.covers(year)
    assert not CAL.covers(2019)
    assert not CAL.covers(2028)


# The official number of working days of the five-day week, as published for each year.
OFFICIAL_WORKING_DAYS = {2020: 248, 2021: 247, 2022: 247, 2023: 247, 2024: 248, 2025: 247, 2026: 247}


@pytest.mark.parametrize("year", sorted(OFFICIAL_WORKING_DAYS))
def test_the_number_of_working_days_matches_the_official_production_calendar(year):
    assert sum(CAL.is_working_day(d) for d in _days(year)) == OFFICIAL_WORKING_DAYS[year]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2024, 4, 27), True),  # Saturday worked for 29 April
        (date(2024, 4, 29), False),
        (date(2024, 4, 30), False),
        (date(2024, 5, 10), False),  # Friday off, transferred from 6 January
        (date(2024, 11, 2), True),  # Saturday worked for 30 April
        (date(2024, 12, 28), True),  # Saturday worked for 30 December
        (date(2024, 12, 30), False),
        (date(2024, 12, 31), False),
        (date(2023, 2, 24), False),  # Friday off, transferred from 1 January
        (date(2023, 5, 8), False),
        (date(2023, 11, 6), False),  # Monday after Unity Day on a Saturday
        (date(2025, 11, 1), True),  # Saturday worked for 3 November
        (date(2025, 11, 3), False),
        (date(2025, 5, 2), False),
        (date(2025, 5, 8), False),
        (date(2025, 6, 13), False),
        (date(2025, 12, 31), False),
        (date(2022, 3, 5), True),
        (date(2022, 3, 7), False),
        (date(2022, 5, 3), False),
        (date(2022, 5, 10), False),
        (date(2021, 2, 20), True),
        (date(2021, 2, 22), False),
        (date(2021, 11, 5), False),
        (date(2021, 12, 31), False),
        (date(2020, 5, 4), False),
        (date(2020, 5, 5), False),
        (date(2020, 2, 24), False),
        (date(2020, 4, 15), True),  # a COVID-19 «non-working day» is not a holiday
        (date(2026, 1, 9), False),
        (date(2026, 3, 9), False),
        (date(2026, 5, 11), False),
        (date(2026, 12, 31), False),
        (date(2027, 2, 20), True),
        (date(2027, 2, 22), False),
        (date(2027, 11, 5), False),
        (date(2023, 6, 12), False),
        (date(2023, 6, 13), True),
        (date(2023, 3, 9), True),
    ],
    ids=lambda value: value.isoformat() if isinstance(value, date) else str(value),
)
def test_known_days_of_the_production_calendar(day, working):
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize("year", range(2020, 2028))
def test_new_year_holidays_run_from_1_to_8_january_every_year(year):
    assert not any(CAL.is_working_day(date(year, 1, day)) for day in range(1, 9))


@pytest.mark.parametrize("year", range(2020, 2028))
def test_every_holiday_of_article_112_on_a_weekday_is_a_day_off_in_the_bundled_data(year):
    # Only the holidays themselves: the Monday substitutes may be moved elsewhere by the decree
    # (in 2025 the day for Sunday 23 February went to 8 May).
    for month, day in STATUTORY_HOLIDAYS:
        holiday = date(year, month, day)
        if holiday.weekday() < 5:
            assert not CAL.is_working_day(holiday), holiday


def test_statutory_fallback_moves_a_weekend_holiday_to_the_next_working_day_but_not_in_january():
    days_2028 = statutory_holidays(2028)
    # 2028: 23 February is a Wednesday, 8 March a Wednesday, 1 May a Monday, 9 May a Tuesday,
    # 12 June a Monday, 4 November a Saturday → Monday 6 November.
    assert date(2028, 11, 6) in days_2028
    assert date(2028, 11, 4) in days_2028
    # 1–2 January 2028 are a Saturday and a Sunday; only a decree could move them.
    assert date(2028, 1, 10) not in days_2028
    assert statutory_holidays(2023) >= {date(2023, 11, 6)}


def test_outside_the_covered_years_only_weekends_and_statutory_holidays_are_days_off():
    assert not CAL.covers(2030)
    assert CAL.is_working_day(date(2030, 1, 9))
    assert not CAL.is_working_day(date(2030, 1, 7))
    assert not CAL.is_working_day(date(2030, 1, 12))  # a Saturday
    assert not CAL.is_working_day(date(2030, 6, 12))
    assert CAL.is_working_day(date(2019, 12, 31))


def test_preceding_rule_moves_a_holiday_to_the_last_working_day_before_it():
    assert CAL.adjust(date(2024, 5, 10), "preceding") == date(2024, 5, 8)
    assert CAL.adjust(date(2022, 12, 31), "preceding") == date(2022, 12, 30)
    assert CAL.adjust(date(2024, 4, 29)) == date(2024, 4, 27)  # onto the working Saturday
    assert CAL.adjust(date(2023, 1, 5)) == date(2022, 12, 30)


def test_following_rule_moves_a_holiday_to_the_next_working_day():
    assert CAL.adjust(date(2024, 5, 10), "following") == date(2024, 5, 13)
    assert CAL.adjust(date(2022, 12, 31), "following") == date(2023, 1, 9)
    assert CAL.adjust(date(2025, 11, 2), "following") == date(2025, 11, 5)


def test_a_working_day_is_never_moved_and_rule_none_moves_nothing():
    assert CAL.adjust(date(2024, 5, 8), "preceding") == date(2024, 5, 8)
    assert CAL.adjust(date(2024, 5, 8), "following") == date(2024, 5, 8)
    assert CAL.adjust(date(2024, 5, 10), "none") == date(2024, 5, 10)


def test_an_unknown_rule_is_refused_with_a_russian_message():
    with pytest.raises(ValueError, match="Неизвестное правило"):
        CAL.adjust(date(2024, 5, 10), "nearest")


def test_running_off_the_end_of_the_date_range_is_a_value_error_not_an_overflow():
    with pytest.raises(ValueError, match="Нет рабочего дня"):
        CAL.adjust(date.min, "preceding")  # 1 January, a statutory holiday


def test_adding_working_days_skips_weekends_and_transferred_holidays():
    assert CAL.add_working_days(date(2024, 4, 26), 1) == date(2024, 4, 27)
    assert CAL.add_working_days(date(2024, 4, 27), 1) == date(2024, 5, 2)
    assert CAL.add_working_days(date(2022, 12, 30), 1) == date(2023, 1, 9)
    assert CAL.add_working_days(date(2023, 1, 9), -1) == date(2022, 12, 30)
    assert CAL.add_working_days(date(2024, 5, 13), -3) == date(2024, 5, 6)
    assert CAL.add_working_days(date(2024, 5, 10), 0) == date(2024, 5, 10)


def test_counting_working_days_round_trips_with_adding_them():
    start = date(2024, 4, 20)
    for n in (-25, -7, -1, 0, 1, 5, 12, 40):
        assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n
    assert CAL.working_days_between(date(2023, 1, 1), date(2023, 12, 31)) == 247
    assert CAL.working_days_between(date(2024, 5, 1), date(2024, 5, 1)) == 0


def test_overrides_win_over_the_bundled_data_and_leave_the_original_untouched():
    # A regional holiday and a worked holiday, as an administrator would mark them.
    edited = CAL.with_overrides({date(2024, 12, 25): False, date(2024, 5, 10): True})
    assert not edited.is_working_day(date(2024, 12, 25))
    assert edited.is_working_day(date(2024, 5, 10))
    assert edited.adjust(date(2024, 12, 25)) == date(2024, 12, 24)
    assert CAL.is_working_day(date(2024, 12, 25))
    assert not CAL.is_working_day(date(2024, 5, 10))
    assert edited.overrides == {date(2024, 12, 25): False, date(2024, 5, 10): True}


def test_later_overrides_replace_earlier_ones_for_the_same_day():
    edited = CAL.with_overrides({date(2024, 12, 25): False}).with_overrides({date(2024, 12, 25): True})
    assert edited.is_working_day(date(2024, 12, 25))


def test_overrides_passed_to_the_constructor_apply_outside_the_covered_years_too():
    calendar = WorkingCalendar(overrides={date(2031, 3, 15): True})
    assert calendar.is_working_day(date(2031, 3, 15))  # a Saturday
    assert not calendar.is_working_day(date(2031, 3, 8))


def test_a_calendar_built_from_sets_uses_them_for_its_covered_years():
    calendar = WorkingCalendar(holidays={date(2024, 7, 1)}, working_weekends={date(2024, 7, 6)})
    assert calendar.covers(2024)
    assert not calendar.is_working_day(date(2024, 7, 1))
    assert calendar.is_working_day(date(2024, 7, 6))
    # In its covered year the statutory list is not consulted: the given sets are the whole truth.
    assert calendar.is_working_day(date(2024, 6, 12))


def test_default_calendar_is_loaded_once_and_equals_a_fresh_load():
    assert default_calendar() is default_calendar()
    fresh = load_calendar()
    assert all(fresh.is_working_day(d) == CAL.is_working_day(d) for d in _days(2024))
