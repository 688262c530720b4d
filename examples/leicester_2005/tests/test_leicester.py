"""The Leicester strategy 2005-2008 as encoded: counts, parsed targets, CLI, round trip.

Every figure asserted here is the document's own; each test quotes the words it checks.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.frames import TARGET_COLUMNS
from cdrpkit.loading import dumps, from_data, to_data
from cdrpkit.loading.schema import strategy_schema
from cdrpkit.model import Objective, Strategy
from cdrpkit.model.kinds import Target
from cdrpkit.plugins import Plugins

EXAMPLE = Path(__file__).resolve().parent.parent
SEED = Path("/work/shared/seeds/leicester_community_safety_strategy_2005-2008.txt")


@pytest.fixture(scope="module")
def strategy() -> Strategy:
    return cdrpkit.load(EXAMPLE)


def _targets(s: Strategy) -> dict[str, Target]:
    return {n.node.id: n.node for n in s.targets()}


def _period(p: Any) -> str | None:
    return None if p is None else p.label


# --- the installed plugin ------------------------------------------------------------------


def test_the_plugin_registers_the_example_folder_under_its_name() -> None:
    source = Plugins().strategies["leicester-2005"]
    assert source.path.resolve() == EXAMPLE
    assert (source.path / "strategy.yaml").is_file()


def test_loading_by_name_and_by_path_give_the_same_strategy(strategy: Strategy) -> None:
    assert cdrpkit.load("leicester-2005") == strategy


# --- counts, each quoted from the document -------------------------------------------------


def test_four_themes(strategy: Strategy) -> None:
    # "Four major themes emerged from the audit and consultation findings."
    assert [t.title for t in strategy.themes] == [
        "Preventing & Reducing Violent Crime",
        "Preventing & Reducing Acquisitive Crime & Drugs",
        "Preventing & Reducing Anti-Social Crime & Behaviour",
        "Preventing and Reducing Offending",
    ]


def test_seventeen_priorities(strategy: Strategy) -> None:
    # The "PRIORITIES" list of each theme: 5 + 5 + 4 + 3.
    titles = [[p.title for p in t.priorities] for t in strategy.themes]
    assert titles == [
        ["Violent Crime", "Domestic Violence", "Sexual Violence", "Gun & Weapon Crime", "Robbery"],
        ["Acquisitive Crime", "Business Crime", "Fraud and Handling Stolen Goods",
         "Drugs & Drug Dealing", "Prostitution & Trafficking"],
        ["Arson", "Criminal Damage", "Anti-Social Behaviour", "Hate Crime"],
        ["Prolific and Other Priority Offenders", "Young People and Young Offenders",
         "Restorative Justice, Reparation, and Communication"],
    ]
    assert sum(len(t) for t in titles) == 17


def test_seven_partnership_objectives(strategy: Strategy) -> None:
    # "PARTNERSHIP OBJECTIVE 1:" to "PARTNERSHIP OBJECTIVE 7:"
    assert [o.title for o in strategy.objectives] == [
        "To reduce the fear of crime and increase community safety",
        "To support Victims and Witnesses",
        "To improve communications with all partners & stakeholders",
        "To improve our approach to data collection, analysis, & use",
        "To establish a robust resource allocation system",
        "To effectively manage the performance of all partners",
        "To build strong community links using Local Action Groups",
    ]


def test_one_objective_per_priority_except_young_people(strategy: Strategy) -> None:
    # Each priority has one "OBJECTIVE" heading; Young People has "OBJECTIVE 1" and
    # "OBJECTIVE 2"; Restorative Justice heads its single objective "OBJECTIVES".
    per_priority = {p.id: len(p.objectives) for t in strategy.themes for p in t.priorities}
    assert per_priority.pop("young-people") == 2
    assert set(per_priority.values()) == {1}
    objectives = [n for n in strategy.walk() if isinstance(n.node, Objective)]
    assert len(objectives) == 7 + 18 == 25


# Targets per objective, in document order, counted from the numbered "TARGETS" lists.
TARGET_COUNTS = {
    # "Target": two unnumbered lines under Partnership Objective 1; "Targets" for 2 to 7.
    "po1-fear-of-crime": 2, "po2-victims-witnesses": 1, "po3-communications": 4,
    "po4-data": 1, "po5-resources": 3, "po6-performance": 3, "po7-local-action-groups": 2,
    "reduce-violent-crime": 4,          # 1. to 4.
    "tackle-domestic-violence": 4,      # numbered 5. to 8.
    "tackle-sexual-violence": 2, "reduce-gun-weapon-crime": 1, "reduce-robbery": 2,
    "reduce-acquisitive-crime": 3, "reduce-business-crime": 2, "reduce-fraud-handling": 3,
    "reduce-drug-harm": 2, "reduce-prostitution-harm": 1,
    "reduce-arson": 3, "reduce-criminal-damage": 1, "tackle-asb": 4, "reduce-hate-crime": 4,
    "reduce-ppo-offending": 3, "prevent-youth-offending": 2, "deter-youth-offending": 2,
    "restorative-reparation-communication": 7,
}

# Actions per objective: one "Actions" paragraph per partnership objective, then the
# bullets under each theme objective's "ACTIONS".
ACTION_COUNTS = {
    **{k: 1 for k in TARGET_COUNTS if k.startswith("po")},
    "reduce-violent-crime": 6, "tackle-domestic-violence": 5, "tackle-sexual-violence": 4,
    "reduce-gun-weapon-crime": 3, "reduce-robbery": 4,
    "reduce-acquisitive-crime": 8, "reduce-business-crime": 6, "reduce-fraud-handling": 7,
    "reduce-drug-harm": 6, "reduce-prostitution-harm": 5,
    "reduce-arson": 5, "reduce-criminal-damage": 4, "tackle-asb": 7, "reduce-hate-crime": 11,
    "reduce-ppo-offending": 5, "prevent-youth-offending": 5, "deter-youth-offending": 2,
    "restorative-reparation-communication": 6,
}


def test_targets_and_actions_per_objective(strategy: Strategy) -> None:
    objectives = {n.node.id: n.node for n in strategy.walk() if isinstance(n.node, Objective)}
    assert {k: len(o.targets) for k, o in objectives.items()} == TARGET_COUNTS
    assert {k: len(o.actions) for k, o in objectives.items()} == ACTION_COUNTS


def test_total_targets_and_actions(strategy: Strategy) -> None:
    targets = list(strategy.targets())
    actions = list(strategy.actions())
    assert len(targets) == 66
    assert sum(1 for n in targets if n.theme is None) == 16
    assert len(actions) == 106
    assert sum(1 for n in actions if n.theme is None) == 7


def test_domestic_violence_keeps_its_published_numbers(strategy: Strategy) -> None:
    # "5. Increase domestic violence reporting ..." to "8. Ensure that the 11 areas ..."
    dv = next(n.node for n in strategy.walk() if n.node.id == "tackle-domestic-violence")
    assert [t.id.rsplit(".", 1)[1] for t in dv.targets] == ["t5", "t6", "t7", "t8"]


# --- parsed targets against the document's numbers -----------------------------------------

# (target id, quoted words, expected fields). Periods are labels; "by March 2008" is the
# month 2008-03, the end of financial year 2007/08.
LEVELS = [
    ("reduce-violent-crime.t1",
     "from 5,382 offences (BCS) in 2004/5 to no more than 4,614 offences by March 2008, "
     "with yearly 5% reduction (this target is subject to LPSA2 agreement)",
     dict(kind="lpsa2-stretch", baseline=(5382, "2004/05"), target=(4614, "2008-03"),
          annual_change=-0.05, bound="at_most", subject_to="LPSA2 agreement",
          indicator="BCS-violence")),
    ("reduce-violent-crime.t3",
     "Reduce assaults in licensed premises from 787 offences in 2004/05 to no more than 675 "
     "offences by March 2008, with a yearly 5% reduction",
     dict(kind="level", baseline=(787, "2004/05"), target=(675, "2008-03"),
          annual_change=-0.05, bound="at_most", subject_to=None)),
    ("tackle-domestic-violence.t5",
     "from 6,619 offences in 2004/05 to 8,572 offences by March 2008 with a yearly 9% "
     "increase (this target is subject to LPSA2 agreement)",
     dict(kind="lpsa2-stretch", baseline=(6619, "2004/05"), target=(8572, "2008-03"),
          annual_change=0.09, bound="at_least", subject_to="LPSA2 agreement")),
    ("tackle-sexual-violence.t1",
     "from 696 offences in 2004/05 to 805 offences by March 2008 with a yearly 5% increase",
     dict(kind="level", baseline=(696, "2004/05"), target=(805, "2008-03"),
          annual_change=0.05, bound="at_least")),
    ("reduce-gun-weapon-crime.t1",
     "from 241 offences to no more than 213 offences by March 2008, with a yearly 4% reduction",
     dict(kind="level", baseline=(241, "2004/05"), target=(213, "2008-03"),
          annual_change=-0.04, bound="at_most")),
    ("reduce-robbery.t1",
     "from 977 offences (BCS) in 2004/05 to no more than 838 offences by March 2008, with a "
     "yearly 5% reduction ... (this target is subject to LPSA2 violence target)",
     dict(kind="lpsa2-stretch", baseline=(977, "2004/05"), target=(838, "2008-03"),
          annual_change=-0.05, bound="at_most", subject_to="LPSA2 violence target",
          indicator="BCS-robbery-personal")),
    ("reduce-acquisitive-crime.t1",
     "from 2,806 offences in 2004/05 to no more than 2,331 offences by March 2008, with a "
     "yearly 6% reduction",
     dict(kind="level", baseline=(2806, "2004/05"), target=(2331, "2008-03"),
          annual_change=-0.06, bound="at_most", indicator="BCS-burglary")),
    ("reduce-acquisitive-crime.t2",
     "from 5,260 offences in 2004/05 to no more than 3964 offences by March 2008, with a 9% "
     "yearly reduction",
     dict(kind="level", baseline=(5260, "2004/05"), target=(3964, "2008-03"),
          annual_change=-0.09, bound="at_most", indicator="BCS-vehicle")),
    ("reduce-acquisitive-crime.t3",
     "from 2,586 offences in 2004/05 to no more than 1981 offences by March 2008 with an "
     "8.5% yearly reduction",
     dict(kind="level", baseline=(2586, "2004/05"), target=(1981, "2008-03"),
          annual_change=-0.085, bound="at_most", indicator="BCS-other")),
    ("reduce-business-crime.t1",
     "from 2,469 offences in 2004/05 to no more than 2,253 offences by March 2008 with a 3% "
     "yearly reduction",
     dict(kind="level", baseline=(2469, "2004/05"), target=(2253, "2008-03"),
          annual_change=-0.03, bound="at_most")),
    ("reduce-business-crime.t2",
     "from 1,037 in 2004/05 to 917 offences by March 2008 with a 4% yearly reduction",
     dict(kind="level", baseline=(1037, "2004/05"), target=(917, "2008-03"),
          annual_change=-0.04, bound="at_most")),
    ("reduce-criminal-damage.t1",
     "from 8,629 offences in 2004/05 to no more than 6,610 offences by March 2008, with an "
     "8.5% yearly reductions",
     dict(kind="level", baseline=(8629, "2004/05"), target=(6610, "2008-03"),
          annual_change=-0.085, bound="at_most", indicator="BCS-criminal-damage")),
    ("reduce-arson.t1",
     "from 318 incidents in 2003/04 to no more than 270 incidents in 2006/07, and maintain "
     "that level in 2007/08",
     dict(kind="lpsa2-stretch", baseline=(318, "2003/04"), target=(270, "2006/07"),
          annual_change=None, bound="at_most", subject_to="LPSA2 agreement",
          maintain_until="2007/08")),
    ("reduce-arson.t2",
     "from 462 incidents in 2003/04 to no more than 393 incidents in 2006/07, and maintain "
     "that level in 2007/08",
     dict(kind="lpsa2-stretch", baseline=(462, "2003/04"), target=(393, "2006/07"),
          annual_change=None, bound="at_most", maintain_until="2007/08")),
    ("reduce-arson.t3",
     "from 2,035 incidents in 2003/04 to no more than 1,526 incidents in 2006/07, and "
     "maintain that level in 2007/08",
     dict(kind="lpsa2-stretch", baseline=(2035, "2003/04"), target=(1526, "2006/07"),
          annual_change=None, bound="at_most", maintain_until="2007/08")),
    ("reduce-robbery.t2",
     "Increase the sanction detection rate for robbery from 14.8% in 2004/05 to 20% by "
     "March 2008",
     dict(kind="rate", baseline=(14.8, "2004/05"), target=(20, "2008-03"), unit="percent")),
    ("reduce-fraud-handling.t1",
     "Increase the detection rate for fraud and forgery offences from 23% in 2003/04 to "
     "26.25% by March 2008",
     dict(kind="rate", baseline=(23, "2003/04"), target=(26.25, "2008-03"), unit="percent")),
]


@pytest.mark.parametrize(("target_id", "quote", "expected"), LEVELS, ids=[x[0] for x in LEVELS])
def test_level_targets_are_parsed(
    strategy: Strategy, target_id: str, quote: str, expected: dict[str, Any]
) -> None:
    t = _targets(strategy)[target_id]
    assert quote.split(" ... ")[0] in t.text
    assert t.kind == expected["kind"]
    base, end = t.baseline_measure, t.end_measure
    assert (base.value, _period(base.period)) == expected["baseline"]
    assert (end.value, _period(end.period)) == expected["target"]
    for field in ("annual_change", "bound", "subject_to", "indicator", "unit"):
        if field in expected:
            assert getattr(t, field) == expected[field], field
    if "maintain_until" in expected:
        assert _period(t.maintain_until) == expected["maintain_until"]
        assert _period(t.deadline) == expected["maintain_until"]


def test_stated_rates_keep_their_denominators(strategy: Strategy) -> None:
    t = _targets(strategy)
    # "equating to a rate of 19.4 burglaries per 1,000 households (based on 120,420
    # households in the city)"
    burglary = t["reduce-acquisitive-crime.t1"].stated_rate
    assert (burglary.value, burglary.per, burglary.denominator) == (19.4, 1000, "households")
    assert burglary.denominator_value == 120420
    # "equating to a rate of 2.95 robberies per 1,000 population (based on mid-year 2003
    # population of 283,900)"
    robbery = t["reduce-robbery.t1"].stated_rate
    assert (robbery.value, robbery.denominator, robbery.denominator_value) == (
        2.95, "population", 283900,
    )
    # "equating to a rate of 13.96 vehicle crimes per 1,000 population"
    assert t["reduce-acquisitive-crime.t2"].stated_rate.value == 13.96
    # The printed rates are the end values' rates: 2,331 / 120.42 and 838 / 283.9.
    assert round(2331 / 120.42, 1) == burglary.value
    assert round(838 / 283.9, 2) == robbery.value


def test_the_guns_baseline_year_is_marked_as_our_reading(strategy: Strategy) -> None:
    # "Reduce firearms and offensive weapons crimes from 241 offences to no more than 213"
    base = _targets(strategy)["reduce-gun-weapon-crime.t1"].baseline
    assert base.source == "inferred"
    assert "No baseline year is printed" in base.note


def test_violent_crime_sanction_detection_rate_each_year(strategy: Strategy) -> None:
    # "2. Achieve a better than 50% sanction detection rate for violent crime each year"
    t = _targets(strategy)["reduce-violent-crime.t2"]
    assert (t.kind, t.threshold, t.bound, t.each_year, t.unit) == (
        "rate", 50, "above", True, "percent",
    )


def test_relative_changes(strategy: Strategy) -> None:
    t = _targets(strategy)
    # "6. Decrease repeat victimisation by 12% by 2008"
    repeat = t["tackle-domestic-violence.t6"]
    assert (repeat.kind, repeat.change, _period(repeat.by), repeat.baseline_period) == (
        "relative-change", -0.12, "2008", None,
    )
    # "Increase the reporting of Racist Hate Crime incidents ... in 2007/08 by 33% (10%
    # increase annually) against baseline figure for 2004/05"
    racist = t["reduce-hate-crime.t1"]
    assert (racist.change, racist.annual_change) == (0.33, 0.10)
    assert (_period(racist.baseline_period), _period(racist.by)) == ("2004/05", "2007/08")
    assert round((1 + racist.annual_change) ** 3 - 1, 2) == racist.change
    # "By March 2008 to reduce the number of first time entrants to the Youth Justice
    # system by 5%"
    fte = t["prevent-youth-offending.t2"]
    assert (fte.change, _period(fte.by)) == (-0.05, "2008-03")


def test_checklist_and_baseline_then(strategy: Strategy) -> None:
    t = _targets(strategy)
    # "8. Ensure that the 11 areas identified in BVPI 225 are met 100% by March 2008"
    bv225 = t["tackle-domestic-violence.t8"]
    assert (bv225.kind, bv225.items, bv225.share, _period(bv225.due), bv225.indicator) == (
        "checklist", 11, 1.0, "2008-03", "BV225",
    )
    # "7. Establish a baseline for the number of offenders brought to justice in 2004/05
    # and increase this number year on year"
    bring = t["tackle-domestic-violence.t7"]
    assert (bring.kind, _period(bring.baseline_period), bring.then, bring.then_cadence) == (
        "baseline-then", "2004/05", "increase", "year_on_year",
    )
    # "Establish a baseline figure for Homophobic & Transphobic Hate Crime incidents in
    # 2004/05 by December 2005, and then increase the reporting of incidents by 2007/08"
    lgbt = t["reduce-hate-crime.t2"]
    assert (_period(lgbt.establish_by), _period(lgbt.baseline_period)) == ("2005-12", "2004/05")
    assert (lgbt.then, _period(lgbt.then_by)) == ("increase", "2007/08")
    # "Establish baseline and targets for reduction by March 2006" then "To reduce fear of
    # crime by 2008 in line with those targets"
    fear = t["po1-fear-of-crime.t1"]
    assert (_period(fear.establish_by), fear.follow_on, fear.indicator) == (
        "2006-03", "po1-fear-of-crime.t2", "PSA2",
    )
    assert t["po1-fear-of-crime.t2"].depends_on == "po1-fear-of-crime.t1"


def test_a_rate_with_no_end_value_keeps_its_start(strategy: Strategy) -> None:
    # "2. Increase the sanctioned detection and conviction rates from 3.69% in 2002"
    t = _targets(strategy)["tackle-sexual-violence.t2"]
    assert (t.kind, t.direction, t.baseline_value, _period(t.baseline_period)) == (
        "direction", "increase", 3.69, "2002",
    )
    assert t.end_measure is None and t.deadline is None


def test_milestones_and_recurring_deliverables(strategy: Strategy) -> None:
    t = _targets(strategy)
    # "2. First issue of newsletter out July 2005 and quarterly thereafter"
    news = t["po3-communications.t2"]
    assert (news.kind, news.count, news.every, _period(news.first)) == (
        "recurring", 1, "quarter", "2005-07",
    )
    # "3. Website redeveloped and launched by June 2005"
    assert _period(t["po3-communications.t3"].due) == "2005-06"
    # "3. Annual Resource Expenditure Report produced April 2006 and annually thereafter"
    annual = t["po5-resources.t3"]
    assert (annual.every, _period(annual.first)) == ("year", "2006-04")
    # "Hold two Victims & Witnesses Workshops per year"
    assert (t["po2-victims-witnesses.t1"].count, t["po2-victims-witnesses.t1"].every) == (2, "year")
    # "1. Local Action Groups reviewed and standardised by end of April 2005"
    assert _period(t["po7-local-action-groups.t1"].due) == "2005-04"
    # "To identify and tackle 10 Anti-Social Behaviour 'hotspot' issues per quarter"
    assert (t["tackle-asb.t3"].count, t["tackle-asb.t3"].every) == (10, "quarter")
    # "7. Issue at least 2 forms of communication a year ..."
    comms = t["restorative-reparation-communication.t7"]
    assert (comms.count, comms.every, comms.bound) == (2, "year", "at_least")
    # "5. By December 2005, a DVD for prevention of youth offending to be produced"
    assert _period(t["restorative-reparation-communication.t5"].due) == "2005-12"


def test_patch_walks_per_local_action_group(strategy: Strategy) -> None:
    # "Each Local Action Group carries out at least one 'Patch Walk' per year" and
    # "There are 9 Local Action Groups across the city"
    t = _targets(strategy)["po7-local-action-groups.t2"]
    assert (t.kind, t.entity, t.entities, t.count, t.every, t.at_least) == (
        "per-entity-recurring", "local-action-groups", 9, 1, "year", True,
    )
    lags = next(g for g in strategy.partnership.groups if g.id == t.entity)
    assert lags.count == 9


def test_provisional_drugs_targets(strategy: Strategy) -> None:
    # "*All drugs targets are provisional, and are subject to change based on impending
    # Government directives" under Drugs, Anti-Social Behaviour and PPOs.
    provisional = sorted(tid for tid, t in _targets(strategy).items() if t.provisional)
    assert provisional == [
        "reduce-drug-harm.t1", "reduce-drug-harm.t2", "reduce-ppo-offending.t3", "tackle-asb.t4",
    ]
    assert all(_targets(strategy)[tid].text.endswith("*") for tid in provisional)


def test_lpsa2_flags(strategy: Strategy) -> None:
    # "(this target is subject to LPSA2 agreement)" twice, "All targets are subject to
    # agreement of LPSA2" over three arson targets, and "(this target is subject to LPSA2
    # violence target)" for robbery.
    flags = Counter(t.subject_to for t in _targets(strategy).values() if t.subject_to)
    assert flags == {"LPSA2 agreement": 5, "LPSA2 violence target": 1}
    assert all(t.kind == "lpsa2-stretch" for t in _targets(strategy).values() if t.subject_to)


# --- actions and their classifications ------------------------------------------------------


def test_every_theme_action_has_an_inferred_prong_with_a_reason(strategy: Strategy) -> None:
    # "By including prevention, enforcement, and rehabilitation objectives, targets, and
    # actions for the priority issues": each action of a priority gets a prong, marked as
    # our inference, with a note saying why.
    for node in strategy.actions():
        prongs = [c for c in node.node.classifications if c.framework == "three-pronged"]
        if node.theme is None:
            assert prongs == [], node.path
            continue
        assert prongs, node.path
        assert all(c.source == "inferred" and c.note for c in prongs), node.path


def test_prong_totals(strategy: Strategy) -> None:
    # Our reading, recorded so that a change to any classification is seen: 99 theme
    # actions, 12 of them with two prongs ("if clearly so"), 111 classifications.
    prongs = Counter(
        c.category
        for n in strategy.actions()
        for c in n.node.classifications
        if c.framework == "three-pronged"
    )
    assert prongs == {"prevention": 61, "enforcement": 33, "rehabilitation": 17}
    two = [
        n.node.id for n in strategy.actions()
        if sum(c.framework == "three-pronged" for c in n.node.classifications) == 2
    ]
    assert len(two) == 12
    # "at risk of becoming firesetters, or who have already offended"
    assert "reduce-arson.a4" in two


def test_ppo_strands_are_stated_where_the_document_names_them(strategy: Strategy) -> None:
    # "We will implement and develop the Catch and Convict strand ... by:" (2 bullets),
    # "... the Rehabilitate and Resettle strand ... by:" (3 bullets), and the young
    # people's objectives "delivered through ... the 'Prevent and Deter' strand" (5 + 2).
    strands = Counter(
        (n.node.id.split(".")[0], c.category)
        for n in strategy.actions()
        for c in n.node.classifications
        if c.framework == "ppo-strands"
    )
    assert strands == {
        ("reduce-ppo-offending", "catch-and-convict"): 2,
        ("reduce-ppo-offending", "rehabilitate-and-resettle"): 3,
        ("prevent-youth-offending", "prevent-and-deter"): 5,
        ("deter-youth-offending", "prevent-and-deter"): 2,
    }
    assert all(
        c.source == "stated"
        for n in strategy.actions()
        for c in n.node.classifications
        if c.framework == "ppo-strands"
    )


# --- the partnership -------------------------------------------------------------------------


def test_partnership(strategy: Strategy) -> None:
    p = strategy.partnership
    # "formed in 1999"; "a community totalling 283,900 (ONS 2003 mid-year estimate)";
    # "based on 120,420 households in the city"
    assert (p.name, p.formed) == ("Leicester Partnership Against Crime & Disorder", 1999)
    assert (p.population.value, _period(p.population.period)) == (283900, "2003")
    assert "ONS 2003 mid-year estimate" in p.population.source
    assert p.households.value == 120420
    roles = Counter(a.role for a in p.agencies)
    # "Statutory Membership of the Partnership": five bodies, the PCTs read as two trusts;
    # "Strategic Partners": seven.
    assert (roles["statutory"], roles["strategic"]) == (6, 7)
    chairs = [t.chair for t in strategy.themes]
    assert chairs == [
        "leicestershire-constabulary", "leicester-city-council",
        "leicestershire-fire-rescue", "probation",
    ]


def test_groups_and_meeting_cycles(strategy: Strategy) -> None:
    groups = {g.id: g for g in strategy.partnership.groups}
    assert list(groups)[:5] == [
        "strategic-group", "performance-management-group", "thematic-delivery-groups",
        "local-action-groups", "partnership-development-team",
    ]
    # "The group will meet six-weekly"; "Every 6 months, the group will consider ..."
    assert "six-weekly" in groups["performance-management-group"].meets
    assert "every 6 months" in groups["performance-management-group"].meets.lower()
    # The Partnership Development Team's eight bullets.
    assert len(groups["partnership-development-team"].responsibilities) == 8
    assert groups["strategic-group"].meets is None


# --- evidence ----------------------------------------------------------------------------------


def _evidence(strategy: Strategy, **match: Any) -> list[tuple[str, float]]:
    found = []
    for o in strategy.evidence:
        if all(
            (o.indicator if k == "indicator" else o.unit if k == "unit" else None) == v
            or (k == "text" and v in (o.description or "") + o.source)
            for k, v in match.items()
        ):
            found.append((o.period.label, o.value))
    return found


def test_racist_incidents_by_calendar_year(strategy: Strategy) -> None:
    # "from 767 incidents in 2002 to 810 in 2003 to 887 in 2004" (calendar years), and
    # "In 2003/04, the police in the city recorded 887 racist incidents".
    assert _evidence(strategy, indicator="racist-incidents-police") == [
        ("2003/04", 887), ("2002", 767), ("2003", 810), ("2004", 887),
    ]


def test_counts_and_costs_from_the_audit(strategy: Strategy) -> None:
    def one(text: str, unit: str) -> tuple[str, float]:
        hits = [
            (o.period.label, o.value) for o in strategy.evidence
            if o.unit == unit and text in (o.description or "")
        ]
        assert len(hits) == 1, (text, hits)
        return hits[0]

    assert _evidence(strategy, indicator="recorded-crime") == [("2003/04", 47282)]
    assert _evidence(strategy, indicator="firearms-offences") == [
        ("2001/02", 15), ("2003/04", 33),
    ]
    assert _evidence(strategy, indicator="handling-offences") == [
        ("2001/02", 137), ("2003/04", 94),
    ]
    assert _evidence(strategy, indicator="deliberate-vehicle-ignitions") == [
        ("2001/02", 471), ("2004-12-31", 254),
    ]
    assert one("Assault offences", "offence") == ("2003/04", 9675)
    assert one("Criminal damage offences recorded by the police (one", "offence") == (
        "2003/04", 6812,
    )
    assert one("Theft from motor vehicle offences", "offence") == ("2003/04", 5246)
    assert one("Theft offences", "offence") == ("2003/04", 5245)
    assert one("Domestic assaults", "offence") == ("2003/04", 2457)
    assert one("Sexual offences recorded by the police", "offence") == ("2003/04", 561)
    assert one("Rapes", "offence") == ("2003/04", 155)
    assert _evidence(strategy, indicator="offensive-weapons-offences") == [("2003/04", 243)]
    assert one("Acquisitive crimes recorded", "offence") == ("2003/04", 26726)
    assert one("Business crimes recorded", "offence") == ("2003/04", 11749)
    assert one("Fraud offences recorded", "offence") == ("2003/04", 2218)
    # "cost Leicester's economy £78.6 million"; "over £27million"; "over £6million"
    assert one("Cost of violent crime", "MGBP") == ("2003/04", 78.6)
    assert one("cost of acquisitive crime", "MGBP") == ("2003/04", 27)
    assert one("cost of auto-crime", "MGBP") == ("2003/04", 6)
    assert all(o.status == "stated" for o in strategy.evidence)
    assert len(strategy.evidence) == 153


@pytest.mark.skipif(not SEED.exists(), reason="the seed document is not on this machine")
def test_wording_is_verbatim(strategy: Strategy) -> None:
    def norm(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    doc = norm(SEED.read_text(encoding="utf-8"))
    for node in strategy.walk():
        words = getattr(node.node, "text", None) or node.node.title
        assert norm(words) in doc, node.path
    for o in strategy.evidence:
        quoted = o.source.split(': "', 1)[1][:-1]
        assert norm(quoted) in doc, o.source


# --- the command line, round trip and schema ----------------------------------------------------


@pytest.mark.parametrize("source", ["leicester-2005", str(EXAMPLE)])
def test_show_prints_the_whole_strategy(strategy: Strategy, source: str) -> None:
    result = CliRunner().invoke(cli, ["show", source])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sum(line.lstrip().startswith("target ") for line in lines) == 66
    assert sum(line.lstrip().startswith("action ") for line in lines) == 106
    assert sum(line.lstrip().startswith("priority ") for line in lines) == 17
    assert sum(line.lstrip().startswith("theme ") for line in lines) == 4


def test_export_targets_csv(strategy: Strategy) -> None:
    result = CliRunner().invoke(
        cli, ["export", "leicester-2005", "--what", "targets", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 66
    assert list(rows[0])[: len(TARGET_COLUMNS)] == list(TARGET_COLUMNS)
    burglary = next(r for r in rows if r["target_id"] == "reduce-acquisitive-crime.t1")
    assert (burglary["baseline_value"], burglary["target_value"]) == ("2806.0", "2331.0")
    assert (burglary["annual_change"], burglary["family"], burglary["bound"]) == (
        "-0.06", "PSA", "at_most",
    )
    assert [r["target_id"] for r in rows] == list(_targets(strategy))


def test_round_trip(strategy: Strategy) -> None:
    again = from_data(yaml.safe_load(dumps(strategy)))
    assert again == strategy


def test_schema_validates_the_strategy(strategy: Strategy) -> None:
    schema = strategy_schema(Plugins())
    data = json.loads(json.dumps(to_data(strategy)))
    jsonschema.validate(data, schema)


def test_schema_rejects_a_broken_copy(strategy: Strategy) -> None:
    schema = strategy_schema(Plugins())
    data = json.loads(json.dumps(to_data(strategy)))
    data["themes"][0]["priorities"][0]["objectives"][0]["targets"][0]["bound"] = "roughly"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
