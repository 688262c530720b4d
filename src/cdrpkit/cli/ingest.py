"""``cdrpkit ingest``: real recorded-crime files into the long format (CSV or Parquet).

Contains public sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

from pathlib import Path

import click

from cdrpkit.cli.common import handle_errors
from cdrpkit.cli.group import cli

_OUT = click.Path(dir_okay=False, path_type=Path)


@cli.group("ingest")
def ingest_group() -> None:
    """Read police.uk and Home Office files into figures (the long format)."""


def _finish(ingested: object, out: Path) -> None:
    from cdrpkit.ingest import Ingested, write_figures
    from cdrpkit.outputs import terminal_text

    assert isinstance(ingested, Ingested)
    written = write_figures(ingested, out)
    # File names and areas come from the input: made safe for the terminal.
    click.echo(terminal_text(ingested.summary.text()), err=True)
    click.echo(f"wrote {out} ({len(ingested.figures):,} figures) and {written}", err=True)


@ingest_group.command("police-uk")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--out", required=True, type=_OUT, help="Output file: .csv or .parquet.")
@click.option("--geography", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An ONS LSOA -> local authority lookup (CSV) instead of LSOA names.")
@click.option("--keep-unmatched", is_flag=True,
              help="Keep rows with no LSOA, or one outside the lookup, under partnerships "
                   "'unmatched-no-lsoa' and 'unmatched-outside-lookup'.")
@handle_errors
def police_uk_command(paths: tuple[Path, ...], out: Path, geography: Path | None,
                      keep_unmatched: bool) -> None:
    """Street-level crime files (CSV, directories, monthly archive zips) from data.police.uk.

    One figure per Community Safety Partnership x crime type x month. A summary of rows
    read, counted and set aside is printed and written beside --out as JSON.
    """
    from cdrpkit.ingest import ingest_police_uk

    _finish(ingest_police_uk(paths, geography=geography, keep_unmatched=keep_unmatched), out)


@ingest_group.command("home-office")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=_OUT, help="Output file: .csv or .parquet.")
@click.option("--keep-unmatched", is_flag=True,
              help="Keep areas outside the lookup (Action Fraud, British Transport Police) "
                   "under the partnership 'unmatched-area'.")
@click.option("--year", help="For a table without year and quarter columns: its financial "
                             "year (2011/12); needs --row-order.")
@click.option("--row-order", type=click.Choice(["quarter-major"]),
              help="State that such a table's rows run quarter by quarter.")
@handle_errors
def home_office_command(path: Path, out: Path, keep_unmatched: bool, year: str | None,
                        row_order: str | None) -> None:
    """A Home Office police recorded crime open data table (by PFA or CSP; CSV, xlsx, ods).

    One figure per area x offence code x financial quarter (``ho-28E``, ``2017/18-Q1``).
    """
    from cdrpkit.ingest import ingest_home_office

    _finish(ingest_home_office(path, keep_unmatched=keep_unmatched, year=year,
                               row_order=row_order), out)
