"""Rebuild the peers test fixtures from the real files in ../shared/data (run by hand).

    python tests/data/peers/build.py /work/shared/data

Writes the long-format figures and denominators this directory holds; PROVENANCE.md says
what each file is, where it came from and what was left out and why. Contains public
sector information licensed under the Open Government Licence v3.0.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
POLICE_UK_SOURCE = "data.police.uk {month}"
HO_SOURCE = "Home Office recorded crime by CSP"
HO_CODES = ("28A", "34B")


def slug(crime_type: str) -> str:
    """``Violence and sexual offences`` -> ``violence-and-sexual-offences``."""
    return re.sub(r"[^a-z0-9]+", "-", crime_type.lower()).strip("-")


def lookup(shared: Path) -> pd.DataFrame:
    return pd.read_csv(shared / "lookups" / "lad_to_csp_to_pfa_2019.csv", sep=";")


def police_uk(shared: Path) -> None:
    counts = pd.read_csv(shared / "police_uk" / "leicestershire_monthly_by_district_crimetype.csv")
    lad = lookup(shared)
    leics = lad[lad["PFA21CD"] == "E23000021"][["lad-name", "csp-code", "csp-name"]]
    merged = counts.merge(leics, left_on="district_from_lsoa_name", right_on="lad-name",
                          how="left")
    left_out = merged[merged["csp-code"].isna()]
    print(f"police.uk: {int(left_out['count'].sum())} crimes in {len(left_out)} rows outside "
          "the force's districts or without an LSOA, left out")
    kept = merged[merged["csp-code"].notna()]
    # The source table is a count of street-level rows, so a district, crime type and
    # month with no row had no recorded crime: that is a zero, written out explicitly.
    full = pd.MultiIndex.from_product(
        [sorted(kept["csp-code"].unique()), sorted(counts["crime_type"].unique()),
         sorted(counts["month"].unique())], names=["csp-code", "crime_type", "month"])
    summed = kept.groupby(["csp-code", "crime_type", "month"])["count"].sum()
    zeros = int((summed.reindex(full).isna()).sum())
    print(f"police.uk: {zeros} district x crime type x month cells with no row, written as 0")
    kept = summed.reindex(full, fill_value=0).reset_index()
    long = pd.DataFrame({
        "partnership": kept["csp-code"],
        "indicator": "policeuk-" + kept["crime_type"].map(slug),
        "target": "",
        "period": kept["month"],
        "value": kept["count"].astype(int),
        "unit": kept["crime_type"].map(
            lambda t: "incident" if t == "Anti-social behaviour" else "offence"),
        "source": kept["month"].map(lambda m: POLICE_UK_SOURCE.format(month=m)),
        "status": "actual",
    }).sort_values(["partnership", "indicator", "period"])
    long.to_csv(HERE / "policeuk_leicestershire_monthly.csv", index=False)


def populations(shared: Path) -> pd.Series:
    pop = pd.read_csv(shared / "lookups" / "lad_population_census2011.csv")
    names = pop["Local Authority"].str.replace(r" UA$", "", regex=True).str.strip()
    return pd.Series(pop["Population"].to_numpy(), index=names)


def csp_population(shared: Path) -> pd.DataFrame:
    """Census 2011 usual residents summed over each 2019 CSP's districts."""
    lad = lookup(shared)
    pop = populations(shared)
    lad["population"] = lad["lad-name"].map(pop)
    whole = lad.groupby("csp-code").filter(lambda g: g["population"].notna().all())
    missing = sorted(set(lad["csp-name"]) - set(whole["csp-name"]))
    print(f"population: {len(missing)} CSPs with a district not in the 2011 table: {missing}")
    table = whole.groupby(["csp-code", "csp-name"], as_index=False)["population"].sum()
    table.columns = ["partnership", "name", "denominator"]
    table["denominator"] = table["denominator"].astype(int)
    table["unit"] = "person"
    table["source"] = "2011 Census usual residents (ONS), summed over the CSP's 2019 districts"
    return table


def home_office(shared: Path, denominators: pd.DataFrame) -> None:
    ho = pd.read_csv(shared / "home_office" / "crime_data_by_csp.csv")
    ho["CSP Name"] = ho["CSP Name"].str.strip()
    ho = ho[ho["Offence Code"].isin(HO_CODES)].copy()
    rows = ho.groupby(["CSP Name", "Offence Code"])["Offence Code"].transform("size")
    ambiguous = sorted(set(ho.loc[rows != 4, "CSP Name"]))
    print(f"Home Office: {len(ambiguous)} CSP names without exactly four rows per code "
          f"(quarters cannot be told apart), left out: {ambiguous}")
    ho = ho[rows == 4].copy()
    ho["quarter"] = ho.groupby(["CSP Name", "Offence Code"]).cumcount() + 1
    codes = dict(zip(denominators["name"], denominators["partnership"], strict=True))
    ho["partnership"] = ho["CSP Name"].map(codes)
    unmatched = sorted(set(ho.loc[ho["partnership"].isna(), "CSP Name"]))
    print(f"Home Office: {len(unmatched)} CSP names not among the 2019 CSPs with a 2011 "
          f"population, left out: {unmatched}")
    ho = ho[ho["partnership"].notna()].copy()
    ho["value"] = pd.to_numeric(ho["Number of Offences"]).astype(int)
    negative = ho[ho["value"] < 0]
    print(f"Home Office: {len(negative)} negative quarterly counts (later reclassifications): "
          f"{negative[['CSP Name', 'Offence Code', 'quarter', 'value']].to_dict('records')}; "
          "the fixture holds the year's totals")
    year = ho.groupby(["partnership", "Offence Code"], as_index=False)["value"].sum()
    long = pd.DataFrame({
        "partnership": year["partnership"],
        "indicator": "ho-" + year["Offence Code"],
        "target": "",
        "period": "2011/12",
        "value": year["value"],
        "unit": "offence",
        "source": HO_SOURCE + " (2011/12 read)",
        "status": "actual",
    }).sort_values(["partnership", "indicator", "period"])
    long.to_csv(HERE / "ho_csp_2011_12.csv", index=False)
    used = denominators[denominators["partnership"].isin(set(long["partnership"]))]
    used.to_csv(HERE / "csp_population_census2011.csv", index=False)
    rates = long.pivot_table(index="partnership", columns="indicator", values="value")
    variables = used[["partnership", "name", "denominator"]].set_index("partnership")
    for code in HO_CODES:
        variables[f"rate_{code}_per_1000"] = (
            rates[f"ho-{code}"] / variables["denominator"] * 1000).round(4)
    incomplete = variables[variables.isna().any(axis=1)]
    print(f"variables: {len(incomplete)} CSPs without both offence codes, left out: "
          f"{incomplete['name'].tolist()}")
    variables = variables.dropna()
    variables.rename(columns={"denominator": "population_2011"}).reset_index().to_csv(
        HERE / "csp_variables_2011.csv", index=False)


def main(shared: Path) -> None:
    police_uk(shared)
    home_office(shared, csp_population(shared))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
