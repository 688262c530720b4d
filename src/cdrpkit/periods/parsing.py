"""Reading periods and deadlines from their labels and from the phrases documents use."""

from __future__ import annotations

import datetime
import re
from typing import Final

from cdrpkit.limits import MAX_YEAR, MIN_YEAR, shorten
from cdrpkit.periods.base import ACCEPTED_FORMS, DEADLINE_FORMS, Period, PeriodError, fy_label
from cdrpkit.periods.types import CalendarYear, Day, FinancialYear, Month, Quarter, YearRange

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
        raise PeriodError(f"{shorten(name)} is not a month name")
    return number


def _financial_year(first: str, second: str) -> FinancialYear:
    start_year = int(first)
    following = start_year + 1
    if len(second) not in (1, 2, 4) or int(second) != following % 10 ** len(second):
        raise PeriodError(
            f"{first}/{second} is not a financial year: {second} does not follow {first}"
            f" (the financial year starting in {first} is {fy_label(start_year)})"
        )
    return FinancialYear(start_year)


def _quarter(first: str, second: str, number: str) -> Quarter:
    fy = _financial_year(first, second)
    if len(number) > 1 or not 1 <= int(number) <= 4:
        number = number if len(number) <= 10 else f"{number[:10]}… ({len(number):,} digits)"
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
        year = int(m[2])
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise PeriodError(f"the year {m[2]} is outside {MIN_YEAR} to {MAX_YEAR}")
        return Quarter.containing(datetime.date(year, month, 1))
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
                f"{shorten(text)} is not a period: {error}. Accepted forms: {ACCEPTED_FORMS}",
                text=text,
            ) from None
    if not isinstance(text, str):
        raise PeriodError(
            f"{shorten(text)} is not a period: expected text or an int, got {type(text).__name__}."
            f" Accepted forms: {ACCEPTED_FORMS}",
            text=text,
        )
    try:
        return _parse(_normalise(text))
    except PeriodError as error:
        raise PeriodError(
            f"{shorten(text)} is not a period: {error}. Accepted forms: {ACCEPTED_FORMS}", text=text
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
            f"{shorten(text)} is not a deadline: expected text, got {type(text).__name__}."
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
            f"{shorten(text)} is not a deadline: {error}. Accepted: {DEADLINE_FORMS}"
            f" ({ACCEPTED_FORMS})",
            text=text,
        ) from None
