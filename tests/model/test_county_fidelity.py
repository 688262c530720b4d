"""Issue 18: the county plan's YOS vehicle crime aim gets the baseline its text gives.

Leicestershire County Council Community Safety Plan, 3.21 (seed text,
/work/shared/seeds/leicestershire_county_community_safety_plan.txt, lines 894-896):
"From January to December 2001, 114 young people were involved in vehicle crime. In 2002
the figure was 99 (13% less than the previous year). The aim is to reduce this level to
80 young people by 2004."
"""

from __future__ import annotations

import cdrpkit


def test_the_vehicle_crime_aim_starts_from_114_in_2001_marked_as_our_reading() -> None:
    strategy = cdrpkit.load("leics-county-csp")
    target = strategy.find("yos-vehicle-crime").node
    base, end = target.baseline_measure, target.end_measure
    assert (base.value, base.period.label) == (114, "2001")
    # The figure and its period are the document's; that "this level" is 2001's is ours.
    assert base.source == "inferred" and base.period_source == "stated"
    assert base.period_is_stated
    assert "99" in base.note and "this level" in base.note
    assert (end.value, end.period.label, end.source) == (80, "2004", "stated")
    # The 2002 figure stays a stated evidence figure beside it.
    figures = {(o.period.label, o.value) for o in strategy.evidence
               if o.indicator == "yp-vehicle-crime"}
    assert {("2001", 114), ("2002", 99)} <= figures
