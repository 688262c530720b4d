"""A target's figures as a small inline SVG chart, written directly (no plotting library).

One panel per kind of period (years, then quarters, then months): the actual figures
with their confidence intervals (hollow markers are illustrative), the expected value
on the trajectory (dashed), the target in its target period, and, on a quarterly or
monthly panel charted by the assessment, the XmR process limits (Making Data Count).
Axes are labelled with the unit; every chart carries a text alternative (``<title>``
and ``<desc>``) listing its figures.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from cdrpkit.reports import format as fmt

WIDTH, HEIGHT = 720, 270
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 34, 58
ACTUAL, EXPECTED, TARGET, LIMITS = "#1d4f91", "#222222", "#b2182b", "#e08a2c"
_PANELS = (("year", "Financial year"), ("quarter", "Quarter"), ("month", "Month"))


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low`` to ``high``.

    >>> nice_ticks(188, 303)
    [175.0, 200.0, 225.0, 250.0, 275.0, 300.0, 325.0]
    """
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step * 1e-9 + step:
        ticks.append(round(value, 10))
        if value >= high:
            break
        value += step
    return [float(t) for t in ticks]


def _tick_text(value: float, unit: str) -> str:
    if unit in ("percent", "%"):
        return f"{value:g}%"
    if abs(value) >= 100 or value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0")


def panels(rows: Sequence[Mapping[str, Any]]
           ) -> list[tuple[str, str, list[Mapping[str, Any]]]]:
    """(period kind, axis title, rows) for each kind of period with a figure, years first.

    ``rows`` are one target's row records (:func:`cdrpkit.reports.view.rows_by_key`).
    """
    out = []
    for kind, title in _PANELS:
        mine = [r for r in rows if str(r["period_kind"]) == kind]
        if any(not fmt.is_missing(r["actual"]) for r in mine):
            mine.sort(key=lambda r: str(r["period_end"]))
            out.append((kind, title, mine))
    return out


def chart_svg(rows: Sequence[Mapping[str, Any]], *, unit: str, title: str,
              limits: Mapping[str, Any] | None = None, kind: str = "year",
              axis: str = "Financial year") -> str:
    """One panel as an ``<svg>`` element: ``rows`` are one target's row records of one
    period kind.

    ``limits`` is the assessment's XmR chart of this series (``periods`` and ``chart``),
    drawn when its periods are those of the panel.
    """
    periods = [str(r["period"]) for r in rows]
    column = {name: [_float(r[name]) for r in rows] for name in
              ("actual", "lower", "upper", "comparator")}
    final = [r.get("final") in (True,) for r in rows]
    illustrative = [str(r["data_status"]) == "illustrative" for r in rows]
    xmr = _limits(limits, periods)
    values = [v for name in column for v in column[name] if math.isfinite(v)]
    values += [v for series in xmr.values() for v in series if math.isfinite(v)]
    ticks = nice_ticks(min(values), max(values)) if values else [0.0, 1.0]
    low, high = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(periods), 1)

    def x(i: int) -> float:
        return round(LEFT + step * (i + 0.5), 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - (v - low) / (high - low)), 1)

    words = fmt.unit_label(unit) or "value"
    per = {"year": " a year", "quarter": " a quarter", "month": " a month"}.get(kind, "")
    y_title = words + ("" if unit in ("percent", "%") else per)
    out = [_open(title, periods, column, unit),
           f'<text x="{LEFT}" y="16" class="legend">{_legend(xmr, any(illustrative))}</text>']
    for t in ticks:
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t)}" y2="{y(t)}" '
                   f'class="grid"/><text x="{LEFT - 6}" y="{y(t) + 4}" text-anchor="end">'
                   f"{_tick_text(t, unit)}</text>")
    label_every = max(1, math.ceil(len(periods) / 12))
    for i, p in enumerate(periods):
        if i % label_every == 0:
            out.append(f'<text x="{x(i)}" y="{HEIGHT - BOTTOM + 18}" '
                       f'text-anchor="middle">{html.escape(p)}</text>')
    out.append(f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" text-anchor="middle" '
               f'class="axis">{axis}</text>')
    out.append(f'<text transform="translate(16 {TOP + plot_h / 2}) rotate(-90)" '
               f'text-anchor="middle" class="axis">{html.escape(y_title)}</text>')
    for name, dash in (("mean", "1 3"), ("upper", "1 3"), ("lower", "1 3")):
        out.append(_polyline(xmr.get(name, []), x, y, LIMITS, dash))
    out.append(_polyline(column["comparator"], x, y, EXPECTED, "6 4"))
    for i, (v, is_final) in enumerate(zip(column["comparator"], final, strict=True)):
        if is_final and math.isfinite(v):
            out.append(f'<line x1="{x(i) - step * 0.4:.1f}" x2="{x(i) + step * 0.4:.1f}" '
                       f'y1="{y(v)}" y2="{y(v)}" stroke="{TARGET}" stroke-width="3"/>')
    out.extend(_points(column, illustrative, periods, unit, x, y))
    out.append("</svg>")
    return "".join(out)


def _float(value: Any) -> float:
    return math.nan if fmt.is_missing(value) else float(value)


def _open(title: str, periods: Sequence[str], column: Mapping[str, list[float]],
          unit: str) -> str:
    figures = "; ".join(
        f"{p}: {fmt.number(a, unit)} (expected {fmt.number(e, unit)})"
        for p, a, e in zip(periods, column["actual"], column["comparator"], strict=True)
        if math.isfinite(a))
    return (f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" '
            f'role="img" class="chart"><title>{html.escape(title)}</title>'
            f"<desc>{html.escape(figures)}</desc>")


def _legend(xmr: Mapping[str, list[float]], illustrative: bool) -> str:
    items = [f'<tspan fill="{ACTUAL}">● actual (bar: 95% interval)</tspan>']
    if illustrative:
        items.append(f'<tspan fill="{ACTUAL}">○ illustrative</tspan>')
    items.append(f'<tspan fill="{EXPECTED}">– – expected</tspan>')
    items.append(f'<tspan fill="{TARGET}">▬ target</tspan>')
    if xmr:
        items.append(f'<tspan fill="{LIMITS}">··· mean and process limits (XmR)</tspan>')
    return "   ".join(items)


def _limits(limits: Mapping[str, Any] | None, periods: Sequence[str]) -> dict[str, list[float]]:
    if not limits or list(limits.get("periods", [])) != list(periods):
        return {}
    chart = limits["chart"]
    return {"mean": [float(v) for v in chart.mean],
            "upper": [float(v) for v in chart.upper_limit],
            "lower": [float(v) for v in chart.lower_limit]}


def _polyline(values: Sequence[float], x: Any, y: Any, colour: str, dash: str) -> str:
    points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values) if math.isfinite(v))
    if not points:
        return ""
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<polyline points="{points}" fill="none" stroke="{colour}" '
            f'stroke-width="1.5"{dashes}/>')


def _points(column: Mapping[str, list[float]], illustrative: Sequence[bool],
            periods: Sequence[str], unit: str, x: Any, y: Any) -> list[str]:
    out = []
    for i, a in enumerate(column["actual"]):
        if not math.isfinite(a):
            continue
        lo, hi = column["lower"][i], column["upper"][i]
        if math.isfinite(lo) and math.isfinite(hi):
            out.append(f'<line x1="{x(i)}" x2="{x(i)}" y1="{y(lo)}" y2="{y(hi)}" '
                       f'stroke="{ACTUAL}" stroke-width="2" stroke-opacity="0.5"/>')
        fill = "#ffffff" if illustrative[i] else ACTUAL
        out.append(f'<circle cx="{x(i)}" cy="{y(a)}" r="5" fill="{fill}" stroke="{ACTUAL}" '
                   f'stroke-width="2"><title>{html.escape(periods[i])}: '
                   f"{html.escape(fmt.number(a, unit))}</title></circle>")
    return out
