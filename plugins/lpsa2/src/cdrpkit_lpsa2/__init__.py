"""cdrpkit-lpsa2: second-generation Local PSAs: the stretch target kind and the reward rule.

>>> from cdrpkit_lpsa2 import reward
>>> reward(without=100, stretch=90, outturn=92, potential_grant=1000).amount
800.0
"""

from __future__ import annotations

from cdrpkit_lpsa2.kind import StretchTarget
from cdrpkit_lpsa2.plugin import FAMILY
from cdrpkit_lpsa2.reward import (
    CAP,
    FLOOR,
    RULE,
    SOURCE,
    RewardError,
    RewardResult,
    reward,
    share_of_pot,
)

__version__ = "0.1.0"

__all__ = [
    "CAP",
    "FAMILY",
    "FLOOR",
    "RULE",
    "SOURCE",
    "RewardError",
    "RewardResult",
    "StretchTarget",
    "__version__",
    "reward",
    "share_of_pot",
]
