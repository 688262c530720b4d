"""Ambition on a common scale: every numeric target as an equivalent compound yearly change.

A target "to reduce by 20% over three years" and one "with a yearly 6% reduction" only
become comparable once both are put as the yearly change that, compounded over the
target's own span, takes the baseline to the end value::

    annual_equivalent = (end / baseline) ** (1 / years) - 1

``years`` are whole financial years from the baseline's year to the end's
(:func:`cdrpkit.periods.years_between`); where a period has no single financial year (a
calendar year such as "2002"), the span is measured between the periods' last days, in
years of 365.25 days, and ``span_basis`` says so.

The formula holds whatever model the document states for the path (compound, linear, a
total change with no path): only the two end points matter for the yearly equivalent,
and the stated yearly change stays alongside in ``stated_annual_change``.
"""

from __future__ import annotations

import math
from typing import Any

from cdrpkit.model import Indicator, Strategy
from cdrpkit.model.change import implied_annual_change
from cdrpkit.model.kinds import RelativeChangeTarget, Target
from cdrpkit.model.kinds.base import period_label
from cdrpkit.periods import FinancialYear, Period, years_between

AMBITION_COLUMNS: tuple[str, ...] = (
    "partnership",
    "target_id",
    "indicator",
    "family",
    "kind",
    "direction",
    "unit",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_period",
    "deadline",
    "span_years",
    "span_basis",
    "total_change",
    "annual_equivalent",
    "stated_annual_change",
    "change_model",
    "per_1000_of",
    "baseline_per_1000",
    "target_per_1000",
    "text",
)


def equivalent_annual_change(total_change: float, years: float) -> float:
    """The compound yearly change that gives ``total_change`` over ``years`` years.

    ``total_change`` is a signed fraction (-0.2 for a 20% fall).

    >>> round(equivalent_annual_change(2331 / 2806 - 1, 3), 4)
    -0.0599
    >>> round(equivalent_annual_change(-0.2, 3), 4)
    -0.0717
    """
    if years <= 0:
        raise ValueError(f"a span of {years} years has no yearly change")
    if total_change <= -1:
        raise ValueError(f"a total change of {total_change:.0%} leaves nothing to compound")
    return float(implied_annual_change(1.0, 1.0 + total_change, years))


def span(start: Period, end: Period) -> tuple[float, str]:
    """Years from ``start`` to ``end`` and how they were counted (``financial_years``/``dates``).

    >>> from cdrpkit.periods import parse_period
    >>> span(parse_period("2004/05"), parse_period("2007/08"))
    (3.0, 'financial_years')
    """
    try:
        return float(years_between(start, end)), "financial_years"
    except ValueError:
        days = (end.end - start.end).days
        return round(days / 365.25, 2), "dates"


def ambition_rows(
    label: str, strategy: Strategy, indicators: dict[str, Indicator]
) -> list[dict[str, Any]]:
    """One row per target whose change can be put on the common scale."""
    rows = []
    for node in strategy.targets():
        row = _row(label, strategy, node.node, indicators)
        if row is not None:
            rows.append(row)
    return rows


def _row(
    label: str, strategy: Strategy, target: Target, indicators: dict[str, Indicator]
) -> dict[str, Any] | None:
    base = target.baseline_measure
    end = target.end_measure
    indicator = indicators.get(target.indicator or "")
    row: dict[str, Any] = {c: None for c in AMBITION_COLUMNS}
    row.update(
        partnership=label,
        target_id=target.id,
        indicator=target.indicator,
        family=indicator.family if indicator else None,
        kind=target.kind,
        direction=target.direction,
        unit=target.unit or (indicator.unit if indicator else None),
        stated_annual_change=target.annual_change,
        change_model=getattr(target, "change_model", None),
        text=target.text,
    )
    deadline = target.deadline
    row["deadline"] = deadline.end.isoformat() if deadline else None
    if base is not None and end is not None:
        start, finish = base.period, end.period
        row.update(
            baseline_value=base.value,
            baseline_period=period_label(start),
            target_value=end.value,
            target_period=period_label(finish),
        )
        if base.value <= 0:
            row["span_basis"] = "no change: the baseline is zero"
            return row
        total = end.value / base.value - 1
    elif isinstance(target, RelativeChangeTarget):
        finish = target.by
        total = target.change
        row["target_period"] = period_label(finish)
        if target.baseline_period is not None:
            start = target.baseline_period
        else:
            inferred = _current_year(strategy)
            if inferred is None:
                row["total_change"] = total
                row["span_basis"] = "unknown: no baseline period and no strategy first year"
                return row
            start = inferred
        row["baseline_period"] = period_label(start)
    else:
        return None
    years, basis = span(start, finish)
    if isinstance(target, RelativeChangeTarget) and target.baseline_period is None:
        basis = f"{basis}, inferred baseline: the year before the strategy's first year"
    row.update(span_years=years, span_basis=basis, total_change=total)
    if years > 0 and total > -1:
        row["annual_equivalent"] = equivalent_annual_change(total, years)
    _add_rates(row, strategy, target, indicator)
    return row


def _current_year(strategy: Strategy) -> FinancialYear | None:
    # "From current levels" in a plan means the last full year before the plan starts.
    first = strategy.first_year or strategy.published
    if first is None:
        return None
    try:
        return first.financial_year - 1
    except ValueError:
        return None


def _add_rates(
    row: dict[str, Any], strategy: Strategy, target: Target, indicator: Indicator | None
) -> None:
    """The baseline and target per 1,000 of the one denominator the strategy implies
    (:func:`cdrpkit.context.denominator_for`)."""
    from cdrpkit.context import denominator_for

    found = denominator_for(target, strategy, indicator)
    if found is None:
        return
    which, value = found
    row["per_1000_of"] = which
    for key, out in (("baseline_value", "baseline_per_1000"), ("target_value", "target_per_1000")):
        if row[key] is not None:
            row[out] = round(row[key] / value * 1000, 3)


def is_number(value: Any) -> bool:
    """Whether ``value`` is a real, finite number (not ``None`` or NaN)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
