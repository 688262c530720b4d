"""The HTML report: one self-contained file, charts inline, printable."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.reports import ILLUSTRATIVE_NOTICE, SECTIONS

if TYPE_CHECKING:
    from cdrpkit.reports import ReportContext


def _number(x: Any) -> str:
    from cdrpkit.assessment.verdicts import number_text as _fmt

    return _fmt(x)


def render_html(context: ReportContext, path: Path) -> None:
    """Write the PMF-shaped HTML report: a cross-strategy summary, then each TDG's four
    sections and every target with its trajectory chart."""
    import re
    from importlib.resources import files

    import jinja2

    from cdrpkit.reports.charts import trajectory_svg

    assessment = context.assessment
    rows = assessment.rows
    by_key = {key: group for key, group in rows.groupby("key", sort=False)}
    themes = []
    for pid, title, verdicts in context.themes():
        targets = []
        for v in verdicts.to_dict("records"):
            mine = by_key[v["key"]]
            svg = trajectory_svg(mine, {str(k): x for k, x in v.items()}, str(v["target_id"]))
            slug = re.sub(r"[^A-Za-z0-9_-]", "-", v["key"])
            targets.append({"v": v, "svg": svg, "slug": slug,
                            "rows": mine.to_dict("records")})
        themes.append({"partnership": pid, "title": title, "targets": targets,
                       "sections": context.sections(verdicts)})
    summary = (assessment.verdicts.groupby(["partnership", "theme_title", "status"], sort=False)
               .size().rename("targets").reset_index().to_dict("records"))
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["num"] = _number
    env.filters["text"] = lambda x: x if isinstance(x, str) else ""
    template = env.from_string(
        files("cdrpkit").joinpath("templates/report.html").read_text(encoding="utf-8"))
    text = template.render(
        title=context.title, period=context.period, generated=context.generated.isoformat(),
        as_of=assessment.as_of.isoformat(), level=assessment.level, themes=themes,
        summary=summary, sections=SECTIONS, illustrative=context.illustrative,
        notice=ILLUSTRATIVE_NOTICE, verdict_count=len(assessment.verdicts))
    path.write_text(text, encoding="utf-8")
