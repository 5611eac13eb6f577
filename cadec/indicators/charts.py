"""Line charts as accessible SVG, drawn on the server: no chart JavaScript reaches the browser.

Each chart is ``<svg role="img">`` with a ``<title>`` and a ``<desc>``, one ``<path>`` per
series carrying the series' name in its own ``<title>``, axes drawn with ``<line>`` and labelled
with ``<text>``. The page puts the same numbers in a ``<table>`` beside it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Distinguishable colours (Okabe–Ito and Tableau hues), each with a dash pattern so that lines
# stay apart for readers who do not tell the colours apart.
PALETTE = [
    ("#0072b2", ""),
    ("#d55e00", ""),
    ("#009e73", ""),
    ("#cc79a7", ""),
    ("#e69f00", ""),
    ("#56b4e9", ""),
    ("#000000", "6 3"),
    ("#8c564b", "6 3"),
    ("#7f7f7f", "6 3"),
    ("#bcbd22", "6 3"),
    ("#17becf", "2 3"),
    ("#9467bd", "2 3"),
    ("#d62728", "2 3"),
]


@dataclass(frozen=True)
class Line:
    """One series: a label, its (year, value) points in year order, and how it is drawn."""

    name: str
    points: Sequence[tuple[int, float]]
    colour: str = PALETTE[0][0]
    dash: str = ""
    key: str = ""


def styled(lines: Sequence[tuple[str, str, Sequence[tuple[int, float]]]]) -> list[Line]:
    """Give each (key, name, points) series the next colour and dash of the palette."""
    return [
        Line(name=name, points=points, colour=colour, dash=dash, key=key)
        for (key, name, points), (colour, dash) in zip(
            lines, (PALETTE[i % len(PALETTE)] for i in range(len(lines))), strict=True
        )
    ]


def format_number(value: float) -> str:
    """A short form for axis ticks: 1.5k, 20M, 3.2G, 18T (SI prefixes read in every language)."""
    magnitude = abs(value)
    for limit, suffix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if magnitude >= limit:
            return f"{value / limit:.3g}{suffix}"
    if magnitude == 0:
        return "0"
    return f"{value:.3g}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high], about ``count`` of them."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    end = math.ceil(high / step) * step
    ticks = []
    value = start
    while value <= end + step / 2:
        ticks.append(round(value, 12))
        value += step
    return ticks


def year_ticks(first: int, last: int, count: int = 6) -> list[int]:
    span = max(last - first, 1)
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if span / s <= count), 100)
    start = math.ceil(first / step) * step
    return list(range(start, last + 1, step)) or [first]


def line_chart(
    *,
    title: str,
    description: str,
    lines: Sequence[Line],
    y_label: str,
    x_label: str,
    dom_id: str,
    log_scale: bool = False,
    empty_text: str = "",
    width: int = 420,
    height: int = 280,
) -> SafeString:
    """Draw ``lines`` as an SVG line chart; with ``log_scale`` values ≤ 0 are left out."""
    left, right, top, bottom = 60, 14, 12, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    points = [
        (year, value) for line in lines for year, value in line.points if not log_scale or value > 0
    ]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" class="chart" '
        f'id="{dom_id}" font-size="14" font-family="system-ui, sans-serif">',
        f'<title id="{dom_id}-title">{escape(title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(description)}</desc>',
    ]
    if not points:
        parts.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" fill="#5b6570">'
            f"{escape(empty_text)}</text></svg>"
        )
        return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
    years = [year for year, _value in points]
    first, last = min(years), max(years)
    if first == last:
        first, last = first - 1, last + 1
    values = [value for _year, value in points]
    if log_scale:
        low_exp = math.floor(math.log10(min(values)))
        high_exp = max(math.ceil(math.log10(max(values))), low_exp + 1)
        y_ticks = [10.0**e for e in range(low_exp, high_exp + 1)]
        low, high = math.log10(y_ticks[0]), math.log10(y_ticks[-1])
    else:
        y_ticks = nice_ticks(min(0.0, min(values)), max(values))
        low, high = y_ticks[0], y_ticks[-1]

    def x_at(year: float) -> float:
        return left + (year - first) / (last - first) * plot_w

    def y_at(value: float) -> float:
        position = math.log10(value) if log_scale else value
        return top + plot_h - (position - low) / (high - low) * plot_h

    parts.append('<g class="axes" stroke="#d6dbe0" stroke-width="1">')
    for tick in y_ticks:
        y = y_at(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}"/>')
    parts.append(
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#5b6570"/>'
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#5b6570"/></g>'
    )
    parts.append('<g class="ticks" fill="#1b1f24">')
    for tick in y_ticks:
        parts.append(
            f'<text x="{left - 6}" y="{y_at(tick) + 4:.1f}" text-anchor="end">'
            f"{format_number(tick)}</text>"
        )
    for year in year_ticks(first, last):
        parts.append(
            f'<text x="{x_at(year):.1f}" y="{top + plot_h + 18}" text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">'
        f"{escape(x_label)}</text>"
        f'<text transform="translate(14 {top + plot_h / 2}) rotate(-90)" text-anchor="middle">'
        f"{escape(y_label)}</text></g>"
    )
    parts.append(
        '<g class="series" fill="none" stroke-width="2" stroke-linejoin="round" '
        'stroke-linecap="round">'
    )
    for line in lines:
        drawn = [(year, value) for year, value in line.points if not log_scale or value > 0]
        if not drawn:
            continue
        commands = [
            f"{'M' if i == 0 else 'L'}{x_at(year):.1f} {y_at(value):.1f}"
            for i, (year, value) in enumerate(drawn)
        ]
        if len(drawn) == 1:
            commands.append("h0")  # a single value shows as a dot
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        key = f' data-key="{escape(line.key)}"' if line.key else ""
        parts.append(
            f'<path d="{"".join(commands)}" stroke="{line.colour}"{dash}{key}>'
            f"<title>{escape(line.name)}</title></path>"
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)


def swatch(line: Line) -> SafeString:
    """A short sample of a line's colour and dash, for the legend beside a chart."""
    dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
    return mark_safe(  # noqa: S308 (colour and dash come from PALETTE)
        '<svg width="28" height="10" aria-hidden="true" focusable="false">'
        f'<line x1="1" y1="5" x2="27" y2="5" stroke="{line.colour}" stroke-width="3"{dash}/>'
        "</svg>"
    )


def sparkline(
    *, title: str, description: str, points: Sequence[tuple[int, float]], dom_id: str
) -> SafeString:
    """A small chart of one series without axes, for a country's profile."""
    width, height, pad = 160, 40, 3
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{dom_id}-title {dom_id}-desc" class="sparkline" id="{dom_id}">',
        f'<title id="{dom_id}-title">{escape(title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(description)}</desc>',
    ]
    if points:
        years = [year for year, _value in points]
        values = [value for _year, value in points]
        first, last = min(years), max(years)
        low, high = min(values), max(values)
        span_x = (last - first) or 1
        span_y = (high - low) or 1
        commands = [
            f"{'M' if i == 0 else 'L'}"
            f"{pad + (year - first) / span_x * (width - 2 * pad):.1f} "
            f"{height - pad - (value - low) / span_y * (height - 2 * pad):.1f}"
            for i, (year, value) in enumerate(points)
        ]
        if len(points) == 1:
            commands.append("h0")
        parts.append(
            f'<path d="{"".join(commands)}" fill="none" stroke="{PALETTE[0][0]}" '
            'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text above is escaped)
