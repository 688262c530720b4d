"""Target kinds, under the import path they had before 0.2 (now :mod:`cdrpkit.model.kinds`).

``from cdrpkit.targets import Target, Measure`` keeps working for plugins written against
it; new code imports from :mod:`cdrpkit.model.kinds` and :mod:`cdrpkit.model.change`.
"""

from __future__ import annotations

from cdrpkit.model.change import compound, implied_annual_change, interpolate, linear
from cdrpkit.model.kinds import *  # noqa: F403
from cdrpkit.model.kinds import __all__ as _kinds
from cdrpkit.plugins.declarations import TargetKind

__all__ = [*_kinds, "TargetKind", "compound", "implied_annual_change", "interpolate", "linear"]
