"""Rules on figures that must agree with each other: a stated total change, a total and
its parts, a deadline and the strategy's own years.

- ``total-change``: a level or change target that prints its baseline, its end value and
  the total change between them ("reduce by 18% from a baseline of N to a target of M"),
  where M is not N changed by 18% at any rounding;
- ``parts``: a total target whose parts (``parts: [ids]``, or ``part_of`` on each part)
  are missing, or whose baselines or end values do not add up to the total's;
- ``deadline-after-strategy``: a target due after the strategy's last year.
"""

from __future__ import annotations

from collections.abc import Iterator

from cdrpkit.checks._text import number, percent, roundings, title
from cdrpkit.checks.runner import CheckContext, Finding, target_nodes
from cdrpkit.model import Strategy
from cdrpkit.model.kinds import Target, financial_year_of
from cdrpkit.plugins.declarations import Rule


def _agrees(exact: float, printed: float) -> bool:
    return bool(roundings(exact, printed))


def total_change(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Baseline, end value and stated total change that disagree beyond rounding."""
    for path, target in target_nodes(strategy):
        stated = getattr(target, "total_change", None)
        base, end = target.baseline_measure, target.end_measure
        if stated is None or base is None or end is None or not base.value:
            continue
        implied_end = base.value * (1.0 + stated)
        actual = end.value / base.value - 1.0
        # The printed percentage may itself be rounded: 17.6% printed "18%" is fine.
        if _agrees(implied_end, end.value) or _agrees(actual * 100, stated * 100):
            continue
        implied_base = end.value / (1.0 + stated)
        word = "reduction" if stated < 0 else "increase"
        gap = end.value - implied_end
        yield Finding(
            rule="total-change", severity="error", path=f"{path}.total_change",
            target_id=target.id,
            details={"baseline": base.value, "target": end.value, "total_change": stated,
                     "implied_target": implied_end, "implied_baseline": implied_base,
                     "actual_change": actual, "difference": gap},
            message=(
                f"{title(target)} states a total {word} of {percent(stated)} from "
                f"{_n(base.value)} to {_n(end.value)}, but the two figures differ by "
                f"{percent(actual)} ({_n(end.value - base.value)}): {_n(base.value)} "
                f"{'less' if stated < 0 else 'plus'} {percent(stated)} is {_n(implied_end)}, "
                f"so the target is off by {_n(abs(gap))}. A target of {_n(implied_end)} or a "
                f"baseline of {_n(implied_base)} would agree with the {percent(stated)}."
            ),
        )


def _n(value: float) -> str:
    """A figure as messages print it, free of binary noise (820, not 820.0)."""
    return number(round(value, 6))


def deadline_after_strategy(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """Targets due after the last year the strategy covers."""
    if strategy.last_year is None:
        return
    last, _ = financial_year_of(strategy.last_year)
    for path, target in target_nodes(strategy):
        deadline = target.deadline
        if deadline is None:
            continue
        due, approximate = financial_year_of(deadline)
        if due <= last:
            continue
        how = (f" ('{deadline.label}' is a calendar year, placed in {due.label}, the "
               "financial year holding its last day)" if approximate else "")
        yield Finding(
            rule="deadline-after-strategy", severity="warning", path=path,
            target_id=target.id,
            details={"due": due.label, "last_year": last.label},
            message=(
                f"{title(target)} is due in {due.label}{how}, after the strategy's last "
                f"year, {last.label}: the strategy will have ended before it can be judged. "
                "Say whether the deadline is the end of the strategy, or which later plan "
                "will report on it."
            ),
        )


def _sum_check(total: Target, parts: list[Target], which: str) -> str | None:
    measures = [getattr(p, f"{which}_measure") for p in parts]
    mine = getattr(total, f"{which}_measure")
    if mine is None or any(m is None for m in measures):
        return None
    if any(m.period != mine.period for m in measures) or any(
            p.unit != total.unit for p in parts):
        return None
    added = sum(m.value for m in measures)
    if _agrees(added, mine.value) or abs(added - mine.value) < 1e-9:
        return None
    label = "baseline" if which == "baseline" else "end value"
    return (f"the parts' {label}s add up to {number(added)}, not the total's "
            f"{number(mine.value)} (a difference of {number(abs(added - mine.value))})")


def parts(strategy: Strategy, context: CheckContext) -> Iterator[Finding]:
    """A total target whose parts are missing or do not add up to it."""
    found = {t.id: (path, t) for path, t in target_nodes(strategy)}
    members: dict[str, list[str]] = {}
    for ident, (_, target) in found.items():
        for part in target.parts:
            members.setdefault(ident, []).append(part)
        if target.part_of is not None:
            members.setdefault(target.part_of, [])
            if ident not in members[target.part_of]:
                members[target.part_of].append(ident)
    for total_id, part_ids in members.items():
        if total_id not in found:
            path, _ = found[next(p for p in part_ids if found[p][1].part_of == total_id)]
            yield Finding(rule="parts", severity="error", path=f"{path}.part_of",
                          message=f"The total target {total_id!r} named by 'part_of' is not "
                          "in the strategy.")
            continue
        path, total = found[total_id]
        missing = [p for p in part_ids if p not in found]
        if missing:
            yield Finding(
                rule="parts", severity="error", path=f"{path}.parts", target_id=total_id,
                message=f"{title(total)} names parts that are not in the strategy: "
                f"{', '.join(missing)}.")
            continue
        sums = [s for which in ("baseline", "end")
                if (s := _sum_check(total, [found[p][1] for p in part_ids], which))]
        if sums:
            yield Finding(
                rule="parts", severity="warning", path=path, target_id=total_id,
                details={"parts": part_ids},
                message=f"{title(total)} is the total of {len(part_ids)} targets, but "
                f"{'; and '.join(sums)}. Check the total or its parts.")


RULES = [
    Rule(
        id="total-change", severity="error",
        title="Stated total change against baseline and end value",
        description=(
            "A level or change target printing its baseline, end value and the total change "
            "between them, where no rounding makes the three agree. Says by how much, and "
            "which end value or baseline would agree with the change."
        ),
        function=total_change,
    ),
    Rule(
        id="parts", severity="error", title="Total target and its parts",
        description=(
            "A total target linked to its parts ('parts' on the total, or 'part_of' on each "
            "part): a part that is missing is an error; baselines or end values of the "
            "parts (same periods and unit) that do not add up to the total's, a warning."
        ),
        function=parts,
    ),
    Rule(
        id="deadline-after-strategy", severity="warning",
        title="Deadline after the strategy's last year",
        description=(
            "A target due after the last financial year the strategy covers; a calendar "
            "year ('by 2008') counts in the financial year holding its last day."
        ),
        function=deadline_after_strategy,
    ),
]


__all__ = ["RULES", "deadline_after_strategy", "parts", "total_change"]
