"""Property tests of the deadline grammar: spellings round-trip, ranges span whole months, nothing raises."""

import json
from datetime import date, timedelta
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow.deadlines import grammar
from workflow.deadlines.calendar import default_calendar, default_school_calendar
from workflow.deadlines.grammar import KINDS, NEEDS_DATE_KINDS, parse_deadline

CAL = default_calendar()

GENITIVE = [
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
]  # fmt: skip
NOMINATIVE = [
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
]  # fmt: skip
ABBREVIATED = [
    "янв.",
    "фев.",
    "мар.",
    "апр.",
    "мая",
    "июн.",
    "июл.",
    "авг.",
    "сент.",
    "окт.",
    "нояб.",
    "дек.",
]
WEEKDAYS = {
    "понедельникам": "MO", "вторникам": "TU", "средам": "WE", "четвергам": "TH", "пятницам": "FR",
}  # fmt: skip

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
PREFIXES = st.sampled_from(["", "до ", "в срок до ", "не позднее ", "к ", "Срок: до ", "не позже "])
CASES = st.sampled_from([str.lower, str.upper, str.capitalize, lambda s: s])
PERIOD_STARTS = st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31))


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _strict():
    """Let an internal grammar error surface instead of becoming kind unknown."""
    return mock.patch.object(grammar.logger, "exception", side_effect=AssertionError("grammar error"))


@st.composite
def numeric_spellings(draw) -> tuple[str, date]:
    d = draw(DATES)
    if draw(st.booleans()):
        body = d.isoformat()
    else:
        sep = draw(st.sampled_from([".", "/", "-"]))
        day = draw(st.sampled_from([str(d.day), f"{d.day:02d}"]))
        month = draw(st.sampled_from([str(d.month), f"{d.month:02d}"]))
        year = draw(st.sampled_from([str(d.year), f"{d.year % 100:02d}"]))
        body = f"{day}{sep}{month}{sep}{year}"
    suffix = draw(st.sampled_from(["", " г.", " года", ".", " включительно", " (включительно)"]))
    return draw(PREFIXES) + body + suffix, d


@st.composite
def worded_spellings(draw) -> tuple[str, date]:
    d = draw(DATES)
    day = draw(st.sampled_from([str(d.day), f"{d.day:02d}", f"{d.day}-го"]))
    month = draw(st.sampled_from([GENITIVE[d.month - 1], ABBREVIATED[d.month - 1]]))
    suffix = draw(st.sampled_from(["", " г.", " года", " г", " года включительно"]))
    text = f"{draw(PREFIXES)}{day} {month} {d.year}{suffix}"
    return draw(CASES)(text), d


@given(numeric_spellings(), st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
@settings(max_examples=250, deadline=None)
def test_a_numeric_date_in_any_spelling_parses_back_to_itself(spelled, reference):
    text, expected = spelled
    with _strict():
        deadline = parse_deadline(text, reference_date=reference)
    assert deadline.kind == "date", text
    assert deadline.due_dates == (expected,), text


@given(worded_spellings())
@settings(max_examples=250, deadline=None)
def test_a_date_written_in_words_parses_back_to_itself(spelled):
    text, expected = spelled
    with _strict():
        deadline = parse_deadline(text, reference_date=date(2022, 11, 30))
    assert deadline.kind == "date", text
    assert deadline.due_dates == (expected,), text


@st.composite
def month_ranges(draw) -> tuple[str, date, date, tuple[date, date] | None]:
    first_year = draw(st.integers(2001, 2097))
    first_month = draw(st.integers(1, 12))
    length = draw(st.integers(1, 11))
    index = first_month - 1 + length
    last_year, last_month = first_year + index // 12, index % 12 + 1
    dash = draw(st.sampled_from(["-", "–", "—", "−", " - ", " – ", " — ", " − "]))
    start, due = date(first_year, first_month, 1), _month_end(last_year, last_month)
    first_nom, last_nom = NOMINATIVE[first_month - 1], NOMINATIVE[last_month - 1]
    form = draw(st.sampled_from(["year-at-end", "both-years", "s-po", "s-po-both-years", "no-year"]))
    period = None
    if form == "year-at-end":
        text = f"{first_nom}{dash}{last_nom} {last_year}"
    elif form == "both-years":
        text = f"{first_nom} {first_year}{dash}{last_nom} {last_year} г."
    elif form == "s-po":
        text = f"с {GENITIVE[first_month - 1]} по {last_nom} {last_year} года"
    elif form == "s-po-both-years":
        text = f"с {GENITIVE[first_month - 1]} {first_year} года по {last_nom} {last_year} года"
    else:
        # No year at all: the academic year places the first month; the range may cross New Year.
        academic_start = first_year if first_month >= 9 else first_year - 1
        period = (date(academic_start, 9, 1), date(academic_start + 1, 8, 31))
        text = f"{first_nom}{dash}{last_nom}"
    return draw(CASES)(text), start, due, period


@given(month_ranges())
@settings(max_examples=250, deadline=None)
def test_a_range_of_months_spans_from_the_first_day_of_the_first_to_the_last_day_of_the_last(spelled):
    text, start, due, period = spelled
    with _strict():
        deadline = parse_deadline(text, period, reference_date=date(2022, 11, 30))
    assert deadline.kind == "window", text
    assert deadline.start == start, text
    assert deadline.due_dates == (due,), text


# Fragments of real phrases, glued at random: far likelier than random unicode to reach odd corners.
FRAGMENTS = [
    "до", "с", "по", "к", "не позднее", "в течение", "ежегодно", "ежеквартально", "ежемесячно",
    "еженедельно", "постоянно", "числа", "1", "15", "31", "0", "99", "2022", "2023-2024", "29.02",
    "31.02.2023", "12.12", "01.09.2022", "2022-09-01", "9999", "сентября", "сентябрь", "мае", "сент.",
    "i", "iv", "ш", "квартал", "кв.", "полугодие", "четверть", "триместр", "декада", "первая",
    "половина", "начало", "конца", "учебного", "года", "уч.", "г.", "гг.", "дней", "рабочих",
    "недели", "месяца", "после", "со дня", "за", "трехдневный срок", "-", "—", ",", ".", "(", ")",
    "«", "»", "и", "зима", "летний период", "по графику", "план", "по пятницам", "последнюю пятницу",
    "раз в год", "2 раза в год", "#", "№", "ё", "Ⅳ", "0000", "9999", "1899", "2101", "2100",
]  # fmt: skip
PERIODS = st.one_of(
    st.none(),
    st.builds(lambda start, days: (start, start + timedelta(days=days)), PERIOD_STARTS, st.integers(0, 1500)),
    # The edges of the years a period may have.
    st.just((date(1900, 1, 1), date(1900, 12, 31))),
    st.just((date(2100, 1, 1), date(2100, 12, 31))),
)


def _check_shape(deadline, text):
    assert deadline.text == text
    assert deadline.kind in KINDS
    assert deadline.needs_date is (deadline.kind in NEEDS_DATE_KINDS)
    assert list(deadline.due_dates) == sorted(set(deadline.due_dates))
    assert len(deadline.working_due_dates) == len(deadline.due_dates)
    json.dumps(deadline.to_dict(), ensure_ascii=False)
    if deadline.kind in ("unknown", "external"):
        assert deadline.warnings


@given(st.text(max_size=80), PERIODS)
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_never_raises_and_gives_a_valid_kind(text, period):
    with _strict():
        deadline = parse_deadline(text, period, reference_date=date(2022, 11, 30))
    _check_shape(deadline, text)


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.sampled_from([" ", "", " ,"]), PERIODS)
@settings(max_examples=400, deadline=None)
def test_glued_fragments_of_real_phrases_never_raise(fragments, joiner, period):
    text = joiner.join(fragments)
    with _strict():
        deadline = parse_deadline(text, period, reference_date=date(2022, 11, 30))
    _check_shape(deadline, text)


@st.composite
def dated_phrases(draw) -> str:
    d = draw(st.dates(min_value=date(2018, 1, 1), max_value=date(2029, 12, 31)))
    return draw(
        st.sampled_from(
            [
                f"до {d:%d.%m.%Y}",
                f"{d.day} {GENITIVE[d.month - 1]} {d.year} года",
                f"{NOMINATIVE[d.month - 1]} {d.year}",
                f"в течение {d.year} года",
                f"I квартал {d.year}",
                "Постоянно",
                "ежемесячно до 5 числа",
                "еженедельно по понедельникам",
                "ежегодно, июнь",
                "ежедневно",
            ]
        )
    )


@given(dated_phrases(), PERIOD_STARTS, st.integers(0, 800), st.sampled_from(["preceding", "following"]))
@settings(max_examples=200, deadline=None)
def test_working_due_dates_are_working_days_moved_only_in_the_rules_direction(text, start, days, rule):
    deadline = parse_deadline(text, (start, start + timedelta(days=days)), rule=rule)
    for nominal, working in zip(deadline.due_dates, deadline.working_due_dates, strict=True):
        assert CAL.is_working_day(working)
        if CAL.is_working_day(nominal):
            assert working == nominal
        elif rule == "preceding":
            assert working < nominal
        else:
            assert working > nominal


@st.composite
def recurring_phrases(draw) -> tuple[str, int | None]:
    """A recurring phrase and, when it names one, the day of the month every due date falls on."""
    day = draw(st.integers(1, 28))
    month = draw(st.integers(1, 12))
    weekday = draw(st.sampled_from(sorted(WEEKDAYS)))
    return draw(
        st.sampled_from(
            [
                (f"ежемесячно до {day} числа", day),
                (f"ежеквартально до {day} числа месяца, следующего за отчётным", day),
                (f"ежегодно до {day} {GENITIVE[month - 1]}", day),
                (f"Ежегодно, {NOMINATIVE[month - 1]}", None),
                (f"ежегодно {NOMINATIVE[month - 1]} {NOMINATIVE[(month + 3) % 12]}", None),
                ("ежеквартально", None),
                ("ежемесячно", None),
                (f"еженедельно по {weekday}", None),
                ("по четвертям", None),
                ("2 раза в год", None),
            ]
        )
    )


@given(recurring_phrases(), PERIOD_STARTS, st.integers(0, 1100))
@settings(max_examples=200, deadline=None)
def test_recurring_due_dates_are_sorted_and_inside_the_period(phrase, start, days):
    text, day = phrase
    end = start + timedelta(days=days)
    with _strict():
        deadline = parse_deadline(text, (start, end))
    assert deadline.kind == "recurring"
    if "четверт" in text:
        # School quarters come from the school calendar's data, not from a rule: their ends.
        ends = {q[1] for year in range(start.year - 1, end.year + 1) for q in default_school_calendar().quarters(year)}
        assert set(deadline.due_dates) <= ends
    else:
        assert deadline.rrule and deadline.rrule.startswith("FREQ=")
    assert list(deadline.due_dates) == sorted(set(deadline.due_dates))
    # A report on a period inside the window may fall after it (issue 12, case 5), never one before.
    for d, reports_on in zip(deadline.due_dates, deadline.report_ends or [None] * len(deadline.due_dates), strict=True):
        assert start <= (reports_on or d) <= end
        assert reports_on is None or reports_on < d
    if day is not None:
        assert all(d.day == day for d in deadline.due_dates)
    if text.startswith("еженедельно"):
        assert all(d.weekday() == list(WEEKDAYS).index(text.split()[-1]) for d in deadline.due_dates)
        assert len(deadline.due_dates) >= days // 7
