"""The strategy tree: strategy, themes, priorities, objectives, targets and actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from cdrpkit.model.figures import Observation
from cdrpkit.model.frameworks import Classification
from cdrpkit.model.indicators import Indicator
from cdrpkit.model.kinds import Target
from cdrpkit.model.partnership import Partnership, PriorityShare
from cdrpkit.model.validators import identifier, non_empty
from cdrpkit.periods import Period


@attrs.frozen(kw_only=True)
class Action:
    """Something the partnership will do, in the document's words, with its lead."""

    id: str = attrs.field(validator=identifier)
    text: str = attrs.field(validator=non_empty)
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

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_empty)
    targets: tuple[Target, ...] = ()
    actions: tuple[Action, ...] = ()
    reports: tuple[str, ...] = ()
    lead: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Priority:
    """A priority within a theme, with the objectives that serve it."""

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_empty)
    objectives: tuple[Objective, ...] = ()
    issues: str | None = None
    done_so_far: tuple[str, ...] = ()
    note: str | None = None


@attrs.frozen(kw_only=True)
class Theme:
    """A theme: its aim, chair agency, key partners and priorities."""

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_empty)
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

    id: str = attrs.field(validator=identifier)
    title: str = attrs.field(validator=non_empty)
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

    def themed_targets(self) -> tuple[list[Theme | None], list[Target]]:
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
