"""Assessment: where every target stands against its figures, and how sure we are.

:func:`assess` gives one row per target and period; :func:`assess_all` also gives one
verdict per target and the audit trail. Everything is computed on whole columns at once
(numpy), for all targets of all partnerships together; the only loop over targets is
the one reading them from the strategy, and XmR charts are drawn one series at a time.
The status rules and the statistics are documented in ``docs/statistics.md``.

Row status (value targets: level, change, relative-change, rate, rate-per-population):

- ``not yet due``: the period ends after ``as_of``;
- ``no data``: no figure for a period that has ended;
- in the target period (and each later year it must be held, and every year of an
  "each year" target) the published value decides: ``met`` when the actual is on the
  right side of it by the target's bound (``at_most``: actual <= target; ``below``:
  actual < target; ``at_least``: >=; ``above``: >), otherwise ``not met``;
- before that, the trajectory's expected value decides: ``on track`` when the actual is
  on the right side of the expected value (on it counts); otherwise ``at risk`` when
  the expected value lies inside the actual's confidence interval (the difference could
  be chance: comparison ``same``), and ``off track`` when it does not (``worse``) or
  when no interval can be computed (no denominator, not a count).

Deliverables (milestone, baseline-then, checklist, resource): ``done`` when the figures
show it delivered by ``as_of`` (a value above zero; a checklist reaching its share; a
resource's running total reaching the amount), else ``due`` before the deadline ends
and ``overdue`` after. Recurring deliverables: each interval is a deadline, ``met`` or
``not met`` against the count (times the number of entities). Direction targets ("year
on year"): ``on track`` when the figure moved the right way from the previous one,
``off track`` otherwise, ``baseline`` for the first figure.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.errors import InputError, ObservationError, Problem

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.periods import Period
    from cdrpkit.plugins import Plugins

__all__ = [
    "MILESTONE_STATUSES",
    "ROW_COLUMNS",
    "STATUSES",
    "VERDICT_COLUMNS",
    "Assessment",
    "assess",
    "assess_all",
]

#: Row statuses of value targets, best first.
STATUSES: tuple[str, ...] = (
    "met", "on track", "at risk", "off track", "not met", "not yet due", "no data", "baseline",
)
MILESTONE_STATUSES: tuple[str, ...] = ("done", "due", "overdue")
VALUE_KINDS = frozenset({"level", "change", "relative-change", "rate", "rate-per-population"})
DELIVERABLE_KINDS = frozenset({"milestone", "baseline-then", "checklist", "resource"})
RECURRING_KINDS = frozenset({"recurring", "per-entity-recurring"})

ROW_COLUMNS: tuple[str, ...] = (
    "partnership", "theme", "target_id", "kind", "indicator", "period", "period_kind",
    "unit", "bound", "higher_is_better", "expected", "target_value", "comparator", "actual",
    "gap", "data_status", "interval_method", "lower", "upper", "lower_998", "upper_998",
    "comparison", "status", "reason",
)
VERDICT_COLUMNS: tuple[str, ...] = (
    "partnership", "theme", "target_id", "kind", "text", "status", "latest_period",
    "latest_actual", "expected", "comparison", "progress_ratio", "progress",
    "forecast", "forecast_lower", "forecast_upper", "p_meet", "spc", "assurance",
    "illustrative", "methods", "skipped", "verdict",
)


@attrs.frozen
class Assessment:
    """The result of :func:`assess_all`: rows, verdicts and the audit trail.

    ``rows`` has :data:`ROW_COLUMNS` (one per target and period), ``verdicts`` has
    :data:`VERDICT_COLUMNS` (one per target), ``series`` the XmR chart of every monthly
    or quarterly series by target key, ``audit`` one dictionary per target with every
    component of its calculation, ``targets`` the targets table used.
    """

    rows: pd.DataFrame
    verdicts: pd.DataFrame
    targets: pd.DataFrame
    series: dict[str, Any]
    level: float
    as_of: datetime.date

    @property
    def audit(self) -> list[dict[str, Any]]:
        """Every component of each target's calculation (built on demand: it is large)."""
        cols = ["key", "period", "expected", "comparator", "actual", "events",
                "interval_method", "lower", "upper", "lower_998", "upper_998", "comparison",
                "status", "reason", "data_status"]
        by_key: dict[str, list[dict[str, Any]]] = {}
        for record in self.rows.reindex(columns=cols).to_dict("records"):
            by_key.setdefault(str(record.pop("key")), []).append(
                {str(k): v for k, v in record.items()})
        targets = [{str(k): v for k, v in r.items()}
                   for r in self.targets.drop(columns=["target"]).to_dict("records")]
        verdicts = [{str(k): v for k, v in r.items()} for r in self.verdicts.to_dict("records")]
        return [_audit_entry(t, by_key.get(str(t["key"]), []), v, self.series.get(str(t["key"])))
                for t, v in zip(targets, verdicts, strict=True)]

    def write_audit(self, path: str) -> None:
        """Write the audit trail as JSON (``.json``) or a flat CSV of the rows (``.csv``)."""
        import json

        if str(path).endswith(".csv"):
            self.rows.to_csv(path, index=False)
            return
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self.audit, handle, indent=2, default=_json_default)


def _json_default(value: Any) -> Any:
    import numpy as np

    if isinstance(value, (np.floating, np.integer, np.bool_)):
        return value.item()
    if isinstance(value, (datetime.date, np.ndarray)):
        return str(value)
    return str(value)


def assess(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    *,
    level: float = 0.95,
    thresholds: tuple[float, float, float] = (0.95, 0.60, 0.0),
    as_of: str | Period | datetime.date | None = None,
    plugins: Plugins | None = None,
) -> pd.DataFrame:
    """Assess every target of one or more strategies: one row per target and period.

    ``observations`` is a long-format DataFrame or a file (see
    :mod:`cdrpkit.observations`); it is validated against the strategies first.
    ``level`` is the confidence level of the intervals (99.8% intervals are always given
    too), ``thresholds`` those of the SDG progress status, ``as_of`` the period (or date)
    whose end the assessment stands at (default: the end of the latest figure's period).
    Columns: :data:`ROW_COLUMNS`. Status rules: see the module docstring.

    >>> import pandas as pd, cdrpkit
    >>> s = cdrpkit.load("tests/data/minimal")
    >>> obs = pd.DataFrame([{"partnership": "demo", "indicator": "domestic-burglary",
    ...     "target": "", "period": "2005/06", "value": 2700, "unit": "offence",
    ...     "source": "example", "status": "illustrative"}])
    >>> rows = assess(s, obs)
    >>> r = rows[(rows.target_id == "burglary.t1") & (rows.period == "2005/06")].iloc[0]
    >>> print(f"{r.expected:.1f} {r.actual:.0f} {r.interval_method} {r.comparison} {r.status}")
    2637.6 2700 Byar same at risk
    """
    return assess_all(
        strategies, observations, level=level, thresholds=thresholds, as_of=as_of,
        plugins=plugins,
    ).rows


def assess_all(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    *,
    level: float = 0.95,
    thresholds: tuple[float, float, float] = (0.95, 0.60, 0.0),
    as_of: str | Period | datetime.date | None = None,
    plugins: Plugins | None = None,
    xmr: bool = True,
) -> Assessment:
    """Like :func:`assess`, with the per-target verdicts, XmR charts and audit trail.

    ``xmr=False`` leaves out the control charts (one loop per monthly or quarterly
    series) when only the rows are wanted.
    """
    return _run(strategies, observations, level=level, thresholds=thresholds, as_of=as_of,
                plugins=plugins, xmr=xmr)


def as_of_date(as_of: str | Period | datetime.date | None, obs: pd.DataFrame) -> datetime.date:
    """The date the assessment stands at: the end of ``as_of``, or of the latest figure."""
    from cdrpkit.periods import Period, PeriodError, parse_period

    if isinstance(as_of, datetime.date):
        return as_of
    if isinstance(as_of, Period):
        return as_of.end
    if isinstance(as_of, str):
        try:
            return parse_period(as_of).end
        except PeriodError as exc:
            raise InputError([Problem(str(exc), path="as_of")]) from None
    if obs.empty:
        raise ObservationError([Problem("no figures, and no as_of date to assess at",
                                        path="observations")])
    latest: datetime.date = max(obs["period_end"])
    return latest


def _fy_label(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"


def _fy(period: Any) -> float:
    import math

    if period is None:
        return math.nan
    try:
        return float(period.financial_year.start.year)
    except ValueError:
        return float(period.end.year - (1 if period.end.month < 4 else 0))


def _polarity(indicator: Any, direction: str | None) -> float:
    """1.0 where higher is better, 0.0 where lower is, NaN when neither is known."""
    import math

    if indicator is not None and indicator.higher_is_better is not None:
        return 1.0 if indicator.higher_is_better else 0.0
    # Deliverables: more delivered is better.
    return {"reduce": 0.0, "maintain": 0.0, "increase": 1.0, "deliver": 1.0,
            "establish": 1.0, "commit": 1.0}.get(direction or "", math.nan)


def _targets_table(strategies: Sequence[Strategy], plugins: Plugins | None) -> pd.DataFrame:
    """One row per target with the numbers the vectorised arithmetic needs."""
    import math

    import pandas as pd

    from cdrpkit.plugins import resolve

    registered = resolve(plugins).indicators
    records = []
    for s in strategies:
        p = s.partnership
        local = {i.id: i for i in s.indicators}
        first = _fy(s.first_year)
        last = _fy(s.last_year)
        for node in s.targets():
            t = node.node
            ind = local.get(t.indicator or "") or registered.get(t.indicator or "")
            base, end = t.baseline_measure, t.end_measure
            unit = t.unit or (ind.unit if ind else None) or ""
            rec: dict[str, Any] = {
                "key": f"{p.id}/{t.id}",
                "partnership": p.id,
                "theme": node.theme.id if node.theme else "",
                "theme_title": node.theme.title if node.theme else "Partnership objectives",
                "target_id": t.id,
                "kind": t.kind,
                "text": t.text,
                "indicator": t.indicator or "",
                "unit": unit,
                "bound": t.bound or "",
                "direction": t.direction or "",
                "higher_is_better": _polarity(ind, t.direction),
                "b": float(base.value) if base else math.nan,
                "fy0": _fy(base.period) if base else math.nan,
                "T": float(end.value) if end else math.nan,
                "fyT": _fy(end.period) if end else math.nan,
                "c": math.nan if t.annual_change is None else float(t.annual_change),
                "model": getattr(t, "change_model", "compound"),
                "fy_last": _fy(t.deadline) if t.deadline else (_fy(end.period) if end else last),
                "each_year": False,
                "rel": math.nan,
                "due_end": t.deadline.end if t.deadline else None,
                "population": float(p.population.value) if p.population else math.nan,
                "households": float(p.households.value) if p.households else math.nan,
                "per": math.nan,
                "den_kind": "",
                "first": first,
                "last": last,
                "target": t,
            }
            _kind_specifics(t, rec, first, last)
            rec["group"] = _group(t.kind, rec)
            records.append(rec)
    return pd.DataFrame.from_records(records)


def _group(kind: str, rec: dict[str, Any]) -> str:
    """How a kind is assessed; a plugin's kind with a baseline and an end value is a value."""
    import math

    if kind in RECURRING_KINDS:
        return "recurring"
    if kind == "direction":
        return "direction"
    if kind in VALUE_KINDS:
        return "value"
    if kind in DELIVERABLE_KINDS:
        return "deliverable"
    if not math.isnan(rec["T"]) and not math.isnan(rec["fyT"]):
        return "value"
    return "deliverable"


def _kind_specifics(t: Any, rec: dict[str, Any], first: float, last: float) -> None:
    """The few fields that differ by kind; kinds the core does not know keep the defaults."""
    import math

    kind = t.kind
    if kind == "rate" and t.target is None:
        rec["T"] = float(t.threshold)
        rec["each_year"] = True
        rec["fy0"] = (_fy(t.first_year) if t.first_year else first) - 1
        rec["fyT"] = rec["fy0"] + 1
        rec["fy_last"] = _fy(t.last_year) if t.last_year else last
    elif kind == "relative-change":
        rec["rel"] = float(t.change)
        rec["fy0"] = _fy(t.baseline_period) if t.baseline_period else math.nan
        rec["fyT"] = _fy(t.by)
    elif kind == "rate-per-population":
        rec["per"] = float(t.per)
        rec["den_kind"] = t.denominator
        if t.denominator_value:
            rec[t.denominator] = float(t.denominator_value)
        if t.baseline is None:
            rec["fy0"] = rec["fyT"] - 1
    elif kind in RECURRING_KINDS:
        entities = getattr(t, "entities", None) or 1
        rec["T"] = float(t.count * entities * (2 if t.every == "half-year" else 1))
        rec["every"] = "year" if t.every == "half-year" else t.every
        rec["fy0"] = (_fy(t.first) if t.first else first) - 1
        rec["fy_last"] = _fy(t.until) if t.until else last
    elif kind == "checklist":
        rec["T"] = 100.0 * float(t.share)
        rec["bound"] = "at_least"
    elif kind == "resource":
        rec["T"] = float(t.amount)
        if t.first is not None and t.years:
            rec["fy_last"] = _fy(t.first) + math.ceil(t.years) - 1
            rec["due_end"] = datetime.date(int(rec["fy_last"]) + 1, 3, 31)
    elif kind == "baseline-then":
        rec["fy0"] = _fy(t.baseline_period) if t.baseline_period else math.nan


def _label(fy: int, sub: int, kind: str) -> str:
    if kind == "quarter":
        return f"{_fy_label(fy)}-Q{sub}"
    if kind == "month":
        month = (sub + 2) % 12 + 1
        return f"{fy + (1 if month < 4 else 0)}-{month:02d}"
    return _fy_label(fy)


def _period_ends(labels: Any) -> dict[str, datetime.date]:
    from cdrpkit.periods import parse_period

    return {label: parse_period(label).end for label in set(labels)}


def _match(obs: pd.DataFrame, tt: pd.DataFrame) -> pd.DataFrame:
    """Pair each figure with the targets it measures (by target id, else by indicator)."""
    import pandas as pd

    keys = tt[["partnership", "target_id", "indicator", "key", "unit"]].rename(
        columns={"unit": "target_unit"})
    direct = obs[obs["target"] != ""].merge(
        keys.drop(columns="indicator"), left_on=["partnership", "target"],
        right_on=["partnership", "target_id"], how="inner")
    by_ind = obs[obs["target"] == ""].merge(
        keys[keys["indicator"] != ""].drop(columns="target_id"),
        on=["partnership", "indicator"], how="inner")
    matched = pd.concat([direct.drop(columns="target_id"), by_ind], ignore_index=True)
    twice = matched.duplicated(["key", "period"], keep=False)
    if twice.any():
        problems = []
        for (key, period), group in matched[twice].groupby(["key", "period"], sort=False):
            rows = ", ".join(str(x) for x in group["line"])
            problems.append(Problem(
                f"target {str(key).split('/', 1)[1]} has {len(group)} figures for {period} "
                f"(rows {rows}), one by target id and one by indicator; keep one",
                path=f"row {group['line'].iloc[-1]}", file=group["file"].iloc[-1]))
        raise ObservationError(problems)
    return matched


def _convert_units(matched: pd.DataFrame) -> list[Problem]:
    """Put each figure in its target's unit (kGBP to GBP...); a misfit is a problem."""
    from cdrpkit import units

    problems: list[Problem] = []
    pairs = matched[["unit", "target_unit"]].drop_duplicates()
    for u, tu in pairs.itertuples(index=False):
        if not tu or u == tu:
            continue
        try:
            factor = units.convert(1.0, u, tu)
        except ValueError as exc:
            for line, file in matched.loc[(matched["unit"] == u) & (matched["target_unit"] == tu),
                                          ["line", "file"]].itertuples(index=False):
                problems.append(Problem(f"{u!r} does not fit the target's unit {tu!r}: {exc}",
                                        path=f"row {line}, column unit", file=file,
                                        line=int(line) if file else None))
            continue
        sel = (matched["unit"] == u) & (matched["target_unit"] == tu)
        matched.loc[sel, "value"] = matched.loc[sel, "value"] * factor
        matched.loc[sel, "denominator"] = matched.loc[sel, "denominator"]
    return problems


def _grid(tt: pd.DataFrame) -> pd.DataFrame:
    """The periods each value or recurring target expects a figure for, built with numpy."""
    import numpy as np
    import pandas as pd

    gridded = tt["group"].isin(["value", "recurring"]) & np.isfinite(tt["fy0"]) & \
        np.isfinite(tt["fy_last"])
    sel = tt[gridded]
    every = sel["every"].fillna("year") if "every" in sel else pd.Series("year", index=sel.index)
    per_year = every.map({"year": 1, "quarter": 4, "month": 12}).fillna(1).to_numpy(int)
    years = np.maximum(sel["fy_last"].to_numpy() - sel["fy0"].to_numpy(), 0).astype(int)
    counts = years * per_year
    idx = np.repeat(np.arange(len(sel)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    step = np.arange(counts.sum()) - starts
    per = per_year[idx]
    fy = sel["fy0"].to_numpy()[idx].astype(int) + 1 + step // per
    sub = np.where(per == 1, 0, step % per + 1)
    kind = np.select([per == 4, per == 12], ["quarter", "month"], "year")
    # Few distinct periods among many rows: label each distinct one once.
    codes = fy * 10000 + per * 100 + sub
    unique, inverse = np.unique(codes, return_inverse=True)
    names = {1: "year", 4: "quarter", 12: "month"}
    labels = np.array(
        [_label(int(c) // 10000, int(c) % 100, names[int(c) // 100 % 100]) for c in unique],
        dtype=object)[inverse]
    return pd.DataFrame({"key": sel["key"].to_numpy()[idx], "period": labels, "fy": fy,
                         "sub": sub, "period_kind": kind})


def _prepare(
    strategies: Strategy | Sequence[Strategy], observations: Any, plugins: Plugins | None
) -> tuple[list[Strategy], pd.DataFrame]:
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.observations import read_observations

    items = [strategies] if isinstance(strategies, Strategy) else list(strategies)
    if not items:
        raise InputError([Problem("no strategy to assess", path="strategies")])
    if isinstance(observations, pd.DataFrame) and "period_kind" in observations.columns:
        obs = observations
    else:
        obs = read_observations(observations, items, plugins=plugins)
    return items, obs


def _run(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    *,
    level: float,
    thresholds: tuple[float, float, float],
    as_of: str | Period | datetime.date | None,
    plugins: Plugins | None,
    xmr: bool,
) -> Assessment:
    import pandas as pd

    items, obs = _prepare(strategies, observations, plugins)
    when = as_of_date(as_of, obs)
    obs = obs[~obs["superseded"] & (obs["period_end"] <= when)]
    tt = _targets_table(items, plugins)
    matched = _match(obs, tt)
    problems = _convert_units(matched)
    if problems:
        raise ObservationError(problems)
    matched = matched.rename(columns={"value": "actual", "status": "data_status"})
    value_like = tt["group"] != "deliverable"
    observed = matched[matched["key"].isin(tt.loc[value_like, "key"])]
    grid = _grid(tt)
    rows = grid.merge(
        observed[["key", "period", "fy", "sub", "period_kind", "actual", "data_status",
                  "denominator", "source", "line", "file"]],
        on=["key", "period"], how="outer", suffixes=("", "_obs"))
    for column in ("fy", "sub", "period_kind"):
        rows[column] = rows[column].fillna(rows.pop(f"{column}_obs"))
    rows = rows.merge(tt.drop(columns=["target"]), on="key", how="left")
    rows["fy"] = rows["fy"].astype(int)
    rows["sub"] = rows["sub"].astype(int)
    ends = _period_ends(rows["period"].unique())
    rows["period_end"] = rows["period"].map(ends)
    _expected(rows, matched)
    _intervals(rows, level)
    _status(rows, when)
    deliverables = _deliverables(tt, matched, when)
    rows = pd.concat([rows, deliverables], ignore_index=True)
    # Every target gets a row, so none disappears from a report for want of figures.
    bare = tt[~tt["key"].isin(rows["key"])]
    if len(bare):
        placeholder = bare.drop(columns=["target"]).assign(
            period=[t.deadline.label if t.deadline else "" for t in bare["target"]],
            period_kind="none", fy=0, sub=0, period_end=None, status="no data",
            comparison="no data", interval_method="", reason="no figures for this target")
        rows = pd.concat([rows, placeholder], ignore_index=True)
    order = {k: i for i, k in enumerate(tt["key"])}
    rows["_order"] = rows["key"].map(order)
    rows["_end"] = pd.to_datetime(rows["period_end"])
    rows = rows.sort_values(["_order", "_end", "sub"], kind="stable").reset_index(drop=True)
    verdict, series = _verdicts(rows, tt, matched, level=level, thresholds=thresholds,
                                      when=when, xmr=xmr)
    out = rows.reindex(columns=[*ROW_COLUMNS, "key", "period_end", "fy", "sub", "final", "events",
                                "interval_reason", "source",
                                "line", "file", "theme_title"])
    out["gap"] = out["gap"].astype(float)
    return Assessment(out, verdict, tt, series, level, when)


def _expected(rows: pd.DataFrame, matched: pd.DataFrame) -> None:
    """Expected value and comparator of every row, for all targets at once."""
    import numpy as np

    from cdrpkit import units

    kind = rows["kind"].to_numpy()
    fy = rows["fy"].to_numpy(float)
    b = rows["b"].to_numpy(float).copy()
    rel = rows["rel"].to_numpy(float)
    # A relative change has no stated baseline: the figure for its baseline year is it.
    is_rel = (kind == "relative-change") & np.isfinite(rows["fy0"].to_numpy(float))
    if is_rel.any():
        base = matched[matched["period_kind"] == "year"].set_index(["key", "fy"])["actual"]
        lookup = [base.get((k, int(f)), np.nan) for k, f in
                  zip(rows.loc[is_rel, "key"], rows.loc[is_rel, "fy0"], strict=True)]
        b[is_rel] = lookup
    fy0 = rows["fy0"].to_numpy(float)
    fyT = rows["fyT"].to_numpy(float)
    T = np.where(is_rel, b * (1.0 + rel), rows["T"].to_numpy(float))
    c = rows["c"].to_numpy(float)
    k = fy - fy0
    n = fyT - fy0
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = np.where(b > 0, (T / b) ** (1.0 / n) - 1.0, np.nan)
        rate = np.where(np.isfinite(c), c, implied)
        compound = b * (1.0 + rate) ** k
        linear = b + (T - b) * k / n
    along = np.where(rows["model"].to_numpy() == "linear", linear, compound)
    along = np.where(k == 0, b, along)
    group = rows["group"].to_numpy(object)
    value_kind = group == "value"
    each_year = rows["each_year"].to_numpy(bool)
    recurring = group == "recurring"
    yearly = np.where(each_year | recurring, T,
                      np.where(k > n, T, np.where(k < 0, np.nan, along)))
    yearly = np.where(value_kind | recurring, yearly, np.nan)
    # No baseline: only the target itself is known, at the target period and after.
    yearly = np.where(np.isnan(b) & value_kind & ~each_year,
                      np.where(k >= n, T, np.nan), yearly)
    unit = rows["unit"].to_numpy(object)
    adds_up = {u: bool(u) and (units.is_count(u) or units.is_money(u)) for u in set(unit)}
    adds = np.array([adds_up[u] for u in unit], dtype=bool) | recurring
    pk = rows["period_kind"].to_numpy(object)
    share = np.where(pk == "quarter", 0.25, np.where(pk == "month", 1.0 / 12.0, 1.0))
    # A quarter of a count expects its pro-rata share of the year (equal quarters).
    rows["expected"] = np.where(adds & ~recurring, yearly * share, yearly)
    final = recurring | ((pk == "year") & (each_year | (k >= n)))
    rows["final"] = final
    rows["target_value"] = np.where(value_kind | recurring, T, np.nan)
    # Without a baseline there is no trajectory: the target value itself is the comparator.
    along_or_target = np.where(np.isnan(rows["expected"].to_numpy(float)) & value_kind,
                               T * np.where(adds, share, 1.0), rows["expected"].to_numpy(float))
    rows["comparator"] = np.where(final, T * np.where(recurring | ~adds, 1.0, share),
                                  along_or_target)
    rows["gap"] = rows["actual"].to_numpy(float) - rows["comparator"].to_numpy(float)


def _intervals(rows: pd.DataFrame, level: float) -> None:
    """Confidence intervals by the unit: Byar/exact Poisson, rates from counts, Wilson."""
    import numpy as np

    from cdrpkit import units
    from cdrpkit.stats import count_interval, wilson_interval

    actual = rows["actual"].to_numpy(float)
    unit = rows["unit"].to_numpy(object)
    kinds = {}
    for u in set(unit):
        if not u:
            kinds[u] = "none"
        elif units.is_rate(u):
            kinds[u] = "rate"
        elif units.is_fraction(u):
            kinds[u] = "fraction"
        elif units.is_count(u):
            kinds[u] = "count"
        else:
            kinds[u] = "none"
    uk = np.array([kinds[u] for u in unit], dtype=object)
    den = rows["denominator"].to_numpy(float).copy()
    per = np.ones(len(rows))
    for u in {u for u, k in kinds.items() if k == "rate"}:
        rate = units.parse_rate(u)
        sel = unit == u
        per[sel] = rate.per
        fallback = rows.loc[sel, "households" if rate.denominator == "household"
                            else "population"].to_numpy(float)
        den[sel] = np.where(np.isnan(den[sel]), fallback, den[sel])
    # The count behind a rate or percentage is recovered to the nearest whole event, as
    # the published figure was rounded from it; the audit shows the count used.
    events = np.select(
        [uk == "count", uk == "rate", uk == "fraction"],
        [actual, np.round(actual * den / per), np.round(actual / 100.0 * den)],
        np.nan)
    present = ~np.isnan(actual)
    whole = present & (uk == "count") & (actual == np.round(actual))
    usable = present & np.isfinite(events) & (events >= 0) & (whole | (uk != "count"))
    usable &= (uk != "fraction") | (events <= den)
    scale = np.select([uk == "rate", uk == "fraction"], [per / den, 100.0 / den], 1.0)
    out = {}
    method = np.full(len(rows), "", dtype=object)
    for lv, suffix in ((level, ""), (0.998, "_998")):
        lower = np.full(len(rows), np.nan)
        upper = np.full(len(rows), np.nan)
        counted = usable & (uk != "fraction")
        if counted.any():
            ci = count_interval(events[counted], lv)
            lower[counted] = ci.lower * scale[counted]
            upper[counted] = ci.upper * scale[counted]
            if suffix == "":
                method[counted] = ci.method
        prop = usable & (uk == "fraction")
        if prop.any():
            wi = wilson_interval(events[prop], den[prop], lv)
            lower[prop] = wi.lower * 100.0
            upper[prop] = wi.upper * 100.0
            if suffix == "":
                method[prop] = "Wilson"
        out["lower" + suffix], out["upper" + suffix] = lower, upper
    reason = np.select(
        [~present, usable, (uk == "count") & ~whole, np.isin(uk, ["rate", "fraction"])],
        ["", "", "interval skipped: not a whole count",
         "interval skipped: no denominator (give a denominator column)"],
        "interval skipped: not a count, rate or proportion")
    for name, values in out.items():
        rows[name] = values
    rows["interval_method"] = method
    rows["events"] = np.where(usable, events, np.nan)
    rows["interval_reason"] = reason


def _meets(actual: np.ndarray, comparator: np.ndarray, bound: np.ndarray,
           higher: np.ndarray) -> np.ndarray:
    """Whether each actual is on the right side of its comparator, by the bound."""
    import numpy as np

    natural = np.where(higher == 1.0, "at_least", "at_most")
    b = np.where(bound == "", natural, bound)
    with np.errstate(invalid="ignore"):
        return np.select(
            [b == "at_most", b == "below", b == "at_least", b == "above", b == "exactly"],
            [actual <= comparator, actual < comparator, actual >= comparator,
             actual > comparator, actual == comparator],
            False)


def _status(rows: pd.DataFrame, when: datetime.date) -> None:
    """The status of every value and recurring row (rules in the module docstring)."""
    import numpy as np
    import pandas as pd

    from cdrpkit.stats import compare_to_expected

    actual = rows["actual"].to_numpy(float)
    comparator = rows["comparator"].to_numpy(float)
    higher = rows["higher_is_better"].to_numpy(float)
    bound = rows["bound"].fillna("").to_numpy(object)
    lower, upper = rows["lower"].to_numpy(float), rows["upper"].to_numpy(float)
    known_polarity = ~np.isnan(higher)
    comparison = np.full(len(rows), "not assessed", dtype=object)
    can = known_polarity & ~np.isnan(lower) & ~np.isnan(comparator)
    if can.any():
        comparison[can] = compare_to_expected(lower[can], upper[can], comparator[can],
                                              higher[can] == 1.0)
    meets = _meets(actual, comparator, bound, higher)
    final = rows["final"].to_numpy(bool)
    present = ~np.isnan(actual)
    due = (pd.to_datetime(rows["period_end"]) > pd.Timestamp(when)).to_numpy()
    direction = rows["group"].to_numpy(object) == "direction"
    status = np.select(
        [due, ~present, direction, np.isnan(comparator), final & meets, final, meets,
         comparison == "same"],
        ["not yet due", "no data", "", "no data", "met", "not met", "on track", "at risk"],
        "off track")
    reason = np.select(
        [due, ~present, np.isnan(comparator), final, meets, comparison == "same"],
        ["the period ends after the assessment date", "no figure for this period",
         "no expected value: the baseline figure is missing",
         "the target period: the published value decides",
         "on the right side of the trajectory",
         "behind the trajectory, but within the actual's confidence interval"],
        "behind the trajectory, and not by chance (or no interval to tell)")
    if direction.any():
        _direction_status(rows, status, reason, direction & ~due & present)
    rows["comparison"] = np.where(present, comparison, "no data")
    rows["status"] = status
    rows["reason"] = reason


def _direction_status(rows: pd.DataFrame, status: np.ndarray, reason: np.ndarray,
                      sel: np.ndarray) -> None:
    """Year on year: each figure against the one before for the same target."""
    import numpy as np

    sub = rows[sel].sort_values(["key", "fy", "sub"])
    previous = sub.groupby("key")["actual"].shift(1)
    higher = sub["higher_is_better"].to_numpy(float)
    moved = np.where(higher == 1.0, sub["actual"] > previous, sub["actual"] < previous)
    first = previous.isna().to_numpy()
    status[sub.index] = np.where(first, "baseline", np.where(moved, "on track", "off track"))
    reason[sub.index] = np.where(first, "the first figure: what later years are compared with",
                                 "compared with the figure before")
    rows.loc[sub.index, "comparator"] = previous.to_numpy()
    rows.loc[sub.index, "gap"] = (sub["actual"] - previous).to_numpy()


def _deliverables(tt: pd.DataFrame, matched: pd.DataFrame, when: datetime.date) -> pd.DataFrame:
    """One row per milestone-like target: done, due or overdue (few targets: a loop)."""
    import math

    import pandas as pd

    records = []
    sel = tt[tt["group"] == "deliverable"]
    figures: dict[Any, pd.DataFrame] = {key: group.sort_values("period_end") for key, group in
               matched[matched["key"].isin(sel["key"])].groupby("key")}
    t: Any
    for t in sel.itertuples(index=False):
        figs = figures.get(t.key)
        deadline = t.target.deadline
        kind = t.kind
        value, done_in = math.nan, None
        if figs is not None and len(figs):
            if kind == "resource":
                running = figs["actual"].cumsum()
                value = float(running.iloc[-1])
                reached = figs[running >= t.T]
            elif kind == "checklist":
                value = float(figs["actual"].iloc[-1])
                reached = figs[figs["actual"] >= t.T]
            else:
                value = float(figs["actual"].max())
                reached = figs[figs["actual"] > 0]
            if len(reached):
                done_in = reached.iloc[0]
        expected = t.T if kind in ("resource", "checklist") else 1.0
        if done_in is not None:
            status = "done"
            late = t.due_end is not None and done_in["period_end"] > t.due_end
            reason = f"delivered in {done_in['period']}" + (" (after the deadline)" if late else "")
        elif t.due_end is None:
            status, reason = "due", "not yet delivered; no deadline stated"
        elif t.due_end >= when:
            status, reason = "due", f"not yet delivered; due by {t.due_end.isoformat()}"
        else:
            status, reason = "overdue", f"not delivered by {t.due_end.isoformat()}"
        last = figs.iloc[-1] if figs is not None and len(figs) else None
        records.append({
            **{c: getattr(t, c) for c in ("key", "partnership", "theme", "theme_title",
                                          "target_id", "kind", "indicator", "unit", "bound",
                                          "higher_is_better", "text")},
            "period": deadline.label if deadline is not None else "",
            "period_kind": "deadline",
            "period_end": t.due_end,
            "fy": int(_fy(deadline)) if deadline is not None else 0,
            "sub": 0,
            "expected": expected,
            "target_value": t.T,
            "comparator": expected,
            "actual": value,
            "gap": value - expected if not math.isnan(value) else math.nan,
            "data_status": last["data_status"] if last is not None else None,
            "source": last["source"] if last is not None else None,
            "comparison": "not assessed",
            "interval_method": "",
            "status": status,
            "reason": reason,
        })
    return pd.DataFrame.from_records(records)


def _yearly_matrix(rows: pd.DataFrame, tt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
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
    base = tt[np.isfinite(tt["b"]) & np.isfinite(tt["fy0"])][["key", "fy0", "b"]]
    base = base.rename(columns={"fy0": "fy", "b": "actual"})
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


def _verdicts(
    rows: pd.DataFrame,
    tt: pd.DataFrame,
    matched: pd.DataFrame,
    *,
    level: float,
    thresholds: tuple[float, float, float],
    when: datetime.date,
    xmr: bool,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One verdict per target, with the methods it rests on and the XmR charts."""
    import numpy as np
    import pandas as pd

    from cdrpkit.stats import forecast_at, progress

    n = len(tt)
    hib = tt["higher_is_better"].to_numpy(float)
    value_kind = (tt["group"] == "value").to_numpy()
    matrix, years = _yearly_matrix(rows, tt)
    # Progress (SDG measure): the baseline against the latest yearly figure after it.
    fy0 = tt["fy0"].to_numpy(float)
    fyT = np.where(tt["each_year"], tt["fy_last"], tt["fyT"]).astype(float)
    b = tt["b"].to_numpy(float)
    T = tt["T"].to_numpy(float)
    after = np.isfinite(matrix) & (years[None, :] > fy0[:, None]) if len(years) else matrix > 0
    has_latest = after.any(axis=1) if len(years) else np.zeros(n, bool)
    last_col = np.where(has_latest, after.shape[1] - 1 - np.argmax(after[:, ::-1], axis=1), 0) \
        if len(years) else np.zeros(n, int)
    latest = np.where(has_latest, matrix[np.arange(n), last_col] if len(years) else np.nan,
                      np.nan)
    latest_fy = np.where(has_latest, years[last_col] if len(years) else np.nan, np.nan)
    can_progress = value_kind & ~np.isnan(hib) & np.isfinite(b) & np.isfinite(T) & \
        np.isfinite(fyT) & (fyT > fy0) & ~tt["each_year"].to_numpy(bool)
    pr = progress(np.where(can_progress, b, np.nan), np.where(can_progress, latest, np.nan),
                  np.where(can_progress, latest_fy - fy0, np.nan), T,
                  np.where(can_progress & (fyT > fy0), fyT - fy0, 1.0),
                  np.where(np.isnan(hib), False, hib == 1.0), thresholds=thresholds)
    progress_reason = np.where(
        can_progress,
        np.where(has_latest, pr.reason, "no yearly figure after the baseline year"),
        np.where(value_kind, "no baseline value, end value or polarity to measure progress from",
                 "not a value target"))
    # Forecast at the deadline from the yearly figures so far (log-linear trend).
    can_forecast = value_kind & ~np.isnan(hib) & np.isfinite(T) & np.isfinite(fyT)
    if len(years):
        masked = np.where(years[None, :] <= latest_fy[:, None], matrix, np.nan)
        fc = forecast_at(years, np.where(can_forecast[:, None], masked, np.nan),
                         np.where(can_forecast, fyT, 0.0), np.where(can_forecast, T, 0.0),
                         np.where(np.isnan(hib), False, hib == 1.0), level)
        fc_point, fc_lo, fc_hi, p_meet = fc.point, fc.lower, fc.upper, fc.p_meet
        fc_reason = np.where(can_forecast, fc.reason, "no end value or polarity to forecast")
    else:
        fc_point = fc_lo = fc_hi = p_meet = np.full(n, np.nan)
        fc_reason = np.full(n, "no yearly figures: no forecast", dtype=object)
    series = _control_charts(rows, tt) if xmr else {}
    latest_rows = rows[rows["actual"].notna() & (rows["status"] != "not yet due")]
    cols = ["period", "actual", "comparator", "comparison", "status", "interval_method",
            "interval_reason", "final"]
    last_rows: list[Any] = latest_rows.groupby("key", sort=False).tail(1).set_index("key")[cols] \
        .reindex(tt["key"]).to_dict("records")
    # Without a figure, the latest period already due says more than a future one.
    ranked = rows.assign(_due=rows["status"] != "not yet due").sort_values("_due", kind="stable")
    fallback = ranked.groupby("key", sort=False).tail(1).set_index("key")["status"] \
        .reindex(tt["key"]).fillna("no data").tolist()
    illustrative = set(rows.loc[rows["data_status"] == "illustrative", "key"])
    records = []
    columns = ("key", "partnership", "theme", "theme_title", "target_id", "kind", "text",
               "group", "unit")
    for i, t in enumerate(zip(*(tt[c].tolist() for c in columns), strict=True)):
        key, group = t[0], t[7]
        row = last_rows[i] if isinstance(last_rows[i]["period"], str) else None
        status = row["status"] if row is not None else fallback[i]
        methods, skipped = [], []
        if row is not None and isinstance(row["interval_method"], str) and \
                row["interval_method"]:
            methods.append(f"{row['interval_method']} interval ({level:.1%}), "
                           f"comparison with the {'target' if row['final'] else 'trajectory'}")
        elif row is not None and group == "value":
            skipped.append(f"interval: {row['interval_reason'].removeprefix('interval skipped: ')}")
        if group == "value":
            if can_progress[i] and pr.status[i] != "insufficient data":
                methods.append(f"SDG progress ratio R = {pr.ratio[i]:.2f}"
                               if np.isfinite(pr.ratio[i]) else "SDG progress (target reached)")
            else:
                skipped.append(f"progress: {progress_reason[i] or 'insufficient data'}")
            if np.isfinite(fc_point[i]):
                methods.append("log-linear forecast")
            else:
                skipped.append(f"forecast: {fc_reason[i]}")
        chart = series.get(key)
        spc, assure = "", ""
        if chart is not None:
            spc, assure = chart["variation"], chart["assurance"]
            methods.append("XmR chart" + (" (trial limits)" if chart["warnings"] else ""))
        elif group == "value" and xmr:
            skipped.append("XmR: no monthly or quarterly series of 2 or more points")
        rec = {
            "partnership": t[1], "theme": t[2], "theme_title": t[3],
            "target_id": t[4], "kind": t[5], "text": t[6], "status": status,
            "latest_period": row["period"] if row is not None else None,
            "latest_actual": row["actual"] if row is not None else np.nan,
            "expected": row["comparator"] if row is not None else np.nan,
            "comparison": row["comparison"] if row is not None else "no data",
            "progress_ratio": pr.ratio[i] if can_progress[i] else np.nan,
            "progress": pr.status[i] if can_progress[i] else "",
            "forecast": fc_point[i], "forecast_lower": fc_lo[i], "forecast_upper": fc_hi[i],
            "p_meet": p_meet[i], "spc": spc, "assurance": assure,
            "illustrative": key in illustrative,
            "methods": "; ".join(methods), "skipped": "; ".join(skipped), "key": key,
            "cagr_observed": pr.cagr_observed[i], "cagr_required": pr.cagr_required[i],
            "progress_reason": str(progress_reason[i]), "forecast_reason": str(fc_reason[i]),
        }
        rec["verdict"] = _verdict_text(rec, t[8])
        records.append(rec)
    return pd.DataFrame.from_records(records), series


def _fmt(x: Any) -> str:
    import math

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}".rstrip("0").rstrip(".")


def _verdict_text(rec: dict[str, Any], unit: str) -> str:
    import math

    parts = [rec["status"]]
    if isinstance(rec["latest_period"], str):
        parts.append(f"{_fmt(rec['latest_actual'])} in {rec['latest_period']} against "
                     f"{_fmt(rec['expected'])} ({rec['comparison']})")
    if rec["progress"]:
        parts.append(f"progress: {rec['progress']}")
    if not math.isnan(rec["forecast"]):
        parts.append(f"forecast {_fmt(rec['forecast'])} ({_fmt(rec['forecast_lower'])} to "
                     f"{_fmt(rec['forecast_upper'])}), P(target met) = {rec['p_meet']:.0%}")
    if rec["assurance"]:
        parts.append(f"SPC: {rec['spc']}, {rec['assurance']}")
    return "; ".join(parts)


def _control_charts(rows: pd.DataFrame, tt: pd.DataFrame) -> dict[str, Any]:
    """XmR chart and assurance for each monthly or quarterly series (one at a time)."""
    import numpy as np
    import pandas as pd

    from cdrpkit.stats import assurance, variation, xmr

    series: dict[str, Any] = {}
    sub = rows[rows["period_kind"].isin(["quarter", "month"]) & rows["actual"].notna()
               & ~rows["higher_is_better"].isna()]
    # Quarters before months: a target with both is charted by quarter.
    sub = sub.assign(_k=sub["period_kind"] == "month", _e=pd.to_datetime(sub["period_end"]))
    sub = sub.sort_values(["key", "_k", "_e"], kind="stable")
    keys = sub["key"].to_numpy(object)
    kinds = sub["period_kind"].to_numpy(object)
    values = sub["actual"].to_numpy(float)
    goals = sub["comparator"].to_numpy(float)
    higher = sub["higher_is_better"].to_numpy(float) == 1.0
    periods = sub["period"].to_numpy(object)
    change = np.flatnonzero((keys[1:] != keys[:-1]) | (kinds[1:] != kinds[:-1])) + 1
    for start, stop in zip(np.r_[0, change], np.r_[change, len(keys)], strict=True):
        key = str(keys[start]) if stop > start else ""
        if stop - start < 2 or key in series:
            continue
        chart = xmr(values[start:stop])
        good_high = bool(higher[start])
        goal = goals[stop - 1]
        series[key] = {
            "periods": periods[start:stop].tolist(),
            "kind": kinds[start],
            "chart": chart,
            "variation": str(variation(chart, good_high)[-1]),
            "assurance": assurance(chart, float(goal), good_high) if np.isfinite(goal) else "",
            "warnings": list(chart.warnings),
        }
    return series


def _audit_entry(t: dict[str, Any], rows: list[dict[str, Any]], rec: dict[str, Any],
                 chart: dict[str, Any] | None) -> dict[str, Any]:
    """Every component of one target's calculation, for a reviewer to follow by hand."""
    import math

    def num(x: Any) -> Any:
        if hasattr(x, "item"):
            x = x.item()
        return None if x is None or (isinstance(x, float) and math.isnan(x)) else x

    rule = ("expected = baseline x (1 + annual_change)^(years since baseline); without a "
            "stated annual_change, the change implied by baseline and target"
            if t["model"] == "compound" else
            "expected = baseline + (target - baseline) x years since baseline / years to target")
    return {
        "partnership": t["partnership"], "target_id": t["target_id"], "kind": t["kind"],
        "text": t["text"], "unit": t["unit"], "bound": t["bound"],
        "higher_is_better": num(t["higher_is_better"]),
        "baseline": {"value": num(t["b"]), "financial_year": num(t["fy0"])},
        "target": {"value": num(t["T"]), "financial_year": num(t["fyT"])},
        "annual_change": num(t["c"]), "change_model": t["model"], "expected_rule": rule,
        "quarters": "a quarter (month) of a count expects a quarter (twelfth) of the year",
        "rows": [{c: num(v) for c, v in r.items()} for r in rows],
        "progress": {"cagr_observed": num(rec["cagr_observed"]),
                     "cagr_required": num(rec["cagr_required"]),
                     "ratio": num(rec["progress_ratio"]), "status": rec["progress"],
                     "reason": rec["progress_reason"]},
        "forecast": {"point": num(rec["forecast"]), "lower": num(rec["forecast_lower"]),
                     "upper": num(rec["forecast_upper"]), "p_meet": num(rec["p_meet"]),
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
