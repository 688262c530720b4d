"""Target kinds: each kind of target a strategy sets, as a real type.

A strategy file names a target's kind with ``kind:``; the loader structures the rest of
the mapping into that kind's class. Kinds are registered through the plugin hook
``cdrpkit_register_target_kinds`` (the built-in ones in :mod:`cdrpkit.builtin.kinds`),
so a plugin can add one (the LPSA2 stretch target is a plugin kind).
"""

from __future__ import annotations

from cdrpkit.model.expectations import Expectation, Step
from cdrpkit.model.kinds.base import (
    BOUNDS,
    CHANGE_DIRECTIONS,
    DIRECTIONS,
    Bound,
    Direction,
    Interval,
    Measure,
    StatedRate,
    Target,
    check_maintain_until,
    financial_year_of,
)
from cdrpkit.model.kinds.deliverables import (
    BaselineThenTarget,
    ChecklistTarget,
    DirectionTarget,
    MilestoneTarget,
    PerEntityRecurringTarget,
    RecurringTarget,
    ResourceTarget,
)
from cdrpkit.model.kinds.rates import RatePerPopulationTarget, RateTarget
from cdrpkit.model.kinds.values import (
    ChangeTarget,
    LevelTarget,
    ReachTarget,
    RelativeChangeTarget,
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

__all__ = [
    "BOUNDS",
    "BUILTIN_KINDS",
    "CHANGE_DIRECTIONS",
    "DIRECTIONS",
    "BaselineThenTarget",
    "Bound",
    "ChangeTarget",
    "ChecklistTarget",
    "Direction",
    "DirectionTarget",
    "Expectation",
    "Interval",
    "LevelTarget",
    "Measure",
    "MilestoneTarget",
    "PerEntityRecurringTarget",
    "RatePerPopulationTarget",
    "RateTarget",
    "ReachTarget",
    "RecurringTarget",
    "RelativeChangeTarget",
    "ResourceTarget",
    "StatedRate",
    "Step",
    "Target",
    "check_maintain_until",
    "financial_year_of",
]
