"""Trajectories: expected values per year and quarter, bounds, rates per 1,000."""

from __future__ import annotations

import doctest
import importlib
import itertools
import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cdrpkit
from cdrpkit.errors import InputError, NotFoundError
from cdrpkit.loading import load
from cdrpkit.model.change import compound, linear
from cdrpkit.model.kinds import ChangeTarget, LevelTarget, Measure, RateTarget
from cdrpkit.periods import FinancialYear, parse_deadline, parse_period
from cdrpkit.trajectory import COLUMNS, trajectory, trajectory_rows
from cdrpkit.units import from_rate, to_rate
from tests.conftest import MINIMAL


def level(base: float, change: float, end: float, model: str = "compound") -> LevelTarget:
    return LevelTarget(
        id="t", text="...", unit="offence", annual_change=change, change_model=model,  # type: ignore[arg-type]
        baseline=Measure(value=base, period=parse_period("2004/05")),
        target=Measure(value=end, period=parse_deadline("by March 2008")),
    )


def test_doctests() -> None:
    assert doctest.testmod(importlib.import_module("cdrpkit.trajectory")).failed == 0


def test_violent_crime_yearly_trajectory() -> None:
    # "from 5,382 offences (BCS) in 2004/5 to no more than 4,614 offences by March 2008,
    # with yearly 5% reduction"
    frame = trajectory(level(5382, -0.05, 4614))
    assert list(frame.columns) == list(COLUMNS)
    assert list(frame["period"]) == ["2004/05", "2005/06", "2006/07", "2007/08"]
    assert list(frame["expected"].round(2)) == [5382.0, 5112.9, 4857.26, 4614.39]
    assert list(frame["step"]) == ["baseline", "trajectory", "trajectory", "target"]
    assert list(frame["source"]) == ["stated", "inferred", "inferred", "inferred"]
    # Each year is bounded by the stated yearly change; the last by the printed figure.
    assert frame["bound"].isna().iloc[0]
    assert frame["bound"].iloc[1:].tolist() == ["at_most", "at_most", "at_most"]
    assert frame["threshold"].iloc[-1] == 4614
    assert frame["threshold"].iloc[1] == pytest.approx(5112.9)
    assert frame["period_start"].iloc[0] == pd.Timestamp("2004-04-01")
    assert frame["rate_per_1000"].isna().all()  # no strategy, no denominator


def test_linear_change_model() -> None:
    rows = trajectory_rows(level(2806, -0.06, 2301, model="linear"))
    assert [round(r["expected"], 2) for r in rows] == [2806, 2637.64, 2469.28, 2300.92]


def test_change_target_interpolates_then_maintains() -> None:
    # "Reduce deliberate secondary fires from 2,035 incidents in 2003/04 to no more than
    # 1,526 incidents in 2006/07, and maintain that level in 2007/08"
    t = ChangeTarget(
        id="secondary-fires", text="...", unit="incident",
        baseline=Measure(value=2035, period=parse_period("2003/04")),
        target=Measure(value=1526, period=parse_period("2006/07")),
        maintain_until=parse_period("2007/08"),
    )
    rows = trajectory_rows(t)
    assert [r["period"] for r in rows] == ["2003/04", "2004/05", "2005/06", "2006/07", "2007/08"]
    values = [r["expected"] for r in rows]
    ratios = [b / a for a, b in itertools.pairwise(values[:4])]
    assert ratios == pytest.approx([(1526 / 2035) ** (1 / 3)] * 3)
    assert values[3:] == [1526, 1526]
    assert [r["bound"] for r in rows] == [None, None, None, "at_most", "at_most"]
    assert [r["source"] for r in rows] == ["stated", "inferred", "inferred", "stated", "stated"]


def test_quarters_equal_and_profiled() -> None:
    t = level(2806, -0.06, 2331)
    equal = trajectory(t, quarters=True)
    assert len(equal) == 16
    assert equal["period"].iloc[4] == "2005/06-Q1"
    yearly = trajectory(t)["expected"].tolist()
    sums = equal.groupby(equal.index // 4)["expected"].sum().tolist()
    assert sums == pytest.approx(yearly)
    profiled = trajectory_rows(t, quarters=True, profile=[0.3, 0.2, 0.2, 0.3])
    assert profiled[0]["expected"] == pytest.approx(2806 * 0.3)
    assert profiled[1]["expected"] == pytest.approx(2806 * 0.2)


def test_rates_are_not_spread_over_quarters() -> None:
    # "Achieve a better than 50% sanction detection rate for violent crime each year"
    t = RateTarget(id="sdr", text="...", unit="percent", threshold=50, each_year=True,
                   bound="above", first_year=FinancialYear(2005), last_year=FinancialYear(2007))
    rows = trajectory_rows(t, quarters=True, profile=[0.4, 0.2, 0.2, 0.2])
    assert len(rows) == 12
    assert {r["expected"] for r in rows} == {50}
    assert {r["bound"] for r in rows} == {"above"}


@pytest.mark.parametrize(
    ("profile", "message"),
    [([0.5, 0.5], "four weights"), ([0.5, 0.5, 0.5, -0.5], "0 or more"),
     ([0.3, 0.3, 0.3, 0.3], "sum to 1")],
)
def test_bad_profile(profile: list[float], message: str) -> None:
    with pytest.raises(InputError, match=message):
        trajectory_rows(level(2806, -0.06, 2331), quarters=True, profile=profile)


def test_target_by_id_and_rate_per_1000_from_the_strategy() -> None:
    strategy = load(MINIMAL)
    # "equating to a rate of 19.4 burglaries per 1,000 households (based on 120,420
    # households in the city)"
    frame = cdrpkit.trajectory("burglary.t1", strategy=strategy)  # type: ignore[operator]
    assert (frame["denominator"] == "households").all()
    assert frame["rate_per_1000"].iloc[0] == pytest.approx(2806 / 120.42)
    assert frame["rate_per_1000"].iloc[-1] == pytest.approx(2330.6187 / 120.42)
    with pytest.raises(NotFoundError, match="nope"):
        trajectory("nope", strategy=strategy)
    with pytest.raises(InputError, match="not a target"):
        trajectory("burglary", strategy=strategy)
    with pytest.raises(InputError, match="pass the strategy"):
        trajectory("burglary.t1")


def test_population_is_the_default_denominator() -> None:
    strategy = load(MINIMAL)
    t = level(977, -0.05, 838)
    rows = trajectory_rows(t, strategy=strategy)
    # "2.95 robberies per 1,000 population (based on mid-year 2003 population of 283,900)"
    assert rows[-1]["denominator"] == "population"
    assert round(838 / 283_900 * 1000, 2) == 2.95
    assert rows[-1]["rate_per_1000"] == pytest.approx(rows[-1]["expected"] / 283.9)


def test_kinds_without_numbers_give_no_rows() -> None:
    strategy = load(MINIMAL)
    # The minimal strategy's patch walks: 9 groups x at least 1 a year, 2005/06 to 2007/08.
    rows = trajectory_rows("lags.t1", strategy=strategy)
    assert [(r["period"], r["expected"], r["bound"]) for r in rows] == [
        ("2005/06", 9, "at_least"), ("2006/07", 9, "at_least"), ("2007/08", 9, "at_least")
    ]


def test_cli_trajectory(tmp_path: object) -> None:
    from click.testing import CliRunner

    from cdrpkit.cli import cli

    result = CliRunner().invoke(
        cli, ["trajectory", str(MINIMAL), "burglary.t1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert [d["period"] for d in data] == ["2004/05", "2005/06", "2006/07", "2007/08"]
    assert data[0]["bound"] is None and data[-1]["threshold"] == 2331
    table = CliRunner().invoke(cli, ["trajectory", str(MINIMAL), "burglary.t1", "--quarters"])
    assert "2007/08-Q4" in table.output and "582.65" in table.output
    bad = CliRunner().invoke(
        cli, ["trajectory", str(MINIMAL), "burglary.t1", "--quarters", "--profile", "a,b"]
    )
    assert bad.exit_code == 2 and "--profile: expected four numbers" in bad.output


# --- properties --------------------------------------------------------------------------

values = st.floats(min_value=1, max_value=1e6, allow_nan=False)
changes = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)
years = st.integers(min_value=0, max_value=15)


@given(values, changes, years)
def test_compounding_is_the_product_of_yearly_steps(v0: float, r: float, n: int) -> None:
    stepped = v0
    for _ in range(n):
        stepped = compound(stepped, r, 1)
    assert compound(v0, r, n) == pytest.approx(stepped, rel=1e-12)


# A linear fall of more than a third a year would go below zero within three years.
@given(values, st.floats(min_value=-0.33, max_value=0, allow_nan=False),
       st.sampled_from(["compound", "linear"]))
def test_a_reduction_trajectory_never_rises(v0: float, r: float, model: str) -> None:
    step = compound if model == "compound" else linear
    end = step(v0, r, 3)
    rows = trajectory_rows(level(v0, r, end, model=model))
    expected = [row["expected"] for row in rows]
    assert all(b <= a for a, b in itertools.pairwise(expected))


@given(values, st.floats(min_value=-0.5, max_value=0, allow_nan=False))
def test_a_reduction_change_target_never_rises(v0: float, share: float) -> None:
    t = ChangeTarget(id="t", text="...",
                     baseline=Measure(value=v0, period=parse_period("2003/04")),
                     target=Measure(value=v0 * (1 + share), period=parse_period("2006/07")),
                     maintain_until=parse_period("2007/08"))
    expected = [row["expected"] for row in trajectory_rows(t)]
    assert all(b <= a * (1 + 1e-12) for a, b in itertools.pairwise(expected))


@given(st.integers(min_value=0, max_value=10**6), st.floats(min_value=1, max_value=1e7),
       st.sampled_from([1, 1000, 10_000, 100_000]))
def test_count_to_rate_and_back(count: int, denominator: float, per: int) -> None:
    back = from_rate(to_rate(count, denominator, per), denominator, per)
    assert back == pytest.approx(count, rel=1e-12, abs=1e-9)
    assert round(back) == count
    assert not math.isnan(back)


def test_a_count_of_the_partnerships_own_outputs_has_no_rate_per_1000() -> None:
    # Issue 18: "5 hotspot areas a year" showed a rate per 1,000 population.
    from cdrpkit.model.kinds import RecurringTarget

    strategy = cdrpkit.load(MINIMAL)
    t = RecurringTarget(id="h", text="5 hotspot areas a year", deliverable="hotspot area",
                        count=5, unit="place")
    rows = trajectory_rows(t, strategy=strategy)
    assert rows and all(r["denominator"] is None and r["rate_per_1000"] != r["rate_per_1000"]
                        for r in rows)


def test_a_calendar_year_deadline_says_it_was_placed_in_a_financial_year() -> None:
    # "decrease repeat victimisation by 12% by 2008": calendar 2008 ends in 2008/09.
    from cdrpkit.model.kinds import RelativeChangeTarget

    t = RelativeChangeTarget(id="r", text=".", change=-0.12, by=parse_period("2008"))
    (row,) = trajectory_rows(t)
    assert row["period"] == "2008/09" and "calendar-year" in (row["note"] or "")
