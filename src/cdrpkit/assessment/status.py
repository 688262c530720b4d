"""The status of every row of a target judged by its values (rules in the package docstring)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from cdrpkit.assessment.labels import Labels
from cdrpkit.model.expectations import BOUNDS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["ROW_REASONS", "ROW_STATUSES", "bound_codes", "direction_status", "meets",
           "row_status"]




def bound_codes(bound: np.ndarray, higher: np.ndarray) -> np.ndarray:
    """Each target's bound as a position in ``_BOUNDS``; without one, its polarity's."""
    import numpy as np

    position = {b: i for i, b in enumerate(BOUNDS)}
    stated = np.array([position.get(b, -1) for b in bound.tolist()], dtype=np.int64)
    return np.where(stated >= 0, stated, np.where(higher == 1.0, 2, 0))


def meets(actual: np.ndarray, comparator: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Whether each actual is on the right side of its comparator, by its bound code."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.select(
            [bound == 0, bound == 1, bound == 2, bound == 3, bound == 4],
            [actual <= comparator, actual < comparator, actual >= comparator,
             actual > comparator, actual == comparator],
            False)


ROW_STATUSES = ("not yet due", "no data", "", "met", "not met", "on track", "at risk",
                 "off track", "baseline")
ROW_REASONS = (
    "the period ends after the assessment date", "no figure for this period",
    "no expected value: the target commits to nothing in this period, or its baseline "
    "figure is missing",
    "the target period: the published value decides",
    "on the right side of the trajectory",
    "behind the trajectory, but within the actual's confidence interval",
    "behind the trajectory, and not by chance (or no interval to tell)",
    "the first figure: what later years are compared with",
    "compared with the figure before",
)


def row_status(r: dict[str, Any], tt: pd.DataFrame, when: datetime.date) -> None:
    """The status of every row judged by its values (rules in the package docstring)."""
    import numpy as np

    from cdrpkit.stats import COMPARISONS, compare_codes

    t = r["_t"]
    actual, comparator = r["actual"], r["comparator"]
    higher_t = tt["higher_is_better"].to_numpy(float)
    higher = higher_t[t]
    lower, upper = r["lower"], r["upper"]
    present = ~np.isnan(actual)
    # Positions in COMPARISONS (its last is "no data"), then "not assessed" (no polarity
    # or no interval to compare with).
    comparison = np.full(len(t), len(COMPARISONS), dtype=np.int8)
    can = np.flatnonzero(~np.isnan(higher) & ~np.isnan(lower) & ~np.isnan(comparator))
    if len(can):
        comparison[can] = compare_codes(lower[can], upper[can], comparator[can],
                                        higher[can] == 1.0)
    same = comparison == COMPARISONS.index("same")
    comparison[~present] = COMPARISONS.index("no data")
    # The bound the engine gives the period; else the target's; else its polarity's.
    bound = np.where(r["row_bound"] >= 0, r["row_bound"],
                     bound_codes(tt["bound"].to_numpy(object), higher_t)[t])
    met = meets(actual, comparator, bound)
    final = r["final"]
    due = r["end"] > when.toordinal()
    direction = tt["year_on_year"].to_numpy(bool)[t]
    no_comparator = np.isnan(comparator)
    status = np.select(
        [due, ~present, direction, no_comparator, final & met, final, met, same],
        [0, 1, 2, 1, 3, 4, 5, 6], 7)
    reason = np.select([due, ~present, no_comparator, final, met, same],
                       [0, 1, 2, 3, 4, 5], 6)
    r["higher_is_better"] = higher
    if direction.any():
        direction_status(r, status, reason, np.flatnonzero(direction & ~due & present))
    r["comparison"] = Labels(comparison, (*COMPARISONS, "not assessed"))
    r["status"] = Labels(status, ROW_STATUSES)
    r["reason"] = Labels(reason, ROW_REASONS)


def direction_status(r: dict[str, Any], status: np.ndarray, reason: np.ndarray,
                      sel: np.ndarray) -> None:
    """Year on year: each figure against the one before for the same target."""
    import numpy as np

    sel = sel[np.lexsort((r["sub"][sel], r["fy"][sel], r["_t"][sel]))]
    t, actual = r["_t"][sel], r["actual"][sel]
    first = np.r_[True, t[1:] != t[:-1]]
    previous = np.where(first, np.nan, np.r_[np.nan, actual[:-1]])
    higher = r["higher_is_better"][sel]
    moved = np.where(higher == 1.0, actual > previous, actual < previous)
    status[sel] = np.where(first, 8, np.where(moved, 5, 7))
    reason[sel] = np.where(first, 7, 8)
    r["comparator"][sel] = previous
    r["gap"][sel] = actual - previous

