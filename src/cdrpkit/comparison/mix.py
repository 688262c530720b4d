"""Intervention mix: each action placed once in a framework, natively or through a crosswalk.

For each framework axis compared, every action of every partnership counts exactly once:

- *native*: the action is classified in that framework; an action in two categories
  counts half in each, so a partnership's row still adds up to its number of actions;
- *crosswalk*: the action is classified in another framework that a crosswalk maps onto
  this one; the most specific matching mapping wins (a mapping that also pins the other
  axes of a two-axis framework beats one that does not); equally specific mappings to
  different categories share the action;
- *reverse*: the action is classified in the framework a crosswalk leads TO, and this
  framework is where the crosswalk comes FROM: each of its categories goes back to the
  one category every mapping onto it names on this axis (enforcement -> the enforcement
  method; rehabilitation -> the tertiary stage). Where the mappings name several
  (prevention may be situational or social), the action is *unmapped* and its category
  says so plainly: ``(cannot map) three-pronged:prevention could be situational or
  social``;
- *unmapped*: classified, but no mapping applies; the category is named
  ``(unmapped) stage-and-method:tertiary`` so it is shown, never dropped (or just
  ``(unmapped) three-pronged`` when no crosswalk leads from that framework at all);
- *unclassified*: the action has no classification at all (``(unclassified)``), or
  only on another axis of this framework (``(no stage)``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from cdrpkit.model import Action, Crosswalk, Framework, Mapping, Strategy

UNCLASSIFIED = "(unclassified)"
UNMAPPED = "(unmapped)"

PLACEMENT_COLUMNS: tuple[str, ...] = (
    "partnership",
    "action_id",
    "framework",
    "axis",
    "category",
    "weight",
    "route",
    "source",
    "crosswalk",
    "rationale",
    "text",
)


def axes_to_compare(
    strategies: list[tuple[str, Strategy]],
    frameworks: dict[str, Framework],
    crosswalks: dict[str, Crosswalk],
) -> list[tuple[str, str]]:
    """The (framework, axis) pairs some partnership uses, and those crosswalks lead to."""
    used: list[tuple[str, str]] = []
    for _label, strategy in strategies:
        for node in strategy.actions():
            for c in node.node.classifications:
                axis = _axis_of(c.framework, c.axis, frameworks)
                if axis is not None and (c.framework, axis) not in used:
                    used.append((c.framework, axis))
    reached = [
        (cw.target_framework, cw.target_axis)
        for cw in crosswalks.values()
        if any(fw == cw.source_framework for fw, _ in used)
    ]
    for pair in reached:
        if pair not in used:
            used.append(pair)
    return used


def placement_rows(
    label: str,
    strategy: Strategy,
    framework: str,
    axis: str,
    frameworks: dict[str, Framework],
    crosswalks: dict[str, Crosswalk],
) -> list[dict[str, Any]]:
    """One row per action and category it lands in on ``framework``'s ``axis``.

    The weights of one action's rows add up to 1.
    """
    walks = [
        cw
        for cw in crosswalks.values()
        if cw.target_framework == framework and cw.target_axis == axis
    ]
    back = [cw for cw in crosswalks.values() if cw.source_framework == framework]
    rows = []
    for node in strategy.actions():
        action: Action = node.node
        base = {"partnership": label, "action_id": action.id, "framework": framework,
                "axis": axis, "text": action.text, "crosswalk": None, "rationale": None,
                "source": None}
        for placed in _place(action, framework, axis, frameworks, walks, back):
            rows.append({c: (base | placed).get(c) for c in PLACEMENT_COLUMNS})
    return rows


def _axis_of(framework: str, axis: str | None, frameworks: dict[str, Framework]) -> str | None:
    if axis is not None:
        return axis
    known = frameworks.get(framework)
    if known is not None and len(known.axes) == 1:
        return known.axes[0].id
    return None


def _categories(
    action: Action, frameworks: dict[str, Framework]
) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(framework, axis) -> [(category, source)] for one action."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for c in action.classifications:
        axis = _axis_of(c.framework, c.axis, frameworks) or "?"
        found[(c.framework, axis)].append((c.category, c.source))
    return found


def _place(
    action: Action,
    framework: str,
    axis: str,
    frameworks: dict[str, Framework],
    walks: list[Crosswalk],
    back: list[Crosswalk] = [],  # noqa: B006 - read only
) -> list[dict[str, Any]]:
    cats = _categories(action, frameworks)
    native = cats.get((framework, axis))
    if native:
        distinct = list(dict.fromkeys(cat for cat, _ in native))
        sources = dict(native)
        return [
            {"category": cat, "weight": 1 / len(distinct), "route": "native",
             "source": sources[cat]}
            for cat in distinct
        ]
    matches: list[tuple[int, Crosswalk, Mapping]] = []
    for cw in walks:
        for m in cw.mappings:
            if _matches(m, cw, cats):
                matches.append((1 + len(m.when), cw, m))
    if matches:
        best = max(score for score, _, _ in matches)
        chosen: dict[str, tuple[Crosswalk, Mapping]] = {}
        for score, cw, m in matches:
            if score == best:
                chosen.setdefault(m.target_category, (cw, m))
        return [
            {"category": cat, "weight": 1 / len(chosen), "route": "crosswalk",
             "source": m.source, "crosswalk": cw.id, "rationale": m.rationale}
            for cat, (cw, m) in chosen.items()
        ]
    if not action.classifications:
        return [{"category": UNCLASSIFIED, "weight": 1.0, "route": "unclassified"}]
    reversed_ = _reverse(cats, framework, axis, frameworks, back)
    if reversed_:
        return reversed_
    if any(fw == framework for fw, _ in cats):
        # Classified in this framework, but on its other axis only.
        return [{"category": f"(no {axis})", "weight": 1.0, "route": "unclassified"}]
    return [{"category": _unmapped_label(action, cats, walks), "weight": 1.0,
             "route": "unmapped"}]


def _matches(m: Mapping, cw: Crosswalk, cats: dict[tuple[str, str], list[tuple[str, str]]]) -> bool:
    def has(axis: str, category: str) -> bool:
        return any(c == category for c, _ in cats.get((cw.source_framework, axis), ()))

    return has(cw.source_axis, m.source_category) and all(
        has(other, cat) for other, cat in m.when.items()
    )


def _unmapped_label(
    action: Action, cats: dict[tuple[str, str], list[tuple[str, str]]], walks: list[Crosswalk]
) -> str:
    # Name the categories a crosswalk could have used; where no crosswalk leads from the
    # action's frameworks at all, name the frameworks only, so columns stay few.
    sources = {cw.source_framework for cw in walks}
    keys = [k for k in cats if k[0] in sources]
    if not keys:
        return f"{UNMAPPED} {'; '.join(sorted({fw for fw, _ in cats}))}"
    by_framework: dict[str, list[str]] = defaultdict(list)
    for fw, axis in keys:
        by_framework[fw].extend(cat for cat, _ in cats[(fw, axis)])
    parts = [f"{fw}:{'+'.join(dict.fromkeys(c))}" for fw, c in sorted(by_framework.items())]
    return f"{UNMAPPED} {'; '.join(parts)}"


def _reverse(
    cats: dict[tuple[str, str], list[tuple[str, str]]], framework: str, axis: str,
    frameworks: dict[str, Framework], back: list[Crosswalk],
) -> list[dict[str, Any]]:
    """Place an action through crosswalks read backwards (see the module docstring)."""
    for (fw, fw_axis), found in cats.items():
        walks = [cw for cw in back if (cw.target_framework, cw.target_axis) == (fw, fw_axis)]
        if not walks or fw == framework:
            continue
        distinct = list(dict.fromkeys(cat for cat, _ in found))
        out = []
        for cat in distinct:
            names, why, via = _inverse(walks, cat, axis)
            if not names:
                return []
            if len(names) == 1:
                out.append({"category": names[0], "weight": 1 / len(distinct),
                            "route": "reverse", "source": "inferred", "crosswalk": via,
                            "rationale": f"read back from {via}: {why}"})
            else:
                shown = ", ".join(names[:-1]) + f" or {names[-1]}"
                out.append({"category": f"(cannot map) {fw}:{cat} could be {shown}",
                            "weight": 1 / len(distinct), "route": "unmapped"})
        return out
    return []


def _inverse(walks: list[Crosswalk], category: str, axis: str) -> tuple[list[str], str, str]:
    """The categories of ``axis`` that the mappings onto ``category`` name, with a reason.

    A mapping names a category of ``axis`` as its source category (when the crosswalk
    comes from ``axis``) or in its ``when``; a mapping that names none says nothing
    about ``axis`` and is left out.
    """
    names: list[str] = []
    reasons: list[str] = []
    via = ""
    for cw in walks:
        for m in cw.mappings:
            if m.target_category != category:
                continue
            if cw.source_axis == axis:
                named = m.source_category
            elif axis in m.when:
                named = m.when[axis]
            else:
                continue
            if named not in names:
                names.append(named)
            reasons.append(m.rationale)
            via = via or cw.id
    return names, "; ".join(dict.fromkeys(reasons)), via
