"""Commands that set partnerships against each other: peers, family build, whatif."""

from __future__ import annotations

from pathlib import Path

import click

from cdrpkit.cli.common import handle_errors, load_source, state
from cdrpkit.cli.group import cli

_DATA = click.Path(dir_okay=False, path_type=Path)


def _names(path: Path | None) -> dict[str, str]:
    """Partnership names from a CSV with ``partnership`` and ``name`` columns."""
    if path is None:
        return {}
    from cdrpkit.peers import read_denominators

    table = read_denominators(path)
    return {str(p): str(n) for p, n in zip(table["partnership"], table["name"], strict=True)
            if str(n)}


@cli.command("peers")
@click.option("--data", "data", required=True, type=_DATA,
              help="Figures in the long format (CSV or Excel).")
@click.option("--indicator", required=True, help="Indicator id in the figures (policeuk-burglary).")
@click.option("--period", required=True,
              help="Month, quarter or financial year (2020/21); finer figures are summed.")
@click.option("--denominators", type=_DATA,
              help="CSV: partnership, denominator[, name, unit, source]. Default: the "
                   "figures' denominator column.")
@click.option("--strategy", "strategies", multiple=True, metavar="SOURCE",
              help="Take denominators from these strategies' partnerships (by their id); "
                   "repeat. Use with --denominator-unit population or households.")
@click.option("--per", type=float, default=1000.0, show_default=True,
              help="Rates per this many of the denominator.")
@click.option("--denominator-unit", default="population", show_default=True,
              help="What the denominator counts (population, households, offences).")
@click.option("--kind", type=click.Choice(["poisson", "binomial"]), default="poisson",
              show_default=True, help="Counts (Poisson) or proportions (binomial).")
@click.option("--overdispersion", type=click.Choice(["auto", "none", "multiplicative",
                                                     "additive"]),
              default="auto", show_default=True,
              help="auto: additive random effects when the dispersion test says so.")
@click.option("--family", help="Compare only this family's members (a registered id, or "
                               "an id in --families).")
@click.option("--families", "family_files", multiple=True, type=_DATA,
              help="Family file (YAML) from 'cdrpkit family build'; repeat.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for funnel.html, funnel.csv and funnel.json.")
@handle_errors
def peers_command(data: Path, indicator: str, period: str, denominators: Path | None,
                  strategies: tuple[str, ...], per: float, denominator_unit: str, kind: str,
                  overdispersion: str, family: str | None, family_files: tuple[Path, ...],
                  out: Path) -> None:
    """Funnel plot of one indicator's rate across partnerships (or a family)."""
    import cdrpkit
    from cdrpkit.peers import peer_funnel, read_denominators, write_funnel
    from cdrpkit.peers.families import find_family
    from cdrpkit.peers.figures import denominators_from_strategies

    observations = cdrpkit.read_observations(data, plugins=state().plugins)
    chosen = (find_family(family, files=family_files, plugins=state().plugins)
              if family else None)
    table = (read_denominators(denominators) if denominators
             else denominators_from_strategies([load_source(s) for s in strategies],
                                               denominator_unit) if strategies else None)
    result = peer_funnel(
        observations, indicator, period, denominators=table,
        family=chosen, kind=kind, per=per,  # type: ignore[arg-type]
        denominator_unit=denominator_unit, overdispersion=overdispersion,  # type: ignore[arg-type]
    )
    for name, path in write_funnel(result, out).items():
        click.echo(f"wrote {name}: {path}", err=True)
    counts = result.table["position"].value_counts()
    adjustment = "no" if result.adjustment == "none" else result.adjustment
    from cdrpkit.outputs import terminal_text

    click.echo(terminal_text(f"{result.title}; {adjustment} overdispersion adjustment; "
                             + ", ".join(f"{n} {p}" for p, n in counts.items())))


@cli.group("family")
def family_group() -> None:
    """Families of partnerships (groups to compare)."""


@family_group.command("build")
@click.option("--variables", required=True, type=_DATA,
              help="CSV: partnership[, name] and one numeric column per area variable.")
@click.option("--k", type=int, default=15, show_default=True,
              help="Nearest neighbours in each family (the family has k + 1 members).")
@click.option("--weights", "weight_items", multiple=True, metavar="VARIABLE=WEIGHT",
              help="Weight of a variable (default 1); repeat.")
@click.option("--for", "only", multiple=True, metavar="CODE",
              help="Build only this partnership's family; repeat. Default: every one.")
@click.option("--source", default="", help="Who built the families and from what data.")
@click.option("--out", type=_DATA, required=True, help="Family file to write (YAML).")
@handle_errors
def family_build_command(variables: Path, k: int, weight_items: tuple[str, ...],
                         only: tuple[str, ...], source: str, out: Path) -> None:
    """Form most-similar families: each partnership and its k nearest by standardised
    Euclidean distance over the variables given."""
    import pandas as pd

    from cdrpkit.errors import InputError, Problem
    from cdrpkit.peers.families import build_families, write_families

    weights: dict[str, float] = {}
    for item in weight_items:
        name, _, value = item.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            raise InputError([Problem(f"expected VARIABLE=WEIGHT, got {item!r}",
                                      path="--weights")], summary="bad weight:") from None
    if not variables.is_file():
        raise InputError([Problem("no such file", file=str(variables))], summary="variables:")
    table = pd.read_csv(variables, dtype={"partnership": str, "name": str})
    families, used = build_families(table, k, weights=weights, only=list(only) or None,
                                    source=source, file=str(variables))
    write_families(families, used, out)
    click.echo(f"wrote {len(families)} families to {out}", err=True)
    click.echo("variables and weights: " + ", ".join(
        f"{n}={w:g}" for n, w in used["weights"].items()))


@cli.command("whatif")
@click.argument("regimes", nargs=-1, required=True)
@click.option("--data", "data", required=True, type=_DATA,
              help="Real figures in the long format (months, quarters or years).")
@click.option("--baseline-year", required=True, help="Financial year of the baselines (2020/21).")
@click.option("--partnerships", "codes", multiple=True, metavar="CODE",
              help="Only these partnerships; repeat. Default: every one in the figures.")
@click.option("--names", type=_DATA, help="CSV with partnership and name columns.")
@click.option("--figures", "figures", default="",
              help="How to name the figures in titles (default: the data file's name).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for whatif.html, whatif.csv and whatif.json.")
@handle_errors
def whatif_command(regimes: tuple[str, ...], data: Path, baseline_year: str,
                   codes: tuple[str, ...], names: Path | None, figures: str,
                   out: Path) -> None:
    """Replay the targets of REGIMES (strategies) on other partnerships and years."""
    import cdrpkit
    from cdrpkit.peers.whatif import replay
    from cdrpkit.peers.whatif_report import side_by_side, whatif_title, write_whatif

    observations = cdrpkit.read_observations(data, plugins=state().plugins)
    label = figures or f"the figures in {data.name}"
    replays = [replay(load_source(r), observations, baseline_year,
                      partnerships=list(codes) or None, names=_names(names), figures=label)
               for r in regimes]
    for name, path in write_whatif(replays, out).items():
        click.echo(f"wrote {name}: {path}", err=True)
    from cdrpkit.outputs import terminal_text

    click.echo(terminal_text(whatif_title(replays)))
    click.echo(terminal_text(side_by_side(replays).to_string(index=False)))
