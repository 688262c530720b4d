"""Expected values: what each target expects in each period, asked of the engine.

The assessment never computes an expectation itself: it asks
:func:`cdrpkit.model.engine.expect` (which asks each target's kind) for the years, and
for quarters or months where the figures or the targets need them. Every period a target
commits to gets a row (its grid: years, or quarters for a deliverable due each
quarter), with or without a figure, and so does every figure outside the grid, matched
to the engine's expectation for its own period where there is one.

A relative change with no stated baseline value ("reduce by 12%") gets its values from
the figure of its baseline year (:func:`cdrpkit.model.engine.with_baselines`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.assessment.labels import CODE_SPAN, Labels
from cdrpkit.model.engine import expect_each
from cdrpkit.model.expectations import STEPS
from cdrpkit.periods import codes as period_codes

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from cdrpkit.assessment.matching import Figures
    from cdrpkit.assessment.targets import TargetTable
    from cdrpkit.model.engine import Granularity
    from cdrpkit.model.expectations import ExpectationTable

__all__ = ["Expected", "expectations", "value_rows"]

_KIND_OF_PER = {1: "year", 4: "quarter", 12: "month"}


@attrs.frozen
class Expected:
    """The engine's answers for the targets assessed.

    ``table`` holds their year, quarter and month rows together (``per`` tells them
    apart); ``deadlines`` the deadline rows of deliverables; ``baselines`` per target the
    observed baseline used for a relative change (NaN where none); ``goal`` per target
    its published value (the threshold of its last committed period).
    """

    table: ExpectationTable
    deadlines: ExpectationTable
    baselines: np.ndarray
    goal: np.ndarray


def _observed_baselines(year: ExpectationTable, figures: Figures, n: int) -> np.ndarray:
    """Per target, the figure of its baseline year where its table has no value there."""
    import numpy as np
    import pandas as pd

    out = np.full(n, np.nan)
    rows = np.flatnonzero((year.step == STEPS.index("baseline")) & np.isnan(year.expected))
    if not len(rows) or not len(figures.target):
        return out
    keys = figures.target * CODE_SPAN + figures.code
    at = pd.Index(keys).get_indexer(year.target[rows] * CODE_SPAN + year.code[rows])
    found = at >= 0
    out[year.target[rows[found]]] = figures.actual[at[found]]
    return out


def expectations(tt: TargetTable, figures: Figures) -> Expected:
    """Ask the engine for every granularity the targets and the figures need."""
    import numpy as np

    from cdrpkit.model.expectations import ExpectationTable

    n = len(tt.targets)
    spans, profiles = tt.spans, tt.profiles
    baselines = np.full(n, np.nan)

    def observed(year: ExpectationTable) -> np.ndarray:
        baselines[:] = _observed_baselines(year, figures, n)
        return baselines

    pers = set((figures.code // 100 % 100).tolist())
    if (tt.frame["granularity"] == "quarter").any():
        pers.add(period_codes.QUARTER)
    wanted: list[Granularity] = ["year"]
    if period_codes.QUARTER in pers:
        wanted.append("quarter")
    if period_codes.MONTH in pers:
        wanted.append("month")
    tables = expect_each(tt.targets, wanted, spans=spans, profiles=profiles,
                         baselines=observed, ordered=False)
    year = tables["year"]
    year_per = year.per
    parts = [year.take(np.flatnonzero(year_per != 0))]
    parts += [tables[name].take(np.flatnonzero(tables[name].per == per))
              for name, per in (("quarter", 4), ("month", 12)) if name in tables]
    table = ExpectationTable.concat(parts, [np.arange(n)] * len(parts))
    deadlines = year.take(np.flatnonzero(year_per == 0))
    committed = np.flatnonzero(table.final & np.isfinite(table.threshold))
    goal = np.full(n, np.nan)
    order = committed[np.lexsort((table.code[committed], table.target[committed]))]
    goal[table.target[order]] = table.threshold[order]  # the last committed year wins
    return Expected(table, deadlines, baselines, goal)


def _period_table(codes: np.ndarray, figures: Figures) -> dict[str, Any]:
    """Label, kind, end and order of each distinct period code (a handful among many)."""
    import numpy as np

    labels, kinds, ends = [], [], []
    for c in codes.tolist():
        labels.append(figures.labels.get(c) or period_codes.label_of(c))
        kinds.append(_KIND_OF_PER[c // 100 % 100])
        ends.append(figures.ends.get(c) or period_codes.end_of(c))
    return {"period": labels, "period_kind": kinds, "period_end": np.array(ends, dtype=object),
            "end": np.array([e.toordinal() for e in ends], dtype=np.int64)}


def value_rows(obs: pd.DataFrame, tt: TargetTable, figures: Figures, expected: Expected
               ) -> dict[str, Any]:
    """The rows of every target judged by its values, as columns, in report order.

    Every period of a target's grid gets a row, with or without a figure, and so does
    every figure outside the grid. Deliverables are left to
    :mod:`cdrpkit.assessment.deliverables`.
    """
    import numpy as np
    import pandas as pd

    table = expected.table
    frame = tt.frame
    delivers = frame["delivers"].to_numpy(bool)
    own_per = np.where((frame["granularity"] == "quarter").to_numpy(), period_codes.QUARTER,
                       period_codes.YEAR)
    in_grid = ~delivers[table.target] & (table.per == own_per[table.target])
    mine = np.flatnonzero(~delivers[figures.target])
    f_target, f_code = figures.target[mine], figures.code[mine]
    # Periods as dense ranks, so (target, period) pairs index one flat array: no hashing.
    distinct = np.unique(np.concatenate([table.code, f_code]))
    width = max(len(distinct), 1)
    t_slot = table.target * width + np.searchsorted(distinct, table.code)
    f_slot = f_target * width + np.searchsorted(distinct, f_code)
    row_at = np.full(len(tt.targets) * width, -1, dtype=np.intp)
    row_at[t_slot] = np.arange(len(table))
    f_row = row_at[f_slot]
    extra = ~((f_row >= 0) & in_grid[np.maximum(f_row, 0)])
    grid = np.flatnonzero(in_grid)
    figure_at = np.full(len(row_at), -1, dtype=np.intp)
    figure_at[f_slot[~extra]] = mine[~extra]
    target = np.concatenate([table.target[grid], f_target[extra]])
    slot = np.concatenate([t_slot[grid], f_slot[extra]])
    figure = np.concatenate([figure_at[t_slot[grid]], mine[extra]])
    row = np.concatenate([grid, f_row[extra]])
    which = slot % width
    periods = _period_table(distinct, figures)
    # Report order: by target, then period end, then sub-period.
    rank = np.empty(width, dtype=np.int64)
    # Same end: months, then quarters, then the year (a year after its fourth quarter).
    rank[np.lexsort((-(distinct // 100 % 100), periods["end"]))] = np.arange(width)
    order = np.argsort(target * width + rank[which], kind="stable")
    target, figure, which, row = (a[order] for a in (target, figure, which, row))
    code = distinct[which]
    kinds, kind_names = pd.factorize(np.asarray(periods["period_kind"], dtype=object))
    r: dict[str, Any] = {"_t": target, "fy": code // 10000, "sub": code % 100,
                         "per": code // 100 % 100, "end": periods["end"][which],
                         "period_end": periods["period_end"][which],
                         "period": Labels(which, periods["period"]),
                         "period_kind": Labels(kinds[which], list(kind_names))}
    has = figure >= 0
    take = np.where(has, figure, 0)
    if not len(figures.actual):  # no figure reaches these targets (yet)
        figures = attrs.evolve(figures, row=np.zeros(1, np.intp), actual=np.full(1, np.nan))
    r["actual"] = np.where(has, figures.actual[take], np.nan)
    obs_rows = figures.row[take]
    fill = np.where(has, obs_rows, -1)
    for name, column in (("data_status", "status"), ("source", "source"), ("file", "file")):
        r[name] = obs[column].array.take(fill, allow_fill=True)
    r["line"] = np.where(has, obs["line"].to_numpy(float)[obs_rows], np.nan)
    r["denominator"] = np.where(has, obs["denominator"].to_numpy(float)[obs_rows], np.nan)
    _comparators(r, table, row, expected.goal)
    return r


def _comparators(r: dict[str, Any], table: ExpectationTable, row: np.ndarray,
                 goal: np.ndarray) -> None:
    """Expected value, bound, whether final, and the comparator of every row."""
    import numpy as np

    known = row >= 0
    at = np.where(known, row, 0)
    expected = np.where(known, table.expected[at], np.nan)
    threshold = np.where(known, table.threshold[at], np.nan)
    final = known & table.final[at]
    r["expected"] = expected
    r["final"] = final
    r["row_bound"] = np.where(known, table.bound[at], -1)
    r["step"] = np.where(known, table.step[at], -1)
    r["target_value"] = goal[r["_t"]]
    r["comparator"] = np.where(final & np.isfinite(threshold), threshold, expected)
    r["gap"] = r["actual"] - r["comparator"]

