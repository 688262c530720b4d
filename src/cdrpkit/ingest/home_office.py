"""The Home Office police recorded crime open data tables into the long format.

Two layouts, found by column name: by Police Force Area (``Financial Year, Financial
Quarter, Force Name, Offence Description, Offence Group, Offence Subgroup, Offence Code,
Number of Offences``) and by Community Safety Partnership (the same with ``CSP Name``).
CSV (parsed by pyarrow), ``.xlsx`` and ``.ods`` (the first sheet with an ``Offence Code``
header, the header row found within the first 30 rows).

The tables' mess is handled on purpose: counts padded with spaces are read as numbers;
``-00``, shown for an offence code that was discontinued (the pre-April-2017 burglary codes
kept "outcome only"), is not a figure and is counted as set aside; names with commas
arrive quoted. An area is found by name in the bundled lookup (a CSP, or a PFA for the
force table); national bodies that are not Police Force Areas (Action Fraud, British
Transport Police, CIFAS, UK Finance) are set aside and counted, or kept when asked.

A table without its ``Financial Year`` and ``Financial Quarter`` columns is refused:
a row's quarter is never guessed from its position. The one exception is honest: the user
states the year (``year="2011/12"``) and that rows run quarter-major, and every area x
offence code then occurs exactly four times, so its n-th row is quarter n.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.errors import IngestError, Problem
from cdrpkit.ingest.geography import bundled_lookup
from cdrpkit.ingest.summary import FileReport, Ingested, Summary

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["UNMATCHED_AREA", "ingest_home_office"]

#: Partnership id under which rows of an area outside the lookup are kept when asked.
UNMATCHED_AREA = "unmatched-area"
_YEAR = re.compile(r"^(\d{4})/(\d{2})$")
_CANONICAL = {
    "financial year": "year", "financial quarter": "quarter", "force name": "force",
    "csp name": "csp", "offence code": "code", "number of offences": "count",
    "offence description": "description",
}
_DISCONTINUED = "discontinued offence code (-00)"


def _normalise(header: list[str]) -> list[str]:
    names = []
    for h in header:
        key = " ".join(str(h).replace("_", " ").split()).lower()
        names.append(_CANONICAL.get(key, key))
    return names


def _read_csv(path: Path) -> pd.DataFrame:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    data = path.read_bytes()
    if not data.strip():
        raise IngestError([Problem("is empty: no header and no rows", file=str(path))])
    try:
        header = next(csv.reader([data.split(b"\n", 1)[0].decode("utf-8-sig").rstrip("\r")]))
        table = pacsv.read_csv(pa.py_buffer(data), convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False))
    except (UnicodeDecodeError, pa.ArrowInvalid) as exc:
        raise IngestError([Problem(f"cannot be parsed as a CSV table of UTF-8 text: {exc}",
                                   file=str(path))]) from None
    frame: pd.DataFrame = table.to_pandas()
    frame["line"] = range(2, len(frame) + 2)
    return frame


def _read_sheet(path: Path) -> pd.DataFrame:
    import pandas as pd

    engine: Any = "odf" if path.suffix.lower() == ".ods" else "openpyxl"
    try:
        sheets: dict[Any, pd.DataFrame] = pd.read_excel(path, sheet_name=None, header=None,
                                                        dtype=str, engine=engine)
    except Exception as exc:  # the engines raise many kinds for a bad file
        raise IngestError([Problem(f"cannot read the workbook: {exc}", file=str(path))]) from None
    for name, sheet in sheets.items():
        sheet = sheet.fillna("")
        for row in range(min(30, len(sheet))):
            cells = _normalise([str(c) for c in sheet.iloc[row]])
            if "code" in cells and "count" in cells:
                body: pd.DataFrame = sheet.iloc[row + 1:].copy()
                body.columns = [str(c) for c in sheet.iloc[row]]
                body["line"] = range(row + 2, row + 2 + len(body))
                body["sheet"] = name
                return body
    raise IngestError([Problem("no sheet has an 'Offence Code' and 'Number of Offences' "
                               "header in its first 30 rows", file=str(path))])


def _quarters_from_order(frame: pd.DataFrame, area: str, year: str | None,
                         row_order: str | None, file: str) -> None:
    """The only honest way to date a table that lost its year and quarter columns."""
    if year is None or row_order != "quarter-major":
        raise IngestError([Problem(
            "has no 'Financial Year' and 'Financial Quarter' columns, so the quarter of a row "
            "cannot be read from the file; cdrpkit does not guess it from row order. If you "
            "know the year and that rows run quarter by quarter, say so: --year 2011/12 "
            "--row-order quarter-major", file=file, line=1)])
    occurrence = frame.groupby([area, "code"], sort=False).cumcount()
    size = frame.groupby([area, "code"], sort=False)["code"].transform("size")
    wrong = frame.loc[size != 4, [area, "code"]].drop_duplicates()
    if len(wrong):
        sizes = frame.groupby([area, "code"]).size()
        sample = "; ".join(f"{key[0]} {key[1]} ({n} rows)"
                           for key, n in sizes[sizes != 4].head(5).items()
                           if isinstance(key, tuple))
        raise IngestError([Problem(
            f"row order cannot give quarters: {len(wrong)} area x offence code pair(s) do not "
            f"occur exactly 4 times, e.g. {sample}", file=file)])
    frame["year"] = year
    frame["quarter"] = (occurrence + 1).astype(str)


def _periods(frame: pd.DataFrame, file: str) -> pd.Series:

    years = frame["year"].str.strip()
    quarters = frame["quarter"].str.strip().str.upper().str.removeprefix("Q")
    ok_year = years.str.fullmatch(_YEAR.pattern)
    ok_quarter = quarters.isin(["1", "2", "3", "4"])
    bad = frame.loc[~(ok_year & ok_quarter)]
    if len(bad):
        first = bad.iloc[0]
        raise IngestError([Problem(
            f"{len(bad)} row(s) have a financial year or quarter that is not like 2017/18 "
            f"and 1-4 (first: {first['year']!r}, {first['quarter']!r})", file=file,
            line=int(first["line"]))])
    result: pd.Series = years + "-Q" + quarters
    return result


def _counts(frame: pd.DataFrame, report: FileReport, file: str) -> pd.DataFrame:
    import pandas as pd

    text = frame["count"].astype(str).str.strip().str.replace(",", "", regex=False)
    discontinued = text == "-00"
    if discontinued.any():
        report.set_aside[_DISCONTINUED] = int(discontinued.sum())
    frame = frame.loc[~discontinued].copy()
    values = pd.to_numeric(text[~discontinued], errors="coerce")
    bad = values.isna() | (values != values.round())
    if bad.any():
        first = frame.loc[bad].iloc[0]
        raise IngestError([Problem(
            f"{int(bad.sum())} count(s) are not whole numbers (first: "
            f"{first['count']!r} for offence code {first['code']})", file=file,
            line=int(first["line"]), path="column Number of Offences")])
    negative = values < 0
    if negative.any():
        first = frame.loc[negative].iloc[0]
        report.warnings.append(
            f"{int(negative.sum())} negative count(s), kept as published and marked net: the "
            "Home Office's adjustments for offences cancelled after the quarter they were "
            "recorded in "
            f"(first at line {int(first['line'])}: {first['count'].strip()} for offence code "
            f"{first['code']})")
    frame["value"] = values.astype("int64")
    return frame


def ingest_home_office(
    path: str | Path,
    *,
    keep_unmatched: bool = False,
    year: str | None = None,
    row_order: str | None = None,
) -> Ingested:
    """Read a Home Office recorded crime table (PFA or CSP layout; CSV, xlsx or ods).

    One figure per area x offence code x financial quarter: ``partnership`` the CSP's ONS
    code (the PFA's for the force table), ``indicator`` ``ho-<offence code>`` (``ho-28E``),
    ``period`` ``2017/18-Q1``, ``unit`` ``offence``, ``status`` ``actual``, ``net`` true
    (a quarter's count is net of offences cancelled in it, so may be below zero).
    """
    import pandas as pd

    from cdrpkit.observations import COLUMNS

    path = Path(path)
    if not path.is_file():
        raise IngestError([Problem("no such file", file=str(path))])
    raw = _read_csv(path) if path.suffix.lower() == ".csv" else _read_sheet(path)
    raw.columns = _normalise([str(c) for c in raw.columns])
    area = "csp" if "csp" in raw.columns else "force"
    missing = [c for c in (area, "code", "count") if c not in raw.columns]
    if missing:
        raise IngestError([Problem(
            "is not a Home Office recorded crime table: it needs 'Force Name' or 'CSP Name', "
            "'Offence Code' and 'Number of Offences' columns", file=str(path), line=1)])
    lookup = bundled_lookup()
    layout = "Community Safety Partnership" if area == "csp" else "Police Force Area"
    report = FileReport(file=str(path), rows_read=len(raw), schema=f"Home Office table by "
                        f"{layout} ({path.suffix.lower().lstrip('.')})")
    if "year" not in raw.columns or "quarter" not in raw.columns:
        _quarters_from_order(raw, area, year, row_order, str(path))
    frame = _counts(raw, report, str(path))
    frame["period"] = _periods(frame, str(path))
    names = frame[area].str.strip()
    find = lookup.csp_by_name if area == "csp" else lookup.pfa_by_name
    codes = {n: find(n) for n in names.unique()}
    frame["partnership"] = names.map(codes).fillna(UNMATCHED_AREA)
    outside = frame["partnership"] == UNMATCHED_AREA
    if outside.any():
        report.set_aside["area outside the lookup"] = int(outside.sum())
        report.unmatched_areas = sorted(set(names[outside]))
        if not keep_unmatched:
            frame = frame.loc[~outside]
    report.rows_written = len(frame)
    frame["indicator"] = "ho-" + frame["code"].str.strip()
    grouped = frame.groupby(["partnership", "indicator", "period"], as_index=False,
                            sort=True)["value"].sum()
    merged = len(frame) - len(grouped)
    if merged:
        report.warnings.append(f"{merged} row(s) repeat an area x offence code x quarter; "
                               "their counts are added")
    grouped["target"] = ""
    grouped["unit"] = "offence"
    grouped["source"] = f"Home Office police recorded crime open data tables: {path.name}"
    grouped["status"] = "actual"
    # Every figure is net of the offences cancelled in its quarter that were recorded
    # before it, so a quarter may be below zero: said so, for readers to honour.
    grouped["net"] = True
    summary = Summary(kind="home-office", lookup=f"{lookup.source}, {lookup.date}",
                      files=[report])
    return Ingested(pd.DataFrame(grouped[[*COLUMNS, "net"]]), summary)
