"""The BVPI family and its community-safety indicators, as data.

Every indicator says where its definition comes from (``source``) and how far it was
checked (``certainty``): ``verified`` when the quoted words were read in the primary
text, ``source`` when read in a secondary or local document (a council plan),
``unverified`` when the detail could not be confirmed. ``certainty`` rates the
definition (what is counted, per what); where only the BV number is unconfirmed (BV127b,
BV174, BV175) the description says so. Where a detail is unknown the description says
so; nothing is filled in from memory. The 2005/06 English wording (SI
2005/598 and the ODPM *Best Value Performance Indicators Guidance 2005/6*) has not been
read: see the README's open items.
"""

from __future__ import annotations

from typing import Final

from cdrpkit.model import Indicator, IndicatorFamily

SI_2005_598 = (
    "The Local Government (Best Value) Performance Indicators and Performance Standards "
    "(England) Order 2005, SI 2005/598 (https://legislation.gov.uk/uksi/2005/598/made), and "
    "ODPM, Best Value Performance Indicators Guidance 2005/6 (28 February 2005)"
)
WALES_2001 = (
    "The Local Government (Best Value Performance Indicators) (Wales) Order 2001, WSI 2001/1337, "
    "Schedule 12 (http://legislation.data.gov.uk/wsi/2001/1337/schedule/12/made)"
)
HANSARD_2000_RACIAL = (
    "HC Deb 22 Feb 2000, written answer on racist incidents "
    "(https://api.parliament.uk/historic-hansard/written-answers/2000/feb/22/racist-incidents)"
)
COUNTY_PLAN = "Leicestershire County Council, Community Safety Plan (seed document)"
POLICE_2002 = (
    "The Police Authorities (Best Value) Performance Indicators Order 2002, SI 2002/694, "
    "Schedule 2, indicator 3 (https://www.legislation.gov.uk/uksi/2002/694/data.html)"
)
CITY_STRATEGY = "Leicester Community Safety Strategy 2005-2008 (seed document)"

FAMILY = IndicatorFamily(
    id="BVPI",
    title="Best Value Performance Indicators",
    description=(
        "Indicators set by order under section 4 of the Local Government Act 1999, which "
        "best value authorities report each financial year. Definitions change between "
        "years; these follow the 2001 Welsh order where the English 2005/06 text was not "
        "read, and say so indicator by indicator."
    ),
    source=SI_2005_598,
)

#: How many points the BV225 checklist has: the city strategy's "the 11 areas identified
#: in BVPI 225". What each point says is not known here (see :data:`BV225_CHECKLIST`).
BV225_POINTS = 11

#: The BV225 checklist points. Their wording has NOT been read from SI 2005/598 or the
#: ODPM 2005/06 guidance, so each point is a numbered placeholder that says so: the
#: number of points is known (from the city strategy), their text is not.
BV225_CHECKLIST: tuple[str, ...] = tuple(
    f"Point {n} of 11: wording unknown (not yet read from SI 2005/598 / ODPM BVPI "
    "Guidance 2005/06)"
    for n in range(1, BV225_POINTS + 1)
)

_LOWER: Final = "lower_is_better"
_HIGHER: Final = "higher_is_better"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="BV126",
        family="BVPI",
        title="Domestic burglaries per 1,000 households",
        unit="offence / kilohousehold",
        polarity=_LOWER,
        numerator="domestic burglaries recorded by the police",
        denominator="households in the authority's area",
        per=1000,
        description=(
            "Domestic burglaries per 1,000 households in the authority's area. "
            '"Domestic burglaries" relates to burglary in a dwelling and aggravated '
            "burglary in a dwelling (Welsh order 2001, Schedule 12, NAWPI 12.1 / BV 126, "
            "verbatim). The English 2005/06 wording was not read; the Home Office offence "
            "codes behind the two offences depend on the counting-rules year and are not "
            "fixed here. Lower is better (the targets set on it are reductions)."
        ),
        source=WALES_2001,
        certainty="verified",
        maps_to=("BCS-burglary",),
    ),
    Indicator(
        id="BV127a",
        family="BVPI",
        title="Violent crimes per 1,000 population",
        unit="offence / kiloperson",
        polarity=_LOWER,
        numerator="violent crimes recorded by the police (offence set UNVERIFIED)",
        denominator="resident population of the authority's area",
        per=1000,
        description=(
            "Violent crime per 1,000 population. UNVERIFIED: the split of BV127 into 127a "
            "(violent crime) and 127b (robberies) and the set of offences counted as "
            '"violent crime" were not found in any source read. In 2001 BV127 was robberies '
            'only. Do not read it as the city strategy\'s "violent crime (BCS)", which is the '
            "BCS comparator violence group (see the PSA family's BCS-violence)."
        ),
        source=SI_2005_598 + " (not read)",
        certainty="unverified",
    ),
    Indicator(
        id="BV127b",
        family="BVPI",
        title="Robberies per 1,000 population",
        unit="offence / kiloperson",
        polarity=_LOWER,
        numerator="robberies recorded by the police",
        denominator="resident population of the authority's area",
        per=1000,
        description=(
            '"Robberies per 1000 of the best value authority area population" (Welsh order '
            "2001, NAWPI 12.2 / BV 127, verbatim, when BV127 was one indicator). That this is "
            "the later English BV127b is not confirmed: the 127a/127b split is unverified."
        ),
        source=WALES_2001,
        certainty="verified",
    ),
    Indicator(
        id="BV128",
        family="BVPI",
        title="Vehicle crimes per 1,000 population",
        unit="offence / kiloperson",
        polarity=_LOWER,
        numerator="vehicle crimes recorded by the police",
        denominator="resident population of the authority's area",
        per=1000,
        description=(
            '"Vehicle crimes per 1,000 of the population"; "Vehicle crimes" include recorded '
            "theft/unauthorised taking of a motor vehicle, theft from a vehicle and aggravated "
            "taking of a motor vehicle. Vehicle interference is not included (Welsh order "
            "2001, NAWPI 12.3 / BV128). The BCS comparator basket counts vehicle "
            "interference, so a strategy's \"vehicle crime\" must say which one it means."
        ),
        source=WALES_2001,
        certainty="verified",
        maps_to=("BCS-vehicle",),
    ),
    Indicator(
        id="BV174",
        family="BVPI",
        title="Racial incidents recorded by the authority per 100,000 population",
        unit="incident / hundred_kiloperson",
        polarity="neither",
        numerator="racial incidents recorded by the authority, across all its services",
        denominator="resident population of the authority's area",
        per=100_000,
        description=(
            "The number of racial incidents recorded by the authority per 100,000 "
            "population, required by the Audit Commission from 2000-01. A racial incident is "
            "any incident regarded as such by the victim or anyone else, following the "
            "Stephen Lawrence inquiry report's definition (HC Deb 22 Feb 2000). The content "
            "is verified; the number BV174 is not (it comes from the indicator families "
            "issue). Polarity is neither: a higher rate can mean better reporting."
        ),
        source=HANSARD_2000_RACIAL,
        certainty="verified",
    ),
    Indicator(
        id="BV175",
        family="BVPI",
        title="Racial incidents resulting in further action",
        unit="percent",
        polarity=_HIGHER,
        numerator="racial incidents recorded by the authority that resulted in further action",
        denominator="racial incidents recorded by the authority",
        per=100,
        description=(
            "The percentage of racial incidents recorded by the authority that result in "
            "further action by the authority (HC Deb 22 Feb 2000; the county plan: \"the "
            'percentage of racial incidents that resulted in further action"). Content '
            "verified, the number BV175 not. Higher is better (our inference)."
        ),
        source=HANSARD_2000_RACIAL,
        certainty="verified",
    ),
    Indicator(
        id="BV176",
        family="BVPI",
        title="Domestic violence refuge places per 10,000 population",
        unit="place / ten_kiloperson",
        polarity=_HIGHER,
        numerator="domestic violence refuge places (which places count is UNVERIFIED)",
        denominator="population (total or adult: UNVERIFIED)",
        per=10_000,
        description=(
            "Domestic violence refuge places per 10,000 population, as the county plan names "
            'it ("the numbers of domestic violence refuge places per 10,000 population (BV '
            '176)"). UNVERIFIED: no primary definition was found; whether places must be '
            "provided or supported by the authority, and whether the population is total "
            "or adult, are not known. Higher is better (our inference)."
        ),
        source=COUNTY_PLAN + "; primary definition not found",
        certainty="unverified",
        period_type="point_in_time",
    ),
    Indicator(
        id="BV225",
        family="BVPI",
        title="Actions against domestic violence: checklist points met",
        unit="percent",
        polarity=_HIGHER,
        numerator="checklist points met",
        denominator="checklist points (11)",
        per=100,
        description=(
            "The domestic violence BVPI introduced for 2005/06, reported as the percentage "
            "of its checklist points met; the city strategy speaks of \"the 11 areas "
            'identified in BVPI 225". The indicator\'s existence is verified (LGA guidance '
            "pamphlet, May 2005; Mayor of London, Second London Domestic Violence Strategy, "
            "Appendix C). The WORDING OF THE 11 POINTS AND THE SCORING RULE ARE UNVERIFIED: "
            "the checklist carries 11 numbered placeholders so that completion can be "
            "computed, and the percentage assumes every point weighs the same."
        ),
        source=(
            SI_2005_598 + " (not read); LGA, Implementing the domestic violence performance "
            "indicator (2005); " + CITY_STRATEGY
        ),
        certainty="unverified",
        checklist=BV225_CHECKLIST,
    ),
    Indicator(
        id="BV-road-casualties",
        family="BVPI",
        title="Road casualties per 100,000 population",
        unit="casualty / hundred_kiloperson",
        polarity=_LOWER,
        numerator="road casualties (severities counted: UNVERIFIED)",
        denominator="resident population of the authority's area",
        per=100_000,
        period_type="calendar_year",
        description=(
            "The local authority road-casualty indicator as the county plan names it: "
            '"road casualties per 100,000 population". Its BVPI number, which casualties '
            "count (all severities or killed and seriously injured) and its period are "
            "UNVERIFIED; the id therefore names no number. Road casualty statistics are "
            "kept by calendar year, hence the period type (an assumption). The police "
            "indicator BV-police-road-ksi is a different measure, per 1,000 population."
        ),
        source=COUNTY_PLAN + "; primary definition not found",
        certainty="unverified",
    ),
    Indicator(
        id="BV-police-road-ksi",
        family="BVPI",
        title="Road traffic collisions involving death or serious injury per 1,000 population",
        unit="incident / kiloperson",
        polarity=_LOWER,
        numerator="road traffic collisions involving death or serious injury",
        denominator="population of the police area",
        per=1000,
        description=(
            '"Number of road traffic collisions involving death or serious injury per 1,000 '
            'population" (Police Authorities (Best Value) Performance Indicators Order 2002, '
            "Schedule 2, indicator 3, verbatim). A police authority indicator: it counts "
            "collisions, not casualties, and is per 1,000, not per 100,000."
        ),
        source=POLICE_2002,
        certainty="verified",
    ),
)
