"""Target kinds: each kind of target a strategy sets, as a real type.

A strategy file names a target's kind with ``kind:``; the loader structures the rest of
the mapping into that kind's class. Kinds are registered through the plugin hook
``cdrpkit_register_target_kinds`` (the built-in ones in :mod:`cdrpkit.builtin.kinds`),
so a plugin can add one (the LPSA2 stretch target is a plugin kind).

Every kind answers the same questions, so tables and checks need not know them all:
``direction`` (reduce, increase, maintain, establish, deliver, commit), ``bound``
(at_most, at_least, below, above, exactly, or ``None``), and :meth:`Target.summary`,
the flat fields of the targets table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from cdrpkit import units
from cdrpkit.model.engine import Request, answers_one_at_a_time, fy_of, split
from cdrpkit.model.expectations import Expectation, ExpectationTable
from cdrpkit.model.validators import identifier, not_negative, one_of
from cdrpkit.periods import FinancialYear, Period, PeriodError

if TYPE_CHECKING:
    from cdrpkit.model.engine import Granularity

Direction = Literal["reduce", "increase", "maintain", "establish", "deliver", "commit"]
Bound = Literal["at_most", "at_least", "below", "above", "exactly"]
Interval = Literal["year", "half-year", "quarter", "month"]

DIRECTIONS: tuple[str, ...] = ("reduce", "increase", "maintain", "establish", "deliver", "commit")
BOUNDS: tuple[str, ...] = ("at_most", "at_least", "below", "above", "exactly")
CHANGE_DIRECTIONS: tuple[str, ...] = ("reduce", "increase", "maintain")


@attrs.frozen(kw_only=True)
class Measure:
    """A value at a period: a baseline or an end point.

    ``value`` is in the target's unit; counts and rates cannot be negative. ``source``
    is ``stated`` when the document gives both value and period, ``inferred`` when we
    supplied part of it ("from 241 offences" names no year); ``note`` says what and why.

    >>> from cdrpkit.periods import parse_period
    >>> Measure(value=2806, period=parse_period("2004/05")).value
    2806
    """

    value: float = attrs.field(validator=not_negative)
    period: Period
    source: Literal["stated", "inferred"] = attrs.field(
        default="stated", validator=one_of(("stated", "inferred"))
    )
    note: str | None = None
    #: Whether the period is the document's own (``stated``) or ours (``inferred``: "by
    #: 2008" read as 2007/08), apart from the value; ``None``: as ``source`` says.
    period_source: Literal["stated", "inferred"] | None = attrs.field(
        default=None, validator=one_of(("stated", "inferred"))
    )

    @property
    def period_is_stated(self) -> bool:
        """Whether the document itself gives the period (``period_source``, else ``source``).

        >>> from cdrpkit.periods import parse_period
        >>> Measure(value=80, period=parse_period("2004/05"), period_source="inferred"
        ...         ).period_is_stated
        False
        """
        return (self.period_source or self.source) == "stated"



def financial_year_of(period: Period) -> tuple[FinancialYear, bool]:
    """The financial year a target period counts in, and whether it was approximated.

    A period within one financial year is in that year. A calendar year ("by 2005") is
    placed in the financial year holding its last day, 2005/06, and flagged approximate.

    >>> from cdrpkit.periods import parse_period
    >>> from cdrpkit.periods import parse_deadline
    >>> financial_year_of(parse_deadline("by March 2008"))
    (FinancialYear(start_year=2007), False)
    >>> financial_year_of(parse_period("2005"))
    (FinancialYear(start_year=2005), True)
    """
    try:
        return period.financial_year, False
    except (PeriodError, ValueError):
        return FinancialYear.containing(period.end), True


#: The note on every row of a target whose calendar-year period was placed in a
#: financial year (see :func:`financial_year_of`).
CALENDAR_NOTE = "calendar-year period placed in a financial year"


def fy_column(periods: Sequence[Period | None]) -> tuple[list[float], list[bool]]:
    """The start year of each period's financial year (NaN for ``None``), and whether
    each was approximated: one column for :mod:`cdrpkit.model.engine`'s builders."""
    # Most periods are financial years (or none): read their year without a call.
    nan = float("nan")
    years, approx = [], []
    for p in periods:
        if type(p) is FinancialYear:
            years.append(float(p.start_year))
            approx.append(False)
        elif p is None:
            years.append(nan)
            approx.append(False)
        else:
            year, rough = fy_of(p)
            years.append(year)
            approx.append(rough)
    return years, approx


@attrs.frozen(kw_only=True)
class StatedRate:
    """A rate a document states alongside a count ("2.95 robberies per 1,000 population").

    ``denominator`` is ``population`` or ``households``; ``denominator_value`` the figure
    the document based it on (283,900), so the checker can recompute it.
    """

    value: float = attrs.field(validator=not_negative)
    per: int = 1000
    denominator: Literal["population", "households"] = "population"
    denominator_value: float | None = attrs.field(default=None, validator=not_negative)
    denominator_source: str | None = None


@attrs.frozen(kw_only=True)
class Target:
    """What every target has: an id, the published wording, and what it measures.

    ``text`` keeps the document's words verbatim. ``subject_to`` records a condition as
    published ("LPSA2 agreement"); ``provisional`` a target the document calls provisional.
    """

    kind: ClassVar[str] = ""
    #: A kind's direction when it does not depend on the target's own fields.
    fixed_direction: ClassVar[str | None] = None
    #: Whether a target of this kind measures something, so needs an indicator (SMART).
    needs_indicator: ClassVar[bool] = False
    #: Whether a target of this kind has numbers that mean nothing without a unit.
    needs_unit: ClassVar[bool] = False
    #: Whether values add up over time (counts, money) when the unit does not say.
    additive_default: ClassVar[bool] = False

    id: str = attrs.field(validator=identifier)
    text: str
    indicator: str | None = None
    unit: str | None = None
    subject_to: str | None = None
    provisional: bool = False
    note: str | None = None
    #: The ids of the targets this one is the total of ("reduce crime by 12.5%", made of
    #: ten crime-type targets); the ``parts`` check rule compares them with the total.
    parts: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    #: The id of the total target this one is a part of (the other end of ``parts``).
    part_of: str | None = None

    # The defaults below serve every kind with ``baseline`` and ``target`` measures and a
    # ``stated_bound``; kinds that read differently override them.
    @property
    def direction(self) -> str | None:
        """Which way the target moves things: reduce, increase, maintain, deliver..."""
        return self.fixed_direction or derived_direction(self.baseline_measure, self.end_measure)

    @property
    def bound(self) -> str | None:
        """Which side of the target value meets it, when the target has a value.

        A bound the document states ("no more than") wins; otherwise the direction's
        natural one (at most for a reduction, at least for an increase).
        """
        stated: str | None = getattr(self, "stated_bound", None)
        if stated or self.end_measure is None:
            return stated
        return bound_for(self.direction)

    @property
    def baseline_measure(self) -> Measure | None:
        """The stated baseline, when there is one."""
        found = getattr(self, "baseline", None)
        return found if isinstance(found, Measure) else None

    @property
    def end_measure(self) -> Measure | None:
        """The stated end value and period, when there are both."""
        found = getattr(self, "target", None)
        return found if isinstance(found, Measure) else None

    @property
    def deadline(self) -> Period | None:
        """The period by whose end the target is due."""
        end = self.end_measure
        return end.period if end else None

    @property
    def annual_change(self) -> float | None:
        """The signed yearly change the document states (-0.06 for "a yearly 6% reduction")."""
        return None

    @property
    def additive(self) -> bool:
        """Whether yearly values add up over quarters: counts and money, not rates.

        Decided by ``unit`` when it is set and known, else by the kind.
        """
        if self.unit is not None:
            try:
                return units.is_count(self.unit) or units.is_money(self.unit)
            except ValueError:
                pass
        return self.additive_default

    #: Whether the target is met by delivering something by a deadline (a milestone, a
    #: baseline to establish, a checklist, a commitment of resources) rather than by a
    #: value each period. The assessment reads it; a plugin kind sets it.
    delivers: ClassVar[bool] = False
    #: Whether the kind's :meth:`expectation_table` gives quarters or months of its own
    #: when asked for them (a deliverable due each quarter); otherwise the engine spreads
    #: its years and never asks it for parts.
    gives_parts: ClassVar[bool] = False

    @property
    def granularity(self) -> str:
        """The periods the target commits to: ``year``, or ``quarter``/``month`` for a
        deliverable due each quarter or month. The assessment lays out its rows by it."""
        return "year"

    @classmethod
    def expectation_table(
        cls, targets: Sequence[Target], request: Request
    ) -> ExpectationTable:
        """What many targets of this kind expect: the engine's question to a kind.

        A built-in kind answers for all its targets at once with the builders of
        :mod:`cdrpkit.model.engine` (``ramp``, ``every_year``, ``at_year``,
        ``at_deadline``). The default is nothing to expect (a direction with no number).
        A plugin kind may override this, or answer one target at a time by overriding
        :meth:`yearly_expectations` or :meth:`period_expectations`.
        """
        return ExpectationTable.empty()

    def _own_table(self, granularity: Granularity, span: tuple[Period, Period] | None
                   ) -> ExpectationTable:
        """This target's rows from its kind's table (the vectorised answer)."""
        import numpy as np

        first, last = (fy_of(span[0])[0], fy_of(span[1])[0]) if span else (np.nan, np.nan)
        request = Request(granularity, np.array([first]), np.array([last]))
        return type(self).expectation_table([self], request)

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """The expected value and the bound in each financial year, and any deadline.

        ``span`` (first and last period of the strategy) fills in the years of a target
        that does not state them itself (a rate "each year"). A kind with no numbers to
        expect (a direction) returns ``()``. A plugin kind may override this to bring its
        own yearly arithmetic; :func:`cdrpkit.model.engine.expect` then asks it, so
        trajectory, check, assess, report and compare all honour it.
        """
        if answers_one_at_a_time(type(self)) == "period_expectations":
            return self.period_expectations("year", span)
        return self._own_table("year", span).expectations(0)

    def period_expectations(
        self, granularity: Granularity = "year", span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """What the target expects in each year, quarter or month (and any deadline).

        By default the years of :meth:`yearly_expectations` spread over quarters or
        months (a count by equal shares, a rate as the year's value). A plugin kind
        whose target is published quarter by quarter overrides this and returns its own
        quarters when ``granularity`` is ``quarter``.
        """
        import numpy as np

        if answers_one_at_a_time(type(self)) == "yearly_expectations":
            table = ExpectationTable.from_expectations(
                (0, e) for e in self.yearly_expectations(span))
        else:
            table = self._own_table(granularity, span)
        return split(table, granularity, np.array([self.additive])).expectations(0)

    def summary(self) -> dict[str, Any]:
        """The flat fields of the targets table for this target (see ``targets_frame``)."""
        base = self.baseline_measure
        end = self.end_measure
        deadline = self.deadline
        return {
            "kind": self.kind,
            "direction": self.direction,
            "bound": self.bound,
            "baseline_value": base.value if base else None,
            "baseline_period": period_label(base.period) if base else None,
            "target_value": end.value if end else None,
            "target_period": period_label(end.period) if end else None,
            "deadline": deadline.end.isoformat() if deadline else None,
            "annual_change": self.annual_change,
        }


def period_label(period: Period) -> str:
    """A period as a financial-year label where it lies in one, else its own label."""
    try:
        return period.financial_year.label
    except ValueError:
        return period.label


def derived_direction(baseline: Measure | None, end: Measure | None) -> str | None:
    if baseline is None or end is None:
        return None
    if end.value < baseline.value:
        return "reduce"
    if end.value > baseline.value:
        return "increase"
    return "maintain"


def bound_for(direction: str | None) -> str | None:
    return {"reduce": "at_most", "increase": "at_least", "maintain": "at_most"}.get(
        direction or ""
    )


def check_maintain_until(maintain_until: Period | None, target: Measure) -> None:
    """Refuse a period to hold a level in that ends before the level is due.

    Shared by every kind that can "maintain that level" after its target period,
    including plugin kinds.
    """
    if maintain_until is not None and maintain_until.end < target.period.end:
        raise ValueError(
            f"maintain_until {maintain_until} is before the target period {target.period}"
        )


def check_order(baseline: Measure | None, end: Measure | None) -> None:
    if baseline is not None and end is not None and not baseline.period.start < end.period.end:
        raise ValueError(
            f"target period {end.period} is not after baseline period {baseline.period}"
        )
