"""Detectability of a planned change against Poisson noise."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from cdrpkit.stats import detectability, detection_power


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


# The chance that a year-on-year comparison shows the planned change


def _brute_force_power(mu0: float, change: float, level: float) -> float:
    """Every pair of yearly counts, the conditional binomial test's verdict on each."""
    mu1 = mu0 * (1 + change)
    x = np.arange(0, int(3 * max(mu0, mu1)) + 60)
    x0, x1 = np.meshgrid(x, x, indexing="ij")
    half = (1 - level) / 2
    if change < 0:
        shown = sps.binom.cdf(x1, x0 + x1, 0.5) <= half
    else:
        shown = sps.binom.sf(x1 - 1, x0 + x1, 0.5) <= half
    return float((sps.poisson.pmf(x0, mu0) * sps.poisson.pmf(x1, mu1) * shown).sum())


@pytest.mark.parametrize(
    ("baseline", "change", "level"),
    [(241, -0.04, 0.95), (241, -0.20, 0.95), (241, 0.04, 0.95), (3, -0.5, 0.95),
     (30, 0.5, 0.998), (120, -0.3, 0.998)],
)
def test_the_exact_power_is_the_conditional_test_over_every_pair_of_counts(
    baseline: float, change: float, level: float
) -> None:
    got = float(detection_power(baseline, change, level))
    assert got == pytest.approx(_brute_force_power(baseline, change, level), rel=1e-9)


def test_241_offences_and_a_four_percent_fall_is_rarely_shown_year_on_year() -> None:
    # The reference's example (shared/reference/statistics.md, section 6): 241 offences,
    # a 4% yearly fall. The normal approximation by hand: a difference of 9.64 against a
    # standard deviation of sqrt(241 + 231.36) = 21.73, so Phi(0.4436 - 1.96) = 0.0647.
    assert float(detection_power(241, -0.04, method="normal")) == pytest.approx(0.0647, abs=5e-5)
    assert float(detection_power(241, -0.04)) == pytest.approx(0.0591, abs=5e-5)


def test_the_power_agrees_with_simulation() -> None:
    rng = np.random.default_rng(2005)
    last, this = rng.poisson(241, 200_000), rng.poisson(241 * 0.8, 200_000)
    shown = sps.binom.cdf(this, last + this, 0.5) <= 0.025
    assert shown.mean() == pytest.approx(float(detection_power(241, -0.2)), abs=0.005)


def test_the_power_grows_with_the_count_and_the_change() -> None:
    small, large = detection_power([241, 24_100], -0.04)
    assert small < 0.1 < 0.99 < large
    assert detection_power(241, -0.04) < detection_power(241, -0.08) < detection_power(241, -0.2)
    # Nothing changing: the test's own false-alarm rate, at most (1 - level) / 2.
    assert float(detection_power(241, -1e-9)) <= 0.025
    assert np.isnan(detection_power(241, 0.0))


def test_the_normal_approximation_nears_the_exact_power_for_large_counts() -> None:
    exact = detection_power([50, 500, 5000], -0.1)
    normal = detection_power([50, 500, 5000], -0.1, method="normal")
    gaps = np.abs(exact - normal)
    assert gaps[2] < gaps[0]
    assert gaps[2] < 0.01


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({"level": 0.05}, "alpha"), ({"method": "poisson"}, "method")],
)
def test_detection_power_refuses_bad_options(kwargs: dict[str, object], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        detection_power(241, -0.04, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="annual_change"):
        detection_power(241, -1.0)
