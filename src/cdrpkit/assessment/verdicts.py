"""One verdict per target: its latest status, progress, forecast and control chart.

The progress statistic (the SDG progress ratio) and the forecast work on yearly figures:
each target's baseline, its latest yearly figure (or its quarters or months added up,
or averaged for a rate) and its published value at its deadline, all read from the
engine's expectations (:func:`plan_points`).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from cdrpkit.assessment.charts import Charts, control_charts
from cdrpkit.model.expectations import STEPS

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from cdrpkit.assessment.expected import Expected

__all__ = ["VERDICT_COLUMNS", "judge_targets", "number_text", "plan_points", "verdict_text",
           "yearly_matrix"]

VERDICT_COLUMNS: tuple[str, ...] = (
    "partnership", "theme", "target_id", "kind", "text", "status", "latest_period",
    "latest_actual", "expected", "comparison", "progress_ratio", "progress",
    "forecast", "forecast_lower", "forecast_upper", "p_meet", "spc", "assurance",
    "illustrative", "methods", "skipped", "verdict",
)


def plan_points(expected: Expected, tt: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per target, from the engine's yearly rows: the baseline value and year (``b``,
    ``fy0``), the published value and the last year it is committed to (``goal``,
    ``fy_goal``), and whether the target is judged by its values (``value``)."""
    import numpy as np

    table = expected.table
    n = len(tt)
    years = np.flatnonzero(table.per == 1)
    b, fy0 = np.full(n, np.nan), np.full(n, np.nan)
    base = years[table.step[years] == STEPS.index("baseline")]
    b[table.target[base]] = table.expected[base]
    fy0[table.target[base]] = table.code[base] // 10000
    goal, fy_goal = np.full(n, np.nan), np.full(n, np.nan)
    committed = years[table.final[years] & np.isfinite(table.threshold[years])]
    committed = committed[np.lexsort((table.code[committed], table.target[committed]))]
    goal[table.target[committed]] = table.threshold[committed]
    fy_goal[table.target[committed]] = table.code[committed] // 10000
    value = ~tt["delivers"].to_numpy(bool) & ~tt["year_on_year"].to_numpy(bool)
    value &= np.bincount(table.target, minlength=n)[:n] > 0
    return {"b": b, "fy0": fy0, "goal": goal, "fy_goal": fy_goal, "value": value}


def yearly_matrix(rows: pd.DataFrame, tt: pd.DataFrame, plan: dict[str, np.ndarray]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Yearly actuals per target (targets x years), the baseline included, NaN for gaps.

    Where a year has no yearly figure but all its quarters (or months), they are summed
    (counts) or averaged (rates, percentages) into one.
    """
    import numpy as np
    import pandas as pd

    from cdrpkit import units

    present = rows[rows["actual"].notna() & rows["period_kind"].isin(["year", "quarter", "month"])]
    yearly = present[present["period_kind"] == "year"][["key", "fy", "actual"]]
    part = present[present["period_kind"] != "year"]
    if len(part):
        kinds = {u: bool(u) and (units.is_count(u) or units.is_money(u))
                 for u in part["unit"].unique()}
        adds = part["unit"].map(kinds)
        need = part["period_kind"].map({"quarter": 4, "month": 12})
        grouped = part.assign(adds=adds, need=need).groupby(["key", "fy"])
        agg = grouped.agg(total=("actual", "sum"), mean=("actual", "mean"), n=("actual", "size"),
                          need=("need", "max"), adds=("adds", "first")).reset_index()
        agg = agg[agg["n"] == agg["need"]]
        agg["actual"] = np.where(agg["adds"], agg["total"], agg["mean"])
        have = set(zip(yearly["key"], yearly["fy"], strict=True))
        extra = agg.loc[np.array([(k, f) not in have for k, f in
                                  zip(agg["key"], agg["fy"], strict=True)], dtype=bool)]
        yearly = pd.concat([yearly, extra[["key", "fy", "actual"]]], ignore_index=True)
    known = np.isfinite(plan["b"]) & np.isfinite(plan["fy0"])
    base = pd.DataFrame({"key": tt["key"].to_numpy(object)[known], "fy": plan["fy0"][known],
                         "actual": plan["b"][known]})
    have = set(zip(yearly["key"], yearly["fy"], strict=True))
    base = base.loc[np.array([(k, f) not in have for k, f in
                              zip(base["key"], base["fy"], strict=True)], dtype=bool)]
    yearly = pd.concat([yearly, base], ignore_index=True)
    yearly["fy"] = yearly["fy"].astype(int)
    if yearly.empty:
        return np.zeros((len(tt), 0)), np.zeros(0)
    years = np.arange(yearly["fy"].min(), yearly["fy"].max() + 1)
    matrix = np.full((len(tt), len(years)), np.nan)
    position = pd.Series(np.arange(len(tt)), index=tt["key"])
    matrix[position[yearly["key"]].to_numpy(), yearly["fy"].to_numpy() - years[0]] = \
        yearly["actual"].to_numpy(float)
    return matrix, years.astype(float)


def _progress_and_forecast(rows: pd.DataFrame, tt: pd.DataFrame,
                           plan: dict[str, np.ndarray], level: float,
                           thresholds: tuple[float, float, float]) -> dict[str, Any]:
    """Per target: the SDG progress measure from the baseline to the latest yearly figure,
    and the log-linear forecast at the deadline from the yearly figures so far."""
    import numpy as np

    from cdrpkit.stats import forecast_at, progress

    n = len(tt)
    hib = tt["higher_is_better"].to_numpy(float)
    value_kind = plan["value"]
    matrix, years = yearly_matrix(rows, tt, plan)
    fy0, b = plan["fy0"], plan["b"]
    fyT, T = plan["fy_goal"], plan["goal"]
    after = np.isfinite(matrix) & (years[None, :] > fy0[:, None]) if len(years) else matrix > 0
    has_latest = after.any(axis=1) if len(years) else np.zeros(n, bool)
    last_col = np.where(has_latest, after.shape[1] - 1 - np.argmax(after[:, ::-1], axis=1), 0) \
        if len(years) else np.zeros(n, int)
    latest = np.where(has_latest, matrix[np.arange(n), last_col] if len(years) else np.nan,
                      np.nan)
    latest_fy = np.where(has_latest, years[last_col] if len(years) else np.nan, np.nan)
    can_progress = value_kind & ~np.isnan(hib) & np.isfinite(b) & np.isfinite(T) & \
        np.isfinite(fyT) & (fyT > fy0)
    higher = np.where(np.isnan(hib), False, hib == 1.0)
    pr = progress(np.where(can_progress, b, np.nan), np.where(can_progress, latest, np.nan),
                  np.where(can_progress, latest_fy - fy0, np.nan), T,
                  np.where(can_progress & (fyT > fy0), fyT - fy0, 1.0), higher,
                  thresholds=thresholds)
    out: dict[str, Any] = {"pr": pr, "can_progress": can_progress, "progress_reason": np.where(
        can_progress,
        np.where(has_latest, pr.reason, "no yearly figure after the baseline year"),
        np.where(value_kind, "no baseline value, end value or polarity to measure progress from",
                 "not a value target"))}
    can_forecast = value_kind & ~np.isnan(hib) & np.isfinite(T) & np.isfinite(fyT)
    if len(years):
        masked = np.where(years[None, :] <= latest_fy[:, None], matrix, np.nan)
        point, lower, upper, p_meet = (np.full(n, np.nan) for _ in range(4))
        reason = np.full(n, "no end value or polarity to forecast", dtype=object)
        scales = _forecast_scales(tt)
        for scale in set(scales.tolist()):
            mine = can_forecast & (scales == scale)
            if not mine.any():
                continue
            fc = forecast_at(years, np.where(mine[:, None], masked, np.nan),
                             np.where(mine, fyT, 0.0), np.where(mine, T, 0.0), higher, level,
                             scale=scale)
            for into, got in ((point, fc.point), (lower, fc.lower), (upper, fc.upper),
                              (p_meet, fc.p_meet), (reason, fc.reason)):
                into[mine] = np.asarray(got)[mine]
        out.update(point=point, lower=lower, upper=upper, p_meet=p_meet,
                   forecast_reason=reason)
    else:
        nothing = np.full(n, np.nan)
        out.update(point=nothing, lower=nothing, upper=nothing, p_meet=nothing,
                   forecast_reason=np.full(n, "no yearly figures: no forecast", dtype=object))
    return out


def _forecast_scales(tt: pd.DataFrame) -> np.ndarray:
    """The scale each target's forecast is fitted on (:func:`cdrpkit.stats.forecast_at`):
    ``count`` for counts (zeros allowed), ``percent`` or ``fraction`` for proportions
    (kept inside their range), ``log`` for rates and anything else."""
    import numpy as np

    from cdrpkit import units

    def scale(unit: str) -> str:
        try:
            if not unit:
                return "log"
            if units.is_count(unit):
                return "count"
            if units.is_fraction(unit):
                return "percent" if units.parse_unit(unit).text == "percent" else "fraction"
        except ValueError:
            pass
        return "log"

    known = {u: scale(u) for u in set(tt["unit"].tolist())}
    return np.array([known[u] for u in tt["unit"].tolist()], dtype=object)


def _latest(rows: pd.DataFrame, tt: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray, Any]:
    """Each target's latest row with a figure, whether it has one, and its status (without
    a figure, the latest period already due says more than a future one)."""
    import numpy as np

    latest_rows = rows[rows["actual"].notna() & (rows["status"] != "not yet due")]
    cols = ["period", "actual", "comparator", "comparison", "status", "interval_method",
            "interval_reason", "final"]
    last = latest_rows.groupby("key", sort=False, observed=True).tail(1).set_index("key")[cols] \
        .reindex(tt["key"])
    has_row = last["period"].notna().to_numpy()
    ranked = rows.assign(_due=rows["status"] != "not yet due").sort_values("_due", kind="stable")
    fallback = ranked.groupby("key", sort=False, observed=True).tail(1).set_index("key")["status"] \
        .reindex(tt["key"]).astype(object).fillna("no data").to_numpy(object)
    status = np.where(has_row, last["status"].astype(object).to_numpy(object), fallback)
    return last, has_row, status


def _method_words(value_kind: np.ndarray, has_row: np.ndarray, last: pd.DataFrame,
                  found: dict[str, Any], charted: dict[str, list[Any]], level: float,
                  xmr: bool) -> tuple[list[str], list[str]]:
    """Per target, the methods its verdict rests on and those skipped, with why."""
    import math

    import numpy as np

    pr = found["pr"]
    methods_of, skipped_of = [], []
    listed = zip(
        value_kind.tolist(), has_row.tolist(), last["interval_method"].astype(object).tolist(),
        last["interval_reason"].astype(object).tolist(), last["final"].tolist(),
        found["can_progress"].tolist(), pr.status.tolist(), pr.ratio.tolist(),
        [str(r) for r in found["progress_reason"]], np.isfinite(found["point"]).tolist(),
        [str(r) for r in found["forecast_reason"]], charted["spc"], charted["trial"],
        strict=True)
    for (value, has, method, why, final, can, state, ratio, progress_why, forecast,
         forecast_why, spc, trial) in listed:
        methods, skipped = [], []
        if has and isinstance(method, str) and method:
            methods.append(f"{method} interval ({level:.1%}), "
                           f"comparison with the {'target' if final else 'trajectory'}")
        elif has and value:
            skipped.append(f"interval: {str(why).removeprefix('interval skipped: ')}")
        if value:
            if can and state != "insufficient data":
                methods.append(f"SDG progress ratio R = {ratio:.2f}"
                               if math.isfinite(ratio) else "SDG progress (target reached)")
            else:
                skipped.append(f"progress: {progress_why or 'insufficient data'}")
            if forecast:
                methods.append("log-linear forecast")
            else:
                skipped.append(f"forecast: {forecast_why}")
        if spc:
            methods.append("XmR chart" + (" (trial limits)" if trial else ""))
        elif value and xmr:
            skipped.append("XmR: no monthly or quarterly series of 2 or more points")
        methods_of.append("; ".join(methods))
        skipped_of.append("; ".join(skipped))
    return methods_of, skipped_of


def judge_targets(
    rows: pd.DataFrame,
    tt: pd.DataFrame,
    plan: dict[str, np.ndarray],
    *,
    level: float,
    thresholds: tuple[float, float, float],
    when: datetime.date,
    xmr: bool,
) -> tuple[pd.DataFrame, Charts]:
    """One verdict per target, with the methods it rests on and the XmR charts."""
    import numpy as np
    import pandas as pd

    n = len(tt)
    found = _progress_and_forecast(rows, tt, plan, level, thresholds)
    pr, can_progress = found["pr"], found["can_progress"]
    if xmr:
        series, charted_frame = control_charts(rows, tt)
        charted = {name: charted_frame[name].tolist() for name in ("spc", "assurance", "trial")}
    else:
        series = Charts()
        charted = {"spc": [""] * n, "assurance": [""] * n, "trial": [False] * n}
    last, has_row, status = _latest(rows, tt)
    out = pd.DataFrame({
        "partnership": tt["partnership"], "theme": tt["theme"],
        "theme_title": tt["theme_title"], "target_id": tt["target_id"], "kind": tt["kind"],
        "text": tt["text"], "status": pd.Series(status, dtype="str"),
        "latest_period": pd.Series(last["period"].to_numpy(object), dtype="str"),
        "latest_actual": last["actual"].to_numpy(float),
        "expected": last["comparator"].to_numpy(float),
        "comparison": pd.Series(np.where(has_row, last["comparison"].to_numpy(object), "no data"),
                                dtype="str"),
        "progress_ratio": np.where(can_progress, pr.ratio, np.nan),
        "progress": pd.Series(np.where(can_progress, pr.status, ""), dtype="str"),
        "forecast": found["point"], "forecast_lower": found["lower"],
        "forecast_upper": found["upper"], "p_meet": found["p_meet"],
        "spc": pd.Series(charted["spc"], dtype="str"),
        "assurance": pd.Series(charted["assurance"], dtype="str"),
        "illustrative": tt["key"].isin(
            rows.loc[rows["data_status"] == "illustrative", "key"].astype(object)).to_numpy(),
        "key": tt["key"],
        "cagr_observed": pr.cagr_observed, "cagr_required": pr.cagr_required,
        "progress_reason": pd.Series(np.asarray(found["progress_reason"], dtype=object),
                                     dtype="str"),
        "forecast_reason": pd.Series(np.asarray(found["forecast_reason"], dtype=object),
                                     dtype="str"),
    })
    methods_of, skipped_of = _method_words(plan["value"], has_row, last, found, charted,
                                           level, xmr)
    columns = ("status", "latest_period", "latest_actual", "expected", "comparison", "progress",
               "forecast", "forecast_lower", "forecast_upper", "p_meet", "spc", "assurance")
    out["methods"] = pd.Series(methods_of, dtype="str")
    out["skipped"] = pd.Series(skipped_of, dtype="str")
    out["verdict"] = pd.Series(
        [verdict_text(dict(zip(columns, values, strict=True)))
         for values in zip(*(out[c].astype(object).tolist() for c in columns), strict=True)],
        dtype="str")
    return out.reindex(columns=[
        "partnership", "theme", "theme_title", *VERDICT_COLUMNS[2:-1], "key", "cagr_observed",
        "cagr_required", "progress_reason", "forecast_reason", "verdict"]), series


def number_text(x: Any) -> str:
    import math

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}".rstrip("0").rstrip(".")


def verdict_text(rec: dict[str, Any]) -> str:
    import math

    parts = [rec["status"]]
    if isinstance(rec["latest_period"], str):
        parts.append(f"{number_text(rec['latest_actual'])} in {rec['latest_period']} against "
                     f"{number_text(rec['expected'])} ({rec['comparison']})")
    if rec["progress"]:
        parts.append(f"progress: {rec['progress']}")
    if not math.isnan(rec["forecast"]):
        parts.append(f"forecast {number_text(rec['forecast'])} "
                     f"({number_text(rec['forecast_lower'])} to "
                     f"{number_text(rec['forecast_upper'])}), P(target met) = {rec['p_meet']:.0%}")
    if rec["assurance"]:
        parts.append(f"SPC: {rec['spc']}, {rec['assurance']}")
    return "; ".join(parts)
