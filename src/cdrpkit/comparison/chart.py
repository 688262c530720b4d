"""The comparison page's charts as inline SVG, written directly (no plotting library).

- :func:`ambition_svg`: one row per numeric target, grouped by partnership and labelled
  with its wording; the dot is the target's equivalent compound change a year (left of
  zero a fall, right a rise), the bar across a group is that partnership's median.
- :func:`mix_svg`: one stacked bar per partnership, the share of its actions in each
  category of a framework axis.

Every chart has a ``<title>`` and a ``<desc>`` so it reads without sight.
"""

from __future__ import annotations

import html
import math
import statistics
from collections.abc import Sequence
from typing import Any

from cdrpkit.reports import format as fmt

_COLOURS = {"reduce": "#1d4f91", "increase": "#b2182b"}
_PALETTE = ("#1d4f91", "#e08a2c", "#1b7837", "#7b3294", "#8c510a", "#c51b7d", "#4d4d4d")
_UNPLACED = "#bdbdbd"
_ROW = 22
_LABEL = 360
_PLOT = 560


def _ticks(limit: float) -> list[float]:
    step = next(s for s in (0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0)
                if s * 4 >= limit)
    count = math.ceil(limit / step)
    return [i * step for i in range(-count, count + 1)]


def ambition_svg(ambition: Any, partnerships: Sequence[str],
                 titles: dict[str, str] | None = None) -> str:
    """An inline ``<svg>`` charting ``annual_equivalent`` of each target, per partnership."""
    titles = titles or {}
    rows = [r for r in ambition.to_dict("records")
            if not fmt.is_missing(r["annual_equivalent"])]
    limit = max([0.05, *(abs(float(r["annual_equivalent"])) for r in rows)])
    ticks = _ticks(limit)
    low, high = ticks[0], ticks[-1]
    top = 40
    groups = [(p, [r for r in rows if r["partnership"] == p]) for p in partnerships]
    height = top + sum((len(g) + 2) * _ROW for _, g in groups) + 50
    width = _LABEL + _PLOT + 30

    def x(value: float) -> float:
        return round(_LABEL + (value - low) / (high - low) * _PLOT, 1)

    desc = "; ".join(f"{p}: {r['target_id']} {fmt.percent(r['annual_equivalent'], True)}"
                     for p, g in groups for r in g)
    out = [f'<svg viewBox="0 0 {width} {height:.0f}" '
           f'role="img" class="chart"><title>Equivalent compound change a year of each '
           f"numeric target, by partnership</title><desc>{html.escape(desc)}</desc>",
           f'<text x="{_LABEL}" y="16" class="legend"><tspan fill="{_COLOURS["reduce"]}">'
           f'● a target to reduce</tspan>   <tspan fill="{_COLOURS["increase"]}">● a target '
           'to increase</tspan>   <tspan>| median of the partnership</tspan></text>']
    for t in ticks:
        out.append(f'<line x1="{x(t)}" x2="{x(t)}" y1="{top - 8}" y2="{height - 46:.0f}" '
                   f'stroke="{"#555" if t == 0 else "#e2e2e2"}"/>'
                   f'<text x="{x(t)}" y="{height - 30:.0f}" text-anchor="middle">'
                   f"{t * 100:+.0f}%</text>")
    out.append(f'<text x="{_LABEL + _PLOT / 2}" y="{height - 8:.0f}" text-anchor="middle" '
               'class="axis">Equivalent compound change a year (% a year; a fall is '
               "negative)</text>")
    y = float(top)
    for label, group in groups:
        out.append(f'<text x="4" y="{y + 14:.0f}" class="axis">'
                   f"{html.escape(fmt.shorten(titles.get(label, label), 58))}</text>")
        first = y + _ROW
        for r in group:
            y += _ROW
            value = float(r["annual_equivalent"])
            colour = _COLOURS.get(str(r["direction"]), "#555")
            words = fmt.shorten(r["text"] or r["target_id"], 50)
            out.append(f'<text x="{_LABEL - 8}" y="{y + 14:.0f}" text-anchor="end">'
                       f"{html.escape(words)}</text>"
                       f'<line x1="{_LABEL}" x2="{_LABEL + _PLOT}" y1="{y + 10:.0f}" '
                       f'y2="{y + 10:.0f}" stroke="#f2f2f2"/>'
                       f'<circle cx="{x(value)}" cy="{y + 10:.0f}" r="6" fill="{colour}">'
                       f"<title>{html.escape(str(r['target_id']))}: "
                       f"{fmt.percent(value, True)} a year</title></circle>")
        if group:
            median = statistics.median(float(r["annual_equivalent"]) for r in group)
            out.append(f'<line x1="{x(median)}" x2="{x(median)}" y1="{first + 2:.0f}" '
                       f'y2="{y + 18:.0f}" stroke="#000" stroke-width="2">'
                       f"<title>median {fmt.percent(median, True)} a year</title></line>")
        else:
            out.append(f'<text x="{_LABEL}" y="{y + _ROW + 14:.0f}">no target with a '
                       "baseline and an end value to compare</text>")
            y += _ROW
        y += _ROW
    out.append("</svg>")
    return "".join(out)


def mix_svg(shares: Any, labels: dict[str, str], title: str) -> str:
    """Stacked bars: ``shares`` has one row per partnership, a column per category
    (fractions adding up to 1); unplaced categories (in brackets) are grey."""
    columns = [str(c) for c in shares.columns]
    colours = {c: (_UNPLACED if c.startswith("(") else _PALETTE[i % len(_PALETTE)])
               for i, c in enumerate(columns)}
    bar, gap, left, plot = 26, 14, 260, 640
    legend_rows = math.ceil(len(columns) / 2)
    top = 12 + legend_rows * 18
    height = top + len(shares) * (bar + gap) + 30
    desc = "; ".join(f"{p}: " + ", ".join(f"{c} {fmt.percent(v)}" for c, v in row.items() if v)
                     for p, row in shares.iterrows())
    out = [f'<svg viewBox="0 0 {left + plot + 20} {height}"'
           f' role="img" class="chart"><title>{html.escape(title)}</title>'
           f"<desc>{html.escape(desc)}</desc>"]
    for i, c in enumerate(columns):
        lx, ly = 4 + (i % 2) * 450, 14 + (i // 2) * 18
        out.append(f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" fill="{colours[c]}"/>'
                   f'<text x="{lx + 18}" y="{ly}">{html.escape(fmt.shorten(c, 66))}</text>')
    for row, (label, values) in enumerate(shares.iterrows()):
        y = top + row * (bar + gap)
        out.append(f'<text x="{left - 8}" y="{y + bar / 2 + 4}" text-anchor="end">'
                   f"{html.escape(fmt.shorten(labels.get(str(label), str(label)), 36))}</text>")
        start = float(left)
        for c, v in values.items():
            w = float(v) * plot
            if w <= 0:
                continue
            out.append(f'<rect x="{start:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                       f'fill="{colours[str(c)]}"><title>{html.escape(str(c))}: '
                       f"{fmt.percent(v)}</title></rect>")
            if w > 40:
                out.append(f'<text x="{start + w / 2:.1f}" y="{y + bar / 2 + 4}" '
                           f'text-anchor="middle" fill="#fff">{float(v):.0%}</text>')
            start += w
    for t in (0, 0.25, 0.5, 0.75, 1):
        out.append(f'<text x="{left + t * plot:.0f}" y="{height - 10}" text-anchor="middle">'
                   f"{t:.0%}</text>")
    out.append("</svg>")
    return "".join(out)
