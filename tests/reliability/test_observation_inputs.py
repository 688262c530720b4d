"""Issue 14's reproducers for files of figures (CSV and Excel): clean errors, fast."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

import cdrpkit
from cdrpkit import limits
from cdrpkit.errors import ObservationError
from tests.conftest import MINIMAL
from tests.fuzz.bounded import assert_clean, run_bounded

HEADER = "partnership,indicator,target,period,value,unit,source,status\n"


def row(period: str = "2005/06", value: str = "2700", unit: str = "offence",
        source: str = "police") -> str:
    return f"demo,domestic-burglary,,{period},{value},{unit},{source},actual\n"


@pytest.fixture(scope="module")
def strategy() -> cdrpkit.Strategy:
    return cdrpkit.load(MINIMAL)


def problems(path: Path, strategy: Any) -> list[str]:
    with pytest.raises(ObservationError) as caught:
        cdrpkit.read_observations(path, strategy)
    return [str(p) for p in caught.value.problems]


def write(tmp_path: Path, text: str, name: str = "figures.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- 3. a unit nested in 1,000 parentheses in a CSV --------------------------------------


def test_3_unit_column_in_1000_parentheses(tmp_path: Path, strategy: Any) -> None:
    unit = "(" * 1000 + "offence" + ")" * 1000
    found = problems(write(tmp_path, HEADER + row(unit=unit)), strategy)
    assert len(found) == 1 and "figures.csv:2: row 2, column unit: unit '(((" in found[0]
    assert "the limit is 200" in found[0] and len(found[0]) < 300


# --- 7. periods with file, row and column ----------------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2100-04", "financial year start_year must be between 1900 and 2099, got 2100"),
        ("quarter ending March 0000", "the year 0000 is outside 1900 to 2100"),
        ("2004/05-Q" + "9" * 5000, "(5,000 digits) is not a quarter"),
    ],
)
def test_7_periods_in_a_csv(tmp_path: Path, strategy: Any, period: str, expected: str) -> None:
    found = problems(write(tmp_path, HEADER + row(period=period)), strategy)
    assert len(found) == 1, found
    assert found[0].startswith(f"{tmp_path / 'figures.csv'}:2: row 2, column period: ")
    assert expected in found[0] and len(found[0]) < 1000


# --- 9. Excel input --------------------------------------------------------------------------


def workbook(tmp_path: Path, name: str = "good.xlsx", rows: int = 1) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for _ in range(rows):
        sheet.append(row().strip().split(","))
    path = tmp_path / name
    book.save(path)
    return path


def rewrite(source: Path, target: Path, change: Any) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, change(item.filename, old.read(item.filename)))
    return target


def test_9_good_workbook_is_read(tmp_path: Path, strategy: Any) -> None:
    frame = cdrpkit.read_observations(workbook(tmp_path), strategy)
    assert list(frame["value"]) == [2700.0] and list(frame["line"]) == [2]


def test_9_declared_dimension(tmp_path: Path, strategy: Any) -> None:
    def declare(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
        return data

    path = rewrite(workbook(tmp_path), tmp_path / "dimension.xlsx", declare)
    assert path.stat().st_size < 10_000
    outcome = run_bounded(lambda: cdrpkit.read_observations(path, strategy), seconds=10)
    assert_clean(outcome, contains="declares the range A1:XFD1048576 (1,048,576 rows, 16,384 "
                                   "columns)")
    assert outcome.seconds < 3


def test_9_inflated_sheet(tmp_path: Path, strategy: Any) -> None:
    def inflate(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/"):
            return data.replace(b"</sheetData>", b"</sheetData>" + b" " * (100 * 1024 * 1024))
        return data

    path = rewrite(workbook(tmp_path), tmp_path / "bomb.xlsx", inflate)
    assert path.stat().st_size < 200_000
    outcome = run_bounded(lambda: cdrpkit.read_observations(path, strategy), seconds=10)
    assert_clean(outcome, contains=f"times; the limit is {limits.MAX_XLSX_RATIO}")
    assert outcome.seconds < 3


@pytest.mark.parametrize(
    ("part", "cut", "expected"),
    [("xl/worksheets/sheet1.xml", True, "cannot read the sheet: ParseError"),
     ("xl/workbook.xml", False, "cannot read workbook: ")],
    ids=["truncated-sheet", "bad-workbook-xml"],
)
def test_9_damaged_workbook(tmp_path: Path, strategy: Any, part: str, cut: bool,
                            expected: str) -> None:
    def damage(name: str, data: bytes) -> bytes:
        if name != part:
            return data
        return data[: len(data) // 2] if cut else b"<workbook"

    path = rewrite(workbook(tmp_path), tmp_path / "damaged.xlsx", damage)
    assert_clean(run_bounded(lambda: cdrpkit.read_observations(path, strategy), seconds=10),
                 contains=expected)


def test_9_not_a_zip(tmp_path: Path, strategy: Any) -> None:
    path = write(tmp_path, "hello", "figures.xlsx")
    with pytest.raises(ObservationError, match="is not a readable Excel workbook"):
        cdrpkit.read_observations(path, strategy)


def test_9_100000_column_csv_refused_fast(tmp_path: Path, strategy: Any) -> None:
    path = write(tmp_path, ",".join(f"c{k}" for k in range(100_000)) + "\n")
    outcome = run_bounded(lambda: cdrpkit.read_observations(path, strategy), seconds=10)
    assert_clean(outcome, contains=f"has 100,000 columns; the limit is {limits.MAX_COLUMNS}")
    assert outcome.seconds < 2


# --- file kinds -------------------------------------------------------------------------------


def test_fifo_and_device_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "figures.csv"
    os.mkfifo(fifo)
    assert_clean(run_bounded(lambda: cdrpkit.read_observations(fifo), seconds=5),
                 contains="not a regular file")
    assert_clean(run_bounded(lambda: cdrpkit.read_observations("/dev/zero"), seconds=5),
                 contains="/dev/zero: is a FIFO, device or socket, not a regular file")


def test_file_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, HEADER + row() * 100)
    monkeypatch.setattr("cdrpkit.workbook.MAX_OBSERVATIONS_BYTES", 1000)
    with pytest.raises(ObservationError, match="bytes; the limit is 1,000"):
        cdrpkit.workbook.check_file(path, limit=1000)


# --- digits and columns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["1_000", "١٢٣", "１２３", "nan", "inf", "-inf", "1e999", "\"2,806\"", "0x10",
              "1" + "0" * 5000],
)
def test_only_ascii_digits_are_numbers(tmp_path: Path, strategy: Any, value: str) -> None:
    found = problems(write(tmp_path, HEADER + row(value=value)), strategy)
    assert len(found) == 1 and "row 2, column value: " in found[0], found
    assert "is not a number (write ASCII digits" in found[0] and len(found[0]) < 300


@pytest.mark.parametrize("value", ["2700", "2700.0", " 2700 ", "2.7e3", "+2700", ".5"])
def test_plain_numbers_still_read(tmp_path: Path, strategy: Any, value: str) -> None:
    frame = cdrpkit.read_observations(write(tmp_path, HEADER + row(value=value)), strategy)
    assert float(frame["value"].iloc[0]) == float(value)


def test_duplicated_value_column_refused(tmp_path: Path, strategy: Any) -> None:
    text = HEADER.strip() + ",value\n" + row().strip() + ",5\n"
    found = problems(write(tmp_path, text), strategy)
    assert found == [f"{tmp_path / 'figures.csv'}: columns: column 'value' appears 2 times "
                     "(columns 5, 9); give each column once"]


def test_duplicated_column_in_a_dataframe(strategy: Any) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([[1, 2]], columns=["value", "value"])
    with pytest.raises(ObservationError, match=r"column\(s\) value appear more than once"):
        cdrpkit.read_observations(frame, strategy)


# --- 13. API ---------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [None, 5, b"figures.csv", ["a.csv"]])
def test_13_read_observations_of_a_wrong_type(source: Any) -> None:
    with pytest.raises(ObservationError, match="expected a file name, a path or a pandas "
                                               "DataFrame"):
        cdrpkit.read_observations(source)
