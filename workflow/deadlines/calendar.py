"""The Russian working (production) calendar: which days are working days, and how deadlines move."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

CALENDAR_FILE = Path(__file__).parent / "data" / "production_calendar_ru.json"

ADJUST_RULES = ("preceding", "following", "none")

# ТК РФ ст. 112: 1–6 and 8 January (New Year holidays), 7 January, 23 February, 8 March, 1 May,
# 9 May, 12 June, 4 November.
STATUTORY_HOLIDAYS = (
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 7), (1, 8),
    (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4),
)  # fmt: skip

# A run of non-working days longer than this can only come from broken overrides; stop there
# instead of looping for ever.
_MAX_NON_WORKING_RUN = 366

_ONE_DAY = timedelta(days=1)


@cache
def statutory_holidays(year: int) -> frozenset[date]:
    """Non-working days of a year by ТК РФ ст. 112 alone (no government decree known)."""
    days = {date(year, month, day) for month, day in STATUTORY_HOLIDAYS}
    # ст. 112 ч. 2: a weekend day coinciding with a holiday moves to the next working day after the
    # holiday — except for the January holidays, which only a government decree transfers.
    for holiday in sorted(days):
        if holiday.month == 1 or holiday.weekday() < 5:
            continue
        substitute = holiday + _ONE_DAY
        while substitute.weekday() >= 5 or substitute in days:
            substitute += _ONE_DAY
        days.add(substitute)
    return frozenset(days)


def _days(first: date, last: date) -> Iterator[date]:
    current = first
    while current <= last:
        yield current
        current += _ONE_DAY


class WorkingCalendar:
    """A five-day-week working calendar with holidays, transferred working weekends and overrides.

    For the covered years the given holidays and working weekends are authoritative; outside them
    only Saturdays, Sundays and the statutory holidays of ТК РФ ст. 112 (with the weekend-coinciding
    rule) are non-working, since the government's transfers for those years are unknown.
    Overrides (True = working, False = non-working) win over everything.
    """

    def __init__(
        self,
        holidays: Iterable[date] = (),
        working_weekends: Iterable[date] = (),
        overrides: Mapping[date, bool] | None = None,
        covered_years: Iterable[int] | None = None,
    ) -> None:
        self._holidays = frozenset(holidays)
        self._working_weekends = frozenset(working_weekends)
        self._overrides: dict[date, bool] = dict(overrides or {})
        if covered_years is None:
            covered_years = {d.year for d in self._holidays | self._working_weekends}
        self._covered_years = frozenset(covered_years)

    def __repr__(self) -> str:
        years = sorted(self._covered_years)
        span = f"{years[0]}–{years[-1]}" if years else "нет"
        return f"<WorkingCalendar годы {span}, правок {len(self._overrides)}>"

    @property
    def overrides(self) -> Mapping[date, bool]:
        """The administrator's per-day edits (a copy)."""
        return dict(self._overrides)

    def covers(self, year: int) -> bool:
        """Whether the year's holidays and transfers are known (not the statutory fallback)."""
        return year in self._covered_years

    def is_working_day(self, d: date) -> bool:
        """Whether d is a working day."""
        override = self._overrides.get(d)
        if override is not None:
            return override
        if self.covers(d.year):
            if d in self._working_weekends:
                return True
            if d in self._holidays:
                return False
            return d.weekday() < 5
        return d.weekday() < 5 and d not in statutory_holidays(d.year)

    def adjust(self, d: date, rule: str = "preceding") -> date:
        """Move a non-working d: "preceding" (records management), "following" (ГК РФ ст. 193), "none"."""
        if rule not in ADJUST_RULES:
            raise ValueError(f"Неизвестное правило переноса срока: {rule!r}")
        if rule == "none":
            return d
        step = -_ONE_DAY if rule == "preceding" else _ONE_DAY
        current = d
        try:
            for _ in range(_MAX_NON_WORKING_RUN):
                if self.is_working_day(current):
                    return current
                current += step
        except OverflowError:
            pass  # ran off date.min or date.max: no working day that way
        raise ValueError(f"Нет рабочего дня в пределах года от {d.isoformat()}")

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (before d when n is negative); d itself when n is 0."""
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        remaining = abs(n)
        current = d
        idle = 0
        while remaining:
            current += step
            if self.is_working_day(current):
                remaining -= 1
                idle = 0
            else:
                idle += 1
                if idle > _MAX_NON_WORKING_RUN:
                    raise ValueError(f"Нет рабочего дня в пределах года от {current.isoformat()}")
        return current

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in (a, b], or minus those in [b, a) when b is earlier: the n of add_working_days."""
        if b < a:
            # Counted from the other end so that working_days_between(a, add_working_days(a, n)) == n.
            return -sum(1 for d in _days(b, a - _ONE_DAY) if self.is_working_day(d))
        return sum(1 for d in _days(a + _ONE_DAY, b) if self.is_working_day(d))

    def with_overrides(self, mapping: Mapping[date, bool]) -> WorkingCalendar:
        """A copy with more overrides; the new ones win over existing ones for the same day."""
        return WorkingCalendar(
            self._holidays,
            self._working_weekends,
            {**self._overrides, **mapping},
            self._covered_years,
        )


def load_calendar(path: Path = CALENDAR_FILE) -> WorkingCalendar:
    """Build a calendar from a production-calendar JSON file (see tools/build_calendar.py)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    holidays: set[date] = set()
    working: set[date] = set()
    for year_data in data["years"].values():
        holidays.update(date.fromisoformat(day) for day in year_data["holidays"])
        working.update(date.fromisoformat(day) for day in year_data["working_weekends"])
    return WorkingCalendar(holidays, working, covered_years=(int(year) for year in data["years"]))


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """The bundled Russian production calendar, loaded once."""
    return load_calendar()


def _ru(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def adjust_due(
    day: date, calendar: WorkingCalendar, rule: str = "preceding", not_before: date | None = None
) -> tuple[date, str | None]:
    """A due date moved off a non-working day by the rule, never back onto not_before or earlier; with a note.

    not_before is the last day of the period a report is about: the preceding working day would make
    the report due before the period is over, so there the following working day is taken instead.
    """
    moved = calendar.adjust(day, rule)
    if not_before is not None and moved <= not_before < day:
        moved = calendar.adjust(day, "following")
        if moved != day:
            return moved, (
                f"Срок {_ru(day)} приходится на нерабочий день; перенос на предыдущий рабочий день "
                f"оказался бы раньше окончания отчётного периода {_ru(not_before)}, поэтому срок — {_ru(moved)}"
            )
    if moved == day:
        return day, None
    way = "предыдущий" if moved < day else "следующий"
    return moved, f"Срок {_ru(day)} приходится на нерабочий день: перенесён на {way} рабочий день {_ru(moved)}"


SCHOOL_CALENDAR_FILE = Path(__file__).parent / "data" / "school_calendar.json"


class SchoolCalendar:
    """School quarters (четверти) of each academic year: dates set by the administrator, else the default."""

    def __init__(self, default: Sequence[tuple[str, str]], years: Mapping[int, Sequence[tuple[date, date]]]) -> None:
        self._default = tuple(default)  # ("MM-DD", "MM-DD") per quarter, in academic order
        self._years = {year: tuple(quarters) for year, quarters in years.items()}

    def quarters(self, first_year: int) -> tuple[tuple[date, date], ...]:
        """The four quarters (start, end) of the academic year beginning 1 September of first_year."""
        if first_year in self._years:
            return self._years[first_year]
        spans = []
        for start, end in self._default:
            (sm, sd), (em, ed) = (tuple(int(x) for x in part.split("-")) for part in (start, end))
            spans.append((date(first_year + (sm < 9), sm, sd), date(first_year + (em < 9), em, ed)))
        return tuple(spans)

    def quarter(self, n: int, first_year: int) -> tuple[date, date] | None:
        """Quarter n (1–4) of the academic year first_year, or None for another n."""
        spans = self.quarters(first_year)
        return spans[n - 1] if 1 <= n <= len(spans) else None

    def with_years(self, years: Mapping[int, Sequence[tuple[date, date]]]) -> SchoolCalendar:
        """A copy with the administrator's quarters for some academic years."""
        return SchoolCalendar(self._default, {**self._years, **years})


def load_school_calendar(path: Path = SCHOOL_CALENDAR_FILE) -> SchoolCalendar:
    """The default school calendar from its JSON file: quarters as month-day pairs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return SchoolCalendar([(q["start"], q["end"]) for q in data["quarters"]], {})


@lru_cache(maxsize=1)
def default_school_calendar() -> SchoolCalendar:
    """The bundled default school calendar, loaded once."""
    return load_school_calendar()
