"""Computing a BVPI from its counts, and BV225's checklist completion.

Every BVPI here is ``numerator / denominator * per``: a rate per 1,000 households or per
1,000, 10,000 or 100,000 people, or a percentage (``per`` 100). The indicator's own
``per`` is used, so a caller cannot mix up "per 1,000" and "per 100,000".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from cdrpkit.errors import CdrpkitError, NotFoundError
from cdrpkit.model import Indicator
from cdrpkit_bvpi.definitions import BV225_POINTS, INDICATORS

_BY_ID = {i.id: i for i in INDICATORS}


class ComputeError(CdrpkitError, ValueError):
    """Counts that cannot give an indicator value (a negative count, a zero population)."""


def indicator(indicator_id: str) -> Indicator:
    """The BVPI with this id; :class:`~cdrpkit.errors.NotFoundError` lists the known ids.

    >>> indicator("BV126").unit
    'offence / kilohousehold'
    """
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        known = ", ".join(_BY_ID)
        raise NotFoundError(f"unknown BVPI {indicator_id!r} (known: {known})") from None


def _per(ind: Indicator) -> int:
    if ind.per is None:  # every BVPI here has one; a guard for edited data
        raise ComputeError(f"{ind.id} has no 'per': it is not computed from counts")
    return ind.per


def compute(indicator_id: str, numerator: float, denominator: float) -> float:
    """The value of a BVPI from its numerator count and its denominator.

    :param indicator_id: ``BV126``, ``BV128``, ``BV175``...
    :param numerator: the count (burglaries, incidents, points met), not negative.
    :param denominator: households, population or the count the percentage is of;
        positive.
    :return: the value in the indicator's unit (per 1,000 households for BV126).
    :raises ComputeError: for a negative or non-finite count, a denominator that is
        not positive, or a percentage above 100.

    >>> round(compute("BV126", 2331, 120_420), 2)  # burglaries per 1,000 households
    19.36
    >>> round(compute("BV128", 3964, 283_900), 2)  # vehicle crimes per 1,000 population
    13.96
    """
    ind = indicator(indicator_id)
    _check(ind, numerator, denominator)
    return numerator / denominator * _per(ind)


def _check(ind: Indicator, numerator: float, denominator: float) -> None:
    if not (isinstance(numerator, (int, float)) and math.isfinite(numerator) and numerator >= 0):
        raise ComputeError(
            f"{ind.id}: numerator ({ind.numerator}) must be a count of 0 or more, "
            f"not {numerator!r}"
        )
    if not (
        isinstance(denominator, (int, float)) and math.isfinite(denominator) and denominator > 0
    ):
        raise ComputeError(
            f"{ind.id}: denominator ({ind.denominator}) must be a positive number, "
            f"not {denominator!r}"
        )
    if ind.per == 100 and numerator > denominator:
        raise ComputeError(
            f"{ind.id} is a percentage: numerator {numerator!r} cannot exceed "
            f"denominator {denominator!r}"
        )


def compute_many(indicator_id: str, numerators: Any, denominators: Any) -> Any:
    """:func:`compute` over arrays (or a scalar denominator): a numpy array of values.

    The same checks as :func:`compute`, on every element; the error names the first
    bad position.

    >>> compute_many("BV127b", [977, 838], 283_900).round(2).tolist()
    [3.44, 2.95]
    """
    import numpy as np

    ind = indicator(indicator_id)
    num = np.asarray(numerators, dtype=float)
    den = np.broadcast_to(np.asarray(denominators, dtype=float), num.shape)
    for position, (n, d) in enumerate(zip(num.ravel(), den.ravel(), strict=True)):
        try:
            _check(ind, float(n), float(d))
        except ComputeError as exc:
            raise ComputeError(f"at position {position}: {exc}") from None
    return num / den * _per(ind)


def checklist_completion(
    met: Iterable[bool | None] | set[int] | frozenset[int],
    points: int = BV225_POINTS,
    *,
    unknown_as_unmet: bool = False,
) -> float:
    """The percentage of a checklist's points met (BV225: 11 points, each weighing the same).

    :param met: either one flag per point in order (``True`` met, ``False`` not met,
        ``None`` not assessed), exactly ``points`` of them; or the set of the numbers
        (1 to ``points``) of the points met.
    :param points: how many points the checklist has.
    :param unknown_as_unmet: count ``None`` (not assessed) as not met; by default a
        ``None`` is an error, since a status nobody recorded is not a "no".
    :raises ComputeError: for the wrong number of flags, a point number out of range,
        or a ``None`` when ``unknown_as_unmet`` is false.

    >>> round(checklist_completion({1, 2, 3, 4, 5, 6, 7, 8}), 1)
    72.7
    >>> checklist_completion([True] * 11)
    100.0
    """
    if points <= 0:
        raise ComputeError(f"a checklist has at least one point, not {points}")
    if isinstance(met, (set, frozenset)):
        wrong = sorted(str(n) for n in met if not isinstance(n, int) or not 1 <= n <= points)
        if wrong:
            raise ComputeError(
                f"checklist point numbers run from 1 to {points}; got {', '.join(wrong)}"
            )
        return len(met) / points * 100
    flags = list(met)
    if len(flags) != points:
        raise ComputeError(f"expected {points} checklist flags, one per point; got {len(flags)}")
    count = 0
    for number, flag in enumerate(flags, start=1):
        if flag is None:
            if not unknown_as_unmet:
                raise ComputeError(
                    f"checklist point {number} is not assessed (None); record True or "
                    "False, or pass unknown_as_unmet=True"
                )
        elif not isinstance(flag, bool):
            raise ComputeError(
                f"checklist point {number}: expected True, False or None, got {flag!r}"
            )
        elif flag:
            count += 1
    return count / points * 100
