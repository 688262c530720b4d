"""A comparison written out: terminal tables, JSON, CSV and a self-contained HTML page.

- ``json``: one object, ``{"partnerships": [...], "tables": {name: [row, ...]}}``; NaN
  and missing values are ``null``.
- ``csv``: one file holding every table, one after another; its first column, ``table``,
  names the table each row belongs to, and the other columns are the union of the tables'
  columns (empty where a table has no such column). ``pandas.read_csv(f)`` then
  ``groupby("table")`` and ``dropna(axis=1, how="all")`` gives each table back.
- ``html``: one page for a researcher (:mod:`cdrpkit.comparison.page`): the ambition
  chart, chosen columns, percentages, the intervention mix as charts, what could not be
  placed said in words; no script, no external URL, so it opens anywhere offline.
- ``table``: the same choices as plain text for a terminal.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdrpkit.reports import format as fmt

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


def to_text(comparison: Comparison) -> str:
    """The tables for a terminal: chosen columns, percentages, "not stated" for gaps.

    The intervention mix is given as the share of each partnership's actions (an action
    in two categories counts half in each, so counts are not whole numbers).
    """
    from cdrpkit.comparison.page import (
        AMBITION_HEADER,
        ambition_rows,
        mix_shares,
        profile_rows,
        unplaced_sentences,
    )

    parts = [_section("profile", _text_table(["Measure", *comparison.partnerships],
                                             profile_rows(comparison)))]
    rows = ambition_rows(comparison)
    parts.append(_section("ambition", _text_table(AMBITION_HEADER, rows, width=50)
                          if rows else "(none)"))
    shared = comparison.shared_indicators
    parts.append(_section("shared_indicators", "(none)" if shared.empty else _text_table(
        ["Indicator group", "Partnership", "Target", "Relation", "A year (equivalent)"],
        [[r["indicator_group"], r["partnership"], r["target_id"], r["relation"],
          fmt.percent(r["annual_equivalent"], True)] for r in shared.to_dict("records")])))
    mix = comparison.intervention_mix
    for fw, axis in dict.fromkeys(zip(mix["framework"], mix["axis"], strict=True)):
        shares = mix_shares(comparison, fw, axis)
        placed = [c for c in shares.columns if not str(c).startswith("(")]
        table = _text_table(["Partnership", *placed], [
            [label, *(fmt.percent(row[c]) for c in placed)] for label, row in shares.iterrows()])
        missing = unplaced_sentences(comparison, fw, axis)
        parts.append(f"{_TITLES['intervention_mix']}: {fw} / {axis} (share of actions)\n"
                     f"{table}\n" + "".join(f"  Not placed: {m}\n" for m in missing))
    return "\n".join(parts)


def _text_table(header: Sequence[str], rows: Sequence[Sequence[Any]], width: int = 60) -> str:
    """A plain text table, columns padded, long cells cut at a word."""
    cells = [[fmt.shorten(str(v), width) for v in row] for row in [list(header), *rows]]
    sizes = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip()
                     for r in cells)


def _section(name: str, body: str) -> str:
    return f"{_TITLES[name]}\n{body}\n"


def to_html(comparison: Comparison) -> str:
    """A self-contained page for a researcher (see :mod:`cdrpkit.comparison.page`)."""
    from cdrpkit.comparison.page import to_html as page

    return page(comparison)
