"""What every command shares: the plugin host, error handling, output helpers.

Heavy modules are imported inside the commands that need them, so ``cdrpkit --help``
and ``cdrpkit check`` stay quick.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
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
        """Say on stderr which plugins broke, so a broken plugin is never silent; each
        failure is said once."""
        if self._plugins is None:
            return
        for f in self._plugins.failures:
            version = f" {f.version}" if f.version else ""
            message = f"warning: plugin {f.plugin}{version} failed in {f.hook}: {f.error}"
            click.echo(message, err=True)
        self._plugins.failures.clear()


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
            if state is not None and not state.strict:
                state.warn_failures()

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


def state() -> State:
    return click.get_current_context().ensure_object(State)


def load_source(source: str) -> Any:
    from cdrpkit.loading import load, locate

    _path, note = locate(source, plugins=state().plugins)
    if note:
        click.echo(f"note: {note}", err=True)
    return load(source, plugins=state().plugins)


def emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


def print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
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
