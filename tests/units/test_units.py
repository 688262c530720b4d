"""Tests for cdrpkit.units: the light unit parser, the pint registry and rates per population."""

from __future__ import annotations

import doctest
import math
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pint
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cdrpkit import units
from cdrpkit.errors import CdrpkitError
from cdrpkit.limits import MAX_UNIT_EXPONENT
from cdrpkit.units import (
    PER_DENOMINATOR,
    Quantity,
    Rate,
    Unit,
    UnitError,
    compatible,
    convert,
    count_to_rate,
    dimensionality,
    from_rate,
    is_count,
    is_fraction,
    is_frequency,
    is_money,
    is_rate,
    parse_rate,
    parse_unit,
    rate_to_count,
    rate_unit,
    registry,
    to_rate,
    unit_names,
)

SRC = Path(units.__file__).resolve().parents[1]
NAMES = unit_names()
SPELLINGS = unit_names(aliases=True)
COUNTS = [n for n in NAMES if is_count(n)]


def pint_dimensions(unit: str) -> dict[str, object]:
    """pint's dimensionality of unit text, without brackets, for comparison with the light layer."""
    dims = registry().parse_units(unit).dimensionality
    return {d.strip("[]"): e for d, e in dims.items()}


def pint_factor(unit: str) -> float:
    return float(registry().Quantity(1, unit).to_base_units().magnitude)


# ---------------------------------------------------------------------------------------------
# Import cost: pint stays out of `import cdrpkit.units`
# ---------------------------------------------------------------------------------------------


def test_import_does_not_import_pint_or_numpy() -> None:
    code = (
        "import sys, cdrpkit.units as u; u.parse_unit('offence / kiloperson'); "
        "u.is_rate('offence / kilohousehold'); u.convert(1, 'kGBP', 'GBP'); "
        "heavy = [m for m in ('pint', 'numpy') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_registry_imports_pint_once_and_is_cached() -> None:
    assert registry() is registry()
    assert isinstance(registry(), pint.UnitRegistry)
    assert Quantity(1, "offence")._REGISTRY is registry()


def test_registry_is_shared_between_threads() -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(registry())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(r is registry() for r in seen)


@pytest.mark.parametrize("foreign", ["metre", "second", "kilogram", "dollar", "kilooffence"])
def test_registry_has_none_of_pints_defaults(foreign: str) -> None:
    with pytest.raises(pint.UndefinedUnitError):
        registry().Quantity(1, foreign)


# ---------------------------------------------------------------------------------------------
# One table, two layers: they agree
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_light_layer_and_pint_agree_on_every_spelling(spelling: str) -> None:
    unit = parse_unit(spelling)
    assert unit.dimensions == pint_dimensions(spelling)
    assert unit.factor == pytest.approx(pint_factor(spelling), rel=1e-12)
    # pint reads the canonical text too, as the same unit.
    assert registry().parse_units(unit.text) == registry().parse_units(spelling)


@pytest.mark.parametrize("name", NAMES)
def test_every_name_is_its_own_canonical_text(name: str) -> None:
    assert parse_unit(name).text == name
    assert str(registry().parse_units(name)) == name


def test_every_counted_thing_is_its_own_dimension() -> None:
    base = [n for n in COUNTS if parse_unit(n).factor == 1]
    assert len({tuple(dimensionality(n)) for n in base}) == len(base)
    for a in base:
        for b in base:
            assert compatible(a, b) == (a == b)


@pytest.mark.parametrize("per", [1, 1000, 10_000, 100_000])
@pytest.mark.parametrize("denominator", ["person", "household"])
@pytest.mark.parametrize("numerator", ["offence", "victim", "GBP", "kGBP / year"])
def test_rate_units_agree_with_pint(numerator: str, per: int, denominator: str) -> None:
    text = rate_unit(numerator, per=per, denominator=denominator)
    unit = parse_unit(text)
    assert unit.dimensions == pint_dimensions(text)
    assert unit.factor == pytest.approx(pint_factor(text), rel=1e-12)
    assert unit.factor == pytest.approx(parse_unit(numerator).factor / per, rel=1e-12)


# Random unit expressions written in the grammar, with their expected exponents.
_names = st.sampled_from(SPELLINGS)
_exponents = st.integers(-3, 3).filter(bool)


@st.composite
def expressions(draw: st.DrawFn) -> tuple[str, int]:
    """Unit text, and the largest exponent (either way) of one unit name in it."""
    numerator = draw(st.lists(st.tuples(_names, _exponents), min_size=1, max_size=3))
    denominators = draw(st.lists(_names, max_size=3))
    parts = [name if e == 1 else f"{name}**{e}" for name, e in numerator]
    text = draw(st.sampled_from([" * ", " ", "*"])).join(parts)
    totals: dict[str, int] = {}
    for name, e in [*numerator, *((d, -1) for d in denominators)]:
        canonical = parse_unit(name).text
        totals[canonical] = totals.get(canonical, 0) + e
    for name in denominators:
        text += draw(st.sampled_from([" / ", "/", " per "])) + name
    return (f"({text})" if draw(st.booleans()) else text), max(abs(e) for e in totals.values())


@given(expressions())
def test_light_layer_and_pint_agree_on_expressions(case: tuple[str, int]) -> None:
    text, largest = case
    if largest > MAX_UNIT_EXPONENT:  # kiloperson**5 is no count or rate: refused
        with pytest.raises(UnitError, match=f"the limit is {MAX_UNIT_EXPONENT}"):
            parse_unit(text)
        return
    unit = parse_unit(text)
    assert unit.dimensions == pint_dimensions(text)
    assert unit.factor == pytest.approx(pint_factor(text), rel=1e-9)
    # The canonical text is a fixed point, and pint reads it as the same unit.
    assert parse_unit(unit.text) == unit
    assert unit.dimensions == pint_dimensions(unit.text)
    assert unit.factor == pytest.approx(pint_factor(unit.text), rel=1e-9)


# ---------------------------------------------------------------------------------------------
# Light layer: grammar, canonical text, errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("offences", "offence"),
        ("crimes", "offence"),
        ("people", "person"),
        ("casualties", "casualty"),
        ("premises", "premises"),
        ("pounds", "GBP"),
        ("%", "percent"),
        ("offences per kilopeople", "offence / kiloperson"),
        ("offences/kilohouseholds", "offence / kilohousehold"),
        ("offence / (kiloperson)", "offence / kiloperson"),
        ("kGBP / annum", "kGBP / year"),
        ("GBP / person / year", "GBP / person / year"),
        ("GBP / (person * year)", "GBP / person / year"),
        ("GBP / (person year)", "GBP / person / year"),
        ("events / (quarter)", "event / quarter"),
        ("year^-1", "1 / year"),
        ("year**-1", "1 / year"),
        ("1 / year", "1 / year"),
        ("(person * year)**2", "person**2 * year**2"),
        ("offence * offence", "offence**2"),
        ("person * offence", "offence * person"),
        ("GBP / year / person", "GBP / person / year"),
        ("offence / offence", "dimensionless"),
        ("dimensionless", "dimensionless"),
        ("  offence   ", "offence"),
    ],
)
def test_canonical_text(text: str, canonical: str) -> None:
    assert parse_unit(text).text == canonical
    assert str(parse_unit(text)) == canonical
    assert parse_unit(canonical) == parse_unit(text)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ofence", "unknown unit name 'ofence'"),
        ("robberies", "unknown unit name 'robberies'"),
        ("Offence", "unknown unit name 'Offence'"),
        ("metre", "unknown unit name 'metre'"),
        ("kilooffence", "unknown unit name 'kilooffence'"),
        ("offence per 1000 person", "number '1000'"),
        ("offence / 1,000 people", "number '1,000'"),
        ("0.01", "number '0.01'"),
        ("GBP / person year", "ambiguous a space"),
        ("GBP / person * year", "ambiguous '*'"),
        ("offence /", "ends too early"),
        ("(offence", "'(' at position 0 is not closed"),
        ("offence)", "unexpected ')'"),
        ("year**x", "exponent"),
        ("year**1.5", "exponent"),
        ("£", "unexpected character '£'"),
        ("offence & household", "unexpected character '&'"),
        ("", "empty unit text"),
        ("per year", "unexpected 'per'"),
    ],
)
def test_parse_errors_name_the_text(text: str, problem: str) -> None:
    with pytest.raises(UnitError) as info:
        parse_unit(text)
    assert info.value.text == text
    assert problem in info.value.problem
    message = str(info.value)
    assert repr(text) in message
    assert problem in message


def test_unknown_names_suggest_defined_units() -> None:
    with pytest.raises(UnitError, match="'household'"):
        parse_unit("househods")
    with pytest.raises(UnitError, match="count as 'offence'"):
        parse_unit("burglary")


def test_unit_error_is_a_value_error_and_a_cdrpkit_error() -> None:
    error = UnitError("x", "bad", "good")
    assert isinstance(error, ValueError)
    assert isinstance(error, CdrpkitError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.text, copy.problem, copy.expected, str(copy)) == ("x", "bad", "good", str(error))


def test_parse_unit_refuses_non_strings() -> None:
    with pytest.raises(UnitError, match="must be a str"):
        parse_unit(1000)  # type: ignore[arg-type]


def test_unit_is_hashable_and_passes_through() -> None:
    unit = parse_unit("offences / kilopeople")
    assert isinstance(unit, Unit)
    assert parse_unit(unit) is unit
    assert {unit, parse_unit("crime per kiloperson")} == {unit}
    assert unit != "offence / kiloperson"
    assert repr(unit) == "Unit('offence / kiloperson')"


def test_dimensionality() -> None:
    assert dimensionality("offence / kilohousehold") == {"offence": 1, "household": -1}
    assert dimensionality("kGBP / year") == {"currency": 1, "time": -1}
    assert dimensionality("percent") == {}
    assert dimensionality("victim / kiloperson") == {"victim": 1, "person": -1}


def test_victims_offenders_and_casualties_are_not_people() -> None:
    for thing in ("victim", "offender", "casualty"):
        assert not compatible(thing, "person")
        assert not compatible(f"{thing} / kiloperson", "person / kiloperson")


@pytest.mark.parametrize(
    ("text", "count", "rate", "frequency", "money", "fraction"),
    [
        ("offences", True, False, False, False, False),
        ("kiloperson", True, False, False, False, False),
        ("households", True, False, False, False, False),
        ("offence / kiloperson", False, True, False, False, False),
        ("offence / hundred_kilohousehold", False, True, False, False, False),
        ("detection / offence", False, True, False, False, False),
        ("event / year", False, False, True, False, False),
        ("events / quarter", False, False, True, False, False),
        ("GBP", False, False, False, True, False),
        ("kGBP / year", False, False, False, True, False),
        ("GBP / person", False, False, False, False, False),
        ("percent", False, False, False, False, True),
        ("fraction", False, False, False, False, True),
        ("ratio", False, False, False, False, True),
        ("offence / offence", False, False, False, False, True),
        ("year", False, False, False, False, False),
        ("offence**2", False, False, False, False, False),
        ("offence / kiloperson / year", False, False, False, False, False),
    ],
)
def test_classifiers(
    text: str, count: bool, rate: bool, frequency: bool, money: bool, fraction: bool
) -> None:
    got = (is_count(text), is_rate(text), is_frequency(text), is_money(text), is_fraction(text))
    assert got == (count, rate, frequency, money, fraction)


def test_classifiers_raise_on_bad_text() -> None:
    for helper in (is_count, is_rate, is_frequency, is_money, is_fraction):
        with pytest.raises(UnitError, match="'robbery'"):
            helper("robbery")


def test_light_convert() -> None:
    assert convert(2.95, "offence / kiloperson", "offence / hundred_kiloperson") == 295.0
    assert convert(12, "months", "year") == 1.0
    assert convert(4, "quarters", "year") == 1.0
    assert convert(90, "kGBP", "MGBP") == 0.09
    assert convert(23, "percent", "fraction") == 0.23
    with pytest.raises(UnitError, match="cannot convert to 'household'"):
        convert(1, "offence", "household")


# ---------------------------------------------------------------------------------------------
# Rate units
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("offence",), "offence / kiloperson"),
        (("offences", 1000, "people"), "offence / kiloperson"),
        (("offence", 10_000, "person"), "offence / ten_kiloperson"),
        (("offence", 100_000, "person"), "offence / hundred_kiloperson"),
        (("offence", 1, "person"), "offence / person"),
        (("offence", 1000, "households"), "offence / kilohousehold"),
        (("offence", 10_000, "household"), "offence / ten_kilohousehold"),
        (("offence", 100_000, "household"), "offence / hundred_kilohousehold"),
        (("kGBP / year", 1000, "person"), "kGBP / kiloperson / year"),
    ],
)
def test_rate_unit(args: tuple[str, int, str], text: str) -> None:
    assert rate_unit(*args) == text


@pytest.mark.parametrize("numerator", ["offence", "victim", "incident", "GBP", "kGBP / year"])
@pytest.mark.parametrize("dimension", sorted(PER_DENOMINATOR))
def test_parse_rate_inverts_rate_unit(numerator: str, dimension: str) -> None:
    for per in PER_DENOMINATOR[dimension]:
        parts = parse_rate(rate_unit(numerator, per, dimension))
        assert parts == Rate(parse_unit(numerator).text, per, dimension)
        assert tuple(parts) == (parse_unit(numerator).text, per, dimension)


def test_rate_unit_errors() -> None:
    with pytest.raises(UnitError, match="no named denominator per 500 person"):
        rate_unit("offence", per=500)
    with pytest.raises(UnitError, match="cannot be the denominator"):
        rate_unit("offence", denominator="vehicle")
    with pytest.raises(UnitError, match="not a rate per population"):
        parse_rate("offence / year")
    with pytest.raises(UnitError, match="not a rate per population"):
        parse_rate("offence / kiloperson / kilohousehold")


# ---------------------------------------------------------------------------------------------
# The seed's figures
# ---------------------------------------------------------------------------------------------


def test_robbery_rate_per_1000_population() -> None:
    # "2.95 robberies per 1,000 population (based on mid-year 2003 population of 283,900)",
    # "no more than 838 offences".
    assert to_rate(838, 283_900) == pytest.approx(2.9517, abs=5e-5)
    assert round(to_rate(838, 283_900), 2) == 2.95
    rate = count_to_rate(Quantity(838, "offence"), Quantity(283_900, "person"))
    assert f"{rate.units}" == "offence / kiloperson"
    assert round(rate.magnitude, 2) == 2.95
    # Going back from the published rounded rate gives the published ceiling.
    count = rate_to_count(Quantity(2.95, "offence / kiloperson"), Quantity(283_900, "people"))
    assert f"{count.units}" == "offence"
    assert math.ceil(count.magnitude) == 838


def test_burglary_rate_per_1000_households() -> None:
    # "19.4 burglaries per 1,000 households (based on 120,420 households)", with 2,331.
    assert round(to_rate(2331, 120_420), 3) == 19.357
    rate = count_to_rate(Quantity(2331, "offences"), Quantity(120_420, "households"))
    assert f"{rate.units}" == "offence / kilohousehold"
    assert round(rate.magnitude, 3) == 19.357
    assert round(rate.magnitude, 1) == 19.4


def test_vehicle_crime_rate_per_1000_population() -> None:
    # "13.96 vehicle crimes per 1,000 population", with 3,964 and 283,900.
    assert round(to_rate(3964, 283_900), 3) == 13.963
    rate = count_to_rate(Quantity(3964, "crimes"), Quantity(283.9, "kiloperson"))
    assert round(rate.magnitude, 2) == 13.96


def test_count_to_rate_per_other_bases() -> None:
    per_100k = count_to_rate(Quantity(838, "offence"), Quantity(283_900, "person"), per=100_000)
    assert f"{per_100k.units}" == "offence / hundred_kiloperson"
    assert per_100k.magnitude == pytest.approx(295.17, abs=0.005)
    per_10k = count_to_rate(Quantity(838, "offence"), Quantity(283_900, "person"), per=10_000)
    assert per_10k.to("offence / kiloperson").magnitude == pytest.approx(2.9517, abs=5e-5)


def test_compound_reduction_from_the_seed() -> None:
    # 2,806 x 0.94^3 = 2,330.6, printed "no more than 2,331".
    target = Quantity(2806, "offence") * (1 - Quantity(6, "percent")) ** 3
    assert target.to("offence").magnitude == pytest.approx(2330.6, abs=0.05)


@given(
    count=st.integers(0, 10_000_000),
    denominator=st.floats(1, 1e8, allow_nan=False),
    per=st.sampled_from([1, 1000, 10_000, 100_000]),
)
def test_count_to_rate_to_count_round_trips(count: int, denominator: float, per: int) -> None:
    assert from_rate(to_rate(count, denominator, per), denominator, per) == pytest.approx(
        count, rel=1e-12, abs=1e-9
    )
    rate = count_to_rate(Quantity(count, "offence"), Quantity(denominator, "household"), per)
    back = rate_to_count(rate, Quantity(denominator, "household"))
    assert f"{back.units}" == "offence"
    assert back.magnitude == pytest.approx(count, rel=1e-12, abs=1e-9)
    assert rate.magnitude == pytest.approx(to_rate(count, denominator, per), rel=1e-12)


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf])
def test_rates_need_a_positive_denominator(bad: float) -> None:
    with pytest.raises(ValueError, match="denominator must be a positive"):
        to_rate(1, bad)
    with pytest.raises(ValueError, match="denominator must be a positive"):
        from_rate(1, bad)
    with pytest.raises(ValueError, match="denominator must be a positive"):
        count_to_rate(Quantity(1, "offence"), Quantity(bad, "person"))
    with pytest.raises(ValueError, match="denominator must be a positive"):
        rate_to_count(Quantity(1, "offence / kiloperson"), Quantity(bad, "person"))
    with pytest.raises(ValueError, match="per must be a positive"):
        to_rate(1, 100, per=bad)


def test_the_denominator_must_be_people_or_households() -> None:
    with pytest.raises(UnitError, match="unit 'offence': cannot be the denominator"):
        count_to_rate(Quantity(838, "offence"), Quantity(838, "offence"))
    with pytest.raises(UnitError, match="a rate per household cannot apply"):
        rate_to_count(Quantity(19.4, "offence / kilohousehold"), Quantity(283_900, "person"))
    with pytest.raises(UnitError, match="not a rate per population"):
        rate_to_count(Quantity(3, "offence / year"), Quantity(283_900, "person"))


# ---------------------------------------------------------------------------------------------
# pint arithmetic
# ---------------------------------------------------------------------------------------------


def test_offences_never_turn_into_households() -> None:
    assert not compatible("offence", "household")
    with pytest.raises(pint.DimensionalityError):
        Quantity(1, "offence") + Quantity(1, "household")
    with pytest.raises(pint.DimensionalityError):
        Quantity(1, "offence").to("household")
    with pytest.raises(pint.DimensionalityError):
        Quantity(1, "victim") + Quantity(1, "person")


def test_pump_priming_grant_per_year() -> None:
    # "a pump-priming grant of GBP 90k over 3 years"
    per_year = (Quantity(90, "kGBP") / Quantity(3, "years")).to("GBP / year")
    assert per_year.magnitude == pytest.approx(30_000)
    assert f"{per_year.units}" == "GBP / year"
    assert Quantity(1, "MGBP").to("kGBP").magnitude == 1000
    assert Quantity(30, "pounds / month").to("GBP / year").magnitude == pytest.approx(360)


def test_percent_arithmetic() -> None:
    # "better than 50% sanction detection rate": half of 600 offences detected.
    detections = (Quantity(50, "percent") * Quantity(600, "offence")).to("offence")
    assert detections.magnitude == pytest.approx(300)
    # "from 23% to 26.25%": 3.25 percentage points, a relative rise of about 14%.
    start, end = Quantity(23, "percent"), Quantity(26.25, "%")
    assert (end - start).to("percent").magnitude == pytest.approx(3.25)
    assert ((end - start) / start).to("percent").magnitude == pytest.approx(14.13, abs=0.005)
    assert Quantity(23, "percent").to("fraction").magnitude == pytest.approx(0.23)
    with pytest.raises(pint.DimensionalityError):
        Quantity(5, "percent") + Quantity(1, "offence")


def test_quantity_checks_its_unit_text_with_the_light_layer() -> None:
    with pytest.raises(UnitError, match="ambiguous"):
        Quantity(1, "GBP / person year")
    with pytest.raises(UnitError, match="number '1000'"):
        Quantity(1, "offence per 1000 person")
    assert f"{Quantity(1, '%').units}" == "percent"
    assert f"{Quantity(1, parse_unit('crimes')).units}" == "offence"


def test_time_units() -> None:
    assert Quantity(12, "months").to("year").magnitude == pytest.approx(1)
    assert Quantity(1, "quarter").to("months").magnitude == pytest.approx(3)
    patrols = Quantity(1, "event / quarter").to("event / year")
    assert patrols.magnitude == pytest.approx(4)


# ---------------------------------------------------------------------------------------------
# Docstrings
# ---------------------------------------------------------------------------------------------


def test_doctests() -> None:
    result = doctest.testmod(units, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", units.__all__)
def test_every_public_name_has_a_doctest(name: str) -> None:
    obj = getattr(units, name)
    if name == "PER_DENOMINATOR":
        return  # a constant; documented by its comment
    assert obj.__doc__ and ">>>" in obj.__doc__, name
