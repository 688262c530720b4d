"""The Excel workbook a council can work in: an index, the summary, the targets, a sheet per
theme, the figures and the methods.

Every sheet has a bold frozen header row and an autofilter; columns are fitted to their
contents (long wording wraps); numbers keep their values with a number format for their
unit; status cells are coloured and carry the status in words. Text that came from an
input goes through :func:`cdrpkit.outputs.excel_text`, so it is never a formula.
Sheet names stay within Excel's 31 characters and read as words; the index names each
sheet with its full title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.outputs import excel_text, open_atomic, terminal_text
from cdrpkit.reports import ILLUSTRATIVE_NOTICE
from cdrpkit.reports import format as fmt

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from cdrpkit.reports import ReportContext

#: Fill colour of a status cell by its tone.
FILLS = {"good": "E3F1E5", "watch": "FDF0D2", "bad": "FBE3E5", "neutral": "EEEEEE"}
_MAX_WIDTH = 60
_WRAPPED = frozenset({"Wording", "Verdict", "Reason", "Note"})


def number_format(unit: Any) -> str:
    """The Excel number format for a figure in ``unit``.

    >>> number_format("offence"), number_format("percent"), number_format("kGBP")
    ('#,##0', '0.0#"%"', '"£"#,##0,"k"')
    """
    text = "" if fmt.is_missing(unit) else str(unit)
    if text in ("percent", "%"):
        return '0.0#"%"'
    if text == "GBP":
        return '"£"#,##0'
    if text == "kGBP":
        return '"£"#,##0,"k"'
    if text == "MGBP":
        return '"£"#,##0.0,,"m"'
    if "/" in text:
        return "#,##0.00"
    return "#,##0"


def sheet_names(titles: Sequence[str], taken: Sequence[str] = ()) -> list[str]:
    """Readable, distinct sheet names of at most 31 characters for ``titles``.

    A long title loses the words it shares with another title's start ("Preventing &
    Reducing"), then is cut at a word; "and" reads as "&".

    >>> sheet_names(["Preventing & Reducing Violent Crime",
    ...              "Preventing & Reducing Anti-Social Crime & Behaviour",
    ...              "Preventing and Reducing Offending"])
    ['Violent Crime', 'Anti-Social Crime & Behaviour', 'Preventing & Reducing Offending']
    """
    # terminal_text drops escape sequences and control characters, which XML forbids.
    clean = [re.sub(r"\s+", " ", re.sub(r"[\[\]:*?/\\']", " ",
                                         terminal_text(t).replace(" and ", " & "))
                    ).strip() or "Theme" for t in titles]
    used = {n.lower() for n in taken}
    out = []
    for i, name in enumerate(clean):
        if len(name) > 31:
            words = name.split(" ")
            shared = max((_common(words, other.split(" ")) for j, other in enumerate(clean)
                          if j != i), default=0)
            if 0 < shared < len(words):
                name = " ".join(words[shared:])
        if len(name) > 31:
            name = name[:31].rsplit(" ", 1)[0].rstrip(" &,-")
        base, n = name, 2
        while name.lower() in used:
            suffix = f" ({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name.lower())
        out.append(name)
    return out


def _common(a: list[str], b: list[str]) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def _table(book: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], *,
           formats: Sequence[dict[int, str]] | None = None,
           tones: dict[int, Sequence[str]] | None = None, notice: bool = False) -> Worksheet:
    """A sheet holding one table: header frozen, filtered, widths fitted, statuses coloured."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    start = 1
    if notice:
        sheet.append([ILLUSTRATIVE_NOTICE])
        sheet["A1"].font = Font(bold=True, color="8B6508")
        sheet["A1"].fill = PatternFill("solid", fgColor="FFF8DC")
        start = 3
        sheet.append([])
    sheet.append(list(header))
    for cell in sheet[start]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
    widths = [len(h) + 2 for h in header]
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    fills = {tone: PatternFill("solid", fgColor=colour) for tone, colour in FILLS.items()}
    wrapped = [h in _WRAPPED for h in header]
    for r, row in enumerate(rows):
        sheet.append([excel_text(None if fmt.is_missing(v) else v) for v in row])
        cells = sheet[start + 1 + r]
        for c, value in enumerate(row):
            if formats and c in formats[r]:
                cells[c].number_format = formats[r][c]
            if tones and c in tones:
                cells[c].fill = fills[tones[c][r]]
                cells[c].font = bold
            if wrapped[c]:
                cells[c].alignment = wrap
            shown = f"{value:,.2f}" if isinstance(value, float) else str(value or "")
            widths[c] = max(widths[c], min(len(shown) + 2, _MAX_WIDTH))
    for c, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(c + 1)].width = width
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A{start}:{last}{start + max(len(rows), 1)}"
    return sheet


TARGET_HEADER = ("Theme", "Target", "Wording", "Kind", "Status", "Latest figure",
                 "Latest period", "Expected", "Target value", "Target period", "Due",
                 "Unit", "Variation", "Assurance", "Progress", "Verdict", "Illustrative")


def _target_rows(records: Sequence[dict[str, Any]]) -> tuple[list[list[Any]],
                                                            list[dict[int, str]]]:
    rows, formats = [], []
    for r in records:
        number = number_format(r["unit"])
        rows.append([
            r["theme_title"], r["target_id"], r["text"], r["kind_words"], r["status_label"],
            None if r["deliverable"] else r["latest_actual"], r["latest_period"],
            None if r["deliverable"] else r["expected"], r["target_value"],
            r["target_period"], r["due"], fmt.unit_label(r["unit"]),
            r["variation_words"][1], r["assurance_words"][1],
            fmt.progress_words(r["progress"]), r["sentence"],
            "yes" if r["illustrative"] else ""])
        formats.append({5: number, 7: number, 8: number})
    return rows, formats


def render_excel(context: ReportContext, path: Path) -> None:
    """Write the workbook: Index, Summary, Targets, one sheet per theme, Data, Methods."""
    from openpyxl import Workbook

    from cdrpkit.reports.view import rows_by_key, status_counts

    book = Workbook()
    index = book.active
    index.title = "Index"
    records = context.records()
    illustrative = context.illustrative
    pivot = status_counts(context.assessment.verdicts)
    statuses = [str(c) for c in pivot.columns if c != "total"]
    _table(book, "Summary", ["Theme", *[fmt.status_label(s) for s in statuses], "Total"],
           [[str(t), *row.tolist()] for t, row in pivot.iterrows()], notice=illustrative)
    rows, formats = _target_rows(records)
    _table(book, "Targets", TARGET_HEADER, rows, formats=formats,
           tones={4: [r["tone"] for r in records]}, notice=illustrative)
    themes = context.themes(records)
    extra = ["Family"] if context.family else []
    if context.family:
        _family_sheet(book, context)
    names = sheet_names([t for _, t, _ in themes], ["Index", "Summary", "Targets", *extra,
                                                    "Data", "Methods"])
    by_key = rows_by_key(context.assessment)
    for name, (_pid, _title, mine) in zip(names, themes, strict=True):
        _theme_sheet(book, name, mine, by_key, illustrative)
    obs = context.observations
    data_columns = [c for c in ("partnership", "indicator", "target", "period", "value",
                                "unit", "source", "status", "revision", "denominator")
                    if c in obs.columns]
    if "net" in obs.columns and obs["net"].astype(bool).any():
        data_columns.append("net")  # which figures are net counts, when any is
    _table(book, "Data", data_columns,
           obs.reindex(columns=data_columns).astype(object).values.tolist(),
           notice=illustrative)
    _methods(book)
    _index(index, context, ["Summary", "Targets", *extra, *names, "Data", "Methods"],
           ["Targets by status for each theme", "One row per target, with its verdict",
            *["Against its family: each target indicator's rate against the family's "
              "mean and funnel limits"][:len(extra)],
            *[f"{pid}: {title} (each target by period)" for pid, title, _ in themes],
            "The figures read", "How the statuses are decided"])
    with open_atomic(path, "wb") as handle:
        book.save(handle)


FAMILY_HEADER = ("Strategy", "Partnership", "Target", "Wording", "Indicator", "Peer indicator",
                 "Period", "Count", "Denominator", "Rate per 1,000", "Family mean rate",
                 "Lower 95%", "Upper 95%", "Lower 99.8%", "Upper 99.8%", "Position", "Note")


def _family_sheet(book: Any, context: ReportContext) -> None:
    """The "Against its family" table: compared targets with their numbers, then the
    targets that cannot be compared with the reason; below it, what the figures and the
    family are (and the attribution of real figures)."""
    rows: list[list[Any]] = []
    formats: list[dict[int, str]] = []
    for c in context.family:
        for r in c.rows:
            rows.append([c.strategy, c.partnership, r["target_id"], r["text"], r["indicator"],
                         r["peer_indicator"], c.period, r["count"], r["denominator"],
                         r["rate"], r["family_mean"], r["lower_95"], r["upper_95"],
                         r["lower_998"], r["upper_998"], r["position_words"],
                         f"{r['how']}; rates {c.rate_label}; limits: {r['limits']}"])
            formats.append({7: "#,##0", 8: "#,##0", **{i: "0.00" for i in range(9, 15)}})
        for r in c.not_comparable:
            rows.append([c.strategy, c.partnership, r["target_id"], r["text"], r["indicator"],
                         None, c.period, None, None, None, None, None, None, None, None,
                         "not compared", r["reason"]])
            formats.append({})
    sheet = _table(book, "Family", FAMILY_HEADER, rows, formats=formats)
    sheet.append([])
    for c in context.family:
        for line in [c.title, *c.describe(), *c.notes, c.attribution]:
            if line:
                sheet.append([excel_text(line)])


def _theme_sheet(book: Any, name: str, records: Sequence[dict[str, Any]], by_key: Any,
                 illustrative: bool) -> None:
    header = ("Target", "Period", "Expected", "Actual", "Lower (95%)", "Upper (95%)",
              "Comparison", "Status", "Figure", "Reason")
    rows, formats, tones = [], [], []
    for r in records:
        mine = by_key.get(r["key"])
        if mine is None:
            continue
        number = number_format(r["unit"])
        for x in mine:
            status = str(x["status"])
            rows.append([r["target_id"], x["period"], x["comparator"], x["actual"], x["lower"],
                         x["upper"], x["comparison"], fmt.status_label(status),
                         x["data_status"], x["reason"]])
            formats.append({2: number, 3: number, 4: number, 5: number})
            tones.append(fmt.STATUS_TONE.get(status, "neutral"))
    _table(book, name, header, rows, formats=formats, tones={7: tones}, notice=illustrative)


def _methods(book: Any) -> None:
    rows = [[fmt.status_label(s), text] for s, text in fmt.STATUS_LEGEND.items()]
    rows += [["Intervals", "Byar (counts of 10 or more), exact Poisson (below 10), Wilson "
                           "(percentages)."],
             ["Progress", "SDG progress ratio: the observed yearly change over the change "
                          "needed (0.95 or more fast enough, 0.60 moderate, above 0 limited, "
                          "below 0 deteriorating)."],
             ["Variation", "Making Data Count XmR chart of the quarterly or monthly figures."],
             ["Assurance", "Where the XmR process limits lie against the expected value."],
             ["net (Data)", "TRUE for a net count: offences recorded in the period less "
                            "those cancelled in it that were recorded before, as the Home "
                            "Office's quarterly tables give them; such a figure can be below "
                            "zero and is then not judged."]]
    _table(book, "Methods", ["Term", "Note"], rows,
           tones={0: [fmt.STATUS_TONE.get(s, "neutral") for s in fmt.STATUS_LEGEND]
                  + ["neutral"] * 5})


def _index(sheet: Any, context: ReportContext, names: Sequence[str],
           notes: Sequence[str]) -> None:
    from openpyxl.styles import Font

    sheet.append([excel_text(f"Performance report: {context.title}")])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([excel_text(f"Position at the end of {context.period} (figures to "
                             f"{context.assessment.as_of.isoformat()}).")])
    sheet.append([ILLUSTRATIVE_NOTICE if context.illustrative else ""])
    sheet.append([])
    sheet.append(["Sheet", "What it holds"])
    for cell in sheet[5]:
        cell.font = Font(bold=True)
    for name, note in zip(names, notes, strict=True):
        sheet.append([excel_text(name), excel_text(note)])  # names come from theme titles
        cell = sheet.cell(row=sheet.max_row, column=1)
        cell.hyperlink = f"#'{name}'!A1"
        cell.font = Font(color="1D4F91", underline="single")
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
