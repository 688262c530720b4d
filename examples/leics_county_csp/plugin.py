"""Registers the county plan by name, so ``cdrpkit.load("leics-county-csp")`` finds it."""

from __future__ import annotations

from cdrpkit import hookimpl
from cdrpkit.plugins import StrategySource
from leics_county_csp import STRATEGY_DIR

NAME = "leics-county-csp"
TITLE = "Leicestershire County Council Community Safety Plan"


@hookimpl
def cdrpkit_register_strategies() -> list[StrategySource]:
    """The county plan, read from the directory of this package."""
    return [StrategySource(name=NAME, path=STRATEGY_DIR, title=TITLE)]
