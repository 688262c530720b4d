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

from cdrpkit.periods import Period

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

    ``value`` is in the target's unit; counts and rates cannot be negative.

    >>> from cdrpkit.periods import parse_period
    >>> Measure(value=2806, period=parse_period("2004/05")).value
    2806
    """

    value: float = attrs.field(validator=_not_negative)
    period: Period


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

    id: str = attrs.field(validator=_identifier)
    text: str
    indicator: str | None = None
    unit: str | None = None
    subject_to: str | None = None
    provisional: bool = False
    note: str | None = None

    @property
    def direction(self) -> str | None:
        """Which way the target moves things: reduce, increase, maintain, deliver..."""
        return self.fixed_direction

    @property
    def bound(self) -> str | None:
        """Which side of the target value meets it, when the target has a value."""
        return None

    @property
    def baseline_measure(self) -> Measure | None:
        """The stated baseline, when there is one."""
        return None

    @property
    def end_measure(self) -> Measure | None:
        """The stated end value and period, when there are both."""
        return None

    @property
    def deadline(self) -> Period | None:
        """The period by whose end the target is due."""
        end = self.end_measure
        return end.period if end else None

    @property
    def annual_change(self) -> float | None:
        """The signed yearly change the document states (-0.06 for "a yearly 6% reduction")."""
        return None

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
    def direction(self) -> str | None:
        return _derived_direction(self.baseline, self.target)

    @property
    def bound(self) -> str | None:
        return self.stated_bound or _bound_for(self.direction)

    @property
    def baseline_measure(self) -> Measure | None:
        return self.baseline

    @property
    def end_measure(self) -> Measure | None:
        return self.target

    @property
    def annual_change(self) -> float | None:
        return self.annual_change_


@attrs.frozen(kw_only=True)
class ChangeTarget(Target):
    """A total change over a period, with no yearly rate, optionally then held.

    "Reduce ... from 318 in 2003/04 to no more than 270 in 2006/07, and maintain that
    level in 2007/08": baseline, target, ``maintain_until`` 2007/08.
    """

    kind: ClassVar[str] = "change"

    baseline: Measure
    target: Measure
    maintain_until: Period | None = None
    stated_bound: Bound | None = attrs.field(default=None, validator=_one_of(BOUNDS), alias="bound")

    def __attrs_post_init__(self) -> None:
        _check_order(self.baseline, self.target)
        if self.maintain_until is not None and self.maintain_until.end < self.target.period.end:
            raise ValueError(
                f"maintain_until {self.maintain_until} is before the target period "
                f"{self.target.period}"
            )

    @property
    def direction(self) -> str | None:
        return _derived_direction(self.baseline, self.target)

    @property
    def bound(self) -> str | None:
        return self.stated_bound or _bound_for(self.direction)

    @property
    def baseline_measure(self) -> Measure | None:
        return self.baseline

    @property
    def end_measure(self) -> Measure | None:
        return self.target

    @property
    def deadline(self) -> Period | None:
        return self.maintain_until or self.target.period


@attrs.frozen(kw_only=True)
class RelativeChangeTarget(Target):
    """A relative change with no baseline value stated: "decrease ... by 12% by 2008".

    ``change`` is signed (-0.12). ``baseline_period`` is set only when the document says
    from when ("from current levels" leaves it ``None``: the checker reports it).
    """

    kind: ClassVar[str] = "relative-change"

    change: float = attrs.field(validator=_fraction)
    by: Period
    baseline_period: Period | None = None

    @property
    def direction(self) -> str | None:
        return "reduce" if self.change < 0 else "increase" if self.change > 0 else "maintain"

    @property
    def bound(self) -> str | None:
        return _bound_for(self.direction)

    @property
    def deadline(self) -> Period | None:
        return self.by

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
    def baseline_measure(self) -> Measure | None:
        return self.baseline

    @property
    def end_measure(self) -> Measure | None:
        return self.target

    @property
    def deadline(self) -> Period | None:
        if self.target is not None:
            return self.target.period
        return self.last_year

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

    @property
    def bound(self) -> str | None:
        return self.stated_bound or _bound_for(self.direction)

    @property
    def baseline_measure(self) -> Measure | None:
        return self.baseline

    @property
    def end_measure(self) -> Measure | None:
        return self.target


@attrs.frozen(kw_only=True)
class BaselineThenTarget(Target):
    """Establish a baseline by a date, then set or pursue a follow-on target.

    "Establish a baseline for the number of offenders brought to justice in 2004/05 and
    increase this number year on year": ``baseline_period`` 2004/05, ``then`` increase.
    Where the follow-on is a separate published target, ``follow_on`` names its id.
    """

    kind: ClassVar[str] = "baseline-then"
    fixed_direction: ClassVar[str | None] = "establish"

    establish_by: Period | None = None
    baseline_period: Period | None = None
    then: Direction | None = attrs.field(default=None, validator=_one_of(_CHANGE_DIRECTIONS))
    then_cadence: Literal["year_on_year"] | None = None
    follow_on: str | None = None

    @property
    def deadline(self) -> Period | None:
        return self.establish_by

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
    """

    kind: ClassVar[str] = "direction"

    towards: Direction = attrs.field(validator=_one_of(_CHANGE_DIRECTIONS), alias="direction")
    cadence: Literal["year_on_year"] | None = None
    baseline_period: Period | None = None
    by: Period | None = None
    depends_on: str | None = None

    @property
    def direction(self) -> str | None:
        return self.towards

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

    @property
    def bound(self) -> str | None:
        return "at_least" if self.at_least else "exactly"

    @property
    def deadline(self) -> Period | None:
        return self.until

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

    amount: float = attrs.field(validator=_not_negative)
    purpose: str
    years: float | None = attrs.field(default=None, validator=_not_negative)
    first: Period | None = None
    funder: str | None = None

    def summary(self) -> dict[str, Any]:
        row = super().summary()
        row["target_value"] = self.amount
        row["years"] = self.years
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
)
