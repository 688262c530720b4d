"""Overdispersion: the dispersion factor and intervals widened by sqrt(phi)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize

from cdrpkit.stats import count_interval, count_limits, dispersion_factor, rate_interval


def test_a_dispersion_of_one_changes_nothing() -> None:
    observed = [0, 3, 9, 10, 241, 2700]
    plain = count_limits(observed)
    same = count_limits(observed, dispersion=1.0)
    np.testing.assert_array_equal(plain.lower, same.lower)
    np.testing.assert_array_equal(plain.upper, same.upper)
    assert count_interval(observed, dispersion=1).method.tolist() == (
        count_interval(observed).method.tolist())


def test_a_dispersion_of_four_doubles_each_half_width() -> None:
    # Byar's 95% interval for 2,700 is 2,599.1 to 2,803.8 (shared/reference/statistics.md):
    # half-widths 100.9 below and 103.8 above become 201.8 and 207.6.
    plain = count_interval(2700)
    wide = count_interval(2700, dispersion=4)
    assert 2700 - float(wide.lower) == pytest.approx(2 * (2700 - float(plain.lower)))
    assert float(wide.upper) - 2700 == pytest.approx(2 * (float(plain.upper) - 2700))
    assert float(wide.lower) == pytest.approx(2498.2, abs=0.05)
    assert str(wide.method) == "Byar widened by sqrt(dispersion)"


def test_widening_never_takes_a_count_below_zero() -> None:
    lower, upper = count_limits([0, 2], dispersion=9)
    assert lower.tolist() == [0.0, 0.0]
    plain = count_limits([0, 2])
    assert upper == pytest.approx(np.array([0, 2]) + 3 * (plain.upper - np.array([0, 2])))


def test_dispersion_per_element_and_for_rates() -> None:
    lower, _ = count_limits([2700, 2700], dispersion=[1, 4])
    assert lower[1] < lower[0]
    r = rate_interval(2700, 120_000, per=1000, dispersion=4)
    plain = rate_interval(2700, 120_000, per=1000)
    half, plain_half = float(r.rate) - float(r.lower), float(plain.rate) - float(plain.lower)
    assert half == pytest.approx(2 * plain_half)


@pytest.mark.parametrize("bad", [0.5, 0, -1, np.inf, np.nan])
def test_a_dispersion_below_one_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="dispersion"):
        count_limits(10, dispersion=bad)


def test_the_factor_is_pearsons_chi_square_over_its_degrees_of_freedom() -> None:
    # Mean 15.8; chi-square = sum (y - 15.8)^2 / 15.8 on 4 df.
    y = np.array([10.0, 30, 6, 25, 8])
    d = dispersion_factor(y)
    chi2 = ((y - 15.8) ** 2 / 15.8).sum()
    assert float(d.chi_square) == pytest.approx(chi2)
    assert float(d.df) == 4
    assert float(d.estimate) == pytest.approx(chi2 / 4)
    assert float(d.factor) == float(d.estimate)


def test_underdispersion_is_floored_at_one() -> None:
    d = dispersion_factor([100, 101, 99, 100])
    assert float(d.estimate) < 1
    assert float(d.factor) == 1.0


def test_poisson_counts_give_about_one_and_overdispersed_counts_more() -> None:
    rng = np.random.default_rng(13)
    poisson = rng.poisson(200, size=(2000, 12))
    assert dispersion_factor(poisson).estimate.mean() == pytest.approx(1.0, abs=0.02)
    # Negative binomial with mean 200 and variance 200 + 200^2 / 50 = 1000: phi about 5.
    gamma = rng.gamma(50, 200 / 50, size=(2000, 12))
    overdispersed = rng.poisson(gamma)
    assert dispersion_factor(overdispersed).estimate.mean() == pytest.approx(5.0, rel=0.05)


def test_about_a_trend_a_steady_fall_is_not_overdispersion() -> None:
    y = np.array([400.0, 360, 330, 290, 265, 240, 215, 195])
    assert float(dispersion_factor(y).estimate) > 10  # about the mean: the fall counts
    d = dispersion_factor(y, about="trend")
    assert float(d.df) == 6
    # The Poisson log-linear fit by direct maximisation of the likelihood.
    t = np.arange(8.0)

    def nll(ab: np.ndarray) -> float:
        mu = np.exp(ab[0] + ab[1] * t)
        return float((mu - y * np.log(mu)).sum())

    fit = optimize.minimize(nll, x0=[6.0, -0.1], method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 10_000})
    mu = np.exp(fit.x[0] + fit.x[1] * t)
    assert float(d.chi_square) == pytest.approx(((y - mu) ** 2 / mu).sum(), rel=1e-5)
    assert float(d.estimate) < 1.5


def test_too_few_points_or_no_events_give_nan() -> None:
    assert np.isnan(dispersion_factor([5]).factor)
    assert np.isnan(dispersion_factor([5, 6], about="trend").factor)
    assert np.isnan(dispersion_factor([0, 0, 0]).factor)
    missing = dispersion_factor([10, np.nan, 14, 6, 12, 8])
    assert float(missing.df) == 4
    with pytest.raises(ValueError, match="about"):
        dispersion_factor([1, 2, 3], about="median")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="whole number"):
        dispersion_factor([1.5, 2, 3])
