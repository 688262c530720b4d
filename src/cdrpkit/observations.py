"""Actual figures to monitor: the long format, its readers and its validation.

One row per figure. Columns (the long format):

``partnership``
    the partnership id the figure belongs to (``leicester``), required;
``indicator``, ``target``
    what was measured: an indicator id, a target id, or both (at least one);
``period``
    a financial year ``2005/06``, a quarter ``2006/07-Q2`` or a month ``2006-07``;
``value``
    the figure, in ``unit``; counts and rates may not be negative (unless ``net``);
``unit``
    a cdrpkit unit (``offence``, ``percent``, ``offence / kiloperson``), which must fit
    the target's or indicator's unit (:func:`cdrpkit.units.compatible`);
``source``
    where the figure comes from (a document and section, a police extract);
``status``
    ``stated`` (a document's own figure), ``actual`` (a figure recorded since) or
    ``illustrative`` (generated for a demonstration; labelled wherever it is shown);
``revision`` (optional)
    a whole number: where the same figure is given twice, the higher revision wins and
    the other is kept out of the assessment; without it a repeated figure is an error;
``denominator`` (optional)
    the trials behind a percentage (offences behind a detection rate) or the population
    behind a rate, so that an interval can be computed (Wilson, Byar);
``net`` (optional)
    ``true`` for a net count: offences recorded in the period less those cancelled in it
    that were recorded before, as the Home Office's quarterly tables give them (``cdrpkit
    ingest home-office`` marks every figure so). Such a figure may be below zero, where
    more were cancelled than recorded; an empty cell is ``false``. A count below zero is
    kept as published but not judged: :func:`cdrpkit.assess` refuses it, and a funnel
    plot refuses a partnership whose figures add up to less than zero, each saying so.

:func:`read_observations` reads a CSV or Excel file (through the reader plugins) or a
pandas DataFrame, and checks every row, collecting every problem with its file and row
into one :class:`~cdrpkit.errors.ObservationError`. Nothing is dropped or coerced.

Ingested figures (``cdrpkit ingest``: partnerships as ONS codes, indicators such as
``policeuk-robbery`` or ``ho-28E``) read against strategies whose partnership declares
``ons_codes`` are first put in the strategies' own terms by
:func:`cdrpkit.ingest.figures_for`; the targets they cannot assess, with the registry's
reason, are in the result's ``attrs["not_assessable"]``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.errors import ObservationError, Problem
from cdrpkit.figurecells import (
    COLUMNS,
    NET_HINT,
    OPTIONAL_COLUMNS,
    OPTIONAL_RULES,
    OUTPUT_COLUMNS,
    STATUSES,
    Known,
    cell_flag,
    cell_number,
    cell_text,
    check_known,
    known_of,
    never_negative,
    period_of,
    unit_of,
)
from cdrpkit.limits import MAX_ROWS, shorten
from cdrpkit.plugins.declarations import Reader

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.plugins import Plugins

__all__ = [
    "COLUMNS",
    "OPTIONAL_COLUMNS",
    "STATUSES",
    "Reader",
    "read_csv",
    "read_excel",
    "read_observations",
    "read_parquet",
    "validate_observations",
]

_ONS_CODE = r"^[EWSNK]\d{8}$"


def read_csv(path: Path) -> pd.DataFrame:
    """Read a CSV file of observations as text, keeping each row's line number.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = p.write_text("partnership,period,value\\ndemo,2005/06,2700\\n")
    >>> read_csv(p).to_dict("records")
    [{'partnership': 'demo', 'period': '2005/06', 'value': '2700', 'line': 2}]
    """
    import pandas as pd

    from cdrpkit.workbook import check_file, check_header

    check_file(path)
    check_header(_csv_header(path), str(path))
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skip_blank_lines=False,
                            encoding="utf-8")
    except (OSError, ValueError) as exc:
        message = shorten(str(exc), 300)
        raise ObservationError([Problem(f"cannot read CSV: {message}", file=str(path))]) \
            from None
    if len(frame) > MAX_ROWS:
        raise ObservationError([Problem(f"has {len(frame):,} rows; the limit is {MAX_ROWS:,}",
                                        file=str(path))])
    frame["line"] = range(2, len(frame) + 2)
    # Wholly blank lines carry no figure; keeping their numbering keeps later lines right.
    blank = (frame.drop(columns="line") == "").all(axis=1)
    return frame.loc[~blank].reset_index(drop=True)


def read_excel(path: Path) -> pd.DataFrame:
    """Read the first sheet (or one called ``observations``) of an Excel workbook.

    Cells keep their types (numbers stay numbers); the row number is the sheet's. The
    workbook is checked before it is parsed (:func:`cdrpkit.workbook.check_workbook`:
    size, inflated size, declared dimensions) and its rows are streamed.
    """
    import pandas as pd

    from cdrpkit.workbook import check_header, sheet_rows

    rows = sheet_rows(path)
    first = next(rows, None)
    if first is None:
        return pd.DataFrame(columns=[*COLUMNS, "line"])
    header = [str(h).strip() if h is not None else "" for h in first]
    check_header(header, str(path))
    width = len(header)
    columns: dict[str, list[Any]] = {h: [] for h in header if h}
    lines: list[int] = []
    for number, row in enumerate(rows, start=2):
        if all(cell is None or cell == "" for cell in row):
            continue
        if len(lines) >= MAX_ROWS:
            raise ObservationError([Problem(f"has over {MAX_ROWS:,} rows, the limit",
                                            file=str(path))])
        cells = (*row[:width], *([None] * (width - len(row))))
        for h, cell in zip(header, cells, strict=True):
            if h:
                columns[h].append("" if cell is None else cell)
        lines.append(number)
    return pd.DataFrame({**columns, "line": lines})


def _csv_header(path: Path) -> list[str]:
    """The header row of a CSV file, read on its own so a huge one is refused at once."""
    import csv
    import io

    with path.open("rb") as handle:
        first = handle.readline(1024 * 1024)
    text = first.decode("utf-8", errors="replace").lstrip("\ufeff")
    return next(csv.reader(io.StringIO(text)), [])


def read_parquet(path: Path) -> pd.DataFrame:
    """Read a Parquet file of observations (as ``cdrpkit ingest`` writes), numbering rows."""
    import pyarrow.parquet as pq

    try:
        frame: pd.DataFrame = pq.read_table(path).to_pandas()
    except (OSError, ValueError) as exc:
        raise ObservationError([Problem(f"cannot read Parquet: {exc}", file=str(path))]
                               ) from None
    frame["line"] = range(1, len(frame) + 1)
    return frame


def _ingested_in_strategy_terms(raw: pd.DataFrame, strategies: Strategy | Sequence[Strategy],
                                plugins: Plugins | None) -> pd.DataFrame:
    """Ingested figures (partnerships as ONS codes) through :func:`cdrpkit.ingest.figures_for`.

    Only when the figures carry ONS codes and a strategy's partnership declares some;
    the targets the figures cannot assess are kept in ``frame.attrs["not_assessable"]``.
    """
    import pandas as pd

    from cdrpkit.ingest.figures import figures_for, has_ons_codes
    from cdrpkit.model import Strategy

    items = [strategies] if isinstance(strategies, Strategy) else list(strategies)
    coded = [s for s in items if s.partnership.ons_codes]
    if not coded or not has_ons_codes(raw):
        return raw
    # Rows already in a strategy's own terms (not under an ONS code) are kept as they are.
    own = raw[~raw["partnership"].astype(str).str.match(_ONS_CODE)]
    frames, missing = [own], []
    for strategy in coded:
        frame, cannot = figures_for(strategy, raw, plugins)
        frames.append(frame)
        missing.extend(cannot)
    result = pd.concat(frames, ignore_index=True)
    if "line" in result.columns:  # translated rows have no line of their own
        line = pd.to_numeric(result["line"], errors="coerce").astype("Int64")
        result["line"] = line.astype(object).where(line.notna(), None)
    result.attrs["not_assessable"] = missing
    return result


def _reader_for(path: Path, plugins: Plugins | None) -> Reader:
    from cdrpkit.plugins import resolve

    readers = list(resolve(plugins).readers.values())
    suffix = path.suffix.lower()
    for reader in readers:
        if suffix in reader.suffixes:
            found: Reader = reader
            return found
    known = sorted({s for r in readers for s in r.suffixes})
    raise ObservationError(
        [Problem(f"no reader for {suffix or 'files without a suffix'}; "
                 f"readers know: {', '.join(known) or 'none'}", file=str(path))]
    )


def read_observations(
    source: str | Path | pd.DataFrame,
    strategies: Strategy | Sequence[Strategy] | None = None,
    *,
    plugins: Plugins | None = None,
) -> pd.DataFrame:
    """Read and check observations from a file (CSV, Excel, any reader plugin) or a DataFrame.

    With ``strategies``, every row's partnership, indicator and target must exist there
    and its unit must fit. Returns the validated frame (see :func:`validate_observations`);
    raises :class:`~cdrpkit.errors.ObservationError` listing every problem.

    >>> import pandas as pd, cdrpkit
    >>> s = cdrpkit.load("tests/data/minimal")
    >>> raw = pd.DataFrame([{"partnership": "demo", "indicator": "domestic-burglary",
    ...     "target": "", "period": "2005/06", "value": 2700, "unit": "offence",
    ...     "source": "example", "status": "illustrative"}])
    >>> row = read_observations(raw, s).iloc[0]
    >>> row["period"], float(row["value"]), row["period_kind"]
    ('2005/06', 2700.0, 'year')
    """
    import pandas as pd

    file = None
    if isinstance(source, pd.DataFrame):
        raw = source
    else:
        if not isinstance(source, (str, os.PathLike)):
            raise ObservationError([Problem(
                f"expected a file name, a path or a pandas DataFrame, got "
                f"{type(source).__name__} {shorten(source)}", path="source")])
        path = Path(source)
        from cdrpkit.workbook import check_file

        check_file(path)
        raw = _reader_for(path, plugins).function(path)
        file = str(path)
    if strategies is not None:
        raw = _ingested_in_strategy_terms(raw, strategies, plugins)
    frame = validate_observations(raw, strategies, file=file, plugins=plugins)
    frame.attrs["not_assessable"] = raw.attrs.get("not_assessable", [])
    return frame


def _optional_number(row: dict[Any, Any], columns: Any, column: str,
                     bad: Callable[[str, str], None]) -> float | None:
    """An optional numeric column's value, ``None`` when empty or when it breaks its rule
    (:data:`~cdrpkit.figurecells.OPTIONAL_RULES`)."""
    if column not in columns or not cell_text(row.get(column)):
        return None
    ok, rule = OPTIONAL_RULES[column]
    value = cell_number(row.get(column))
    if value is None or not ok(value):
        bad(f"{shorten(cell_text(row.get(column)))} {rule}", column)
        return None
    return value


def validate_observations(
    raw: pd.DataFrame,
    strategies: Strategy | Sequence[Strategy] | None = None,
    *,
    file: str | None = None,
    plugins: Plugins | None = None,
) -> pd.DataFrame:
    """Check a raw long-format table and return it typed, with parsed period columns.

    Indicators are looked up with ``plugins`` (the default host when ``None``).

    Adds ``period_kind`` (year, quarter, month), ``fy`` (the financial year's first
    calendar year), ``sub`` (quarter 1-4 or month 1-12 of the financial year, 0 for a
    year), ``file``, ``line`` and ``superseded`` (True for a lower revision). Every
    problem is collected: missing column, unknown partnership, indicator or target, a
    unit that does not fit, a negative count, a bad period or status, a repeated figure.
    The columns of ids, periods, units and statuses are pandas Categoricals.
    """
    from cdrpkit.columnwise import validate_columns

    _check_columns(raw, file)
    known = known_of(strategies, plugins)
    problems: list[Problem] = []
    # Checked a column at a time when every row is good; row by row, naming each
    # problem's row, when any may not be.
    frame = validate_columns(raw, known, file=file)
    if frame is None:
        frame = _row_by_row(raw, known, file, problems)
    frame["superseded"] = False
    if not frame.empty:
        problems.extend(_duplicates(frame, file))
    if problems:
        raise ObservationError(problems, summary=f"{len(problems)} problem(s) in the figures"
                               + (f" read from {file}" if file else ""))
    return _typed(frame)


def _row_by_row(raw: pd.DataFrame, known: Known | None, file: str | None,
                problems: list[Problem]) -> pd.DataFrame:
    """The figures as a frame, checking each row and adding its problems to ``problems``."""
    import pandas as pd


    lines = raw["line"].tolist() if "line" in raw.columns else [None] * len(raw)
    columns = set(raw.columns)
    parsed_periods: dict[str, tuple[Any, ...]] = {}
    parsed_units: dict[str, tuple[str, str]] = {}
    unit_ok: dict[tuple[str, str], bool] = {}
    records: list[dict[str, Any]] = []
    for position, (row, line) in enumerate(zip(raw.to_dict("records"), lines, strict=True)):
        where = f"row {line}" if line else f"row {position}"

        def bad(message: str, column: str, where: str = where, line: Any = line) -> None:
            problems.append(Problem(message, path=f"{where}, column {column}", file=file,
                                    line=int(line) if line and file else None))

        rec = {c: cell_text(row.get(c)) for c in ("partnership", "indicator", "target", "period",
                                               "unit", "source", "status")}
        if not rec["partnership"]:
            bad("is empty; give the partnership id", "partnership")
        if not rec["indicator"] and not rec["target"]:
            bad("indicator and target are both empty; give at least one", "indicator")
        if not rec["source"]:
            bad("is empty; say where the figure comes from", "source")
        if rec["status"] not in STATUSES:
            bad(f"{shorten(rec['status'])} is not one of: {', '.join(STATUSES)}", "status")
        value = cell_number(row.get("value"))
        if value is None:
            bad(f"{shorten(cell_text(row.get('value')))} is not a number (write ASCII digits, "
                "with a '.' for decimals and no thousands separators: 2806 or 19.4)", "value")
        # A period or unit is parsed once per distinct text; every row given the same
        # text shares the result (and the one label string).
        period: tuple[Any, ...] | None = period_of(rec["period"], parsed_periods)
        if period is not None and len(period) == 1:
            bad(period[0], "period")
            period = None
        unit_text = rec["unit"]
        if not unit_text:
            bad("is empty; give the figure's unit (offence, percent, ...)", "unit")
        else:
            unit_text, error = unit_of(unit_text, parsed_units)
            if error:
                bad(error, "unit")
        net = cell_flag(row.get("net")) if "net" in columns else False
        if net is None:
            bad(f"{shorten(cell_text(row.get('net')))} is not true or false (leave it empty "
                "for false)", "net")
        if value is not None and value < 0 and never_negative(unit_text) and net is False:
            bad(f"{value:g} is negative; a count or rate cannot be ({NET_HINT})", "value")
        if known is not None and rec["partnership"]:
            check_known(rec, unit_text, known, unit_ok, bad)
        revision = _optional_number(row, columns, "revision", bad)
        denominator = _optional_number(row, columns, "denominator", bad)
        label, kind, fy, sub, end = period if period is not None else \
            (rec["period"], "", None, None, None)
        records.append({
            **rec,
            "unit": unit_text,
            "period": label,
            "value": value,
            "revision": revision,
            "denominator": denominator,
            "net": bool(net),
            "period_kind": kind,
            "fy": fy,
            "sub": sub,
            "period_end": end,
            "file": file,
            "line": int(line) if line else position,
        })
    return pd.DataFrame.from_records(records, columns=list(OUTPUT_COLUMNS))


_LABEL_COLUMNS = ("partnership", "indicator", "target", "period", "unit", "status",
                  "period_kind")


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """The validated figures with their columns typed."""
    for column in ("value", "denominator", "revision"):
        frame[column] = frame[column].astype(float)
    frame["net"] = frame["net"].astype(bool)
    frame["fy"] = frame["fy"].astype(int)
    frame["sub"] = frame["sub"].astype(int)
    # Ids, periods, units and statuses repeat from a small set: Categoricals, which take
    # a fraction of the memory and let the assessment match them by code.
    for column in _LABEL_COLUMNS:
        frame[column] = frame[column].astype("category")
    return frame


def _check_columns(raw: pd.DataFrame, file: str | None) -> None:
    """Every column of the long format, each once."""
    repeated = sorted({str(c) for c in raw.columns[raw.columns.duplicated()]})
    if repeated:
        raise ObservationError([Problem(
            f"column(s) {', '.join(repeated)} appear more than once; give each column once",
            path="columns", file=file)])
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise ObservationError(
            [Problem(f"missing column(s) {', '.join(missing)}; the long format has: "
                     f"{', '.join(COLUMNS)}", path="columns", file=file)]
        )



def _duplicates(frame: pd.DataFrame, file: str | None) -> list[Problem]:
    """Repeated figures: an error unless revisions tell them apart; marks the losers."""
    key = ["partnership", "indicator", "target", "period"]
    dup = frame.duplicated(key, keep=False)
    problems: list[Problem] = []
    if not dup.any():
        return problems
    for _, group in frame.loc[dup].groupby(key, sort=False):
        revisions = group["revision"]
        if revisions.isna().any() or revisions.duplicated().any():
            lines = ", ".join(str(x) for x in group["line"])
            first = group.iloc[0]
            what = first["target"] or first["indicator"]
            problems.append(Problem(
                f"{what} {first['period']} is given {len(group)} times (rows {lines}); give "
                "each a different revision (the higher wins) or remove the extra rows",
                path=f"row {group['line'].iloc[-1]}", file=file,
                line=int(group["line"].iloc[-1]) if file else None))
            continue
        losers = group.index[group["revision"] < group["revision"].max()]
        frame.loc[losers, "superseded"] = True
    return problems
