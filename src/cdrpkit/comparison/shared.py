"""Shared indicators: targets of different partnerships on the same thing, side by side.

Two targets share an indicator when they name the same one, or when the indicator
families link them: one indicator ``maps_to`` the other, or one is a ``members`` part of
the other (a British Crime Survey comparator basket and its offence groups). Each group
is keyed by the indicator they meet on (a multi-crime indicator meets a basket holding any
of its own offence groups); a target may sit in several groups. A group is
kept when targets of at least two partnerships meet there, and only once when another
group holds exactly the same targets.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from cdrpkit.model import Indicator

SHARED_COLUMNS: tuple[str, ...] = (
    "indicator_group",
    "group_title",
    "partnership",
    "target_id",
    "indicator",
    "relation",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_period",
    "annual_equivalent",
    "text",
)


def links(indicator_id: str, indicators: dict[str, Indicator]) -> dict[str, str]:
    """The indicators ``indicator_id`` meets others on, each with how it relates to it.

    >>> from cdrpkit.model import Indicator
    >>> basket = Indicator(id="bcs", family="psa", title="Basket", unit="offence",
    ...                    polarity="lower_is_better", members=("burglary",))
    >>> links("burglary", {"bcs": basket})
    {'burglary': 'same', 'bcs': 'member of bcs'}
    """
    found = {indicator_id: "same"}
    own = indicators.get(indicator_id)
    if own is not None:
        for other in own.maps_to:
            found.setdefault(other, f"maps to {other}")
        for part in own.members:
            found.setdefault(part, f"includes {part}")
    mine = set(own.members) if own is not None else set()
    for candidate in indicators.values():
        # A multi-crime indicator (vehicle crime: theft of and from vehicles) meets a
        # comparator basket holding any of its offence groups, not only single crimes.
        if mine and candidate.id != indicator_id and mine & set(candidate.members):
            shared = len(mine & set(candidate.members))
            found.setdefault(candidate.id,
                             f"shares {shared} offence group{'s' * (shared != 1)} with "
                             f"{candidate.id}")
        if indicator_id in candidate.members:
            found.setdefault(candidate.id, f"member of {candidate.id}")
        if indicator_id in candidate.maps_to:
            found.setdefault(candidate.id, f"mapped from {candidate.id}")
    return found


def shared_rows(
    targets: list[dict[str, Any]], indicators: dict[str, Indicator]
) -> list[dict[str, Any]]:
    """Rows of the shared-indicators table from target rows (with ``partnership``)."""
    groups: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for row in targets:
        if row.get("indicator"):
            for key, relation in links(row["indicator"], indicators).items():
                groups[key].append((row, relation))
    kept: list[tuple[str, list[tuple[dict[str, Any], str]]]] = []
    seen: set[frozenset[tuple[str, str]]] = set()
    # Groups where every target names the indicator itself come first, so a direct match
    # is the one kept when a linked group holds the same targets.
    order = sorted(groups.items(), key=lambda kv: (any(r != "same" for _, r in kv[1]), kv[0]))
    for key, members in order:
        partnerships = {row["partnership"] for row, _ in members}
        ident = frozenset((row["partnership"], row["target_id"]) for row, _ in members)
        if len(partnerships) < 2 or ident in seen:
            continue
        seen.add(ident)
        kept.append((key, members))
    out = []
    for key, members in sorted(kept, key=lambda kv: kv[0]):
        title = indicators[key].title if key in indicators else key
        for row, relation in members:
            out.append({c: row.get(c) for c in SHARED_COLUMNS} | {
                "indicator_group": key, "group_title": title, "relation": relation,
            })
    return out
