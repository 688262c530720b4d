"""Overdispersion: how much more a series of counts varies than Poisson counts would.

Recorded crime counts often vary more than the Poisson model behind the intervals
assumes (repeat victims, one offender's spree, a recording drive). The dispersion factor
phi measures by how much; :func:`~cdrpkit.stats.intervals.count_interval` widens
intervals by sqrt(phi) when it is given one.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from cdrpkit.stats._validate import FloatArray, as_float, counts, floats, refuse

__all__ = ["ABOUT", "Dispersion", "dispersion_factor"]

#: What the counts are compared with: their mean, or a log-linear trend.
ABOUT = ("mean", "trend")
_IRLS_STEPS = 50


class Dispersion(NamedTuple):
    """The dispersion of each series.

    ``estimate`` is Pearson's chi-square over its degrees of freedom; ``factor`` is the
    estimate floored at 1, the value to widen intervals with (underdispersion does not
    narrow them below Poisson); NaN where it cannot be estimated.
    """

    factor: FloatArray
    estimate: FloatArray
    chi_square: FloatArray
    df: FloatArray


def _trend(t: FloatArray, y: FloatArray, ok: npt.NDArray[np.bool_]) -> FloatArray:
    """Fitted means of a Poisson log-linear trend log mu = a + b t, by iteratively
    reweighted least squares (McCullagh & Nelder 1989, section 2.5) over the last axis."""
    w_ok = ok.astype(np.float64)
    yy, tt = np.where(ok, y, 0.0), np.where(ok, t, 0.0)
    n = w_ok.sum(axis=-1, keepdims=True)
    # Start from the line through log(y + 0.5), then Newton steps of the Poisson fit.
    z0 = np.log(yy + 0.5)
    t_bar = (w_ok * tt).sum(axis=-1, keepdims=True) / n
    dt = w_ok * (tt - t_bar)
    b = (dt * z0).sum(axis=-1, keepdims=True) / (dt * dt).sum(axis=-1, keepdims=True)
    a = (w_ok * (z0 - b * tt)).sum(axis=-1, keepdims=True) / n
    for _ in range(_IRLS_STEPS):
        mu = np.exp(a + b * tt)
        w = w_ok * mu
        z = a + b * tt + (yy - mu) / mu
        sw = w.sum(axis=-1, keepdims=True)
        zt_bar = (w * tt).sum(axis=-1, keepdims=True) / sw
        zz_bar = (w * z).sum(axis=-1, keepdims=True) / sw
        dtw = tt - zt_bar
        b = (w * dtw * (z - zz_bar)).sum(axis=-1, keepdims=True) / (
            w * dtw * dtw).sum(axis=-1, keepdims=True)
        a = zz_bar - b * zt_bar
    return as_float(np.exp(a + b * tt))


def dispersion_factor(
    values: npt.ArrayLike,
    periods_t: npt.ArrayLike | None = None,
    *,
    about: Literal["mean", "trend"] = "mean",
) -> Dispersion:
    """Estimate the dispersion factor phi of a series of counts.

    phi = X^2 / df, with Pearson's chi-square X^2 = sum (y_i - mu_i)^2 / mu_i of the
    counts about their expected values mu_i: the series' mean (``about="mean"``,
    df = n - 1) or a Poisson log-linear trend fitted to it (``about="trend"``, df =
    n - 2; a series that rises or falls is not overdispersed merely for moving). This
    is the quasi-Poisson estimate of McCullagh & Nelder (1989, *Generalized Linear
    Models*, section 4.5); Spiegelhalter (2005, "Funnel plots for comparing
    institutional performance", *Statistics in Medicine* 24:1185-1202) estimates phi
    the same way from standardised Pearson residuals and widens control limits by
    sqrt(phi). Poisson counts give phi near 1.

    Periods are on the last axis; NaN marks a missing count (left out). ``periods_t``
    (default 0, 1, 2, ...) places the points for the trend. Fewer than 2 points (3 for
    a trend) or an all-zero series give NaN.

    >>> d = dispersion_factor([10, 14, 6, 12, 8])
    >>> print(f"{d.chi_square:.1f} on {d.df:.0f} df: phi = {d.estimate:.2f}, factor {d.factor:.2f}")
    4.0 on 4 df: phi = 1.00, factor 1.00
    >>> print(f"{dispersion_factor([10, 30, 6, 25, 8]).factor:.2f}")
    7.54
    """
    if about not in ABOUT:
        refuse("about", f"must be one of {', '.join(ABOUT)}, got {about!r}")
    y = counts("values", values)
    if y.ndim == 0:
        refuse("values", "must have the periods on an axis, got a single number")
    t = np.broadcast_to(
        floats("periods_t", np.arange(y.shape[-1]) if periods_t is None else periods_t), y.shape
    )
    ok = ~np.isnan(y) & ~np.isnan(t)
    n = ok.sum(axis=-1).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        if about == "mean":
            mu = np.broadcast_to(
                np.where(ok, y, 0.0).sum(axis=-1, keepdims=True) / n[..., None], y.shape)
            df = n - 1.0
        else:
            mu = _trend(as_float(t), y, ok)
            df = n - 2.0
        terms = np.where(ok, (y - mu) ** 2 / mu, 0.0)
        chi2 = terms.sum(axis=-1)
        usable = (df >= 1) & np.where(ok, mu > 0, True).all(axis=-1)
        estimate = np.where(usable, chi2 / df, np.nan)
    return Dispersion(
        factor=as_float(np.where(np.isnan(estimate), np.nan, np.maximum(estimate, 1.0))),
        estimate=as_float(estimate),
        chi_square=as_float(np.where(usable, chi2, np.nan)),
        df=as_float(df),
    )
