"""Seasonal profiles: how a year's count falls across its four quarters.

Burglary peaks in the dark winter quarter, criminal damage in summer; expecting a
quarter of the year's count in every quarter misjudges each quarter by the season. A
profile of four quarter weights (summing to 1) says what share of the year each quarter
expects; ``Indicator.seasonal_profile`` states one, :func:`quarterly_profile` estimates
one from past quarterly counts.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from cdrpkit.stats._validate import FloatArray, as_float, counts, refuse

__all__ = ["EQUAL_PROFILE", "SeasonalProfile", "quarterly_profile"]

#: No seasonality: each quarter expects a quarter of the year.
EQUAL_PROFILE: tuple[float, float, float, float] = (0.25, 0.25, 0.25, 0.25)
QUARTERS = 4


class SeasonalProfile(NamedTuple):
    """Quarter weights Q1-Q4 (last axis, summing to 1) and the whole years behind them."""

    weights: FloatArray
    years: npt.NDArray[np.int64]


def quarterly_profile(values: npt.ArrayLike, first_quarter: int = 1) -> SeasonalProfile:
    """Estimate a seasonal profile from past quarterly counts: the mean share per quarter.

    ``values`` are consecutive quarterly counts (periods on the last axis) whose first
    value is quarter ``first_quarter`` (1-4) of its year (financial years: Q1 is April
    to June). Only whole years count: quarters before the first Q1 and after the last
    Q4 are left out, and so is a year with a missing quarter (NaN) or no events at all.
    For each remaining year the four shares q_i / (q_1 + ... + q_4) are taken, and the
    profile is their mean over the years: each year weighs the same, however busy. This
    is the simple seasonal index of classical decomposition (Chatfield 2004, *The
    Analysis of Time Series*, chapter 2) in its ratio-to-annual-total form: each share is
    taken within its own year, so a trend across years does not leak into it. The
    weights sum to 1. With no whole year, the
    weights are NaN and ``years`` is 0: state a profile instead, or use equal quarters.

    Two financial years of quarterly burglaries, heavier in the autumn and winter:

    >>> p = quarterly_profile([600, 650, 750, 800, 580, 620, 760, 840])
    >>> print(p.weights.round(4), p.years)
    [0.2107 0.2268 0.2696 0.2929] 2
    >>> print(quarterly_profile([600, 650, 750], first_quarter=2).years)
    0
    """
    if isinstance(first_quarter, bool) or first_quarter not in (1, 2, 3, 4):
        refuse("first_quarter", f"must be 1, 2, 3 or 4, got {first_quarter!r}")
    y = counts("values", values)
    if y.ndim == 0:
        refuse("values", "must have the quarters on an axis, got a single number")
    skip = (QUARTERS - (first_quarter - 1)) % QUARTERS
    whole = (y.shape[-1] - skip) // QUARTERS
    if whole <= 0:
        return SeasonalProfile(as_float(np.full((*y.shape[:-1], QUARTERS), np.nan)),
                               np.zeros(y.shape[:-1], dtype=np.int64))
    years = y[..., skip : skip + whole * QUARTERS].reshape(*y.shape[:-1], whole, QUARTERS)
    totals = years.sum(axis=-1, keepdims=True)
    usable = ~np.isnan(totals) & (totals > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = np.where(usable, years / totals, 0.0)
    used = usable[..., 0].sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        weights = shares.sum(axis=-2) / used[..., None]
    return SeasonalProfile(as_float(weights), np.asarray(used, dtype=np.int64))
