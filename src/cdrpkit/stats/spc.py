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
    NO_DIRECTION,
    BoolArray,
    FloatArray,
    PolarityLike,
    StrArray,
    as_str,
    direction,
    fail,
    floats,
    refuse,
)

__all__ = [
    "COMMON_CAUSE",
    "CONCERN",
    "CONSISTENTLY_FAILING",
    "CONSISTENTLY_PASSING",
    "IMPROVEMENT",
    "INCONSISTENT",
    "RULES",
    "SPECIAL_CAUSE_HIGH",
    "SPECIAL_CAUSE_LOW",
    "TRIAL_LIMITS_WARNING",
    "VARIATIONS",
    "Rebase",
    "XmRResult",
    "assurance",
    "variation",
    "xmr",
    "xmr_batch",
]

LIMIT_FACTOR = 2.66
SCREEN_FACTOR = 3.267
NEAR_FRACTION = 2.0 / 3.0
RUN_LENGTH = 7
MIN_POINTS = 12
TRIAL_LIMITS_WARNING = "fewer than 12 points: trial limits"
#: Special-cause rules in order of precedence; ``XmRResult.special_cause`` is 1-based.
RULES = ("beyond a process limit", "trend of 7", "two of three near a limit", "run of 7")

IMPROVEMENT = "improvement"
CONCERN = "concern"
COMMON_CAUSE = "common cause"
SPECIAL_CAUSE_HIGH = "special cause (high)"
SPECIAL_CAUSE_LOW = "special cause (low)"
#: The names :func:`variation` gives a point, judged then neutral.
VARIATIONS = (IMPROVEMENT, CONCERN, COMMON_CAUSE, SPECIAL_CAUSE_HIGH, SPECIAL_CAUSE_LOW)

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

    def series(self, index: int) -> XmRResult:
        """The chart of one series of a batch from :func:`xmr_batch` (its row ``index``).

        >>> batch = xmr_batch([[5, 6, 5, 7], [1, 2, 3, 9]])
        >>> print(batch.series(1).special_cause, batch.series(1).warnings)
        [0 0 0 0] ('fewer than 12 points: trial limits',)
        """
        if self.values.ndim != 2:
            refuse("index", "series() reads a batch of charts from xmr_batch; this is one chart")
        return XmRResult(**{
            name: getattr(self, name)[index] if name not in ("rebases", "warnings")
            else getattr(self, name)
            for name in self.__dataclass_fields__
        })


def _runs(mask: BoolArray, length: int) -> BoolArray:
    """Elements of ``mask`` inside a run of at least ``length`` consecutive True, along
    the last axis (each row of a 2-D array is a series of its own)."""
    n = mask.shape[-1]
    if n < length:
        return np.zeros(mask.shape, dtype=np.bool_)
    starts = sliding_window_view(mask, length, axis=-1).all(axis=-1)
    # Element p lies in a window starting at j for j = p - length + 1 .. p: count the
    # windows that start in that range from a running total.
    total = np.cumsum(starts, axis=-1, dtype=np.int64)
    padded = np.zeros((*mask.shape[:-1], n + 1), dtype=np.int64)
    padded[..., 1 : starts.shape[-1] + 1] = total
    padded[..., starts.shape[-1] + 1 :] = total[..., -1:]
    upto = padded[..., 1:]
    before = np.zeros(mask.shape, dtype=np.int64)
    before[..., length:] = padded[..., 1 : n - length + 1]
    covered: BoolArray = (upto - before) > 0
    return covered


def _trend(diffs_mask: BoolArray) -> BoolArray:
    """Points inside a run of RUN_LENGTH points joined by RUN_LENGTH - 1 such steps."""
    steps = _runs(diffs_mask, RUN_LENGTH - 1)
    points = np.zeros((*diffs_mask.shape[:-1], diffs_mask.shape[-1] + 1), dtype=np.bool_)
    points[..., 1:] |= steps
    points[..., :-1] |= steps
    return points


def _two_of_three(close: BoolArray, side: BoolArray) -> BoolArray:
    """Points of ``close`` inside three consecutive points that all lie on ``side`` of
    the mean and hold at least two ``close`` points, along the last axis.

    As NHSRplotthedots does (``ptd_two_in_three``): only whole windows of three points
    count, so a window reaching past either end of the series (or segment) never does.
    """
    n = close.shape[-1]
    if n < 3:
        return np.zeros(close.shape, dtype=np.bool_)
    enough = sliding_window_view(close, 3, axis=-1).sum(axis=-1) >= 2
    one_side = sliding_window_view(side, 3, axis=-1).all(axis=-1)
    qualifies = enough & one_side
    # Window j covers points j .. j+2, so point p is covered by windows p-2 .. p.
    pad = np.zeros((*close.shape[:-1], 2), dtype=np.bool_)
    around = np.concatenate((pad, qualifies, pad), axis=-1)
    covered = around[..., :-2] | around[..., 1:-1] | around[..., 2:]
    out: BoolArray = close & covered
    return out


@dataclass(frozen=True, eq=False)
class _Segment:
    """One segment's chart for many series at once (rows): see :func:`_segment`."""

    mean: FloatArray
    amr: FloatArray
    ranges: FloatArray
    used: BoolArray
    rules: tuple[BoolArray, BoolArray, BoolArray, BoolArray]
    sides: tuple[NDArray[np.int8], NDArray[np.int8], NDArray[np.int8], NDArray[np.int8]]


def _sided(up: BoolArray, down: BoolArray) -> NDArray[np.int8]:
    return np.where(up, 1, np.where(down, -1, 0)).astype(np.int8)


def _segment(seg: FloatArray, k: int) -> _Segment:
    """Centre, AMR and the four rules for each row of ``seg`` (rows x points), with the
    first ``k`` points of each row as the baseline."""
    ranges = np.abs(np.diff(seg, axis=-1))
    base = ranges[:, : k - 1]
    first = base.mean(axis=-1, keepdims=True)
    # Screen ranges of 3.267 AMR or more out (nothing is screened when AMR is 0).
    keep = np.where(first > 0, base < SCREEN_FACTOR * first, True)
    centre = seg[:, :k].mean(axis=-1, keepdims=True)
    average = (base * keep).sum(axis=-1, keepdims=True) / keep.sum(axis=-1, keepdims=True)
    width = LIMIT_FACTOR * average
    high, low = seg > centre + width, seg < centre - width
    steps = np.diff(seg, axis=-1)
    rising, falling = _trend(steps > 0), _trend(steps < 0)
    near = NEAR_FRACTION * width
    above_mean, below_mean = seg > centre, seg < centre
    # "Close to a limit": beyond the near line but not beyond the process limit, which is
    # rule 1's (NHSRplotthedots' close_to_limits).
    near_high = _two_of_three((seg > centre + near) & ~high, above_mean)
    near_low = _two_of_three((seg < centre - near) & ~low, below_mean)
    above, below = _runs(above_mean, RUN_LENGTH), _runs(below_mean, RUN_LENGTH)
    return _Segment(
        mean=centre[:, 0], amr=average[:, 0], ranges=ranges, used=keep,
        rules=(high | low, rising | falling, near_high | near_low, above | below),
        sides=(_sided(high, low), _sided(rising, falling), _sided(near_high, near_low),
               _sided(above, below)),
    )


def _special_causes(rules: Sequence[BoolArray], sides: Sequence[NDArray[np.int8]]
                    ) -> tuple[NDArray[np.int8], NDArray[np.int8]]:
    """The highest-precedence rule catching each point (1-based, 0 none) and its side."""
    flags = np.stack(rules)
    caught = flags.any(axis=0)
    first_rule = np.argmax(flags, axis=0)
    special = np.where(caught, first_rule + 1, 0).astype(np.int8)
    side = np.take_along_axis(np.stack(sides), first_rule[None], axis=0)[0]
    return special, np.where(caught, side, 0).astype(np.int8)


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
    all of it when None). Moving ranges ``MR_i = abs(x_i - x_(i-1))``; the average moving range
    AMR over the baseline is computed, ranges >= 3.267 AMR are screened out and AMR is
    recomputed once from the rest (when AMR is 0 nothing is screened). Process limits:
    mean +/- 2.66 AMR; near-limit lines: mean +/- (2/3)(2.66 AMR). (NHS England and NHS
    Improvement, *Making Data Count*; Wheeler & Chambers 1992.)

    Rules, in order of precedence, each flagging every point it catches:

    1. a point strictly beyond a process limit (a point exactly on a limit is not);
    2. a run of 7 points each strictly above (rising) or below (falling) the one before;
       an equal neighbour breaks it;
    3. two of three consecutive points close to a process limit on the same side: three
       consecutive points all strictly on one side of the mean, at least two of them
       strictly beyond the near-limit line on that side and not beyond the process limit
       (a point beyond the limit is rule 1's and does not count here); the close points
       are flagged, not the third. This is NHSRplotthedots' rule (``ptd_two_in_three``
       over ``close_to_limits``, version 0.2.2 and later): a point on the other side of
       the mean, or exactly on it, breaks the window, and only whole windows of three
       count;
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
        one = _segment(seg[None, :], k)
        mean[start:stop] = one.mean[0]
        amr[start:stop] = one.amr[0]
        mr[start + 1 : stop] = one.ranges[0]
        used[start + 1 : start + k] = one.used[0]
        segment[start:stop] = number
        for i in range(len(RULES)):
            rules[i][start:stop] = one.rules[i][0]
            sides[i][start:stop] = one.sides[i][0]

    special_cause, direction = _special_causes(rules, sides)
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


def xmr_batch(values: npt.ArrayLike, baseline_points: int | None = None) -> XmRResult:
    """XmR charts of many series of the same length at once, one per row of ``values``.

    The same chart as :func:`xmr` for each row (the same mean, moving ranges, screening,
    limits and four rules; tested against it), computed for all rows together: for the
    thousands of quarterly series of many partnerships. There is no rebasing here: chart
    a series with a recorded cause on its own with :func:`xmr`. Every array of the result
    has one row per series; ``rebases`` is empty and ``warnings`` apply to every row.
    :meth:`XmRResult.series` gives one row's chart.

    >>> batch = xmr_batch([[10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30],
    ...                    [10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11]])
    >>> print(batch.special_cause[:, -1], batch.upper_limit[:, -1].round(2))
    [1 0] [16.81 15.13]
    """
    x = floats("values", values)
    if x.ndim != 2:
        refuse("values", f"xmr_batch takes series as the rows of a 2-D array, got shape {x.shape}")
    if np.isnan(x).any():
        fail("values", x, np.isnan(x), "must be present: an XmR chart needs every point")
    m, n = x.shape
    if baseline_points is not None and (isinstance(baseline_points, bool) or baseline_points < 2):
        refuse("baseline_points", f"must be 2 or more, got {baseline_points!r}")
    k = n if baseline_points is None else min(baseline_points, n)
    if k < 2:
        refuse("values", f"each series has {n} point(s); limits need at least 2")
    one = _segment(x, k)
    special_cause, direction = _special_causes(one.rules, one.sides)
    mean = np.repeat(one.mean[:, None], n, axis=1)
    amr = np.repeat(one.amr[:, None], n, axis=1)
    width = LIMIT_FACTOR * amr
    mr = np.full((m, n), np.nan)
    mr[:, 1:] = one.ranges
    used = np.zeros((m, n), dtype=np.bool_)
    used[:, 1:k] = one.used
    return XmRResult(
        values=x, mean=mean, moving_ranges=mr, moving_range_used=used, amr=amr,
        upper_limit=mean + width, lower_limit=mean - width,
        upper_near=mean + NEAR_FRACTION * width, lower_near=mean - NEAR_FRACTION * width,
        rule_1=one.rules[0], rule_2=one.rules[1], rule_3=one.rules[2], rule_4=one.rules[3],
        special_cause=special_cause, direction=direction,
        segment=np.zeros((m, n), dtype=np.intp), rebases=(),
        warnings=(TRIAL_LIMITS_WARNING,) if k < MIN_POINTS else (),
    )


def variation(chart: XmRResult, higher_is_better: PolarityLike) -> StrArray:
    """Name each point's variation as "Making Data Count" icons do.

    ``"improvement"`` or ``"concern"`` for a special cause on the good or bad side (by
    the direction of the highest-precedence rule), ``"common cause"`` otherwise. Where
    the polarity is None (neutral: neither direction is better) a special cause is only
    ``"special cause (high)"`` or ``"special cause (low)"``, as the neutral (purple)
    icons of Making Data Count and NHSRplotthedots' ``special_cause_neutral_high`` and
    ``_low`` show it. For a batch from :func:`xmr_batch`, ``higher_is_better`` may give
    one polarity per series.

    >>> chart = xmr([10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 30])
    >>> print(variation(chart, False)[-1], "|", variation(chart, None)[-1])
    concern | special cause (high)
    """
    good = direction(higher_is_better)
    if chart.direction.ndim == 2 and good.ndim == 1:
        good = good[:, None]
    judged = np.where(chart.direction == good, IMPROVEMENT, CONCERN)
    neutral = np.where(chart.direction > 0, SPECIAL_CAUSE_HIGH, SPECIAL_CAUSE_LOW)
    out = np.where(good == 0, neutral, judged)
    return as_str(np.where(chart.special_cause == 0, COMMON_CAUSE, out))


def assurance(chart: XmRResult, target: npt.ArrayLike,
              higher_is_better: PolarityLike) -> str | StrArray:
    """Whether the process, as it stands at its latest point, reliably meets a target.

    With the latest point's process limits (NHS England, Making Data Count): a target
    strictly beyond the limit on the good side (above the upper limit where lower is
    better) is ``"consistently passing"``; strictly beyond the limit on the bad side,
    ``"consistently failing"``; otherwise, including a target exactly on a limit,
    ``"inconsistent"``: the process will hit or miss it by chance. A neutral polarity
    (None) has no side to pass on: ``"no direction"``, as NHSRplotthedots gives no
    assurance for a neutral improvement direction. For a batch from :func:`xmr_batch`,
    give one target and polarity per series: the answer is an array.

    >>> chart = xmr([10, 12, 11, 13, 12, 11, 10, 12, 11, 13, 12, 11])
    >>> assurance(chart, 20, higher_is_better=False), assurance(chart, 12, False)
    ('consistently passing', 'inconsistent')
    >>> assurance(chart, 20, higher_is_better=None)
    'no direction'
    """
    goal = floats("target", target)
    if np.isnan(goal).any():
        refuse("target", f"must be a finite number, got {target!r}")
    sign = direction(higher_is_better)
    good_high, good_low = sign > 0, sign < 0
    upper, lower = chart.upper_limit[..., -1], chart.lower_limit[..., -1]
    below_all, above_all = goal < lower, goal > upper
    passing = (below_all & good_high) | (above_all & good_low)
    failing = (below_all & good_low) | (above_all & good_high)
    out = as_str(np.select([sign == 0, passing, failing],
                           [NO_DIRECTION, CONSISTENTLY_PASSING, CONSISTENTLY_FAILING],
                           INCONSISTENT))
    return str(out) if chart.values.ndim == 1 else out
