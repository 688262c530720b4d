"""Write what-if replays as HTML, CSV and JSON, one or more regimes side by side.

Every title says it is a what-if, which regime, which baseline year and which figures.
The side-by-side table counts, for each partnership and regime, the statuses of the
what-if targets in the latest year that has figures: how demanding each regime would
have been on the same real data.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.peers.funnels import ATTRIBUTION

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.peers.whatif import Replay

__all__ = ["side_by_side", "whatif_title", "write_whatif"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; padding: 0 1em;
       max-width: 70em; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; margin-bottom: 1.5em; }
th, td { border-bottom: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
td.n { text-align: right; }
.note { color: #555; font-size: 0.9em; }
"""


def whatif_title(replays: list[Replay]) -> str:
    """The page's title: what-if, regimes, baseline and figures."""
    if len(replays) == 1:
        return replays[0].title
    regimes = " and ".join(f"{r.regime_title} ({r.regime})" for r in replays)
    return (f"What-if: the regimes {regimes} side by side, baseline "
            f"{replays[0].baseline_year}, on {replays[0].figures}")


def side_by_side(replays: list[Replay]) -> pd.DataFrame:
    """Per partnership and regime: the statuses of the what-if targets in their latest
    year with figures (``assessed``, then one column per status)."""
    import pandas as pd

    frames = []
    for r in replays:
        rows = r.rows[r.rows["actual"].notna()]
        if rows.empty:
            continue
        latest = rows.sort_values("period").groupby(["partnership", "target_id"]).tail(1)
        frames.append(latest)
    if not frames:
        return pd.DataFrame(columns=["partnership", "name", "regime", "assessed"])
    latest = pd.concat(frames)
    counts = latest.pivot_table(index=["partnership", "name", "regime"], columns="status",
                                values="target_id", aggfunc="count", fill_value=0)
    counts.insert(0, "assessed", counts.sum(axis=1))
    return counts.reset_index().rename_axis(columns=None)


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = []
    for record in frame.to_dict("records"):
        cells = []
        for value in record.values():
            if isinstance(value, float):
                text = "" if value != value else f"{value:,.1f}"
                cells.append(f'<td class="n">{text}</td>')
            elif isinstance(value, int):
                cells.append(f'<td class="n">{value:,}</td>')
            else:
                cells.append(f"<td>{escape(str(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _section(r: Replay) -> str:
    notes = "".join(f"<li>{escape(n)}</li>" for n in r.notes)
    return (f"<h2>{escape(r.title)}</h2>{_table(r.rows.drop(columns=['regime']))}"
            f"<h3>Targets of {escape(r.regime)} not assessable on these figures</h3>"
            f"{_table(r.not_assessable)}"
            + (f"<p>Years not assessed:</p><ul>{notes}</ul>" if notes else ""))


def _document(replays: list[Replay]) -> dict[str, Any]:
    return {
        "title": whatif_title(replays), "what_if": True, "attribution": ATTRIBUTION,
        "side_by_side": json.loads(side_by_side(replays).to_json(orient="records")),
        "regimes": [{"title": r.title, "regime": r.regime, "regime_title": r.regime_title,
                     "baseline_year": r.baseline_year, "figures": r.figures,
                     "rows": json.loads(r.rows.to_json(orient="records")),
                     "not_assessable": r.not_assessable.to_dict("records"),
                     "notes": list(r.notes)} for r in replays],
    }


def write_whatif(replays: list[Replay], out: str | Path) -> dict[str, Path]:
    """Write ``whatif.html``, ``whatif.csv`` (every row, with its regime) and
    ``whatif.json`` into ``out``."""
    import pandas as pd

    from cdrpkit.outputs import prepare_directory, write_text_atomic
    from cdrpkit.peers.render import spreadsheet_safe

    directory = prepare_directory(out)
    paths = {name: directory / f"whatif.{name}" for name in ("html", "csv", "json")}
    title = whatif_title(replays)
    summary = side_by_side(replays)
    write_text_atomic(
        paths["html"],
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<p class="note">A what-if: targets the regime never set for these partnerships '
        f"or years, each baseline taken from the real figures (marked inferred), assessed "
        f"against the real figures of the years after it.</p>"
        f"<h2>Side by side: statuses in the latest year with figures</h2>{_table(summary)}"
        + "".join(_section(r) for r in replays)
        + f'<p class="note">Figures: {escape(replays[0].figures)}. {escape(ATTRIBUTION)}</p>'
        "</body></html>\n")
    rows = pd.concat([r.rows.assign(title=r.title) for r in replays])
    write_text_atomic(paths["csv"], spreadsheet_safe(rows).to_csv(index=False))
    write_text_atomic(paths["json"], json.dumps(_document(replays), indent=2, default=str)
                      + "\n")
    return paths
