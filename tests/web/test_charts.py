"""The server-drawn charts and the Russian formats of the pages (no database, no browser)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from routes.web.charts import (
    Bar,
    GanttRow,
    Point,
    Segment,
    StackedRow,
    bar_chart,
    gantt_chart,
    indicator_chart,
    stacked_chart,
)
from routes.web.common import Pager, parse_day, ru_date, ru_number, shorten

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> etree._Element:
    return etree.fromstring(markup.encode())


def test_a_bar_chart_is_valid_svg_with_a_title_and_escaped_labels() -> None:
    svg = _parse(bar_chart([Bar("<script>alert(1)</script>", 3), Bar("Без срока", 0)], "Поручения & сроки"))
    assert svg.get("role") == "img" and svg.get("aria-label") == "Поручения & сроки"
    assert svg.find(f"{SVG}title").text == "Поручения & сроки"
    assert not list(svg.iter(f"{SVG}script"))
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "<script>alert(1)</script>" in labels and "0" in labels


def test_the_longest_bar_fills_the_plot_and_the_others_are_in_proportion() -> None:
    svg = _parse(bar_chart([Bar("a", 10), Bar("b", 5)], "x"))
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths[0] == 2 * widths[1]


def test_a_stacked_chart_draws_only_the_parts_that_are_there_and_labels_the_total() -> None:
    rows = [StackedRow("СОШ № 1", [Segment("в срок", 3, "seg-on-time"), Segment("просрочено", 0, "seg-overdue")])]
    svg = _parse(stacked_chart(rows, "Дисциплина"))
    bars = [r for r in svg.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len(bars) == 1 and bars[0].get("class") == "seg-on-time"
    assert "3" in [t.text for t in svg.iter(f"{SVG}text")]


def test_the_timeline_puts_a_bar_for_a_window_a_diamond_per_due_date_and_a_note_when_undated() -> None:
    rows = [
        GanttRow("1.1", "Окно", date(2022, 9, 1), (date(2022, 10, 31),)),
        GanttRow("1.2", "Ежеквартально", None, (date(2022, 12, 30), date(2023, 3, 31))),
        GanttRow("1.3", "По графику", None, ()),
    ]
    svg = _parse(gantt_chart(rows, (date(2022, 9, 1), date(2023, 8, 31)), date(2023, 1, 15), "Сроки"))
    assert len(list(svg.iter(f"{SVG}polygon"))) == 3
    assert "срок не определён" in [t.text for t in svg.iter(f"{SVG}text")]
    assert any(line.get("class") == "gantt-today" for line in svg.iter(f"{SVG}line"))


def test_the_indicator_chart_writes_values_the_russian_way_and_marks_missing_ones() -> None:
    points = [Point("2021", Decimal("60")), Point("2022", Decimal("96.5")), Point("2023", None)]
    texts = [t.text for t in _parse(indicator_chart(points, Decimal("100"), "%", "Доля ОО")).iter(f"{SVG}text")]
    assert "96,5 %" in texts and "нет данных" in texts and "цель 100 %" in texts


def test_numbers_and_dates_are_written_as_russian_documents_write_them() -> None:
    assert ru_number(Decimal("100.0000")) == "100"
    assert ru_number(Decimal("1250.50")) == "1 250,5"
    assert ru_number(None) == "—"
    assert ru_date(date(2022, 3, 28)) == "28.03.2022"
    assert parse_day("28.03.2022") == parse_day("2022-03-28") == date(2022, 3, 28)
    assert parse_day("31.02.2022") is None and parse_day("завтра") is None


def test_the_pager_shows_the_pages_around_the_current_one_and_the_ends() -> None:
    pager = Pager(page=6, per_page=10, total=200)
    assert pager.pages == 20 and (pager.first_item, pager.last_item) == (51, 60)
    assert pager.window() == [1, None, 4, 5, 6, 7, 8, None, 20]


def test_a_long_document_name_is_cut_in_the_middle_and_keeps_its_point() -> None:
    name = "Дорожная карта «По развитию системы оценки качества подготовки обучающихся в 2022-2023 году», п. 1.1.4"
    short = shorten(name, 70)
    assert len(short) <= 70 and short.endswith("…, п. 1.1.4") and short.startswith("Дорожная карта «По")
    assert shorten("Приказ от 30.11.2022 № 533, п. 2") == "Приказ от 30.11.2022 № 533, п. 2"
