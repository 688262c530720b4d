"""Issue 18: stated total changes, totals and their parts, deadlines after the strategy."""

from __future__ import annotations

import pytest

from cdrpkit.checks import Finding, check
from tests.checks.test_check import (
    LOCAL_INDICATOR,
    SMART_TARGETS,
    TOTALS_INDICATOR,
    TOTALS_TARGETS,
    strategy_with,
)


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return check(strategy_with(TOTALS_TARGETS, indicators=TOTALS_INDICATOR))


def test_a_total_change_disagreeing_with_baseline_and_target_is_an_error(
    findings: list[Finding],
) -> None:
    [f] = [f for f in findings if f.rule == "total-change"]
    assert (f.severity, f.target_id) == ("error", "vehicle-crime")
    # 1,000 less 18% is 820, not 850: off by 30; 850 / 0.82 = 1,036.6 would agree.
    assert f.details["implied_target"] == pytest.approx(820)
    assert f.details["implied_baseline"] == pytest.approx(1036.585, abs=1e-3)
    assert "differ by 15%" in f.message and "off by 30" in f.message
    assert "A target of 820 or a baseline of 1,036.6 would agree" in f.message


def test_a_total_change_that_agrees_at_its_rounding_is_quiet() -> None:
    agreeing = TOTALS_TARGETS.replace("{value: 850, period: by March 2008}",
                                      "{value: 824, period: by March 2008}")  # -17.6%
    assert not [f for f in check(strategy_with(agreeing, indicators=TOTALS_INDICATOR))
                if f.rule == "total-change"]


def test_parts_that_do_not_add_up_to_the_total_are_reported(findings: list[Finding]) -> None:
    [f] = [f for f in findings if f.rule == "parts"]
    assert (f.severity, f.target_id) == ("warning", "all-crime")
    # Baselines 200 + 100 = 300 agree; end values 170 + 95 = 265, not 260.
    assert "end values add up to 265, not the total's 260" in f.message
    assert "baseline" not in f.message


def test_a_missing_part_is_an_error() -> None:
    broken = TOTALS_TARGETS.replace("parts: [theft-from, theft-of]",
                                    "parts: [theft-from, theft-of, robbery]")
    [f] = [f for f in check(strategy_with(broken, indicators=TOTALS_INDICATOR))
           if f.rule == "parts"]
    assert f.severity == "error" and "robbery" in f.message


def test_by_2008_in_a_strategy_ending_2007_08_is_after_its_last_year() -> None:
    # Leicester's "Decrease repeat victimisation by 12% by 2008" in a 2005/06-2007/08 plan.
    found = check(strategy_with(SMART_TARGETS, indicators=LOCAL_INDICATOR))
    [f] = [f for f in found if f.rule == "deadline-after-strategy"]
    assert f.target_id == "repeat-victims"
    assert "is due in 2008/09 ('2008' is a calendar year" in f.message
    assert "after the strategy's last year, 2007/08" in f.message


def test_a_derived_baseline_is_inferred_never_stated() -> None:
    targets = """
- id: all-crime
  kind: relative-change
  text: Reduce crime by 6% to 9,704 by 2005
  change: -0.06
  by: "2005"
  baseline_period: "2004"
  target_value: 9704
"""
    strategy = strategy_with(targets)
    target = strategy.find("all-crime").node
    assert target.baseline_measure.source == "inferred"
    assert target.baseline_measure.value == pytest.approx(9704 / 0.94)
    row = strategy.targets_frame().set_index("target_id").loc["all-crime"]
    assert row["baseline_value"] == pytest.approx(10323.4, abs=0.05)
