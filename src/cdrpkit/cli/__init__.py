"""The ``cdrpkit`` command: a thin shell over the Python API.

Exit codes: 0 on success, 1 when a check finds errors, 2 on bad usage or bad input,
3 on an internal error (a bug in cdrpkit or a plugin, reported as one); 130 when
interrupted, 141 when the reader of the output went away (``| head``).
A user's mistake is reported as a message naming the file, line and field, never as a
traceback. Commands whose output is a table take ``--format``; ``json`` is always one.

One module per group of commands (:mod:`~cdrpkit.cli.strategy`,
:mod:`~cdrpkit.cli.checking`, :mod:`~cdrpkit.cli.monitoring`,
:mod:`~cdrpkit.cli.comparing`, :mod:`~cdrpkit.cli.ingest`, :mod:`~cdrpkit.cli.peers`);
each adds its commands to :data:`cli` when imported, which happens when :data:`cli` is
first used. Nothing heavy is imported before a command runs; ``cdrpkit check`` on an
unchanged strategy is answered before anything is (:mod:`cdrpkit.replay`), and a plain
``check`` otherwise runs without click (:mod:`cdrpkit.cli.running`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdrpkit.cli.group import cli

__all__ = ["cli", "main"]


def __getattr__(name: str) -> Any:
    if name != "cli":
        raise AttributeError(f"module 'cdrpkit.cli' has no attribute {name!r}")
    from cdrpkit.cli import (  # noqa: F401  (each adds its commands to the group)
        checking,
        comparing,
        ingest,
        monitoring,
        peers,
        strategy,
    )
    from cdrpkit.cli.group import cli

    globals()["cli"] = cli
    return cli


def main() -> None:
    """Entry point of the ``cdrpkit`` console script.

    A plain ``check`` (``check SOURCE [--format F] [--disable RULE]...``) is first
    replayed from its record (:mod:`cdrpkit.replay`), else run without click
    (:func:`~cdrpkit.cli.running.main_check`) and the process ended without the
    interpreter's teardown (:func:`~cdrpkit.cli.running.end_process`); anything else goes
    to :data:`cli`.
    Commands handle their own errors (:func:`~cdrpkit.cli.common.handle_errors`); this
    catches what escapes before a command runs, so a crash still exits 3, never 1.
    """
    from cdrpkit.replay import check_request, replay

    argv = sys.argv[1:]
    try:
        code = replay(argv)
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        from cdrpkit.cli.running import EXIT_CLOSED, output_closed

        output_closed()
        sys.exit(EXIT_CLOSED)
    if code is not None:
        sys.exit(code)
    request = check_request(argv)
    if request is not None:
        import gc

        # A check is short, and at the default threshold the cyclic collector walks the
        # model's classes dozens of times while they are being made (about 5% of a check
        # after an edit); collecting less often still bounds what a plugin leaves behind.
        gc.set_threshold(100_000)
        from cdrpkit.cli.running import end_process, main_check

        end_process(main_check(request))
    import click

    from cdrpkit.cli.common import EXIT_INTERNAL, internal_error_message

    try:
        __getattr__("cli")(prog_name="cdrpkit")
    except Exception as exc:  # a bug outside any command
        click.echo(internal_error_message(exc), err=True)
        sys.exit(EXIT_INTERNAL)
