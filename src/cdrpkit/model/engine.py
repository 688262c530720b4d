"""The one engine: every expected value, for any number of targets, asked of their kinds.

:func:`expect` groups targets by kind and asks each kind class for its
:class:`~cdrpkit.model.expectations.ExpectationTable`
(:meth:`~cdrpkit.model.kinds.base.Target.expectation_table`). Built-in kinds answer for
thousands of targets at once with the builders below (:func:`ramp`, :func:`every_year`,
:func:`at_year`, :func:`at_deadline`); a plugin kind may answer one target at a time
instead (:meth:`~cdrpkit.model.kinds.base.Target.yearly_expectations` or
:meth:`~cdrpkit.model.kinds.base.Target.period_expectations`), and whichever it overrides
is honoured by every command.

Quarters and months: a kind may give them itself (a recurring deliverable each quarter, a
plugin kind with its own quarterly line). Where it gives only years, :func:`split` spreads
each year: a count (offences, deliverables, money) by the seasonal profile (four weights
for Q1 to Q4, equal by default; a month takes a third of its quarter), a rate or
percentage as the year's value in every part. A part's threshold is the pro-rata share of
the year's: a milestone to watch, so the part is never ``final``.

numpy is imported only when a table is built, so importing the model stays light.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from cdrpkit.model import change
from cdrpkit.model.expectations import BOUNDS, DEADLINE, STEPS, Expectation, ExpectationTable
from cdrpkit.periods import FinancialYear, Period
from cdrpkit.periods import codes as period_codes

if TYPE_CHECKING:
    import numpy as np

    from cdrpkit.model.kinds.base import Target

__all__ = [
    "EQUAL_QUARTERS",
    "Request",
    "at_deadline",
    "at_year",
    "divide",
    "every_year",
    "expect",
    "expect_each",
    "fy_of",
    "ramp",
    "split",
    "with_baselines",
    "with_note",
]

Granularity = Literal["year", "quarter", "month"]
#: The default spread of a yearly count over quarters Q1 to Q4.
EQUAL_QUARTERS: tuple[float, float, float, float] = (0.25, 0.25, 0.25, 0.25)


@attrs.frozen
class Request:
    """What a kind is asked: the division of the year, and each target's strategy span.

    ``first_year`` and ``last_year`` hold, per target asked about, the start year of the
    first and last financial years of its strategy (NaN when the strategy does not say):
    they give the years of a target that does not state them itself ("each year").
    """

    granularity: Granularity
    first_year: np.ndarray
    last_year: np.ndarray

    def span(self, i: int) -> tuple[Period, Period] | None:
        """The span of target ``i`` as periods, for kinds that answer one at a time."""
        first, last = float(self.first_year[i]), float(self.last_year[i])
        if first != first or last != last:
            return None
        return FinancialYear(int(first)), FinancialYear(int(last))

    def subset(self, positions: np.ndarray) -> Request:
        """The request for some of the targets."""
        return Request(self.granularity, self.first_year[positions], self.last_year[positions])


def fy_of(period: Period | None) -> tuple[float, bool]:
    """The start year of the financial year a period counts in, and whether approximated.

    A period within one financial year is in that year. A calendar year ("by 2005") is
    placed in the financial year holding its last day, 2005/06, and flagged approximate.
    ``None`` gives NaN.
    """
    if period is None:
        return float("nan"), False
    if type(period) is FinancialYear:  # the common case, without building dates
        return float(period.start_year), False
    try:
        return float(period.financial_year.start_year), False
    except ValueError:
        return float(FinancialYear.containing(period.end).start_year), True


def _arrays(*values: Any) -> list[np.ndarray]:
    import numpy as np

    return [np.asarray(v, dtype=float) for v in values]


def _bounds(bound: Sequence[str | None]) -> np.ndarray:
    import numpy as np

    return np.array([BOUNDS.index(b) if b else -1 for b in bound], dtype=np.int8)


def ramp(
    *,
    base_fy: Any, base: Any, base_stated: Any, end_fy: Any, end: Any, end_stated: Any,
    rate: Any, linear: Any, bound: Sequence[str | None], hold_fy: Any = None,
    end_relative: Any = None,
) -> ExpectationTable:
    """Baseline year to target year, then held: the trajectory of level and change kinds.

    Per target (arrays or sequences of one value each): the baseline's and target's
    financial years, values and whether the document states them; ``rate`` the stated
    yearly change (NaN: none, so the years between are interpolated); ``linear`` the
    change model; ``hold_fy`` the last year the level is held (NaN: none);
    ``end_relative`` the end as a multiple of an unstated baseline (a relative change:
    ``base`` is NaN). Each year's expected value comes from :mod:`cdrpkit.model.change`.
    With a stated yearly change, every year is a commitment (its value is a threshold);
    otherwise only the target year and the years it is held.

    >>> t = ramp(base_fy=[2004], base=[2806], base_stated=[True], end_fy=[2007],
    ...     end=[2331], end_stated=[True], rate=[-0.06], linear=[False], bound=["at_most"])
    >>> [round(v, 1) for v in t.expected.tolist()]
    [2806.0, 2637.6, 2479.4, 2330.6]
    """
    import numpy as np

    base_fy, base, end_fy, end, rate = _arrays(base_fy, base, end_fy, end, rate)
    n_targets = len(base_fy)
    hold_fy = np.full(n_targets, np.nan) if hold_fy is None else _arrays(hold_fy)[0]
    end_relative = (np.full(n_targets, np.nan) if end_relative is None
                    else _arrays(end_relative)[0])
    known = np.isfinite(base_fy) & np.isfinite(end_fy)
    years = np.where(known, end_fy - base_fy, 0).astype(np.int64)
    held = np.where(known & np.isfinite(hold_fy), np.maximum(hold_fy - end_fy, 0), 0
                    ).astype(np.int64)
    count = np.where(known, years + 1 + held, 0)
    t = np.repeat(np.arange(n_targets), count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    n, b, e, r = years[t], base[t], end[t], rate[t]
    kk = np.minimum(k, n)
    has_rate = np.isfinite(r)
    is_linear = np.asarray(linear, dtype=bool)[t]
    steps = np.maximum(n, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        stated_path = np.where(is_linear, change.linear(b, r, kk), change.compound(b, r, kk))
        drawn = change.interpolate(b, e, kk, steps, is_linear | ~(b > 0))
        value = np.where(has_rate, stated_path, drawn)
        value = np.where(k == 0, b, np.where((k > n) | ((k == n) & ~has_rate), e, value))
        relative = np.where(np.isfinite(b) & (b != 0), value / b, np.nan)
        unstated = change.interpolate(1.0, end_relative[t], kk, steps, False)
    relative = np.where(np.isnan(b), np.where(k == 0, 1.0, unstated), relative)
    at_or_after = k >= n
    threshold = np.where(at_or_after, e, np.where(has_rate & (k > 0), value, np.nan))
    bound_code = np.where(at_or_after | (has_rate & (k > 0)), _bounds(bound)[t], -1
                          ).astype(np.int8)
    stated = np.where(
        k == 0, np.asarray(base_stated, bool)[t],
        np.where(k > n, np.asarray(end_stated, bool)[t],
                 (k == n) & ~has_rate & np.asarray(end_stated, bool)[t]))
    step = np.select([(k == 0) & (n > 0), k < n, k == n], [0, 1, 2], 3).astype(np.int8)
    return ExpectationTable(
        t, period_codes.code((base_fy[t] + k).astype(np.int64)), value, relative, threshold,
        bound_code, stated, step, at_or_after)


def every_year(*, first_fy: Any, last_fy: Any, value: Any, bound: Sequence[str | None],
               step: str = "each-year", stated: bool = True) -> ExpectationTable:
    """The same committed value in every year from ``first_fy`` to ``last_fy`` (an "each
    year" rate, a recurring deliverable). A target with a NaN year gets no rows."""
    import numpy as np

    first_fy, last_fy, value = _arrays(first_fy, last_fy, value)
    known = np.isfinite(first_fy) & np.isfinite(last_fy)
    count = np.where(known, np.maximum(last_fy - first_fy + 1, 0), 0).astype(np.int64)
    t = np.repeat(np.arange(len(first_fy)), count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    fy = (np.where(known, first_fy, 0)[t] + k).astype(np.int64)
    rows = len(t)
    return ExpectationTable(
        t, period_codes.code(fy), value[t], np.full(rows, np.nan), value[t], _bounds(bound)[t],
        np.full(rows, stated), np.full(rows, STEPS.index(step), np.int8), np.ones(rows, bool))


def at_year(*, fy: Any, value: Any, stated: Any, bound: Sequence[str | None],
            relative: Any = None) -> ExpectationTable:
    """One committed value in one financial year each (a target with no trajectory)."""
    import numpy as np

    fy, value = _arrays(fy, value)
    t = np.flatnonzero(np.isfinite(fy))
    rows = len(t)
    rel = np.full(len(fy), np.nan) if relative is None else _arrays(relative)[0]
    return ExpectationTable(
        t, period_codes.code(fy[t].astype(np.int64)), value[t], rel[t], value[t],
        _bounds(bound)[t], np.asarray(stated, bool)[t],
        np.full(rows, STEPS.index("target"), np.int8), np.ones(rows, bool))


def at_deadline(*, periods: Sequence[Period | None], value: Any,
                bound: Sequence[str | None]) -> ExpectationTable:
    """A deliverable due by a deadline: one row each, dated by the deadline's last day."""
    import numpy as np

    (value,) = _arrays(value)
    t = np.array([i for i, p in enumerate(periods) if p is not None], dtype=np.int64)
    rows = len(t)
    fy = [FinancialYear.containing(periods[i].end).start_year
          for i in t.tolist()]
    return ExpectationTable(
        t, period_codes.code(np.array(fy, dtype=np.int64), DEADLINE),
        value[t], np.full(rows, np.nan), value[t], _bounds(bound)[t], np.ones(rows, bool),
        np.full(rows, STEPS.index("due"), np.int8), np.ones(rows, bool),
        deadlines={r: periods[int(i)] for r, i in enumerate(t.tolist())},  # type: ignore[misc]
    )


def with_note(table: ExpectationTable, flags: Sequence[bool], note: str) -> ExpectationTable:
    """The table with ``note`` on every row of the targets flagged."""
    import numpy as np

    flagged = np.asarray(flags, dtype=bool)
    if not flagged.any():
        return table
    notes = dict(table.notes)
    notes.update({int(r): note for r in np.flatnonzero(flagged[table.target]).tolist()})
    return attrs.evolve(table, notes=notes)


def with_baselines(table: ExpectationTable, baselines: np.ndarray) -> ExpectationTable:
    """Values for rows known only relative to an unstated baseline, from observed ones.

    Where a row has no ``expected`` value but a ``relative`` one and its target has a
    finite ``baselines`` entry, ``expected`` is ``relative`` x baseline; a committed row
    (``final``) gets the same as its threshold. Used by the assessment, which reads the
    baseline from the figure of the target's baseline year.
    """
    import numpy as np

    base = np.asarray(baselines, dtype=float)[table.target]
    fill = np.isnan(table.expected) & np.isfinite(table.relative) & np.isfinite(base)
    if not fill.any():
        return table
    value = table.relative * base
    return attrs.evolve(
        table, expected=np.where(fill, value, table.expected),
        threshold=np.where(fill & table.final & np.isnan(table.threshold), value,
                           table.threshold))


def divide(table: ExpectationTable, rows: np.ndarray, parts: int) -> ExpectationTable:
    """Each selected year row as ``parts`` equal parts (quarters), each committed like the
    year: a deliverable due each quarter. Other rows are kept as they are."""
    import numpy as np

    chosen = np.flatnonzero(np.asarray(rows, bool) & (table.per == period_codes.YEAR))
    if not len(chosen):
        return table
    others = np.setdiff1d(np.arange(len(table)), chosen)
    src = np.repeat(chosen, parts)
    sub = np.tile(np.arange(1, parts + 1), len(chosen))
    pieces = ExpectationTable(
        table.target[src], period_codes.code(table.code[src] // 10000, parts, sub),
        table.expected[src] / parts, table.relative[src], table.threshold[src] / parts,
        table.bound[src], table.stated[src], table.step[src], table.final[src])
    width = int(table.target.max()) + 1
    merged = ExpectationTable.concat([table.take(others), pieces], [np.arange(width)] * 2)
    return merged.take(_period_order(merged))


def split(table: ExpectationTable, granularity: Granularity, additive: np.ndarray,
          profiles: np.ndarray | None = None) -> ExpectationTable:
    """Year rows spread over quarters or months, for targets with no rows of that kind.

    ``additive`` says per target whether its values add up over time (counts, money);
    ``profiles`` gives per target four quarter weights (rows of an array; equal when
    ``None``). Rows of other kinds (deadlines, a kind's own quarters) are kept as they are.
    """
    import numpy as np

    per = period_codes.GRANULARITIES[granularity]
    if per == period_codes.YEAR or not len(table):
        return table
    row_per = table.per
    native = np.zeros(int(table.target.max()) + 1, dtype=bool)
    native[table.target[row_per == per]] = True
    years = np.flatnonzero((row_per == period_codes.YEAR) & ~native[table.target])
    keep = np.flatnonzero(~((row_per == period_codes.YEAR) & ~native[table.target]))
    t = table.target[years]
    parts = np.tile(np.arange(1, per + 1), len(years))
    src = np.repeat(years, per)
    quarter = (parts - 1) // (per // 4)  # 0-3
    weights = (np.asarray(EQUAL_QUARTERS)[quarter] if profiles is None
               else np.asarray(profiles, dtype=float)[np.repeat(t, per), quarter])
    share = np.where(np.asarray(additive, bool)[table.target[src]], weights / (per // 4), 1.0)
    fy = table.code[src] // 10000
    spread = ExpectationTable(
        table.target[src], period_codes.code(fy, per, parts), table.expected[src] * share,
        table.relative[src], table.threshold[src] * share, table.bound[src],
        table.stated[src] & (share == 1.0), table.step[src], np.zeros(len(src), bool))
    if table.notes:
        spread = attrs.evolve(spread, notes=table.take(src).notes)
    return ExpectationTable.concat([table.take(keep), spread], [np.arange(native.size)] * 2)


def _period_order(table: ExpectationTable) -> np.ndarray:
    """Rows by target, then period end, then length (a quarter before its year)."""
    import numpy as np

    codes, which = np.unique(table.code, return_inverse=True)
    ends = np.array([period_codes.end_of(int(c)).toordinal() if c // 100 % 100 else 0
                     for c in codes.tolist()], dtype=np.int64)
    end = ends[which]
    for row, period in table.deadlines.items():
        end[row] = period.end.toordinal()
    per = table.code // 100 % 100
    return np.lexsort((-per, end, table.target))


def _owner(cls: type, name: str) -> type:
    return next(k for k in cls.__mro__ if name in k.__dict__)


def answers_one_at_a_time(cls: type[Target]) -> str | None:
    """Which per-target method of a kind overrides its table, if any.

    A kind that overrides :meth:`period_expectations` or :meth:`yearly_expectations` in
    a class below the one defining its :meth:`expectation_table` (a plugin kind, or a
    plugin's subclass of a built-in kind) is asked one target at a time, so its own
    arithmetic is honoured.
    """
    table = _owner(cls, "expectation_table")
    for name in ("period_expectations", "yearly_expectations"):
        owner = _owner(cls, name)
        if owner is not table and issubclass(owner, table):
            return name
    return None


def _one_at_a_time(cls: type[Target], targets: Sequence[Target], request: Request,
                   method: str) -> ExpectationTable:
    rows: list[tuple[int, Expectation]] = []
    for i, target in enumerate(targets):
        if method == "period_expectations":
            found = target.period_expectations(request.granularity, request.span(i))
        else:
            found = target.yearly_expectations(request.span(i))
        rows.extend((i, e) for e in found)
    return ExpectationTable.from_expectations(rows)


def kind_table(cls: type[Target], targets: Sequence[Target], request: Request
               ) -> ExpectationTable:
    """What targets of one kind expect, asked the way the kind answers."""
    method = answers_one_at_a_time(cls)
    if method is None:
        return cls.expectation_table(targets, request)
    return _one_at_a_time(cls, targets, request, method)


def _additive(targets: Sequence[Target]) -> np.ndarray:
    """Whether each target's values add up over time, read once per kind and unit."""
    import numpy as np

    known: dict[tuple[type, str | None], bool] = {}
    out = np.empty(len(targets), dtype=bool)
    for i, t in enumerate(targets):
        key = (type(t), t.unit)
        found = known.get(key)
        if found is None:
            found = known[key] = t.additive
        out[i] = found
    return out


def _kind_tables(targets: Sequence[Target], request: Request,
                 classes: set[type] | None = None) -> tuple[ExpectationTable, list[int]]:
    """The kinds' own tables for ``targets`` (only those of ``classes`` when given), and
    the positions of the targets asked about."""
    import numpy as np

    groups: dict[type, list[int]] = {}
    if classes is not None and not classes:
        return ExpectationTable.empty(), []
    for i, target in enumerate(targets):
        cls = type(target)
        if classes is None or cls in classes:
            groups.setdefault(cls, []).append(i)
    tables, offsets = [], []
    for cls, positions in groups.items():
        at = np.array(positions, dtype=np.int64)
        tables.append(kind_table(cls, [targets[i] for i in positions], request.subset(at)))
        offsets.append(at)
    return ExpectationTable.concat(tables, offsets), [i for p in groups.values() for i in p]


def _own_parts(cls: type[Target]) -> bool:
    """Whether a kind may answer quarters or months itself (so must be asked for them)."""
    return cls.gives_parts or answers_one_at_a_time(cls) is not None


def expect_each(
    targets: Sequence[Target],
    granularities: Sequence[Granularity] = ("year",),
    *,
    spans: Sequence[tuple[Period | None, Period | None] | None] | None = None,
    profiles: np.ndarray | None = None,
    baselines: np.ndarray | Callable[[ExpectationTable], np.ndarray] | None = None,
    ordered: bool = True,
) -> dict[str, ExpectationTable]:
    """:func:`expect` for several granularities at once, asking each kind for its years
    once: only kinds that give their own quarters or months are asked again.

    ``baselines`` may also be a function of the kinds' yearly table (before any baseline
    is applied) giving the baselines: the assessment reads them from the figures of each
    target's baseline year. ``ordered=False`` leaves the rows in no particular order (a
    caller that sorts them itself saves the work).
    """
    import numpy as np

    n = len(targets)
    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    for i, span in enumerate(spans or ()):
        if span is not None:
            first[i], _ = fy_of(span[0])
            last[i], _ = fy_of(span[1])
    year, _ = _kind_tables(targets, Request("year", first, last))
    if callable(baselines):
        baselines = baselines(year)
    if baselines is not None:
        year = with_baselines(year, baselines)
    out: dict[str, ExpectationTable] = {}
    additive: np.ndarray | None = None
    for granularity in granularities:
        if granularity == "year":
            out[granularity] = year.take(_period_order(year)) if ordered and len(year) \
                else year
            continue
        own = {cls for cls in {type(t) for t in targets} if _own_parts(cls)}
        own_at = np.array([type(t) in own for t in targets], dtype=bool)
        asked, _ = _kind_tables(targets, Request(granularity, first, last), own)
        if baselines is not None:
            asked = with_baselines(asked, baselines)
        rest = year.take(np.flatnonzero(~own_at[year.target]))
        table = ExpectationTable.concat([rest, asked], [np.arange(n)] * 2)
        additive = _additive(targets) if additive is None else additive
        table = split(table, granularity, additive, profiles)
        out[granularity] = table.take(_period_order(table)) if ordered and len(table) \
            else table
    return out


def expect(
    targets: Sequence[Target],
    granularity: Granularity = "year",
    *,
    spans: Sequence[tuple[Period | None, Period | None] | None] | None = None,
    profiles: np.ndarray | None = None,
    baselines: np.ndarray | None = None,
) -> ExpectationTable:
    """What every target expects in each period, as one table (``target`` = position).

    :param granularity: ``year``, ``quarter`` or ``month``: the periods of the rows
        (deadlines of deliverables always come as deadline rows).
    :param spans: per target, the first and last periods of its strategy (or ``None``).
    :param profiles: per target, four seasonal weights Q1 to Q4 (an array n x 4).
    :param baselines: per target, an observed baseline value (NaN: none), which turns a
        relative change with no stated baseline value into values (see
        :func:`with_baselines`).

    >>> from cdrpkit.model.kinds import LevelTarget, Measure
    >>> from cdrpkit.periods import parse_period
    >>> t = LevelTarget(id="b", text="...", unit="offence", annual_change=-0.06,
    ...     baseline=Measure(value=2806, period=parse_period("2004/05")),
    ...     target=Measure(value=2331, period=parse_period("2007/08")))
    >>> table = expect([t], "quarter")
    >>> len(table), round(float(table.expected[-1]), 2)
    (16, 582.65)
    """
    return expect_each(targets, (granularity,), spans=spans, profiles=profiles,
                       baselines=baselines)[granularity]
