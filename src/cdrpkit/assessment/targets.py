"""The targets of the strategies assessed, read once into a table.

One row per target with what the assessment needs beyond the engine's expectations:
where it sits (partnership, theme), what it measures (indicator, unit, polarity), how it
is judged (``delivers``, ``granularity`` from its kind) and the denominators of its
partnership. Nothing here depends on the kind's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.context import StrategyContext

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from cdrpkit.model import Indicator, Strategy, Target
    from cdrpkit.periods import Period
    from cdrpkit.plugins import Plugins

__all__ = ["TARGET_COLUMNS", "TargetTable", "polarity", "targets_table"]

#: Columns of the targets table (:attr:`cdrpkit.assessment.Assessment.targets`).
TARGET_COLUMNS: tuple[str, ...] = (
    "key", "partnership", "theme", "theme_title", "target_id", "kind", "text", "indicator",
    "unit", "bound", "direction", "higher_is_better", "delivers", "granularity",
    "population", "households", "dispersion", "target",
)

# Deliverables and targets without an indicator: more delivered is better.
_DIRECTION_POLARITY = {"reduce": 0.0, "maintain": 0.0, "increase": 1.0, "deliver": 1.0,
                       "establish": 1.0, "commit": 1.0}


def polarity(indicator: Indicator | None, direction: str | None) -> float:
    """1.0 where higher is better, 0.0 where lower is, NaN when neither is known."""
    if indicator is not None:
        higher = indicator.higher_is_better
        if higher is not None:
            return 1.0 if higher else 0.0
    return _DIRECTION_POLARITY.get(direction or "", float("nan"))


@attrs.frozen
class TargetTable:
    """The targets table, the targets themselves, and per target its strategy's span and
    its seasonal profile (an n x 4 array, equal quarters where none is stated)."""

    frame: pd.DataFrame
    targets: list[Target]
    spans: list[tuple[Period, Period] | None]
    profiles: np.ndarray


def _indicator_columns(context: StrategyContext, ids: Sequence[str | None]
                       ) -> tuple[list[Indicator | None], list[tuple[float, ...]], list[float]]:
    """Per target: its indicator, seasonal profile and dispersion factor, each distinct
    indicator looked up once."""
    from cdrpkit.model.engine import EQUAL_QUARTERS

    found: dict[str | None, tuple[Indicator | None, tuple[float, ...], float]] = {}
    for ident in set(ids):
        indicator = context.indicator(ident)
        profile = getattr(indicator, "seasonal_profile", None)
        found[ident] = (indicator, tuple(profile) if profile else EQUAL_QUARTERS,
                        float(getattr(indicator, "dispersion", None) or 1.0))
    rows = [found[i] for i in ids]
    return [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]


def targets_table(strategies: Sequence[Strategy], plugins: Plugins | None) -> TargetTable:
    """Every target of every strategy, in document order: the one pass over the targets."""
    import numpy as np
    import pandas as pd

    columns: dict[str, list[Any]] = {name: [] for name in TARGET_COLUMNS}
    targets: list[Target] = []
    spans: list[tuple[Period, Period] | None] = []
    profiles: list[tuple[float, ...]] = []
    for strategy in strategies:
        context = StrategyContext.of(strategy, plugins)
        part = strategy.partnership
        themes, its_targets = strategy.themed_targets()
        n = len(its_targets)
        pid = part.id
        inds, its_profiles, dispersion = _indicator_columns(
            context, [t.indicator for t in its_targets])
        # One pass over the targets, one tuple each, then the columns by transposing.
        per_target = [
            (f"{pid}/{t.id}", t.id, t.kind, t.text, t.indicator or "",
             t.unit or (i.unit if i else None) or "", t.bound or "", t.direction or "",
             type(t).delivers, t.granularity)
            for t, i in zip(its_targets, inds, strict=True)]
        (keys, ids, kinds, texts, indicators, units, bounds, directions, delivers,
         granularity) = (list(c) for c in zip(*per_target, strict=True)) if n else \
            ([] for _ in range(10))
        columns["key"] += keys
        columns["partnership"] += [pid] * n
        columns["theme"] += [th.id if th else "" for th in themes]
        columns["theme_title"] += [th.title if th else "Partnership objectives"
                                   for th in themes]
        columns["target_id"] += ids
        columns["kind"] += kinds
        columns["text"] += texts
        columns["indicator"] += indicators
        columns["unit"] += units
        columns["bound"] += bounds
        columns["direction"] += directions
        columns["higher_is_better"] += [polarity(i, d)
                                        for i, d in zip(inds, directions, strict=True)]
        columns["delivers"] += delivers
        columns["granularity"] += granularity
        columns["population"].extend(
            [float(part.population.value) if part.population else np.nan] * n)
        columns["households"].extend(
            [float(part.households.value) if part.households else np.nan] * n)
        columns["dispersion"].extend(dispersion)
        columns["target"].extend(its_targets)
        targets.extend(its_targets)
        spans.extend([context.span] * n)
        profiles.extend(its_profiles)
    frame = pd.DataFrame({
        name: (np.array(values, dtype=float) if name in ("higher_is_better", "population",
                                                          "households", "dispersion")
               else np.array(values, dtype=bool) if name == "delivers"
               else pd.Series(values, dtype=object))
        for name, values in columns.items()
    }, copy=False)
    return TargetTable(frame, targets, spans,
                       np.array(profiles, dtype=float).reshape(len(targets), 4))
