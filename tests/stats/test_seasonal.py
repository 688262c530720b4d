"""Seasonal profiles estimated from past quarterly counts."""

from __future__ import annotations

import numpy as np
import pytest

from cdrpkit.stats import EQUAL_PROFILE, quarterly_profile


def test_the_profile_is_the_mean_share_of_each_quarter_over_whole_years() -> None:
    first, second = [100, 200, 300, 400], [300, 300, 200, 200]
    p = quarterly_profile(first + second)
    # Shares 0.1 0.2 0.3 0.4 and 0.3 0.3 0.2 0.2: each year weighs the same.
    assert p.weights == pytest.approx([0.2, 0.25, 0.25, 0.3])
    assert int(p.years) == 2
    assert float(p.weights.sum()) == pytest.approx(1.0)


def test_partial_years_are_left_out() -> None:
    # Starting at Q3: the first two quarters and the last one belong to no whole year.
    p = quarterly_profile([999, 999, 100, 200, 300, 400, 999], first_quarter=3)
    assert p.weights == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert int(p.years) == 1


def test_a_year_with_a_missing_quarter_or_no_events_is_left_out() -> None:
    p = quarterly_profile([100, 200, 300, 400, 5, np.nan, 5, 5, 0, 0, 0, 0])
    assert p.weights == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert int(p.years) == 1


def test_no_whole_year_gives_nan_and_equal_is_a_quarter_each() -> None:
    p = quarterly_profile([1, 2, 3])
    assert np.isnan(p.weights).all() and int(p.years) == 0
    assert sum(EQUAL_PROFILE) == 1.0


def test_many_series_at_once() -> None:
    rows = np.array([[100, 200, 300, 400], [25, 25, 25, 25]])
    p = quarterly_profile(rows)
    assert p.weights.shape == (2, 4)
    assert p.weights[1] == pytest.approx(EQUAL_PROFILE)
    assert p.years.tolist() == [1, 1]


@pytest.mark.parametrize("first", [0, 5, True])
def test_first_quarter_must_be_one_to_four(first: int) -> None:
    with pytest.raises(ValueError, match="first_quarter"):
        quarterly_profile([1, 2, 3, 4], first_quarter=first)
