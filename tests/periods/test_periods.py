"""Tests for cdrpkit.periods: financial years, quarters, months, calendar years, days, ranges."""

from __future__ import annotations

import datetime
import itertools
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdrpkit.periods import (
    MAX_YEAR,
    MIN_YEAR,
    CalendarYear,
    Day,
    FinancialYear,
    Month,
    Period,
    PeriodError,
    Quarter,
    YearRange,
    financial_year_of,
    financial_years,
    parse_deadline,
    parse_period,
    years_between,
)

D = datetime.date

# ---------------------------------------------------------------------------------------------
# Strategies for property tests
# ---------------------------------------------------------------------------------------------

fy_years = st.integers(MIN_YEAR, MAX_YEAR - 1)
financial_year_st = st.builds(FinancialYear, fy_years)
quarter_st = st.builds(Quarter, fy_years, st.integers(1, 4))
month_st = st.builds(Month, st.integers(MIN_YEAR, MAX_YEAR), st.integers(1, 12))
calendar_year_st = st.builds(CalendarYear, st.integers(MIN_YEAR, MAX_YEAR))
day_st = st.builds(Day, st.dates(D(MIN_YEAR, 1, 1), D(MAX_YEAR, 12, 31)))
# Dates whose financial year is in the supported range (1 April 1900 to 31 March 2100).
fy_dates = st.dates(D(MIN_YEAR, 4, 1), D(MAX_YEAR, 3, 31))


@st.composite
def year_range_st(draw: st.DrawFn) -> YearRange:
    first = draw(st.integers(MIN_YEAR, MAX_YEAR - 2))
    last = draw(st.integers(first + 1, MAX_YEAR - 1))
    if draw(st.booleans()):
        return YearRange(FinancialYear(first), FinancialYear(last))
    return YearRange(CalendarYear(first), CalendarYear(last))


any_period = st.one_of(
    financial_year_st, quarter_st, month_st, calendar_year_st, day_st, year_range_st()
)


# ---------------------------------------------------------------------------------------------
# parse_period: every accepted form
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Leicester: "from 2,806 offences in 2004/05"
        ("2004/05", FinancialYear(2004)),
        # Leicester: "from 5,382 offences (BCS) in 2004/5"
        ("2004/5", FinancialYear(2004)),
        # Leicester: "decreased in the period 2002/2003 and 2003/2004"
        ("2002/2003", FinancialYear(2002)),
        # Leicester: "For the fiscal year 2001/02"
        ("fiscal year 2001/02", FinancialYear(2001)),
        ("FY2004/05", FinancialYear(2004)),
        ("fy 2004/05", FinancialYear(2004)),
        ("Financial Year 2004/05", FinancialYear(2004)),
        # Leicester: "a decrease of nearly 7% from the previous year ending March 2003"
        ("year ending March 2003", FinancialYear(2002)),
        ("1999/00", FinancialYear(1999)),
        ("1999/2000", FinancialYear(1999)),
        ("2009/10", FinancialYear(2009)),
        ("2009/0", FinancialYear(2009)),
        ("  2004 / 05  ", FinancialYear(2004)),
    ],
)
def test_parse_financial_year_forms(text: str, expected: FinancialYear) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2006/07-Q2", Quarter(2006, 2)),
        ("2006/07 Q2", Quarter(2006, 2)),
        ("Q2 2006/07", Quarter(2006, 2)),
        ("q2 2006/07", Quarter(2006, 2)),
        ("2006/07 - Q2", Quarter(2006, 2)),
        ("Q4 FY2004/05", Quarter(2004, 4)),
        # Leicester: "in the quarter ending September 2004 88.8% of victims were consulted"
        ("quarter ending September 2004", Quarter(2004, 2)),
        ("quarter ending March 2005", Quarter(2004, 4)),
    ],
)
def test_parse_quarter_forms(text: str, expected: Quarter) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2008-03", Month(2008, 3)),
        # Leicester: "no more than 2,331 offences by March 2008"
        ("March 2008", Month(2008, 3)),
        ("Mar 2008", Month(2008, 3)),
        ("mar. 2008", Month(2008, 3)),
        ("MARCH 2008", Month(2008, 3)),
        # Leicester: "First issue of newsletter out July 2005 and quarterly thereafter"
        ("July 2005", Month(2005, 7)),
        ("Sept 2005", Month(2005, 9)),
        # YYYY-MM is a month, never the financial year 2004/05.
        ("2004-05", Month(2004, 5)),
    ],
)
def test_parse_month_forms(text: str, expected: Month) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # County plan: "from 4,781 in 2002 to 5,539 by 2005/06": stays a calendar year
        ("2002", CalendarYear(2002)),
        (2002, CalendarYear(2002)),
        # County plan: "killed or seriously injured in road accidents ... in 2005"
        ("2005", CalendarYear(2005)),
        ("year ending December 2003", CalendarYear(2003)),
    ],
)
def test_parse_calendar_year_forms(text: str | int, expected: CalendarYear) -> None:
    result = parse_period(text)
    assert result == expected
    assert type(result) is CalendarYear


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2005-07-01", Day(D(2005, 7, 1))),
        ("1 July 2005", Day(D(2005, 7, 1))),
        # Leicester: "as at 31st December 2004 this had been reduced to only 254"
        ("31st December 2004", Day(D(2004, 12, 31))),
        ("2nd Feb 2004", Day(D(2004, 2, 2))),
        ("29 February 2004", Day(D(2004, 2, 29))),
    ],
)
def test_parse_day_forms(text: str, expected: Day) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        # County plan: "compared with the average for 1994-98"
        ("1994-98", CalendarYear(1994), CalendarYear(1998)),
        ("1994-1998", CalendarYear(1994), CalendarYear(1998)),
        ("1994 \u2013 1998", CalendarYear(1994), CalendarYear(1998)),
        # Leicester: "Crime Trends for 2001-2004"
        ("2001-2004", CalendarYear(2001), CalendarYear(2004)),
        ("2001 to 2004", CalendarYear(2001), CalendarYear(2004)),
        # Leicester: "during 2003 \u2013 2004" is read as two calendar years, not 2003/04.
        ("2003 \u2013 2004", CalendarYear(2003), CalendarYear(2004)),
        ("2002/03-2004/05", FinancialYear(2002), FinancialYear(2004)),
        ("2002/03 to 2004/05", FinancialYear(2002), FinancialYear(2004)),
        ("2002/3\u20132004/5", FinancialYear(2002), FinancialYear(2004)),
    ],
)
def test_parse_year_range_forms(
    text: str, first: CalendarYear | FinancialYear, last: CalendarYear | FinancialYear
) -> None:
    assert parse_period(text) == YearRange(first, last)


def test_parse_period_returns_a_period_unchanged() -> None:
    fy = FinancialYear(2004)
    assert parse_period(fy) is fy


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2004/06", "06 does not follow 2004"),
        ("2004/2006", "2006 does not follow 2004"),
        ("2004/005", "005 does not follow 2004"),
        ("2008-13-01", "is not a date"),
        ("2008-00", "month must be between 1 and 12, got 0"),
        ("Smarch 2008", "'Smarch' is not a month name"),
        ("30 February 2005", "is not a date"),
        ("2006/07-Q5", "Q5 is not a quarter"),
        ("Q0 2006/07", "Q0 is not a quarter"),
        ("1850", "between 1900 and 2100, got 1850"),
        ("2101", "between 1900 and 2100, got 2101"),
        ("1850/51", "between 1900 and 2099, got 1850"),
        ("1998-1994", "must end after it starts"),
        ("1994-1994", "must end after it starts"),
        ("2002/03-2002/03", "must end after it starts"),
        ("quarter ending August 2004", "a quarter ends in June, September, December or March"),
        ("year ending June 2004", "is not supported"),
        ("", "matches none of the accepted forms"),
        ("soon", "matches none of the accepted forms"),
        ("2004/05/06", "matches none of the accepted forms"),
        ("04/05", "matches none of the accepted forms"),
        ("2004-5", "matches none of the accepted forms"),
        ("by March 2008", "matches none of the accepted forms"),
    ],
)
def test_parse_period_rejects_bad_text_naming_it(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    message = str(caught.value)
    assert message.startswith(f"{text!r} is not a period: ")
    assert reason in message
    assert "Accepted forms:" in message and "'2004/05'" in message
    assert caught.value.text == text


def test_period_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="'2004/06' is not a period"):
        parse_period("2004/06")


@pytest.mark.parametrize("value", [1850, 2101, True, 2004.0, None])
def test_parse_period_rejects_bad_non_text(value: object) -> None:
    with pytest.raises(PeriodError, match=f"^{value!r} is not a period"):
        parse_period(value)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# parse_deadline: the phrases the documents use
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected", "due"),
    [
        # Leicester: "no more than 2,331 offences by March 2008"
        ("by March 2008", Month(2008, 3), D(2008, 3, 31)),
        # Leicester: "The Partnership aims to tackle all these issues by October 2005"
        ("by October 2005", Month(2005, 10), D(2005, 10, 31)),
        # Leicester: "Local Action Groups reviewed and standardised by end of April 2005"
        ("by end of April 2005", Month(2005, 4), D(2005, 4, 30)),
        ("by the end of March 2006", Month(2006, 3), D(2006, 3, 31)),
        # Leicester: "Website redeveloped and launched by June 2005"
        ("by June 2005", Month(2005, 6), D(2005, 6, 30)),
        # Leicester: "By July 2005, to establish a baseline ..."
        ("By July 2005", Month(2005, 7), D(2005, 7, 31)),
        # Leicester: "First issue of newsletter out July 2005"
        ("July 2005", Month(2005, 7), D(2005, 7, 31)),
        # Leicester: "no more than 270 incidents in 2006/07"
        ("in 2006/07", FinancialYear(2006), D(2007, 3, 31)),
        # County plan: "from 972 to 1150 by 2005/06"
        ("by 2005/06", FinancialYear(2005), D(2006, 3, 31)),
        ("by 2005/06;", FinancialYear(2005), D(2006, 3, 31)),
        # County plan: "from vehicles from current levels by 10% by the end of 2003/04"
        ("by the end of 2003/04", FinancialYear(2003), D(2004, 3, 31)),
        # Leicester: "Decrease repeat victimisation by 12% by 2008": not guessed as March 2008
        ("by 2008", CalendarYear(2008), D(2008, 12, 31)),
        # County plan: "in their service plans by the end of 2003"
        ("by the end of 2003", CalendarYear(2003), D(2003, 12, 31)),
        # Leicester: "as at 31st December 2004"
        ("as at 31st December 2004", Day(D(2004, 12, 31)), D(2004, 12, 31)),
        ("  BY   THE END OF   march 2006 ", Month(2006, 3), D(2006, 3, 31)),
        ("by end March 2006.", Month(2006, 3), D(2006, 3, 31)),
        ("during 2005/06", FinancialYear(2005), D(2006, 3, 31)),
        ("2007/08-Q1", Quarter(2007, 1), D(2007, 6, 30)),
        ("2008-03", Month(2008, 3), D(2008, 3, 31)),
    ],
)
def test_parse_deadline_phrases(text: str, expected: Period, due: datetime.date) -> None:
    deadline = parse_deadline(text)
    assert deadline == expected
    assert deadline.end == due


def test_by_march_2008_ends_financial_year_2007_08() -> None:
    assert parse_deadline("by March 2008").financial_year == FinancialYear(2007)


def test_by_2008_has_no_financial_year() -> None:
    with pytest.raises(PeriodError, match="calendar years are not converted"):
        _ = parse_deadline("by 2008").financial_year


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("by", "matches none of the accepted forms"),
        ("", "it is empty"),
        ("by Smarch 2008", "'Smarch' is not a month name"),
        ("by 2004/06", "06 does not follow 2004"),
        ("quarterly thereafter", "matches none of the accepted forms"),
    ],
)
def test_parse_deadline_rejects_bad_text_naming_it(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_deadline(text)
    message = str(caught.value)
    assert message.startswith(f"{text!r} is not a deadline: ")
    assert reason in message
    assert "'by March 2008'" in message
    assert caught.value.text == text


# ---------------------------------------------------------------------------------------------
# Financial years
# ---------------------------------------------------------------------------------------------

def test_financial_year_dates_and_labels() -> None:
    fy = FinancialYear(2004)
    assert (fy.start, fy.end, fy.label, str(fy)) == (
        D(2004, 4, 1),
        D(2005, 3, 31),
        "2004/05",
        "2004/05",
    )
    assert FinancialYear(1999).label == "1999/00"
    assert FinancialYear(2009).label == "2009/10"
    assert FinancialYear(2099).label == "2099/00"


def test_financial_year_quarters_and_months() -> None:
    fy = FinancialYear(2006)
    assert fy.quarters() == tuple(Quarter(2006, n) for n in (1, 2, 3, 4))
    months = fy.months()
    assert len(months) == 12
    assert months[0] == Month(2006, 4)
    assert months[8] == Month(2006, 12)
    assert months[9] == Month(2007, 1)
    assert months[-1] == Month(2007, 3)
    assert fy.financial_year is fy


def test_financial_year_arithmetic() -> None:
    fy = FinancialYear(2004)
    assert fy + 3 == FinancialYear(2007)
    assert 3 + fy == FinancialYear(2007)
    assert fy - 1 == FinancialYear(2003)
    assert FinancialYear(2007) - fy == 3
    assert fy - FinancialYear(2007) == -3
    with pytest.raises(TypeError):
        _ = fy + 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = fy + True
    with pytest.raises(TypeError):
        _ = fy - Month(2004, 4)  # type: ignore[operator]


def test_financial_year_containing_boundaries() -> None:
    assert FinancialYear.containing(D(2005, 3, 31)) == FinancialYear(2004)
    assert FinancialYear.containing(D(2005, 4, 1)) == FinancialYear(2005)
    assert FinancialYear.containing(datetime.datetime(2005, 4, 1, 0, 0)) == FinancialYear(2005)
    assert financial_year_of(D(2008, 3, 31)) == FinancialYear(2007)
    assert financial_year_of(D(2008, 4, 1)) == FinancialYear(2008)


@pytest.mark.parametrize("value", [1899, 2100, "2004", 2004.0, True])
def test_financial_year_rejects_bad_start_year(value: object) -> None:
    with pytest.raises(PeriodError, match="start_year"):
        FinancialYear(value)  # type: ignore[arg-type]


def test_financial_years_inclusive() -> None:
    assert financial_years(FinancialYear(2005), FinancialYear(2007)) == (
        FinancialYear(2005),
        FinancialYear(2006),
        FinancialYear(2007),
    )
    assert financial_years(FinancialYear(2005), FinancialYear(2005)) == (FinancialYear(2005),)
    with pytest.raises(PeriodError, match="2004/05 comes before 2005/06"):
        financial_years(FinancialYear(2005), FinancialYear(2004))
    with pytest.raises(PeriodError, match="needs FinancialYear"):
        financial_years(CalendarYear(2005), FinancialYear(2007))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Quarters and months
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("number", "start", "end"),
    [
        (1, D(2006, 4, 1), D(2006, 6, 30)),
        (2, D(2006, 7, 1), D(2006, 9, 30)),
        (3, D(2006, 10, 1), D(2006, 12, 31)),
        # Q4 (January-March) belongs to the financial year that started the April before.
        (4, D(2007, 1, 1), D(2007, 3, 31)),
    ],
)
def test_quarter_boundaries(number: int, start: datetime.date, end: datetime.date) -> None:
    quarter = Quarter(2006, number)
    assert (quarter.start, quarter.end) == (start, end)
    assert quarter.financial_year == FinancialYear(2006)
    assert Quarter.containing(start) == quarter
    assert Quarter.containing(end) == quarter
    assert quarter.label == f"2006/07-Q{number}"


def test_quarter_arithmetic_crosses_financial_years() -> None:
    assert Quarter(2004, 4) + 1 == Quarter(2005, 1)
    assert 1 + Quarter(2004, 4) == Quarter(2005, 1)
    assert Quarter(2005, 1) - 1 == Quarter(2004, 4)
    assert Quarter(2007, 4) - Quarter(2005, 1) == 11
    assert Quarter(2004, 2) + 8 == Quarter(2006, 2)
    assert Quarter(2004, 4).months() == (Month(2005, 1), Month(2005, 2), Month(2005, 3))


@pytest.mark.parametrize("number", [0, 5, -1])
def test_quarter_rejects_bad_number(number: int) -> None:
    with pytest.raises(PeriodError, match=f"quarter number must be between 1 and 4, got {number}"):
        Quarter(2006, number)


def test_month_dates_quarter_and_financial_year() -> None:
    assert Month(2008, 2).end == D(2008, 2, 29)
    assert Month(2007, 2).end == D(2007, 2, 28)
    assert Month(2008, 12).end == D(2008, 12, 31)
    assert Month(2008, 3).financial_year == FinancialYear(2007)
    assert Month(2008, 3).quarter == Quarter(2007, 4)
    assert Month(2008, 4).financial_year == FinancialYear(2008)
    assert Month(2008, 4).quarter == Quarter(2008, 1)
    assert Month(2008, 9).quarter == Quarter(2008, 2)
    assert Month(2008, 10).quarter == Quarter(2008, 3)
    assert Month.containing(D(2005, 7, 19)) == Month(2005, 7)


def test_month_arithmetic() -> None:
    assert Month(2008, 12) + 1 == Month(2009, 1)
    assert 1 + Month(2008, 12) == Month(2009, 1)
    assert Month(2009, 1) - 1 == Month(2008, 12)
    assert Month(2008, 3) - Month(2005, 4) == 35
    assert Month(2005, 4) + 35 == Month(2008, 3)


@pytest.mark.parametrize(("year", "month"), [(2008, 13), (2008, 0), (1899, 12), (2101, 1)])
def test_month_rejects_bad_values(year: int, month: int) -> None:
    with pytest.raises(PeriodError, match="must be between"):
        Month(year, month)


# ---------------------------------------------------------------------------------------------
# Calendar years, days, ranges
# ---------------------------------------------------------------------------------------------

def test_calendar_year_is_not_silently_a_financial_year() -> None:
    # County plan: "from 4,781 in 2002 to 5,539 by 2005/06"
    year = parse_period("2002")
    assert (year.start, year.end, year.label) == (D(2002, 1, 1), D(2002, 12, 31), "2002")
    with pytest.raises(PeriodError) as caught:
        _ = year.financial_year
    message = str(caught.value)
    assert "calendar year 2002 straddles financial years 2001/02 and 2002/03" in message
    assert "not converted" in message
    assert year != FinancialYear(2002)
    assert year != FinancialYear(2001)


def test_calendar_year_arithmetic() -> None:
    assert CalendarYear(2002) + 3 == CalendarYear(2005)
    assert CalendarYear(2005) - 3 == CalendarYear(2002)
    assert CalendarYear(2005) - CalendarYear(2002) == 3


def test_day() -> None:
    day = Day(D(2005, 7, 1))
    assert (day.start, day.end, day.label) == (D(2005, 7, 1), D(2005, 7, 1), "2005-07-01")
    assert day.financial_year == FinancialYear(2005)
    assert Day(D(2005, 3, 31)).financial_year == FinancialYear(2004)


@pytest.mark.parametrize(
    "value", [datetime.datetime(2005, 7, 1, 12, 0), "2005-07-01", D(1899, 12, 31)]
)
def test_day_rejects_non_dates(value: object) -> None:
    with pytest.raises(PeriodError):
        Day(value)  # type: ignore[arg-type]


def test_year_range_of_calendar_years() -> None:
    # County plan: "compared with the average for 1994-98"
    span = parse_period("1994-98")
    assert isinstance(span, YearRange)
    assert span.label == "1994-1998"
    assert (span.start, span.end) == (D(1994, 1, 1), D(1998, 12, 31))
    assert span.years() == tuple(CalendarYear(y) for y in range(1994, 1999))
    with pytest.raises(PeriodError, match="no single financial year"):
        _ = span.financial_year


def test_year_range_of_financial_years() -> None:
    span = YearRange(FinancialYear(2002), FinancialYear(2004))
    assert span.label == "2002/03-2004/05"
    assert (span.start, span.end) == (D(2002, 4, 1), D(2005, 3, 31))
    assert span.years() == (FinancialYear(2002), FinancialYear(2003), FinancialYear(2004))
    assert span.contains(FinancialYear(2003))
    assert not span.contains(FinancialYear(2005))
    with pytest.raises(PeriodError, match="no single financial year"):
        _ = span.financial_year


def test_year_range_rejects_mixed_or_backward_years() -> None:
    with pytest.raises(PeriodError, match="same kind"):
        YearRange(CalendarYear(2002), FinancialYear(2004))
    with pytest.raises(PeriodError, match="end after it starts"):
        YearRange(FinancialYear(2004), FinancialYear(2002))
    with pytest.raises(PeriodError, match="calendar years or financial years"):
        YearRange(Month(2004, 1), Month(2004, 5))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Ordering, equality, hashing, containment
# ---------------------------------------------------------------------------------------------

def test_ordering_across_types() -> None:
    periods = [
        CalendarYear(2005),
        parse_period("1994-98"),
        Day(D(2004, 4, 1)),
        Quarter(2004, 1),
        Month(2004, 4),
        FinancialYear(2004),
        YearRange(FinancialYear(2004), FinancialYear(2006)),
        Month(2005, 3),
    ]
    assert [p.label for p in sorted(periods)] == [
        "1994-1998",
        "2004-04-01",
        "2004-04",
        "2004/05-Q1",
        "2004/05",
        "2004/05-2006/07",
        "2005",
        "2005-03",
    ]
    assert Month(2004, 4) < Quarter(2004, 1) <= FinancialYear(2004)
    assert FinancialYear(2004) > Quarter(2004, 1) >= Month(2004, 4)
    assert FinancialYear(2004) <= FinancialYear(2004)
    assert not FinancialYear(2004) < FinancialYear(2004)


def test_periods_do_not_order_against_other_things() -> None:
    with pytest.raises(TypeError):
        _ = FinancialYear(2004) < D(2004, 4, 1)  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Month(2004, 4) > "2004-04"  # type: ignore[operator]


def test_equality_by_type_and_value_and_hashing() -> None:
    assert FinancialYear(2004) == FinancialYear(2004)
    fy: Period = FinancialYear(2004)
    day: Period = Day(D(2004, 4, 1))
    assert fy != CalendarYear(2004)
    assert day != Month(2004, 4)
    targets = {FinancialYear(2004): 2806, Month(2008, 3): 2331, CalendarYear(2002): 4781}
    assert targets[parse_period("2004/5")] == 2806
    assert targets[parse_deadline("by March 2008")] == 2331
    assert targets[parse_period(2002)] == 4781
    assert len({FinancialYear(2004), parse_period("FY2004/05"), parse_period("2004/2005")}) == 1


def test_periods_are_frozen() -> None:
    fy = FinancialYear(2004)
    with pytest.raises(AttributeError):
        fy.start_year = 2005  # type: ignore[misc]


def test_contains() -> None:
    fy = FinancialYear(2004)
    assert fy.contains(D(2004, 4, 1))
    assert fy.contains(D(2005, 3, 31))
    assert not fy.contains(D(2005, 4, 1))
    assert fy.contains(datetime.datetime(2005, 3, 31, 23, 59))
    assert fy.contains(Quarter(2004, 4))
    assert fy.contains(Month(2005, 1))
    assert fy.contains(fy)
    assert not fy.contains(CalendarYear(2004))
    assert not Quarter(2004, 1).contains(fy)
    with pytest.raises(TypeError, match="needs a date or a Period"):
        fy.contains("2004-05-01")  # type: ignore[arg-type]


def test_str_is_label() -> None:
    assert [str(p) for p in (Quarter(2006, 2), Month(2008, 3), Day(D(2005, 7, 1)))] == [
        "2006/07-Q2",
        "2008-03",
        "2005-07-01",
    ]


# ---------------------------------------------------------------------------------------------
# years_between
# ---------------------------------------------------------------------------------------------

def test_years_between_baseline_and_by_march_2008() -> None:
    # Leicester: "from 2,806 offences in 2004/05 to no more than 2,331 offences by March 2008,
    # with a yearly 6% reduction": three yearly steps, 2,806 x 0.94^3 = 2,330.6.
    baseline = parse_period("2004/05")
    deadline = parse_deadline("by March 2008")
    steps = years_between(baseline, deadline)
    assert steps == 3
    assert round(2806 * 0.94**steps, 1) == 2330.6


def test_years_between_other_seed_targets() -> None:
    # Leicester: "from 318 incidents in 2003/04 to no more than 270 incidents in 2006/07"
    assert years_between(parse_period("2003/04"), parse_deadline("in 2006/07")) == 3
    assert years_between(Quarter(2004, 4), Month(2005, 4)) == 1
    assert years_between(FinancialYear(2007), FinancialYear(2004)) == -3


def test_years_between_refuses_calendar_years() -> None:
    # County plan: "from 4,781 in 2002 to 5,539 by 2005/06"
    with pytest.raises(PeriodError, match="calendar year 2002 straddles"):
        years_between(parse_period("2002"), parse_deadline("by 2005/06"))
    with pytest.raises(PeriodError, match="calendar year 2008"):
        years_between(FinancialYear(2004), parse_deadline("by 2008"))


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

@given(any_period)
def test_label_round_trips(period: Period) -> None:
    assert parse_period(period.label) == period
    assert str(period) == period.label
    assert parse_deadline(period.label) == period


@given(any_period)
def test_start_is_not_after_end(period: Period) -> None:
    assert period.start <= period.end
    assert period.contains(period.start)
    assert period.contains(period.end)
    assert period.contains(period)


@given(any_period, any_period)
def test_ordering_is_consistent_with_dates_and_equality(a: Period, b: Period) -> None:
    if a.start < b.start:
        assert a < b and b > a and a <= b and not a >= b
    if (a.start, a.end) == (b.start, b.end):
        assert (a < b) == (type(a).__name__ < type(b).__name__)
    assert (a <= b <= a) == (a == b)
    assert (a == b) <= (hash(a) == hash(b))


@given(st.lists(any_period, max_size=12))
def test_sorted_starts_are_non_decreasing(periods: list[Period]) -> None:
    ordered = sorted(periods)
    starts = [(p.start, p.end) for p in ordered]
    assert starts == sorted(starts)


@given(financial_year_st)
def test_every_day_of_a_financial_year_belongs_to_it(fy: FinancialYear) -> None:
    day = fy.start
    count = 0
    while day <= fy.end:
        assert financial_year_of(day) == fy
        count += 1
        day += datetime.timedelta(days=1)
    assert count in (365, 366)
    if fy.start_year > MIN_YEAR:
        assert financial_year_of(fy.start - datetime.timedelta(days=1)) == fy - 1
    if fy.start_year < MAX_YEAR - 1:
        assert financial_year_of(fy.end + datetime.timedelta(days=1)) == fy + 1


@given(financial_year_st)
def test_quarters_and_months_tile_the_financial_year(fy: FinancialYear) -> None:
    for parts in (fy.quarters(), fy.months()):
        assert parts[0].start == fy.start
        assert parts[-1].end == fy.end
        for before, after in itertools.pairwise(parts):
            assert before.end + datetime.timedelta(days=1) == after.start
        assert all(part.financial_year == fy for part in parts)
    for quarter in fy.quarters():
        assert all(month.quarter == quarter for month in quarter.months())


@given(fy_dates)
def test_date_lies_in_its_month_quarter_and_financial_year(day: datetime.date) -> None:
    month, quarter, fy = Month.containing(day), Quarter.containing(day), financial_year_of(day)
    assert month.contains(day) and quarter.contains(day) and fy.contains(day)
    assert month.quarter == quarter and quarter.financial_year == fy
    assert Day(day).financial_year == fy


@given(fy_years, st.integers(-50, 50))
def test_loose_financial_year_forms(start_year: int, shift: int) -> None:
    fy = FinancialYear(start_year)
    following = start_year + 1
    for text in (
        f"{start_year}/{following}",
        f"{start_year}/{following % 10}",
        f"FY{fy.label}",
        f"year ending March {following}",
    ):
        assert parse_period(text) == fy
    if MIN_YEAR <= start_year + shift <= MAX_YEAR - 1:
        assert (fy + shift) - fy == shift


@given(quarter_st, st.integers(-40, 40))
def test_quarter_arithmetic_inverts(quarter: Quarter, shift: int) -> None:
    try:
        moved = quarter + shift
    except PeriodError:
        return
    assert moved - quarter == shift
    assert moved - shift == quarter
    assert (moved > quarter) == (shift > 0)


@given(month_st, st.integers(-200, 200))
def test_month_arithmetic_inverts(month: Month, shift: int) -> None:
    try:
        moved = month + shift
    except PeriodError:
        return
    assert moved - month == shift
    assert moved - shift == month


@given(fy_years, st.integers(1, 4))
def test_quarter_loose_forms(start_year: int, number: int) -> None:
    quarter = Quarter(start_year, number)
    label = FinancialYear(start_year).label
    assert parse_period(f"{label} Q{number}") == quarter
    assert parse_period(f"Q{number} {label}") == quarter


# ---------------------------------------------------------------------------------------------
# Import cost
# ---------------------------------------------------------------------------------------------

def test_import_does_not_pull_in_heavy_modules() -> None:
    code = (
        "import sys, cdrpkit.periods; "
        "print(sorted(m for m in ('pandas', 'pint', 'dateutil', 'numpy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": ":".join(sys.path)},
    )
    assert result.stdout.strip() == "[]"
