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
from cdrpkit.checks.poisson import detection_power, noise
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


#: The confidence of the year-on-year comparison the rule reports.
LEVEL = 0.95


def _yearly(target: Target) -> tuple[float, float, int, bool, float] | None:
    """Baseline, first year's change, years, whether it is stated, and the whole change.

    A target of zero has no compound yearly change (it would be -100% every year): the
    first year's share of a straight line to zero is used instead.
    """
    if isinstance(target, LevelTarget):
        if target.years <= 0:
            return None
        if target.annual_change is not None:
            base, r, n = target.baseline.value, target.annual_change, target.years
            return base, r, n, True, compound(base, r, n) - base
        start, end, n = target.baseline.value, target.target.value, target.years
    elif isinstance(target, ChangeTarget):
        end_year, _ = financial_year_of(target.target.period)
        n = end_year - financial_year_of(target.baseline.period)[0]
        start, end = target.baseline.value, target.target.value
    else:
        return None
    if start <= 0 or n <= 0 or start == end:
        return None
    r = -1.0 / n if end == 0 else implied_annual_change(start, end, n)
    return start, r, n, False, end - start


def _percent(fraction: float) -> str:
    return f"{abs(fraction) * 100:.1f}".removesuffix(".0") + "%"


def detectability(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Count targets whose yearly change is within one year's Poisson noise."""
    for path, target in target_nodes(strategy):
        if not _is_count(target):
            continue
        found = _yearly(target)
        if found is None:
            continue
        base, r, years, stated, whole_change = found
        if abs(base * r) >= math.sqrt(base):
            continue  # the first year's change stands out; skip the Poisson sums
        first = noise(base, r, 1)
        shown = detection_power(base, r, LEVEL)
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
                "p_shown_year_on_year": shown, "confidence": LEVEL,
                "power_method": "normal approximation to the difference of two Poisson "
                                "counts (Thode 1997)",
                "signal_to_noise_whole_period": whole_ratio,
            },
            message=(
                f"For {name(target)}: {how} from {number(base)} {things} is a change of "
                f"{number(abs(first.expected_change))} in the first year, smaller than the "
                f"chance variation of a count this size (one standard deviation is about "
                f"{number(first.sd)}). A {_percent(r)} {'fall' if r < 0 else 'rise'} on "
                f"{number(base)} {things}: about {shown:.0%} chance a year-on-year "
                f"comparison shows it at {LEVEL:.0%} confidence. The first year's figure of "
                f"{number(milestone)} {side} "
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
            "For a count target with a yearly change (stated, or implied by a total change; "
            "for a target of zero, the first year's share of a straight line to zero), "
            "compares the first year's planned change with the Poisson standard deviation "
            "sqrt(baseline), and reports when it is smaller. The report gives the chance "
            "that the planned yearly change is told from Poisson noise at 95% confidence "
            "by a year-on-year comparison (the power of the two-sided test of two Poisson "
            "counts, by the normal approximation to their difference; Thode 1997, The "
            "Statistician 46:227-230), and the chances of meeting the first year's figure "
            "by luck alone and of missing it although the true trend is on track. Computed "
            "without scipy; cdrpkit.stats.detection_power gives the exact version."
        ),
        function=detectability,
    ),
]
