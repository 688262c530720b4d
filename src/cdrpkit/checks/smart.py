"""SMART gaps: a target with no baseline, no deadline or no indicator, and a
baseline-setting target whose follow-on target is missing."""

from __future__ import annotations

from collections.abc import Iterator

from cdrpkit.checks._text import name, title
from cdrpkit.checks.runner import CheckContext, Finding, target_nodes
from cdrpkit.model import Strategy
from cdrpkit.model.kinds import (
    BaselineThenTarget,
    DirectionTarget,
    RatePerPopulationTarget,
    RateTarget,
    RecurringTarget,
    RelativeChangeTarget,
    ResourceTarget,
)
from cdrpkit.plugins.declarations import Rule


def smart_baseline(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Targets that set a value to reach without a baseline to measure it from."""
    for path, target in target_nodes(strategy):
        base = target.baseline_measure
        if base is not None and base.source == "inferred":
            why = f" ({base.note})" if base.note else ""
            yield Finding(
                rule="smart-baseline", severity="warning", path=f"{path}.baseline",
                target_id=target.id,
                message=(
                    f"The baseline of {name(target)} is not stated in full: "
                    f"{base.value:,g} in {base.period.label} is partly our reading{why}. "
                    "State the baseline figure and the year it was measured in."
                ),
            )
        missing = False
        if isinstance(target, RelativeChangeTarget):
            missing = target.baseline_period is None
        elif isinstance(target, RatePerPopulationTarget):
            missing = target.baseline is None
        elif isinstance(target, RateTarget):
            missing = target.target is not None and target.baseline is None
        if missing:
            yield Finding(
                rule="smart-baseline", severity="warning", path=path, target_id=target.id,
                message=(
                    f"{title(target)} has no stated baseline: a change "
                    "'from current levels' cannot be monitored until the starting figure "
                    "and its year are fixed."
                ),
            )


def smart_deadline(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Targets with no date by which they are due."""
    for path, target in target_nodes(strategy):
        if target.deadline is not None:
            continue
        ongoing = (
            (isinstance(target, RateTarget) and target.each_year)
            or isinstance(target, RecurringTarget)
            or (isinstance(target, DirectionTarget) and target.cadence is not None)
        )
        if ongoing and strategy.last_year is not None:
            continue  # runs for the life of the strategy, which has an end
        if isinstance(target, ResourceTarget):
            continue  # a commitment of money has a span of years, not a due date
        yield Finding(
            rule="smart-deadline", severity="warning", path=path, target_id=target.id,
            message=(
                f"{title(target)} has no deadline: say by when it is due "
                "(for example 'by March 2008')."
            ),
        )


def smart_indicator(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Targets of a measuring kind that name no indicator, so nothing defines the count."""
    for path, target in target_nodes(strategy):
        if not target.needs_indicator or target.indicator is not None:
            continue
        yield Finding(
            rule="smart-indicator", severity="warning", path=path, target_id=target.id,
            message=(
                f"{title(target)} names no indicator, so it is not defined what "
                "is counted, by whom, or how: link it to a national or local indicator."
            ),
        )


def follow_on(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Baseline-setting targets whose promised follow-on target is not in the strategy."""
    awaited = {
        t.depends_on for _, t in target_nodes(strategy) if isinstance(t, DirectionTarget)
    }
    for path, target in target_nodes(strategy):
        if not isinstance(target, BaselineThenTarget):
            continue
        if target.follow_on is not None or target.id in awaited:
            continue
        if target.then is not None:
            yield Finding(
                rule="follow-on", severity="info", path=path, target_id=target.id,
                message=(
                    f"{title(target)} sets a baseline and then asks only to "
                    f"{target.then} it"
                    + (" year on year" if target.then_cadence else "")
                    + ": no figure is set once the baseline is known."
                ),
            )
            continue
        yield Finding(
            rule="follow-on", severity="warning", path=path, target_id=target.id,
            message=(
                f"{title(target)} sets a baseline, but the target to follow it "
                "is not in the strategy: publish the follow-on target once the baseline is "
                "known, and link it with 'follow_on'."
            ),
        )


RULES = [
    Rule(
        id="smart-baseline", severity="warning", title="Target without a stated baseline",
        description=(
            "A target that sets a value to reach, or a change, but gives no baseline (or a "
            "baseline we had to complete ourselves: its 'source' is 'inferred')."
        ),
        function=smart_baseline,
    ),
    Rule(
        id="smart-deadline", severity="warning", title="Target without a deadline",
        description=(
            "A target with no date by which it is due. Targets that hold 'each year', "
            "recurring deliverables and 'year on year' directions run to the end of the "
            "strategy and are reported only when the strategy has no last year."
        ),
        function=smart_deadline,
    ),
    Rule(
        id="smart-indicator", severity="warning", title="Target without a measurable indicator",
        description=(
            "A target of a measuring kind (level, change, relative change, rate, rate per "
            "population, direction, baseline-then) that names no indicator."
        ),
        function=smart_indicator,
    ),
    Rule(
        id="follow-on", severity="warning", title="Baseline-setting target without a follow-on",
        description=(
            "A target to establish a baseline whose follow-on target is missing: warning "
            "when nothing follows it; info when only a direction follows ('and set yearly "
            "targets to reduce this' with no figures)."
        ),
        function=follow_on,
    ),
]
