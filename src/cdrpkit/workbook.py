"""Guards for files of observations: kind and size, header, and Excel workbooks.

A workbook is a zip of XML parts, and both layers can be made to lie: a 5 KB sheet can
declare ``A1:XFD1048576`` (openpyxl then pads every row to 16,384 cells), and a 600 KB
file can inflate to 600 MB. :func:`check_workbook` reads the zip's directory and the
start of each sheet before anything is parsed, and :func:`sheet_rows` streams the rows,
turning any failure of a damaged file into an :class:`~cdrpkit.errors.ObservationError`.
The limits are in :mod:`cdrpkit.limits`.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from cdrpkit.errors import ObservationError, Problem
from cdrpkit.limits import (
    MAX_COLUMNS,
    MAX_OBSERVATIONS_BYTES,
    MAX_ROWS,
    MAX_XLSX_RATIO,
    MAX_XLSX_UNZIPPED_BYTES,
    shorten,
)

__all__ = ["check_file", "check_header", "check_workbook", "sheet_rows"]

# A part this small cannot hurt however well it compresses.
_RATIO_FLOOR = 10 * 1024 * 1024
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?\"")


def _fail(file: str, message: str) -> ObservationError:
    return ObservationError([Problem(message, file=file)])


def check_file(path: Path, limit: int = MAX_OBSERVATIONS_BYTES) -> None:
    """Refuse a path that is not a regular file of at most ``limit`` bytes.

    A FIFO or a device (``/dev/zero``) would block or never end; a loop of symbolic
    links or a NUL byte in the name would raise from the operating system.
    """
    name = str(path).replace("\0", "\\0")
    if "\0" in str(path):
        raise _fail(name, "the path contains a NUL character")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise _fail(name, f"cannot be read: {reason[0].lower()}{reason[1:]}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, device or socket"
        raise _fail(name, f"is {kind}, not a regular file")
    if info.st_size > limit:
        raise _fail(name, f"is {info.st_size:,} bytes; the limit is {limit:,}")


def check_header(header: Sequence[str], file: str) -> None:
    """Refuse a header of too many columns, or one naming a column twice.

    >>> try:
    ...     check_header(["partnership", "value", "value"], "a.csv")
    ... except ObservationError as error:
    ...     print(error.problems[0].message)
    column 'value' appears 2 times (columns 2, 3); give each column once
    """
    if len(header) > MAX_COLUMNS:
        raise ObservationError([Problem(
            f"has {len(header):,} columns; the limit is {MAX_COLUMNS} (the long format has 10)",
            path="columns", file=file)])
    places: dict[str, list[int]] = {}
    for k, name in enumerate(header, start=1):
        if str(name).strip():
            places.setdefault(str(name).strip(), []).append(k)
    repeated = [
        Problem(f"column {shorten(name)} appears {len(at)} times (columns "
                f"{', '.join(map(str, at))}); give each column once", path="columns", file=file)
        for name, at in places.items() if len(at) > 1
    ]
    if repeated:
        raise ObservationError(repeated)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def check_workbook(path: Path) -> None:
    """Check an ``.xlsx`` file's zip directory and declared sheet sizes before parsing.

    Refuses a file that is not a zip, one that inflates past the limit in total or by an
    implausible ratio in one part, and a sheet declaring more rows or columns than the
    limits.
    """
    name = str(path)
    check_file(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_XLSX_UNZIPPED_BYTES:
                raise _fail(name, f"unzips to {total:,} bytes; the limit is "
                                  f"{MAX_XLSX_UNZIPPED_BYTES:,}")
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > _RATIO_FLOOR and ratio > MAX_XLSX_RATIO:
                    raise _fail(name, f"part {shorten(member.filename)} inflates "
                                      f"{ratio:,.0f} times; the limit is {MAX_XLSX_RATIO}")
                if member.filename.startswith("xl/worksheets/") and \
                        member.filename.endswith(".xml"):
                    with archive.open(member) as handle:
                        _check_dimension(handle.read(64 * 1024), name, member.filename)
    except ObservationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise _fail(name, f"is not a readable Excel workbook (.xlsx): "
                          f"{shorten(str(exc), 200)}") from None


def _check_dimension(start: bytes, file: str, part: str) -> None:
    match = _DIMENSION.search(start)
    if match is None or match.group(3) is None:
        return
    columns = _column_number(match.group(3)) - _column_number(match.group(1)) + 1
    rows = int(match.group(4)) - int(match.group(2)) + 1
    if columns > MAX_COLUMNS or rows > MAX_ROWS + 1:
        ref = (b"%s%s:%s%s" % match.groups()).decode("ascii")
        raise _fail(file, f"sheet {part} declares the range {ref} ({rows:,} rows, {columns:,} "
                          f"columns); the limits are {MAX_ROWS:,} rows and {MAX_COLUMNS} "
                          "columns")


def sheet_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    """Stream the rows of the ``observations`` sheet (or the first), checked first.

    A damaged workbook (a truncated sheet, a bad ``workbook.xml``) raises an
    :class:`~cdrpkit.errors.ObservationError` naming the file, at whatever row it fails.
    """
    from openpyxl import load_workbook

    check_workbook(path)
    name = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise _fail(name, f"cannot read workbook: {type(exc).__name__}: "
                          f"{shorten(str(exc), 200)}") from None
    try:
        sheet = book["observations"] if "observations" in book.sheetnames else book.worksheets[0]
        # Ignore the declared size: read the cells that are there, nothing more.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except ObservationError:
        raise
    except Exception as exc:  # a truncated or malformed sheet fails while streaming
        raise _fail(name, f"cannot read the sheet: {type(exc).__name__}: "
                          f"{shorten(str(exc), 200)}") from None
    finally:
        book.close()
