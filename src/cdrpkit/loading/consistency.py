"""Checks that need more than one field: references, unique ids, units, frameworks.

These run after structuring and before a strategy is handed out, so a loaded strategy
is always internally consistent: every id unique, every reference resolvable, every
unit known, every classification in a declared framework category. Judgements about
the quality of a strategy (SMART targets, arithmetic, coverage) are the checker's, not
the loader's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from cdrpkit import units
from cdrpkit.limits import shorten
from cdrpkit.model import Action, Indicator, Strategy
from cdrpkit.model.kinds import (
    BaselineThenTarget,
    DirectionTarget,
    PerEntityRecurringTarget,
    Target,
)
from cdrpkit.plugins import Plugins

LOCAL_FAMILY = "local"


def problems(strategy: Strategy, plugins: Plugins) -> Iterator[tuple[str, str]]:
    """Every ``(field path, message)`` that makes this strategy inconsistent."""
    yield from _requirements(strategy, plugins)
    indicators = _indicators(strategy, plugins)
    yield from _local_indicators(strategy, plugins)
    yield from _partnership_figures(strategy)
    yield from _unique_ids(strategy)
    yield from _references(strategy, plugins, indicators)


def _requirements(strategy: Strategy, plugins: Plugins) -> Iterator[tuple[str, str]]:
    return missing_requirements(strategy.requires, plugins)


def missing_requirements(
    requires: Mapping[str, object], plugins: Plugins
) -> Iterator[tuple[str, str]]:
    """A ``(path, message)`` for each required declaration no installed plugin makes.

    ``requires`` maps a declared name to the plugin (distribution) expected to declare it:
    an indicator family, a target kind, a check rule, a unit, a framework, a renderer or
    a reader. Works on the raw ``requires`` mapping too, so the loader can name a missing
    plugin even when a target of that plugin's kind could not be structured.
    """
    for name, plugin in requires.items():
        if name == LOCAL_FAMILY or plugins.declares(name):
            continue
        yield (
            f"requires.{name}",
            f"{_what(name)} {name!r} is not available: it comes from plugin "
            f"{plugin!r}, which is not installed (install it, for example with "
            f"'pip install {plugin}')",
        )


def _what(name: str) -> str:
    # Families are named in capitals (BVPI, PSA, LPSA2); kinds, rules and units are not.
    return "indicator family" if name.upper() == name else "declaration"


def _indicators(strategy: Strategy, plugins: Plugins) -> dict[str, Indicator]:
    from cdrpkit.context import StrategyContext

    return StrategyContext(strategy, plugins).indicators


def _local_indicators(strategy: Strategy, plugins: Plugins) -> Iterator[tuple[str, str]]:
    families = set(plugins.families) | {LOCAL_FAMILY}
    for i, indicator in enumerate(strategy.indicators):
        path = f"indicators[{i}]"
        if indicator.family not in families:
            yield f"{path}.family", _unknown("indicator family", indicator.family, families)
        if indicator.id in plugins.indicators:
            plugin = plugins.origin("cdrpkit_register_indicators", indicator.id)
            yield f"{path}.id", f"indicator {indicator.id!r} is already defined by plugin {plugin}"
        yield from _unit(indicator.unit, f"{path}.unit")


def _partnership_figures(strategy: Strategy) -> Iterator[tuple[str, str]]:
    """The population counts people and the households count households."""
    p = strategy.partnership
    for name, figure, base in (("population", p.population, "person"),
                               ("households", p.households, "household")):
        if figure is None:
            continue
        path = f"partnership.{name}.unit"
        try:
            fits = units.is_count(figure.unit) and units.compatible(figure.unit, base)
        except ValueError as exc:
            yield path, str(exc)
            continue
        if not fits:
            yield path, (f"the {name} is counted in {base}s (or kilo{base}s), "
                         f"not {shorten(figure.unit)}")


def _unique_ids(strategy: Strategy) -> Iterator[tuple[str, str]]:
    """Every id is used once across all kinds of node: themes to actions, agencies,
    groups and the strategy's own indicators (a target measuring an indicator may share
    its id: that is a reference, not a second node)."""
    p = strategy.partnership
    named: list[tuple[str, str]] = [(f"{n.path}", n.node.id) for n in strategy.walk()]
    named += [(f"partnership.agencies[{k}]", a.id) for k, a in enumerate(p.agencies)]
    named += [(f"partnership.groups[{k}]", g.id) for k, g in enumerate(p.groups)]
    seen: dict[str, str] = {}
    for path, ident in named:
        if ident in seen:
            yield f"{path}.id", f"id {shorten(ident)} is already used at {seen[ident]}"
        else:
            seen[ident] = path
    first: dict[str, int] = {}
    for k, indicator in enumerate(strategy.indicators):
        if indicator.id in first:
            yield (f"indicators[{k}].id",
                   f"id {indicator.id!r} is already used at indicators[{first[indicator.id]}]")
        first.setdefault(indicator.id, k)


def _references(
    strategy: Strategy, plugins: Plugins, indicators: dict[str, Indicator]
) -> Iterator[tuple[str, str]]:
    p = strategy.partnership
    agencies = {a.id for a in p.agencies}
    groups = {g.id for g in p.groups}
    target_ids = {n.node.id for n in strategy.targets()}
    missing_families = [f for f in strategy.requires if f not in plugins.families]
    for k, agency in enumerate(p.agencies):
        if agency.parent is not None and agency.parent not in agencies:
            yield f"partnership.agencies[{k}].parent", _unknown("agency", agency.parent, agencies)
    for k, group in enumerate(p.groups):
        if group.parent is not None and group.parent not in groups:
            yield f"partnership.groups[{k}].parent", _unknown("group", group.parent, groups)
    for t, theme in enumerate(strategy.themes):
        if theme.chair is not None and theme.chair not in agencies:
            yield f"themes[{t}].chair", _unknown("agency", theme.chair, agencies)
        for k, partner in enumerate(theme.partners):
            if partner not in agencies:
                yield f"themes[{t}].partners[{k}]", _unknown("agency", partner, agencies)
    for node in strategy.walk():
        item = node.node
        if isinstance(item, Target):
            yield from _target(item, node.path, indicators, target_ids, groups, missing_families)
        elif isinstance(item, Action):
            yield from _action(item, node.path, plugins)
        elif hasattr(item, "reports"):
            for k, ident in enumerate(item.reports):
                if ident not in indicators:
                    yield f"{node.path}.reports[{k}]", _unknown_indicator(ident, missing_families)
    for k, obs in enumerate(strategy.evidence):
        path = f"evidence[{k}]"
        if obs.indicator is not None and obs.indicator not in indicators:
            yield f"{path}.indicator", _unknown_indicator(obs.indicator, missing_families)
        if obs.target is not None and obs.target not in target_ids:
            yield f"{path}.target", _unknown("target", obs.target, target_ids)
        yield from _unit(obs.unit, f"{path}.unit")


def _target(
    target: Target,
    path: str,
    indicators: dict[str, Indicator],
    target_ids: set[str],
    groups: set[str],
    missing_families: list[str],
) -> Iterator[tuple[str, str]]:
    if target.indicator is not None and target.indicator not in indicators:
        yield f"{path}.indicator", _unknown_indicator(target.indicator, missing_families)
    if target.unit is not None:
        yield from _unit(target.unit, f"{path}.unit")
    ref = None
    if isinstance(target, BaselineThenTarget):
        ref = ("follow_on", target.follow_on)
    elif isinstance(target, DirectionTarget):
        ref = ("depends_on", target.depends_on)
    if ref and ref[1] is not None and ref[1] not in target_ids:
        yield f"{path}.{ref[0]}", _unknown("target", ref[1], target_ids)
    if isinstance(target, PerEntityRecurringTarget) and target.entity not in groups:
        yield f"{path}.entity", _unknown("group", target.entity, groups)


def _action(action: Action, path: str, plugins: Plugins) -> Iterator[tuple[str, str]]:
    frameworks = plugins.frameworks
    for k, c in enumerate(action.classifications):
        cpath = f"{path}.classifications[{k}]"
        framework = frameworks.get(c.framework)
        if framework is None:
            yield f"{cpath}.framework", _unknown("framework", c.framework, set(frameworks))
            continue
        try:
            axis = framework.axis(c.axis)
            axis.category(c.category)
        except KeyError as exc:
            yield cpath, str(exc.args[0])


def raw_unit_problems(data: object, path: str = "") -> Iterator[tuple[str, str]]:
    """Every ``unit`` in raw (unstructured) data that is not a known unit.

    Run when the data could not be structured, so a structural error elsewhere never
    hides a bad unit: the loader reports both at once.

    >>> list(raw_unit_problems({"targets": [{"unit": "ofences"}]}))[0][0]
    'targets[0].unit'
    """
    if isinstance(data, Mapping):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if key == "unit" and isinstance(value, str):
                yield from _unit(value, here)
            else:
                yield from raw_unit_problems(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from raw_unit_problems(item, f"{path}[{i}]")


def _unit(text: str, path: str) -> Iterator[tuple[str, str]]:
    try:
        units.parse_unit(text)
    except ValueError as exc:
        yield path, str(exc)


def _unknown(what: str, name: str, known: set[str]) -> str:
    listed = ", ".join(sorted(known)[:12]) + (" ..." if len(known) > 12 else "")
    return f"unknown {what} {shorten(name)} (known: {listed or 'none'})"


def _unknown_indicator(ident: str, missing_families: list[str]) -> str:
    message = (
        f"unknown indicator {shorten(ident)}: it is neither defined in this strategy's "
        "'indicators' nor by an installed plugin"
    )
    if missing_families:
        message += f" (families required but not installed: {', '.join(missing_families)})"
    return message
