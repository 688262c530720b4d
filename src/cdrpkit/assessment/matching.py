"""Matching figures to targets: by target id, else by indicator, in the targets' units.

Strings are matched once per distinct value (pandas' hash tables); everything per figure
is integer arithmetic. A figure given by indicator reaches every target of that indicator
in its partnership; a target with two figures for one period is an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.assessment.labels import CODE_SPAN, codes_of
from cdrpkit.errors import InputError, ObservationError, Problem
from cdrpkit.periods import codes as period_codes

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.periods import Period
    from cdrpkit.plugins import Plugins

__all__ = [
    "FigurePeriods",
    "Figures",
    "as_of_date",
    "figure_periods",
    "in_target_units",
    "match_figures",
    "prepare",
    "refuse_below_zero",
    "refuse_doubles",
]


def prepare(
    strategies: Strategy | Sequence[Strategy], observations: Any, plugins: Plugins | None,
    *, evidence: bool = False,
) -> tuple[list[Strategy], pd.DataFrame]:
    """The strategies as a list, and the figures read and validated against them; with
    ``evidence``, the strategies' own evidence figures too (see
    :mod:`cdrpkit.assessment.evidence`), where the figures do not already hold them."""
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.observations import read_observations

    items = [strategies] if isinstance(strategies, Strategy) else list(strategies)
    if not items:
        raise InputError([Problem("no strategy to assess", path="strategies")])
    if isinstance(observations, pd.DataFrame) and "period_kind" in observations.columns:
        obs = observations
    else:
        obs = read_observations(observations, items, plugins=plugins)
    refuse_below_zero(obs)
    if not evidence:
        return items, obs
    from cdrpkit.assessment.evidence import evidence_figures

    stated = evidence_figures(items)
    key = ["partnership", "indicator", "target", "period"]
    held = pd.MultiIndex.from_frame(obs[key].astype(str))
    stated = stated[~pd.MultiIndex.from_frame(stated[key].astype(str)).isin(held)]
    if not len(stated):
        return items, obs
    extra = read_observations(stated, items, plugins=plugins)
    return items, pd.concat([obs, extra], ignore_index=True)


def refuse_below_zero(obs: pd.DataFrame) -> None:
    """Refuse net figures below zero (a Home Office quarter in which more offences were
    cancelled than recorded), each named with its row: they are kept as published, but a
    trajectory cannot judge a count below zero."""
    from cdrpkit.figurecells import never_negative

    if "net" not in obs.columns or not len(obs):
        return
    values = obs["value"].to_numpy(float)
    below = (values < 0) & obs["net"].to_numpy(bool)
    if not below.any():
        return
    # Validated figures, so each has its file (None for a DataFrame) and row.
    rows = obs[below]
    problems = [
        Problem(f"{value:g} {unit} is a net count below zero for {indicator or target} in "
                f"{period} (more offences cancelled than recorded): assess judges counts of "
                "zero or more; give the figure for a longer period (its quarters or months "
                "summed)", path=f"row {line}, column value",
                file=file if isinstance(file, str) and file else None,
                line=int(line) if isinstance(file, str) and file else None)
        for value, unit, indicator, target, period, file, line in zip(
            rows["value"], rows["unit"].astype(str), rows["indicator"].astype(str),
            rows["target"].astype(str), rows["period"].astype(str), rows["file"],
            rows["line"], strict=True)
        if never_negative(unit)]
    if problems:
        raise ObservationError(problems, summary=f"{len(problems)} figure(s) below zero")


def as_of_date(as_of: str | Period | datetime.date | None, ends: Any) -> datetime.date:
    """The date the assessment stands at: the end of ``as_of``, or of the latest figure.

    Any date is accepted, also one before every figure (then nothing is due yet).
    """
    from cdrpkit.periods import Period, PeriodError, parse_period

    if isinstance(as_of, datetime.date):
        return as_of
    if isinstance(as_of, Period):
        return as_of.end
    if isinstance(as_of, str):
        try:
            return parse_period(as_of).end
        except PeriodError as exc:
            raise InputError([Problem(str(exc), path="as_of")]) from None
    if not len(ends):
        raise ObservationError([Problem("no figures, and no as_of date to assess at",
                                        path="observations")])
    latest: datetime.date = max(ends)
    return latest


@attrs.frozen
class FigurePeriods:
    """The distinct periods of the figures: ``codes`` gives each figure's one.

    ``labels``, ``kinds``, ``codes_u`` (fy*10000 + per*100 + sub) and ``ends`` have one
    element per distinct period.
    """

    codes: np.ndarray
    labels: np.ndarray
    codes_u: np.ndarray
    ends: np.ndarray


def figure_periods(obs: pd.DataFrame) -> FigurePeriods:
    """Each figure's period, looked up once per distinct label."""
    import numpy as np
    import pandas as pd

    codes, labels = pd.factorize(obs["period"])  # by code when it is a Categorical
    first = np.zeros(len(labels), dtype=np.intp)
    first[codes[::-1]] = np.arange(len(codes))[::-1]
    sample = obs.iloc[first]  # one figure per distinct period
    per = np.array([period_codes.GRANULARITIES[str(k)] for k in sample["period_kind"]],
                   dtype=np.int64)
    codes_u = period_codes.code(sample["fy"].to_numpy(np.int64), per,
                                sample["sub"].to_numpy(np.int64))
    return FigurePeriods(codes, np.asarray(labels, dtype=object), codes_u,
                    sample["period_end"].to_numpy(object))


@attrs.frozen
class Figures:
    """The figures in force at the assessment date, each paired with a target it measures.

    ``row`` is the figure's position in the observations table, ``target`` the target's
    position in the targets table, ``code`` the period's code; ``labels``, ``ends`` map
    each period code seen to its label and end date.
    """

    row: np.ndarray
    target: np.ndarray
    code: np.ndarray
    actual: np.ndarray
    labels: dict[int, str]
    ends: dict[int, datetime.date]


def match_figures(obs: pd.DataFrame, tt: pd.DataFrame, periods: FigurePeriods,
                  when: datetime.date) -> Figures:
    """Pair each figure in force at ``when`` with its targets: by target id, else indicator.

    Strings are matched once per distinct value (pandas' hash tables); everything per
    figure is integer arithmetic. A figure given by indicator reaches every target of
    that indicator in its partnership.
    """
    import numpy as np
    import pandas as pd

    in_force = np.array([e <= when for e in periods.ends], dtype=bool)
    keep = np.flatnonzero(in_force[periods.codes] & ~obs["superseded"].to_numpy(bool))
    code = periods.codes_u[periods.codes[keep]]
    everything = len(keep) == len(obs)

    def column(name: str) -> Any:
        # The column's own array: a Categorical (from read_observations) is matched by code.
        values = obs[name].array
        return values if everything else values.take(keep)

    parts, _, t_part = codes_of(column("partnership"), tt["partnership"].to_numpy(object))
    ids, id_names, t_id = codes_of(column("target"), tt["target_id"].to_numpy(object))
    empty = id_names.get_indexer(pd.Index([""]))[0]
    direct = np.flatnonzero(ids != empty)
    by_indicator = np.flatnonzero(ids == empty)
    width = max(len(id_names), 1)
    t_key = np.where((t_part >= 0) & (t_id >= 0), t_part * width + t_id,
                     -1 - np.arange(len(tt)))
    found = pd.Index(t_key).get_indexer(parts[direct] * width + ids[direct])
    hit = found >= 0
    rows = [direct[hit]]
    targets = [found[hit]]
    if len(by_indicator):
        inds, ind_names, t_ind = codes_of(column("indicator").take(by_indicator),
                                        tt["indicator"].to_numpy(object))
        width = max(len(ind_names), 1)
        valid = np.flatnonzero((t_part >= 0) & (t_ind >= 0))
        order = valid[np.argsort(t_part[valid] * width + t_ind[valid], kind="stable")]
        sorted_keys = t_part[order] * width + t_ind[order]
        wanted_keys = parts[by_indicator] * width + inds
        lo = np.searchsorted(sorted_keys, wanted_keys, "left")
        count = np.searchsorted(sorted_keys, wanted_keys, "right") - lo
        each = np.repeat(np.arange(len(wanted_keys)), count)
        step = np.arange(len(each)) - np.repeat(np.cumsum(count) - count, count)
        rows.append(by_indicator[each])
        targets.append(order[lo[each] + step])
    pos = np.concatenate(rows)
    target = np.concatenate(targets)
    row = keep[pos]
    code = code[pos]
    refuse_doubles(obs, tt, row, target, code, periods)
    actual = in_target_units(obs, tt, row, target)
    seen = np.flatnonzero(np.bincount(periods.codes[row], minlength=len(periods.labels)))
    return Figures(row, target, code, actual,
                    {int(periods.codes_u[i]): str(periods.labels[i]) for i in seen},
                    {int(periods.codes_u[i]): periods.ends[i] for i in seen})


def refuse_doubles(obs: pd.DataFrame, tt: pd.DataFrame, row: np.ndarray, target: np.ndarray,
                    code: np.ndarray, periods: FigurePeriods) -> None:
    """A target with two figures for one period (by target id and by indicator) is an error."""
    import numpy as np
    import pandas as pd

    pair = target * CODE_SPAN + code
    twice = pd.Series(pair).duplicated(keep=False).to_numpy()
    if not twice.any():
        return
    problems = []
    lines = obs["line"].to_numpy()
    files = obs["file"].to_numpy(object)
    keys = tt["key"].to_numpy(object)
    for value in pd.unique(pair[twice]):
        at = row[pair == value]
        t = int(target[np.flatnonzero(pair == value)[0]])
        period = periods.labels[periods.codes[at[0]]]
        problems.append(Problem(
            f"target {str(keys[t]).split('/', 1)[1]} has {len(at)} figures for {period} "
            f"(rows {', '.join(str(lines[i]) for i in at)}), one by target id and one by "
            "indicator; keep one",
            path=f"row {lines[at[-1]]}", file=files[at[-1]]))
    raise ObservationError(problems)


def in_target_units(obs: pd.DataFrame, tt: pd.DataFrame, row: np.ndarray,
                     target: np.ndarray) -> np.ndarray:
    """Each figure in its target's unit (kGBP to GBP...); a misfit is a problem."""
    import numpy as np
    import pandas as pd

    from cdrpkit import units

    value = obs["value"].to_numpy(float)[row]
    given, given_names = pd.factorize(obs["unit"].array.take(row))
    wanted, wanted_names = pd.factorize(tt["unit"].to_numpy(object))
    width = max(len(wanted_names), 1)
    which, pairs = pd.factorize(given * width + wanted[target])
    factors = np.ones(len(pairs))
    problems: list[Problem] = []
    for i, p in enumerate(pairs.tolist()):
        u, tu = str(given_names[p // width]), str(wanted_names[p % width])
        if not tu or u == tu:
            continue
        try:
            factors[i] = units.convert(1.0, u, tu)
        except ValueError as exc:
            for r in row[which == i]:
                file, line = obs["file"].iat[r], int(obs["line"].to_numpy()[r])
                problems.append(Problem(f"{u!r} does not fit the target's unit {tu!r}: {exc}",
                                        path=f"row {line}, column unit",
                                        file=str(file) if file else None,
                                        line=line if file else None))
    if problems:
        raise ObservationError(problems)
    out: np.ndarray = value * factors[which]
    return out

