"""Charts drawn on the server as SVG: no script, no external library; colours come from app.css classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from markupsafe import Markup, escape

MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _label(value: float) -> str:
    # Text inside a chart, Russian style: a comma before the decimals.
    return _num(value).replace(".", ",")


def _text(x: float, y: float, text: str, cls: str = "", anchor: str = "start") -> str:
    return f'<text x="{_num(x)}" y="{_num(y)}" class="{cls}" text-anchor="{anchor}">{escape(text)}</text>'


def _svg(width: float, height: float, label: str, body: list[str], cls: str) -> Markup:
    return Markup(
        f'<svg class="chart {cls}" viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" '
        f'height="{_num(height)}" role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a value and the CSS class that colours it."""

    label: str
    value: float
    css: str = "bar"


def bar_chart(bars: list[Bar], label: str, width: int = 560) -> Markup:
    """Horizontal bars with their values, the longest bar filling the width."""
    row, label_w, pad = 30, 200, 8
    height = row * max(1, len(bars)) + pad * 2
    top = max((b.value for b in bars), default=0) or 1
    area = width - label_w - 60
    body: list[str] = []
    for n, bar in enumerate(bars):
        y = pad + n * row
        length = area * bar.value / top
        body.append(_text(label_w - 8, y + 19, _short(bar.label, 28), "chart-label", "end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{_num(max(length, 1))}" height="{row - 10}" class="{bar.css}">'
            f"<title>{escape(bar.label)}: {_label(bar.value)}</title></rect>"
        )
        body.append(_text(label_w + length + 6, y + 19, _label(bar.value), "chart-value"))
    return _svg(width, height, label, body, "bar-chart")


@dataclass(frozen=True)
class Segment:
    """A part of a stacked bar."""

    name: str
    value: int
    css: str


@dataclass
class StackedRow:
    """One group of a stacked bar chart."""

    label: str
    segments: list[Segment] = field(default_factory=list)

    @property
    def total(self) -> int:
        """The whole bar."""
        return sum(s.value for s in self.segments)


def stacked_chart(rows: list[StackedRow], label: str, width: int = 720) -> Markup:
    """Horizontal stacked bars (one per group) with a legend, each bar scaled to the largest group."""
    row_h, label_w, legend_h, pad = 28, 230, 30, 6
    height = legend_h + row_h * max(1, len(rows)) + pad * 2
    top = max((r.total for r in rows), default=0) or 1
    area = width - label_w - 50
    body: list[str] = []
    legend = rows[0].segments if rows else []
    x = float(label_w)
    for segment in legend:
        body.append(f'<rect x="{x}" y="6" width="14" height="14" class="{segment.css}"></rect>')
        body.append(_text(x + 19, 18, segment.name, "chart-legend"))
        x += 24.0 + 8 * len(segment.name)
    for n, stacked in enumerate(rows):
        y = legend_h + pad + n * row_h
        body.append(_text(label_w - 8, y + 18, _short(stacked.label, 32), "chart-label", "end"))
        x = float(label_w)
        for segment in stacked.segments:
            if segment.value <= 0:
                continue
            length = area * segment.value / top
            body.append(
                f'<rect x="{_num(x)}" y="{y + 4}" width="{_num(length)}" height="{row_h - 8}" class="{segment.css}">'
                f"<title>{escape(stacked.label)} — {escape(segment.name)}: {segment.value}</title></rect>"
            )
            x += length
        body.append(_text(x + 6, y + 18, str(stacked.total), "chart-value"))
    return _svg(width, height, label, body, "stacked-chart")


@dataclass(frozen=True)
class GanttRow:
    """An activity on the timeline: a span (start to the last due date) or milestones, or no date at all."""

    number: str
    label: str
    start: date | None
    due_dates: tuple[date, ...]
    css: str = "gantt-open"


def _month_starts(first: date, last: date) -> list[date]:
    months = []
    current = date(first.year, first.month, 1)
    while current <= last:
        months.append(current)
        current = date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return months


def gantt_chart(rows: list[GanttRow], span: tuple[date, date], today: date, label: str, width: int = 960) -> Markup:
    """Activities by date: a bar from start to due, a diamond per due date, a line for today, a month grid."""
    first, last = span
    if last <= first:
        last = first + timedelta(days=30)
    row_h, label_w, head_h = 24, 300, 28
    height = head_h + row_h * max(1, len(rows)) + 8
    area = width - label_w - 12
    days = (last - first).days or 1

    def x_of(day: date) -> float:
        clipped = min(max(day, first), last)
        return label_w + area * (clipped - first).days / days

    body: list[str] = []
    for month in _month_starts(first, last):
        x = x_of(max(month, first))
        body.append(f'<line x1="{_num(x)}" y1="{head_h - 6}" x2="{_num(x)}" y2="{height}" class="gantt-grid"></line>')
        caption = MONTHS_SHORT[month.month - 1] + (f" {month.year}" if month.month in (1, 9) else "")
        body.append(_text(x + 3, head_h - 10, caption, "chart-axis"))
    for n, row in enumerate(rows):
        y = head_h + n * row_h
        if n % 2:
            body.append(f'<rect x="0" y="{y}" width="{width}" height="{row_h}" class="gantt-stripe"></rect>')
        body.append(_text(4, y + 16, _short(f"{row.number} {row.label}".strip(), 46), "chart-label"))
        if not row.due_dates:
            body.append(_text(label_w + 4, y + 16, "срок не определён", "chart-note"))
            continue
        end = row.due_dates[-1]
        if row.start is not None and row.start < end:
            x1, x2 = x_of(row.start), x_of(end)
            body.append(
                f'<rect x="{_num(x1)}" y="{y + 6}" width="{_num(max(x2 - x1, 2))}" height="{row_h - 12}" '
                f'class="{row.css}"><title>{escape(row.label)}: {row.start:%d.%m.%Y} – {end:%d.%m.%Y}</title></rect>'
            )
        for due in row.due_dates:
            x, mid = x_of(due), y + row_h / 2
            corners = ((x, mid - 6), (x + 6, mid), (x, mid + 6), (x - 6, mid))
            points = " ".join(f"{_num(px)},{_num(py)}" for px, py in corners)
            body.append(
                f'<polygon points="{points}" class="{row.css} gantt-due"><title>{escape(row.label)}: '
                f"срок {due:%d.%m.%Y}</title></polygon>"
            )
    if first <= today <= last:
        x = x_of(today)
        body.append(f'<line x1="{_num(x)}" y1="{head_h - 6}" x2="{_num(x)}" y2="{height}" class="gantt-today"></line>')
        body.append(_text(x + 3, height - 2, f"сегодня {today:%d.%m.%Y}", "chart-note"))
    return _svg(width, height, label, body, "gantt-chart")


@dataclass(frozen=True)
class Point:
    """A value of an indicator in one period."""

    label: str
    value: Decimal | None


def indicator_chart(points: list[Point], target: Decimal | None, unit: str, label: str, width: int = 560) -> Markup:
    """Columns of an indicator across periods, with the target as a dashed line."""
    height, bottom, left, top_pad = 220, 30, 40, 20
    values = [float(p.value) for p in points if p.value is not None]
    top = max([*values, float(target) if target is not None else 0.0, 1.0]) * 1.1
    plot_h = height - bottom - top_pad
    step = (width - left - 10) / max(1, len(points))
    base = height - bottom
    body = [f'<line x1="{left}" y1="{base}" x2="{width - 5}" y2="{base}" class="chart-axis-line"></line>']

    def y_of(value: float) -> float:
        return height - bottom - plot_h * value / top

    for n, point in enumerate(points):
        x = left + n * step + step * 0.2
        w = step * 0.6
        body.append(_text(x + w / 2, height - bottom + 16, point.label, "chart-axis", "middle"))
        if point.value is None:
            body.append(_text(x + w / 2, height - bottom - 6, "нет данных", "chart-note", "middle"))
            continue
        v = float(point.value)
        body.append(
            f'<rect x="{_num(x)}" y="{_num(y_of(v))}" width="{_num(w)}" height="{_num(height - bottom - y_of(v))}" '
            f'class="bar"><title>{escape(point.label)}: {_label(v)} {escape(unit)}</title></rect>'
        )
        body.append(_text(x + w / 2, y_of(v) - 5, f"{_label(v)} {unit}".strip(), "chart-value", "middle"))
    if target is not None:
        y = y_of(float(target))
        body.append(f'<line x1="{left}" y1="{_num(y)}" x2="{width - 5}" y2="{_num(y)}" class="chart-target"></line>')
        body.append(_text(width - 8, y - 4, f"цель {_label(float(target))} {unit}".strip(), "chart-note", "end"))
    return _svg(width, height, label, body, "indicator-chart")
