"""What is measured: indicator families (regimes) and their indicators."""

from __future__ import annotations

from typing import Literal

import attrs

from cdrpkit.model.validators import identifier, non_empty, one_of

Polarity = Literal["higher_is_better", "lower_is_better", "neither"]

_POLARITIES = ("higher_is_better", "lower_is_better", "neither")


@attrs.frozen(kw_only=True)
class IndicatorFamily:
    """A regime of indicators (BVPI, PSA, LPSA2, or a partnership's local set)."""

    id: str = attrs.field(validator=identifier)
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

    id: str = attrs.field(validator=identifier)
    family: str
    title: str = attrs.field(validator=non_empty)
    unit: str
    polarity: Polarity = attrs.field(validator=one_of(_POLARITIES))
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

