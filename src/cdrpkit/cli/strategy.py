"""Commands about strategies and plugins: plugins, show, export, schema, indicators, new-plugin."""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from cdrpkit.cli.common import (
    emit,
    format_option,
    handle_errors,
    load_source,
    print_rows,
    state,
)
from cdrpkit.cli.group import cli
from cdrpkit.outputs import terminal_text


@cli.command()
@format_option("table", "json", default="table")
@handle_errors
def plugins(fmt: str) -> None:
    """List installed plugins with their versions and hooks, the strategy names they
    register (what `cdrpkit check NAME` accepts), and any that failed."""
    host = state().plugins
    host.collect_all()
    infos = host.infos()
    failures = list(host.failures)
    hook = "cdrpkit_register_strategies"
    strategies = [
        {"name": name, "title": source.title, "plugin": host.origin(hook, name)}
        for name, source in sorted(host.strategies.items())
    ]
    if fmt == "json":
        data = {
            "strategies": strategies,
            "plugins": [
                {"name": i.name, "version": i.version, "module": i.module, "hooks": list(i.hooks)}
                for i in infos
            ],
            "failures": [
                {"plugin": f.plugin, "version": f.version, "hook": f.hook, "error": f.error}
                for f in failures
            ],
        }
        click.echo(json.dumps(data, indent=2))
        host.failures.clear()
        return
    for info in infos:
        hooks = ", ".join(h.removeprefix("cdrpkit_register_") for h in info.hooks)
        click.echo(f"{info.name} {info.version}  [{info.module}]  {hooks}")
    click.echo("\nstrategies (cdrpkit check NAME):")
    for row in strategies:
        click.echo(f"  {row['name']}  {row['title']}  [{row['plugin']}]")
    for f in failures:
        click.echo(f"FAILED {f.plugin} {f.version} in {f.hook}: {f.error}")
    host.failures.clear()


@cli.command()
@click.argument("source")
@format_option("text", "json", default="text")
@handle_errors
def show(source: str, fmt: str) -> None:
    """Show a strategy as a tree: themes, priorities, objectives, targets, actions."""
    strategy = load_source(source)
    if fmt == "json":
        from cdrpkit.loading import to_data

        click.echo(json.dumps(to_data(strategy, plugins=state().plugins), indent=2))
        return
    for line in tree_lines(strategy):
        # Titles and texts come from the file: no escape sequence may reach the terminal.
        click.echo(terminal_text(line))


def tree_lines(strategy: Any) -> Iterator[str]:
    """The lines of ``cdrpkit show``: the strategy as an indented tree.

    Everything the strategy file holds is shown: the partnership and its groups, the
    strategy's own indicators and evidence figures, the tree of themes, priorities,
    objectives, targets and actions, and every note.
    """
    p = strategy.partnership
    yield f"{strategy.title} [{strategy.id}]"
    yield from _note(strategy, "  ")
    yield f"  partnership: {p.name}" + (f" ({p.area})" if p.area else "")
    yield from _note(p, "    ")
    for label, fig in (("population", p.population), ("households", p.households)):
        if fig is not None:
            src = f" ({fig.source})" if fig.source else ""
            yield f"  {label}: {fig.value:,.0f}{src}"
    if p.agencies:
        yield f"  agencies: {len(p.agencies)}; groups: {len(p.groups)}"
    yield from _group_lines(p.groups)
    for indicator in strategy.indicators:
        yield (f"  indicator {indicator.id} ({indicator.family}, {indicator.unit}): "
               f"{indicator.title}")
    for figure in strategy.evidence:
        what = figure.indicator or figure.target or figure.description
        yield (f"  evidence {what}, {figure.period.label}: {figure.value:,g} {figure.unit} "
               f"[{figure.status}; {figure.source}]")
    for obj in strategy.objectives:
        yield from _objective_lines(obj, "  ")
    for theme in strategy.themes:
        chair = f" (chair: {theme.chair})" if theme.chair else ""
        yield f"  theme {theme.id}: {theme.title}{chair}"
        if theme.aim:
            yield f"    aim: {theme.aim}"
        yield from _note(theme, "    ")
        for obj in theme.objectives:
            yield from _objective_lines(obj, "    ")
        for prio in theme.priorities:
            yield f"    priority {prio.id}: {prio.title}"
            yield from _note(prio, "      ")
            for obj in prio.objectives:
                yield from _objective_lines(obj, "      ")


def _note(node: Any, indent: str) -> Iterator[str]:
    note = getattr(node, "note", None)
    if note:
        yield f"{indent}note: {' '.join(str(note).split())}"


def _group_lines(groups: Any) -> Iterator[str]:
    for group in groups:
        count = f" x{group.count}" if group.count else ""
        kind = f" ({group.kind})" if group.kind else ""
        chair = f", chair: {group.chair}" if group.chair else ""
        yield f"  group {group.id}{count}: {group.name}{kind}{chair}"
        yield from _note(group, "    ")


def _objective_lines(obj: Any, indent: str) -> Iterator[str]:
    yield f"{indent}objective {obj.id}: {obj.title}"
    yield from _note(obj, indent + "  ")
    for target in obj.targets:
        flags = []
        if target.subject_to:
            flags.append(f"subject to {target.subject_to}")
        if target.provisional:
            flags.append("provisional")
        flag = f" [{'; '.join(flags)}]" if flags else ""
        yield f"{indent}  target {target.id} ({target.kind}){flag}: {target.text}"
        yield from _note(target, indent + "    ")
        for name in ("baseline", "target"):
            note = getattr(getattr(target, name, None), "note", None)
            if note:
                yield f"{indent}    note ({name}): {' '.join(str(note).split())}"
    for action in obj.actions:
        lead = f" [lead: {action.lead}]" if action.lead else ""
        yield f"{indent}  action {action.id}{lead}: {action.text}"
        yield from _note(action, indent + "    ")
        for c in action.classifications:
            axis = f" {c.axis}" if getattr(c, "axis", None) else ""
            yield f"{indent}    {c.framework}{axis}: {c.category} [{c.source}]"
            yield from _note(c, indent + "      ")


@cli.command()
@click.argument("source")
@click.option(
    "--what",
    type=click.Choice(["targets", "actions"]),
    default="targets",
    show_default=True,
    help="Which table to export.",
)
@format_option("csv", "json", default="csv")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@handle_errors
def export(source: str, what: str, fmt: str, out: Path | None) -> None:
    """Export the targets or actions table of a strategy as CSV or JSON."""
    strategy = load_source(source)
    frame = strategy.targets_frame() if what == "targets" else strategy.actions_frame()
    text = frame.to_csv(index=False) if fmt == "csv" else frame.to_json(orient="records", indent=2)
    emit(text, out)


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@handle_errors
def schema(out: Path | None) -> None:
    """Print the JSON Schema of strategy files, for editors to complete and validate."""
    from cdrpkit.loading.schema import strategy_schema

    emit(json.dumps(strategy_schema(state().plugins), indent=2) + "\n", out)


@cli.command()
@click.option("--family", "family", help="Only this indicator family (BVPI, PSA ...).")
@format_option("table", "json", "csv", default="table")
@handle_errors
def indicators(family: str | None, fmt: str) -> None:
    """List every indicator the installed plugins define, with family, unit and polarity.

    Also how far each definition has been checked (certainty: verified, source,
    unverified) and the plugin that declares it.
    """
    from cdrpkit.errors import NotFoundError

    host = state().plugins
    if family is not None and family not in host.families:
        known = ", ".join(sorted(host.families)) or "none"
        raise NotFoundError(f"unknown indicator family {family!r} (installed: {known})")
    rows = [
        {
            "id": i.id,
            "family": i.family,
            "title": i.title,
            "unit": i.unit,
            "polarity": i.polarity,
            "certainty": i.certainty,
            "plugin": host.origin("cdrpkit_register_indicators", i.id),
        }
        for i in sorted(host.indicators.values(), key=lambda i: (i.family, i.id))
        if family is None or i.family == family
    ]
    print_rows(rows, fmt)


@cli.command("new-plugin")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where to create the package's folder.",
)
@click.option("--partnership", help="The partnership's name as the strategy prints it.")
@click.option("--strategy-id", help="The strategy's id and registered name [NAME-2005].")
@click.option(
    "--family",
    "families",
    multiple=True,
    metavar="FAMILY",
    help="An indicator family the strategy requires (repeatable: BVPI, PSA, LPSA2); "
    "the package depends on the plugin providing it.",
)
@click.option(
    "--extensions",
    is_flag=True,
    help="Also write a plugin target kind, a check rule and a report renderer.",
)
@handle_errors
def new_plugin(
    name: str,
    directory: Path,
    partnership: str | None,
    strategy_id: str | None,
    families: tuple[str, ...],
    extensions: bool,
) -> None:
    """Create an installable strategy plugin package for partnership NAME.

    Asks for the partnership's name, the strategy's id and the families it requires
    when run at a terminal without those options.
    """
    import sys

    from cdrpkit.scaffold import create, names_for

    if sys.stdin.isatty():
        defaults = names_for(name, strategy_id)
        partnership = partnership or click.prompt("Partnership name", default=defaults["title"])
        strategy_id = strategy_id or click.prompt(
            "Strategy id", default=defaults["strategy_id"])
        if not families:
            answer = click.prompt("Indicator families required (e.g. BVPI,PSA; none)",
                                  default="none")
            families = tuple(f.strip() for f in answer.split(",")
                             if f.strip() and f.strip().lower() != "none")
    created = create(name, directory, partnership=partnership, strategy_id=strategy_id,
                     families=families, extensions=extensions, plugins=state().plugins)
    for path in created.files:
        click.echo(f"created {path}")
    root = created.root.as_posix()
    click.echo(f"partnership {created.partnership_id}, strategy {created.strategy_name}, "
               f"package {created.dist}")
    # Quoted for the shell: a folder may have spaces or quotes in its name.
    click.echo(f"next: pip install -e {shlex.quote(f'{root}[test]')} && cdrpkit check "
               f"{created.strategy_name} && (cd {shlex.quote(root)} && pytest)")
