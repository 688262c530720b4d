"""Compare the target regimes of several partnerships: :func:`compare`.

The comparison is a handful of tables (pandas DataFrames), one idea each:

- ``profile``: one row per partnership: targets by family, kind and direction, SMART and
  yearly-trajectory shares, provisional and conditional targets, checker findings
  (:mod:`cdrpkit.comparison.profile`);
- ``ambition``: one row per numeric target, its change as an equivalent compound yearly
  change over its own span, with rates per 1,000 (:mod:`cdrpkit.comparison.ambition`);
- ``shared_indicators``: targets of different partnerships on the same or linked
  indicators (:mod:`cdrpkit.comparison.shared`);
- ``intervention_mix``: actions per framework category per partnership, through the
  crosswalks, each action counted once per framework (:mod:`cdrpkit.comparison.mix`),
  with ``placements`` giving each action's placement and the rationale used;
- ``crosswalks``: every crosswalk mapping available, with its rationale and source.

Partnerships are labelled by their id; a partnership with several strategies has each
labelled with the strategy's id too (``leicester (leicester-2008)``), and the very same
strategy given twice gets `` (2)``, so a strategy can be compared with itself.

This package is called ``comparison``, not ``compare``, so that importing it can never
hide the function :func:`cdrpkit.compare` behind a module of the same name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.comparison.ambition import (
    AMBITION_COLUMNS,
    ambition_rows,
    equivalent_annual_change,
    span,
)
from cdrpkit.comparison.mix import PLACEMENT_COLUMNS, axes_to_compare, placement_rows
from cdrpkit.comparison.profile import profile_row
from cdrpkit.comparison.shared import SHARED_COLUMNS, shared_rows
from cdrpkit.errors import InputError, Problem
from cdrpkit.frames import target_rows
from cdrpkit.loading import Source, load
from cdrpkit.model import Strategy
from cdrpkit.plugins import Plugins, resolve

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Comparison",
    "compare",
    "equivalent_annual_change",
    "span",
]

TABLES: tuple[str, ...] = (
    "profile",
    "ambition",
    "shared_indicators",
    "intervention_mix",
    "placements",
    "crosswalks",
)

MIX_COLUMNS: tuple[str, ...] = ("partnership", "framework", "axis", "category", "route", "actions")
CROSSWALK_COLUMNS: tuple[str, ...] = (
    "crosswalk",
    "source_framework",
    "source_axis",
    "source_category",
    "when",
    "target_framework",
    "target_axis",
    "target_category",
    "source",
    "rationale",
    "plugin",
)


@attrs.frozen(kw_only=True)
class Comparison:
    """The tables comparing several partnerships' target regimes (see :func:`compare`)."""

    partnerships: tuple[str, ...]
    profile: Any
    ambition: Any
    shared_indicators: Any
    intervention_mix: Any
    placements: Any
    crosswalks: Any

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in a stable order (the names of :data:`TABLES`)."""
        return {name: getattr(self, name) for name in TABLES}

    def mix_wide(self, framework: str = "three-pronged", axis: str | None = None) -> pd.DataFrame:
        """The intervention mix on one framework axis: partnerships by categories.

        Columns are the framework's categories in its own order, then any unmapped or
        unclassified columns; every row adds up to the partnership's number of actions.
        """
        mix = self.intervention_mix
        chosen = mix[mix["framework"] == framework]
        if axis is not None:
            chosen = chosen[chosen["axis"] == axis]
        wide = chosen.pivot_table(
            index="partnership", columns="category", values="actions", aggfunc="sum",
            fill_value=0.0, sort=False,
        )
        wide = wide.reindex(list(self.partnerships), fill_value=0.0)
        wide.columns.name = None
        result: pd.DataFrame = wide
        return result


def compare(
    strategies: Iterable[Source], *, plugins: Plugins | None = None,
    frameworks: Iterable[str] | None = None,
) -> Comparison:
    """Compare the target regimes of several strategies.

    :param strategies: strategies, or anything :func:`cdrpkit.load` takes (a file, a
        directory, a registered name); at least one.
    :param plugins: the plugin host (indicators, frameworks, crosswalks, checks).
    :param frameworks: the frameworks to compare intervention mixes on; by default every
        framework some partnership classifies its actions in, and every framework a
        crosswalk leads to from those.

    >>> import cdrpkit
    >>> c = cdrpkit.compare(["tests/data/minimal", "tests/data/minimal"])
    >>> c.partnerships
    ('demo', 'demo (2)')
    >>> round(float(c.ambition.loc[0, "annual_equivalent"]), 4)
    -0.0599
    """
    host = resolve(plugins)
    loaded = [load(s, plugins=host) for s in strategies]
    if not loaded:
        raise InputError([Problem("compare needs at least one strategy")])
    labelled = _labels(loaded)
    indicators = dict(host.indicators)
    for _, s in labelled:
        for ind in s.indicators:
            indicators.setdefault(ind.id, ind)
    return _build(labelled, indicators, host, frameworks)


def _labels(strategies: list[Strategy]) -> list[tuple[str, Strategy]]:
    """Each strategy's label: its partnership's id, with the strategy's own id when the
    partnership has several strategies ("leicester (leicester-2008)"), and a number only
    when the very same strategy is given twice."""
    ids: dict[str, set[str]] = {}
    for s in strategies:
        ids.setdefault(s.partnership.id, set()).add(s.id)
    seen: Counter[str] = Counter()
    out = []
    for s in strategies:
        base = s.partnership.id
        label = base if len(ids[base]) == 1 else f"{base} ({s.id})"
        seen[label] += 1
        out.append((label if seen[label] == 1 else f"{label} ({seen[label]})", s))
    return out


def _build(
    labelled: list[tuple[str, Strategy]], indicators: dict[str, Any], host: Plugins,
    frameworks: Iterable[str] | None,
) -> Comparison:
    import pandas as pd

    labels = tuple(label for label, _ in labelled)
    profile = pd.DataFrame([profile_row(lb, s, indicators, host) for lb, s in labelled])
    counted = [c for c in profile.columns if c.split(":")[0] in ("family", "kind", "direction")
               or c.startswith("findings:")]
    profile[counted] = profile[counted].fillna(0).astype(int)

    ambition = [r for lb, s in labelled for r in ambition_rows(lb, s, indicators)]
    targets = []
    for label, s in labelled:
        for row in target_rows(s, host):
            targets.append(row | {"partnership": label})
    equivalents = {(r["partnership"], r["target_id"]): r["annual_equivalent"] for r in ambition}
    for row in targets:
        row["annual_equivalent"] = equivalents.get((row["partnership"], row["target_id"]))

    known_fw = host.frameworks
    walks = host.crosswalks
    pairs = axes_to_compare(labelled, known_fw, walks)
    if frameworks is not None:
        wanted = list(frameworks)
        pairs = [p for p in pairs if p[0] in wanted] + [
            (fw, ax.id) for fw in wanted if fw in known_fw for ax in known_fw[fw].axes
            if (fw, ax.id) not in pairs
        ]
    placements = [
        row
        for fw, axis in pairs
        for label, s in labelled
        for row in placement_rows(label, s, fw, axis, known_fw, walks)
    ]
    place_frame = pd.DataFrame(placements, columns=list(PLACEMENT_COLUMNS))
    return Comparison(
        partnerships=labels,
        profile=profile,
        ambition=pd.DataFrame(ambition, columns=list(AMBITION_COLUMNS)),
        shared_indicators=pd.DataFrame(
            shared_rows(targets, indicators), columns=list(SHARED_COLUMNS)
        ),
        intervention_mix=_mix(place_frame, labels, pairs, known_fw),
        placements=place_frame,
        crosswalks=pd.DataFrame(_crosswalk_rows(host), columns=list(CROSSWALK_COLUMNS)),
    )


def _mix(
    placements: pd.DataFrame, labels: tuple[str, ...], pairs: list[tuple[str, str]],
    frameworks: dict[str, Any],
) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for fw, axis in pairs:
        framework = frameworks.get(fw)
        declared = [c.id for c in framework.axis(axis).categories] if framework else []
        here = placements[(placements["framework"] == fw) & (placements["axis"] == axis)]
        extra = [c for c in dict.fromkeys(here["category"]) if c not in declared]
        for label in labels:
            mine = here[here["partnership"] == label]
            for category in [*declared, *extra]:
                hit = mine[mine["category"] == category]
                routes = sorted(set(hit["route"]))
                rows.append({
                    "partnership": label, "framework": fw, "axis": axis, "category": category,
                    "route": "+".join(routes) if routes else None,
                    "actions": round(float(hit["weight"].sum()), 6),
                })
    return pd.DataFrame(rows, columns=list(MIX_COLUMNS))


def _crosswalk_rows(host: Plugins) -> list[dict[str, Any]]:
    rows = []
    for cw in host.crosswalks.values():
        plugin = host.origin("cdrpkit_register_crosswalks", cw.id)
        for m in cw.mappings:
            rows.append({
                "crosswalk": cw.id,
                "source_framework": cw.source_framework,
                "source_axis": cw.source_axis,
                "source_category": m.source_category,
                "when": ", ".join(f"{k}={v}" for k, v in sorted(m.when.items())) or None,
                "target_framework": cw.target_framework,
                "target_axis": cw.target_axis,
                "target_category": m.target_category,
                "source": m.source,
                "rationale": m.rationale,
                "plugin": plugin,
            })
    return rows
