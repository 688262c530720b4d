"""The period types: financial years, quarters, months, calendar years, days and ranges."""

from __future__ import annotations

import datetime
from typing import overload

import attrs

from cdrpkit.periods.base import (
    MAX_YEAR,
    MIN_YEAR,
    Period,
    PeriodError,
    check_whole_number,
    fy_label,
    month_index,
    year_validator,
)


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
        validator=year_validator("financial year start_year", MIN_YEAR, MAX_YEAR - 1)
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
        return fy_label(self.start_year)

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
    check_whole_number("quarter number", value, 1, 4)


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
        validator=year_validator("quarter start_year", MIN_YEAR, MAX_YEAR - 1)
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
        return f"{fy_label(self.start_year)}-Q{self.number}"

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
        first = month_index(self.start_year, 4) + 3 * (self.number - 1)
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
    check_whole_number("month", value, 1, 12)


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

    year: int = attrs.field(validator=year_validator("month year", MIN_YEAR, MAX_YEAR))
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
        return month_index(self.year, self.month)

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

    year: int = attrs.field(validator=year_validator("calendar year", MIN_YEAR, MAX_YEAR))

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
            f"calendar year {y} straddles financial years {fy_label(y - 1)} and {fy_label(y)};"
            " calendar years are not converted to financial years: write"
            f" '{fy_label(y - 1)}' or 'March {y}' if the year ending March {y} is meant",
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
    check_whole_number("day year", value.year, MIN_YEAR, MAX_YEAR)


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

    >>> from cdrpkit.periods import parse_period
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

    >>> from cdrpkit.periods import parse_deadline
    >>> years_between(FinancialYear(2004), parse_deadline("by March 2008"))
    3
    >>> years_between(FinancialYear(2003), FinancialYear(2006))
    3
    """
    return b.financial_year - a.financial_year


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------
