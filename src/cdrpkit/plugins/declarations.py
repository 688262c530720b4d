"""Every declaration a plugin hook returns, in one module.

A plugin imports what it declares from here::

    from cdrpkit.plugins.declarations import IndicatorFamily, Indicator, Rule, TargetKind

The model's own classes that hooks also return (indicator families, indicators,
frameworks, crosswalks) are defined in :mod:`cdrpkit.model` and re-exported here, so a
plugin author has one place to look. Each declaration is a frozen attrs object; the
plugin host merges them and rejects a name declared twice, naming both plugins.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from cdrpkit.errors import PluginError
from cdrpkit.model.frameworks import Axis, Category, Crosswalk, Framework, Mapping
from cdrpkit.model.indicators import Indicator, IndicatorFamily
from cdrpkit.model.kinds.base import Target
from cdrpkit.model.validators import one_of

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.checks.runner import CheckContext, Finding
    from cdrpkit.model.tree import Strategy
    from cdrpkit.reports import ReportContext

__all__ = [
    "SEVERITIES",
    "Axis",
    "Category",
    "Crosswalk",
    "Framework",
    "Indicator",
    "IndicatorFamily",
    "Mapping",
    "OffenceMapping",
    "PartnershipFamily",
    "PluginFailure",
    "PluginInfo",
    "Reader",
    "Renderer",
    "Rule",
    "Scope",
    "Severity",
    "StrategySource",
    "TargetKind",
    "UnitDefinition",
]

Severity = Literal["error", "warning", "info"]
#: Severities of checker findings, most severe first.
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")


def _codes(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else ()


@attrs.frozen
class PartnershipFamily:
    """A named group of partnerships to compare with each other (a "family").

    ``members`` are partnership codes as the figures use them (ONS codes of Community
    Safety Partnerships, ``E22000168``). ``source`` says who formed the group and how
    (a published list, or ``cdrpkit family build`` with its variables and weights);
    ``date`` when. The Home Office's Most Similar Groups are not published openly, so
    cdrpkit ships none: a plugin or a file (``cdrpkit family build``) declares them.

    >>> f = PartnershipFamily(id="leics", name="Leicestershire districts",
    ...     members=("E22000164", "E22000165"), source="the force area", date="2019-12")
    >>> f.members
    ('E22000164', 'E22000165')
    """

    id: str
    name: str
    members: tuple[str, ...] = attrs.field(converter=_codes)
    source: str
    date: str
    method: str = ""

    @members.validator
    def _check_members(self, attribute: attrs.Attribute[tuple[str, ...]],
                       value: tuple[str, ...]) -> None:
        if len(value) < 2:
            raise ValueError(f"family {self.id!r} needs at least two members, got {value!r}")
        if len(set(value)) != len(value):
            raise ValueError(f"family {self.id!r} lists a member twice: {value!r}")


@attrs.frozen
class StrategySource:
    """A strategy a plugin makes loadable by name (``cdrpkit.load("leicester-2005")``)."""

    name: str
    path: Path = attrs.field(converter=Path)
    title: str = ""


@attrs.frozen
class PluginInfo:
    """One loaded plugin: its name, distribution version, module and the hooks it has."""

    name: str
    version: str
    module: str
    hooks: tuple[str, ...]


@attrs.frozen
class PluginFailure:
    """A plugin that failed to load or raised in a hook, by name and hook."""

    plugin: str
    version: str
    hook: str
    error: str

    def as_error(self) -> PluginError:
        """The failure as an exception, for strict mode."""
        return PluginError(self.error, plugin=self.plugin, hook=self.hook, version=self.version)



@attrs.frozen
class TargetKind:
    """A target kind as a plugin declares it: its name, class and a description."""

    name: str
    cls: type[Target]
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if not (isinstance(self.cls, type) and issubclass(self.cls, Target)):
            raise TypeError(f"target kind {self.name!r}: {self.cls!r} is not a Target class")
        if self.cls.kind != self.name:
            raise ValueError(
                f"target kind {self.name!r}: its class says kind {self.cls.kind!r}"
            )


@attrs.frozen(kw_only=True)
class Scope:
    """Which strategies a plugin's rule or renderer applies to.

    Empty (the default) means every strategy, which is what cdrpkit's own rules and
    renderers declare. ``strategies`` names strategy ids; ``families`` indicator
    families (a strategy requiring one of them, in its ``requires``, is served). A
    strategy matching either is served.

    >>> Scope().serves_all
    True
    >>> Scope(strategies=("harborough-csp-2005",)).serves("leicester-2005", ())
    False
    >>> Scope(families=("BVPI",)).serves("leicester-2005", ("BVPI", "PSA"))
    True
    """

    strategies: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    families: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @property
    def serves_all(self) -> bool:
        """Whether the scope is every strategy."""
        return not self.strategies and not self.families

    def serves(self, strategy_id: str, families: Iterable[str]) -> bool:
        """Whether a strategy with this id, requiring these families, is served."""
        if self.serves_all:
            return True
        return strategy_id in self.strategies or bool(set(self.families) & set(families))

    def serves_strategy(self, strategy: Strategy) -> bool:
        """Whether ``strategy`` is served (by its id and the families it requires)."""
        return self.serves(strategy.id, strategy.requires)

    def describe(self) -> str:
        """The scope in words, for listings ("all strategies")."""
        if self.serves_all:
            return "all strategies"
        parts = [f"strategy {s}" for s in self.strategies]
        parts += [f"strategies requiring {f}" for f in self.families]
        return ", ".join(parts)


@attrs.frozen(kw_only=True)
class UnitDefinition:
    """A unit as a plugin declares it (``cdrpkit_register_units``).

    By default the unit counts a thing of its own (a dimension named after it), like
    ``offence``: "agreements" signed, "hotspot areas" patrolled. ``reference`` and
    ``factor`` make it a multiple of a defined unit instead (``factor="12"``,
    ``reference="month"``). ``aliases`` are other spellings (plurals).

    >>> UnitDefinition(name="agreement", aliases=("agreements",)).row()
    ('agreement', '1', '[agreement]', ('agreements',))
    """

    name: str = attrs.field(validator=attrs.validators.matches_re(r"[A-Za-z][A-Za-z_]*"))
    aliases: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    reference: str = ""
    factor: str = "1"
    description: str = ""

    def row(self) -> tuple[str, str, str, tuple[str, ...]]:
        """The unit as a row of the unit table: name, factor, reference, aliases."""
        return (self.name, self.factor, self.reference or f"[{self.name}]", self.aliases)


RuleFunction = Callable[["Strategy", "CheckContext"], Iterable["Finding"]]


@attrs.frozen(kw_only=True)
class Rule:
    """A checker rule as a plugin declares it (``cdrpkit_register_checks``).

    ``severity`` is the most severe finding the rule reports; ``function(strategy,
    context)`` yields :class:`~cdrpkit.checks.Finding` objects with ``rule`` set to ``id``.
    ``applies_to`` says which strategies the rule checks: every strategy by default; a
    partnership's plugin scopes its rules to its own strategy, so installing it never
    adds findings to anyone else's check.
    """

    id: str
    severity: Severity = attrs.field(validator=one_of(SEVERITIES))
    title: str
    description: str
    function: RuleFunction
    applies_to: Scope = attrs.field(factory=Scope)


@attrs.frozen
class Reader:
    """A reader of observation files, as a plugin declares it (``cdrpkit_register_readers``).

    ``function(path)`` returns a DataFrame of the raw table, all cells as read, with the
    file's line number of each row in a ``line`` column when it has one (header = 1).
    """

    name: str
    suffixes: tuple[str, ...]
    function: Callable[[Path], pd.DataFrame]
    description: str = ""


@attrs.frozen
class Renderer:
    """A report renderer as a plugin declares it (``cdrpkit_register_renderers``).

    ``function(context, path)`` writes one file from a
    :class:`~cdrpkit.reports.ReportContext`. ``applies_to`` says which strategies'
    reports it writes by default (every strategy unless scoped); a report of strategies
    it does not serve leaves it out unless it is asked for by name.
    """

    name: str
    suffix: str
    function: Callable[[ReportContext, Path], None]
    description: str = ""
    applies_to: Scope = attrs.field(factory=Scope, kw_only=True)


_MAPPING_SOURCES = ("home-office", "police-uk")
_CERTAINTIES = ("stated", "inferred")


def _iso_date(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    import datetime

    if value is not None:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{attribute.name} {value!r} is not an ISO date (2017-04-01)"
                             ) from None


@attrs.frozen(kw_only=True)
class OffenceMapping:
    """How an indicator is built from ingested figures, as the offence-code registry says.

    Declared through ``cdrpkit_register_offence_mappings``. ``codes`` are ingested
    indicator ids (``ho-28A``, ``policeuk-robbery``) whose figures add up to
    ``indicator`` for periods that end on or after ``valid_from`` and start on or before
    ``valid_to`` (ISO dates; ``None`` is open). ``available=False`` says the ``source``
    cannot give the indicator, and ``reason`` says why. ``measure`` is ``value`` when the
    sum is the indicator itself and ``numerator`` when it is only the count on top of a
    rate (the rate needs a denominator the figures do not carry). ``certainty`` is
    ``stated`` when ``reference`` says so in as many words, ``inferred`` when we read it so.

    >>> m = OffenceMapping(id="robbery/home-office", indicator="robbery",
    ...     source="home-office", codes=("ho-34A", "ho-34B"),
    ...     reference="Home Office offence codes", certainty="stated")
    >>> m.valid_for("2017-04-01", "2017-06-30")
    True
    """

    id: str
    indicator: str
    source: str = attrs.field(validator=one_of(_MAPPING_SOURCES))
    codes: tuple[str, ...] = ()
    valid_from: str | None = attrs.field(default=None, validator=_iso_date)
    valid_to: str | None = attrs.field(default=None, validator=_iso_date)
    reference: str
    certainty: str = attrs.field(validator=one_of(_CERTAINTIES))
    available: bool = True
    reason: str = ""
    measure: str = attrs.field(default="value", validator=one_of(("value", "numerator")))
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.available and not self.codes:
            raise ValueError(f"offence mapping {self.id!r}: available, but names no codes")
        if not self.available and not self.reason:
            raise ValueError(f"offence mapping {self.id!r}: unavailable needs a reason")

    def valid_for(self, start: str, end: str) -> bool:
        """Whether the mapping holds for a period from ``start`` to ``end`` (ISO dates)."""
        return (self.valid_from is None or end >= self.valid_from) and (
            self.valid_to is None or start <= self.valid_to)
