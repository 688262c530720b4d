"""The plugin host: finds plugins, calls their hooks, merges what they declare.

.. _plugin-discovery:

Discovery order: every entry point of the ``cdrpkit`` group of every installed
distribution, sorted by distribution name and then entry-point name, then any plugin
passed in code. cdrpkit's own built-in plugins are entry points of the ``cdrpkit``
distribution, found the same way as a third party's. A name in ``block`` (an entry
point's ``distribution:name`` or just the distribution) is skipped, which is how a user
replaces one of our plugins with their own. With ``only`` (or the environment variable
``CDRPKIT_ONLY_PLUGINS``, distributions separated by commas) just the entry points of
those distributions load: a test suite runs with a host isolated from whatever else is
installed (cdrpkit's own suite sets it to cdrpkit and its bundled plugins).

Each plugin is loaded and each hook implementation called on its own: a plugin that
fails to import, or raises, or returns something that is not a list of declarations, is
recorded as a :class:`PluginFailure` naming the plugin, its version and the hook, and
the rest carry on. In strict mode (``strict=True``, or the environment variable
``CDRPKIT_STRICT_PLUGINS=1``) the first failure raises :class:`~cdrpkit.errors.PluginError`.

There is no global plugin manager: each :class:`Plugins` object has its own, so tests
and tools can hold several side by side. :func:`default_plugins` gives the one the
module-level functions use, made on first use.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from typing import Any

import pluggy

from cdrpkit.errors import NotFoundError
from cdrpkit.limits import shorten
from cdrpkit.plugins import hookspecs
from cdrpkit.plugins.declarations import PluginFailure, PluginInfo, StrategySource
from cdrpkit.plugins.discovery import EntryPoint, installed

GROUP = "cdrpkit"
#: What finds a group's installed entry points (see :mod:`cdrpkit.plugins.discovery`).
Discover = Callable[[str], list[EntryPoint]]
#: The environment variable naming the only distributions whose plugins load.
ONLY_ENV = "CDRPKIT_ONLY_PLUGINS"


# What each hook declares, and the attribute that names each declaration.
_KEYS: dict[str, str] = {
    "cdrpkit_register_indicator_families": "id",
    "cdrpkit_register_indicators": "id",
    "cdrpkit_register_frameworks": "id",
    "cdrpkit_register_crosswalks": "id",
    "cdrpkit_register_partnership_families": "id",
    "cdrpkit_register_target_kinds": "name",
    "cdrpkit_register_strategies": "name",
    "cdrpkit_register_checks": "id",
    "cdrpkit_register_readers": "name",
    "cdrpkit_register_renderers": "name",
    "cdrpkit_register_units": "name",
    "cdrpkit_register_offence_mappings": "id",
}


#: The hooks whose names a strategy's ``requires`` may name (all but strategies), in the
#: order they are asked: the offence-code registry, the costliest, last.
_DECLARING = tuple(k for k in _KEYS if k != "cdrpkit_register_strategies")


class Plugins:
    """A plugin manager with everything its plugins declare, merged and checked.

    :param entry_points: load installed plugins from the ``cdrpkit`` entry-point group.
    :param plugins: more plugins to register, as ``(name, module_or_object)`` pairs.
    :param block: entry points (``dist:name``) or distributions not to load.
    :param strict: raise on the first plugin failure instead of recording it.
    :param only: load installed plugins of these distributions only (``None``: those the
        environment variable ``CDRPKIT_ONLY_PLUGINS`` names, or every one when unset).
    :param discover: what finds the installed entry points, given the group (default
        :func:`~cdrpkit.plugins.discovery.installed`; the command line passes
        :func:`~cdrpkit.plugins.discovery.installed_cached`).

    >>> from cdrpkit.plugins import Plugins
    >>> host = Plugins()
    >>> "three-pronged" in host.frameworks
    True
    """

    def __init__(
        self,
        *,
        entry_points: bool = True,
        plugins: Iterable[tuple[str, object]] = (),
        block: Iterable[str] = (),
        strict: bool | None = None,
        only: Iterable[str] | None = None,
        discover: Discover | None = None,
    ) -> None:
        if only is None and os.environ.get(ONLY_ENV):
            only = [d.strip() for d in os.environ[ONLY_ENV].split(",") if d.strip()]
        self.only: frozenset[str] | None = (
            None if only is None else frozenset(_normal(d) for d in only)
        )
        if strict is None:
            strict = os.environ.get("CDRPKIT_STRICT_PLUGINS", "") not in ("", "0")
        self.strict = strict
        self.pm = pluggy.PluginManager(hookspecs.PROJECT)
        self.pm.add_hookspecs(hookspecs)
        self.failures: list[PluginFailure] = []
        self._versions: dict[str, str] = {}
        self._cache: dict[str, dict[str, Any]] = {}
        self._origins: dict[tuple[str, str], str] = {}
        blocked = set(block)
        if entry_points:
            self._load_entry_points(blocked, discover)
        for name, plugin in plugins:
            self.register(plugin, name)

    # --- loading ---------------------------------------------------------------------

    def _fail(self, plugin: str, hook: str, error: str) -> None:
        failure = PluginFailure(plugin, self._versions.get(plugin, ""), hook, error)
        if self.strict:
            raise failure.as_error()
        self.failures.append(failure)

    def _load_entry_points(self, blocked: set[str], discover: Discover | None) -> None:
        for ep in (discover or installed)(GROUP):
            name = f"{ep.dist}:{ep.name}"
            if name in blocked or ep.dist in blocked:
                continue
            if self.only is not None and _normal(ep.dist) not in self.only:
                continue
            self._versions[name] = ep.version
            try:
                plugin = ep.load()
            except Exception as exc:  # a broken plugin must not take the others down
                self._fail(name, "import", f"could not be imported: {_describe(exc)}")
                continue
            self.register(plugin, name)

    def register(self, plugin: object, name: str, version: str = "") -> None:
        """Register one plugin under ``name``; a failure is recorded, not raised."""
        if version:
            self._versions[name] = version
        self._cache.clear()
        try:
            self.pm.register(plugin, name=name)
        except Exception as exc:
            self._fail(name, "register", _describe(exc))
            return
        unknown = [
            hook.name
            for hook in self.pm.hook.__dict__.values()
            if isinstance(hook, pluggy.HookCaller)
            and not hook.has_spec()
            and any(impl.plugin_name == name for impl in hook.get_hookimpls())
        ]
        if unknown:
            # pluggy would otherwise ignore a misspelt hook silently.
            self.pm.unregister(name=name)
            self._fail(name, "register", f"implements unknown hooks: {', '.join(sorted(unknown))}")

    # --- what is loaded --------------------------------------------------------------

    def infos(self) -> list[PluginInfo]:
        """Every plugin that loaded, sorted by name, with its version and hooks."""
        result = []
        for name, plugin in sorted(self.pm.list_name_plugin()):
            hooks = sorted(
                caller.name
                for caller in self.pm.get_hookcallers(plugin) or []
                if caller.name.startswith("cdrpkit_")
            )
            module = getattr(plugin, "__name__", type(plugin).__name__)
            result.append(PluginInfo(name, self._versions.get(name, ""), module, tuple(hooks)))
        return result

    def _collect(self, hook_name: str) -> dict[str, Any]:
        if hook_name in self._cache:
            return self._cache[hook_name]
        key = _KEYS[hook_name]
        merged: dict[str, Any] = {}
        caller: pluggy.HookCaller = getattr(self.pm.hook, hook_name)
        # get_hookimpls() lists implementations in registration (discovery) order, so the
        # first plugin to declare a name keeps it.
        for impl in caller.get_hookimpls():
            plugin = impl.plugin_name
            try:
                declared = impl.function()
            except Exception as exc:
                self._fail(plugin, hook_name, f"raised {_describe(exc)}")
                continue
            if not isinstance(declared, (list, tuple)):
                self._fail(plugin, hook_name, f"returned {type(declared).__name__}, not a list")
                continue
            for item in declared:
                ident = getattr(item, key, None)
                if not isinstance(ident, str):
                    self._fail(plugin, hook_name, f"declared {item!r}, which has no {key}")
                    continue
                earlier = self._origins.get((hook_name, ident))
                if ident in merged:
                    self._fail(
                        plugin,
                        hook_name,
                        f"declares {ident!r}, which plugin {earlier} already declares",
                    )
                    continue
                merged[ident] = item
                self._origins[(hook_name, ident)] = plugin
        self._cache[hook_name] = merged
        return merged

    def collect_all(self) -> None:
        """Call every hook of every plugin now, so all failures are known."""
        for hook_name in _KEYS:
            self._collect(hook_name)
        _ = self.indicators  # also checks that every indicator's family is declared

    def origin(self, hook_name: str, ident: str) -> str:
        """The plugin that declared ``ident`` through ``hook_name``."""
        self._collect(hook_name)
        return self._origins.get((hook_name, ident), "")

    def version_of(self, plugin: str) -> str:
        """The version of a loaded plugin's distribution ('' when unknown)."""
        return self._versions.get(plugin, "")

    @property
    def families(self) -> dict[str, Any]:
        """Indicator families by id."""
        return self._collect("cdrpkit_register_indicator_families")

    @property
    def indicators(self) -> dict[str, Any]:
        """Indicators by id (from plugins; a strategy's local indicators are its own)."""
        found = self._collect("cdrpkit_register_indicators")
        for ident, indicator in list(found.items()):
            if indicator.family not in self.families:
                plugin = self.origin("cdrpkit_register_indicators", ident)
                self._fail(
                    plugin,
                    "cdrpkit_register_indicators",
                    f"indicator {ident!r} names family {indicator.family!r}, "
                    "which no plugin declares",
                )
                del found[ident]
        return found

    @property
    def frameworks(self) -> dict[str, Any]:
        """Intervention frameworks by id."""
        return self._collect("cdrpkit_register_frameworks")

    @property
    def crosswalks(self) -> dict[str, Any]:
        """Crosswalks between frameworks by id."""
        return self._collect("cdrpkit_register_crosswalks")

    @property
    def partnership_families(self) -> dict[str, Any]:
        """Families of partnerships (groups to compare) by id."""
        return self._collect("cdrpkit_register_partnership_families")

    @property
    def kinds(self) -> dict[str, Any]:
        """Target kinds by name."""
        return self._collect("cdrpkit_register_target_kinds")

    @property
    def strategies(self) -> dict[str, StrategySource]:
        """Strategies registered by name."""
        return self._collect("cdrpkit_register_strategies")

    @property
    def checks(self) -> dict[str, Any]:
        """Checker rules by id."""
        return self._collect("cdrpkit_register_checks")

    @property
    def readers(self) -> dict[str, Any]:
        """Observation readers by name."""
        return self._collect("cdrpkit_register_readers")

    @property
    def renderers(self) -> dict[str, Any]:
        """Report renderers by name."""
        return self._collect("cdrpkit_register_renderers")

    @property
    def units(self) -> dict[str, Any]:
        """Units plugins declare, by name (added to the table by :meth:`install_units`)."""
        return self._collect("cdrpkit_register_units")

    def install_units(self) -> list[str]:
        """Add the units plugins declare to cdrpkit's one unit table; the names added.

        The core does this, not the plugin; a unit that cannot be added is recorded as
        the declaring plugin's failure.
        """
        from cdrpkit.errors import CdrpkitError
        from cdrpkit.units.extend import add_units

        added: list[str] = []
        for name, unit in self.units.items():
            try:
                added += add_units([unit.row()])
            except CdrpkitError as exc:
                self._fail(self.origin("cdrpkit_register_units", name),
                           "cdrpkit_register_units", str(exc))
        return added

    def declared_names(self) -> set[str]:
        """Every name any plugin declares: families, kinds, rules, units, frameworks..."""
        names: set[str] = set()
        for hook_name in _DECLARING:
            names |= set(self._collect(hook_name))
        return names

    def declares(self, name: str) -> bool:
        """Whether any plugin declares ``name`` (as :meth:`declared_names` would say).

        Asks one kind of declaration at a time and stops at the first that has it, so
        a strategy's ``requires`` is checked without building the offence-code registry.
        """
        return any(name in self._collect(hook_name) for hook_name in _DECLARING)

    @property
    def offence_mappings(self) -> dict[str, Any]:
        """The offence-code registry: mappings from ingested figures to indicators, by id."""
        return self._collect("cdrpkit_register_offence_mappings")

    def strategy(self, name: str) -> StrategySource:
        """The registered strategy called ``name``; NotFoundError lists the known ones."""
        try:
            return self.strategies[name]
        except KeyError:
            known = ", ".join(sorted(self.strategies)) or "none"
            raise NotFoundError(
                f"no strategy file or registered strategy called {shorten(name)} "
                f"(registered strategies: {known})"
            ) from None


def _normal(dist: str) -> str:
    """A distribution name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", dist).lower()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


_default: Plugins | None = None


def default_plugins() -> Plugins:
    """The plugin host the module-level API uses, made on first use."""
    global _default
    if _default is None:
        _default = Plugins()
    return _default


def reset_default_plugins() -> None:
    """Forget the default host, so the next call rediscovers installed plugins."""
    global _default
    _default = None


def resolve(plugins: Plugins | None) -> Plugins:
    """``plugins`` itself, or the default host when ``None``."""
    return plugins if plugins is not None else default_plugins()


