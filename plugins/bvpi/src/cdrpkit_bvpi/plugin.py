"""The entry point of the BVPI family: declares the family and its indicators."""

from __future__ import annotations

from cdrpkit import hookimpl
from cdrpkit.model import Indicator, IndicatorFamily
from cdrpkit_bvpi.definitions import FAMILY, INDICATORS


@hookimpl
def cdrpkit_register_indicator_families() -> list[IndicatorFamily]:
    """The BVPI family."""
    return [FAMILY]


@hookimpl
def cdrpkit_register_indicators() -> list[Indicator]:
    """The community-safety BVPIs (BV126 ... BV225, road casualties)."""
    return list(INDICATORS)
