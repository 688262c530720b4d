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

from cdrpkit.check import Finding, check
from cdrpkit.errors import (
    CdrpkitError,
    InputError,
    NotFoundError,
    ObservationError,
    PluginError,
    Problem,
    StrategyError,
)
from cdrpkit.model import Strategy
from cdrpkit.plugins import hookimpl

# Not lazy: the submodule cdrpkit.trajectory, once imported anywhere, would replace a
# lazily provided function of the same name on the package.
from cdrpkit.trajectory import trajectory

if TYPE_CHECKING:  # imported lazily at run time (see _LAZY), typed for checkers
    from cdrpkit.loading import dumps, from_data, load, save, to_data

__version__ = "0.1.0"

# check and trajectory are imported eagerly: their modules are light, and importing a
# submodule of the same name as a function would otherwise rebind the package attribute
# to the module. The names below come from modules that import pandas, scipy or pint,
# loaded on first use.
# Imported on first use: `cdrpkit check` on a cached strategy needs neither the YAML
# reader nor the converter (loading).
_LAZY = {
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

def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cdrpkit' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "CdrpkitError",
    "Finding",
    "InputError",
    "NotFoundError",
    "ObservationError",
    "PluginError",
    "Problem",
    "Strategy",
    "StrategyError",
    "__version__",
    "check",
    "dumps",
    "from_data",
    "hookimpl",
    "load",
    "save",
    "to_data",
    "trajectory",
    *(name for name in _LAZY if name not in {"dumps", "from_data", "load", "save", "to_data"}),
]
