"""The core model: a strategy as a tree of frozen attrs objects.

The model knows nothing of files, pandas or the command line. Readers build it, checkers,
assessors and renderers read it. Every collection is a tuple, every object is frozen and
compares by value, so two loads of the same file give equal strategies.

The tree is::

    Strategy
      partnership: Partnership (agencies, groups, population, households)
      objectives: cross-cutting partnership objectives (or a plan's objectives, with no theme)
      themes > priorities > objectives > targets and actions

Target kinds live in :mod:`cdrpkit.targets`; they are plugins like any other.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

import attrs

from cdrpkit.periods import Period
from cdrpkit.targets import Target

AgencyRole = Literal["statutory", "strategic", "other"]
Source = Literal["stated", "inferred"]
Polarity = Literal["higher_is_better", "lower_is_better", "neither"]

_ROLES = ("statutory", "strategic", "other")
_SOURCES = ("stated", "inferred")
_POLARITIES = ("higher_is_better", "lower_is_better", "neither")


def _non_empty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value or not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def _identifier(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    # ids appear in paths, URLs and command lines: keep them to one safe token.
    if not value or any(c.isspace() for c in value) or "/" in value:
        raise ValueError(
            f"{attribute.name} {value!r} must be one word without spaces or '/', "
            "for example 'violent-crime' or 'BV126'"
        )


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
        if value not in choices:
            raise ValueError(f"{attribute.name} {value!r} must be one of: {', '.join(choices)}")

    return check


def _not_negative(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative (got {value})")


# --- numbers with provenance -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Figure:
    """A number a document states, with its unit, period and source.

    >>> Figure(value=283_900, unit="person", source="ONS 2003 mid-year estimate").value
    283900
    """

    value: float = attrs.field(validator=_not_negative)
    unit: str
    period: Period | None = None
    source: str | None = None


@attrs.frozen(kw_only=True)
class Observation:
    """One figure for one period: evidence a document gives, or an actual to monitor.

    ``indicator`` or ``target`` says what was measured. ``status`` keeps a document's
    figures apart from anything we made up: ``stated`` figures are the document's own,
    ``illustrative`` ones are generated and must be labelled wherever they are shown.
    ``source`` gives the provenance: section and sentence for a document's figure.
    """

    period: Period
    value: float
    unit: str
    source: str
    indicator: str | None = None
    target: str | None = None
    description: str | None = None
    status: Literal["stated", "illustrative", "actual"] = attrs.field(
        default="stated", validator=_one_of(("stated", "illustrative", "actual"))
    )

    def __attrs_post_init__(self) -> None:
        if self.indicator is None and self.target is None and self.description is None:
            raise ValueError("an observation needs an indicator, a target or a description")


# --- who: agencies, groups, the partnership ----------------------------------------------


@attrs.frozen(kw_only=True)
class Agency:
    """A member agency, or a department of one (``parent`` names the agency).

    ``role`` is the agency's standing in the partnership as the document puts it:
    ``statutory`` (a responsible authority under the Crime and Disorder Act 1998),
    ``strategic`` (a member of the strategic group by invitation) or ``other``.
    """

    id: str = attrs.field(validator=_identifier)
    name: str = attrs.field(validator=_non_empty)
    role: AgencyRole = attrs.field(default="other", validator=_one_of(_ROLES))
    kind: str | None = None
    parent: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Group:
    """A body of the partnership: strategic group, delivery group, local action group...

    ``count`` is for a kind of group that exists several times (9 Local Action Groups).
    """

    id: str = attrs.field(validator=_identifier)
    name: str = attrs.field(validator=_non_empty)
    kind: str | None = None
    count: int | None = attrs.field(default=None, validator=_not_negative)
    parent: str | None = None
    chair: str | None = None
    members: tuple[str, ...] = ()
    responsibilities: tuple[str, ...] = ()
    meets: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class PriorityShare:
    """A row of a table of shared priorities (which members hold a priority).

    ``marks`` maps a member's id to ``True``/``False``, or ``None`` where the document no
    longer says (the county plan's table lost its ticks; only its totals survive).
    """

    priority: str = attrs.field(validator=_non_empty)
    total: int = attrs.field(validator=_not_negative)
    marks: dict[str, bool | None] = attrs.field(factory=dict)

    def __attrs_post_init__(self) -> None:
        known = sum(1 for m in self.marks.values() if m)
        unknown = sum(1 for m in self.marks.values() if m is None)
        if self.marks and not known <= self.total <= known + unknown:
            raise ValueError(
                f"total {self.total} does not agree with the marks "
                f"({known} ticked, {unknown} unknown)"
            )


@attrs.frozen(kw_only=True)
class Partnership:
    """The partnership (or council) whose strategy this is."""

    id: str = attrs.field(validator=_identifier)
    name: str = attrs.field(validator=_non_empty)
    kind: str | None = None
    area: str | None = None
    formed: int | None = None
    population: Figure | None = None
    households: Figure | None = None
    agencies: tuple[Agency, ...] = ()
    groups: tuple[Group, ...] = ()
    note: str | None = None


# --- what: indicators and frameworks -----------------------------------------------------


@attrs.frozen(kw_only=True)
class IndicatorFamily:
    """A regime of indicators (BVPI, PSA, LPSA2, or a partnership's local set)."""

    id: str = attrs.field(validator=_identifier)
    title: str
    description: str = ""
    source: str | None = None


@attrs.frozen(kw_only=True)
class Indicator:
    """Something measured: an id, its family, unit and polarity, and how it is computed.

    A rate is ``numerator`` per ``per`` of ``denominator`` (BV126: domestic burglaries
    per 1,000 households). ``members`` lists the ids an aggregate is made of (a basket of
    offence groups); ``checklist`` the points of a checklist indicator (BV225);
    ``maps_to`` the ids of other indicators this one measures the same thing as.
    ``certainty`` says how far the definition has been checked against its source.
    """

    id: str = attrs.field(validator=_identifier)
    family: str
    title: str = attrs.field(validator=_non_empty)
    unit: str
    polarity: Polarity = attrs.field(validator=_one_of(_POLARITIES))
    numerator: str | None = None
    denominator: str | None = None
    per: int | None = None
    period_type: Literal["financial_year", "calendar_year", "point_in_time"] = "financial_year"
    description: str = ""
    source: str | None = None
    certainty: Literal["verified", "source", "unverified"] = "unverified"
    members: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    maps_to: tuple[str, ...] = ()

    @property
    def higher_is_better(self) -> bool | None:
        """``True``/``False`` by polarity, ``None`` when neither direction is better."""
        polarity = self.polarity
        if polarity == "higher_is_better":
            return True
        return False if polarity == "lower_is_better" else None


@attrs.frozen(kw_only=True)
class Category:
    """One category of a framework axis (``prevention``, ``secondary``...)."""

    id: str = attrs.field(validator=_identifier)
    title: str
    description: str = ""


@attrs.frozen(kw_only=True)
class Axis:
    """One dimension along which a framework classifies actions."""

    id: str = attrs.field(validator=_identifier)
    title: str
    categories: tuple[Category, ...]

    def category(self, category_id: str) -> Category:
        """The category with this id; ``KeyError`` naming the known ones otherwise."""
        for c in self.categories:
            if c.id == category_id:
                return c
        known = ", ".join(c.id for c in self.categories)
        raise KeyError(f"unknown category {category_id!r} of axis {self.id!r} (known: {known})")


@attrs.frozen(kw_only=True)
class Framework:
    """A way of classifying interventions, with one axis or more.

    The three-pronged approach has one axis (prevention, enforcement, rehabilitation);
    the stage-and-method framework has two (stage, method).
    """

    id: str = attrs.field(validator=_identifier)
    title: str
    axes: tuple[Axis, ...]
    description: str = ""
    source: str | None = None

    def axis(self, axis_id: str | None = None) -> Axis:
        """The axis with this id, or the only axis when ``axis_id`` is ``None``."""
        if axis_id is None:
            if len(self.axes) != 1:
                names = ", ".join(a.id for a in self.axes)
                raise KeyError(f"framework {self.id!r} has several axes ({names}): name one")
            return self.axes[0]
        for a in self.axes:
            if a.id == axis_id:
                return a
        names = ", ".join(a.id for a in self.axes)
        raise KeyError(f"framework {self.id!r} has no axis {axis_id!r} (axes: {names})")


@attrs.frozen(kw_only=True)
class Mapping:
    """One mapping of a crosswalk: a category of one framework read as one of another.

    ``when`` narrows the mapping for a framework with several axes: the action must also
    be in these categories of the source framework's other axes (``{"stage": "tertiary"}``
    with ``source_category`` ``social`` on the method axis). The most specific mapping
    that matches an action wins.
    """

    source_category: str
    target_category: str
    rationale: str
    source: Source = attrs.field(default="inferred", validator=_one_of(_SOURCES))
    when: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Crosswalk:
    """How the categories of one framework axis land on another's, with reasons."""

    id: str = attrs.field(validator=_identifier)
    source_framework: str
    source_axis: str
    target_framework: str
    target_axis: str
    mappings: tuple[Mapping, ...]
    description: str = ""


# --- the strategy tree -------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Classification:
    """An action placed in one category of one framework axis.

    ``source`` keeps the document's words apart from our judgement: ``stated`` when the
    document itself puts the action there, ``inferred`` when we did; ``note`` gives why.
    """

    framework: str
    category: str
    axis: str | None = None
    source: Source = attrs.field(default="inferred", validator=_one_of(_SOURCES))
    note: str | None = None


@attrs.frozen(kw_only=True)
class Action:
    """Something the partnership will do, in the document's words, with its lead."""

    id: str = attrs.field(validator=_identifier)
    text: str = attrs.field(validator=_non_empty)
    lead: str | None = None
    partners: tuple[str, ...] = ()
    classifications: tuple[Classification, ...] = ()
    deadline: Period | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Objective:
    """An objective with its targets and actions.

    ``reports`` lists indicators the document says the objective reports on without
    setting a number (the county plan's BVPIs per objective).
    """

    id: str = attrs.field(validator=_identifier)
    title: str = attrs.field(validator=_non_empty)
    targets: tuple[Target, ...] = ()
    actions: tuple[Action, ...] = ()
    reports: tuple[str, ...] = ()
    lead: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Priority:
    """A priority within a theme, with the objectives that serve it."""

    id: str = attrs.field(validator=_identifier)
    title: str = attrs.field(validator=_non_empty)
    objectives: tuple[Objective, ...] = ()
    issues: str | None = None
    done_so_far: tuple[str, ...] = ()
    note: str | None = None


@attrs.frozen(kw_only=True)
class Theme:
    """A theme: its aim, chair agency, key partners and priorities."""

    id: str = attrs.field(validator=_identifier)
    title: str = attrs.field(validator=_non_empty)
    aim: str | None = None
    chair: str | None = None
    partners: tuple[str, ...] = ()
    priorities: tuple[Priority, ...] = ()
    objectives: tuple[Objective, ...] = ()
    note: str | None = None


@attrs.frozen(kw_only=True)
class Node:
    """Where a node sits: its path in the strategy and its place in the hierarchy."""

    path: str
    node: Any
    theme: Theme | None = None
    priority: Priority | None = None
    objective: Objective | None = None


@attrs.frozen(kw_only=True)
class Strategy:
    """A partnership's strategy: the root of the model.

    ``requires`` maps each indicator family the strategy uses to the plugin
    (distribution) expected to provide it, so a missing plugin is named, not guessed.
    """

    id: str = attrs.field(validator=_identifier)
    title: str = attrs.field(validator=_non_empty)
    partnership: Partnership
    first_year: Period | None = None
    last_year: Period | None = None
    published: Period | None = None
    requires: dict[str, str] = attrs.field(factory=dict)
    indicators: tuple[Indicator, ...] = ()
    objectives: tuple[Objective, ...] = ()
    themes: tuple[Theme, ...] = ()
    priority_analysis: tuple[PriorityShare, ...] = ()
    evidence: tuple[Observation, ...] = ()
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.first_year and self.last_year and self.last_year < self.first_year:
            raise ValueError(
                f"last_year {self.last_year} is before first_year {self.first_year}"
            )

    # Walking the tree is cheap and the tree is small, so nothing is cached: a frozen
    # object with a cache would need care to stay hashable and equal.
    def walk(self) -> Iterator[Node]:
        """Every theme, priority, objective, target and action, with its path.

        >>> from cdrpkit.model import Partnership, Strategy
        >>> s = Strategy(id="demo", title="Demo",
        ...              partnership=Partnership(id="p", name="Demo partnership"))
        >>> list(s.walk())
        []
        """
        for i, obj in enumerate(self.objectives):
            yield from _walk_objective(obj, f"objectives[{i}]", None, None)
        for t, theme in enumerate(self.themes):
            tp = f"themes[{t}]"
            yield Node(path=tp, node=theme, theme=theme)
            for i, obj in enumerate(theme.objectives):
                yield from _walk_objective(obj, f"{tp}.objectives[{i}]", theme, None)
            for p, prio in enumerate(theme.priorities):
                pp = f"{tp}.priorities[{p}]"
                yield Node(path=pp, node=prio, theme=theme, priority=prio)
                for i, obj in enumerate(prio.objectives):
                    yield from _walk_objective(obj, f"{pp}.objectives[{i}]", theme, prio)

    def targets(self) -> Iterator[Node]:
        """Every target with its path and hierarchy, in document order."""
        return (n for n in self.walk() if isinstance(n.node, Target))

    def _themed_targets(self) -> tuple[list[Theme | None], list[Target]]:
        """Every target and its theme, in the order of :meth:`walk`, without the paths.

        For whole-table work (the assessment) where building a Node per target costs
        more than the rest of reading it.
        """
        themes: list[Theme | None] = []
        targets: list[Target] = []
        for obj in self.objectives:
            themes.extend([None] * len(obj.targets))
            targets.extend(obj.targets)
        for theme in self.themes:
            for obj in (*theme.objectives,
                        *(o for prio in theme.priorities for o in prio.objectives)):
                themes.extend([theme] * len(obj.targets))
                targets.extend(obj.targets)
        return themes, targets

    def actions(self) -> Iterator[Node]:
        """Every action with its path and hierarchy, in document order."""
        return (n for n in self.walk() if isinstance(n.node, Action))

    def find(self, node_id: str) -> Node:
        """The node with this id; :class:`~cdrpkit.errors.NotFoundError` otherwise."""
        from cdrpkit.errors import NotFoundError

        for n in self.walk():
            if n.node.id == node_id:
                return n
        raise NotFoundError(f"strategy {self.id!r} has nothing with id {node_id!r}")

    def targets_frame(self) -> Any:
        """One row per target (a pandas DataFrame); see :func:`cdrpkit.frames.targets_frame`."""
        from cdrpkit.frames import targets_frame

        return targets_frame(self)

    def actions_frame(self) -> Any:
        """One row per action and classification; see :func:`cdrpkit.frames.actions_frame`."""
        from cdrpkit.frames import actions_frame

        return actions_frame(self)


def _walk_objective(
    obj: Objective, path: str, theme: Theme | None, prio: Priority | None
) -> Iterator[Node]:
    yield Node(path=path, node=obj, theme=theme, priority=prio, objective=obj)
    for k, target in enumerate(obj.targets):
        yield Node(
            path=f"{path}.targets[{k}]", node=target, theme=theme, priority=prio, objective=obj
        )
    for k, action in enumerate(obj.actions):
        yield Node(
            path=f"{path}.actions[{k}]", node=action, theme=theme, priority=prio, objective=obj
        )
