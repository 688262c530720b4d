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

from typing import Any, ClassVar, Literal

import attrs

from cdrpkit import units
from cdrpkit.model.change import ChangeModel, compound, interpolate, linear
from cdrpkit.model.validators import identifier, not_negative, one_of
from cdrpkit.periods import FinancialYear, Period, PeriodError, financial_years

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


Step = Literal["baseline", "trajectory", "target", "maintain", "each-year", "deliver"]


@attrs.frozen(kw_only=True)
class Expectation:
    """What a target expects in one financial year.

    ``expected`` is the value the trajectory puts in the year (in the target's unit, or
    ``None`` when no value is known); ``relative`` the same as a multiple of the
    baseline. ``bound`` and ``threshold`` say what meets the target in that year
    ("at_most" 2,331), or are ``None`` when the document commits to nothing that year.
    ``source`` is ``stated`` when ``expected`` is the document's own figure and
    ``inferred`` when we computed it; ``step`` says which part of the target the year
    is (baseline, trajectory, target, maintain, each-year, deliver).
    """

    period: FinancialYear
    expected: float | None
    relative: float | None = None
    bound: str | None = None
    threshold: float | None = None
    source: Literal["stated", "inferred"] = "inferred"
    step: Step = "trajectory"
    note: str | None = None


def _span(
    first: Period | None, last: Period | None, default: tuple[Period, Period] | None
) -> tuple[FinancialYear, ...]:
    start = first or (default[0] if default else None)
    end = last or (default[1] if default else None)
    if start is None or end is None:
        return ()
    a, _ = financial_year_of(start)
    b, _ = financial_year_of(end)
    return financial_years(a, b) if a <= b else ()


def _ramp(
    target: Target,
    baseline: Measure,
    end: Measure,
    model: ChangeModel,
    annual_change: float | None,
) -> list[Expectation]:
    """Baseline year to end year: by the yearly change when stated, else interpolated."""
    first, approx_first = financial_year_of(baseline.period)
    last, approx_last = financial_year_of(end.period)
    n = last - first
    approx = approx_first or approx_last
    note = "calendar-year period placed in a financial year" if approx else None
    rows = [
        Expectation(
            period=first, expected=baseline.value, relative=1.0, source=baseline.source,
            step="baseline", note=note,
        )
    ]
    for k in range(1, n + 1):
        bound: str | None
        threshold: float | None
        if annual_change is not None:
            step = compound if model == "compound" else linear
            value = step(baseline.value, annual_change, k)
            # A stated yearly change is a commitment for every year, not only the last.
            bound, threshold = target.bound, (end.value if k == n else value)
        else:
            value = interpolate(baseline.value, end.value, k, n, model)
            bound, threshold = (target.bound, end.value) if k == n else (None, None)
        stated = k == n and annual_change is None
        rows.append(
            Expectation(
                period=first + k,
                expected=value,
                relative=value / baseline.value if baseline.value else None,
                bound=bound,
                threshold=threshold,
                source=end.source if stated else "inferred",
                step="target" if k == n else "trajectory",
                note=note,
            )
        )
    return rows


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

    # The defaults below serve every kind with ``baseline`` and ``target`` measures and a
    # ``stated_bound``; kinds that read differently override them.
    @property
    def direction(self) -> str | None:
        """Which way the target moves things: reduce, increase, maintain, deliver..."""
        return self.fixed_direction or _derived_direction(self.baseline_measure, self.end_measure)

    @property
    def bound(self) -> str | None:
        """Which side of the target value meets it, when the target has a value.

        A bound the document states ("no more than") wins; otherwise the direction's
        natural one (at most for a reduction, at least for an increase).
        """
        stated: str | None = getattr(self, "stated_bound", None)
        if stated or self.end_measure is None:
            return stated
        return _bound_for(self.direction)

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

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """The expected value and the bound in each financial year, baseline to end.

        ``span`` (first and last period of the strategy) fills in the years of a target
        that does not state them itself (a rate "each year"). A kind with no numbers to
        expect (a milestone, a direction) returns ``()``; a plugin kind overrides this.
        """
        return ()

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
            "baseline_period": _label(base.period) if base else None,
            "target_value": end.value if end else None,
            "target_period": _label(end.period) if end else None,
            "deadline": deadline.end.isoformat() if deadline else None,
            "annual_change": self.annual_change,
        }


def _label(period: Period) -> str:
    """A period as a financial-year label where it lies in one, else its own label."""
    try:
        return period.financial_year.label
    except ValueError:
        return period.label


def _derived_direction(baseline: Measure | None, end: Measure | None) -> str | None:
    if baseline is None or end is None:
        return None
    if end.value < baseline.value:
        return "reduce"
    if end.value > baseline.value:
        return "increase"
    return "maintain"


def _bound_for(direction: str | None) -> str | None:
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


def _check_order(baseline: Measure | None, end: Measure | None) -> None:
    if baseline is not None and end is not None and not baseline.period.start < end.period.end:
        raise ValueError(
            f"target period {end.period} is not after baseline period {baseline.period}"
        )
