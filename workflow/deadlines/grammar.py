"""Deadlines as people write them («Ежегодно, июнь», «до 01.04.2022», «Постоянно») turned into due dates.

The text is normalised (lower case, ё→е, one kind of dash, no quotes or noise words, month names
replaced by «#MM» tokens, «г.»/«года» after a year dropped), then an ordered list of small
recognisers is tried; the first that matches wins. Decisions the phrases leave open:

* «до 1 сентября» — the date itself is the last day; «до сентября», «к маю» — the day before the
  month starts; «до конца сентября» — the last day of September.
* «до конца учебного года» ends on 31 May (lessons end; nothing can be done in a school in the
  summer), while «в течение учебного года» and «2022-2023 учебный год» end on 31 August.
* A list of months without a year («май, сентябрь, ноябрь») recurs yearly like «ежегодно май
  сентябрь ноябрь»; with a year («май, сентябрь 2023») it is kind month with one due date per month.
* «Ежегодно» with no month is kind period (due = end of the period); in a period longer than a year
  it recurs on the anniversary of the period's end instead, one due date per year.
* «ежегодно, март-апрель» recurs at the end of the range's last month.
* «ежеквартально до 10 числа» — the 10th of the month after each quarter (1, 4, 7, 10);
  «… последнего месяца квартала» — of the quarter's last month.
* «еженедельно» with no weekday is due on Fridays, the last working day of the week.
* School terms: «полугодие» is academic (Sep–Dec, Jan–May) when the period is an academic year or the
  text names one, calendar (Jan–Jun, Jul–Dec) otherwise or with a calendar year; «четверть» is
  Sep–Oct, Nov–Dec, Jan–Mar, Apr–May; «триместр» Sep–Nov, Dec–Feb, Mar–May; seasons are whole months.
* Relative offsets: «в трёхдневный срок» is 3 calendar days, a week 7, a month 30 (with a warning);
  «за 5 дней до …» is −5; no event named — empty event and a warning.
* «до 5 числа» with no month recurs monthly; several dates («до 1 октября и до 1 марта») are kind date
  with several due dates, each yearless one placed in the period on its own; «с 1 сентября 2022»
  alone is kind date with a warning that only a start was given; «I и III кварталы» is a window
  with one due date per quarter.
* Phrases naming another document or event with no date of their own («по графику», «План РМО»,
  «в период проведения ГИА», «в период осенних каникул») are external — unless a date, month or
  term is also written, which then wins.
* Due dates outside an explicitly given period are kept with a warning; with no period given they
  are not checked. Recurring and continuous dates are only generated inside the period.
* RRULEs: author-named months recur FREQ=YEARLY;BYMONTH=…; quarterly, half-yearly and the continuous
  checkpoints are FREQ=MONTHLY;BYMONTH=…;BYMONTHDAY=-1 (aligned to quarter ends without DTSTART).

Issue 12:

* No period: a yearless date, month or term is the next one ending on or after the reference day
  (with a warning naming the choice); series run from the reference day over the horizon (by
  default the academic year in force), never into the past.
* «до N числа месяца, следующего за …» reports on each quarter/month/half/school quarter ending inside
  the period, so the last report may fall after it; its working date never moves back onto or before
  the end of the period it reports on (the following working day is taken there instead).
* Day.month in recurring texts («ежегодно до 20.05», «ежеквартально: до 15.04, 15.07 …») are the dates.
* «ежедневно» is every working day; «раз в две недели» every other Friday; «каждый второй вторник
  месяца» FREQ=MONTHLY;BYDAY=2TU; «не реже …» reads the minimum as the schedule, N times a year spread
  evenly over the (academic or calendar) year.
* School quarters (четверти) come from the school calendar (data/school_calendar.json, per-year edits
  by the administrator), not from whole months.
* A time of day («до 12.00 15.11.2023», «в 10:00») is taken out before dates are read.
"""

from __future__ import annotations

import itertools
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from workflow.deadlines.calendar import (
    ADJUST_RULES,
    SchoolCalendar,
    WorkingCalendar,
    adjust_due,
    default_calendar,
    default_school_calendar,
)

logger = logging.getLogger(__name__)

KINDS = ("date", "window", "month", "recurring", "period", "continuous", "external", "relative", "unknown")
NEEDS_DATE_KINDS = ("external", "relative", "unknown")

QUARTER_ENDS_RRULE = "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"

_MIN_YEAR = 1900
_MAX_YEAR = 2100
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class RelativeOffset:
    """An offset from an event: «в течение 10 рабочих дней после утверждения»."""

    days: int
    working: bool  # рабочих vs календарных дней
    event: str  # the event text, e.g. «окончания мониторинга»

    def to_dict(self) -> dict:
        """The JSON shape of the offset."""
        return {"days": self.days, "working": self.working, "event": self.event}


@dataclass(frozen=True)
class Deadline:
    """A deadline text with the schedule derived from it."""

    text: str
    kind: str
    rrule: str | None
    start: date | None
    due_dates: tuple[date, ...]
    working_due_dates: tuple[date, ...]
    needs_date: bool
    warnings: tuple[str, ...]
    relative: RelativeOffset | None = None
    # The last day of the period each due date reports on (None: not a report on a period).
    report_ends: tuple[date | None, ...] = ()
    time_of_day: time | None = None  # «до 12.00 15.11.2023»
    reference: date | None = None  # the reference day the caller gave (registration or draft date)
    working_notes: tuple[str | None, ...] = ()  # why each working date differs from its due date

    def to_dict(self) -> dict:
        """The API shape (see API.md, Deadlines), dates as ISO strings."""
        return {
            "text": self.text,
            "kind": self.kind,
            "rrule": self.rrule,
            "start": self.start.isoformat() if self.start else None,
            "due_dates": [d.isoformat() for d in self.due_dates],
            "working_due_dates": [d.isoformat() for d in self.working_due_dates],
            "needs_date": self.needs_date,
            "warnings": list(self.warnings),
            "relative": self.relative.to_dict() if self.relative else None,
        }


# --------------------------------------------------------------------------------------------------
# Normalisation

_DASH_CHARS = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d")
_QUOTE_CHARS = frozenset("«»\"“”„‟‹›'‘’‚`")

_NOISE = (
    (re.compile(r"\((?:по согласованию|включительно|ориентировочно|примерно|предварительно)\)"), " "),
    (re.compile(r"\b(?:включительно|ориентировочно|примерно|предварительно)\b"), " "),
    (re.compile(r"^\s*сроки?(?: исполнения| выполнения| проведения)?\s*[:-]\s*"), ""),
    (re.compile(r"\bне позже\b|\bне позднее чем\b"), "не позднее"),
    (re.compile(r"\bг\.\s*г\.?"), "гг"),
    (re.compile(r"[()\[\]{}]"), " "),
)
_YEAR_SUFFIX = re.compile(r"(\d{4})\s*(?:года|году|годе|год|г)(?![а-яa-z])\.?")
_MONTH_WORD = re.compile(
    r"(?<![а-яa-z])(январ[ьяею]|янв|феврал[ьяею]|февр?|март[аеу]?|мар|апрел[ьяею]|апр|ма[йяею]"
    r"|июн[ьяею]?|июл[ьяею]?|август[аеу]?|авг|сентябр[ьяею]|сент?|октябр[ьяею]|окт|ноябр[ьяею]"
    r"|нояб?|декабр[ьяею]|дек)(?![а-яa-z])\.?"
)
_MONTH_PREFIXES = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7,
    "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip


def _month_number(word: str) -> int:
    # Every «ма…» that is not «мар…» is May: «май», «мая», «мае», «маю».
    return _MONTH_PREFIXES.get(word[:3], 5)


def _light(text: str) -> str:
    """Lower case, ё→е, dashes and quotes unified — keeping every character's position."""
    chars = []
    for ch in text:
        low = ch.lower()
        ch = low if len(low) == 1 else ch
        if ch == "ё":
            ch = "е"
        elif ch in _DASH_CHARS:
            ch = "-"
        elif ch in _QUOTE_CHARS or ch.isspace():
            ch = " "
        chars.append(ch)
    return "".join(chars)


def normalise(text: str) -> str:
    """The form recognisers read: lower case, ё→е, «-» dashes, no noise, months as «#MM» tokens."""
    s = _light(unicodedata.normalize("NFKC", text).replace("#", " "))
    # Look-alikes typed by hand: Ukrainian «і» for the Roman I, a Latin «c» for the preposition «с».
    s = re.sub(r"\s+", " ", s.replace("і", "i"))
    s = re.sub(r"(?<![a-z])c(?![a-z])", "с", s)
    for pattern, replacement in _NOISE:
        s = pattern.sub(replacement, s)
    s = _YEAR_SUFFIX.sub(r"\1", s)
    # Spaces typed inside a date («до 1. 12. 2023»), «ко 2-му октября», «3-х рабочих дней».
    s = re.sub(r"(?<![\d.])(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4})(?!\d)", r"\1.\2.\3", s)
    s = re.sub(r"(?<![а-я])ко(?![а-я])", "к", s)
    s = re.sub(r"(?<![\d.])(\d{1,2})\s*-\s*(?:му|ому|ого|м|х|ти|ми)(?![а-я])", r"\1", s)
    s = _MONTH_WORD.sub(lambda m: f"#{_month_number(m.group(1)):02d} ", s)
    return re.sub(r"\s+", " ", s).strip(" .,;:!?-")


_TIME_OF_DAY = re.compile(
    r"(?:(?<=\s)|^)(?:в\s+|до\s+)?(?P<h>[01]?\d|2[0-3])(?P<sep>[:.])(?P<min>[0-5]\d)"
    r"(?P<unit>\s*(?:ч\b\.?|час\w*|мин\w*))?(?![\d.])"
)
_ANY_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{1,2}\s*#\d\d|\d{4}-\d\d-\d\d")


def _split_time(norm: str) -> tuple[str, time | None]:
    """A time of day inside the text («до 12.00 15.11.2023», «в 10:00») taken out of the date's way."""
    for m in _TIME_OF_DAY.finditer(norm):
        rest = norm[: m.start()] + " " + norm[m.end() :]
        # «12.00» is a time when written with a colon or «ч», or when a real date stands beside it.
        if m.group("sep") == ":" or m.group("unit") or (m.group("min") == "00" and _ANY_DATE.search(rest)):
            lead = re.match(r"до\s+", m.group(0))
            kept = "до " if lead and not re.search(r"(?:^|\s)до\s", rest) else ""
            joined = norm[: m.start()] + " " + kept + norm[m.end() :]
            return re.sub(r"\s+", " ", joined).strip(" .,;:"), time(int(m.group("h")), int(m.group("min")))
    return norm, None


@dataclass(frozen=True)
class _Text:
    original: str
    light: str  # same length as original: spans found here slice the original
    norm: str
    time_of_day: time | None = None

    @classmethod
    def of(cls, text: str) -> _Text:
        norm, moment = _split_time(normalise(text))
        return cls(text, _light(text), norm, moment)

    def original_span(self, start: int, end: int) -> str:
        return self.original[start:end].strip(' \t\n.,;:()«»"')


# --------------------------------------------------------------------------------------------------
# Dates and the period


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _month_end(year: int, month: int) -> date:
    if month == 12:  # not via 1 January of the next year, which date.max has not got
        return date(year, 12, 31)
    return date(year, month + 1, 1) - _ONE_DAY


def _make_date(year: int, month: int, day: int) -> date | None:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(token: str) -> int:
    value = int(token)
    return 2000 + value if len(token) <= 2 else value


def _valid_year(token: str | None) -> int | None:
    """A year written in the text, if it is one a deadline can have (1900–2100)."""
    if token is None:
        return None
    year = _year(token)
    return year if _MIN_YEAR <= year <= _MAX_YEAR else None


_MONTH_NAMES = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip


def _fmt(d: date) -> str:
    return d.strftime("%d.%m.%Y")


@dataclass(frozen=True)
class _Context:
    start: date  # the window series run in (the period, or the horizon from the reference day)
    end: date
    check: tuple[date, date] | None  # the caller's period, against which due dates are checked
    place: tuple[date, date] | None = None  # where yearless dates and months go, when not the window
    school_year: bool | None = None  # the text or the horizon is an academic year
    school: SchoolCalendar = field(default_factory=default_school_calendar)
    notes: list[str] = field(default_factory=list)  # choices made while reading, for the warnings

    @property
    def academic(self) -> bool:
        if self.school_year is not None:
            return self.school_year
        return (self.start.month, self.start.day) == (9, 1) and (self.end.month, self.end.day) == (8, 31)

    @property
    def multi_year(self) -> bool:
        return (self.end - self.start).days > 366

    @property
    def place_start(self) -> date:
        return self.place[0] if self.place else self.start

    @property
    def place_end(self) -> date:
        return self.place[1] if self.place else self.end

    def chose(self, written: str, taken: str) -> None:
        """Note a year chosen for a yearless date when no period was given (the reference day decides)."""
        if self.place is not None:
            self.notes.append(f"Срок {written} без года: принят {taken} — ближайший после даты приказа")


HORIZONS = ("academic_year", "calendar_year", "twelve_months")


_SCHOOL_SMELL = re.compile(r"учебн|\bуч\b|\bуч\.|четверт|триместр|каникул|школьн")
_ACADEMIC_YEAR = re.compile(r"(?<![\d#])(\d{4})\s*[-/]\s*(\d{4}|\d{2})(?!\d)\s*(?:уч|учебн)")


def _academic_span(first_year: int) -> tuple[date, date]:
    return date(first_year, 9, 1), date(first_year + 1, 8, 31)


def _next_year_day(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year + 1, day=28)


def _horizon_end(reference: date, horizon: str, school: bool) -> date:
    if horizon == "academic_year" or school:
        return date(reference.year + (reference.month >= 9), 8, 31)
    if horizon == "calendar_year":
        return date(reference.year, 12, 31)
    return _next_year_day(reference) - _ONE_DAY


def _context(
    t: _Text,
    period: tuple[date, date] | None,
    reference: date,
    school: SchoolCalendar,
    horizon: str = "academic_year",
) -> _Context:
    if period is not None:
        ctx = _Context(period[0], period[1], period, school=school)
    else:
        # No period: yearless dates take their next occurrence on or after the reference day, and
        # series run from it over the horizon (by default the academic year in force).
        smell = bool(_SCHOOL_SMELL.search(t.norm))
        end = _horizon_end(reference, horizon, smell)
        place = (reference, _next_year_day(reference) - _ONE_DAY)
        ctx = _Context(reference, end, None, place, smell or horizon == "academic_year", school)
    # A text naming its academic year («I полугодие 2022-2023 уч. года») places its months there.
    named = _ACADEMIC_YEAR.search(t.norm)
    if named and _MIN_YEAR <= int(named.group(1)) <= _MAX_YEAR:
        ctx = _Context(*_academic_span(int(named.group(1))), ctx.check, school=school)
    return ctx


_Span = tuple[date, date]


def _first_in_period(ctx: _Context, make: Callable[[int], _Span | None]) -> _Span | None:
    """The occurrence (by year) ending inside the period, else overlapping it, else in its first year."""
    # Clipped so that a caller's period at the edge of the calendar cannot overflow date().
    first, last = ctx.place_start, ctx.place_end
    years = range(max(first.year - 1, _MIN_YEAR - 1), min(last.year + 2, _MAX_YEAR + 2))
    spans = [span for year in years if (span := make(year))]
    for span in spans:
        if first <= span[1] <= last:
            return span
    for span in spans:
        if span[0] <= last and span[1] >= first:
            return span
    return spans[0] if spans else None


def _first_span(ctx: _Context, make: Callable[[int], _Span]) -> _Span:
    """_first_in_period for a maker that exists in every year."""
    return _first_in_period(ctx, make) or make(min(max(ctx.place_start.year, _MIN_YEAR), _MAX_YEAR))


def _first_day(ctx: _Context, month: int, day: int) -> date:
    """The first such day of a month (not 29 February) inside the period."""
    return _first_span(ctx, lambda year: (date(year, month, day), date(year, month, day)))[0]


def _month_span(year: int, month: int) -> _Span:
    return _month_start(year, month), _month_end(year, month)


def _infer_month_year(ctx: _Context, month: int) -> int:
    span = _first_in_period(ctx, lambda year: _month_span(year, month))
    year = span[0].year if span else ctx.place_start.year
    ctx.chose(f"«{_MONTH_NAMES[month - 1]}»", f"{_MONTH_NAMES[month - 1]} {year}")
    return year


def _infer_day(ctx: _Context, month: int, day: int) -> date | None:
    def make(year: int) -> _Span | None:
        d = _make_date(year, month, day)
        return (d, d) if d else None

    span = _first_in_period(ctx, make)
    return span[0] if span else None


def _expand(rrule: str, ctx: _Context) -> list[date]:
    start = datetime.combine(ctx.start, time())
    end = datetime.combine(ctx.end, time())
    return [moment.date() for moment in rrulestr(rrule, dtstart=start).between(start, end, inc=True)]


# --------------------------------------------------------------------------------------------------
# Results


@dataclass
class _Result:
    kind: str
    due: list[date] = field(default_factory=list)
    start: date | None = None
    rrule: str | None = None
    warnings: list[str] = field(default_factory=list)
    relative: RelativeOffset | None = None
    floors: dict[date, date] = field(default_factory=dict)  # due date → end of the period it reports on
    working_days_only: bool = False


def _quote(t: _Text) -> str:
    text = " ".join(t.original.split())
    return text if len(text) <= 120 else text[:117] + "…"


def _unknown(t: _Text, warning: str | None = None) -> _Result:
    return _Result("unknown", warnings=[warning or f"Не удалось распознать срок: «{_quote(t)}»"])


def _invalid_date(t: _Text, day: int, month: int, year: int | None) -> _Result:
    shown = f"{day:02d}.{month:02d}" + (f".{year}" if year is not None else "")
    return _unknown(t, f"Не удалось распознать срок: несуществующая дата {shown} в «{_quote(t)}»")


def _recurring_result(t: _Text, ctx: _Context, rrule: str) -> _Result:
    due = _expand(rrule, ctx)
    warnings = [] if due else [f"В периоде {_fmt(ctx.start)}–{_fmt(ctx.end)} нет ни одного срока «{_quote(t)}»"]
    return _Result("recurring", due=due, rrule=rrule, warnings=warnings)


# --------------------------------------------------------------------------------------------------
# Numbers written as words («в течение трёх рабочих дней», «в десятидневный срок»)

_NUMBER_WORDS = {
    "один": 1, "одного": 1, "одной": 1, "одну": 1, "одно": 1, "два": 2, "две": 2, "двух": 2,
    "три": 3, "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6,
    "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10,
    "десяти": 10, "одиннадцать": 11, "одиннадцати": 11, "двенадцать": 12, "двенадцати": 12,
    "тринадцать": 13, "тринадцати": 13, "четырнадцать": 14, "четырнадцати": 14, "пятнадцать": 15,
    "пятнадцати": 15, "шестнадцать": 16, "шестнадцати": 16, "семнадцать": 17, "семнадцати": 17,
    "восемнадцать": 18, "восемнадцати": 18, "девятнадцать": 19, "девятнадцати": 19, "двадцать": 20,
    "двадцати": 20, "тридцать": 30, "тридцати": 30, "сорок": 40, "сорока": 40, "пятьдесят": 50,
    "пятидесяти": 50, "шестьдесят": 60, "шестидесяти": 60, "девяносто": 90, "девяноста": 90,
}  # fmt: skip


def _number_before(text: str) -> int | None:
    """The number that ends text: «10», «трех», «двадцати пяти», «10 десяти» (a figure wins)."""
    text = re.sub(r"(\d)\s*-\s*(?:х|ти|ми|и|ух|ех)(?![а-я])", r"\1", text)  # «3-х», «5-ти»
    tokens = re.findall(r"\d+|[а-я]+", text[-60:])
    figure = None
    words: list[int] = []
    for token in reversed(tokens):
        if token.isdigit():
            if figure is not None or len(token) > 3:
                break
            figure = int(token)
        elif token in _NUMBER_WORDS and figure is None:
            words.append(_NUMBER_WORDS[token])
        else:
            break
    if figure is not None:
        return figure
    return sum(words) if words else None


# --------------------------------------------------------------------------------------------------
# Recognisers: each takes the text and the context, returns a result or None (not mine).

_Recogniser = Callable[[_Text, _Context], _Result | None]


def _empty(t: _Text, ctx: _Context) -> _Result | None:
    if re.search(r"[0-9a-zа-я]", t.norm):
        return None
    return _unknown(t, "Срок не указан")


_UNIT = re.compile(
    r"(?<![а-я])(?P<qual>(?:рабоч|календарн)[а-я]*\s+|(?:раб|кал)\.\s*)?"
    r"(?P<unit>дней|дня|день|дн\.|суток|сутки|недел[а-я]*|месяц[а-я]*)(?![а-я])"
)
_COMPOUND_TERM = re.compile(
    r"(?<![а-я0-9])(?P<pre>\d{1,3}\s*-?\s*|[а-я]*?)(?P<unit>дневн|недельн|месячн)[а-я]*\s+срок[а-я]*"
)
_EVENT_LEAD = re.compile(
    r"^[\s,:-]*(?P<prep>со дня|с дня|с даты|с момента|от даты|от дня|после|по окончании|по завершении"
    r"|по истечении|по получении|с|от|до|перед)\s+"
)
_SHORT_SPANS = {"дн": 1, "су": 1, "не": 7, "ме": 30}


def _unit_days(unit: str) -> int:
    return _SHORT_SPANS.get(unit[:2], 1)


def _relative_result(t: _Text, count: int, unit: str, working: bool, tail_start: int) -> _Result:
    days = count * _unit_days(unit)
    warnings = []
    if unit.startswith("ме"):
        warnings.append("Месяц засчитан как 30 календарных дней")
    tail = t.light[tail_start:]
    lead = _EVENT_LEAD.match(tail)
    event_start = tail_start + (lead.end() if lead else 0)
    event = t.original_span(event_start, len(t.original))
    if lead and lead.group("prep") in ("до", "перед"):
        days = -days  # «за 5 дней до начала»
    offset = RelativeOffset(days=days, working=working, event=event)
    if event:
        warnings.insert(0, f"Срок отсчитывается от события «{event}»: дата будет назначена, когда оно наступит")
    else:
        warnings.insert(0, f"Не указано событие, от которого отсчитывается срок: «{_quote(t)}»")
    return _Result("relative", relative=offset, warnings=warnings)


def _relative(t: _Text, ctx: _Context) -> _Result | None:
    """«в течение 30 дней со дня окончания мониторинга», «за 5 дней до начала», «в трёхдневный срок»."""
    text = t.light
    if re.search(r"раза? в (?:две|2|три|3|14) (?:недел|дн)|кажд\w* (?:\S+ )?(?:недел|дн|месяц)", t.norm):
        return None  # «раз в две недели» is a frequency, not an offset
    compound = _COMPOUND_TERM.search(text)
    if compound:
        prefix = compound.group("pre").strip(" -")
        count: int | None = int(prefix) if prefix.isdigit() else _NUMBER_WORDS.get(prefix, 1 if not prefix else 0)
        if count:
            return _relative_result(t, count, compound.group("unit"), False, compound.end())
    for match in _UNIT.finditer(text):
        before = text[: match.start()]
        count = _number_before(before)
        unit = match.group("unit")
        if count is None:
            # «в течение недели», «в течение месяца»; «в день проведения» is the day of the event.
            if re.search(r"в течение\s*$", before):
                count = 1
            elif unit == "день" and re.search(r"(?:^|\s)в\s*$", before):
                count = 0
            else:
                continue
        working = (match.group("qual") or "").startswith("раб")
        return _relative_result(t, count, unit, working, match.end())
    return None


_WEEKDAY_STEMS = r"(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)"
_FREQUENCIES = (
    ("daily", re.compile(r"ежедневн|кажд\w* день|каждодневн")),
    ("biweekly", re.compile(r"раза? в (?:две|2) недел|кажд\w* (?:втор\w*|2) недел|раза? в 14 дней")),
    (
        "weekly",
        re.compile(rf"еженедельн|кажд\w* недел|раза? в недел|по {_WEEKDAY_STEMS}\w*ам\b|кажд\w* {_WEEKDAY_STEMS}"),
    ),
    (
        "monthly",
        re.compile(
            r"ежемес|кажд\w* месяц|раза? в месяц|помесячн|(?:12|двенадцать) раз в год"
            rf"|(?:перв|втор|трет|четверт|последн)\w* {_WEEKDAY_STEMS}\w* (?:кажд\w* )?месяц"
        ),
    ),
    (
        "school_quarters",
        re.compile(
            r"ежечетвертн|кажд\w* четверт|по четвертям|по итогам четверт(?:и|ей)\b|раза? в четверть"
            r"|(?:окончани|завершени)\w* (?:кажд\w* )?четверт|следующ\w* за (?:учебн\w* )?четверт"
        ),
    ),
    (
        "quarterly",
        re.compile(
            r"ежекв|кажд\w* квартал|раза? в квартал|поквартальн|по кварталам|по итогам квартала"
            r"|(?:4|четыре) раза в год|за отчетным кварталом|следующего за кварталом"
        ),
    ),
    (
        "halfyearly",
        re.compile(
            r"раза? в полуг|кажд\w* полуг|по полугодиям|(?:2|два|двух) раза? в год|дважды в год"
            r"|раза? в пол ?года|по итогам полугодия|раза? в шесть месяцев"
        ),
    ),
    ("yearly", re.compile(r"ежегод|кажд\w* год|раза? в год|\d+ раза? в год|(?:три|пять) раз[а]? в год")),
)
_DAY_OF_MONTH = re.compile(r"(?<![\d.#])(\d{1,2})\s*(?:-?\s*(?:го|е|ое)\s*)?(?:числ|день месяца)")
_DAY_MONTH = re.compile(r"(?<![\d.#])(\d{1,2})(?:\s*-?\s*(?:го|е|ое))?\s*(?:числа\s*)?#(\d\d)")
_WEEKDAYS = (
    ("MO", r"понедельник|\bпн\b"), ("TU", r"вторник|\bвт\b"), ("WE", r"сред[аыуе]|средам|\bср\b"),
    ("TH", r"четверг|\bчт\b"), ("FR", r"пятниц|\bпт\b"), ("SA", r"суббот|\bсб\b"),
    ("SU", r"воскресень|\bвс\b"),
)  # fmt: skip
_ORDINAL_WEEKDAY = re.compile(
    r"(перв|втор|трет|четверт|последн)\w*\s+(понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)"
)
_ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "последн": -1}
_WEEKDAY_CODES = {
    "понедельник": "MO", "вторник": "TU", "сред": "WE", "четверг": "TH",
    "пятниц": "FR", "суббот": "SA", "воскресень": "SU",
}  # fmt: skip


def _bymonthday(day: int) -> str:
    """BYMONTHDAY for «до N числа»; 29–31 fall back to the month's last day in short months."""
    if day >= 31:
        return "BYMONTHDAY=-1"
    if day >= 29:
        return "BYMONTHDAY=" + ",".join(str(d) for d in range(28, day + 1)) + ";BYSETPOS=-1"
    return f"BYMONTHDAY={day}"


def _frequency(norm: str) -> str | None:
    # «по мере необходимости, но не реже раза в полугодие»: the minimum is the schedule.
    floor = norm.find("не реже")
    if floor >= 0:
        norm = norm[floor:]
    for name, pattern in _FREQUENCIES:
        if pattern.search(norm):
            return name
    # «до 5 числа» with no month named can only mean every month.
    if "#" not in norm and _DAY_OF_MONTH.search(norm):
        return "monthly"
    return None


def _named_months(norm: str) -> list[int]:
    """Months named outside «d месяца» dates; a range «март-май» counts as its last month."""
    without_dates = _DAY_MONTH.sub(" ", norm)
    tokens = list(re.finditer(r"#(\d\d)", without_dates))
    months = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt and re.fullmatch(r"\s*(?:-|по|до)\s*", without_dates[token.end() : nxt.start()]):
            continue
        months.append(int(token.group(1)))
    months += [3 * n for n in _term_numbers(norm, "квартал") if 1 <= n <= 4]
    if re.search(r"начал\w* учебн", norm):
        months.append(9)
    if re.search(r"(?:конц|конец|окончани)\w* учебн", norm):
        months.append(5)
    return sorted(set(months))


_NUMERIC_DAY_MONTH = re.compile(r"(?<![\d.#])(\d{1,2})\.(\d{1,2})(?:\.(?:\d{4}|\d{2}))?(?![\d])")


def _day_month_pairs(norm: str) -> list[tuple[int, int]]:
    """Every day.month a recurring text names: «до 20 мая», «до 20.05», «до 10.12.2023»."""
    pairs = [(int(d), int(m)) for d, m in _DAY_MONTH.findall(norm)]
    pairs += [(int(d), int(m)) for d, m in _NUMERIC_DAY_MONTH.findall(norm)]
    return list(dict.fromkeys(pairs))


def _times_a_year(norm: str) -> int | None:
    m = re.search(r"(\d+|[а-я]+)\s+раза?\s+в\s+год", norm)
    if not m:
        return None
    word = m.group(1)
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


def _spread_months(ctx: _Context, count: int) -> list[int]:
    """«не реже трёх раз в год»: the ends of equal parts of the (academic or calendar) year."""
    step = 12 // count
    first = 9 if ctx.academic else 1
    return sorted({(first - 1 + step * k - 1) % 12 + 1 for k in range(1, count + 1)})


def _yearly_rule(
    t: _Text, ctx: _Context, pairs: list[tuple[int, int]], months: list[int], follows: tuple[int, ...] = ()
) -> _Result | None:
    """Yearly dates; a date in one of the follows months reports on the period ending the month before."""
    if pairs:
        for day, month in pairs:
            if not _make_date(2000, month, day):  # 2000 is a leap year: 29 February is allowed
                return _invalid_date(t, day, month, None)
        days = {day for day, _ in pairs}
        pair_months = ",".join(str(m) for m in sorted({m for _, m in pairs}))
        if len(days) == 1:
            result = _recurring_result(t, ctx, f"FREQ=YEARLY;BYMONTH={pair_months};BYMONTHDAY={days.pop()}")
        else:
            # Different days in different months do not fit one RRULE: list the dates themselves.
            due = [d for day, month in pairs for d in _expand(f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}", ctx)]
            result = _Result(
                "recurring",
                due=due,
                warnings=["Сроки не сводятся к одному правилу повторения; даты рассчитаны для каждого срока"],
            )
        result.floors = {d: d.replace(day=1) - _ONE_DAY for d in result.due if d.month in follows}
        return result
    if months:
        return _recurring_result(t, ctx, f"FREQ=YEARLY;BYMONTH={','.join(map(str, months))};BYMONTHDAY=-1")
    count = _times_a_year(t.norm)
    if count and count > 1 and 12 % count == 0:
        spread = _spread_months(ctx, count)
        result = _recurring_result(t, ctx, f"FREQ=YEARLY;BYMONTH={','.join(map(str, spread))};BYMONTHDAY=-1")
        result.warnings.append(
            f"«{_quote(t)}»: сроки распределены равномерно — в конце месяцев "
            + ", ".join(_MONTH_NAMES[m - 1] for m in spread)
        )
        return result
    if _EXTERNAL.search(t.norm) or _CONTINUOUS.search(t.norm):
        return None
    if ctx.multi_year:
        by_day = "-1" if ctx.end == _month_end(ctx.end.year, ctx.end.month) else str(ctx.end.day)
        return _recurring_result(t, ctx, f"FREQ=YEARLY;BYMONTH={ctx.end.month};BYMONTHDAY={by_day}")
    return _Result("period", due=[ctx.end], start=ctx.start)


def _ends_in(ctx: _Context, ends: Callable[[int], list[date]]) -> list[date]:
    """Period ends (made per year) falling inside the window, in order."""
    years = range(max(ctx.start.year - 1, _MIN_YEAR), min(ctx.end.year + 1, _MAX_YEAR) + 1)
    return sorted({end for year in years for end in ends(year) if ctx.start <= end <= ctx.end})


def _after_periods(t: _Text, ctx: _Context, period_ends: list[date], day: int, rrule: str | None) -> _Result:
    """A report on day `day` of the month after each period that ends inside the window.

    Only periods ending inside the window are reported on, so the report on the window's last
    period may fall after the window, and none falls on a period before it.
    """
    due: list[date] = []
    floors: dict[date, date] = {}
    for end in period_ends:
        year, month = (end.year + 1, 1) if end.month == 12 else (end.year, end.month + 1)
        if year > _MAX_YEAR:
            continue
        d = date(year, month, min(day, _month_end(year, month).day))
        due.append(d)
        floors[d] = end
    result = _Result("recurring", due=due, rrule=rrule, floors=floors)
    if not due:
        result.warnings.append(f"В периоде {_fmt(ctx.start)}–{_fmt(ctx.end)} нет ни одного срока «{_quote(t)}»")
    return result


def _school_quarter_ends(ctx: _Context) -> list[date]:
    return _ends_in(ctx, lambda year: [end for _, end in ctx.school.quarters(year)])


def _recurring(t: _Text, ctx: _Context) -> _Result | None:
    """«Ежегодно, июнь», «ежеквартально до 10 числа», «ежемесячно», «еженедельно по пятницам»."""
    s = t.norm
    frequency = _frequency(s)
    if frequency is None:
        return None
    pairs = _day_month_pairs(s)
    months = _named_months(s)
    day_match = _DAY_OF_MONTH.search(s)
    day = int(day_match.group(1)) if day_match else None
    if day is not None and not 1 <= day <= 31:
        return _unknown(t)
    following = bool(re.search(r"следующ|после окончани|по окончании", s))
    if frequency == "yearly":
        return _yearly_rule(t, ctx, pairs, months)
    if frequency == "quarterly" and (pairs or (months and day is None)):
        return _yearly_rule(t, ctx, pairs, months, follows=(1, 4, 7, 10))
    if frequency == "halfyearly" and (pairs or (months and day is None)):
        return _yearly_rule(t, ctx, pairs, months, follows=(1, 7))
    if frequency == "daily":
        result = _recurring_result(t, ctx, "FREQ=DAILY")
        result.working_days_only = True
        return result
    if frequency in ("weekly", "biweekly"):
        days = [code for code, pattern in _WEEKDAYS if re.search(pattern, s)] or ["FR"]
        interval = ";INTERVAL=2" if frequency == "biweekly" else ""
        return _recurring_result(t, ctx, f"FREQ=WEEKLY{interval};BYDAY={','.join(days)}")
    if frequency == "monthly":
        ordinal = _ORDINAL_WEEKDAY.search(s)
        if ordinal:
            position = _ORDINALS[ordinal.group(1)]
            return _recurring_result(t, ctx, f"FREQ=MONTHLY;BYDAY={position}{_WEEKDAY_CODES[ordinal.group(2)]}")
        if re.search(r"перв\w* (?:день|числ)", s):
            return _recurring_result(t, ctx, "FREQ=MONTHLY;BYMONTHDAY=1")
        if re.search(r"последн\w* рабоч\w* д", s):
            return _recurring_result(t, ctx, "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1")
        if day and following:
            ends = _ends_in(ctx, lambda year: [_month_end(year, m) for m in range(1, 13)])
            return _after_periods(t, ctx, ends, day, f"FREQ=MONTHLY;{_bymonthday(day)}")
        return _recurring_result(t, ctx, f"FREQ=MONTHLY;{_bymonthday(day) if day else 'BYMONTHDAY=-1'}")
    if frequency == "school_quarters":
        ends = _school_quarter_ends(ctx)
        if day:
            return _after_periods(t, ctx, ends, day, None)
        result = _Result("recurring", due=ends)
        if not ends:
            result.warnings.append(f"В периоде {_fmt(ctx.start)}–{_fmt(ctx.end)} нет ни одной четверти")
        return result
    if frequency == "quarterly":
        if day is None:
            return _recurring_result(t, ctx, QUARTER_ENDS_RRULE)
        last_month = re.search(r"последн\w* месяц\w* (?:отчетного |текущего )?квартал|текущ\w* квартал", s)
        if last_month:
            return _recurring_result(t, ctx, f"FREQ=MONTHLY;BYMONTH=3,6,9,12;{_bymonthday(day)}")
        ends = _ends_in(ctx, lambda year: [_month_end(year, m) for m in (3, 6, 9, 12)])
        return _after_periods(t, ctx, ends, day, f"FREQ=MONTHLY;BYMONTH=1,4,7,10;{_bymonthday(day)}")
    # Half-yearly: the month after each calendar half, or the halves' last months.
    if day is not None:
        ends = _ends_in(ctx, lambda year: [date(year, 6, 30), date(year, 12, 31)])
        return _after_periods(t, ctx, ends, day, f"FREQ=MONTHLY;BYMONTH=1,7;{_bymonthday(day)}")
    bymonth = "5,12" if ctx.academic else "6,12"
    return _recurring_result(t, ctx, f"FREQ=MONTHLY;BYMONTH={bymonth};BYMONTHDAY=-1")


_CONTINUOUS = re.compile(
    r"постоянн|в течение всего (?:периода|срока)|весь период|на постоянной основе|систематическ|регулярн"
    r"|в течение (?:срока|периода) (?:действия|реализации)|в период (?:действия|реализации)"
    r"|на протяжении всего|круглогодичн"
)


def _continuous(t: _Text, ctx: _Context) -> _Result | None:
    """«Постоянно», «в течение всего периода»: checkpoints at the end of each quarter."""
    if not _CONTINUOUS.search(t.norm):
        return None
    return _Result("continuous", due=_expand(QUARTER_ENDS_RRULE, ctx), rrule=QUARTER_ENDS_RRULE)


def _school_landmarks(t: _Text, ctx: _Context) -> _Result | None:
    """«до конца учебного года», «в начале учебного года», «к началу учебного года»."""
    s = t.norm
    if not re.search(r"учебн\w* год|\bуч\.? ?г", s):
        return None
    if re.search(r"(?:до|к) (?:конца|окончани[яю]|завершени[яю]|концу)\s+(?:\S+\s+)?(?:учебн|уч\b|уч\.)", s):
        may = _first_day(ctx, 5, 31)
        return _Result("period", due=[may], start=date(may.year - 1, 9, 1))
    if re.search(r"(?:до|к) начал[аоу]\s+(?:\S+\s+)?учебн", s):
        named = _ACADEMIC_YEAR.search(s)
        first_year = _valid_year(named.group(1)) if named else None
        if first_year:  # «до начала 2023-2024 учебного года»: the eve of that year, before the period
            return _Result("date", due=[date(first_year, 8, 31)])
        return _Result("date", due=[_first_day(ctx, 8, 31)])
    for pattern, month in ((r"начал[оае]\s+(?:\S+\s+)?учебн", 9), (r"(?:конец|конце)\s+(?:\S+\s+)?учебн", 5)):
        if re.search(pattern, s):
            year = _infer_month_year(ctx, month)
            return _Result("month", due=[_month_end(year, month)], start=_month_start(year, month))
    return None


# Date mentions: each pattern yields (day, month, year-or-None); earlier patterns take precedence.
_DATE_PATTERNS = (
    re.compile(r"(?<![\d.#])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
    re.compile(r"(?<![\d.#])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d])"),
    re.compile(r"(?<![\d.#])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\s+(?P<y>\d{4})(?!\d)"),
    re.compile(r"(?<![\d.#])(?P<d>\d{1,2})\.(?P<m>\d{1,2})(?![\d]|\.\d)"),
    re.compile(
        r"(?<![\d.#])(?P<d>\d{1,2})(?:\s*-?\s*(?:го|е|ое))?\s*(?:числа\s*)?#(?P<m>\d\d)"
        r"(?:\s*,?\s*(?P<y>\d{4}|\d{2}(?=\s*г\b)))?"
    ),
)
_RANGE_START_DAY = re.compile(r"(?:^|[^\d.#])(\d{1,2})\s*(?:-|по|до)\s*$")
_LISTED_DAYS = re.compile(r"(?:^|[^\d.#])((?:\d{1,2}\s*(?:,|и)\s*)+)$")
_RANGE_GAP = re.compile(r"\s*(?:-|по|до)\s*")
_START_ONLY = re.compile(r"(?:^|\s)(?:с|со|начиная с|не ранее|не раньше|после)\s*$")


@dataclass
class _Point:
    day: int
    month: int
    year: int | None
    start: int
    end: int
    opens_range: bool = False  # this point and the next are the ends of one range


def _date_points(s: str) -> list[_Point]:
    taken = [False] * len(s)
    points: list[_Point] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(s):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            year_text = m.groupdict().get("y")
            year = _year(year_text) if year_text else None
            points.append(_Point(int(m.group("d")), int(m.group("m")), year, m.start(), m.end()))
    points.sort(key=lambda p: p.start)
    # Days sharing the month of the next date: «с 1 по 15 сентября», «1, 15 и 30 сентября».
    expanded: list[_Point] = []
    previous_end = 0
    for point in points:
        gap = s[previous_end : point.start]
        range_start = _RANGE_START_DAY.search(gap)
        listed = _LISTED_DAYS.search(gap)
        if range_start and 1 <= int(range_start.group(1)) < point.day:
            position = previous_end + range_start.start(1)
            expanded.append(_Point(int(range_start.group(1)), point.month, point.year, position, position, True))
        elif listed:
            for day in re.findall(r"\d{1,2}", listed.group(1)):
                position = previous_end + listed.start(1)
                expanded.append(_Point(int(day), point.month, point.year, position, position))
        expanded.append(point)
        previous_end = point.end
    for current, nxt in itertools.pairwise(expanded):
        if not current.opens_range and current.end < nxt.start:
            current.opens_range = bool(_RANGE_GAP.fullmatch(s[current.end : nxt.start]))
    return expanded


def _fill_years(points: list[_Point], ctx: _Context) -> None:
    """Give yearless dates a year: a named one nearby, the start of their range, or the period."""
    named = [point.year for point in points]
    for i, point in enumerate(points):
        if point.year is not None:
            continue
        later = next((j for j in range(i + 1, len(points)) if named[j] is not None), None)
        earlier = next((j for j in range(i - 1, -1, -1) if named[j] is not None), None)
        if later is not None:
            # «с 20 декабря по 20 января 2023»: back over New Year when the later date comes first.
            year = named[later] or 0
            point.year = year - ((point.month, point.day) > (points[later].month, points[later].day))
        elif i > 0 and points[i - 1].opens_range:
            previous = points[i - 1]
            point.year = (previous.year or 0) + ((point.month, point.day) < (previous.month, previous.day))
        elif earlier is not None:
            year = named[earlier] or 0
            point.year = year + ((point.month, point.day) < (points[earlier].month, points[earlier].day))
        else:
            # Each date of a yearless list is placed in the period on its own.
            inferred = _infer_day(ctx, point.month, point.day)
            point.year = inferred.year if inferred else ctx.place_start.year
            ctx.chose(f"{point.day:02d}.{point.month:02d}", f"{point.day:02d}.{point.month:02d}.{point.year}")


def _explicit_dates(t: _Text, ctx: _Context) -> _Result | None:
    """«в срок до 28 марта 2022 года», «до 01.04.2022», «с 1 по 15 сентября 2022», «к 1 сентября»."""
    s = t.norm
    points = _date_points(s)
    if not points:
        return None
    _fill_years(points, ctx)
    dates = []
    for point in points:
        d = _make_date(point.year or 0, point.month, point.day)
        if d is None:
            return _invalid_date(t, point.day, point.month, point.year)
        dates.append(d)
    if any(point.opens_range for point in points[:-1]):
        return _Result("window", due=[max(dates)], start=min(dates))
    warnings = []
    if len(points) == 1 and _START_ONLY.search(s[: points[0].start]):
        warnings.append(f"Указана только дата начала («{_quote(t)}»): срок исполнения принят равным этой дате")
    return _Result("date", due=dates, warnings=warnings)


_EXTERNAL = re.compile(
    r"график|\bплан(?:а|у|ом|е|ы|ов|ами|ах)?\b|\bрмо\b|\bммс\b|\bммо\b|\bшмо\b|\bгмо\b|по мере|необходимост"
    r"|по запрос|по требовани|по согласовани|приказ|распоряжени|установленн\w* срок"
    r"|сроки,? (?:установ|определ|утвержд)"
    r"|нормативн\w* срок|расписани|в (?:сроки|период|дни|день|ходе|рамках) проведени|во время проведени"
    r"|по отдельн|регламент|по заявк|в соответствии с|согласно|(?:осенн|зимн|весенн)\w* каникул|по факту"
    r"|по вызову|по приглашени|по решени|по готовности|по мере поступлени|в сроки|подготовк\w* к"
    r"|\bгиа\b|\bегэ\b|\bогэ\b|\bвпр\b"
)


def _external(t: _Text, ctx: _Context) -> _Result | None:
    """«В соответствии с графиком проведения», «План РМО», «по мере необходимости»."""
    if not _EXTERNAL.search(t.norm):
        return None
    return _Result(
        "external",
        warnings=[f"Срок задаётся внешним документом или событием («{_quote(t)}»): укажите дату вручную"],
    )


_DECADE = re.compile(
    r"(?P<n>перв\w*|втор\w*|трет\w*|[1-3](?:-?я)?|i{1,3})\s+декад\w*\s+#(?P<m>\d\d)(?:\s+(?P<y>\d{4}))?"
)
_WEEK_OF_MONTH = re.compile(
    r"(?P<n>перв\w*|втор\w*|трет\w*|четверт\w*|последн\w*|[1-4](?:-?[яю])?)\s+недел\w*\s+#(?P<m>\d\d)"
    r"(?:\s+(?P<y>\d{4}))?"
)
_HALF_MONTH = re.compile(r"(?P<n>перв\w*|втор\w*)\s+половин\w*\s+#(?P<m>\d\d)(?:\s+(?P<y>\d{4}))?")
_MONTH_PART = re.compile(
    r"(?P<pre>(?:до|к|не позднее)\s+)?(?P<part>начал\w*|середин\w*|конц\w*|конец|окончани\w*|завершени\w*)"
    r"\s+#(?P<m>\d\d)(?:\s+(?P<y>\d{4}))?"
)


def _ordinal(word: str) -> int:
    word = word.rstrip("-я")
    if word.startswith("i"):
        return len(word)
    if word.isdigit():
        return int(word)
    return next(value for stem, value in _ORDINALS.items() if word.startswith(stem))


def _month_parts(t: _Text, ctx: _Context) -> _Result | None:
    """Decades, halves, beginning/middle/end of a month: «первая декада сентября», «до конца мая»."""
    s = t.norm
    for pattern, bounds in ((_DECADE, ((1, 10), (11, 20), (21, 31))), (_HALF_MONTH, ((1, 15), (16, 31)))):
        m = pattern.search(s)
        if m:
            month = int(m.group("m"))
            year = _valid_year(m.group("y")) or _infer_month_year(ctx, month)
            index = _ordinal(m.group("n"))
            if not 1 <= index <= len(bounds):
                return None
            first, last = bounds[index - 1]
            end = min(_month_start(year, month) + timedelta(days=last - 1), _month_end(year, month))
            return _Result("window", due=[end], start=date(year, month, first))
    m = _WEEK_OF_MONTH.search(s)
    if m:
        # «в первую неделю октября»: days 1–7; «в последнюю неделю» — the month's last seven days.
        month = int(m.group("m"))
        year = _valid_year(m.group("y")) or _infer_month_year(ctx, month)
        last_day = _month_end(year, month)
        index = -1 if m.group("n").startswith("последн") else _ordinal(m.group("n").rstrip("ю"))
        if index == -1:
            return _Result("window", due=[last_day], start=last_day - timedelta(days=6))
        if not 1 <= index <= 4:
            return None
        return _Result("window", due=[date(year, month, 7 * index)], start=date(year, month, 7 * index - 6))
    m = _MONTH_PART.search(s)
    if not m:
        return None
    month = int(m.group("m"))
    year = _valid_year(m.group("y")) or _infer_month_year(ctx, month)
    part = m.group("part")[:3]
    if m.group("pre"):
        if part == "нач":
            return _Result("date", due=[_month_start(year, month) - _ONE_DAY])
        if part == "сер":
            return _Result("date", due=[date(year, month, 15)])
        return _Result("month", due=[_month_end(year, month)], start=_month_start(year, month))
    first, last = {"нач": (1, 10), "сер": (11, 20)}.get(part, (21, _month_end(year, month).day))
    return _Result("window", due=[date(year, month, last)], start=date(year, month, first))


def _quarter_span(n: int, year: int) -> _Span | None:
    if not 1 <= n <= 4:
        return None
    return _month_start(year, 3 * n - 2), _month_end(year, 3 * n)


def _calendar_half_span(n: int, year: int) -> _Span | None:
    if not 1 <= n <= 2:
        return None
    return _month_start(year, 6 * n - 5), _month_end(year, 6 * n)


def _academic_term_span(terms: tuple[tuple[int, int], ...]) -> Callable[[int, int], _Span | None]:
    """A span maker for school terms given as (first month, last month) in academic order."""

    def make(n: int, first_year: int) -> _Span | None:
        if not 1 <= n <= len(terms):
            return None
        first, last = terms[n - 1]
        start_year = first_year + (first < 9)
        end_year = first_year + (last < 9)
        return _month_start(start_year, first), _month_end(end_year, last)

    return make


_TERM_UNITS: dict[str, Callable[[int, int], _Span | None]] = {
    "квартал": _quarter_span,
    "полугоди": _calendar_half_span,
    "академ_полугоди": _academic_term_span(((9, 12), (1, 5))),
    "четверт": _academic_term_span(((9, 10), (11, 12), (1, 3), (4, 5))),
    "триместр": _academic_term_span(((9, 11), (12, 2), (3, 5))),
}
_ORD = r"(?:iv|i{1,3}|ш|[1-4]|перв\w*|втор\w*|трет\w*|четверт\w*)"
_ORD_SUFFIX = r"(?:\s*-?\s*(?:ый|ой|ий|й|го|ом|м|ое|е|ая|я))?"
_TERM = re.compile(
    rf"(?<![а-яa-z0-9#])(?P<a>{_ORD}){_ORD_SUFFIX}(?:\s*(?P<sep>-|по|и|,)\s*(?P<b>{_ORD}){_ORD_SUFFIX})?"
    r"\s*(?P<unit>квартал\w*|кв\b\.?|полуг\w*\.?|четверт\w*|триместр\w*)"
    r"(?:\s*(?:(?P<ay>\d{4})\s*[-/]\s*(?:\d{4}|\d{2})(?!\d)|(?P<y>\d{4})(?!\d)))?"
)


def _term_number(word: str) -> int:
    if word == "ш":  # a Cyrillic «Ш» typed for the Roman III
        return 3
    if word == "iv":
        return 4
    return _ordinal(word)


def _term_numbers(norm: str, unit: str) -> list[int]:
    return [_term_number(m.group("a")) for m in _TERM.finditer(norm) if m.group("unit").startswith(unit[:2])]


def _terms(t: _Text, ctx: _Context) -> _Result | None:
    """Quarters, halves, school quarters and trimesters: «I квартал 2023», «2 полугодие», «III четверть»."""
    s = t.norm
    m = _TERM.search(s)
    if not m:
        return None
    unit = m.group("unit")
    key = next((k for k in ("полугоди", "четверт", "триместр") if unit.startswith(k[:5])), "квартал")
    if key == "полугоди" and (m.group("ay") or (not m.group("y") and (ctx.academic or "учебн" in s))):
        key = "академ_полугоди"
    make = ctx.school.quarter if key == "четверт" else _TERM_UNITS[key]
    academic = key in ("академ_полугоди", "четверт", "триместр")
    numbers = [_term_number(m.group("a"))] + ([_term_number(m.group("b"))] if m.group("b") else [])

    def span_of(n: int) -> _Span | None:
        year = _valid_year(m.group("y"))
        if year:
            if academic:
                # «III четверть 2023» — the academic year whose term falls in 2023.
                span = make(n, year)
                return make(n, year - 1) if span and span[1].year != year else span
            return make(n, year)
        span = _first_in_period(ctx, lambda year: make(n, year))
        if span:
            ctx.chose(f"«{_quote(t)}»", f"{_fmt(span[0])}–{_fmt(span[1])}")
        return span

    first, last = span_of(numbers[0]), span_of(numbers[-1])
    if first is None or last is None:
        return None
    if last[1] < first[1]:
        shifted = make(numbers[-1], last[0].year + 1 - (academic and last[0].month < 9))
        last = shifted or last
    if m.group("sep") in ("и", ","):
        return _Result("window", due=[first[1], last[1]], start=first[0])
    return _Result("window", due=[last[1]], start=first[0])


_SEASONS = (
    (re.compile(r"\b(?:весна|весной|весенн\w*)\b"), 3, 5),
    (re.compile(r"\b(?:лето|летом|летн\w*)\b"), 6, 8),
    (re.compile(r"\b(?:осень|осенью|осенн\w*)\b"), 9, 11),
    (re.compile(r"\b(?:зима|зимой|зимн\w*)\b"), 12, 2),
)


def _seasons(t: _Text, ctx: _Context) -> _Result | None:
    """«летний период», «весна 2023», «в период летних каникул»: the season's whole months."""
    s = t.norm
    for pattern, first, last in _SEASONS:
        if not pattern.search(s):
            continue
        if "каникул" in s and first != 6:
            return None  # autumn, winter and spring holidays are set by each school's calendar
        crosses = last < first

        def make(year: int, first: int = first, last: int = last, crosses: bool = crosses) -> _Span:
            return _month_start(year, first), _month_end(year + crosses, last)

        two_years = re.search(r"(?<![\d#])(\d{4})\s*[-/]\s*\d{2,4}(?!\d)", s)
        one_year = re.search(r"(?<![\d#])(\d{4})(?!\d)", s)
        academic_year = _valid_year(two_years.group(1)) if two_years else None
        calendar_year = _valid_year(one_year.group(1)) if one_year else None
        if academic_year:
            span = make(academic_year + (not crosses and first < 9))
        elif calendar_year:
            # «зима 2023» is the winter ending in 2023.
            span = make(calendar_year - crosses)
        else:
            span = _first_span(ctx, make)
        return _Result("window", due=[span[1]], start=span[0])
    return None


_MONTH_TOKEN = re.compile(r"#(?P<m>\d\d)(?:\s*,?\s*(?P<y>\d{4})(?!\s*[-/]\s*\d))?")


def _months(t: _Text, ctx: _Context) -> _Result | None:
    """«Сентябрь 2022», «Сентябрь – октябрь 2022», «ноябрь 2022 – январь 2023», «май, сентябрь, ноябрь»."""
    s = t.norm
    tokens = list(_MONTH_TOKEN.finditer(s))
    if not tokens:
        return None
    months = [int(token.group("m")) for token in tokens]
    years: list[int | None] = [int(token.group("y")) if token.group("y") else None for token in tokens]
    gaps = [s[a.end() : b.start()] for a, b in itertools.pairwise(tokens)]
    is_range = any(_RANGE_GAP.fullmatch(gap) for gap in gaps)
    if len(tokens) > 1 and not is_range and all(year is None for year in years):
        return _recurring_result(t, ctx, f"FREQ=YEARLY;BYMONTH={','.join(map(str, sorted(set(months))))};BYMONTHDAY=-1")
    # Yearless months take the next named year (rolling back over New Year), else the previous one.
    resolved: list[int] = []
    for i, (year, month) in enumerate(zip(years, months, strict=True)):
        later = next((j for j in range(i + 1, len(months)) if years[j] is not None), None)
        if year is not None:
            resolved.append(year)
        elif later is not None:
            resolved.append((years[later] or 0) - (month > months[later]))
        elif resolved:
            resolved.append(resolved[-1] + (month < months[i - 1]))
        else:
            resolved.append(_infer_month_year(ctx, month))
    if any(not _MIN_YEAR <= year <= _MAX_YEAR for year in resolved):
        return None
    spans = [_month_span(year, month) for year, month in zip(resolved, months, strict=True)]
    if is_range:
        return _Result("window", due=[spans[-1][1]], start=spans[0][0])
    if len(spans) == 1 and re.search(r"(?:^|\s)(?:до|к|не позднее)\s*$", s[: tokens[0].start()]):
        return _Result("date", due=[spans[0][0] - _ONE_DAY])
    return _Result("month", due=[span[1] for span in spans], start=spans[0][0])


_YEAR_RANGE = re.compile(r"(?<![\d.#])(\d{4})\s*-\s*(\d{4})(?![\d])(?P<plural>\s*(?:гг|годы|годов|годах))?")
_SINGLE_YEAR = re.compile(r"(?<![\d.#])(\d{4})(?![\d])")
_UNTIL_END = re.compile(r"(?:до|к) (?:конца|окончани[яю]|завершени[яю]|концу)")
_WHOLE_PERIOD = re.compile(
    r"в течение (?:всего |текущего |отчетного )?(?:года|периода)|весь год|по итогам года|за год"
    r"|отчетн\w* период|в течение календарного года|в течение \w+ года"
)


def _named_academic_years(s: str) -> _Result | None:
    named = _ACADEMIC_YEAR.search(s)
    if not named:
        return None
    first_year, tail = int(named.group(1)), named.group(2)
    last_year = _year(tail) if len(tail) == 4 else first_year // 100 * 100 + int(tail)
    if not _MIN_YEAR <= first_year < last_year <= _MAX_YEAR:
        return None
    return _Result("period", due=[date(last_year, 8, 31)], start=date(first_year, 9, 1))


def _named_calendar_years(s: str, ctx: _Context) -> _Result | None:
    years = _YEAR_RANGE.search(s)
    if years:
        first_year, last_year = int(years.group(1)), int(years.group(2))
        if _MIN_YEAR <= first_year <= last_year <= _MAX_YEAR:
            # A bare «2022-2023» inside the 2022-2023 academic year means that academic year.
            if (
                not years.group("plural")
                and last_year == first_year + 1
                and ctx.academic
                and (ctx.start.year == first_year)
            ):
                return _Result("period", due=[date(last_year, 8, 31)], start=date(first_year, 9, 1))
            return _Result("period", due=[date(last_year, 12, 31)], start=date(first_year, 1, 1))
    for year in _SINGLE_YEAR.finditer(s):
        value = int(year.group(1))
        if _MIN_YEAR <= value <= _MAX_YEAR:
            return _Result("period", due=[date(value, 12, 31)], start=date(value, 1, 1))
    return None


def _periods(t: _Text, ctx: _Context) -> _Result | None:
    """«В течение года», «в течение 2022-2023 учебного года», «2023 год», «до конца года», «2021-2024 гг.»."""
    s = t.norm
    named = _named_academic_years(s)
    if named:
        return named
    if re.search(r"учебн\w* год|\bуч\.? ?г", s):
        span = _first_span(ctx, _academic_span)
        return _Result("period", due=[span[1]], start=span[0])
    named = _named_calendar_years(s, ctx)
    if named:
        return named
    calendar_year = _first_span(ctx, lambda y: (date(y, 1, 1), date(y, 12, 31)))
    if _UNTIL_END.search(s) and re.search(r"\bгода\b", s):
        return _Result("period", due=[calendar_year[1]], start=calendar_year[0])
    if _WHOLE_PERIOD.search(s):
        if "календарн" in s:
            return _Result("period", due=[calendar_year[1]], start=calendar_year[0])
        return _Result("period", due=[ctx.end], start=ctx.start)
    return None


_AFTER_EVENT = re.compile(
    r"^\s*(?:сразу |непосредственно )?(?P<prep>после|по окончании|по завершении|по итогам|по результатам"
    r"|по получении|при получении|по поступлении|при поступлении|с момента|со дня|в ходе|во время)\s+\S"
)


def _after_event(t: _Text, ctx: _Context) -> _Result | None:
    """«после утверждения», «по итогам мониторинга»: the day of an event not yet dated."""
    m = _AFTER_EVENT.match(t.light)
    if not m:
        return None
    event = t.original_span(m.end("prep"), len(t.original))
    return _Result(
        "relative",
        relative=RelativeOffset(days=0, working=False, event=event),
        warnings=[f"Срок отсчитывается от события «{event}»: дата будет назначена, когда оно наступит"],
    )


_RECOGNISERS: tuple[_Recogniser, ...] = (
    _empty,
    _relative,
    _recurring,
    _continuous,
    _school_landmarks,
    _explicit_dates,
    _month_parts,
    _terms,
    _seasons,
    _months,
    _external,
    _periods,
    _after_event,
)


def _recognise(t: _Text, ctx: _Context) -> _Result:
    for recogniser in _RECOGNISERS:
        result = recogniser(t, ctx)
        if result is not None:
            return result
    return _unknown(t)


def _finish(t: _Text, ctx: _Context, result: _Result, calendar: WorkingCalendar, rule: str) -> Deadline:
    due = sorted(set(result.due))
    warnings = list(ctx.notes) + list(result.warnings)
    if result.working_days_only:
        due = [d for d in due if calendar.is_working_day(d)]
        warnings.append(f"«{_quote(t)}» — по рабочим дням, сроков: {len(due)}")
    if ctx.check is not None:
        start, end = ctx.check
        # A report due just after the period on a part of the period is inside it in substance.
        outside = [d for d in due if not start <= d <= end and not start <= result.floors.get(d, d) <= end]
        if outside:
            warnings.append(
                f"Срок выходит за пределы периода {_fmt(start)}–{_fmt(end)}: " + ", ".join(map(_fmt, outside))
            )
    if t.time_of_day is not None:
        warnings.append(f"Время {t.time_of_day:%H:%M} в тексте срока принято как время, а не как дата")
    adjusted = [adjust_due(d, calendar, rule, result.floors.get(d)) for d in due]
    # Moving after the day, against the rule, is a choice the reader must see.
    warnings += [note for d, (day, note) in zip(due, adjusted, strict=True) if note and day > d and rule != "following"]
    return Deadline(
        text=t.original,
        kind=result.kind,
        rrule=result.rrule,
        start=result.start,
        due_dates=tuple(due),
        working_due_dates=tuple(day for day, _ in adjusted),
        needs_date=result.kind in NEEDS_DATE_KINDS,
        warnings=tuple(dict.fromkeys(warnings)),
        relative=result.relative,
        report_ends=tuple(result.floors.get(d) for d in due),
        time_of_day=t.time_of_day,
        working_notes=tuple(note for _, note in adjusted),
    )


def parse_deadline(
    text: str,
    period: tuple[date, date] | None = None,
    reference_date: date | None = None,
    calendar: WorkingCalendar | None = None,
    rule: str = "preceding",
    school: SchoolCalendar | None = None,
    horizon: str = "academic_year",
) -> Deadline:
    """Parse a deadline as written; never raises for any text (unrecognised text is kind unknown).

    ValueError only for the caller's arguments: an unknown rule or horizon, an inverted period, or a
    period or reference date outside 1900–2100.
    """
    if rule not in ADJUST_RULES:
        raise ValueError(f"Неизвестное правило переноса срока: {rule!r}")
    if horizon not in HORIZONS:
        raise ValueError(f"Неизвестный горизонт серии сроков: {horizon!r}")
    if period is not None and period[0] > period[1]:
        raise ValueError("Начало периода позже его окончания")
    for given in (*(period or ()), reference_date):
        if given is not None and not _MIN_YEAR <= given.year <= _MAX_YEAR:
            raise ValueError(f"Дата {given.isoformat()} вне допустимых {_MIN_YEAR}–{_MAX_YEAR} годов")
    calendar = calendar or default_calendar()
    t = _Text.of(text)
    ctx = _context(t, period, reference_date or date.today(), school or default_school_calendar(), horizon)
    try:
        deadline = _finish(t, ctx, _recognise(t, ctx), calendar, rule)
    except Exception:
        # A grammar bug must not take a whole roadmap down: the phrase goes to a person instead.
        logger.exception("Ошибка разбора срока %r", text)
        ctx.notes.clear()
        deadline = _finish(t, ctx, _unknown(t), calendar, rule)
    return replace(deadline, reference=reference_date)
