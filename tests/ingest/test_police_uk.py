"""police.uk street-level files: counts equal to counting the raw rows by hand."""

from __future__ import annotations

import csv
import json
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cdrpkit.ingest import Ingested, ingest_police_uk, write_figures
from tests.ingest.conftest import MONTHS, POLICE_UK

# The CSP codes of the Leicestershire districts, as the data README lists them (ONS
# LAD -> CSP -> PFA lookup, December 2019). Written out here, not taken from the code.
CSP = {
    "Blaby": "E22000164", "Charnwood": "E22000165", "Harborough": "E22000166",
    "Hinckley and Bosworth": "E22000167", "Leicester": "E22000168", "Melton": "E22000169",
    "North West Leicestershire": "E22000170", "Oadby and Wigston": "E22000171",
    "Rutland": "E22000172",
}
# police.uk crime types and the indicator ids issue 15 asks for.
INDICATOR = {
    "Anti-social behaviour": "policeuk-anti-social-behaviour",
    "Bicycle theft": "policeuk-bicycle-theft", "Burglary": "policeuk-burglary",
    "Criminal damage and arson": "policeuk-criminal-damage-and-arson",
    "Drugs": "policeuk-drugs", "Other crime": "policeuk-other-crime",
    "Other theft": "policeuk-other-theft",
    "Possession of weapons": "policeuk-possession-of-weapons",
    "Public order": "policeuk-public-order", "Robbery": "policeuk-robbery",
    "Shoplifting": "policeuk-shoplifting",
    "Theft from the person": "policeuk-theft-from-the-person",
    "Vehicle crime": "policeuk-vehicle-crime",
    "Violence and sexual offences": "policeuk-violence-and-sexual-offences",
}


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))


def raw_counts(paths: list[Path]) -> Counter[tuple[str, str, str]]:
    """(CSP code, indicator, month) -> rows, counted with the csv module from the raw rows."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                district = row["LSOA name"][:-5]  # "Leicester 001A" -> "Leicester"
                if district in CSP:
                    counts[(CSP[district], INDICATOR[row["Crime type"]], row["Month"])] += 1
    return counts


def ingested_counts(figures: pd.DataFrame) -> dict[tuple[str, str, str], int]:
    mine = figures[figures["partnership"].isin(CSP.values())]
    return {(r.partnership, r.indicator, r.period): int(r.value) for r in mine.itertuples()}


def test_leicestershire_months_equal_the_raw_counts(leics: Ingested) -> None:
    expected = raw_counts([POLICE_UK / f"{m}-leicestershire-street.csv" for m in MONTHS])
    got = ingested_counts(leics.figures)
    assert got == dict(expected)
    # Every district and all three months are there, for Leicester every crime type.
    assert {k[0] for k in got} == set(CSP.values())
    assert {k[2] for k in got} == set(MONTHS)
    assert {k[1] for k in got if k[0] == "E22000168"} == set(INDICATOR.values())
    # Hand check from the raw file: Leicester's vehicle crime in 2019-12.
    assert got[("E22000168", "policeuk-vehicle-crime", "2019-12")] == \
        expected[("E22000168", "policeuk-vehicle-crime", "2019-12")] == 340


def test_rows_read_written_and_set_aside_add_up(leics: Ingested) -> None:
    s = leics.summary
    # The data README: 8,092 / 8,852 / 9,802 rows.
    assert [f.rows_read for f in s.files] == [8092, 8852, 9802]
    for f in s.files:
        assert f.rows_read == f.rows_written + sum(f.set_aside.values())
        assert f.schema == "12-column"
    assert s.set_aside["no LSOA"] == sum(
        1 for m in MONTHS for r in rows_of(POLICE_UK / f"{m}-leicestershire-street.csv")
        if not r["LSOA code"])
    assert int(leics.figures["value"].sum()) == s.rows_written


def test_long_format_columns_and_units(leics: Ingested) -> None:
    f = leics.figures
    assert list(f.columns) == ["partnership", "indicator", "target", "period", "value",
                               "unit", "source", "status"]
    assert set(f.loc[f.indicator == "policeuk-anti-social-behaviour", "unit"]) == {"incident"}
    assert set(f.loc[f.indicator == "policeuk-robbery", "unit"]) == {"offence"}
    assert set(f["status"]) == {"actual"}
    assert f["source"].str.contains("leicestershire-street.csv").all()


def test_keep_unmatched_keeps_set_aside_rows(leics: Ingested) -> None:
    kept = ingest_police_uk([POLICE_UK / "2022-10-leicestershire-street.csv"],
                            keep_unmatched=True)
    f = kept.figures
    report = leics.summary.files[2]
    assert f.loc[f.partnership == "unmatched-no-lsoa", "value"].sum() == \
        report.set_aside["no LSOA"] == kept.summary.files[0].kept_unmatched["no LSOA"]
    assert f.loc[f.partnership == "unmatched-outside-lookup", "value"].sum() == \
        report.set_aside["LSOA outside the lookup"] == 2
    assert int(f["value"].sum()) == report.rows_read == kept.summary.files[0].rows_written
    assert kept.summary.files[0].set_aside == {}


def test_older_schemas_are_found_by_header(tmp_path: Path) -> None:
    source = POLICE_UK / "2020-01-leicestershire-street.csv"
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    old = frame.drop(columns=["Crime ID", "Context"])
    old = old[list(reversed(old.columns))]  # another column order: found by name
    path = tmp_path / "2020-01-leicestershire-street.csv"
    old.to_csv(path, index=False)
    result = ingest_police_uk([path])
    assert result.summary.files[0].schema == "10-column, without Crime ID and Context"
    new = ingest_police_uk([source])
    assert ingested_counts(result.figures) == ingested_counts(new.figures)


def test_directories_and_zips_read_the_same(tmp_path: Path, leics: Ingested) -> None:
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for m in MONTHS:
            z.write(POLICE_UK / f"{m}-leicestershire-street.csv",
                    f"{m}/{m}-leicestershire-street.csv")
        z.writestr(f"{MONTHS[0]}/{MONTHS[0]}-leicestershire-outcomes.csv", "not read")
    from_zip = ingest_police_uk([archive])
    from_dir = ingest_police_uk([POLICE_UK])
    assert ingested_counts(from_zip.figures) == ingested_counts(leics.figures)
    assert ingested_counts(from_dir.figures) == ingested_counts(leics.figures)
    assert len(from_zip.summary.files) == 3


def test_geography_lookup_by_lsoa_code(tmp_path: Path) -> None:
    source = POLICE_UK / "2019-12-leicestershire-street.csv"
    rows = rows_of(source)
    # A user's lookup that puts every Leicester LSOA in Leicester (E06000016) and the rest
    # nowhere: only Leicester's rows are matched.
    lookup = tmp_path / "lsoa.csv"
    codes = sorted({r["LSOA code"] for r in rows if r["LSOA name"].startswith("Leicester ")})
    lookup.write_text("LSOA11CD,LSOA11NM,LAD19CD\n"
                      + "".join(f"{c},x,E06000016\n" for c in codes))
    result = ingest_police_uk([source], geography=lookup)
    assert set(result.figures["partnership"]) == {"E22000168"}
    assert int(result.figures["value"].sum()) == sum(
        1 for r in rows if r["LSOA name"].startswith("Leicester "))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_write_figures_and_summary(tmp_path: Path, leics: Ingested, suffix: str) -> None:
    out = tmp_path / f"leics{suffix}"
    summary = write_figures(leics, out)
    assert summary == tmp_path / "leics.summary.json"
    data = json.loads(summary.read_text())
    assert data["rows_read"] == 8092 + 8852 + 9802
    assert "Open Government Licence v3.0" in data["attribution"]
    back = pd.read_csv(out) if suffix == ".csv" else pd.read_parquet(out)
    assert int(back["value"].sum()) == leics.summary.rows_written


def test_many_parquet_files_read_together_with_duckdb(tmp_path: Path, leics: Ingested) -> None:
    from cdrpkit.ingest import read_ingested

    for month in MONTHS:
        one = ingest_police_uk([POLICE_UK / f"{month}-leicestershire-street.csv"])
        write_figures(one, tmp_path / f"{month}.parquet")
    both = read_ingested(str(tmp_path / "*.parquet"), partnerships=["E22000168"],
                         indicators=["policeuk-robbery", "policeuk-vehicle-crime"])
    expected = leics.figures[(leics.figures.partnership == "E22000168")
                             & leics.figures.indicator.isin(["policeuk-robbery",
                                                             "policeuk-vehicle-crime"])]
    assert len(both) == len(expected) == 6
    assert {(r.indicator, r.period): int(r.value) for r in both.itertuples()} == \
        {(r.indicator, r.period): int(r.value) for r in expected.itertuples()}
    assert set(both["partnership"]) == {"E22000168"}
