"""Registers the county plan by name, so ``cdrpkit.load("leics-county-csp")`` finds it."""

from __future__ import annotations

from cdrpkit import hookimpl
from cdrpkit.plugins import StrategySource
from cdrpkit.plugins.declarations import PartnershipFamily
from leics_county_csp import STRATEGY_DIR

NAME = "leics-county-csp"
TITLE = "Leicestershire County Council Community Safety Plan"


@hookimpl
def cdrpkit_register_strategies() -> list[StrategySource]:
    """The county plan, read from the directory of this package."""
    return [StrategySource(name=NAME, path=STRATEGY_DIR, title=TITLE)]


@hookimpl
def cdrpkit_register_partnership_families() -> list[PartnershipFamily]:
    """The partnerships of the Leicestershire Police force area, as a family.

    A geographical family, as the ONS lookup states it (the city, the county's seven
    districts and Rutland), not a "most similar" group.
    """
    return [PartnershipFamily(
        id="leicestershire-force-area",
        name="Community Safety Partnerships of the Leicestershire Police force area",
        members=("E22000164", "E22000165", "E22000166", "E22000167", "E22000168",
                 "E22000169", "E22000170", "E22000171", "E22000172"),
        source="ONS lookup of local authority districts to Community Safety Partnerships "
               "to Police Force Areas (lad_to_csp_to_pfa_2019.csv), PFA E23000021",
        date="2019-12")]
