"""Confidence intervals for counts, rates and proportions.

All functions take a *confidence* ``level`` (0.95, 0.998), never an alpha, and work on
whole arrays at once; a scalar input gives 0-d arrays (``float(lower)`` reads them).
NaN marks a missing count and gives NaN limits and the method ``"no data"``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import special

from cdrpkit.stats._validate import (
    NO_DATA,
    FloatArray,
    StrArray,
    as_float,
    as_str,
    check_level,
    counts,
    fail,
    floats,
    positive,
    refuse,
    z_for,
)

__all__ = [
    "BYAR",
    "BYAR_MIN_COUNT",
    "EXACT_POISSON",
    "CountInterval",
    "Interval",
    "RateInterval",
    "byar_interval",
    "count_interval",
    "count_limits",
    "exact_poisson_interval",
    "poisson_control_limits",
    "rate_interval",
    "wilson_interval",
]

#: Method names recorded with every count or rate interval.
EXACT_POISSON = "exact Poisson"
BYAR = "Byar"
#: Counts from this value up use Byar's approximation, below it the exact interval.
BYAR_MIN_COUNT = 10


class Interval(NamedTuple):
    """Lower and upper confidence limits."""

    lower: FloatArray
    upper: FloatArray


class CountInterval(NamedTuple):
    """Limits for a count and the method used for each element."""

    lower: FloatArray
    upper: FloatArray
    method: StrArray


class RateInterval(NamedTuple):
    """A rate per ``per`` units of the denominator, its limits and the method used."""

    rate: FloatArray
    lower: FloatArray
    upper: FloatArray
    method: StrArray


def _byar(o: FloatArray, z: float) -> Interval:
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = o * (1.0 - 1.0 / (9.0 * o) - z / (3.0 * np.sqrt(o))) ** 3
    # The cube goes negative for small counts at high confidence; a count's limit cannot.
    lower = np.where(o == 0, 0.0, np.maximum(lower, 0.0))
    o1 = o + 1.0
    upper = o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * np.sqrt(o1))) ** 3
    return Interval(as_float(lower), as_float(upper))


def _exact(o: FloatArray, level: float) -> Interval:
    tail = (1.0 - level) / 2.0
    # chi2.ppf(p, 2k) / 2 is the inverse regularised incomplete gamma function of order k.
    with np.errstate(invalid="ignore"):
        lower = special.gammaincinv(np.where(o == 0, 1.0, o), tail)
    lower = np.where(o == 0, 0.0, lower)
    upper = special.gammainccinv(o + 1.0, tail)
    return Interval(as_float(lower), as_float(upper))


def byar_interval(observed: npt.ArrayLike, level: float = 0.95) -> Interval:
    """Byar's approximate confidence interval for a Poisson count.

    With O observed events and z the two-sided normal quantile for ``level``::

        lower = O (1 - 1/(9 O) - z/(3 sqrt O))^3
        upper = (O+1) (1 - 1/(9 (O+1)) + z/(3 sqrt(O+1)))^3

    (Breslow & Day 1987, as used by England's public-health profiles). Accurate from
    about 10 events; :func:`count_interval` switches to the exact interval below that.
    Any whole count is accepted: ``lower`` is 0 for O = 0 and is clipped at 0 where the
    cube goes negative (small counts at 99.8%).

    >>> lower, upper = byar_interval(2700)
    >>> print(f"{lower:.1f} to {upper:.1f}")
    2599.1 to 2803.8
    >>> lower, upper = byar_interval(2700, level=0.998)
    >>> print(f"{lower:.1f} to {upper:.1f}")
    2542.3 to 2864.5
    """
    z = z_for(level)
    return _byar(counts("observed", observed), z)


def exact_poisson_interval(observed: npt.ArrayLike, level: float = 0.95) -> Interval:
    """Exact (Garwood) confidence interval for a Poisson count, from the chi-square.

    With a = 1 - level: lower = chi2.ppf(a/2, 2 O) / 2 (0 when O = 0) and
    upper = chi2.ppf(1 - a/2, 2 O + 2) / 2 (Armitage & Berry, *Statistical Methods in
    Medical Research*). The limits are the means at which P(X >= O) and P(X <= O) equal
    a/2. Computed as the inverse incomplete gamma function, which is the same quantity.

    >>> lower, upper = exact_poisson_interval(9)
    >>> print(f"{lower:.2f} to {upper:.2f}")
    4.12 to 17.08
    >>> print(f"{exact_poisson_interval(0).lower:.1f}")
    0.0
    """
    lv = check_level(level)
    return _exact(counts("observed", observed), lv)


def count_interval(
    observed: npt.ArrayLike, level: float = 0.95, *, dispersion: npt.ArrayLike | None = None
) -> CountInterval:
    """Confidence interval for a count: exact Poisson below 10 events, Byar from 10.

    The convention of England's public-health profiles (Byar: Breslow & Day 1987; exact:
    Armitage & Berry). ``method`` names the method for each element (``"exact Poisson"``
    or ``"Byar"``, ``"no data"`` for NaN). Counts must be whole numbers, zero or more:
    anything else raises :class:`~cdrpkit.errors.InputError` (a ``ValueError``) naming
    the element, and is never rounded.

    ``dispersion`` (phi, 1 or more; per element or one for all) allows for counts that
    vary more than a Poisson count does (overdispersion: repeat victims, one-off
    events, recording drives). Each limit's distance from the count is multiplied by
    sqrt(phi), the multiplicative overdispersion of a quasi-Poisson model (McCullagh &
    Nelder 1989, section 4.5) that Spiegelhalter (2005, "Funnel plots for comparing
    institutional performance", *Statistics in Medicine* 24:1185-1202) applies to
    control limits: phi = 4 doubles both half-widths, phi = 1 changes nothing. The
    lower limit stays at zero or more. :func:`~cdrpkit.stats.dispersion.dispersion_factor`
    estimates phi from a series; an indicator can state it (``Indicator.dispersion``).
    Where phi > 1 the method says ``"widened by sqrt(dispersion)"``.

    >>> ci = count_interval([9, 2700])
    >>> print(np.round(ci.lower, 1), np.round(ci.upper, 1), ci.method)
    [   4.1 2599.1] [  17.1 2803.8] ['exact Poisson' 'Byar']
    >>> ci = count_interval(2700, dispersion=4)
    >>> print(f"{ci.lower:.1f} to {ci.upper:.1f}, {ci.method}")
    2498.2 to 2907.6, Byar widened by sqrt(dispersion)
    """
    o = counts("observed", observed)
    phi = _dispersion(dispersion)
    lower, upper = _widen(o, _count_limits(o, check_level(level)), phi)
    method = np.where(np.isnan(o), NO_DATA, np.where(o < BYAR_MIN_COUNT, EXACT_POISSON, BYAR))
    if phi is not None:
        widened = np.char.add(method, " widened by sqrt(dispersion)")
        method = np.where(~np.isnan(o) & (phi > 1), widened, method)
    return CountInterval(lower, upper, as_str(method))


def count_limits(
    observed: npt.ArrayLike, level: float = 0.95, *, dispersion: npt.ArrayLike | None = None
) -> Interval:
    """The limits of :func:`count_interval` without the method names, for large tables.

    >>> lower, upper = count_limits([9, 2700])
    >>> print(np.round(lower, 1), np.round(upper, 1))
    [   4.1 2599.1] [  17.1 2803.8]
    """
    o = counts("observed", observed)
    return _widen(o, _count_limits(o, check_level(level)), _dispersion(dispersion))


def _dispersion(dispersion: npt.ArrayLike | None) -> FloatArray | None:
    if dispersion is None:
        return None
    phi = floats("dispersion", dispersion)
    bad = ~(phi >= 1)
    if bad.any():
        fail("dispersion", phi, bad,
             "must be a dispersion factor of 1 or more (1 is Poisson variation)")
    return phi


def _widen(o: FloatArray, limits: Interval, phi: FloatArray | None) -> Interval:
    """Multiply each limit's distance from the count by sqrt(phi)."""
    if phi is None:
        return limits
    root = np.sqrt(phi)
    # phi = 1 keeps the limits bit for bit (o - (o - lower) can differ in the last place).
    lower = np.where(phi > 1, np.maximum(o - root * (o - limits.lower), 0.0), limits.lower)
    upper = np.where(phi > 1, o + root * (limits.upper - o), limits.upper)
    return Interval(as_float(lower), as_float(upper))


def _count_limits(o: FloatArray, lv: float) -> Interval:
    small = o < BYAR_MIN_COUNT
    lower, upper = _byar(o, z_for(lv))
    # The exact limits cost far more than Byar's and are used only for small counts:
    # compute them for those alone.
    if small.any():
        exact = _exact(o[small], lv)
        lower, upper = lower.copy(), upper.copy()
        lower[small], upper[small] = exact.lower, exact.upper
    return Interval(as_float(lower), as_float(upper))


def poisson_control_limits(expected: npt.ArrayLike, level: float = 0.95) -> CountInterval:
    """Control limits for a count whose expected value is ``expected`` (funnel plots).

    The limits of :func:`count_interval` evaluated at the expected count E, which need
    not be whole: exact below 10 (lower = chi2.ppf(a/2, 2E) / 2, upper = chi2.ppf(1 -
    a/2, 2E + 2) / 2), Byar's approximation from 10. This is how England's public-health
    funnel plots draw Poisson limits around a target (Spiegelhalter 2005; Fingertips
    technical guidance). ``method`` names the method used for each element.

    >>> ci = poisson_control_limits([4.5, 2700.0])
    >>> print([f"{v:.1f}" for v in ci.lower], [f"{v:.1f}" for v in ci.upper], ci.method)
    ['1.4', '2599.1'] ['11.0', '2803.8'] ['exact Poisson' 'Byar']
    """
    e = positive("expected", expected, allow_zero=True)
    lv = check_level(level)
    small = e < BYAR_MIN_COUNT
    lower, upper = _byar(e, z_for(lv))
    if small.any():
        exact = _exact(e[small], lv)
        lower, upper = lower.copy(), upper.copy()
        lower[small], upper[small] = exact.lower, exact.upper
    method = np.where(np.isnan(e), NO_DATA, np.where(small, EXACT_POISSON, BYAR))
    return CountInterval(as_float(lower), as_float(upper), as_str(method))


def rate_interval(
    observed: npt.ArrayLike,
    denominator: npt.ArrayLike,
    per: float = 1000.0,
    level: float = 0.95,
    *,
    dispersion: npt.ArrayLike | None = None,
) -> RateInterval:
    """Compute a rate per ``per`` of the denominator with the count's interval.

    rate = O / n x per, and the limits are those of :func:`count_interval` divided by n
    and multiplied by ``per`` (the population or household count is treated as known
    exactly, as in the public-health profiles). ``denominator`` must be above zero.
    ``dispersion`` widens the count's interval as in :func:`count_interval`.

    >>> r = rate_interval(2700, 120_000, per=1000)
    >>> print(f"{r.rate:.2f} ({r.lower:.2f} to {r.upper:.2f}), {r.method}")
    22.50 (21.66 to 23.37), Byar
    """
    n = floats("denominator", denominator)
    bad = ~np.isnan(n) & (n <= 0)
    if bad.any():
        fail("denominator", n, bad, "must be above zero")
    scale = float(per)
    if not np.isfinite(scale) or scale <= 0:
        refuse("per", f"must be a positive number such as 1000, got {per!r}")
    ci = count_interval(observed, level, dispersion=dispersion)
    o = np.asarray(observed, dtype=np.float64)
    return RateInterval(
        as_float(o / n * scale),
        as_float(ci.lower / n * scale),
        as_float(ci.upper / n * scale),
        ci.method,
    )


def wilson_interval(
    successes: npt.ArrayLike, trials: npt.ArrayLike, level: float = 0.95
) -> Interval:
    """Wilson score interval for a proportion x of n, as proportions in [0, 1].

    (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)) (Wilson 1927; Newcombe &
    Altman 2000). Both must be whole numbers with 0 <= x <= n and n > 0. The limits are
    kept in [0, 1] against rounding error: x = 0 gives exactly 0, x = n exactly 1.

    >>> lower, upper = wilson_interval(45, 100)
    >>> print(f"{lower:.4f} to {upper:.4f}")
    0.3561 to 0.5476
    """
    z = z_for(level)
    x = counts("successes", successes)
    n = counts("trials", trials)
    x, n = np.broadcast_arrays(x, n)
    if (n == 0).any():
        fail("trials", n, n == 0, "must be above zero")
    if (x > n).any():
        fail("successes", x, x > n, "must not exceed the number of trials")
    z2 = z * z
    centre = 2.0 * x + z2
    half = z * np.sqrt(z2 + 4.0 * x * (1.0 - x / n))
    denom = 2.0 * (n + z2)
    # At x = 0 and x = n the formula is exactly 0 and 1; rounding can miss by an ulp.
    lower = np.where(x == 0, 0.0, np.clip((centre - half) / denom, 0.0, 1.0))
    upper = np.where(x == n, 1.0, np.clip((centre + half) / denom, 0.0, 1.0))
    return Interval(as_float(lower), as_float(upper))
