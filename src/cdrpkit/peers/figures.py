"""Counts and denominators per partnership for one indicator and one period.

Figures come in the long format (:mod:`cdrpkit.observations`); a period asked for may be
a month, a quarter or a financial year, and the figures for it may be given at that
grain or finer (months or quarters inside the year), in which case they are summed. A
partnership whose figures do not cover the whole period is an error naming the
partnership and what is missing, never a smaller count.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cdrpkit.errors import InputError, Problem
from cdrpkit.periods import Period, parse_period

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pandas as pd

    from cdrpkit.model import Strategy

__all__ = ["DENOMINATOR_COLUMNS", "counts_for", "denominators_from_strategies",
           "read_denominators"]

#: Columns of a denominators file; ``name``, ``unit`` and ``source`` are optional.
DENOMINATOR_COLUMNS: tuple[str, ...] = ("partnership", "name", "denominator", "unit", "source")


def _months(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def _within(inner: Period, outer: Period) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def counts_for(observations: pd.DataFrame, indicator: str, period: str) -> pd.DataFrame:
    """One row per partnership: ``partnership``, ``count``, ``trials``, ``source``.

    ``observations`` is a frame of the long format (as :func:`cdrpkit.read_observations`
    returns). Rows of ``indicator`` whose period lies inside ``period`` are summed; each
    partnership's rows must cover every month of ``period`` exactly once, and add up to
    zero or more (net figures may not: a quarter of Home Office figures). ``trials`` is
    the sum of the optional ``denominator`` column (NaN where it is not given);
    ``source`` the distinct sources of the rows summed, joined by "; ".

    >>> import pandas as pd
    >>> obs = pd.DataFrame({"partnership": ["a", "a", "b"], "indicator": ["x"] * 3,
    ...     "period": ["2020/21-Q1", "2020/21-Q2", "2020/21-Q3"], "value": [3, 4, 10]})
    >>> counts_for(obs, "x", "2020/21-Q1")[["partnership", "count"]].to_dict("records")
    [{'partnership': 'a', 'count': 3}]
    """
    import pandas as pd

    wanted = parse_period(period)
    rows = observations[observations["indicator"].astype(str) == indicator]
    if rows.empty:
        known = sorted({str(i) for i in observations["indicator"].dropna().unique()})
        raise InputError([Problem(
            f"no figures for indicator {indicator!r}; the figures have: "
            f"{', '.join(known[:30]) or 'none'}", path="indicator")],
            summary="nothing to compare:")
    parsed = {label: parse_period(label) for label in rows["period"].astype(str).unique()}
    inside = rows[rows["period"].astype(str).map(lambda p: _within(parsed[p], wanted))]
    if inside.empty:
        raise InputError([Problem(
            f"no figures for {indicator!r} in {wanted.label}; they cover "
            f"{min(parsed.values()).label} to {max(parsed.values()).label}", path="period")],
            summary="nothing to compare:")
    months = inside["period"].astype(str).map(lambda p: _months(parsed[p]))
    trials = (pd.to_numeric(inside["denominator"], errors="coerce")
              if "denominator" in inside else pd.Series(float("nan"), index=inside.index))
    table = pd.DataFrame({"partnership": inside["partnership"].astype(str),
                          "count": pd.to_numeric(inside["value"]), "months": months,
                          "trials": trials,
                          "source": (inside["source"].astype(str) if "source" in inside
                                     else "")})
    summed = table.groupby("partnership", sort=True, observed=True).agg(
        count=("count", "sum"), months=("months", "sum"),
        trials=("trials", lambda s: s.sum(min_count=len(s))),
        source=("source", lambda s: "; ".join(sorted(set(s)))))
    need = _months(wanted)
    short = summed[summed["months"] != need]
    if not short.empty:
        raise InputError([Problem(
            f"figures for {indicator!r} cover {int(m)} of the {need} months of "
            f"{wanted.label}", path=f"partnership {code}")
            for code, m in short["months"].items()], summary="incomplete figures:")
    below = summed[summed["count"] < 0]
    if not below.empty:
        # Only net figures (recorded less cancelled) can be below zero: kept as published,
        # but no rate can be drawn from them.
        raise InputError([Problem(
            f"the net figures for {indicator!r} add up to {count:g} in {wanted.label}: more "
            "offences were cancelled than recorded, and a rate cannot be drawn from a count "
            "below zero; compare a longer period (a financial year sums its quarters)",
            path=f"partnership {code}") for code, count in below["count"].items()],
            summary="counts below zero:")
    summed["count"] = summed["count"].astype(int) if (summed["count"] % 1 == 0).all() \
        else summed["count"]
    return summed.reset_index()[["partnership", "count", "trials", "source"]]


def read_denominators(path: str | Path) -> pd.DataFrame:
    """Read a denominators file (CSV): ``partnership``, ``denominator`` and optionally
    ``name``, ``unit`` (``person`` or ``household``) and ``source``.

    Every problem is reported with its row (counting the header as row 1).

    >>> d = read_denominators("tests/data/peers/csp_population_census2011.csv")
    >>> row = d.set_index("partnership").loc["E22000168"]
    >>> row["name"], float(row["denominator"])
    ('Leicester', 329839.0)
    """
    import pandas as pd

    file = str(path)
    if not Path(path).is_file():
        raise InputError([Problem("no such file", file=file)], summary="denominators:")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in ("partnership", "denominator") if c not in table.columns]
    if missing:
        expected = ", ".join(DENOMINATOR_COLUMNS)
        raise InputError([Problem(f"missing column {c!r} (expected {expected})", file=file)
                          for c in missing], summary="denominators:")
    for column in ("name", "unit", "source"):
        if column not in table.columns:
            table[column] = ""
    value = pd.to_numeric(table["denominator"].str.replace(",", ""), errors="coerce")
    problems = [Problem(f"denominator must be a number above zero, got {raw!r}",
                        path=f"row {i + 2}, column denominator", file=file)
                for i, (raw, v) in enumerate(zip(table["denominator"], value, strict=True))
                if not v > 0]
    repeated = table["partnership"].duplicated().to_numpy().nonzero()[0]
    problems += [Problem(f"partnership {table['partnership'].iloc[i]!r} is given twice",
                         file=file, path=f"row {int(i) + 2}, column partnership")
                 for i in repeated]
    if problems:
        raise InputError(problems, summary=f"{file}: bad denominators:")
    table["denominator"] = value.astype(float)
    return table[list(DENOMINATOR_COLUMNS)]


def denominators_from_strategies(
    strategies: Sequence[Strategy], what: str = "population"
) -> pd.DataFrame:
    """Denominators from each strategy's partnership: its ``population`` or ``households``.

    The partnership's id is the key, so the figures must use the same id. A strategy
    whose partnership does not state the figure is an error naming it.

    >>> import cdrpkit
    >>> d = denominators_from_strategies([cdrpkit.load("leicester-2005")], "households")
    >>> d[["partnership", "denominator", "unit"]].to_dict("records")
    [{'partnership': 'lpacd', 'denominator': 120420.0, 'unit': 'household'}]
    """
    import pandas as pd

    if what not in ("population", "households"):
        raise InputError([Problem(f"must be population or households, got {what!r}",
                                  path="denominator")], summary="bad denominator:")
    rows, problems = [], []
    for strategy in strategies:
        p = strategy.partnership
        figure = getattr(p, what)
        if figure is None:
            problems.append(Problem(f"the partnership {p.id!r} states no {what}",
                                    path=f"{strategy.id}: partnership.{what}"))
            continue
        rows.append({"partnership": p.id, "name": p.name, "denominator": float(figure.value),
                     "unit": figure.unit, "source": figure.source or ""})
    if problems:
        raise InputError(problems, summary="no denominator in the strategy:")
    return pd.DataFrame(rows, columns=list(DENOMINATOR_COLUMNS))
