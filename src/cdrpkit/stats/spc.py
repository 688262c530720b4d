"""Statistical process control for monthly or quarterly series: the XmR chart.

Implements NHS England's "Making Data Count" conventions for an XmR (individuals and
moving range) chart, whose constants 2.66 and 3.267 come from Wheeler's individuals
chart (Wheeler & Chambers 1992). One series at a time; within it everything is numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view
from numpy.typing import NDArray

from cdrpkit.stats._validate import (
    BoolArray,
    FloatArray,
    StrArray,
    as_str,
    fail,
    floats,
    polarity,
    refuse,
)

__all__ = [
    "CONSISTENTLY_FAILING",
    "CONSISTENTLY_PASSING",
    "INCONSISTENT",
    "RULES",
    "TRIAL_LIMITS_WARNING",
    "Rebase",
    "XmRResult",
    "assurance",
    "variation",
    "xmr",
]

LIMIT_FACTOR = 2.66
SCREEN_FACTOR = 3.267
NEAR_FRACTION = 2.0 / 3.0
RUN_LENGTH = 7
MIN_POINTS = 12
TRIAL_LIMITS_WARNING = "fewer than 12 points: trial limits"
#: Special-cause rules in order of precedence; ``XmRResult.special_cause`` is 1-based.
RULES = ("beyond a process limit", "trend of 7", "two of three near a limit", "run of 7")

CONSISTENTLY_PASSING = "consistently passing"
CONSISTENTLY_FAILING = "consistently failing"
INCONSISTENT = "inconsistent"


@dataclass(frozen=True)
class Rebase:
    """A recalculation of the limits from point ``index`` on, for a recorded cause."""

    index: int
    cause: str


@dataclass(frozen=True, eq=False)
class XmRResult:
    """An XmR chart: per-point centre line, limits and special-cause flags.

    Every array has one element per point. Centre line and limits are per point because
    a rebase gives each segment its own. ``moving_ranges`` is NaN at the first point of
    each segment (no range crosses a rebase); ``moving_range_used`` marks the ranges
    that entered the final ``amr`` (in the baseline and not screened out).
    ``rule_1`` to ``rule_4`` flag the points caught by each rule (see :data:`RULES`);
    ``special_cause`` is the number of the highest-precedence rule catching a point (0
    for none) and ``direction`` its side: +1 above the mean or rising, -1 below or
    falling, 0 none.
    """

    values: FloatArray
    mean: FloatArray
    moving_ranges: FloatArray
    moving_range_used: BoolArray
    amr: FloatArray
    upper_limit: FloatArray
    lower_limit: FloatArray
    upper_near: FloatArray
    lower_near: FloatArray
    rule_1: BoolArray
    rule_2: BoolArray
    rule_3: BoolArray
    rule_4: BoolArray
    special_cause: NDArray[np.int8]
    direction: NDArray[np.int8]
    segment: NDArray[np.intp]
    rebases: tuple[Rebase, ...]
    warnings: tuple[str, ...]


def _runs(mask: BoolArray, length: int) -> BoolArray:
    """Elements of ``mask`` inside a run of at least ``length`` consecutive True."""
    if len(mask) < length:
        return np.zeros(len(mask), dtype=np.bool_)
    starts = sliding_window_view(mask, length).all(axis=-1).astype(np.int64)
    # Element p lies in the window starting at j for j = p - length + 1 .. p.
    covered = np.convolve(starts, np.ones(length, dtype=np.int64))[: len(mask)]
    return covered > 0


def _trend(diffs_mask: BoolArray) -> BoolArray:
    """Points inside a run of RUN_LENGTH points joined by RUN_LENGTH - 1 such steps."""
    steps = _runs(diffs_mask, RUN_LENGTH - 1)
    points = np.zeros(len(diffs_mask) + 1, dtype=np.bool_)
    points[1:] |= steps
    points[:-1] |= steps
    return points


def _two_of_three(mask: BoolArray) -> BoolArray:
    """Points of ``mask`` in some three consecutive points holding at least two of them."""
    padded = np.concatenate(([False], mask, [False]))
    qualifies = sliding_window_view(padded, 3).sum(axis=-1) >= 2
    # Window i covers points i-1 .. i+1, so point p is covered by windows p-1 .. p+1,
    # which element p + 1 of the full convolution sums.
    full = np.convolve(qualifies.astype(np.int64), np.ones(3, dtype=np.int64))
    covered = full[1 : len(mask) + 1]
    return mask & (covered > 0)


def _rebases(rebase_at: Sequence[tuple[int, str]], n: int) -> tuple[Rebase, ...]:
    out = []
    for item in rebase_at:
        index, cause = item
        if isinstance(index, bool) or not isinstance(index, (int, np.integer)):
            refuse("rebase_at", f"rebase index must be a whole number, got {index!r}")
        if not 1 <= index < n:
            refuse("rebase_at", f"rebase index {index} must be between 1 and {n - 1}")
        if not isinstance(cause, str) or not cause.strip():
            refuse("rebase_at", f"rebase at {index} needs a recorded cause, got {cause!r}")
        out.append(Rebase(int(index), cause.strip()))
    out.sort(key=lambda r: r.index)
    if len({r.index for r in out}) != len(out):
        refuse("rebase_at", "two rebases at the same point")
    return tuple(out)


def xmr(
    values: npt.ArrayLike,
    baseline_points: int | None = None,
    rebase_at: Sequence[tuple[int, str]] = (),
) -> XmRResult:
    """Compute an XmR chart with the four special-cause rules of "Making Data Count".

    Centre line: the mean of the baseline (the first ``baseline_points`` of each segment,
    all of it when None). Moving ranges MR_i = |x_i - x_(i-1)|; the average moving range
    AMR over the baseline is computed, ranges >= 3.267 AMR are screened out and AMR is
    recomputed once from the rest (when AMR is 0 nothing is screened). Process limits:
    mean +/- 2.66 AMR; near-limit lines: mean +/- (2/3)(2.66 AMR). (NHS England and NHS
    Improvement, *Making Data Count*; Wheeler & Chambers 1992.)

    Rules, in order of precedence, each flagging every point it catches:

    1. a point strictly beyond a process limit (a point exactly on a limit is not);
    2. a run of 7 points each strictly above (rising) or below (falling) the one before;
       an equal neighbour breaks it;
    3. two of three consecutive points strictly beyond the same near-limit line (points
       beyond the process limit count too); the qualifying points are flagged, not the
       third;
    4. a run of 7 points strictly on one side of the mean; a point exactly on the mean is
       on neither side and breaks the run.

    Runs never cross a rebase. Rebasing happens only at the indices the user gives in
    ``rebase_at``, each with its recorded cause: ``[(12, "new recording standard")]``
    starts a new segment, with its own baseline and limits, at point 12. Nothing is
    rebased automatically. Where a segment's baseline has fewer than 12 points the
    ``warnings`` say its limits are trial limits. Values must be finite (no gaps).

    >>> chart = xmr([10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30])
    >>> print(f"{chart.mean[0]:.2f} {chart.upper_limit[0]:.2f} {chart.special_cause[-1]}")
    13.08 16.81 1
    >>> xmr([5, 6, 5, 7]).warnings
    ('fewer than 12 points: trial limits',)
    """
    x = floats("values", values)
    if x.ndim != 1:
        refuse("values", f"xmr takes one series (a 1-D array), got shape {x.shape}")
    if np.isnan(x).any():
        fail("values", x, np.isnan(x), "must be present: an XmR chart needs every point")
    n = len(x)
    if baseline_points is not None and (isinstance(baseline_points, bool) or baseline_points < 2):
        refuse("baseline_points", f"must be 2 or more, got {baseline_points!r}")
    rebases = _rebases(rebase_at, n)
    bounds = [0, *(r.index for r in rebases), n]

    mean = np.empty(n)
    amr = np.empty(n)
    mr = np.full(n, np.nan)
    used = np.zeros(n, dtype=np.bool_)
    segment = np.empty(n, dtype=np.intp)
    rules = [np.zeros(n, dtype=np.bool_) for _ in RULES]
    sides = [np.zeros(n, dtype=np.int8) for _ in RULES]
    warnings: list[str] = []
    for number, (start, stop) in enumerate(pairwise(bounds)):
        seg = x[start:stop]
        k = len(seg) if baseline_points is None else min(baseline_points, len(seg))
        if k < 2:
            refuse(
                "values",
                f"the segment starting at point {start} has {len(seg)} point(s); "
                "limits need at least 2",
            )
        if k < MIN_POINTS:
            warnings.append(
                TRIAL_LIMITS_WARNING
                if start == 0
                else f"{TRIAL_LIMITS_WARNING} (segment from point {start})"
            )
        ranges = np.abs(np.diff(seg))
        base = ranges[: k - 1]
        first = base.mean()
        keep = base < SCREEN_FACTOR * first if first > 0 else np.ones(len(base), np.bool_)
        centre = seg[:k].mean()
        average = base[keep].mean()
        mean[start:stop] = centre
        amr[start:stop] = average
        mr[start + 1 : stop] = ranges
        used[start + 1 : start + k] = keep
        segment[start:stop] = number

        width = LIMIT_FACTOR * average
        high, low = seg > centre + width, seg < centre - width
        rules[0][start:stop] = high | low
        sides[0][start:stop] = np.where(high, 1, np.where(low, -1, 0))
        steps = np.diff(seg)
        rising, falling = _trend(steps > 0), _trend(steps < 0)
        rules[1][start:stop] = rising | falling
        sides[1][start:stop] = np.where(rising, 1, np.where(falling, -1, 0))
        near = NEAR_FRACTION * width
        near_high = _two_of_three(seg > centre + near)
        near_low = _two_of_three(seg < centre - near)
        rules[2][start:stop] = near_high | near_low
        sides[2][start:stop] = np.where(near_high, 1, np.where(near_low, -1, 0))
        above, below = _runs(seg > centre, RUN_LENGTH), _runs(seg < centre, RUN_LENGTH)
        rules[3][start:stop] = above | below
        sides[3][start:stop] = np.where(above, 1, np.where(below, -1, 0))

    flags = np.stack(rules)
    caught = flags.any(axis=0)
    first_rule = np.argmax(flags, axis=0)
    special_cause = np.where(caught, first_rule + 1, 0).astype(np.int8)
    direction = np.where(caught, np.stack(sides)[first_rule, np.arange(n)], 0).astype(np.int8)
    width = LIMIT_FACTOR * amr
    return XmRResult(
        values=x,
        mean=mean,
        moving_ranges=mr,
        moving_range_used=used,
        amr=amr,
        upper_limit=mean + width,
        lower_limit=mean - width,
        upper_near=mean + NEAR_FRACTION * width,
        lower_near=mean - NEAR_FRACTION * width,
        rule_1=rules[0],
        rule_2=rules[1],
        rule_3=rules[2],
        rule_4=rules[3],
        special_cause=special_cause,
        direction=direction,
        segment=segment,
        rebases=rebases,
        warnings=tuple(warnings),
    )


def variation(chart: XmRResult, higher_is_better: bool) -> StrArray:
    """Name each point's variation as "Making Data Count" icons do.

    ``"improvement"`` or ``"concern"`` for a special cause on the good or bad side (by
    the direction of the highest-precedence rule), ``"common cause"`` otherwise.

    >>> print(variation(xmr([10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30]), False)[-1])
    concern
    """
    good = 1 if bool(polarity(higher_is_better)) else -1
    out = np.where(chart.direction == good, "improvement", "concern")
    return as_str(np.where(chart.special_cause == 0, "common cause", out))


def assurance(chart: XmRResult, target: float, higher_is_better: bool) -> str:
    """Whether the process, as it stands at its latest point, reliably meets a target.

    With the latest point's process limits (NHS England, Making Data Count): a target
    strictly beyond the limit on the good side (above the upper limit where lower is
    better) is ``"consistently passing"``; strictly beyond the limit on the bad side,
    ``"consistently failing"``; otherwise, including a target exactly on a limit,
    ``"inconsistent"``: the process will hit or miss it by chance.

    >>> chart = xmr([10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11])
    >>> assurance(chart, 20, higher_is_better=False), assurance(chart, 12, False)
    ('consistently passing', 'inconsistent')
    """
    goal = float(target)
    if not np.isfinite(goal):
        refuse("target", f"must be a finite number, got {target!r}")
    good_high = bool(polarity(higher_is_better))
    upper, lower = float(chart.upper_limit[-1]), float(chart.lower_limit[-1])
    below_all, above_all = goal < lower, goal > upper
    if below_all:
        return CONSISTENTLY_PASSING if good_high else CONSISTENTLY_FAILING
    if above_all:
        return CONSISTENTLY_FAILING if good_high else CONSISTENTLY_PASSING
    return INCONSISTENT
