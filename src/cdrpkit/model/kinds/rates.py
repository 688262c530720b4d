"""Kinds that set a rate: a percentage or rate each year or to reach, a rate per population."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import attrs

from cdrpkit.model.engine import Request, at_year, every_year, ramp
from cdrpkit.model.expectations import ExpectationTable
from cdrpkit.model.kinds.base import (
    BOUNDS,
    CHANGE_DIRECTIONS,
    Bound,
    Direction,
    Measure,
    Target,
    bound_for,
    check_order,
    derived_direction,
    fy_column,
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
        check_order(self.baseline, self.target)

    @property
    def direction(self) -> str | None:
        if self.stated_direction:
            return self.stated_direction
        derived = derived_direction(self.baseline, self.target)
        if derived:
            return derived
        return {"at_least": "increase", "above": "increase"}.get(
            self.stated_bound or "", "maintain"
        )

    @property
    def bound(self) -> str | None:
        return self.stated_bound or bound_for(self.direction)

    @property
    def deadline(self) -> Period | None:
        if self.target is not None:
            return self.target.period
        return self.last_year

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """From baseline to target in equal steps (percentage points); or the target in
        its year; or the threshold in every year from ``first_year`` (else the strategy's
        first year) to ``last_year`` (else the deadline, else the strategy's last year)
        for an "each year" target.

        >>> from cdrpkit.periods import parse_period
        >>> t = RateTarget(id="sdr", text="...", threshold=50, each_year=True, bound="above")
        >>> span = (parse_period("2005/06"), parse_period("2007/08"))
        >>> [(e.period.label, e.bound, e.threshold) for e in t.yearly_expectations(span)]
        [('2005/06', 'above', 50.0), ('2006/07', 'above', 50.0), ('2007/08', 'above', 50.0)]
        """
        import numpy as np

        ts: list[RateTarget] = list(targets)  # type: ignore[arg-type]
        shape = [_shape(t) for t in ts]
        groups = [np.array([i for i, g in enumerate(shape) if g == name], dtype=np.int64)
                  for name in ("moves", "once", "every")]
        moves, once, every = ([ts[i] for i in g.tolist()] for g in groups)
        base_fy, _ = fy_column([t.baseline.period for t in moves])
        end_fy, _ = fy_column([t.target.period for t in moves])
        ramped = ramp(
            base_fy=base_fy, base=[t.baseline.value for t in moves],
            base_stated=[t.baseline.source == "stated" for t in moves],
            end_fy=end_fy, end=[t.target.value for t in moves],
            end_stated=[t.target.source == "stated" for t in moves],
            rate=[np.nan] * len(moves), linear=[True] * len(moves),
            bound=[t.bound for t in moves])
        years, _ = fy_column([t.target.period for t in once])
        single = at_year(fy=years, value=[t.target.value for t in once],
                         stated=[True] * len(once), bound=[t.bound for t in once])
        first, _ = fy_column([t.first_year for t in every])
        last, _ = fy_column([t.last_year or t.deadline for t in every])
        at = groups[2]
        yearly = every_year(
            first_fy=np.where(np.isnan(first), request.first_year[at], first),
            last_fy=np.where(np.isnan(last), request.last_year[at], last),
            value=[t.threshold if t.threshold is not None else t.target.value
                   for t in every],
            bound=[t.bound for t in every])
        return ExpectationTable.concat([ramped, single, yearly], groups)

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
        check_order(self.baseline, self.target)

    @property
    def direction(self) -> str | None:
        return derived_direction(self.baseline, self.target) or {
            "at_most": "reduce", "below": "reduce", "at_least": "increase", "above": "increase",
        }.get(self.stated_bound or "")

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """Baseline rate to target rate at a constant yearly ratio, or the target alone."""
        import numpy as np

        ts: list[RatePerPopulationTarget] = list(targets)  # type: ignore[arg-type]
        has = np.array([t.baseline is not None for t in ts], dtype=bool)
        base_fy, _ = fy_column([t.baseline.period if t.baseline else None for t in ts])
        end_fy, _ = fy_column([t.target.period for t in ts])
        end = [t.target.value for t in ts]
        end_stated = [t.target.source == "stated" for t in ts]
        bounds = [t.bound for t in ts]
        ramped = ramp(
            base_fy=np.where(has, base_fy, end_fy),
            base=[t.baseline.value if t.baseline else np.nan for t in ts],
            base_stated=[bool(t.baseline and t.baseline.source == "stated") for t in ts],
            end_fy=end_fy, end=end, end_stated=end_stated, rate=[np.nan] * len(ts),
            linear=[False] * len(ts), bound=bounds)
        alone = at_year(fy=np.where(has, np.nan, end_fy), value=end, stated=end_stated,
                        bound=bounds)
        keep = np.flatnonzero(has[ramped.target])
        return ExpectationTable.concat([ramped.take(keep), alone], [np.arange(len(ts))] * 2)


def _shape(target: RateTarget) -> str:
    """How a rate target runs: baseline to target, the target alone, or each year."""
    if target.baseline is not None and target.target is not None:
        return "moves"
    if not target.each_year and target.target is not None:
        return "once"
    return "every"
