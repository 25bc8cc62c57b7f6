"""A count query's answer as an inline SVG bar chart, for the HTML results page a browser
gets without scripts (the query pages draw the same chart in `static/chart.js`).

The shape: two columns, the second (else the first) a non-negative number on every row, at
most `MAX_BARS` rows, as `SELECT ?category (COUNT(?w) AS ?n) ... GROUP BY ?category` gives.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + name for name in (
    "integer", "decimal", "double", "float", "long", "int", "short", "byte",
    "nonNegativeInteger", "positiveInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
MAX_BARS = 60  # more bars than this are not readable: the table alone
TOP, HEIGHT, BOTTOM, BAR, GAP = 24, 220, 110, 28, 12
LEFT, RIGHT = 90, 12  # the labels slant down to the left of their bars

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Bars = list[tuple[str, float]]


def _number(term: Term | None) -> float | None:
    if not isinstance(term, ox.Literal) or term.datatype.value not in NUMERIC:
        return None
    try:
        value = float(term.value)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None


def _label(term: Term | None) -> str:
    """An IRI by its last segment (rkg:Teleworker as "Teleworker"), a literal as it is."""
    if term is None:
        return "(none)"
    if isinstance(term, ox.NamedNode):
        return next((p for p in reversed(re.split(r"[#/]", term.value)) if p), term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def count_bars(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]
               ) -> tuple[str, str, Bars] | None:
    """(label column, value column, bars) when the answer is a count's shape, else None."""
    if len(variables) != 2 or not rows or len(rows) > MAX_BARS:
        return None
    for label_at, value_at in ((0, 1), (1, 0)):
        values = [_number(row[value_at]) for row in rows]
        if all(v is not None for v in values):
            bars = [(_label(row[label_at]), v) for row, v in zip(rows, values) if v is not None]
            return variables[label_at], variables[value_at], bars
    return None


def _shown(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def bar_chart_svg(label_var: str, value_var: str, bars: Bars) -> str:
    """An <svg> with one <rect class="bar"> per bar, as tall as its value relative to the
    largest, its label below it and its value above it."""
    width = LEFT + RIGHT + len(bars) * (BAR + GAP)
    full = TOP + HEIGHT + BOTTOM
    most = max(v for _, v in bars) or 1
    title = html.escape(f"?{value_var} by ?{label_var}")
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bar-chart" role="img" '
             f'width="{width}" height="{full}" viewBox="0 0 {width} {full}" '
             f'aria-label="{title}"><title>{title}</title>',
             f'<line class="axis" x1="{LEFT}" x2="{width - RIGHT}" y1="{TOP + HEIGHT}" '
             f'y2="{TOP + HEIGHT}"/>']
    for index, (label, value) in enumerate(bars):
        x = LEFT + GAP / 2 + index * (BAR + GAP)
        tall = value / most * HEIGHT
        middle, base = x + BAR / 2, TOP + HEIGHT + 12
        name = html.escape(label)
        short = html.escape(label if len(label) <= 22 else label[:21] + "…")
        parts.append(
            f'<rect class="bar" x="{x:g}" y="{TOP + HEIGHT - tall:g}" width="{BAR}" '
            f'height="{tall:g}" data-label="{name}" data-value="{_shown(value)}">'
            f"<title>{name}: {_shown(value)}</title></rect>"
            f'<text class="value" x="{middle:g}" y="{TOP + HEIGHT - tall - 4:g}" '
            f'text-anchor="middle">{_shown(value)}</text>'
            f'<text class="label" x="{middle:g}" y="{base}" text-anchor="end" '
            f'transform="rotate(-45 {middle:g} {base})">{short}</text>')
    parts.append("</svg>")
    return "".join(parts)


def chart_figure(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> str:
    """A <figure> holding the chart of a count's answer; "" for any other answer."""
    shape = count_bars(variables, rows)
    if shape is None:
        return ""
    label_var, value_var, bars = shape
    caption = html.escape(f"?{value_var} by ?{label_var}: {len(bars)} bar(s)")
    return (f'<figure class="chart">{bar_chart_svg(*shape)}'
            f"<figcaption>{caption}</figcaption></figure>")
