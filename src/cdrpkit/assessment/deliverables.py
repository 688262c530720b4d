"""Deliverables: done, due or overdue, one row per target that delivers by a deadline.

A target whose kind ``delivers`` (a milestone, a baseline to establish, a checklist, a
commitment of resources) is judged against its deadline row from the engine: what is to
be delivered (1 deliverable, the checklist's points, the amount) and by when. It is
``done`` when its figures reach that by the assessment date (a running total where the
unit adds up, counts and money; else the latest figure), ``due`` until the deadline
ends, ``overdue`` after. A done row is dated by the period it was delivered in; the
deadline is in ``due``.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any

from cdrpkit import units
from cdrpkit.assessment.status import bound_codes, meets
from cdrpkit.model.expectations import BOUNDS

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.assessment.matching import Figures
    from cdrpkit.model.expectations import ExpectationTable

__all__ = ["deliverable_rows"]

_FROM_TARGET = ("key", "partnership", "theme", "theme_title", "target_id", "kind",
                "indicator", "unit", "bound", "higher_is_better")


def _adds(unit: str) -> bool:
    try:
        return bool(unit) and (units.is_count(unit) or units.is_money(unit))
    except ValueError:
        return False


def _figures_of(obs: pd.DataFrame, figures: Figures, delivers: Any) -> pd.DataFrame:
    """The figures of deliverables with their period, sorted by target and period end."""
    import numpy as np
    import pandas as pd

    mine = np.flatnonzero(delivers[figures.target])
    row = figures.row[mine]

    def pick(column: str) -> Any:  # the deliverables' rows only: most figures are not
        return obs[column].iloc[row].to_numpy(object)

    frame = pd.DataFrame({
        "_t": figures.target[mine],
        "period": pick("period"),
        "period_end": pick("period_end"),
        "actual": figures.actual[mine],
        "data_status": pick("status"),
        "source": pick("source"),
    })
    return frame.sort_values(["_t", "period_end"], kind="stable")


def deliverable_rows(obs: pd.DataFrame, tt: pd.DataFrame, figures: Figures,
                     deadlines: ExpectationTable, when: datetime.date) -> pd.DataFrame:
    """One row per deliverable: done, due or overdue at ``when``."""
    import numpy as np
    import pandas as pd

    delivers = tt["delivers"].to_numpy(bool)
    grouped = _figures_of(obs, figures, delivers).groupby("_t")
    by_target = {int(t): group for t, group in grouped}  # type: ignore[arg-type]
    due_row = {int(t): i for i, t in enumerate(deadlines.target.tolist())}
    higher = tt["higher_is_better"].to_numpy(float)
    records = []
    for t in np.flatnonzero(delivers).tolist():
        at = due_row.get(t)
        deadline = deadlines.period(at) if at is not None else None
        wanted = float(deadlines.threshold[at]) if at is not None else 1.0
        code = int(deadlines.bound[at]) if at is not None else -1
        bound = np.array([code if code >= 0 else
                          int(bound_codes(np.array(["at_least"], dtype=object),
                                          higher[t:t + 1])[0])])
        figs = by_target.get(t)
        value, done_in, last = math.nan, None, None
        if figs is not None and len(figs):
            values = figs["actual"].to_numpy(float)
            reached = np.cumsum(values) if _adds(str(tt["unit"].iat[t])) else values
            value = float(reached[-1])
            ok = np.flatnonzero(meets(reached, np.full(len(reached), wanted),
                                      np.repeat(bound, len(reached))))
            if len(ok):
                done_in = figs.iloc[int(ok[0])]
            last = figs.iloc[-1]
        due = deadline.end if deadline is not None else None
        status, reason = _state(done_in, due, when)
        shown = done_in if done_in is not None else None
        records.append({
            "_t": t, **{c: tt[c].iat[t] for c in _FROM_TARGET},
            "period": (str(shown["period"]) if shown is not None
                       else deadline.label if deadline is not None else ""),
            "period_kind": "delivered" if shown is not None else "deadline",
            "period_end": shown["period_end"] if shown is not None else due,
            "due": due,
            "fy": 0, "sub": 0,
            "expected": wanted, "target_value": wanted, "comparator": wanted,
            "row_bound": bound[0], "actual": value,
            "gap": value - wanted if not math.isnan(value) else math.nan,
            "data_status": last["data_status"] if last is not None else None,
            "source": last["source"] if last is not None else None,
            "comparison": "not assessed", "interval_method": "",
            "status": status, "reason": reason, "final": True,
        })
    frame = pd.DataFrame.from_records(records)
    if len(frame):
        frame["bound"] = [BOUNDS[int(b)] for b in frame.pop("row_bound")]
    return frame


def _state(done_in: Any, due: datetime.date | None, when: datetime.date) -> tuple[str, str]:
    if done_in is not None:
        late = due is not None and done_in["period_end"] > due
        return "done", f"delivered in {done_in['period']}" + (
            " (after the deadline)" if late else "")
    if due is None:
        return "due", "not yet delivered; no deadline stated"
    if due >= when:
        return "due", f"not yet delivered; due by {due.isoformat()}"
    return "overdue", f"not delivered by {due.isoformat()}"
