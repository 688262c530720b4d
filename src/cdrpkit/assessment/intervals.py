"""Confidence intervals of every figure, by its unit: counts, rates from counts, proportions.

Byar's method from 10 events, exact Poisson below (:func:`cdrpkit.stats.count_limits`),
Wilson for proportions; at the assessment's level and at 99.8%. The count behind a rate
or percentage is recovered to the nearest whole event, as the published figure was
rounded from it; the audit shows the count used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdrpkit.assessment.labels import Labels

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["add_intervals", "unit_kinds"]


def unit_kinds(tt: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per target: whether its unit adds up over quarters, its interval kind, rate basis."""
    import numpy as np
    import pandas as pd

    from cdrpkit import units

    codes, names = pd.factorize(tt["unit"].to_numpy(object))
    adds, kind, per, on_households = [], [], [], []
    for u in map(str, names):
        adds.append(bool(u) and (units.is_count(u) or units.is_money(u)))
        if not u:
            kind.append("none")
        elif units.is_rate(u):
            kind.append("rate")
        elif units.is_fraction(u):
            kind.append("fraction")
        elif units.is_count(u):
            kind.append("count")
        else:
            kind.append("none")
        rate = units.parse_rate(u) if kind[-1] == "rate" else None
        per.append(float(rate.per) if rate else 1.0)
        on_households.append(rate is not None and rate.denominator == "household")
    return {"adds": np.array(adds, dtype=bool)[codes],
            "kind": np.array(kind, dtype=object)[codes],
            "per": np.array(per, dtype=float)[codes],
            "on_households": np.array(on_households, dtype=bool)[codes]}


def add_intervals(r: dict[str, Any], tt: pd.DataFrame, level: float,
               unit_kinds: dict[str, np.ndarray]) -> None:
    """Confidence intervals by the unit: Byar/exact Poisson, rates from counts, Wilson.

    A count's interval is widened by its indicator's dispersion factor, when stated.
    """
    import numpy as np

    from cdrpkit.stats import count_limits, wilson_interval
    from cdrpkit.stats.intervals import BYAR, BYAR_MIN_COUNT, EXACT_POISSON

    t = r["_t"]
    actual = r["actual"]
    dispersion = tt["dispersion"].to_numpy(float)[t]
    kind = unit_kinds["kind"]
    per = unit_kinds["per"][t]
    fallback = np.where(unit_kinds["on_households"], tt["households"].to_numpy(float),
                        tt["population"].to_numpy(float))[t]
    is_count, is_rate, is_fraction = ((kind == k)[t] for k in ("count", "rate", "fraction"))
    den = np.where(np.isnan(r["denominator"]) & is_rate, fallback, r["denominator"])
    # The count behind a rate or percentage is recovered to the nearest whole event, as
    # the published figure was rounded from it; the audit shows the count used.
    with np.errstate(invalid="ignore"):
        events = np.select([is_count, is_rate, is_fraction],
                           [actual, np.round(actual * den / per), np.round(actual / 100.0 * den)],
                           np.nan)
        present = ~np.isnan(actual)
        whole = present & is_count & (actual == np.round(actual))
        usable = present & np.isfinite(events) & (events >= 0) & (whole | ~is_count)
        usable &= ~is_fraction | (events <= den)
        scale = np.select([is_rate, is_fraction], [per / den, 100.0 / den], 1.0)
    counted = np.flatnonzero(usable & ~is_fraction)
    prop = np.flatnonzero(usable & is_fraction)
    for lv, suffix in ((level, ""), (0.998, "_998")):
        lower = np.full(len(t), np.nan)
        upper = np.full(len(t), np.nan)
        if len(counted):
            ci = count_limits(events[counted], lv, dispersion=dispersion[counted])
            lower[counted] = ci.lower * scale[counted]
            upper[counted] = ci.upper * scale[counted]
        if len(prop):
            wi = wilson_interval(events[prop], den[prop], lv)
            lower[prop] = wi.lower * 100.0
            upper[prop] = wi.upper * 100.0
        r["lower" + suffix], r["upper" + suffix] = lower, upper
    # The method count_interval names: exact below BYAR_MIN_COUNT events, Byar from it.
    r["interval_method"] = Labels(
        np.select([~usable, is_fraction, events < BYAR_MIN_COUNT], [0, 1, 2], 3),
        ("", "Wilson", EXACT_POISSON, BYAR))
    r["events"] = np.where(usable, events, np.nan)
    r["interval_reason"] = Labels(
        np.select([~present | usable, is_count & ~whole, is_rate | is_fraction], [0, 1, 2], 3),
        ("", "interval skipped: not a whole count",
         "interval skipped: no denominator (give a denominator column)",
         "interval skipped: not a count, rate or proportion"))

