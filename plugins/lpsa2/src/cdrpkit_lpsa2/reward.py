"""How much of a Local PSA target's reward grant an outturn earns.

The rule, from the Isle of Wight Council's Local PSA, Schedule 4 (council papers, 12 June
2002; a FIRST-generation agreement): "The proportion of potential grant that is payable
is the same as the proportion of the enhancement in performance that the Council
achieves for each target or sub-target, subject to a maximum proportion of 100 per cent
and a minimum of 60 per cent. If the proportion would be less than 60 per cent, nothing
is included in the grant in relation to that target." Bath & North East Somerset's LPSA
(2003) says the same of its 60% floor.

Reading "proportion of the enhancement" as a formula is our interpretation: with W the
performance expected without the agreement, S the stretch target with it and A the
outturn, ``p = (A - W) / (S - W)``. The sign works for reductions and increases alike,
as S - W is negative for a reduction. Then ``p < floor`` pays nothing, ``floor <= p <=
cap`` pays ``p``, and ``p > cap`` pays ``cap``.

For LPSA2 (second-generation agreements, 2005 onwards) the floor, the proportional rule
and the cap are ASSUMED to be the same: no LPSA2 Schedule 4 has been read. Both are
parameters, so an agreement with other values can be computed as it stands.
"""

from __future__ import annotations

import math

import attrs

from cdrpkit.errors import CdrpkitError

FLOOR = 0.6
CAP = 1.0

SOURCE = (
    "Isle of Wight Council, Local Public Service Agreement, Schedule 4 (12 June 2002), "
    "http://old-iwight.onthewight.com/council/committees/mod-Council/12-6-02/schedule%204.htm; "
    "first-generation LPSA. LPSA2 values assumed the same until an LPSA2 Schedule 4 is read."
)

RULE = (
    "p = (A - W) / (S - W), A the outturn, W the performance expected without the "
    "agreement, S the stretch target; payable fraction 0 if p < floor (60%), p if "
    "floor <= p <= cap, cap (100%) if p > cap"
)

# Outturns are often round numbers whose p lands on the floor exactly in decimal but
# a hair below it in binary: compare at 12 decimal places.
_PLACES = 12


class RewardError(CdrpkitError, ValueError):
    """Figures that cannot give a reward: equal with and without figures, a bad floor."""


@attrs.frozen
class RewardResult:
    """What an outturn earns: the share of the enhancement achieved and of the grant paid.

    ``proportion_achieved`` is p, unbounded (negative when performance fell short of the
    "without" projection, above 1 when the stretch was beaten); ``payable_fraction`` is
    the share of the potential grant paid; ``amount`` that share of the grant (GBP);
    ``rule`` says which branch of the rule applied.
    """

    proportion_achieved: float
    payable_fraction: float
    amount: float
    rule: str


def _finite(name: str, value: float) -> None:
    if not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise RewardError(f"{name} must be a finite number, not {value!r}")


def reward(
    without: float,
    stretch: float,
    outturn: float,
    potential_grant: float,
    floor: float = FLOOR,
    cap: float = CAP,
) -> RewardResult:
    """The reward grant an outturn earns on one stretch target (see the module's rule).

    :param without: W, the performance expected without the agreement.
    :param stretch: S, the stretch target with the agreement.
    :param outturn: A, the performance achieved.
    :param potential_grant: the reward grant for this target if fully achieved (GBP).
    :param floor: the smallest proportion that earns anything (60% in LPSA1).
    :param cap: the largest proportion paid (100% in LPSA1).
    :raises RewardError: when ``stretch`` equals ``without`` (there is no enhancement to
        share), a figure is not finite, the grant is negative, or not
        ``0 <= floor <= cap``.

    A reduction target: 100 offences expected without the agreement, 90 with it.

    >>> reward(100, 90, 94, 10_000).payable_fraction   # 60% of the way: the floor
    0.6
    >>> reward(100, 90, 95, 10_000).amount             # 50%: below the floor
    0.0
    >>> reward(100, 90, 85, 10_000).payable_fraction   # beyond the stretch: capped
    1.0
    """
    for name, value in (
        ("without", without),
        ("stretch", stretch),
        ("outturn", outturn),
        ("potential_grant", potential_grant),
        ("floor", floor),
        ("cap", cap),
    ):
        _finite(name, value)
    if potential_grant < 0:
        raise RewardError(f"potential_grant must not be negative, not {potential_grant!r}")
    if not 0 <= floor <= cap:
        raise RewardError(f"expected 0 <= floor <= cap, got floor {floor!r} and cap {cap!r}")
    if stretch == without:
        raise RewardError(
            f"the stretch target ({stretch!r}) equals the performance expected without the "
            "agreement: there is no enhancement to measure achievement against"
        )
    p = (outturn - without) / (stretch - without)
    compared = round(p, _PLACES)
    if compared < floor:
        payable = 0.0
        rule = f"below the {floor:.0%} floor: nothing payable"
    elif compared > cap:
        payable = cap
        rule = f"above the {cap:.0%} cap: capped"
    else:
        payable = min(max(compared, floor), cap)
        rule = f"between the {floor:.0%} floor and the {cap:.0%} cap: proportional"
    return RewardResult(
        proportion_achieved=p,
        payable_fraction=payable,
        amount=payable * potential_grant,
        rule=rule,
    )


def share_of_pot(pot: float, targets: int, sub_targets: int = 1) -> float:
    """One target's (or sub-target's) potential grant: the pot split equally.

    "The total potential grant is divided equally among the targets. Where a target has
    sub-targets, unless otherwise specified the potential grant for the target is
    sub-divided equally among the sub-targets." (Isle of Wight Schedule 4, LPSA1.)

    >>> share_of_pot(3_325_000, 12, 2)
    138541.66666666666
    """
    _finite("pot", pot)
    if pot < 0:
        raise RewardError(f"pot must not be negative, not {pot!r}")
    if targets < 1 or sub_targets < 1:
        raise RewardError(
            f"targets and sub_targets must be at least 1, got {targets} and {sub_targets}"
        )
    return pot / targets / sub_targets
