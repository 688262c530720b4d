"""Rules on a target's arithmetic: the end value and a stated rate per 1,000.

Both recompute a printed figure from the document's own numbers and say which rounding
(to the nearest, down, up) reproduces it. A figure no rounding reproduces is an
``error``; a reproduced figure gets an ``info`` saying how it was rounded and whether
that rounding makes the target easier than the arithmetic.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cdrpkit.checks._text import change, decimals_of, name, number, roundings, unit_word
from cdrpkit.checks.runner import CheckContext, Finding, target_nodes
from cdrpkit.model import Strategy
from cdrpkit.model.change import compound, linear
from cdrpkit.model.kinds import LevelTarget
from cdrpkit.plugins.declarations import Rule

_NOUN = {"reduce": "reduction", "increase": "increase"}

_ROUNDING_WORDS = {
    "round": "rounded to the nearest",
    "floor": "rounded down",
    "ceil": "rounded up",
}


def _shown_decimals(gap: float, least: int) -> int:
    """Enough decimals for a small gap not to print as 0.0 ("by 0.04 offences").

    >>> _shown_decimals(0.04, 1), _shown_decimals(12.5, 1), _shown_decimals(0.0004, 2)
    (2, 1, 4)
    """
    decimals = least
    while decimals < 4 and gap and round(gap, decimals) == 0:
        decimals += 1
    return decimals


def _rounding_phrase(found: tuple[str, ...], decimals: int) -> str:
    unit = "whole number" if decimals == 0 else f"{decimals} decimal place" + (
        "s" if decimals > 1 else ""
    )
    main = found[0]
    phrase = _ROUNDING_WORDS[main] + (f" {unit}" if main == "round" else "")
    if main == "round" and len(found) > 1:
        phrase += f" (which here is also {_ROUNDING_WORDS[found[1]]})"
    return phrase


def _easier(direction: str | None, printed: float, exact: float) -> str | None:
    """'easier' or 'harder' when the rounding moved the bar, for a reduce/increase target."""
    if printed == exact or direction not in ("reduce", "increase"):
        return None
    looser = printed > exact if direction == "reduce" else printed < exact
    return "easier" if looser else "harder"


def end_value(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Recompute each level target's end value from its baseline and yearly change."""
    for path, target in target_nodes(strategy):
        if not isinstance(target, LevelTarget) or target.annual_change is None:
            continue
        exact = target.expected_end()
        years = target.years
        if exact is None or years <= 0:
            continue
        base, printed = target.baseline.value, target.target.value
        decimals = decimals_of(printed)
        found = roundings(exact, printed)
        r = target.annual_change
        things = unit_word(target)
        model = "" if target.change_model == "compound" else " (linear: the same amount each year)"
        arithmetic = (
            f"{number(base)} with {change(r)}{model} over {years} year"
            f"{'s' if years != 1 else ''} gives {number(exact)}"
        )
        details: dict[str, Any] = {
            "baseline": base, "annual_change": r, "years": years, "change_model":
            target.change_model, "expected_end": exact, "printed_end": printed,
            "roundings": list(found),
        }
        if not found:
            hint = _diagnose(target, years)
            details["diagnosis"] = hint
            nearest = round(exact, decimals)
            yield Finding(
                rule="end-value", severity="error", path=f"{path}.target.value",
                target_id=target.id, details=details,
                message=(
                    f"The end value of {name(target)} does not follow from the document's own "
                    f"numbers: {arithmetic}, which would be printed {number(nearest, decimals)}, "
                    f"but the document prints {number(printed, decimals)}."
                    + (f" {hint}" if hint else "")
                    + " Correct the baseline, the yearly change or the end value."
                ),
            )
            continue
        if printed == exact:
            continue
        effect = _easier(target.direction, printed, exact)
        details["effect"] = effect
        gap = abs(printed - exact)
        what = f"{number(gap, _shown_decimals(gap, 1))} {things}".rstrip() if things else (
            number(gap, _shown_decimals(gap, 2)))
        sentence = ""
        noun = _NOUN.get(target.direction or "", "")
        if effect == "easier":
            verb = "allows" if target.direction == "reduce" else "asks for"
            more = "more" if target.direction == "reduce" else "fewer"
            sentence = (
                f" Rounded that way, this {noun} target is slightly easier "
                f"than the arithmetic: it {verb} {what} {more} than {change(r)} gives."
            )
        elif effect == "harder":
            sentence = (
                f" Rounded that way, this {noun} target is slightly harder "
                f"than the arithmetic (by {what})."
            )
        yield Finding(
            rule="end-value", severity="info", path=f"{path}.target.value",
            target_id=target.id, details=details,
            message=(
                f"For {name(target)}: {arithmetic}; the printed {number(printed, decimals)} is "
                f"that figure {_rounding_phrase(found, decimals)}.{sentence}"
            ),
        )


def _diagnose(target: LevelTarget, years: int) -> str:
    """A likely slip that would explain an end value: another year count or model."""
    base, printed, r = target.baseline.value, target.target.value, target.annual_change
    assert r is not None
    other = linear if target.change_model == "compound" else compound
    if roundings(other(base, r, years), printed):
        return (
            "The printed figure matches the same change taken "
            + ("as a share of the baseline each year (linear)." if other is linear
               else "compounded year on year.")
        )
    step = compound if target.change_model == "compound" else linear
    for n in (years - 1, years + 1):
        if n > 0 and roundings(step(base, r, n), printed):
            return f"The printed figure matches {n} years of change, not {years}."
    return ""


def stated_rate(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Recompute each rate per 1,000 stated alongside a count from the count and denominator."""
    for path, target in target_nodes(strategy):
        if not isinstance(target, LevelTarget) or target.stated_rate is None:
            continue
        stated = target.stated_rate
        rpath = f"{path}.stated_rate"
        figure = getattr(strategy.partnership, stated.denominator)
        denominator = stated.denominator_value or (figure.value if figure else None)
        what = "households" if stated.denominator == "households" else "population"
        shown = f"{number(stated.value, decimals_of(stated.value))} per {number(stated.per)} {what}"
        if not denominator:
            yield Finding(
                rule="stated-rate", severity="warning", path=rpath, target_id=target.id,
                message=(
                    f"The rate {shown} of {name(target)} cannot be checked: neither the target "
                    f"nor the partnership gives the {what} figure it is based on."
                ),
            )
            continue
        count = target.target.value
        computed = count / denominator * stated.per
        found = roundings(computed, stated.value)
        decimals = decimals_of(stated.value)
        arithmetic = (
            f"{number(count)} / {number(denominator)} x {number(stated.per)} = "
            f"{number(computed, decimals + 2)}"
        )
        details: dict[str, Any] = {
            "count": count, "denominator": denominator, "per": stated.per,
            "computed": computed, "stated": stated.value, "roundings": list(found),
        }
        if found and found[0] == "round":
            continue
        exact = target.expected_end()
        from_exact = () if exact is None else roundings(exact / denominator * stated.per,
                                                        stated.value)
        if exact is not None and from_exact[:1] == ("round",):
            yield Finding(
                rule="stated-rate", severity="info", path=rpath, target_id=target.id,
                details=details,
                message=(
                    f"The rate {shown} of {name(target)} was worked out from the unrounded "
                    f"end value {number(exact)}, not the printed {number(count)} ({arithmetic})."
                ),
            )
            continue
        if found:
            yield Finding(
                rule="stated-rate", severity="info", path=rpath, target_id=target.id,
                details=details,
                message=(
                    f"The rate {shown} of {name(target)}: {arithmetic}, "
                    f"{_ROUNDING_WORDS[found[0]]} rather than rounded to the nearest."
                ),
            )
            continue
        yield Finding(
            rule="stated-rate", severity="error", path=rpath, target_id=target.id,
            details=details,
            message=(
                f"The rate {shown} of {name(target)} does not follow from its count and "
                f"denominator: {arithmetic}, which would be printed "
                f"{number(computed, decimals)}. Correct the rate, the count or the {what} figure."
            ),
        )


RULES = [
    Rule(
        id="end-value",
        severity="error",
        title="End value against baseline and yearly change",
        description=(
            "Recomputes a level target's end value as baseline x (1 + yearly change)^years "
            "(or the linear reading when the target says so). Error when no rounding of that "
            "figure (to the nearest, down or up) gives the printed end value; info saying "
            "which rounding does, and whether it makes the target easier: a reduction "
            "target rounded up, or an increase target rounded down."
        ),
        function=end_value,
    ),
    Rule(
        id="stated-rate",
        severity="error",
        title="Stated rate per 1,000 against count and denominator",
        description=(
            "Recomputes a rate stated alongside a count target ('19.4 burglaries per 1,000 "
            "households, based on 120,420 households') as count / denominator x 1,000. Error "
            "when no rounding gives the stated rate; info when it was rounded down or up, "
            "or worked out from the unrounded end value; warning when no denominator is known."
        ),
        function=stated_rate,
    ),
]
