"""The SDG progress measure and the compound-trend forecast."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from cdrpkit.stats import (
    PROGRESS_STATUSES,
    cagr,
    forecast_at,
    progress,
    progress_ratio,
    progress_status,
)

# Burglary: 2,806 in 2004/05 to at most 2,331 by 2007/08; 2,700 in 2005/06.
BURGLARY = {"base": 2806, "latest": 2700, "years_elapsed": 1, "target": 2331, "years_to_target": 3}


def test_required_and_observed_growth_of_the_worked_example() -> None:
    assert float(cagr(2806, 2331, 3)) == pytest.approx(-0.05995, abs=5e-6)
    assert float(cagr(2806, 2700, 1)) == pytest.approx(-0.0378, abs=5e-5)


def test_progress_ratio_of_the_worked_example() -> None:
    r = float(progress_ratio(**BURGLARY, higher_is_better=False))
    assert r == pytest.approx(0.63, abs=0.005)
    assert r == pytest.approx((1 - 2700 / 2806) / (1 - (2331 / 2806) ** (1 / 3)), rel=1e-12)


def test_status_of_the_worked_example_is_moderate_progress() -> None:
    r = progress_ratio(**BURGLARY, higher_is_better=False)
    assert str(progress_status(r, 2700, 2331, higher_is_better=False)) == "moderate progress"


def test_higher_is_better_uses_the_sign_of_the_growth() -> None:
    # Sanction detection rate 23% to 26.25% over 3 years; 24% after one year.
    r = float(progress_ratio(23, 24, 1, 26.25, 3, higher_is_better=True))
    assert r == pytest.approx((24 / 23 - 1) / ((26.25 / 23) ** (1 / 3) - 1), rel=1e-12)
    assert r > 0.95
    falling = float(progress_ratio(23, 22, 1, 26.25, 3, higher_is_better=True))
    assert falling < 0


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (1.5, "on track"),
        (0.95, "on track"),
        (np.nextafter(0.95, 0), "moderate progress"),
        (0.60, "moderate progress"),
        (np.nextafter(0.60, 0), "limited progress"),
        (0.0, "limited progress"),
        (-0.0, "limited progress"),
        (np.nextafter(0.0, -1), "deteriorating"),
        (-np.inf, "deteriorating"),
        (np.nan, "insufficient data"),
    ],
)
def test_each_threshold_boundary_belongs_to_the_better_status(ratio: float, status: str) -> None:
    assert str(progress_status(ratio, 2700, 2331, False)) == status


@pytest.mark.parametrize(("latest", "higher_is_better"), [(2331, False), (26.25, True)])
def test_a_value_exactly_on_the_target_is_achieved(latest: float, higher_is_better: bool) -> None:
    target = 2331 if not higher_is_better else 26.25
    assert str(progress_status(-5.0, latest, target, higher_is_better)) == "achieved"
    assert str(progress_status(np.nan, latest, target, higher_is_better)) == "achieved"


def test_a_value_just_short_of_the_target_is_not_achieved() -> None:
    assert str(progress_status(0.99, 2332, 2331, False)) == "on track"
    assert str(progress_status(0.99, 26.2, 26.25, True)) == "on track"


def test_statuses_come_from_the_one_vocabulary() -> None:
    ratios = np.array([2.0, 0.8, 0.3, -1.0, np.nan, 0.5, 0.5])
    polarity = np.array([False] * 6 + [None], dtype=object)
    out = progress_status(ratios, [2700] * 5 + [2000, 2700], 2331, polarity)
    assert set(out.tolist()) == set(PROGRESS_STATUSES)


@pytest.mark.parametrize("base", [0, -10])
def test_a_zero_or_negative_base_is_refused_not_replaced(base: float) -> None:
    with pytest.raises(ValueError, match=r"base.*refused rather than computed from a small"):
        progress_ratio(base, 5, 1, 2, 3, higher_is_better=False)
    with pytest.raises(ValueError, match="start"):
        cagr(base, 5, 1)


def test_polarity_is_required() -> None:
    with pytest.raises(TypeError):
        progress_ratio(2806, 2700, 1, 2331, 3)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="polarity"):
        progress_ratio(2806, 2700, 1, 2331, 3, 0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        progress_status(0.5, 2700, 2331)  # type: ignore[call-arg]


def test_one_point_gives_insufficient_data() -> None:
    r = progress_ratio(2806, 2806, 0, 2331, 3, higher_is_better=False)
    assert np.isnan(r)
    assert str(progress_status(r, 2806, 2331, False)) == "insufficient data"


def test_a_maintain_target_is_achieved_or_deteriorating() -> None:
    r = progress_ratio([318, 318], [330, 300], 1, 318, 3, higher_is_better=False)
    assert r[0] == -np.inf
    out = progress_status(r, [330, 300], 318, False)
    assert out.tolist() == ["deteriorating", "achieved"]


def test_custom_thresholds_must_decrease() -> None:
    assert str(progress_status(0.9, 2700, 2331, False, thresholds=(0.9, 0.5, 0.1))) == "on track"
    assert str(progress_status(0.05, 2700, 2331, False, thresholds=(0.9, 0.5, 0.1))) == (
        "deteriorating"
    )
    with pytest.raises(ValueError, match="strictly decreasing"):
        progress_status(0.5, 2700, 2331, False, thresholds=(0.6, 0.95, 0.0))


def test_progress_reports_rows_it_cannot_assess_without_stopping() -> None:
    p = progress(
        base=[2806, 0, 2806, 2806, 5],
        latest=[2700, 3, 2806, np.nan, 1],
        years_elapsed=[1, 1, 0, 1, 1],
        target=[2331, 2, 2331, 2331, 2],
        years_to_target=3,
        higher_is_better=False,
    )
    assert p.status.tolist() == [
        "moderate progress",
        "insufficient data",
        "insufficient data",
        "insufficient data",
        "achieved",
    ]
    assert p.reason[0] == ""
    assert p.reason[4] == ""
    assert p.reason[1].startswith("base is zero or negative")
    assert "at least two points" in p.reason[2]
    assert "missing" in p.reason[3]
    assert p.ratio[0] == pytest.approx(float(progress_ratio(**BURGLARY, higher_is_better=False)))
    assert p.cagr_required[0] == pytest.approx(float(cagr(2806, 2331, 3)))
    assert p.cagr_observed[0] == pytest.approx(float(cagr(2806, 2700, 1)))


def test_progress_still_refuses_impossible_values() -> None:
    with pytest.raises(ValueError, match="latest"):
        progress(2806, -1, 1, 2331, 3, False)


# Forecast


def _reference_forecast(
    t: np.ndarray, y: np.ndarray, t_star: float, target: float, level: float
) -> tuple[float, float, float, float]:
    fit = sps.linregress(t, np.log(y))
    n = len(t)
    resid = np.log(y) - (fit.intercept + fit.slope * t)
    s = np.sqrt((resid**2).sum() / (n - 2))
    m = fit.intercept + fit.slope * t_star
    se = s * np.sqrt(1 + 1 / n + (t_star - t.mean()) ** 2 / ((t - t.mean()) ** 2).sum())
    q = sps.t.ppf(0.5 + level / 2, n - 2)
    p_at_most = sps.t.cdf((np.log(target) - m) / se, n - 2)
    return np.exp(m), np.exp(m - q * se), np.exp(m + q * se), p_at_most


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_forecast_matches_a_textbook_prediction_interval(level: float) -> None:
    t = np.array([0.0, 1, 2, 3, 4])
    y = np.array([2950.0, 2806, 2700, 2590, 2555])
    point, lower, upper, p_at_most = _reference_forecast(t, y, 6, 2331, level)
    f = forecast_at(t, y, 6, 2331, higher_is_better=False, level=level)
    assert float(f.point) == pytest.approx(point, rel=1e-10)
    assert float(f.lower) == pytest.approx(lower, rel=1e-10)
    assert float(f.upper) == pytest.approx(upper, rel=1e-10)
    assert float(f.p_meet) == pytest.approx(p_at_most, rel=1e-9)
    assert str(f.reason) == ""
    higher = forecast_at(t, y, 6, 2331, higher_is_better=True, level=level)
    assert float(higher.p_meet) == pytest.approx(1 - p_at_most, rel=1e-9)


def test_forecast_needs_three_points() -> None:
    f = forecast_at([0, 1], [2806, 2700], 3, 2331, False)
    assert np.isnan([f.point, f.lower, f.upper, f.p_meet]).all()
    assert str(f.reason) == "fewer than 3 points: no forecast"


def test_forecast_leaves_out_missing_values() -> None:
    with_gap = forecast_at([0, 1, 2, 3], [2950, np.nan, 2700, 2590], 5, 2331, False)
    without = forecast_at([0, 2, 3], [2950, 2700, 2590], 5, 2331, False)
    assert float(with_gap.point) == pytest.approx(float(without.point), rel=1e-12)
    assert float(with_gap.upper) == pytest.approx(float(without.upper), rel=1e-12)


def test_forecast_explains_a_zero_value_and_refuses_a_negative_one() -> None:
    f = forecast_at([0, 1, 2], [3, 0, 2], 4, 1, False)
    assert np.isnan(f.point)
    assert "zero value" in str(f.reason)
    with pytest.raises(ValueError, match="values"):
        forecast_at([0, 1, 2], [3, -1, 2], 4, 1, False)


def test_an_exact_compound_series_forecasts_its_extrapolation() -> None:
    t = np.arange(5.0)
    y = 2806 * 0.94**t
    f = forecast_at(t, y, 7, 2000, higher_is_better=False)
    assert float(f.point) == pytest.approx(2806 * 0.94**7, rel=1e-9)
    assert float(f.upper) == pytest.approx(float(f.point), rel=1e-6)
    assert float(f.p_meet) == pytest.approx(1.0)


def test_forecast_is_vectorised_over_series() -> None:
    t = np.arange(6.0)
    rng = np.random.default_rng(7)
    series = rng.poisson(np.linspace(3000, 2500, 6), size=(4, 6)).astype(float)
    series[2, 1] = np.nan
    targets = np.array([2300.0, 2400, 2500, 2600])
    polarity = np.array([False, True, False, True])
    many = forecast_at(t, series, 8, targets, polarity)
    for i in range(4):
        one = forecast_at(t, series[i], 8, targets[i], bool(polarity[i]))
        for field in ("point", "lower", "upper", "p_meet"):
            assert getattr(many, field)[i] == pytest.approx(float(getattr(one, field)), rel=1e-9)


def test_prediction_interval_covers_new_values_at_the_stated_rate() -> None:
    # Simulate the model itself: the 95% interval must cover about 95% of new values.
    rng = np.random.default_rng(2005)
    t = np.arange(6.0)
    n_series = 4000
    log_y = 8.0 - 0.05 * t + rng.normal(0, 0.04, size=(n_series, 6))
    new = np.exp(8.0 - 0.05 * 8 + rng.normal(0, 0.04, size=n_series))
    f = forecast_at(t, np.exp(log_y), 8, new, higher_is_better=False)
    covered = (f.lower <= new) & (new <= f.upper)
    assert 0.935 < covered.mean() < 0.965
    # P(new value <= its own realised value) should look uniform on average.
    assert 0.47 < f.p_meet.mean() < 0.53


def test_forecast_refuses_an_alpha() -> None:
    with pytest.raises(ValueError, match="alpha"):
        forecast_at([0, 1, 2], [3, 2, 2], 4, 1, False, level=0.05)


# A target of zero: measured by the share of the gap closed, not a -100% yearly need


def test_a_zero_target_is_measured_by_the_share_of_the_gap_closed() -> None:
    # 12 deadly fires to none by year 4. Compound growth would need -100% every year, so
    # a fall to 9 (a quarter of the gap in a quarter of the time) is only R = 0.25.
    assert float(cagr(12, 0, 4)) == -1.0
    p = progress(12, 9, 1, 0, 4, higher_is_better=False)
    assert float(p.ratio) == pytest.approx(1.0)
    assert str(p.status) == "on track"
    assert np.isnan(p.cagr_required)
    assert float(p.cagr_observed) == pytest.approx(-0.25)
    assert str(p.method) == "share of the gap closed"
    assert str(p.reason) == "target is zero: progress measured as the share of the gap closed"
    # Half the gap due after two years of four; 3 of 12 closed is R = 0.5: limited.
    half = progress(12, 9, 2, 0, 4, higher_is_better=False)
    assert float(half.ratio) == pytest.approx(0.5)
    assert str(half.status) == "limited progress"
    # Moving away from zero is deterioration, reaching it is achieved.
    worse = progress(12, 14, 1, 0, 4, higher_is_better=False)
    assert float(worse.ratio) == pytest.approx(-2 / 3)
    assert str(worse.status) == "deteriorating"
    assert str(progress(12, 0, 2, 0, 4, higher_is_better=False).status) == "achieved"


def test_a_non_zero_target_keeps_the_compound_measure() -> None:
    p = progress([2806, 12], [2700, 9], 1, [2331, 0], [3, 4], False)
    assert p.method.tolist() == ["compound growth", "share of the gap closed"]
    assert p.cagr_required[0] == pytest.approx(-0.05995, abs=1e-5)
    assert p.ratio[0] == pytest.approx(0.63, abs=0.005)
    assert float(progress_ratio(12, 9, 1, 0, 4, False)) == pytest.approx(1.0)


# A neutral polarity


def test_a_neutral_polarity_has_no_direction_of_progress() -> None:
    p = progress([2806, 2806], [2700, 2700], 1, [2331, 2331], 3,
                 np.array([None, False], dtype=object))
    assert p.status.tolist() == ["no direction", "moderate progress"]
    assert np.isnan(p.ratio[0])
    assert "neutral" in p.reason[0]
    assert p.method.tolist() == ["", "compound growth"]
    assert np.isnan(progress_ratio(2806, 2700, 1, 2331, 3, None))
    f = forecast_at([0, 1, 2], [2950, 2806, 2700], 5, 2331, None)
    assert np.isnan(f.p_meet) and not np.isnan(f.point)


# Forecast scales: counts with zeros, percentages within 0-100


def test_a_zero_count_does_not_stop_a_count_forecast() -> None:
    t = np.arange(5.0)
    y = np.array([6.0, 3, 0, 2, 1])
    f = forecast_at(t, y, 6, 1, higher_is_better=False, scale="count")
    assert str(f.reason) == ""
    # The same fit by hand: OLS of log(y + 0.5) on t, back-transformed.
    fit = sps.linregress(t, np.log(y + 0.5))
    assert float(f.point) == pytest.approx(np.exp(fit.intercept + 6 * fit.slope) - 0.5)
    assert float(f.lower) == 0.0  # clipped: a count cannot be negative
    assert 0 < float(f.p_meet) < 1
    # The log scale still refuses it, and says which scale to use instead.
    assert "zero value" in str(forecast_at(t, y, 6, 1, False).reason)


def test_the_count_scale_hardly_moves_a_large_count() -> None:
    t, y = np.arange(4.0), np.array([2950.0, 2806, 2700, 2590])
    on_count = forecast_at(t, y, 5, 2331, False, scale="count")
    on_log = forecast_at(t, y, 5, 2331, False)
    assert float(on_count.point) == pytest.approx(float(on_log.point), rel=1e-4)


def test_the_count_scale_refuses_a_fraction() -> None:
    with pytest.raises(ValueError, match="whole number"):
        forecast_at([0, 1, 2], [3.5, 2, 1], 4, 1, False, scale="count")


@pytest.mark.parametrize(("scale", "top"), [("percent", 100.0), ("fraction", 1.0)])
def test_a_percentage_forecast_stays_within_its_bounds(scale: str, top: float) -> None:
    t = np.arange(4.0)
    y = np.array([80.0, 89, 92, 96]) * top / 100
    log = forecast_at(t, y, 6, 0.95 * top, True)
    assert float(log.point) > top  # the old log-linear forecast leaves the scale
    f = forecast_at(t, y, 6, 0.95 * top, True, scale=scale)  # type: ignore[arg-type]
    assert 0 < float(f.lower) < float(f.point) < float(f.upper) < top
    p = y / top
    fit = sps.linregress(t, np.log(p / (1 - p)))
    m = fit.intercept + 6 * fit.slope
    assert float(f.point) == pytest.approx(top / (1 + np.exp(-m)))
    falling = forecast_at(t, top - y, 12, 0.0, False, scale=scale)  # type: ignore[arg-type]
    assert 0 < float(falling.lower) <= float(falling.upper) < top
    assert float(falling.p_meet) == 0.0  # exactly 0% is never forecast


def test_a_percentage_of_exactly_100_or_out_of_range() -> None:
    f = forecast_at([0, 1, 2], [90, 100, 95], 4, 95, True, scale="percent")
    assert np.isnan(f.point)
    assert "strictly between" in str(f.reason)
    with pytest.raises(ValueError, match="at most 100"):
        forecast_at([0, 1, 2], [90, 101, 95], 4, 95, True, scale="percent")
    with pytest.raises(ValueError, match="at most 1"):
        forecast_at([0, 1, 2], [0.9, 0.8, 0.95], 4, 95, True, scale="fraction")
    with pytest.raises(ValueError, match="scale"):
        forecast_at([0, 1, 2], [9, 8, 9], 4, 9, True, scale="logit")  # type: ignore[arg-type]
