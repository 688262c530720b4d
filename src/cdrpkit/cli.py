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
            message = f"warning: plugin {f.plugin}{version} failed in {f.hook}: {f.error}"
            click.echo(message, err=True)


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
    host.collect_all()
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
@click.option("--family", "family", help="Only this indicator family (BVPI, PSA ...).")
@format_option("table", "json", "csv", default="table")
@handle_errors
def indicators(family: str | None, fmt: str) -> None:
    """List every indicator the installed plugins define, with family, unit and polarity.

    Also how far each definition has been checked (certainty: verified, source,
    unverified) and the plugin that declares it.
    """
    from cdrpkit.errors import NotFoundError

    host = _state().plugins
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

    comparison = run([_load(s) for s in sources], plugins=_state().plugins)
    _emit(render(comparison, fmt), out)


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
@handle_errors
def new_plugin(name: str, directory: Path) -> None:
    """Create an installable strategy plugin package for partnership NAME."""
    from cdrpkit.scaffold import create

    created = create(name, directory, plugins=_state().plugins)
    for path in created.files:
        click.echo(f"created {path}")
    click.echo(f"next: pip install -e {created.root} && cdrpkit check {created.strategy_name}")


@cli.command("check")
@click.argument("source")
@format_option("text", "json", default="text")
@click.option(
    "--disable",
    "disabled",
    multiple=True,
    metavar="RULE",
    help="Do not run this rule (repeatable); see docs/check-rules.md for the ids.",
)
@handle_errors
def check_command(source: str, fmt: str, disabled: tuple[str, ...]) -> None:
    """Check a strategy: arithmetic, SMART gaps, detectability, coverage, units.

    Exits with 1 when any finding is an error (figures that contradict each other).
    """
    from cdrpkit.check import SEVERITIES, check, has_errors

    strategy = _load(source)
    findings = check(strategy, plugins=_state().plugins, disable=disabled)
    if fmt == "json":
        click.echo(json.dumps([f.as_dict() for f in findings], indent=2, default=str))
    else:
        for finding in findings:
            click.echo(str(finding))
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
        click.echo(", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()))
    if has_errors(findings):
        sys.exit(1)


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
    from cdrpkit.trajectory import trajectory_rows

    weights = None
    if profile is not None:
        try:
            weights = [float(w) for w in profile.split(",")]
        except ValueError:
            raise InputError(
                [Problem(f"expected four numbers separated by commas, got {profile!r}",
                         path="--profile")]
            ) from None
    strategy = _load(source)
    rows = trajectory_rows(target_id, strategy=strategy, quarters=quarters, profile=weights)
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
    _print_rows(rows, fmt)


@cli.command("assess")
@click.argument("sources", nargs=-1, required=True)
@click.option("--data", "data", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Figures in the long format (CSV or Excel).")
@click.option("--period", help="Assess at the end of this period (2006/07-Q2); default latest.")
@click.option("--level", type=float, default=0.95, show_default=True,
              help="Confidence level of the intervals.")
@click.option("--verdicts", is_flag=True, help="One row per target instead of per period.")
@click.option("--audit", type=click.Path(dir_okay=False, path_type=Path),
              help="Write every calculation component to this JSON (or CSV) file.")
@format_option("table", "json", "csv", default="table")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@handle_errors
def assess_command(sources: tuple[str, ...], data: Path, period: str | None, level: float,
                   verdicts: bool, audit: Path | None, fmt: str, out: Path | None) -> None:
    """Assess every target of SOURCES against the figures in --data."""
    from cdrpkit.assessment import ROW_COLUMNS, VERDICT_COLUMNS, assess_all

    strategies = [_load(s) for s in sources]
    result = assess_all(strategies, data, level=level, as_of=period,
                        plugins=_state().plugins)
    if audit is not None:
        result.write_audit(str(audit))
        click.echo(f"wrote {audit}", err=True)
    frame = (result.verdicts[list(VERDICT_COLUMNS)] if verdicts
             else result.rows[list(ROW_COLUMNS)])
    if fmt == "csv":
        _emit(frame.to_csv(index=False), out)
    elif fmt == "json":
        _emit(frame.to_json(orient="records", indent=2), out)
    else:
        shown = ["target_id", "period", "expected", "actual", "interval_method", "comparison",
                 "status"] if not verdicts else ["target_id", "status", "verdict"]
        _emit(frame[shown].to_string(index=False, na_rep="-") + "\n", out)


@cli.command("report")
@click.argument("sources", nargs=-1, required=True)
@click.option("--data", "data", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Figures in the long format (CSV or Excel).")
@click.option("--period", help="Report at the end of this period (2006/07-Q2); default latest.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("report"), show_default=True, help="Directory to write into.")
@click.option("--format", "formats", multiple=True,
              help="Renderer to use (html, excel, markdown, ...); repeat; default all.")
@handle_errors
def report_command(sources: tuple[str, ...], data: Path, period: str | None, out: Path,
                   formats: tuple[str, ...]) -> None:
    """Write the performance report (HTML, Excel, Markdown) and print a summary table."""
    from rich.console import Console
    from rich.progress import Progress

    from cdrpkit.reports import report
    from cdrpkit.reports.terminal import verdict_table

    console = Console(stderr=True)
    strategies = [_load(s) for s in sources]
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("report", total=None)

        def step(message: str) -> None:
            bar.update(task, description=message)

        written, context = report(strategies, data, out, period=period,
                                  formats=formats or None, plugins=_state().plugins,
                                  progress=step, return_context=True)
    Console().print(verdict_table(context.assessment.verdicts, context.illustrative))
    for name, path in written.items():
        click.echo(f"wrote {name}: {path}", err=True)


def main() -> None:
    """Entry point of the ``cdrpkit`` console script."""
    cli(prog_name="cdrpkit")
