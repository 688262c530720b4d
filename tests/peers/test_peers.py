"""Funnels and families on real figures (tests/data/peers, derived from ../shared/data).

Numbers quoted here come from /work/shared/data (see tests/data/peers/PROVENANCE.md):
Leicester's police.uk burglaries summed over April 2020 to March 2021 are 1,874 (from
leicestershire_monthly_by_district_crimetype.csv); Leicester's Home Office 28A count in the
CSP extract is 478 + 357 + 450 + 505 = 1,790; its 2011 Census population is 329,839.
"""

from __future__ import annotations

import types
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import cdrpkit
from cdrpkit.errors import InputError, NotFoundError
from cdrpkit.peers import COLUMNS, counts_for, peer_funnel, read_denominators
from cdrpkit.peers.families import build_families, find_family, read_families, write_families
from cdrpkit.plugins import Plugins, hookimpl
from cdrpkit.plugins.declarations import PartnershipFamily
from cdrpkit.stats.funnel import funnel
from tests.conftest import DATA

PEERS = DATA / "peers"
POLICE_UK = PEERS / "policeuk_leicestershire_monthly.csv"
HOME_OFFICE = PEERS / "ho_csp_2011_12.csv"
POPULATION = PEERS / "csp_population_census2011.csv"
LEICESTERSHIRE = ("E22000164", "E22000165", "E22000166", "E22000167", "E22000168",
                  "E22000169", "E22000170", "E22000171")


@pytest.fixture(scope="module")
def police_uk() -> pd.DataFrame:
    return cdrpkit.read_observations(POLICE_UK)


@pytest.fixture(scope="module")
def home_office() -> pd.DataFrame:
    return cdrpkit.read_observations(HOME_OFFICE)


def test_months_are_summed_into_the_financial_year(police_uk: pd.DataFrame) -> None:
    counts = counts_for(police_uk, "policeuk-burglary", "2020/21").set_index("partnership")
    assert counts.loc["E22000168", "count"] == 1874
    assert counts.loc["E22000172", "count"] == 64  # Rutland
    assert len(counts) == 9
    month = counts_for(police_uk, "policeuk-burglary", "2020-01").set_index("partnership")
    assert month["count"].sum() < counts["count"].sum()


def test_a_year_the_figures_do_not_cover_is_refused_with_the_partnership(
    police_uk: pd.DataFrame,
) -> None:
    # The figures end in October 2022: 7 of the 12 months of 2022/23.
    with pytest.raises(InputError, match=r"E22000168.*7 of the 12 months of 2022/23"):
        counts_for(police_uk, "policeuk-burglary", "2022/23")
    with pytest.raises(InputError, match="no figures for indicator 'policeuk-burglar'"):
        counts_for(police_uk, "policeuk-burglar", "2020/21")


def test_denominators_file_problems_name_the_row(tmp_path: Path) -> None:
    bad = tmp_path / "den.csv"
    bad.write_text("partnership,denominator\nA,100\nB,none\nA,5\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_denominators(bad)
    text = str(caught.value)
    assert "row 3, column denominator" in text and "'none'" in text
    assert "row 4, column partnership" in text
    bad.write_text("code,population\nA,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column 'partnership'"):
        read_denominators(bad)


def test_funnel_across_all_csps_of_the_home_office_extract(home_office: pd.DataFrame) -> None:
    f = peer_funnel(home_office, "ho-28A", "2011/12", denominators=read_denominators(POPULATION))
    table = f.table.set_index("partnership")
    assert list(f.table.columns) == list(COLUMNS)
    assert len(table) == 277
    leicester = table.loc["E22000168"]
    assert leicester["count"] == 1790 and leicester["denominator"] == 329_839
    assert leicester["rate"] == pytest.approx(1790 / 329_839 * 1000)
    assert leicester["name"] == "Leicester"
    # The same limits as the statistics function given the same counts.
    direct = funnel(f.table["count"].to_numpy(), f.table["denominator"].to_numpy())
    np.testing.assert_allclose(f.table["upper_998"], direct.upper_998 * 1000)
    assert f.target_rate == pytest.approx(f.table["count"].sum() / f.table["denominator"].sum())
    # Burglary rates differ between areas far beyond chance: the test says so.
    assert f.dispersion["overdispersed"] and f.adjustment == "additive"
    assert f.left_out == ()
    assert set(f.table["position"]) <= {"above 99.8%", "above 95%", "within", "below 95%",
                                        "below 99.8%"}


def test_funnel_of_the_leicestershire_partnerships_without_adjustment(
    police_uk: pd.DataFrame,
) -> None:
    f = peer_funnel(police_uk, "policeuk-burglary", "2020/21",
                    denominators=read_denominators(POPULATION), overdispersion="none")
    table = f.table.set_index("partnership")
    # Leicester: 1,874 burglaries on 329,839 people, 5.68 per 1,000, against a group rate
    # of 4.12: far above the exact Poisson 99.8% limit when no overdispersion is allowed.
    assert table.loc["E22000168", "rate"] == pytest.approx(5.6816, abs=1e-4)
    assert table.loc["E22000168", "position"] == "above 99.8%"
    assert table.loc["E22000172", "position"] == "below 99.8%"  # Rutland, 64 burglaries
    assert f.adjustment == "none" and "Poisson" in f.method
    # Partnerships with a population but no police.uk figures are listed, not dropped.
    assert ("E22000001", "in the denominators file with no figures for the period") in f.left_out


def test_a_family_is_compared_around_its_own_mean(home_office: pd.DataFrame) -> None:
    family = PartnershipFamily(id="leics", name="Leicestershire partnerships",
                               members=(*LEICESTERSHIRE, "E22000999"),
                               source="the districts of the force area", date="2019-12")
    f = peer_funnel(home_office, "ho-28A", "2011/12", denominators=read_denominators(POPULATION),
                    family=family)
    assert sorted(f.table["partnership"]) == sorted(LEICESTERSHIRE)
    mean = f.table["count"].sum() / f.table["denominator"].sum() * 1000
    assert f.family is not None and f.family["mean_rate"] == pytest.approx(mean)
    assert ("E22000999", "member of family 'leics' with no figures") in f.left_out


def test_families_come_from_plugins_and_files(tmp_path: Path) -> None:
    family = PartnershipFamily(id="pair", name="Two", members=("E22000164", "E22000165"),
                               source="test plugin", date="2026-11-29")
    plugin = types.SimpleNamespace(
        cdrpkit_register_partnership_families=hookimpl(lambda: [family]))
    host = Plugins(entry_points=False, plugins=[("test-families", plugin)])
    assert host.partnership_families == {"pair": family}
    assert find_family("pair", plugins=host) == family
    path = write_families([family], {"variables": []}, tmp_path / "f.yaml")
    assert read_families(path) == {"pair": family}
    with pytest.raises(NotFoundError, match=r"no family called 'other'.*pair"):
        find_family("other", plugins=host)
    (tmp_path / "bad.yaml").write_text("families:\n  - {id: x, members: [a]}\n")
    with pytest.raises(InputError, match=r"families\[0\]"):
        read_families(tmp_path / "bad.yaml")


def test_most_similar_families_by_standardised_distance() -> None:
    table = pd.read_csv(PEERS / "csp_variables_2011.csv", dtype={"partnership": str})
    families, used = build_families(table, 15, weights={"population_2011": 2.0},
                                    only=["E22000168"], date="2026-11-29")
    assert used["variables"] == ["population_2011", "rate_28A_per_1000", "rate_34B_per_1000"]
    assert used["weights"] == {"population_2011": 2.0, "rate_28A_per_1000": 1.0,
                               "rate_34B_per_1000": 1.0}
    (leicester,) = families
    assert len(leicester.members) == 16 and leicester.members[0] == "E22000168"
    # Independently: z-scores with the sample standard deviation, weighted distance.
    x = table[used["variables"]].to_numpy(float)
    z = (x - x.mean(0)) / x.std(0, ddof=1) * np.sqrt([2.0, 1.0, 1.0])
    i = int(np.flatnonzero(table["partnership"] == "E22000168")[0])
    d = np.sqrt(((z - z[i]) ** 2).sum(1))
    d[i] = np.inf
    nearest = table["partnership"].to_numpy()[np.argsort(d, kind="stable")[:15]]
    assert list(leicester.members[1:]) == list(nearest)
    assert "population_2011" in leicester.source


def test_family_build_refuses_bad_variables() -> None:
    table = pd.DataFrame({"partnership": ["a", "b", "c"], "x": [1, 2, "n/a"], "y": [1, 1, 1]})
    with pytest.raises(InputError) as caught:
        build_families(table, 1, weights={"z": 1.0})
    text = str(caught.value)
    assert "row 4, column x" in text and "column y" in text and "weights.z" in text
    with pytest.raises(InputError, match="below the 2 partnerships"):
        build_families(pd.DataFrame({"partnership": ["a", "b"], "x": [1, 2]}), 2)


def test_the_funnel_names_only_the_sources_of_the_figures_it_used(
    police_uk: pd.DataFrame,
) -> None:
    f = peer_funnel(police_uk, "policeuk-burglary", "2020/21",
                    denominators=read_denominators(POPULATION))
    assert f.sources == tuple(f"data.police.uk 20{m}" for m in (
        "20-04", "20-05", "20-06", "20-07", "20-08", "20-09", "20-10", "20-11", "20-12",
        "21-01", "21-02", "21-03"))


def test_a_proportion_funnel_uses_the_figures_denominator_and_binomial_limits(
    police_uk: pd.DataFrame,
) -> None:
    # The share of each partnership's recorded crime in 2020/21 that is burglary: real
    # counts from the police.uk fixture, the denominator being all crime types but
    # anti-social behaviour (incidents, not crimes).
    from scipy import stats

    crimes = police_uk[police_uk["unit"] == "offence"]
    year = crimes[crimes["period"].astype(str).between("2020-04", "2021-03")]
    totals = year.groupby("partnership", observed=True)["value"].sum()
    burglary = year[year["indicator"] == "policeuk-burglary"]
    yearly = burglary.groupby("partnership", as_index=False, observed=True).agg(
        value=("value", "sum"))
    yearly = yearly.assign(indicator="burglary-share", target="", period="2020/21",
                           unit="offence", source="data.police.uk", status="actual",
                           denominator=yearly["partnership"].map(totals).to_numpy())
    f = peer_funnel(cdrpkit.read_observations(yearly), "burglary-share", "2020/21",
                    kind="binomial", per=100, denominator_unit="recorded crimes",
                    overdispersion="none")
    table = f.table.set_index("partnership")
    assert table.loc["E22000168", "count"] == 1874
    n = table["denominator"].to_numpy()
    p = table["count"].sum() / n.sum()
    expected_upper = stats.beta.ppf(0.999, p * n + 1, n - p * n) * 100
    np.testing.assert_allclose(table["upper_998"], expected_upper, rtol=1e-9)
    assert "binomial" in f.method
