"""Is a series significantly rising or falling? The public-health profiles' trend test."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cdrpkit.stats._validate import FloatArray, StrArray, as_str, fail, floats, refuse

__all__ = [
    "CANNOT_BE_CALCULATED",
    "DECREASING",
    "INCREASING",
    "NO_SIGNIFICANT_CHANGE",
    "trend_significance",
]

INCREASING = "increasing"
DECREASING = "decreasing"
NO_SIGNIFICANT_CHANGE = "no significant change"
CANNOT_BE_CALCULATED = "cannot be calculated"

TREND_POINTS = 5
#: The 99.8% point of chi-square with 1 degree of freedom, as the profiles print it.
CHI2_998 = 9.5495
_SE_DIVISOR = 3.92  # a 95% interval is 2 x 1.96 standard errors wide


def _wls_slope(w: FloatArray, t: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Weighted least-squares slope over the last axis and its standard error."""
    sw = w.sum(axis=-1)
    swt = (w * t).sum(axis=-1)
    swt2 = (w * t * t).sum(axis=-1)
    swy = (w * y).sum(axis=-1)
    swty = (w * t * y).sum(axis=-1)
    denom = sw * swt2 - swt * swt
    with np.errstate(divide="ignore", invalid="ignore"):
        return (sw * swty - swt * swy) / denom, np.sqrt(sw / denom)


def trend_significance(
    values: npt.ArrayLike, lower95: npt.ArrayLike, upper95: npt.ArrayLike
) -> StrArray:
    """Test the last 5 points of a series for a significant trend.

    Each point's standard error is SE = (upper95 - lower95) / 3.92; a weighted
    least-squares line over t = 1..5 with weights w = 1/SE^2 has slope
    b = (S_w S_wty - S_wt S_wy) / (S_w S_wt2 - S_wt^2) and SE(b) = sqrt(S_w / (S_w S_wt2
    - S_wt^2)). The trend is significant when (b / SE(b))^2 > 9.5495 (99.8% point of
    chi-square on 1 df) and b keeps its sign (strictly) when each point in turn is
    dropped (England's public-health profiles, Public Health England technical
    guidance). Result: ``"increasing"``, ``"decreasing"``, ``"no significant change"``,
    or ``"cannot be calculated"`` with fewer than 5 points, a missing value among the
    last 5, or a zero-width interval. Periods are on the last axis; the result has the
    shape of the other axes (0-d for one series).

    >>> counts = [2400, 2520, 2650, 2700, 2850]
    >>> print(trend_significance(counts, [c - 98 for c in counts], [c + 102 for c in counts]))
    increasing
    >>> print(trend_significance([10, 12, 11], [5, 6, 5], [18, 21, 19]))
    cannot be calculated
    """
    y, lo, hi = np.broadcast_arrays(
        floats("values", values), floats("lower95", lower95), floats("upper95", upper95)
    )
    if y.ndim == 0:
        refuse("values", "must have the periods on an axis, got a single number")
    inverted = lo > hi
    if inverted.any():
        fail("lower95", lo, inverted, "must not exceed upper95")
    if y.shape[-1] < TREND_POINTS:
        return as_str(np.full(y.shape[:-1], CANNOT_BE_CALCULATED))
    y, lo, hi = y[..., -TREND_POINTS:], lo[..., -TREND_POINTS:], hi[..., -TREND_POINTS:]
    se = (hi - lo) / _SE_DIVISOR
    usable = (~np.isnan(y) & ~np.isnan(se) & (se > 0)).all(axis=-1)
    with np.errstate(divide="ignore"):
        w = np.where(usable[..., None], 1.0 / np.where(se > 0, se, 1.0) ** 2, 0.0)
    y = np.where(usable[..., None], y, 0.0)
    t = np.arange(1.0, TREND_POINTS + 1.0)
    slope, slope_se = _wls_slope(w, t, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = (slope / slope_se) ** 2
    # Drop each point in turn: weights on a new axis, one row per dropped point.
    keep = 1.0 - np.eye(TREND_POINTS)
    dropped, _ = _wls_slope(w[..., None, :] * keep, t, y[..., None, :])
    stable = (np.sign(dropped) == np.sign(slope)[..., None]).all(axis=-1)
    significant = usable & (chi2 > CHI2_998) & stable & (slope != 0)
    out = np.where(significant, np.where(slope > 0, INCREASING, DECREASING), NO_SIGNIFICANT_CHANGE)
    return as_str(np.where(usable, out, CANNOT_BE_CALCULATED))
