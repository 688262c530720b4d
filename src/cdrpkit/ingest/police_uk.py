"""data.police.uk street-level crime files into the long observation format.

A street-level file has one row per crime or anti-social behaviour incident. Its schema
is found from its header by column name, never by position: the 12-column schema
(``Crime ID, Month, Reported by, Falls within, Longitude, Latitude, Location, LSOA code,
LSOA name, Crime type, Last outcome category, Context``) and the older ones without
``Crime ID`` or ``Context`` all carry the four columns read here (:data:`REQUIRED`).

Each file is parsed by pyarrow (only those four columns are converted) and counted with
pyarrow's group-by, so no Python object is made per row: Python sees one row per distinct
month x LSOA x crime type of a file. Each LSOA goes to its local authority and then its
Community Safety Partnership (:mod:`cdrpkit.ingest.geography`). Rows with no LSOA or an
LSOA outside the lookup are set aside and counted per file; with ``keep_unmatched`` they
are kept under the partnerships :data:`NO_LSOA` and :data:`OUTSIDE_LOOKUP`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.errors import IngestError, Problem
from cdrpkit.ingest.geography import bundled_lookup, lad_name_of_lsoa, read_geography
from cdrpkit.ingest.sources import Input, inputs
from cdrpkit.ingest.summary import FileReport, Ingested, Summary

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

__all__ = [
    "KNOWN_COLUMNS",
    "NO_LSOA",
    "OUTSIDE_LOOKUP",
    "REQUIRED",
    "indicator_for",
    "ingest_police_uk",
]

#: The columns the reader needs, found by name in any police.uk schema.
REQUIRED: tuple[str, ...] = ("Month", "LSOA code", "LSOA name", "Crime type")
#: Every column of the street-level schemas, old and new.
KNOWN_COLUMNS: frozenset[str] = frozenset({
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
})
#: Partnership ids under which set-aside rows are kept when asked.
NO_LSOA = "unmatched-no-lsoa"
OUTSIDE_LOOKUP = "unmatched-outside-lookup"
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_NAME_MONTH = re.compile(r"^(\d{4}-\d{2})-")


def indicator_for(crime_type: str) -> str:
    """The indicator id of a police.uk crime type.

    >>> indicator_for("Violence and sexual offences")
    'policeuk-violence-and-sexual-offences'
    """
    return "policeuk-" + "-".join(re.findall(r"[a-z0-9]+", crime_type.lower()))


def _schema(header: list[str], name: str) -> str:
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise IngestError([Problem(
            f"is not a police.uk street-level header: no {', '.join(missing)} column; "
            f"expected columns such as {', '.join(REQUIRED)}; found: {', '.join(header)}",
            file=name, line=1)])
    if len(set(header)) != len(header):
        raise IngestError([Problem("the header names a column twice", file=name, line=1)])
    unknown = [c for c in header if c not in KNOWN_COLUMNS]
    if unknown:
        raise IngestError([Problem(
            f"unknown column(s) {', '.join(unknown)}; a street-level file has only: "
            f"{', '.join(sorted(KNOWN_COLUMNS))}", file=name, line=1)])
    if "Crime ID" in header and "Context" in header:
        return "12-column"
    gone = [c for c in ("Crime ID", "Context") if c not in header]
    return f"{len(header)}-column, without {' and '.join(gone)}"


def _first_bad_line(data: bytes, width: int) -> tuple[int, str]:
    """Where a file that pyarrow refused goes wrong (only run on the error path)."""
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return number, f"bytes that are not UTF-8 ({exc.reason} at byte {exc.start})"
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text))
    for row in reader:
        if len(row) != width:
            return reader.line_num, f"{len(row)} fields where the header has {width}"
    return 0, ""


def _check_text(data: bytes, report: FileReport) -> None:
    """Count lines with bytes that are not UTF-8 in columns not read (a warning).

    Bytes in the columns read make pyarrow refuse the file (an error, see :func:`_read`).
    ``isascii`` is a fast scan; only a file with other bytes is decoded.
    """
    if data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        bad = []
        for number, raw in enumerate(data.splitlines(), start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                bad.append(number)
        report.warnings.append(
            f"{len(bad)} line(s) hold bytes that are not UTF-8 (first: line {bad[0]}), in "
            "columns not read; the figures are unaffected")


def _read(item: Input) -> tuple[pa.Table, str]:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    data = item.data
    if not data.strip():
        raise IngestError([Problem("is empty: no header and no rows", file=item.name)])
    first = data.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        header = next(csv.reader([first.decode("utf-8-sig")]))
    except UnicodeDecodeError:
        raise IngestError([Problem("the header is not UTF-8 text", file=item.name,
                                   line=1)]) from None
    schema = _schema([h.strip() for h in header], item.name)
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(REQUIRED),
                column_types=dict.fromkeys(REQUIRED, pa.string()),
                strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        line, what = _first_bad_line(data, len(header))
        message = f"cannot be parsed: {what}" if what else f"cannot be parsed: {exc}"
        if "fields" in what:
            message += " (a mix of schemas, or a truncated row?)"
        raise IngestError([Problem(message, file=item.name, line=line or None)]) from None
    return table, schema


def _months(table: pa.Table, item: Input, report: FileReport) -> None:
    """Refuse a Month that is not YYYY-MM; count rows whose month differs from the name's."""
    import pyarrow.compute as pc

    month = table.column("Month")
    valid = pc.match_substring_regex(month, _MONTH.pattern)
    if not pc.all(valid).as_py() and len(month):
        row = pc.index(valid, False).as_py()
        raise IngestError([Problem(
            f"Month {month[row].as_py()!r} is not a month (YYYY-MM): a second header or "
            "another schema inside the file?", file=item.name, line=row + 2)])
    named = _NAME_MONTH.match(Path(item.name.rpartition("!")[2]).name)
    if named is None or not len(month):
        return
    differs = pc.not_equal(month, named.group(1))
    count = pc.sum(differs).as_py() or 0
    if count:
        row = pc.index(differs, True).as_py()
        report.warnings.append(
            f"{count} row(s) give a month other than the file name's {named.group(1)} "
            f"(first at line {row + 2}: {month[row].as_py()}); kept under their own month")


class _Mapper:
    """LSOA -> partnership (and the reason when there is none), cached per distinct LSOA."""

    def __init__(self, geography: Path | None) -> None:
        self.lookup = bundled_lookup()
        self.by_code = read_geography(geography) if geography else None
        self.cache: dict[tuple[str, str], tuple[str, str]] = {}

    def __call__(self, code: str, name: str) -> tuple[str, str]:
        key = (code, name)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._map(code, name)
        return found

    def _map(self, code: str, name: str) -> tuple[str, str]:
        if not code.strip():
            return NO_LSOA, ""
        if self.by_code is not None:
            lad = self.by_code.get(code.strip())
            csp = self.lookup.csp_for_lad.get(lad or "")
            return (csp, "") if csp else (OUTSIDE_LOOKUP, lad or code)
        lad_name = lad_name_of_lsoa(name)
        csp = self.lookup.csp_by_name(lad_name) if lad_name else None
        return (csp, "") if csp else (OUTSIDE_LOOKUP, lad_name or name or code)


def _count(table: pa.Table, mapper: _Mapper, item: Input, report: FileReport,
           keep_unmatched: bool) -> pd.DataFrame:
    groups: pd.DataFrame = table.group_by(list(REQUIRED)).aggregate(
        [([], "count_all")]).to_pandas()
    pairs = [mapper(c, n) for c, n in zip(groups["LSOA code"], groups["LSOA name"],
                                           strict=True)]
    groups["partnership"] = [p for p, _ in pairs]
    groups["area"] = [a for _, a in pairs]
    report.rows_read = int(groups["count_all"].sum())
    for reason, label in ((NO_LSOA, "no LSOA"), (OUTSIDE_LOOKUP, "LSOA outside the lookup")):
        hit = groups["partnership"] == reason
        if hit.any():
            report.set_aside[label] = int(groups.loc[hit, "count_all"].sum())
            if reason == OUTSIDE_LOOKUP:
                report.unmatched_areas = sorted(set(groups.loc[hit, "area"]))[:20]
    if not keep_unmatched:
        groups = groups[~groups["partnership"].isin((NO_LSOA, OUTSIDE_LOOKUP))]
    empty = groups["Crime type"].str.strip() == ""
    if empty.any():
        report.set_aside["no crime type"] = int(groups.loc[empty, "count_all"].sum())
        groups = groups[~empty]
    report.rows_written = int(groups["count_all"].sum())
    groups = groups.rename(columns={"Month": "period", "count_all": "value"})
    groups["crime_type"] = groups["Crime type"]
    out: pd.DataFrame = groups.groupby(["partnership", "crime_type", "period"],
                                       as_index=False, observed=True)[["value"]].sum()
    out["file"] = item.name
    return out


def ingest_police_uk(
    paths: Iterable[str | Path],
    *,
    geography: str | Path | None = None,
    keep_unmatched: bool = False,
) -> Ingested:
    """Read police.uk street-level files (CSV, directories, archive zips) into figures.

    One row per partnership x crime type x month: ``partnership`` the CSP's ONS code,
    ``indicator`` :func:`indicator_for` the crime type, ``period`` the month, ``unit``
    ``offence`` (``incident`` for anti-social behaviour), ``source`` the files, ``status``
    ``actual``. Raises :class:`~cdrpkit.errors.IngestError` naming the file and line for a
    file it cannot read; see :class:`~cdrpkit.ingest.summary.Summary` for what was set aside.
    """
    import pandas as pd

    mapper = _Mapper(Path(geography) if geography else None)
    summary = Summary(kind="police-uk", lookup=f"{mapper.lookup.source}, {mapper.lookup.date}"
                      + (f"; LSOA -> LAD from {geography}" if geography else
                         "; LSOA -> LAD from the LSOA name"))
    parts = []
    for item in inputs([Path(p) for p in paths]):
        table, schema = _read(item)
        report = FileReport(file=item.name, schema=schema)
        _check_text(item.data, report)
        _months(table, item, report)
        parts.append(_count(table, mapper, item, report, keep_unmatched))
        summary.files.append(report)
    if not summary.files:
        raise IngestError([Problem("no police.uk street-level files found in "
                                   + ", ".join(str(p) for p in paths))])
    counted = pd.concat(parts, ignore_index=True)
    return Ingested(_long(counted), summary)


def _long(counted: pd.DataFrame) -> pd.DataFrame:
    """Sum over files and name each figure's files (joined only where there are several)."""
    import pandas as pd

    from cdrpkit.observations import COLUMNS

    if counted.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    keys = ["partnership", "crime_type", "period"]
    grouped = counted.groupby(keys, as_index=False, sort=True).agg(
        value=("value", "sum"), files=("file", "size"), source=("file", "first"))
    several = grouped["files"] > 1
    if several.any():
        joined: Any = counted.groupby(keys)["file"].agg(lambda s: "; ".join(sorted(set(s))))
        index = pd.MultiIndex.from_frame(grouped.loc[several, keys])
        grouped.loc[several, "source"] = joined.reindex(index).to_numpy()
    asb = grouped["crime_type"].str.lower() == "anti-social behaviour"
    return pd.DataFrame({
        "partnership": grouped["partnership"],
        "indicator": grouped["crime_type"].map(
            {t: indicator_for(t) for t in grouped["crime_type"].unique()}),
        "target": "",
        "period": grouped["period"],
        "value": grouped["value"].astype("int64"),
        "unit": asb.map({True: "incident", False: "offence"}),
        "source": "data.police.uk street-level crime: " + grouped["source"],
        "status": "actual",
    })
