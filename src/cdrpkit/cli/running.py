"""What a command needs besides click: the shared state, errors to exit codes, and ``check``.

``cdrpkit check SOURCE [--format F] [--disable RULE]...`` is the author's loop (check,
edit, check). When its record cannot be replayed (:mod:`cdrpkit.replay`), that exact form
runs here, without importing click or the other commands: :func:`run_check` does the
work, and the click command ``check`` calls the same function, so both print the same
output, say the same errors and exit with the same codes. Any other command line (help,
``--list-rules``, a global option, a mistake in the options) goes through click.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from cdrpkit.errors import CdrpkitError
from cdrpkit.outputs import terminal_text
from cdrpkit.plugins import Plugins
from cdrpkit.replay import Request, package_folders, record

__all__ = [
    "EXIT_BAD_INPUT", "EXIT_CLOSED", "EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "State",
    "end_process", "error_outcome", "internal_error_message", "main_check", "output_closed",
    "report_error", "run_check",
]

#: Exit codes of every command: success, findings (``check`` found errors), bad input
#: or usage, and an internal error (a bug in cdrpkit or a plugin).
EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
#: The exit code when the reader of the output went away before it was all written
#: (``cdrpkit show x | head``): 128 + SIGPIPE, as a shell reports a program the signal
#: ended; nothing is said, as other command-line tools say nothing.
EXIT_CLOSED = 141

#: Where a command writes: one line (or block) of text at a time, to stdout or stderr.
Say = Callable[[str], None]


def _stderr(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


def _stdout(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


class State:
    """What every command shares: the plugin host, made on first use."""

    def __init__(self, strict: bool, err: Say = _stderr) -> None:
        self.strict = strict
        self._err = err
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
            self._err(f"warning: plugin {f.plugin}{version} failed in {f.hook}: {f.error}\n")
        self._plugins.failures.clear()


def error_outcome(exc: BaseException) -> tuple[str, int]:
    """The message and exit code for an error that ends a command.

    A :class:`~cdrpkit.errors.CdrpkitError` is the user's input: its message, exit code 2.
    An interruption exits 130; output whose reader went away (``| head``) exits 141
    without a word (:data:`EXIT_CLOSED`). Anything else is a bug: a short note saying so, the
    exception's type, message and the line that raised it, and exit code 3 (so CI can
    tell a crash from findings, 1). ``CDRPKIT_TRACEBACK=1`` prints the whole traceback.

    >>> from cdrpkit.errors import InputError, Problem
    >>> error_outcome(InputError([Problem("expected a number", path="--profile")]))
    ('error: --profile: expected a number', 2)
    """
    if isinstance(exc, CdrpkitError):
        return f"error: {terminal_text(str(exc))}", EXIT_BAD_INPUT
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", 130
    if isinstance(exc, BrokenPipeError):
        return "", EXIT_CLOSED
    return internal_error_message(exc), EXIT_INTERNAL


def report_error(exc: BaseException, state: State | None, say: Say = _stderr) -> int:
    """Say what ended a command (:func:`error_outcome`) and return its exit code; both the
    click commands and the plain ``check`` end this way.

    Plugins that failed are named before a user's mistake, which may be their doing; when
    the output's reader has gone, nothing is said and the output is closed for good.
    """
    if isinstance(exc, CdrpkitError) and state is not None:
        state.warn_failures()
    message, code = error_outcome(exc)
    if code == EXIT_CLOSED:
        output_closed()
    elif message:
        say(f"{message}\n")
    return code


def output_closed() -> None:
    """Point standard output at the null device once its reader has gone, so that what
    is left to print, and Python's flush at exit, fail no more."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def internal_error_message(exc: BaseException) -> str:
    """The message for a crash: it is a bug, what raised, where, and how to see more."""
    import traceback

    if os.environ.get("CDRPKIT_TRACEBACK"):
        return "".join(traceback.format_exception(exc)).rstrip("\n")
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


def run_check(state: State, request: Request, *, out: Say = _stdout,
              err: Say = _stderr) -> int:
    """Check a strategy as ``cdrpkit check`` does: print the findings, each with its file
    and line, and a count by severity; keep the output for :mod:`cdrpkit.replay`; return
    the exit code (1 when any finding is an error, else 0).

    Errors in the input are raised (:class:`~cdrpkit.errors.CdrpkitError`), for the
    caller to report with :func:`report_error`.
    """
    from cdrpkit.cache import load_with_places
    from cdrpkit.checks import SEVERITIES, check, has_errors

    source, fmt, disabled = request
    strategy, known, note = load_with_places(source, plugins=state.plugins)
    said = f"note: {note}\n" if note else ""
    if said:
        err(said)
    findings = check(strategy, plugins=state.plugins, disable=disabled)
    places = [known.where(f.path) if f.path else None for f in findings]
    if fmt == "json":
        rows = [
            {**f.as_dict(), "file": p[0] if p else None, "line": p[1] if p else None}
            for f, p in zip(findings, places, strict=True)
        ]
        output = json.dumps(rows, indent=2, default=str) + "\n"
    else:
        # "file:line: " first, as compilers print it, so editors jump to the place.
        # Findings quote titles and texts from the file: no escape sequence may pass.
        lines = [terminal_text(f"{f'{p[0]}:{p[1]}: ' if p else ''}{finding}")
                 for finding, p in zip(findings, places, strict=True)]
        counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
        lines.append(", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items()))
        output = "".join(f"{line}\n" for line in lines)
    out(output)
    code = EXIT_FINDINGS if has_errors(findings) else EXIT_OK
    _record(state, request, output, said, code, known.files)
    return code


def _record(state: State, request: Request, output: str, said: str, code: int,
            files: tuple[str, ...]) -> None:
    """Keep the output for the next identical run (cdrpkit.replay), unless a plugin
    failed or the run was made strict."""
    host = state.plugins
    if host.failures or state.strict:
        return
    import cdrpkit

    modules = {cdrpkit.__name__}
    for _, plugin in host.pm.list_name_plugin():
        modules.add(getattr(plugin, "__name__", type(plugin).__module__))
    record(request, stdout=output, stderr=said, exit_code=code, files=files,
           packages=package_folders(modules))


def main_check(request: Request) -> int:
    """Run ``cdrpkit check`` for a request of the plain form, without click: the output,
    any message on stderr, and the exit code, as the click command gives them."""
    state = State(strict=False)
    try:
        return run_check(state, request)
    except (KeyboardInterrupt, Exception) as exc:  # as handle_errors catches them
        return report_error(exc, state)
    finally:
        state.warn_failures()


def end_process(code: int) -> NoReturn:
    """End the process with ``code`` once output is flushed and exit handlers have run,
    without tearing the interpreter down.

    Freeing every module and object at exit costs a short command such as ``check`` a
    tenth of its time, for nothing: the operating system reclaims the memory anyway.
    Handlers registered with :mod:`atexit` (and :class:`weakref.finalize` objects) still
    run first. Only the console script ends this way; code calling cdrpkit in its own
    process is never ended by it. Under a profiler or a tracer (which report when the
    program ends), or an interpreter that cannot run the exit handlers on request, it
    exits the ordinary way.
    """
    import atexit

    run_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's and PyPy's
    if run_handlers is None or sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)

    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more to say
            code = code or EXIT_FINDINGS
    run_handlers()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
