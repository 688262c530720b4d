"""Kinds with no trajectory of values: baselines to establish, directions, deliverables."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import attrs

from cdrpkit import units
from cdrpkit.model.engine import Request, at_deadline, divide, every_year, fy_of
from cdrpkit.model.expectations import ExpectationTable
from cdrpkit.model.kinds.base import (
    CHANGE_DIRECTIONS,
    Direction,
    Interval,
    Measure,
    Target,
    fy_column,
    period_label,
)
from cdrpkit.model.validators import fraction, not_negative, one_of
from cdrpkit.periods import FinancialYear, Period


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
    delivers: ClassVar[bool] = True

    establish_by: Period | None = None
    baseline_period: Period | None = None
    then: Direction | None = attrs.field(default=None, validator=one_of(CHANGE_DIRECTIONS))
    then_cadence: Literal["year_on_year"] | None = None
    then_by: Period | None = None
    follow_on: str | None = None

    @property
    def deadline(self) -> Period | None:
        # With no date for the baseline, the follow-on's date is the only deadline stated.
        return self.establish_by or self.then_by

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """The baseline established (one figure) by the deadline, when one is stated."""
        return _delivered(targets)

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["baseline_period"] = period_label(self.baseline_period) if self.baseline_period \
            else None
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

    towards: Direction = attrs.field(validator=one_of(CHANGE_DIRECTIONS), alias="direction")
    cadence: Literal["year_on_year"] | None = None
    baseline_period: Period | None = None
    # "Increase the ... rates from 3.69% in 2002": a stated start with no end value.
    baseline_value: float | None = attrs.field(default=None, validator=not_negative)
    by: Period | None = None
    depends_on: str | None = None
    # "by 5% per annum" with no baseline and no end: a yearly rate is all there is.
    annual_change_: float | None = attrs.field(
        default=None, validator=fraction, alias="annual_change"
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
        row["baseline_period"] = period_label(self.baseline_period) if self.baseline_period \
            else None
        row["target_period"] = period_label(self.by) if self.by else None
        return row


@attrs.frozen(kw_only=True)
class MilestoneTarget(Target):
    """A deliverable due by a date: "Website redeveloped and launched by June 2005"."""

    kind: ClassVar[str] = "milestone"
    fixed_direction: ClassVar[str | None] = "deliver"
    delivers: ClassVar[bool] = True

    deliverable: str
    due: Period

    @property
    def deadline(self) -> Period | None:
        return self.due

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """Delivered (a figure of 1 or more) by the deadline.

        >>> from cdrpkit.periods import parse_deadline
        >>> t = MilestoneTarget(id="web", text="...", deliverable="website",
        ...     due=parse_deadline("by June 2005"))
        >>> [(e.period.label, e.expected, e.step) for e in t.yearly_expectations()]
        [('2005-06', 1.0, 'due')]
        """
        return _delivered(targets)


_PER_YEAR: dict[str, int] = {"year": 1, "half-year": 2, "quarter": 4, "month": 12}


@attrs.frozen(kw_only=True)
class RecurringTarget(Target):
    """A deliverable repeated every interval: "quarterly thereafter", "two ... per year".

    ``count`` deliverables each ``every`` interval, from ``first`` (the first issue, when
    stated) until ``until`` (the end of the strategy when not stated).
    """

    kind: ClassVar[str] = "recurring"
    fixed_direction: ClassVar[str | None] = "deliver"
    gives_parts: ClassVar[bool] = True

    deliverable: str
    count: int = attrs.field(default=1, validator=not_negative)
    every: Interval = attrs.field(
        default="year", validator=one_of(("year", "half-year", "quarter", "month"))
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

    @property
    def granularity(self) -> str:
        """Quarters for a deliverable due each quarter or month, else years."""
        return "year" if self.every in ("year", "half-year") else "quarter"

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """The deliverables due in each year from ``first`` (else the strategy's first
        year) to ``until`` (else its last); asked for quarters, a deliverable due each
        quarter (or month) is due in each quarter, each a deadline of its own.

        >>> from cdrpkit.periods import parse_period
        >>> t = RecurringTarget(id="workshops", text="...", deliverable="workshop", count=2)
        >>> span = (parse_period("2005/06"), parse_period("2006/07"))
        >>> [(e.period.label, e.expected) for e in t.yearly_expectations(span)]
        [('2005/06', 2.0), ('2006/07', 2.0)]
        """
        import numpy as np

        ts: list[RecurringTarget] = list(targets)  # type: ignore[arg-type]
        first, _ = fy_column([t.first for t in ts])
        last, _ = fy_column([t.until for t in ts])
        table = every_year(
            first_fy=np.where(np.isnan(first), request.first_year, first),
            last_fy=np.where(np.isnan(last), request.last_year, last),
            value=[t.per_year for t in ts], bound=[t.bound for t in ts], step="deliver")
        if request.granularity == "year":
            return table
        by_part = np.array([t.granularity == "quarter" for t in ts], dtype=bool)
        return divide(table, by_part[table.target], 4)

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
    entities: int | None = attrs.field(default=None, validator=not_negative)

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
    delivers: ClassVar[bool] = True

    items: int = attrs.field(validator=not_negative)
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

    @property
    def required(self) -> float:
        """What meets the checklist, in the target's unit: ``share`` as a percentage (or
        fraction) for a unit of percent (or a pure number), else ``items`` x ``share``."""
        if self.unit is not None:
            try:
                if units.is_fraction(self.unit):
                    return units.convert(self.share, "fraction", self.unit)
            except ValueError:
                pass
        return self.items * self.share

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """The points to meet (:attr:`required`) by the deadline."""
        ts: list[ChecklistTarget] = list(targets)  # type: ignore[arg-type]
        return at_deadline(periods=[t.due for t in ts], value=[t.required for t in ts],
                           bound=["at_least"] * len(ts))

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
    delivers: ClassVar[bool] = True
    additive_default: ClassVar[bool] = True

    amount: float = attrs.field(validator=not_negative)
    purpose: str
    years: float | None = attrs.field(default=None, validator=not_negative)
    first: Period | None = None
    funder: str | None = None

    @property
    def deadline(self) -> Period | None:
        """The end of the last financial year of the commitment, when it is known."""
        if self.first is None or not self.years:
            return None
        first, _ = fy_of(self.first)
        return FinancialYear(int(first) + math.ceil(self.years) - 1)

    @classmethod
    def expectation_table(cls, targets: Sequence[Target], request: Request
                          ) -> ExpectationTable:
        """The amount spread evenly over its whole ``years`` from ``first`` (inferred: the
        document states the total), and the whole amount due by the last year's end.

        >>> from cdrpkit.periods import parse_period
        >>> t = ResourceTarget(id="grant", text="...", amount=90, unit="kGBP",
        ...     purpose="pump-priming", years=3, first=parse_period("2005/06"))
        >>> [(e.period.label, e.expected, e.step) for e in t.yearly_expectations()]
        ... # doctest: +NORMALIZE_WHITESPACE
        [('2005/06', 30.0, 'deliver'), ('2006/07', 30.0, 'deliver'),
         ('2007/08', 30.0, 'deliver'), ('2007/08', 90.0, 'due')]
        """
        import numpy as np

        ts: list[ResourceTarget] = list(targets)  # type: ignore[arg-type]
        whole = [t.first is not None and bool(t.years) and t.years == int(t.years or 0)
                 for t in ts]
        first, _ = fy_column([t.first if w else None for t, w in zip(ts, whole, strict=True)])
        years = np.array([t.years or np.nan for t in ts], dtype=float)
        spread = every_year(first_fy=first, last_fy=first + years - 1,
                            value=[t.amount / t.years if w else np.nan  # type: ignore[operator]
                                   for t, w in zip(ts, whole, strict=True)],
                            bound=[None] * len(ts), step="deliver", stated=False)
        spread = attrs.evolve(spread, threshold=np.full(len(spread), np.nan),
                              final=np.zeros(len(spread), bool),
                              notes=dict.fromkeys(range(len(spread)), _SPREAD_NOTE))
        due = at_deadline(periods=[t.deadline for t in ts], value=[t.amount for t in ts],
                          bound=["at_least"] * len(ts))
        return ExpectationTable.concat([spread, due], [np.arange(len(ts))] * 2)

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["target_value"] = self.amount
        row["years"] = self.years
        return row



_SPREAD_NOTE = "the document states the total; an even spread is assumed"


def _delivered(targets: Sequence[Target]) -> ExpectationTable:
    """One deliverable (a figure of 1 or more) due by each target's deadline."""
    return at_deadline(periods=[t.deadline for t in targets], value=[1.0] * len(targets),
                       bound=["at_least"] * len(targets))
