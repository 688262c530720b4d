"""The county plan as encoded, checked against the document's own words.

Every expected figure is quoted from seeds/leicestershire_county_community_safety_plan.txt
(section numbers are the document's). The example must be installed
(``pip install -e examples/leics_county_csp``) for the name ``leics-county-csp``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.errors import StrategyError
from cdrpkit.loading import dumps, from_data, load
from cdrpkit.loading.yamlio import read
from cdrpkit.model import Action, Objective, Strategy
from cdrpkit.model.kinds import (
    ChangeTarget,
    DirectionTarget,
    Measure,
    ReachTarget,
    RelativeChangeTarget,
    ResourceTarget,
)
from cdrpkit.periods import CalendarYear, FinancialYear, Month, YearRange, parse_period
from cdrpkit.plugins import Plugins

HERE = Path(__file__).resolve().parents[1]
NAME = "leics-county-csp"
DISTRICTS = (
    "blaby",
    "charnwood",
    "harborough",
    "hinckley-bosworth",
    "melton",
    "north-west-leicestershire",
    "oadby-wigston",
)


@pytest.fixture(scope="module")
def host() -> Plugins:
    return Plugins()


@pytest.fixture(scope="module")
def county(host: Plugins) -> Strategy:
    return load(NAME, plugins=host)


def objective(strategy: Strategy, ident: str) -> Objective:
    node = strategy.find(ident).node
    assert isinstance(node, Objective)
    return node


def category(action: Action, axis: str) -> str | None:
    found = [c for c in action.classifications if c.axis == axis]
    assert len(found) <= 1, action.id
    return found[0].category if found else None


# --- loading and the plugin -------------------------------------------------------------


def test_registered_name_reads_the_example_directory_itself(host: Plugins) -> None:
    # No copy of the strategy inside the installed package: the plugin points here.
    assert host.strategy(NAME).path.resolve() == HERE
    assert load(HERE, plugins=host) == load(NAME, plugins=host)


def test_the_county_plan_has_objectives_and_no_themes(county: Strategy) -> None:
    # 3.5 "grouped under four key priority objectives" + 3.7 "Objective 5 ... 6 ... 7".
    assert [o.id for o in county.objectives] == [
        "drug-treatment",
        "safer-transport",
        "domestic-violence",
        "safer-young-people",
        "safer-homes",
        "racist-incidents",
        "vulnerable-people",
    ]
    assert county.themes == ()
    assert county.partnership.kind == "county council"
    assert county.requires == {"BVPI": "cdrpkit-bvpi", "PSA": "cdrpkit-psa"}


# --- the action matrices ------------------------------------------------------------------

# Each objective's matrix as printed: (stage, first words of the measure, lead as printed).
MATRIX: dict[str, list[tuple[str, str, str]]] = {
    "drug-treatment": [
        ("primary", "Continue the delivery of drug", "Education Drug Strategy Unit (DSU)"),
        ("primary", "Undertake an audit of OFSTED reports", "Education DSU"),
        ("primary", "Ensure that all primary and secondary schools have drug", "Education DSU"),
        ("primary", "Continue the delivery of Governor training", "Education DSU"),
        ("secondary", "Continue community support for young people", "DSU"),
        ("secondary", "Agree an SLA with the DAAT", "DSU"),
        ("secondary", "Test purchasing programme for under age alcohol", "Regulatory Services"),
        ("tertiary", "Co-ordinate the collation", "Crime and Disorder Research Team/DSU"),
        ("tertiary", "Continue to work to ensure that all Looked After", "Social Services/ DSU"),
        ("tertiary", "Continue to ensure that care leavers", "Social Services"),
        ("tertiary", "Ensure that young people identified locally", "Education Service and DSU"),
        ("tertiary", "Targeting young people convicted of domestic burglary", "YOS"),
        ("tertiary", "Use ASSET to trigger referrals", "YOS"),
        ("tertiary", "Develop housing related support services", "Social Services"),
    ],
    "safer-transport": [
        ("primary", "To continue to provide timely data", "Highways & Transport"),
        ("primary", "Ensuring that all leased vehicles", "ESPO"),
        ("primary", "Child pedestrian training", "Highways"),
        ("primary", "The Council will continue to develop the Safe Routes", "Highways & Transport"),
        ("secondary", "Developing a programme for bringing those Council owned", "Resources"),
        ("secondary", "Improving and upgrading street lighting", "Highways & Transport"),
        ("secondary", "Local safety schemes", "Highways & Transport"),
        ("secondary", "The Safety Camera scheme", "Highways & Transport"),
        ("tertiary", "The County Council will support the National Driver", "Highways & Transport"),
    ],
    "domestic-violence": [
        ("primary", "To support publicity campaigns", "DV Co-ordinator"),
        ("primary", "Providing training for front line staff", "DV Co-ordinator & all services"),
        ("primary", "Promoting the roll out of the CD-rom", "DV Co-ordinator"),
        ("secondary", "Supporting and developing", "Crime and Disorder Research Team"),
        ("secondary", "Supporting the ACPC Working Group", "SSD"),
        ("secondary", "Contributing to Public Protection", "Social Services"),
        ("secondary", "Developing new safety procedures for staff", "Chief Executives"),
        ("tertiary", "Providing a pump-priming grant of £90k", "DV Co-ordinator"),
        ("tertiary", "Providing a pump-priming grant of £45k", "DV Co-ordinator"),
        ("tertiary", "Reviewing assessment procedures", "SSD"),
        ("tertiary", "Develop support services through", "Social Services"),
    ],
    "safer-young-people": [
        ("primary", "The introduction of Identification", "Education and Social Services"),
        ("primary", "The further analysis of ASSET data", "YOS"),
        ("primary", "The appointment of a co-ordinator", "Social Services"),
        ("primary", "The work of the Transition Zone Mentors.", "Education"),
        ("primary", "All primary and secondary schools to have drug", "Drug Strategy Unit (DSU)"),
        ("primary", "Undertake a review of the quality of drug education", "DSU"),
        ("primary", "Encouraging schools to engage with the Drugs Strategy", "DSU"),
        ("primary", "Supporting the development of the Sure Start", "Social Services"),
        ("secondary", "The rolling out of the Child Behaviour", "Education/ Social Services"),
        ("secondary", "Family Support Services targeted work", "Social Services"),
        ("secondary", "The role of the Family Placement Team", "Social Services"),
        ("secondary", "The work of the Leaving Care Teams", "Social Services"),
        ("secondary", "The Citizenship curriculum supporting schools in the delivery", "Education"),
        ("secondary", "The development of Youth Inclusion Support Panels", "YOS"),
        ("secondary", "The promotion of school bullying policies", "Education"),
        ("secondary", "The jointly funded FSU Family Support Team", "Social Services"),
        ("secondary", "The targeted work by the Youth Service", "Education"),
        ("secondary", "Work between the DSU and children’s homes", "Social Services/ DSU"),
        ("tertiary", "Targeted youth work with young people", "Youth and Community Education"),
        ("tertiary", "Area Youth ‘At Risk’ Co-ordinators", "Youth and Community Education"),
        ("tertiary", "The work of the Education and Basic", "Youth and Community Education /YOS"),
        ("tertiary", "The under age test purchasing programme", "Regulatory Services"),
        ("tertiary", "Implementing behaviour support programmes", "Education"),
        ("tertiary", "Running anger management courses.", "YOS"),
        ("tertiary", "The work of the Emergency Duty Team", "Social Services"),
        ("tertiary", "Jointly reviewing approaches", "Education/ Social Services and YOS"),
        ("tertiary", "Increasing the referral rate to the Positive Action", "Education/SSD/ YOS"),
    ],
}


@pytest.mark.parametrize("ident", list(MATRIX))
def test_each_matrix_has_the_printed_measures_in_each_stage_with_their_leads(
    county: Strategy, ident: str
) -> None:
    actions = objective(county, ident).actions
    found = [(category(a, "stage"), a.text, a.lead) for a in actions]
    assert len(found) == len(MATRIX[ident])
    for (stage, text, lead), (want_stage, start, want_lead) in zip(
        found, MATRIX[ident], strict=True
    ):
        assert (stage, lead) == (want_stage, want_lead), text
        assert text.startswith(start), text


def test_measure_counts_per_objective_and_stage(county: Strategy) -> None:
    counts = {
        o.id: Counter(category(a, "stage") for a in o.actions) for o in county.objectives[:4]
    }
    assert counts == {
        "drug-treatment": {"primary": 4, "secondary": 3, "tertiary": 7},
        "safer-transport": {"primary": 4, "secondary": 4, "tertiary": 1},
        "domestic-violence": {"primary": 3, "secondary": 4, "tertiary": 4},
        "safer-young-people": {"primary": 8, "secondary": 10, "tertiary": 9},
    }
    assert sum(sum(c.values()) for c in counts.values()) == 61


def test_stage_is_stated_and_method_inferred_with_a_reason(county: Strategy) -> None:
    for node in county.actions():
        action = node.node
        by_axis = {c.axis: c for c in action.classifications}
        assert all(c.framework == "stage-and-method" for c in action.classifications)
        method = by_axis["method"]
        assert method.source == "inferred" and method.note, action.id
        assert method.category in {"situational", "social", "enforcement"}
        if node.objective.id in MATRIX:
            assert by_axis["stage"].source == "stated", action.id
        else:
            # Objectives 5 to 7 have no matrix, so no stage is printed for them.
            assert "stage" not in by_axis, action.id


def test_the_interleaved_lead_is_taken_out_of_the_citizenship_sentence(county: Strategy) -> None:
    # Printed: "The Citizenship curriculum supporting schools in the Education /
    #  delivery of law/criminal justice education programmes."
    action = next(
        a for a in objective(county, "safer-young-people").actions if "Citizenship" in a.text
    )
    assert action.text == (
        "The Citizenship curriculum supporting schools in the delivery of law/criminal "
        "justice education programmes."
    )
    assert action.lead == "Education"


SUPPORTING: dict[str, list[str | None]] = {
    # 3.34: six bullets, the last with a second sentence ("The County Council will also
    # look at ways of increasing the funding for places on the ISSP") kept apart.
    "safer-homes": [
        "Crime and Disorder Research Team",
        "Regulatory Services",
        None,
        "all services",
        "all services",
        "YOS",
        None,
    ],
    # 3.35: four bullets; "(all services)", "(Chief Executives)", "(Education)".
    "racist-incidents": [None, "all services", "Chief Executives", "Education"],
    # 3.36: six bullets, none with a printed lead.
    "vulnerable-people": [None] * 6,
}


@pytest.mark.parametrize("ident", list(SUPPORTING))
def test_supporting_actions_of_objectives_five_to_seven_with_their_leads(
    county: Strategy, ident: str
) -> None:
    assert [a.lead for a in objective(county, ident).actions] == SUPPORTING[ident]


def test_every_printed_lead_names_a_known_agency(county: Strategy) -> None:
    # Our reading of the printed lead names, checked against the agencies encoded.
    parts = {
        "Education Drug Strategy Unit (DSU)": ["drug-strategy-unit"],
        "Education DSU": ["drug-strategy-unit"],
        "DSU": ["drug-strategy-unit"],
        "Drug Strategy Unit (DSU)": ["drug-strategy-unit"],
        "Regulatory Services": ["regulatory-services"],
        "Crime and Disorder Research Team/DSU": [
            "crime-disorder-research-team",
            "drug-strategy-unit",
        ],
        "Crime and Disorder Research Team": ["crime-disorder-research-team"],
        "Social Services/ DSU": ["social-services", "drug-strategy-unit"],
        "Social Services": ["social-services"],
        "SSD": ["social-services"],
        "Education Service and DSU": ["education", "drug-strategy-unit"],
        "YOS": ["yos"],
        "Highways & Transport": ["highways-transport"],
        "Highways": ["highways-transport"],
        "ESPO": ["espo"],
        "Resources": ["resources"],
        "DV Co-ordinator": ["dv-coordinator"],
        "DV Co-ordinator & all services": ["dv-coordinator"],
        "Chief Executives": ["chief-executives-department"],
        "Education and Social Services": ["education", "social-services"],
        "Education": ["education"],
        "Education/ Social Services": ["education", "social-services"],
        "Youth and Community Education": ["youth-community-education"],
        "Youth and Community Education /YOS": ["youth-community-education", "yos"],
        "Education/ Social Services and YOS": ["education", "social-services", "yos"],
        "Education/SSD/ YOS": ["education", "social-services", "yos"],
        "all services": [],
    }
    agencies = {a.id for a in county.partnership.agencies}
    leads = {n.node.lead for n in county.actions()} - {None}
    assert leads == set(parts)
    assert {i for ids in parts.values() for i in ids} <= agencies


# --- targets --------------------------------------------------------------------------------


def test_target_counts_per_objective(county: Strategy) -> None:
    assert {o.id: len(o.targets) for o in county.objectives} == {
        # PSA + Operational Outputs 1 (two dates), 2 (two parts), 3 + two unnumbered BVPIs.
        "drug-treatment": 8,
        # PSA car crime, PSA road KSI, CDRP/police joint target, NDIS drivers and courses.
        "safer-transport": 5,
        # Two PSA targets and three pump-priming grants.
        "domestic-violence": 5,
        # 5% offending, ASB, PSA ETE, PAF, YJB 1, 2, 11 (2003 and 2004), YOS vehicle aim,
        # Children's Fund share, two Prevention Officers, the YOS liaison post.
        "safer-young-people": 12,
        # CDRP 5% per annum, CDRP repeat burglaries, YOS 37 to 26.
        "safer-homes": 3,
        "racist-incidents": 0,
        "vulnerable-people": 0,
    }


def test_psa_targets_as_stated(county: Strategy) -> None:
    find = county.find
    # "increasing the number of drug misusers completing treatment programmes from 972 to
    #  1150 by 2005/06": no period for the 972.
    drugs = find("psa-drug-treatment").node
    assert isinstance(drugs, ReachTarget)
    assert (drugs.baseline_value, drugs.target.value, drugs.target.period) == (
        972, 1150, FinancialYear(2005),
    )
    assert drugs.baseline_measure is None and drugs.direction == "increase"
    # "reducing car crime by 20% from current levels by 2005/06"
    car = find("psa-car-crime").node
    assert isinstance(car, RelativeChangeTarget)
    assert (car.change, car.by, car.baseline_period) == (-0.20, FinancialYear(2005), None)
    # "from 4,781 in 2002 to 5,539 by 2005/06": the baseline stays a calendar year.
    dv = find("psa-dv-reporting").node
    assert isinstance(dv, ChangeTarget)
    assert dv.baseline == Measure(value=4781, period=CalendarYear(2002))
    assert dv.target == Measure(value=5539, period=FinancialYear(2005))
    # "from 1808 repeat victims in 2002 to 1612 repeat victims by 2005/06"
    repeat = find("psa-dv-repeat-victims").node
    assert (repeat.baseline.value, repeat.target.value, repeat.direction) == (1808, 1612, "reduce")
    # "so that 80% of young people with poor basic skills go into ... ETE by 2005/06"
    ete = find("psa-ete").node
    assert (ete.kind, ete.target.value, ete.unit) == ("rate", 80, "percent")
    assert ete.bound == "at_least"
    # "in 2005 compared with the average for 1994-98": a direction, no number.
    ksi = find("psa-road-ksi").node
    assert isinstance(ksi, DirectionTarget)
    assert isinstance(ksi.baseline_period, YearRange)
    assert ksi.baseline_period.label == "1994-1998"
    assert (ksi.by, ksi.direction) == (CalendarYear(2005), "reduce")


def test_related_targets_as_stated(county: Strategy) -> None:
    find = county.find
    # "To reduce thefts of, and from vehicles from current levels by 10% by the end of 2003/04."
    joint = find("cdrp-police-vehicle-thefts").node
    assert (joint.change, joint.by.label, joint.baseline_period) == (-0.10, "2003/04", None)
    # "at least 200 drivers to be processed through 16 courses per annum"
    drivers, courses = find("ndis-drivers").node, find("ndis-courses").node
    assert (drivers.count, drivers.every, drivers.bound) == (200, "year", "at_least")
    assert (courses.count, courses.every) == (16, "year")
    # "To reduce offending by 5% by 2004": no baseline.
    offending = find("reduce-offending").node
    assert (offending.change, offending.by) == (-0.05, CalendarYear(2004))
    assert offending.baseline_period is None
    # "no more than 7.2% of Looked After children offending in 2004"
    paf = find("paf-looked-after-offending").node
    assert (paf.target.value, paf.target.period, paf.bound) == (7.2, CalendarYear(2004), "at_most")
    # "90% of young offenders supervised by YOTs ... by 2004 (80% by 2003)"
    assert [find(f"yjb-measure-11-{y}").node.target.value for y in (2003, 2004)] == [80, 90]
    # "reduce ... domestic burglary from 37 young people in 2001 to 26 by 2005"
    yos = find("yos-domestic-burglary").node
    assert (yos.baseline.value, yos.baseline.period) == (37, CalendarYear(2001))
    assert yos.target.value == 26
    # "The CDRPs have targets for reducing house burglaries by 5% per annum"
    houses = find("cdrp-house-burglaries").node
    assert (houses.direction, houses.annual_change, houses.deadline) == ("reduce", -0.05, None)
    # "By March 2004, 100% of primary and secondary schools will provide substance misuse education"
    oo1 = find("dat-oo1-substance-misuse-education").node
    assert (oo1.target.value, oo1.target.period) == (100, Month(2004, 3))


def test_resource_commitments(county: Strategy) -> None:
    resources = [n.node for n in county.targets() if isinstance(n.node, ResourceTarget)]
    money = {r.id: (r.amount, r.unit, r.years) for r in resources if r.unit == "GBP"}
    assert money == {
        # "a County Council pump priming grant of £10k over three years"
        "grant-publicity": (10_000, "GBP", 3),
        # "a pump-priming grant of £90k over 3 years to Leicester Action on Domestic Violence"
        "grant-perpetrator-worker": (90_000, "GBP", 3),
        # "a pump-priming grant of £45k over 3 years for the Leicester Domestic Violence Helpline"
        "grant-helpline": (45_000, "GBP", 3),
    }
    others = {r.id: (r.amount, r.unit) for r in resources if r.unit != "GBP"}
    assert others == {
        "childrens-fund-youth-crime": (25, "percent"),  # "the 25% of the Children’s Fund"
        "prevention-officers-14-16": (2, "person"),  # "two additional Prevention Officers"
        "yos-cdrp-liaison-post": (1, "person"),  # "An additional post"
    }
    assert all(r.first is None for r in resources)  # no first year is stated for any


def test_bvpis_each_objective_reports(county: Strategy) -> None:
    assert {o.id: o.reports for o in county.objectives if o.reports} == {
        "safer-transport": ("BV128", "BV-road-casualties"),  # "(BV 128) and on road casualties"
        "domestic-violence": ("BV176",),  # "refuge places per 10,000 population (BV 176)"
        "safer-homes": ("BV126",),  # "domestic burglaries per 1,000 households (BV 126)"
        "racist-incidents": ("BV174", "BV175"),  # "racial incidents per 100,000 population"
    }


# --- the priority table and the evidence -----------------------------------------------------


def test_priority_table_totals_as_printed_with_marks_unknown(county: Strategy) -> None:
    table = county.priority_analysis
    assert [(row.priority, row.total) for row in table] == [
        ("Burglary / Property Crime", 6),
        ("Vehicle Crime", 7),
        ("Domestic Violence", 7),
        ("Anti-Social Behaviour", 3),
        ("Racist Incidents", 6),
        ("Fear of Crime", 1),
        ("Road Safety", 3),
        ("Young People", 6),
        ("Drugs, Alcohol, Substance Misuse", 5),
        ("Vulnerable Residents / Victims", 3),
        ("Safer Communities Partnership", 1),
        ("Sentencing Polices", 1),
        ("Multi-Agency Problem Solving", 3),
        ("Criminal Damage / Vandalism", 1),
        ("Town Centre", 1),
        ("Specified Locations", 1),
    ]
    assert all(row.marks == dict.fromkeys(DISTRICTS) for row in table)
    assert {a.id for a in county.partnership.agencies if a.kind == "cdrp"} == set(DISTRICTS)


def test_priority_totals_agree_with_the_text(county: Strategy) -> None:
    totals = {row.priority: row.total for row in county.priority_analysis}
    # 2.9: "there are ten key priorities which are shared by three or more CDRPs"
    assert sum(1 for t in totals.values() if t >= 3) == 10
    # Objective Six: "a priority for six CDRPs"; Objective Seven: "a priority for three CDRPs"
    assert totals["Racist Incidents"] == 6
    assert totals["Vulnerable Residents / Victims"] == 3
    # 3.15: "All CDRPs have included addressing domestic violence as a priority"
    assert totals["Domestic Violence"] == len(DISTRICTS)


def test_evidence_with_provenance(county: Strategy) -> None:
    by_indicator = {
        (o.indicator, o.period.label): o.value for o in county.evidence if o.indicator
    }
    assert by_indicator == {
        # 2.3 "from 4,781 in 2002", "from 1808 repeat victims in 2002"
        ("PSA-dv-reporting", "2002"): 4781,
        ("PSA-dv-repeat-victims", "2002"): 1808,
        # 3.21 "the total offending population of young people aged 10-17 years ... was 1157"
        ("young-offenders", "2001"): 1157,
        # 3.21 "114 young people were involved in vehicle crime. In 2002 the figure was 99"
        ("yp-vehicle-crime", "2001"): 114,
        ("yp-vehicle-crime", "2002"): 99,
        # 3.21 "In 2001, 37 young people ... In 2002 the figure was 40"
        ("yp-domestic-burglary", "2001"): 37,
        ("yp-domestic-burglary", "2002"): 40,
        # 3.21 "in 2001, 67% ... In 2002 64% of young people involved with the service were in ETE"
        ("yos-ete", "2001"): 67,
        ("yos-ete", "2002"): 64,
    }
    assert all(isinstance(o.period, CalendarYear) for o in county.evidence)
    assert all(o.status == "stated" and o.source[:4] in {"2.3:", "3.21"} for o in county.evidence)
    described = sorted(o.value for o in county.evidence if o.indicator is None)
    # "(83%)", "(49%)", "(13% less ...)", "(8% more ...)", "78%", "61%", "only 13%"
    assert described == [-13, 8, 13, 49, 61, 78, 83]


def test_printed_percentage_changes_agree_with_the_counts(county: Strategy) -> None:
    ev = {(o.indicator, o.period.label): o.value for o in county.evidence if o.indicator}
    # "99 (13% less than the previous year)", "40 (8% more than the previous year)"
    def change(indicator: str) -> int:
        return round(100 * (ev[indicator, "2002"] / ev[indicator, "2001"] - 1))

    assert change("yp-vehicle-crime") == -13
    assert change("yp-domestic-burglary") == 8


# --- partnership structure ------------------------------------------------------------------


def test_departments_hang_off_their_directorates(county: Strategy) -> None:
    parent = {a.id: a.parent for a in county.partnership.agencies}
    # "Education Drug Strategy Unit";
    # 2.4 "a new corporate unit within the Chief Executive's Department"
    assert parent["drug-strategy-unit"] == "education"
    assert parent["yos"] == parent["community-safety-team"] == "youth-justice-safer-communities"
    assert parent["youth-justice-safer-communities"] == "chief-executives-department"
    assert parent["head-youth-justice-safer-communities"] == "youth-justice-safer-communities"


def test_programme_board_structure_of_appendix_one(county: Strategy) -> None:
    groups = {g.id: g for g in county.partnership.groups}
    levels = [g.name for g in groups.values() if g.kind == "level"]
    assert levels == [
        "Strategic Commitment to Community Safety",
        "Executive Direction of Cross Cutting Themes and Priorities",
        "Delivery Groups (to be confirmed)",
        "Possible Workstreams",
        "Programme Support",
        "Interface with CDRPs",
    ]
    delivery = [g.id for g in groups.values() if g.kind == "delivery group"]
    assert len(delivery) == 4 and all(groups[d].parent == "level-3" for d in delivery)
    workstreams = Counter(g.parent for g in groups.values() if g.kind == "workstream")
    assert workstreams == {
        "offender-management-group": 3,
        "reassurance-asb-group": 3,
        "crime-incident-mapping-group": 1,
        "performance-monitoring-psas-group": 1,
    }
    assert groups["programme-board"].parent == "level-2"


# --- the command line, round trip and schema ----------------------------------------------


def test_cli_show_by_name() -> None:
    result = CliRunner().invoke(cli, ["show", NAME])
    assert result.exit_code == 0, result.output
    assert "objective vulnerable-people: Providing support to vulnerable residents" in result.output
    assert "target grant-perpetrator-worker (resource)" in result.output


def test_cli_export_actions_one_row_per_measure_and_classification(county: Strategy) -> None:
    result = CliRunner().invoke(cli, ["export", NAME, "--what", "actions", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    actions = [n.node for n in county.actions()]
    assert len(rows) == sum(len(a.classifications) for a in actions) == 61 * 2 + 17
    first = [r for r in rows if r["action_id"] == "drug-treatment.a1"]
    assert [(r["axis"], r["category"], r["source"], r["lead"]) for r in first] == [
        ("stage", "primary", "stated", "Education Drug Strategy Unit (DSU)"),
        ("method", "social", "inferred", "Education Drug Strategy Unit (DSU)"),
    ]
    assert Counter(r["category"] for r in rows if r["axis"] == "stage") == {
        "primary": 19, "secondary": 21, "tertiary": 21,
    }


def test_cli_check_finds_no_errors() -> None:
    result = CliRunner().invoke(cli, ["check", NAME, "--format", "json"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)
    items = findings["findings"] if isinstance(findings, dict) else findings
    assert not [f for f in items if f["severity"] == "error"]


def test_round_trip(county: Strategy, host: Plugins) -> None:
    assert from_data(yaml.safe_load(dumps(county, plugins=host)), plugins=host) == county


def test_files_validate_against_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    jsonschema.validate(read(HERE / "strategy.yaml").data, schema)


# --- the model additions this plan needed ----------------------------------------------------


def test_reach_target_without_baseline_needs_a_direction(tmp_path: Path) -> None:
    path = tmp_path / "strategy.yaml"
    path.write_text(
        "cdrpkit: 1\nid: s\ntitle: S\npartnership: {id: p, name: P}\n"
        "objectives:\n  - id: o\n    title: O\n    targets:\n"
        "      - {kind: reach, id: t, text: reduce this level to 80,\n"
        "         target: {value: 80, period: 2004}}\n",
        encoding="utf-8",
    )
    with pytest.raises(StrategyError) as caught:
        cdrpkit.load(path)
    assert "objectives[0].targets[0]" in str(caught.value)
    assert "say the direction" in str(caught.value)


def test_reach_target_direction_must_agree_with_values() -> None:
    with pytest.raises(ValueError, match="disagrees with the values"):
        ReachTarget(
            id="t", text="...", baseline_value=972, direction="reduce",
            target=Measure(value=1150, period=parse_period("2005/06")),
        )


def test_direction_target_yearly_change_must_go_its_way() -> None:
    with pytest.raises(ValueError, match="does not go the way"):
        DirectionTarget(id="t", text="...", direction="reduce", annual_change=0.05)
    assert DirectionTarget(id="t", text="...", direction="increase").annual_change is None


def test_the_plugin_declares_the_force_area_family() -> None:
    # The nine CSP codes of PFA E23000021 in ../shared/data/lookups/lad_to_csp_to_pfa_2019.csv.
    from cdrpkit.peers.families import find_family

    family = find_family("leicestershire-force-area")
    assert family.members == tuple(f"E220001{n}" for n in range(64, 73))
    assert "E23000021" in family.source
