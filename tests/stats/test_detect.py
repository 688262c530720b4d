"""Detectability of a planned change against Poisson noise."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from cdrpkit.stats import detectability


def test_241_offences_with_a_four_percent_fall_is_within_one_years_noise() -> None:
    d = detectability(241, -0.04)
    assert float(d.target_value) == pytest.approx(231.36)
    assert float(d.expected_change) == pytest.approx(-9.64)
    assert float(d.sd) == pytest.approx(15.52, abs=0.005)
    assert float(d.signal_to_noise) == pytest.approx(9.64 / np.sqrt(241))
    assert bool(d.within_noise)
    # Met when X <= 231 (X is whole); missed on track when X >= 232 with mean 231.36.
    assert float(d.p_met_by_chance) == pytest.approx(sps.poisson.cdf(231, 241), rel=1e-12)
    assert float(d.p_missed_on_track) == pytest.approx(sps.poisson.sf(231, 231.36), rel=1e-12)
    assert float(d.p_met_by_chance) > 0.2
    assert 0.4 < float(d.p_missed_on_track) < 0.6


def test_the_probabilities_agree_with_simulation() -> None:
    rng = np.random.default_rng(241)
    d = detectability(241, -0.04)
    no_change = rng.poisson(241, size=400_000)
    on_track = rng.poisson(241 * 0.96, size=400_000)
    assert (no_change <= 231.36).mean() == pytest.approx(float(d.p_met_by_chance), abs=0.003)
    assert (on_track > 231.36).mean() == pytest.approx(float(d.p_missed_on_track), abs=0.003)


def test_an_integer_reduction_target_is_met_by_exactly_that_count() -> None:
    d = detectability(100, -0.1)  # target 90: X = 90 meets it
    assert float(d.p_met_by_chance) == pytest.approx(sps.poisson.cdf(90, 100), rel=1e-12)
    assert float(d.p_missed_on_track) == pytest.approx(sps.poisson.sf(90, 90), rel=1e-12)


def test_an_integer_increase_target_survives_floating_point_compounding() -> None:
    # 10 x 1.1 is 11.000000000000002 in floating point; the target is still 11.
    d = detectability(10, 0.1)
    assert float(d.p_met_by_chance) == pytest.approx(sps.poisson.sf(10, 10), rel=1e-12)
    assert float(d.p_missed_on_track) == pytest.approx(sps.poisson.cdf(10, 11), rel=1e-12)


def test_an_increase_target_rounds_up_to_the_next_whole_count() -> None:
    d = detectability(50, 0.05)  # target 52.5: met from 53
    assert float(d.p_met_by_chance) == pytest.approx(sps.poisson.sf(52, 50), rel=1e-12)
    assert float(d.p_missed_on_track) == pytest.approx(sps.poisson.cdf(52, 52.5), rel=1e-12)


def test_changes_compound_over_years() -> None:
    d = detectability(2806, -0.06, years=3)
    assert float(d.target_value) == pytest.approx(2806 * 0.94**3)
    assert float(d.expected_change) == pytest.approx(2806 * 0.94**3 - 2806)
    assert not bool(d.within_noise)
    assert float(d.p_met_by_chance) < 1e-15


def test_a_large_count_makes_a_small_change_detectable() -> None:
    big, small = detectability(20_000, -0.04), detectability(241, -0.04)
    assert float(big.signal_to_noise) > 5 > float(small.signal_to_noise)
    assert float(big.p_met_by_chance) < 1e-6


def test_no_change_has_no_direction() -> None:
    d = detectability(241, 0.0)
    assert float(d.expected_change) == 0.0
    assert np.isnan(d.p_met_by_chance)
    assert np.isnan(d.p_missed_on_track)


@pytest.mark.parametrize(
    ("baseline", "change", "years", "name"),
    [
        (0, -0.04, 1, "baseline"),
        (-5, -0.04, 1, "baseline"),
        (241, -1.0, 1, "annual_change"),
        (241, -0.04, 0, "years"),
    ],
)
def test_impossible_inputs_are_refused(
    baseline: float, change: float, years: float, name: str
) -> None:
    with pytest.raises(ValueError, match=name):
        detectability(baseline, change, years)


def test_vectorised_equals_scalar() -> None:
    baselines = np.array([241, 2806, 10, 50, 318])
    changes = np.array([-0.04, -0.06, 0.1, 0.05, -0.05])
    many = detectability(baselines, changes)
    for i in range(5):
        one = detectability(int(baselines[i]), float(changes[i]))
        for field in ("target_value", "sd", "p_met_by_chance", "p_missed_on_track"):
            assert getattr(many, field)[i] == pytest.approx(float(getattr(one, field)), rel=1e-12)
