"""Control charts (XmR) of every monthly or quarterly series, with variation and assurance."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["Charts", "control_charts"]


class Charts(Mapping[str, dict[str, Any]]):
    """The XmR chart of every charted series by target key (:attr:`Assessment.series`).

    Charts are kept as batches (:func:`cdrpkit.stats.xmr_batch`); each entry, a dict of
    ``periods``, ``kind``, ``chart`` (an :class:`~cdrpkit.stats.XmRResult`),
    ``variation`` (of the latest point), ``assurance`` and ``warnings``, is built when
    read.
    """

    def __init__(self) -> None:
        self._batches: list[tuple[Any, ...]] = []
        self._where: dict[str, tuple[int, int]] = {}

    def add(self, keys: Sequence[str], batch: Any, periods: np.ndarray, kinds: np.ndarray,
            latest: np.ndarray, assured: np.ndarray) -> None:
        number = len(self._batches)
        self._batches.append((batch, periods, kinds, latest, assured))
        self._where.update((key, (number, i)) for i, key in enumerate(keys))

    def __getitem__(self, key: str) -> dict[str, Any]:
        number, i = self._where[key]
        batch, periods, kinds, latest, assured = self._batches[number]
        return {"periods": periods[i].tolist(), "kind": str(kinds[i]),
                "chart": batch.series(i), "variation": str(latest[i]),
                "assurance": str(assured[i]), "warnings": list(batch.warnings)}

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def control_charts(rows: pd.DataFrame, tt: pd.DataFrame) -> tuple[Charts, pd.DataFrame]:
    """XmR chart and assurance of each monthly or quarterly series of 2 or more points.

    Series of the same length are charted together (:func:`cdrpkit.stats.xmr_batch`); a
    target with both quarters and months is charted by quarter unless it has fewer than
    2 quarters. Also gives, per target, the latest point's variation, the assurance and
    whether the limits are trial limits ("" and False where there is no chart).
    """
    import numpy as np
    import pandas as pd

    from cdrpkit.stats import assurance, variation, xmr_batch

    sub = rows[rows["period_kind"].isin(["quarter", "month"]) & rows["actual"].notna()]
    sub = sub.assign(_k=(sub["period_kind"] == "month").to_numpy(),
                     _e=pd.to_datetime(sub["period_end"]))
    sub = sub.sort_values(["key", "_k", "_e"], kind="stable")
    keys = sub["key"].to_numpy(object)
    kinds = sub["period_kind"].to_numpy(object)
    values = sub["actual"].to_numpy(float)
    goals = sub["comparator"].to_numpy(float)
    # Neutral (no better or worse, NaN): special causes only, polarity None.
    polarity = sub["higher_is_better"].to_numpy(float)
    higher = np.where(np.isnan(polarity), None, polarity == 1.0)
    periods = sub["period"].to_numpy(object)
    change = np.flatnonzero((keys[1:] != keys[:-1]) | (kinds[1:] != kinds[:-1])) + 1
    starts, stops = np.r_[0, change], np.r_[change, len(keys)]
    # Each target's first run of 2 or more points (quarters sort before months).
    eligible = np.flatnonzero(stops - starts >= 2) if len(keys) else np.zeros(0, dtype=int)
    owners = keys[starts[eligible]]
    chosen = eligible[np.r_[True, owners[1:] != owners[:-1]]] if len(eligible) else eligible
    lengths = (stops - starts)[chosen]
    charts = Charts()
    per_target = pd.DataFrame({"spc": "", "assurance": "", "trial": False},
                              index=pd.Index(tt["key"].to_numpy(object)))
    for length in np.unique(lengths).tolist():
        runs = chosen[lengths == length]
        at = starts[runs][:, None] + np.arange(length)
        batch = xmr_batch(values[at])
        good_high = higher[starts[runs]]
        goal = goals[stops[runs] - 1]
        latest = variation(batch, good_high)[:, -1]
        finite = np.isfinite(goal)
        assured = np.where(finite, assurance(batch, np.where(finite, goal, 0.0), good_high), "")
        owners = keys[starts[runs]]
        charts.add([str(k) for k in owners], batch, periods[at], kinds[starts[runs]], latest,
                   assured)
        rows_at = per_target.index.get_indexer(owners)
        per_target.iloc[rows_at, 0] = latest
        per_target.iloc[rows_at, 1] = assured
        per_target.iloc[rows_at, 2] = bool(batch.warnings)
    return charts, per_target

