"""The report's "Against its family" section, on real police.uk figures.

The peer figures are ``tests/data/peers/policeuk_leicestershire_monthly.csv`` (police.uk
counts by Leicestershire partnership, OGL v3; see its PROVENANCE.md) and the denominators
the 2011 Census populations beside it. The family is the Leicestershire force area's,
declared by the county example plugin; Leicester 2005 states ons_codes E22000168.
Every expected number is computed here from the fixture with plain pandas, not through
cdrpkit.
"""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.errors import InputError
from cdrpkit.plugins import resolve
from cdrpkit.reports import report
from tests.conftest import DATA, ROOT

FIGURES = ROOT / "examples" / "leicester_2005" / "data" / "observations.csv"
PEERS = DATA / "peers" / "policeuk_leicestershire_monthly.csv"
POPULATION = DATA / "peers" / "csp_population_census2011.csv"
FAMILY = "leicestershire-force-area"
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


def year_counts(indicator: str) -> pd.Series:
    """Each partnership's count of ``indicator`` over the months of 2021/22, from the CSV."""
    raw = pd.read_csv(PEERS, dtype=str)
    rows = raw[(raw["indicator"] == indicator) & (raw["period"] >= "2021-04")
               & (raw["period"] <= "2022-03")]
    assert len(rows) == 9 * 12  # nine partnerships, twelve months each
    return rows.groupby("partnership")["value"].apply(lambda s: s.astype(int).sum())


def burglary_reason() -> str:
    """The offence-code registry's own reason police.uk cannot give domestic burglary."""
    [mapping] = [m for m in resolve(None).offence_mappings.values()
                 if m.indicator == "domestic-burglary" and m.source == "police-uk"]
    assert not mapping.available and mapping.reason
    return str(mapping.reason)


def run_report(out: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, ["report", "leicester-2005", "--data", str(FIGURES),
                                      "--out", str(out), *extra])
    assert result.exit_code == 0, result.output


FAMILY_ARGS = ("--peers", str(PEERS), "--family", FAMILY, "--peer-period", "2021/22",
               "--denominators", str(POPULATION))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    with_family = tmp_path_factory.mktemp("with-family")
    without = tmp_path_factory.mktemp("without-family")
    run_report(with_family, *FAMILY_ARGS)
    run_report(without)
    return {"with": with_family, "without": without}


def test_html_section_shows_leicester_vehicle_crime_against_its_family(
        outputs: dict[str, Path]) -> None:
    html = (outputs["with"] / "leicester-2005-report.html").read_text(encoding="utf-8")
    counts = year_counts("policeuk-vehicle-crime")
    leicester = int(counts["E22000168"])
    assert leicester == 2567  # the fixture's sum of Leicester's 12 months of 2021/22
    population = pd.read_csv(POPULATION, dtype={"partnership": str}).set_index("partnership")
    rate = leicester / 329_839 * 1000  # Leicester's 2011 Census population
    # The family's mean rate: all nine members' crimes over all nine populations.
    mean = counts.sum() / population.loc[counts.index, "denominator"].sum() * 1000
    section = html.split('<section id="family"', 1)[1].split("</section>", 1)[0]
    row = section.split('data-target="reduce-acquisitive-crime.t2"', 1)[1].split("</tr>", 1)[0]
    assert "policeuk-vehicle-crime" in row and "BCS-vehicle" in row
    assert f'<td class="n">{leicester:,}</td>' in row
    assert '<td class="n">329,839</td>' in row
    assert f'<td class="n">{rate:.2f}</td>' in row
    assert f'<td class="n">{mean:.2f}</td>' in row
    assert "within the 95% limits" in row  # 7.78 against 3.10 to 8.78
    # What the section says about its figures and family.
    assert "period 2021/22" in section
    assert "policeuk_leicestershire_monthly.csv" in section
    assert "Community Safety Partnerships of the Leicestershire Police force area" in section
    assert "dated 2019-12" in section and "PFA E23000021" in section
    assert "declared by the plugin" in section
    assert "not an official Most Similar Group" in section
    assert OGL in section
    # Burglary cannot be compared: the registry's reason, word for word.
    burglary = section.split('data-target="reduce-acquisitive-crime.t1"', 1)[1].split(
        "</tr>", 1)[0]
    assert burglary_reason() in unescape(burglary)
    # The section sits after the board summary and before the targets in detail.
    assert html.index('id="summary"') < html.index('id="family"') < html.index('id="detail"')


def test_markdown_and_workbook_carry_the_same_numbers(outputs: dict[str, Path]) -> None:
    leicester = int(year_counts("policeuk-vehicle-crime")["E22000168"])
    markdown = (outputs["with"] / "leicester-2005-report.md").read_text(encoding="utf-8")
    section = markdown.split("## Against its family", 1)[1]
    line = next(x for x in section.splitlines() if "reduce-acquisitive-crime.t2" in x)
    assert f"| {leicester:,} | 329,839 |" in line
    assert OGL in section and "not an official Most Similar Group" in section
    book = load_workbook(outputs["with"] / "leicester-2005-report.xlsx")
    assert "Family" in book.sheetnames
    sheet = book["Family"]
    header = [c.value for c in sheet[1]]
    rows = {r[header.index("Target")]: dict(zip(header, r, strict=True))
            for r in sheet.iter_rows(min_row=2, max_col=len(header), values_only=True)
            if r[header.index("Target")]}
    vehicle = rows["reduce-acquisitive-crime.t2"]
    assert vehicle["Count"] == leicester and vehicle["Peer indicator"] == "policeuk-vehicle-crime"
    assert vehicle["Denominator"] == 329_839
    burglary = rows["reduce-acquisitive-crime.t1"]
    assert burglary["Position"] == "not compared" and burglary["Count"] is None
    assert burglary_reason() in burglary["Note"]
    texts = [r[0] for r in sheet.iter_rows(values_only=True) if r and r[0]]
    assert OGL in texts
    assert [c.value for c in book["Index"]["A"]].count("Family") == 1


def test_without_a_family_the_report_is_as_before(outputs: dict[str, Path]) -> None:
    plain = (outputs["without"] / "leicester-2005-report.html").read_text(encoding="utf-8")
    full = (outputs["with"] / "leicester-2005-report.html").read_text(encoding="utf-8")
    assert 'id="family"' not in plain and "Against its family" not in plain
    # Take the section out of the page with it: what is left is the page without it.
    start = full.index('<section id="family"')
    end = full.index("</section>", full.index("</table>", full.index(
        "Targets that cannot be compared", start))) + len("</section>\n")
    style = "<style>@media print { #family { break-before: page; } }</style>\n"
    assert style in full
    assert (full[:start] + full[end:]).replace(style, "", 1) == plain
    md_plain = (outputs["without"] / "leicester-2005-report.md").read_text(encoding="utf-8")
    md_full = (outputs["with"] / "leicester-2005-report.md").read_text(encoding="utf-8")
    assert "Against its family" not in md_plain
    head, rest = md_full.split("## Against its family\n", 1)
    assert head + rest[rest.index("\n## Partnership objectives"):].lstrip("\n") == md_plain
    book = load_workbook(outputs["without"] / "leicester-2005-report.xlsx")
    assert "Family" not in book.sheetnames


def test_a_family_file_of_the_users_and_its_own_mean(tmp_path: Path) -> None:
    members = ["E22000168", "E22000164", "E22000165"]
    path = tmp_path / "families.yaml"
    path.write_text("families:\n- id: three\n  name: City and two districts\n"
                    "  source: chosen for the test\n  date: '2026-11-29'\n"
                    f"  members: [{', '.join(members)}]\n", encoding="utf-8")
    paths, context = report(
        cdrpkit.load("leicester-2005"), FIGURES, tmp_path / "out", formats=["markdown"],
        peers=PEERS, family="three", families=[path], peer_period="2021/22",
        denominators=POPULATION, return_context=True)
    [comparison] = context.family
    assert comparison.origin == "from the family file families.yaml (the user's)"
    counts = year_counts("policeuk-vehicle-crime").loc[members]
    population = pd.read_csv(POPULATION, dtype={"partnership": str}).set_index(
        "partnership").loc[members, "denominator"]
    [row] = [r for r in comparison.rows if r["target_id"] == "reduce-acquisitive-crime.t2"]
    assert row["family_mean"] == pytest.approx(counts.sum() / population.sum() * 1000)
    assert row["count"] == counts["E22000168"]
    assert "families.yaml \\(the user's\\)" in paths["markdown"].read_text(encoding="utf-8")


def test_a_partnership_outside_the_family_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "families.yaml"
    path.write_text("families:\n- id: county\n  name: Two districts\n  source: test\n"
                    "  date: '2026-11-29'\n  members: [E22000164, E22000165]\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, [
        "report", "leicester-2005", "--data", str(FIGURES), "--out", str(tmp_path / "o"),
        "--peers", str(PEERS), "--family", "county", "--families", str(path),
        "--peer-period", "2021/22", "--denominators", str(POPULATION)])
    assert result.exit_code == 2
    assert "leicester-2005: partnership.ons_codes: E22000168 is not a member of family " \
           "'county'" in result.output
    assert "Traceback" not in result.output


def test_a_family_needs_the_peer_figures_and_period(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="peer_period: is needed too"):
        report(cdrpkit.load("leicester-2005"), FIGURES, tmp_path, formats=["markdown"],
               peers=PEERS, family=FAMILY)
    result = CliRunner().invoke(cli, ["report", "leicester-2005", "--data", str(FIGURES),
                                      "--out", str(tmp_path / "o"), "--family", FAMILY])
    assert result.exit_code == 2
    assert "peers: is needed too" in result.output


def test_home_office_figures_carry_the_attribution_even_with_nothing_compared() -> None:
    from cdrpkit.peers import read_denominators
    from cdrpkit.reports.family import family_comparisons, locate_family

    family, origin = locate_family(FAMILY)
    peers = cdrpkit.read_observations(DATA / "peers" / "ho_csp_2011_12.csv")
    [c] = family_comparisons([cdrpkit.load("leicester-2005")], peers, family, "2011/12",
                             denominators=read_denominators(POPULATION), origin=origin)
    # The extract has 28A and 34B only; the registry builds neither regime indicator
    # from a single code, and says why.
    assert c.rows == ()
    burglary = [r["reason"] for r in c.not_comparable if r["target_id"] ==
                "reduce-acquisitive-crime.t1"]
    assert burglary and burglary[0].startswith("offence-code registry: home-office:")
    assert c.attribution == OGL


def test_a_strategy_indicator_in_the_figures_is_used_as_it_is() -> None:
    from cdrpkit.peers import read_denominators
    from cdrpkit.reports.family import family_comparisons, locate_family

    # The police.uk counts relabelled with the strategy's own indicator id and a source
    # that is neither police.uk nor the Home Office: used directly, and no OGL line.
    raw = pd.read_csv(PEERS, dtype={"partnership": str})
    mine = raw[raw["indicator"] == "policeuk-vehicle-crime"].assign(
        indicator="BCS-vehicle", source="relabelled for a test")
    family, _ = locate_family(FAMILY)
    [c] = family_comparisons([cdrpkit.load("leicester-2005")], mine, family, "2021/22",
                             denominators=read_denominators(POPULATION))
    [row] = c.rows
    assert (row["peer_indicator"], row["how"]) == ("BCS-vehicle",
                                                   "the peer figures' own indicator")
    assert row["count"] == year_counts("policeuk-vehicle-crime")["E22000168"]
    assert c.attribution == "" and c.origin == "given by the caller"
