"""Poisson probabilities in pure Python, so that ``cdrpkit check`` never imports scipy.

Each probability is a direct sum of the probability mass function, with every term
computed in log space (``math.lgamma``): exact to floating-point rounding for the counts
strategies deal in (a few thousand a year), and it agrees with ``scipy.stats.poisson``
(the tests compare them). :mod:`cdrpkit.stats.detect` holds the array version.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import attrs

__all__ = ["Noise", "detection_power", "noise", "poisson_cdf", "poisson_sf"]

# Terms beyond this many standard deviations from the mean are below 1e-300.
_TAIL_SDS = 40


def _pmf(k: int, mu: float) -> float:
    return math.exp(k * math.log(mu) - mu - math.lgamma(k + 1))


def poisson_cdf(k: float, mu: float) -> float:
    """P(X <= k) for X ~ Poisson(mu).

    >>> round(poisson_cdf(231, 241), 4)
    0.2725
    """
    if mu <= 0:
        raise ValueError(f"the Poisson mean must be above 0, not {mu}")
    top = math.floor(k)
    if top < 0:
        return 0.0
    if top > mu:
        return 1.0 - poisson_sf(top, mu)
    low = max(0, math.floor(mu - _TAIL_SDS * math.sqrt(mu) - 50))
    return min(1.0, math.fsum(_pmf(i, mu) for i in range(low, top + 1)))


def poisson_sf(k: float, mu: float) -> float:
    """P(X > k) for X ~ Poisson(mu), summed over the upper tail for precision.

    >>> round(poisson_sf(231, 241 * 0.96), 4)
    0.492
    """
    if mu <= 0:
        raise ValueError(f"the Poisson mean must be above 0, not {mu}")
    low = math.floor(k) + 1
    if low <= 0:
        return 1.0
    if low < mu:
        return 1.0 - poisson_cdf(low - 1, mu)
    high = math.ceil(mu + _TAIL_SDS * math.sqrt(mu) + 50)
    return min(1.0, math.fsum(_pmf(i, mu) for i in range(low, high + 1)))


def detection_power(baseline: float, annual_change: float, level: float = 0.95) -> float:
    """The chance that a year-on-year comparison at ``level`` shows the planned change.

    The normal approximation of the difference of two Poisson counts (Thode 1997):
    last year X0 ~ Poisson(mu0), this year X1 ~ Poisson(mu1 = mu0 (1 + annual_change)),
    and the two-sided test of equal means finds the change in its planned direction
    with probability Phi(abs(mu1 - mu0) / sqrt(mu0 + mu1) - z). The same number as
    :func:`cdrpkit.stats.detect.detection_power` with ``method="normal"`` (tested);
    that function also gives the exact conditional binomial version.

    >>> round(detection_power(241, -0.04), 4)
    0.0647
    """
    if baseline <= 0:
        raise ValueError(f"baseline must be above 0, not {baseline}")
    if annual_change == 0 or annual_change <= -1:
        raise ValueError(f"annual_change must be non-zero and above -1, not {annual_change}")
    if not 0.5 <= level < 1:
        raise ValueError(f"level must be a confidence such as 0.95, not {level}")
    normal = NormalDist()
    z = normal.inv_cdf(0.5 + level / 2)
    mu1 = baseline * (1.0 + annual_change)
    return normal.cdf(abs(mu1 - baseline) / math.sqrt(baseline + mu1) - z)


@attrs.frozen
class Noise:
    """A planned yearly change against one year's Poisson noise.

    The same quantities as :class:`cdrpkit.stats.detect.Detectability`, for one target:
    ``target_value`` = baseline (1 + annual_change)^years; ``sd`` = sqrt(baseline);
    ``signal_to_noise`` = |target_value - baseline| / sd; ``p_met_by_chance`` the chance
    of a year's count meeting the target when nothing changes; ``p_missed_on_track`` the
    chance of missing it when the true mean is exactly on the trajectory.
    """

    baseline: float
    target_value: float
    expected_change: float
    sd: float
    signal_to_noise: float
    p_met_by_chance: float
    p_missed_on_track: float

    @property
    def within_noise(self) -> bool:
        """Whether the planned change is smaller than one standard deviation."""
        return self.signal_to_noise < 1


def noise(baseline: float, annual_change: float, years: float = 1) -> Noise:
    """Size a planned change in a yearly count against Poisson noise.

    Met means at or below floor(T) for a reduction, at or above ceil(T) for an increase,
    T being the target value rounded to 6 decimals (as in :func:`cdrpkit.stats.detect`).

    >>> n = noise(241, -0.04)
    >>> print(f"{n.expected_change:.1f} {n.sd:.1f} {n.within_noise}")
    -9.6 15.5 True
    >>> print(f"{n.p_met_by_chance:.3f} {n.p_missed_on_track:.3f}")
    0.273 0.492
    """
    if baseline <= 0:
        raise ValueError(f"baseline must be above 0, not {baseline}")
    if annual_change == 0 or annual_change <= -1:
        raise ValueError(f"annual_change must be non-zero and above -1, not {annual_change}")
    target = baseline * (1.0 + annual_change) ** years
    t = round(target, 6)
    if annual_change < 0:
        cut = math.floor(t)
        met, missed = poisson_cdf(cut, baseline), poisson_sf(cut, target)
    else:
        cut = math.ceil(t) - 1
        met, missed = poisson_sf(cut, baseline), poisson_cdf(cut, target)
    sd = math.sqrt(baseline)
    return Noise(
        baseline=baseline,
        target_value=target,
        expected_change=target - baseline,
        sd=sd,
        signal_to_noise=abs(target - baseline) / sd,
        p_met_by_chance=met,
        p_missed_on_track=missed,
    )
