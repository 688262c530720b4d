"""The regime profile of a partnership: what kind of targets it set, under which regime.

One row per partnership. Counts by indicator family (``family:BVPI``...; ``family:(none)``
for targets with no indicator), by kind and by direction; then:

- ``smart_share``: the share of targets with a stated baseline value, a deadline and an
  indicator the strategy or a plugin defines (``has_baseline_share``,
  ``has_deadline_share`` and ``has_indicator_share`` give each part);
- ``yearly_trajectory_share``: the share stating a yearly change (``annual_change``), so
  a value is expected each year, not just at the end;
- ``provisional`` and ``subject_to``: targets the document calls provisional, or makes
  subject to an agreement (LPSA2 and the like);
- ``findings:<severity>``: the checker's findings, or ``findings`` = "not available"
  when the checker is not installed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from cdrpkit.model import Indicator, Strategy
from cdrpkit.plugins import Plugins

NOT_AVAILABLE = "not available"


def profile_row(
    label: str, strategy: Strategy, indicators: dict[str, Indicator], plugins: Plugins
) -> dict[str, Any]:
    """The profile of one strategy (see the module docstring for the columns)."""
    targets = [n.node for n in strategy.targets()]
    known = set(indicators) | {i.id for i in strategy.indicators}
    families: dict[str, str] = {i.id: i.family for i in indicators.values()}
    families.update({i.id: i.family for i in strategy.indicators})
    row: dict[str, Any] = {
        "partnership": label,
        "strategy": strategy.id,
        "title": strategy.title,
        "targets": len(targets),
        "actions": sum(1 for _ in strategy.actions()),
    }
    by_family = Counter(families.get(t.indicator, "(unknown)") if t.indicator else "(none)"
                        for t in targets)
    row.update({f"family:{k}": v for k, v in sorted(by_family.items())})
    row.update({f"kind:{k}": v for k, v in sorted(Counter(t.kind for t in targets).items())})
    row.update({
        f"direction:{k}": v
        for k, v in sorted(Counter(t.direction or "(none)" for t in targets).items())
    })
    parts = {
        # A baseline we derived or read into the document (source: inferred) is not one
        # the document states, so it does not make a target SMART.
        "has_baseline": [t.baseline_measure is not None
                         and t.baseline_measure.source == "stated" for t in targets],
        "has_deadline": [t.deadline is not None for t in targets],
        "has_indicator": [bool(t.indicator) and t.indicator in known for t in targets],
    }
    smart = [all(flags) for flags in zip(*parts.values(), strict=True)]
    row["smart_share"] = _share(smart)
    for name, flags in parts.items():
        row[f"{name}_share"] = _share(flags)
    row["inferred_baseline_share"] = _share([
        t.baseline_measure is not None and t.baseline_measure.source != "stated"
        for t in targets])
    row["yearly_trajectory_share"] = _share([t.annual_change is not None for t in targets])
    row["provisional"] = sum(1 for t in targets if t.provisional)
    row["subject_to"] = sum(1 for t in targets if t.subject_to)
    row.update(_findings(strategy, plugins))
    return row


def _share(flags: list[bool]) -> float | None:
    return round(sum(flags) / len(flags), 4) if flags else None


def _findings(strategy: Strategy, plugins: Plugins) -> dict[str, Any]:
    try:
        from cdrpkit.checks import SEVERITIES, check
    except ImportError:
        return {"findings": NOT_AVAILABLE}
    found = check(strategy, plugins=plugins)
    counts: Counter[str] = Counter(f.severity for f in found)
    return {f"findings:{k}": counts.get(k, 0) for k in SEVERITIES} | {"findings": len(found)}
