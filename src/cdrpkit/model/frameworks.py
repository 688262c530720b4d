"""Intervention frameworks, their axes and categories, crosswalks, and classifications."""

from __future__ import annotations

from typing import Literal

import attrs

from cdrpkit.limits import shorten
from cdrpkit.model.validators import identifier, source

Source = Literal["stated", "inferred"]


@attrs.frozen(kw_only=True)
class Category:
    """One category of a framework axis (``prevention``, ``secondary``...)."""

    id: str = attrs.field(validator=identifier)
    title: str
    description: str = ""


@attrs.frozen(kw_only=True)
class Axis:
    """One dimension along which a framework classifies actions."""

    id: str = attrs.field(validator=identifier)
    title: str
    categories: tuple[Category, ...]

    def category(self, category_id: str) -> Category:
        """The category with this id; ``KeyError`` naming the known ones otherwise."""
        for c in self.categories:
            if c.id == category_id:
                return c
        known = ", ".join(c.id for c in self.categories)
        raise KeyError(
            f"unknown category {shorten(category_id)} of axis {self.id!r} (known: {known})"
        )


@attrs.frozen(kw_only=True)
class Framework:
    """A way of classifying interventions, with one axis or more.

    The three-pronged approach has one axis (prevention, enforcement, rehabilitation);
    the stage-and-method framework has two (stage, method).
    """

    id: str = attrs.field(validator=identifier)
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
        raise KeyError(f"framework {self.id!r} has no axis {shorten(axis_id)} (axes: {names})")


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
    source: Source = attrs.field(default="inferred", validator=source)
    when: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Crosswalk:
    """How the categories of one framework axis land on another's, with reasons."""

    id: str = attrs.field(validator=identifier)
    source_framework: str
    source_axis: str
    target_framework: str
    target_axis: str
    mappings: tuple[Mapping, ...]
    description: str = ""



@attrs.frozen(kw_only=True)
class Classification:
    """An action placed in one category of one framework axis.

    ``source`` keeps the document's words apart from our judgement: ``stated`` when the
    document itself puts the action there, ``inferred`` when we did; ``note`` gives why.
    """

    framework: str
    category: str
    axis: str | None = None
    source: Source = attrs.field(default="inferred", validator=source)
    note: str | None = None

