"""Change arithmetic: compound and linear yearly change, for one number or whole arrays.

Every formula for a change over years is here, written once. Each function takes plain
floats or numpy arrays alike (only arithmetic operators are used), so a target kind, a
checker rule, the assessment and the comparison of ambitions all compute with the same
code.
"""

from __future__ import annotations

from typing import Any, Literal

ChangeModel = Literal["compound", "linear"]

__all__ = ["ChangeModel", "compound", "implied_annual_change", "interpolate", "linear"]


def _is_array(*values: Any) -> bool:
    return any(hasattr(v, "__array__") for v in values)


def compound(value: Any, annual_change: Any, years: Any) -> Any:
    """``value`` after ``years`` years of a compound yearly change: v0 (1 + r)^n.

    >>> round(compound(2806, -0.06, 3), 1)
    2330.6
    """
    result = value * (1.0 + annual_change) ** years
    return result if _is_array(result) else float(result)


def linear(value: Any, annual_change: Any, years: Any) -> Any:
    """``value`` after ``years`` years of a linear yearly change of the baseline: v0 (1 + r n).

    >>> round(linear(2806, -0.06, 3), 2)
    2300.92
    """
    return value * (1.0 + annual_change * years)


def implied_annual_change(start: Any, end: Any, years: Any) -> Any:
    """The compound yearly change that takes ``start`` to ``end`` in ``years`` years.

    For arrays, NaN where the start or the span is not positive; for one number, a
    ``ValueError``.

    >>> round(implied_annual_change(318, 270, 3), 4)
    -0.0531
    """
    if _is_array(start, end, years):
        import numpy as np

        ok = (np.asarray(start) > 0) & (np.asarray(years) > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(ok, np.asarray(end, float) / np.where(ok, start, 1.0), np.nan)
            return np.where(ok, ratio ** (1.0 / np.where(ok, years, 1.0)) - 1.0, np.nan)
    if start <= 0 or years <= 0:
        raise ValueError("implied_annual_change needs a positive start and a positive span")
    return float((end / start) ** (1.0 / years) - 1.0)


def interpolate(start: Any, end: Any, step: Any, steps: Any, model: Any) -> Any:
    """The value ``step`` of ``steps`` years on from ``start`` towards ``end``.

    ``compound`` keeps the yearly ratio constant (the natural reading of a total change
    spread over years); ``linear`` keeps the yearly difference constant; a start or an end
    of zero (a target of no fire deaths) is always interpolated linearly, since no constant
    ratio reaches zero. For arrays, ``model`` may be an array of
    booleans (``True``: linear).

    >>> round(interpolate(318, 270, 1, 3, "compound"), 1)
    301.1
    >>> interpolate(23.0, 26.0, 1, 3, "linear")
    24.0
    """
    if _is_array(start, end, step, steps, model):
        import numpy as np

        straight = (np.asarray(model) == "linear") if np.asarray(model).dtype.kind in "UO" \
            else np.asarray(model, dtype=bool)
        start, end = np.asarray(start, float), np.asarray(end, float)
        fraction = np.asarray(step, float) / np.asarray(steps, float)
        straight = straight | ~(start > 0) | ~(end > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            line = start + (end - start) * fraction
            curve = start * (end / np.where(straight, 1.0, start)) ** fraction
        return np.where(fraction >= 1, end, np.where(straight, line, curve))
    if step >= steps:
        return end
    if model == "linear" or model is True or start <= 0 or end <= 0:
        return start + (end - start) * step / steps
    return float(start * (end / start) ** (step / steps))
