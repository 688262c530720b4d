"""Built-in plugin: readers of actual figures (CSV and Excel files)."""

from __future__ import annotations

from cdrpkit.observations import Reader, read_csv, read_excel, read_parquet
from cdrpkit.plugins import hookimpl


@hookimpl
def cdrpkit_register_readers() -> list[Reader]:
    """CSV (``.csv``), Excel (``.xlsx``, ``.xlsm``) and Parquet files in the long format."""
    return [
        Reader("csv", (".csv",), read_csv, "comma-separated values, one figure a line"),
        Reader("excel", (".xlsx", ".xlsm"), read_excel, "an Excel workbook (openpyxl)"),
        Reader("parquet", (".parquet",), read_parquet, "a Parquet file (cdrpkit ingest)"),
    ]
