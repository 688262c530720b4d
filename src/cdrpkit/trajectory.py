"""Trajectories: what a target expects in each financial year, or each quarter.

The numbers come from the one engine (:func:`cdrpkit.model.engine.expect`), which asks
the target's kind, so a plugin kind brings its own arithmetic and the assessment judges
figures against exactly these values. This module lays them out as rows and adds the
rate per 1,000 people or households (:func:`cdrpkit.context.denominator_for`).

Quarters (``quarters=True``): a kind may give its own (a deliverable due each quarter);
otherwise a count (offences, deliverables, money) is split by ``profile``, four weights
for Q1 (April-June) to Q4 (January-March) summing to 1 (by default the seasonal profile
of the target's indicator, else equal quarters); a rate or percentage is the year's value
in every quarter, since a rate does not add up over time. The threshold of a count is
split the same way: the pro-rata share of the year's target, a milestone to watch, not
something the document states, so a quarter is never ``final``. Deadlines of
deliverables are rows of their own.

:func:`trajectory_rows` needs no pandas (the command line prints from it);
:func:`trajectory` gives the same rows as a DataFrame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdrpkit.context import StrategyContext, denominator_for
from cdrpkit.errors import InputError, Problem
from cdrpkit.model import Strategy
from cdrpkit.model.engine import EQUAL_QUARTERS, expect
from cdrpkit.model.kinds import Target

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.plugins import Plugins

__all__ = ["COLUMNS", "EQUAL_QUARTERS", "trajectory", "trajectory_rows"]

COLUMNS: tuple[str, ...] = (
    "target_id",
    "period",
    "period_start",
    "period_end",
    "step",
    "expected",
    "relative",
    "bound",
    "threshold",
    "source",
    "final",
    "rate_per_1000",
    "denominator",
    "unit",
    "note",
)



def _profile(profile: Sequence[float]) -> tuple[float, ...]:
    weights = tuple(profile)
    problem = None
    if len(weights) != 4:
        problem = f"a profile has four weights, Q1 to Q4; got {len(weights)}"
    elif any(not (isinstance(w, (int, float)) and math.isfinite(w) and w >= 0) for w in weights):
        problem = f"profile weights must be numbers of 0 or more; got {list(weights)}"
    elif not math.isclose(sum(weights), 1.0, abs_tol=1e-9):
        problem = f"profile weights must sum to 1; {list(weights)} sum to {sum(weights):g}"
    if problem:
        raise InputError([Problem(problem, path="profile")])
    return weights


def _resolve(target: Target | str, strategy: Strategy | None) -> Target:
    if isinstance(target, Target):
        return target
    if strategy is None:
        raise InputError(
            [Problem(f"target {target!r} given by id: pass the strategy too", path="target")]
        )
    node = strategy.find(target)
    if not isinstance(node.node, Target):
        raise InputError(
            [Problem(f"{target!r} is {_article(type(node.node).__name__.lower())}, not a "
                     "target", path=node.path)]
        )
    return node.node


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def trajectory_rows(
    target: Target | str,
    *,
    strategy: Strategy | None = None,
    quarters: bool = False,
    profile: Sequence[float] | None = None,
    plugins: Plugins | None = None,
) -> list[dict[str, Any]]:
    """The rows of :func:`trajectory` as plain dictionaries, without pandas.

    >>> from cdrpkit.periods import parse_deadline, parse_period
    >>> from cdrpkit.model.kinds import LevelTarget, Measure
    >>> t = LevelTarget(id="violent-crime", text="...", annual_change=-0.05, unit="offence",
    ...     baseline=Measure(value=5382, period=parse_period("2004/05")),
    ...     target=Measure(value=4614, period=parse_deadline("by March 2008")))
    >>> [(r["period"], round(r["expected"], 1)) for r in trajectory_rows(t)]
    [('2004/05', 5382.0), ('2005/06', 5112.9), ('2006/07', 4857.3), ('2007/08', 4614.4)]
    """
    import numpy as np

    resolved = _resolve(target, strategy)
    context = StrategyContext.of(strategy, plugins) if strategy is not None else None
    weights = _profile(profile) if profile is not None else (
        context.profile(resolved) if context is not None else None)
    span = context.span if context is not None else None
    table = expect([resolved], "quarter" if quarters else "year", spans=[span],
                   profiles=None if weights is None else np.array([weights]))
    denominator = (context.denominator(resolved) if context is not None
                   else denominator_for(resolved, None))
    rows: list[dict[str, Any]] = []
    for row, e in enumerate(table.expectations(0)):
        expected = math.nan if e.expected is None else e.expected
        rows.append({
            "target_id": resolved.id,
            "period": e.period.label,
            "period_start": e.period.start,
            "period_end": e.period.end,
            "step": e.step,
            "expected": expected,
            "relative": math.nan if e.relative is None else e.relative,
            "bound": e.bound,
            "threshold": math.nan if e.threshold is None else e.threshold,
            "source": e.source,
            "final": e.decides,
            "rate_per_1000": (expected / denominator[1] * 1000 if denominator is not None
                              else math.nan),
            "denominator": denominator[0] if denominator else None,
            "unit": resolved.unit,
            "note": table.notes.get(row),
        })
    return rows


def trajectory(
    target: Target | str,
    *,
    strategy: Strategy | None = None,
    quarters: bool = False,
    profile: Sequence[float] | None = None,
    plugins: Plugins | None = None,
) -> pd.DataFrame:
    """The expected value, bound and rate per 1,000 of a target for each period.

    :param target: a target, or its id when ``strategy`` is given.
    :param strategy: the strategy the target belongs to: gives the years of an "each
        year" target and the population or households for ``rate_per_1000``.
    :param quarters: one row per quarter instead of per financial year (see the module
        docstring for how a year is spread).
    :param profile: four seasonal weights, Q1 to Q4, summing to 1 (counts only).
    :raises InputError: for a bad profile, or a target id without a strategy.
    :raises NotFoundError: for a target id the strategy does not have.

    Columns: ``target_id``, ``period`` (label), ``period_start``, ``period_end``,
    ``step``, ``expected``, ``relative`` (to the baseline), ``bound``, ``threshold``,
    ``source`` (``stated`` or ``inferred``), ``rate_per_1000`` (NaN when no denominator
    is known), ``denominator``, ``unit``. A kind with nothing to expect gives no rows.

    >>> from cdrpkit.periods import parse_deadline, parse_period
    >>> from cdrpkit.model.kinds import LevelTarget, Measure
    >>> t = LevelTarget(id="burglary", text="...", annual_change=-0.06, unit="offence",
    ...     baseline=Measure(value=2806, period=parse_period("2004/05")),
    ...     target=Measure(value=2331, period=parse_deadline("by March 2008")))
    >>> frame = trajectory(t, quarters=True)
    >>> last = frame.iloc[-1]
    >>> print(last["period"], round(last["expected"], 2), last["bound"])
    2007/08-Q4 582.65 at_most
    """
    import pandas as pd

    rows = trajectory_rows(target, strategy=strategy, quarters=quarters, profile=profile,
                           plugins=plugins)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame
