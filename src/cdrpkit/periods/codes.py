"""Financial periods as integer codes, and their labels: for work on whole tables.

A code packs a financial year, how it is divided and which part::

    code = start_year * 10000 + per * 100 + sub

``per`` is 1 for the year itself (``sub`` 0), 4 for its quarters (``sub`` 1 to 4, Q1 is
April to June) and 12 for its months (``sub`` 1 to 12, April is 1). Codes of one kind sort
in time order, and every function here also takes numpy arrays of codes where it says so,
so the assessment never builds a period object per row.

>>> code_of(parse_period("2006/07-Q2"))
20060402
>>> label_of(20060402), label_of(20051210), label_of(20070100)
('2006/07-Q2', '2006-01', '2007/08')
>>> end_of(20060402)
datetime.date(2006, 9, 30)
"""

from __future__ import annotations

import datetime
from typing import Any, Final

from cdrpkit.periods.base import Period, PeriodError
from cdrpkit.periods.parsing import parse_period
from cdrpkit.periods.types import FinancialYear, Month, Quarter

__all__ = [
    "GRANULARITIES",
    "MONTH",
    "QUARTER",
    "YEAR",
    "code",
    "code_of",
    "end_of",
    "financial_year_label",
    "label_of",
    "period_of",
]

YEAR: Final = 1
QUARTER: Final = 4
MONTH: Final = 12
#: The divisions of a financial year by name, and the ``per`` of their codes.
GRANULARITIES: Final[dict[str, int]] = {"year": YEAR, "quarter": QUARTER, "month": MONTH}


def financial_year_label(start_year: int) -> str:
    """The label of the financial year starting in April of ``start_year``.

    >>> financial_year_label(2004), financial_year_label(1999)
    ('2004/05', '1999/00')
    """
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def code(fy: Any, per: Any = YEAR, sub: Any = 0) -> Any:
    """The code of part ``sub`` of ``per`` parts of financial year ``fy`` (arrays too)."""
    return fy * 10000 + per * 100 + sub


def code_of(period: Period) -> int | None:
    """The code of a financial year, quarter or month; ``None`` for any other period."""
    if isinstance(period, FinancialYear):
        return int(code(period.start_year))
    if isinstance(period, Quarter):
        return int(code(period.start_year, QUARTER, period.number))
    if isinstance(period, Month):
        fy = period.year - (1 if period.month < 4 else 0)
        return int(code(fy, MONTH, (period.month - 4) % 12 + 1))
    return None


def _parts(value: int) -> tuple[int, int, int]:
    fy, rest = divmod(int(value), 10000)
    per, sub = divmod(rest, 100)
    if per not in (YEAR, QUARTER, MONTH) or not (sub == 0 if per == YEAR else 1 <= sub <= per):
        raise PeriodError(f"{value} is not a period code", text=value)
    return fy, per, sub


def label_of(value: int) -> str:
    """The label of the period with this code (``2006/07``, ``2006/07-Q2``, ``2006-07``)."""
    fy, per, sub = _parts(value)
    if per == YEAR:
        return financial_year_label(fy)
    if per == QUARTER:
        return f"{financial_year_label(fy)}-Q{sub}"
    month = (sub + 2) % 12 + 1
    return f"{fy + (1 if month < 4 else 0)}-{month:02d}"


def period_of(value: int) -> Period:
    """The period with this code."""
    fy, per, sub = _parts(value)
    if per == YEAR:
        return FinancialYear(fy)
    if per == QUARTER:
        return Quarter(fy, sub)
    return parse_period(label_of(value))


def end_of(value: int) -> datetime.date:
    """The last day of the period with this code."""
    return period_of(value).end
