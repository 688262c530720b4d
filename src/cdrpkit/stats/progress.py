"""Progress towards an end target: the SDG progress measure and a trend forecast.

One status vocabulary is used everywhere (:data:`PROGRESS_STATUSES`); the Open SDG
platform has two for the same statuses, which is a pitfall we do not repeat.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import special

from cdrpkit.stats._validate import (
    FloatArray,
    PolarityLike,
    StrArray,
    as_float,
    as_str,
    check_level,
    fail,
    floats,
    polarity,
    positive,
    refuse,
)

__all__ = [
    "ACHIEVED",
    "DETERIORATING",
    "INSUFFICIENT_DATA",
    "LIMITED_PROGRESS",
    "MODERATE_PROGRESS",
    "ON_TRACK",
    "PROGRESS_STATUSES",
    "Forecast",
    "Progress",
    "cagr",
    "forecast_at",
    "progress",
    "progress_ratio",
    "progress_status",
]

ACHIEVED = "achieved"
ON_TRACK = "on track"
MODERATE_PROGRESS = "moderate progress"
LIMITED_PROGRESS = "limited progress"
DETERIORATING = "deteriorating"
INSUFFICIENT_DATA = "insufficient data"
#: The one progress vocabulary, best first.
PROGRESS_STATUSES = (
    ACHIEVED,
    ON_TRACK,
    MODERATE_PROGRESS,
    LIMITED_PROGRESS,
    DETERIORATING,
    INSUFFICIENT_DATA,
)

_ZERO_BASE = (
    "a growth rate from a zero or negative base is undefined; it is refused rather than "
    "computed from a small substitute such as 0.001, whose answer depends on the substitute"
)


def cagr(start: npt.ArrayLike, end: npt.ArrayLike, years: npt.ArrayLike) -> FloatArray:
    """Compound annual growth rate: (end / start)^(1 / years) - 1.

    As a signed fraction (-0.06 is a 6% yearly fall). ``start`` must be above zero (a
    zero or negative base is refused, never replaced by a small number), ``end`` zero or
    more and ``years`` above zero; NaN passes through. (Statistics Canada's SDG progress
    measure, as used by Open SDG.)

    >>> print(f"{cagr(2806, 2331, 3):.3%}")
    -5.995%
    """
    s = floats("start", start)
    bad = ~np.isnan(s) & (s <= 0)
    if bad.any():
        fail("start", s, bad, _ZERO_BASE)
    e = positive("end", end, allow_zero=True)
    y = positive("years", years)
    return as_float((e / s) ** (1.0 / y) - 1.0)


def _growths(
    base: FloatArray,
    latest: FloatArray,
    years_elapsed: FloatArray,
    target: FloatArray,
    years_to_target: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Observed and required compound growth; NaN observed growth for one point."""
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.where(
            years_elapsed > 0, (latest / base) ** (1.0 / years_elapsed) - 1.0, np.nan
        )
        required = (target / base) ** (1.0 / years_to_target) - 1.0
    return as_float(observed), as_float(required)


def progress_ratio(
    base: npt.ArrayLike,
    latest: npt.ArrayLike,
    years_elapsed: npt.ArrayLike,
    target: npt.ArrayLike,
    years_to_target: npt.ArrayLike,
    higher_is_better: PolarityLike,
) -> FloatArray:
    """Compute the progress ratio ``R = d * CAGR_o / abs(CAGR_r)`` of the SDG progress measure.

    CAGR_o = (latest / base)^(1 / years_elapsed) - 1 is the growth observed so far,
    CAGR_r = (target / base)^(1 / years_to_target) - 1 the growth the target needs, and
    d = +1 where higher is better, -1 where lower is better (Statistics Canada's method,
    used by Open SDG). R = 1 means exactly the required pace; R < 0 movement the wrong way.

    ``higher_is_better`` is required. A zero or negative ``base`` raises
    :class:`~cdrpkit.errors.InputError` (``ValueError``); ``years_elapsed`` = 0 (only the
    base-year value) gives NaN, which :func:`progress_status` reports as insufficient data.
    A target equal to the base (CAGR_r = 0) gives R = +/-inf, or NaN when nothing moved;
    :func:`progress_status` then finds it achieved or deteriorating from the values.

    Burglary: 2,806 in 2004/05 to at most 2,331 by 2007/08 (CAGR_r = -5.995%), 2,700 in
    2005/06 (CAGR_o = -3.78%):

    >>> print(f"{progress_ratio(2806, 2700, 1, 2331, 3, higher_is_better=False):.2f}")
    0.63
    """
    b = floats("base", base)
    bad = ~np.isnan(b) & (b <= 0)
    if bad.any():
        fail("base", b, bad, _ZERO_BASE)
    now = positive("latest", latest, allow_zero=True)
    elapsed = positive("years_elapsed", years_elapsed, allow_zero=True)
    goal = positive("target", target, allow_zero=True)
    horizon = positive("years_to_target", years_to_target)
    d = np.where(polarity(higher_is_better), 1.0, -1.0)
    observed, required = _growths(b, now, elapsed, goal, horizon)
    with np.errstate(divide="ignore", invalid="ignore"):
        return as_float(d * observed / np.abs(required))


def progress_status(
    ratio: npt.ArrayLike,
    latest: npt.ArrayLike,
    target: npt.ArrayLike,
    higher_is_better: PolarityLike,
    *,
    thresholds: tuple[float, float, float] = (0.95, 0.60, 0.0),
) -> StrArray:
    """Name the progress for a ratio R from :func:`progress_ratio`.

    First, a latest value on the good side of the target, or exactly on it, is
    ``"achieved"`` (an "at most 2,331" target is met by 2,331). Otherwise, with the
    default thresholds (on, moderate, limited) = (0.95, 0.60, 0.0), following Statistics
    Canada's SDG progress measure, each boundary belongs to the better status:

    - R >= 0.95: ``"on track"`` (R = 0.95 is on track);
    - 0.60 <= R < 0.95: ``"moderate progress"`` (R = 0.60 is moderate);
    - 0 <= R < 0.60: ``"limited progress"`` (R = 0 is limited: no movement at all);
    - R < 0: ``"deteriorating"``;
    - R is NaN (fewer than two points, or a value missing): ``"insufficient data"``.

    >>> print(progress_status(0.63, latest=2700, target=2331, higher_is_better=False))
    moderate progress
    >>> print(progress_status([0.95, 0.6, 0.0, -0.01], 2700, 2331, False))
    ['on track' 'moderate progress' 'limited progress' 'deteriorating']
    """
    on, moderate, limited = (float(t) for t in thresholds)
    if not on > moderate > limited:
        refuse("thresholds", f"must be strictly decreasing, got {thresholds!r}")
    # +/-inf is a legitimate ratio (a target equal to the base), so no finiteness check.
    r = np.asarray(ratio, dtype=np.float64)
    now = floats("latest", latest)
    goal = floats("target", target)
    good_high = polarity(higher_is_better)
    achieved = np.where(good_high, now >= goal, now <= goal)
    by_ratio = np.select(
        [np.isnan(r), r >= on, r >= moderate, r >= limited],
        [INSUFFICIENT_DATA, ON_TRACK, MODERATE_PROGRESS, LIMITED_PROGRESS],
        DETERIORATING,
    )
    return as_str(np.where(achieved, ACHIEVED, by_ratio))


class Progress(NamedTuple):
    """The SDG progress measure for each target, with the reason where it has none."""

    cagr_observed: FloatArray
    cagr_required: FloatArray
    ratio: FloatArray
    status: StrArray
    reason: StrArray


def progress(
    base: npt.ArrayLike,
    latest: npt.ArrayLike,
    years_elapsed: npt.ArrayLike,
    target: npt.ArrayLike,
    years_to_target: npt.ArrayLike,
    higher_is_better: PolarityLike,
    *,
    thresholds: tuple[float, float, float] = (0.95, 0.60, 0.0),
) -> Progress:
    """Compute the progress measure for many targets, reporting rows it cannot assess.

    Like :func:`progress_ratio` then :func:`progress_status`, but a zero or negative base
    is not an error here: that row gets ratio NaN, status ``"insufficient data"`` and a
    ``reason`` saying why (as do rows with one point or a missing value), so one such
    target does not stop a monitoring run. ``reason`` is "" where the measure applies.

    >>> p = progress([2806, 0], [2700, 3], [1, 1], [2331, 2], [3, 3], False)
    >>> print(p.status)
    ['moderate progress' 'insufficient data']
    >>> print(p.reason[1][:43])
    base is zero or negative: a growth rate fro
    """
    b = floats("base", base)
    now = floats("latest", latest)
    elapsed = floats("years_elapsed", years_elapsed)
    goal = floats("target", target)
    horizon = floats("years_to_target", years_to_target)
    good_high = polarity(higher_is_better)
    b, now, elapsed, goal, horizon, good_high = np.broadcast_arrays(
        b, now, elapsed, goal, horizon, good_high
    )
    bad_base = b <= 0
    usable_base = np.where(bad_base, np.nan, b)
    ratio = progress_ratio(usable_base, now, elapsed, goal, horizon, good_high)
    observed, required = _growths(usable_base, now, elapsed, goal, horizon)
    status = progress_status(ratio, now, goal, good_high, thresholds=thresholds)
    missing = np.isnan(b) | np.isnan(now) | np.isnan(elapsed) | np.isnan(goal) | np.isnan(horizon)
    reason = np.select(
        [status == ACHIEVED, missing, bad_base, elapsed == 0],
        [
            "",
            "a value is missing",
            "base is zero or negative: " + _ZERO_BASE,
            "only the base-year value: progress needs at least two points",
        ],
        "",
    )
    return Progress(observed, required, ratio, status, as_str(reason))


class Forecast(NamedTuple):
    """A forecast at the target period, its prediction interval and P(target met)."""

    point: FloatArray
    lower: FloatArray
    upper: FloatArray
    p_meet: FloatArray
    reason: StrArray


def forecast_at(
    periods_t: npt.ArrayLike,
    values: npt.ArrayLike,
    t_target: npt.ArrayLike,
    target: npt.ArrayLike,
    higher_is_better: PolarityLike,
    level: float = 0.95,
) -> Forecast:
    """Forecast the value at ``t_target`` from a compound trend, and P(target met).

    Model: log y_i = a + b t_i + e_i with independent e_i ~ Normal(0, s^2), fitted by
    ordinary least squares on the logs (a constant yearly percentage change, the shape
    of the compound trajectories in the strategies). With n points, df = n - 2, and the
    residual variance s^2 = RSS / df, the prediction for a new log value at t* is
    m = a + b t* with standard error se = s sqrt(1 + 1/n + (t* - mean t)^2 / Sxx), and
    (log y* - m) / se follows Student's t with df degrees of freedom (the textbook
    prediction interval, e.g. Draper & Smith 1998). Hence:

    - ``point`` = exp(m), the forecast median (not the mean) on the original scale;
    - ``lower``, ``upper`` = exp(m -/+ t_{df, (1+level)/2} se);
    - ``p_meet`` = P(y* <= target) where lower is better, P(y* >= target) where higher
      is better, under that predictive t distribution (on the target counts as met;
      the distribution is continuous, so the boundary has no weight).

    The residual variance carries both Poisson noise and departures from the trend; with
    three points (df = 1) the interval is honestly very wide. Vectorised: ``values`` has
    the periods on its last axis, NaN marks a missing value (left out), and ``t_target``,
    ``target`` and ``higher_is_better`` broadcast over the other axes. Rows with fewer
    than 3 usable points, a zero value (no logarithm) or all points in one period give
    NaN with a ``reason``; ``reason`` is "" where the forecast was made.

    Four yearly burglary counts (t = 0 for 2002/03 to 3 for 2005/06), forecast for
    2007/08 (t = 5) against "no more than 2,331":

    >>> f = forecast_at([0, 1, 2, 3], [2950, 2806, 2700, 2590], 5, 2331, False)
    >>> print(f"{f.point:.0f} ({f.lower:.0f} to {f.upper:.0f}), P(met) = {f.p_meet:.3f}")
    2374 (2301 to 2449), P(met) = 0.065
    >>> print(forecast_at([0, 1], [2806, 2700], 3, 2331, False).reason)
    fewer than 3 points: no forecast
    """
    lv = check_level(level)
    y = floats("values", values)
    if y.ndim == 0:
        refuse("values", "must have the periods on an axis, got a single number")
    negative = y < 0
    if negative.any():
        fail("values", y, negative, "must be zero or more")
    t = np.broadcast_to(floats("periods_t", periods_t), y.shape)
    present = ~np.isnan(y) & ~np.isnan(t)
    has_zero = (present & (y == 0)).any(axis=-1)
    ok = present & (y > 0)
    w = ok.astype(np.float64)
    n = w.sum(axis=-1)
    ly = np.log(np.where(ok, y, 1.0))
    tt = np.where(ok, t, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_bar = (w * tt).sum(axis=-1) / n
        y_bar = (w * ly).sum(axis=-1) / n
        dt = w * (tt - t_bar[..., None])
        sxx = (dt * dt).sum(axis=-1)
        slope = (dt * (ly - y_bar[..., None])).sum(axis=-1) / sxx
        intercept = y_bar - slope * t_bar
        resid = w * (ly - intercept[..., None] - slope[..., None] * tt)
        df = n - 2.0
        s2 = (resid * resid).sum(axis=-1) / df
    valid = (n >= 3) & ~has_zero & (sxx > 0)
    t_star = floats("t_target", t_target)
    goal = positive("target", target, allow_zero=True)
    good_high = polarity(higher_is_better)
    safe_df = np.where(valid, df, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        m = intercept + slope * t_star
        se = np.sqrt(s2 * (1.0 + 1.0 / n + (t_star - t_bar) ** 2 / sxx))
        q = special.stdtrit(safe_df, 0.5 + lv / 2.0)
        log_goal = np.log(goal)
        # P(log y* >= log target) when higher is better, P(log y* <= log target) otherwise.
        gap = np.where(good_high, m - log_goal, log_goal - m)
        p = np.where(se > 0, special.stdtr(safe_df, gap / se), np.where(gap >= 0, 1.0, 0.0))
        p = np.where(np.isnan(gap), np.nan, p)
    reason = np.select(
        [has_zero, n < 3, sxx <= 0],
        [
            "a zero value: the log-linear trend needs values above zero",
            "fewer than 3 points: no forecast",
            "all points are in one period: no trend",
        ],
        "",
    )
    valid = np.broadcast_to(valid, np.broadcast_shapes(np.shape(m), np.shape(p)))

    def keep(x: npt.ArrayLike) -> FloatArray:
        return as_float(np.where(valid, x, np.nan))

    return Forecast(
        keep(np.exp(m)),
        keep(np.exp(m - q * se)),
        keep(np.exp(m + q * se)),
        keep(p),
        as_str(np.broadcast_to(reason, valid.shape)),
    )
