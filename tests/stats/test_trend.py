"""The five-point weighted trend test of the public-health profiles."""

from __future__ import annotations

import numpy as np
import pytest

from cdrpkit.stats import byar_interval, trend_significance


def _chi_square(y: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> float:
    # Independent route: numpy's weighted polyfit (weights are 1/sigma) with its covariance.
    se = (upper - lower) / 3.92
    coef, cov = np.polyfit(np.arange(1.0, 6.0), y, 1, w=1 / se, cov="unscaled")
    return float(coef[0] ** 2 / cov[0, 0])


def test_a_steady_rise_in_counts_is_increasing() -> None:
    y = np.array([2400, 2520, 2650, 2700, 2850])
    lower, upper = byar_interval(y)
    assert _chi_square(y, lower, upper) > 9.5495
    assert str(trend_significance(y, lower, upper)) == "increasing"
    falling = y[::-1].copy()
    lo, hi = byar_interval(falling)
    assert str(trend_significance(falling, lo, hi)) == "decreasing"


def test_a_flat_series_has_no_significant_change() -> None:
    y = np.array([2700, 2650, 2720, 2690, 2705])
    lower, upper = byar_interval(y)
    assert str(trend_significance(y, lower, upper)) == "no significant change"


def test_the_threshold_is_9_5495() -> None:
    y = np.array([100.0, 104, 106, 111, 113])
    half = np.full(5, 5.0)
    chi = _chi_square(y, y - half, y + half)
    # Chi-square scales with 1 / SE^2: widen the intervals to put it either side of 9.5495.
    just_above = half * np.sqrt(chi / (9.5495 * 1.001))
    just_below = half * np.sqrt(chi / (9.5495 * 0.999))
    assert str(trend_significance(y, y - just_above, y + just_above)) == "increasing"
    assert str(trend_significance(y, y - just_below, y + just_below)) == "no significant change"


def test_a_slope_that_vanishes_when_a_point_is_dropped_is_not_significant() -> None:
    y = np.array([100.0, 100, 100, 100, 200])
    half = np.full(5, 1.0)
    assert _chi_square(y, y - half, y + half) > 9.5495
    # Dropping the last point leaves a flat line: the sign is not stable.
    assert str(trend_significance(y, y - half, y + half)) == "no significant change"


def test_only_the_last_five_points_count() -> None:
    y = np.array([2400, 2520, 2650, 2700, 2850])
    longer = np.concatenate([[9000, 10], y])
    lo, hi = byar_interval(longer)
    assert str(trend_significance(longer, lo, hi)) == "increasing"


@pytest.mark.parametrize(
    ("y", "lower", "upper"),
    [
        ([10, 12, 11, 13], [5, 6, 5, 7], [18, 21, 19, 22]),
        ([10, 12, np.nan, 13, 14], [5, 6, 5, 7, 8], [18, 21, 19, 22, 23]),
        ([10, 12, 11, 13, 14], [5, 6, 11, 7, 8], [18, 21, 11, 22, 23]),
    ],
)
def test_cannot_be_calculated(y: list[float], lower: list[float], upper: list[float]) -> None:
    assert str(trend_significance(y, lower, upper)) == "cannot be calculated"


def test_trend_is_vectorised_over_series() -> None:
    rising = np.array([2400, 2520, 2650, 2700, 2850])
    flat = np.array([2700, 2650, 2720, 2690, 2705])
    y = np.stack([rising, flat, rising[::-1]])
    lower, upper = byar_interval(y)
    out = trend_significance(y, lower, upper)
    assert out.tolist() == ["increasing", "no significant change", "decreasing"]


def test_inverted_intervals_are_refused() -> None:
    with pytest.raises(ValueError, match="upper95"):
        trend_significance([1, 2, 3, 4, 5], [2, 3, 4, 5, 7], [1, 2, 3, 4, 6])
