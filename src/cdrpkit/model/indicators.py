"""What is measured: indicator families (regimes) and their indicators."""

from __future__ import annotations

import math
from typing import Any, Literal

import attrs

from cdrpkit.model.validators import identifier, non_empty, one_of

Polarity = Literal["higher_is_better", "lower_is_better", "neither"]

_POLARITIES = ("higher_is_better", "lower_is_better", "neither")
# How far four quarter weights may miss 1 in total (they are often printed to 2-3 places).
_PROFILE_TOLERANCE = 1e-6


def _dispersion(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and not (math.isfinite(value) and value >= 1):
        raise ValueError(
            f"{attribute.name} is a dispersion factor, a finite number of 1 or more (1 means "
            f"Poisson variation, 4 twice as wide intervals); got {value}"
        )


def _seasonal_profile(
    _inst: object, attribute: attrs.Attribute[Any], value: tuple[float, ...] | None
) -> None:
    if value is None:
        return
    if len(value) != 4:
        raise ValueError(
            f"{attribute.name} needs four quarter weights, Q1 to Q4; got {len(value)}: "
            f"{list(value)}"
        )
    if not all(math.isfinite(w) and w >= 0 for w in value):
        raise ValueError(
            f"{attribute.name} weights must be finite and zero or more; got {list(value)}"
        )
    total = math.fsum(value)
    if abs(total - 1) > _PROFILE_TOLERANCE:
        raise ValueError(
            f"{attribute.name} weights are the shares of the year in Q1 to Q4 and must sum "
            f"to 1; {list(value)} sums to {total:g}"
        )


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

    ``dispersion`` (optional, a finite number of 1 or more) states how much more than a
    Poisson count the indicator's counts vary: intervals for it are widened by
    sqrt(dispersion) (see :func:`cdrpkit.stats.count_interval`). ``seasonal_profile``
    (optional) gives the shares of a year's count expected in Q1 to Q4 of the financial
    year, four weights of zero or more summing to 1; without it, each quarter expects a
    quarter of the year (see :func:`cdrpkit.stats.quarterly_profile` to estimate one).

    >>> burglary = Indicator(id="burglary", family="local", title="Domestic burglary",
    ...                      unit="offence", polarity="lower_is_better", dispersion=1.8,
    ...                      seasonal_profile=(0.22, 0.23, 0.27, 0.28))
    >>> burglary.seasonal_profile
    (0.22, 0.23, 0.27, 0.28)
    >>> Indicator(id="x", family="local", title="X", unit="offence",
    ...           polarity="neither", seasonal_profile=(0.3, 0.3, 0.3, 0.3))
    Traceback (most recent call last):
    ...
    ValueError: seasonal_profile weights ... must sum to 1; [0.3, 0.3, 0.3, 0.3] sums to 1.2
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
    dispersion: float | None = attrs.field(default=None, validator=_dispersion)
    seasonal_profile: tuple[float, ...] | None = attrs.field(
        default=None, validator=_seasonal_profile
    )

    @property
    def higher_is_better(self) -> bool | None:
        """``True``/``False`` by polarity, ``None`` when neither direction is better."""
        polarity = self.polarity
        if polarity == "higher_is_better":
            return True
        return False if polarity == "lower_is_better" else None

