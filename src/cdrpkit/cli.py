"""The ``cdrpkit`` command: a thin shell over the Python API.

Exit codes: 0 on success, 1 when a check finds errors, 2 on bad usage or bad input.
A user's mistake is reported as a message naming the file, line and field, never as a
traceback. Commands whose output is a table take ``--format``; ``json`` is always one.

Heavy modules are imported inside the commands that need them, so ``cdrpkit --help``
and ``cdrpkit check`` stay quick.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from cdrpkit.errors import CdrpkitError
from cdrpkit.plugins import Plugins

F = TypeVar("F", bound=Callable[..., Any])

SOURCE_HELP = "a strategy file, a directory with strategy.yaml, or a registered name"


class State:
    """What every command shares: the plugin host, made on first use."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self._plugins: Plugins | None = None

    @property
    def plugins(self) -> Plugins:
        if self._plugins is None:
            self._plugins = Plugins(strict=self.strict or None)
        return self._plugins

    def warn_failures(self) -> None:
        """Say on stderr which plugins broke, so a broken plugin is never silent."""
        if self._plugins is None:
            return
        for f in self._plugins.failures:
            version = f" {f.version}" if f.version else ""
            click.echo(f"warning: plugin {f.plugin}{version} failed in {f.hook}: {f.error}", err=True)


def handle_errors(func: F) -> F:
    """Turn a cdrpkit error into a message and exit code 2, instead of a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        try:
            return func(*args, **kwargs)
        except CdrpkitError as exc:
            if state is not None:
                state.warn_failures()
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        finally:
            if state is not None and state._plugins is not None and not state.strict:
                state.warn_failures()
                state._plugins.failures.clear()

    return wrapper  # type: ignore[return-value]


def format_option(*choices: str, default: str) -> Callable[[F], F]:
    """The ``--format`` option with these choices."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help="Output format.",
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cdrpkit")
@click.option(
    "--strict-plugins",
    is_flag=True,
    help="Stop at the first plugin that fails to load or raises (for CI).",
)
@click.pass_context
def cli(ctx: click.Context, strict_plugins: bool) -> None:
    """Model, check and monitor Crime and Disorder Reduction Partnership strategies.

    SOURCE arguments are a strategy file, a directory holding strategy.yaml, or the
    name of a strategy a plugin registers (see 'cdrpkit plugins').
    """
    ctx.obj = State(strict_plugins)


def _state() -> State:
    return click.get_current_context().ensure_object(State)


def _load(source: str) -> Any:
    from cdrpkit.loading import load

    return load(source, plugins=_state().plugins)


@cli.command()
@format_option("table", "json", default="table")
@handle_errors
def plugins(fmt: str) -> None:
    """List installed plugins with their versions and hooks, and any that failed."""
    host = _state().plugins
    infos = host.infos()
    failures = list(host.failures)
    if fmt == "json":
        data = {
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
    for f in failures:
        click.echo(f"FAILED {f.plugin} {f.version} in {f.hook}: {f.error}")
    host.failures.clear()


@cli.command()
@click.argument("source")
@format_option("text", "json", default="text")
@handle_errors
def show(source: str, fmt: str) -> None:
    """Show a strategy as a tree: themes, priorities, objectives, targets, actions."""
    strategy = _load(source)
    if fmt == "json":
        from cdrpkit.loading import to_data

        click.echo(json.dumps(to_data(strategy, plugins=_state().plugins), indent=2))
        return
    for line in tree_lines(strategy):
        click.echo(line)


def tree_lines(strategy: Any) -> Iterator[str]:
    """The lines of ``cdrpkit show``: the strategy as an indented tree."""
    p = strategy.partnership
    yield f"{strategy.title} [{strategy.id}]"
    yield f"  partnership: {p.name}" + (f" ({p.area})" if p.area else "")
    for label, fig in (("population", p.population), ("households", p.households)):
        if fig is not None:
            src = f" ({fig.source})" if fig.source else ""
            yield f"  {label}: {fig.value:,.0f}{src}"
    if p.agencies:
        yield f"  agencies: {len(p.agencies)}; groups: {len(p.groups)}"
    for obj in strategy.objectives:
        yield from _objective_lines(obj, "  ")
    for theme in strategy.themes:
        chair = f" (chair: {theme.chair})" if theme.chair else ""
        yield f"  theme {theme.id}: {theme.title}{chair}"
        if theme.aim:
            yield f"    aim: {theme.aim}"
        for obj in theme.objectives:
            yield from _objective_lines(obj, "    ")
        for prio in theme.priorities:
            yield f"    priority {prio.id}: {prio.title}"
            for obj in prio.objectives:
                yield from _objective_lines(obj, "      ")


def _objective_lines(obj: Any, indent: str) -> Iterator[str]:
    yield f"{indent}objective {obj.id}: {obj.title}"
    for target in obj.targets:
        flags = []
        if target.subject_to:
            flags.append(f"subject to {target.subject_to}")
        if target.provisional:
            flags.append("provisional")
        flag = f" [{'; '.join(flags)}]" if flags else ""
        yield f"{indent}  target {target.id} ({target.kind}){flag}: {target.text}"
    for action in obj.actions:
        lead = f" [lead: {action.lead}]" if action.lead else ""
        yield f"{indent}  action {action.id}{lead}: {action.text}"


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
    strategy = _load(source)
    frame = strategy.targets_frame() if what == "targets" else strategy.actions_frame()
    text = frame.to_csv(index=False) if fmt == "csv" else frame.to_json(orient="records", indent=2)
    _emit(text, out)


def _emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


@cli.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@handle_errors
def schema(out: Path | None) -> None:
    """Print the JSON Schema of strategy files, for editors to complete and validate."""
    from cdrpkit.schema import strategy_schema

    _emit(json.dumps(strategy_schema(_state().plugins), indent=2) + "\n", out)


@cli.command()
@format_option("table", "json", "csv", default="table")
@handle_errors
def indicators(fmt: str) -> None:
    """List every indicator the installed plugins define, with family, unit and polarity."""
    host = _state().plugins
    rows = [
        {
            "id": i.id,
            "family": i.family,
            "title": i.title,
            "unit": i.unit,
            "polarity": i.polarity,
            "plugin": host.origin("cdrpkit_register_indicators", i.id),
        }
        for i in sorted(host.indicators.values(), key=lambda i: (i.family, i.id))
    ]
    _print_rows(rows, fmt)


def _print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    """Print rows as an aligned table, JSON or CSV, without pandas."""
    if fmt == "json":
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    if fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        click.echo(buffer.getvalue(), nl=False)
        return
    if not rows:
        click.echo("(none)")
        return
    columns = list(rows[0])
    cells = [[("" if r[c] is None else str(r[c])) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[k]) for row in cells)) for k, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def main() -> None:
    """Entry point of the ``cdrpkit`` console script."""
    cli(prog_name="cdrpkit")
