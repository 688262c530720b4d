"""Issue 18: a rate per 1,000 population applies only to counts of crime-like things."""

from __future__ import annotations

import pytest

from cdrpkit.model.denominators import takes_population_rate


@pytest.mark.parametrize("unit", ["offence", "crimes", "incidents", "victim", "offenders",
                                  "casualties", "people", "household"])
def test_counts_of_crime_and_its_people_take_a_rate(unit: str) -> None:
    assert takes_population_rate(unit)


@pytest.mark.parametrize("unit", [
    "place",      # "5 hotspot areas a year": an output of the partnership, not a crime
    "event",      # patch walks
    "completion", "item", "GBP", "percent", "offence / kiloperson", "year", None, "",
    "no-such-unit",
])
def test_outputs_rates_and_money_take_none(unit: str | None) -> None:
    assert not takes_population_rate(unit)


def test_a_plugin_may_add_its_own_crime_like_dimension() -> None:
    from cdrpkit.units.extend import add_units

    add_units([("hate_incident", "1", "[hate_incident]", ("hate_incidents",))])
    assert not takes_population_rate("hate_incidents")
    assert takes_population_rate("hate_incidents", also={"hate_incident"})
