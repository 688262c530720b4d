"""Detectability: a yearly change too small to tell apart from chance at its volume.

A year's count of offences varies by chance about its true level, roughly as a Poisson
count (one standard deviation is the square root of the count). When the planned yearly
change is smaller than that, a single year's figure says little about progress: the
target may be met by luck or missed despite real progress.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from cdrpkit import units
from cdrpkit.checks._text import change, name, number, unit_word
from cdrpkit.checks.poisson import noise
from cdrpkit.checks.runner import CheckContext, Finding, target_nodes
from cdrpkit.model import Strategy
from cdrpkit.model.change import compound, implied_annual_change
from cdrpkit.model.kinds import (
    ChangeTarget,
    LevelTarget,
    Target,
    financial_year_of,
)
from cdrpkit.plugins.declarations import Rule


def _is_count(target: Target) -> bool:
    if target.unit is None:
        return target.additive_default
    try:
        return units.is_count(target.unit)
    except ValueError:
        return False


def _yearly(target: Target) -> tuple[float, float, int, bool] | None:
    """Baseline, yearly change, years, and whether the change is stated."""
    if isinstance(target, LevelTarget):
        if target.years <= 0:
            return None
        if target.annual_change is not None:
            if target.annual_change == 0 or target.baseline.value <= 0:
                return None  # no change (or nothing) to tell from noise
            return target.baseline.value, target.annual_change, target.years, True
        start, end, n = target.baseline.value, target.target.value, target.years
    elif isinstance(target, ChangeTarget):
        end_year, _ = financial_year_of(target.target.period)
        n = end_year - financial_year_of(target.baseline.period)[0]
        start, end = target.baseline.value, target.target.value
    else:
        return None
    if start <= 0 or n <= 0 or start == end:
        return None
    return start, implied_annual_change(start, end, n), n, False


def detectability(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Count targets whose yearly change is within one year's Poisson noise."""
    for path, target in target_nodes(strategy):
        if not _is_count(target):
            continue
        found = _yearly(target)
        if found is None:
            continue
        base, r, years, stated = found
        if abs(base * r) >= math.sqrt(base):
            continue  # the first year's change stands out; skip the Poisson sums
        first = noise(base, r, 1)
        whole_change = compound(base, r, years) - base
        whole_ratio = abs(whole_change) / first.sd
        things = unit_word(target) or "a year"
        word = "reduction" if r < 0 else "increase"
        how = change(r) if stated else f"an implied yearly {abs(r) * 100:.1f}% {word}"
        milestone = first.target_value
        side = "or fewer" if r < 0 else "or more"
        yield Finding(
            rule="detectability", severity="info", path=path, target_id=target.id,
            details={
                "baseline": base, "annual_change": r, "years": years,
                "expected_change": first.expected_change, "sd": first.sd,
                "signal_to_noise": first.signal_to_noise,
                "p_met_by_chance": first.p_met_by_chance,
                "p_missed_on_track": first.p_missed_on_track,
                "signal_to_noise_whole_period": whole_ratio,
            },
            message=(
                f"For {name(target)}: {how} from {number(base)} {things} is a change of "
                f"{number(abs(first.expected_change))} in the first year, smaller than the "
                f"chance variation of a count this size (one standard deviation is about "
                f"{number(first.sd)}). The first year's figure of {number(milestone)} {side} "
                f"would be reached by chance alone {first.p_met_by_chance:.0%} of the time "
                f"with no real change, and missed {first.p_missed_on_track:.0%} of the time "
                f"even when the true trend is on track. Over {years} years the planned change "
                f"({number(abs(whole_change))}) is {whole_ratio:.1f} times "
                "the noise: judge progress on the trend over several years, not one year."
            ),
        )


RULES = [
    Rule(
        id="detectability",
        severity="info",
        title="Yearly change within one year's chance variation",
        description=(
            "For a count target with a yearly change (stated, or implied by a total change), "
            "compares the first year's planned change with the Poisson standard deviation "
            "sqrt(baseline), and reports when it is smaller, with the chance of meeting the "
            "first year's figure by luck alone and of missing it although the true trend is "
            "on track. Computed without scipy."
        ),
        function=detectability,
    ),
]
