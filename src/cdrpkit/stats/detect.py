"""Detectability: whether a planned change in a count can be told apart from chance.

Used before a target is adopted: a 4% fall in 241 offences is smaller than one year's
Poisson noise, so the target will be met or missed largely by luck, and a comparison of
one year with the next will rarely show it (:func:`detection_power`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import special
from scipy.stats import binom, poisson

from cdrpkit.stats._validate import (
    BoolArray,
    FloatArray,
    as_float,
    check_level,
    fail,
    floats,
    positive,
    refuse,
    z_for,
)

__all__ = ["POWER_METHODS", "Detectability", "detectability", "detection_power"]

#: How :func:`detection_power` computes the chance.
POWER_METHODS = ("exact", "normal")
# Poisson totals further than this many standard deviations from their mean weigh
# less than 1e-30 and are left out of the exact sum.
_TAIL_SDS = 12

# Compounding in floating point can land an integer target a hair off (10 x 1.1 is
# 11.000000000000002); rounding here keeps it on the right side of the integer boundary.
_TARGET_DECIMALS = 6


@dataclass(frozen=True, eq=False)
class Detectability:
    """How a planned change compares with one year's Poisson noise.

    ``target_value`` is the trajectory value baseline (1 + annual_change)^years;
    ``expected_change`` is target_value - baseline (signed: negative for a reduction);
    ``sd`` = sqrt(baseline), the standard deviation of a year's count if nothing changes;
    ``signal_to_noise`` = ``abs(expected_change) / sd``; ``within_noise`` is True where that is
    below 1. ``p_met_by_chance`` and ``p_missed_on_track`` are defined in
    :func:`detectability`.
    """

    baseline: FloatArray
    target_value: FloatArray
    expected_change: FloatArray
    sd: FloatArray
    signal_to_noise: FloatArray
    within_noise: BoolArray
    p_met_by_chance: FloatArray
    p_missed_on_track: FloatArray


def detectability(
    baseline: npt.ArrayLike, annual_change: npt.ArrayLike, years: npt.ArrayLike = 1
) -> Detectability:
    """Size a planned change in a yearly count against Poisson noise.

    The year's outturn X is taken as Poisson. The target value is
    T = baseline (1 + annual_change)^years, and the good direction is the sign of
    ``annual_change`` (a reduction target is met at or below T, an increase target at
    or above it). Since X is a whole number, "at or beyond T" means, with T first
    rounded to 6 decimals against floating-point error:

    - reduction: met when X <= floor(T); so an integer T is met by X = T exactly;
    - increase: met when X >= ceil(T); again X = T exactly meets an integer T.

    ``p_met_by_chance`` = P(met) when nothing changes (X ~ Poisson(baseline)), and
    ``p_missed_on_track`` = P(not met) when the true mean is exactly on the trajectory
    (X ~ Poisson(T)), both from scipy.stats.poisson. A zero ``annual_change`` has no
    good direction: both probabilities are NaN. ``baseline`` must be above zero and
    ``annual_change`` above -1; arrays broadcast.

    241 offences with a 4% yearly fall: a change of 9.6 against a standard deviation of
    15.5, met by chance more than a quarter of the time:

    >>> d = detectability(241, -0.04)
    >>> print(f"{d.expected_change:.1f} {d.sd:.1f} {d.within_noise}")
    -9.6 15.5 True
    >>> print(f"{d.p_met_by_chance:.3f} {d.p_missed_on_track:.3f}")
    0.273 0.492
    """
    mu0 = positive("baseline", baseline)
    c = floats("annual_change", annual_change)
    bad = ~np.isnan(c) & (c <= -1)
    if bad.any():
        fail("annual_change", c, bad, "must be above -1 (a fall of less than 100%)")
    n_years = positive("years", years)
    target = mu0 * (1.0 + c) ** n_years
    change = target - mu0
    sd = np.sqrt(mu0)
    t = np.round(target, _TARGET_DECIMALS)
    down, up = c < 0, c > 0
    # Reduction: met iff X <= floor(T). Increase: met iff X >= ceil(T), i.e. X > ceil(T) - 1.
    cut = np.where(down, np.floor(t), np.ceil(t) - 1.0)
    # sf rather than 1 - cdf: precise in the far tail.
    p_met = np.where(down, poisson.cdf(cut, mu0), poisson.sf(cut, mu0))
    p_missed = np.where(down, poisson.sf(cut, target), poisson.cdf(cut, target))
    undirected = ~(down | up)
    ratio = np.abs(change) / sd
    return Detectability(
        baseline=as_float(mu0),
        target_value=as_float(target),
        expected_change=as_float(change),
        sd=as_float(sd),
        signal_to_noise=as_float(ratio),
        within_noise=np.asarray(ratio < 1),
        p_met_by_chance=as_float(np.where(undirected, np.nan, p_met)),
        p_missed_on_track=as_float(np.where(undirected, np.nan, p_missed)),
    )


def _changes(
    baseline: npt.ArrayLike, annual_change: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    mu0 = positive("baseline", baseline)
    c = floats("annual_change", annual_change)
    bad = ~np.isnan(c) & (c <= -1)
    if bad.any():
        fail("annual_change", c, bad, "must be above -1 (a fall of less than 100%)")
    mu0, c = np.broadcast_arrays(mu0, c)
    return mu0, c


def _exact_power(mu0: float, c: float, half_alpha: float) -> float:
    """The conditional binomial test's chance of a significant change in its direction."""
    mu1 = mu0 * (1.0 + c)
    total = mu0 + mu1
    spread = _TAIL_SDS * np.sqrt(total) + 20.0
    n = np.arange(max(0, int(total - spread)), int(total + spread) + 1, dtype=np.float64)
    # k: the largest count this year that is significantly low given n in both years.
    k = binom.ppf(half_alpha, n, 0.5)
    k = np.where(binom.cdf(k, n, 0.5) <= half_alpha * (1 + 1e-12), k, k - 1.0)
    share = mu1 / total
    # Significantly high instead: this year's count at least n - k (the test is symmetric).
    shown = binom.cdf(k, n, share) if c < 0 else binom.sf(n - k - 1.0, n, share)
    return float(np.sum(poisson.pmf(n, total) * shown))


def detection_power(
    baseline: npt.ArrayLike,
    annual_change: npt.ArrayLike,
    level: float = 0.95,
    *,
    method: Literal["exact", "normal"] = "exact",
) -> FloatArray:
    """The chance that a year-on-year comparison shows the planned yearly change.

    Last year's count is X0 ~ Poisson(baseline) and this year's X1 ~ Poisson(baseline
    (1 + annual_change)): the target's yearly change, truly achieved. The comparison is
    the two-sided test of equal Poisson means at confidence ``level``; the result is
    its power, the probability that it finds a significant change in the planned
    direction (Thode 1997, "Power and sample size requirements for tests of differences
    between two Poisson rates", *The Statistician* 46:227-230). Two ways:

    - ``"exact"`` (the default): the conditional binomial test (Przyborowski & Wilenski
      1940). Given N = X0 + X1, X1 is Binomial(N, p) with p = mu1 / (mu0 + mu1), and
      p = 1/2 when nothing changed; a fall is significant when P(Bin(N, 1/2) <= X1) <=
      (1 - level) / 2 (a rise likewise in the upper tail). The power sums, over N ~
      Poisson(mu0 + mu1), the binomial chance of such an X1: exact for the test, with
      no approximation but the 12-standard-deviation truncation of the sum (< 1e-30).
    - ``"normal"``: the normal approximation of the difference of two Poisson counts,
      X1 - X0 ~ N(mu1 - mu0, mu0 + mu1) and the test W = (X1 - X0) / sqrt(X0 + X1)
      against z (Thode 1997): power = Phi(abs(mu1 - mu0) / sqrt(mu0 + mu1) - z). What
      ``cdrpkit check`` reports, computed there without scipy.

    A zero ``annual_change`` has no direction: NaN. ``baseline`` must be above zero and
    ``annual_change`` above -1; arrays broadcast.

    A 4% fall on 241 offences: a comparison of one year with the next at 95% confidence
    shows it about 6% of the time (barely above the 2.5% of a significant fall when
    nothing changes); a 20% fall on the same count, about three times in five:

    >>> exact, normal = detection_power(241, -0.04), detection_power(241, -0.04, method="normal")
    >>> print(f"{exact:.3f} {normal:.3f}")
    0.059 0.065
    >>> print(f"{detection_power(241, -0.20):.2f}")
    0.62
    """
    z = z_for(level)
    half_alpha = (1.0 - check_level(level)) / 2.0
    if method not in POWER_METHODS:
        refuse("method", f"must be one of {', '.join(POWER_METHODS)}, got {method!r}")
    mu0, c = _changes(baseline, annual_change)
    undirected = np.isnan(mu0) | np.isnan(c) | (c == 0)
    if method == "normal":
        mu1 = mu0 * (1.0 + c)
        power = special.ndtr(np.abs(mu1 - mu0) / np.sqrt(mu0 + mu1) - z)
    else:
        power = np.full(mu0.shape, np.nan)
        for index in np.ndindex(mu0.shape):
            if not undirected[index]:
                power[index] = _exact_power(float(mu0[index]), float(c[index]), half_alpha)
    return as_float(np.where(undirected, np.nan, power))
