"""The Excel workbook: a summary sheet, one sheet per theme, the data, the methods."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.reports import ILLUSTRATIVE_NOTICE

if TYPE_CHECKING:
    import pandas as pd
    from openpyxl.worksheet.worksheet import Worksheet

    from cdrpkit.reports import ReportContext

SUMMARY_COLUMNS = ("partnership", "theme_title", "target_id", "status", "latest_period",
                   "latest_actual", "expected", "comparison", "progress", "p_meet",
                   "illustrative", "verdict", "methods", "skipped")
THEME_COLUMNS = ("target_id", "period", "expected", "comparator", "actual", "gap",
                 "interval_method", "lower", "upper", "comparison", "status", "data_status",
                 "reason")
DATA_COLUMNS = ("partnership", "indicator", "target", "period", "value", "unit", "source",
                "status", "revision", "denominator")


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _sheet(book: Any, title: str, frame: pd.DataFrame, columns: tuple[str, ...],
           illustrative: bool) -> Worksheet:
    from openpyxl.styles import Font, PatternFill

    sheet = book.create_sheet(title)
    start = 1
    if illustrative:
        sheet.append([ILLUSTRATIVE_NOTICE])
        sheet["A1"].font = Font(bold=True, color="8B6508")
        sheet["A1"].fill = PatternFill("solid", fgColor="FFF8DC")
        sheet.append([])
        start = 3
    sheet.append(list(columns))
    for cell in sheet[start]:
        cell.font = Font(bold=True)
    for record in frame.reindex(columns=list(columns)).itertuples(index=False):
        sheet.append([_cell(v) for v in record])
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
    return sheet


def render_excel(context: ReportContext, path: Path) -> None:
    """Write the workbook: ``Summary``, one sheet per theme, ``Data`` and ``Methods``."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    verdicts = context.assessment.verdicts
    rows = context.assessment.rows
    _sheet(book, "Summary", verdicts, SUMMARY_COLUMNS, bool(verdicts["illustrative"].any()))
    used: set[str] = {"Summary", "Data", "Methods"}
    for pid, title, group in context.themes():
        name = re.sub(r"[\[\]:*?/\\]", " ", f"{pid} {title}")[:31].strip()
        base, n = name, 2
        while name in used:
            suffix = f" {n}"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name)
        theme_rows = rows[rows["key"].isin(group["key"])]
        _sheet(book, name, theme_rows, THEME_COLUMNS,
               bool((theme_rows["data_status"] == "illustrative").any()))
    _sheet(book, "Data", context.observations, DATA_COLUMNS, context.illustrative)
    methods = book.create_sheet("Methods")
    for line in (
        "Intervals: Byar (counts of 10 or more), exact Poisson (below 10), Wilson (percentages).",
        "Comparison: 'same' when the expected value lies inside the actual's interval.",
        "Status before the target period: on track / at risk / off track; in it: met / not met.",
        "Progress: SDG progress ratio (0.95 on track, 0.60 moderate, 0 limited, <0 deteriorating).",
        "Forecast: log-linear trend, prediction interval, probability of meeting the target.",
    ):
        methods.append([line])
    book.save(path)
