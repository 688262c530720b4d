"""The BVPI family: definitions, computation on the seeds' figures, checklist completion."""

from __future__ import annotations

import math

import numpy as np
import pytest
from cdrpkit_bvpi import (
    BV225_CHECKLIST,
    INDICATORS,
    ComputeError,
    checklist_completion,
    compute,
    compute_many,
    indicator,
)

from cdrpkit import units
from cdrpkit.errors import CdrpkitError, NotFoundError
from cdrpkit.plugins import Plugins

LEICESTER_POPULATION = 283_900  # "based on mid-year 2003 population of 283,900"
LEICESTER_HOUSEHOLDS = 120_420  # "based on 120,420 households in the city"


# --- computations on the seeds' figures -------------------------------------------------


def test_bv126_on_the_city_burglary_target() -> None:
    # "no more than 2,331 offences by March 2008 ... equating to a rate of 19.4
    # burglaries per 1,000 households (based on 120,420 households in the city)"
    value = compute("BV126", 2331, LEICESTER_HOUSEHOLDS)
    assert round(value, 2) == 19.36
    assert round(value, 1) == 19.4


def test_bv128_on_the_city_vehicle_crime_target() -> None:
    # "no more than 3964 offences by March 2008 ... equating to a rate of 13.96 vehicle
    # crimes per 1,000 population (based on mid-year 2003 population of 283,900)"
    assert round(compute("BV128", 3964, LEICESTER_POPULATION), 2) == 13.96


def test_bv127b_on_the_city_robbery_target() -> None:
    # "no more than 838 offences by March 2008 ... equating to a rate of 2.95 robberies
    # per 1,000 population (based on mid-year 2003 population of 283,900)"
    assert round(compute("BV127b", 838, LEICESTER_POPULATION), 2) == 2.95


def test_bv127a_on_the_city_violent_crime_count() -> None:
    # "in the last year 10,236 violent crimes were recorded in the city of Leicester";
    # the strategy states no rate, and BV127a's offence set is unverified, so this
    # checks the arithmetic per 1,000 population only.
    assert compute("BV127a", 10_236, LEICESTER_POPULATION) == pytest.approx(36.054, abs=1e-3)


def test_bv174_is_per_100000_population() -> None:
    # "Reports of racial harassment to the police have increased ... to 887 in 2004":
    # police reports, not the council's own records that BV174 counts, so only the
    # arithmetic per 100,000 population is checked.
    assert compute("BV174", 887, LEICESTER_POPULATION) == pytest.approx(312.43, abs=0.01)


def test_bv175_is_a_percentage() -> None:
    # No seed states BV175's counts: 45 of 60 incidents with further action is 75%.
    assert compute("BV175", 45, 60) == 75.0


def test_bv176_is_per_10000_population() -> None:
    # No seed states a refuge place count: 30 places for 283,900 people.
    assert compute("BV176", 30, LEICESTER_POPULATION) == pytest.approx(1.0567, abs=1e-4)


def test_bv225_target_of_all_eleven_areas() -> None:
    # "Ensure that the 11 areas identified in BVPI 225 are met 100% by March 2008"
    assert compute("BV225", 11, 11) == 100.0
    assert checklist_completion([True] * 11) == 100.0
    assert checklist_completion(set(range(1, 12))) == 100.0


def test_road_casualty_indicators_use_their_own_denominators() -> None:
    # The county plan: "road casualties per 100,000 population"; the police indicator
    # is "per 1,000 population". The same counts differ by a factor of 100.
    local = compute("BV-road-casualties", 250, 600_000)
    police = compute("BV-police-road-ksi", 250, 600_000)
    assert local == pytest.approx(41.667, abs=1e-3)
    assert police == pytest.approx(local / 100)


def test_every_bvpi_computes_from_its_unit() -> None:
    # The computation agrees with the unit layer's rate arithmetic for every rate.
    for ind in INDICATORS:
        assert ind.per is not None
        if units.is_rate(ind.unit) and ind.unit != "percent":
            expected = units.to_rate(120, 50_000, per=ind.per)
            assert compute(ind.id, 120, 50_000) == pytest.approx(expected), ind.id


# --- vectorised ---------------------------------------------------------------------------


def test_compute_many_over_years() -> None:
    # The robbery trajectory's end points: 977 in 2004/05 and 838 by March 2008.
    values = compute_many("BV127b", np.array([977, 838]), LEICESTER_POPULATION)
    assert values.shape == (2,)
    assert values[1] == pytest.approx(compute("BV127b", 838, LEICESTER_POPULATION))
    assert values[0] == pytest.approx(3.441, abs=1e-3)


def test_compute_many_names_the_bad_position() -> None:
    with pytest.raises(ComputeError, match="at position 1: BV126: denominator"):
        compute_many("BV126", [10, 20], [1000, 0])


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        (-1, 1000, "numerator .* must be a count of 0 or more"),
        (math.nan, 1000, "numerator"),
        (10, 0, "denominator .* must be a positive number"),
        (10, -5, "denominator"),
    ],
)
def test_bad_counts_are_refused(numerator: float, denominator: float, message: str) -> None:
    with pytest.raises(ComputeError, match=message):
        compute("BV128", numerator, denominator)


def test_percentage_above_100_is_refused() -> None:
    with pytest.raises(ComputeError, match="BV175 is a percentage"):
        compute("BV175", 61, 60)


def test_unknown_indicator_lists_the_known_ones() -> None:
    with pytest.raises(NotFoundError, match=r"unknown BVPI 'BV999'.*BV126"):
        compute("BV999", 1, 1)
    with pytest.raises(CdrpkitError):
        indicator("bv126")  # ids are case-sensitive


# --- the BV225 checklist ------------------------------------------------------------------


def test_bv225_carries_eleven_points_marked_unknown() -> None:
    bv225 = indicator("BV225")
    assert bv225.checklist == BV225_CHECKLIST
    assert len(bv225.checklist) == 11
    # Not invented: each point says its wording is unknown and where it is to be read.
    assert all("unknown" in point and "SI 2005/598" in point for point in bv225.checklist)
    assert bv225.certainty == "unverified"


def test_checklist_completion_from_flags_and_numbers() -> None:
    flags = [True, True, False, True, False, True, True, True, False, True, True]
    assert checklist_completion(flags) == pytest.approx(8 / 11 * 100)
    assert checklist_completion({1, 2, 4, 6, 7, 8, 10, 11}) == checklist_completion(flags)
    assert checklist_completion(frozenset()) == 0.0


def test_checklist_unknown_points_are_not_silently_unmet() -> None:
    flags: list[bool | None] = [True] * 10 + [None]
    with pytest.raises(ComputeError, match="point 11 is not assessed"):
        checklist_completion(flags)
    assert checklist_completion(flags, unknown_as_unmet=True) == pytest.approx(1000 / 11)


@pytest.mark.parametrize(
    ("met", "message"),
    [
        ([True] * 10, "expected 11 checklist flags"),
        ({0, 3}, "run from 1 to 11; got 0"),
        ({12}, "got 12"),
        ([True] * 10 + ["yes"], "point 11: expected True, False or None"),
    ],
)
def test_checklist_bad_input(met: object, message: str) -> None:
    with pytest.raises(ComputeError, match=message):
        checklist_completion(met)  # type: ignore[arg-type]


# --- definitions --------------------------------------------------------------------------


def test_definitions_are_complete_and_units_parse() -> None:
    ids = {i.id for i in INDICATORS}
    assert {"BV126", "BV127a", "BV127b", "BV128", "BV174", "BV175", "BV176", "BV225"} <= ids
    for ind in INDICATORS:
        units.parse_unit(ind.unit)
        assert ind.family == "BVPI"
        assert ind.source, ind.id
        assert ind.numerator and ind.denominator, ind.id
        if ind.certainty == "unverified":
            assert "UNVERIFIED" in ind.description, ind.id


def test_known_details_of_the_definitions() -> None:
    assert indicator("BV126").unit == "offence / kilohousehold"
    assert "aggravated burglary in a dwelling" in indicator("BV126").description
    assert "Vehicle interference is not included" in indicator("BV128").description
    assert indicator("BV127a").certainty == "unverified"
    assert indicator("BV176").certainty == "unverified"
    assert indicator("BV174").polarity == "neither"
    assert indicator("BV-police-road-ksi").unit == "incident / kiloperson"


def test_the_plugin_declares_the_family_through_its_entry_point() -> None:
    host = Plugins()
    assert "BVPI" in host.families
    assert host.origin("cdrpkit_register_indicator_families", "BVPI") == "cdrpkit-bvpi:bvpi"
    assert host.version_of("cdrpkit-bvpi:bvpi") == "0.1.0"
    assert {i.id for i in INDICATORS} <= set(host.indicators)
    assert not [f for f in host.failures if f.plugin.startswith("cdrpkit-bvpi")]
