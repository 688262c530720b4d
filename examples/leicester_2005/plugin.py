"""Registers the Leicester strategy 2005-2008 under the name ``leicester-2005``."""

from __future__ import annotations

from pathlib import Path

from cdrpkit import hookimpl
from cdrpkit.plugins import StrategySource

#: The folder holding ``strategy.yaml`` and the files it includes.
STRATEGY_DIR = Path(__file__).parent

TITLE = "Leicester Partnership Against Crime & Disorder: Community Safety Strategy 2005-2008"


@hookimpl
def cdrpkit_register_strategies() -> list[StrategySource]:
    """The Leicester strategy, loadable with ``cdrpkit.load("leicester-2005")``.

    >>> [s.name for s in cdrpkit_register_strategies()]
    ['leicester-2005']
    """
    return [StrategySource(name="leicester-2005", path=STRATEGY_DIR, title=TITLE)]
