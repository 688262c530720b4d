"""The ``cdrpkit`` command: a thin shell over the Python API.

Exit codes: 0 on success, 1 when a check finds errors, 2 on bad usage or bad input.
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

from cdrpkit.cli import (  # noqa: F401  (commands)
    checking,
    comparing,
    ingest,
    monitoring,
    peers,
    strategy,
)
from cdrpkit.cli.group import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``cdrpkit`` console script."""
    cli(prog_name="cdrpkit")
