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

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first use at run time (see _LAZY), typed for checkers
    from cdrpkit.assessment import assess, assess_all
    from cdrpkit.checks.runner import Finding, check
    from cdrpkit.comparison import Comparison, compare
    from cdrpkit.errors import (
        CdrpkitError,
        InputError,
        NotFoundError,
        ObservationError,
        PluginError,
        Problem,
        StrategyError,
    )
    from cdrpkit.loading import dumps, from_data, load, save, to_data
    from cdrpkit.model import Strategy
    from cdrpkit.observations import read_observations
    from cdrpkit.plugins import hookimpl
    from cdrpkit.reports import report
    from cdrpkit.trajectory import trajectory

__version__ = "0.1.0"

# Every public name is imported on first use, so ``import cdrpkit`` costs almost nothing
# and ``cdrpkit check`` on an unchanged strategy can answer before the model is imported
# (see cdrpkit.replay).
_ERRORS = ("CdrpkitError", "InputError", "NotFoundError", "ObservationError", "PluginError",
           "Problem", "StrategyError")
_LAZY = {
    **dict.fromkeys(_ERRORS, "cdrpkit.errors"),
    "Finding": "cdrpkit.checks.runner",
    "check": "cdrpkit.checks.runner",
    "Strategy": "cdrpkit.model",
    "hookimpl": "cdrpkit.plugins",
    "trajectory": "cdrpkit.trajectory",
    "dumps": "cdrpkit.loading",
    "from_data": "cdrpkit.loading",
    "load": "cdrpkit.loading",
    "save": "cdrpkit.loading",
    "to_data": "cdrpkit.loading",
    "assess": "cdrpkit.assessment",
    "assess_all": "cdrpkit.assessment",
    "read_observations": "cdrpkit.observations",
    "compare": "cdrpkit.comparison",
    "Comparison": "cdrpkit.comparison",
    "report": "cdrpkit.reports",
}

#: Functions named like a submodule of this package (``cdrpkit.check`` the function and
#: the module kept for plugins written before 0.2; ``cdrpkit.trajectory`` both too).
_SHADOWED = frozenset({"check", "trajectory"})


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cdrpkit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package, which keeps ``check`` and ``trajectory`` the functions.

    Importing a submodule binds it on its package by name: importing the module
    ``cdrpkit.trajectory`` would otherwise replace the function ``cdrpkit.trajectory``.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable through sys.modules and imports
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "CdrpkitError",
    "Comparison",
    "Finding",
    "InputError",
    "NotFoundError",
    "ObservationError",
    "PluginError",
    "Problem",
    "Strategy",
    "StrategyError",
    "__version__",
    "assess",
    "assess_all",
    "check",
    "compare",
    "dumps",
    "from_data",
    "hookimpl",
    "load",
    "read_observations",
    "report",
    "save",
    "to_data",
    "trajectory",
]
