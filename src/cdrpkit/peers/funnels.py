"""A funnel plot of one indicator across partnerships: the table and what it was made with.

:func:`peer_funnel` joins each partnership's count for a period (:func:`counts_for`) to
its denominator, computes the limits with :func:`cdrpkit.stats.funnel.funnel`, and
returns a :class:`PeerFunnel`: the table in the contract's columns plus every choice
(method, overdispersion test and adjustment, family) that a reader needs to trust it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import attrs

from cdrpkit.errors import InputError, Problem
from cdrpkit.peers.figures import counts_for

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.plugins.declarations import PartnershipFamily

__all__ = ["ATTRIBUTION", "COLUMNS", "PeerFunnel", "peer_funnel"]

#: Columns of the funnel table (CSV and JSON rows), in this order.
COLUMNS: tuple[str, ...] = (
    "partnership", "name", "count", "denominator", "rate",
    "lower_95", "upper_95", "lower_998", "upper_998", "position",
)
#: The Open Government Licence attribution every output of real figures carries.
ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)


@attrs.frozen
class PeerFunnel:
    """A funnel table and its metadata.

    ``table`` has :data:`COLUMNS`; rates and limits are per ``per`` of the denominator.
    ``left_out`` lists partnerships in the denominators or family with no figures, with
    the reason, so nothing is dropped silently.
    """

    indicator: str
    period: str
    per: float
    denominator_unit: str
    kind: str
    table: pd.DataFrame
    target_rate: float
    method: str
    adjustment: str
    dispersion: dict[str, Any]
    family: dict[str, Any] | None
    left_out: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]

    @property
    def title(self) -> str:
        """One line saying what is compared, where and when."""
        group = (f"family {self.family['name']!r}" if self.family
                 else f"{len(self.table)} partnerships")
        return (f"{self.indicator} per {self.per:,g} {self.denominator_unit}, {self.period}: "
                f"{group}")

    def metadata(self) -> dict[str, Any]:
        """Everything but the table, as plain JSON-ready data."""
        return {
            "title": self.title, "indicator": self.indicator, "period": self.period,
            "per": self.per, "denominator_unit": self.denominator_unit, "kind": self.kind,
            "group_rate": self.target_rate * self.per, "method": self.method,
            "overdispersion": self.adjustment, "dispersion_test": self.dispersion,
            "family": self.family,
            "left_out": [{"partnership": p, "reason": r} for p, r in self.left_out],
            "sources": list(self.sources), "attribution": ATTRIBUTION,
        }


def _family_rows(family: PartnershipFamily, counts: pd.DataFrame,
                 left_out: list[tuple[str, str]]) -> pd.DataFrame:
    members = set(family.members)
    for code in sorted(members - set(counts["partnership"])):
        left_out.append((code, f"member of family {family.id!r} with no figures"))
    return counts[counts["partnership"].isin(members)]


def _denominated(counts: pd.DataFrame, denominators: pd.DataFrame | None,
                 left_out: list[tuple[str, str]]) -> pd.DataFrame:
    if denominators is None:
        if counts["trials"].isna().any():
            missing = counts.loc[counts["trials"].isna(), "partnership"].tolist()
            raise InputError([Problem(
                f"no denominator: give --denominators or a denominator column in the "
                f"figures ({', '.join(missing[:10])})", path="denominators")],
                summary="no denominators:")
        out = counts.assign(denominator=counts["trials"], name="")
        return out
    known = denominators.set_index("partnership")
    missing = sorted(set(counts["partnership"]) - set(known.index))
    if missing:
        raise InputError([Problem("has figures but no denominator", path=f"partnership {c}")
                          for c in missing], summary="denominators missing:")
    for code in sorted(set(known.index) - set(counts["partnership"])):
        left_out.append((code, "in the denominators file with no figures for the period"))
    return counts.assign(denominator=counts["partnership"].map(known["denominator"]),
                         name=counts["partnership"].map(known["name"]))


def peer_funnel(
    observations: pd.DataFrame,
    indicator: str,
    period: str,
    *,
    denominators: pd.DataFrame | None = None,
    family: PartnershipFamily | None = None,
    kind: Literal["poisson", "binomial"] = "poisson",
    per: float = 1000.0,
    denominator_unit: str = "population",
    overdispersion: Literal["auto", "none", "multiplicative", "additive"] = "auto",
) -> PeerFunnel:
    """The funnel of ``indicator`` in ``period`` across the partnerships in the figures.

    With ``family``, only its members are compared and the centre line is the family's
    rate. ``denominators`` is a frame from :func:`read_denominators`; without it the
    figures' ``denominator`` column is used (the trials behind a proportion).

    >>> import cdrpkit
    >>> from cdrpkit.peers import read_denominators
    >>> obs = cdrpkit.read_observations("tests/data/peers/ho_csp_2011_12.csv")
    >>> den = read_denominators("tests/data/peers/csp_population_census2011.csv")
    >>> f = peer_funnel(obs, "ho-28A", "2011/12", denominators=den)
    >>> row = f.table.set_index("partnership").loc["E22000168"]
    >>> int(row["count"]), row["position"], f.adjustment
    (1790, 'within', 'additive')
    """
    from cdrpkit.stats.funnel import funnel

    counts = counts_for(observations, indicator, period)
    left_out: list[tuple[str, str]] = []
    if family is not None:
        counts = _family_rows(family, counts, left_out)
        if len(counts) < 2:
            raise InputError([Problem(
                f"family {family.id!r} has {len(counts)} member(s) with figures for "
                f"{indicator!r} in {period}; a funnel needs two", path="family")],
                summary="nothing to compare:")
    table = _denominated(counts, denominators, left_out)
    result = funnel(table["count"].to_numpy(), table["denominator"].to_numpy(), kind=kind,
                    overdispersion=overdispersion)
    scale = float(per)
    table = table.assign(
        rate=result.rate * scale, lower_95=result.lower_95 * scale,
        upper_95=result.upper_95 * scale, lower_998=result.lower_998 * scale,
        upper_998=result.upper_998 * scale, position=result.position,
    )
    table["name"] = table["name"].fillna("").where(table["name"].fillna("") != "",
                                                   table["partnership"])
    d = result.dispersion
    dispersion = {
        "phi": d.phi, "statistic": d.statistic, "df": d.df, "p_value": d.p_value,
        "overdispersed": d.overdispersed, "tau2": d.tau2,
        "test": "Spiegelhalter (2005): k x phi from z-scores winsorised at 10% and 90%, "
                "against chi-square with k - 1 df at 5%",
    }
    fam = None if family is None else {
        "id": family.id, "name": family.name, "source": family.source, "date": family.date,
        "members": list(family.members), "mean_rate": result.target * scale,
    }
    sources = tuple(sorted({part for joined in table["source"] for part in
                            str(joined).split("; ") if part}))
    return PeerFunnel(
        indicator=indicator, period=period, per=scale, denominator_unit=denominator_unit,
        kind=kind, table=table[list(COLUMNS)].reset_index(drop=True),
        target_rate=result.target, method=result.method, adjustment=result.adjustment,
        dispersion=dispersion, family=fam, left_out=tuple(left_out), sources=sources,
    )
