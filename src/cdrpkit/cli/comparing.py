"""The command that compares target regimes across partnerships: compare."""

from __future__ import annotations

from pathlib import Path

import click

from cdrpkit.cli.common import (
    emit,
    format_option,
    handle_errors,
    load_source,
    state,
)
from cdrpkit.cli.group import cli


@cli.command()
@click.argument("sources", metavar="SOURCE...", nargs=-1, required=True)
@format_option("table", "csv", "json", "html", default="table")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@handle_errors
def compare(sources: tuple[str, ...], fmt: str, out: Path | None) -> None:
    """Compare the target regimes of several strategies (see docs/howto-compare.md).

    csv is one file with a 'table' column naming each row's table; json has the same
    tables under "tables"; html is a self-contained page with a chart of ambition.
    """
    from cdrpkit.comparison import compare as run
    from cdrpkit.comparison.output import render

    comparison = run([load_source(s) for s in sources], plugins=state().plugins)
    emit(render(comparison, fmt), out)
