"""Who: the partnership, its member agencies and its groups."""

from __future__ import annotations

from typing import Literal

import attrs

from cdrpkit.model.figures import Figure
from cdrpkit.model.validators import identifier, non_empty, not_negative, one_of, ons_codes

AgencyRole = Literal["statutory", "strategic", "other"]

_ROLES = ("statutory", "strategic", "other")


@attrs.frozen(kw_only=True)
class Agency:
    """A member agency, or a department of one (``parent`` names the agency).

    ``role`` is the agency's standing in the partnership as the document puts it:
    ``statutory`` (a responsible authority under the Crime and Disorder Act 1998),
    ``strategic`` (a member of the strategic group by invitation) or ``other``.
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    role: AgencyRole = attrs.field(default="other", validator=one_of(_ROLES))
    kind: str | None = None
    parent: str | None = None
    note: str | None = None


@attrs.frozen(kw_only=True)
class Group:
    """A body of the partnership: strategic group, delivery group, local action group...

    ``count`` is for a kind of group that exists several times (9 Local Action Groups).
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    kind: str | None = None
    count: int | None = attrs.field(default=None, validator=not_negative)
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

    priority: str = attrs.field(validator=non_empty)
    total: int = attrs.field(validator=not_negative)
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
    """The partnership (or council) whose strategy this is.

    ``ons_codes`` are the ONS codes of the areas whose ingested figures are the
    partnership's (its Community Safety Partnership code, ``E22000168``): figures under
    any of them reach its targets (:func:`cdrpkit.ingest.figures_for`).
    """

    id: str = attrs.field(validator=identifier)
    name: str = attrs.field(validator=non_empty)
    kind: str | None = None
    area: str | None = None
    formed: int | None = None
    population: Figure | None = None
    households: Figure | None = None
    agencies: tuple[Agency, ...] = ()
    groups: tuple[Group, ...] = ()
    ons_codes: tuple[str, ...] = attrs.field(default=(), validator=ons_codes)
    note: str | None = None

