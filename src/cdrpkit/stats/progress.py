"""Progress towards an end target: the SDG progress measure.

One status vocabulary is used everywhere (:data:`PROGRESS_STATUSES`); the Open SDG
platform has two for the same statuses, which is a pitfall we do not repeat. The trend
forecast lives in :mod:`cdrpkit.stats.forecast` (re-exported here).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from cdrpkit.stats._validate import (
    NO_DIRECTION,
    FloatArray,
    Int8Array,
    PolarityLike,
    StrArray,
    as_float,
    as_str,
    direction,
    fail,
    floats,
    positive,
    refuse,
)

# Re-exported for code written when the forecast lived here.
from cdrpkit.stats.forecast import Forecast, forecast_at  # noqa: F401

__all__ = [
    "ABSOLUTE",
    "ACHIEVED",
    "COMPOUND",
    "DETERIORATING",
    "INSUFFICIENT_DATA",
    "LIMITED_PROGRESS",
    "MODERATE_PROGRESS",
    "NO_DIRECTION",
    "ON_TRACK",
    "PROGRESS_STATUSES",
    "Progress",
    "cagr",
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
    NO_DIRECTION,
)
#: How a ratio was measured: compound growth (the SDG measure) or, for a target of
#: zero, the share of the gap closed against the share of the time elapsed.
COMPOUND = "compound growth"
ABSOLUTE = "share of the gap closed"

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
    from cdrpkit.model.change import implied_annual_change  # the one compound formula

    return as_float(implied_annual_change(s, e, y))


def _growths(
    base: FloatArray,
    latest: FloatArray,
    years_elapsed: FloatArray,
    target: FloatArray,
    years_to_target: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Observed and required compound growth; NaN observed growth for one point, NaN
    required growth for a target of zero (where it would be -100% whatever the span)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        observed = np.where(
            years_elapsed > 0, (latest / base) ** (1.0 / years_elapsed) - 1.0, np.nan
        )
        required = np.where(
            target == 0, np.nan, (target / base) ** (1.0 / years_to_target) - 1.0
        )
    return as_float(observed), as_float(required)


def _ratio(
    base: FloatArray,
    latest: FloatArray,
    years_elapsed: FloatArray,
    target: FloatArray,
    years_to_target: FloatArray,
    sign: Int8Array,
) -> FloatArray:
    """R by compound growth, or by the share of the gap closed for a zero target."""
    observed, required = _growths(base, latest, years_elapsed, target, years_to_target)
    with np.errstate(divide="ignore", invalid="ignore"):
        compound = sign * observed / np.abs(required)
        absolute = sign * np.where(
            years_elapsed > 0, (latest - base) / years_elapsed, np.nan
        ) / np.abs((target - base) / years_to_target)
    ratio = np.where(target == 0, absolute, compound)
    return as_float(np.where(sign == 0, np.nan, ratio))


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

    **A target of zero** ("no deaths in fires by 2008") has CAGR_r = -100% whatever the
    time allowed, so every year would need a 100% fall and any real progress would look
    "limited". For such a target R is measured on the absolute scale instead:
    R = d ((latest - base) / years_elapsed) / abs((target - base) / years_to_target),
    which is the share of the gap to the target closed so far divided by the share of
    the time elapsed (on track when at least 95% of the gap due by now has been closed;
    the same thresholds). :func:`progress` names the method used in ``method``.

    ``higher_is_better`` is required: True, False, or None for a neutral indicator,
    which has no direction of progress (R is NaN). A zero or negative ``base`` raises
    :class:`~cdrpkit.errors.InputError` (``ValueError``); ``years_elapsed`` = 0 (only the
    base-year value) gives NaN, which :func:`progress_status` reports as insufficient data.
    A target equal to the base (CAGR_r = 0) gives R = +/-inf, or NaN when nothing moved;
    :func:`progress_status` then finds it achieved or deteriorating from the values.

    Burglary: 2,806 in 2004/05 to at most 2,331 by 2007/08 (CAGR_r = -5.995%), 2,700 in
    2005/06 (CAGR_o = -3.78%); then 12 fire deaths to none in 4 years, 9 after one year
    (a quarter of the gap closed in a quarter of the time):

    >>> print(f"{progress_ratio(2806, 2700, 1, 2331, 3, higher_is_better=False):.2f}")
    0.63
    >>> print(f"{progress_ratio(12, 9, 1, 0, 4, higher_is_better=False):.2f}")
    1.00
    """
    b = floats("base", base)
    bad = ~np.isnan(b) & (b <= 0)
    if bad.any():
        fail("base", b, bad, _ZERO_BASE)
    now = positive("latest", latest, allow_zero=True)
    elapsed = positive("years_elapsed", years_elapsed, allow_zero=True)
    goal = positive("target", target, allow_zero=True)
    horizon = positive("years_to_target", years_to_target)
    return _ratio(b, now, elapsed, goal, horizon, direction(higher_is_better))


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

    A neutral polarity (None) has no good side: ``"no direction"``.

    >>> print(progress_status(0.63, latest=2700, target=2331, higher_is_better=False))
    moderate progress
    >>> print(progress_status([0.95, 0.6, 0.0, -0.01], 2700, 2331, False))
    ['on track' 'moderate progress' 'limited progress' 'deteriorating']
    """
    # +/-inf is a legitimate ratio (a target equal to the base), so no finiteness check.
    r = np.asarray(ratio, dtype=np.float64)
    now = floats("latest", latest)
    goal = floats("target", target)
    return _status(r, now, goal, direction(higher_is_better), thresholds)


def _status(r: FloatArray, now: FloatArray, goal: FloatArray, sign: Int8Array,
            thresholds: tuple[float, float, float]) -> StrArray:
    on, moderate, limited = (float(t) for t in thresholds)
    if not on > moderate > limited:
        refuse("thresholds", f"must be strictly decreasing, got {thresholds!r}")
    achieved = np.where(sign > 0, now >= goal, now <= goal)
    by_ratio = np.select(
        [np.isnan(r), r >= on, r >= moderate, r >= limited],
        [INSUFFICIENT_DATA, ON_TRACK, MODERATE_PROGRESS, LIMITED_PROGRESS],
        DETERIORATING,
    )
    return as_str(np.where(sign == 0, NO_DIRECTION, np.where(achieved, ACHIEVED, by_ratio)))


class Progress(NamedTuple):
    """The SDG progress measure for each target, with the reason where it has none.

    ``cagr_required`` is NaN for a target of zero, measured by the share of the gap
    closed instead; ``method`` says which (:data:`COMPOUND`, :data:`ABSOLUTE`, or ""
    where no ratio was measured).
    """

    cagr_observed: FloatArray
    cagr_required: FloatArray
    ratio: FloatArray
    status: StrArray
    reason: StrArray
    method: StrArray


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
    target does not stop a monitoring run. ``reason`` is "" where the measure applies,
    and says so where a target of zero was measured by the share of the gap closed.

    >>> p = progress([2806, 0, 12], [2700, 3, 9], [1, 1, 1], [2331, 2, 0], [3, 3, 4], False)
    >>> print(p.status)
    ['moderate progress' 'insufficient data' 'on track']
    >>> print(p.reason[1][:43])
    base is zero or negative: a growth rate fro
    >>> print(p.method[2], "|", p.reason[2])
    share of the gap closed | target is zero: progress measured as the share of the gap closed
    """
    b = floats("base", base)
    now = positive("latest", latest, allow_zero=True)
    elapsed = positive("years_elapsed", years_elapsed, allow_zero=True)
    goal = positive("target", target, allow_zero=True)
    horizon = positive("years_to_target", years_to_target)
    sign = direction(higher_is_better)
    b, now, elapsed, goal, horizon, sign = np.broadcast_arrays(
        b, now, elapsed, goal, horizon, sign
    )
    bad_base = b <= 0
    usable_base = np.where(bad_base, np.nan, b)
    ratio = _ratio(usable_base, now, elapsed, goal, horizon, sign)
    observed, required = _growths(usable_base, now, elapsed, goal, horizon)
    status = _status(ratio, now, goal, sign, thresholds)
    missing = np.isnan(b) | np.isnan(now) | np.isnan(elapsed) | np.isnan(goal) | np.isnan(horizon)
    zero_target = ~missing & ~bad_base & (goal == 0)
    reason = np.select(
        [sign == 0, status == ACHIEVED, missing, bad_base, elapsed == 0, zero_target],
        [
            "the indicator has no good direction (neutral polarity): progress is not measured",
            "",
            "a value is missing",
            "base is zero or negative: " + _ZERO_BASE,
            "only the base-year value: progress needs at least two points",
            "target is zero: progress measured as the share of the gap closed",
        ],
        "",
    )
    method = np.where(np.isnan(ratio), "", np.where(goal == 0, ABSOLUTE, COMPOUND))
    return Progress(observed, required, ratio, status, as_str(reason), as_str(method))

