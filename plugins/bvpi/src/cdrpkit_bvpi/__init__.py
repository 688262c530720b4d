"""cdrpkit-bvpi: the Best Value Performance Indicators family for cdrpkit.

>>> from cdrpkit_bvpi import compute
>>> round(compute("BV126", 2331, 120_420), 1)
19.4
"""

from __future__ import annotations

from cdrpkit_bvpi.compute import (
    ComputeError,
    checklist_completion,
    compute,
    compute_many,
    indicator,
)
from cdrpkit_bvpi.definitions import BV225_CHECKLIST, BV225_POINTS, FAMILY, INDICATORS

__version__ = "0.1.0"

__all__ = [
    "BV225_CHECKLIST",
    "BV225_POINTS",
    "FAMILY",
    "INDICATORS",
    "ComputeError",
    "__version__",
    "checklist_completion",
    "compute",
    "compute_many",
    "indicator",
]
