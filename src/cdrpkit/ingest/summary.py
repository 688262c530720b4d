"""What an ingest read, wrote and set aside, and writing its figures (CSV or Parquet).

The summary is printed and written beside the output as JSON
(``figures.parquet`` -> ``figures.summary.json``), so nothing is dropped silently.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.errors import IngestError, Problem
from cdrpkit.ingest.geography import ATTRIBUTION
from cdrpkit.outputs import open_atomic, write_text_atomic

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FileReport", "Ingested", "Summary", "summary_path", "write_figures"]


@attrs.define
class FileReport:
    """One file: its schema, rows read and written, rows set aside by reason, warnings.

    ``rows_read == rows_written + sum(set_aside.values())``; ``kept_unmatched`` counts
    rows written under a partnership of their own (``--keep-unmatched``), by reason.
    """

    file: str
    schema: str = ""
    rows_read: int = 0
    rows_written: int = 0
    set_aside: dict[str, int] = attrs.field(factory=dict)
    kept_unmatched: dict[str, int] = attrs.field(factory=dict)
    unmatched_areas: list[str] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)


@attrs.define
class Summary:
    """The whole ingest: every file's report and the totals."""

    kind: str
    lookup: str = ""
    files: list[FileReport] = attrs.field(factory=list)
    attribution: str = ATTRIBUTION

    @property
    def rows_read(self) -> int:
        """Rows read from every file."""
        return sum(f.rows_read for f in self.files)

    @property
    def rows_written(self) -> int:
        """Rows counted into the figures written."""
        return sum(f.rows_written for f in self.files)

    @property
    def set_aside(self) -> dict[str, int]:
        """Rows set aside, by reason, over every file."""
        total: dict[str, int] = {}
        for f in self.files:
            for reason, count in f.set_aside.items():
                total[reason] = total.get(reason, 0) + count
        return total

    def as_dict(self) -> dict[str, Any]:
        """The summary as plain data (what the JSON file holds)."""
        return {
            "kind": self.kind,
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "set_aside": self.set_aside,
            "lookup": self.lookup,
            "attribution": self.attribution,
            "files": [attrs.asdict(f) for f in self.files],
        }

    def text(self) -> str:
        """A few lines for the terminal: totals, then each file with anything set aside."""
        aside = self.set_aside
        lines = [f"{len(self.files)} file(s): {self.rows_read:,} rows read, "
                 f"{self.rows_written:,} counted into figures, "
                 f"{sum(aside.values()):,} set aside"
                 + (" (" + ", ".join(f"{k}: {v:,}" for k, v in aside.items()) + ")"
                    if aside else "")]
        for f in self.files:
            notes = [f"{k}: {v:,}" for k, v in f.set_aside.items()] + [
                f"{k}: {v:,} kept as unmatched" for k, v in f.kept_unmatched.items()
            ] + f.warnings
            if notes:
                lines.append(f"  {f.file}: " + "; ".join(notes))
        lines.append(self.attribution)
        return "\n".join(lines)


@attrs.frozen
class Ingested:
    """Figures in the long format and the summary of how they were made."""

    figures: pd.DataFrame
    summary: Summary


def summary_path(out: Path) -> Path:
    """Where the summary of an output goes: beside it, ``<stem>.summary.json``.

    >>> summary_path(Path("out/leics.parquet")).as_posix()
    'out/leics.summary.json'
    """
    return out.with_name(out.stem + ".summary.json")


def write_figures(ingested: Ingested, out: str | Path) -> Path:
    """Write the figures (``.csv`` or ``.parquet``) and the summary JSON beside them.

    Returns the summary's path. Another suffix is refused before anything is written;
    a path that cannot be written is an :class:`~cdrpkit.errors.OutputError`.
    """
    import pyarrow as pa

    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise IngestError([Problem(f"the output must end in .csv or .parquet, not "
                                   f"{suffix or '(no suffix)'}", file=str(path))])
    table = pa.Table.from_pandas(ingested.figures, preserve_index=False)
    # Written atomically (cdrpkit.outputs): a reader never sees half a file, and a
    # failure is an OutputError naming the path.
    with open_atomic(path, "wb") as handle:
        if suffix == ".csv":
            from pyarrow import csv as pacsv

            pacsv.write_csv(table, handle)
        else:
            import pyarrow.parquet as pq

            pq.write_table(table, handle)
    return write_text_atomic(summary_path(path),
                             json.dumps(ingested.summary.as_dict(), indent=2) + "\n")
