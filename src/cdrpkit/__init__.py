"""cdrpkit: model, check and monitor the strategies of Crime and Disorder Reduction Partnerships.

The public API is a handful of functions over plain data::

    strategy = cdrpkit.load("leicester-2005")      # a file, a directory or a plugin's name
    findings = cdrpkit.check(strategy)              # list of Finding
    frame = cdrpkit.trajectory(target)              # expected value per period
    table = cdrpkit.assess(strategy, observations)  # one row per target and period
    tables = cdrpkit.compare([a, b])                # comparison of target regimes

Heavy modules (pandas, scipy, pint) are imported only by the functions that need them,
so ``import cdrpkit`` stays quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from cdrpkit.errors import (
    CdrpkitError,
    InputError,
    NotFoundError,
    ObservationError,
    PluginError,
    Problem,
    StrategyError,
)
from cdrpkit.hookspecs import hookimpl
from cdrpkit.loading import dumps, from_data, load, save, to_data
from cdrpkit.model import Strategy

__version__ = "0.1.0"

# Public names provided by modules that import pandas, scipy or pint, loaded on first use.
_LAZY = {
    "check": "cdrpkit.check",
    "Finding": "cdrpkit.check",
    "trajectory": "cdrpkit.trajectory",
    "assess": "cdrpkit.assess",
    "read_observations": "cdrpkit.observations",
    "compare": "cdrpkit.compare",
    "report": "cdrpkit.report",
}

if TYPE_CHECKING:  # pragma: no cover
    from cdrpkit.check import Finding, check  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cdrpkit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "CdrpkitError",
    "InputError",
    "NotFoundError",
    "ObservationError",
    "PluginError",
    "Problem",
    "Strategy",
    "StrategyError",
    "__version__",
    "dumps",
    "from_data",
    "hookimpl",
    "load",
    "save",
    "to_data",
    *_LAZY,
]
