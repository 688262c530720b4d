"""cdrpkit-psa: Public Service Agreement targets and the BCS comparator basket.

>>> from cdrpkit_psa import members_of
>>> members_of("BCS-violence")
('BCS-common-assault', 'BCS-wounding', 'BCS-robbery-personal')
"""

from __future__ import annotations

from cdrpkit_psa.basket import (
    BASKET,
    PHRASES,
    TOTAL,
    BasketCategory,
    basket,
    group_members,
    members_of,
    resolve_phrase,
)
from cdrpkit_psa.definitions import FAMILY, INDICATORS

__version__ = "0.1.0"

__all__ = [
    "BASKET",
    "FAMILY",
    "INDICATORS",
    "PHRASES",
    "TOTAL",
    "BasketCategory",
    "__version__",
    "basket",
    "group_members",
    "members_of",
    "resolve_phrase",
]
