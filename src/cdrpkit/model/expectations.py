"""What targets expect, period by period: one row per target and period, as columns.

This is the one answer to "what does this target expect in this period", which
:func:`cdrpkit.trajectory`, the checker, :func:`cdrpkit.assess`, the reports and the
comparison all read (see :mod:`cdrpkit.model.engine`, which asks each target kind).

An :class:`ExpectationTable` holds, for many targets at once, one row per target and
period: a financial year, quarter or month (by its code, :mod:`cdrpkit.periods.codes`),
or the deadline of a deliverable. Per row:

``expected``
    the value the target puts in the period, in its unit (NaN when none is known: a
    relative change with no stated baseline value has only ``relative``);
``relative``
    the same as a multiple of the baseline;
``threshold`` and ``bound``
    what meets the target in the period ("at most 2,331"), when the document commits to
    something there;
``final``
    whether the published value decides in this period (met or not met) rather than
    the trajectory (on track or not): the target year, the years a level is held, every
    year of an "each year" target, every interval of a recurring deliverable, a deadline;
``stated``
    whether ``expected`` is the document's own figure (else we computed it);
``step``
    which part of the target the period is (:data:`STEPS`).

:class:`Expectation` is one row as an object, for one target at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from cdrpkit.periods import FinancialYear, Period
from cdrpkit.periods import codes as period_codes

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "BOUNDS",
    "FINAL_STEPS",
    "STEPS",
    "Expectation",
    "ExpectationTable",
    "Step",
]

Step = Literal["baseline", "trajectory", "target", "maintain", "each-year", "deliver", "due"]
#: The parts of a target a period can be, by code.
STEPS: tuple[str, ...] = (
    "baseline", "trajectory", "target", "maintain", "each-year", "deliver", "due",
)
#: Steps in which the published value decides, when the row has a threshold.
FINAL_STEPS: frozenset[str] = frozenset({"target", "maintain", "each-year", "deliver", "due"})
#: Which side of a threshold meets a target, by code.
BOUNDS: tuple[str, ...] = ("at_most", "below", "at_least", "above", "exactly")
#: The ``per`` of a deadline row's code: it is no division of a financial year.
DEADLINE = 0
_COLUMNS = ("target", "code", "expected", "relative", "threshold", "bound", "stated", "step",
            "final")


@attrs.frozen(kw_only=True)
class Expectation:
    """What a target expects in one period (a row of an :class:`ExpectationTable`).

    ``period`` is a financial year, quarter or month, or a deadline (any period, due on
    its last day). ``expected`` is the value the target puts in the period (``None``
    when none is known); ``relative`` the same as a multiple of the baseline. ``bound``
    and ``threshold`` say what meets the target in the period ("at_most" 2,331), or are
    ``None`` when the document commits to nothing there. ``source`` is ``stated`` when
    ``expected`` is the document's own figure and ``inferred`` when it was computed;
    ``step`` says which part of the target the period is. ``final`` says whether the
    published value decides in the period; ``None`` (a plugin kind that does not say)
    reads it from ``step`` and ``threshold`` (:attr:`decides`).
    """

    period: Period
    expected: float | None
    relative: float | None = None
    bound: str | None = None
    threshold: float | None = None
    source: Literal["stated", "inferred"] = "inferred"
    step: Step = "trajectory"
    note: str | None = None
    final: bool | None = None

    @property
    def decides(self) -> bool:
        """Whether the published value decides in this period (``final``, or read from
        ``step`` and ``threshold`` when ``final`` is not given)."""
        if self.final is not None:
            return self.final
        return self.step in FINAL_STEPS and self.threshold is not None


def _moved(by_row: dict[int, Any], rows: np.ndarray, size: int) -> dict[int, Any]:
    """``by_row`` keyed by each row's new position once ``rows`` are taken (in order)."""
    import numpy as np

    if not by_row or not len(rows):
        return {}
    keys = np.fromiter(by_row, dtype=np.intp, count=len(by_row))
    hit = np.isin(rows, keys)
    return {int(new): by_row[int(old)] for new, old in zip(
        np.flatnonzero(hit).tolist(), rows[hit].tolist(), strict=True)}


def _nan(value: float | None) -> float:
    return float("nan") if value is None else float(value)


def _none(value: Any) -> float | None:
    value = float(value)
    return None if value != value else value


@attrs.frozen
class ExpectationTable:
    """What many targets expect, one row per target and period, as numpy columns.

    ``target`` is each row's position in the list of targets asked about; ``code`` its
    period code (:mod:`cdrpkit.periods.codes`; a deadline row has ``per`` 0 and its
    period in ``deadlines``); ``bound`` and ``step`` are codes into :data:`BOUNDS` (-1:
    none) and :data:`STEPS`; ``notes`` maps a row to its note. Rows of a target are in
    period order.
    """

    target: np.ndarray
    code: np.ndarray
    expected: np.ndarray
    relative: np.ndarray
    threshold: np.ndarray
    bound: np.ndarray
    stated: np.ndarray
    step: np.ndarray
    final: np.ndarray
    notes: dict[int, str] = attrs.field(factory=dict)
    deadlines: dict[int, Period] = attrs.field(factory=dict)

    def __len__(self) -> int:
        return len(self.target)

    @property
    def per(self) -> np.ndarray:
        """Each row's division of the year: 1 year, 4 quarter, 12 month, 0 deadline."""
        return self.code // 100 % 100

    @classmethod
    def empty(cls) -> ExpectationTable:
        """A table with no rows."""
        import numpy as np

        ints, floats = np.zeros(0, np.int64), np.zeros(0)
        return cls(ints, ints, floats, floats, floats, np.zeros(0, np.int8),
                   np.zeros(0, bool), np.zeros(0, np.int8), np.zeros(0, bool))

    @classmethod
    def from_expectations(cls, rows: Iterable[tuple[int, Expectation]]) -> ExpectationTable:
        """A table from ``(target position, Expectation)`` pairs (a plugin kind's rows)."""
        import numpy as np

        rows = list(rows)
        if not rows:
            return cls.empty()
        codes, deadlines, notes = [], {}, {}
        for i, (_, e) in enumerate(rows):
            found = period_codes.code_of(e.period)
            if found is None:  # not a year, quarter or month: a deadline
                fy = FinancialYear.containing(e.period.end).start_year
                found = period_codes.code(fy, DEADLINE)
                deadlines[i] = e.period
            codes.append(found)
            if e.note:
                notes[i] = e.note
        return cls(
            np.array([t for t, _ in rows], dtype=np.int64),
            np.array(codes, dtype=np.int64),
            np.array([_nan(e.expected) for _, e in rows]),
            np.array([_nan(e.relative) for _, e in rows]),
            np.array([_nan(e.threshold) for _, e in rows]),
            np.array([BOUNDS.index(e.bound) if e.bound else -1 for _, e in rows], np.int8),
            np.array([e.source == "stated" for _, e in rows], dtype=bool),
            np.array([STEPS.index(e.step) for _, e in rows], dtype=np.int8),
            np.array([e.decides for _, e in rows], dtype=bool),
            notes, deadlines,
        )

    @classmethod
    def concat(cls, tables: Sequence[ExpectationTable],
               offsets: Sequence[np.ndarray]) -> ExpectationTable:
        """One table from several, each ``target`` column mapped through its ``offsets``
        (the positions of that table's targets in the combined list)."""
        import numpy as np

        if not tables:
            return cls.empty()
        notes: dict[int, str] = {}
        deadlines: dict[int, Period] = {}
        start = 0
        for table in tables:
            notes.update({start + r: n for r, n in table.notes.items()})
            deadlines.update({start + r: p for r, p in table.deadlines.items()})
            start += len(table)
        columns = {name: np.concatenate([getattr(t, name) for t in tables])
                   for name in _COLUMNS[1:]}
        return cls(
            target=np.concatenate([o[t.target] for t, o in zip(tables, offsets, strict=True)]),
            **columns, notes=notes, deadlines=deadlines,
        )

    def take(self, rows: np.ndarray) -> ExpectationTable:
        """The table of these rows, in this order."""
        import numpy as np

        rows = np.asarray(rows, dtype=np.intp)
        return ExpectationTable(
            **{name: getattr(self, name)[rows] for name in _COLUMNS},
            notes=_moved(self.notes, rows, len(self)),
            deadlines=_moved(self.deadlines, rows, len(self)),
        )

    def period(self, row: int) -> Period:
        """The period of one row."""
        found = self.deadlines.get(row)
        return found if found is not None else period_codes.period_of(int(self.code[row]))

    def expectations(self, target: int = 0) -> tuple[Expectation, ...]:
        """The rows of one target as :class:`Expectation` objects, in period order."""
        import numpy as np

        out = []
        for row in np.flatnonzero(self.target == target).tolist():
            bound = int(self.bound[row])
            out.append(Expectation(
                period=self.period(row),
                expected=_none(self.expected[row]),
                relative=_none(self.relative[row]),
                bound=BOUNDS[bound] if bound >= 0 else None,
                threshold=_none(self.threshold[row]),
                source="stated" if self.stated[row] else "inferred",
                step=STEPS[int(self.step[row])],  # type: ignore[arg-type]
                note=self.notes.get(row),
                final=bool(self.final[row]),
            ))
        return tuple(out)
