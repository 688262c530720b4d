"""Numbers with provenance: a figure a document states, and evidence for one period."""

from __future__ import annotations

from typing import Literal

import attrs

from cdrpkit.model.validators import fraction, not_negative, one_of
from cdrpkit.periods import Period


@attrs.frozen(kw_only=True)
class Figure:
    """A number a document states, with its unit, period and source.

    >>> Figure(value=283_900, unit="person", source="ONS 2003 mid-year estimate").value
    283900
    """

    value: float = attrs.field(validator=not_negative)
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
        default="stated", validator=one_of(("stated", "illustrative", "actual"))
    )
    #: The period a progress figure is compared with ("4,992 crimes = 0.6% reduction" on
    #: the year before): ``None`` when the document names none.
    compared_with: Period | None = None
    #: The change the document states against ``compared_with``, signed (-0.006).
    change: float | None = attrs.field(default=None, validator=fraction)

    def __attrs_post_init__(self) -> None:
        if self.indicator is None and self.target is None and self.description is None:
            raise ValueError("an observation needs an indicator, a target or a description")

