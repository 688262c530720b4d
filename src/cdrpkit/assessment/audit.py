"""The audit trail: every component of each target's calculation, for a reviewer.

Per target: its published fields (the kind's own summary), what the engine expects in
each period (step, expected value, threshold, bound, whether stated), every row with its
figure, interval, comparison and status, the progress statistic, the forecast and the
control chart, and the verdict with the methods it rests on.
"""

from __future__ import annotations

import datetime
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cdrpkit.model.expectations import Expectation

__all__ = ["audit_entry", "json_default"]


def json_default(value: Any) -> Any:
    """Numbers and dates of numpy and the standard library as JSON."""
    import numpy as np

    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    return str(value)


def _num(x: Any) -> Any:
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, datetime.date):
        return x.isoformat()
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def audit_entry(t: dict[str, Any], plan: list[Expectation], rows: list[dict[str, Any]],
                rec: dict[str, Any], chart: dict[str, Any] | None) -> dict[str, Any]:
    """Every component of one target's calculation, for a reviewer to follow by hand."""
    target = t["target"]
    return {
        "partnership": t["partnership"], "target_id": t["target_id"], "kind": t["kind"],
        "text": t["text"], "unit": t["unit"], "bound": t["bound"],
        "higher_is_better": _num(t["higher_is_better"]),
        "published": {k: _num(v) for k, v in target.summary().items()},
        "expected": [{"period": e.period.label, "step": e.step, "expected": e.expected,
                      "relative": e.relative, "threshold": e.threshold, "bound": e.bound,
                      "source": e.source, "final": e.decides, "note": e.note}
                     for e in plan],
        "expected_rule": "from the target's kind (cdrpkit.model.engine): the same values as "
                         "cdrpkit.trajectory; a quarter (month) of a count its share of the "
                         "year by the seasonal profile, of a rate the year's value",
        "rows": [{c: _num(v) for c, v in r.items()} for r in rows],
        "progress": {"cagr_observed": _num(rec["cagr_observed"]),
                     "cagr_required": _num(rec["cagr_required"]),
                     "ratio": _num(rec["progress_ratio"]), "status": rec["progress"],
                     "reason": rec["progress_reason"]},
        "forecast": {"point": _num(rec["forecast"]), "lower": _num(rec["forecast_lower"]),
                     "upper": _num(rec["forecast_upper"]), "p_meet": _num(rec["p_meet"]),
                     "reason": rec["forecast_reason"]},
        "xmr": None if chart is None else {
            "mean": float(chart["chart"].mean[-1]), "amr": float(chart["chart"].amr[-1]),
            "upper_limit": float(chart["chart"].upper_limit[-1]),
            "lower_limit": float(chart["chart"].lower_limit[-1]),
            "special_cause_latest": int(chart["chart"].special_cause[-1]),
            "variation": chart["variation"], "assurance": chart["assurance"],
            "warnings": chart["warnings"]},
        "verdict": rec["verdict"], "methods": rec["methods"], "skipped": rec["skipped"],
    }
