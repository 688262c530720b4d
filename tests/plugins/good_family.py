"""A well-behaved third-party plugin: a family and one indicator."""

from cdrpkit import hookimpl
from cdrpkit.model import Indicator, IndicatorFamily


@hookimpl
def cdrpkit_register_indicator_families() -> list[IndicatorFamily]:
    return [IndicatorFamily(id="NEIGHBOUR", title="A neighbouring partnership's indicators")]


@hookimpl
def cdrpkit_register_indicators() -> list[Indicator]:
    return [
        Indicator(
            id="NB1",
            family="NEIGHBOUR",
            title="Patch walks held",
            unit="event",
            polarity="higher_is_better",
        )
    ]
