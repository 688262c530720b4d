"""The rows as one DataFrame: label columns as Categoricals, every target with a row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdrpkit.assessment.labels import Labels, categorical

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LABEL_COLUMNS", "OUT_COLUMNS", "ROW_COLUMNS", "as_frame", "combine"]

ROW_COLUMNS: tuple[str, ...] = (
    "partnership", "theme", "target_id", "kind", "indicator", "period", "period_kind",
    "unit", "bound", "higher_is_better", "expected", "target_value", "comparator", "actual",
    "gap", "data_status", "interval_method", "lower", "upper", "lower_998", "upper_998",
    "comparison", "status", "reason",
)

OUT_COLUMNS: tuple[str, ...] = (
    *ROW_COLUMNS, "key", "period_end", "due", "fy", "sub", "final", "step", "events",
    "interval_reason", "source", "line", "file", "theme_title",
)
FROM_TARGETS = ("partnership", "theme", "target_id", "kind", "indicator", "unit", "bound",
                 "key", "theme_title")


#: Row columns holding labels from a small set: pandas Categoricals.
LABEL_COLUMNS = ("partnership", "theme", "target_id", "kind", "indicator", "period",
                  "period_kind", "unit", "bound", "data_status", "interval_method",
                  "comparison", "status", "reason", "key", "interval_reason", "theme_title")


def as_frame(r: dict[str, Any], tt: pd.DataFrame) -> pd.DataFrame:
    """The rows as a DataFrame: label columns are Categoricals built from codes (a
    target's own columns from the target's position), never a string per row."""
    import numpy as np
    import pandas as pd

    t = r["_t"]
    # The targets with rows here: a target's labels are categories only if it has rows.
    used = np.bincount(t, minlength=len(tt)) > 0
    data: dict[str, Any] = {"_t": t}
    for name in OUT_COLUMNS:
        if name == "key":  # one per target
            data[name] = categorical(t, tt[name].to_numpy(object), used)
        elif name in FROM_TARGETS:
            codes, names = pd.factorize(tt[name].to_numpy(object))
            data[name] = categorical(codes[t], names, np.bincount(
                codes[used], minlength=len(names)) > 0)
        elif name in r:
            value = r[name]
            if isinstance(value, Labels):
                value = value.categorical()
            elif name in LABEL_COLUMNS and not isinstance(value, pd.Categorical):
                value = pd.Categorical(value)  # figures not read by read_observations
            data[name] = value
    return pd.DataFrame(data, copy=False)  # the arrays are ours and never change



def combine(values: pd.DataFrame, deliverables: pd.DataFrame, tt: pd.DataFrame
            ) -> pd.DataFrame:
    """All rows in target order: values, deliverables, and a row for every target left
    without one, so none disappears from a report for want of figures."""
    import numpy as np
    import pandas as pd

    parts = [values]
    if len(deliverables):
        parts.append(deliverables)
    covered = np.zeros(len(tt), dtype=bool)
    for part in parts:
        covered[part["_t"].to_numpy(np.intp)] = True
    bare = np.flatnonzero(~covered)
    if len(bare):
        sel = tt.iloc[bare]
        parts.append(pd.DataFrame({
            "_t": bare,
            **{name: sel[name].to_numpy(object) for name in FROM_TARGETS},
            "higher_is_better": sel["higher_is_better"].to_numpy(float),
            "period": [t.deadline.label if t.deadline else "" for t in sel["target"]],
            "period_kind": "none", "fy": 0, "sub": 0, "period_end": None,
            "status": "no data", "comparison": "no data", "interval_method": "",
            "reason": "no figures for this target, and nothing it expects per period"}))
    rows = values
    if len(parts) > 1:
        rows = pd.concat(parts, ignore_index=True)
        # Each target's rows come from one part, already in order: sort by target only.
        rows = rows.iloc[np.argsort(rows["_t"].to_numpy(), kind="stable")]
    out = rows.reindex(columns=list(OUT_COLUMNS))
    if len(parts) > 1:
        out = out.reset_index(drop=True)
        for name in ("gap", "expected", "actual", "comparator", "target_value"):
            out[name] = out[name].astype(float)
        out["final"] = out["final"].astype(bool)
        for name in LABEL_COLUMNS:
            # Categoricals concatenated with other rows' strings come back as strings.
            if not isinstance(out[name].dtype, pd.CategoricalDtype):
                out[name] = out[name].astype("category")
    return out
