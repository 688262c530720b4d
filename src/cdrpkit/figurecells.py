"""The cells of a figures table: text, numbers, periods and units, and what a strategy knows.

The long format's checks (:mod:`cdrpkit.observations`) read each cell through these, row
by row or once per distinct value (:mod:`cdrpkit.columnwise`): one reading of a cell,
whichever way the table is checked.

>>> import pandas as pd
>>> cell_text("  leicester "), cell_text(float("nan")), cell_text(pd.NA)
('leicester', '', '')
>>> cell_number("2806"), cell_number("2,806"), cell_number(True)
(2806.0, None, None)
>>> period_of("2006/07-Q2", {})[:4]
('2006/07-Q2', 'quarter', 2006, 2)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.limits import MAX_NUMBER_DIGITS, shorten

if TYPE_CHECKING:
    from cdrpkit.model import Strategy
    from cdrpkit.plugins import Plugins

__all__ = [
    "COLUMNS",
    "FLAGS",
    "NET_HINT",
    "NUMBER",
    "OPTIONAL_COLUMNS",
    "OUTPUT_COLUMNS",
    "PERIOD_KINDS",
    "STATUSES",
    "Known",
    "cell_flag",
    "cell_number",
    "cell_text",
    "check_known",
    "known_of",
    "never_negative",
    "period_of",
    "sub_of",
    "unit_of",
]

#: Required columns of the long format (``indicator`` or ``target`` may be empty, not both).
COLUMNS: tuple[str, ...] = (
    "partnership",
    "indicator",
    "target",
    "period",
    "value",
    "unit",
    "source",
    "status",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("revision", "denominator", "net")
STATUSES: tuple[str, ...] = ("stated", "actual", "illustrative")
#: The columns of a validated table of figures (before ``superseded``), in order.
OUTPUT_COLUMNS: tuple[str, ...] = (*COLUMNS, "revision", "denominator", "net", "period_kind",
                                   "fy", "sub", "period_end", "file", "line")

#: The optional numeric columns: the test each value must pass (on a float, or on an array
#: of them at once) and what the problem says when it does not.
OPTIONAL_RULES: dict[str, tuple[Callable[[Any], Any], str]] = {
    "revision": (lambda v: (v % 1 == 0) & (v >= 0), "is not a whole number of 0 or more"),
    "denominator": (lambda v: v > 0, "is not a number above zero"),
}

#: The period types a figure may be given for, and the kind each is called.
PERIOD_KINDS = {"FinancialYear": "year", "Quarter": "quarter", "Month": "month"}


def cell_text(value: Any) -> str:
    """A cell as trimmed text; an empty cell (None, NaN, pandas' NA or NaT) as ''."""
    if value is None or type(value).__name__ in _MISSING:
        return ""
    if isinstance(value, float) and value != value:  # NaN from pandas
        return ""
    return str(value).strip()


# The missing values of pandas' nullable columns, by type name (pandas is not imported
# to read a cell): without this, pd.NA would read as the text '<NA>'.
_MISSING = frozenset({"NAType", "NaTType"})


#: A number as written in a CSV: ASCII digits only, an optional sign, decimal point and
#: exponent; no '1_000', '2,806', Arabic-Indic or full-width digits, 'nan' or 'inf'.
NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d{1,3})?", re.ASCII)


def cell_number(value: Any) -> float | None:
    """The cell as a finite float, or None when it is not a number (never guessed at)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            number = float(value)
        except OverflowError:  # an int too large for a float
            return None
        return number if math.isfinite(number) else None
    text = cell_text(value)
    if not NUMBER.fullmatch(text) or sum(c.isdigit() for c in text) > MAX_NUMBER_DIGITS:
        return None
    number = float(text)
    return number if math.isfinite(number) else None


#: What a negative count's problem adds: when such a figure is honest.
NET_HINT = ("a net count, recorded less cancelled, can be: mark such figures with the "
            "column net = true")

#: How a cell of the optional ``net`` column may say yes or no (an empty cell says no).
FLAGS: dict[str, bool] = {"": False, "false": False, "no": False, "0": False, "0.0": False,
                          "true": True, "yes": True, "1": True, "1.0": True}


def cell_flag(value: Any) -> bool | None:
    """A yes-or-no cell (the ``net`` column) as a bool, or None when it is neither.

    >>> [cell_flag(v) for v in ("true", "No", "", 1, float("nan"), "maybe")]
    [True, False, False, True, False, None]
    """
    return FLAGS.get(cell_text(value).lower())


def period_of(text: str, cache: dict[str, tuple[Any, ...]]) -> tuple[Any, ...]:
    """A figure's period as (label, kind, financial year, sub, end), or (problem,)."""
    period = cache.get(text)
    if period is None:
        from cdrpkit.periods import PeriodError, parse_period

        try:
            found = parse_period(text)
            name = type(found).__name__
            period = (f"{shorten(text)} is a {name}; expected a financial year (2005/06), a "
                      "quarter (2006/07-Q2) or a month (2006-07)",) \
                if name not in PERIOD_KINDS else \
                (found.label, PERIOD_KINDS[name], found.financial_year.start.year,
                 sub_of(found), found.end)
        except PeriodError as exc:  # also a month whose financial year is out of range
            period = (str(exc),)
        cache[text] = period
    return period


def unit_of(text: str, cache: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """A figure's unit in its canonical spelling, and the problem with it ('' when none)."""
    found = cache.get(text)
    if found is None:
        from cdrpkit import units

        try:
            found = (units.parse_unit(text).text, "")
        except ValueError as exc:
            found = ("", str(exc))
        cache[text] = found
    return found



def never_negative(unit_text: str) -> bool:
    """Whether a figure in this (canonical) unit cannot be negative: a count, a rate or a
    fraction."""
    from cdrpkit import units

    return bool(unit_text) and (units.is_count(unit_text) or units.is_rate(unit_text)
                                or units.is_fraction(unit_text))


def sub_of(period: Any) -> int:
    """The quarter (1-4) or month (1-12) of the financial year; 0 for a year."""
    name = type(period).__name__
    if name == "Quarter":
        return int(period.number)
    if name == "Month":
        month: int = period.start.month
        return (month - 4) % 12 + 1
    return 0



@attrs.frozen
class Known:
    """The partnerships, indicators and targets of the strategies figures are read against."""

    indicators: dict[str, dict[str, str]]  # partnership -> indicator id -> unit
    targets: dict[str, dict[str, tuple[str | None, str | None]]]  # -> (indicator, unit)


def known_of(strategies: Strategy | Sequence[Strategy] | None, plugins: Plugins | None
             ) -> Known | None:
    """What ``strategies`` know (``None`` when no strategies are given)."""
    from cdrpkit.context import StrategyContext
    from cdrpkit.model import Strategy

    if strategies is None:
        return None
    items: Iterable[Strategy] = [strategies] if isinstance(strategies, Strategy) else strategies
    indicators: dict[str, dict[str, str]] = {}
    targets: dict[str, dict[str, tuple[str | None, str | None]]] = {}
    for s in items:
        context = StrategyContext.of(s, plugins)
        pid = s.partnership.id
        inds = indicators.setdefault(pid, {})
        tgts = targets.setdefault(pid, {})
        for t in s.themed_targets()[1]:
            tgts[t.id] = (t.indicator, t.unit)
            if t.indicator:
                found = context.indicator(t.indicator)
                inds.setdefault(t.indicator, found.unit if found else (t.unit or ""))
        for ind in s.indicators:
            inds[ind.id] = ind.unit
    return Known(indicators, targets)


def check_known(
    rec: dict[str, str],
    unit_text: str,
    known: Known,
    unit_ok: dict[tuple[str, str], bool],
    bad: Callable[[str, str], None],
) -> None:
    """Say through ``bad(message, column)`` what in ``rec`` the strategies do not know,
    and a ``unit_text`` that does not fit; ``unit_ok`` remembers the units compared."""
    from cdrpkit import units

    pid = rec["partnership"]
    if pid not in known.targets:
        bad(f"{shorten(pid)} is not a partnership of the strategies given "
            f"({', '.join(sorted(known.targets))})", "partnership")
        return
    expected_units: list[tuple[str, str]] = []
    if rec["target"]:
        found = known.targets[pid].get(rec["target"])
        if found is None:
            bad(f"{shorten(rec['target'])} is not a target of {pid}", "target")
        else:
            indicator, unit = found
            if rec["indicator"] and indicator and rec["indicator"] != indicator:
                bad(f"target {rec['target']} measures {indicator}, not {rec['indicator']}",
                    "indicator")
            if unit:
                expected_units.append(("target " + rec["target"], unit))
    if rec["indicator"]:
        unit = known.indicators[pid].get(rec["indicator"])
        if unit is None:
            bad(f"{shorten(rec['indicator'])} is not an indicator any target of {pid} measures",
                "indicator")
        elif unit and not rec["target"]:
            expected_units.append(("indicator " + rec["indicator"], unit))
    if not unit_text:
        return
    for what, unit in expected_units:
        pair = (unit_text, unit)
        if pair not in unit_ok:
            try:
                unit_ok[pair] = units.compatible(unit_text, unit)
            except ValueError:
                unit_ok[pair] = False
        if not unit_ok[pair]:
            bad(f"{shorten(unit_text)} does not fit {what}, measured in {shorten(unit)}", "unit")
