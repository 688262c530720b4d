"""Statistics for monitoring targets: intervals, comparisons, progress, SPC, detectability.

Pure numerical functions over numpy arrays, vectorised so that one call covers every
partnership, target and period. The methods are those public-sector statisticians in
England already use; each docstring gives the formula and its reference. Confidence is
always given as a level (0.95, 0.998), never as alpha. Bad input raises
:class:`cdrpkit.errors.InputError`, which is also a ``ValueError``.

- :mod:`~cdrpkit.stats.intervals`: Byar, exact Poisson, count and rate intervals, Wilson.
- :mod:`~cdrpkit.stats.compare`: an actual against an expected value (overlap rule).
- :mod:`~cdrpkit.stats.progress`: the SDG progress measure.
- :mod:`~cdrpkit.stats.forecast`: a trend forecast on the log, count or logit scale.
- :mod:`~cdrpkit.stats.spc`: XmR charts ("Making Data Count") and assurance.
- :mod:`~cdrpkit.stats.trend`: the five-point weighted trend test.
- :mod:`~cdrpkit.stats.detect`: whether a planned change stands out from Poisson noise.
- :mod:`~cdrpkit.stats.funnel`: funnel-plot limits across areas, with overdispersion.
- :mod:`~cdrpkit.stats.dispersion`: the overdispersion factor of a series of counts.
- :mod:`~cdrpkit.stats.seasonal`: seasonal profiles estimated from quarterly counts.
"""

from __future__ import annotations

from cdrpkit.stats.compare import (
    BETTER,
    COMPARISONS,
    DIFFERENT,
    SAME,
    WORSE,
    compare_codes,
    compare_to_expected,
)
from cdrpkit.stats.detect import POWER_METHODS, Detectability, detectability, detection_power
from cdrpkit.stats.dispersion import ABOUT, Dispersion, dispersion_factor
from cdrpkit.stats.forecast import SCALES, Forecast, Scale, forecast_at
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
    ABSOLUTE,
    ACHIEVED,
    COMPOUND,
    DETERIORATING,
    INSUFFICIENT_DATA,
    LIMITED_PROGRESS,
    MODERATE_PROGRESS,
    NO_DIRECTION,
    ON_TRACK,
    PROGRESS_STATUSES,
    Progress,
    cagr,
    progress,
    progress_ratio,
    progress_status,
)
from cdrpkit.stats.seasonal import EQUAL_PROFILE, SeasonalProfile, quarterly_profile
from cdrpkit.stats.spc import (
    COMMON_CAUSE,
    CONCERN,
    CONSISTENTLY_FAILING,
    CONSISTENTLY_PASSING,
    IMPROVEMENT,
    INCONSISTENT,
    RULES,
    SPECIAL_CAUSE_HIGH,
    SPECIAL_CAUSE_LOW,
    TRIAL_LIMITS_WARNING,
    VARIATIONS,
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
    "ABOUT",
    "ABSOLUTE",
    "ACHIEVED",
    "BETTER",
    "BYAR",
    "BYAR_MIN_COUNT",
    "CANNOT_BE_CALCULATED",
    "COMMON_CAUSE",
    "COMPARISONS",
    "COMPOUND",
    "CONCERN",
    "CONSISTENTLY_FAILING",
    "CONSISTENTLY_PASSING",
    "DECREASING",
    "DETERIORATING",
    "DIFFERENT",
    "EQUAL_PROFILE",
    "EXACT_POISSON",
    "IMPROVEMENT",
    "INCONSISTENT",
    "INCREASING",
    "INSUFFICIENT_DATA",
    "LIMITED_PROGRESS",
    "MODERATE_PROGRESS",
    "NO_DIRECTION",
    "NO_SIGNIFICANT_CHANGE",
    "ON_TRACK",
    "POWER_METHODS",
    "PROGRESS_STATUSES",
    "RULES",
    "SAME",
    "SCALES",
    "SPECIAL_CAUSE_HIGH",
    "SPECIAL_CAUSE_LOW",
    "TRIAL_LIMITS_WARNING",
    "VARIATIONS",
    "WORSE",
    "CountInterval",
    "Detectability",
    "Dispersion",
    "Forecast",
    "Interval",
    "Progress",
    "RateInterval",
    "Rebase",
    "Scale",
    "SeasonalProfile",
    "XmRResult",
    "assurance",
    "byar_interval",
    "cagr",
    "compare_codes",
    "compare_to_expected",
    "count_interval",
    "count_limits",
    "detectability",
    "detection_power",
    "dispersion_factor",
    "exact_poisson_interval",
    "forecast_at",
    "poisson_control_limits",
    "progress",
    "progress_ratio",
    "progress_status",
    "quarterly_profile",
    "rate_interval",
    "trend_significance",
    "variation",
    "wilson_interval",
    "xmr",
    "xmr_batch",
]
