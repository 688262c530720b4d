"""End-to-end tests of cdrpkit.assess: every status at its boundary, deliverables, errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cdrpkit
from cdrpkit.assessment import assess, assess_all
from cdrpkit.errors import ObservationError
from cdrpkit.stats import byar_interval
from tests.conftest import DATA


@pytest.fixture(scope="module")
def strategy() -> cdrpkit.Strategy:
    return cdrpkit.load(DATA / "assess")


def figures(*rows: tuple[str, str, str, float], **extra: object) -> pd.DataFrame:
    """(indicator or target, id, period, value) tuples as a long-format frame."""
    units = {"domestic-burglary": "offence", "detection-rate": "percent",
             "robbery-rate": "offence / kiloperson", "offenders": "offender"}
    records = []
    for what, ident, period, value in rows:
        records.append({
            "partnership": "demo", "indicator": ident if what == "indicator" else "",
            "target": ident if what == "target" else "", "period": period, "value": value,
            "unit": units.get(ident, "completion"), "source": "test", "status": "actual",
            **extra,
        })
    return pd.DataFrame.from_records(records)


def row(rows: pd.DataFrame, target: str, period: str) -> pd.Series:
    found = rows[(rows["target_id"] == target) & (rows["period"] == period)]
    assert len(found) == 1, found
    return found.iloc[0]


def burglary(period: str, value: float, as_of: str = "2007/08") -> pd.Series:
    s = cdrpkit.load(DATA / "assess")
    rows = assess(s, figures(("indicator", "domestic-burglary", period, value)), as_of=as_of)
    return row(rows, "burglary.t1", period)


def test_burglary_example_from_the_statistics_reference() -> None:
    # statistics.md: "burglary trajectory 2,806 x 0.94 = 2,637.6 in year 1; an outturn of
    # 2,700 (95% interval 2,599.1 to 2,803.8) is 62 above the trajectory but not
    # significantly different from it."
    r = burglary("2005/06", 2700)
    assert r["expected"] == pytest.approx(2806 * 0.94)
    assert r["gap"] == pytest.approx(2700 - 2637.64)
    assert (round(r["lower"], 1), round(r["upper"], 1)) == (2599.1, 2803.8)
    assert r["interval_method"] == "Byar"
    assert r["comparison"] == "same"
    assert r["status"] == "at risk"


def test_on_the_trajectory_is_on_track_one_above_is_at_risk() -> None:
    expected = 2806 * 0.94**2  # 2,479.38 in 2006/07
    assert burglary("2006/07", np.floor(expected))["status"] == "on track"
    assert burglary("2006/07", np.ceil(expected))["status"] == "at risk"


def test_at_risk_turns_off_track_where_the_interval_leaves_the_trajectory() -> None:
    expected = 2806 * 0.94**2
    counts = np.arange(2480, 2700)
    lower, _ = byar_interval(counts)
    last_inside = int(counts[lower <= expected].max())
    assert burglary("2006/07", last_inside)["status"] == "at risk"
    off = burglary("2006/07", last_inside + 1)
    assert off["status"] == "off track"
    assert off["comparison"] == "worse"


def test_the_target_period_is_decided_by_the_published_value() -> None:
    # "to no more than 2,331 offences by March 2008": 2,331 meets it, 2,332 does not,
    # although the trajectory's own value is 2,330.6.
    met = burglary("2007/08", 2331)
    assert (met["status"], met["comparator"]) == ("met", 2331)
    assert burglary("2007/08", 2332)["status"] == "not met"


def test_better_than_fifty_percent_each_year_is_strict_and_uses_wilson() -> None:
    s = cdrpkit.load(DATA / "assess")
    obs = figures(("indicator", "detection-rate", "2005/06", 50.0),
                  ("indicator", "detection-rate", "2006/07", 52.0))
    obs["denominator"] = [1000, 1000]
    rows = assess(s, obs, as_of="2006/07")
    first, second = row(rows, "burglary.t2", "2005/06"), row(rows, "burglary.t2", "2006/07")
    assert first["status"] == "not met"  # "better than 50%": 50% exactly is not better
    assert second["status"] == "met"
    assert second["interval_method"] == "Wilson"
    assert second["lower"] < 52 < second["upper"]


def test_percentage_without_denominator_skips_the_interval_and_says_why() -> None:
    s = cdrpkit.load(DATA / "assess")
    result = assess_all(s, figures(("indicator", "detection-rate", "2005/06", 49.0)),
                        as_of="2005/06")
    r = row(result.rows, "burglary.t2", "2005/06")
    assert r["interval_method"] == "" and np.isnan(r["lower"])
    verdict = result.verdicts.set_index("target_id").loc["burglary.t2"]
    assert "no denominator" in verdict["skipped"]


def test_rate_per_population_takes_the_partnership_population() -> None:
    s = cdrpkit.load(DATA / "assess")
    rows = assess(s, figures(("indicator", "robbery-rate", "2005/06", 3.1)), as_of="2005/06")
    r = row(rows, "burglary.t3", "2005/06")
    events = round(3.1 * 283900 / 1000)
    lower, upper = byar_interval(events)
    assert r["interval_method"] == "Byar"
    assert r["lower"] == pytest.approx(lower / 283.9)
    assert r["upper"] == pytest.approx(upper / 283.9)


def test_a_figure_in_another_unit_of_the_same_kind_is_converted_to_the_targets() -> None:
    s = cdrpkit.load(DATA / "assess")
    obs = figures(("indicator", "robbery-rate", "2005/06", 310.0))
    obs["unit"] = "offence / hundred_kiloperson"  # 310 per 100,000 people
    r = row(assess(s, obs, as_of="2005/06"), "burglary.t3", "2005/06")
    assert r["actual"] == pytest.approx(3.1)  # per 1,000 people, the target's unit
    assert r["gap"] == pytest.approx(3.1 - r["comparator"])


def test_label_columns_are_categoricals_whatever_the_mix_of_rows(
    strategy: cdrpkit.Strategy,
) -> None:
    only_values = assess(strategy, figures(("indicator", "domestic-burglary", "2005/06", 2700)))
    with_milestone = assess(strategy, figures(("indicator", "domestic-burglary", "2005/06", 2700),
                                              ("target", "burglary.t6", "2005/06-Q3", 1)))
    for rows in (only_values, with_milestone):
        for column in ("partnership", "target_id", "period", "status", "reason", "comparison"):
            assert isinstance(rows[column].dtype, pd.CategoricalDtype), column
    assert set(with_milestone["status"]) >= {"at risk", "done"}


def test_milestones_done_due_overdue(strategy: cdrpkit.Strategy) -> None:
    obs = figures(("target", "burglary.t6", "2006/07-Q3", 1),
                  ("indicator", "domestic-burglary", "2006/07-Q2", 600))
    at_q2 = assess(strategy, obs, as_of="2006/07-Q2")
    assert row(at_q2, "burglary.t5", "2005-06")["status"] == "overdue"  # due June 2005
    assert row(at_q2, "burglary.t6", "2007-03")["status"] == "due"
    at_q3 = assess(strategy, obs, as_of="2006/07-Q3")
    # A done deliverable is dated by the period it was delivered in, not its deadline.
    done = row(at_q3, "burglary.t6", "2006/07-Q3")
    assert done["status"] == "done" and str(done["due"]) == "2007-03-31"
    late = assess(strategy, figures(("target", "burglary.t6", "2007/08-Q1", 1)),
                  as_of="2007/08-Q1")
    done = row(late, "burglary.t6", "2007/08-Q1")
    assert done["status"] == "done" and "after the deadline" in done["reason"]


def test_year_on_year_direction(strategy: cdrpkit.Strategy) -> None:
    obs = figures(("indicator", "offenders", "2004/05", 100),
                  ("indicator", "offenders", "2005/06", 120),
                  ("indicator", "offenders", "2006/07", 110))
    rows = assess(strategy, obs)
    statuses = rows[rows["target_id"] == "burglary.t4"]["status"].tolist()
    assert statuses == ["baseline", "on track", "off track"]


def test_not_yet_due_and_no_data(strategy: cdrpkit.Strategy) -> None:
    rows = assess(strategy, figures(("indicator", "domestic-burglary", "2006/07", 2400)),
                  as_of="2006/07")
    assert row(rows, "burglary.t1", "2005/06")["status"] == "no data"
    assert row(rows, "burglary.t1", "2006/07")["status"] == "on track"
    assert row(rows, "burglary.t1", "2007/08")["status"] == "not yet due"


def test_figures_after_as_of_are_left_out(strategy: cdrpkit.Strategy) -> None:
    obs = figures(("indicator", "domestic-burglary", "2005/06", 2600),
                  ("indicator", "domestic-burglary", "2006/07", 3000))
    rows = assess(strategy, obs, as_of="2005/06")
    assert np.isnan(row(rows, "burglary.t1", "2006/07")["actual"])


def test_quarters_expect_a_pro_rata_share_and_get_an_xmr_chart(
    strategy: cdrpkit.Strategy,
) -> None:
    quarters = [("indicator", "domestic-burglary", f"2005/06-Q{q}", v)
                for q, v in zip(range(1, 5), (660, 650, 640, 655), strict=True)]
    result = assess_all(strategy, figures(*quarters), as_of="2005/06")
    q1 = row(result.rows, "burglary.t1", "2005/06-Q1")
    assert q1["expected"] == pytest.approx(2806 * 0.94 / 4)
    assert q1["status"] == "at risk"  # 660 > 659.4, within Byar's interval
    assert "burglary.t1" in result.verdicts["target_id"].tolist()
    chart = result.series["demo/burglary.t1"]
    assert chart["warnings"] == ["fewer than 12 points: trial limits"]
    verdict = result.verdicts.set_index("target_id").loc["burglary.t1"]
    assert "XmR chart (trial limits)" in verdict["methods"]


def test_progress_and_forecast_in_the_verdict(strategy: cdrpkit.Strategy) -> None:
    # statistics.md: "a 2005/06 value of 2,700 gives CAGR_o = -3.78%, R = 0.63,
    # moderate progress".
    result = assess_all(strategy, figures(("indicator", "domestic-burglary", "2005/06", 2700)))
    v = result.verdicts.set_index("target_id").loc["burglary.t1"]
    assert round(v["progress_ratio"], 2) == 0.63
    assert v["progress"] == "moderate progress"
    assert "forecast: fewer than 3 points" in v["skipped"]
    more = figures(("indicator", "domestic-burglary", "2005/06", 2700),
                   ("indicator", "domestic-burglary", "2006/07", 2590))
    v = assess_all(strategy, more).verdicts.set_index("target_id").loc["burglary.t1"]
    assert 0 < v["p_meet"] < 1
    assert v["forecast_lower"] < v["forecast"] < v["forecast_upper"]
    assert "log-linear forecast" in v["methods"]


def test_expected_values_agree_with_the_trajectories(strategy: cdrpkit.Strategy) -> None:
    trajectory = pytest.importorskip("cdrpkit.trajectory").trajectory
    rows = assess(strategy, figures(("indicator", "domestic-burglary", "2005/06", 2700)))
    for target in ("burglary.t1", "burglary.t3"):
        expected = trajectory(target, strategy=strategy).set_index("period")["expected"]
        mine = rows[(rows["target_id"] == target) & (rows["period_kind"] == "year")]
        for period, value in zip(mine["period"], mine["expected"], strict=True):
            assert value == pytest.approx(expected[period]), (target, period)


def test_audit_lets_a_reviewer_follow_the_calculation(
    strategy: cdrpkit.Strategy, tmp_path: Path,
) -> None:
    result = assess_all(strategy, figures(("indicator", "domestic-burglary", "2005/06", 2700)))
    path = tmp_path / "audit.json"
    result.write_audit(str(path))
    entry = next(e for e in json.loads(path.read_text()) if e["target_id"] == "burglary.t1")
    # The published fields, and what the engine expects each year, as trajectory gives.
    assert entry["published"]["baseline_value"] == 2806
    assert entry["published"]["annual_change"] == -0.06
    expected = {e["period"]: e for e in entry["expected"]}
    assert expected["2004/05"]["step"] == "baseline"
    assert expected["2005/06"]["expected"] == pytest.approx(2806 * 0.94)
    first = next(r for r in entry["rows"] if r["period"] == "2005/06")
    assert first["events"] == 2700 and first["interval_method"] == "Byar"
    assert entry["progress"]["cagr_required"] == pytest.approx(-0.05995, abs=1e-5)


def test_a_figure_by_target_and_by_indicator_for_one_period_is_an_error(
    strategy: cdrpkit.Strategy,
) -> None:
    obs = figures(("indicator", "domestic-burglary", "2005/06", 2700),
                  ("target", "burglary.t1", "2005/06", 2701))
    obs.loc[1, "unit"] = "offence"
    with pytest.raises(ObservationError, match=r"burglary.t1 has 2 figures for 2005/06"):
        assess(strategy, obs)


def test_many_partnerships_at_once(strategy: cdrpkit.Strategy) -> None:
    import attrs

    other = attrs.evolve(strategy, partnership=attrs.evolve(strategy.partnership, id="other"))
    obs = pd.concat([figures(("indicator", "domestic-burglary", "2005/06", 2700)),
                     figures(("indicator", "domestic-burglary", "2005/06", 2500))
                     .assign(partnership="other")], ignore_index=True)
    rows = assess([strategy, other], obs)
    mine = rows[(rows["target_id"] == "burglary.t1") & (rows["period"] == "2005/06")]
    assert dict(zip(mine["partnership"], mine["status"], strict=True)) == {
        "demo": "at risk", "other": "on track"}


def test_a_single_quarter_does_not_stop_the_months_being_charted(
    strategy: cdrpkit.Strategy,
) -> None:
    months = [("indicator", "domestic-burglary", f"2005-{m:02d}", v)
              for m, v in zip((4, 5, 6), (220, 215, 230), strict=True)]
    result = assess_all(strategy, figures(*months, ("indicator", "domestic-burglary",
                                                    "2005/06-Q3", 650)), as_of="2005/06")
    chart = result.series["demo/burglary.t1"]
    assert chart["kind"] == "month"
    assert chart["periods"] == ["2005-04", "2005-05", "2005-06"]
    assert chart["chart"].mean[0] == pytest.approx((220 + 215 + 230) / 3)


@pytest.mark.parametrize("name", ["leicester-2005", "leics-county-csp"])
def test_the_assessments_quick_walk_finds_what_walk_finds(name: str) -> None:
    s = cdrpkit.load(name)
    themes, targets = s.themed_targets()
    nodes = list(s.targets())
    assert targets == [n.node for n in nodes]
    assert themes == [n.theme for n in nodes]
    # Leicester's targets sit under themes, priorities and cross-cutting objectives.
    assert len(targets) == (66 if name == "leicester-2005" else 33)


def test_figures_with_plain_string_columns_assess_the_same(strategy: cdrpkit.Strategy) -> None:
    from cdrpkit.observations import validate_observations

    obs = validate_observations(figures(("indicator", "domestic-burglary", "2005/06", 2700),
                                        ("target", "burglary.t6", "2005/06-Q3", 1)), [strategy])
    plain = obs.copy()
    for column in plain.columns:
        if isinstance(plain[column].dtype, pd.CategoricalDtype):
            plain[column] = plain[column].astype(str)
    pd.testing.assert_frame_equal(assess(strategy, obs), assess(strategy, plain))
