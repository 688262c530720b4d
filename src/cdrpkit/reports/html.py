"""The HTML report: one self-contained file, the board summary first, charts inline, printable.

The page opens with the summary a board reads (targets by status per theme, then one
row per measured target, Making Data Count style), then the deliverables as a checklist,
then a detail section per target that has figures to chart, then the methods. Charts are
inline SVG written by :mod:`cdrpkit.reports.svg`; the page has no script and no external
resource.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.outputs import write_text_atomic
from cdrpkit.reports import ILLUSTRATIVE_NOTICE, SECTIONS
from cdrpkit.reports import format as fmt

if TYPE_CHECKING:
    from cdrpkit.reports import ReportContext


def _slug(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


def _detail(record: dict[str, Any], rows: Any, series: Any) -> dict[str, Any]:
    """The detail block of one charted target: its SVG panels, caption and figures."""
    from cdrpkit.reports.svg import chart_svg, panels

    unit = record["unit"]
    svgs = []
    kinds = []
    for kind, axis, mine in panels(rows):
        limits = series.get(record["key"]) if kind in ("quarter", "month") else None
        svgs.append(chart_svg(mine, unit=unit, kind=kind, axis=axis, limits=limits,
                              title=f"{record['short']}: figures by {axis.lower()}"))
        kinds.append(f"{axis.lower()}s")
    caption = (f"{record['short']}: actual figures by {' and by '.join(kinds)} against the "
               f"expected value on the trajectory, in {fmt.unit_label(unit) or 'the unit'}.")
    figures = []
    for r in rows:
        interval = "" if fmt.is_missing(r["lower"]) else \
            f"{fmt.number(r['lower'], unit)} to {fmt.number(r['upper'], unit)}"
        figures.append({
            "period": r["period"], "expected": fmt.number(r["comparator"], unit),
            "actual": fmt.number(r["actual"], unit), "interval": interval,
            "status": r["status"], "data_status": "" if fmt.is_missing(r["data_status"])
            else r["data_status"]})
    return {"r": record, "svgs": svgs, "caption": caption, "rows": figures}


def render_html(context: ReportContext, path: Path) -> None:
    """Write the HTML report (see the module docstring for its shape)."""
    from importlib.resources import files

    import jinja2

    from cdrpkit.reports.view import rows_by_key, status_counts

    assessment = context.assessment
    records = context.records()
    by_key = rows_by_key(assessment)
    for r in records:
        r["slug"] = _slug(str(r["key"]))
    grouped = context.themes(records)
    themes = []
    for pid, title, mine in grouped:
        targets = [_detail(r, by_key[r["key"]], assessment.series)
                   for r in mine if r["charted"] and r["key"] in by_key]
        themes.append({"partnership": pid, "title": title, "targets": targets,
                       "sections": context.sections(mine)})
    pivot = status_counts(assessment.verdicts)
    columns = [c for c in pivot.columns if c != "total"]
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(
        files("cdrpkit").joinpath("templates/report.html").read_text(encoding="utf-8"))
    text = template.render(
        title=context.title, period=context.period, generated=context.generated.isoformat(),
        as_of=assessment.as_of.isoformat(), level=assessment.level, count=len(records),
        pivot_columns=columns,
        pivot_rows=[(theme, row) for theme, row in pivot.to_dict("index").items()],
        legend=fmt.STATUS_LEGEND, tone=lambda s: fmt.STATUS_TONE.get(s, "neutral"),
        label=fmt.status_label,
        measured_by_theme=[(p, t, [r for r in m if not r["deliverable"]])
                           for p, t, m in grouped if any(not r["deliverable"] for r in m)],
        deliverables_by_theme=[(p, t, [r for r in m if r["deliverable"]])
                               for p, t, m in grouped if any(r["deliverable"] for r in m)],
        themes=themes, sections=SECTIONS, illustrative=context.illustrative,
        family=context.family,
        notice=ILLUSTRATIVE_NOTICE)
    write_text_atomic(path, text)
