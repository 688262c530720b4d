"""The British Crime Survey comparator basket: ten recorded-crime categories, as data.

CDRPs set their SR2004 PSA1 targets on police-recorded "BCS comparator" crime, ten
categories that stand in for what the British Crime Survey measures. No primary Home
Office list could be read; the ten category names are those of a Surrey district's
Community Safety Strategy 2005-2008, which splits its crime-reduction aim into exactly
these ten, and a Hertfordshire CDRP confirms there are ten ("PSA 1 Target to reduce all
crime within the 10 British Crime Survey Categories"). Certainty is therefore ``source``.

The groups follow the Leicester strategy's own targets, which set one target on
"violent crimes ... (BCS)", one on vehicle crime and one on "other BCS offences (theft
from a person, theft of cycle and vehicle interference)": so vehicle interference sits
in ``other``, not with vehicle crime (which agrees with BV128, which excludes it).
"""

from __future__ import annotations

import attrs

from cdrpkit.errors import NotFoundError


@attrs.frozen
class BasketCategory:
    """One category of the comparator basket: its indicator id, wording and group."""

    key: str
    id: str
    wording: str
    group: str


#: The ten categories, with the wording of the Surrey strategy and our group.
BASKET: tuple[BasketCategory, ...] = (
    BasketCategory("theft_of_vehicle", "BCS-theft-of-vehicle", "theft of a vehicle", "vehicle"),
    BasketCategory(
        "theft_from_vehicle", "BCS-theft-from-vehicle", "theft from a vehicle", "vehicle"
    ),
    BasketCategory(
        "vehicle_interference", "BCS-vehicle-interference", "vehicle interference", "other"
    ),
    BasketCategory("domestic_burglary", "BCS-burglary", "domestic burglary", "burglary"),
    BasketCategory(
        "cycle_theft",
        "BCS-cycle-theft",
        "theft or unauthorised taking of a pedal cycle",
        "other",
    ),
    BasketCategory("theft_from_person", "BCS-theft-from-person", "theft from person", "other"),
    BasketCategory(
        "criminal_damage", "BCS-criminal-damage", "criminal damage", "criminal-damage"
    ),
    BasketCategory("common_assault", "BCS-common-assault", "common assault", "violence"),
    BasketCategory("wounding", "BCS-wounding", "wounding", "violence"),
    BasketCategory(
        "robbery_personal",
        "BCS-robbery-personal",
        "personal robbery (robbery of personal property)",
        "violence",
    ),
)

#: The indicator that stands for each group. A group of one category is that category.
GROUP_INDICATORS: dict[str, str] = {
    "violence": "BCS-violence",
    "vehicle": "BCS-vehicle",
    "other": "BCS-other",
    "burglary": "BCS-burglary",
    "criminal-damage": "BCS-criminal-damage",
}

TOTAL = "BCS-comparator"

#: Phrases the seed strategies use, and the basket indicator each one means.
PHRASES: dict[str, str] = {
    "violent crime (bcs)": "BCS-violence",
    "violent crimes (bcs)": "BCS-violence",
    "other bcs offences": "BCS-other",
    "bcs comparator crime": TOTAL,
    "bcs crime": TOTAL,
}


def basket() -> tuple[BasketCategory, ...]:
    """The ten categories of the BCS comparator basket, in a fixed order.

    >>> [c.id for c in basket() if c.group == "violence"]
    ['BCS-common-assault', 'BCS-wounding', 'BCS-robbery-personal']
    """
    return BASKET


def group_members(group: str) -> tuple[str, ...]:
    """The category indicator ids of one group (``violence``, ``vehicle``...)."""
    found = tuple(c.id for c in BASKET if c.group == group)
    if not found:
        known = ", ".join(GROUP_INDICATORS)
        raise NotFoundError(f"unknown BCS comparator group {group!r} (known: {known})")
    return found


def members_of(indicator_id: str) -> tuple[str, ...]:
    """The basket categories an indicator counts: itself for a category, all for the total.

    >>> members_of("BCS-violence")
    ('BCS-common-assault', 'BCS-wounding', 'BCS-robbery-personal')
    >>> len(members_of("BCS-comparator"))
    10
    """
    if indicator_id == TOTAL:
        return tuple(c.id for c in BASKET)
    for group, ident in GROUP_INDICATORS.items():
        if ident == indicator_id:
            return group_members(group)
    for c in BASKET:
        if c.id == indicator_id:
            return (c.id,)
    raise NotFoundError(f"{indicator_id!r} is not a BCS comparator indicator")


def resolve_phrase(phrase: str) -> str:
    """The basket indicator a strategy's phrase means ("violent crime (BCS)").

    Matching ignores case and surrounding spaces; an unknown phrase is an error, never
    a guess.

    >>> resolve_phrase("Violent crime (BCS)")
    'BCS-violence'
    """
    key = " ".join(phrase.lower().split())
    try:
        return PHRASES[key]
    except KeyError:
        known = "; ".join(PHRASES)
        raise NotFoundError(
            f"no BCS comparator indicator for {phrase!r} (known: {known})"
        ) from None
