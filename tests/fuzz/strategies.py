"""Hypothesis strategies for fuzzing: strategy data, YAML text and observation rows.

Each draws mostly from values that have broken readers before (issue 14): wrong shapes,
NaN and infinity, huge and negative numbers, control characters and escape sequences,
formula text, long text, odd periods and units, digits that are not ASCII.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.conftest import MINIMAL

BASE: dict[str, Any] = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))

NASTY_TEXT = [
    "", " ", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\x1b[31mred\x1b[0m",
    "\x1b]8;;https://evil.example\x07x\x1b]8;;\x07", "a\x00b", "<script>alert(1)</script>",
    "[x](javascript:alert(1))", "..\\..\\x", "a/b", "CON", "é", "x" * 5000, "2004/05",
    "by March 2008", "quarter ending March 0000", "2004/05-Q" + "1" * 60, "2100-04",
    "offence", "percent", "offence / kiloperson", "kiloperson ** 99999999", "(" * 50,
    "level", "reduce", "at_most", "statutory", "stated", "inferred", "police", "1_000",
    "١٢٣", "１２３", "nan", "inf", ".inf", "true", "null", "~", "{a: 1}", "[1, 2]",
]
NUMBERS = st.one_of(
    st.integers(-10, 10),
    st.integers(),
    st.sampled_from([0, -1, 10**30, 10**400, 2806, 0.0, -0.0, 1e308, -1e-300, 1.5]),
    st.floats(allow_nan=True, allow_infinity=True),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, st.sampled_from(NASTY_TEXT),
                    st.text(max_size=30))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["value", "period", "id", "kind", "x", ""]), inner,
                        max_size=3),
    ),
    max_leaves=6,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data`` (keys and list indexes)."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(BASE)


def _apply(data: Any, path: tuple[Any, ...], action: str, value: Any) -> None:
    *parents, last = path
    holder = data
    for step in parents:
        holder = holder[step]
    if action == "delete":
        del holder[last]
    elif action == "add" and isinstance(holder[last], dict):
        holder[last]["extra" if value is None else str(value)[:20]] = value
    else:
        holder[last] = value


def _like(value: Any) -> st.SearchStrategy[Any]:
    """Values of the same type as ``value``: changes a loader may well accept."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, (int, float)):
        return st.one_of(NUMBERS, st.floats(0, 1e7), st.floats(-0.99, 0.99))
    if isinstance(value, str):
        return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=30))
    return VALUES


@st.composite
def strategy_data(draw: st.DrawFn) -> dict[str, Any]:
    """The minimal strategy with one to three random changes: a value replaced by one of
    its own type (often accepted) or by anything, a key deleted or added."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        action = draw(st.sampled_from(["alike", "alike", "alike", "replace", "delete", "add"]))
        holder = data
        for step in path:
            holder = holder[step]
        if action == "alike":
            _apply(data, path, "replace", draw(_like(holder)))
        else:
            _apply(data, path, action, draw(VALUES))
    return data


YAML_PIECES = st.sampled_from([
    "cdrpkit: 1\n", "id: x\n", "title: t\n", "&a [*a]\n", "a: &a [1, 2]\nb: [*a, *a]\n",
    "!!python/object:os.system\n", "!!int zz\n", "<<: {a: 1}\n", "- include: x.yaml\n",
    "- include: ../x\n", "[" * 30, "]" * 30, "{", "}", ":", "- ", "  ", "\t", "\n",
    "? [a]\n: 1\n", "%YAML 1.1\n---\n", "--- !tag\n", "value: 1" + "0" * 50 + "\n",
    "'unterminated\n", '"\\x00"\n', "\ufeff", "a: *missing\n", "key: value\nkey: again\n",
])


@st.composite
def yaml_text(draw: st.DrawFn) -> str:
    """Text that is sometimes YAML: pieces known to trouble readers, and random text."""
    parts = draw(st.lists(st.one_of(YAML_PIECES, st.text(max_size=20)), max_size=12))
    return "".join(parts)


COLUMNS = ["partnership", "indicator", "target", "period", "value", "unit", "source", "status"]
GOOD_ROW = {"partnership": "demo", "indicator": "domestic-burglary", "target": "",
            "period": "2005/06", "value": "2700", "unit": "offence", "source": "police",
            "status": "actual"}
CELLS = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.sampled_from(["2005/06", "2006/07-Q2", "2006-07", "demo", "domestic-burglary",
                     "burglary.t1", "2700", "19.4", "-5", "1e5", "actual", "stated"]),
    st.text(max_size=20),
)


@st.composite
def observation_rows(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header (sometimes with a column missing, repeated or added) and rows that are
    mostly good, with random cells changed."""
    header = list(COLUMNS)
    change = draw(st.sampled_from(["none"] * 6 + ["drop", "repeat", "add"]))
    if change == "drop":
        header.remove(draw(st.sampled_from(COLUMNS)))
    elif change == "repeat":
        header.append(draw(st.sampled_from(COLUMNS)))
    elif change == "add":
        header.append(draw(st.sampled_from(["revision", "denominator", "note", ""])))
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = [GOOD_ROW.get(column, "") for column in header]
        for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2]))):
            row[draw(st.integers(0, len(row) - 1))] = draw(CELLS)
        rows.append(row)
    return header, rows
