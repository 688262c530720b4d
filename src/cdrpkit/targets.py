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
from cdrpkit.periods import FinancialYear, Period, PeriodError, financial_years

Direction = Literal["reduce", "increase", "maintain", "establish", "deliver", "commit"]
Bound = Literal["at_most", "at_least", "below", "above", "exactly"]
ChangeModel = Literal["compound", "linear"]
Interval = Literal["year", "half-year", "quarter", "month"]

DIRECTIONS: tuple[str, ...] = ("reduce", "increase", "maintain", "establish", "deliver", "commit")
BOUNDS: tuple[str, ...] = ("at_most", "at_least", "below", "above", "exactly")
_CHANGE_DIRECTIONS = ("reduce", "increase", "maintain")


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and value not in choices:
            raise ValueError(f"{attribute.name} {value!r} must be one of: {', '.join(choices)}")

    return check


def _identifier(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value or any(c.isspace() for c in value) or "/" in value:
        raise ValueError(f"{attribute.name} {value!r} must be one word without spaces or '/'")


def _not_negative(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative (got {value})")


def _fraction(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    # A yearly change of -100% or less would make a count negative or zero.
    if value is not None and not -1 < value < 10:
        raise ValueError(
            f"{attribute.name} is a signed fraction (-0.06 for a 6% fall); got {value}"
        )


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

    value: float = attrs.field(validator=_not_negative)
    period: Period
    source: Literal["stated", "inferred"] = attrs.field(
        default="stated", validator=_one_of(("stated", "inferred"))
    )
    note: str | None = None


# --- trajectory arithmetic -----------------------------------------------------------------


def compound(value: float, annual_change: float, years: float) -> float:
    """``value`` after ``years`` years of a compound yearly change: v0 (1 + r)^n.

    >>> round(compound(2806, -0.06, 3), 1)
    2330.6
    """
    return float(value * (1.0 + annual_change) ** years)


def linear(value: float, annual_change: float, years: float) -> float:
    """``value`` after ``years`` years of a linear yearly change of the baseline: v0 (1 + r n).

    >>> round(linear(2806, -0.06, 3), 2)
    2300.92
    """
    return value * (1.0 + annual_change * years)


def implied_annual_change(start: float, end: float, years: float) -> float:
    """The compound yearly change that takes ``start`` to ``end`` in ``years`` years.

    >>> round(implied_annual_change(318, 270, 3), 4)
    -0.0531
    """
    if start <= 0 or years <= 0:
        raise ValueError("implied_annual_change needs a positive start and a positive span")
    return float((end / start) ** (1.0 / years) - 1.0)


def interpolate(start: float, end: float, step: int, steps: int, model: ChangeModel) -> float:
    """The value ``step`` of ``steps`` years on from ``start`` towards ``end``.

    ``compound`` keeps the yearly ratio constant (the natural reading of a total change
    spread over years); ``linear`` keeps the yearly difference constant.

    >>> round(interpolate(318, 270, 1, 3, "compound"), 1)
    301.1
    >>> interpolate(23.0, 26.0, 1, 3, "linear")
    24.0
    """
    if step >= steps:
        return end
    if model == "linear" or start <= 0:
        return start + (end - start) * step / steps
    return float(start * (end / start) ** (step / steps))


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

    value: float = attrs.field(validator=_not_negative)
    per: int = 1000
    denominator: Literal["population", "households"] = "population"
    denominator_value: float | None = attrs.field(default=None, validator=_not_negative)
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

    id: str = attrs.field(validator=_identifier)
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


@attrs.frozen(kw_only=True)
class LevelTarget(Target):
    """A level to reach from a baseline, with a yearly change.

    "Reduce domestic burglary from 2,806 offences in 2004/05 to no more than 2,331
    offences by March 2008, with a yearly 6% reduction": baseline 2,806 in 2004/05,
    target 2,331 by March 2008, ``annual_change`` -0.06, compound, bound ``at_most``.
    ``stated_rate`` keeps a rate the document gives alongside ("19.4 burglaries per
    1,000 households"). ``bound`` is as published; when the wording has none ("to 917
    offences") it is ``None`` and the direction's natural bound applies.
    """

    kind: ClassVar[str] = "level"
    needs_indicator: ClassVar[bool] = True
    needs_unit: ClassVar[bool] = True
    additive_default: ClassVar[bool] = True

    baseline: Measure
    target: Measure
    annual_change_: float | None = attrs.field(
        default=None, validator=_fraction, alias="annual_change"
    )
    change_model: ChangeModel = attrs.field(
        default="compound", validator=_one_of(("compound", "linear"))
    )
    stated_bound: Bound | None = attrs.field(default=None, validator=_one_of(BOUNDS), alias="bound")
    stated_rate: StatedRate | None = None

    def __attrs_post_init__(self) -> None:
        _check_order(self.baseline, self.target)

    @property
    def annual_change(self) -> float | None:
        return self.annual_change_

    @property
    def years(self) -> int:
        """Whole financial years from the baseline year to the target year."""
        return financial_year_of(self.target.period)[0] - financial_year_of(self.baseline.period)[0]

    def expected_end(self) -> float | None:
        """The end value the baseline and yearly change give, before any rounding.

        ``None`` when the document states no yearly change.

        >>> from cdrpkit.periods import parse_deadline, parse_period
        >>> t = LevelTarget(id="burglary", text="...", annual_change=-0.06,
        ...     baseline=Measure(value=2806, period=parse_period("2004/05")),
        ...     target=Measure(value=2331, period=parse_deadline("by March 2008")))
        >>> round(t.expected_end(), 1)
        2330.6
        """
        if self.annual_change_ is None:
            return None
        step = compound if self.change_model == "compound" else linear
        return step(self.baseline.value, self.annual_change_, self.years)

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """Baseline, then the stated yearly change each year (compound or linear).

        With no yearly change stated, the years between are interpolated at a constant
        yearly ratio (``compound``) or difference (``linear``).

        >>> from cdrpkit.periods import parse_deadline, parse_period
        >>> t = LevelTarget(id="burglary", text="...", annual_change=-0.06,
        ...     baseline=Measure(value=2806, period=parse_period("2004/05")),
        ...     target=Measure(value=2331, period=parse_deadline("by March 2008")))
        >>> [(e.period.label, round(e.expected, 1)) for e in t.yearly_expectations()]
        [('2004/05', 2806), ('2005/06', 2637.6), ('2006/07', 2479.4), ('2007/08', 2330.6)]
        """
        return tuple(
            _ramp(self, self.baseline, self.target, self.change_model, self.annual_change_)
        )


@attrs.frozen(kw_only=True)
class ChangeTarget(Target):
    """A total change over a period, with no yearly rate, optionally then held.

    "Reduce ... from 318 in 2003/04 to no more than 270 in 2006/07, and maintain that
    level in 2007/08": baseline, target, ``maintain_until`` 2007/08.
    """

    kind: ClassVar[str] = "change"
    needs_indicator: ClassVar[bool] = True
    needs_unit: ClassVar[bool] = True
    additive_default: ClassVar[bool] = True

    baseline: Measure
    target: Measure
    maintain_until: Period | None = None
    stated_bound: Bound | None = attrs.field(default=None, validator=_one_of(BOUNDS), alias="bound")

    def __attrs_post_init__(self) -> None:
        _check_order(self.baseline, self.target)
        check_maintain_until(self.maintain_until, self.target)

    @property
    def deadline(self) -> Period | None:
        return self.maintain_until or self.target.period

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """Baseline to target at a constant yearly ratio, then flat until ``maintain_until``.

        The document states only the two ends, so the years between are inferred: the
        compound reading, the same percentage fall every year.

        >>> from cdrpkit.periods import parse_period
        >>> t = ChangeTarget(id="fires", text="...",
        ...     baseline=Measure(value=318, period=parse_period("2003/04")),
        ...     target=Measure(value=270, period=parse_period("2006/07")),
        ...     maintain_until=parse_period("2007/08"))
        >>> [(e.period.label, round(e.expected), e.step) for e in t.yearly_expectations()]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('2003/04', 318, 'baseline'), ('2004/05', 301, 'trajectory'),
         ('2005/06', 285, 'trajectory'), ('2006/07', 270, 'target'), ('2007/08', 270, 'maintain')]
        """
        rows = _ramp(self, self.baseline, self.target, "compound", None)
        if self.maintain_until is not None:
            last = rows[-1]
            until, _ = financial_year_of(self.maintain_until)
            for k in range(1, until - last.period + 1):
                rows.append(attrs.evolve(last, period=last.period + k, step="maintain"))
        return tuple(rows)


@attrs.frozen(kw_only=True)
class RelativeChangeTarget(Target):
    """A relative change with no baseline value stated: "decrease ... by 12% by 2008".

    ``change`` is signed (-0.12). ``baseline_period`` is set only when the document says
    from when ("from current levels" leaves it ``None``: the checker reports it).
    ``annual_change`` keeps a yearly rate printed alongside the total ("by 33% (10%
    increase annually)": 0.10), so a checker can compare 1.10^3 with 1.33.
    """

    kind: ClassVar[str] = "relative-change"
    needs_indicator: ClassVar[bool] = True
    additive_default: ClassVar[bool] = True

    change: float = attrs.field(validator=_fraction)
    by: Period
    baseline_period: Period | None = None
    annual_change_: float | None = attrs.field(
        default=None, validator=_fraction, alias="annual_change"
    )

    @property
    def annual_change(self) -> float | None:
        return self.annual_change_

    @property
    def direction(self) -> str | None:
        return "reduce" if self.change < 0 else "increase" if self.change > 0 else "maintain"

    @property
    def bound(self) -> str | None:
        return _bound_for(self.direction)

    @property
    def deadline(self) -> Period | None:
        return self.by

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """The change as a multiple of the (unstated) baseline, compound between the years.

        ``expected`` is ``None``: no value is stated. Without a ``baseline_period`` only
        the deadline year is known.

        >>> from cdrpkit.periods import parse_period
        >>> t = RelativeChangeTarget(id="car-crime", text="...", change=-0.2,
        ...     by=parse_period("2005/06"), baseline_period=parse_period("2003/04"))
        >>> [(e.period.label, round(e.relative, 3)) for e in t.yearly_expectations()]
        [('2003/04', 1.0), ('2004/05', 0.894), ('2005/06', 0.8)]
        """
        last, _ = financial_year_of(self.by)
        end = 1.0 + self.change
        if self.baseline_period is None:
            return (
                Expectation(period=last, expected=None, relative=end, bound=self.bound,
                            source="stated", step="target"),
            )
        first, _ = financial_year_of(self.baseline_period)
        n = last - first
        return tuple(
            Expectation(
                period=first + k,
                expected=None,
                relative=interpolate(1.0, end, k, n, "compound"),
                bound=self.bound if k == n else None,
                source="stated" if k in (0, n) else "inferred",
                step="baseline" if k == 0 else "target" if k == n else "trajectory",
            )
            for k in range(n + 1)
        )

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["baseline_period"] = _label(self.baseline_period) if self.baseline_period else None
        row["target_period"] = _label(self.by)
        row["total_change"] = self.change
        return row


@attrs.frozen(kw_only=True)
class RateTarget(Target):
    """A rate or percentage: a level to hold each year, or a move from one to another.

    "Achieve a better than 50% sanction detection rate for violent crime each year":
    ``threshold`` 50, ``bound`` ``above``, ``each_year``. "Increase the detection rate
    ... from 23% in 2003/04 to 26.25% by March 2008": ``baseline`` and ``target``.
    Values are in the target's unit (``percent`` unless stated otherwise).
    """

    kind: ClassVar[str] = "rate"
    needs_indicator: ClassVar[bool] = True

    threshold: float | None = attrs.field(default=None, validator=_not_negative)
    each_year: bool = False
    baseline: Measure | None = None
    target: Measure | None = None
    stated_bound: Bound | None = attrs.field(default=None, validator=_one_of(BOUNDS), alias="bound")
    stated_direction: Direction | None = attrs.field(
        default=None, validator=_one_of(_CHANGE_DIRECTIONS), alias="direction"
    )
    first_year: Period | None = None
    last_year: Period | None = None

    def __attrs_post_init__(self) -> None:
        if self.threshold is None and self.target is None:
            raise ValueError("a rate target needs a threshold or a target value")
        _check_order(self.baseline, self.target)

    @property
    def direction(self) -> str | None:
        if self.stated_direction:
            return self.stated_direction
        derived = _derived_direction(self.baseline, self.target)
        if derived:
            return derived
        return {"at_least": "increase", "above": "increase"}.get(
            self.stated_bound or "", "maintain"
        )

    @property
    def bound(self) -> str | None:
        return self.stated_bound or _bound_for(self.direction)

    @property
    def deadline(self) -> Period | None:
        if self.target is not None:
            return self.target.period
        return self.last_year

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """From baseline to target in equal steps (percentage points), or the threshold
        in every year from ``first_year`` (else the strategy's first year) to
        ``last_year`` (else its last) for an "each year" target.

        >>> from cdrpkit.periods import parse_period
        >>> t = RateTarget(id="sdr", text="...", threshold=50, each_year=True, bound="above")
        >>> span = (parse_period("2005/06"), parse_period("2007/08"))
        >>> [(e.period.label, e.bound, e.threshold) for e in t.yearly_expectations(span)]
        [('2005/06', 'above', 50), ('2006/07', 'above', 50), ('2007/08', 'above', 50)]
        """
        if self.baseline is not None and self.target is not None:
            return tuple(_ramp(self, self.baseline, self.target, "linear", None))
        if not self.each_year and self.target is not None:
            year, _ = financial_year_of(self.target.period)
            value = self.target.value
            return (Expectation(period=year, expected=value, bound=self.bound,
                                threshold=value, source="stated", step="target"),)
        value = self.threshold if self.threshold is not None else self.target.value  # type: ignore[union-attr]
        return tuple(
            Expectation(period=year, expected=value, bound=self.bound, threshold=value,
                        source="stated", step="each-year")
            for year in _span(self.first_year, self.last_year or self.deadline, span)
        )

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        if self.target is None:
            row["target_value"] = self.threshold
        row["each_year"] = self.each_year
        return row


@attrs.frozen(kw_only=True)
class RatePerPopulationTarget(Target):
    """A rate per so many people or households to reach by a period.

    Used where a document sets the rate itself as the target; a rate stated alongside a
    count target is a :class:`StatedRate` of that target instead.
    """

    kind: ClassVar[str] = "rate-per-population"
    needs_indicator: ClassVar[bool] = True
    needs_unit: ClassVar[bool] = True

    target: Measure
    per: int = 1000
    denominator: Literal["population", "households"] = "population"
    denominator_value: float | None = attrs.field(default=None, validator=_not_negative)
    baseline: Measure | None = None
    stated_bound: Bound | None = attrs.field(default=None, validator=_one_of(BOUNDS), alias="bound")

    def __attrs_post_init__(self) -> None:
        _check_order(self.baseline, self.target)

    @property
    def direction(self) -> str | None:
        return _derived_direction(self.baseline, self.target) or {
            "at_most": "reduce", "below": "reduce", "at_least": "increase", "above": "increase",
        }.get(self.stated_bound or "")

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """Baseline rate to target rate at a constant yearly ratio, or the target alone."""
        if self.baseline is not None:
            return tuple(_ramp(self, self.baseline, self.target, "compound", None))
        year, _ = financial_year_of(self.target.period)
        return (Expectation(period=year, expected=self.target.value, bound=self.bound,
                            threshold=self.target.value, source=self.target.source,
                            step="target"),)


@attrs.frozen(kw_only=True)
class BaselineThenTarget(Target):
    """Establish a baseline by a date, then set or pursue a follow-on target.

    "Establish a baseline for the number of offenders brought to justice in 2004/05 and
    increase this number year on year": ``baseline_period`` 2004/05, ``then`` increase.
    Where the follow-on is a separate published target, ``follow_on`` names its id.
    ``then_by`` is the period by which the follow-on is due, or through which a level is
    held ("and then increase the reporting of incidents by 2007/08").
    """

    kind: ClassVar[str] = "baseline-then"
    needs_indicator: ClassVar[bool] = True
    fixed_direction: ClassVar[str | None] = "establish"

    establish_by: Period | None = None
    baseline_period: Period | None = None
    then: Direction | None = attrs.field(default=None, validator=_one_of(_CHANGE_DIRECTIONS))
    then_cadence: Literal["year_on_year"] | None = None
    then_by: Period | None = None
    follow_on: str | None = None

    @property
    def deadline(self) -> Period | None:
        # With no date for the baseline, the follow-on's date is the only deadline stated.
        return self.establish_by or self.then_by

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["baseline_period"] = _label(self.baseline_period) if self.baseline_period else None
        row["follow_on"] = self.follow_on
        row["then"] = self.then
        return row


@attrs.frozen(kw_only=True)
class DirectionTarget(Target):
    """A direction with no number: "increase year on year", "reduce ... by 2008".

    ``depends_on`` names a baseline-setting target whose figures this one awaits.
    ``annual_change`` keeps a yearly rate stated with no baseline or end ("reducing
    house burglaries by 5% per annum": -0.05, ``cadence`` year_on_year).
    """

    kind: ClassVar[str] = "direction"
    needs_indicator: ClassVar[bool] = True

    towards: Direction = attrs.field(validator=_one_of(_CHANGE_DIRECTIONS), alias="direction")
    cadence: Literal["year_on_year"] | None = None
    baseline_period: Period | None = None
    # "Increase the ... rates from 3.69% in 2002": a stated start with no end value.
    baseline_value: float | None = attrs.field(default=None, validator=_not_negative)
    by: Period | None = None
    depends_on: str | None = None
    # "by 5% per annum" with no baseline and no end: a yearly rate is all there is.
    annual_change_: float | None = attrs.field(
        default=None, validator=_fraction, alias="annual_change"
    )

    def __attrs_post_init__(self) -> None:
        if self.baseline_value is not None and self.baseline_period is None:
            raise ValueError("baseline_value needs the baseline_period it was measured in")
        change = self.annual_change_
        if change is not None and (
            (self.towards == "reduce" and change >= 0)
            or (self.towards == "increase" and change <= 0)
        ):
            raise ValueError(
                f"annual_change {change} does not go the way of direction {self.towards!r} "
                "(a 5% yearly fall is -0.05)"
            )

    @property
    def direction(self) -> str | None:
        return self.towards

    @property
    def annual_change(self) -> float | None:
        return self.annual_change_

    @property
    def baseline_measure(self) -> Measure | None:
        if self.baseline_value is None or self.baseline_period is None:
            return None
        return Measure(value=self.baseline_value, period=self.baseline_period)

    @property
    def deadline(self) -> Period | None:
        return self.by

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["baseline_period"] = _label(self.baseline_period) if self.baseline_period else None
        row["target_period"] = _label(self.by) if self.by else None
        return row


@attrs.frozen(kw_only=True)
class MilestoneTarget(Target):
    """A deliverable due by a date: "Website redeveloped and launched by June 2005"."""

    kind: ClassVar[str] = "milestone"
    fixed_direction: ClassVar[str | None] = "deliver"

    deliverable: str
    due: Period

    @property
    def deadline(self) -> Period | None:
        return self.due


_PER_YEAR: dict[str, int] = {"year": 1, "half-year": 2, "quarter": 4, "month": 12}


@attrs.frozen(kw_only=True)
class RecurringTarget(Target):
    """A deliverable repeated every interval: "quarterly thereafter", "two ... per year".

    ``count`` deliverables each ``every`` interval, from ``first`` (the first issue, when
    stated) until ``until`` (the end of the strategy when not stated).
    """

    kind: ClassVar[str] = "recurring"
    fixed_direction: ClassVar[str | None] = "deliver"

    deliverable: str
    count: int = attrs.field(default=1, validator=_not_negative)
    every: Interval = attrs.field(
        default="year", validator=_one_of(("year", "half-year", "quarter", "month"))
    )
    at_least: bool = False
    first: Period | None = None
    until: Period | None = None

    additive_default: ClassVar[bool] = True

    @property
    def bound(self) -> str | None:
        return "at_least" if self.at_least else "exactly"

    @property
    def deadline(self) -> Period | None:
        return self.until

    @property
    def per_year(self) -> float:
        """How many deliverables a whole year needs (all entities together)."""
        return self.count * _PER_YEAR[self.every]

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """The deliverables due in each year from ``first`` (else the strategy's first
        year) to ``until`` (else its last).

        >>> from cdrpkit.periods import parse_period
        >>> t = RecurringTarget(id="workshops", text="...", deliverable="workshop", count=2)
        >>> span = (parse_period("2005/06"), parse_period("2006/07"))
        >>> [(e.period.label, e.expected) for e in t.yearly_expectations(span)]
        [('2005/06', 2), ('2006/07', 2)]
        """
        value = self.per_year
        return tuple(
            Expectation(period=year, expected=value, bound=self.bound, threshold=value,
                        source="stated", step="deliver")
            for year in _span(self.first, self.until, span)
        )

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["target_value"] = self.count
        row["every"] = self.every
        row["first"] = self.first.label if self.first else None
        return row


@attrs.frozen(kw_only=True)
class PerEntityRecurringTarget(RecurringTarget):
    """A recurring deliverable for each of several entities.

    "Each Local Action Group carries out at least one 'Patch Walk' per year": ``entity``
    names the group (``local-action-groups``), ``count`` is per entity per interval.
    """

    kind: ClassVar[str] = "per-entity-recurring"

    entity: str
    entities: int | None = attrs.field(default=None, validator=_not_negative)

    @property
    def per_year(self) -> float:
        """Deliverables a whole year needs: per entity, times the entities when known."""
        return super().per_year * (self.entities if self.entities is not None else 1)

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["entity"] = self.entity
        row["entities"] = self.entities
        return row


@attrs.frozen(kw_only=True)
class ChecklistTarget(Target):
    """A checklist to complete: "Ensure that the 11 areas identified in BVPI 225 are met
    100% by March 2008". ``items`` is the number of points, ``share`` the fraction to meet.
    """

    kind: ClassVar[str] = "checklist"
    fixed_direction: ClassVar[str | None] = "increase"

    items: int = attrs.field(validator=_not_negative)
    share: float = 1.0
    due: Period | None = None

    def __attrs_post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise ValueError(f"share is a fraction between 0 and 1 (got {self.share})")

    @property
    def bound(self) -> str | None:
        return "at_least"

    @property
    def deadline(self) -> Period | None:
        return self.due

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """The points to meet (``items`` x ``share``) in the year the checklist is due."""
        if self.due is None:
            return ()
        year, _ = financial_year_of(self.due)
        value = self.items * self.share
        return (Expectation(period=year, expected=value, bound="at_least", threshold=value,
                            source="stated", step="target"),)

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["target_value"] = self.share * 100
        row["items"] = self.items
        return row


@attrs.frozen(kw_only=True)
class ResourceTarget(Target):
    """A commitment of resources: "a pump-priming grant of £90k over 3 years".

    ``amount`` in ``unit`` (GBP by default) over ``years`` years from ``first``.
    """

    kind: ClassVar[str] = "resource"
    fixed_direction: ClassVar[str | None] = "commit"
    additive_default: ClassVar[bool] = True

    amount: float = attrs.field(validator=_not_negative)
    purpose: str
    years: float | None = attrs.field(default=None, validator=_not_negative)
    first: Period | None = None
    funder: str | None = None

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """The amount spread evenly over its whole ``years`` from ``first`` (inferred).

        >>> from cdrpkit.periods import parse_period
        >>> t = ResourceTarget(id="grant", text="...", amount=90, unit="kGBP",
        ...     purpose="pump-priming", years=3, first=parse_period("2005/06"))
        >>> [(e.period.label, e.expected) for e in t.yearly_expectations()]
        [('2005/06', 30.0), ('2006/07', 30.0), ('2007/08', 30.0)]
        """
        if self.first is None or not self.years or self.years != int(self.years):
            return ()
        first, _ = financial_year_of(self.first)
        share = self.amount / self.years
        return tuple(
            Expectation(period=first + k, expected=share, source="inferred", step="deliver",
                        note="the document states the total; an even spread is assumed")
            for k in range(int(self.years))
        )

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["target_value"] = self.amount
        row["years"] = self.years
        return row


@attrs.frozen(kw_only=True)
class ReachTarget(Target):
    """A value to reach by a period, from a baseline the document does not date.

    "Increasing the number of drug misusers completing treatment programmes from 972 to
    1150 by 2005/06": ``baseline_value`` 972 (no period is given for it), ``target``
    1,150 in 2005/06. "Reduce this level to 80 young people by 2004", where "this
    level" is not one figure: no ``baseline_value``, ``direction`` reduce. With a dated
    baseline, use ``change`` or ``level``; the checker reports the missing period.

    >>> from cdrpkit.periods import parse_period
    >>> t = ReachTarget(id="drugs", text="...", baseline_value=972,
    ...     target=Measure(value=1150, period=parse_period("2005/06")))
    >>> t.direction, t.bound, t.summary()["baseline_value"], t.summary()["baseline_period"]
    ('increase', 'at_least', 972, None)
    """

    kind: ClassVar[str] = "reach"
    needs_indicator: ClassVar[bool] = True
    needs_unit: ClassVar[bool] = True
    additive_default: ClassVar[bool] = True

    target: Measure
    baseline_value: float | None = attrs.field(default=None, validator=_not_negative)
    stated_direction: Direction | None = attrs.field(
        default=None, validator=_one_of(_CHANGE_DIRECTIONS), alias="direction"
    )
    stated_bound: Bound | None = attrs.field(default=None, validator=_one_of(BOUNDS), alias="bound")

    def __attrs_post_init__(self) -> None:
        derived = self._derived()
        if self.stated_direction and derived and derived != self.stated_direction:
            raise ValueError(
                f"direction {self.stated_direction!r} disagrees with the values "
                f"({self.baseline_value:g} to {self.target.value:g} is {derived!r})"
            )
        if self.stated_direction is None and derived is None:
            raise ValueError("without a baseline_value, say the direction (reduce, increase)")

    def _derived(self) -> str | None:
        if self.baseline_value is None:
            return None
        return _derived_direction(
            Measure(value=self.baseline_value, period=self.target.period), self.target
        )

    @property
    def direction(self) -> str | None:
        return self.stated_direction or self._derived()

    @property
    def bound(self) -> str | None:
        return self.stated_bound or _bound_for(self.direction)

    @property
    def end_measure(self) -> Measure | None:
        return self.target

    def yearly_expectations(
        self, span: tuple[Period, Period] | None = None
    ) -> tuple[Expectation, ...]:
        """Only the target year: with no baseline year there is no trajectory to draw."""
        last, approx = financial_year_of(self.target.period)
        return (
            Expectation(
                period=last, expected=self.target.value, bound=self.bound,
                threshold=self.target.value, source=self.target.source, step="target",
                note="calendar-year period placed in a financial year" if approx else None,
            ),
        )

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["baseline_value"] = self.baseline_value
        return row


@attrs.frozen
class TargetKind:
    """A target kind as a plugin declares it: its name, class and a description."""

    name: str
    cls: type[Target]
    description: str = ""

    def __attrs_post_init__(self) -> None:
        if not (isinstance(self.cls, type) and issubclass(self.cls, Target)):
            raise TypeError(f"target kind {self.name!r}: {self.cls!r} is not a Target class")
        if self.cls.kind != self.name:
            raise ValueError(
                f"target kind {self.name!r}: its class says kind {self.cls.kind!r}"
            )


BUILTIN_KINDS: tuple[type[Target], ...] = (
    LevelTarget,
    ChangeTarget,
    RelativeChangeTarget,
    RateTarget,
    RatePerPopulationTarget,
    BaselineThenTarget,
    DirectionTarget,
    MilestoneTarget,
    RecurringTarget,
    PerEntityRecurringTarget,
    ChecklistTarget,
    ResourceTarget,
    ReachTarget,
)
