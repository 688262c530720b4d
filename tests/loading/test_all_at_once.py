"""Issue 18: a structural error no longer hides a bad unit elsewhere in the file."""

from __future__ import annotations

import pytest

import cdrpkit

STRATEGY = """
cdrpkit: 1
id: demo
title: Demo
partnership: {id: demo, name: Demo}
objectives:
  - id: burglary
    title: To reduce burglary
    targets:
      - kind: level
        text: Reduce burglary to 900 by March 2008
        unit: offence
        target: {value: 900, period: by March 2008}
      - kind: direction
        text: Increase patch walks
        unit: ofences
        direction: increase
"""


def test_a_missing_field_and_an_unknown_unit_are_reported_together(write_strategy) -> None:
    with pytest.raises(cdrpkit.StrategyError) as caught:
        cdrpkit.load(write_strategy(STRATEGY))
    message = str(caught.value)
    assert "2 problems found" in message
    assert ":9: objectives[0].targets[0].baseline: required field 'baseline' is missing" \
        in message
    assert ":15: objectives[0].targets[1].unit: unit 'ofences'" in message
