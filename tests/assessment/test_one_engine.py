"""One engine: assess judges every figure against the value trajectory prints for its period.

Issue 13 measured 54 of 297 expected values on which the two bundled examples' assessment
and trajectory disagreed. These tests give every target of both examples a figure for
every period trajectory lists (years and quarters), assess them all at once, and require
the same expected value to 1e-9; likewise for every built-in kind, the LPSA2 kind and a
plugin kind that publishes its own quarterly line.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import attrs
import pandas as pd
import pytest

import cdrpkit
from cdrpkit.assessment import assess
from cdrpkit.model.expectations import Expectation
from cdrpkit.model.kinds import LevelTarget, Measure, Target
from cdrpkit.periods import FinancialYear, Period, Quarter, parse_period
from cdrpkit.plugins import Plugins, hookimpl
from cdrpkit.plugins.declarations import TargetKind
from cdrpkit.trajectory import trajectory_rows


def _figures(strategy: cdrpkit.Strategy, plugins: Plugins | None = None
             ) -> tuple[pd.DataFrame, dict[tuple[str, str], dict[str, Any]]]:
    """A figure for every period trajectory lists for every target, and those rows."""
    from cdrpkit.context import StrategyContext

    context = StrategyContext.of(strategy, plugins)
    records, wanted = [], {}
    for node in strategy.targets():
        t = node.node
        indicator = context.indicator(t.indicator)
        unit = t.unit or (indicator.unit if indicator else None) or "item"
        for quarters in (False, True):
            for row in trajectory_rows(t, strategy=strategy, quarters=quarters,
                                       plugins=plugins):
                label = row["period"]
                if row["step"] == "due":
                    # A deadline: the figure comes in the financial year it falls in, and
                    # the assessment's one row for the deliverable is dated by it.
                    label = FinancialYear.containing(row["period_end"]).label
                    wanted[(t.id, "due")] = row
                if (t.id, label) in wanted:
                    continue
                wanted[(t.id, label)] = row
                value = row["expected"] if math.isfinite(row["expected"]) else 1.0
                records.append({
                    "partnership": strategy.partnership.id, "indicator": "", "target": t.id,
                    "period": label, "value": round(value, 6), "unit": unit,
                    "source": "test: one figure per expected period", "status": "illustrative",
                })
    return pd.DataFrame.from_records(records), wanted


def _agree(strategy: cdrpkit.Strategy, plugins: Plugins | None = None) -> int:
    obs, wanted = _figures(strategy, plugins)
    rows = assess(strategy, obs, plugins=plugins, as_of="2030/31")
    checked = 0
    for r in rows.itertuples():
        delivered = r.period_kind in ("delivered", "deadline")
        row = wanted.get((str(r.target_id), "due" if delivered else str(r.period)))
        if row is None:
            continue
        expected = row["expected"]
        if math.isnan(expected) and not math.isnan(row["relative"]):
            # A relative change: the engine's relative value times the baseline figure.
            base = next((v for (tid, _), v in wanted.items()
                         if tid == r.target_id and v["step"] == "baseline"), None)
            if base is not None:
                # A quarter of a count takes its share of the year (equal quarters).
                additive = strategy.find(str(r.target_id)).node.additive
                share = 0.25 if str(r.period_kind) == "quarter" and additive else 1.0
                expected = row["relative"] * share * obs.loc[
                    (obs["target"] == r.target_id) & (obs["period"] == base["period"]),
                    "value"].iloc[0]
        if math.isnan(expected):
            assert math.isnan(r.expected), (r.target_id, r.period)
            continue
        assert r.expected == pytest.approx(expected, rel=1e-9, abs=1e-9), (r.target_id, r.period)
        checked += 1
    return checked


@pytest.mark.parametrize("name", ["leicester-2005", "leics-county-csp"])
def test_assess_and_trajectory_agree_on_every_period_of_both_examples(name: str) -> None:
    strategy = cdrpkit.load(name)
    checked = _agree(strategy)
    # Leicester: 66 targets, the county plan 33; most have several years and quarters.
    assert checked > (300 if name == "leicester-2005" else 60)


def test_every_built_in_kind_agrees() -> None:
    strategy = cdrpkit.load("tests/data/assess")
    assert _agree(strategy) > 20


def test_a_percentage_rate_is_a_straight_line_in_both() -> None:
    # Leicester: "Increase the sanction detection rate for robbery from 14.8% in 2004/05
    # to 20% by March 2008": equal steps of percentage points, 16.53 in 2005/06.
    strategy = cdrpkit.load("leicester-2005")
    obs = pd.DataFrame([{"partnership": strategy.partnership.id, "indicator": "",
                         "target": "reduce-robbery.t2", "period": "2005/06", "value": 16.4,
                         "unit": "percent", "source": "test", "status": "illustrative"}])
    row = assess(strategy, obs).query("target_id == 'reduce-robbery.t2' and period == '2005/06'")
    assert row["expected"].iloc[0] == pytest.approx(14.8 + (20 - 14.8) / 3)
    # 16.4% is below the line of an increase: never "on track".
    assert row["status"].iloc[0] != "on track"


def test_a_linear_level_follows_its_stated_yearly_change() -> None:
    t = LevelTarget(id="b", text="...", unit="offence", annual_change=-0.06,
                    change_model="linear",
                    baseline=Measure(value=2806, period=parse_period("2004/05")),
                    target=Measure(value=2300, period=parse_period("2007/08")))
    values = [e.expected for e in t.yearly_expectations()]
    assert values[1] == pytest.approx(2637.64) and values[2] == pytest.approx(2469.28)


def test_the_lpsa2_kind_holds_its_level_in_trajectory_too() -> None:
    # "reduce ... from 318 in 2003/04 to no more than 270 in 2006/07, and maintain that
    # level in 2007/08"
    strategy = cdrpkit.load("leicester-2005")
    rows = {r["period"]: r for r in trajectory_rows("reduce-arson.t1", strategy=strategy)}
    assert rows["2007/08"]["expected"] == 270 and rows["2007/08"]["step"] == "maintain"


def test_deliverables_have_their_deadline_in_trajectory() -> None:
    strategy = cdrpkit.load("leicester-2005")
    kinds = {n.node.kind for n in strategy.targets()}
    assert {"milestone", "recurring", "checklist"} <= kinds
    for node in strategy.targets():
        if node.node.kind in ("milestone", "checklist"):
            rows = trajectory_rows(node.node, strategy=strategy)
            assert [r["step"] for r in rows] == ["due"], node.node.id


# --- a plugin kind with its own quarterly line -----------------------------------------

#: A partnership's published quarterly line: "reduce by 6% to 9,704 by 2005", drawn as a
#: straight line over twelve quarters from 10,323 (9,704 is 10,323 less 6%).
LINE = [10323 - (10323 - 9704) * k / 12 for k in range(1, 13)]


@attrs.frozen(kw_only=True)
class QuarterlyLineTarget(Target):
    """A target published as a line of quarterly values (test plugin kind)."""

    kind: ClassVar[str] = "quarterly-line"
    needs_unit: ClassVar[bool] = True
    additive_default: ClassVar[bool] = True

    first: Period
    values: tuple[float, ...]

    def period_expectations(self, granularity: Any = "year", span: Any = None
                            ) -> tuple[Expectation, ...]:
        start = self.first
        assert isinstance(start, Quarter)
        quarters = [start + k for k in range(len(self.values))]
        if granularity == "quarter":
            return tuple(Expectation(period=q, expected=v, bound="at_most", threshold=v,
                                     source="stated", step="target", final=True)
                         for q, v in zip(quarters, self.values, strict=True))
        years: dict[int, float] = {}
        for q, v in zip(quarters, self.values, strict=True):
            years[q.financial_year.start_year] = years.get(q.financial_year.start_year, 0) + v
        return tuple(Expectation(period=FinancialYear(y), expected=v, source="stated",
                                 step="trajectory") for y, v in years.items())


class _LinePlugin:
    @staticmethod
    @hookimpl
    def cdrpkit_register_target_kinds() -> list[TargetKind]:
        return [TargetKind("quarterly-line", QuarterlyLineTarget)]


@pytest.fixture
def line_host() -> Plugins:
    return Plugins(plugins=[("quarterly-line", _LinePlugin())])


@pytest.fixture
def line_strategy(line_host: Plugins) -> cdrpkit.Strategy:
    return cdrpkit.from_data({
        "cdrpkit": 1, "id": "anytown", "title": "Anytown",
        "partnership": {"id": "anytown", "name": "Anytown CSP"},
        "objectives": [{"id": "crime", "title": "Reduce crime", "targets": [{
            "kind": "quarterly-line", "text": "reduce by 6% to 9,704 by 2005",
            "unit": "offence", "first": "2002/03-Q1", "values": LINE}]}],
    }, plugins=line_host)


def test_a_plugin_kinds_own_quarters_are_honoured_by_assess(
    line_strategy: cdrpkit.Strategy, line_host: Plugins,
) -> None:
    assert _agree(line_strategy, line_host) >= 12
    quarters = [r for r in trajectory_rows("crime.t1", strategy=line_strategy, quarters=True,
                                           plugins=line_host)]
    assert [round(r["expected"], 6) for r in quarters] == [round(v, 6) for v in LINE]


def test_trajectory_quarters_works_for_a_plugin_kind(line_host: Plugins, tmp_path: Any,
                                                     line_strategy: cdrpkit.Strategy) -> None:
    from click.testing import CliRunner

    from cdrpkit.cli import cli

    path = tmp_path / "strategy.yaml"
    path.write_text(cdrpkit.dumps(line_strategy, plugins=line_host), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("cdrpkit.cli.running.Plugins", lambda **_: line_host)
        result = CliRunner().invoke(cli, ["trajectory", str(path), "crime.t1", "--quarters",
                                          "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "2002/03-Q1" in result.output


def test_a_year_comes_after_its_fourth_quarter_in_the_rows() -> None:
    # Issue 17: "the 2005/06 annual row sorted between Q3 and Q4".
    strategy = cdrpkit.load("leicester-2005")
    rows = assess(strategy, "examples/leicester_2005/data/observations.csv")
    burglary = [str(p) for p in rows[rows["target_id"] == "reduce-acquisitive-crime.t1"]["period"]]
    assert burglary.index("2005/06-Q4") < burglary.index("2005/06")


def test_a_figure_before_a_target_year_with_no_path_is_shown_not_judged() -> None:
    # Leicester: a rate with only a target value ("... by 2007/08"): figures before then
    # have nothing to be judged against, which is not the same as having no figure.
    strategy = cdrpkit.load("leicester-2005")
    rows = assess(strategy, "examples/leicester_2005/data/observations.csv")
    mine = rows[rows["target_id"] == "restorative-reparation-communication.t1"]
    with_figures = mine[mine["actual"].notna()]
    assert len(with_figures) and set(with_figures["status"].astype(str)) == {"no expectation"}


def test_verdicts_carry_what_reports_show_and_no_prose() -> None:
    from cdrpkit.assessment import assess_all
    from cdrpkit.reports.format import verdict_sentences

    strategy = cdrpkit.load("leicester-2005")
    v = assess_all(strategy, "examples/leicester_2005/data/observations.csv").verdicts
    assert "verdict" not in v.columns
    burglary = v[v["target_id"] == "reduce-acquisitive-crime.t1"].iloc[0]
    # "to no more than 2,331 offences by March 2008"
    assert (burglary["unit"], burglary["target_value"], burglary["target_period"]) == (
        "offence", 2331, "2007/08")
    po4 = v[v["target_id"] == "po4-data.t1"].iloc[0]
    assert po4["delivers"] and str(po4["due"]) == "2007-03-31"
    sentences = verdict_sentences(v)
    assert len(sentences) == 66 and all(sentences)
