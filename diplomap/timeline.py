"""The events-per-day timeline as a small SVG: one stacked bar per day, coloured by role.

Drawn here rather than with ``st.bar_chart``: Streamlit's chart brings ~1.5 MB of Vega and Arrow
JavaScript, and loading it held back the page's first paint, the map included, by about a second
at 10,000 events (bench/bench_app_map.py). The SVG holds only dates, counts and our own labels,
and the app shows it as an image, where nothing in it can run.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from xml.sax.saxutils import escape

LEFT, RIGHT, TOP, BOTTOM = 46, 14, 30, 42
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"'
AXIS_COLOUR, GRID_COLOUR, TEXT_COLOUR = "#9aa5b1", "#e4e7eb", "#52606d"
MAX_TICKS = 12
MAX_BAR_WIDTH = 24.0
UNDATED_W = 80  # room at the right for the bar of undated articles' events


@dataclass(frozen=True, slots=True)
class Series:
    """One stacked part of every bar: which count, its legend label and colour."""

    key: str
    label: str
    colour: str


def timeline_svg(
    per_day: Mapping[str, Mapping[str, int]],
    series: Sequence[Series],
    *,
    undated: Mapping[str, int] | None = None,
    width: int = 1200,
    height: int = 220,
) -> str:
    """``{ISO day: {key: n}}`` as an SVG bar chart; days that are not ISO dates are left out. The
    events of undated articles (``undated``: {key: n}) get a bar of their own at the right, apart."""
    days = _parsed_days(per_day)
    undated = {k: n for k, n in (undated or {}).items() if n > 0}
    if not days and not undated:
        return _svg(width, height, [])
    plot_w, plot_h = width - LEFT - RIGHT - (UNDATED_W if undated else 0), height - TOP - BOTTOM
    totals = [sum(per_day[key].get(s.key, 0) for s in series) for key in days.values()]
    top = _nice_ceiling(max([*totals, sum(undated.get(s.key, 0) for s in series)]))
    parts = _y_axis(top, plot_w, plot_h) + _legend(series)
    if days:
        first, last = min(days), max(days)
        day_w = plot_w / ((last - first).days + 1)
        bar_w = min(max(day_w * 0.8, 1.0), MAX_BAR_WIDTH)
        parts += _x_axis(first, last, day_w, plot_h)
        for day, key in days.items():
            x = LEFT + (day - first).days * day_w + (day_w - bar_w) / 2
            parts += _stack(x, bar_w, per_day[key], series, top, plot_h)
    if undated:
        x = LEFT + plot_w + (UNDATED_W - MAX_BAR_WIDTH) / 2
        parts += _stack(x, MAX_BAR_WIDTH, undated, series, top, plot_h)
        parts.append(_text(x + MAX_BAR_WIDTH / 2, TOP + plot_h + 17, "undated", anchor="middle"))
    return _svg(width, height, parts)


def _stack(
    x: float, bar_w: float, counts: Mapping[str, int], series: Sequence[Series], top: int, plot_h: int
) -> list[str]:
    parts, base = [], 0
    for s in series:
        count = counts.get(s.key, 0)
        if count > 0:
            y0, y1 = _y(base, top, plot_h), _y(base + count, top, plot_h)
            parts.append(
                f'<rect x="{x:.2f}" y="{y1:.2f}" width="{bar_w:.2f}" height="{y0 - y1:.2f}" '
                f'fill="{s.colour}"/>'
            )
            base += count
    return parts


def _parsed_days(per_day: Mapping[str, Mapping[str, int]]) -> dict[date, str]:
    days = {}
    for key in per_day:
        try:
            days[date.fromisoformat(key[:10])] = key
        except ValueError:
            continue
    return days


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value`` (and at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _y(value: float, top: int, plot_h: int) -> float:
    return TOP + plot_h * (1 - value / top)


def _y_axis(top: int, plot_w: int, plot_h: int) -> list[str]:
    parts = []
    for value in sorted({0, top // 2, top}):
        y = _y(value, top, plot_h)
        parts.append(_line(LEFT, LEFT + plot_w, y, y, AXIS_COLOUR if value == 0 else GRID_COLOUR))
        parts.append(_text(LEFT - 6, y + 4, str(value), anchor="end"))
    middle = TOP + plot_h / 2
    parts.append(_text(0, 0, "Events", anchor="middle", transform=f"translate(12 {middle:.2f}) rotate(-90)"))
    return parts


def _x_axis(first: date, last: date, day_w: float, plot_h: int) -> list[str]:
    long_span = (last - first).days > 45
    parts = []
    for tick in _ticks(first, last):
        x = LEFT + ((tick - first).days + 0.5) * day_w
        parts.append(_line(x, x, TOP + plot_h, TOP + plot_h + 4, AXIS_COLOUR))
        parts.append(
            _text(x, TOP + plot_h + 17, tick.strftime("%b %Y" if long_span else "%b %d"), anchor="middle")
        )
    centre = LEFT + ((last - first).days + 1) * day_w / 2
    parts.append(_text(centre, TOP + plot_h + 36, "Article date", anchor="middle"))
    return parts


def _ticks(first: date, last: date) -> list[date]:
    """Month starts over a long span, else every few days; at most MAX_TICKS of them."""
    if (last - first).days > 45:
        months = []
        month = date(first.year, first.month, 1)
        while month <= last:
            if month >= first:
                months.append(month)
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        step = math.ceil(len(months) / MAX_TICKS) or 1
        return months[::step]
    step = max(1, math.ceil(((last - first).days + 1) / MAX_TICKS))
    return [first + timedelta(days=d) for d in range(0, (last - first).days + 1, step)]


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], LEFT
    for s in series:
        parts.append(f'<rect x="{x}" y="8" width="12" height="12" rx="2" fill="{s.colour}"/>')
        parts.append(_text(x + 17, 18.5, s.label))
        x += 17 + 7 * len(s.label) + 22
    return parts


def _line(x1: float, x2: float, y1: float, y2: float, colour: str) -> str:
    return f'<line x1="{x1:.2f}" x2="{x2:.2f}" y1="{y1:.2f}" y2="{y2:.2f}" stroke="{colour}"/>'


def _text(x: float, y: float, label: str, *, anchor: str = "start", transform: str = "") -> str:
    place = f'transform="{transform}"' if transform else f'x="{x:.2f}" y="{y:.2f}"'
    return f'<text {place} text-anchor="{anchor}" {FONT} fill="{TEXT_COLOUR}">{escape(label)}</text>'


def _svg(width: int, height: int, parts: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img">' + "".join(parts) + "</svg>"
    )
