"""What ``cdrpkit report`` prints: targets by status for each theme, and the files written.

A few lines, not a table of every target: the report files hold the detail.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.outputs import terminal_text
from cdrpkit.reports import ILLUSTRATIVE_NOTICE
from cdrpkit.reports import format as fmt

if TYPE_CHECKING:
    from cdrpkit.reports import ReportContext

_COLOURS = {"good": "green", "watch": "yellow", "bad": "red", "neutral": "default"}


def summary_lines(context: ReportContext, written: Mapping[str, Path]) -> list[str]:
    """The summary as lines of rich markup (escaped): each theme with its number of
    targets, then its counts by status; then the files written."""
    from rich.markup import escape

    from cdrpkit.reports.view import status_counts

    assessment = context.assessment
    lines = [f"[bold]{escape(terminal_text(context.title))}[/]",
             f"Position at the end of {escape(terminal_text(context.period))} "
             f"(figures to {assessment.as_of.isoformat()}): "
             f"{len(assessment.verdicts)} targets."]
    if context.illustrative:
        lines.append(f"[yellow]{escape(ILLUSTRATIVE_NOTICE)}[/]")
    pivot = status_counts(assessment.verdicts)
    for theme, row in pivot.iterrows():
        counts = ", ".join(
            f"[{_COLOURS[fmt.STATUS_TONE.get(str(s), 'neutral')]}]{n} {s}[/]"
            for s, n in row.items() if s != "total" and n)
        lines.append(f"  {escape(terminal_text(str(theme)))} ({row['total']} targets)")
        lines.append(f"    {counts}")
    for c in context.family:
        compared = ", ".join(f"{r['target_id']} {r['position_words']}" for r in c.rows)
        lines.append(escape(terminal_text(
            f"Against {c.family['name']} ({c.period}): {len(c.rows)} targets compared"
            + (f" ({compared})" if compared else "")
            + f", {len(c.not_comparable)} cannot be compared.")))
    for name, path in written.items():
        lines.append(f"wrote {name}: {escape(terminal_text(str(path)))}")
    return lines


def print_summary(context: ReportContext, written: Mapping[str, Path],
                  console: Any = None) -> None:
    """Print :func:`summary_lines` to the terminal (or to ``console``)."""
    from rich.console import Console

    out = console or Console()
    for line in summary_lines(context, written):
        out.print(line, highlight=False)
