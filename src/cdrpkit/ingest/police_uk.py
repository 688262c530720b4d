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

import collections
import csv
import io
import os
import re
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.errors import IngestError, Problem
from cdrpkit.ingest.geography import bundled_lookup, read_geography
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


def _check_text(data: Any, report: FileReport) -> None:
    """Count lines with bytes that are not UTF-8 in columns not read (a warning).

    Bytes in the columns read make pyarrow refuse the file (an error, see :func:`_read`).
    Looking for a byte above 127 with numpy copies nothing; only a file with such bytes
    is decoded.
    """
    import numpy as np

    if not len(data) or int(np.frombuffer(data, dtype=np.uint8).max()) < 128:
        return
    text = bytes(data)
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        bad = []
        for number, raw in enumerate(text.splitlines(), start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                bad.append(number)
        report.warnings.append(
            f"{len(bad)} line(s) hold bytes that are not UTF-8 (first: line {bad[0]}), in "
            "columns not read; the figures are unaffected")


def _header(data: Any, name: str) -> list[str]:
    """The header's column names, from the start of the file only (never copying it all)."""
    start = bytes(memoryview(data)[:65536])
    if not start.strip() and (not len(data) or bytes(data).isspace()):
        raise IngestError([Problem("is empty: no header and no rows", file=name)])
    end = start.find(b"\n")
    first = (start if end < 0 else start[:end]).rstrip(b"\r")
    try:
        return [h.strip() for h in next(csv.reader([first.decode("utf-8-sig")]))]
    except UnicodeDecodeError:
        raise IngestError([Problem("the header is not UTF-8 text", file=name,
                                   line=1)]) from None


def _read(item: Input) -> tuple[pa.Table, str]:
    import pyarrow as pa
    from pyarrow import csv as pacsv

    data = item.data
    header = _header(data, item.name)
    schema = _schema(header, item.name)
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            # Files are read in parallel (see ingest_police_uk): one thread each.
            read_options=pacsv.ReadOptions(use_threads=False),
            convert_options=pacsv.ConvertOptions(
                include_columns=list(REQUIRED),
                column_types=dict.fromkeys(REQUIRED, pa.string()),
                strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        line, what = _first_bad_line(bytes(data), len(header))
        message = f"cannot be parsed: {what}" if what else f"cannot be parsed: {exc}"
        if "fields" in what:
            message += " (a mix of schemas, or a truncated row?)"
        raise IngestError([Problem(message, file=item.name, line=line or None)]) from None
    return table, schema


def _months(month: pa.DictionaryArray, item: Input, report: FileReport) -> None:
    """Refuse a Month that is not YYYY-MM; count rows whose month differs from the name's.

    Works on the column's few distinct values; rows are only looked at to name a line.
    """
    import numpy as np

    values = month.dictionary.to_pylist()
    indices = month.indices.to_numpy(zero_copy_only=False)
    for position, value in enumerate(values):
        if not _MONTH.match(value):
            row = int(np.argmax(indices == position))
            raise IngestError([Problem(
                f"Month {value!r} is not a month (YYYY-MM): a second header or another "
                "schema inside the file?", file=item.name, line=row + 2)])
    named = _NAME_MONTH.match(Path(item.name.rpartition("!")[2]).name)
    if named is None or not values:
        return
    expected = values.index(named.group(1)) if named.group(1) in values else -1
    differs = indices != expected
    count = int(differs.sum())
    if count:
        row = int(np.argmax(differs))
        report.warnings.append(
            f"{count} row(s) give a month other than the file name's {named.group(1)} "
            f"(first at line {row + 2}: {values[indices[row]]}); kept under their own month")


def _tally(table: pa.Table, mapper: _Mapper, item: Input, report: FileReport) -> pa.Table:
    """Rows per partnership x crime type x month of one file, counted with numpy's bincount.

    No Python object per row: each column is dictionary-encoded by pyarrow, each distinct
    LSOA is taken to its local authority name by a vectorised regex, Python looks up the
    few local authorities of the file, and the row codes are combined into one integer.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = [pc.dictionary_encode(table.column(c).combine_chunks())
               for c in (mapper.column, "Crime type", "Month")]
    _months(encoded[2], item, report)
    report.rows_read = table.num_rows
    by_lsoa = mapper.places(encoded[0].dictionary)
    codes = [e.indices.to_numpy(zero_copy_only=False).astype(np.int64) for e in encoded]
    places = by_lsoa[codes[0]] if len(by_lsoa) else codes[0]
    sizes = [len(e.dictionary) for e in encoded]
    counts = np.bincount((places * sizes[1] + codes[1]) * sizes[2] + codes[2])
    present = np.flatnonzero(counts)
    return pa.table({
        "place": pa.array(present // (sizes[1] * sizes[2])),
        "crime_type": encoded[1].dictionary.take(pa.array(present // sizes[2] % sizes[1])),
        "period": encoded[2].dictionary.take(pa.array(present % sizes[2])),
        "count_all": pa.array(counts[present]),
        "file": pa.array([item.name] * len(present), pa.string()),
    })


class _Mapper:
    """LSOA -> partnership (by LSOA name, or by code with a user's geography).

    A *place* is a (partnership, area) pair numbered in order of first sight; the area
    names what could not be placed (a local authority outside the lookup).
    """

    def __init__(self, geography: Path | None) -> None:
        self.lookup = bundled_lookup()
        self.by_code = read_geography(geography) if geography else None
        self.column = "LSOA code" if self.by_code is not None else "LSOA name"
        self.numbers: dict[tuple[str, str], int] = {}
        self.cache: dict[str, int] = {}
        self.lock = threading.Lock()

    def _place(self, key: str) -> int:
        found = self.cache.get(key)
        if found is None:
            place = self._area(key.strip())
            with self.lock:  # files are counted in several threads
                found = self.cache[key] = self.numbers.setdefault(place, len(self.numbers))
        return found

    def _area(self, key: str) -> tuple[str, str]:
        if not key:
            return NO_LSOA, ""
        if self.by_code is not None:
            lad = self.by_code.get(key, "")
            csp = self.lookup.csp_for_lad.get(lad)
            return (csp, "") if csp else (OUTSIDE_LOOKUP, lad or key)
        csp = self.lookup.csp_by_name(key)
        return (csp, "") if csp else (OUTSIDE_LOOKUP, key)

    def places(self, lsoas: pa.Array) -> Any:
        """The place number of each distinct LSOA (a numpy array), looked up by LAD."""
        import numpy as np
        import pyarrow.compute as pc

        if self.by_code is None:
            # "Leicester 001A" -> "Leicester": the local authority, as lad_name_of_lsoa.
            lsoas = pc.replace_substring_regex(lsoas, pattern=r" [0-9]{3}[A-Z]$",
                                               replacement="")
        areas = pc.dictionary_encode(lsoas)
        numbers = np.array([self._place(a) for a in areas.dictionary.to_pylist()],
                           dtype=np.int64)
        return numbers[areas.indices.to_numpy(zero_copy_only=False)] if len(numbers) \
            else np.zeros(0, np.int64)

    def assign(self, tallies: pa.Table) -> pd.DataFrame:
        """The tallies with each place's partnership and area."""
        import numpy as np

        frame: pd.DataFrame = tallies.to_pandas()
        places = sorted(self.numbers, key=self.numbers.__getitem__)
        place = frame.pop("place").to_numpy()
        frame["partnership"] = np.array([p for p, _ in places], dtype=object)[place] \
            if places else []
        frame["area"] = np.array([a for _, a in places], dtype=object)[place] if places else []
        return frame


_ASIDE = {NO_LSOA: "no LSOA", OUTSIDE_LOOKUP: "LSOA outside the lookup"}


def _set_aside(counted: pd.DataFrame, summary: Summary, keep_unmatched: bool) -> pd.DataFrame:
    """Count, per file, the rows without a partnership; drop them unless they are to be kept.

    Kept rows (``keep_unmatched``) are counted in ``kept_unmatched`` and written; rows
    without a crime type are always set aside.
    """
    reason = counted["partnership"].map(_ASIDE)
    reason = reason.where(counted["crime_type"].str.strip() != "", "no crime type")
    kept = reason.isin(_ASIDE.values()) if keep_unmatched else reason.isna() & False
    dropped = reason.notna() & ~kept
    reports = {f.file: f for f in summary.files}
    for mask, field in ((dropped, "set_aside"), (kept, "kept_unmatched")):
        totals = counted[mask].groupby(["file", reason[mask]])["count_all"].sum()
        for key, count in totals.items():
            file, why = key if isinstance(key, tuple) else (key, "")
            getattr(reports[str(file)], field)[str(why)] = int(count)
    outside = counted[counted["partnership"] == OUTSIDE_LOOKUP]
    for file, areas in outside.groupby("file")["area"]:
        reports[str(file)].unmatched_areas = sorted(set(areas))[:20]
    for f in summary.files:
        f.rows_written = f.rows_read - sum(f.set_aside.values())
    result: pd.DataFrame = counted[~dropped].rename(columns={"count_all": "value"})
    return result


def _one_file(item: Input, mapper: _Mapper) -> tuple[FileReport, pa.Table]:
    table, schema = _read(item)
    report = FileReport(file=item.name, schema=schema)
    _check_text(item.data, report)
    return report, _tally(table, mapper, item, report)


def _in_parallel(items: Iterator[Input], mapper: _Mapper
                 ) -> Iterator[tuple[FileReport, pa.Table]]:
    """Each file read and counted in a thread pool (pyarrow and numpy release the GIL).

    Results come in the files' order, and at most two files per thread are in memory at
    once. The first file that cannot be read raises its error.
    """
    workers = os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: collections.deque[Future[tuple[FileReport, pa.Table]]] = collections.deque()
        for item in items:
            pending.append(pool.submit(_one_file, item, mapper))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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
    import pyarrow as pa

    mapper = _Mapper(Path(geography) if geography else None)
    summary = Summary(kind="police-uk", lookup=f"{mapper.lookup.source}, {mapper.lookup.date}"
                      + (f"; LSOA -> LAD from {geography}" if geography else
                         "; LSOA -> LAD from the LSOA name"))
    parts = []
    for report, tally in _in_parallel(inputs([Path(p) for p in paths]), mapper):
        parts.append(tally)
        summary.files.append(report)
    if not summary.files:
        raise IngestError([Problem("no police.uk street-level files found in "
                                   + ", ".join(str(p) for p in paths))])
    counted = _set_aside(mapper.assign(pa.concat_tables(parts)), summary, keep_unmatched)
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
