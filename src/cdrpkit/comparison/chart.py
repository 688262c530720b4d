"""The ambition chart: each target's equivalent yearly change, one row per partnership.

Drawn as inline SVG by hand, so the HTML page needs no plotting library, script or
external file. A dot is a target (hover for its id and value), the vertical bar is the
partnership's median; left of zero is a yearly fall, right a yearly rise.
"""

from __future__ import annotations

import html
import math
import statistics
from typing import Any

_ROW = 36
_LEFT = 170
_WIDTH = 560
_TOP = 30
_COLOURS = {"reduce": "#1f77b4", "increase": "#d62728"}


def ambition_svg(ambition: Any, partnerships: tuple[str, ...]) -> str:
    """An inline ``<svg>`` element charting ``annual_equivalent`` per partnership."""
    values = [
        (str(p), str(t), float(v), str(d))
        for p, t, v, d in zip(
            ambition["partnership"], ambition["target_id"], ambition["annual_equivalent"],
            ambition["direction"], strict=True,
        )
        if v is not None and isinstance(v, (int, float)) and math.isfinite(v)
    ]
    limit = max([0.1, *(abs(v) for _, _, v, _ in values)]) * 1.1
    height = _TOP + _ROW * len(partnerships) + 40

    def x(value: float) -> float:
        return round(_LEFT + (value + limit) / (2 * limit) * _WIDTH, 1)

    parts = [
        f'<svg role="img" aria-label="Equivalent yearly change of each target, per partnership"'
        f' width="{_LEFT + _WIDTH + 20}" height="{height}" '
        f'viewBox="0 0 {_LEFT + _WIDTH + 20} {height}">',
        f'<line x1="{x(0)}" y1="{_TOP - 10}" x2="{x(0)}" y2="{height - 35}" stroke="#999"/>',
    ]
    for tick in (-limit / 1.1, -limit / 2.2, 0.0, limit / 2.2, limit / 1.1):
        parts.append(
            f'<text x="{x(tick)}" y="{height - 15}" font-size="11" text-anchor="middle">'
            f"{tick:+.1%}</text>"
        )
    for row, label in enumerate(partnerships):
        y = _TOP + row * _ROW + _ROW / 2
        parts.append(
            f'<text x="{_LEFT - 10}" y="{y + 4}" font-size="12" text-anchor="end">'
            f"{html.escape(label)}</text>"
        )
        mine = [v for v in values if v[0] == label]
        for _, target, value, direction in mine:
            colour = _COLOURS.get(direction, "#555")
            parts.append(
                f'<circle cx="{x(value)}" cy="{y}" r="5" fill="{colour}" fill-opacity="0.6">'
                f"<title>{html.escape(target)}: {value:+.1%} a year</title></circle>"
            )
        if mine:
            median = statistics.median(v for _, _, v, _ in mine)
            parts.append(
                f'<line x1="{x(median)}" y1="{y - 12}" x2="{x(median)}" y2="{y + 12}" '
                f'stroke="#000" stroke-width="2"><title>median {median:+.1%}</title></line>'
            )
    parts.append(
        f'<text x="{_LEFT}" y="{_TOP - 14}" font-size="11">equivalent compound yearly change '
        "(dots: targets; bar: median)</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)
