"""The Markdown summary: targets by status, then per theme its targets and the PMF sections."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cdrpkit.outputs import markdown_text, write_text_atomic
from cdrpkit.reports import ILLUSTRATIVE_NOTICE, SECTIONS

if TYPE_CHECKING:
    from cdrpkit.reports import ReportContext
    from cdrpkit.reports.family import FamilyComparison


def render_markdown(context: ReportContext, path: Path) -> None:
    """Write a short Markdown summary of the report."""
    from cdrpkit.reports.view import status_counts

    lines = [f"# Performance report: {markdown_text(context.title)}", "",
             f"Position at the end of {markdown_text(context.period)} "
             f"(figures to {context.assessment.as_of.isoformat()}).", ""]
    if context.illustrative:
        lines += [f"> **{ILLUSTRATIVE_NOTICE}**", ""]
    pivot = status_counts(context.assessment.verdicts)
    lines += ["## Targets by status", "",
              "| Theme | " + " | ".join(str(c).capitalize() for c in pivot.columns) + " |",
              "|---|" + "---:|" * len(pivot.columns)]
    for theme, row in pivot.iterrows():
        lines.append(f"| {markdown_text(str(theme))} | "
                     + " | ".join(str(n) for n in row.tolist()) + " |")
    lines.append("")
    if context.family:
        lines += ["## Against its family", ""]
    for comparison in context.family:
        lines += family_lines(comparison)
    for _pid, title, records in context.themes():
        lines += [f"## {markdown_text(title)}", ""]
        measured = [r for r in records if not r["deliverable"]]
        if measured:
            lines += ["| Target | Latest | Expected | Target value | Status |",
                      "|---|---:|---:|---:|---|"]
            lines += [f"| {markdown_text(r['short'])} | {markdown_text(r['latest'])} | "
                      f"{r['expected_text']} | {markdown_text(r['target_text'])} | "
                      f"{r['status_label']} |" for r in measured]
            lines.append("")
        deliverables = [r for r in records if r["deliverable"]]
        if deliverables:
            lines += ["| Deliverable | Kind | Due | State |", "|---|---|---|---|"]
            lines += [f"| {markdown_text(r['short'])} | {r['kind_words']} | "
                      f"{markdown_text(r['due_text'])} | {r['status_label']} |"
                      for r in deliverables]
            lines.append("")
        sections = context.sections(records)
        for key, heading in SECTIONS:
            lines += [f"### {heading}", ""]
            lines += [f"- {markdown_text(item)}" for item in sections[key]] or \
                ["None this period."]
            lines.append("")
    write_text_atomic(path, "\n".join(lines))


def family_lines(c: FamilyComparison) -> list[str]:
    """The "Against its family" section of one strategy, as Markdown lines."""
    md = markdown_text
    lines = [f"### {md(c.title)}", ""]
    lines += [md(line) + "  " for line in c.describe()] + [""]
    if c.rows:
        lines += [f"| Target | Peer figures | Count | Denominator | Rate {md(c.rate_label)} "
                  "| Family mean | 95% limits | 99.8% limits | Position |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---|"]
        lines += [f"| {md(r['short'])} ({md(r['target_id'])}) | {md(r['peer_indicator'])} "
                  f"({md(r['indicator'])}: {md(r['how'])}) | {r['count']} | "
                  f"{r['denominator']} | {r['rate']} | {r['family_mean']} | {r['limits_95']} "
                  f"| {r['limits_998']} | {md(r['position_words'])} ({md(r['limits'])}) |"
                  for r in c.shown_rows()]
    else:
        lines.append("No target of this strategy can be compared on these figures.")
    lines.append("")
    if c.notes:
        lines += ["Members of the family left out of a comparison:", ""]
        lines += [f"- {md(n)}" for n in c.notes] + [""]
    if c.not_comparable:
        lines += [f"#### Targets that cannot be compared ({len(c.not_comparable)})", "",
                  "| Target | Indicator | Why not |", "|---|---|---|"]
        lines += [f"| {md(str(r['target_id']))} | {md(str(r['indicator']))} | "
                  f"{md(str(r['reason']))} |" for r in c.not_comparable] + [""]
    if c.attribution:
        lines += [c.attribution, ""]
    return lines
