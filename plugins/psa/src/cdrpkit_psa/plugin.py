"""The entry point of the PSA family: declares the family and its indicators."""

from __future__ import annotations

from cdrpkit import hookimpl
from cdrpkit.model import Indicator, IndicatorFamily
from cdrpkit_psa.definitions import FAMILY, INDICATORS


@hookimpl
def cdrpkit_register_indicator_families() -> list[IndicatorFamily]:
    """The PSA family."""
    return [FAMILY]


@hookimpl
def cdrpkit_register_indicators() -> list[Indicator]:
    """PSA1, PSA2, the county plan's PSA targets and the BCS comparator basket."""
    return list(INDICATORS)
