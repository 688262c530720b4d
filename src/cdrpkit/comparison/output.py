"""A comparison written out: terminal tables, JSON, CSV and a self-contained HTML page.

- ``json``: one object, ``{"partnerships": [...], "tables": {name: [row, ...]}}``; NaN
  and missing values are ``null``.
- ``csv``: one file holding every table, one after another; its first column, ``table``,
  names the table each row belongs to, and the other columns are the union of the tables'
  columns (empty where a table has no such column). ``pandas.read_csv(f)`` then
  ``groupby("table")`` and ``dropna(axis=1, how="all")`` gives each table back.
- ``html``: one page with every table and an inline SVG chart of ambition per
  partnership; no script, no external URL, so it opens anywhere offline.
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from cdrpkit.comparison.chart import ambition_svg

if TYPE_CHECKING:
    from cdrpkit.comparison import Comparison

FORMATS: tuple[str, ...] = ("table", "csv", "json", "html")

_TITLES = {
    "profile": "Regime profile",
    "ambition": "Ambition on a common scale (equivalent compound yearly change)",
    "shared_indicators": "Shared indicators",
    "intervention_mix": "Intervention mix (actions per framework category)",
    "placements": "Where each action lands",
    "crosswalks": "Crosswalks used (our reading: inferred)",
}


def render(comparison: Comparison, fmt: str) -> str:
    """The comparison as text in one of :data:`FORMATS`."""
    if fmt == "json":
        return to_json(comparison)
    if fmt == "csv":
        return to_csv(comparison)
    if fmt == "html":
        return to_html(comparison)
    if fmt == "table":
        return to_text(comparison)
    raise ValueError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")


def to_json(comparison: Comparison) -> str:
    """Every table as a list of records, under ``tables``."""
    tables = {
        name: json.loads(frame.to_json(orient="records"))
        for name, frame in comparison.tables().items()
    }
    return json.dumps(
        {"partnerships": list(comparison.partnerships), "tables": tables}, indent=2
    ) + "\n"


def to_csv(comparison: Comparison) -> str:
    """Every table in one CSV, with a ``table`` column naming each row's table."""
    import pandas as pd

    frames = [frame.assign(table=name) for name, frame in comparison.tables().items()]
    frames = [f[["table", *[c for c in f.columns if c != "table"]]] for f in frames]
    non_empty = [f for f in frames if not f.empty]
    columns: list[str] = list(dict.fromkeys(c for f in frames for c in f.columns))
    combined = pd.concat(non_empty, ignore_index=True) if non_empty else pd.DataFrame()
    text: str = combined.reindex(columns=columns).to_csv(index=False)
    return text


def _short(frame: Any, width: int = 60) -> Any:
    out = frame.copy()
    for column in ("text", "rationale", "title", "group_title"):
        if column in out:
            out[column] = out[column].map(
                lambda v: v if not isinstance(v, str) or len(v) <= width else v[: width - 3] + "..."
            )
    return out


def to_text(comparison: Comparison) -> str:
    """The tables for a terminal, the intervention mix one framework at a time."""
    import pandas as pd

    parts = []
    with pd.option_context("display.width", 200, "display.max_columns", None,
                           "display.max_colwidth", 60):
        profile = comparison.profile.set_index("partnership").T
        parts.append(_section("profile", profile.to_string()))
        ambition = comparison.ambition[[
            "partnership", "target_id", "indicator", "baseline_period", "target_period",
            "span_years", "total_change", "annual_equivalent", "stated_annual_change",
        ]]
        parts.append(_section("ambition", _table(ambition)))
        shared = comparison.shared_indicators[[
            "indicator_group", "partnership", "target_id", "relation", "annual_equivalent",
        ]]
        parts.append(_section("shared_indicators", _table(shared)))
        mix = comparison.intervention_mix
        for fw, axis in dict.fromkeys(zip(mix["framework"], mix["axis"], strict=True)):
            wide = comparison.mix_wide(fw, axis)
            parts.append(f"{_TITLES['intervention_mix']}: {fw} / {axis}\n{wide.to_string()}\n")
    return "\n".join(parts)


def _table(frame: Any) -> str:
    return "(none)" if frame.empty else str(_short(frame).to_string(index=False))


def _section(name: str, body: str) -> str:
    return f"{_TITLES[name]}\n{body}\n"


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0 0 2em; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
caption { text-align: left; font-weight: bold; margin-bottom: 0.3em; }
.note { color: #555; max-width: 60em; }
"""


def to_html(comparison: Comparison) -> str:
    """A self-contained page: the chart, then every table (no script, no external URL)."""
    names = ", ".join(html.escape(p) for p in comparison.partnerships)
    body = [
        f"<h1>Comparison of target regimes: {names}</h1>",
        '<p class="note">Crosswalk mappings are our reading (inferred), not the documents\'; '
        "each gives its rationale in the crosswalks table.</p>",
        "<h2>Ambition per partnership</h2>",
        ambition_svg(comparison.ambition, comparison.partnerships),
    ]
    for name, frame in comparison.tables().items():
        body.append(f"<h2>{html.escape(_TITLES[name])}</h2>")
        body.append(
            frame.to_html(index=False, na_rep="", border=0, classes=f"table-{name}")
            if not frame.empty
            else "<p>(none)</p>"
        )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>cdrpkit comparison: {names}</title>\n<style>{_STYLE}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
