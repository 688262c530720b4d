"""Assessment: where every target stands against its figures, and how sure we are.

:func:`assess` gives one row per target and period; :func:`assess_all` also gives one
verdict per target and the audit trail. One module per stage:

- :mod:`~cdrpkit.assessment.matching`: figures read, validated and paired with targets;
- :mod:`~cdrpkit.assessment.targets`: the targets read once into a table;
- :mod:`~cdrpkit.assessment.expected`: what each target expects in each period, asked of
  the one engine (:func:`cdrpkit.model.engine.expect`), so every expected value is the
  one :func:`cdrpkit.trajectory` prints, for every kind, plugin kinds included;
- :mod:`~cdrpkit.assessment.intervals`: confidence intervals of the figures;
- :mod:`~cdrpkit.assessment.status`: the status of each row;
- :mod:`~cdrpkit.assessment.deliverables`: done, due or overdue;
- :mod:`~cdrpkit.assessment.verdicts`: one verdict per target (progress, forecast);
- :mod:`~cdrpkit.assessment.charts`: XmR control charts;
- :mod:`~cdrpkit.assessment.audit`: every component of each calculation.

Everything is computed on whole columns (numpy), for all targets of all partnerships
together; label columns are pandas Categoricals. ``benchmarks/bench_assess.py`` times it
against plain numpy. The statistics are documented in ``docs/statistics.md``.

Row status of a target judged by its values (the engine gives it rows):

- ``not yet due``: the period ends after ``as_of``;
- ``no data``: no figure for a period that has ended;
- ``no expectation``: a figure for a period the target commits to nothing in (before a
  target year with no trajectory), or whose relative baseline figure is missing;
- in a period where the published value decides (``final``: the target year, each year
  a level is held, every year of an "each year" target, every interval of a recurring
  deliverable): ``met`` when the actual is on the right side of it by the bound
  (``at_most``: actual <= target; ``below``: <; ``at_least``: >=; ``above``: >;
  ``exactly``: =), otherwise ``not met``;
- before that, the trajectory's expected value decides: ``on track`` when the actual is
  on the right side of it (on it counts); otherwise ``at risk`` when the expected value
  lies inside the actual's confidence interval (the difference could be chance:
  comparison ``same``), and ``off track`` when it does not (``worse``) or when no
  interval can be computed (no denominator, not a count).

A target whose kind ``delivers`` (milestone, baseline to establish, checklist, resource)
is ``done``, ``due`` or ``overdue`` against its deadline
(:mod:`~cdrpkit.assessment.deliverables`). A target with no values to expect but a
direction ("increase year on year") is judged year on year: ``on track`` when the figure
moved the right way from the previous one, ``off track`` otherwise, ``baseline`` for
the first figure.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.assessment.audit import audit_entry, json_default
from cdrpkit.assessment.charts import Charts
from cdrpkit.assessment.deliverables import deliverable_rows
from cdrpkit.assessment.expected import expectations, value_rows
from cdrpkit.assessment.frame import ROW_COLUMNS, as_frame, combine
from cdrpkit.assessment.intervals import add_intervals, unit_kinds
from cdrpkit.assessment.matching import as_of_date, figure_periods, match_figures, prepare
from cdrpkit.assessment.status import row_status
from cdrpkit.assessment.targets import TARGET_COLUMNS, targets_table
from cdrpkit.assessment.verdicts import VERDICT_COLUMNS, judge_targets, plan_points

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.periods import Period
    from cdrpkit.plugins import Plugins

__all__ = [
    "MILESTONE_STATUSES",
    "ROW_COLUMNS",
    "STATUSES",
    "TARGET_COLUMNS",
    "VERDICT_COLUMNS",
    "Assessment",
    "assess",
    "assess_all",
]

#: Row statuses of targets judged by their values, best first.
STATUSES: tuple[str, ...] = (
    "met", "on track", "at risk", "off track", "not met", "not yet due", "no data", "baseline",
    "no expectation",
)
#: Statuses of deliverables.
MILESTONE_STATUSES: tuple[str, ...] = ("done", "due", "overdue")


@attrs.frozen
class Assessment:
    """The result of :func:`assess_all`: rows, verdicts and the audit trail.

    ``rows`` has :data:`ROW_COLUMNS` (one per target and period), ``verdicts`` has
    :data:`VERDICT_COLUMNS` (one per target), ``series`` the XmR chart of every monthly
    or quarterly series by target key, ``targets`` the targets table used
    (:data:`TARGET_COLUMNS`), ``audit`` one dictionary per target with every component
    of its calculation; ``spans`` each target's strategy years by key.
    """

    rows: pd.DataFrame
    verdicts: pd.DataFrame
    targets: pd.DataFrame
    series: Mapping[str, dict[str, Any]]
    level: float
    as_of: datetime.date
    spans: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def audit(self) -> list[dict[str, Any]]:
        """Every component of each target's calculation (built on demand: it is large)."""
        cols = ["key", "period", "due", "expected", "comparator", "actual", "events",
                "interval_method", "lower", "upper", "lower_998", "upper_998", "comparison",
                "status", "reason", "data_status"]
        by_key: dict[str, list[dict[str, Any]]] = {}
        for record in self.rows.reindex(columns=cols).to_dict("records"):
            by_key.setdefault(str(record.pop("key")), []).append(
                {str(k): v for k, v in record.items()})
        targets = [{str(k): v for k, v in r.items()} for r in self.targets.to_dict("records")]
        found = [{str(k): v for k, v in r.items()} for r in self.verdicts.to_dict("records")]
        return [audit_entry(t, t["target"].period_expectations(
                    "year", self.spans.get(str(t["key"]))), by_key.get(str(t["key"]), []), v,
                    self.series.get(str(t["key"])))
                for t, v in zip(targets, found, strict=True)]

    def write_audit(self, path: str) -> None:
        """Write the audit trail as JSON (``.json``) or a flat CSV of the rows (``.csv``)."""
        import json

        if str(path).endswith(".csv"):
            self.rows.to_csv(path, index=False)
            return
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(self.audit, handle, indent=2, default=json_default)


def assess(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    *,
    level: float = 0.95,
    thresholds: tuple[float, float, float] = (0.95, 0.60, 0.0),
    as_of: str | Period | datetime.date | None = None,
    plugins: Plugins | None = None,
    evidence: bool = False,
) -> pd.DataFrame:
    """Assess every target of one or more strategies: one row per target and period.

    ``observations`` is a long-format DataFrame or a file (see
    :mod:`cdrpkit.observations`); it is validated against the strategies first.
    ``level`` is the confidence level of the intervals (99.8% intervals are always given
    too), ``thresholds`` those of the SDG progress status, ``as_of`` the period (or date)
    whose end the assessment stands at (default: the end of the latest figure's period).
    ``evidence=True`` assesses the strategies' own evidence figures too
    (:mod:`cdrpkit.assessment.evidence`). Columns: :data:`ROW_COLUMNS`. Status rules: see
    the package docstring. Columns of labels from a small set (ids, periods, units,
    statuses, methods, reasons) are pandas Categoricals: compare them with strings as
    usual; ``.astype(str)`` gives plain text.

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
                plugins=plugins, xmr=False, with_verdicts=False, evidence=evidence).rows


def assess_all(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    *,
    level: float = 0.95,
    thresholds: tuple[float, float, float] = (0.95, 0.60, 0.0),
    as_of: str | Period | datetime.date | None = None,
    plugins: Plugins | None = None,
    xmr: bool = True,
    evidence: bool = False,
) -> Assessment:
    """Like :func:`assess`, with the per-target verdicts, XmR charts and audit trail.

    ``xmr=False`` leaves out the control charts when only the rows are wanted.
    """
    return _run(strategies, observations, level=level, thresholds=thresholds, as_of=as_of,
                plugins=plugins, xmr=xmr, evidence=evidence)


def _run(
    strategies: Strategy | Sequence[Strategy],
    observations: Any,
    *,
    level: float,
    thresholds: tuple[float, float, float],
    as_of: str | Period | datetime.date | None,
    plugins: Plugins | None,
    xmr: bool,
    with_verdicts: bool = True,
    evidence: bool = False,
) -> Assessment:
    import numpy as np
    import pandas as pd

    items, obs = prepare(strategies, observations, plugins, evidence=evidence)
    periods = figure_periods(obs)
    when = as_of_date(as_of, periods.ends)
    table = targets_table(items, plugins)
    tt = table.frame
    figures = match_figures(obs, tt, periods, when)
    expected = expectations(table, figures)
    has_rows = np.bincount(expected.table.target, minlength=len(tt))[:len(tt)] > 0
    tt["year_on_year"] = (~tt["delivers"].to_numpy(bool) & ~has_rows
                          & tt["direction"].isin(["reduce", "increase"]).to_numpy())
    r = value_rows(obs, table, figures, expected)
    kinds = unit_kinds(tt)
    add_intervals(r, tt, level, kinds)
    row_status(r, tt, when)
    rows = combine(as_frame(r, tt), deliverable_rows(obs, tt, figures, expected.deadlines,
                                                     when), tt)
    spans = dict(zip(tt["key"], table.spans, strict=True))
    if not with_verdicts:
        return Assessment(rows, pd.DataFrame(columns=list(VERDICT_COLUMNS)), tt, Charts(),
                          level, when, spans)
    found, series = judge_targets(rows, tt, plan_points(expected, tt), level=level,
                                  thresholds=thresholds, when=when, xmr=xmr)
    return Assessment(rows, found, tt, series, level, when, spans)
