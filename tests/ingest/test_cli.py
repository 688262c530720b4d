"""``cdrpkit ingest`` and ``cdrpkit assess`` on ingested figures, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from cdrpkit.cli import cli
from tests.ingest.conftest import DATA, HOME_OFFICE, POLICE_UK


def test_ingest_police_uk_then_assess(tmp_path: Path) -> None:
    out = tmp_path / "leics.parquet"
    result = CliRunner().invoke(cli, ["ingest", "police-uk", str(POLICE_UK), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "26,746 rows read" in result.stderr
    assert "Open Government Licence v3.0" in result.stderr
    summary = json.loads((tmp_path / "leics.summary.json").read_text())
    assert summary["rows_read"] == 26746
    assert pd.read_parquet(out)["partnership"].str.startswith("E").all()
    assessed = CliRunner().invoke(cli, ["assess", str(DATA / "ingest" / "strategy.yaml"),
                                        "--data", str(out), "--format", "csv"])
    assert assessed.exit_code == 0, assessed.output
    assert "not assessable: burglary (domestic-burglary)" in assessed.stderr
    rows = pd.read_csv(pd.io.common.StringIO(assessed.stdout))
    assert set(rows["target_id"]) == {"vehicle", "robbery", "burglary"}


def test_ingest_home_office_refuses_the_undated_extract(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [
        "ingest", "home-office", str(HOME_OFFICE / "crime_data_by_csp_leicester.csv"),
        "--out", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "--year 2011/12 --row-order quarter-major" in result.stderr
    assert "Traceback" not in result.output


def test_bad_input_exits_2_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "2020-01-x-street.csv"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", "police-uk", str(bad), "--out",
                                      str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert f"error: {bad}: is empty" in result.stderr
    wrong = CliRunner().invoke(cli, ["ingest", "police-uk", str(POLICE_UK / "2019-12-"
                                     "leicestershire-street.csv"), "--out",
                                     str(tmp_path / "o.txt")])
    assert wrong.exit_code == 2 and "must end in .csv or .parquet" in wrong.stderr


def test_report_on_ingested_figures(tmp_path: Path) -> None:
    out = tmp_path / "leics.parquet"
    assert CliRunner().invoke(cli, ["ingest", "police-uk", str(POLICE_UK), "--out",
                                    str(out)]).exit_code == 0
    result = CliRunner().invoke(cli, ["report", str(DATA / "ingest" / "strategy.yaml"),
                                      "--data", str(out), "--out", str(tmp_path / "report"),
                                      "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "not assessable: burglary (domestic-burglary)" in result.stderr
    text = (tmp_path / "report" / "ingest-test-report.md").read_text()
    assert "vehicle" in text


def test_an_output_that_cannot_be_written(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    result = CliRunner().invoke(cli, ["ingest", "home-office", str(HOME_OFFICE /
                                      "crime_data_by_csp_leicester.csv"), "--year", "2011/12",
                                      "--row-order", "quarter-major", "--out",
                                      str(blocker / "x.csv")])
    assert result.exit_code == 2
    assert "cannot write" in result.stderr and "Traceback" not in result.output
