"""The plugin host and the contract with plugins.

- :mod:`cdrpkit.plugins.hookspecs`: the hook specifications, the whole contract;
- :mod:`cdrpkit.plugins.declarations`: every declaration class a hook returns;
- :mod:`cdrpkit.plugins.host`: :class:`Plugins`, which finds plugins, calls their hooks
  and merges what they declare.
"""

from __future__ import annotations

from cdrpkit.plugins.declarations import PluginFailure, PluginInfo, StrategySource
from cdrpkit.plugins.hookspecs import PROJECT, hookimpl, hookspec
from cdrpkit.plugins.host import (
    GROUP,
    Plugins,
    default_plugins,
    reset_default_plugins,
    resolve,
)

__all__ = [
    "GROUP",
    "PROJECT",
    "PluginFailure",
    "PluginInfo",
    "Plugins",
    "StrategySource",
    "default_plugins",
    "hookimpl",
    "hookspec",
    "reset_default_plugins",
    "resolve",
]
