"""An actual figure against an expected value (a trajectory point or a benchmark)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cdrpkit.stats._validate import NO_DATA, PolarityLike, StrArray, as_str, direction, fail, floats

__all__ = [
    "BETTER",
    "COMPARISONS",
    "DIFFERENT",
    "SAME",
    "WORSE",
    "compare_codes",
    "compare_to_expected",
]

SAME = "same"
BETTER = "better"
WORSE = "worse"
#: Significantly different where the indicator has no good direction (neutral polarity).
DIFFERENT = "different"
#: The outcomes of a comparison; :func:`compare_codes` gives positions in this tuple.
#: ``"different"`` was added last so that the earlier codes keep their positions.
COMPARISONS: tuple[str, str, str, str, str] = (SAME, BETTER, WORSE, NO_DATA, DIFFERENT)


def compare_to_expected(
    actual_lower: npt.ArrayLike,
    actual_upper: npt.ArrayLike,
    expected: npt.ArrayLike,
    higher_is_better: PolarityLike,
) -> StrArray:
    """Classify actuals against expected values by the interval overlap rule.

    If the expected value lies inside the actual's confidence interval, the two are not
    significantly different: ``"same"``. Otherwise the actual is significantly above or
    below the expected value, and that is ``"better"`` or ``"worse"`` according to the
    polarity (England's public-health profiles' benchmarking rule). The interval is
    closed: an expected value exactly on a limit counts as inside, so ``"same"``.
    ``higher_is_better`` is required (True, False or None, or an array of them,
    broadcast with the rest). None is a neutral polarity, where neither direction is
    better: a significant difference is then ``"different"``, never better or worse
    (Fingertips' "higher"/"lower" comparison for indicators without a polarity; the
    neutral icons of Making Data Count). A NaN anywhere in a row gives ``"no data"``.

    Burglary trajectory 2,806 x 0.94 = 2,637.6; an outturn of 2,700 has the 95% interval
    2,599.1 to 2,803.8, so it is 62 above the trajectory but not significantly different:

    >>> print(compare_to_expected(2599.1, 2803.8, 2806 * 0.94, higher_is_better=False))
    same
    >>> print(compare_to_expected([2599.1, 2599.1], [2803.8, 2803.8], [2900, 2500], False))
    ['better' 'worse']
    >>> print(compare_to_expected([2599.1, 2599.1], [2803.8] * 2, [2900, 2700], [None, None]))
    ['different' 'same']
    """
    table = np.array(COMPARISONS, dtype=np.str_)
    return as_str(table[compare_codes(actual_lower, actual_upper, expected, higher_is_better)])


def compare_codes(
    actual_lower: npt.ArrayLike,
    actual_upper: npt.ArrayLike,
    expected: npt.ArrayLike,
    higher_is_better: PolarityLike,
) -> npt.NDArray[np.int8]:
    """:func:`compare_to_expected` as positions in :data:`COMPARISONS` (0 ``"same"``, 1
    ``"better"``, 2 ``"worse"``, 3 ``"no data"``, 4 ``"different"``), for tables too
    large for strings.

    >>> print(compare_codes([2599.1, 2599.1, 2599.1], [2803.8] * 3, [2637.6, 2900, 2500], False))
    [0 1 2]
    >>> print(compare_codes([2599.1, 2599.1], [2803.8] * 2, [2637.6, 2900], None))
    [0 4]
    """
    lo = floats("actual_lower", actual_lower)
    hi = floats("actual_upper", actual_upper)
    lo, hi = np.broadcast_arrays(lo, hi)
    inverted = lo > hi
    if inverted.any():
        fail("actual_lower", lo, inverted, "must not exceed actual_upper")
    exp = floats("expected", expected)
    sign = direction(higher_is_better)
    lo, hi, exp, sign = np.broadcast_arrays(lo, hi, exp, sign)
    # Codes by position sign + 1 (lower better, neutral, higher better) when the actual
    # is significantly above the expected value, and when it is significantly below.
    above = np.array([2, 4, 1], dtype=np.int8)[sign + 1]
    below = np.array([1, 4, 2], dtype=np.int8)[sign + 1]
    out = np.where(exp < lo, above, np.where(exp > hi, below, np.int8(0)))
    missing = np.isnan(lo) | np.isnan(hi) | np.isnan(exp)
    codes: npt.NDArray[np.int8] = np.where(missing, np.int8(3), out).astype(np.int8)
    return codes
