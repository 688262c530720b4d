"""A trend forecast at the target period: prediction interval and P(target met).

The trend is a straight line fitted on a transformed scale and back-transformed, so
that the forecast keeps the shape of the strategies' compound trajectories and stays
where the quantity can go: a count at zero or more, a percentage within 0-100.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

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
    direction,
    fail,
    floats,
    refuse,
)

__all__ = ["COUNT_OFFSET", "SCALES", "Forecast", "Scale", "forecast_at"]

#: The scales a trend can be fitted on; see :func:`forecast_at`.
Scale = Literal["log", "count", "percent", "fraction"]
SCALES: tuple[str, ...] = ("log", "count", "percent", "fraction")
#: Added to a count before its logarithm, so that a zero count has one.
COUNT_OFFSET = 0.5
_TOP = {"percent": 100.0, "fraction": 1.0}


class Forecast(NamedTuple):
    """A forecast at the target period, its prediction interval and P(target met)."""

    point: FloatArray
    lower: FloatArray
    upper: FloatArray
    p_meet: FloatArray
    reason: StrArray


def _transform(y: FloatArray, scale: str) -> tuple[FloatArray, npt.NDArray[np.bool_], str]:
    """Values on the fitting scale, which of them it can take, and why it cannot."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if scale == "count":
            return np.log(y + COUNT_OFFSET), np.isfinite(y), ""
        if scale == "log":
            return np.log(y), y > 0, "a zero value: the log-linear trend needs values above zero"
        p = y / _TOP[scale]
        return (special.logit(p), (p > 0) & (p < 1),
                f"a value of 0 or {_TOP[scale]:g}: the logit trend needs values strictly between")


def _back(z: FloatArray, scale: str) -> FloatArray:
    if scale == "count":
        return as_float(np.maximum(np.exp(z) - COUNT_OFFSET, 0.0))
    if scale == "log":
        return as_float(np.exp(z))
    return as_float(special.expit(z) * _TOP[scale])


def _check_range(name: str, x: FloatArray, scale: str) -> None:
    low = ~np.isnan(x) & (x < 0)
    if low.any():
        fail(name, x, low, "must be zero or more")
    if scale in _TOP:
        high = ~np.isnan(x) & (x > _TOP[scale])
        if high.any():
            fail(name, x, high, f"must be at most {_TOP[scale]:g} on the {scale} scale")
    if scale == "count":
        whole = ~np.isnan(x) & (x != np.floor(x))
        if whole.any() and name == "values":
            fail(name, x, whole, "must be a whole number of events on the count scale")


class _Line(NamedTuple):
    n: FloatArray
    t_bar: FloatArray
    sxx: FloatArray
    intercept: FloatArray
    slope: FloatArray
    s2: FloatArray


def _fit(t: FloatArray, z: FloatArray, ok: npt.NDArray[np.bool_]) -> _Line:
    """Ordinary least squares of z on t over the last axis, using the ``ok`` points."""
    w = ok.astype(np.float64)
    n = w.sum(axis=-1)
    zz, tt = np.where(ok, z, 0.0), np.where(ok, t, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_bar = (w * tt).sum(axis=-1) / n
        z_bar = (w * zz).sum(axis=-1) / n
        dt = w * (tt - t_bar[..., None])
        sxx = (dt * dt).sum(axis=-1)
        slope = (dt * (zz - z_bar[..., None])).sum(axis=-1) / sxx
        intercept = z_bar - slope * t_bar
        resid = w * (zz - intercept[..., None] - slope[..., None] * tt)
        s2 = (resid * resid).sum(axis=-1) / (n - 2.0)
    return _Line(n, t_bar, sxx, intercept, slope, s2)


def forecast_at(
    periods_t: npt.ArrayLike,
    values: npt.ArrayLike,
    t_target: npt.ArrayLike,
    target: npt.ArrayLike,
    higher_is_better: PolarityLike,
    level: float = 0.95,
    *,
    scale: Scale = "log",
) -> Forecast:
    """Forecast the value at ``t_target`` from a trend, and P(target met).

    Model: z_i = a + b t_i + e_i with independent e_i ~ Normal(0, s^2), where z = g(y)
    is the value on the fitting ``scale``, fitted by ordinary least squares. With n
    points, df = n - 2 and s^2 = RSS / df, a new z at t* has prediction
    m = a + b t* with standard error se = s sqrt(1 + 1/n + (t* - mean t)^2 / Sxx), and
    (z* - m) / se follows Student's t on df degrees of freedom (the textbook prediction
    interval, e.g. Draper & Smith 1998). Then, with g^-1 the back-transformation:
    ``point`` = g^-1(m) (the forecast median), ``lower``, ``upper`` =
    g^-1(m -/+ t_{df, (1+level)/2} se), and ``p_meet`` = P(y* <= target) where lower
    is better, P(y* >= target) where higher is better (None, neutral: NaN).

    ``scale`` chooses g:

    - ``"log"`` (the default): g(y) = log y, a constant yearly percentage change, the
      shape of the compound trajectories; for rates and other positive values. A
      zero value has no logarithm: that row gets no forecast, with a reason.
    - ``"count"``: g(y) = log(y + 0.5), for counts of events that may be zero (a
      quarter with no arson). The 1/2 is the Haldane-Anscombe correction for the
      logarithm of a count (Haldane 1956; Anscombe 1956), the constant of the
      empirical logit (Cox & Snell 1989). It changes counts in the hundreds by under
      0.5% and keeps the closed-form fit and t interval of the other scales, which a
      Poisson regression (iteratively fitted, with an asymptotic interval that ignores
      overdispersion) would not; the back-transformed limits are clipped at zero.
    - ``"percent"`` (0-100) and ``"fraction"`` (0-1): g is the logit of the proportion,
      log(p / (1 - p)), so the forecast and its limits stay strictly inside 0-100 (or
      0-1) however steep the trend (the scale of logistic regression; Cox & Snell
      1989). A value of exactly 0 or 100% has no logit: no forecast, with a reason.

    Vectorised: ``values`` has the periods on its last axis, NaN marks a missing value
    (left out), and ``t_target``, ``target``, ``higher_is_better`` broadcast over the
    other axes. Rows with fewer than 3 usable points or all points in one period give
    NaN with a ``reason``; ``reason`` is "" where the forecast was made.

    Four yearly burglary counts (t = 0 for 2002/03 to 3 for 2005/06), forecast for
    2007/08 (t = 5) against "no more than 2,331":

    >>> f = forecast_at([0, 1, 2, 3], [2950, 2806, 2700, 2590], 5, 2331, False)
    >>> print(f"{f.point:.0f} ({f.lower:.0f} to {f.upper:.0f}), P(met) = {f.p_meet:.3f}")
    2374 (2301 to 2449), P(met) = 0.065
    >>> print(forecast_at([0, 1], [2806, 2700], 3, 2331, False).reason)
    fewer than 3 points: no forecast

    A percentage rising from 80% to 96%: a log-linear trend would forecast 115.6%; on
    the logit scale the forecast and its limits stay below 100%. A count that falls to
    zero still gets a forecast on the count scale:

    >>> f = forecast_at([0, 1, 2, 3], [80, 89, 92, 96], 6, 95, True, scale="percent")
    >>> print(f"{f.point:.1f} ({f.lower:.1f} to {f.upper:.1f})")
    99.2 (97.6 to 99.8)
    >>> f = forecast_at([0, 1, 2, 3, 4], [6, 3, 0, 2, 1], 6, 1, False, scale="count")
    >>> print(f"{f.point:.2f} ({f.lower:.0f} to {f.upper:.1f}), P(met) = {f.p_meet:.2f}")
    0.07 (0 to 86.7), P(met) = 0.71
    """
    lv = check_level(level)
    if scale not in SCALES:
        refuse("scale", f"must be one of {', '.join(SCALES)}, got {scale!r}")
    y = floats("values", values)
    if y.ndim == 0:
        refuse("values", "must have the periods on an axis, got a single number")
    _check_range("values", y, scale)
    goal = floats("target", target)
    _check_range("target", goal, scale)
    t = np.broadcast_to(floats("periods_t", periods_t), y.shape)
    present = ~np.isnan(y) & ~np.isnan(t)
    z, usable, why = _transform(y, scale)
    unusable = (present & ~usable).any(axis=-1)
    line = _fit(t, z, present & usable)
    valid = (line.n >= 3) & ~unusable & (line.sxx > 0)
    t_star = floats("t_target", t_target)
    sign = direction(higher_is_better)
    safe_df = np.where(valid, line.n - 2.0, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        m = line.intercept + line.slope * t_star
        se = np.sqrt(line.s2 * (1.0 + 1.0 / line.n + (t_star - line.t_bar) ** 2 / line.sxx))
        q = special.stdtrit(safe_df, 0.5 + lv / 2.0)
        z_goal = _transform(goal, scale)[0]
        # P(z* >= g(target)) when higher is better, P(z* <= g(target)) otherwise.
        gap = np.where(sign > 0, m - z_goal, z_goal - m)
        p = np.where(se > 0, special.stdtr(safe_df, gap / se), np.where(gap >= 0, 1.0, 0.0))
        p = np.where(np.isnan(gap) | (sign == 0), np.nan, p)
    reason = np.select(
        [unusable, line.n < 3, line.sxx <= 0],
        [why, "fewer than 3 points: no forecast", "all points are in one period: no trend"],
        "",
    )
    valid = np.broadcast_to(valid, np.broadcast_shapes(np.shape(m), np.shape(p)))

    def keep(x: npt.ArrayLike) -> FloatArray:
        return as_float(np.where(valid, x, np.nan))

    return Forecast(
        keep(_back(m, scale)),
        keep(_back(m - q * se, scale)),
        keep(_back(m + q * se, scale)),
        keep(p),
        as_str(np.broadcast_to(reason, valid.shape)),
    )
