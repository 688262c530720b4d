"""Indicator fields for the statistics: a dispersion factor and a seasonal profile."""

from __future__ import annotations

import math
from typing import Any

import attrs
import pytest

from cdrpkit.errors import CdrpkitError
from cdrpkit.loading import from_data, to_data
from cdrpkit.model import Indicator

BURGLARY: dict[str, Any] = {
    "id": "burglary", "family": "local", "title": "Domestic burglary", "unit": "offence",
    "polarity": "lower_is_better",
}


def strategy(**indicator: Any) -> dict[str, Any]:
    return {
        "cdrpkit": 1, "id": "t", "title": "T", "first_year": "2005/06", "last_year": "2007/08",
        "partnership": {"id": "p", "name": "P"}, "objectives": [],
        "indicators": [{**BURGLARY, **indicator}],
    }


def test_both_are_optional_and_absent_by_default() -> None:
    indicator = Indicator(**BURGLARY)
    assert indicator.dispersion is None
    assert indicator.seasonal_profile is None


def test_a_strategy_file_states_them_and_they_round_trip() -> None:
    data = strategy(dispersion=2.5, seasonal_profile=[0.22, 0.23, 0.27, 0.28])
    loaded = from_data(data)
    indicator = loaded.indicators[0]
    assert indicator.dispersion == 2.5
    assert indicator.seasonal_profile == (0.22, 0.23, 0.27, 0.28)
    assert from_data(to_data(loaded)).indicators[0] == indicator


def test_a_profile_printed_to_three_places_may_miss_one_by_rounding_only() -> None:
    thirds = (1 / 3, 1 / 3, 1 / 3, 0.0)
    assert Indicator(**BURGLARY, seasonal_profile=thirds).seasonal_profile == thirds
    with pytest.raises(ValueError, match=r"sums to 0\.999"):
        Indicator(**BURGLARY, seasonal_profile=(0.333, 0.333, 0.333, 0.0))


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        ([0.2, 0.25, 0.25], "needs four quarter weights, Q1 to Q4; got 3"),
        ([0.3, 0.3, 0.3, 0.3], "must sum to 1; [0.3, 0.3, 0.3, 0.3] sums to 1.2"),
        ([0.5, 0.5, 0.5, -0.5], "must be finite and zero or more"),
        ([0.25, 0.25, 0.25, "x"], "expected a number"),
    ],
)
def test_a_bad_profile_is_a_clear_loading_error(profile: object, message: str) -> None:
    with pytest.raises(CdrpkitError) as caught:
        from_data(strategy(seasonal_profile=profile))
    text = str(caught.value)
    assert "indicators[0]" in text
    assert message in text


@pytest.mark.parametrize("dispersion", [0.5, 0, -2, math.inf, math.nan])
def test_a_dispersion_below_one_or_not_finite_is_refused(dispersion: float) -> None:
    with pytest.raises(CdrpkitError, match="dispersion factor, a finite number of 1 or more"):
        from_data(strategy(dispersion=dispersion))
    with pytest.raises(ValueError, match="dispersion"):
        Indicator(**BURGLARY, dispersion=dispersion)


def test_a_dispersion_of_one_is_poisson() -> None:
    assert attrs.evolve(Indicator(**BURGLARY), dispersion=1).dispersion == 1
