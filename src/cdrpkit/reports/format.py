"""The words and numbers of every report: one home for how a verdict is said.

The assessment gives codes and figures (``status``, ``latest_actual``, ``progress``,
``spc``, ``assurance`` ...); this module turns them into what a partnership officer
reads. Every renderer (HTML, Excel, Markdown, the terminal) and ``cdrpkit assess
--verdicts`` words a verdict through these functions, so a status is explained in
one place and reads the same everywhere.

Nothing here computes a statistic: the functions read the verdict columns only.

>>> number(1274.0, "offence")
'1,274 offences'
>>> number(26.25, "percent"), number(50.0, "percent")
('26.25%', '50%')
>>> status_label("at risk")
'At risk'
>>> print(STATUS_LEGEND["at risk"])
Behind the planned path, but by less than chance alone could explain: watch it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "ASSURANCE",
    "DELIVERABLE_KINDS",
    "MISSING",
    "PROGRESS_WORDS",
    "STATUS_LEGEND",
    "STATUS_ORDER",
    "STATUS_TONE",
    "VARIATION",
    "assurance_words",
    "is_deliverable",
    "is_missing",
    "number",
    "percent",
    "progress_words",
    "shorten",
    "status_label",
    "unit_label",
    "variation_words",
    "verdict_sentence",
    "verdict_sentences",
]

#: Shown where a figure is missing.
MISSING = "–"

#: Every status, best first: the column order of a count of targets by status.
STATUS_ORDER: tuple[str, ...] = (
    "met", "done", "on track", "at risk", "due", "off track", "not met", "overdue",
    "baseline", "no expectation", "no data", "not yet due",
)

#: Each status explained once, for a reader who is not an analyst.
STATUS_LEGEND: Mapping[str, str] = {
    "met": "The target period has ended (or its figure is in) and the target was reached.",
    "done": "The deliverable is recorded as delivered.",
    "on track": "The latest figure is on or ahead of the planned path to the target.",
    "at risk": ("Behind the planned path, but by less than chance alone could explain: "
                "watch it."),
    "due": "The deliverable is not recorded as delivered yet; its deadline has not passed.",
    "off track": "Behind the planned path by more than chance would explain: act on it.",
    "not met": "The target period's figure missed the target.",
    "overdue": "The deadline has passed and the deliverable is not recorded as delivered.",
    "baseline": "The first figure of a year-on-year target: the starting point.",
    "no expectation": ("There is a figure, but the target sets nothing for this period "
                       "(its target year is later): it is shown, not judged."),
    "no data": "No figure for a period that has ended.",
    "not yet due": "No period of this target has ended yet.",
}

#: How each status reads at a glance: ``good``, ``watch``, ``bad`` or ``neutral``.
STATUS_TONE: Mapping[str, str] = {
    "met": "good", "done": "good", "on track": "good",
    "at risk": "watch", "due": "watch",
    "off track": "bad", "not met": "bad", "overdue": "bad",
    "baseline": "neutral", "no expectation": "neutral", "no data": "neutral",
    "not yet due": "neutral",
}

#: Kinds that are deliverables (a date and a state), not figures on a trajectory.
DELIVERABLE_KINDS = frozenset({"milestone", "checklist", "recurring", "per-entity-recurring",
                               "resource", "baseline-then"})


def is_deliverable(record: Mapping[str, Any]) -> bool:
    """Whether a verdict is shown as a deliverable: its kind declares it ``delivers`` (a
    plugin's deliverable kind too), or it is one of :data:`DELIVERABLE_KINDS`.

    >>> is_deliverable({"kind": "milestone"}), is_deliverable({"kind": "x", "delivers": True})
    (True, True)
    """
    delivers = record.get("delivers")
    return (not is_missing(delivers) and bool(delivers)) or \
        str(record.get("kind", "")) in DELIVERABLE_KINDS

#: Making Data Count variation: code -> (icon, short words, long words).
VARIATION: Mapping[str, tuple[str, str, str]] = {
    "improvement": ("↑", "Improvement",
                    "Special cause variation: a real change for the better"),
    "concern": ("↓", "Concern", "Special cause variation: a real change for the worse"),
    "common cause": ("~", "Common cause",
                     "Common cause variation: only the usual ups and downs, no real change"),
}

#: Making Data Count assurance: code -> (icon, short words, long words).
ASSURANCE: Mapping[str, tuple[str, str, str]] = {
    "consistently passing": ("P", "Will pass",
                             "The usual range lies on the right side of the expected value: "
                             "it will consistently be met"),
    "consistently failing": ("F", "Will fail",
                             "The usual range lies on the wrong side of the expected value: "
                             "it will consistently be missed"),
    "inconsistent": ("?", "Hit or miss",
                     "The usual range straddles the expected value: met or missed by chance"),
}

#: The progress measure (SDG progress ratio) in plain words.
PROGRESS_WORDS: Mapping[str, str] = {
    "achieved": "the target level has already been reached",
    "on track": "improving fast enough to reach the target",
    "moderate progress": "improving, but not quite fast enough to reach the target",
    "limited progress": "improving too slowly to reach the target",
    "deteriorating": "moving away from the target",
    "insufficient data": "too few yearly figures to judge progress",
}

_UNIT_WORDS: Mapping[str, tuple[str, str]] = {
    "person": ("person", "people"), "casualty": ("casualty", "casualties"),
    "premises": ("premises", "premises"), "kiloperson": ("1,000 people", "1,000 people"),
    "ten_kiloperson": ("10,000 people", "10,000 people"),
    "hundred_kiloperson": ("100,000 people", "100,000 people"),
    "kilohousehold": ("1,000 households", "1,000 households"),
    "ten_kilohousehold": ("10,000 households", "10,000 households"),
    "hundred_kilohousehold": ("100,000 households", "100,000 households"),
}
_MONEY = {"GBP": 1, "kGBP": 1_000, "MGBP": 1_000_000}


def is_missing(value: Any) -> bool:
    """Whether a cell holds no figure (None, NaN, an empty string).

    >>> is_missing(float("nan")), is_missing(""), is_missing(0)
    (True, True, False)
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    try:
        return bool(value != value)  # NaN and NaT differ from themselves
    except (TypeError, ValueError):
        return True  # pandas.NA: its comparisons are neither true nor false


def unit_label(unit: Any, plural: bool = True) -> str:
    """A unit as words: ``offence`` -> ``offences``, ``offence / ten_kiloperson`` ->
    ``offences per 10,000 people``, ``percent`` -> ``%``.

    >>> unit_label("offence / ten_kiloperson")
    'offences per 10,000 people'
    >>> unit_label("victim", plural=False)
    'victim'
    """
    if is_missing(unit):
        return ""
    text = str(unit).strip()
    if text in ("percent", "%"):
        return "%"
    if "/" in text:
        top, _, bottom = (part.strip() for part in text.partition("/"))
        return f"{unit_label(top, plural)} per {unit_label(bottom, plural=False)}"
    single, many = _UNIT_WORDS.get(text, (text, text if text.endswith("s") else f"{text}s"))
    return many if plural else single


def _digits(value: float) -> str:
    size = abs(value)
    if size >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:,.1f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def number(value: Any, unit: Any = "", missing: str = MISSING) -> str:
    """A figure with its unit, rounded as a reader expects.

    Counts are whole numbers with thousands separators; percentages keep up to two decimals;
    money is in pounds; rates keep up to two decimals.

    >>> number(2330.6, "offence"), number(2.95, "offence / kiloperson")
    ('2,331 offences', '2.95 offences per 1,000 people')
    >>> number(90, "kGBP"), number(float("nan"), "offence"), number(1, "")
    ('£90,000', '–', '1')
    """
    if is_missing(value):
        return missing
    x = float(value)
    text = "" if is_missing(unit) else str(unit).strip()
    if text in _MONEY:
        return f"£{x * _MONEY[text]:,.0f}"
    if text in ("percent", "%"):
        # Up to two decimals: a stated 26.25% must not read as 26.2%.
        return f"{x:,.2f}".rstrip("0").rstrip(".") + "%"
    label = unit_label(text, plural=x != 1)
    return f"{_digits(x)} {label}".strip()


def percent(fraction: Any, signed: bool = False, missing: str = "not stated") -> str:
    """A fraction as a percentage with one decimal (``0.2576`` -> ``25.8%``).

    >>> percent(-0.0599, signed=True), percent(None)
    ('-6.0%', 'not stated')
    """
    if is_missing(fraction):
        return missing
    return f"{float(fraction):{'+' if signed else ''}.1%}"


def status_label(status: Any) -> str:
    """A status as shown: capitalised (``on track`` -> ``On track``)."""
    text = "no data" if is_missing(status) else str(status)
    return text[:1].upper() + text[1:]


def variation_words(spc: Any) -> tuple[str, str, str]:
    """(icon, short, long words) for a Making Data Count variation code; empty when not
    charted.

    >>> variation_words("concern")[:2]
    ('↓', 'Concern')
    """
    return VARIATION.get("" if is_missing(spc) else str(spc), ("", "", ""))


def assurance_words(assurance: Any) -> tuple[str, str, str]:
    """(icon, short, long words) for a Making Data Count assurance code; empty when not
    charted.

    >>> assurance_words("inconsistent")[1]
    'Hit or miss'
    """
    return ASSURANCE.get("" if is_missing(assurance) else str(assurance), ("", "", ""))


def progress_words(progress: Any) -> str:
    """The progress status in plain words; empty when none was measured.

    >>> progress_words("limited progress")
    'improving too slowly to reach the target'
    """
    key = "" if is_missing(progress) else str(progress)
    return PROGRESS_WORDS.get(key, key)


def shorten(text: Any, width: int = 90) -> str:
    """Text cut at a word boundary to at most ``width`` characters, with an ellipsis.

    >>> shorten("Reduce domestic burglary by 6% a year to no more than 2,331", 40)
    'Reduce domestic burglary by 6% a year…'
    """
    words = " ".join(str(text or "").split())
    if len(words) <= width:
        return words
    cut = words[: width - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def verdict_sentence(record: Mapping[str, Any], unit: Any = "") -> str:
    """One verdict (a row of the verdicts table) as sentences a board member can read.

    Reads ``status``, ``kind``, ``latest_period``, ``latest_actual``, ``expected``,
    ``comparison``, ``progress``, ``forecast``, ``forecast_lower``, ``forecast_upper``,
    ``p_meet``, and for a deliverable ``due`` (its deadline); ``unit`` is the target's
    unit (a ``unit`` column of ``record`` wins).

    >>> print(verdict_sentence({"status": "at risk", "kind": "level",
    ...     "latest_period": "2006/07-Q2", "latest_actual": 221.0, "expected": 220.4,
    ...     "comparison": "same", "progress": "limited progress"}, "offence"))
    ... # doctest: +NORMALIZE_WHITESPACE
    At risk: 221 offences in 2006/07-Q2 against 220 offences expected. Worse than expected,
    but within what chance alone could give. Since the baseline: improving too slowly to
    reach the target.
    """
    get = record.get
    unit = get("unit", unit)
    status = "no data" if is_missing(get("status")) else str(get("status"))
    if is_deliverable(record):
        return _deliverable_sentence(status, record, unit)
    parts = [f"{status_label(status)}."]
    period = get("latest_period")
    if not is_missing(period) and not is_missing(get("latest_actual")):
        figure = f"{number(get('latest_actual'), unit)} in {period}"
        against = ("the target" if status in ("met", "not met") else "expected")
        parts = [f"{status_label(status)}: {figure} against "
                 f"{number(get('expected'), unit)} {against}."]
        parts.append(_comparison_words(str(get("comparison", "")), status))
    elif status in STATUS_LEGEND:
        parts.append(STATUS_LEGEND[status])
    if not is_missing(get("progress")):
        parts.append(f"Since the baseline: {progress_words(get('progress'))}.")
    if not is_missing(get("forecast")):
        parts.append(
            f"Forecast at the deadline: {number(get('forecast'), unit)} "
            f"({number(get('forecast_lower'), unit)} to {number(get('forecast_upper'), unit)})"
            + ("" if is_missing(get("p_meet"))
               else f", a {float(get('p_meet') or 0):.0%} chance of meeting the target") + ".")
    return " ".join(p for p in parts if p)


def _comparison_words(comparison: str, status: str) -> str:
    if status in ("met", "not met", "on track"):
        return ""
    return {
        "same": "Worse than expected, but within what chance alone could give.",
        "worse": "Worse than expected by more than chance would explain.",
    }.get(comparison, "")


def _deliverable_sentence(status: str, record: Mapping[str, Any], unit: Any) -> str:
    get = record.get
    when = "" if is_missing(get("latest_period")) else str(get("latest_period"))
    if str(get("kind")) in ("recurring", "per-entity-recurring") and not is_missing(
            get("latest_actual")):
        required = "" if is_missing(get("expected")) \
            else f" against {number(get('expected'))} required"
        return f"{status_label(status)}: {number(get('latest_actual'))} in {when}{required}."
    due = "" if is_missing(get("due")) else str(get("due"))
    by = f" by {due}" if due else ""
    return {
        "done": f"Done: delivered in {when}." if when else "Done: recorded as delivered.",
        "due": f"Due{by}: not yet recorded as delivered.",
        "overdue": f"Overdue: not recorded as delivered{by}.",
    }.get(status, f"{status_label(status)}: {STATUS_LEGEND.get(status, '')}".rstrip(": "))


def verdict_sentences(verdicts: Any, units: Mapping[str, Any] | None = None) -> list[str]:
    """:func:`verdict_sentence` for every row of a verdicts table, in order.

    ``units`` gives each target's unit by ``key`` (the verdicts' own ``unit`` column,
    when it has one, wins), for example from the assessment's targets table.

    >>> import pandas as pd
    >>> v = pd.DataFrame({"key": ["demo/t1"], "status": ["overdue"], "kind": ["milestone"],
    ...                   "due": ["2005-06-30"]})
    >>> verdict_sentences(v)
    ['Overdue: not recorded as delivered by 2005-06-30.']
    """
    units = units or {}
    return [verdict_sentence({str(k): x for k, x in record.items()},
                             units.get(str(record.get("key")), ""))
            for record in verdicts.to_dict("records")]
