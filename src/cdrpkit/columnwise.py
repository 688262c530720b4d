"""Checking a table of figures a column at a time, when every row is good.

:func:`cdrpkit.observations.validate_observations` checks every row and names every
problem by its row. Most tables have none, and for them the same checks can be made once
per distinct value of each column (a few hundred partnerships, a dozen periods, a handful
of units and statuses) and on whole columns of numbers. :func:`validate_columns` does
that; it gives the very frame the row-by-row check gives, or ``None`` as soon as any row
might have a problem, and the row-by-row check then finds and names it. Every cell is
read through :mod:`cdrpkit.figurecells`, as the row-by-row check reads it.

>>> import pandas as pd
>>> raw = pd.DataFrame({"partnership": ["demo"], "indicator": ["burglary"], "target": [""],
...     "period": ["2005/06"], "value": [2700], "unit": ["offence"], "source": ["x"],
...     "status": ["actual"]})
>>> row = validate_columns(raw, None, file=None).iloc[0]
>>> row["period_kind"], int(row["fy"]), float(row["value"])
('year', 2005, 2700.0)
>>> validate_columns(raw.assign(value=["2,700"]), None, file=None) is None
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from cdrpkit.figurecells import (
    OPTIONAL_RULES,
    OUTPUT_COLUMNS,
    STATUSES,
    Known,
    cell_flag,
    cell_number,
    cell_text,
    check_known,
    never_negative,
    period_of,
    unit_of,
)

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

__all__ = ["validate_columns"]

_TEXT = ("partnership", "indicator", "target", "period", "unit", "source", "status")


class _Column(NamedTuple):
    """A column as distinct texts and, for each row, the index of its text."""

    codes: np.ndarray
    texts: list[str]

    def rows_where(self, test: Callable[[str], bool]) -> np.ndarray:
        import numpy as np

        return np.isin(self.codes, [i for i, t in enumerate(self.texts) if test(t)])

    def any(self, test: Callable[[str], bool]) -> bool:
        return bool(self.rows_where(test).any())

    def any_at(self, indices: Sequence[int]) -> bool:
        """Whether any row has one of the texts at ``indices``."""
        import numpy as np

        return bool(np.isin(self.codes, list(indices)).any())

    def each(self, values: Sequence[Any]) -> np.ndarray:
        """A value for each row, from ``values`` given for each distinct text."""
        import numpy as np

        table = np.empty(len(values), dtype=object)
        table[:] = list(values)
        each: np.ndarray = table[self.codes]
        return each


def _column(series: pd.Series[Any]) -> _Column:
    """The column's distinct texts (a missing cell reads as empty) and each row's."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=True)  # a missing cell: -1
    texts = np.array([cell_text(u) for u in uniques] + [""], dtype=object)  # last: empty
    by_text, distinct = pd.factorize(texts)
    return _Column(by_text[codes], [str(t) for t in distinct])


def _numbers(series: pd.Series[Any], allow_empty: bool) -> np.ndarray | None:
    """The column as floats (NaN for an empty cell when ``allow_empty``), or ``None`` when
    a cell is not a number as :func:`~cdrpkit.figurecells.cell_number` reads it."""
    import numpy as np
    from pandas.api import types

    numeric = types.is_integer_dtype(series.dtype) or types.is_float_dtype(series.dtype)
    if numeric and not types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)  # pd.NA: an empty cell
        empty = np.isnan(values)  # NaN reads as an empty cell
        if (~np.isfinite(values) & ~empty).any() or (empty.any() and not allow_empty):
            return None
        return values

    def number(value: Any) -> float | None:
        found = cell_number(value)
        if found is None and allow_empty and not cell_text(value):
            return np.nan
        return found

    return _each_distinct(series, number, float)


def _each_distinct(series: pd.Series[Any], read: Callable[[Any], Any],
                   dtype: type) -> np.ndarray | None:
    """``read`` of every cell, made once per distinct value (a missing cell read as None
    is); ``None`` when ``read`` refuses any cell by returning None."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(series, use_na_sentinel=True)  # a missing cell: -1
    missing = [None] if (codes < 0).any() else []
    values = [read(v) for v in [*uniques, *missing]]
    if any(v is None for v in values):
        return None
    # A missing cell's code, -1, picks the last entry: the missing cell's reading.
    read_all: np.ndarray = np.asarray(values, dtype=dtype)[codes]
    return read_all


def _good_optional(raw: pd.DataFrame, column: str) -> np.ndarray | None:
    """An optional column as floats (NaN where empty), ``None`` when a value breaks its
    rule (:data:`~cdrpkit.figurecells.OPTIONAL_RULES`)."""
    import numpy as np

    ok = OPTIONAL_RULES[column][0]
    if column not in raw.columns:
        return np.full(len(raw), np.nan)
    values = _numbers(raw[column], allow_empty=True)
    if values is None:
        return None
    given = ~np.isnan(values)
    return values if ok(values[given]).all() else None


def validate_columns(raw: pd.DataFrame, known: Known | None, *, file: str | None
                     ) -> pd.DataFrame | None:
    """The figures of ``raw`` checked and typed as the row-by-row check gives them, before
    its test for repeated figures; ``None`` when any row may have a problem."""
    import numpy as np

    if raw.empty or not _lines_are_plain(raw):
        return None
    text = {c: _column(raw[c]) for c in _TEXT}
    if (text["partnership"].any(lambda t: not t) or text["source"].any(lambda t: not t)
            or text["status"].any(lambda t: t not in STATUSES)
            or (text["indicator"].rows_where(lambda t: not t)
                & text["target"].rows_where(lambda t: not t)).any()):
        return None
    periods = [period_of(t, {}) for t in text["period"].texts]
    units = [unit_of(t, {}) if t else ("", "empty") for t in text["unit"].texts]
    if text["period"].any_at([i for i, p in enumerate(periods) if len(p) == 1]) \
            or text["unit"].any_at([i for i, (_, error) in enumerate(units) if error]):
        return None
    values = _numbers(raw["value"], allow_empty=False)
    revision, denominator = (_good_optional(raw, c) for c in ("revision", "denominator"))
    net = _flags(raw)
    if values is None or revision is None or denominator is None or net is None:
        return None
    unit_texts = [u for u, _ in units]
    signed = [i for i, u in enumerate(unit_texts) if never_negative(u)]
    if ((values < 0) & np.isin(text["unit"].codes, signed) & ~net).any():
        return None
    if known is not None and not _all_known(text, unit_texts, known):
        return None
    return _frame(raw, text, periods, unit_texts, values, revision, denominator, net, file)


def _flags(raw: pd.DataFrame) -> np.ndarray | None:
    """The optional ``net`` column as bools (False where empty or absent), ``None`` when a
    cell is neither yes nor no as :func:`~cdrpkit.figurecells.cell_flag` reads it."""
    import numpy as np

    if "net" not in raw.columns:
        return np.zeros(len(raw), dtype=bool)
    return _each_distinct(raw["net"], cell_flag, bool)  # an empty cell says no


def _lines_are_plain(raw: pd.DataFrame) -> bool:
    """No ``line`` column, or one of whole numbers from 1 (anything else: row by row)."""
    from pandas.api import types

    if "line" not in raw.columns:
        return True
    line = raw["line"]
    return bool(types.is_integer_dtype(line.dtype) and not types.is_bool_dtype(line.dtype)
                and line.notna().all() and (line > 0).all())


def _all_known(text: dict[str, _Column], unit_texts: list[str], known: Known) -> bool:
    import numpy as np

    keys = np.stack([text[c].codes for c in ("partnership", "target", "indicator", "unit")])
    failed: list[str] = []
    unit_ok: dict[tuple[str, str], bool] = {}
    for p, t, i, u in np.unique(keys, axis=1).T:
        rec = {"partnership": text["partnership"].texts[p], "target": text["target"].texts[t],
               "indicator": text["indicator"].texts[i]}
        check_known(rec, unit_texts[u], known, unit_ok, lambda m, c: failed.append(m))
        if failed:
            return False
    return True


def _frame(raw: pd.DataFrame, text: dict[str, _Column], periods: list[tuple[Any, ...]],
           unit_texts: list[str], values: np.ndarray, revision: np.ndarray,
           denominator: np.ndarray, net: np.ndarray, file: str | None) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    period = text["period"]
    # A text no row has (the empty text is always listed) may not be a period: a
    # placeholder, never picked.
    periods = [p if len(p) == 5 else ("", "", 0, 0, None) for p in periods]
    n = len(raw)
    line = raw["line"].to_numpy(dtype=np.int64) if "line" in raw.columns else np.arange(n)
    columns: dict[str, Any] = {c: text[c].each(text[c].texts)
                               for c in ("partnership", "indicator", "target", "source",
                                         "status")}
    columns.update({
        "period": period.each([p[0] for p in periods]),
        "value": values,
        "unit": text["unit"].each(unit_texts),
        "revision": revision,
        "denominator": denominator,
        "net": net,
        "period_kind": period.each([p[1] for p in periods]),
        "fy": period.each([p[2] for p in periods]).astype(np.int64),
        "sub": period.each([p[3] for p in periods]).astype(np.int64),
        "period_end": period.each([p[4] for p in periods]),
        "file": np.full(n, file, dtype=object),
        "line": line,
    })
    return pd.DataFrame(columns, columns=list(OUTPUT_COLUMNS))

