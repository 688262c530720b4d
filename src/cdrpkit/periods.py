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

Only the standard library and attrs are imported, so that importing this module stays cheap.
"""

from __future__ import annotations

import abc
import datetime
import re
from collections.abc import Callable
from typing import Final, overload

import attrs

from cdrpkit.errors import CdrpkitError

__all__ = [
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

#: Earliest calendar year any period may touch.
MIN_YEAR: Final = 1900
#: Latest calendar year any period may touch (so the last financial year is 2099/00).
MAX_YEAR: Final = 2100

ACCEPTED_FORMS: Final = (
    "financial year '2004/05' (also '2004/5', '2004/2005', 'FY2004/05', 'year ending March 2005'); "
    "quarter '2006/07-Q2' (also '2006/07 Q2', 'Q2 2006/07', 'quarter ending September 2006'); "
    "month '2008-03' (also 'March 2008', 'Mar 2008'); calendar year '2002'; "
    "day '2005-07-01' (also '1 July 2005', '1st July 2005'); "
    "range of calendar years '1994-1998' (also '1994-98'); "
    "range of financial years '2002/03-2004/05'"
)
DEADLINE_FORMS: Final = (
    "'by March 2008', 'by end of April 2005', 'by the end of March 2006', 'in 2006/07', "
    "'by 2005/06', 'by 2008', or any period form"
)


# PeriodError is also a ValueError so that callers who only know the standard library can
# still catch it.
class PeriodError(CdrpkitError, ValueError):
    """Text or values that do not make a period, or arithmetic a period does not support.

    ``text`` holds the offending input when there was one, for callers that report it.

    >>> try:  # doctest: +NORMALIZE_WHITESPACE
    ...     parse_period("2004/06")
    ... except PeriodError as error:
    ...     print(error.text)
    2004/06
    """

    def __init__(self, message: str, *, text: object = None) -> None:
        super().__init__(message)
        self.text = text


def _check_whole_number(what: str, value: object, low: int, high: int) -> None:
    # bool is an int subclass, and True as a year is always a mistake.
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError(
            f"{what} must be a whole number, got {value!r} ({type(value).__name__});"
            " use parse_period() to read text",
            text=value,
        )
    if not low <= value <= high:
        raise PeriodError(f"{what} must be between {low} and {high}, got {value}", text=value)


def _year_validator(
    what: str, low: int, high: int
) -> Callable[[object, attrs.Attribute[int], int], None]:
    def validate(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        _check_whole_number(what, value, low, high)

    return validate


def _fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _month_index(year: int, month: int) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    return year * 12 + month - 1


class Period(abc.ABC):
    """A span of whole days with a canonical label; the base of every period type.

    Periods of any type are ordered by ``(start, end)``, so ``sorted()`` works on a mixture;
    two periods are equal only when they are of the same type with the same value.

    >>> Month(2008, 3) < FinancialYear(2008) < CalendarYear(2009)
    True
    >>> FinancialYear(2004).contains(Month(2005, 1))
    True
    """

    __slots__ = ()

    @property
    @abc.abstractmethod
    def start(self) -> datetime.date:
        """First day of the period."""

    @property
    @abc.abstractmethod
    def end(self) -> datetime.date:
        """Last day of the period (inclusive); a deadline is due on this day."""

    @property
    @abc.abstractmethod
    def label(self) -> str:
        """Canonical text, such that ``parse_period(p.label) == p``."""

    @property
    def financial_year(self) -> FinancialYear:
        """The financial year holding the whole period.

        Raises :class:`PeriodError` when the period runs across more than one.
        """
        fy = FinancialYear.containing(self.start)
        if self.end > fy.end:
            raise PeriodError(
                f"{self.label} runs from {self.start.isoformat()} to {self.end.isoformat()},"
                f" beyond financial year {fy.label}; it has no single financial year",
                text=self.label,
            )
        return fy

    def contains(self, other: datetime.date | Period) -> bool:
        """Whether a date, or the whole of another period, lies within this period.

        >>> Quarter(2004, 4).contains(datetime.date(2005, 2, 14))
        True
        >>> CalendarYear(2005).contains(FinancialYear(2005))
        False
        """
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        if isinstance(other, datetime.datetime):
            other = other.date()
        if isinstance(other, datetime.date):
            return self.start <= other <= self.end
        raise TypeError(f"contains() needs a date or a Period, got {type(other).__name__}")

    def __str__(self) -> str:
        return self.label

    def _sort_key(self) -> tuple[datetime.date, datetime.date, str]:
        # The type name only breaks ties between types with the same span, which keeps the
        # order total and consistent with equality; no built-in types share a span.
        return (self.start, self.end, type(self).__name__)

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()


@attrs.frozen(order=False)
class FinancialYear(Period):
    """A UK financial year, 1 April ``start_year`` to 31 March the year after.

    Adding or subtracting an int shifts it by whole years; subtracting another financial year
    gives the number of years between them.

    >>> fy = FinancialYear(2004)
    >>> fy.label, fy.start, fy.end
    ('2004/05', datetime.date(2004, 4, 1), datetime.date(2005, 3, 31))
    >>> (fy + 3).label, FinancialYear(2007) - fy, FinancialYear(1999).label
    ('2007/08', 3, '1999/00')
    """

    start_year: int = attrs.field(
        validator=_year_validator("financial year start_year", MIN_YEAR, MAX_YEAR - 1)
    )

    @property
    def start(self) -> datetime.date:
        """1 April of ``start_year``."""
        return datetime.date(self.start_year, 4, 1)

    @property
    def end(self) -> datetime.date:
        """31 March of the year after ``start_year``."""
        return datetime.date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        """``"2004/05"``; ``"1999/00"`` for the year starting in 1999."""
        return _fy_label(self.start_year)

    @property
    def financial_year(self) -> FinancialYear:
        """The financial year itself."""
        return self

    @classmethod
    def containing(cls, day: datetime.date) -> FinancialYear:
        """The financial year a date falls in.

        >>> FinancialYear.containing(datetime.date(2008, 3, 31)).label
        '2007/08'
        """
        return cls(day.year if day.month >= 4 else day.year - 1)

    def quarters(self) -> tuple[Quarter, ...]:
        """Its four quarters, Q1 (April-June) to Q4 (January-March).

        >>> [q.label for q in FinancialYear(2006).quarters()]
        ['2006/07-Q1', '2006/07-Q2', '2006/07-Q3', '2006/07-Q4']
        """
        return tuple(Quarter(self.start_year, number) for number in range(1, 5))

    def months(self) -> tuple[Month, ...]:
        """Its twelve months, April to March.

        >>> months = FinancialYear(2004).months()
        >>> months[0].label, months[-1].label
        ('2004-04', '2005-03')
        """
        return tuple(Month(self.start_year, m) for m in range(4, 13)) + tuple(
            Month(self.start_year + 1, m) for m in range(1, 4)
        )

    def __add__(self, years: int) -> FinancialYear:
        if isinstance(years, bool) or not isinstance(years, int):
            return NotImplemented
        return FinancialYear(self.start_year + years)

    __radd__ = __add__

    @overload
    def __sub__(self, other: int) -> FinancialYear: ...

    @overload
    def __sub__(self, other: FinancialYear) -> int: ...

    def __sub__(self, other: int | FinancialYear) -> FinancialYear | int:
        if isinstance(other, FinancialYear):
            return self.start_year - other.start_year
        if isinstance(other, bool) or not isinstance(other, int):
            return NotImplemented
        return FinancialYear(self.start_year - other)


def _check_quarter_number(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    _check_whole_number("quarter number", value, 1, 4)


@attrs.frozen(order=False)
class Quarter(Period):
    """A quarter of a financial year, labelled ``"2006/07-Q2"``.

    Q1 is April-June, Q2 July-September, Q3 October-December and Q4 January-March, which
    belongs to the financial year that started the previous April.

    Adding an int moves by whole quarters; subtracting a quarter counts the quarters between.

    >>> q = Quarter(2006, 2)
    >>> q.label, q.start, q.end
    ('2006/07-Q2', datetime.date(2006, 7, 1), datetime.date(2006, 9, 30))
    >>> Quarter(2004, 4).start, (Quarter(2004, 4) + 1).label
    (datetime.date(2005, 1, 1), '2005/06-Q1')
    """

    start_year: int = attrs.field(
        validator=_year_validator("quarter start_year", MIN_YEAR, MAX_YEAR - 1)
    )
    number: int = attrs.field(validator=_check_quarter_number)

    @property
    def start(self) -> datetime.date:
        """First day of the quarter's first month."""
        return self.months()[0].start

    @property
    def end(self) -> datetime.date:
        """Last day of the quarter's last month."""
        return self.months()[-1].end

    @property
    def label(self) -> str:
        """``"2006/07-Q2"``."""
        return f"{_fy_label(self.start_year)}-Q{self.number}"

    @property
    def financial_year(self) -> FinancialYear:
        """The financial year the quarter belongs to."""
        return FinancialYear(self.start_year)

    @classmethod
    def containing(cls, day: datetime.date) -> Quarter:
        """The quarter a date falls in.

        >>> Quarter.containing(datetime.date(2005, 2, 14)).label
        '2004/05-Q4'
        """
        return Month(day.year, day.month).quarter

    def months(self) -> tuple[Month, ...]:
        """Its three months.

        >>> [m.label for m in Quarter(2004, 4).months()]
        ['2005-01', '2005-02', '2005-03']
        """
        first = _month_index(self.start_year, 4) + 3 * (self.number - 1)
        return tuple(Month._from_index(first + offset) for offset in range(3))

    def _index(self) -> int:
        return self.start_year * 4 + self.number - 1

    def __add__(self, quarters: int) -> Quarter:
        if isinstance(quarters, bool) or not isinstance(quarters, int):
            return NotImplemented
        start_year, number = divmod(self._index() + quarters, 4)
        return Quarter(start_year, number + 1)

    __radd__ = __add__

    @overload
    def __sub__(self, other: int) -> Quarter: ...

    @overload
    def __sub__(self, other: Quarter) -> int: ...

    def __sub__(self, other: int | Quarter) -> Quarter | int:
        if isinstance(other, Quarter):
            return self._index() - other._index()
        if isinstance(other, bool) or not isinstance(other, int):
            return NotImplemented
        return self + -other


def _check_month_number(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    _check_whole_number("month", value, 1, 12)


@attrs.frozen(order=False)
class Month(Period):
    """A calendar month, labelled ``"2008-03"``.

    Adding an int moves by whole months; subtracting a month counts the months between.

    >>> m = Month(2008, 3)
    >>> m.label, m.end, m.financial_year.label, m.quarter.label
    ('2008-03', datetime.date(2008, 3, 31), '2007/08', '2007/08-Q4')
    >>> (m + 1).label, Month(2008, 3) - Month(2005, 4)
    ('2008-04', 35)
    """

    year: int = attrs.field(validator=_year_validator("month year", MIN_YEAR, MAX_YEAR))
    month: int = attrs.field(validator=_check_month_number)

    @property
    def start(self) -> datetime.date:
        """The first of the month."""
        return datetime.date(self.year, self.month, 1)

    @property
    def end(self) -> datetime.date:
        """The last day of the month."""
        if self.month == 12:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, self.month + 1, 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        """``"2008-03"``."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def financial_year(self) -> FinancialYear:
        """The financial year the month falls in (January-March belong to the previous one)."""
        return FinancialYear(self.year if self.month >= 4 else self.year - 1)

    @property
    def quarter(self) -> Quarter:
        """The financial-year quarter the month falls in."""
        return Quarter(self.financial_year.start_year, (self.month - 4) % 12 // 3 + 1)

    @classmethod
    def containing(cls, day: datetime.date) -> Month:
        """The month a date falls in.

        >>> Month.containing(datetime.date(2005, 7, 1))
        Month(year=2005, month=7)
        """
        return cls(day.year, day.month)

    @classmethod
    def _from_index(cls, index: int) -> Month:
        year, month0 = divmod(index, 12)
        return cls(year, month0 + 1)

    def _index(self) -> int:
        return _month_index(self.year, self.month)

    def __add__(self, months: int) -> Month:
        if isinstance(months, bool) or not isinstance(months, int):
            return NotImplemented
        return Month._from_index(self._index() + months)

    __radd__ = __add__

    @overload
    def __sub__(self, other: int) -> Month: ...

    @overload
    def __sub__(self, other: Month) -> int: ...

    def __sub__(self, other: int | Month) -> Month | int:
        if isinstance(other, Month):
            return self._index() - other._index()
        if isinstance(other, bool) or not isinstance(other, int):
            return NotImplemented
        return self + -other


@attrs.frozen(order=False)
class CalendarYear(Period):
    """A calendar year, January to December, labelled ``"2002"``.

    It is never turned into a financial year behind the caller's back: "4,781 in 2002" in the
    county plan means calendar 2002, which straddles 2001/02 and 2002/03, so
    :attr:`financial_year` raises :class:`PeriodError`.

    >>> y = CalendarYear(2002)
    >>> y.label, y.start, y.end, (y + 3).label
    ('2002', datetime.date(2002, 1, 1), datetime.date(2002, 12, 31), '2005')
    """

    year: int = attrs.field(validator=_year_validator("calendar year", MIN_YEAR, MAX_YEAR))

    @property
    def start(self) -> datetime.date:
        """1 January."""
        return datetime.date(self.year, 1, 1)

    @property
    def end(self) -> datetime.date:
        """31 December."""
        return datetime.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """``"2002"``."""
        return f"{self.year:04d}"

    @property
    def financial_year(self) -> FinancialYear:
        """Always raises: a calendar year straddles two financial years.

        >>> try:  # doctest: +NORMALIZE_WHITESPACE
        ...     CalendarYear(2002).financial_year
        ... except PeriodError as error:
        ...     print(error)
        calendar year 2002 straddles financial years 2001/02 and 2002/03; calendar years are not
        converted to financial years: write '2001/02' or 'March 2002' if the year ending March
        2002 is meant
        """
        y = self.year
        raise PeriodError(
            f"calendar year {y} straddles financial years {_fy_label(y - 1)} and {_fy_label(y)};"
            " calendar years are not converted to financial years: write"
            f" '{_fy_label(y - 1)}' or 'March {y}' if the year ending March {y} is meant",
            text=self.label,
        )

    def __add__(self, years: int) -> CalendarYear:
        if isinstance(years, bool) or not isinstance(years, int):
            return NotImplemented
        return CalendarYear(self.year + years)

    __radd__ = __add__

    @overload
    def __sub__(self, other: int) -> CalendarYear: ...

    @overload
    def __sub__(self, other: CalendarYear) -> int: ...

    def __sub__(self, other: int | CalendarYear) -> CalendarYear | int:
        if isinstance(other, CalendarYear):
            return self.year - other.year
        if isinstance(other, bool) or not isinstance(other, int):
            return NotImplemented
        return CalendarYear(self.year - other)


def _check_day(instance: object, attribute: attrs.Attribute[datetime.date], value: object) -> None:
    # A datetime is a date subclass, but its time would leak into the label.
    if type(value) is not datetime.date:
        raise PeriodError(
            f"Day needs a datetime.date, got {value!r} ({type(value).__name__})", text=value
        )
    _check_whole_number("day year", value.year, MIN_YEAR, MAX_YEAR)


@attrs.frozen(order=False)
class Day(Period):
    """A single day, labelled in ISO form ``"2005-07-01"``.

    >>> d = Day(datetime.date(2005, 7, 1))
    >>> d.label, d.financial_year.label
    ('2005-07-01', '2005/06')
    """

    date: datetime.date = attrs.field(validator=_check_day)

    @property
    def start(self) -> datetime.date:
        """The day itself."""
        return self.date

    @property
    def end(self) -> datetime.date:
        """The day itself."""
        return self.date

    @property
    def label(self) -> str:
        """``"2005-07-01"``."""
        return self.date.isoformat()


def _check_range_first(
    instance: object, attribute: attrs.Attribute[CalendarYear | FinancialYear], value: object
) -> None:
    if not isinstance(value, (CalendarYear, FinancialYear)):
        raise PeriodError(
            f"a YearRange runs between calendar years or financial years, got {value!r}",
            text=value,
        )


def _check_range_last(
    instance: YearRange, attribute: attrs.Attribute[CalendarYear | FinancialYear], value: object
) -> None:
    first = instance.first
    if type(value) is not type(first):
        raise PeriodError(
            f"a YearRange needs two years of the same kind, got {first!r} and {value!r}",
            text=value,
        )
    assert isinstance(value, (CalendarYear, FinancialYear))
    if value.start <= first.start:
        raise PeriodError(
            f"a YearRange must end after it starts, got {first.label} to {value.label}",
            text=value,
        )


@attrs.frozen(order=False)
class YearRange(Period):
    """Whole years from ``first`` to ``last`` inclusive, both calendar or both financial years.

    The county plan's "average for 1994-98" is ``YearRange(CalendarYear(1994),
    CalendarYear(1998))``, labelled ``"1994-1998"``; a range of financial years is labelled
    ``"2002/03-2004/05"``.

    >>> r = parse_period("1994-98")
    >>> r.label, len(r.years()), r.start, r.end
    ('1994-1998', 5, datetime.date(1994, 1, 1), datetime.date(1998, 12, 31))
    >>> [fy.label for fy in parse_period("2002/03-2004/05").years()]
    ['2002/03', '2003/04', '2004/05']
    """

    first: CalendarYear | FinancialYear = attrs.field(validator=_check_range_first)
    last: CalendarYear | FinancialYear = attrs.field(validator=_check_range_last)

    @property
    def start(self) -> datetime.date:
        """Start of the first year."""
        return self.first.start

    @property
    def end(self) -> datetime.date:
        """End of the last year."""
        return self.last.end

    @property
    def label(self) -> str:
        """``"1994-1998"`` or ``"2002/03-2004/05"``."""
        return f"{self.first.label}-{self.last.label}"

    def years(self) -> tuple[CalendarYear, ...] | tuple[FinancialYear, ...]:
        """Every year in the range, first to last."""
        first, last = self.first, self.last
        if isinstance(first, FinancialYear) and isinstance(last, FinancialYear):
            return financial_years(first, last)
        assert isinstance(first, CalendarYear) and isinstance(last, CalendarYear)
        return tuple(CalendarYear(y) for y in range(first.year, last.year + 1))


def financial_year_of(date: datetime.date) -> FinancialYear:
    """The financial year a date falls in.

    >>> financial_year_of(datetime.date(2005, 4, 1)).label
    '2005/06'
    >>> financial_year_of(datetime.date(2005, 3, 31)).label
    '2004/05'
    """
    return FinancialYear.containing(date)


def financial_years(first: FinancialYear, last: FinancialYear) -> tuple[FinancialYear, ...]:
    """Every financial year from ``first`` to ``last``, both included.

    Raises :class:`PeriodError` if ``last`` comes before ``first``.

    >>> [fy.label for fy in financial_years(FinancialYear(2005), FinancialYear(2007))]
    ['2005/06', '2006/07', '2007/08']
    """
    for value in (first, last):
        if not isinstance(value, FinancialYear):
            raise PeriodError(f"financial_years() needs FinancialYear values, got {value!r}")
    if last < first:
        raise PeriodError(f"financial_years(): {last.label} comes before {first.label}")
    return tuple(FinancialYear(y) for y in range(first.start_year, last.start_year + 1))


def years_between(a: Period, b: Period) -> int:
    """Whole financial years from ``a`` to ``b``, through each one's financial year.

    Negative when ``b`` is earlier. Raises :class:`PeriodError` if either period has no single
    financial year (a calendar year, or a range of years).

    >>> years_between(FinancialYear(2004), parse_deadline("by March 2008"))
    3
    >>> years_between(FinancialYear(2003), FinancialYear(2006))
    3
    """
    return b.financial_year - a.financial_year


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------

_MONTHS: Final[dict[str, int]] = {}
for _number, _name in enumerate(
    (
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ),
    start=1,
):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["sept"] = 9
del _number, _name

_FLAGS: Final = re.ASCII | re.IGNORECASE
_FY: Final = r"(\d{4})/(\d{1,4})"
_FY_WORD: Final = r"(?:(?:fy|financial year|fiscal year) ?)?"
_ORDINAL: Final = r"(?:st|nd|rd|th)?"

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})", _FLAGS)
_WORD_DAY = re.compile(rf"(\d{{1,2}}){_ORDINAL} ([a-z]+)\.?,? (\d{{4}})", _FLAGS)
_FY_RANGE = re.compile(rf"{_FY_WORD}{_FY}(?:-| to ){_FY_WORD}{_FY}", _FLAGS)
_QUARTER_AFTER = re.compile(rf"{_FY_WORD}{_FY}[ -]?q(\d+)", _FLAGS)
_QUARTER_BEFORE = re.compile(rf"q(\d+)[ -]?(?:of )?{_FY_WORD}{_FY}", _FLAGS)
_FINANCIAL_YEAR = re.compile(rf"{_FY_WORD}{_FY}", _FLAGS)
_QUARTER_ENDING = re.compile(r"(?:the )?quarter ending ([a-z]+)\.? (\d{4})", _FLAGS)
_YEAR_ENDING = re.compile(r"(?:the )?year ending ([a-z]+)\.? (\d{4})", _FLAGS)
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})", _FLAGS)
_WORD_MONTH = re.compile(r"([a-z]+)\.?,? (\d{4})", _FLAGS)
_CALENDAR_RANGE = re.compile(r"(\d{4})(?:-| to )(\d{4})", _FLAGS)
_CALENDAR_YEAR = re.compile(r"(\d{4})", _FLAGS)
_DEADLINE = re.compile(
    r"(?:(?:by|in|during|until|as at) )?(?:(?:the )?end(?: of)? )?(?:the )?(.+)", _FLAGS
)


def _normalise(text: str) -> str:
    # Documents use en and em dashes and stray spaces ("during 2003 – 2004").
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    text = " ".join(text.split())
    text = re.sub(r" ?- ?", "-", text)
    return re.sub(r" ?/ ?", "/", text)


def _month_number(name: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise PeriodError(f"{name!r} is not a month name")
    return number


def _financial_year(first: str, second: str) -> FinancialYear:
    start_year = int(first)
    following = start_year + 1
    if len(second) not in (1, 2, 4) or int(second) != following % 10 ** len(second):
        raise PeriodError(
            f"{first}/{second} is not a financial year: {second} does not follow {first}"
            f" (the financial year starting in {first} is {_fy_label(start_year)})"
        )
    return FinancialYear(start_year)


def _quarter(first: str, second: str, number: str) -> Quarter:
    fy = _financial_year(first, second)
    if not 1 <= int(number) <= 4:
        raise PeriodError(f"Q{number} is not a quarter; quarters are Q1 to Q4")
    return Quarter(fy.start_year, int(number))


def _parse(text: str) -> Period:
    """Parse normalised text, raising PeriodError with the reason only."""
    if m := _ISO_DAY.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
        return _day(year, month, day)
    if m := _WORD_DAY.fullmatch(text):
        return _day(int(m[3]), _month_number(m[2]), int(m[1]))
    if m := _FY_RANGE.fullmatch(text):
        return YearRange(_financial_year(m[1], m[2]), _financial_year(m[3], m[4]))
    if m := _QUARTER_AFTER.fullmatch(text):
        return _quarter(m[1], m[2], m[3])
    if m := _QUARTER_BEFORE.fullmatch(text):
        return _quarter(m[2], m[3], m[1])
    if m := _FINANCIAL_YEAR.fullmatch(text):
        return _financial_year(m[1], m[2])
    if m := _QUARTER_ENDING.fullmatch(text):
        month = _month_number(m[1])
        if month % 3:
            raise PeriodError("a quarter ends in June, September, December or March")
        return Quarter.containing(datetime.date(int(m[2]), month, 1))
    if m := _YEAR_ENDING.fullmatch(text):
        month, year = _month_number(m[1]), int(m[2])
        if month == 3:
            return FinancialYear(year - 1)
        if month == 12:
            return CalendarYear(year)
        raise PeriodError(
            "a year ending in a month other than March (a financial year) or December"
            " (a calendar year) is not supported"
        )
    if m := _ISO_MONTH.fullmatch(text):
        year, tail = int(m[1]), int(m[2])
        if tail <= 12:
            # YYYY-MM is always a month, so "2004-05" is May 2004, never 2004/05.
            return Month(year, tail)
        # "1994-98": the tail cannot be a month, so it ends a range of calendar years.
        last = year - year % 100 + tail
        if last <= year:
            raise PeriodError(f"{m[2]} does not come after {year}")
        return YearRange(CalendarYear(year), CalendarYear(last))
    if m := _WORD_MONTH.fullmatch(text):
        return Month(int(m[2]), _month_number(m[1]))
    if m := _CALENDAR_RANGE.fullmatch(text):
        return YearRange(CalendarYear(int(m[1])), CalendarYear(int(m[2])))
    if m := _CALENDAR_YEAR.fullmatch(text):
        return CalendarYear(int(m[1]))
    raise PeriodError("it matches none of the accepted forms")


def _day(year: int, month: int, day: int) -> Day:
    try:
        date = datetime.date(year, month, day)
    except ValueError as error:
        raise PeriodError(f"{year:04d}-{month:02d}-{day:02d} is not a date: {error}") from None
    return Day(date)


def parse_period(text: str | int | Period) -> Period:
    """Read a period from its label or from the looser forms the documents use.

    Accepted, case-insensitive, with any spacing and en dashes:

    - financial year: ``2004/05``, ``2004/5``, ``2004/2005``, ``FY2004/05``,
      ``financial year 2004/05``, ``year ending March 2005``;
    - quarter of a financial year: ``2006/07-Q2``, ``2006/07 Q2``, ``Q2 2006/07``,
      ``quarter ending September 2006``;
    - month: ``2008-03``, ``March 2008``, ``Mar 2008`` (``YYYY-MM`` is always a month, so
      ``2004-05`` is May 2004, not the financial year 2004/05);
    - calendar year: ``2002`` or the int ``2002`` (never turned into a financial year);
    - day: ``2005-07-01``, ``1 July 2005``, ``31st December 2004``;
    - range of calendar years: ``1994-1998``, ``1994-98`` (a two-digit end above 12, since
      ``1994-05`` is a month), ``2001 to 2004``. Note that ``2003-2004`` is therefore the two
      calendar years 2003 and 2004; write ``2003/04`` for the financial year;
    - range of financial years: ``2002/03-2004/05``, ``2002/03 to 2004/05``.

    A :class:`Period` is returned unchanged. Anything else raises :class:`PeriodError`,
    naming the text and the accepted forms: non-consecutive financial years (``2004/06``),
    month 13, dates that do not exist, and years outside 1900 to 2100.

    >>> parse_period("Q2 2006/07")
    Quarter(start_year=2006, number=2)
    >>> parse_period("Mar 2008"), parse_period(2002)
    (Month(year=2008, month=3), CalendarYear(year=2002))
    >>> parse_period("1 July 2005").label
    '2005-07-01'
    >>> try:  # doctest: +NORMALIZE_WHITESPACE
    ...     parse_period("2004/06")
    ... except PeriodError as error:
    ...     print(str(error).split(". Accepted forms")[0])
    '2004/06' is not a period: 2004/06 is not a financial year: 06 does not follow 2004 (the
    financial year starting in 2004 is 2004/05)
    """
    if isinstance(text, Period):
        return text
    if isinstance(text, int) and not isinstance(text, bool):
        try:
            return CalendarYear(text)
        except PeriodError as error:
            raise PeriodError(
                f"{text!r} is not a period: {error}. Accepted forms: {ACCEPTED_FORMS}", text=text
            ) from None
    if not isinstance(text, str):
        raise PeriodError(
            f"{text!r} is not a period: expected text or an int, got {type(text).__name__}."
            f" Accepted forms: {ACCEPTED_FORMS}",
            text=text,
        )
    try:
        return _parse(_normalise(text))
    except PeriodError as error:
        raise PeriodError(
            f"{text!r} is not a period: {error}. Accepted forms: {ACCEPTED_FORMS}", text=text
        ) from None


def parse_deadline(text: str) -> Period:
    """Read when something is due from the phrases the strategies use; it is due on ``.end``.

    Leading "by", "in", "during", "until" or "as at" and "(the) end of" are dropped and the rest
    is read by :func:`parse_period`, so "by March 2008" is March 2008, due 31 March 2008, in
    financial year 2007/08; "in 2006/07" and "by 2005/06" are financial years.

    "by 2008" is the calendar year 2008, due 31 December 2008: it is not guessed to mean March
    2008, so it has no single financial year, and the checker may flag it as ambiguous.

    >>> parse_deadline("by the end of March 2006")
    Month(year=2006, month=3)
    >>> parse_deadline("by end of April 2005").end
    datetime.date(2005, 4, 30)
    >>> parse_deadline("in 2006/07"), parse_deadline("By 2008")
    (FinancialYear(start_year=2006), CalendarYear(year=2008))
    """
    if not isinstance(text, str):
        raise PeriodError(
            f"{text!r} is not a deadline: expected text, got {type(text).__name__}."
            f" Accepted: {DEADLINE_FORMS}",
            text=text,
        )
    normal = _normalise(text).rstrip(".,;:")
    match = _DEADLINE.fullmatch(normal)
    try:
        if match is None:
            raise PeriodError("it is empty")
        return _parse(match[1])
    except PeriodError as error:
        raise PeriodError(
            f"{text!r} is not a deadline: {error}. Accepted: {DEADLINE_FORMS}"
            f" ({ACCEPTED_FORMS})",
            text=text,
        ) from None
