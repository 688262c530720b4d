"""The statistics of issue 13, part 5, as the assessment uses them."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import cdrpkit
from cdrpkit.assessment import assess, assess_all
from cdrpkit.model.kinds import ChangeTarget, Measure
from cdrpkit.periods import parse_period


def _strategy(indicator: dict[str, Any], target: dict[str, Any]) -> cdrpkit.Strategy:
    return cdrpkit.from_data({
        "cdrpkit": 1, "id": "s", "title": "S", "first_year": "2005/06", "last_year": "2007/08",
        "partnership": {"id": "p", "name": "P"},
        "indicators": [{"id": "i", "family": "local", "title": "I", **indicator}],
        "objectives": [{"id": "o", "title": "O", "targets": [{"indicator": "i", **target}]}],
    })


def _figures(values: dict[str, float], unit: str) -> pd.DataFrame:
    return pd.DataFrame([{"partnership": "p", "indicator": "i", "target": "", "period": k,
                          "value": v, "unit": unit, "source": "test", "status": "illustrative"}
                         for k, v in values.items()])


def test_a_target_of_zero_is_a_straight_line_to_it() -> None:
    # "reduce fire deaths from 12 to none in four years": no constant ratio reaches 0.
    t = ChangeTarget(id="z", text="...", unit="person",
                     baseline=Measure(value=12, period=parse_period("2003/04")),
                     target=Measure(value=0, period=parse_period("2007/08")))
    assert [e.expected for e in t.yearly_expectations()] == [12, 9, 6, 3, 0]


def test_an_indicators_dispersion_widens_its_count_intervals() -> None:
    level = {"kind": "level", "text": "t", "unit": "offence",
             "baseline": {"value": 2806, "period": "2004/05"},
             "target": {"value": 2331, "period": "2007/08"}, "annual_change": -0.06}
    plain = _strategy({"unit": "offence", "polarity": "lower_is_better"}, level)
    wide = _strategy({"unit": "offence", "polarity": "lower_is_better", "dispersion": 4},
                     level)
    obs = _figures({"2005/06": 2700}, "offence")
    a = assess(plain, obs).query("period == '2005/06'").iloc[0]
    b = assess(wide, obs).query("period == '2005/06'").iloc[0]
    # phi = 4 doubles the half-width: 2,700 goes from 2,599.1-2,803.8 to 2,498.2-2,907.6.
    assert (a.lower, a.upper) == pytest.approx((2599.1, 2803.8), abs=0.1)
    assert (b.lower, b.upper) == pytest.approx((2498.2, 2907.6), abs=0.1)


def test_a_percentage_forecast_stays_below_100() -> None:
    rate = {"kind": "rate", "text": "t", "unit": "percent", "bound": "at_least",
            "baseline": {"value": 80, "period": "2003/04"},
            "target": {"value": 99, "period": "2009/10"}}
    s = _strategy({"unit": "percent", "polarity": "higher_is_better"}, rate)
    found = assess_all(s, _figures({"2004/05": 89, "2005/06": 92, "2006/07": 96},
                                   "percent"), xmr=False).verdicts.iloc[0]
    # On a log scale the trend would pass 100%; on the logit scale it cannot.
    assert 96 < found.forecast < 100 and found.forecast_upper < 100


def test_a_neutral_indicator_gets_a_control_chart_without_better_or_worse() -> None:
    level = {"kind": "level", "text": "t", "unit": "incident",
             "baseline": {"value": 400, "period": "2004/05"},
             "target": {"value": 400, "period": "2007/08"}}
    s = _strategy({"unit": "incident", "polarity": "neither"}, level)
    quarters = {f"2005/06-Q{q}": 100 + q for q in range(1, 5)}
    quarters.update({f"2006/07-Q{q}": 98 + q for q in range(1, 5)})
    result = assess_all(s, _figures(quarters, "incident"))
    (chart,) = result.series.values()
    assert chart["variation"].startswith(("common cause", "special cause"))
    assert "improving" not in chart["variation"] and "concerning" not in chart["variation"]


def test_a_strategys_own_evidence_can_be_assessed() -> None:
    # Issue 18: assess did not read a strategy's evidence figures. Evidence naming a
    # target's indicator ("2,700 domestic burglaries in 2005/06, 4% fewer than 2004/05")
    # is assessed as a stated figure whose source is the document.
    import attrs

    from cdrpkit.model import Observation
    from tests.conftest import MINIMAL

    s = cdrpkit.load(MINIMAL)
    figure = Observation(period=parse_period("2005/06"), value=2700, unit="offence",
                         source="Annual report, p. 3", indicator="domestic-burglary",
                         compared_with=parse_period("2004/05"), change=-0.04)
    s = attrs.evolve(s, evidence=(*s.evidence, figure))
    given = _figures({"2006/07": 2500}, "offence").assign(partnership="demo",
                                                          indicator="domestic-burglary")
    rows = assess(s, given, evidence=True)
    row = rows[(rows["target_id"] == "burglary.t1") & (rows["period"] == "2005/06")].iloc[0]
    assert row.actual == 2700 and str(row.data_status) == "stated"
    assert "compared with 2004/05" in str(row.source)
    without = assess(s, given)
    earlier = without[(without["target_id"] == "burglary.t1") & (without["period"] == "2005/06")]
    assert earlier["actual"].isna().all()
