"""Statistics for monitoring targets: intervals, comparisons, progress, SPC, detectability.

Pure numerical functions over numpy arrays, vectorised so that one call covers every
partnership, target and period. The methods are those public-sector statisticians in
England already use; each docstring gives the formula and its reference. Confidence is
always given as a level (0.95, 0.998), never as alpha. Bad input raises
:class:`cdrpkit.errors.InputError`, which is also a ``ValueError``.

- :mod:`~cdrpkit.stats.intervals`: Byar, exact Poisson, count and rate intervals, Wilson.
- :mod:`~cdrpkit.stats.compare`: an actual against an expected value (overlap rule).
- :mod:`~cdrpkit.stats.progress`: the SDG progress measure and a compound-trend forecast.
- :mod:`~cdrpkit.stats.spc`: XmR charts ("Making Data Count") and assurance.
- :mod:`~cdrpkit.stats.trend`: the five-point weighted trend test.
- :mod:`~cdrpkit.stats.detect`: whether a planned change stands out from Poisson noise.
- :mod:`~cdrpkit.stats.funnel`: funnel-plot limits across areas, with overdispersion.
"""

from __future__ import annotations

from cdrpkit.stats.compare import (
    BETTER,
    COMPARISONS,
    SAME,
    WORSE,
    compare_codes,
    compare_to_expected,
)
from cdrpkit.stats.detect import Detectability, detectability
from cdrpkit.stats.intervals import (
    BYAR,
    BYAR_MIN_COUNT,
    EXACT_POISSON,
    CountInterval,
    Interval,
    RateInterval,
    byar_interval,
    count_interval,
    count_limits,
    exact_poisson_interval,
    poisson_control_limits,
    rate_interval,
    wilson_interval,
)
from cdrpkit.stats.progress import (
    ACHIEVED,
    DETERIORATING,
    INSUFFICIENT_DATA,
    LIMITED_PROGRESS,
    MODERATE_PROGRESS,
    ON_TRACK,
    PROGRESS_STATUSES,
    Forecast,
    Progress,
    cagr,
    forecast_at,
    progress,
    progress_ratio,
    progress_status,
)
from cdrpkit.stats.spc import (
    CONSISTENTLY_FAILING,
    CONSISTENTLY_PASSING,
    INCONSISTENT,
    RULES,
    TRIAL_LIMITS_WARNING,
    Rebase,
    XmRResult,
    assurance,
    variation,
    xmr,
    xmr_batch,
)
from cdrpkit.stats.trend import (
    CANNOT_BE_CALCULATED,
    DECREASING,
    INCREASING,
    NO_SIGNIFICANT_CHANGE,
    trend_significance,
)

__all__ = [
    "ACHIEVED",
    "BETTER",
    "BYAR",
    "BYAR_MIN_COUNT",
    "CANNOT_BE_CALCULATED",
    "COMPARISONS",
    "CONSISTENTLY_FAILING",
    "CONSISTENTLY_PASSING",
    "DECREASING",
    "DETERIORATING",
    "EXACT_POISSON",
    "INCONSISTENT",
    "INCREASING",
    "INSUFFICIENT_DATA",
    "LIMITED_PROGRESS",
    "MODERATE_PROGRESS",
    "NO_SIGNIFICANT_CHANGE",
    "ON_TRACK",
    "PROGRESS_STATUSES",
    "RULES",
    "SAME",
    "TRIAL_LIMITS_WARNING",
    "WORSE",
    "CountInterval",
    "Detectability",
    "Forecast",
    "Interval",
    "Progress",
    "RateInterval",
    "Rebase",
    "XmRResult",
    "assurance",
    "byar_interval",
    "cagr",
    "compare_codes",
    "compare_to_expected",
    "count_interval",
    "count_limits",
    "detectability",
    "exact_poisson_interval",
    "forecast_at",
    "poisson_control_limits",
    "progress",
    "progress_ratio",
    "progress_status",
    "rate_interval",
    "trend_significance",
    "variation",
    "wilson_interval",
    "xmr",
    "xmr_batch",
]
