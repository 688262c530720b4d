"""Assessment: where every target stands against its figures, and how sure we are.

:func:`assess` gives one row per target and period; :func:`assess_all` also gives one
verdict per target and the audit trail. Everything is computed on whole columns at once
(numpy), for all targets of all partnerships together: figures are matched to targets by
integer codes (each distinct string is looked up once), XmR charts of series of the same
length are drawn together, and label columns are pandas Categoricals. The only loops over
targets read them from the strategies and word each verdict. The status rules and the
statistics are documented in ``docs/statistics.md``; ``benchmarks/bench_assess.py``
times it against plain numpy.

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
from collections.abc import Iterator, Mapping, Sequence
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
    series: Mapping[str, dict[str, Any]]
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
    Columns: :data:`ROW_COLUMNS`. Status rules: see the module docstring. Columns of
    labels from a small set (ids, periods, units, statuses, methods, reasons) are pandas
    Categoricals: compare them with strings as usual; ``.astype(str)`` gives plain text.

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
    return _run(strategies, observations, level=level, thresholds=thresholds, as_of=as_of,
                plugins=plugins, xmr=False, verdicts=False).rows


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


def _as_of_date(as_of: str | Period | datetime.date | None, ends: Any) -> datetime.date:
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
    if not len(ends):
        raise ObservationError([Problem("no figures, and no as_of date to assess at",
                                        path="observations")])
    latest: datetime.date = max(ends)
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


# Deliverables and targets without an indicator: more delivered is better.
_DIRECTION_POLARITY = {"reduce": 0.0, "maintain": 0.0, "increase": 1.0, "deliver": 1.0,
                       "establish": 1.0, "commit": 1.0}


def _polarity(indicator: Any, direction: str | None) -> float:
    """1.0 where higher is better, 0.0 where lower is, NaN when neither is known."""
    if indicator is not None:
        higher = indicator.higher_is_better
        if higher is not None:
            return 1.0 if higher else 0.0
    return _DIRECTION_POLARITY.get(direction or "", float("nan"))


#: Columns of the targets table (:attr:`Assessment.targets`), one row per target.
TARGET_COLUMNS: tuple[str, ...] = (
    "key", "partnership", "theme", "theme_title", "target_id", "kind", "text", "indicator",
    "unit", "bound", "direction", "higher_is_better", "b", "fy0", "T", "fyT", "c", "model",
    "fy_last", "each_year", "rel", "due_end", "population", "households", "per", "den_kind",
    "first", "last", "target", "every", "group",
)
_FLOAT_COLUMNS = frozenset({"higher_is_better", "b", "fy0", "T", "fyT", "c", "fy_last", "rel",
                            "population", "households", "per", "first", "last"})
# Kinds with fields of their own (see _kind_specifics); the rest need none.
_SPECIFIC_KINDS = frozenset({"rate", "relative-change", "rate-per-population", "checklist",
                             "resource", "baseline-then", *RECURRING_KINDS})
# How the core's kinds are assessed (see _group); a plugin's kind is judged by its values.
_GROUPS: dict[str, str] = {
    **dict.fromkeys(RECURRING_KINDS, "recurring"), "direction": "direction",
    **dict.fromkeys(VALUE_KINDS, "value"), **dict.fromkeys(DELIVERABLE_KINDS, "deliverable"),
}


def _targets_table(strategies: Sequence[Strategy], plugins: Plugins | None) -> pd.DataFrame:
    """One row per target with the numbers the vectorised arithmetic needs.

    Built a column at a time (each property read once per target, each partnership's
    fields once per partnership): this is the one pass over the targets.
    """
    import math

    import numpy as np
    import pandas as pd

    from cdrpkit.periods import FinancialYear
    from cdrpkit.plugins import resolve

    nan = math.nan
    registered = resolve(plugins).indicators

    def fy(period: Any) -> float:
        if period is None:
            return nan
        # Most periods are financial years: read the year without building dates.
        if type(period) is FinancialYear:
            return float(period.start_year)
        return _fy(period)

    themes: list[Any] = []
    targets: list[Any] = []
    owner: list[int] = []
    for number, s in enumerate(strategies):
        its_themes, its_targets = s._themed_targets()
        themes.extend(its_themes)
        targets.extend(its_targets)
        owner.extend([number] * len(its_targets))

    counts = np.bincount(np.array(owner, dtype=np.intp), minlength=len(strategies))

    def each(values: list[Any]) -> list[Any]:
        """A per-strategy value for each target."""
        out: list[Any] = np.repeat(np.array(values, dtype=object), counts).tolist()
        return out

    parts = [s.partnership for s in strategies]
    pids = each([p.id for p in parts])
    first = each([fy(s.first_year) for s in strategies])
    last = each([fy(s.last_year) for s in strategies])
    local = [{i.id: i for i in s.indicators} for s in strategies]
    ind_ids = [t.indicator or "" for t in targets]
    inds = [local[o].get(i) or registered.get(i) for o, i in zip(owner, ind_ids, strict=True)]
    base = [t.baseline_measure for t in targets]
    end = [t.end_measure for t in targets]
    direction = [t.direction or "" for t in targets]
    deadline = [t.deadline for t in targets]
    change = [t.annual_change for t in targets]
    kind = [t.kind for t in targets]
    end_fy = [fy(m.period) if m else nan for m in end]
    data: dict[str, list[Any]] = {
        "key": [f"{p}/{t.id}" for p, t in zip(pids, targets, strict=True)],
        "partnership": pids,
        "theme": [th.id if th else "" for th in themes],
        "theme_title": [th.title if th else "Partnership objectives" for th in themes],
        "target_id": [t.id for t in targets],
        "kind": kind,
        "text": [t.text for t in targets],
        "indicator": ind_ids,
        "unit": [t.unit or (i.unit if i else None) or ""
                 for t, i in zip(targets, inds, strict=True)],
        "bound": [t.bound or "" for t in targets],
        "direction": direction,
        "higher_is_better": [_polarity(i, d) for i, d in zip(inds, direction, strict=True)],
        "b": [float(m.value) if m else nan for m in base],
        "fy0": [fy(m.period) if m else nan for m in base],
        "T": [float(m.value) if m else nan for m in end],
        "fyT": end_fy,
        "c": [nan if c is None else float(c) for c in change],
        "model": [getattr(t, "change_model", "compound") for t in targets],
        "fy_last": [fy(d) if d else (e if m else x)
                    for d, e, m, x in zip(deadline, end_fy, end, last, strict=True)],
        "each_year": [False] * len(targets),
        "rel": [nan] * len(targets),
        "due_end": [d.end if d else None for d in deadline],
        "population": each([float(p.population.value) if p.population else nan
                            for p in parts]),
        "households": each([float(p.households.value) if p.households else nan
                            for p in parts]),
        "per": [nan] * len(targets),
        "den_kind": [""] * len(targets),
        "first": first,
        "last": last,
        "target": targets,
        "every": ["year"] * len(targets),
    }
    # The few kinds with fields of their own (rates each year, recurring counts...).
    for i in [i for i, k in enumerate(kind) if k in _SPECIFIC_KINDS]:
        fields = {name: values[i] for name, values in data.items()}
        _kind_specifics(targets[i], fields, first[i], last[i])
        for name, values in data.items():
            values[i] = fields[name]
    data["group"] = [_group(k, T, f) for k, T, f in zip(kind, data["T"], data["fyT"],
                                                        strict=True)]
    columns: dict[str, Any] = {}
    for name in TARGET_COLUMNS:
        values = data[name]
        if name in _FLOAT_COLUMNS:
            columns[name] = np.array(values, dtype=float)
        elif name == "each_year":
            columns[name] = np.array(values, dtype=bool)
        elif name in ("target", "due_end"):
            columns[name] = pd.Series(values, dtype=object)
        else:
            columns[name] = pd.Series(values, dtype="str")
    return pd.DataFrame(columns, copy=False)  # the arrays are ours and never change


def _group(kind: str, end_value: float, end_fy: float) -> str:
    """How a kind is assessed; a plugin's kind with an end value and year is a value."""
    found = _GROUPS.get(kind)
    if found is not None:
        return found
    return "value" if end_value == end_value and end_fy == end_fy else "deliverable"


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


_PER_YEAR = {"year": 1, "quarter": 4, "month": 12}
_KIND_OF_PER = {1: "year", 4: "quarter", 12: "month"}
# A row's key packs the target's position and the period's code (fy*10000 + per*100 + sub).
_CODE_SPAN = 10**8


def _period_code(fy: Any, per: Any, sub: Any) -> Any:
    return fy * 10000 + per * 100 + sub


@attrs.define
class _Labels:
    """A column of labels from a small set, as codes into ``names`` (distinct): it becomes
    a pandas Categorical without a string per row ever being made."""

    codes: np.ndarray
    names: Sequence[str]

    def categorical(self) -> pd.Categorical:
        return _categorical(self.codes, self.names)


def _categorical(codes: np.ndarray, names: Any, used: np.ndarray | None = None
                 ) -> pd.Categorical:
    """A Categorical of ``names[codes]`` (``names`` distinct) keeping only the names used
    (``used``, one flag per name, when the caller knows them)."""
    import numpy as np
    import pandas as pd

    categories = pd.Index(names, dtype=object)
    if used is None:
        used = np.bincount(codes, minlength=len(categories)) > 0
    if not used.all():
        codes = (np.cumsum(used) - 1)[codes]
        categories = categories[used]
    return pd.Categorical.from_codes(codes, categories=categories, validate=False)


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


@attrs.frozen
class _Periods:
    """The distinct periods of the figures: ``codes`` gives each figure's one.

    ``labels``, ``kinds``, ``codes_u`` (fy*10000 + per*100 + sub) and ``ends`` have one
    element per distinct period.
    """

    codes: np.ndarray
    labels: np.ndarray
    codes_u: np.ndarray
    ends: np.ndarray


def _periods(obs: pd.DataFrame) -> _Periods:
    """Each figure's period, looked up once per distinct label."""
    import numpy as np
    import pandas as pd

    codes, labels = pd.factorize(obs["period"])  # by code when it is a Categorical
    first = np.zeros(len(labels), dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    sample = obs.iloc[first]  # one figure per distinct period
    per = np.array([_PER_YEAR[str(k)] for k in sample["period_kind"]], dtype=np.int64)
    codes_u = _period_code(sample["fy"].to_numpy(np.int64), per,
                           sample["sub"].to_numpy(np.int64))
    return _Periods(codes, np.asarray(labels, dtype=object), codes_u,
                    sample["period_end"].to_numpy(object))


@attrs.frozen
class _Figures:
    """The figures in force at the assessment date, each paired with a target it measures.

    ``row`` is the figure's position in the observations table, ``target`` the target's
    position in the targets table, ``code`` the period's code; ``labels``, ``ends`` map
    each period code seen to its label and end date.
    """

    row: np.ndarray
    target: np.ndarray
    code: np.ndarray
    actual: np.ndarray
    labels: dict[int, str]
    ends: dict[int, datetime.date]


def _codes(values: Any, names: Any) -> tuple[np.ndarray, pd.Index, np.ndarray]:
    """Codes of ``values`` (pandas' hash table), their distinct values, and the codes of
    ``names`` (-1 where a name is absent)."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values)
    index = pd.Index(np.asarray(uniques, dtype=object))
    return codes, index, index.get_indexer(names)


def _figures(obs: pd.DataFrame, tt: pd.DataFrame, periods: _Periods,
             when: datetime.date) -> _Figures:
    """Pair each figure in force at ``when`` with its targets: by target id, else indicator.

    Strings are matched once per distinct value (pandas' hash tables); everything per
    figure is integer arithmetic. A figure given by indicator reaches every target of
    that indicator in its partnership.
    """
    import numpy as np
    import pandas as pd

    in_force = np.array([e <= when for e in periods.ends], dtype=bool)
    keep = np.flatnonzero(in_force[periods.codes] & ~obs["superseded"].to_numpy(bool))
    code = periods.codes_u[periods.codes[keep]]
    everything = len(keep) == len(obs)

    def column(name: str) -> Any:
        # The column's own array: a Categorical (from read_observations) is matched by code.
        values = obs[name].array
        return values if everything else values.take(keep)

    parts, _, t_part = _codes(column("partnership"), tt["partnership"].to_numpy(object))
    ids, id_names, t_id = _codes(column("target"), tt["target_id"].to_numpy(object))
    empty = id_names.get_indexer(pd.Index([""]))[0]
    direct = np.flatnonzero(ids != empty)
    by_indicator = np.flatnonzero(ids == empty)
    width = max(len(id_names), 1)
    t_key = np.where((t_part >= 0) & (t_id >= 0), t_part * width + t_id,
                     -1 - np.arange(len(tt)))
    found = pd.Index(t_key).get_indexer(parts[direct] * width + ids[direct])
    hit = found >= 0
    rows = [direct[hit]]
    targets = [found[hit]]
    if len(by_indicator):
        inds, ind_names, t_ind = _codes(column("indicator").take(by_indicator),
                                        tt["indicator"].to_numpy(object))
        width = max(len(ind_names), 1)
        valid = np.flatnonzero((t_part >= 0) & (t_ind >= 0))
        order = valid[np.argsort(t_part[valid] * width + t_ind[valid], kind="stable")]
        sorted_keys = t_part[order] * width + t_ind[order]
        wanted_keys = parts[by_indicator] * width + inds
        lo = np.searchsorted(sorted_keys, wanted_keys, "left")
        count = np.searchsorted(sorted_keys, wanted_keys, "right") - lo
        each = np.repeat(np.arange(len(wanted_keys)), count)
        step = np.arange(len(each)) - np.repeat(np.cumsum(count) - count, count)
        rows.append(by_indicator[each])
        targets.append(order[lo[each] + step])
    pos = np.concatenate(rows)
    target = np.concatenate(targets)
    row = keep[pos]
    code = code[pos]
    _refuse_doubles(obs, tt, row, target, code, periods)
    actual = _in_target_units(obs, tt, row, target)
    seen = np.flatnonzero(np.bincount(periods.codes[row], minlength=len(periods.labels)))
    return _Figures(row, target, code, actual,
                    {int(periods.codes_u[i]): str(periods.labels[i]) for i in seen},
                    {int(periods.codes_u[i]): periods.ends[i] for i in seen})


def _refuse_doubles(obs: pd.DataFrame, tt: pd.DataFrame, row: np.ndarray, target: np.ndarray,
                    code: np.ndarray, periods: _Periods) -> None:
    """A target with two figures for one period (by target id and by indicator) is an error."""
    import numpy as np
    import pandas as pd

    pair = target * _CODE_SPAN + code
    twice = pd.Series(pair).duplicated(keep=False).to_numpy()
    if not twice.any():
        return
    problems = []
    lines = obs["line"].to_numpy()
    files = obs["file"].to_numpy(object)
    keys = tt["key"].to_numpy(object)
    for value in pd.unique(pair[twice]):
        at = row[pair == value]
        t = int(target[np.flatnonzero(pair == value)[0]])
        period = periods.labels[periods.codes[at[0]]]
        problems.append(Problem(
            f"target {str(keys[t]).split('/', 1)[1]} has {len(at)} figures for {period} "
            f"(rows {', '.join(str(lines[i]) for i in at)}), one by target id and one by "
            "indicator; keep one",
            path=f"row {lines[at[-1]]}", file=files[at[-1]]))
    raise ObservationError(problems)


def _in_target_units(obs: pd.DataFrame, tt: pd.DataFrame, row: np.ndarray,
                     target: np.ndarray) -> np.ndarray:
    """Each figure in its target's unit (kGBP to GBP...); a misfit is a problem."""
    import numpy as np
    import pandas as pd

    from cdrpkit import units

    value = obs["value"].to_numpy(float)[row]
    given, given_names = pd.factorize(obs["unit"].array.take(row))
    wanted, wanted_names = pd.factorize(tt["unit"].to_numpy(object))
    width = max(len(wanted_names), 1)
    which, pairs = pd.factorize(given * width + wanted[target])
    factors = np.ones(len(pairs))
    problems: list[Problem] = []
    for i, p in enumerate(pairs.tolist()):
        u, tu = str(given_names[p // width]), str(wanted_names[p % width])
        if not tu or u == tu:
            continue
        try:
            factors[i] = units.convert(1.0, u, tu)
        except ValueError as exc:
            for r in row[which == i]:
                file, line = obs["file"].iat[r], int(obs["line"].to_numpy()[r])
                problems.append(Problem(f"{u!r} does not fit the target's unit {tu!r}: {exc}",
                                        path=f"row {line}, column unit",
                                        file=str(file) if file else None,
                                        line=line if file else None))
    if problems:
        raise ObservationError(problems)
    out: np.ndarray = value * factors[which]
    return out


def _grid(tt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The periods each value or recurring target expects a figure for: (target, code)."""
    import numpy as np

    gridded = np.flatnonzero(tt["group"].isin(["value", "recurring"]).to_numpy()
                             & np.isfinite(tt["fy0"].to_numpy())
                             & np.isfinite(tt["fy_last"].to_numpy()))
    every = tt["every"].to_numpy(object)[gridded]
    per_year = np.array([_PER_YEAR.get(str(e), 1) for e in every], dtype=np.int64)
    years = np.maximum(tt["fy_last"].to_numpy()[gridded] - tt["fy0"].to_numpy()[gridded],
                       0).astype(np.int64)
    counts = years * per_year
    idx = np.repeat(np.arange(len(gridded)), counts)
    step = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    per = per_year[idx]
    fy = tt["fy0"].to_numpy()[gridded][idx].astype(np.int64) + 1 + step // per
    sub = np.where(per == 1, 0, step % per + 1)
    return gridded[idx], _period_code(fy, per, sub)


def _period_table(codes: np.ndarray, figures: _Figures) -> dict[str, Any]:
    """Label, kind, end and order of each distinct period code (a handful among many rows)."""
    import numpy as np

    from cdrpkit.periods import parse_period

    labels, kinds, ends = [], [], []
    for c in codes.tolist():
        kind = _KIND_OF_PER[c // 100 % 100]
        label = figures.labels.get(c) or _label(c // 10000, c % 100, kind)
        labels.append(label)
        kinds.append(kind)
        ends.append(figures.ends.get(c) or parse_period(label).end)
    return {"period": labels, "period_kind": kinds, "period_end": np.array(ends, dtype=object),
            "end": np.array([e.toordinal() for e in ends], dtype=np.int64)}


def _value_rows(obs: pd.DataFrame, tt: pd.DataFrame, figures: _Figures, when: datetime.date,
                level: float) -> dict[str, Any]:
    """The rows of value, direction and recurring targets, as columns, in report order.

    Every period of a target's grid gets a row, with or without a figure, and so does
    every figure outside the grid (a baseline year, a year after the deadline).
    """
    import numpy as np
    import pandas as pd

    value_like = (tt["group"] != "deliverable").to_numpy()
    mine = np.flatnonzero(value_like[figures.target])
    f_target, f_code = figures.target[mine], figures.code[mine]
    g_target, g_code = _grid(tt)
    at = pd.Index(g_target * _CODE_SPAN + g_code).get_indexer(f_target * _CODE_SPAN + f_code)
    extra = at < 0
    n_grid = len(g_target)
    target = np.concatenate([g_target, f_target[extra]])
    code = np.concatenate([g_code, f_code[extra]])
    figure = np.full(len(target), -1, dtype=np.intp)
    figure[at[~extra]] = mine[~extra]
    figure[n_grid:] = mine[extra]
    which, distinct = pd.factorize(code)
    periods = _period_table(np.asarray(distinct), figures)
    # Report order: by target, then period end, then sub-period. One integer key, and a
    # stable sort that is quick on the runs already in order (the grid, the figures).
    rank = np.empty(len(distinct), dtype=np.int64)
    rank[np.lexsort((np.asarray(distinct) % 100, periods["end"]))] = np.arange(len(distinct))
    order = np.argsort(target * max(len(distinct), 1) + rank[which], kind="stable")
    target, code, figure, which = target[order], code[order], figure[order], which[order]
    kinds, kind_names = pd.factorize(np.asarray(periods["period_kind"], dtype=object))
    r: dict[str, Any] = {"_t": target, "fy": code // 10000, "sub": code % 100,
                         "per": code // 100 % 100, "end": periods["end"][which],
                         "period_end": periods["period_end"][which],
                         "period": _Labels(which, periods["period"]),
                         "period_kind": _Labels(kinds[which], list(kind_names))}
    has = figure >= 0
    take = np.where(has, figure, 0)
    r["actual"] = np.where(has, figures.actual[take], np.nan)
    obs_rows = figures.row[take]
    # Free-text columns keep their own pandas arrays (no string per row is made again).
    fill = np.where(has, obs_rows, -1)
    for name, column in (("data_status", "status"), ("source", "source"), ("file", "file")):
        r[name] = obs[column].array.take(fill, allow_fill=True)
    r["line"] = np.where(has, obs["line"].to_numpy(float)[obs_rows], np.nan)
    r["denominator"] = np.where(has, obs["denominator"].to_numpy(float)[obs_rows], np.nan)
    unit_kinds = _unit_kinds(tt)
    _expected(r, tt, figures, unit_kinds)
    _intervals(r, tt, level, unit_kinds)
    _status(r, tt, when)
    return r


def _expected(r: dict[str, Any], tt: pd.DataFrame, figures: _Figures,
              unit_kinds: dict[str, np.ndarray]) -> None:
    """Expected value and comparator of every row, for all targets at once."""
    import numpy as np

    t = r["_t"]
    kind = tt["kind"].to_numpy(object)
    fy = r["fy"].astype(float)
    b_t = tt["b"].to_numpy(float).copy()
    fy0_t = tt["fy0"].to_numpy(float)
    # A relative change has no stated baseline: the figure for its baseline year is it.
    is_rel = np.flatnonzero((kind == "relative-change") & np.isfinite(fy0_t))
    if len(is_rel):
        import pandas as pd

        keys = figures.target * _CODE_SPAN + figures.code
        wanted = is_rel * _CODE_SPAN + _period_code(fy0_t[is_rel].astype(np.int64), 1, 0)
        at = pd.Index(keys).get_indexer(wanted)
        b_t[is_rel] = np.where(at >= 0, figures.actual[np.maximum(at, 0)], np.nan)
    # What depends on the target alone is computed once per target, then taken per row.
    rel_t = (kind == "relative-change") & np.isfinite(fy0_t)
    T_t = np.where(rel_t, b_t * (1.0 + tt["rel"].to_numpy(float)), tt["T"].to_numpy(float))
    n_t = tt["fyT"].to_numpy(float) - fy0_t
    c_t = tt["c"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = np.where(b_t > 0, (T_t / b_t) ** (1.0 / n_t) - 1.0, np.nan)
    rate = np.where(np.isfinite(c_t), c_t, implied)[t]
    b, T, n = b_t[t], T_t[t], n_t[t]
    k = fy - fy0_t[t]
    with np.errstate(divide="ignore", invalid="ignore"):
        along = np.where((tt["model"] == "linear").to_numpy()[t], b + (T - b) * k / n,
                         b * (1.0 + rate) ** k)
    along = np.where(k == 0, b, along)
    group = tt["group"].to_numpy(object)
    value_kind = (group == "value")[t]
    recurring = (group == "recurring")[t]
    each_year = tt["each_year"].to_numpy(bool)[t]
    yearly = np.where(each_year | recurring, T,
                      np.where(k > n, T, np.where(k < 0, np.nan, along)))
    yearly = np.where(value_kind | recurring, yearly, np.nan)
    # No baseline: only the target itself is known, at the target period and after.
    yearly = np.where(np.isnan(b) & value_kind & ~each_year, np.where(k >= n, T, np.nan),
                      yearly)
    adds = unit_kinds["adds"][t] | recurring
    per = r["per"]
    share = 1.0 / per
    # A quarter of a count expects its pro-rata share of the year (equal quarters).
    expected = np.where(adds & ~recurring, yearly * share, yearly)
    final = recurring | ((per == 1) & (each_year | (k >= n)))
    # Without a baseline there is no trajectory: the target value itself is the comparator.
    along_or_target = np.where(np.isnan(expected) & value_kind,
                               T * np.where(adds, share, 1.0), expected)
    r["expected"] = expected
    r["final"] = final
    r["target_value"] = np.where(value_kind | recurring, T, np.nan)
    r["comparator"] = np.where(final, T * np.where(recurring | ~adds, 1.0, share),
                               along_or_target)
    r["gap"] = r["actual"] - r["comparator"]


def _unit_kinds(tt: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per target: whether its unit adds up over quarters, its interval kind, rate basis."""
    import numpy as np
    import pandas as pd

    from cdrpkit import units

    codes, names = pd.factorize(tt["unit"].to_numpy(object))
    adds, kind, per, on_households = [], [], [], []
    for u in map(str, names):
        adds.append(bool(u) and (units.is_count(u) or units.is_money(u)))
        if not u:
            kind.append("none")
        elif units.is_rate(u):
            kind.append("rate")
        elif units.is_fraction(u):
            kind.append("fraction")
        elif units.is_count(u):
            kind.append("count")
        else:
            kind.append("none")
        rate = units.parse_rate(u) if kind[-1] == "rate" else None
        per.append(float(rate.per) if rate else 1.0)
        on_households.append(rate is not None and rate.denominator == "household")
    return {"adds": np.array(adds, dtype=bool)[codes],
            "kind": np.array(kind, dtype=object)[codes],
            "per": np.array(per, dtype=float)[codes],
            "on_households": np.array(on_households, dtype=bool)[codes]}


def _intervals(r: dict[str, Any], tt: pd.DataFrame, level: float,
               unit_kinds: dict[str, np.ndarray]) -> None:
    """Confidence intervals by the unit: Byar/exact Poisson, rates from counts, Wilson."""
    import numpy as np

    from cdrpkit.stats import count_limits, wilson_interval
    from cdrpkit.stats.intervals import BYAR, BYAR_MIN_COUNT, EXACT_POISSON

    t = r["_t"]
    actual = r["actual"]
    kind = unit_kinds["kind"]
    per = unit_kinds["per"][t]
    fallback = np.where(unit_kinds["on_households"], tt["households"].to_numpy(float),
                        tt["population"].to_numpy(float))[t]
    is_count, is_rate, is_fraction = ((kind == k)[t] for k in ("count", "rate", "fraction"))
    den = np.where(np.isnan(r["denominator"]) & is_rate, fallback, r["denominator"])
    # The count behind a rate or percentage is recovered to the nearest whole event, as
    # the published figure was rounded from it; the audit shows the count used.
    with np.errstate(invalid="ignore"):
        events = np.select([is_count, is_rate, is_fraction],
                           [actual, np.round(actual * den / per), np.round(actual / 100.0 * den)],
                           np.nan)
        present = ~np.isnan(actual)
        whole = present & is_count & (actual == np.round(actual))
        usable = present & np.isfinite(events) & (events >= 0) & (whole | ~is_count)
        usable &= ~is_fraction | (events <= den)
        scale = np.select([is_rate, is_fraction], [per / den, 100.0 / den], 1.0)
    counted = np.flatnonzero(usable & ~is_fraction)
    prop = np.flatnonzero(usable & is_fraction)
    for lv, suffix in ((level, ""), (0.998, "_998")):
        lower = np.full(len(t), np.nan)
        upper = np.full(len(t), np.nan)
        if len(counted):
            ci = count_limits(events[counted], lv)
            lower[counted] = ci.lower * scale[counted]
            upper[counted] = ci.upper * scale[counted]
        if len(prop):
            wi = wilson_interval(events[prop], den[prop], lv)
            lower[prop] = wi.lower * 100.0
            upper[prop] = wi.upper * 100.0
        r["lower" + suffix], r["upper" + suffix] = lower, upper
    # The method count_interval names: exact below BYAR_MIN_COUNT events, Byar from it.
    r["interval_method"] = _Labels(
        np.select([~usable, is_fraction, events < BYAR_MIN_COUNT], [0, 1, 2], 3),
        ("", "Wilson", EXACT_POISSON, BYAR))
    r["events"] = np.where(usable, events, np.nan)
    r["interval_reason"] = _Labels(
        np.select([~present | usable, is_count & ~whole, is_rate | is_fraction], [0, 1, 2], 3),
        ("", "interval skipped: not a whole count",
         "interval skipped: no denominator (give a denominator column)",
         "interval skipped: not a count, rate or proportion"))


_BOUNDS = ("at_most", "below", "at_least", "above", "exactly")


def _bound_codes(bound: np.ndarray, higher: np.ndarray) -> np.ndarray:
    """Each target's bound as a position in ``_BOUNDS``; without one, its polarity's."""
    import numpy as np

    position = {b: i for i, b in enumerate(_BOUNDS)}
    stated = np.array([position.get(b, -1) for b in bound.tolist()], dtype=np.int64)
    return np.where(stated >= 0, stated, np.where(higher == 1.0, 2, 0))


def _meets(actual: np.ndarray, comparator: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Whether each actual is on the right side of its comparator, by its bound code."""
    import numpy as np

    with np.errstate(invalid="ignore"):
        return np.select(
            [bound == 0, bound == 1, bound == 2, bound == 3, bound == 4],
            [actual <= comparator, actual < comparator, actual >= comparator,
             actual > comparator, actual == comparator],
            False)


_ROW_STATUSES = ("not yet due", "no data", "", "met", "not met", "on track", "at risk",
                 "off track", "baseline")
_ROW_REASONS = (
    "the period ends after the assessment date", "no figure for this period",
    "no expected value: the baseline figure is missing",
    "the target period: the published value decides",
    "on the right side of the trajectory",
    "behind the trajectory, but within the actual's confidence interval",
    "behind the trajectory, and not by chance (or no interval to tell)",
    "the first figure: what later years are compared with",
    "compared with the figure before",
)


def _status(r: dict[str, Any], tt: pd.DataFrame, when: datetime.date) -> None:
    """The status of every value and recurring row (rules in the module docstring)."""
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
    bound = _bound_codes(tt["bound"].to_numpy(object), higher_t)[t]
    meets = _meets(actual, comparator, bound)
    final = r["final"]
    due = r["end"] > when.toordinal()
    direction = (tt["group"] == "direction").to_numpy()[t]
    no_comparator = np.isnan(comparator)
    status = np.select(
        [due, ~present, direction, no_comparator, final & meets, final, meets, same],
        [0, 1, 2, 1, 3, 4, 5, 6], 7)
    reason = np.select([due, ~present, no_comparator, final, meets, same],
                       [0, 1, 2, 3, 4, 5], 6)
    r["higher_is_better"] = higher
    if direction.any():
        _direction_status(r, status, reason, np.flatnonzero(direction & ~due & present))
    r["comparison"] = _Labels(comparison, (*COMPARISONS, "not assessed"))
    r["status"] = _Labels(status, _ROW_STATUSES)
    r["reason"] = _Labels(reason, _ROW_REASONS)


def _direction_status(r: dict[str, Any], status: np.ndarray, reason: np.ndarray,
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


_OUT_COLUMNS: tuple[str, ...] = (
    *ROW_COLUMNS, "key", "period_end", "fy", "sub", "final", "events", "interval_reason",
    "source", "line", "file", "theme_title",
)
_FROM_TARGETS = ("partnership", "theme", "target_id", "kind", "indicator", "unit", "bound",
                 "key", "theme_title")


#: Row columns holding labels from a small set: pandas Categoricals.
_LABEL_COLUMNS = ("partnership", "theme", "target_id", "kind", "indicator", "period",
                  "period_kind", "unit", "bound", "data_status", "interval_method",
                  "comparison", "status", "reason", "key", "interval_reason", "theme_title")


def _frame(r: dict[str, Any], tt: pd.DataFrame) -> pd.DataFrame:
    """The rows as a DataFrame: label columns are Categoricals built from codes (a
    target's own columns from the target's position), never a string per row."""
    import numpy as np
    import pandas as pd

    t = r["_t"]
    # The targets with rows here: a target's labels are categories only if it has rows.
    used = np.bincount(t, minlength=len(tt)) > 0
    data: dict[str, Any] = {"_t": t}
    for name in _OUT_COLUMNS:
        if name == "key":  # one per target
            data[name] = _categorical(t, tt[name].to_numpy(object), used)
        elif name in _FROM_TARGETS:
            codes, names = pd.factorize(tt[name].to_numpy(object))
            data[name] = _categorical(codes[t], names, np.bincount(
                codes[used], minlength=len(names)) > 0)
        elif name in r:
            value = r[name]
            if isinstance(value, _Labels):
                value = value.categorical()
            elif name in _LABEL_COLUMNS and not isinstance(value, pd.Categorical):
                value = pd.Categorical(value)  # figures not read by read_observations
            data[name] = value
    return pd.DataFrame(data, copy=False)  # the arrays are ours and never change


def _deliverable_figures(obs: pd.DataFrame, tt: pd.DataFrame, figures: _Figures) -> pd.DataFrame:
    """The figures of milestone-like targets, with their period, for the loop below."""
    import numpy as np
    import pandas as pd

    mine = np.flatnonzero((tt["group"] == "deliverable").to_numpy()[figures.target])
    row = figures.row[mine]
    return pd.DataFrame({
        "_t": figures.target[mine],
        "period": obs["period"].to_numpy(object)[row],
        "period_end": obs["period_end"].to_numpy(object)[row],
        "actual": figures.actual[mine],
        "data_status": obs["status"].to_numpy(object)[row],
        "source": obs["source"].to_numpy(object)[row],
    })


def _rows(
    obs: pd.DataFrame, tt: pd.DataFrame, periods: _Periods, when: datetime.date, level: float,
) -> pd.DataFrame:
    """Every row of the assessment, in target order, then by period end."""
    import numpy as np
    import pandas as pd

    figures = _figures(obs, tt, periods, when)
    rows = _frame(_value_rows(obs, tt, figures, when, level), tt)
    parts = [rows]
    if (tt["group"] == "deliverable").any():
        parts.append(_deliverables(tt, _deliverable_figures(obs, tt, figures), when))
    # Every target gets a row, so none disappears from a report for want of figures.
    covered = np.zeros(len(tt), dtype=bool)
    covered[rows["_t"].to_numpy()] = True
    covered[(tt["group"] == "deliverable").to_numpy()] = True
    bare = np.flatnonzero(~covered)
    if len(bare):
        sel = tt.iloc[bare]
        parts.append(pd.DataFrame({
            "_t": bare,
            **{name: sel[name].to_numpy(object) for name in _FROM_TARGETS},
            "higher_is_better": sel["higher_is_better"].to_numpy(float),
            "period": [t.deadline.label if t.deadline else "" for t in sel["target"]],
            "period_kind": "none", "fy": 0, "sub": 0, "period_end": None,
            "status": "no data", "comparison": "no data", "interval_method": "",
            "reason": "no figures for this target"}))
    if len(parts) > 1:
        rows = pd.concat(parts, ignore_index=True)
        # Each target's rows come from one part, already in order: sort by target only.
        rows = rows.iloc[np.argsort(rows["_t"].to_numpy(), kind="stable")]
    out = rows.reindex(columns=list(_OUT_COLUMNS))
    if len(parts) > 1:
        out = out.reset_index(drop=True)
        out["gap"] = out["gap"].astype(float)
        for name in _LABEL_COLUMNS:
            # Categoricals concatenated with other rows' strings come back as strings.
            if not isinstance(out[name].dtype, pd.CategoricalDtype):
                out[name] = out[name].astype("category")
    return out


def _deliverables(tt: pd.DataFrame, figures: pd.DataFrame, when: datetime.date) -> pd.DataFrame:
    """One row per milestone-like target: done, due or overdue (few targets: a loop)."""
    import math

    import pandas as pd

    records = []
    sel = tt[tt["group"] == "deliverable"]
    by_target: dict[Any, pd.DataFrame] = {
        position: group.sort_values("period_end", kind="stable")
        for position, group in figures.groupby("_t")}
    t: Any
    for t in sel.itertuples(index=True):
        figs = by_target.get(t.Index)
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
            "_t": t.Index,
            **{c: getattr(t, c) for c in ("key", "partnership", "theme", "theme_title",
                                          "target_id", "kind", "indicator", "unit", "bound",
                                          "higher_is_better")},
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


def _run(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    *,
    level: float,
    thresholds: tuple[float, float, float],
    as_of: str | Period | datetime.date | None,
    plugins: Plugins | None,
    xmr: bool,
    verdicts: bool = True,
) -> Assessment:
    import pandas as pd

    items, obs = _prepare(strategies, observations, plugins)
    periods = _periods(obs)
    when = _as_of_date(as_of, periods.ends)
    tt = _targets_table(items, plugins)
    rows = _rows(obs, tt, periods, when, level)
    if not verdicts:
        return Assessment(rows, pd.DataFrame(columns=list(VERDICT_COLUMNS)), tt, _Charts(), level,
                          when)
    verdict, series = _verdicts(rows, tt, level=level, thresholds=thresholds, when=when, xmr=xmr)
    return Assessment(rows, verdict, tt, series, level, when)


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
    *,
    level: float,
    thresholds: tuple[float, float, float],
    when: datetime.date,
    xmr: bool,
) -> tuple[pd.DataFrame, _Charts]:
    """One verdict per target, with the methods it rests on and the XmR charts."""
    import math

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
    if xmr:
        series, charted = _control_charts(rows, tt)
        spc_of, assurance_of = charted["spc"].tolist(), charted["assurance"].tolist()
        trial_of = charted["trial"].tolist()
    else:
        series = _Charts()
        spc_of, assurance_of, trial_of = [""] * n, [""] * n, [False] * n
    latest_rows = rows[rows["actual"].notna() & (rows["status"] != "not yet due")]
    cols = ["period", "actual", "comparator", "comparison", "status", "interval_method",
            "interval_reason", "final"]
    last = latest_rows.groupby("key", sort=False, observed=True).tail(1).set_index("key")[cols] \
        .reindex(tt["key"])
    has_row = last["period"].notna().to_numpy()
    # Without a figure, the latest period already due says more than a future one.
    ranked = rows.assign(_due=rows["status"] != "not yet due").sort_values("_due", kind="stable")
    fallback = ranked.groupby("key", sort=False, observed=True).tail(1).set_index("key")["status"] \
        .reindex(tt["key"]).astype(object).fillna("no data").to_numpy(object)
    status = np.where(has_row, last["status"].astype(object).to_numpy(object), fallback)
    shown = np.where(can_progress, pr.status, "")
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
        "progress": pd.Series(shown, dtype="str"),
        "forecast": fc_point, "forecast_lower": fc_lo, "forecast_upper": fc_hi,
        "p_meet": p_meet, "spc": pd.Series(spc_of, dtype="str"),
        "assurance": pd.Series(assurance_of, dtype="str"),
        "illustrative": tt["key"].isin(
            rows.loc[rows["data_status"] == "illustrative", "key"].astype(object)).to_numpy(),
        "key": tt["key"],
        "cagr_observed": pr.cagr_observed, "cagr_required": pr.cagr_required,
        "progress_reason": pd.Series(np.asarray(progress_reason, dtype=object), dtype="str"),
        "forecast_reason": pd.Series(np.asarray(fc_reason, dtype=object), dtype="str"),
    })
    # The words of each verdict: which methods it rests on, which were skipped and why.
    methods_of, skipped_of, verdict_of = [], [], []
    listed = zip(
        tt["group"].tolist(), has_row.tolist(), last["interval_method"].astype(object).tolist(),
        last["interval_reason"].astype(object).tolist(), last["final"].tolist(),
        can_progress.tolist(), pr.status.tolist(), pr.ratio.tolist(),
        [str(r) for r in progress_reason], np.isfinite(fc_point).tolist(),
        [str(r) for r in fc_reason], spc_of, trial_of, strict=True)
    for (group, has, method, why, final, can, state, ratio, progress_why, forecast,
         forecast_why, spc, trial) in listed:
        methods, skipped = [], []
        if has and isinstance(method, str) and method:
            methods.append(f"{method} interval ({level:.1%}), "
                           f"comparison with the {'target' if final else 'trajectory'}")
        elif has and group == "value":
            skipped.append(f"interval: {str(why).removeprefix('interval skipped: ')}")
        if group == "value":
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
        elif group == "value" and xmr:
            skipped.append("XmR: no monthly or quarterly series of 2 or more points")
        methods_of.append("; ".join(methods))
        skipped_of.append("; ".join(skipped))
    columns = ("status", "latest_period", "latest_actual", "expected", "comparison", "progress",
               "forecast", "forecast_lower", "forecast_upper", "p_meet", "spc", "assurance")
    for values in zip(*(out[c].astype(object).tolist() for c in columns), strict=True):
        verdict_of.append(_verdict_text(dict(zip(columns, values, strict=True))))
    out["methods"] = pd.Series(methods_of, dtype="str")
    out["skipped"] = pd.Series(skipped_of, dtype="str")
    out["verdict"] = pd.Series(verdict_of, dtype="str")
    return out.reindex(columns=[
        "partnership", "theme", "theme_title", *VERDICT_COLUMNS[2:-1], "key", "cagr_observed",
        "cagr_required", "progress_reason", "forecast_reason", "verdict"]), series


def _fmt(x: Any) -> str:
    import math

    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    x = float(x)
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.2f}".rstrip("0").rstrip(".")


def _verdict_text(rec: dict[str, Any]) -> str:
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


class _Charts(Mapping[str, dict[str, Any]]):
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


def _control_charts(rows: pd.DataFrame, tt: pd.DataFrame) -> tuple[_Charts, pd.DataFrame]:
    """XmR chart and assurance of each monthly or quarterly series of 2 or more points.

    Series of the same length are charted together (:func:`cdrpkit.stats.xmr_batch`); a
    target with both quarters and months is charted by quarter unless it has fewer than
    2 quarters. Also gives, per target, the latest point's variation, the assurance and
    whether the limits are trial limits ("" and False where there is no chart).
    """
    import numpy as np
    import pandas as pd

    from cdrpkit.stats import assurance, variation, xmr_batch

    sub = rows[rows["period_kind"].isin(["quarter", "month"]) & rows["actual"].notna()
               & ~rows["higher_is_better"].isna()]
    sub = sub.assign(_k=(sub["period_kind"] == "month").to_numpy(),
                     _e=pd.to_datetime(sub["period_end"]))
    sub = sub.sort_values(["key", "_k", "_e"], kind="stable")
    keys = sub["key"].to_numpy(object)
    kinds = sub["period_kind"].to_numpy(object)
    values = sub["actual"].to_numpy(float)
    goals = sub["comparator"].to_numpy(float)
    higher = sub["higher_is_better"].to_numpy(float) == 1.0
    periods = sub["period"].to_numpy(object)
    change = np.flatnonzero((keys[1:] != keys[:-1]) | (kinds[1:] != kinds[:-1])) + 1
    starts, stops = np.r_[0, change], np.r_[change, len(keys)]
    # Each target's first run of 2 or more points (quarters sort before months).
    eligible = np.flatnonzero(stops - starts >= 2) if len(keys) else np.zeros(0, dtype=int)
    owners = keys[starts[eligible]]
    chosen = eligible[np.r_[True, owners[1:] != owners[:-1]]] if len(eligible) else eligible
    lengths = (stops - starts)[chosen]
    charts = _Charts()
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
