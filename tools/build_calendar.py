"""Regenerate production_calendar_ru.json from the pinned `holidays` package.

Run from the repository root: `.venv/bin/python -m tools.build_calendar`.
The application never imports `holidays` at run time: it reads the JSON this script writes, so the
calendar an administrator reviewed is the one that is used, and a package upgrade cannot silently
move anybody's deadline.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

import holidays
from holidays.countries.russia import RussiaStaticHolidays

FIRST_YEAR = 2020
LAST_YEAR = 2027
OUTPUT = Path(__file__).resolve().parents[1] / "workflow" / "deadlines" / "data" / "production_calendar_ru.json"

# The decrees themselves, as the `holidays` package cites them (ConsultantPlus copies of each
# «О переносе выходных дней в … году»); kept here so the JSON names its source per year.
DECREE_SOURCES = {
    2020: "https://www.consultant.ru/document/cons_doc_LAW_328918/",
    2021: "https://www.consultant.ru/document/cons_doc_LAW_365179/",
    2022: "https://www.consultant.ru/document/cons_doc_LAW_395538/",
    2023: "https://www.consultant.ru/document/cons_doc_LAW_425407/",
    2024: "https://www.consultant.ru/document/cons_doc_LAW_455140/",
    2025: "https://www.consultant.ru/document/cons_doc_LAW_481586/",
    2026: "https://www.consultant.ru/document/cons_doc_LAW_515170/",
    2027: "https://www.consultant.ru/document/cons_doc_LAW_544706/",
}

NOTES = [
    "Пятидневная рабочая неделя. holidays — нерабочие праздничные дни по ст. 112 ТК РФ и дни отдыха, "
    "перенесённые постановлениями Правительства РФ «О переносе выходных дней»; working_weekends — "
    "субботы и воскресенья, объявленные рабочими при переносе.",
    "2020: нерабочие дни, объявленные указами Президента РФ в связи с COVID-19 (30.03–30.04.2020, "
    "06.05–08.05.2020, указы № 206, 239, 294), а также 24.06.2020 и 01.07.2020 (указы № 345 и 354) "
    "не являются праздничными днями и переносами выходных; они не включены. При необходимости "
    "администратор отмечает их вручную (overrides).",
    "2021: нерабочие дни по указам Президента РФ 04.05–07.05.2021 и 01.11–03.11.2021 (COVID-19) "
    "по той же причине не включены.",
    "2027: перенос взят из пакета holidays (источник — постановление Правительства РФ о переносе "
    "выходных дней в 2027 году, ConsultantPlus LAW_544706); сверьте с опубликованным текстом "
    "постановления. За пределами 2020–2027 годов календарь считает нерабочими только субботы, "
    "воскресенья и праздники ст. 112 ТК РФ с переносом совпавшего выходного на следующий рабочий "
    "день (кроме январских праздников, которые переносит только постановление).",
    "Региональные нерабочие праздники субъектов РФ (например, Цаган Сар и Зул в Республике Калмыкия) "
    "не включены: их добавляет администратор как overrides календаря своей организации.",
]


def _transfers(year: int) -> list[dict[str, str]]:
    """The decree's transfers for one year as {"from": weekend day, "to": new day off}."""
    data = RussiaStaticHolidays.special_public_holidays.get(year, ())
    # The package stores one transfer as a flat tuple and several as a tuple of tuples.
    rows = (data,) if data and isinstance(data[0], int) else data
    result = []
    for row in rows:
        to_month, to_day, from_month, from_day, *from_year = row
        result.append(
            {
                "from": date(from_year[0] if from_year else year, from_month, from_day).isoformat(),
                "to": date(year, to_month, to_day).isoformat(),
            }
        )
    return sorted(result, key=lambda item: item["to"])


def build() -> dict:
    """The whole calendar document for FIRST_YEAR..LAST_YEAR."""
    years = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        calendar = holidays.Russia(years=year, language="ru")
        days = {day.isoformat(): name for day, name in sorted(calendar.items())}
        working = sorted(day.isoformat() for day in calendar.weekend_workdays if day.year == year)
        non_working_weekdays = [d for d in calendar if d.weekday() < 5 and d.year == year]
        working_days = sum(
            1
            for offset in range((date(year, 12, 31) - date(year, 1, 1)).days + 1)
            if calendar.is_working_day(date(year, 1, 1) + timedelta(days=offset))
        )
        years[str(year)] = {
            "holidays": days,
            "working_weekends": working,
            "transfers": _transfers(year),
            "decree_source": DECREE_SOURCES[year],
            "non_working_weekdays": len(non_working_weekdays),
            "working_days": working_days,
        }
    return {
        "country": "RU",
        "title": "Производственный календарь Российской Федерации (пятидневная рабочая неделя)",
        "source": (
            f"Пакет Python holidays {version('holidays')} (holidays.Russia: праздники ст. 112 ТК РФ, "
            "переносы по постановлениям Правительства РФ «О переносе выходных дней», ссылки на "
            "тексты постановлений в КонсультантПлюс — decree_source каждого года). Переносы 2020–2026 "
            "годов сверены с постановлениями, число рабочих дней — с официальными производственными "
            "календарями (248, 247, 247, 247, 248, 247, 247)."
        ),
        "generated_by": "tools/build_calendar.py",
        "notes": NOTES,
        "years": years,
    }


def main() -> None:
    """Write the JSON next to this script."""
    OUTPUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
