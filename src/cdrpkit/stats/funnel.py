"""Funnel plots: control limits around a group's rate, with an overdispersion check.

A funnel plot sets each area's rate against its denominator (population, households or
trials) with control limits around the group's rate that narrow as the denominator grows
(Spiegelhalter 2005, "Funnel plots for comparing institutional performance", *Statistics
in Medicine* 24:1185-1202). Limits are given at 95% and 99.8%, as in England's
public-health profiles.

- Counts (``kind="poisson"``): with E = target x n the expected count, the limits of
  :func:`~cdrpkit.stats.intervals.poisson_control_limits` at E divided by n: exact
  Poisson (chi-square form) below 10 expected events, Byar's approximation from 10.
- Proportions (``kind="binomial"``): exact binomial limits in their beta form at the
  expected count E = target x n, as proportions: lower = beta.ppf(a/2, E, n - E + 1),
  upper = beta.ppf(1 - a/2, E + 1, n - E).

Overdispersion (Spiegelhalter 2005, "Handling over-dispersion of performance
indicators", *Quality and Safety in Health Care* 14:347-351): real areas differ by more
than chance, so with many large areas most fall outside Poisson limits. Each area gets a
z-score on the variance-stabilised scale (square root of a rate, arcsine of the square
root of a proportion, both with standard error 1 / (2 sqrt n)); the z-scores are
winsorised at their 10th and 90th percentiles and phi = sum(z^2) / k over the k areas.
Under no overdispersion k phi follows chi-square with k - 1 degrees of freedom: when it
exceeds that distribution's 95% point, the limits are widened, either multiplicatively
(s_i sqrt(phi)) or by an additive random effect with the DerSimonian-Laird estimate
tau^2 = (k phi - (k - 1)) / (sum w - sum w^2 / sum w), w = 1 / s_i^2. The additive form is
the default (``"auto"``): it keeps the funnel from closing on large areas, which is what
large partnerships need.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import special, stats

from cdrpkit.stats._validate import (
    FloatArray,
    StrArray,
    as_float,
    as_str,
    check_level,
    counts,
    fail,
    positive,
    refuse,
    z_for,
)
from cdrpkit.stats.intervals import poisson_control_limits

__all__ = [
    "ABOVE_95",
    "ABOVE_998",
    "ADJUSTMENTS",
    "BELOW_95",
    "BELOW_998",
    "POSITIONS",
    "WITHIN",
    "Funnel",
    "FunnelDispersion",
    "binomial_control_limits",
    "dispersion",
    "funnel",
    "funnel_limits",
    "funnel_positions",
]

FunnelKind = Literal["poisson", "binomial"]
Adjustment = Literal["auto", "none", "multiplicative", "additive"]
#: The overdispersion adjustments a caller may ask for.
ADJUSTMENTS: tuple[str, ...] = ("auto", "none", "multiplicative", "additive")

ABOVE_998 = "above 99.8%"
ABOVE_95 = "above 95%"
WITHIN = "within"
BELOW_95 = "below 95%"
BELOW_998 = "below 99.8%"
#: Where a point lies against both pairs of limits, highest first. "above 95%" means
#: above the 95% limit but within the 99.8% one.
POSITIONS: tuple[str, ...] = (ABOVE_998, ABOVE_95, WITHIN, BELOW_95, BELOW_998)

#: Share of z-scores winsorised at each end (Spiegelhalter 2005 uses 10%).
WINSOR = 0.1
#: Significance of the dispersion test that switches the adjustment on under "auto".
TEST_LEVEL = 0.95


class FunnelDispersion(NamedTuple):
    """The overdispersion test: phi, its chi-square test and the additive tau^2."""

    phi: float
    statistic: float
    df: int
    p_value: float
    overdispersed: bool
    tau2: float
    z_scores: FloatArray


class Funnel(NamedTuple):
    """Rates, limits and positions of every area, and how the limits were made."""

    target: float
    rate: FloatArray
    lower_95: FloatArray
    upper_95: FloatArray
    lower_998: FloatArray
    upper_998: FloatArray
    position: StrArray
    method: str
    adjustment: str
    dispersion: FunnelDispersion


def binomial_control_limits(
    target: float, trials: npt.ArrayLike, level: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Exact binomial control limits (as proportions) around ``target`` for n trials.

    With E = target x n: lower = beta.ppf(a/2, E, n - E + 1) and upper = beta.ppf(1 - a/2,
    E + 1, n - E), the Clopper-Pearson limits evaluated at the expected count (the
    continuous form of the binomial quantiles Spiegelhalter 2005 interpolates).

    >>> lower, upper = binomial_control_limits(0.5, [100])
    >>> print(np.round(lower, 4), np.round(upper, 4))
    [0.3983] [0.6017]
    """
    n = positive("trials", trials)
    lv = check_level(level)
    if not 0.0 < target < 1.0:
        refuse("target", f"must be a proportion strictly between 0 and 1, got {target!r}")
    tail = (1.0 - lv) / 2.0
    e = target * n
    lower = special.betaincinv(e, n - e + 1.0, tail)
    upper = special.betaincinv(e + 1.0, n - e, 1.0 - tail)
    return as_float(lower), as_float(upper)


def _transform(kind: FunnelKind, value: FloatArray | float) -> FloatArray:
    v = np.asarray(value, dtype=np.float64)
    return as_float(np.sqrt(v) if kind == "poisson" else np.arcsin(np.sqrt(v)))


def _untransform(kind: FunnelKind, value: FloatArray) -> FloatArray:
    if kind == "poisson":
        return as_float(np.maximum(value, 0.0) ** 2)
    return as_float(np.sin(np.clip(value, 0.0, np.pi / 2)) ** 2)


def dispersion(
    count: npt.ArrayLike,
    denominator: npt.ArrayLike,
    target: float,
    kind: FunnelKind,
    winsor: float = WINSOR,
) -> FunnelDispersion:
    """Spiegelhalter's (2005) winsorised overdispersion test and the additive tau^2.

    z_i = (g(y_i) - g(target)) / s_i with g the square root (rates) or the arcsine of
    the square root (proportions) and s_i = 1 / (2 sqrt n_i); the z-scores are winsorised
    at the ``winsor`` and 1 - ``winsor`` quantiles (10% and 90%, as published; 0 turns
    winsorising off), phi = sum(z^2) / k and k phi is tested against chi-square with
    k - 1 degrees of freedom. tau^2 is the DerSimonian-Laird estimate, 0 when k phi <= k - 1.

    Winsorising guards the estimate against a few true outliers at a price: when areas
    differ smoothly it underestimates phi (for normal z-scores the winsorised mean square
    is about 0.68 of the true one), so the adjusted limits are narrower than nominal.
    ``tests/stats/test_funnel.py`` measures this by simulation; pass ``winsor=0`` for
    limits with nominal coverage when no outliers are expected.

    >>> d = dispersion([10, 20, 30, 40], [1000, 1000, 1000, 1000], 0.025, "poisson")
    >>> print(f"phi {d.phi:.2f}, p {d.p_value:.4f}, overdispersed {d.overdispersed}")
    phi 3.74, p 0.0019, overdispersed True
    """
    o = np.asarray(count, dtype=np.float64)
    n = np.asarray(denominator, dtype=np.float64)
    k = o.size
    if k < 2:
        refuse("count", f"needs at least two areas to test for overdispersion, got {k}")
    s = 1.0 / (2.0 * np.sqrt(n))
    z = (_transform(kind, o / n) - _transform(kind, target)) / s
    if not 0.0 <= winsor < 0.5:
        refuse("winsor", f"must be at least 0 and below 0.5, got {winsor!r}")
    low, high = np.quantile(z, [winsor, 1.0 - winsor])
    zw = np.clip(z, low, high)
    phi = float(np.sum(zw**2) / k)
    statistic = k * phi
    df = k - 1
    p_value = float(stats.chi2.sf(statistic, df))
    w = 1.0 / s**2
    tau2 = max(0.0, (statistic - df) / float(np.sum(w) - np.sum(w**2) / np.sum(w)))
    overdispersed = bool(statistic > stats.chi2.ppf(TEST_LEVEL, df))
    return FunnelDispersion(phi, statistic, df, p_value, overdispersed, tau2, as_float(z))


def funnel_positions(
    rate: npt.ArrayLike,
    lower_95: npt.ArrayLike,
    upper_95: npt.ArrayLike,
    lower_998: npt.ArrayLike,
    upper_998: npt.ArrayLike,
) -> StrArray:
    """Where each rate lies against both pairs of limits (one of :data:`POSITIONS`).

    A rate exactly on a limit is within it.

    >>> print(funnel_positions([1.8, 5, 9, 7], [2, 2, 2, 2], [6, 6, 6, 6], [1.5] * 4, [8] * 4))
    ['below 95%' 'within' 'above 99.8%' 'above 95%']
    """
    r = np.asarray(rate, dtype=np.float64)
    return as_str(
        np.select(
            [r > np.asarray(upper_998), r > np.asarray(upper_95),
             r < np.asarray(lower_998), r < np.asarray(lower_95)],
            [ABOVE_998, ABOVE_95, BELOW_998, BELOW_95],
            default=WITHIN,
        )
    )


def _exact_limits(
    kind: FunnelKind, target: float, n: FloatArray, level: float
) -> tuple[FloatArray, FloatArray, str]:
    if kind == "binomial":
        lower, upper = binomial_control_limits(target, n, level)
        return lower, upper, "exact binomial (beta form)"
    ci = poisson_control_limits(target * n, level)
    methods = sorted(set(ci.method.tolist()))
    return as_float(ci.lower / n), as_float(ci.upper / n), "Poisson: " + " and ".join(methods)


def _adjusted_limits(
    kind: FunnelKind, target: float, n: FloatArray, level: float, extra: float, factor: float
) -> tuple[FloatArray, FloatArray]:
    s2 = 1.0 / (4.0 * n)
    half = z_for(level) * np.sqrt(factor * s2 + extra)
    centre = _transform(kind, target)
    return _untransform(kind, centre - half), _untransform(kind, centre + half)


def _check_inputs(kind: str, count: npt.ArrayLike, denominator: npt.ArrayLike) -> tuple[
    FloatArray, FloatArray
]:
    if kind not in ("poisson", "binomial"):
        refuse("kind", f"must be 'poisson' (counts) or 'binomial' (proportions), got {kind!r}")
    o = counts("count", count)
    n = positive("denominator", denominator)
    o, n = np.broadcast_arrays(o, n)
    missing = np.isnan(o) | np.isnan(n)
    if missing.any():
        fail("count", o, missing, "every area needs a count and a denominator")
    if kind == "binomial" and (o > n).any():
        fail("count", o, o > n, "must not exceed the denominator for a proportion")
    return as_float(o), as_float(n)


def funnel(
    count: npt.ArrayLike,
    denominator: npt.ArrayLike,
    *,
    kind: FunnelKind = "poisson",
    target: float | None = None,
    overdispersion: Adjustment = "auto",
    winsor: float = WINSOR,
) -> Funnel:
    """Control limits at 95% and 99.8% around the group's rate, and each area's position.

    ``target`` defaults to the pooled rate sum(count) / sum(denominator). ``overdispersion``
    is ``"none"`` (exact limits), ``"multiplicative"`` or ``"additive"`` (always
    applied), or ``"auto"``: additive when the dispersion test is significant at 5%,
    exact otherwise; ``winsor`` is passed to :func:`dispersion`. Rates and limits are
    per one unit of the denominator; multiply by 1,000 for a rate per 1,000.

    >>> f = funnel([50, 120, 30], [20_000, 40_000, 15_000], overdispersion="none")
    >>> print(f"{f.target * 1000:.2f}", np.round(f.upper_95 * 1000, 2), f.position)
    2.67 [3.49 3.22 3.63] ['within' 'within' 'within']
    """
    o, n = _check_inputs(kind, count, denominator)
    centre = float(o.sum() / n.sum()) if target is None else float(target)
    if not np.isfinite(centre) or centre <= 0:
        refuse("target", f"the group's rate must be above zero, got {centre!r}")
    if overdispersion not in ADJUSTMENTS:
        refuse("overdispersion", f"must be one of {', '.join(ADJUSTMENTS)}, got {overdispersion!r}")
    test = dispersion(o, n, centre, kind, winsor)
    chosen = overdispersion
    if chosen == "auto":
        chosen = "additive" if test.overdispersed else "none"
    limits, method = funnel_limits(n, centre, kind=kind, adjustment=chosen,
                                   phi=test.phi, tau2=test.tau2)
    rate = as_float(o / n)
    (l95, u95), (l998, u998) = limits[0.95], limits[0.998]
    position = funnel_positions(rate, l95, u95, l998, u998)
    return Funnel(centre, rate, l95, u95, l998, u998, position, method, chosen, test)


def funnel_limits(
    denominator: npt.ArrayLike,
    target: float,
    *,
    kind: FunnelKind = "poisson",
    adjustment: str = "none",
    phi: float = 1.0,
    tau2: float = 0.0,
) -> tuple[dict[float, tuple[FloatArray, FloatArray]], str]:
    """The 95% and 99.8% limits at any denominators (to draw the funnel's curves).

    Returns ``{0.95: (lower, upper), 0.998: (lower, upper)}`` and the method's name.
    ``adjustment`` is ``"none"``, ``"multiplicative"`` (uses ``phi``, never below 1) or
    ``"additive"`` (uses ``tau2``), as :func:`funnel` chose it.

    >>> limits, method = funnel_limits([1000.0, 100_000.0], 0.01)
    >>> print(np.round(limits[0.95][1] * 1000, 2), method)
    [18.39 10.64] Poisson: Byar
    """
    n = positive("denominator", denominator)
    limits: dict[float, tuple[FloatArray, FloatArray]] = {}
    method = ""
    for level in (0.95, 0.998):
        if adjustment == "none":
            lower, upper, method = _exact_limits(kind, target, n, level)
        elif adjustment == "multiplicative":
            lower, upper = _adjusted_limits(kind, target, n, level, 0.0, max(phi, 1.0))
            method = f"normal on the {_scale(kind)} scale, multiplied by sqrt(phi)"
        elif adjustment == "additive":
            lower, upper = _adjusted_limits(kind, target, n, level, tau2, 1.0)
            method = f"normal on the {_scale(kind)} scale, plus tau^2 (DerSimonian-Laird)"
        else:
            refuse("adjustment", f"must be none, multiplicative or additive, got {adjustment!r}")
        limits[level] = (lower, upper)
    return limits, method


def _scale(kind: FunnelKind) -> str:
    return "square-root" if kind == "poisson" else "arcsine square-root"
