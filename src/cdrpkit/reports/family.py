"""A strategy's partnership against its family, for each target indicator (the report's
"Against its family" section).

For each target of a strategy whose indicator the peer figures can give (the indicator
itself is in them, or the offence-code registry reads it from them:
:func:`cdrpkit.peers.whatif.registry_map`), :func:`family_comparisons` takes the funnel of
that indicator across the family (:func:`cdrpkit.peers.peer_funnel`) and keeps the
partnership's row: its count, denominator and rate, the family's mean rate and where the
rate lies against the 95% and 99.8% limits. Nothing statistical is computed here: every
number is the funnel's. The partnership is found by the strategy's
``partnership.ons_codes`` among the figures' partnership codes. Targets that cannot be
compared are listed with the reason (the registry's, or that the figures have no such
indicator); nothing is dropped silently.

A family is the user's (a file from ``cdrpkit family build``) or a plugin's: the Home
Office's Most Similar Groups were never published openly, and the section says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from cdrpkit.errors import InputError, Problem

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.model import Strategy
    from cdrpkit.peers import PeerFunnel
    from cdrpkit.plugins import Plugins
    from cdrpkit.plugins.declarations import PartnershipFamily

__all__ = ["POSITION_WORDS", "FamilyComparison", "family_comparisons", "locate_family"]

#: Each funnel position (:data:`cdrpkit.stats.funnel.POSITIONS`) in words.
POSITION_WORDS = {
    "within": "within the 95% limits",
    "above 95%": "above the 95% limit, within the 99.8%",
    "above 99.8%": "above the 99.8% limit",
    "below 95%": "below the 95% limit, within the 99.8%",
    "below 99.8%": "below the 99.8% limit",
}
#: What a reader must know about any family in the report.
NOT_OFFICIAL = ("This family is not an official Most Similar Group: the Home Office's "
                "groups were never published openly, so cdrpkit ships none.")
_UNITS = {"person": "population", "household": "households"}


@attrs.frozen
class FamilyComparison:
    """One strategy's partnership against its family on the peer figures of one period.

    ``rows`` has one record per comparable target (``target_id``, ``text``,
    ``indicator``, ``peer_indicator``, ``how``, ``count``, ``denominator``, ``rate``,
    ``family_mean``, ``lower_95``, ``upper_95``, ``lower_998``, ``upper_998``,
    ``position``, ``position_words``, ``limits``); rates per ``per`` of the denominator.
    ``not_comparable`` one per other target with an indicator (``target_id``, ``text``,
    ``indicator``, ``reason``).
    """

    strategy: str
    partnership: str
    partnership_name: str
    family: dict[str, Any]
    origin: str
    figures: str
    sources: tuple[str, ...]
    period: str
    per: float
    denominator_unit: str
    rows: tuple[dict[str, Any], ...]
    not_comparable: tuple[dict[str, Any], ...]
    attribution: str
    notes: tuple[str, ...]

    @property
    def title(self) -> str:
        """One line: whose partnership, which family, which figures and period."""
        return (f"{self.partnership_name} ({self.partnership}) against the family "
                f"{self.family['name']!r}, {self.figures}, {self.period}")

    @property
    def rate_label(self) -> str:
        """The rate's unit in words: ``per 1,000 population``."""
        return f"per {self.per:,g} {self.denominator_unit}"

    def describe(self) -> list[str]:
        """The sentences the section opens with: figures, period, the family and where it
        comes from, and what it is not."""
        f = self.family
        shown = (", ".join(self.sources) if len(self.sources) <= 3 else
                 f"{self.sources[0]} to {self.sources[-1]} ({len(self.sources)} sources)")
        return [
            f"Figures: {self.figures}" + (f" ({shown})" if shown else "") +
            f"; period {self.period}; rates {self.rate_label}.",
            f"Family: {f['name']} ({f['id']}, {len(f['members'])} partnerships); source: "
            f"{f['source']}; dated {f['date']}; {self.origin}.",
            NOT_OFFICIAL,
            "Each rate is set against the family's mean rate and the funnel limits at 95% "
            "and 99.8% around it (cdrpkit peers, the same figures and method).",
        ]


    def shown_rows(self) -> list[dict[str, str]]:
        """The rows as text for a page: counts with thousands separators, rates to two
        decimals, each pair of limits as "lower to upper"."""
        from cdrpkit.reports import format as fmt

        out = []
        for r in self.rows:
            out.append({
                "target_id": str(r["target_id"]), "text": str(r["text"]),
                "short": fmt.shorten(str(r["text"]), 70) or str(r["target_id"]),
                "indicator": str(r["indicator"]), "peer_indicator": r["peer_indicator"],
                "how": r["how"], "count": f"{r['count']:,}",
                "denominator": f"{r['denominator']:,.0f}", "rate": f"{r['rate']:,.2f}",
                "family_mean": f"{r['family_mean']:,.2f}",
                "limits_95": f"{r['lower_95']:,.2f} to {r['upper_95']:,.2f}",
                "limits_998": f"{r['lower_998']:,.2f} to {r['upper_998']:,.2f}",
                "position": r["position"], "position_words": r["position_words"],
                "limits": r["limits"]})
        return out


def locate_family(name: str, *, files: Sequence[str | Path] = (),
                  plugins: Plugins | None = None) -> tuple[PartnershipFamily, str]:
    """The family called ``name`` and where it comes from, in words (the user's file, or
    the plugin that declares it).

    >>> family, origin = locate_family("leicestershire-force-area")
    >>> len(family.members), origin
    (9, "declared by the plugin 'cdrpkit-example-leics-county-csp:leics_county_csp'")
    """
    from cdrpkit.peers.families import find_family, read_families
    from cdrpkit.plugins import resolve

    family = find_family(name, files=tuple(files), plugins=plugins)
    for f in files:
        if name in read_families(f):
            return family, f"from the family file {Path(f).name} (the user's)"
    plugin = resolve(plugins).origin("cdrpkit_register_partnership_families", name)
    return family, f"declared by the plugin {plugin!r}"


def _denominator_unit(denominators: pd.DataFrame | None) -> str:
    if denominators is None:
        return "of the denominator"
    units = {str(u) for u in denominators["unit"] if str(u)}
    return _UNITS.get(units.pop(), "population") if len(units) == 1 else "population"


def _code(strategy: Strategy, present: set[str], family: PartnershipFamily) -> str:
    p = strategy.partnership
    where = f"{strategy.id}: partnership.ons_codes"
    found = [c for c in p.ons_codes if c in present]
    if not p.ons_codes:
        raise InputError([Problem("states no ONS code, so the partnership cannot be found "
                                  "in the peer figures", path=where)], summary="family:")
    if len(found) != 1:
        said = "none is" if not found else f"{len(found)} are"
        raise InputError([Problem(
            f"{', '.join(p.ons_codes)}: {said} among the peer figures' partnerships "
            "(expected exactly one)", path=where)], summary="family:")
    if found[0] not in family.members:
        raise InputError([Problem(
            f"{found[0]} is not a member of family {family.id!r} "
            f"({', '.join(family.members)})", path=where)], summary="family:")
    return found[0]


def _choices(strategy: Strategy, present: set[str], plugins: Plugins | None
             ) -> tuple[list[tuple[dict[str, Any], str, str]], list[dict[str, Any]]]:
    """(target, peer indicator, how read) for each comparable target; the others, why."""
    from cdrpkit.peers.whatif import registry_map

    usable, refused = registry_map(present, plugins)
    chosen, others = [], []
    for record in strategy.targets_frame().to_dict("records"):
        t = {str(k): v for k, v in record.items()}
        indicator = t.get("indicator")
        if not isinstance(indicator, str) or not indicator:
            continue  # deliverables: nothing to compare
        if indicator in present:
            chosen.append((t, indicator, "the peer figures' own indicator"))
        elif indicator in usable:
            chosen.append((t, *usable[indicator]))
        else:
            reason = (f"offence-code registry: {refused[indicator]}" if indicator in refused
                      else f"no figures: the peer figures have no {indicator!r} and the "
                           "offence-code registry reads nothing from them for it")
            others.append({"target_id": t["target_id"], "text": t["text"],
                           "indicator": indicator, "reason": reason})
    return chosen, others


def _plain(value: Any) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number


def _row(target: dict[str, Any], peer_indicator: str, how: str, funnel: PeerFunnel,
         code: str) -> dict[str, Any] | None:
    table = funnel.table[funnel.table["partnership"] == code]
    if table.empty:
        return None
    r = table.iloc[0]
    adjustment = ("no overdispersion adjustment" if funnel.adjustment == "none"
                  else f"{funnel.adjustment} overdispersion adjustment")
    return {
        "target_id": target["target_id"], "text": target["text"],
        "indicator": target["indicator"], "peer_indicator": peer_indicator, "how": how,
        "count": _plain(r["count"]), "denominator": float(r["denominator"]),
        "rate": float(r["rate"]), "family_mean": float((funnel.family or {})["mean_rate"]),
        "lower_95": float(r["lower_95"]), "upper_95": float(r["upper_95"]),
        "lower_998": float(r["lower_998"]), "upper_998": float(r["upper_998"]),
        "position": str(r["position"]),
        "position_words": POSITION_WORDS.get(str(r["position"]), str(r["position"])),
        "limits": f"{funnel.method}; {adjustment}",
    }


def family_comparisons(
    strategies: Sequence[Strategy],
    peers: pd.DataFrame,
    family: PartnershipFamily,
    period: str,
    *,
    denominators: pd.DataFrame | None = None,
    origin: str = "given by the caller",
    figures: str = "the peer figures given",
    plugins: Plugins | None = None,
) -> tuple[FamilyComparison, ...]:
    """Each strategy's partnership against ``family`` on ``peers`` (long format) in
    ``period``, one row per comparable target (see the module docstring).

    >>> import cdrpkit
    >>> from cdrpkit.peers import read_denominators
    >>> peers = cdrpkit.read_observations(
    ...     "tests/data/peers/policeuk_leicestershire_monthly.csv")
    >>> den = read_denominators("tests/data/peers/csp_population_census2011.csv")
    >>> family, origin = locate_family("leicestershire-force-area")
    >>> [c] = family_comparisons([cdrpkit.load("leicester-2005")], peers, family,
    ...                          "2021/22", denominators=den)
    >>> [(r["target_id"], r["peer_indicator"]) for r in c.rows][0]
    ('reduce-acquisitive-crime.t2', 'policeuk-vehicle-crime')
    """
    from cdrpkit.peers import ATTRIBUTION, peer_funnel

    present = set(peers["indicator"].astype(str))
    # police.uk and Home Office figures (by their ingested ids or their stated source)
    # carry the OGL line, whether or not a target could be compared on them.
    stated = set(peers["source"].astype(str)) if "source" in peers.columns else set()
    real = any(i.startswith(("policeuk-", "ho-")) for i in present) or any(
        "police.uk" in s or "Home Office" in s for s in stated)
    codes = set(peers["partnership"].astype(str))
    unit = _denominator_unit(denominators)
    funnels: dict[str, PeerFunnel] = {}
    out = []
    for strategy in strategies:
        code = _code(strategy, codes, family)
        chosen, others = _choices(strategy, present, plugins)
        rows: list[dict[str, Any]] = []
        sources: set[str] = set()
        for target, peer_indicator, how in chosen:
            if peer_indicator not in funnels:
                funnels[peer_indicator] = peer_funnel(
                    peers, peer_indicator, period, denominators=denominators, family=family,
                    denominator_unit=unit)
            funnel = funnels[peer_indicator]
            row = _row(target, peer_indicator, how, funnel, code)
            if row is None:
                others.append({"target_id": target["target_id"], "text": target["text"],
                               "indicator": target["indicator"],
                               "reason": f"no figures for {code} in {peer_indicator!r}, "
                                         f"{period}"})
                continue
            rows.append(row)
            sources.update(funnel.sources)
        used = {r["peer_indicator"] for r in rows}
        # Members of the family without figures (the funnel's own list), not every
        # partnership of a national denominators file.
        notes = sorted({f"{p}: {why} ({f.indicator})" for f in funnels.values()
                        if f.indicator in used for p, why in f.left_out
                        if p in family.members})
        out.append(FamilyComparison(
            strategy=strategy.id, partnership=code,
            partnership_name=strategy.partnership.name,
            family={"id": family.id, "name": family.name, "source": family.source,
                    "date": family.date, "members": list(family.members)},
            origin=origin, figures=figures, sources=tuple(sorted(sources)), period=period,
            per=1000.0, denominator_unit=unit, rows=tuple(rows),
            not_comparable=tuple(others), attribution=ATTRIBUTION if real else "",
            notes=tuple(notes)))
    return tuple(out)
