"""Detectability: whether a planned change in a count can be told apart from chance.

Used before a target is adopted: a 4% fall in 241 offences is smaller than one year's
Poisson noise, so the target will be met or missed largely by luck.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import poisson

from cdrpkit.stats._validate import BoolArray, FloatArray, as_float, fail, floats, positive

__all__ = ["Detectability", "detectability"]

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
