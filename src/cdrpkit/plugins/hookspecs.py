"""The hook specifications: the whole contract between cdrpkit and its plugins.

A plugin is a module (or object) with functions named after these hooks and marked with
:data:`cdrpkit.hookimpl`, exposed through an entry point in the ``cdrpkit`` group of its
distribution::

    [project.entry-points.cdrpkit]
    my_partnership = "my_partnership.plugin"

Every hook is a ``cdrpkit_register_<things>()`` that returns a list of declarations
(attrs objects). The plugin never mutates cdrpkit: the core merges what every plugin
declares, rejects a name declared twice (naming both plugins), and does all the
registering itself. Hooks take no arguments, so they may be called in any order.

Import heavy modules (pandas, scipy) inside the functions a declaration points to, not
at the top of the plugin module: ``cdrpkit --help`` loads every plugin.

Our own frameworks, target kinds, checks, readers, renderers and indicator families are
plugins declared through exactly these hooks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from cdrpkit.plugins.declarations import (
        Crosswalk,
        Framework,
        Indicator,
        IndicatorFamily,
        OffenceMapping,
        PartnershipFamily,
        Reader,
        Renderer,
        Rule,
        StrategySource,
        TargetKind,
        UnitDefinition,
    )

PROJECT = "cdrpkit"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def cdrpkit_register_indicator_families() -> list[IndicatorFamily]:  # type: ignore[empty-body]
    """Declare indicator families (regimes): BVPI, PSA, LPSA2, a partnership's local set.

    :return: a list of :class:`cdrpkit.model.IndicatorFamily`.

    A family's ``id`` is what strategies name in ``requires`` and what each
    :class:`~cdrpkit.model.Indicator` names in ``family``. Two plugins declaring the same
    family id is an error that names both.

    .. versionadded:: 0.1
    """


@hookspec
def cdrpkit_register_indicators() -> list[Indicator]:  # type: ignore[empty-body]
    """Declare indicators: id, family, title, unit, polarity, numerator and denominator.

    :return: a list of :class:`cdrpkit.model.Indicator`.

    An indicator's family must be declared by some plugin. Indicator ids are global:
    ``BV126`` means one thing whichever strategy uses it. A strategy may define its own
    local indicators in its file instead.

    .. versionadded:: 0.1
    """


@hookspec
def cdrpkit_register_frameworks() -> list[Framework]:  # type: ignore[empty-body]
    """Declare intervention frameworks: their axes and the categories of each axis.

    :return: a list of :class:`cdrpkit.model.Framework`.

    Built in: ``three-pronged``, ``stage-and-method``, ``ppo-strands`` and
    ``problem-analysis-triangle``. An action's classification is checked against these.

    .. versionadded:: 0.1
    """


@hookspec
def cdrpkit_register_crosswalks() -> list[Crosswalk]:  # type: ignore[empty-body]
    """Declare crosswalks: how one framework axis's categories land on another's.

    :return: a list of :class:`cdrpkit.model.Crosswalk`.

    Each mapping carries its rationale and is ``inferred`` unless a source states it.
    A user replaces ours by declaring a crosswalk with the same id from their own
    plugin and blocking ours (see :ref:`plugin discovery <plugin-discovery>`).

    .. versionadded:: 0.1
    """


@hookspec
def cdrpkit_register_partnership_families() -> list[PartnershipFamily]:  # type: ignore[empty-body]
    """Declare families of partnerships: groups to compare with each other in a funnel plot.

    :return: a list of :class:`cdrpkit.plugins.declarations.PartnershipFamily`: an id, a
        name, the member partnerships' codes, the source and the date of the grouping.

    ``cdrpkit peers --family ID`` compares a family's members around the family's rate.
    Declare only groupings that a source gives or that a stated method forms (see
    ``cdrpkit family build``); say which in ``source``.

    .. versionadded:: 0.2
    """


@hookspec
def cdrpkit_register_target_kinds() -> list[TargetKind]:  # type: ignore[empty-body]
    """Declare target kinds: the ``kind:`` a strategy file may give a target.

    :return: a list of :class:`cdrpkit.plugins.declarations.TargetKind`, each naming a frozen attrs
        subclass of :class:`cdrpkit.model.kinds.Target` whose ``kind`` class variable is the
        kind's name.

    The loader structures a target mapping into the class its ``kind`` names, so a
    plugin's kind gets the same error messages and JSON Schema as ours.

    .. versionadded:: 0.1
    """


@hookspec
def cdrpkit_register_strategies() -> list[StrategySource]:  # type: ignore[empty-body]
    """Declare strategies by name, so ``cdrpkit.load("leicester-2005")`` finds them.

    :return: a list of :class:`cdrpkit.plugins.declarations.StrategySource`: a name, a title and the
        path of the strategy file or directory (usually inside the plugin's package,
        found with :func:`importlib.resources.files`).

    .. versionadded:: 0.1
    """


@hookspec
def cdrpkit_register_checks() -> list[Rule]:  # type: ignore[empty-body]
    """Declare checker rules.

    :return: a list of :class:`cdrpkit.plugins.declarations.Rule`: an id, a default
        severity, a title and a function ``rule(strategy, context) -> Iterable[Finding]``.

    Users can switch any rule off by id. A rule's ``applies_to``
    (:class:`~cdrpkit.plugins.declarations.Scope`) says which strategies it checks: every
    strategy by default; a partnership's plugin names its own strategy, so its rules never
    join another partnership's check.

    .. versionadded:: 0.1
    .. versionchanged:: 0.2 ``applies_to``.
    """


@hookspec
def cdrpkit_register_readers() -> list[Reader]:  # type: ignore[empty-body]
    """Declare readers of actual figures (observations).

    :return: a list of :class:`cdrpkit.plugins.declarations.Reader`: a name, the file suffixes it
        reads, and a function from a path to a long-format DataFrame.

    .. versionadded:: 0.1
    """


@hookspec
def cdrpkit_register_renderers() -> list[Renderer]:  # type: ignore[empty-body]
    """Declare report renderers (HTML, Excel, Markdown, terminal...).

    :return: a list of :class:`cdrpkit.plugins.declarations.Renderer`: a name, a file suffix and a
        function that writes a report.

    A renderer's ``applies_to`` says which strategies' reports it writes by default; a
    report of strategies it does not serve leaves it out unless it is named.

    .. versionadded:: 0.1
    .. versionchanged:: 0.2 ``applies_to``.
    """


@hookspec
def cdrpkit_register_units() -> list[UnitDefinition]:  # type: ignore[empty-body]
    """Declare units a strategy may use beyond cdrpkit's own table.

    :return: a list of :class:`cdrpkit.plugins.declarations.UnitDefinition`: a name, other
        spellings, and what it is (a counted thing of its own by default, or a multiple
        of a defined unit).

    The core adds them to its one unit table (both the light parser and the pint
    registry) before a strategy is loaded, so ``unit: agreement`` is checked like
    ``unit: offence``. A name already defined with another meaning is the declaring
    plugin's failure. The JSON Schema lists declared units among a ``unit``'s examples.

    .. versionadded:: 0.2
    """


@hookspec
def cdrpkit_register_offence_mappings() -> list[OffenceMapping]:  # type: ignore[empty-body]
    """Declare the offence-code registry: indicators built from ingested figures.

    :return: a list of :class:`cdrpkit.plugins.declarations.OffenceMapping`: an id, the
        indicator it builds (``domestic-burglary``, ``BV126``), the source (``home-office``
        or ``police-uk``), the ingested indicator ids that add up to it (``ho-28A`` ...
        ``ho-28D``), the dates it is valid between, the reference it comes from and its
        certainty (``stated`` or ``inferred``).

    A mapping with ``available=False`` says a source cannot give an indicator, with the
    reason (police.uk "Burglary" mixes domestic and non-domestic burglary); strategies
    asking for it are told that reason instead of being compared with unlike figures
    (:func:`cdrpkit.ingest.figures_for`). Ours is the ``offences`` built-in plugin; the
    recoding of April 2017 (28A-28D into 28E-28H) is two mappings with their dates.

    .. versionadded:: 0.2
    """
