"""The checker: rules, severities, the seed targets' arithmetic, the command line."""

from __future__ import annotations

import json
import math
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import cdrpkit
from cdrpkit import hookimpl
from cdrpkit.checks import Finding, Rule, check, has_errors
from cdrpkit.checks._text import roundings
from cdrpkit.checks.poisson import noise, poisson_cdf, poisson_sf
from cdrpkit.cli import cli
from cdrpkit.errors import NotFoundError, PluginError
from cdrpkit.loading import from_data
from cdrpkit.model import Strategy
from cdrpkit.plugins import Plugins
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "check-rules.md"

# Every level target with a yearly rate in the Leicester Community Safety Strategy
# 2005-2008, each ``text`` the document's own words (section "TARGETS" of each theme).
LEICESTER_TARGETS = """
- id: violent-crime
  kind: level
  text: Reduce violent crimes in Leicester from 5,382 offences (BCS) in 2004/5 to no more than 4,614 offences by March 2008, with yearly 5% reduction (this target is subject to LPSA2 agreement)
  unit: offence
  baseline: {value: 5382, period: 2004/05}
  target: {value: 4614, period: by March 2008}
  annual_change: -0.05
  bound: at_most
  subject_to: LPSA2 agreement
- id: licensed-premises
  kind: level
  text: Reduce assaults in licensed premises from 787 offences in 2004/05 to no more than 675 offences by March 2008, with a yearly 5% reduction
  unit: offence
  baseline: {value: 787, period: 2004/05}
  target: {value: 675, period: by March 2008}
  annual_change: -0.05
- id: domestic-violence
  kind: level
  text: Increase domestic violence reporting to the police from 6,619 offences in 2004/05 to 8,572 offences by March 2008 with a yearly 9% increase (this target is subject to LPSA2 agreement)
  unit: offence
  baseline: {value: 6619, period: 2004/05}
  target: {value: 8572, period: by March 2008}
  annual_change: 0.09
- id: sexual-offences
  kind: level
  text: Increase reporting of sexual offences reported to the police from 696 offences in 2004/05 to 805 offences by March 2008 with a yearly 5% increase
  unit: offence
  baseline: {value: 696, period: 2004/05}
  target: {value: 805, period: by March 2008}
  annual_change: 0.05
- id: weapons
  kind: level
  text: Reduce firearms and offensive weapons crimes from 241 offences to no more than 213 offences by March 2008, with a yearly 4% reduction
  unit: offence
  baseline: {value: 241, period: 2004/05, source: inferred, note: the document gives no year for 241; 2004/05 as for its other baselines}
  target: {value: 213, period: by March 2008}
  annual_change: -0.04
- id: robbery
  kind: level
  text: Reduce robbery offences from 977 offences (BCS) in 2004/05 to no more than 838 offences by March 2008, with a yearly 5% reduction, equating to a rate of 2.95 robberies per 1,000 population (based on mid-year 2003 population of 283,900), (this target is subject to LPSA2 violence target)
  unit: offence
  baseline: {value: 977, period: 2004/05}
  target: {value: 838, period: by March 2008}
  annual_change: -0.05
  stated_rate: {value: 2.95, denominator: population, denominator_value: 283900}
- id: domestic-burglary
  kind: level
  text: Reduce domestic burglary from 2,806 offences in 2004/05 to no more than 2,331 offences by March 2008, with a yearly 6% reduction, equating to a rate of 19.4 burglaries per 1,000 households (based on 120,420 households in the city)
  unit: offence
  baseline: {value: 2806, period: 2004/05}
  target: {value: 2331, period: by March 2008}
  annual_change: -0.06
  stated_rate: {value: 19.4, denominator: households, denominator_value: 120420}
- id: vehicle-crime
  kind: level
  text: Reduce vehicle crime from 5,260 offences in 2004/05 to no more than 3964 offences by March 2008, with a 9% yearly reduction, equating to a rate of 13.96 vehicle crimes per 1,000 population (based on mid-year 2003 population of 283,900)
  unit: offence
  baseline: {value: 5260, period: 2004/05}
  target: {value: 3964, period: by March 2008}
  annual_change: -0.09
  stated_rate: {value: 13.96, denominator: population, denominator_value: 283900}
- id: other-bcs
  kind: level
  text: Reduce other BCS offences(theft from a person, theft of cycle and vehicle interference) from 2,586 offences in 2004/05 to no more than 1981 offences by March 2008 with an 8.5% yearly reduction
  unit: offence
  baseline: {value: 2586, period: 2004/05}
  target: {value: 1981, period: by March 2008}
  annual_change: -0.085
- id: shop-theft
  kind: level
  text: Reduce thefts from shops from 2,469 offences in 2004/05 to no more than 2,253 offences by March 2008 with a 3% yearly reduction
  unit: offence
  baseline: {value: 2469, period: 2004/05}
  target: {value: 2253, period: by March 2008}
  annual_change: -0.03
- id: non-domestic-burglary
  kind: level
  text: Reduce non-domestic burglary in business locations from 1,037 in 2004/05 to 917 offences by March 2008 with a 4% yearly reduction
  unit: offence
  baseline: {value: 1037, period: 2004/05}
  target: {value: 917, period: by March 2008}
  annual_change: -0.04
- id: criminal-damage
  kind: level
  text: Reduce criminal damage offences from 8,629 offences in 2004/05 to no more than 6,610 offences by March 2008, with an 8.5% yearly reductions
  unit: offence
  baseline: {value: 8629, period: 2004/05}
  target: {value: 6610, period: by March 2008}
  annual_change: -0.085
"""  # noqa: E501 - the document's wording, verbatim

# id: (recomputed end value to 1 decimal, roundings that give the printed value,
#      whether that rounding makes the target easier or harder than the arithmetic)
EXPECTED = {
    "violent-crime": (4614.4, ["round", "floor"], "harder"),
    "licensed-premises": (674.8, ["round", "ceil"], "easier"),
    "domestic-violence": (8571.8, ["round", "ceil"], "harder"),
    "sexual-offences": (805.7, ["floor"], "easier"),
    "weapons": (213.2, ["round", "floor"], "harder"),
    "robbery": (837.7, ["round", "ceil"], "easier"),
    "domestic-burglary": (2330.6, ["round", "ceil"], "easier"),
    "vehicle-crime": (3963.8, ["round", "ceil"], "easier"),
    "other-bcs": (1981.0, ["round", "floor"], "harder"),
    "shop-theft": (2253.4, ["round", "floor"], "harder"),
    "non-domestic-burglary": (917.5, ["round", "floor"], "harder"),
    "criminal-damage": (6610.3, ["round", "floor"], "harder"),
}


def strategy_with(targets_yaml: str, **extra: Any) -> Strategy:
    """A one-objective strategy around these targets (YAML list), for the checker."""
    data: dict[str, Any] = {
        "cdrpkit": 1,
        "id": "leicester-test",
        "title": "Leicester targets",
        "first_year": "2005/06",
        "last_year": "2007/08",
        "partnership": {
            "id": "leicester",
            "name": "Leicester Partnership Against Crime and Disorder",
            "population": {"value": 283900, "unit": "person"},
            "households": {"value": 120420, "unit": "household"},
        },
        "objectives": [
            {"id": "targets", "title": "Targets", "targets": yaml.safe_load(targets_yaml)}
        ],
    }
    data.update(extra)
    return from_data(data)


@pytest.fixture(scope="module")
def leicester() -> Strategy:
    return strategy_with(LEICESTER_TARGETS)


def by_rule(findings: list[Finding], rule: str) -> dict[str | None, Finding]:
    return {f.target_id: f for f in findings if f.rule == rule}


# --- end-value ---------------------------------------------------------------------------


def test_every_leicester_level_target_reproduces_under_a_reported_rounding(
    leicester: Strategy,
) -> None:
    findings = check(leicester)
    end = by_rule(findings, "end-value")
    assert set(end) == set(EXPECTED)
    for ident, (exact, found, effect) in EXPECTED.items():
        f = end[ident]
        assert f.severity == "info", f.message
        assert round(f.details["expected_end"], 1) == exact
        assert f.details["roundings"] == found
        assert f.details["effect"] == effect
    assert not has_errors(findings)


def test_violent_crime_message_quotes_the_numbers(leicester: Strategy) -> None:
    # "from 5,382 offences (BCS) in 2004/5 to no more than 4,614 offences by March 2008,
    # with yearly 5% reduction"
    f = by_rule(check(leicester), "end-value")["violent-crime"]
    assert "5,382 with a yearly 5% reduction over 3 years gives 4,614.4" in f.message
    assert "the printed 4,614 is that figure rounded to the nearest whole number" in f.message
    assert "slightly harder" in f.message


def test_burglary_rounded_up_is_easier(leicester: Strategy) -> None:
    # "from 2,806 offences in 2004/05 to no more than 2,331 offences by March 2008, with a
    # yearly 6% reduction": 2,806 x 0.94^3 = 2,330.6
    f = by_rule(check(leicester), "end-value")["domestic-burglary"]
    assert "gives 2,330.6" in f.message
    assert "also rounded up" in f.message
    assert "slightly easier than the arithmetic: it allows 0.4 offences more" in f.message


def test_sexual_offences_increase_rounded_down_is_easier(leicester: Strategy) -> None:
    # "from 696 offences in 2004/05 to 805 offences by March 2008 with a yearly 5%
    # increase": 696 x 1.05^3 = 805.7, which rounds to 806; the document prints 805.
    f = by_rule(check(leicester), "end-value")["sexual-offences"]
    assert "696 with a yearly 5% increase over 3 years gives 805.7" in f.message
    assert "the printed 805 is that figure rounded down" in f.message
    assert "asks for 0.7 offences fewer" in f.message


def test_an_end_value_no_rounding_gives_is_an_error() -> None:
    changed = LEICESTER_TARGETS.replace("{value: 2331, period", "{value: 2400, period")
    findings = check(strategy_with(changed))
    f = by_rule(findings, "end-value")["domestic-burglary"]
    assert f.severity == "error"
    assert "does not follow from the document's own numbers" in f.message
    assert "gives 2,330.6, which would be printed 2,331, but the document prints 2,400" in f.message
    assert has_errors(findings)


@pytest.mark.parametrize(
    ("printed", "hint"),
    [(2301, "linear"), (2479, "matches 2 years of change, not 3")],
)
def test_an_end_value_error_names_the_likely_slip(printed: int, hint: str) -> None:
    changed = LEICESTER_TARGETS.replace("{value: 2331, period", f"{{value: {printed}, period")
    f = by_rule(check(strategy_with(changed)), "end-value")["domestic-burglary"]
    assert f.severity == "error"
    assert hint in f.message


def test_roundings_at_the_printed_precision() -> None:
    assert roundings(2.9517, 2.95) == ("round", "floor")
    assert roundings(19.357, 19.4) == ("round", "ceil")
    assert roundings(4614.392, 4614) == ("round", "floor")
    assert roundings(10.5, 11) == ("round", "ceil")  # halves go up, as by hand
    assert roundings(10.0, 10) == ("round", "floor", "ceil")
    assert roundings(2330.6, 2329) == ()


# --- stated-rate -------------------------------------------------------------------------


def test_leicester_stated_rates_follow_from_count_and_denominator(leicester: Strategy) -> None:
    # "2.95 robberies per 1,000 population (based on mid-year 2003 population of 283,900)":
    # 838 / 283,900 x 1,000 = 2.9517; "19.4 burglaries per 1,000 households (based on
    # 120,420 households)": 2,331 / 120,420 x 1,000 = 19.357; "13.96 vehicle crimes per
    # 1,000 population": 3,964 / 283,900 x 1,000 = 13.963. All round to the printed rate.
    assert by_rule(check(leicester), "stated-rate") == {}
    assert roundings(838 / 283_900 * 1000, 2.95)[0] == "round"
    assert roundings(2331 / 120_420 * 1000, 19.4)[0] == "round"
    assert roundings(3964 / 283_900 * 1000, 13.96)[0] == "round"


def test_a_stated_rate_that_does_not_follow_is_an_error() -> None:
    changed = LEICESTER_TARGETS.replace("{value: 2.95,", "{value: 3.95,")
    f = by_rule(check(strategy_with(changed)), "stated-rate")["robbery"]
    assert f.severity == "error"
    assert "3.95 per 1,000 population" in f.message
    assert "838 / 283,900 x 1,000 = 2.9517, which would be printed 2.95" in f.message


def test_a_rate_from_the_unrounded_end_value_is_info() -> None:
    # 2,330.6 / 120,420 x 1,000 = 19.354, printed to two places 19.35; 2,331 gives 19.36.
    changed = LEICESTER_TARGETS.replace("{value: 19.4,", "{value: 19.35,")
    f = by_rule(check(strategy_with(changed)), "stated-rate")["domestic-burglary"]
    assert f.severity == "info"
    assert "unrounded end value 2,330.6, not the printed 2,331" in f.message


def test_a_stated_rate_without_denominator_is_a_warning() -> None:
    changed = LEICESTER_TARGETS.replace(
        "{value: 2.95, denominator: population, denominator_value: 283900}",
        "{value: 2.95, denominator: population}",
    )
    strategy = strategy_with(changed)
    strategy = strategy_with(
        changed,
        partnership={"id": "leicester", "name": "Leicester Partnership Against Crime"},
    )
    f = by_rule(check(strategy), "stated-rate")["robbery"]
    assert f.severity == "warning"
    assert "cannot be checked" in f.message


# --- detectability -----------------------------------------------------------------------


def test_weapons_fall_is_within_one_years_noise(leicester: Strategy) -> None:
    # "Reduce firearms and offensive weapons crimes from 241 offences to no more than 213
    # offences by March 2008, with a yearly 4% reduction": 9.6 a year against sqrt(241) = 15.5.
    found = by_rule(check(leicester), "detectability")
    assert set(found) == {"weapons"}  # every other yearly change exceeds one year's noise
    f = found["weapons"]
    assert f.severity == "info"
    assert "a change of 9.6 in the first year" in f.message
    assert "one standard deviation is about 15.5" in f.message
    assert "27% of the time" in f.message and "missed 49% of the time" in f.message
    # The criterion, stated: the power of a year-on-year comparison of two Poisson counts
    # at 95%, Phi(9.64 / sqrt(241 + 231.36) - 1.96) = 0.0647 by the normal approximation.
    assert ("A 4% fall on 241 offences: about 6% chance a year-on-year comparison shows it "
            "at 95% confidence.") in f.message
    assert f.details["p_shown_year_on_year"] == pytest.approx(0.0647, abs=5e-5)
    assert f.details["confidence"] == 0.95
    assert "Thode 1997" in f.details["power_method"]
    from cdrpkit.stats.detect import detectability, detection_power

    d = detectability(241, -0.04)
    assert f.details["p_met_by_chance"] == pytest.approx(float(d.p_met_by_chance), abs=1e-12)
    assert f.details["p_missed_on_track"] == pytest.approx(float(d.p_missed_on_track), abs=1e-12)
    normal = detection_power(241, -0.04, method="normal")
    assert f.details["p_shown_year_on_year"] == pytest.approx(float(normal), abs=1e-12)


@pytest.mark.parametrize(
    ("baseline", "change", "level"),
    [(241, -0.04, 0.95), (318, -0.053, 0.95), (30, 0.2, 0.998), (2.5, -0.3, 0.95)],
)
def test_pure_python_power_agrees_with_the_stats_module(
    baseline: float, change: float, level: float
) -> None:
    from cdrpkit.checks.poisson import detection_power as pure
    from cdrpkit.stats.detect import detection_power

    assert pure(baseline, change, level) == pytest.approx(
        float(detection_power(baseline, change, level, method="normal")), abs=1e-12)


def test_a_target_of_zero_is_sized_by_a_straight_line_to_zero() -> None:
    # A compound change to zero would be -100% in every year; the rule uses the first
    # year's share of the straight line instead: 1 of 3 years, so 2 of 6 fire deaths.
    deaths = """
    - id: fire-deaths
      kind: change
      text: Reduce deaths in accidental dwelling fires from 6 in 2004/05 to none by 2007/08
      unit: casualty
      baseline: {value: 6, period: 2004/05}
      target: {value: 0, period: 2007/08}
    """
    f = by_rule(check(strategy_with(textwrap.dedent(deaths))), "detectability")["fire-deaths"]
    assert f.details["annual_change"] == pytest.approx(-1 / 3)
    assert f.details["expected_change"] == pytest.approx(-2.0)
    assert "over 3 years the planned change (6)" in f.message.lower()


@pytest.mark.parametrize(
    ("baseline", "change", "years"),
    [(241, -0.04, 1), (241, -0.04, 3), (696, 0.05, 1), (30, 0.2, 2), (5382, -0.05, 1),
     (8629, -0.085, 3), (2.5, -0.3, 1)],
)
def test_pure_python_poisson_agrees_with_scipy(baseline: float, change: float, years: int) -> None:
    from scipy.stats import poisson

    for k in (0, math.floor(baseline * 0.8), math.floor(baseline), math.ceil(baseline * 1.2)):
        assert poisson_cdf(k, baseline) == pytest.approx(poisson.cdf(k, baseline), abs=1e-12)
        assert poisson_sf(k, baseline) == pytest.approx(poisson.sf(k, baseline), abs=1e-12)
    from cdrpkit.stats.detect import detectability

    mine, theirs = noise(baseline, change, years), detectability(baseline, change, years)
    assert mine.p_met_by_chance == pytest.approx(float(theirs.p_met_by_chance), abs=1e-12)
    assert mine.p_missed_on_track == pytest.approx(float(theirs.p_missed_on_track), abs=1e-12)
    assert mine.signal_to_noise == pytest.approx(float(theirs.signal_to_noise))


def test_change_target_yearly_rate_is_implied_for_detectability() -> None:
    # "Reduce deliberate primary fires (excluding vehicle fires) from 318 incidents in
    # 2003/04 to no more than 270 incidents in 2006/07, and maintain that level in 2007/08"
    fires = """
    - id: primary-fires
      kind: change
      text: Reduce deliberate primary fires (excluding vehicle fires) from 318 incidents in 2003/04 to no more than 270 incidents in 2006/07, and maintain that level in 2007/08
      unit: incident
      baseline: {value: 318, period: 2003/04}
      target: {value: 270, period: 2006/07}
      maintain_until: 2007/08
    """  # noqa: E501 - the document's wording, verbatim
    f = by_rule(check(strategy_with(textwrap.dedent(fires))), "detectability")["primary-fires"]
    assert "an implied yearly 5.3% reduction from 318 incidents" in f.message


# --- SMART, follow-on --------------------------------------------------------------------


def test_inferred_baseline_year_is_a_smart_gap(leicester: Strategy) -> None:
    f = by_rule(check(leicester), "smart-baseline")["weapons"]
    assert f.severity == "warning"
    assert "241 in 2004/05 is partly our reading (the document gives no year for 241" in f.message


SMART_TARGETS = """
- id: repeat-victims
  kind: relative-change
  text: Decrease repeat victimisation by 12% by 2008
  indicator: repeat-victimisation
  change: -0.12
  by: "2008"
- id: deter-baseline
  kind: baseline-then
  text: By July 2005, to establish a baseline for the number of young offenders who meet the criteria for the 'deter' group, and set yearly targets for reducing the number of young offenders in the 'deter' group
  establish_by: July 2005
- id: brought-to-justice
  kind: baseline-then
  text: Establish a baseline for the number of offenders brought to justice in 2004/05 and increase this number year on year
  indicator: repeat-victimisation
  establish_by: 2004/05
  then: increase
  then_cadence: year_on_year
- id: confidence
  kind: direction
  text: Increase public confidence
  direction: increase
- id: hotspots
  kind: recurring
  text: Identify and work to reduce violence in a minimum of 5 "hotspot areas/premises" a year
  deliverable: hotspot area or premises worked on
  count: 5
  at_least: true
"""  # noqa: E501 - the document's wording, verbatim

# Issue 18: "reduce by 18% from a baseline of N to a target of M" where the three disagree,
# and a total target made of parts that do not add up (made-up figures for the checker).
TOTALS_TARGETS = """
- id: vehicle-crime
  kind: level
  text: >-
    Reduce vehicle crime by 18% from a baseline of 1,000 offences in 2004/05
    to a target of 850 offences by March 2008
  indicator: vehicle-crime
  unit: offence
  baseline: {value: 1000, period: 2004/05}
  target: {value: 850, period: by March 2008}
  total_change: -0.18
- id: all-crime
  kind: change
  text: Reduce crime from 300 offences in 2004/05 to 260 offences in 2007/08
  indicator: vehicle-crime
  unit: offence
  baseline: {value: 300, period: 2004/05}
  target: {value: 260, period: 2007/08}
  parts: [theft-from, theft-of]
- id: theft-from
  kind: change
  text: Reduce theft from vehicles from 200 offences in 2004/05 to 170 in 2007/08
  indicator: vehicle-crime
  unit: offence
  baseline: {value: 200, period: 2004/05}
  target: {value: 170, period: 2007/08}
  part_of: all-crime
- id: theft-of
  kind: change
  text: Reduce theft of vehicles from 100 offences in 2004/05 to 95 in 2007/08
  indicator: vehicle-crime
  unit: offence
  baseline: {value: 100, period: 2004/05}
  target: {value: 95, period: 2007/08}
  part_of: all-crime
"""
TOTALS_INDICATOR = [
    {"id": "vehicle-crime", "family": "local", "title": "Vehicle crime",
     "unit": "offence", "polarity": "lower_is_better"}
]

LOCAL_INDICATOR = [
    {"id": "repeat-victimisation", "family": "local", "title": "Repeat victims of crime",
     "unit": "victim", "polarity": "lower_is_better"}
]


@pytest.fixture(scope="module")
def smart_findings() -> list[Finding]:
    return check(strategy_with(SMART_TARGETS, indicators=LOCAL_INDICATOR))


def test_relative_change_from_current_levels_has_no_baseline(smart_findings: list[Finding]) -> None:
    f = by_rule(smart_findings, "smart-baseline")["repeat-victims"]
    assert "has no stated baseline" in f.message
    assert set(by_rule(smart_findings, "smart-baseline")) == {"repeat-victims"}


def test_missing_deadline_and_indicator(smart_findings: list[Finding]) -> None:
    assert set(by_rule(smart_findings, "smart-deadline")) == {"confidence"}
    # hotspots is recurring: it runs to the strategy's last year, 2007/08
    assert set(by_rule(smart_findings, "smart-indicator")) == {"deter-baseline", "confidence"}


def test_baseline_then_without_follow_on(smart_findings: list[Finding]) -> None:
    found = by_rule(smart_findings, "follow-on")
    assert found["deter-baseline"].severity == "warning"
    assert "the target to follow it is not in the strategy" in found["deter-baseline"].message
    assert found["brought-to-justice"].severity == "info"
    assert "asks only to increase it year on year" in found["brought-to-justice"].message


def test_a_linked_follow_on_is_not_reported() -> None:
    linked = SMART_TARGETS.replace(
        "  establish_by: July 2005\n", "  establish_by: July 2005\n  follow_on: confidence\n"
    )
    found = by_rule(check(strategy_with(linked, indicators=LOCAL_INDICATOR)), "follow-on")
    assert "deter-baseline" not in found


# --- coverage ----------------------------------------------------------------------------


def coverage_strategy() -> Strategy:
    return from_data(
        {
            "cdrpkit": 1,
            "id": "coverage",
            "title": "Coverage",
            "partnership": {"id": "p", "name": "P", "agencies": [
                {"id": "police", "name": "Police", "role": "statutory"}]},
            "themes": [
                {
                    "id": "acquisitive",
                    "title": "Preventing & Reducing Acquisitive Crime & Drugs",
                    "priorities": [
                        {
                            "id": "vehicle",
                            "title": "Vehicle Crime",
                            "objectives": [
                                {
                                    "id": "vehicle-crime",
                                    "title": "To reduce vehicle crime",
                                    "actions": [
                                        {"text": "Target hardening of car parks",
                                         "classifications": [
                                             {"framework": "three-pronged",
                                              "category": "prevention", "source": "stated"},
                                             {"framework": "stage-and-method", "axis": "stage",
                                              "category": "primary"},
                                             {"framework": "stage-and-method", "axis": "method",
                                              "category": "situational"}]},
                                        {"text": "Arrest prolific car thieves",
                                         "classifications": [
                                             {"framework": "three-pronged",
                                              "category": "enforcement"}]},
                                    ],
                                }
                            ],
                        }
                    ],
                },
                {"id": "violence", "title": "Violent Crime", "chair": "police"},
            ],
        }
    )


def test_coverage_rules() -> None:
    findings = check(coverage_strategy())
    prongs = [f for f in findings if f.rule == "coverage-prongs"]
    assert len(prongs) == 1
    assert prongs[0].path == "themes[0].priorities[0]"
    assert "Priority 'Vehicle Crime' has no action for rehabilitation" in prongs[0].message
    assert "1 stated by the document, 1 inferred by us" in prongs[0].message
    cells = [f for f in findings if f.rule == "coverage-stage-method"]
    assert len(cells) == 1 and "8 of the 9 stage-and-method cells" in cells[0].message
    assert "primary/situational" not in cells[0].details["empty"]
    targets = [f.path for f in findings if f.rule == "coverage-targets"]
    assert targets == ["themes[0].priorities[0].objectives[0]"]
    chairs = [f.message for f in findings if f.rule == "coverage-chair"]
    assert chairs == [
        "Theme 'Preventing & Reducing Acquisitive Crime & Drugs' has no chair: name the "
        "agency that leads it and answers for its targets."
    ]


# --- units -------------------------------------------------------------------------------


UNIT_TARGETS = """
- id: burglary-count
  kind: level
  text: Reduce domestic burglary to no more than 2,331 offences
  indicator: burglary-rate
  unit: offence
  baseline: {value: 2806, period: 2004/05}
  target: {value: 2331, period: 2007/08}
- id: burglary-households
  kind: level
  text: Reduce burglary to 2,331
  indicator: burglary-rate
  unit: household
  baseline: {value: 2806, period: 2004/05}
  target: {value: 2331, period: 2007/08}
- id: no-unit
  kind: change
  text: Reduce deliberate secondary fires from 2,035 incidents in 2003/04 to no more than 1,526 incidents in 2006/07
  baseline: {value: 2035, period: 2003/04}
  target: {value: 1526, period: 2006/07}
"""  # noqa: E501 - the document's wording, verbatim


RATE_INDICATOR = {
    "id": "burglary-rate", "family": "local", "title": "Burglaries per 1,000 households",
    "unit": "offence / kilohousehold", "polarity": "lower_is_better",
}


def test_unit_rules() -> None:
    indicators = [RATE_INDICATOR]
    findings = check(strategy_with(UNIT_TARGETS, indicators=indicators))
    mismatch = by_rule(findings, "unit-mismatch")
    assert set(mismatch) == {"burglary-households"}  # a count of a rate's offences fits
    assert "'household'" in mismatch["burglary-households"].message
    assert "'offence / kilohousehold'" in mismatch["burglary-households"].message
    assert set(by_rule(findings, "unit-missing")) == {"no-unit"}


# --- the checker itself ------------------------------------------------------------------


def test_disable_switches_rules_off(leicester: Strategy) -> None:
    findings = check(leicester, disable=["end-value", "detectability"])
    assert {f.rule for f in findings}.isdisjoint({"end-value", "detectability"})
    with pytest.raises(NotFoundError, match="no check rule called 'nope'"):
        check(leicester, disable=["nope"])


class BrokenRules:
    @hookimpl
    def cdrpkit_register_checks(self) -> list[Rule]:
        def broken(strategy: Strategy, context: Any) -> list[Finding]:
            raise RuntimeError("boom")

        return [Rule(id="broken", severity="warning", title="t", description="d",
                     function=broken)]


def test_a_broken_rule_is_reported_and_the_others_run(leicester: Strategy) -> None:
    host = Plugins(plugins=[("broken-plugin", BrokenRules())])
    findings = check(leicester, plugins=host)
    broken = [f for f in findings if f.rule == "broken"]
    assert broken[0].severity == "error"
    assert "plugin broken-plugin failed (RuntimeError: boom)" in broken[0].message
    assert any(f.rule == "end-value" for f in findings)
    strict = Plugins(plugins=[("broken-plugin", BrokenRules())], strict=True)
    with pytest.raises(PluginError, match="broken-plugin"):
        check(leicester, plugins=strict)


def test_public_api_names(leicester: Strategy) -> None:
    # Importing cdrpkit.check binds the module to the name; calling it still checks.
    assert cdrpkit.check(leicester) == check(leicester)  # type: ignore[operator]
    assert cdrpkit.Finding is Finding
    with pytest.raises(ValueError, match="severity 'fatal'"):
        Finding(rule="r", severity="fatal", path="", message="m")  # type: ignore[arg-type]


# --- command line ------------------------------------------------------------------------


def write(tmp_path: Path, strategy: Strategy) -> Path:
    path = tmp_path / "strategy.yaml"
    path.write_text(cdrpkit.dumps(strategy), encoding="utf-8")
    return path


def test_cli_check_json_and_exit_codes(tmp_path: Path, leicester: Strategy) -> None:
    runner = CliRunner()
    ok = runner.invoke(cli, ["check", str(write(tmp_path, leicester)), "--format", "json"])
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.output)
    assert {d["rule"] for d in data} >= {"end-value", "detectability", "smart-baseline"}
    assert set(data[0]) == {"rule", "severity", "path", "target_id", "message", "details",
                            "file", "line"}
    assert data[0]["file"].endswith(".yaml") and data[0]["line"] >= 1
    changed = strategy_with(
        LEICESTER_TARGETS.replace("{value: 2331, period", "{value: 2400, period")
    )
    bad = runner.invoke(cli, ["check", str(write(tmp_path, changed))])
    assert bad.exit_code == 1
    assert re.search(r"^\S*strategy\.yaml:\d+: error \[end-value\] "
                     r"objectives\[0\]\.targets\[6\]\.target\.value: ",
                     bad.output, re.M)
    assert "1 error, " in bad.output
    off = runner.invoke(cli, ["check", str(write(tmp_path, changed)), "--disable", "end-value"])
    assert off.exit_code == 0
    unknown = runner.invoke(cli, ["check", str(tmp_path / "strategy.yaml"), "--disable", "x"])
    assert unknown.exit_code == 2 and "no check rule called 'x'" in unknown.output


# --- docs --------------------------------------------------------------------------------


def doc_examples() -> dict[str, Finding]:
    """The most severe finding of each built-in rule on the test strategies above."""
    changed = LEICESTER_TARGETS.replace("{value: 2331, period", "{value: 2400, period").replace(
        "{value: 2.95,", "{value: 3.95,")
    indicators = [RATE_INDICATOR, *LOCAL_INDICATOR]
    strategies = [
        strategy_with(changed),
        strategy_with(SMART_TARGETS, indicators=LOCAL_INDICATOR),
        coverage_strategy(),
        strategy_with(UNIT_TARGETS, indicators=indicators),
        strategy_with(TOTALS_TARGETS, indicators=TOTALS_INDICATOR),
    ]
    rank = {"error": 0, "warning": 1, "info": 2}
    examples: dict[str, Finding] = {}
    for strategy in strategies:
        for f in check(strategy):
            # Show each rule at its most severe: the first such finding.
            if f.rule not in examples or rank[f.severity] < rank[examples[f.rule].severity]:
                examples[f.rule] = f
    return examples


def test_every_rule_is_documented_with_a_real_example() -> None:
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    examples = doc_examples()
    rules = Plugins().checks
    assert set(examples) == set(rules), "every rule needs an example in doc_examples()"
    for ident, rule in rules.items():
        assert f"## `{ident}`" in text, f"docs/check-rules.md has no section for {ident}"
        assert f"Severity: {rule.severity}" in text.split(f"## `{ident}`")[1].split("## `")[0]
        assert " ".join(examples[ident].message.split()) in text, (
            f"the example of {ident} in docs/check-rules.md is out of date:\n"
            f"{examples[ident].message}"
        )
