"""The LPSA2 family: the reward rule at every boundary and the lpsa2-stretch target kind.

The "without agreement" figures here are ILLUSTRATIVE: the Leicester strategy states the
stretch targets ("this target is subject to LPSA2 agreement") but not the performance
expected without the agreement, so each test says which numbers are the document's.
"""

from __future__ import annotations

from typing import Any

import pytest
from cdrpkit_lpsa2 import (
    SOURCE,
    RewardError,
    StretchTarget,
    reward,
    share_of_pot,
)

from cdrpkit import StrategyError, from_data, to_data
from cdrpkit.model.kinds import LevelTarget, Measure
from cdrpkit.periods import parse_period
from cdrpkit.plugins import Plugins

GRANT = 100_000.0

# Reduction: "Reduce violent crimes in Leicester from 5,382 offences (BCS) in 2004/5 to
# no more than 4,614 offences by March 2008" (stretch S = 4,614, the document's);
# W = 5,000 is illustrative.
RED_W, RED_S = 5000.0, 4614.0
# Increase: "Increase domestic violence reporting to the police from 6,619 offences in
# 2004/05 to 8,572 offences by March 2008" (S = 8,572, the document's); W illustrative.
INC_W, INC_S = 7800.0, 8572.0


def _at(p: float, w: float, s: float) -> float:
    """The outturn that achieves proportion p of the enhancement from w to s."""
    return w + p * (s - w)


CASES = [
    # (proportion of the enhancement, expected payable fraction, branch)
    (0.0, 0.0, "below"),  # no achievement: outturn equals the "without" projection
    (-0.5, 0.0, "below"),  # worse than without the agreement
    (0.5, 0.0, "below"),  # partial, below the 60% floor
    (0.6, 0.6, "proportional"),  # exactly at the floor
    (0.8, 0.8, "proportional"),  # partial, above the floor
    (1.0, 1.0, "proportional"),  # full achievement
    (1.4, 1.0, "cap"),  # over-achievement, capped at 100%
]


@pytest.mark.parametrize(("w", "s"), [(RED_W, RED_S), (INC_W, INC_S)], ids=["reduce", "increase"])
@pytest.mark.parametrize(("p", "payable", "branch"), CASES)
def test_reward_at_every_boundary(
    w: float, s: float, p: float, payable: float, branch: str
) -> None:
    result = reward(w, s, _at(p, w, s), GRANT)
    assert result.proportion_achieved == pytest.approx(p)
    assert result.payable_fraction == pytest.approx(payable)
    assert result.amount == pytest.approx(payable * GRANT)
    assert branch in result.rule


def test_just_below_the_floor_pays_nothing() -> None:
    result = reward(RED_W, RED_S, _at(0.5999, RED_W, RED_S), GRANT)
    assert result.amount == 0.0
    assert "floor" in result.rule


def test_floor_and_cap_are_parameters() -> None:
    outturn = _at(0.5, RED_W, RED_S)
    assert reward(RED_W, RED_S, outturn, GRANT).amount == 0.0
    assert reward(RED_W, RED_S, outturn, GRANT, floor=0.5).amount == pytest.approx(50_000)
    over = _at(1.3, RED_W, RED_S)
    assert reward(RED_W, RED_S, over, GRANT, cap=1.2).payable_fraction == pytest.approx(1.2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"without": 10.0, "stretch": 10.0}, "equals the performance expected without"),
        ({"potential_grant": -1.0}, "potential_grant must not be negative"),
        ({"floor": 1.1}, "expected 0 <= floor <= cap"),
        ({"outturn": float("nan")}, "outturn must be a finite number"),
    ],
)
def test_reward_bad_input(kwargs: dict[str, float], message: str) -> None:
    args: dict[str, Any] = {"without": 100.0, "stretch": 90.0, "outturn": 95.0,
                            "potential_grant": GRANT, **kwargs}
    with pytest.raises(RewardError, match=message):
        reward(**args)


def test_pot_is_split_equally() -> None:
    # Isle of Wight: "£132,993,000 -> £3,325,000", "divided equally among the targets".
    assert share_of_pot(3_325_000, 10) == 332_500
    assert share_of_pot(3_325_000, 10, sub_targets=2) == 166_250
    with pytest.raises(RewardError, match="at least 1"):
        share_of_pot(1000, 0)


def test_the_source_says_lpsa2_values_are_assumed() -> None:
    assert "Isle of Wight" in SOURCE
    assert "LPSA2 values assumed" in SOURCE


# --- the target kind ----------------------------------------------------------------------


def _fy(label: str) -> Any:
    return parse_period(label)


def _violence(**extra: Any) -> StretchTarget:
    return StretchTarget(
        id="violence",
        text="Reduce violent crimes in Leicester from 5,382 offences (BCS) in 2004/5 to no more "
        "than 4,614 offences by March 2008, with yearly 5% reduction (this target is subject "
        "to LPSA2 agreement)",
        baseline=Measure(value=5382, period=_fy("2004/05")),
        target=Measure(value=4614, period=_fy("2007/08")),
        annual_change=-0.05,
        subject_to="LPSA2 agreement",
        **extra,
    )


def test_a_stretch_target_is_a_level_target() -> None:
    t = _violence()
    assert isinstance(t, LevelTarget)
    assert t.kind == "lpsa2-stretch"
    assert (t.direction, t.bound, t.annual_change) == ("reduce", "at_most", -0.05)
    row = t.summary()
    assert row["baseline_value"] == 5382 and row["target_value"] == 4614
    assert row["without_value"] is None  # the document does not state it


def test_reward_needs_the_without_figure() -> None:
    with pytest.raises(RewardError, match="not stated"):
        _violence().reward(4614)
    t = _violence(without_agreement=Measure(value=RED_W, period=_fy("2007/08")))
    with pytest.raises(RewardError, match="no reward_grant"):
        t.reward(4614)
    assert t.reward(4614, GRANT).amount == GRANT


def test_target_reward_uses_its_own_grant() -> None:
    t = _violence(
        without_agreement=Measure(value=RED_W, period=_fy("2007/08")), reward_grant=GRANT
    )
    assert t.reward(_at(0.7, RED_W, RED_S)).amount == pytest.approx(70_000)
    assert t.reward(_at(0.7, RED_W, RED_S), floor=0.75).amount == 0.0


@pytest.mark.parametrize(
    ("without", "message"),
    [(4614.0, "equals the stretch target"), (4500.0, "better than the stretch target")],
)
def test_the_stretch_must_be_more_demanding(without: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _violence(without_agreement=Measure(value=without, period=_fy("2007/08")))


def test_maintain_until_sets_the_deadline() -> None:
    # Arson: "Reduce deliberate primary fires (excluding vehicle fires) from 318 incidents
    # in 2003/04 to no more than 270 incidents in 2006/07, and maintain that level in 2007/08"
    t = StretchTarget(
        id="arson",
        text="Reduce deliberate primary fires ...",
        baseline=Measure(value=318, period=_fy("2003/04")),
        target=Measure(value=270, period=_fy("2006/07")),
        maintain_until=_fy("2007/08"),
    )
    assert t.deadline == _fy("2007/08")
    assert t.summary()["maintain_until"] == "2007/08"
    with pytest.raises(ValueError, match="maintain_until"):
        StretchTarget(
            id="a", text="x",
            baseline=Measure(value=318, period=_fy("2003/04")),
            target=Measure(value=270, period=_fy("2006/07")),
            maintain_until=_fy("2005/06"),
        )


def _strategy(target: dict[str, Any]) -> dict[str, Any]:
    return {
        "cdrpkit": 1,
        "id": "demo",
        "title": "Demo",
        "requires": {"LPSA2": "cdrpkit-lpsa2"},
        "partnership": {"id": "p", "name": "Demo partnership"},
        "objectives": [{"id": "violence", "title": "To reduce violent crime", "targets": [target]}],
    }


VIOLENCE = {
    "kind": "lpsa2-stretch",
    "text": "Reduce violent crimes in Leicester from 5,382 offences (BCS) in 2004/5 to no more "
    "than 4,614 offences by March 2008, with yearly 5% reduction",
    "unit": "offence",
    "baseline": {"value": 5382, "period": "2004/05"},
    "target": {"value": 4614, "period": "by March 2008"},
    "annual_change": -0.05,
    "bound": "at_most",
    "subject_to": "LPSA2 agreement",
}


def test_the_kind_loads_from_a_strategy_file_and_round_trips() -> None:
    strategy = from_data(_strategy(VIOLENCE))
    (node,) = strategy.targets()
    assert isinstance(node.node, StretchTarget)
    assert node.node.without_agreement is None
    assert from_data(to_data(strategy)) == strategy


def test_bad_stretch_fields_name_the_field() -> None:
    bad = {**VIOLENCE, "reward_grant": -5}
    with pytest.raises(StrategyError, match=r"targets\[0\].*reward_grant must not be negative"):
        from_data(_strategy(bad))


def test_without_the_plugin_the_kind_is_unknown() -> None:
    host = Plugins(block=["cdrpkit-lpsa2"])
    assert "lpsa2-stretch" not in host.kinds
    with pytest.raises(StrategyError) as info:
        from_data(_strategy(VIOLENCE), plugins=host)
    message = str(info.value)
    assert "LPSA2" in message and "cdrpkit-lpsa2" in message
