"""Commands that set figures against targets: assess and report."""

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
from cdrpkit.outputs import atomic_path, prepare_directory, terminal_text

_FILE = click.Path(dir_okay=False, path_type=Path)


@cli.command("assess")
@click.argument("sources", nargs=-1, required=True)
@click.option("--data", "data", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Figures in the long format (CSV, Excel or Parquet); ingested figures "
                   "reach a partnership through its ons_codes.")
@click.option("--period", help="Assess at the end of this period (2006/07-Q2); default latest.")
@click.option("--level", type=float, default=0.95, show_default=True,
              help="Confidence level of the intervals.")
@click.option("--verdicts", is_flag=True, help="One row per target instead of per period.")
@click.option("--with-evidence", "evidence", is_flag=True,
              help="Assess the strategies' own evidence figures too (stated in the document).")
@click.option("--audit", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every calculation component to this JSON (or CSV) file.")
@format_option("table", "json", "csv", default="table")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@handle_errors
def assess_command(sources: tuple[str, ...], data: Path, period: str | None, level: float,
                   verdicts: bool, evidence: bool, audit: Path | None, fmt: str,
                   out: Path | None) -> None:
    """Assess every target of SOURCES against the figures in --data."""
    from cdrpkit.assessment import ROW_COLUMNS, VERDICT_COLUMNS, assess_all
    from cdrpkit.observations import read_observations

    strategies = [load_source(s) for s in sources]
    figures = read_observations(data, strategies, plugins=state().plugins)
    for missing in figures.attrs.get("not_assessable", []):
        click.echo(f"not assessable: {missing}", err=True)
    result = assess_all(strategies, figures, level=level, as_of=period,
                        plugins=state().plugins, evidence=evidence)
    if audit is not None:
        with atomic_path(audit) as temporary:  # same suffix: JSON or CSV as asked
            result.write_audit(str(temporary))
        click.echo(f"wrote {terminal_text(str(audit))}", err=True)
    frame = (result.verdicts[list(VERDICT_COLUMNS)] if verdicts
             else result.rows[list(ROW_COLUMNS)])
    if verdicts:
        from cdrpkit.reports.format import verdict_sentences

        frame = frame.assign(verdict=verdict_sentences(frame))
    if fmt == "csv":
        emit(frame.to_csv(index=False), out)
    elif fmt == "json":
        emit(frame.to_json(orient="records", indent=2), out)
    else:
        shown = ["target_id", "period", "expected", "actual", "interval_method", "comparison",
                 "status"] if not verdicts else ["target_id", "status", "verdict"]
        emit(frame[shown].to_string(index=False, na_rep="-") + "\n", out)


@cli.command("report")
@click.argument("sources", nargs=-1, required=True)
@click.option("--data", "data", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Figures in the long format (CSV, Excel or Parquet); ingested figures "
                   "reach a partnership through its ons_codes.")
@click.option("--period", help="Report at the end of this period (2006/07-Q2); default latest.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("report"), show_default=True, help="Directory to write into.")
@click.option("--format", "formats", multiple=True,
              help="Renderer to use (html, excel, markdown, ...); repeat; default all.")
@click.option("--peers", type=_FILE,
              help="Figures across partnerships (long format, such as police.uk counts by "
                   "CSP) to set the strategy's partnership against its family.")
@click.option("--family", help="Family of partnerships to compare with (a registered id, or "
                               "an id in --families). Needs --peers and --peer-period.")
@click.option("--families", "family_files", multiple=True, type=_FILE,
              help="Family file (YAML) from 'cdrpkit family build'; repeat.")
@click.option("--peer-period", help="Period of the peer figures to compare (2021/22).")
@click.option("--denominators", type=_FILE,
              help="CSV: partnership, denominator[, name, unit, source] for the peer rates. "
                   "Default: the peer figures' denominator column.")
@handle_errors
def report_command(sources: tuple[str, ...], data: Path, period: str | None, out: Path,
                   formats: tuple[str, ...], peers: Path | None, family: str | None,
                   family_files: tuple[Path, ...], peer_period: str | None,
                   denominators: Path | None) -> None:
    """Write the performance report (HTML, Excel, Markdown) and print a short summary:
    targets by status for each theme, and the path of each file written. With --peers,
    --family and --peer-period, the report also sets the partnership against its family
    for each target indicator the peer figures can give."""
    from rich.console import Console
    from rich.progress import Progress

    from cdrpkit.observations import read_observations
    from cdrpkit.reports import report
    from cdrpkit.reports.terminal import print_summary

    console = Console(stderr=True)
    prepare_directory(out)  # a folder that cannot be made is bad input, said before any work
    strategies = [load_source(s) for s in sources]
    figures = read_observations(data, strategies, plugins=state().plugins)
    for missing in figures.attrs.get("not_assessable", []):
        click.echo(f"not assessable: {missing}", err=True)
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("report", total=None)

        def step(message: str) -> None:
            bar.update(task, description=message)

        written, context = report(strategies, figures, out, period=period,
                                  formats=formats or None, plugins=state().plugins,
                                  progress=step, return_context=True, peers=peers,
                                  family=family, families=family_files,
                                  peer_period=peer_period, denominators=denominators)
    print_summary(context, written)
