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
from cdrpkit.outputs import terminal_text, write_text_atomic
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
            from cdrpkit.plugins.discovery import installed, installed_cached
            from cdrpkit.replay import enabled

            # The installed plugins are asked once and kept while nothing is installed
            # or removed: the command line's start-up is the author's loop.
            discover = installed_cached if enabled() else installed
            self._plugins = Plugins(strict=self.strict or None, discover=discover)
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


#: Exit codes of every command: success, findings (``check`` found errors), bad input
#: or usage, and an internal error (a bug in cdrpkit or a plugin).
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def handle_errors(func: F) -> F:
    """Turn errors into a message and an exit code, never a traceback.

    A :class:`~cdrpkit.errors.CdrpkitError` is the user's input: its message, exit code 2.
    Anything else is a bug: a short note saying so, the exception's type, message and
    the line that raised it, and exit code 3 (so CI can tell a crash from findings, 1).
    ``CDRPKIT_TRACEBACK=1`` prints the whole traceback.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        state = click.get_current_context().find_object(State)
        try:
            return func(*args, **kwargs)
        except CdrpkitError as exc:
            if state is not None:
                state.warn_failures()
            click.echo(f"error: {terminal_text(str(exc))}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # anything else is a bug: say so, exit 3
            click.echo(internal_error_message(exc), err=True)
            sys.exit(EXIT_INTERNAL)
        finally:
            if state is not None and not state.strict:
                state.warn_failures()

    wrapper.handles_errors = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def internal_error_message(exc: BaseException) -> str:
    """The message for a crash: it is a bug, what raised, where, and how to see more."""
    import os
    import traceback

    if os.environ.get("CDRPKIT_TRACEBACK"):
        return "".join(traceback.format_exception(exc))
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    detail = terminal_text(str(exc))
    if len(detail) > 300:
        detail = detail[:299] + "…"
    return (
        f"internal error (a bug in cdrpkit or a plugin, not in your input): "
        f"{type(exc).__name__}{where}: {detail}\n"
        "Please report it with the command you ran; set CDRPKIT_TRACEBACK=1 to see the "
        "full traceback."
    )


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
