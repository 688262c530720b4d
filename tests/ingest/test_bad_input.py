"""Bad police.uk input: a clear error, or a counted warning, naming the file and line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cdrpkit.errors import CdrpkitError, IngestError
from cdrpkit.ingest import ingest_police_uk
from tests.ingest.conftest import POLICE_UK

SOURCE = POLICE_UK / "2020-01-leicestershire-street.csv"


def lines() -> list[bytes]:
    return SOURCE.read_bytes().splitlines(keepends=True)


def write(tmp_path: Path, data: bytes, name: str = "2020-01-test-street.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def error_of(paths: list[Path]) -> IngestError:
    with pytest.raises(IngestError) as caught:
        ingest_police_uk(paths)
    assert isinstance(caught.value, CdrpkitError)
    return caught.value


def test_wrong_header(tmp_path: Path) -> None:
    path = write(tmp_path, b"Financial Year,Force Name,Number of Offences\n2017/18,X,1\n")
    error = error_of([path])
    assert f"{path}:1:" in str(error)
    assert "no Month, LSOA code, LSOA name, Crime type column" in str(error)


def test_unknown_column_is_refused(tmp_path: Path) -> None:
    body = lines()
    body[0] = body[0].replace(b"Context", b"Notes")
    assert "unknown column(s) Notes" in str(error_of([write(tmp_path, b"".join(body))]))


def test_a_row_of_another_schema(tmp_path: Path) -> None:
    body = lines()
    # Line 101 loses its Crime ID and Context: 10 fields in a 12-column file.
    fields = body[100].decode().rstrip("\n").split(",")
    body[100] = (",".join(fields[1:-1]) + "\n").encode()
    error = error_of([write(tmp_path, b"".join(body))])
    assert ":101:" in str(error) and "10 fields where the header has 12" in str(error)


def test_a_second_header_inside_the_file(tmp_path: Path) -> None:
    body = lines()
    body.insert(50, body[0])  # a second file appended after line 50
    error = error_of([write(tmp_path, b"".join(body))])
    assert ":51:" in str(error) and "Month 'Month' is not a month" in str(error)


def test_non_utf8_bytes_in_a_column_read_are_an_error(tmp_path: Path) -> None:
    body = lines()
    body[10] = body[10].replace(b"Other theft", b"Other th\xe9ft")  # Latin-1, not UTF-8
    error = error_of([write(tmp_path, b"".join(body))])
    assert ":11:" in str(error) and "not UTF-8" in str(error)


def test_non_utf8_bytes_elsewhere_are_a_counted_warning(tmp_path: Path) -> None:
    body = lines()
    for k in (10, 12):
        body[k] = body[k].replace(b"On or near", b"On or n\xe9ar")  # in Location, not read
    result = ingest_police_uk([write(tmp_path, b"".join(body))])
    warning = result.summary.files[0].warnings[0]
    assert warning.startswith("2 line(s) hold bytes that are not UTF-8 (first: line 11")
    assert result.summary.rows_read == len(body) - 1


def test_empty_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"")
    assert f"{path}: is empty" in str(error_of([path]))


def test_header_only_is_no_figures_not_an_error(tmp_path: Path) -> None:
    result = ingest_police_uk([write(tmp_path, lines()[0])])
    assert result.figures.empty and result.summary.rows_read == 0


def test_truncated_zip(tmp_path: Path) -> None:
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(SOURCE, "2020-01/2020-01-leicestershire-street.csv")
    data = archive.read_bytes()
    archive.write_bytes(data[: len(data) // 2])
    error = error_of([archive])
    assert str(archive) in str(error) and "truncated or damaged" in str(error)


def test_zip_bomb_is_refused_before_extraction(tmp_path: Path) -> None:
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        # 20 MB of one byte compresses about a thousand times.
        z.writestr("2020-01/2020-01-x-street.csv", b"0" * 20_000_000)
    error = error_of([archive])
    assert "bomb.zip!2020-01/2020-01-x-street.csv" in str(error)
    assert "zip bomb" in str(error)


def test_month_differing_from_the_name_is_a_counted_warning(tmp_path: Path) -> None:
    body = lines()
    for k in (20, 30, 40):
        body[k] = body[k].replace(b",2020-01,", b",2020-02,", 1)
    result = ingest_police_uk([write(tmp_path, b"".join(body))], keep_unmatched=True)
    warning = result.summary.files[0].warnings[0]
    assert warning.startswith("3 row(s) give a month other than the file name's 2020-01")
    assert "first at line 21: 2020-02" in warning
    # Kept under their own month, not lost.
    assert int(result.figures.loc[result.figures.period == "2020-02", "value"].sum()) == 3


def test_missing_path(tmp_path: Path) -> None:
    assert "no such file or directory" in str(error_of([tmp_path / "nothing.csv"]))


def test_the_same_month_twice_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "2020-01.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(SOURCE, f"2020-01/{SOURCE.name}")
    (tmp_path / SOURCE.name).write_bytes(SOURCE.read_bytes())  # extracted beside it
    error = error_of([tmp_path])
    assert "is the same file as" in str(error) and SOURCE.name in str(error)
