"""Issue 18: compare counts inferred baselines as inferred, labels a partnership's second
strategy by its id, and meets a comparator basket with multi-crime targets too."""

from __future__ import annotations

import textwrap

import attrs
import pytest

import cdrpkit
from cdrpkit.comparison.shared import links, shared_rows
from cdrpkit.model import Indicator
from tests.conftest import MINIMAL


def _strategy(targets: str, strategy_id: str = "harborough-2005", partnership: str = "hb"):
    body = textwrap.dedent(f"""
        cdrpkit: 1
        id: {strategy_id}
        title: Harborough
        partnership: {{id: {partnership}, name: Harborough CSP}}
        indicators:
          - {{id: crime, family: local, title: All crime, unit: offence,
              polarity: lower_is_better}}
        objectives:
          - id: crime
            title: To reduce crime
            targets:
        """) + textwrap.indent(textwrap.dedent(targets), "      ")
    import yaml

    return cdrpkit.from_data(yaml.safe_load(body))


DERIVED = """
- id: crime.t1
  kind: relative-change
  text: Reduce crime by 6% to 9,704 by March 2006
  indicator: crime
  change: -0.06
  by: by March 2006
  baseline_period: 2004/05
  target_value: 9704
"""
STATED = """
- id: crime.t1
  kind: level
  text: Reduce crime from 10,323 offences in 2004/05 to 9,704 by March 2006
  indicator: crime
  unit: offence
  baseline: {value: 10323, period: 2004/05}
  target: {value: 9704, period: by March 2006}
"""


def test_an_inferred_baseline_does_not_count_as_stated_in_the_smart_share() -> None:
    derived, stated = _strategy(DERIVED), _strategy(STATED, "other", "other")
    assert derived.find("crime.t1").node.baseline_measure.source == "inferred"
    profile = cdrpkit.compare([derived, stated]).profile.set_index("partnership")
    assert profile.loc["hb", "has_baseline_share"] == 0.0
    assert profile.loc["hb", "smart_share"] == 0.0
    assert profile.loc["hb", "inferred_baseline_share"] == 1.0
    assert profile.loc["other", "smart_share"] == 1.0


def test_a_second_strategy_of_the_same_partnership_is_labelled_by_its_own_id() -> None:
    first = cdrpkit.load(MINIMAL)
    second = attrs.evolve(first, id="minimal-2008", title="Demo 2008-2011")
    assert cdrpkit.compare([first, second]).partnerships == (
        "demo (minimal)", "demo (minimal-2008)")
    assert cdrpkit.compare([first, first]).partnerships == ("demo", "demo (2)")


def test_a_comparator_basket_meets_multi_crime_targets() -> None:
    def ind(ident: str, members: tuple[str, ...] = ()) -> Indicator:
        return Indicator(id=ident, family="local", title=ident, unit="offence",
                         polarity="lower_is_better", members=members)

    indicators = {i.id: i for i in (
        ind("bcs-basket", ("burglary", "theft-of-vehicle", "theft-from-vehicle", "robbery")),
        ind("vehicle-crime", ("theft-of-vehicle", "theft-from-vehicle")),
        ind("burglary"), ind("theft-of-vehicle"), ind("theft-from-vehicle"), ind("robbery"))}
    assert links("vehicle-crime", indicators)["bcs-basket"] == (
        "shares 2 offence groups with bcs-basket")
    rows = shared_rows([
        {"partnership": "county", "target_id": "bcs", "indicator": "bcs-basket"},
        {"partnership": "city", "target_id": "vehicles", "indicator": "vehicle-crime"},
        {"partnership": "town", "target_id": "burglary", "indicator": "burglary"},
    ], indicators)
    basket = {(r["partnership"], r["relation"]) for r in rows
              if r["indicator_group"] == "bcs-basket"}
    assert basket == {("county", "same"), ("town", "member of bcs-basket"),
                      ("city", "shares 2 offence groups with bcs-basket")}


@pytest.mark.parametrize("indicator", ["burglary", "robbery"])
def test_a_single_crime_still_meets_the_basket(indicator: str) -> None:
    basket = Indicator(id="bcs", family="local", title="Basket", unit="offence",
                       polarity="lower_is_better", members=("burglary", "robbery"))
    assert links(indicator, {"bcs": basket})["bcs"] == "member of bcs"
