"""Strategies as tables: one row per target, one row per action and classification.

These are the tables users export, compare and join to their own data. Their columns
are part of the public contract (see ARCHITECTURE.md); new columns may be added at the
end, existing ones are not renamed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cdrpkit.model import Strategy
from cdrpkit.plugins import Plugins, resolve

if TYPE_CHECKING:
    import pandas as pd

TARGET_COLUMNS: tuple[str, ...] = (
    "partnership",
    "theme",
    "priority",
    "objective",
    "target_id",
    "text",
    "kind",
    "indicator",
    "family",
    "direction",
    "bound",
    "baseline_value",
    "baseline_period",
    "target_value",
    "target_period",
    "deadline",
    "annual_change",
    "unit",
    "subject_to",
    "provisional",
    "path",
)

ACTION_COLUMNS: tuple[str, ...] = (
    "partnership",
    "theme",
    "priority",
    "objective",
    "action_id",
    "text",
    "lead",
    "framework",
    "axis",
    "category",
    "source",
    "note",
    "path",
)


def target_rows(strategy: Strategy, plugins: Plugins | None = None) -> list[dict[str, Any]]:
    """The rows of :func:`targets_frame` as plain dictionaries (no pandas needed)."""
    host = resolve(plugins)
    families = {i.id: i.family for i in host.indicators.values()}
    families.update({i.id: i.family for i in strategy.indicators})
    rows = []
    for node in strategy.targets():
        target = node.node
        summary = target.summary()
        row: dict[str, Any] = {
            "partnership": strategy.partnership.id,
            "theme": node.theme.id if node.theme else None,
            "priority": node.priority.id if node.priority else None,
            "objective": node.objective.id if node.objective else None,
            "target_id": target.id,
            "text": target.text,
            "indicator": target.indicator,
            "family": families.get(target.indicator) if target.indicator else None,
            "unit": target.unit,
            "subject_to": target.subject_to,
            "provisional": target.provisional,
            "path": node.path,
        }
        row.update(summary)
        rows.append({c: row.get(c) for c in TARGET_COLUMNS} | {
            k: v for k, v in summary.items() if k not in TARGET_COLUMNS
        })
    return rows


def action_rows(strategy: Strategy, plugins: Plugins | None = None) -> list[dict[str, Any]]:
    """The rows of :func:`actions_frame` as plain dictionaries (no pandas needed)."""
    frameworks = resolve(plugins).frameworks
    rows = []
    for node in strategy.actions():
        action = node.node
        base = {
            "partnership": strategy.partnership.id,
            "theme": node.theme.id if node.theme else None,
            "priority": node.priority.id if node.priority else None,
            "objective": node.objective.id if node.objective else None,
            "action_id": action.id,
            "text": action.text,
            "lead": action.lead,
            "path": node.path,
        }
        # An action nobody has classified still gets its row: nothing is dropped.
        for c in action.classifications or [None]:
            row = dict(base)
            row["framework"] = c.framework if c else None
            row["axis"] = (c.axis or _only_axis(frameworks.get(c.framework))) if c else None
            row["category"] = c.category if c else None
            row["source"] = c.source if c else None
            row["note"] = c.note if c else None
            rows.append({col: row.get(col) for col in ACTION_COLUMNS})
    return rows


def _only_axis(framework: Any) -> str | None:
    if framework is None or len(framework.axes) != 1:
        return None
    axis_id: str = framework.axes[0].id
    return axis_id


def targets_frame(strategy: Strategy, plugins: Plugins | None = None) -> pd.DataFrame:
    """One row per target, with the columns of :data:`TARGET_COLUMNS` and kind extras.

    >>> import cdrpkit
    >>> frame = cdrpkit.load("tests/data/minimal").targets_frame().set_index("target_id")
    >>> row = frame.loc["burglary.t1"]
    >>> [float(row[c]) for c in ("baseline_value", "target_value", "annual_change")]
    [2806.0, 2331.0, -0.06]
    >>> row.target_period
    '2007/08'
    """
    import pandas as pd

    rows = target_rows(strategy, plugins)
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=list(TARGET_COLUMNS))
    return frame


def actions_frame(strategy: Strategy, plugins: Plugins | None = None) -> pd.DataFrame:
    """One row per action and classification, with the columns of :data:`ACTION_COLUMNS`."""
    import pandas as pd

    return pd.DataFrame(action_rows(strategy, plugins), columns=list(ACTION_COLUMNS))
