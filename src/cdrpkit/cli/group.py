"""The ``cdrpkit`` command group; each command lives in a module of its own."""

from __future__ import annotations

import click

from cdrpkit.cli.common import State


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
