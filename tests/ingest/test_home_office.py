"""The Home Office recorded crime tables: the real PFA file's totals, the CSP extract."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from cdrpkit.errors import IngestError
from cdrpkit.ingest import ingest_home_office
from tests.ingest.conftest import DATA, HOME_OFFICE

PFA_TABLE = HOME_OFFICE / "prc-pfa-201718.csv"
NOT_FORCES = {"Action Fraud", "British Transport Police", "CIFAS", "Financial Fraud Action UK",
              "UK Finance"}


def pfa_codes() -> dict[str, str]:
    """Force name -> PFA code, read here from the lookup the data README describes."""
    text = (DATA.parent.parent / "src/cdrpkit/ingest/data/lad_to_csp_to_pfa_2019.csv"
            ).read_text(encoding="utf-8")
    codes = {r["PFA21NM"]: r["PFA21CD"] for r in csv.DictReader(text.splitlines(),
                                                                  delimiter=";")}
    codes["Devon and Cornwall"] = codes["Devon & Cornwall"]  # the table spells it out
    return codes


@pytest.fixture(scope="module")
def pfa() -> pd.DataFrame:
    return ingest_home_office(PFA_TABLE).figures


def test_pfa_table_gives_the_files_totals_per_force_and_quarter(pfa: pd.DataFrame) -> None:
    codes = pfa_codes()
    expected: Counter[tuple[str, str]] = Counter()
    rows = list(csv.DictReader(PFA_TABLE.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        count = row["Number of Offences"].strip()
        if count == "-00" or row["Force Name"] in NOT_FORCES:
            continue
        period = f"{row['Financial Year']}-Q{row['Financial Quarter']}"
        expected[(codes[row["Force Name"]], period)] += int(count)
    got = pfa.groupby(["partnership", "period"])["value"].sum()
    assert {k: int(v) for k, v in got.items()} == dict(expected)
    assert len(expected) == 43 * 4
    # Checked by hand with awk on the raw file: Leicestershire, 2017/18 Q1, 20,213 offences.
    assert got[("E23000021", "2017/18-Q1")] == 20213


def test_pfa_table_figures_and_summary(pfa: pd.DataFrame) -> None:
    result = ingest_home_office(PFA_TABLE)
    report = result.summary.files[0]
    assert report.rows_read == 23068  # the data README
    assert report.set_aside["discontinued offence code (-00)"] == sum(
        1 for line in PFA_TABLE.read_text(encoding="utf-8").splitlines()
        if line.rstrip().endswith(",-00"))
    assert sorted(report.unmatched_areas) == sorted(NOT_FORCES)
    assert any("negative count(s)" in w for w in report.warnings)
    leics = pfa[(pfa.partnership == "E23000021") & (pfa.period == "2017/18-Q1")]
    # "Burglary Residential", Leicestershire, 2017/18 Q1: " 1469 " in the file.
    assert int(leics.loc[leics.indicator == "ho-28E", "value"].iloc[0]) == 1469
    # The City of London's quoted name with a comma is found.
    assert "E23000034" in set(pfa["partnership"])


def test_csp_extract_without_quarters_is_refused() -> None:
    with pytest.raises(IngestError, match="has no 'Financial Year' and 'Financial Quarter'"):
        ingest_home_office(HOME_OFFICE / "crime_data_by_csp_leicester.csv")


def test_csp_extract_with_a_stated_year_and_row_order() -> None:
    result = ingest_home_office(HOME_OFFICE / "crime_data_by_csp_leicester.csv",
                                year="2011/12", row_order="quarter-major")
    f = result.figures
    burglary = f[f.indicator == "ho-28A"].sort_values("period")
    assert set(burglary["partnership"]) == {"E22000168"}
    # The data README: Leicester domestic burglary (28A) in file order: 478, 357, 450, 505.
    assert burglary["value"].tolist() == [478, 357, 450, 505]
    assert burglary["period"].tolist() == [f"2011/12-Q{q}" for q in range(1, 5)]


def test_row_order_that_cannot_give_quarters_is_refused(tmp_path: Path) -> None:
    lines = (HOME_OFFICE / "crime_data_by_csp_leicester.csv").read_text().splitlines()
    path = tmp_path / "extract.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n")  # one pair now has 5 rows
    pattern = r"1 area x offence code pair\(s\) do not occur exactly 4 times, e.g. Leicester"
    with pytest.raises(IngestError, match=pattern + r" \S+ \(5 rows\)"):
        ingest_home_office(path, year="2011/12", row_order="quarter-major")


def test_workbooks_read_like_the_csv(tmp_path: Path) -> None:
    head = pd.read_csv(PFA_TABLE, dtype=str, keep_default_na=False).head(400)
    csv_path, xlsx, ods = tmp_path / "t.csv", tmp_path / "t.xlsx", tmp_path / "t.ods"
    head.to_csv(csv_path, index=False)
    with pd.ExcelWriter(xlsx) as writer:
        pd.DataFrame([["Police recorded crime, by PFA"]]).to_excel(
            writer, sheet_name="Data", header=False, index=False)
        head.to_excel(writer, sheet_name="Data", startrow=2, index=False)
    head.to_excel(ods, index=False, engine="odf")
    expected = ingest_home_office(csv_path).figures[["partnership", "indicator", "period",
                                                     "value"]]
    for book in (xlsx, ods):
        got = ingest_home_office(book).figures[["partnership", "indicator", "period", "value"]]
        pd.testing.assert_frame_equal(got.reset_index(drop=True),
                                      expected.reset_index(drop=True))


def test_not_a_home_office_table(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(IngestError, match="is not a Home Office recorded crime table"):
        ingest_home_office(path)
