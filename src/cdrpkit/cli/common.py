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

from cdrpkit.cli.running import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    State,
    internal_error_message,
    report_error,
)
from cdrpkit.outputs import terminal_text, write_text_atomic

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "EXIT_BAD_INPUT", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "SOURCE_HELP", "State",
    "emit", "format_option", "handle_errors", "internal_error_message", "load_source",
    "print_rows", "state",
]

SOURCE_HELP = "a strategy file, a directory with strategy.yaml, or a registered name"


def handle_errors(func: F) -> F:
    """Turn errors into a message and an exit code, never a traceback.

    Reported by :func:`~cdrpkit.cli.running.report_error`, as the plain ``check`` reports
    them: a :class:`~cdrpkit.errors.CdrpkitError` is the user's input (exit code 2),
    anything else a bug (exit code 3). Click's own exits and usage errors pass through.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except (KeyboardInterrupt, Exception) as exc:
            sys.exit(report_error(exc, state,
                                  lambda text: click.echo(text, err=True, nl=False)))
        finally:
            if state is not None and not state.strict:
                state.warn_failures()

    wrapper.handles_errors = True  # type: ignore[attr-defined]
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
    """Print ``text``, or write it atomically to ``out`` (its folder made if needed)."""
    if out is None:
        click.echo(text, nl=not text.endswith("\n"))
    else:
        write_text_atomic(out, text)
        click.echo(f"wrote {terminal_text(str(out))}", err=True)


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
    cells = [[("" if r[c] is None else terminal_text(str(r[c]))) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[k]) for row in cells)) for k, c in enumerate(columns)]
    click.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        click.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
