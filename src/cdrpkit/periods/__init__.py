"""Periods: UK financial years, their quarters and months, calendar years, days and ranges.

This module owns all period arithmetic in cdrpkit. A financial year runs from 1 April to
31 March and is labelled ``2004/05``; its quarters run April-June (Q1) to January-March (Q4),
so January 2005 is in quarter 4 of 2004/05. Every period has a ``start`` and an inclusive
``end`` date, a canonical ``label`` that :func:`parse_period` reads back, and an order by
``(start, end)`` that holds across all period types.

>>> parse_period("2004/5")
FinancialYear(start_year=2004)
>>> deadline = parse_deadline("by March 2008")
>>> deadline, deadline.end, deadline.financial_year.label
(Month(year=2008, month=3), datetime.date(2008, 3, 31), '2007/08')
>>> years_between(parse_period("2004/05"), deadline)
3
>>> sorted([parse_period("2005"), parse_period("2004/05"), parse_period("2004-06")])
[FinancialYear(start_year=2004), Month(year=2004, month=6), CalendarYear(year=2005)]

Only the standard library and attrs are imported, so that importing this package stays cheap.
"""

from __future__ import annotations

from cdrpkit.periods.base import (
    ACCEPTED_FORMS,
    DEADLINE_FORMS,
    MAX_YEAR,
    MIN_YEAR,
    Period,
    PeriodError,
)
from cdrpkit.periods.parsing import parse_deadline, parse_period
from cdrpkit.periods.types import (
    CalendarYear,
    Day,
    FinancialYear,
    Month,
    Quarter,
    YearRange,
    financial_year_of,
    financial_years,
    years_between,
)

__all__ = [
    "ACCEPTED_FORMS",
    "DEADLINE_FORMS",
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarYear",
    "Day",
    "FinancialYear",
    "Month",
    "Period",
    "PeriodError",
    "Quarter",
    "YearRange",
    "financial_year_of",
    "financial_years",
    "parse_deadline",
    "parse_period",
    "years_between",
]
