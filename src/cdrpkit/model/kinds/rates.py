"""Kinds that set a rate: a percentage or rate each year or to reach, a rate per population."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

import attrs

from cdrpkit.model.kinds.base import (
    BOUNDS,
    CHANGE_DIRECTIONS,
    Bound,
    Direction,
    Expectation,
    Measure,
    Target,
    _bound_for,
    _check_order,
    _derived_direction,
    _ramp,
    _span,
    financial_year_of,
)
from cdrpkit.model.validators import not_negative, one_of
from cdrpkit.periods import Period


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

    threshold: float | None = attrs.field(default=None, validator=not_negative)
    each_year: bool = False
    baseline: Measure | None = None
    target: Measure | None = None
    stated_bound: Bound | None = attrs.field(default=None, validator=one_of(BOUNDS), alias="bound")
    stated_direction: Direction | None = attrs.field(
        default=None, validator=one_of(CHANGE_DIRECTIONS), alias="direction"
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
    denominator_value: float | None = attrs.field(default=None, validator=not_negative)
    baseline: Measure | None = None
    stated_bound: Bound | None = attrs.field(default=None, validator=one_of(BOUNDS), alias="bound")

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

