"""Input checks shared by the statistics modules (private).

Every check works on whole arrays and reports the first few bad elements by index, so a
monitoring run over thousands of series says which value was wrong without a loop.
Missing values (NaN) are not errors: they pass through and give NaN results.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn, TypeAlias

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray
from scipy import special

from cdrpkit.errors import InputError, Problem

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
StrArray = NDArray[np.str_]
#: A polarity: True where higher is better, False where lower is, None where neither is
#: (neutral: only special cause or a difference is reported). Plain bools and None only,
#: so 1 or "lower" is refused.
PolarityLike: TypeAlias = (
    bool | np.bool_ | NDArray[np.bool_] | NDArray[np.object_] | Sequence[bool | None] | None
)
Int8Array = NDArray[np.int8]

NO_DATA = "no data"
#: What a method that needs a good direction gives for a neutral polarity (None).
NO_DIRECTION = "no direction"
_MAX_REPORTED = 5


def as_float(value: object) -> FloatArray:
    """Return an output as a float array; 0-d for a scalar result, so the return type is honest."""
    return np.asarray(value, dtype=np.float64)


def as_str(value: object) -> StrArray:
    """Return an output as a string array; 0-d for a scalar result."""
    return np.asarray(value, dtype=np.str_)


def refuse(path: str, message: str) -> NoReturn:
    """Raise an :class:`InputError` for one bad argument."""
    raise InputError([Problem(message, path=path)], summary=f"bad {path}:")


def fail(name: str, values: npt.NDArray[np.generic], bad: BoolArray, rule: str) -> NoReturn:
    """Raise an :class:`InputError` naming up to five bad elements of ``name``."""
    where = np.argwhere(bad)
    problems = []
    for index in where[:_MAX_REPORTED]:
        path = f"{name}[{', '.join(str(i) for i in index)}]" if values.ndim else name
        problems.append(Problem(f"{rule}, got {values[tuple(index)]!s}", path=path))
    if len(where) > _MAX_REPORTED:
        problems.append(Problem(f"and {len(where) - _MAX_REPORTED} more", path=name))
    raise InputError(problems, summary=f"bad {name}:")


def floats(name: str, value: npt.ArrayLike) -> FloatArray:
    """``value`` as a float array; infinities are refused, NaN (missing) is kept."""
    arr = np.asarray(value, dtype=np.float64)
    bad = np.isinf(arr)
    if bad.any():
        fail(name, arr, bad, "must be finite (use NaN for a missing value)")
    return arr


def counts(name: str, value: npt.ArrayLike) -> FloatArray:
    """Whole numbers of events, zero or more; NaN (missing) passes through.

    Non-integers are refused rather than rounded: a recorded crime count is a whole number,
    and a fractional one means a rate or an estimate was passed where a count belongs.
    """
    arr = floats(name, value)
    bad = ~np.isnan(arr) & ((arr < 0) | (arr != np.floor(arr)))
    if bad.any():
        fail(name, arr, bad, "must be a whole number of events, zero or more")
    return arr


def positive(name: str, value: npt.ArrayLike, *, allow_zero: bool = False) -> FloatArray:
    """Numbers above zero (or zero or more); NaN (missing) passes through."""
    arr = floats(name, value)
    wrong = (arr < 0) if allow_zero else (arr <= 0)
    bad = ~np.isnan(arr) & wrong
    if bad.any():
        fail(name, arr, bad, "must be zero or more" if allow_zero else "must be above zero")
    return arr


def _bad_polarity(value: object, name: str) -> NoReturn:
    raise InputError(
        [
            Problem(
                "must be True (higher is better), False (lower is better) or None (neither: "
                f"neutral); the polarity is never assumed, got {value!r}",
                path=name,
            )
        ],
        summary="bad polarity:",
    )


def direction(value: PolarityLike, name: str = "higher_is_better") -> Int8Array:
    """Polarity as +1 (higher is better), -1 (lower is better) or 0 (neutral, from None).

    Required, never defaulted, never guessed from 0/1 or text: only True, False and None
    (as scalars, bool arrays or sequences mixing them) are accepted.
    """
    if value is None:
        return np.zeros((), dtype=np.int8)
    arr = np.asarray(value)
    if arr.dtype == np.bool_:
        return np.where(arr, 1, -1).astype(np.int8)
    if arr.dtype != np.object_:
        _bad_polarity(value, name)
    flat = arr.ravel()
    out = np.zeros(flat.shape, dtype=np.int8)
    for i, item in enumerate(flat):
        if item is None:
            continue
        if not isinstance(item, (bool, np.bool_)):
            _bad_polarity(item, f"{name}[{i}]" if arr.ndim else name)
        out[i] = 1 if item else -1
    return out.reshape(arr.shape)


def polarity(value: PolarityLike, name: str = "higher_is_better") -> BoolArray:
    """Polarity as booleans, for a method that needs a good direction (no None)."""
    sign = direction(value, name)
    if (sign == 0).any():
        raise InputError(
            [Problem("must be True or False here: this method needs a good direction, "
                     f"and None (neutral) has none; got {value!r}", path=name)],
            summary="bad polarity:",
        )
    out: BoolArray = sign > 0
    return out


def check_level(level: float) -> float:
    """Check a confidence level such as 0.95 or 0.998, refusing one that looks like alpha.

    Levels below 0.5 are refused too: no monitoring output wants a 5% interval, and a
    caller passing ``0.05`` almost certainly meant alpha (the pitfall of one Python port).
    """
    try:
        lv = float(level)
    except (TypeError, ValueError):
        lv = float("nan")
    if isinstance(level, bool) or not 0.0 < lv < 1.0:
        raise InputError(
            [
                Problem(
                    f"must be a confidence strictly between 0 and 1 such as 0.95 or 0.998, "
                    f"got {level!r}",
                    path="level",
                )
            ],
            summary="bad confidence level:",
        )
    if lv < 0.5:
        raise InputError(
            [
                Problem(
                    f"is a confidence such as 0.95, not a significance level alpha; got "
                    f"{level!r} (did you mean {1 - lv:g}?)",
                    path="level",
                )
            ],
            summary="bad confidence level:",
        )
    return lv


def z_for(level: float) -> float:
    """Two-sided standard normal quantile: 1.959964 for 0.95, 3.090232 for 0.998."""
    return float(special.ndtri(0.5 + check_level(level) / 2.0))
