"""What-if regimes: a strategy's targets replayed on other partnerships and years.

"If the Leicester 2005 regime had been set for every Leicestershire partnership with
2020/21 as the baseline, which targets would each have met?" :func:`replay` takes each
target of a regime that has a yearly rate of change (level and stretch targets, and
direction targets with a yearly rate) and sets the same rate over the same span on every
partnership in the figures, from that partnership's real figure in the baseline year.
Each what-if strategy is built with :func:`cdrpkit.from_data` (the baseline is marked
``inferred``: it is ours, not the document's) and assessed with :func:`cdrpkit.assess`
against the real figures of the years after the baseline, so the what-if uses the same
expectation engine as every other command.

A regime's indicators are local definitions (``BCS-burglary``); the figures are police.uk
crime types or Home Office offence codes. Which figure stands for which indicator is the
offence-code registry's to say (:func:`registry_map`): the regime's indicators are read
as registry indicators (:data:`REGIME_INDICATORS`, our reading), and a target whose
indicator the figures cannot give (police.uk "Burglary" mixes domestic and business
burglary) is listed as not assessable, with the registry's reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.errors import InputError
from cdrpkit.peers.figures import counts_for
from cdrpkit.periods import FinancialYear, parse_period

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.plugins import Plugins

__all__ = ["DEFAULT_SPAN", "REGIME_INDICATORS", "Replay", "registry_map", "replay"]

#: The bundled regimes' indicators read as indicators of the offence-code registry: OUR
#: reading (the documents name BCS comparator groups, the registry recorded-crime ones),
#: each with why. The registry then says whether the figures can give it.
REGIME_INDICATORS: dict[str, tuple[str, str]] = {
    "BCS-burglary": ("domestic-burglary", "the BCS comparator's burglary is burglary in a "
                     "dwelling"),
    "house-burglaries": ("domestic-burglary", "house burglaries are burglaries in a dwelling"),
    "BCS-vehicle": ("vehicle-crime", "the BCS comparator's vehicle crime: theft of and from "
                    "vehicles"),
    "BCS-criminal-damage": ("criminal-damage", "the BCS comparator's vandalism is criminal "
                            "damage"),
    "BCS-violence": ("violence-against-the-person", "the BCS comparator's violence is violence "
                     "against the person"),
    "thefts-from-shops": ("shoplifting", "thefts from shops are shoplifting"),
}


_SEVERAL = ("needs several offence codes added: run the figures through "
            "cdrpkit.ingest.figures_for first")


def registry_map(present: set[str], plugins: Plugins | None = None
                 ) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    """Which figure stands for each regime indicator, by the offence-code registry.

    Returns the usable ones (regime indicator -> (the figures' indicator, how it was
    read)) and, for the others, the reason the figures cannot give them: the registry's
    own reason (police.uk "Burglary" mixes domestic and business burglary), or that it
    needs several codes added (use :func:`cdrpkit.ingest.figures_for`), or that nothing
    maps it.
    """
    from cdrpkit.plugins import resolve

    sources = {"home-office" if i.startswith("ho-") else "police-uk"
               for i in present if i.startswith(("ho-", "policeuk-"))}
    mappings = list(resolve(plugins).offence_mappings.values())
    usable: dict[str, tuple[str, str]] = {}
    reasons: dict[str, str] = {}
    for regime_indicator, (indicator, why) in REGIME_INDICATORS.items():
        found = [m for m in mappings if m.indicator == indicator and m.source in sources]
        good = [m for m in found if m.available and m.measure == "value"
                and len(m.codes) == 1 and m.codes[0] in present]
        if good:
            usable[regime_indicator] = (good[0].codes[0],
                                        f"read as {indicator} ({why}; ours, inferred); the "
                                        f"registry gives it as {good[0].codes[0]}")
        elif found:
            reasons[regime_indicator] = "; ".join(
                f"{m.source}: {m.reason or m.note or _SEVERAL}" for m in found)
        else:
            reasons[regime_indicator] = (f"read as {indicator}, which the offence-code "
                                         "registry cannot build from these figures")
    return usable, reasons


#: Span (years) for a yearly rate that states no end, such as "5% per annum".
DEFAULT_SPAN = 3
_REPLAYABLE = ("level", "lpsa2-stretch", "direction", "change", "relative-change")


@attrs.frozen
class Replay:
    """One regime replayed: assessment rows, targets not assessable, and the title."""

    regime: str
    regime_title: str
    baseline_year: str
    figures: str
    rows: pd.DataFrame
    not_assessable: pd.DataFrame
    notes: tuple[str, ...]

    @property
    def title(self) -> str:
        """Says it is a what-if, which regime, which baseline and which figures."""
        return (f"What-if: the {self.regime_title} regime ({self.regime}) replayed with "
                f"baseline {self.baseline_year} on {self.figures}")


def _span(target: Mapping[str, Any]) -> tuple[int, str]:
    base, end = target.get("baseline_period"), target.get("target_period")
    if isinstance(base, str) and isinstance(end, str):
        try:
            years = parse_period(end).start.year - parse_period(base).start.year
        except InputError:
            years = 0
        if years > 0:
            return years, f"{years} years, as in the regime ({base} to {end})"
    return DEFAULT_SPAN, f"no span stated; replayed over {DEFAULT_SPAN} years"


def _plan(
    targets: pd.DataFrame, indicators: set[str], mapping: Mapping[str, tuple[str, str]],
    refused: Mapping[str, str],
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    import pandas as pd

    plan, skipped = [], []
    for record in targets.to_dict("records"):
        t = {str(k): v for k, v in record.items()}
        why = None
        indicator = t.get("indicator")
        rate = t.get("annual_change")
        if t["kind"] not in _REPLAYABLE or rate is None or pd.isna(rate):
            why = f"a {t['kind']} target with no yearly rate of change to replay"
        elif isinstance(indicator, str) and indicator in refused:
            why = f"indicator {indicator!r}: {refused[indicator]}"
        elif not isinstance(indicator, str) or indicator not in mapping:
            why = f"indicator {indicator!r} has no police.uk or Home Office equivalent in " \
                  "the offence-code registry"
        elif mapping[indicator][0] not in indicators:
            why = f"indicator {indicator!r} maps to {mapping[indicator][0]!r}, which the " \
                  "figures do not have"
        if why:
            skipped.append({"target_id": t["target_id"], "indicator": str(indicator or ""),
                            "kind": t["kind"], "reason": why})
            continue
        span, span_note = _span(t)
        data_indicator, how = mapping[str(indicator)]
        plan.append({**t, "data_indicator": data_indicator, "span": span,
                     "note": f"{how}; span {span_note}"})
    return plan, skipped


def _years(observations: pd.DataFrame, indicator: str, first: FinancialYear,
           last: FinancialYear) -> tuple[pd.DataFrame, list[str]]:
    import pandas as pd

    frames, notes = [], []
    year = first
    while year.start <= last.start:
        try:
            counts = counts_for(observations, indicator, year.label)
            frames.append(counts.assign(period=year.label))
        except InputError:
            notes.append(f"{indicator} {year.label}: not assessed: the figures do not cover "
                         "the whole year for every partnership")
        year = FinancialYear(year.start_year + 1)
    return (pd.concat(frames) if frames else pd.DataFrame()), notes


def _strategy(code: str, name: str, regime: Strategy, baseline: str, plan: list[dict[str, Any]],
              baselines: Mapping[tuple[str, str], float], units: Mapping[str, str],
              sources: str) -> dict[str, Any]:
    start = parse_period(baseline)
    targets, indicators = [], {}
    for p in plan:
        value = baselines.get((code, p["data_indicator"]))
        if value is None:
            continue
        rate, span = float(p["annual_change"]), int(p["span"])
        indicators[p["data_indicator"]] = {
            "id": p["data_indicator"], "family": "local", "title": p["data_indicator"],
            "unit": units[p["data_indicator"]],
            "polarity": "lower_is_better" if rate < 0 else "higher_is_better"}
        targets.append({
            "kind": "level", "id": p["target_id"],
            "text": f"What-if: {p['text']} (replayed: {rate:+.1%} a year for {span} years "
                    f"from {baseline})",
            "indicator": p["data_indicator"], "unit": units[p["data_indicator"]],
            "baseline": {"value": value, "period": baseline, "source": "inferred",
                         "note": f"real figure of {baseline} from {sources}"},
            "target": {"value": round(value * (1.0 + rate) ** span, 1),
                       "period": FinancialYear(start.start.year + span).label,
                       "source": "inferred", "note": "what-if: the regime's rate and span"},
            "annual_change": rate, "bound": "at_most" if rate < 0 else "at_least",
            "note": p["note"]})
    return {"cdrpkit": 1, "id": f"whatif-{regime.id}-{code}",
            "title": f"What-if: {regime.title} on {name}, baseline {baseline}",
            "first_year": FinancialYear(start.start.year + 1).label,
            "last_year": FinancialYear(start.start.year + max(
                [int(p["span"]) for p in plan] or [1])).label,
            "partnership": {"id": code, "name": name},
            "indicators": list(indicators.values()),
            "objectives": [{"id": "whatif", "title": f"What-if targets of {regime.id}",
                            "targets": targets}]}


def replay(
    regime: Strategy,
    observations: pd.DataFrame,
    baseline_year: str,
    *,
    partnerships: Sequence[str] | None = None,
    names: Mapping[str, str] | None = None,
    figures: str = "the figures given",
    mapping: Mapping[str, tuple[str, str]] | None = None,
    plugins: Plugins | None = None,
) -> Replay:
    """Replay ``regime``'s yearly-rate targets on each partnership from ``baseline_year``.

    ``observations`` is the long format (months, quarters or years; summed to financial
    years). Returns the assessment rows of every what-if target and the targets that
    cannot be assessed, each with its reason. ``mapping`` (regime indicator -> figures'
    indicator and how it was read) defaults to the offence-code registry's
    (:func:`registry_map`).
    """
    import pandas as pd

    import cdrpkit

    base = parse_period(baseline_year)
    if not isinstance(base, FinancialYear):
        raise InputError([], summary=f"the baseline must be a financial year such as "
                                     f"2020/21, got {baseline_year!r}")
    present = set(observations["indicator"].astype(str))
    refused: dict[str, str] = {}
    if mapping is None:
        mapping, refused = registry_map(present, plugins)
    plan, skipped = _plan(regime.targets_frame(), present, mapping, refused)
    codes = sorted(set(observations["partnership"].astype(str)))
    if partnerships:
        codes = [c for c in codes if c in set(partnerships)]
        missing = sorted(set(partnerships) - set(codes))
        if missing:
            raise InputError([], summary=f"no figures for partnership(s) {', '.join(missing)}")
    notes: list[str] = []
    units = {i: str(observations.loc[observations["indicator"].astype(str) == i, "unit"].iloc[0])
             for i in {p["data_indicator"] for p in plan}}
    baselines: dict[tuple[str, str], float] = {}
    actual_frames = []
    last = FinancialYear(base.start_year + max([int(p["span"]) for p in plan] or [1]))
    for indicator in sorted(units):
        counts = counts_for(observations, indicator, base.label)
        baselines.update({(str(code), indicator): float(value) for code, value
                          in zip(counts["partnership"], counts["count"], strict=True)})
        yearly, year_notes = _years(observations, indicator, FinancialYear(base.start_year + 1),
                                    last)
        notes += year_notes
        if not yearly.empty:
            actual_frames.append(yearly.assign(indicator=indicator))
    actuals = pd.concat(actual_frames) if actual_frames else pd.DataFrame(
        columns=["partnership", "count", "period", "indicator"])
    rows = []
    for code in codes if plan else ():  # nothing to replay: every target is listed why
        name = (names or {}).get(code, code)
        data = _strategy(code, name, regime, base.label, plan, baselines, units, figures)
        strategy = cdrpkit.from_data(data)
        mine = actuals[actuals["partnership"] == code]
        obs = pd.DataFrame({"partnership": code, "indicator": mine["indicator"], "target": "",
                            "period": mine["period"], "value": mine["count"],
                            "unit": mine["indicator"].map(units), "source": figures,
                            "status": "actual"})
        assessed = cdrpkit.assess(strategy, obs)
        rows.append(assessed.assign(name=name, regime=regime.id))
    columns = ["regime", "partnership", "name", "target_id", "indicator", "period",
               "expected", "actual", "comparison", "status"]
    table = pd.concat(rows)[columns] if rows else pd.DataFrame(columns=columns)
    return Replay(regime.id, regime.title, base.label, figures,
                  table.reset_index(drop=True), pd.DataFrame(
                      skipped, columns=["target_id", "indicator", "kind", "reason"]),
                  tuple(notes))
