"""The interval overlap rule for an actual against an expected value."""

from __future__ import annotations

import numpy as np
import pytest

from cdrpkit.stats import COMPARISONS, compare_codes, compare_to_expected, count_interval


def test_burglary_outturn_is_not_significantly_different_from_trajectory() -> None:
    expected = 2806 * 0.94
    assert expected == pytest.approx(2637.6, abs=0.05)
    lower, upper, _ = count_interval(2700)
    assert str(compare_to_expected(lower, upper, expected, higher_is_better=False)) == "same"


@pytest.mark.parametrize("higher_is_better", [True, False])
def test_expected_exactly_on_either_limit_is_inside(higher_is_better: bool) -> None:
    out = compare_to_expected([10.0, 10.0], [20.0, 20.0], [10.0, 20.0], higher_is_better)
    assert out.tolist() == ["same", "same"]


@pytest.mark.parametrize(
    ("expected", "higher_is_better", "status"),
    [
        # Actual significantly above the expected value.
        (np.nextafter(10.0, 0), True, "better"),
        (np.nextafter(10.0, 0), False, "worse"),
        # Actual significantly below the expected value.
        (np.nextafter(20.0, 30), True, "worse"),
        (np.nextafter(20.0, 30), False, "better"),
    ],
)
def test_just_outside_the_interval_follows_polarity(
    expected: float, higher_is_better: bool, status: str
) -> None:
    assert str(compare_to_expected(10.0, 20.0, expected, higher_is_better)) == status


def test_polarity_may_differ_per_row() -> None:
    out = compare_to_expected([10, 10, 10], [20, 20, 20], [5, 5, 15], [True, False, True])
    assert out.tolist() == ["better", "worse", "same"]


def test_missing_values_give_no_data() -> None:
    out = compare_to_expected([np.nan, 10, 10], [20, 20, 20], [15, np.nan, 15], False)
    assert out.tolist() == ["no data", "no data", "same"]


@pytest.mark.parametrize("polarity", [1, 0, "lower", 1.0, [True, 0]])
def test_polarity_must_be_true_false_or_none(polarity: object) -> None:
    with pytest.raises(ValueError, match="polarity is never assumed"):
        compare_to_expected(10, 20, 15, polarity)  # type: ignore[arg-type]


def test_a_neutral_polarity_says_different_never_better_or_worse() -> None:
    out = compare_to_expected([10, 10, 10, np.nan], [20, 20, 20, 20], [5, 25, 15, 15], None)
    assert out.tolist() == ["different", "different", "same", "no data"]
    mixed = [True, None, False]
    assert compare_to_expected([10] * 3, [20] * 3, [5] * 3, mixed).tolist() == [
        "better", "different", "worse"]
    assert compare_codes([10] * 3, [20] * 3, [5] * 3, mixed).tolist() == [1, 4, 2]
    assert COMPARISONS[4] == "different"


def test_polarity_has_no_default() -> None:
    with pytest.raises(TypeError):
        compare_to_expected(10, 20, 15)  # type: ignore[call-arg]


def test_inverted_interval_is_refused() -> None:
    with pytest.raises(ValueError, match="must not exceed actual_upper"):
        compare_to_expected([10, 30], [20, 25], 15, True)


def test_shape_follows_broadcasting() -> None:
    lower = np.full((3, 4), 10.0)
    upper = np.full((3, 4), 20.0)
    expected = np.array([5.0, 15.0, 25.0, 15.0])
    out = compare_to_expected(lower, upper, expected, np.array([True, True, True, False]))
    assert out.shape == (3, 4)
    assert out[2].tolist() == ["better", "same", "worse", "same"]
