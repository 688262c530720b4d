"""Change arithmetic: compound and linear yearly change, for one number or whole arrays.

Every formula for a change over years is here, written once. Each function takes plain
floats or numpy arrays alike (only arithmetic operators are used), so a target kind, a
checker rule, the assessment and the comparison of ambitions all compute with the same
code.
"""

from __future__ import annotations

from typing import Literal

ChangeModel = Literal["compound", "linear"]

__all__ = ["ChangeModel", "compound", "implied_annual_change", "interpolate", "linear"]


def compound(value: float, annual_change: float, years: float) -> float:
    """``value`` after ``years`` years of a compound yearly change: v0 (1 + r)^n.

    >>> round(compound(2806, -0.06, 3), 1)
    2330.6
    """
    return float(value * (1.0 + annual_change) ** years)


def linear(value: float, annual_change: float, years: float) -> float:
    """``value`` after ``years`` years of a linear yearly change of the baseline: v0 (1 + r n).

    >>> round(linear(2806, -0.06, 3), 2)
    2300.92
    """
    return value * (1.0 + annual_change * years)


def implied_annual_change(start: float, end: float, years: float) -> float:
    """The compound yearly change that takes ``start`` to ``end`` in ``years`` years.

    >>> round(implied_annual_change(318, 270, 3), 4)
    -0.0531
    """
    if start <= 0 or years <= 0:
        raise ValueError("implied_annual_change needs a positive start and a positive span")
    return float((end / start) ** (1.0 / years) - 1.0)


def interpolate(start: float, end: float, step: int, steps: int, model: ChangeModel) -> float:
    """The value ``step`` of ``steps`` years on from ``start`` towards ``end``.

    ``compound`` keeps the yearly ratio constant (the natural reading of a total change
    spread over years); ``linear`` keeps the yearly difference constant.

    >>> round(interpolate(318, 270, 1, 3, "compound"), 1)
    301.1
    >>> interpolate(23.0, 26.0, 1, 3, "linear")
    24.0
    """
    if step >= steps:
        return end
    if model == "linear" or start <= 0:
        return start + (end - start) * step / steps
    return float(start * (end / start) ** (step / steps))

