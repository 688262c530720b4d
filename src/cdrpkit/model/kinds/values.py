"""Kinds that move a value: a level with a trajectory, a total or relative change, a reach."""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from cdrpkit.model.change import ChangeModel, compound, interpolate, linear
from cdrpkit.model.kinds.base import (
    BOUNDS,
    CHANGE_DIRECTIONS,
    Bound,
    Direction,
    Expectation,
    Measure,
    StatedRate,
    Target,
    _bound_for,
    _check_order,
    _derived_direction,
    _label,
    _ramp,
    check_maintain_until,
    financial_year_of,
)
from cdrpkit.model.validators import fraction, not_negative, one_of
from cdrpkit.periods import Period


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
        default=None, validator=fraction, alias="annual_change"
    )
    change_model: ChangeModel = attrs.field(
        default="compound", validator=one_of(("compound", "linear"))
    )
    stated_bound: Bound | None = attrs.field(default=None, validator=one_of(BOUNDS), alias="bound")
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
    stated_bound: Bound | None = attrs.field(default=None, validator=one_of(BOUNDS), alias="bound")

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

    change: float = attrs.field(validator=fraction)
    by: Period
    baseline_period: Period | None = None
    annual_change_: float | None = attrs.field(
        default=None, validator=fraction, alias="annual_change"
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
    baseline_value: float | None = attrs.field(default=None, validator=not_negative)
    stated_direction: Direction | None = attrs.field(
        default=None, validator=one_of(CHANGE_DIRECTIONS), alias="direction"
    )
    stated_bound: Bound | None = attrs.field(default=None, validator=one_of(BOUNDS), alias="bound")

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

