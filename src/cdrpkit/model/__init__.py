"""The core model: a strategy as a tree of frozen attrs objects.

The model knows nothing of files, pandas or the command line. Readers build it, checkers,
assessors and renderers read it. Every collection is a tuple, every object is frozen and
compares by value, so two loads of the same file give equal strategies.

The tree is::

    Strategy
      partnership: Partnership (agencies, groups, population, households)
      objectives: cross-cutting partnership objectives (or a plan's objectives, with no theme)
      themes > priorities > objectives > targets and actions

Target kinds live in :mod:`cdrpkit.model.kinds`; they are plugins like any other.
"""

from __future__ import annotations

from cdrpkit.model.figures import Figure, Observation
from cdrpkit.model.frameworks import (
    Axis,
    Category,
    Classification,
    Crosswalk,
    Framework,
    Mapping,
    Source,
)
from cdrpkit.model.indicators import Indicator, IndicatorFamily, Polarity
from cdrpkit.model.kinds import Target
from cdrpkit.model.partnership import Agency, AgencyRole, Group, Partnership, PriorityShare
from cdrpkit.model.tree import Action, Node, Objective, Priority, Strategy, Theme

__all__ = [
    "Action",
    "Agency",
    "AgencyRole",
    "Axis",
    "Category",
    "Classification",
    "Crosswalk",
    "Figure",
    "Framework",
    "Group",
    "Indicator",
    "IndicatorFamily",
    "Mapping",
    "Node",
    "Objective",
    "Observation",
    "Partnership",
    "Polarity",
    "Priority",
    "PriorityShare",
    "Source",
    "Strategy",
    "Target",
    "Theme",
]
