"""The base of every period type, the limits on years, and the error periods raise."""

from __future__ import annotations

import abc
import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

import attrs

from cdrpkit.errors import CdrpkitError
from cdrpkit.limits import MAX_YEAR as MAX_YEAR  # the limits live in one module
from cdrpkit.limits import MIN_YEAR as MIN_YEAR

if TYPE_CHECKING:
    from cdrpkit.periods.types import FinancialYear


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

    >>> from cdrpkit.periods import parse_period
    >>> try:  # doctest: +NORMALIZE_WHITESPACE
    ...     parse_period("2004/06")
    ... except PeriodError as error:
    ...     print(error.text)
    2004/06
    """

    def __init__(self, message: str, *, text: object = None) -> None:
        super().__init__(message)
        self.text = text


def check_whole_number(what: str, value: object, low: int, high: int) -> None:
    # bool is an int subclass, and True as a year is always a mistake.
    if isinstance(value, bool) or not isinstance(value, int):
        raise PeriodError(
            f"{what} must be a whole number, got {value!r} ({type(value).__name__});"
            " use parse_period() to read text",
            text=value,
        )
    if not low <= value <= high:
        raise PeriodError(f"{what} must be between {low} and {high}, got {value}", text=value)


def year_validator(
    what: str, low: int, high: int
) -> Callable[[object, attrs.Attribute[int], int], None]:
    def validate(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
        check_whole_number(what, value, low, high)

    return validate


def fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def month_index(year: int, month: int) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    return year * 12 + month - 1


class Period(abc.ABC):
    """A span of whole days with a canonical label; the base of every period type.

    Periods of any type are ordered by ``(start, end)``, so ``sorted()`` works on a mixture;
    two periods are equal only when they are of the same type with the same value.

    >>> from cdrpkit.periods import CalendarYear, FinancialYear, Month, Quarter
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
        from cdrpkit.periods.types import FinancialYear

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

        >>> from cdrpkit.periods import CalendarYear, FinancialYear, Quarter
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

