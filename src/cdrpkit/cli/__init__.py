"""The ``cdrpkit`` command: a thin shell over the Python API.

Exit codes: 0 on success, 1 when a check finds errors, 2 on bad usage or bad input,
3 on an internal error (a bug in cdrpkit or a plugin, reported as one).
A user's mistake is reported as a message naming the file, line and field, never as a
traceback. Commands whose output is a table take ``--format``; ``json`` is always one.

One module per group of commands (:mod:`~cdrpkit.cli.strategy`,
:mod:`~cdrpkit.cli.checking`, :mod:`~cdrpkit.cli.monitoring`,
:mod:`~cdrpkit.cli.comparing`,
:mod:`~cdrpkit.cli.ingest`); each adds its commands to :data:`cli` when imported.
Heavy modules are imported inside the commands that need them, so ``cdrpkit --help``
and ``cdrpkit check`` stay quick.
"""

from __future__ import annotations

import sys

import click

from cdrpkit.cli import (  # noqa: F401  (commands)
    checking,
    comparing,
    ingest,
    monitoring,
    peers,
    strategy,
)
from cdrpkit.cli.common import EXIT_INTERNAL, internal_error_message
from cdrpkit.cli.group import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``cdrpkit`` console script.

    Commands handle their own errors (:func:`~cdrpkit.cli.common.handle_errors`); this
    catches what escapes before a command runs, so a crash still exits 3, never 1.
    """
    try:
        cli(prog_name="cdrpkit")
    except Exception as exc:  # a bug outside any command
        click.echo(internal_error_message(exc), err=True)
        sys.exit(EXIT_INTERNAL)
