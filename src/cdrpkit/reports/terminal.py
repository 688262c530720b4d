"""The short terminal table printed by ``cdrpkit report`` (rich)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdrpkit.reports import ReportContext

_COLOURS = {"met": "green", "on track": "green", "done": "green", "at risk": "yellow",
            "due": "yellow", "off track": "red", "not met": "red", "overdue": "red"}


def verdict_table(verdicts: Any, illustrative: bool) -> Any:
    """A rich Table of one line per target: status, latest figure, expected, P(met)."""
    from rich.table import Table

    from cdrpkit.assessment.verdicts import number_text as _fmt

    title = "Targets" + (" (includes ILLUSTRATIVE figures)" if illustrative else "")
    table = Table(title=title)
    for column in ("partnership", "target", "status", "latest", "expected", "progress",
                   "P(met)"):
        table.add_column(column, overflow="fold")
    for v in verdicts.to_dict("records"):
        colour = _COLOURS.get(v["status"], "white")
        p = v["p_meet"]
        table.add_row(v["partnership"], v["target_id"], f"[{colour}]{v['status']}[/]",
                      f"{_fmt(v['latest_actual'])} {v['latest_period']}"
                      if isinstance(v["latest_period"], str) else "-",
                      _fmt(v["expected"]), v["progress"] or "-",
                      "-" if p != p else f"{p:.0%}")
    return table


def print_summary(context: ReportContext, console: Any = None) -> None:
    """Print the verdict table to the terminal."""
    from rich.console import Console

    (console or Console()).print(verdict_table(context.assessment.verdicts,
                                                context.illustrative))
