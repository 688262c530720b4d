"""Confidence intervals against the reference values and scipy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as sps

from cdrpkit.errors import CdrpkitError
from cdrpkit.stats import (
    byar_interval,
    count_interval,
    exact_poisson_interval,
    rate_interval,
    wilson_interval,
)

counts = st.integers(min_value=0, max_value=200_000)


# Reference values (statistics.md section 1)


def test_byar_2700_at_95_percent() -> None:
    lower, upper = byar_interval(2700, level=0.95)
    assert float(lower) == pytest.approx(2599.1, abs=0.05)
    assert float(upper) == pytest.approx(2803.8, abs=0.05)


def test_byar_2700_at_99_8_percent() -> None:
    lower, upper = byar_interval(2700, level=0.998)
    assert float(lower) == pytest.approx(2542.3, abs=0.05)
    assert float(upper) == pytest.approx(2864.5, abs=0.05)


def test_exact_9_at_95_percent() -> None:
    lower, upper = exact_poisson_interval(9, level=0.95)
    assert float(lower) == pytest.approx(4.12, abs=0.005)
    assert float(upper) == pytest.approx(17.08, abs=0.005)


def test_exact_zero_has_lower_zero_and_the_known_upper() -> None:
    lower, upper = exact_poisson_interval(0)
    assert float(lower) == 0.0
    # P(X = 0 | mu) = exp(-mu) = 0.025 at the upper limit.
    assert float(upper) == pytest.approx(-np.log(0.025), rel=1e-12)


# Cross-checks


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_exact_matches_the_chi_square_formula(level: float) -> None:
    o = np.arange(0, 60)
    a = 1 - level
    lower, upper = exact_poisson_interval(o, level)
    expected_lower = np.where(o == 0, 0.0, sps.chi2.ppf(a / 2, np.maximum(2 * o, 1)) / 2)
    expected_upper = sps.chi2.ppf(1 - a / 2, 2 * o + 2) / 2
    np.testing.assert_allclose(lower, expected_lower, rtol=1e-9)
    np.testing.assert_allclose(upper, expected_upper, rtol=1e-9)


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_exact_limits_are_where_the_poisson_tails_equal_half_alpha(level: float) -> None:
    o = np.arange(1, 40)
    lower, upper = exact_poisson_interval(o, level)
    half_alpha = (1 - level) / 2
    np.testing.assert_allclose(sps.poisson.sf(o - 1, lower), half_alpha, rtol=1e-7)
    np.testing.assert_allclose(sps.poisson.cdf(o, upper), half_alpha, rtol=1e-7)


def test_byar_is_close_to_exact_for_large_counts() -> None:
    o = np.array([100, 500, 1000, 2700, 10_000, 100_000])
    byar, exact = byar_interval(o), exact_poisson_interval(o)
    np.testing.assert_allclose(byar.lower, exact.lower, rtol=1e-4)
    np.testing.assert_allclose(byar.upper, exact.upper, rtol=1e-4)


def test_byar_at_ten_is_already_within_a_fifth_of_a_percent() -> None:
    byar, exact = byar_interval(10), exact_poisson_interval(10)
    assert float(byar.lower) == pytest.approx(float(exact.lower), rel=2e-3)
    assert float(byar.upper) == pytest.approx(float(exact.upper), rel=2e-3)


def test_byar_lower_limit_is_zero_for_zero_and_never_negative() -> None:
    lower, _ = byar_interval([0, 1, 2], level=0.998)
    assert lower[0] == 0.0
    assert (lower >= 0).all()


# count_interval


def test_count_interval_uses_exact_below_ten_and_byar_from_ten() -> None:
    ci = count_interval([0, 9, 10, 2700])
    assert ci.method.tolist() == ["exact Poisson", "exact Poisson", "Byar", "Byar"]
    exact = exact_poisson_interval([0, 9])
    byar = byar_interval([10, 2700])
    np.testing.assert_array_equal(ci.lower, np.concatenate([exact.lower, byar.lower]))
    np.testing.assert_array_equal(ci.upper, np.concatenate([exact.upper, byar.upper]))


def test_count_interval_passes_missing_values_through() -> None:
    ci = count_interval([np.nan, 5])
    assert np.isnan(ci.lower[0])
    assert np.isnan(ci.upper[0])
    assert ci.method.tolist() == ["no data", "exact Poisson"]


@pytest.mark.parametrize(("bad", "shown"), [(-1, "-1"), (2.5, "2.5"), (np.inf, "inf")])
def test_count_interval_refuses_impossible_counts_naming_them(bad: float, shown: str) -> None:
    with pytest.raises(ValueError, match=rf"observed\[1\].*{shown}") as info:
        count_interval([3, bad, 4])
    assert isinstance(info.value, CdrpkitError)


def test_a_scalar_count_error_names_the_argument() -> None:
    with pytest.raises(ValueError, match="observed: must be a whole number"):
        count_interval(-3)


@pytest.mark.parametrize("level", [0.0, 1.0, 1.5, -0.1, 95, float("nan")])
def test_level_outside_zero_one_is_refused(level: float) -> None:
    with pytest.raises(ValueError, match="level"):
        count_interval(10, level)


@pytest.mark.parametrize("alpha", [0.05, 0.002])
def test_an_alpha_passed_as_level_is_refused(alpha: float) -> None:
    with pytest.raises(ValueError, match="not a significance level alpha"):
        byar_interval(2700, alpha)
    with pytest.raises(ValueError, match="not a significance level alpha"):
        exact_poisson_interval(9, alpha)
    with pytest.raises(ValueError, match="not a significance level alpha"):
        wilson_interval(4, 10, alpha)


def test_a_boolean_is_not_a_level() -> None:
    with pytest.raises(ValueError, match="level"):
        count_interval(10, True)


def test_results_keep_the_shape_of_a_monitoring_cube() -> None:
    rng = np.random.default_rng(1)
    cube = rng.poisson(rng.uniform(0.5, 3000, size=(350, 40, 1)), size=(350, 40, 12))
    ci = count_interval(cube, 0.998)
    assert ci.lower.shape == ci.upper.shape == ci.method.shape == cube.shape
    for index in [(0, 0, 0), (10, 3, 7), (349, 39, 11)]:
        one = count_interval(int(cube[index]), 0.998)
        # numpy's vector kernels may differ from scalar code in the last bit.
        assert ci.lower[index] == pytest.approx(float(one.lower), rel=1e-13)
        assert ci.upper[index] == pytest.approx(float(one.upper), rel=1e-13)
        assert ci.method[index] == str(one.method)


def test_a_scalar_gives_zero_dimensional_arrays() -> None:
    ci = count_interval(12)
    assert ci.lower.shape == ()
    assert ci.method.shape == ()
    assert isinstance(float(ci.lower), float)


@settings(deadline=None)
@given(counts)
def test_count_interval_contains_the_observed_count(o: int) -> None:
    for level in (0.95, 0.998):
        lower, upper, _ = count_interval(o, level)
        assert float(lower) <= o <= float(upper)
        assert float(lower) >= 0


@settings(deadline=None)
@given(counts)
def test_99_8_percent_interval_is_wider_than_95_percent(o: int) -> None:
    narrow = count_interval(o, 0.95)
    wide = count_interval(o, 0.998)
    assert float(wide.lower) <= float(narrow.lower)
    assert float(wide.upper) > float(narrow.upper)
    if o > 0:
        assert float(wide.lower) < float(narrow.lower)


@settings(deadline=None)
@given(st.lists(counts, min_size=1, max_size=30))
def test_vectorised_call_equals_scalar_calls(values: list[int]) -> None:
    ci = count_interval(values)
    for i, o in enumerate(values):
        one = count_interval(o)
        assert ci.lower[i] == pytest.approx(float(one.lower), rel=1e-13)
        assert ci.upper[i] == pytest.approx(float(one.upper), rel=1e-13)
        assert ci.method[i] == str(one.method)


# Rates


def test_rate_interval_is_the_count_interval_per_thousand() -> None:
    r = rate_interval([9, 2700], [4000, 120_000], per=1000)
    ci = count_interval([9, 2700])
    np.testing.assert_allclose(r.rate, [9 / 4000 * 1000, 22.5])
    np.testing.assert_allclose(r.lower, ci.lower / [4000, 120_000] * 1000)
    np.testing.assert_allclose(r.upper, ci.upper / [4000, 120_000] * 1000)
    assert r.method.tolist() == ["exact Poisson", "Byar"]
    assert float(r.lower[1]) == pytest.approx(2599.1 / 120, abs=0.001)


def test_rate_interval_per_hundred_thousand() -> None:
    r = rate_interval(2700, 120_000, per=100_000)
    assert float(r.rate) == pytest.approx(2250.0)
    assert float(r.upper) == pytest.approx(2803.8057 / 1.2, rel=1e-6)


@pytest.mark.parametrize("denominator", [0, -5])
def test_rate_interval_refuses_a_non_positive_denominator(denominator: int) -> None:
    with pytest.raises(ValueError, match="denominator"):
        rate_interval(10, denominator)


def test_rate_interval_refuses_a_non_positive_per() -> None:
    with pytest.raises(ValueError, match="per"):
        rate_interval(10, 1000, per=0)


# Wilson


def test_wilson_matches_newcombe_1998_example() -> None:
    # Newcombe (1998), 81 of 263: score interval 0.2553 to 0.3662.
    lower, upper = wilson_interval(81, 263)
    assert float(lower) == pytest.approx(0.2553, abs=5e-5)
    assert float(upper) == pytest.approx(0.3662, abs=5e-5)


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_wilson_limits_solve_the_score_equation(level: float) -> None:
    # The Wilson limits are the pi with (p - pi)^2 = z^2 pi (1 - pi) / n.
    x, n = np.array([0, 1, 17, 50, 99, 100]), 100
    z = sps.norm.ppf(0.5 + level / 2)
    p = x / n
    for pi in wilson_interval(x, n, level):
        np.testing.assert_allclose((p - pi) ** 2, z**2 * pi * (1 - pi) / n, atol=1e-12)


def test_wilson_extremes_are_exactly_zero_and_one() -> None:
    lower, upper = wilson_interval([0, 20], [20, 20])
    assert lower[0] == 0.0
    assert upper[1] == 1.0
    assert 0 < upper[0] < 1
    assert 0 < lower[1] < 1


@pytest.mark.parametrize(
    ("x", "n", "message"),
    [(5, 4, "must not exceed"), (0, 0, "trials"), (-1, 10, "successes"), (2.5, 10, "whole")],
)
def test_wilson_refuses_impossible_inputs(x: float, n: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wilson_interval(x, n)


@settings(deadline=None)
@given(st.integers(1, 10_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_bounds_lie_in_zero_one_around_the_proportion(xn: tuple[int, int]) -> None:
    x, n = xn
    for level in (0.95, 0.998):
        lower, upper = wilson_interval(x, n, level)
        assert 0.0 <= float(lower) <= x / n <= float(upper) <= 1.0
    wide, narrow = wilson_interval(x, n, 0.998), wilson_interval(x, n, 0.95)
    assert float(wide.lower) <= float(narrow.lower)
    assert float(wide.upper) >= float(narrow.upper)
