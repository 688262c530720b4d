"""Units: a target whose unit does not fit its indicator's, or has none where it needs one."""

from __future__ import annotations

from collections.abc import Iterator

from cdrpkit import units
from cdrpkit.checks._text import name, title
from cdrpkit.checks.runner import CheckContext, Finding, target_nodes
from cdrpkit.model import Strategy
from cdrpkit.plugins.declarations import Rule


def _fits(target_unit: str, indicator_unit: str) -> bool:
    """Same dimensions, or a count of what a rate per population counts (either way)."""
    if units.compatible(target_unit, indicator_unit):
        return True
    for count, rate in ((target_unit, indicator_unit), (indicator_unit, target_unit)):
        if units.is_rate(rate) and not units.is_rate(count):
            try:
                numerator = units.parse_rate(rate).numerator
            except ValueError:
                continue
            if units.compatible(count, numerator):
                return True
    return False


def unit_mismatch(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Targets whose unit does not measure what their indicator measures."""
    for path, target in target_nodes(strategy):
        indicator = context.indicator(target.indicator)
        if target.unit is None or indicator is None:
            continue
        try:
            fits = _fits(target.unit, indicator.unit)
        except ValueError:
            continue  # an unknown unit is the loader's to report
        if fits:
            continue
        yield Finding(
            rule="unit-mismatch", severity="warning", path=f"{path}.unit", target_id=target.id,
            details={"unit": target.unit, "indicator_unit": indicator.unit},
            message=(
                f"The unit '{target.unit}' of {name(target)} does not fit its indicator "
                f"{indicator.id} ('{indicator.title}'), measured in '{indicator.unit}'."
            ),
        )


def unit_missing(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Targets of a kind whose numbers need a unit, with none on the target or indicator."""
    for path, target in target_nodes(strategy):
        if not target.needs_unit or target.unit is not None:
            continue
        indicator = context.indicator(target.indicator)
        if indicator is not None:
            continue  # the indicator's unit applies
        yield Finding(
            rule="unit-missing", severity="warning", path=path, target_id=target.id,
            message=(
                f"{title(target)} has numbers but no unit, and no indicator to take one "
                "from: say what is counted (offences, incidents, people...)."
            ),
        )


RULES = [
    Rule(
        id="unit-mismatch", severity="warning", title="Target unit does not fit its indicator",
        description=(
            "A target's unit whose dimensions differ from its indicator's. A count target "
            "for a rate indicator (offences for offences per 1,000 households) fits, since "
            "the population converts one to the other."
        ),
        function=unit_mismatch,
    ),
    Rule(
        id="unit-missing", severity="warning", title="Target without a unit",
        description=(
            "A level, change or rate-per-population target with no unit, whose indicator "
            "(if any) cannot supply one."
        ),
        function=unit_missing,
    ),
]
