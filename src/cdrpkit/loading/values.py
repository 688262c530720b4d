"""How each value of a strategy file is read: one definition, for both structurers.

A strategy is structured first by :mod:`cdrpkit.loading.quick` (no field paths, quick to
start) and, only when that fails, by the cattrs converter of
:mod:`cdrpkit.loading.convert` (every problem with its field path). Both read scalars,
periods, fixed choices and target kinds through the functions here, so they cannot
disagree on what a value means: numbers are never made from text (``"2,806"`` is an
error, not 2806), true is not a number, periods are parsed by :mod:`cdrpkit.periods`, and
a target's ``kind`` picks its class from the kinds the plugins declare.

>>> structure_int(2806, int)
2806
>>> structure_int("2,806", int)
Traceback (most recent call last):
TypeError: expected a whole number, got the text '2,806'
"""

from __future__ import annotations

import datetime
import math
import typing
from collections.abc import Mapping
from typing import Any

from cdrpkit.limits import MAX_FIGURE, shorten
from cdrpkit.periods import Period, parse_deadline

__all__ = [
    "KindError", "describe", "literal_value", "structure_bool", "structure_float",
    "structure_int", "structure_period", "structure_str", "target_class",
]


class KindError(ValueError):
    """A target mapping whose ``kind`` is missing or not declared by any plugin."""


def structure_str(value: Any, _t: type) -> str:
    """Text, as it is."""
    if isinstance(value, str):
        return value
    raise TypeError(f"expected text, got {describe(value)}")


def structure_int(value: Any, _t: type) -> int:
    """A whole number (a float with nothing after the point too), within the limit."""
    if isinstance(value, int) and not isinstance(value, bool):
        _within_limit(value)
        return value
    if isinstance(value, float) and value.is_integer():
        _within_limit(value)
        return int(value)
    raise TypeError(f"expected a whole number, got {describe(value)}")


def structure_float(value: Any, _t: type) -> float:
    """A finite number within the limit, as it was written (a whole number stays one)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an int beyond any float
            finite = False
        if not finite:
            raise ValueError(f"expected a finite number, got {shorten(value)} (.nan, .inf "
                             "and numbers beyond 1e308 are not figures)")
        _within_limit(value)
        return value
    raise TypeError(f"expected a number, got {describe(value)}")


def structure_bool(value: Any, _t: type) -> bool:
    """true or false, never 1 or 'yes'."""
    if isinstance(value, bool):
        return value
    raise TypeError(f"expected true or false, got {describe(value)}")


def _within_limit(value: float) -> None:
    if abs(value) > MAX_FIGURE:
        raise ValueError(f"{shorten(value)} is beyond the limit of {MAX_FIGURE:,} either way")


def structure_period(value: Any, _t: type) -> Period:
    """A period: a label ('2004/05', 'March 2008'), a year, or a date YAML read."""
    if isinstance(value, Period):
        return value
    if isinstance(value, datetime.date):
        value = value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(
            f"expected a period such as '2004/05' or 'March 2008', got {describe(value)}"
        )
    return parse_deadline(str(value))


def literal_value(value: Any, choices: tuple[Any, ...]) -> Any:
    """``value`` when it is one of ``choices`` (true is not 1), else a ValueError."""
    if isinstance(value, typing.Hashable) and value in choices and not (
        isinstance(value, bool) and value not in choices
    ):
        return value
    listed = ", ".join(str(c) for c in choices)
    raise ValueError(f"{shorten(value)} is not one of: {listed}")


def target_class(data: Any, kinds: Mapping[str, type], expected: Mapping[str, object]
                 ) -> tuple[type, dict[str, Any]]:
    """The class of a target mapping's ``kind`` and the rest of the mapping.

    ``expected`` (a strategy's ``requires``) names the plugin expected to declare each
    kind, so a target of a kind whose plugin is missing says which plugin to install.
    """
    if not isinstance(data, Mapping):
        raise TypeError(f"expected a mapping with a 'kind', got {describe(data)}")
    kind = data.get("kind")
    if kind is None:
        raise KindError(f"a target needs a 'kind' (one of: {', '.join(sorted(kinds))})")
    cls = kinds.get(kind) if isinstance(kind, str) else None
    if cls is None:
        plugin = expected.get(kind) if isinstance(kind, str) else None
        if plugin:
            raise KindError(
                f"unknown target kind {kind!r}: it comes from plugin {plugin!r}, which "
                f"is not installed (install it, for example with 'pip install {plugin}')"
            )
        raise KindError(
            f"unknown target kind {shorten(kind)} (known kinds: {', '.join(sorted(kinds))})"
        )
    return cls, {k: v for k, v in data.items() if k != "kind"}


def describe(value: Any) -> str:
    """A value as an error message names it: 'the text '2,806'', 'a list', 'nothing'."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {shorten(value)}"
    if isinstance(value, (int, float)):
        return f"the number {shorten(value)}"
    return f"{type(value).__name__} {shorten(value)}"
