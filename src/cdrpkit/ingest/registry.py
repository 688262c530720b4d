"""Our offence-code registry: Home Office codes and police.uk crime types -> indicators.

The code sets come from the Home Office's own offence-code mapping (``CrimeCatMappings.csv``,
bundled: offence code -> offence group, subgroup and police.uk crime type), read when the
registry is asked for; the dates of the April 2017 burglary recoding come from the Home
Office tables (the old codes are kept "(outcome only)" from 2017/18). Which indicator a
code set builds, and where a source cannot build one, is written out below with the
reason. The built-in plugin :mod:`cdrpkit.builtin.offences` declares these mappings.
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources

from cdrpkit.plugins.declarations import OffenceMapping

__all__ = ["CRIME_CAT_SOURCE", "builtin_mappings", "codes_by"]

#: Where the code sets come from.
CRIME_CAT_SOURCE = ("Home Office offence code to offence group, subgroup and police.uk "
                    "crime type mapping (CrimeCatMappings.csv)")
_RECODING = "2017-04-01"
_BEFORE = "2017-03-31"
_TABLES = "Home Office police recorded crime open data tables, 2017/18 ('(outcome only)')"


@functools.cache
def _rows() -> tuple[dict[str, str], ...]:
    text = (resources.files("cdrpkit") / "ingest" / "data" / "crime_cat_mappings.csv"
            ).read_text(encoding="utf-8-sig")
    return tuple(csv.DictReader(io.StringIO(text)))


def codes_by(column: str, value: str, *, old: bool | None = None) -> tuple[str, ...]:
    """The ``ho-`` ids of codes whose ``column`` is ``value`` in the Home Office mapping.

    ``old=True`` keeps codes discontinued in April 2017 (described "(outcome only)"),
    ``old=False`` the others.

    >>> codes_by("Offence_Group", "Robbery")
    ('ho-34A', 'ho-34B')
    >>> codes_by("Offence_Subgroup", "Domestic burglary", old=False)
    ('ho-28E', 'ho-28F', 'ho-28G', 'ho-28H', 'ho-29A')
    """
    found = []
    for row in _rows():
        if row[column].strip().lower() != value.lower():
            continue
        discontinued = "outcome only" in row["Offence_Description"].lower()
        if old is None or old == discontinued:
            found.append("ho-" + row["Offence_Code"].strip())
    return tuple(sorted(found))


def _ho(indicator: str, codes: tuple[str, ...], certainty: str, *, suffix: str = "",
        valid_from: str | None = None, valid_to: str | None = None,
        measure: str = "value", note: str = "", reference: str = CRIME_CAT_SOURCE
        ) -> OffenceMapping:
    return OffenceMapping(id=f"{indicator}/home-office{suffix}", indicator=indicator,
                          source="home-office", codes=codes, valid_from=valid_from,
                          valid_to=valid_to, reference=reference, certainty=certainty,
                          measure=measure, note=note)


def _uk(indicator: str, crime_type: str = "", reason: str = "", certainty: str = "stated"
        ) -> OffenceMapping:
    codes = ("policeuk-" + crime_type,) if crime_type else ()
    return OffenceMapping(id=f"{indicator}/police-uk", indicator=indicator, source="police-uk",
                          codes=codes, reference=CRIME_CAT_SOURCE + "; data.police.uk crime types",
                          certainty=certainty, available=not reason, reason=reason)


_MIXED_BURGLARY = ("police.uk 'Burglary' mixes domestic (residential) and non-domestic "
                   "(business and community) burglary; the street-level files do not say which")
_RATE = ("the registry gives only the numerator (a count); the rate needs the households or "
         "population of the same year, which ingested figures do not carry")
_BASKET = ("the BCS comparator basket needs the BCS-comparable subsets of recorded crime "
           "(for example wounding and common assault as the BCS counts them), which no code "
           "list held here defines; build it from a stated list of codes in a local indicator")


def _burglary() -> list[OffenceMapping]:
    old = codes_by("Offence_Subgroup", "Domestic burglary", old=True)
    new = codes_by("Offence_Subgroup", "Domestic burglary", old=False)
    recoded = ("Residential burglary (28E-28H, 29A) replaced burglary in a dwelling in April "
               "2017 and also counts burglaries of sheds and garages within a home's grounds, "
               "which were non-domestic before: a series across April 2017 has a break")
    return [
        _ho("domestic-burglary", old, "stated", suffix="/to-2017-03", valid_to=_BEFORE,
            reference=f"{CRIME_CAT_SOURCE}; {_TABLES}"),
        _ho("domestic-burglary", new, "inferred", suffix="/from-2017-04", valid_from=_RECODING,
            note=recoded, reference=f"{CRIME_CAT_SOURCE}; {_TABLES}"),
        _ho("residential-burglary", new, "stated", valid_from=_RECODING,
            reference=f"{CRIME_CAT_SOURCE}; {_TABLES}"),
        _ho("BV126", old, "inferred", valid_to=_BEFORE, measure="numerator",
            note="BV126's numerator, domestic burglaries recorded by the police; " + _RATE),
        _uk("domestic-burglary", reason=_MIXED_BURGLARY),
        _uk("residential-burglary", reason=_MIXED_BURGLARY),
        _uk("BV126", reason=_MIXED_BURGLARY),
    ]


def _others() -> list[OffenceMapping]:
    vehicle = codes_by("Police.uk_Cat", "Vehicle Crime")
    robbery = codes_by("Offence_Group", "Robbery")
    damage = codes_by("Offence_Group", "Criminal damage and arson")
    violence = codes_by("Offence_Group", "Violence against the person")
    return [
        _ho("vehicle-crime", vehicle, "stated"),
        _ho("robbery", robbery, "stated"),
        _ho("criminal-damage-and-arson", damage, "stated"),
        _ho("criminal-damage", codes_by("Offence_Subgroup", "Criminal damage"), "stated"),
        _ho("violence-against-the-person", violence, "stated"),
        _ho("BV127b", robbery, "inferred", measure="numerator",
            note="BV127b's numerator, robberies; " + _RATE),
        _ho("BV128", vehicle, "inferred", measure="numerator",
            note="BV128's numerator, vehicle crimes (the police.uk set); " + _RATE),
        _ho("shoplifting", codes_by("Offence_Subgroup", "Shoplifting"), "stated"),
        _uk("shoplifting", "shoplifting"),
        _uk("vehicle-crime", "vehicle-crime"),
        _uk("robbery", "robbery"),
        _uk("criminal-damage-and-arson", "criminal-damage-and-arson"),
        _uk("criminal-damage", reason="police.uk 'Criminal damage and arson' includes arson"),
        _uk("violence-against-the-person", reason="police.uk 'Violence and sexual offences' "
            "adds sexual offences to violence against the person"),
        _uk("BV127b", reason="BV127b is a rate per 1,000 population; " + _RATE),
        _uk("BV128", reason="BV128 is a rate per 1,000 population; " + _RATE),
        OffenceMapping(id="bcs-comparator/home-office", indicator="bcs-comparator",
                       source="home-office", reference=CRIME_CAT_SOURCE, certainty="inferred",
                       available=False, reason=_BASKET),
        OffenceMapping(id="PSA1/home-office", indicator="PSA1", source="home-office",
                       reference=CRIME_CAT_SOURCE, certainty="inferred", available=False,
                       reason="PSA1 is measured locally on BCS comparator crime: " + _BASKET),
        OffenceMapping(id="PSA-car-crime/home-office", indicator="PSA-car-crime",
                       source="home-office", reference="cdrpkit-psa, PSA-car-crime",
                       certainty="inferred", available=False,
                       reason="the county plan does not say which offences count as car crime"),
    ]


def builtin_mappings() -> list[OffenceMapping]:
    """Every mapping of our registry (what :mod:`cdrpkit.builtin.offences` declares)."""
    return _burglary() + _others()
