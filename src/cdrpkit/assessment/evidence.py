"""A strategy's own evidence as figures to assess: what the document itself states.

A strategy records evidence figures (``evidence:``): "4,992 crimes in 2004/05", a baseline
year's count, a progress figure compared with an earlier period. With
``assess(..., evidence=True)`` those that name an indicator or a target and fall in a
financial year, quarter or month are assessed beside the figures given, as ``stated``
figures whose source is the document; a figure the given ones already hold for the same
partnership, indicator, target and period is left to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cdrpkit.periods import FinancialYear, Month, Quarter

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.model import Strategy

__all__ = ["evidence_figures"]


def evidence_figures(strategies: Sequence[Strategy]) -> pd.DataFrame:
    """The strategies' evidence figures in the long format (raw: not yet validated).

    >>> import cdrpkit
    >>> rows = evidence_figures([cdrpkit.load("leicester-2005")])
    >>> bool(len(rows)), set(rows["status"])
    (True, {'stated'})
    """
    import pandas as pd

    from cdrpkit.observations import COLUMNS

    records = []
    for strategy in strategies:
        for figure in strategy.evidence:
            if not isinstance(figure.period, (FinancialYear, Quarter, Month)):
                continue  # a calendar year or a range is no monitoring period
            if figure.indicator is None and figure.target is None:
                continue
            compared = (f"; compared with {figure.compared_with.label}"
                        if figure.compared_with is not None else "")
            records.append({
                "partnership": strategy.partnership.id, "indicator": figure.indicator or "",
                "target": figure.target or "", "period": figure.period.label,
                "value": figure.value, "unit": figure.unit,
                "source": f"stated in the strategy: {figure.source}{compared}",
                "status": "stated"})
    return pd.DataFrame.from_records(records, columns=list(COLUMNS))
