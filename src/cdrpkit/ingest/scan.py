"""Many ingested Parquet files (years, forces) read at once with DuckDB, in process.

DuckDB is the embedded engine for multi-file, multi-year work: it reads the Parquet the
ingest commands write, filters and sums without loading what is not asked for, and needs
no server. The same files can be read by any engine that reads Parquet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cdrpkit.errors import IngestError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_ingested"]


def read_ingested(
    paths: str | Path | Iterable[str | Path],
    *,
    partnerships: Sequence[str] = (),
    indicators: Sequence[str] = (),
) -> pd.DataFrame:
    """Ingested figures from one or more Parquet files or globs, optionally filtered.

    Figures for the same partnership, indicator and period in several files are added
    up (a month's crimes recorded by two forces in one partnership). ``partnerships``
    and ``indicators`` keep only those ids (ONS codes, ``ho-28E``...).
    """
    import duckdb

    items = [str(paths)] if isinstance(paths, (str, Path)) else [str(p) for p in paths]
    if not items:
        raise IngestError([Problem("no Parquet files given")])
    where = []
    params: list[object] = [items]
    if partnerships:
        where.append("partnership IN (SELECT unnest(?))")
        params.append(list(partnerships))
    if indicators:
        where.append("indicator IN (SELECT unnest(?))")
        params.append(list(indicators))
    # A figure is net (may be below zero) when any figure added into it is: files of
    # Home Office figures carry the column, police.uk files do not.
    sql = ("SELECT partnership, indicator, '' AS target, period, sum(value) AS value, unit, "
           "string_agg(DISTINCT source, '; ' ORDER BY source) AS source, status, "
           "{net} AS net FROM read_parquet(?, union_by_name = true) "
           + ("WHERE " + " AND ".join(where) + " " if where else "")
           + "GROUP BY partnership, indicator, period, unit, status "
           "ORDER BY partnership, indicator, period")
    try:
        with duckdb.connect() as con:
            names = {row[0] for row in con.execute(
                "DESCRIBE SELECT * FROM read_parquet(?, union_by_name = true)", [items]
            ).fetchall()}
            net = "coalesce(bool_or(net), false)" if "net" in names else "false"
            frame: pd.DataFrame = con.execute(sql.format(net=net), params).df()
    except duckdb.Error as exc:
        raise IngestError([Problem(f"cannot read the ingested Parquet: {exc}",
                                   file=", ".join(items))]) from None
    return frame
