"""The Markdown summary: one table per theme, the PMF sections, the illustrative label."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cdrpkit.reports import ILLUSTRATIVE_NOTICE, SECTIONS

if TYPE_CHECKING:
    from cdrpkit.reports import ReportContext


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(context: ReportContext, path: Path) -> None:
    """Write a short Markdown summary of the report."""
    from cdrpkit.assessment.verdicts import number_text as _fmt

    lines = [f"# Performance report: {context.title}", "",
             f"Position at the end of {context.period} "
             f"(figures to {context.assessment.as_of.isoformat()}).", ""]
    if context.illustrative:
        lines += [f"> **{ILLUSTRATIVE_NOTICE}**", ""]
    for pid, title, verdicts in context.themes():
        lines += [f"## {title} ({pid})", ""]
        sections = context.sections(verdicts)
        for key, heading in SECTIONS:
            lines += [f"### {heading}", ""]
            lines += [f"- {_cell(item)}" for item in sections[key]] or ["None this period."]
            lines.append("")
        lines += ["| Target | Status | Latest | Expected | Progress | P(met) |",
                  "|---|---|---|---|---|---|"]
        for v in verdicts.to_dict("records"):
            latest = f"{_fmt(v['latest_actual'])} ({v['latest_period']})" \
                if isinstance(v["latest_period"], str) else "-"
            flag = " (illustrative)" if v["illustrative"] else ""
            p = v["p_meet"]
            lines.append(f"| {_cell(v['target_id'])} | {v['status']} | {latest}{flag} | "
                         f"{_fmt(v['expected'])} | {v['progress'] or '-'} | "
                         f"{'-' if p != p else f'{p:.0%}'} |")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
