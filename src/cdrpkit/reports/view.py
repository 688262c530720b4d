"""What the board page shows, read from an assessment: one record per target, counts by status.

Every renderer builds its tables from :func:`target_records` and :func:`status_counts`,
so the HTML page, the workbook, the Markdown and the terminal show the same figures.
Nothing here computes a statistic: the records read the assessment's columns and word
them through :mod:`cdrpkit.reports.format`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdrpkit.reports import format as fmt

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.assessment import Assessment

#: Each target kind in words.
KIND_WORDS = {
    "level": "Level", "change": "Change", "relative-change": "Relative change",
    "rate": "Rate", "rate-per-population": "Rate per population",
    "direction": "Direction (year on year)", "lpsa2-stretch": "LPSA2 stretch",
    "milestone": "Milestone", "checklist": "Checklist", "recurring": "Recurring",
    "per-entity-recurring": "Recurring (each group)", "resource": "Resource",
    "baseline-then": "Baseline, then target",
}


def _target_facts(assessment: Assessment) -> dict[str, dict[str, Any]]:
    """Unit, target value and period, and due date of each target, by key.

    The verdicts table has no unit or target columns yet, so these are read here, in
    one place: the unit from the targets table; the target value, the target period
    (the row marked ``final``; "each year" when every year is) and a deliverable's
    deadline (``due``) from the rows.
    """
    out: dict[str, dict[str, Any]] = {}
    units = dict(zip(assessment.targets["key"].astype(str),
                     assessment.targets["unit"].astype(object), strict=True))
    for key, rows in rows_by_key(assessment).items():
        finals = [r for r in rows if r.get("final") in (True,) and
                  str(r["period_kind"]) == "year"]
        values = [r["target_value"] for r in rows if not fmt.is_missing(r["target_value"])]
        dues = [r["due"] for r in rows if not fmt.is_missing(r.get("due"))]
        unit = units.get(key)
        out[key] = {
            "unit": "" if fmt.is_missing(unit) else str(unit),
            "target_value": values[-1] if values else None,
            "target_period": "each year" if len(finals) > 1
            else str(finals[0]["period"]) if finals else "",
            "due": str(dues[-1])[:10] if dues else "",
        }
    return out


def target_records(assessment: Assessment) -> list[dict[str, Any]]:
    """One record per target, in document order, with everything a summary row shows.

    Keys: the verdict columns, plus ``unit``, ``target_value``, ``target_period``,
    ``due``, ``deliverable`` (bool), ``charted`` (it has figures to chart), ``short``
    (the wording shortened), and the words: ``status_label``, ``tone``, ``latest``
    (``latest_figure`` in ``latest_when``), ``target_figure``,
    ``expected_text``, ``target_text``, ``variation_words`` and ``assurance_words``
    as (icon, short, long words) with ``spc_code`` and ``assurance_code``, ``sentence``.
    """
    facts = _target_facts(assessment)
    rows = assessment.rows
    with_figures = set(rows.loc[rows["actual"].notna(), "key"].astype(str))
    records = []
    for v in assessment.verdicts.to_dict("records"):
        record = {str(k): x for k, x in v.items()}
        key = str(record["key"])
        record.update(facts.get(key, {"unit": "", "target_value": None, "target_period": "",
                                      "due": ""}))
        unit = record["unit"]
        status = "no data" if fmt.is_missing(record["status"]) else str(record["status"])
        deliverable = fmt.is_deliverable(record)
        has_latest = not fmt.is_missing(record["latest_period"]) and \
            not fmt.is_missing(record["latest_actual"])
        figure = fmt.number(record["latest_actual"], unit) if has_latest else fmt.MISSING
        when = str(record["latest_period"]) if has_latest else ""
        latest = f"{figure} in {when}" if has_latest else fmt.MISSING
        target_figure = fmt.number(record["target_value"], unit)
        target = target_figure
        if target != fmt.MISSING and record["target_period"]:
            target = f"{target} {_by(record['target_period'])}"
        record.update({
            "status": status, "deliverable": deliverable,
            "charted": not deliverable and key in with_figures,
            "short": fmt.shorten(record["text"], 90), "status_label": fmt.status_label(status),
            "tone": fmt.STATUS_TONE.get(status, "neutral"), "latest": latest,
            "latest_figure": figure, "latest_when": when, "target_figure": target_figure,
            "target_by": _by(record["target_period"]) if record["target_period"] else "",
            "expected_text": fmt.number(record["expected"], unit),
            "target_text": target,
            "variation_words": fmt.variation_words(record["spc"]),
            "assurance_words": fmt.assurance_words(record["assurance"]),
            "spc_code": "" if fmt.is_missing(record["spc"]) else str(record["spc"]),
            "assurance_code": "" if fmt.is_missing(record["assurance"])
            else str(record["assurance"]),
            "sentence": fmt.verdict_sentence(record, unit),
            "kind_words": KIND_WORDS.get(str(record["kind"]), str(record["kind"])),
            "due_text": _due_text(record),
            "note": _note(record, status),
        })
        records.append(record)
    return records


#: The row columns the renderers show for each period of a target.
ROW_FIELDS = ("key", "period", "period_kind", "period_end", "comparator", "actual", "lower",
              "upper", "comparison", "status", "data_status", "reason", "final", "due",
              "target_value")


def rows_by_key(assessment: Assessment) -> dict[str, list[dict[str, Any]]]:
    """Each target's rows (:data:`ROW_FIELDS`) as plain records: years, then quarters,
    then months, then deadlines, each in time order (a year's row never falls between
    its quarters).

    Built once for the whole table: converting each target's slice separately costs
    more than drawing the whole report.
    """
    rows = assessment.rows
    present = [c for c in ROW_FIELDS if c in rows.columns]
    columns = [rows[c].astype(object).tolist() for c in present]
    out: dict[str, list[dict[str, Any]]] = {}
    for values in zip(*columns, strict=True):
        record = dict(zip(present, values, strict=True))
        out.setdefault(str(record["key"]), []).append(record)
    for mine in out.values():
        mine.sort(key=lambda r: (_KIND_ORDER.get(str(r.get("period_kind")), 9),
                                 str(r.get("period_end"))))
    return out


_KIND_ORDER = {"year": 0, "quarter": 1, "month": 2, "deadline": 3}


def _by(period: str) -> str:
    return period if period == "each year" else f"by {period}"


def _due_text(record: dict[str, Any]) -> str:
    """When a deliverable is due: its deadline; for a recurring one, the interval it is
    judged in; else "–" (no deadline stated)."""
    if record["due"]:
        return str(record["due"])
    period = record["latest_period"]
    recurring = str(record["kind"]) in ("recurring", "per-entity-recurring")
    return str(period) if recurring and not fmt.is_missing(period) else fmt.MISSING


def _note(record: dict[str, Any], status: str) -> str:
    """A deliverable's note: the count against the requirement, else what its state means."""
    if str(record["kind"]) in ("recurring", "per-entity-recurring") and \
            not fmt.is_missing(record["latest_actual"]):
        required = "" if fmt.is_missing(record["expected"]) \
            else f" against {fmt.number(record['expected'])} required"
        return f"{fmt.number(record['latest_actual'])} in {record['latest_period']}{required}."
    if status == "done" and not fmt.is_missing(record["latest_period"]):
        return f"Delivered in {record['latest_period']}."
    return fmt.STATUS_LEGEND.get(status, "")


def status_counts(verdicts: pd.DataFrame) -> pd.DataFrame:
    """Targets by theme (rows, document order) and status (columns, best first).

    Only statuses that occur are columns; a ``total`` column ends each row.

    >>> import pandas as pd
    >>> v = pd.DataFrame({"theme_title": ["A", "A", "B"],
    ...                   "status": ["met", "off track", "met"]})
    >>> status_counts(v)  # doctest: +NORMALIZE_WHITESPACE
           met  off track  total
    theme
    A        1          1      2
    B        1          0      1
    """
    import pandas as pd

    themes = list(dict.fromkeys(verdicts["theme_title"].astype(str)))
    present = set(verdicts["status"].astype(str))
    columns = [s for s in fmt.STATUS_ORDER if s in present] + sorted(
        present - set(fmt.STATUS_ORDER))
    table = pd.crosstab(verdicts["theme_title"].astype(str), verdicts["status"].astype(str))
    table = table.reindex(index=themes, columns=columns, fill_value=0)
    table["total"] = table.sum(axis=1)
    table.index.name = "theme"
    table.columns.name = None
    return table
