"""Commands that read a strategy's own numbers: check and trajectory."""

from __future__ import annotations

import sys

import click

from cdrpkit.cli.common import format_option, handle_errors, load_source, print_rows, state
from cdrpkit.cli.group import cli
from cdrpkit.cli.running import run_check


@cli.command("check")
@click.argument("source", required=False)
@format_option("text", "json", default="text")
@click.option(
    "--disable",
    "disabled",
    multiple=True,
    metavar="RULE",
    help="Do not run this rule (repeatable); `cdrpkit check --list-rules` lists the ids.",
)
@click.option(
    "--list-rules",
    is_flag=True,
    help="List every installed rule (id, severity, plugin, title) and exit.",
)
@handle_errors
def check_command(
    source: str | None, fmt: str, disabled: tuple[str, ...], list_rules: bool
) -> None:
    """Check a strategy: arithmetic, SMART gaps, detectability, coverage, units.

    Exits with 1 when any finding is an error (figures that contradict each other).
    `--list-rules` lists the rules this installation runs (the same as the
    "Check rules" page of the documentation, plus any plugin's rules).
    """
    if list_rules:
        _list_rules(fmt)
        return
    if source is None:
        raise click.UsageError("Missing argument 'SOURCE' (or give --list-rules).")
    code = run_check(state(), (source, fmt, disabled),
                     out=lambda text: click.echo(text, nl=False),
                     err=lambda text: click.echo(text, err=True, nl=False))
    if code:
        sys.exit(code)


def _list_rules(fmt: str) -> None:
    host = state().plugins
    rows = [
        {
            "id": rule.id,
            "severity": rule.severity,
            "plugin": host.origin("cdrpkit_register_checks", rule.id),
            "title": rule.title,
        }
        for rule in host.checks.values()
    ]
    print_rows(rows, "json" if fmt == "json" else "table")


@cli.command("trajectory")
@click.argument("source")
@click.argument("target_id")
@format_option("table", "json", "csv", default="table")
@click.option("--quarters", is_flag=True, help="One row per quarter instead of per year.")
@click.option(
    "--profile",
    metavar="Q1,Q2,Q3,Q4",
    help="Seasonal weights of a count over the quarters, summing to 1 (default equal).",
)
@handle_errors
def trajectory_command(
    source: str, target_id: str, fmt: str, quarters: bool, profile: str | None
) -> None:
    """Print a target's expected value, bound and rate per 1,000 for each period."""
    from cdrpkit.errors import InputError, Problem
    from cdrpkit.limits import shorten
    from cdrpkit.trajectory import trajectory_rows

    weights = None
    if profile is not None:
        try:
            weights = [float(w) for w in profile.split(",")]
        except ValueError:
            raise InputError(
                [Problem(f"expected four numbers separated by commas, got {shorten(profile)}",
                         path="--profile")]
            ) from None
    strategy = load_source(source)
    rows = trajectory_rows(target_id, strategy=strategy, quarters=quarters, profile=weights)
    if not rows and fmt == "table":
        # Say why, rather than a bare "(none)": the kind sets no figure in any period.
        target = strategy.find(target_id).node
        direction = f" ({target.direction})" if target.direction else ""
        article = "an" if target.kind[:1] in "aeiou" else "a"
        click.echo(f"Target {target_id} is {article} {target.kind} target{direction}: it sets no "
                   "figure or deadline to expect in any period.")
        return
    if fmt == "table":
        rows = [
            {k: (f"{v:,.2f}" if isinstance(v, float) and v == v else "" if isinstance(v, float)
                 else v)
             for k, v in row.items() if k not in ("target_id", "period_start")}
            for row in rows
        ]
    else:
        for row in rows:
            for key, value in row.items():
                if isinstance(value, float) and value != value:
                    row[key] = None
    print_rows(rows, fmt)
