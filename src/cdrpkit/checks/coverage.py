"""Coverage gaps: prongs and stage-and-method cells without actions, objectives without
targets, themes without a chair.

Framework gaps are judged only among actions classified under that framework, and each
message says how many of those classifications the document states and how many we
inferred, since a gap in our own reading is not the document's fault.
"""

from __future__ import annotations

from collections.abc import Iterator

from cdrpkit.checks.runner import CheckContext, Finding
from cdrpkit.model import Action, Classification, Objective, Priority, Strategy
from cdrpkit.plugins.declarations import Rule

THREE_PRONGED = "three-pronged"
STAGE_AND_METHOD = "stage-and-method"


def _count(n: int, noun: str) -> str:
    """'1 classification', '2 classifications'."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _sources(classifications: list[Classification]) -> str:
    stated = sum(1 for c in classifications if c.source == "stated")
    inferred = len(classifications) - stated
    return f"{stated} stated by the document, {inferred} inferred by us"


def _groups(strategy: Strategy) -> Iterator[tuple[str, str, list[Action]]]:
    """(path, label, actions) by priority, or by objective where there is no priority."""
    groups: dict[int, tuple[str, str, list[Action]]] = {}
    for node in strategy.walk():
        if isinstance(node.node, Priority):
            groups[id(node.node)] = (node.path, f"Priority '{node.node.title}'", [])
        elif isinstance(node.node, Objective) and node.priority is None:
            groups[id(node.node)] = (node.path, f"Objective '{node.node.title}'", [])
        elif isinstance(node.node, Action):
            holder = node.priority if node.priority is not None else node.objective
            groups[id(holder)][2].append(node.node)
    yield from groups.values()


def prongs(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Priorities whose actions leave a prong of the three-pronged approach empty."""
    framework = context.plugins.frameworks.get(THREE_PRONGED)
    if framework is None:
        return
    categories = [c.id for c in framework.axis().categories]
    for path, label, actions in _groups(strategy):
        used = [c for a in actions for c in a.classifications if c.framework == THREE_PRONGED]
        if not used:
            continue
        # An action may sit in two prongs: count actions, not classifications.
        classified = sum(
            1 for a in actions if any(c.framework == THREE_PRONGED for c in a.classifications)
        )
        covered = {c.category for c in used}
        missing = [c for c in categories if c not in covered]
        if not missing:
            continue
        yield Finding(
            rule="coverage-prongs",
            severity="warning",
            path=path,
            details={"missing": missing, "covered": sorted(covered)},
            message=(
                f"{label} has no action for {' or '.join(missing)} among its "
                f"{classified} action{'s' if classified != 1 else ''} classified under the "
                "three-pronged approach "
                f"({_count(len(used), 'classification')}: {_sources(used)}); "
                f"it covers only {', '.join(sorted(covered))}."
            ),
        )


def _empty_cells(
    used: list[Classification], cells: set[tuple[str, str]], stages: list[str],
    methods: list[str],
) -> tuple[list[str], int, str]:
    """The empty cells over the axes the actions actually record, their number, a note.

    Actions that record only the method (or only the stage) leave the other axis unknown,
    not empty: the gaps are then counted along the recorded axis alone.
    """
    axes = {c.axis for c in used}
    if axes >= {"stage", "method"}:
        empty = [f"{s}/{m}" for s in stages for m in methods if (s, m) not in cells]
        return empty, len(stages) * len(methods), "stage-and-method cells"
    axis, categories = ("method", methods) if "method" in axes else ("stage", stages)
    covered = {c.category for c in used if c.axis == axis}
    other = "stage" if axis == "method" else "method"
    empty = [c for c in categories if c not in covered]
    return empty, len(categories), f"{axis}s (its actions record the {axis} only, not the {other})"


def stage_method(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Objectives using the stage-and-method framework with empty stage x method cells."""
    framework = context.plugins.frameworks.get(STAGE_AND_METHOD)
    if framework is None:
        return
    stages = [c.id for c in framework.axis("stage").categories]
    methods = [c.id for c in framework.axis("method").categories]
    for node in strategy.walk():
        if not isinstance(node.node, Objective):
            continue
        objective: Objective = node.node
        used: list[Classification] = []
        cells: set[tuple[str, str]] = set()
        for action in objective.actions:
            mine = [c for c in action.classifications if c.framework == STAGE_AND_METHOD]
            used += mine
            a_stages = {c.category for c in mine if c.axis == "stage"}
            a_methods = {c.category for c in mine if c.axis == "method"}
            cells |= {(s, m) for s in a_stages for m in a_methods}
        if not used:
            continue
        empty, total, what = _empty_cells(used, cells, stages, methods)
        if not empty:
            continue
        yield Finding(
            rule="coverage-stage-method",
            severity="warning",
            path=node.path,
            details={"empty": empty, "of": total},
            message=(
                f"Objective '{objective.title}' has no action in {len(empty)} of the "
                f"{total} {what}: {', '.join(empty)} "
                f"(among {_count(len(used), 'classification')}, {_sources(used)})."
            ),
        )


def objective_targets(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Objectives with no target, so nothing says how their success will be measured."""
    for node in strategy.walk():
        if not isinstance(node.node, Objective) or node.node.targets:
            continue
        objective: Objective = node.node
        reports = (
            f" It names indicators to report on ({', '.join(objective.reports)}) but sets "
            "no figure for them."
            if objective.reports
            else ""
        )
        yield Finding(
            rule="coverage-targets",
            severity="warning",
            path=node.path,
            message=(
                f"Objective '{objective.title}' has no target: nothing says how its success "
                f"will be measured.{reports}"
            ),
        )


def theme_chair(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Themes with no chair agency, so no one answers for them."""
    for t, theme in enumerate(strategy.themes):
        if theme.chair is None:
            yield Finding(
                rule="coverage-chair",
                severity="warning",
                path=f"themes[{t}]",
                message=(
                    f"Theme '{theme.title}' has no chair: name the agency that leads it "
                    "and answers for its targets."
                ),
            )


RULES = [
    Rule(
        id="coverage-prongs",
        severity="warning",
        title="Priority with a prong of the three-pronged approach left empty",
        description=(
            "Among a priority's actions classified under the three-pronged approach "
            "(prevention, enforcement, rehabilitation), a prong with no action. Objectives "
            "outside any priority are judged on their own."
        ),
        function=prongs,
    ),
    Rule(
        id="coverage-stage-method",
        severity="warning",
        title="Stage-and-method cells with no action",
        description=(
            "For an objective whose actions are classified by stage (primary, secondary, "
            "tertiary) and method (situational, social, enforcement), the cells of that "
            "grid with no action."
        ),
        function=stage_method,
    ),
    Rule(
        id="coverage-targets",
        severity="warning",
        title="Objective without a target",
        description="An objective that sets no target, so its success cannot be measured.",
        function=objective_targets,
    ),
    Rule(
        id="coverage-chair",
        severity="warning",
        title="Theme without a chair",
        description="A theme with no chair agency named.",
        function=theme_chair,
    ),
]
