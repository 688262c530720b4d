"""The comparison as one self-contained HTML page, written for a researcher.

The ambition chart comes first, large and labelled; then the ambition table with chosen
columns and numbers as percentages ("not stated" where a document states nothing), the
regime profile, the shared indicators, the intervention mix of each framework axis as a
chart with its table, what could not be placed on each axis said in words, and the
crosswalks with their rationale. No script and no external resource.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdrpkit.comparison.chart import ambition_svg, mix_svg
from cdrpkit.reports import format as fmt

if TYPE_CHECKING:
    from cdrpkit.comparison import Comparison

_STYLE = """
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Arial, sans-serif; margin: 1.5rem auto; padding: 0 1rem;
  max-width: 76rem; color: #111; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 2px solid #333; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; margin: 0.4rem 0 1.2rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #f0f0f0; overflow-wrap: normal; }
td.n, th.n { text-align: right; white-space: nowrap; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font-size: 12px; fill: #222; font-family: system-ui, Arial, sans-serif; }
svg.chart text.axis { font-size: 13px; font-weight: bold; }
.note { color: #333; max-width: 60rem; }
figure { margin: 0.5rem 0 1rem; } figcaption { font-size: 0.85rem; color: #333; }
ul.unplaced li { margin-bottom: 0.2rem; }
"""

_PROFILE_WORDS = {
    "strategy": "Strategy", "title": "Title", "targets": "Targets", "actions": "Actions",
    "smart_share": "SMART targets (share)", "has_baseline_share": "With a baseline value",
    "has_deadline_share": "With a deadline", "has_indicator_share": "With an indicator",
    "yearly_trajectory_share": "With a yearly trajectory",
    "provisional": "Provisional targets", "subject_to": "Subject to an agreement",
    "findings": "Checker findings",
}


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]],
           numeric: Sequence[int] = ()) -> str:
    head = "".join(f'<th scope="col"{" class=n" if i in numeric else ""}>{html.escape(h)}</th>'
                   for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{html.escape(str(v))}</td>'
                         for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def profile_rows(comparison: Comparison) -> list[list[str]]:
    """The regime profile as rows of words: one per measure, a column per partnership."""
    frame = comparison.profile.set_index("partnership")
    rows = []
    for column in frame.columns:
        name = _PROFILE_WORDS.get(column, column.replace(":", ": ").replace("-", " "))
        values = frame[column].tolist()
        if column.endswith("_share"):
            shown = [fmt.percent(v) for v in values]
        elif column in ("strategy", "title"):
            shown = [str(v) for v in values]
        else:
            shown = ["0" if fmt.is_missing(v) else f"{int(v):,}" for v in values]
        rows.append([name, *shown])
    return rows


def ambition_rows(comparison: Comparison) -> list[list[str]]:
    """The ambition table's rows, numbers as percentages, gaps as "not stated"."""
    rows = []
    for r in comparison.ambition.to_dict("records"):
        years = "not stated" if fmt.is_missing(r["span_years"]) else f"{r['span_years']:g}"
        rows.append([
            r["partnership"], fmt.shorten(r["text"] or r["target_id"], 80),
            r["indicator"] if not fmt.is_missing(r["indicator"]) else "not stated",
            r["baseline_period"] if not fmt.is_missing(r["baseline_period"]) else "not stated",
            r["target_period"] if not fmt.is_missing(r["target_period"]) else "not stated",
            years, fmt.percent(r["total_change"], True),
            fmt.percent(r["annual_equivalent"], True),
            fmt.percent(r["stated_annual_change"], True)])
    return rows


AMBITION_HEADER = ("Partnership", "Target", "Indicator", "From", "To", "Years",
                   "Change", "A year", "A year (stated)")


def mix_shares(comparison: Comparison, framework: str, axis: str) -> Any:
    """Shares of each partnership's actions by category on one framework axis."""
    wide = comparison.mix_wide(framework, axis)
    wide = wide.loc[:, (wide != 0).any(axis=0)]
    totals = wide.sum(axis=1).replace(0, 1)
    return wide.div(totals, axis=0)


def unplaced_sentences(comparison: Comparison, framework: str, axis: str) -> list[str]:
    """What could not be placed on one axis, in words, with the share of actions."""
    wide = comparison.mix_wide(framework, axis)
    out = []
    for label, row in wide.iterrows():
        total = float(row.sum())
        for category, count in row.items():
            name = str(category)
            if not name.startswith("(") or not count:
                continue
            share = fmt.percent(count / total) if total else "0%"
            reason = {"(unclassified)": "have no classification at all"}.get(
                name, name.replace("(unmapped) ", "are classified only in ")
                .replace("(cannot map) ", "cannot be placed: ")
                .replace("(no ", "have no "))
            if name.startswith("(unmapped)"):
                reason += ", which no crosswalk maps onto this axis"
            out.append(f"{label}: {share} of its actions {reason.rstrip(')')}.")
    return out


def to_html(comparison: Comparison) -> str:
    """The page (see the module docstring)."""
    titles = dict(zip(comparison.profile["partnership"], comparison.profile["title"],
                      strict=True))
    names = ", ".join(html.escape(p) for p in comparison.partnerships)
    body = [f"<h1>Comparison of target regimes: {names}</h1>",
            '<p class="note">Each partnership is labelled by its id; its strategy is named in '
            "the profile. Crosswalk mappings are our reading (inferred), not the documents'; "
            "each gives its rationale in the last table.</p>",
            '<section id="ambition"><h2>Ambition on a common scale</h2>',
            '<p class="note">Every target with a baseline and an end value, put as the '
            "compound change a year that takes the baseline to the end value over the "
            "target's own span, so that a three-year and a four-year target compare.</p>",
            "<figure>", ambition_svg(comparison.ambition, comparison.partnerships, titles),
            "<figcaption>Equivalent compound change a year of each numeric target (dots), "
            "grouped by partnership, with each partnership's median (bar). In the table, "
            "<i>Change</i> is over the target's span, <i>A year</i> its compound "
            "equivalent, <i>A year (stated)</i> what the document states.</figcaption>"
            "</figure>",
            _table(AMBITION_HEADER, ambition_rows(comparison), numeric=(3, 4, 5, 6, 7, 8)),
            "</section>",
            '<section id="profile"><h2>Regime profile</h2>',
            _table(["Measure", *comparison.partnerships], profile_rows(comparison)),
            "</section>", _shared(comparison), _mix(comparison), _crosswalks(comparison)]
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>cdrpkit comparison: {names}</title>\n<style>{_STYLE}</style>\n</head>\n"
            "<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


def _shared(comparison: Comparison) -> str:
    shared = comparison.shared_indicators
    out = ['<section id="shared"><h2>Shared indicators</h2>']
    if shared.empty:
        out.append("<p>No indicator (or linked group of indicators) is targeted by more "
                   "than one of these partnerships.</p>")
    else:
        out.append(_table(
            ["Indicator group", "Partnership", "Target", "Relation", "A year (equivalent)"],
            [[r["group_title"] or r["indicator_group"], r["partnership"],
              fmt.shorten(r["text"] or r["target_id"], 80), r["relation"],
              fmt.percent(r["annual_equivalent"], True)]
             for r in shared.to_dict("records")], numeric=(4,)))
    return "".join(out) + "</section>"


def _mix(comparison: Comparison) -> str:
    mix = comparison.intervention_mix
    out = ['<section id="mix"><h2>Intervention mix</h2>',
           '<p class="note">The share of each partnership\'s actions in each category of a '
           "framework axis, placed natively, through a crosswalk, or through a crosswalk read "
           "backwards; an action in two categories counts half in each. Grey: actions that "
           "could not be placed, listed under each chart.</p>"]
    for fw, axis in dict.fromkeys(zip(mix["framework"], mix["axis"], strict=True)):
        shares = mix_shares(comparison, fw, axis)
        title = f"{fw}: {axis}"
        out.append(f"<h3>{html.escape(title)}</h3><figure>")
        out.append(mix_svg(shares, {}, f"Share of actions by {axis} ({fw})"))
        out.append(f"<figcaption>Share of each partnership's actions by {html.escape(axis)} "
                   f"({html.escape(fw)}).</figcaption></figure>")
        missing = unplaced_sentences(comparison, fw, axis)
        if missing:
            out.append('<ul class="unplaced">' + "".join(
                f"<li>{html.escape(s)}</li>" for s in missing) + "</ul>")
    return "".join(out) + "</section>"


def _crosswalks(comparison: Comparison) -> str:
    rows = [[r["crosswalk"],
             f"{r['source_framework']} {r['source_axis']}: {r['source_category']}"
             + (f" (when {r['when']})" if not fmt.is_missing(r["when"]) else ""),
             f"{r['target_framework']} {r['target_axis']}: {r['target_category']}",
             r["rationale"], r["source"]] for r in comparison.crosswalks.to_dict("records")]
    return ('<section id="crosswalks"><h2>Crosswalks used (our reading: inferred)</h2>'
            '<p class="note">Each mapping also reads backwards where it names one category '
            "only (see the intervention mix).</p>"
            + _table(["Crosswalk", "From", "To", "Rationale", "Source"], rows) + "</section>")
