"""Write a funnel as HTML (an inline SVG plot and a table), CSV and JSON.

The HTML page is self-contained: no script, no external file, no web font. Each point
carries an SVG ``<title>`` (shown on hover) and every point is also a row of the table,
so the page reads without a mouse and without colour.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cdrpkit.peers.funnels import COLUMNS, PeerFunnel

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["funnel_html", "funnel_svg", "spreadsheet_safe", "write_funnel"]

_W, _H = 760, 440
_LEFT, _RIGHT, _TOP, _BOTTOM = 70, 20, 20, 50
_COLOURS = {
    "above 99.8%": "#8b1a1a", "above 95%": "#d9822b", "within": "#6b6b6b",
    "below 95%": "#4a90c2", "below 99.8%": "#1f3f7a",
}
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; padding: 0 1em;
       max-width: 62em; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.6em; text-align: right; }
th:nth-child(-n+2), td:nth-child(-n+2), td:last-child { text-align: left; }
td:last-child { white-space: nowrap; }
.note { color: #555; font-size: 0.9em; }
svg text { font-size: 11px; fill: #333; }
"""


def _scale(lo: float, hi: float, a: float, b: float) -> Any:
    span = (hi - lo) or 1.0
    return lambda v: a + (np.asarray(v, dtype=float) - lo) / span * (b - a)


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    step = 10 ** np.floor(np.log10(((hi - lo) or 1.0) / count))
    for m in (1, 2, 5, 10):
        if (hi - lo) / (step * m) <= count:
            step *= m
            break
    return [float(t) for t in np.arange(np.ceil(lo / step) * step, hi + step / 2, step)]


def funnel_svg(funnel: PeerFunnel) -> str:
    """The funnel plot as an inline SVG element: points, centre line, both pairs of limits."""
    from cdrpkit.stats.funnel import funnel_limits

    t = funnel.table
    n_max = float(t["denominator"].max()) * 1.05
    grid = np.linspace(n_max / 200, n_max, 200)
    limits, _ = funnel_limits(grid, funnel.target_rate, kind=funnel.kind,  # type: ignore[arg-type]
                              adjustment=funnel.adjustment,
                              phi=funnel.dispersion["phi"], tau2=funnel.dispersion["tau2"])
    per = funnel.per
    lows = [float(t["rate"].min()), float(t["lower_998"].min())]
    highs = [float(t["rate"].max()), float(t["upper_998"].max())]
    y_lo, y_hi = max(0.0, min(lows) * 0.9), max(highs) * 1.1
    x = _scale(0.0, n_max, _LEFT, _W - _RIGHT)
    y = _scale(y_lo, y_hi, _H - _BOTTOM, _TOP)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
             f'viewBox="0 0 {_W} {_H}" role="img" aria-labelledby="plot-title">',
             f'<title id="plot-title">{escape(funnel.title)}</title>',
             f'<clipPath id="plot-area"><rect x="{_LEFT}" y="{_TOP}" '
             f'width="{_W - _LEFT - _RIGHT}" height="{_H - _TOP - _BOTTOM}"/></clipPath>']
    for tick in _ticks(y_lo, y_hi):
        parts.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y(tick):.1f}" '
                     f'y2="{y(tick):.1f}" stroke="#eee"/><text x="{_LEFT - 6}" '
                     f'y="{y(tick) + 4:.1f}" text-anchor="end">{tick:g}</text>')
    for tick in _ticks(0.0, n_max):
        parts.append(f'<text x="{x(tick):.1f}" y="{_H - _BOTTOM + 16}" '
                     f'text-anchor="middle">{tick:,.0f}</text>')
    for level, dash in ((0.95, "6 4"), (0.998, "")):
        for line in limits[level]:
            points = " ".join(f"{x(a):.1f},{y(b * per):.1f}"
                              for a, b in zip(grid, line, strict=True))
            parts.append(f'<polyline points="{points}" fill="none" stroke="#999" '
                         f'stroke-dasharray="{dash}" clip-path="url(#plot-area)"/>')
    centre = y(funnel.target_rate * per)
    parts.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{centre:.1f}" y2="{centre:.1f}" '
                 f'stroke="#222"/>')
    for row in t.to_dict("records"):
        label = (f"{row['name']} ({row['partnership']}): {row['count']:,} / "
                 f"{row['denominator']:,.0f}, rate {row['rate']:.2f}, {row['position']}")
        parts.append(f'<circle cx="{x(row["denominator"]):.1f}" cy="{y(row["rate"]):.1f}" '
                     f'r="5" fill="{_COLOURS[str(row["position"])]}" stroke="#fff">'
                     f'<title>{escape(label)}</title></circle>')
    parts.append(f'<text x="{(_LEFT + _W - _RIGHT) / 2}" y="{_H - 12}" text-anchor="middle">'
                 f'denominator ({escape(funnel.denominator_unit)})</text>')
    parts.append(f'<text transform="translate(16 {(_TOP + _H - _BOTTOM) / 2}) rotate(-90)" '
                 f'text-anchor="middle">rate per {per:,g}</text></svg>')
    return "\n".join(parts)


def _table_html(funnel: PeerFunnel) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in COLUMNS)
    rows = []
    for record in funnel.table.to_dict("records"):
        cells = []
        for column in COLUMNS:
            value = record[column]
            if isinstance(value, float) and column != "denominator":
                cells.append(f"<td>{value:.3f}</td>")
            elif isinstance(value, (int, float)):
                cells.append(f"<td>{value:,.0f}</td>")
            else:
                cells.append(f"<td>{escape(str(value))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _summary_html(funnel: PeerFunnel) -> str:
    d = funnel.dispersion
    verdict = "overdispersed" if d["overdispersed"] else "not overdispersed"
    family = ""
    if funnel.family:
        f = funnel.family
        family = (f"<p>Family <b>{escape(f['name'])}</b> ({escape(f['id'])}; source: "
                  f"{escape(f['source'])}; {escape(str(f['date']))}): family mean rate "
                  f"{f['mean_rate']:.3f} per {funnel.per:,g}, the centre line.</p>")
    left = "".join(f"<li>{escape(p)}: {escape(r)}</li>" for p, r in funnel.left_out)
    tau = f" (tau^2 = {d['tau2']:.3g})" if funnel.adjustment == "additive" else ""
    return (
        f"{family}<p>Group rate (centre line) {funnel.target_rate * funnel.per:.3f} per "
        f"{funnel.per:,g} {escape(funnel.denominator_unit)}. Limits at 95% (dashed) and "
        f"99.8% (solid): {escape(funnel.method)}.</p>"
        f"<p>Overdispersion test ({escape(d['test'])}): phi = {d['phi']:.2f}, "
        f"statistic {d['statistic']:.1f} on {d['df']} df, p = {d['p_value']:.3g}: "
        f"{verdict}; adjustment used: <b>{escape(funnel.adjustment)}</b>{tau}.</p>"
        + _legend()
        + (f"<details><summary>Left out: {len(funnel.left_out)} partnership(s) "
           f"(with the reason)</summary><ul>{left}</ul></details>" if left else "")
    )


def _legend() -> str:
    items = "".join(
        f'<span style="white-space: nowrap"><svg width="12" height="12" aria-hidden="true">'
        f'<circle cx="6" cy="6" r="5" fill="{colour}"/></svg> {escape(position)}</span> '
        for position, colour in _COLOURS.items())
    return f"<p>Position against the limits: {items}</p>"


def funnel_html(funnel: PeerFunnel) -> str:
    """The whole self-contained page."""
    shown = funnel.sources if len(funnel.sources) <= 5 else (
        *funnel.sources[:2], "...", funnel.sources[-1])
    sources = "; ".join(shown)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(funnel.title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>Funnel plot: {escape(funnel.title)}</h1>{_summary_html(funnel)}"
        f"{funnel_svg(funnel)}{_table_html(funnel)}"
        f'<p class="note">Figures: {escape(sources)}. {escape(funnel.metadata()["attribution"])}'
        f"</p></body></html>\n"
    )


def write_funnel(funnel: PeerFunnel, out: str | Path) -> dict[str, Path]:
    """Write ``funnel.html``, ``funnel.csv`` and ``funnel.json`` into ``out``.

    The CSV and the JSON ``rows`` have exactly :data:`~cdrpkit.peers.funnels.COLUMNS`;
    the JSON also holds the metadata (method, test, family, what was left out).
    """
    from cdrpkit.outputs import prepare_directory, write_text_atomic

    directory = prepare_directory(out)
    paths = {name: directory / f"funnel.{name}" for name in ("html", "csv", "json")}
    write_text_atomic(paths["html"], funnel_html(funnel))
    write_text_atomic(paths["csv"], spreadsheet_safe(funnel.table).to_csv(index=False))
    document = {**funnel.metadata(),
                "rows": json.loads(funnel.table.to_json(orient="records"))}
    write_text_atomic(paths["json"], json.dumps(document, indent=2) + "\n")
    return paths


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells passed through :func:`cdrpkit.outputs.excel_text` (no formulas), for CSV."""
    from pandas.api.types import is_numeric_dtype

    from cdrpkit.outputs import excel_text

    safe = frame.copy()
    for column in safe.columns:
        if not is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(excel_text)
    return safe
