"""Kinds that move a value: a level with a trajectory, a total or relative change, a reach."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from cdrpkit.model.change import ChangeModel, compound, linear
from cdrpkit.model.engine import Request, at_year, fy_of, ramp, with_note
from cdrpkit.model.expectations import ExpectationTable
from cdrpkit.model.kinds.base import (
    BOUNDS,
    CALENDAR_NOTE,
    CHANGE_DIRECTIONS,
    Bound,
    Direction,
    Measure,
    StatedRate,
    Target,
    bound_for,
    check_maintain_until,
    check_order,
    derived_direction,
    fy_column,
    period_label,
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
    ``maintain_until`` is a period through which the level is then held ("... and
    maintain that level in 2007/08").
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
    maintain_until: Period | None = None
    #: The total change the document prints beside baseline and target ("reduce by 18%
    #: from N to M"), signed; the ``total-change`` rule checks the three agree.
    total_change: float | None = attrs.field(default=None, validator=fraction)

    def __attrs_post_init__(self) -> None:
        check_order(self.baseline, self.target)
        check_maintain_until(self.maintain_until, self.target)

    @property
    def annual_change(self) -> float | None:
        return self.annual_change_

    @property
    def deadline(self) -> Period | None:
        return self.maintain_until or self.target.period

    @property
    def years(self) -> int:
        """Whole financial years from the baseline year to the target year."""
        return int(fy_of(self.target.period)[0] - fy_of(self.baseline.period)[0])

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
        return float(step(self.baseline.value, self.annual_change_, self.years))

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """Baseline, then the stated yearly change each year (compound or linear), then
        the level held until ``maintain_until``.

        With no yearly change stated, the years between are interpolated at a constant
        yearly ratio (``compound``) or difference (``linear``).

        >>> from cdrpkit.periods import parse_deadline, parse_period
        >>> t = LevelTarget(id="burglary", text="...", annual_change=-0.06,
        ...     baseline=Measure(value=2806, period=parse_period("2004/05")),
        ...     target=Measure(value=2331, period=parse_deadline("by March 2008")))
        >>> [(e.period.label, round(e.expected, 1)) for e in t.yearly_expectations()]
        [('2004/05', 2806.0), ('2005/06', 2637.6), ('2006/07', 2479.4), ('2007/08', 2330.6)]
        """
        ts: list[LevelTarget] = list(targets)  # type: ignore[arg-type]
        return _ramp_of(ts, rates=[t.annual_change_ for t in ts],
                        linear=[t.change_model == "linear" for t in ts],
                        hold=[t.maintain_until for t in ts])




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
    #: The total change the document prints beside baseline and target, signed.
    total_change: float | None = attrs.field(default=None, validator=fraction)

    def __attrs_post_init__(self) -> None:
        check_order(self.baseline, self.target)
        check_maintain_until(self.maintain_until, self.target)

    @property
    def deadline(self) -> Period | None:
        return self.maintain_until or self.target.period

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
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
        ts: list[ChangeTarget] = list(targets)  # type: ignore[arg-type]
        return _ramp_of(ts, rates=[None] * len(ts), linear=[False] * len(ts),
                        hold=[t.maintain_until for t in ts])




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
    #: The end value the document prints with the change but no baseline ("reduce by 6%
    #: to 9,704 by 2005"): the baseline is then derived from it (see ``derived_baseline``).
    target_value: float | None = attrs.field(default=None, validator=not_negative)

    @property
    def derived_baseline(self) -> float | None:
        """The baseline the end value and change imply: ``target_value / (1 + change)``.

        Inferred by us, never stated: "reduce by 6% to 9,704" gives 9,704 / 0.94 = 10,323.4.

        >>> from cdrpkit.periods import parse_period
        >>> t = RelativeChangeTarget(id="crime", text="...", change=-0.06,
        ...     by=parse_period("2005"), target_value=9704)
        >>> round(t.derived_baseline, 1)
        10323.4
        """
        if self.target_value is None:
            return None
        return self.target_value / (1.0 + self.change)

    @property
    def baseline_measure(self) -> Measure | None:
        """The derived baseline, marked inferred, when the baseline year is known."""
        value = self.derived_baseline
        if value is None or self.baseline_period is None:
            return None
        return Measure(value=value, period=self.baseline_period, source="inferred",
                       note=f"derived: {self.target_value:,g} / (1 {self.change:+g})")

    @property
    def end_measure(self) -> Measure | None:
        """The printed end value at the deadline, when the document gives one."""
        if self.target_value is None:
            return None
        return Measure(value=self.target_value, period=self.by)

    @property
    def annual_change(self) -> float | None:
        return self.annual_change_

    @property
    def direction(self) -> str | None:
        return "reduce" if self.change < 0 else "increase" if self.change > 0 else "maintain"

    @property
    def bound(self) -> str | None:
        return bound_for(self.direction)

    @property
    def deadline(self) -> Period | None:
        return self.by

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """The change as a multiple of the (unstated) baseline, compound between the years.

        ``expected`` is ``None``: no value is stated (the assessment multiplies
        ``relative`` by the figure of the baseline year). Without a ``baseline_period``
        only the deadline year is known.

        >>> from cdrpkit.periods import parse_period
        >>> t = RelativeChangeTarget(id="car-crime", text="...", change=-0.2,
        ...     by=parse_period("2005/06"), baseline_period=parse_period("2003/04"))
        >>> [(e.period.label, round(e.relative, 3)) for e in t.yearly_expectations()]
        [('2003/04', 1.0), ('2004/05', 0.894), ('2005/06', 0.8)]
        """
        import numpy as np

        ts: list[RelativeChangeTarget] = list(targets)  # type: ignore[arg-type]
        dated = np.array([t.baseline_period is not None for t in ts], dtype=bool)
        base_fy, approx_base = fy_column([t.baseline_period for t in ts])
        end_fy, approx_end = fy_column([t.by for t in ts])
        nan = [float("nan")] * len(ts)
        ends = [1.0 + t.change for t in ts]
        bounds = [t.bound for t in ts]
        ramped = ramp(base_fy=base_fy, base=nan, base_stated=[True] * len(ts), end_fy=end_fy,
                      end=nan, end_stated=[True] * len(ts), rate=nan, linear=[False] * len(ts),
                      bound=bounds, end_relative=ends)
        alone = at_year(fy=np.where(dated, np.nan, end_fy), value=nan, stated=[True] * len(ts),
                        bound=bounds, relative=ends)
        keep = np.flatnonzero(dated[ramped.target])
        table = ExpectationTable.concat([ramped.take(keep), alone], [np.arange(len(ts))] * 2)
        return with_note(table, [a or b for a, b in zip(approx_base, approx_end, strict=True)],
                         CALENDAR_NOTE)

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["baseline_period"] = period_label(self.baseline_period) if self.baseline_period \
            else None
        row["target_period"] = period_label(self.by)
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
        return derived_direction(
            Measure(value=self.baseline_value, period=self.target.period), self.target
        )

    @property
    def direction(self) -> str | None:
        return self.stated_direction or self._derived()

    @property
    def bound(self) -> str | None:
        return self.stated_bound or bound_for(self.direction)

    @property
    def end_measure(self) -> Measure | None:
        return self.target

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """Only the target year: with no baseline year there is no trajectory to draw."""
        ts: list[ReachTarget] = list(targets)  # type: ignore[arg-type]
        years, approx = fy_column([t.target.period for t in ts])
        table = at_year(fy=years, value=[t.target.value for t in ts],
                        stated=[t.target.source == "stated" for t in ts],
                        bound=[t.bound for t in ts])
        return with_note(table, approx, CALENDAR_NOTE)

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["baseline_value"] = self.baseline_value
        return row



def _ramp_of(targets: Sequence[LevelTarget | ChangeTarget], *, rates: Sequence[float | None],
             linear: Sequence[bool], hold: Sequence[Period | None]) -> ExpectationTable:
    """The ramp of targets with a baseline and a target measure (level and change kinds)."""
    base_fy, approx_base = fy_column([t.baseline.period for t in targets])
    end_fy, approx_end = fy_column([t.target.period for t in targets])
    hold_fy, _ = fy_column(hold)
    table = ramp(
        base_fy=base_fy, base=[t.baseline.value for t in targets],
        base_stated=[t.baseline.source == "stated" for t in targets],
        end_fy=end_fy, end=[t.target.value for t in targets],
        end_stated=[t.target.source == "stated" for t in targets],
        rate=[float("nan") if r is None else r for r in rates], linear=linear,
        bound=[t.bound for t in targets], hold_fy=hold_fy)
    return with_note(table, [a or b for a, b in zip(approx_base, approx_end, strict=True)],
                     CALENDAR_NOTE)
