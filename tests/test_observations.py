"""Reading and checking figures: CSV, Excel, DataFrame; every problem with its row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import cdrpkit
from cdrpkit.errors import ObservationError
from cdrpkit.observations import COLUMNS, read_observations
from tests.conftest import DATA

HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def strategy() -> cdrpkit.Strategy:
    return cdrpkit.load(DATA / "minimal")


def write(tmp_path: Path, *lines: str, header: str = HEADER) -> Path:
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def problems(excinfo: pytest.ExceptionInfo[ObservationError]) -> list[str]:
    return [str(p) for p in excinfo.value.problems]


def test_csv_is_read_typed_with_periods(tmp_path: Path, strategy: cdrpkit.Strategy) -> None:
    path = write(tmp_path,
                 "demo,domestic-burglary,,2005/06,2700,offence,police,actual",
                 "demo,,burglary.t1,2006/07-Q2,640,offences,police,illustrative")
    frame = read_observations(path, strategy)
    assert frame["value"].tolist() == [2700.0, 640.0]
    assert frame["period_kind"].tolist() == ["year", "quarter"]
    assert frame["sub"].tolist() == [0, 2]
    assert frame["unit"].tolist() == ["offence", "offence"]
    assert frame["line"].tolist() == [2, 3]
    # Ids, periods, units and statuses are Categoricals; free text (source) is not.
    for column in ("partnership", "indicator", "target", "period", "unit", "status"):
        assert isinstance(frame[column].dtype, pd.CategoricalDtype), column
    assert not isinstance(frame["source"].dtype, pd.CategoricalDtype)


def test_every_problem_is_reported_with_file_and_row(
    tmp_path: Path, strategy: cdrpkit.Strategy,
) -> None:
    path = write(tmp_path,
                 "demo,domestic-burglary,,2005/06,2700,offence,police,actual",
                 "demo,vehicle-crime,,2005/06,100,offence,police,actual",
                 "demo,,burglary.t9,2005/06,100,offence,police,actual",
                 "demo,domestic-burglary,,2005/06,-5,offence,police,actual",
                 "demo,domestic-burglary,,2006/07,12,household,police,actual",
                 "demo,domestic-burglary,,2005-2006,12,offence,police,actual",
                 "demo,domestic-burglary,,2007/08,twelve,offence,police,guessed")
    with pytest.raises(ObservationError) as excinfo:
        read_observations(path, strategy)
    found = problems(excinfo)
    where = f"{path}:"
    assert any(p.startswith(f"{where}3:") and "'vehicle-crime' is not an indicator" in p
               for p in found)
    assert any(p.startswith(f"{where}4:") and "'burglary.t9' is not a target" in p
               for p in found)
    assert any(p.startswith(f"{where}5:") and "-5 is negative" in p for p in found)
    assert any(p.startswith(f"{where}6:") and "'household' does not fit" in p for p in found)
    assert any(p.startswith(f"{where}7:") and "column period" in p for p in found)
    assert any(p.startswith(f"{where}8:") and "'twelve' is not a number" in p for p in found)
    assert any(p.startswith(f"{where}8:") and "'guessed' is not one of" in p for p in found)
    # The duplicate 2005/06 figure on rows 2 and 5 is named too.
    assert any("given 2 times (rows 2, 5)" in p for p in found)


def test_duplicates_need_a_revision_and_the_higher_wins(
    tmp_path: Path, strategy: cdrpkit.Strategy,
) -> None:
    header = HEADER + ",revision"
    path = write(tmp_path,
                 "demo,domestic-burglary,,2005/06,2700,offence,police,actual,1",
                 "demo,domestic-burglary,,2005/06,2710,offence,police,actual,2", header=header)
    frame = read_observations(path, strategy)
    assert frame["superseded"].tolist() == [True, False]
    rows = cdrpkit.assess(strategy, frame)
    mine = rows[(rows["period"] == "2005/06") & (rows["target_id"] == "burglary.t1")]
    assert mine["actual"].tolist() == [2710.0]
    same = write(tmp_path,
                 "demo,domestic-burglary,,2005/06,2700,offence,police,actual,1",
                 "demo,domestic-burglary,,2005/06,2710,offence,police,actual,1", header=header)
    with pytest.raises(ObservationError, match="given 2 times"):
        read_observations(same, strategy)


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, "demo,2005/06,2700", header="partnership,period,value")
    with pytest.raises(ObservationError, match=r"missing column.*indicator, target"):
        read_observations(path)


def test_excel_reader_keeps_sheet_rows(tmp_path: Path, strategy: cdrpkit.Strategy) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(list(COLUMNS))
    sheet.append(["demo", "domestic-burglary", None, "2005/06", 2700, "offence", "x", "actual"])
    sheet.append([None] * len(COLUMNS))
    sheet.append(["demo", "domestic-burglary", None, "2006/07", -1, "offence", "x", "actual"])
    path = tmp_path / "figures.xlsx"
    book.save(path)
    with pytest.raises(ObservationError) as excinfo:
        read_observations(path, strategy)
    assert problems(excinfo) == [
        f"{path}:4: row 4, column value: -1 is negative; a count or rate cannot be "
        "(a net count, recorded less cancelled, can be: mark such figures with the column "
        "net = true)"]


def test_dataframe_rows_are_named_by_position(strategy: cdrpkit.Strategy) -> None:
    raw = pd.DataFrame([{c: "" for c in COLUMNS} | {
        "partnership": "demo", "indicator": "domestic-burglary", "period": "2005/06",
        "value": "2,700", "unit": "offence", "source": "x", "status": "actual"}])
    with pytest.raises(ObservationError) as excinfo:
        read_observations(raw, strategy)
    # "2,700" is not silently read as 2700: a thousands separator is not guessed at.
    assert problems(excinfo) == [
        "row 0, column value: '2,700' is not a number (write ASCII digits, with a '.' for "
        "decimals and no thousands separators: 2806 or 19.4)"
    ]


def test_unknown_suffix_lists_the_readers(tmp_path: Path) -> None:
    path = tmp_path / "figures.ods"
    path.write_text("x")
    with pytest.raises(ObservationError, match=r"no reader for \.ods.*\.csv"):
        read_observations(path)
