"""Trajectories: what a target expects in each financial year, or each quarter.

The arithmetic lives on the target kinds (:meth:`cdrpkit.model.kinds.Target.yearly_expectations`),
so a plugin kind brings its own; this module lays it out as rows, spreads years over
quarters, and adds the rate per 1,000 people or households.

Spreading a year over its quarters (``quarters=True``): a count (offences, deliverables,
money) is split by ``profile``, four weights for Q1 (April-June) to Q4 (January-March)
summing to 1, equal quarters by default; a rate or percentage is the year's value in
every quarter, whatever the profile, since a rate does not add up over time. The
threshold of a count is split the same way: it is the pro-rata share of the year's
target, a milestone to watch, not something the document states.

:func:`trajectory_rows` needs no pandas (the command line prints from it);
:func:`trajectory` gives the same rows as a DataFrame.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdrpkit.errors import InputError, Problem
from cdrpkit.model import Strategy
from cdrpkit.model.kinds import LevelTarget, Target
from cdrpkit.periods import Period

if TYPE_CHECKING:
    import pandas as pd

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
    "rate_per_1000",
    "denominator",
    "unit",
)

#: The default spread of a yearly count over quarters Q1 to Q4.
EQUAL_QUARTERS: tuple[float, float, float, float] = (0.25, 0.25, 0.25, 0.25)


def _profile(profile: Sequence[float] | None) -> tuple[float, ...]:
    if profile is None:
        return EQUAL_QUARTERS
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
            [Problem(f"{target!r} is a {type(node.node).__name__.lower()}, not a target",
                     path=node.path)]
        )
    return node.node


def denominator_for(target: Target, strategy: Strategy | None) -> tuple[str, float] | None:
    """Which denominator turns this target's counts into a rate, and its size.

    A rate the document states alongside the target decides (its own figure first, else
    the partnership's); otherwise the indicator's denominator when it names households;
    otherwise the population. ``None`` when the figure is not known or the target is not
    a count.
    """
    if not target.additive:
        return None
    stated = target.stated_rate if isinstance(target, LevelTarget) else None
    which = stated.denominator if stated else None
    if stated and stated.denominator_value:
        return which or "population", stated.denominator_value
    if strategy is None:
        return None
    if which is None:
        indicator = next((i for i in strategy.indicators if i.id == target.indicator), None)
        den = (indicator.denominator or "") if indicator else ""
        which = "households" if den.startswith("household") else "population"
    figure = getattr(strategy.partnership, which)
    return (which, figure.value) if figure is not None and figure.value > 0 else None


def trajectory_rows(
    target: Target | str,
    *,
    strategy: Strategy | None = None,
    quarters: bool = False,
    profile: Sequence[float] | None = None,
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
    resolved = _resolve(target, strategy)
    weights = _profile(profile)
    span = None
    if strategy is not None and strategy.first_year and strategy.last_year:
        span = (strategy.first_year, strategy.last_year)
    denominator = denominator_for(resolved, strategy)
    additive = resolved.additive
    rows: list[dict[str, Any]] = []
    for e in resolved.yearly_expectations(span):
        parts: list[tuple[Period, float]] = [(e.period, 1.0)]
        if quarters:
            parts = list(zip(e.period.quarters(), weights, strict=True))
        for period, weight in parts:
            share = weight if additive else 1.0
            expected = None if e.expected is None else e.expected * share
            rate = math.nan
            if denominator is not None and expected is not None:
                rate = expected / denominator[1] * 1000
            rows.append(
                {
                    "target_id": resolved.id,
                    "period": period.label,
                    "period_start": period.start,
                    "period_end": period.end,
                    "step": e.step,
                    "expected": math.nan if expected is None else expected,
                    "relative": math.nan if e.relative is None else e.relative,
                    "bound": e.bound,
                    "threshold": math.nan if e.threshold is None else e.threshold * share,
                    "source": e.source,
                    "rate_per_1000": rate,
                    "denominator": denominator[0] if denominator else None,
                    "unit": resolved.unit,
                }
            )
    return rows


def trajectory(
    target: Target | str,
    *,
    strategy: Strategy | None = None,
    quarters: bool = False,
    profile: Sequence[float] | None = None,
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

    rows = trajectory_rows(target, strategy=strategy, quarters=quarters, profile=profile)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame
