"""Which counts take a rate per 1,000 population or households.

A rate per 1,000 people says how common something is among the people it could happen to
or be done by: offences, incidents, victims, offenders, casualties, detections, people.
It means nothing for the partnership's own outputs: "5 hotspot areas a year", 40
patch walks, 11 checklist areas, pounds spent. The trajectory, the report and every
other place that shows a rate ask :func:`takes_population_rate`, so the rule lives here
once.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdrpkit import units

__all__ = ["CRIME_LIKE_DIMENSIONS", "takes_population_rate"]

#: Counted dimensions a rate per population applies to: crime and its people.
CRIME_LIKE_DIMENSIONS: frozenset[str] = frozenset(
    {"offence", "incident", "victim", "offender", "casualty", "detection", "prosecution",
     "person", "household"}
)


def takes_population_rate(unit: str | None, also: Iterable[str] = ()) -> bool:
    """Whether a count in ``unit`` has a meaningful rate per 1,000 population or households.

    Only a plain count of a crime-like thing does; ``also`` adds dimensions (a plugin's
    own crime-like unit). An unknown or missing unit gives ``False`` (the checker reports
    the unit, not this).

    >>> takes_population_rate("offence"), takes_population_rate("people")
    (True, True)
    >>> takes_population_rate("place"), takes_population_rate("event")
    (False, False)
    >>> takes_population_rate("offence / kiloperson"), takes_population_rate(None)
    (False, False)
    """
    if not unit:
        return False
    try:
        if not units.is_count(unit):
            return False
        dimensions = units.dimensionality(unit)
    except ValueError:
        return False
    allowed = CRIME_LIKE_DIMENSIONS | frozenset(also)
    return set(dimensions) <= allowed
