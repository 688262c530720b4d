"""The PSA family: SR2004 Home Office PSA1 and PSA2, the county plan's 2002-era PSA
targets, and the BCS comparator basket, as indicators.

``certainty`` rates each definition: ``verified`` when the words were read in the
primary text, ``source`` when read in a secondary or local document (the county plan,
another partnership's strategy), ``unverified`` when not confirmed. The descriptions
quote what was read and say what was not.
"""

from __future__ import annotations

from typing import Final

from cdrpkit.model import Indicator, IndicatorFamily
from cdrpkit_psa.basket import BASKET, GROUP_INDICATORS, TOTAL, group_members

HAC_2004 = (
    "Home Office supplementary memorandum to the Home Affairs Committee, 2004-05 "
    "(https://publications.parliament.uk/pa/cm200405/cmselect/cmhaff/370/370we64.htm); "
    "Home Office note to the HAC, Annex A, Aug 2004 "
    "(https://publications.parliament.uk/pa/cm200405/cmselect/cmhaff/320/4072012.htm)"
)
NCSP_2008 = "National Community Safety Plan 2008-11, p.4"
COUNTY_PLAN = "Leicestershire County Council, Community Safety Plan, section 2.3 (seed document)"
CITY_STRATEGY = "Leicester Community Safety Strategy 2005-2008 (seed document)"
BASKET_SOURCE = (
    "A Surrey district's Community Safety Strategy 2005-2008 (the ten categories); a "
    "Hertfordshire CDRP (\"the 10 British Crime Survey Categories\"); MPA report, 17 May 2007 "
    "(BCS comparator crime, baseline FY 03/04); groups from " + CITY_STRATEGY
)
_MAYBE_LPSA1 = (
    " The county plan calls this one of its five \"Public Service Agreement (PSA) "
    'priorities"; it is not among the Home Office SR2002 PSAs read, and may be a target '
    "of Leicestershire's first-generation Local PSA (LPSA1) instead: UNVERIFIED."
)

FAMILY = IndicatorFamily(
    id="PSA",
    title="Public Service Agreement targets",
    description=(
        "Targets the Government agreed with the Treasury in each Spending Review (SR2002 "
        "for 2003-06, SR2004 for 2005-08), as partnerships' strategies cite them, and the "
        "BCS comparator crime basket on which CDRPs set their PSA1 targets."
    ),
    source=HAC_2004,
)

_LOWER: Final = "lower_is_better"
_HIGHER: Final = "higher_is_better"

HOME_OFFICE: tuple[Indicator, ...] = (
    Indicator(
        id="PSA1",
        family="PSA",
        title="SR2004 PSA1: reduce crime by 15%, and further in high crime areas, by 2007-08",
        unit="offence",
        polarity=_LOWER,
        numerator="crimes: BCS crime nationally; BCS comparator crimes recorded locally",
        description=(
            "Home Office SR2004 PSA1. Verified in substance: \"a single all-embracing goal "
            'which seeks to secure a 15% reduction in overall crime by 2007-08 and more in '
            'high crime areas", with each CDRP asked "to set its own crime reduction targets '
            'in line with the national objective" (HAC memorandum 2004-05); consultation '
            'wording "Reduce crime by [x%] and further in high crime areas". The final '
            'wording "Reduce crime by 15%, and further in high crime areas, by 2007-08" was '
            "NOT seen verbatim. Measured nationally on BCS crime, 2002/03 to 2007/08 "
            "(National Community Safety Plan 2008-11); locally on police-recorded BCS "
            "comparator crime (BCS-comparator) against a baseline each partnership states, "
            "commonly 2003/04: store the baseline on the target, not here."
        ),
        source=HAC_2004 + "; " + NCSP_2008,
        certainty="verified",
        maps_to=(TOTAL,),
    ),
    Indicator(
        id="PSA2",
        family="PSA",
        title="SR2004 PSA2: reassure the public, reducing fear of crime and anti-social behaviour",
        unit="percent",
        polarity=_LOWER,
        numerator="BCS respondents perceiving high anti-social behaviour or worried about "
        "crime (measures UNVERIFIED)",
        denominator="BCS respondents",
        per=100,
        description=(
            "Home Office SR2004 PSA2. Verified only that \"the perception of ASB is now "
            'included in PSA 2" (Home Office note to the HAC, Aug 2004). The wording commonly '
            'quoted, "Reassure the public, reducing the fear of crime and anti-social '
            'behaviour, and building confidence in the Criminal Justice System without '
            'compromising fairness", and its measures are UNVERIFIED; the unit (a '
            "percentage of survey respondents) is our assumption. The city strategy cites "
            'it as "Home Office PSA2, reducing the fear of crime and anti-social behaviour".'
        ),
        source=HAC_2004 + "; " + CITY_STRATEGY,
        certainty="unverified",
    ),
)

COUNTY_TARGETS: tuple[Indicator, ...] = (
    Indicator(
        id="PSA-drug-treatment",
        family="PSA",
        title="Drug misusers completing treatment programmes",
        unit="person",
        polarity=_HIGHER,
        numerator="drug misusers completing treatment programmes",
        description=(
            'County plan, 2.3: "Drug treatment - increasing the number of drug misusers '
            'completing treatment programmes from 972 to 1150 by 2005/06". Related to the '
            "national drug strategy target to \"increase year on year the proportion of "
            'users successfully sustaining or completing treatment programmes" (HC Deb 26 '
            "Jan 2004)." + _MAYBE_LPSA1
        ),
        source=COUNTY_PLAN,
        certainty="source",
    ),
    Indicator(
        id="PSA-car-crime",
        family="PSA",
        title="Car crime",
        unit="offence",
        polarity=_LOWER,
        numerator="car crimes recorded by the police (offence set not stated)",
        description=(
            'County plan, 2.3: "Car crime - reducing car crime by 20% from current levels by '
            '2005/06". Which offences count as car crime is not stated (compare BV128 and '
            "BCS-vehicle)." + _MAYBE_LPSA1
        ),
        source=COUNTY_PLAN,
        certainty="source",
    ),
    Indicator(
        id="PSA-dv-reporting",
        family="PSA",
        title="Domestic violence incidents reported to the police",
        unit="incident",
        polarity=_HIGHER,
        numerator="domestic violence incidents reported to the police",
        description=(
            'County plan, 2.3: "increasing the reporting of domestic violence incidents to '
            'the police from 4,781 in 2002 to 5,539 by 2005/06". The baseline is a calendar '
            "year, the target a financial year." + _MAYBE_LPSA1
        ),
        source=COUNTY_PLAN,
        certainty="source",
    ),
    Indicator(
        id="PSA-dv-repeat-victims",
        family="PSA",
        title="Repeat victims of domestic violence",
        unit="victim",
        polarity=_LOWER,
        numerator="repeat victims of domestic violence (definition of 'repeat' not stated)",
        description=(
            'County plan, 2.3: "to reduce the repeat victimisation rate from 1808 repeat '
            'victims in 2002 to 1612 repeat victims by 2005/06". Although the plan says '
            '"rate", both figures are counts of victims.' + _MAYBE_LPSA1
        ),
        source=COUNTY_PLAN,
        certainty="source",
    ),
    Indicator(
        id="PSA-young-people-ete",
        family="PSA",
        title="Young people under community supervision with poor basic skills in ETE",
        unit="percent",
        polarity=_HIGHER,
        numerator="young people with poor basic skills who go into, or are working towards, "
        "full time education, training or employment",
        denominator="young people receiving community supervision who have poor basic skills",
        per=100,
        description=(
            'County plan, 2.3: "delivering a new programme to improve the basic skills of '
            "young people receiving community supervision so that 80% of young people with "
            "poor basic skills go into, or are working towards, full time education, "
            'training or employment (ETE) by 2005/06".' + _MAYBE_LPSA1
        ),
        source=COUNTY_PLAN,
        certainty="source",
    ),
    Indicator(
        id="PSA-road-ksi",
        family="PSA",
        title="People killed or seriously injured in road accidents, excluding motorways",
        unit="casualty",
        polarity=_LOWER,
        numerator="people killed or seriously injured in road accidents excluding motorways",
        period_type="calendar_year",
        description=(
            'County plan, 2.3: "reducing the number of people killed or seriously injured in '
            'road accidents excluding motorways in 2005 compared with the average for '
            '1994-98". The size of the reduction is not stated in the plan. Counted by '
            "calendar year (2005; baseline the 1994-98 average)." + _MAYBE_LPSA1
        ),
        source=COUNTY_PLAN,
        certainty="source",
    ),
)


def _category(c_id: str, wording: str, group: str) -> Indicator:
    return Indicator(
        id=c_id,
        family="PSA",
        title=f"BCS comparator crime: {wording}",
        unit="offence",
        polarity=_LOWER,
        numerator=f"{wording} offences recorded by the police",
        description=(
            f"One of the ten categories of the BCS comparator basket ({wording}; group "
            f"{group}). The Home Office offence codes for 2003/04-2007/08 were not read."
        ),
        source=BASKET_SOURCE,
        certainty="source",
    )


_GROUP_TEXT = {
    "violence": (
        "Violent crime (BCS)",
        'What the city strategy calls "violent crimes ... (BCS)": common assault, wounding '
        "and personal robbery. That this is the Home Office's definition is UNVERIFIED; it "
        "follows the basket's structure. It is not BV127a.",
    ),
    "vehicle": (
        "Vehicle crime (BCS)",
        "Theft of and theft from a vehicle. Vehicle interference is left to BCS-other, as "
        'the city strategy counts it among "other BCS offences" (our reading of its '
        "targets), which also matches BV128's exclusion of vehicle interference.",
    ),
    "other": (
        "Other BCS offences",
        'The city strategy\'s "other BCS offences (theft from a person, theft of cycle and '
        'vehicle interference)".',
    ),
}

BASKET_INDICATORS: tuple[Indicator, ...] = (
    *(
        _category(c.id, c.wording, c.group)
        for c in BASKET
    ),
    *(
        Indicator(
            id=GROUP_INDICATORS[group],
            family="PSA",
            title=title,
            unit="offence",
            polarity=_LOWER,
            numerator="offences recorded by the police in the group's categories",
            description=text,
            source=BASKET_SOURCE,
            certainty="source",
            members=group_members(group),
        )
        for group, (title, text) in _GROUP_TEXT.items()
    ),
    Indicator(
        id=TOTAL,
        family="PSA",
        title="BCS comparator crime (all ten categories)",
        unit="offence",
        polarity=_LOWER,
        numerator="offences recorded by the police in the ten BCS comparator categories",
        description=(
            "The police-recorded proxy for BCS crime on which CDRPs set their SR2004 PSA1 "
            "targets, introduced by the Home Office in April 2003. It leaves out, for "
            "example, shoplifting, fraud, drug and sexual offences and non-domestic "
            "burglary, so it is not a partnership's \"total crime\"."
        ),
        source=BASKET_SOURCE,
        certainty="source",
        members=tuple(c.id for c in BASKET),
        maps_to=("PSA1",),
    ),
)

INDICATORS: tuple[Indicator, ...] = (*HOME_OFFICE, *COUNTY_TARGETS, *BASKET_INDICATORS)
