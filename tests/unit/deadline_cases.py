"""Deadline phrases as they appear in roadmaps and orders, with the schedule each must give.

Most cases sit in the 2022-2023 academic year of order № 533 (period 01.09.2022–31.08.2023, the
order dated 30.11.2022). Dates are ISO strings so the table reads like the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

AY20 = ("2020-09-01", "2021-08-31")
AY21 = ("2021-09-01", "2022-08-31")
AY22 = ("2022-09-01", "2023-08-31")
CY23 = ("2023-01-01", "2023-12-31")
CY24 = ("2024-01-01", "2024-12-31")
MAY23 = ("2023-05-01", "2023-05-31")
CONCEPT = ("2021-01-01", "2024-12-31")  # a four-year concept or programme

REFERENCE = "2022-11-30"

EXTERNAL_WARNING = "внешним документом"
OUTSIDE = "за пределы периода"


@dataclass(frozen=True)
class Case:
    """One phrase and what parse_deadline must make of it."""

    text: str
    kind: str
    due: tuple[str, ...] = ()
    start: str | None = None
    rrule: str | None = None
    period: tuple[str, str] | None = AY22
    reference: str = REFERENCE
    working: tuple[str, ...] | None = None  # checked exactly when given
    rule: str = "preceding"
    relative: tuple[int, bool, str] | None = None
    warn: str | None = None  # a fragment every such deadline's warnings must contain
    label: str | None = None

    @property
    def id(self) -> str:
        """A readable ASCII test id: kind and the transliterated phrase."""
        return f"{self.kind}-{self.label or translit(self.text)}"


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)


def translit(text: str) -> str:
    """Russian text as a short ASCII slug for test ids."""
    out = []
    for ch in text.lower():
        if ch in _TRANSLIT:
            out.append(_TRANSLIT[ch].strip("_"))
        elif ch.isascii() and ch.isalnum():
            out.append(ch)
        else:
            out.append("-")
    slug = "-".join(part for part in "".join(out).split("-") if part)
    return slug[:70] or "empty"


def _c(text: str, kind: str, *due: str, **kwargs) -> Case:
    return Case(text, kind, tuple(due), **kwargs)


def month(text: str, due: str, **kwargs) -> Case:
    """A month phrase: starts on the first of the due date's month."""
    return _c(text, "month", due, start=due[:8] + "01", **kwargs)


def window(text: str, start: str, due: str, **kwargs) -> Case:
    """A window from start to due."""
    return _c(text, "window", due, start=start, **kwargs)


def period(text: str, start: str, due: str, **kwargs) -> Case:
    """A whole-period phrase."""
    return _c(text, "period", due, start=start, **kwargs)


def external(text: str, **kwargs) -> Case:
    """A phrase whose date comes from another document."""
    return _c(text, "external", warn=EXTERNAL_WARNING, **kwargs)


def relative(text: str, days: int, working: bool, event: str, **kwargs) -> Case:
    """An offset from an event."""
    return _c(text, "relative", relative=(days, working, event), warn=kwargs.pop("warn", "от"), **kwargs)


def unknown(text: str, **kwargs) -> Case:
    """A phrase nobody can date."""
    return _c(text, "unknown", warn=kwargs.pop("warn", "Не удалось распознать срок"), **kwargs)


def _quarter_ends(first: str, last: str) -> tuple[str, ...]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    out = []
    for year in range(start.year, end.year + 1):
        for m in (3, 6, 9, 12):
            d = date(year + m // 12, m % 12 + 1, 1) - timedelta(days=1)
            if start <= d <= end:
                out.append(d.isoformat())
    return tuple(out)


def _month_days(first: str, last: str, day: int) -> tuple[str, ...]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    out, d = [], start.replace(day=1)
    while d <= end:
        candidate = d.replace(day=day)
        if start <= candidate <= end:
            out.append(candidate.isoformat())
        d = (d + timedelta(days=32)).replace(day=1)
    return tuple(out)


AY22_QUARTERS = _quarter_ends(*AY22)
MONTHLY_REPORTS_AY22_WORKING = (
    "2022-10-05", "2022-11-03", "2022-12-05", "2023-01-09", "2023-02-03", "2023-03-03",
    "2023-04-05", "2023-05-05", "2023-06-05", "2023-07-05", "2023-08-04", "2023-09-05",
)  # fmt: skip
AY22_QUARTERS_WORKING = ("2022-09-30", "2022-12-30", "2023-03-31", "2023-06-30")
QUARTERLY = "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1"

# The thirteen phrases of DOMAIN.md («Deadlines as people write them») and the deadline texts of
# samples/order-533-report-and-roadmap.txt and resolution-935-concept.txt.
DOMAIN_AND_SAMPLES = [
    month("Сентябрь 2022", "2022-09-30"),
    window("Сентябрь – октябрь 2022", "2022-09-01", "2022-10-31"),
    period("Ежегодно", "2022-09-01", "2023-08-31"),
    _c("Ежегодно, июнь", "recurring", "2023-06-30", rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1"),
    _c(
        "ежегодно май сентябрь ноябрь",
        "recurring",
        "2022-09-30",
        "2022-11-30",
        "2023-05-31",
        rrule="FREQ=YEARLY;BYMONTH=5,9,11;BYMONTHDAY=-1",
    ),
    _c("Постоянно", "continuous", *AY22_QUARTERS, rrule=QUARTERLY, working=AY22_QUARTERS_WORKING),
    period("В течение года", "2022-09-01", "2023-08-31"),
    period("в течение года", "2022-09-01", "2023-08-31", label="lower-v-techenie-goda"),
    external("В соответствии с графиком проведения"),
    external("План РМО"),
    window("Март-май, 2021", "2021-03-01", "2021-05-31", period=AY20),
    _c("до 01 апреля 2022 года", "date", "2022-04-01", period=AY21),
    _c("в срок до 28 марта 2022 года", "date", "2022-03-28", period=AY21),
    relative("в течение 30 дней со дня окончания мониторинга", 30, False, "окончания мониторинга"),
    relative(
        "в течение 30 дней со дня окончания мониторинговых исследований или оценочных процедур качества образования;",
        30,
        False,
        "окончания мониторинговых исследований или оценочных процедур качества образования",
        label="resolution-935-monitoring",
    ),
    period("в течение 2022-2023 учебного года", "2022-09-01", "2023-08-31"),
    external("в установленные сроки"),
]

DATES = [
    _c("до 01.04.2022", "date", "2022-04-01", period=AY21),
    _c("1.4.22", "date", "2022-04-01", period=AY21),
    _c("01/04/2022", "date", "2022-04-01", period=AY21),
    _c("2022-04-01", "date", "2022-04-01", period=AY21),
    _c("01-04-2022", "date", "2022-04-01", period=AY21),
    _c("до 1 апреля 2022", "date", "2022-04-01", period=AY21),
    _c("до «01» апреля 2022 г.", "date", "2022-04-01", period=AY21),
    _c("до 01 апреля 2022 г", "date", "2022-04-01", period=AY21),
    _c("до 1апреля 2022", "date", "2022-04-01", period=AY21),
    _c("не позднее 15 мая 2023 г.", "date", "2023-05-15"),
    _c("не позднее 15.05.2023", "date", "2023-05-15"),
    _c("Не позже 15 мая 2023 года", "date", "2023-05-15"),
    _c("не позднее чем 15 мая 2023", "date", "2023-05-15"),
    _c("не позднее 1 июня", "date", "2023-06-01"),
    _c("к 1 сентября", "date", "2022-09-01"),
    _c("к 1 сентября", "date", "2023-09-01", period=CY23, label="k-1-sentyabrya-calendar-2023"),
    _c(
        "к 1 сентября",
        "date",
        "2024-09-01",
        period=None,
        reference="2024-03-10",
        working=("2024-08-30",),
        warn="Срок 01.09 без года: принят 01.09.2024 — ближайший после даты приказа",
        label="k-1-sentyabrya-no-period-2024-sunday",
    ),
    _c("до 25 декабря", "date", "2022-12-25", working=("2022-12-23",)),
    _c("до 25 мая", "date", "2023-05-25"),
    _c("до 20 января", "date", "2023-01-20"),
    _c("до 10 января", "date", "2023-01-10"),
    _c("до 30 ноября", "date", "2022-11-30"),
    _c("до 15 марта", "date", "2023-03-15"),
    _c("до 15.03", "date", "2023-03-15"),
    _c("до 29 февраля", "date", "2024-02-29", period=CY24),
    _c("15 марта 2023", "date", "2023-03-15"),
    _c("15.03.23", "date", "2023-03-15"),
    _c("15/03/2023", "date", "2023-03-15"),
    _c("2023-03-15", "date", "2023-03-15"),
    _c("в срок до 15.09.2022 включительно", "date", "2022-09-15"),
    _c("до 15 сентября 2022 г. (включительно)", "date", "2022-09-15"),
    _c("Срок: до 1 октября 2022 года", "date", "2022-10-01", working=("2022-09-30",)),
    _c("в срок до 20.10.2022.", "date", "2022-10-20"),
    _c('"до 20.10.2022"', "date", "2022-10-20", label="quoted-do-20-10-2022"),
    _c("до 5 октября 2022 г. (по согласованию)", "date", "2022-10-05"),
    _c("ДО 1 ДЕКАБРЯ 2022 ГОДА", "date", "2022-12-01", label="upper-do-1-dekabrya-2022"),
    _c("до 1-го декабря 2022 г.", "date", "2022-12-01"),
    _c("до 1 дек. 2022", "date", "2022-12-01"),
    _c("до 1 сент. 2022", "date", "2022-09-01"),
    _c("до 1 янв 2023", "date", "2023-01-01", working=("2022-12-30",)),
    _c("до 15 февр. 2023 г.", "date", "2023-02-15"),
    _c("26.07 2022", "date", "2022-07-26", period=AY21),
    _c("в срок до 28 марта 2022 года включительно", "date", "2022-03-28", period=AY21),
    _c(
        "до 10 сентября 2022 года, до 10 января 2023 года",
        "date",
        "2022-09-10",
        "2023-01-10",
        working=("2022-09-09", "2023-01-10"),
    ),
    _c("до 1 октября и до 1 марта", "date", "2022-10-01", "2023-03-01", working=("2022-09-30", "2023-03-01")),
    _c("1, 15 и 30 сентября 2022", "date", "2022-09-01", "2022-09-15", "2022-09-30"),
    _c("до 1 марта и до 1 октября", "date", "2022-10-01", "2023-03-01", working=("2022-09-30", "2023-03-01")),
    _c("15 декабря, 15 января 2023", "date", "2022-12-15", "2023-01-15", working=("2022-12-15", "2023-01-13")),
    _c("к 01.09.2023 г.", "date", "2023-09-01", warn=OUTSIDE),
    _c("с 1 сентября 2022 года", "date", "2022-09-01", warn="только дата начала"),
    # The working date differs from the nominal one: weekends and (transferred) holidays.
    _c("до 31 декабря 2022 года", "date", "2022-12-31", working=("2022-12-30",)),
    _c(
        "до 31 декабря 2022 года",
        "date",
        "2022-12-31",
        working=("2023-01-09",),
        rule="following",
        label="do-31-dekabrya-2022-following",
    ),
    _c("до 01.05.2022", "date", "2022-05-01", period=AY21, working=("2022-04-29",)),
    _c(
        "до 01.05.2022",
        "date",
        "2022-05-01",
        period=AY21,
        working=("2022-05-04",),
        rule="following",
        label="do-01-05-2022-following",
    ),
    _c("до 10 мая 2024 г.", "date", "2024-05-10", period=CY24, working=("2024-05-08",)),
    _c(
        "до 10 мая 2024 г.",
        "date",
        "2024-05-10",
        period=CY24,
        working=("2024-05-13",),
        rule="following",
        label="do-10-maya-2024-following",
    ),
    _c("до 29.04.2024", "date", "2024-04-29", period=CY24, working=("2024-04-27",)),
    _c("к 4 ноября 2025", "date", "2025-11-04", period=None, working=("2025-11-01",)),
    _c(
        "к 4 ноября 2025",
        "date",
        "2025-11-04",
        period=None,
        working=("2025-11-05",),
        rule="following",
        label="k-4-noyabrya-2025-following",
    ),
    _c("до 23 февраля 2023", "date", "2023-02-23", working=("2023-02-22",)),
    _c("до 08.03.2023", "date", "2023-03-08", working=("2023-03-07",)),
    _c("до 12 июня 2023 года", "date", "2023-06-12", working=("2023-06-09",)),
    _c("до 24.02.2023", "date", "2023-02-24", working=("2023-02-22",)),
    _c("до 09.01.2023", "date", "2023-01-09", working=("2023-01-09",)),
    _c(
        "до 10 мая 2024 г.",
        "date",
        "2024-05-10",
        period=CY24,
        working=("2024-05-10",),
        rule="none",
        label="do-10-maya-2024-rule-none",
    ),
]

WINDOWS = [
    window("сентябрь-октябрь 2022 г.", "2022-09-01", "2022-10-31"),
    window("Сентябрь—октябрь 2022 года", "2022-09-01", "2022-10-31"),
    window("сентябрь − октябрь 2022", "2022-09-01", "2022-10-31"),
    window("с сентября по октябрь 2022", "2022-09-01", "2022-10-31"),
    window("в течение сентября-октября", "2022-09-01", "2022-10-31"),
    window("март – май 2021 г.", "2021-03-01", "2021-05-31", period=AY20),
    window("Март - Май 2021", "2021-03-01", "2021-05-31", period=AY20),
    window("ноябрь 2022 – январь 2023", "2022-11-01", "2023-01-31"),
    window("ноябрь-январь", "2022-11-01", "2023-01-31"),
    window("декабрь-февраль", "2022-12-01", "2023-02-28"),
    window("декабрь 2023 – февраль 2024", "2023-12-01", "2024-02-29", period=None),
    window("с сентября 2022 г. по май 2023 г.", "2022-09-01", "2023-05-31"),
    window("сентябрь 2022 - май 2023", "2022-09-01", "2023-05-31"),
    window("январь–март", "2023-01-01", "2023-03-31"),
    window("апрель-май", "2023-04-01", "2023-05-31"),
    window("октябрь – ноябрь", "2022-10-01", "2022-11-30"),
    window("февраль-март 2023", "2023-02-01", "2023-03-31"),
    window("Май-июнь 2023 года", "2023-05-01", "2023-06-30"),
    window("с 1 по 15 сентября 2022", "2022-09-01", "2022-09-15"),
    window("с 1 по 15 сентября", "2022-09-01", "2022-09-15"),
    window("c 1 по 15 сентября 2022", "2022-09-01", "2022-09-15", label="latin-c-1-po-15-sentyabrya"),
    window("1-15 сентября 2022 г.", "2022-09-01", "2022-09-15"),
    window("1–15.09.2022", "2022-09-01", "2022-09-15"),
    window("с 01.09.2022 по 15.09.2022", "2022-09-01", "2022-09-15"),
    window("01.09.2022 – 15.09.2022", "2022-09-01", "2022-09-15"),
    window("01.09-15.09.2022", "2022-09-01", "2022-09-15"),
    window("2022-09-01 — 2022-09-15", "2022-09-01", "2022-09-15"),
    window("с 15 сентября по 15 октября 2022 г.", "2022-09-15", "2022-10-15", working=("2022-10-14",)),
    window("с 20 декабря 2022 года по 20 января 2023 года", "2022-12-20", "2023-01-20"),
    window("с 20 декабря по 20 января", "2022-12-20", "2023-01-20"),
    window("в период с 10 по 20 октября 2022 года", "2022-10-10", "2022-10-20"),
    window("первая декада октября", "2022-10-01", "2022-10-10"),
    window("вторая декада мая 2023", "2023-05-11", "2023-05-20", working=("2023-05-19",)),
    window("3 декада ноября", "2022-11-21", "2022-11-30"),
    window("первая половина сентября", "2022-09-01", "2022-09-15"),
    window("вторая половина февраля 2024", "2024-02-16", "2024-02-29", period=CY24),
    window("в начале сентября", "2022-09-01", "2022-09-10", working=("2022-09-09",)),
    window("в середине октября", "2022-10-11", "2022-10-20"),
    window("в конце ноября 2022", "2022-11-21", "2022-11-30"),
    # Quarters, halves, school quarters and trimesters.
    window("I квартал 2023", "2023-01-01", "2023-03-31"),
    window("I кв. 2023 г.", "2023-01-01", "2023-03-31"),
    window("1 квартал 2023 года", "2023-01-01", "2023-03-31"),
    window("1-й квартал 2023", "2023-01-01", "2023-03-31"),
    window("в I квартале 2023 года", "2023-01-01", "2023-03-31"),
    window("IV кв.", "2022-10-01", "2022-12-31", working=("2022-12-30",)),
    window("IV квартал", "2022-10-01", "2022-12-31"),
    window("4 квартал 2022", "2022-10-01", "2022-12-31"),
    window("ⅠⅤ квартал 2022", "2022-10-01", "2022-12-31", label="unicode-roman-iv-kvartal-2022"),
    window("III квартал", "2022-07-01", "2022-09-30"),
    window("III квартал 2023 г.", "2023-07-01", "2023-09-30", working=("2023-09-29",), warn=OUTSIDE),
    window("Ш квартал 2023", "2023-07-01", "2023-09-30", warn=OUTSIDE, label="cyrillic-sha-kvartal-2023"),
    window("І квартал 2023", "2023-01-01", "2023-03-31", label="ukrainian-i-kvartal-2023"),
    window("II квартал", "2023-04-01", "2023-06-30"),
    window("до конца II квартала 2023 года", "2023-04-01", "2023-06-30"),
    window("II-III квартал 2023", "2023-04-01", "2023-09-30", warn=OUTSIDE),
    window("I-II кварталы 2023 г.", "2023-01-01", "2023-06-30"),
    window("в течение IV квартала 2022 г.", "2022-10-01", "2022-12-31"),
    _c("I и III кварталы 2023", "window", "2023-03-31", "2023-09-30", start="2023-01-01", warn=OUTSIDE),
    window("первый квартал 2024", "2024-01-01", "2024-03-31", period=CY24, working=("2024-03-29",)),
    window("1 полугодие", "2022-09-01", "2022-12-31"),
    window("2 полугодие", "2023-01-01", "2023-05-31"),
    window("1 полугодие 2023 года", "2023-01-01", "2023-06-30"),
    window("2 полугодие 2023 года", "2023-07-01", "2023-12-31", working=("2023-12-29",), warn=OUTSIDE),
    window("II полугодие 2022-2023 учебного года", "2023-01-01", "2023-05-31"),
    window("I полугодие 2022/2023 уч. года", "2022-09-01", "2022-12-31"),
    window("в первом полугодии", "2023-01-01", "2023-06-30", period=CY23),
    window("во втором полугодии 2022 г.", "2022-07-01", "2022-12-31", period=None),
    window("1 полугодие", "2023-01-01", "2023-06-30", period=CY23, label="1-polugodie-calendar-2023"),
    # School quarters come from the school calendar (by default data/school_calendar.json).
    window("I четверть", "2022-09-01", "2022-10-26"),
    window("II четверть", "2022-11-05", "2022-12-28"),
    window("III четверть", "2023-01-09", "2023-03-21"),
    window("4 четверть", "2023-03-31", "2023-05-25", working=("2023-05-25",)),
    window("по итогам I четверти", "2022-09-01", "2022-10-26"),
    window("III четверть 2023 года", "2023-01-09", "2023-03-21"),
    window("I триместр", "2022-09-01", "2022-11-30"),
    window("2 триместр", "2022-12-01", "2023-02-28"),
    # Seasons.
    window("летний период", "2023-06-01", "2023-08-31"),
    window("в летний период 2023 года", "2023-06-01", "2023-08-31"),
    window("весна 2023", "2023-03-01", "2023-05-31"),
    window("осень 2022", "2022-09-01", "2022-11-30"),
    window("в период летних каникул", "2023-06-01", "2023-08-31"),
    window("зима 2022-2023", "2022-12-01", "2023-02-28"),
    window("летом", "2024-06-01", "2024-08-31", period=CY24, working=("2024-08-30",)),
]

MONTHS = [
    month("Январь 2021", "2021-01-31", period=AY20, working=("2021-01-29",)),
    month("сентябрь 2022 г.", "2022-09-30"),
    month("Сентябрь 2022 года", "2022-09-30"),
    month("в сентябре 2022 года", "2022-09-30"),
    month("В СЕНТЯБРЕ 2022", "2022-09-30", label="upper-v-sentyabre-2022"),
    month("сент. 2022", "2022-09-30"),
    month("в течение сентября 2022 г.", "2022-09-30"),
    month("Сентябрь 2022.", "2022-09-30", label="sentyabr-2022-full-stop"),
    month('"Сентябрь 2022"', "2022-09-30", label="quoted-sentyabr-2022"),
    month("Сентябрь\u00a02022", "2022-09-30", label="nbsp-sentyabr-2022"),
    month("  сентябрь   2022  ", "2022-09-30", label="spaces-sentyabr-2022"),
    month("сентябрь,2022", "2022-09-30"),
    month("октябрь", "2022-10-31"),
    month("май", "2023-05-31"),
    month("в мае", "2023-05-31"),
    month("август", "2023-08-31"),
    month("в декабре", "2022-12-31", working=("2022-12-30",)),
    month("Декабрь", "2023-12-31", period=CY23, working=("2023-12-29",)),
    month("январь", "2023-01-31"),
    month("до конца сентября", "2022-09-30"),
    month("до конца мая 2023 г.", "2023-05-31"),
    month("к концу октября", "2022-10-31"),
    month("в апреле 2024 г.", "2024-04-30", period=CY24, working=("2024-04-27",)),
    month(
        "в апреле 2024 г.",
        "2024-04-30",
        period=CY24,
        working=("2024-05-02",),
        rule="following",
        label="v-aprele-2024-following",
    ),
    month("в начале учебного года", "2022-09-30"),
    month("в конце учебного года", "2023-05-31"),
    _c("май, сентябрь 2023", "month", "2023-05-31", "2023-09-30", start="2023-05-01", warn=OUTSIDE),
    _c("ноябрь, декабрь 2022", "month", "2022-11-30", "2022-12-31", start="2022-11-01"),
    _c("до сентября", "date", "2023-08-31", period=CY23),
    _c("к маю", "date", "2023-04-30", working=("2023-04-28",)),
    _c("до мая 2023 года", "date", "2023-04-30"),
    _c("до середины сентября", "date", "2022-09-15"),
    _c("до начала октября", "date", "2022-09-30"),
    _c("к началу учебного года", "date", "2023-08-31"),
    _c("до начала 2023-2024 учебного года", "date", "2023-08-31", period=None),
]

RECURRING = [
    _c("ежегодно, в июне", "recurring", "2023-06-30", rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1"),
    _c("Ежегодно (июнь)", "recurring", "2023-06-30", rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1"),
    _c(
        "ЕЖЕГОДНО, ИЮНЬ",
        "recurring",
        "2023-06-30",
        rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1",
        label="upper-ezhegodno-iyun",
    ),
    _c(
        "Ежегодно,июнь",
        "recurring",
        "2023-06-30",
        rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1",
        label="ezhegodno-comma-iyun",
    ),
    _c(
        "ежегодно — июнь",
        "recurring",
        "2023-06-30",
        rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1",
        label="ezhegodno-dash-iyun",
    ),
    _c(
        "Ежегодно: май, сентябрь, ноябрь",
        "recurring",
        "2022-09-30",
        "2022-11-30",
        "2023-05-31",
        rrule="FREQ=YEARLY;BYMONTH=5,9,11;BYMONTHDAY=-1",
    ),
    _c(
        "май, сентябрь, ноябрь",
        "recurring",
        "2022-09-30",
        "2022-11-30",
        "2023-05-31",
        rrule="FREQ=YEARLY;BYMONTH=5,9,11;BYMONTHDAY=-1",
    ),
    _c(
        "сентябрь, май",
        "recurring",
        "2022-09-30",
        "2023-05-31",
        rrule="FREQ=YEARLY;BYMONTH=5,9;BYMONTHDAY=-1",
    ),
    _c(
        "сентябрь и январь",
        "recurring",
        "2022-09-30",
        "2023-01-31",
        rrule="FREQ=YEARLY;BYMONTH=1,9;BYMONTHDAY=-1",
    ),
    _c("ежегодно до 1 сентября", "recurring", "2022-09-01", rrule="FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1"),
    _c(
        "ежегодно до 1 сентября",
        "recurring",
        "2023-09-01",
        rrule="FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1",
        period=CY23,
        label="ezhegodno-do-1-sentyabrya-calendar-2023",
    ),
    _c(
        "ежегодно в декабре",
        "recurring",
        "2022-12-31",
        rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1",
        working=("2022-12-30",),
    ),
    _c("ежегодно, декабрь", "recurring", "2022-12-31", rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1"),
    _c(
        "ежегодно, март-апрель",
        "recurring",
        "2023-04-30",
        rrule="FREQ=YEARLY;BYMONTH=4;BYMONTHDAY=-1",
        working=("2023-04-28",),
    ),
    _c(
        "ежегодно до 20 января и до 20 июня",
        "recurring",
        "2023-01-20",
        "2023-06-20",
        rrule="FREQ=YEARLY;BYMONTH=1,6;BYMONTHDAY=20",
    ),
    _c("ежегодно, 25 мая", "recurring", "2023-05-25", rrule="FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=25"),
    _c("ежегодно в IV квартале", "recurring", "2022-12-31", rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1"),
    _c(
        "ежегодно, в начале учебного года",
        "recurring",
        "2022-09-30",
        rrule="FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=-1",
    ),
    _c(
        "Ежегодно",
        "recurring",
        "2021-12-31",
        "2022-12-31",
        "2023-12-31",
        "2024-12-31",
        rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=-1",
        period=CONCEPT,
        label="ezhegodno-four-year-concept",
    ),
    period("ежегодно", "2023-01-01", "2023-12-31", period=CY23, label="ezhegodno-calendar-2023"),
    _c(
        "ежегодно, июнь",
        "recurring",
        "2021-06-30",
        "2022-06-30",
        "2023-06-30",
        "2024-06-30",
        rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1",
        period=CONCEPT,
        label="ezhegodno-iyun-four-year-concept",
    ),
    period("1 раз в год", "2022-09-01", "2023-08-31"),
    _c("ежеквартально", "recurring", *AY22_QUARTERS, rrule=QUARTERLY, working=AY22_QUARTERS_WORKING),
    _c(
        "Ежеквартально",
        "recurring",
        *_quarter_ends(*CY23),
        rrule=QUARTERLY,
        period=CY23,
        label="ezhekvartalno-calendar-2023",
    ),
    _c(
        "ежеквартально до 10 числа месяца, следующего за отчётным",
        "recurring",
        "2022-10-10",
        "2023-01-10",
        "2023-04-10",
        "2023-07-10",
        rrule="FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=10",
    ),
    _c(
        "ежеквартально, до 5-го числа",
        "recurring",
        "2023-04-05",
        "2023-07-05",
        "2023-10-05",
        "2024-01-05",
        rrule="FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=5",
        period=CY23,
        # Issue 12, case 5: only the quarters of 2023 are reported on, and the Q4 report due in the
        # January holidays takes the following working day, never one inside the quarter.
        working=("2023-04-05", "2023-07-05", "2023-10-05", "2024-01-09"),
        warn="раньше окончания отчётного периода 31.12.2023",
    ),
    _c(
        "ежеквартально до 20 числа последнего месяца квартала",
        "recurring",
        "2023-03-20",
        "2023-06-20",
        "2023-09-20",
        "2023-12-20",
        rrule="FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=20",
        period=CY23,
    ),
    _c("раз в квартал", "recurring", *_quarter_ends(*CY23), rrule=QUARTERLY, period=CY23),
    _c("поквартально", "recurring", *_quarter_ends(*CY23), rrule=QUARTERLY, period=CY23),
    _c(
        "ежеквартально (март, июнь, сентябрь, декабрь)",
        "recurring",
        *_quarter_ends(*CY23),
        rrule="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1",
        period=CY23,
    ),
    _c(
        "ежемесячно",
        "recurring",
        "2023-01-31",
        "2023-02-28",
        "2023-03-31",
        "2023-04-30",
        "2023-05-31",
        "2023-06-30",
        "2023-07-31",
        "2023-08-31",
        "2023-09-30",
        "2023-10-31",
        "2023-11-30",
        "2023-12-31",
        rrule="FREQ=MONTHLY;BYMONTHDAY=-1",
        period=CY23,
    ),
    _c("ежемесячно до 5 числа", "recurring", *_month_days(*AY22, 5), rrule="FREQ=MONTHLY;BYMONTHDAY=5"),
    _c(
        "ежемесячно, до 5 числа месяца, следующего за отчетным",
        "recurring",
        *_month_days("2022-10-01", "2023-09-30", 5),
        rrule="FREQ=MONTHLY;BYMONTHDAY=5",
        # The December report falls in the January holidays: after them, never back into December.
        working=MONTHLY_REPORTS_AY22_WORKING,
        warn="раньше окончания отчётного периода 31.12.2022",
    ),
    _c(
        "ежемесячно до 25 числа",
        "recurring",
        *_month_days(*CY23, 25),
        rrule="FREQ=MONTHLY;BYMONTHDAY=25",
        period=CY23,
    ),
    _c(
        "ежемесячно до 30 числа",
        "recurring",
        "2023-01-30",
        "2023-02-28",
        *(f"2023-{m:02d}-30" for m in range(3, 13)),
        rrule="FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
        period=CY23,
    ),
    _c("до 5 числа", "recurring", *_month_days(*CY23, 5), rrule="FREQ=MONTHLY;BYMONTHDAY=5", period=CY23),
    _c(
        "ежемесячно, в последнюю пятницу",
        "recurring",
        "2023-05-26",
        rrule="FREQ=MONTHLY;BYDAY=-1FR",
        period=MAY23,
    ),
    _c(
        "ежемесячно в первый понедельник",
        "recurring",
        "2023-05-01",
        rrule="FREQ=MONTHLY;BYDAY=1MO",
        period=MAY23,
        working=("2023-04-28",),
    ),
    _c("каждый месяц", "recurring", "2023-05-31", rrule="FREQ=MONTHLY;BYMONTHDAY=-1", period=MAY23),
    _c(
        "еженедельно",
        "recurring",
        "2023-05-05",
        "2023-05-12",
        "2023-05-19",
        "2023-05-26",
        rrule="FREQ=WEEKLY;BYDAY=FR",
        period=MAY23,
    ),
    _c(
        "еженедельно по пятницам",
        "recurring",
        "2023-05-05",
        "2023-05-12",
        "2023-05-19",
        "2023-05-26",
        rrule="FREQ=WEEKLY;BYDAY=FR",
        period=MAY23,
    ),
    _c(
        "еженедельно, по понедельникам",
        "recurring",
        "2023-05-01",
        "2023-05-08",
        "2023-05-15",
        "2023-05-22",
        "2023-05-29",
        rrule="FREQ=WEEKLY;BYDAY=MO",
        period=MAY23,
        working=("2023-04-28", "2023-05-05", "2023-05-15", "2023-05-22", "2023-05-29"),
    ),
    _c(
        "по средам и пятницам",
        "recurring",
        "2023-05-03",
        "2023-05-05",
        "2023-05-10",
        "2023-05-12",
        "2023-05-17",
        "2023-05-19",
        "2023-05-24",
        "2023-05-26",
        "2023-05-31",
        rrule="FREQ=WEEKLY;BYDAY=WE,FR",
        period=MAY23,
    ),
    _c(
        "каждую пятницу",
        "recurring",
        "2023-05-05",
        "2023-05-12",
        "2023-05-19",
        "2023-05-26",
        rrule="FREQ=WEEKLY;BYDAY=FR",
        period=MAY23,
    ),
    _c(
        "ежедневно",
        "recurring",
        *(f"2023-05-{d:02d}" for d in range(2, 6)),  # working days only: 1 May is a holiday
        rrule="FREQ=DAILY",
        period=("2023-05-01", "2023-05-07"),
        warn="по рабочим дням",
    ),
    _c(
        "по четвертям",
        "recurring",
        "2022-10-26",
        "2022-12-28",
        "2023-03-21",
        "2023-05-25",
    ),
    _c(
        "по итогам четверти",
        "recurring",
        "2022-10-26",
        "2022-12-28",
        "2023-03-21",
        "2023-05-25",
    ),
    _c(
        "2 раза в год",
        "recurring",
        "2022-12-31",
        "2023-05-31",
        rrule="FREQ=MONTHLY;BYMONTH=5,12;BYMONTHDAY=-1",
    ),
    _c(
        "раз в полугодие",
        "recurring",
        "2023-06-30",
        "2023-12-31",
        rrule="FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1",
        period=CY23,
    ),
    _c(
        "2 раза в год (декабрь, май)",
        "recurring",
        "2022-12-31",
        "2023-05-31",
        rrule="FREQ=YEARLY;BYMONTH=5,12;BYMONTHDAY=-1",
    ),
]

PERIODS = [
    period("в течение года", "2023-01-01", "2023-12-31", period=CY23, label="v-techenie-goda-calendar-2023"),
    period("В течение 2022/2023 учебного года", "2022-09-01", "2023-08-31"),
    period("2022-2023 учебный год", "2022-09-01", "2023-08-31"),
    period("2022–2023 уч. год", "2022-09-01", "2023-08-31"),
    period("2022-23 уч.г.", "2022-09-01", "2023-08-31"),
    period("в течение учебного года", "2022-09-01", "2023-08-31"),
    period(
        "в течение учебного года",
        "2022-09-01",
        "2023-08-31",
        period=CY23,
        label="v-techenie-uchebnogo-goda-calendar-2023",
    ),
    period(
        "в течение учебного года",
        "2023-09-01",
        "2024-08-31",
        period=None,
        reference="2024-03-10",
        working=("2024-08-30",),
        label="v-techenie-uchebnogo-goda-no-period",
    ),
    period("весь учебный год", "2022-09-01", "2023-08-31"),
    period("до конца учебного года", "2022-09-01", "2023-05-31"),
    period("до окончания 2022-2023 учебного года", "2022-09-01", "2023-05-31"),
    period("до конца года", "2022-01-01", "2022-12-31", working=("2022-12-30",)),
    period("до конца 2023 года", "2023-01-01", "2023-12-31", period=CY23),
    period("в течение 2023 года", "2023-01-01", "2023-12-31", period=CY23),
    period("2023 год", "2023-01-01", "2023-12-31", period=CY23),
    period("в 2023 году", "2023-01-01", "2023-12-31", period=CY23),
    period("на 2024 год", "2024-01-01", "2024-12-31", period=CY24, working=("2024-12-28",)),
    period("2021-2024 гг.", "2021-01-01", "2024-12-31", period=CONCEPT),
    period("2021–2024 годы", "2021-01-01", "2024-12-31", period=CONCEPT),
    period("в течение 2021-2024 годов", "2021-01-01", "2024-12-31", period=CONCEPT),
    period("2022-2023", "2022-09-01", "2023-08-31"),
    period("в течение календарного года", "2022-01-01", "2022-12-31"),
    period("в течение отчетного периода", "2022-09-01", "2023-08-31"),
]

CONTINUOUS = [
    _c("постоянно", "continuous", *AY22_QUARTERS, rrule=QUARTERLY, label="lower-postoyanno"),
    _c("ПОСТОЯННО", "continuous", *AY22_QUARTERS, rrule=QUARTERLY, label="upper-postoyanno"),
    _c("Постоянно.", "continuous", *AY22_QUARTERS, rrule=QUARTERLY, label="postoyanno-full-stop"),
    _c("в течение всего периода", "continuous", *AY22_QUARTERS, rrule=QUARTERLY),
    _c("на постоянной основе", "continuous", *AY22_QUARTERS, rrule=QUARTERLY),
    _c("систематически", "continuous", *AY22_QUARTERS, rrule=QUARTERLY),
    _c("регулярно", "continuous", *AY22_QUARTERS, rrule=QUARTERLY),
    _c("постоянно в течение учебного года", "continuous", *AY22_QUARTERS, rrule=QUARTERLY),
    _c(
        "Постоянно",
        "continuous",
        *_quarter_ends(*CY23),
        rrule=QUARTERLY,
        period=CY23,
        working=("2023-03-31", "2023-06-30", "2023-09-29", "2023-12-29"),
        label="postoyanno-calendar-2023",
    ),
    _c(
        "в течение всего периода реализации программы",
        "continuous",
        *_quarter_ends(*CONCEPT),
        rrule=QUARTERLY,
        period=CONCEPT,
    ),
]

EXTERNAL = [
    external("по мере необходимости"),
    external("По мере необходимости", label="capital-po-mere-neobkhodimosti"),
    external("при необходимости"),
    external("по отдельному плану"),
    external("по графику"),
    external("в соответствии с планом работы"),
    external("согласно графику"),
    external("по графику проведения ВПР"),
    external("в соответствии с расписанием ГИА"),
    external("в сроки, установленные Рособрнадзором"),
    external("по запросу"),
    external("по запросу Министерства"),
    external("по плану работы РМО"),
    external("План работы ММС"),
    external("в соответствии с приказом Министерства"),
    external("по согласованию"),
    external("в период проведения ГИА"),
    external("в сроки проведения олимпиады"),
    external("по мере поступления документов"),
    external("в период осенних каникул"),
    external("в соответствии с календарным учебным графиком"),
    external("ежегодно, по графику"),
]

RELATIVE = [
    relative("в течение 10 рабочих дней после утверждения", 10, True, "утверждения"),
    relative("в течение 10 (десяти) рабочих дней со дня подписания приказа", 10, True, "подписания приказа"),
    relative("в трёхдневный срок", 3, False, "", warn="Не указано событие"),
    relative("в трехдневный срок со дня получения", 3, False, "получения"),
    relative("в 10-дневный срок с момента получения запроса", 10, False, "получения запроса"),
    relative("в течение трех рабочих дней с даты проведения", 3, True, "проведения"),
    relative("не позднее 5 рабочих дней после окончания четверти", 5, True, "окончания четверти"),
    relative("за 5 дней до начала учебного года", -5, False, "начала учебного года"),
    relative("не позднее чем за 10 дней до проведения", -10, False, "проведения"),
    relative("в течение двух недель после проведения", 14, False, "проведения"),
    relative("в течение месяца со дня утверждения", 30, False, "утверждения", warn="30 календарных дней"),
    relative("через 3 дня после мероприятия", 3, False, "мероприятия"),
    relative("после утверждения", 0, False, "утверждения"),
    relative("по итогам мониторинга", 0, False, "мониторинга"),
    relative("в день проведения мероприятия", 0, False, "проведения мероприятия"),
    relative("в течение 5 календарных дней", 5, False, "", warn="Не указано событие"),
    relative("В течение 3 рабочих дней со дня регистрации Приказа", 3, True, "регистрации Приказа"),
]

UNKNOWN = [
    unknown("абракадабра"),
    unknown("—", warn="Срок не указан", label="em-dash-only"),
    unknown("", warn="Срок не указан", label="empty"),
    unknown("   ", warn="Срок не указан", label="blank"),
    unknown("до 31.02.2023", warn="несуществующая дата"),
    unknown("до 32 мая 2023", warn="несуществующая дата"),
    unknown("уточняется"),
    unknown("по возможности"),
    unknown("ежемесячно до 45 числа"),
]

# Phrases met while reviewing the grammar against further roadmaps.
MORE = [
    _c(
        "до 10 числа месяца, следующего за отчетным кварталом",
        "recurring",
        "2022-10-10",
        "2023-01-10",
        "2023-04-10",
        "2023-07-10",
        rrule="FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=10",
    ),
    external("в период подготовки к ГИА"),
    month("апрель 2023 (ВПР)", "2023-04-30", working=("2023-04-28",)),
    _c("ежегодно (сентябрь-октябрь)", "recurring", "2022-10-31", rrule="FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=-1"),
    _c("до 20 числа каждого месяца", "recurring", *_month_days(*AY22, 20), rrule="FREQ=MONTHLY;BYMONTHDAY=20"),
    _c(
        "октябрь, апрель",
        "recurring",
        "2022-10-31",
        "2023-04-30",
        rrule="FREQ=YEARLY;BYMONTH=4,10;BYMONTHDAY=-1",
    ),
    _c("Октябрь 2022, апрель 2023", "month", "2022-10-31", "2023-04-30", start="2022-10-01"),
    _c(
        "1 раз в полугодие",
        "recurring",
        "2022-12-31",
        "2023-05-31",
        rrule="FREQ=MONTHLY;BYMONTH=5,12;BYMONTHDAY=-1",
    ),
    _c(
        "еженедельно (пятница)",
        "recurring",
        "2023-05-05",
        "2023-05-12",
        "2023-05-19",
        "2023-05-26",
        rrule="FREQ=WEEKLY;BYDAY=FR",
        period=MAY23,
    ),
    window("до конца первого полугодия", "2022-09-01", "2022-12-31"),
    _c("ежегодно, II квартал", "recurring", "2023-06-30", rrule="FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=-1"),
    relative("в двухнедельный срок после проведения", 14, False, "проведения"),
    period("по итогам учебного года", "2022-09-01", "2023-08-31"),
    period("Ежегодно, по итогам учебного года", "2022-09-01", "2023-08-31"),
    window("Август 2022 г. – сентябрь 2022 г.", "2022-08-01", "2022-09-30"),
    window("сентябрь-декабрь 2022 года", "2022-09-01", "2022-12-31"),
    period("в течение всего учебного года", "2022-09-01", "2023-08-31"),
    month("на начало учебного года", "2022-09-30"),
]

# Issue 12: every date its own due date, yearless dates after the reference day, day.month in recurring
# texts, reports after the period they are on, working days, and the forms of roadmaps still unread.
AY23 = ("2023-09-01", "2024-08-31")
CY25 = ("2025-01-01", "2025-12-31")
JAN24_Q1 = ("2024-01-01", "2024-03-31")
SEP23 = "2023-09-01"
CHOSEN = "без года: принят"
ISSUE_12 = [
    _c("до 01.10.2023 г., до 01.03.2024 г.", "date", "2023-10-01", "2024-03-01", period=None, reference=SEP23),
    _c("до 1 октября и до 1 апреля", "date", "2023-10-01", "2024-04-01", period=None, reference=SEP23, warn=CHOSEN),
    _c("I, III кварталы", "window", "2024-03-31", "2024-09-30", start="2024-01-01", period=CY24),
    _c("май, сентябрь 2024", "month", "2024-05-31", "2024-09-30", start="2024-05-01", period=CY24),
    _c(
        "до 1 июня",
        "date",
        "2024-06-01",
        period=None,
        reference=SEP23,
        working=("2024-05-31",),
        warn="Срок 01.06 без года: принят 01.06.2024 — ближайший после даты приказа",
        label="do-1-iyunya-after-the-order",
    ),
    month("май", "2024-05-31", period=None, reference=SEP23, warn=CHOSEN, label="may-after-the-order"),
    window("I квартал", "2024-01-01", "2024-03-31", period=None, reference=SEP23, warn=CHOSEN, label="q1-after"),
    month("сентябрь", "2024-09-30", period=None, reference="2024-03-10", warn=CHOSEN, label="sentyabr-after"),
    _c(
        "ежемесячно до 5 числа",
        "recurring",
        *_month_days("2024-03-01", "2024-08-31", 5),
        rrule="FREQ=MONTHLY;BYMONTHDAY=5",
        period=None,
        reference="2024-03-01",
        label="ezhemesyachno-do-5-no-period-horizon",
    ),
    _c("ежегодно до 20.05", "recurring", "2024-05-20", rrule="FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=20", period=AY23),
    _c(
        "до 10.12.2023 ежегодно",
        "recurring",
        "2023-12-10",
        rrule="FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=10",
        period=AY23,
        working=("2023-12-08",),
    ),
    _c(
        "ежеквартально: до 15.04, 15.07, 15.10, 15.01",
        "recurring",
        "2024-01-15",
        "2024-04-15",
        "2024-07-15",
        "2024-10-15",
        rrule="FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15",
        period=CY24,
    ),
    _c(
        "дважды в год — до 10.01 и до 10.06",
        "recurring",
        "2024-01-10",
        "2024-06-10",
        rrule="FREQ=YEARLY;BYMONTH=1,6;BYMONTHDAY=10",
        period=CY24,
    ),
    _c(
        "ежеквартально до 10 числа месяца, следующего за отчётным",
        "recurring",
        "2025-04-10",
        "2025-07-10",
        "2025-10-10",
        "2026-01-10",
        rrule="FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=10",
        period=CY25,
        working=("2025-04-10", "2025-07-10", "2025-10-10", "2026-01-12"),
        warn="раньше окончания отчётного периода 31.12.2025",
        label="quarterly-reports-2025-q4-after-the-holidays",
    ),
    _c(
        "ежекв., до 5 числа месяца, следующего за отчетным кварталом",
        "recurring",
        "2024-04-05",
        "2024-07-05",
        "2024-10-05",
        "2025-01-05",
        rrule="FREQ=MONTHLY;BYMONTH=1,4,7,10;BYMONTHDAY=5",
        period=CY24,
        working=("2024-04-05", "2024-07-05", "2024-10-04", "2025-01-09"),
        warn="раньше окончания отчётного периода 31.12.2024",
    ),
    _c(
        "ежедневно",
        "recurring",
        "2024-05-06",
        "2024-05-07",
        "2024-05-08",
        rrule="FREQ=DAILY",
        period=("2024-05-06", "2024-05-12"),
        warn="по рабочим дням, сроков: 3",
        label="ezhednevno-may-2024-holidays",
    ),
    _c(
        "до 5 числа месяца, следующего за окончанием четверти",
        "recurring",
        "2023-11-05",
        "2024-01-05",
        "2024-04-05",
        "2024-06-05",
        period=AY23,
        working=("2023-11-03", "2023-12-29", "2024-04-05", "2024-06-05"),
    ),
    _c("1 раз в четверть", "recurring", "2023-10-26", "2023-12-28", "2024-03-21", "2024-05-25", period=AY23),
    _c("по итогам каждой четверти", "recurring", "2023-10-26", "2023-12-28", "2024-03-21", "2024-05-25", period=AY23),
    window("по итогам II четверти", "2023-11-05", "2023-12-28", period=AY23),
    window("в первую неделю октября", "2023-10-01", "2023-10-07", period=AY23),
    window("в последнюю неделю мая", "2024-05-25", "2024-05-31", period=AY23),
    _c(
        "не реже 1 раза в месяц",
        "recurring",
        "2024-01-31",
        "2024-02-29",
        "2024-03-31",
        rrule="FREQ=MONTHLY;BYMONTHDAY=-1",
        period=JAN24_Q1,
    ),
    _c(
        "не реже трёх раз в год",
        "recurring",
        "2023-12-31",
        "2024-04-30",
        "2024-08-31",
        rrule="FREQ=YEARLY;BYMONTH=4,8,12;BYMONTHDAY=-1",
        period=AY23,
        warn="сроки распределены равномерно",
    ),
    _c(
        "по мере необходимости, но не реже раза в полугодие",
        "recurring",
        "2023-12-31",
        "2024-05-31",
        rrule="FREQ=MONTHLY;BYMONTH=5,12;BYMONTHDAY=-1",
        period=AY23,
    ),
    _c(
        "каждый второй вторник месяца",
        "recurring",
        "2024-01-09",
        "2024-02-13",
        "2024-03-12",
        rrule="FREQ=MONTHLY;BYDAY=2TU",
        period=JAN24_Q1,
    ),
    _c(
        "раз в две недели",
        "recurring",
        "2024-01-05",
        "2024-01-19",
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
        period=("2024-01-01", "2024-01-31"),
        working=("2023-12-29", "2024-01-19"),
    ),
    _c(
        "ежемес.",
        "recurring",
        "2024-01-31",
        "2024-02-29",
        "2024-03-31",
        rrule="FREQ=MONTHLY;BYMONTHDAY=-1",
        period=JAN24_Q1,
    ),
    _c("ежекв.", "recurring", *_quarter_ends(*CY24), rrule=QUARTERLY, period=CY24),
    window("II полуг.", "2024-01-01", "2024-05-31", period=AY23),
    relative("в течение 3-х рабочих дней после проведения", 3, True, "проведения", period=AY23),
    _c("до 12.00 15.11.2023", "date", "2023-11-15", period=AY23, warn="Время 12:00"),
    _c("до 1. 12. 2023", "date", "2023-12-01", period=AY23),
    _c("ко 2-му октября", "date", "2023-10-02", period=AY23),
]

ALL_CASES = MORE + DOMAIN_AND_SAMPLES + DATES + WINDOWS + MONTHS + RECURRING + PERIODS + CONTINUOUS + EXTERNAL
ALL_CASES += RELATIVE + UNKNOWN + ISSUE_12


def case_ids(cases: list[Case]) -> list[str]:
    """Readable ids, numbered when two spellings transliterate alike («Сентябрь 2022», «сентябрь 2022 г.»)."""
    seen: dict[str, int] = {}
    ids = []
    for case in cases:
        seen[case.id] = seen.get(case.id, 0) + 1
        ids.append(case.id if seen[case.id] == 1 else f"{case.id}-spelling-{seen[case.id]}")
    return ids
