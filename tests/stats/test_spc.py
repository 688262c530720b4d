"""XmR charts: limits, screening, the four rules, warnings, rebasing and assurance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cdrpkit.stats import Rebase, assurance, variation, xmr, xmr_batch

# Twelve points with mean exactly 10 and every moving range 2: AMR 2, limits 10 +/- 5.32,
# near-limit lines 10 +/- 3.5467. It ends below the mean, so it starts no run above it.
BASE = [11.0, 9.0] * 6


def test_limits_mean_and_amr_by_hand() -> None:
    chart = xmr(BASE)
    assert chart.mean == pytest.approx(np.full(12, 10.0))
    assert chart.amr == pytest.approx(np.full(12, 2.0))
    assert chart.upper_limit == pytest.approx(np.full(12, 15.32))
    assert chart.lower_limit == pytest.approx(np.full(12, 4.68))
    assert chart.upper_near == pytest.approx(np.full(12, 10 + 2 / 3 * 5.32))
    assert chart.lower_near == pytest.approx(np.full(12, 10 - 2 / 3 * 5.32))
    assert np.isnan(chart.moving_ranges[0])
    assert chart.moving_ranges[1:] == pytest.approx(np.full(11, 2.0))
    assert chart.warnings == ()
    assert (chart.special_cause == 0).all()


def test_a_huge_moving_range_is_screened_out_of_the_amr() -> None:
    values = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30]
    chart = xmr(values)
    # Moving ranges 2,1,2,1,1,1,2,1,2,1,18: AMR 32/11, and 18 >= 3.267 x 32/11 goes.
    assert chart.amr[0] == pytest.approx(14 / 10)
    assert chart.moving_range_used.tolist() == [False] + [True] * 10 + [False]
    assert chart.mean[0] == pytest.approx(157 / 12)
    assert chart.upper_limit[0] == pytest.approx(157 / 12 + 2.66 * 1.4)
    assert chart.special_cause[-1] == 1


def test_a_constant_series_has_zero_width_limits_and_no_screening() -> None:
    chart = xmr([5.0] * 12 + [6.0], baseline_points=12)
    assert chart.amr[0] == 0.0
    assert chart.upper_limit[0] == chart.lower_limit[0] == 5.0
    assert chart.moving_range_used[1:12].all()
    assert chart.rule_1.tolist() == [False] * 12 + [True]


def test_baseline_points_fix_the_limits_from_the_first_points() -> None:
    values = [*BASE[:6], 30.0, 2.0, 30.0, 2.0, 30.0, 2.0, 30.0]
    chart = xmr(values, baseline_points=6)
    assert chart.mean[0] == pytest.approx(10.0)
    assert chart.amr[-1] == pytest.approx(2.0)
    assert chart.moving_range_used.tolist() == [False] + [True] * 5 + [False] * 7
    assert chart.warnings == ("fewer than 12 points: trial limits",)


# Rule 1


def test_rule_1_a_point_beyond_a_limit() -> None:
    chart = xmr([*BASE, 16.0, 4.0], baseline_points=12)
    assert chart.rule_1.tolist() == [False] * 12 + [True, True]
    assert chart.special_cause[-2:].tolist() == [1, 1]
    assert chart.direction[-2:].tolist() == [1, -1]


def test_rule_1_a_point_exactly_on_a_limit_is_not_beyond_it() -> None:
    upper = float(xmr(BASE).upper_limit[0])
    on = xmr([*BASE, upper], baseline_points=12)
    assert not on.rule_1[-1]
    beyond = xmr([*BASE, float(np.nextafter(upper, np.inf))], baseline_points=12)
    assert beyond.rule_1[-1]


# Rule 2

WIDE = [0.0, 10.0] * 6  # mean 5, AMR 10: limits 5 +/- 26.6, so nothing else fires.


def test_rule_2_seven_points_strictly_rising() -> None:
    chart = xmr([*WIDE, 2, 3, 4, 5, 6, 7, 8], baseline_points=12)
    assert chart.rule_2.tolist() == [False] * 12 + [True] * 7
    assert chart.special_cause[12:].tolist() == [2] * 7
    assert chart.direction[12:].tolist() == [1] * 7
    assert not chart.rule_4.any()  # the run crosses the mean (5 is on it)


def test_rule_2_seven_points_strictly_falling() -> None:
    chart = xmr([*WIDE, 8, 7, 6, 5, 4, 3, 2], baseline_points=12)
    assert chart.rule_2[12:].all()
    assert chart.direction[12:].tolist() == [-1] * 7


def test_rule_2_six_rising_points_are_not_enough() -> None:
    assert not xmr([*WIDE, 2, 3, 4, 5, 6, 7], baseline_points=12).rule_2.any()


def test_rule_2_an_equal_neighbour_breaks_the_trend() -> None:
    assert not xmr([*WIDE, 2, 3, 4, 4, 5, 6, 7, 8], baseline_points=12).rule_2.any()


# Rule 3


# NHSRplotthedots (R/ptd_calculate_point_type.R, ptd_two_in_three, and
# R/ptd_spc_standard.R, close_to_limits, at commit 050b07d): three consecutive points all
# on one side of the mean, two or more of them beyond the near line but inside the limit.


def test_rule_3_two_of_three_close_to_a_limit_on_one_side() -> None:
    # BASE ends at 9 (below the mean), so the window (9, 6, 6) is all below.
    low = xmr([*BASE, 6.0, 6.0], baseline_points=12)
    assert low.rule_3.tolist() == [False] * 12 + [True, True]
    assert low.direction[-2:].tolist() == [-1, -1]
    chart = xmr([*BASE, 11.0, 14.0, 12.0, 14.0], baseline_points=12)
    assert chart.rule_3.tolist() == [False] * 13 + [True, False, True]
    assert chart.special_cause[12:].tolist() == [0, 3, 0, 3]
    assert chart.direction[12:].tolist() == [0, 1, 0, 1]
    assert not chart.rule_1.any()


def test_rule_3_a_point_across_the_mean_breaks_the_window() -> None:
    # The code before this fix flagged both 14s: two beyond the upper near line within
    # three points, although the point between them is below the mean.
    assert not xmr([*BASE, 14.0, 9.0, 14.0], baseline_points=12).rule_3.any()
    # A point exactly on the mean is on neither side, and breaks it too.
    assert not xmr([*BASE, 14.0, 10.0, 14.0], baseline_points=12).rule_3.any()
    assert not xmr([*BASE, 14.0, 10.0, 10.0, 14.0], baseline_points=12).rule_3.any()
    assert not xmr([*BASE, 14.0, 6.0], baseline_points=12).rule_3.any()


def test_rule_3_does_not_count_a_point_beyond_the_limit() -> None:
    # 16 is beyond the upper limit 15.32: rule 1's, and not "close to" the limit, so 14
    # has no partner. The code before this fix flagged 14 by rule 3.
    chart = xmr([*BASE, 11.0, 16.0, 14.0], baseline_points=12)
    assert chart.rule_1[-2:].tolist() == [True, False]
    assert not chart.rule_3.any()
    assert chart.special_cause[-2:].tolist() == [1, 0]


def test_rule_3_needs_a_whole_window_of_three() -> None:
    # Two close points that are the whole series have no third point beside them.
    assert not xmr([14.0, 14.0]).rule_3.any()


# Rule 4


def test_rule_4_seven_points_on_one_side_of_the_mean() -> None:
    chart = xmr([*BASE, *[10.5] * 7], baseline_points=12)
    assert chart.rule_4.tolist() == [False] * 12 + [True] * 7
    assert chart.special_cause[12:].tolist() == [4] * 7
    assert chart.direction[12:].tolist() == [1] * 7
    assert not xmr([*BASE, *[10.5] * 6], baseline_points=12).rule_4.any()


def test_rule_4_a_point_exactly_on_the_mean_breaks_the_run() -> None:
    broken = xmr([*BASE, *[10.5] * 3, 10.0, *[10.5] * 3], baseline_points=12)
    assert broken.mean[0] == 10.0
    assert not broken.rule_4.any()
    # The same with the middle point a little above the mean is a run of 7.
    unbroken = xmr([*BASE, *[10.5] * 3, 10.2, *[10.5] * 3], baseline_points=12)
    assert unbroken.rule_4[12:].all()


def test_rule_1_takes_precedence_over_rule_4() -> None:
    chart = xmr([*BASE, *[10.5] * 6, 16.0], baseline_points=12)
    assert chart.rule_4[12:].all()
    assert chart.rule_1[-1]
    assert chart.special_cause[12:].tolist() == [4] * 6 + [1]


# Warnings


def test_fewer_than_twelve_points_gives_trial_limits() -> None:
    assert xmr(BASE[:11]).warnings == ("fewer than 12 points: trial limits",)
    assert xmr(BASE).warnings == ()


# Rebasing

SECOND = [21.0, 19.0, 22.0, 18.0, 20.0, 21.0, 19.0, 20.0, 22.0, 18.0, 21.0, 19.0]


def test_rebasing_gives_each_segment_its_own_limits() -> None:
    chart = xmr(BASE + SECOND, rebase_at=[(12, "new recording standard")])
    first, second = xmr(BASE), xmr(SECOND)
    assert chart.rebases == (Rebase(12, "new recording standard"),)
    assert chart.segment.tolist() == [0] * 12 + [1] * 12
    assert np.isnan(chart.moving_ranges[12])
    for field in ("mean", "amr", "upper_limit", "lower_limit", "special_cause"):
        joined = np.concatenate([getattr(first, field), getattr(second, field)])
        np.testing.assert_array_equal(getattr(chart, field), joined)
    assert chart.warnings == ()


def test_there_is_no_automatic_rebase() -> None:
    chart = xmr(BASE + SECOND)
    assert chart.rebases == ()
    assert (chart.segment == 0).all()
    assert chart.rule_4[12:].all()


def test_runs_do_not_cross_a_rebase() -> None:
    first = [*BASE, *[10.5] * 4]
    second = [*[10.5] * 3, *BASE[:9]]
    assert xmr(first + second, baseline_points=12).rule_4[12:19].all()
    chart = xmr(first + second, baseline_points=12, rebase_at=[(16, "boundary change")])
    assert not chart.rule_4.any()


def test_a_short_rebased_segment_gets_its_own_trial_warning() -> None:
    chart = xmr(BASE + SECOND[:5], rebase_at=[(12, "merger of two districts")])
    assert chart.warnings == ("fewer than 12 points: trial limits (segment from point 12)",)


@pytest.mark.parametrize(
    "rebase_at",
    [
        [(0, "start")],
        [(24, "past the end")],
        [(5, "")],
        [(5, "   ")],
        [(5, None)],
        [(5.0, "float index")],
        [(5, "a"), (5, "b")],
        [(23, "leaves one point")],
    ],
)
def test_bad_rebases_are_refused(rebase_at: list[tuple[object, object]]) -> None:
    with pytest.raises(ValueError, match=r"rebase|segment"):
        xmr(BASE + SECOND, rebase_at=rebase_at)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ([1.0, np.nan, 2.0], {}, "needs every point"),
        ([[1.0, 2.0], [3.0, 4.0]], {}, "one series"),
        ([1.0], {}, "at least 2"),
        ([1.0, 2.0, 3.0], {"baseline_points": 1}, "baseline_points"),
    ],
)
def test_bad_series_are_refused(values: object, kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        xmr(values, **kwargs)  # type: ignore[arg-type]


# Assurance and variation


@pytest.mark.parametrize(
    ("target", "higher_is_better", "verdict"),
    [
        (16.0, False, "consistently passing"),
        (4.0, False, "consistently failing"),
        (10.0, False, "inconsistent"),
        (4.0, True, "consistently passing"),
        (16.0, True, "consistently failing"),
        (10.0, True, "inconsistent"),
    ],
)
def test_assurance(target: float, higher_is_better: bool, verdict: str) -> None:
    assert assurance(xmr(BASE), target, higher_is_better) == verdict


def test_assurance_target_exactly_on_a_limit_is_inconsistent() -> None:
    chart = xmr(BASE)
    upper, lower = float(chart.upper_limit[-1]), float(chart.lower_limit[-1])
    assert assurance(chart, upper, higher_is_better=False) == "inconsistent"
    assert assurance(chart, lower, higher_is_better=True) == "inconsistent"
    assert assurance(chart, float(np.nextafter(upper, np.inf)), False) == "consistently passing"


def test_assurance_uses_the_limits_of_the_latest_segment() -> None:
    chart = xmr(BASE + SECOND, rebase_at=[(12, "new recording standard")])
    # 12 is inside the first segment's limits (4.68 to 15.32), below the second's.
    assert assurance(xmr(BASE), 12.0, higher_is_better=False) == "inconsistent"
    assert assurance(chart, 12.0, higher_is_better=False) == "consistently failing"


def test_assurance_needs_a_polarity() -> None:
    with pytest.raises(ValueError, match="polarity"):
        assurance(xmr(BASE), 16.0, 1)  # type: ignore[arg-type]


def test_variation_names_improvement_and_concern_by_polarity() -> None:
    chart = xmr([*BASE, 16.0, 10.0, 4.0], baseline_points=12)
    assert variation(chart, False)[-3:].tolist() == ["concern", "common cause", "improvement"]
    assert variation(chart, True)[-3:].tolist() == ["improvement", "common cause", "concern"]


def test_a_neutral_polarity_names_only_the_side_of_a_special_cause() -> None:
    chart = xmr([*BASE, 16.0, 10.0, 4.0], baseline_points=12)
    assert variation(chart, None)[-3:].tolist() == [
        "special cause (high)", "common cause", "special cause (low)"]
    batch = xmr_batch([[*BASE, 16.0], [*BASE, 4.0]], baseline_points=12)
    polarities = np.array([None, True], dtype=object)
    assert variation(batch, polarities)[:, -1].tolist() == ["special cause (high)", "concern"]


def test_a_neutral_polarity_has_no_assurance() -> None:
    assert assurance(xmr(BASE), 20.0, None) == "no direction"
    batch = xmr_batch([BASE, BASE])
    assert assurance(batch, [20.0, 20.0], [None, False]).tolist() == [
        "no direction", "consistently passing"]


@pytest.mark.parametrize("bad", [1, 0, "lower", 1.0, [True, 1]])
def test_a_polarity_is_true_false_or_none_only(bad: object) -> None:
    with pytest.raises(ValueError, match=r"True .*False .*None"):
        variation(xmr(BASE), bad)  # type: ignore[arg-type]


# The vectorised rules against a plain loop over every window


def _oracle(
    x: np.ndarray, mean: float, upper: float, lower: float, near: float
) -> list[list[bool]]:
    n = len(x)
    r1 = [bool(v > upper or v < lower) for v in x]
    r2, r3, r4 = [False] * n, [False] * n, [False] * n
    for j in range(n - 6):
        w = x[j : j + 7]
        if all(w[k + 1] > w[k] for k in range(6)) or all(w[k + 1] < w[k] for k in range(6)):
            r2[j : j + 7] = [True] * 7
        if all(v > mean for v in w) or all(v < mean for v in w):
            r4[j : j + 7] = [True] * 7
    for j in range(n - 2):
        for side in (1, -1):
            window = range(j, j + 3)
            if not all(side * (x[i] - mean) > 0 for i in window):
                continue
            hits = [i for i in window if side * (x[i] - mean) > near and not r1[i]]
            if len(hits) >= 2:
                for h in hits:
                    r3[h] = True
    return [r1, r2, r3, r4]


@settings(deadline=None, max_examples=300)
@given(st.lists(st.integers(0, 6), min_size=2, max_size=40))
def test_rules_agree_with_a_plain_loop(values: list[int]) -> None:
    x = np.array(values, dtype=float)
    chart = xmr(x)
    width = 2.66 * chart.amr[0]
    expected = _oracle(x, chart.mean[0], chart.upper_limit[0], chart.lower_limit[0], 2 / 3 * width)
    got = [chart.rule_1, chart.rule_2, chart.rule_3, chart.rule_4]
    for rule, (want, have) in enumerate(zip(expected, got, strict=True), start=1):
        assert have.tolist() == want, f"rule {rule}"
    first = [next((r for r in range(4) if expected[r][i]), -1) + 1 for i in range(len(x))]
    assert chart.special_cause.tolist() == first


@settings(deadline=None, max_examples=150)
@given(st.integers(2, 30).flatmap(
    lambda n: st.lists(st.lists(st.integers(0, 6), min_size=n, max_size=n),
                       min_size=1, max_size=6)))
def test_a_batch_gives_each_series_the_chart_xmr_gives_it(rows: list[list[int]]) -> None:
    batch = xmr_batch(np.array(rows, dtype=float))
    for i, values in enumerate(rows):
        one, mine = xmr(values), batch.series(i)
        for name in one.__dataclass_fields__:
            a, b = getattr(one, name), getattr(mine, name)
            if isinstance(a, np.ndarray):
                np.testing.assert_array_equal(a, b, err_msg=name)
            else:
                assert a == b, name


def test_a_batch_takes_one_polarity_and_target_per_series() -> None:
    rising = [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30]
    batch = xmr_batch([rising, rising])
    assert variation(batch, np.array([True, False]))[:, -1].tolist() == [
        "improvement", "concern"]
    assert assurance(batch, np.array([40.0, 40.0]), np.array([True, False])).tolist() == [
        "consistently failing", "consistently passing"]
    assert assurance(batch.series(0), 40.0, True) == "consistently failing"


@pytest.mark.parametrize("values", [[1.0, 2.0, 3.0], [[1.0]], [[1.0, np.nan, 2.0]]])
def test_a_batch_needs_rows_of_two_or_more_present_points(values: object) -> None:
    with pytest.raises(ValueError, match="values"):
        xmr_batch(values)  # type: ignore[arg-type]
