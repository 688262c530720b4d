"""Target kinds: their trajectory arithmetic and the fields the checker relies on."""

from __future__ import annotations

import doctest
import importlib

import pytest

from cdrpkit.loading import dumps, from_data
from cdrpkit.model.change import implied_annual_change, interpolate
from cdrpkit.model.kinds import (
    BaselineThenTarget,
    ChecklistTarget,
    DirectionTarget,
    LevelTarget,
    Measure,
    MilestoneTarget,
    PerEntityRecurringTarget,
    RatePerPopulationTarget,
    RelativeChangeTarget,
    ResourceTarget,
    financial_year_of,
)
from cdrpkit.periods import FinancialYear, parse_deadline, parse_period

SPAN = (parse_period("2005/06"), parse_period("2007/08"))


@pytest.mark.parametrize(
    "module",
    ["cdrpkit.model.kinds.base", "cdrpkit.model.kinds.values", "cdrpkit.checks.runner",
     "cdrpkit.checks._text", "cdrpkit.checks.poisson"],
)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


def test_measure_source_keeps_stated_and_inferred_apart() -> None:
    m = Measure(value=241, period=parse_period("2004/05"), source="inferred",
                note="the document gives no year")
    assert m.source == "inferred"
    assert Measure(value=1, period=parse_period("2004/05")).source == "stated"
    with pytest.raises(ValueError, match="source 'guessed' must be one of: stated, inferred"):
        Measure(value=1, period=parse_period("2004/05"), source="guessed")  # type: ignore[arg-type]


def test_measure_source_round_trips_through_yaml() -> None:
    data = {
        "cdrpkit": 1, "id": "s", "title": "S", "partnership": {"id": "p", "name": "P"},
        "objectives": [{"id": "o", "title": "O", "targets": [{
            "kind": "level", "text": "Reduce firearms and offensive weapons crimes from 241",
            "baseline": {"value": 241, "period": "2004/05", "source": "inferred",
                         "note": "no year given"},
            "target": {"value": 213, "period": "by March 2008"}, "annual_change": -0.04}]}],
    }
    strategy = from_data(data)
    target = strategy.objectives[0].targets[0]
    assert isinstance(target, LevelTarget)
    assert target.baseline.source == "inferred"
    assert "source: inferred" in dumps(strategy)
    assert "source: stated" not in dumps(strategy)  # the default is left out


def test_additive_follows_the_unit_then_the_kind() -> None:
    base = Measure(value=10, period=parse_period("2004/05"))
    end = Measure(value=8, period=parse_period("2006/07"))
    assert LevelTarget(id="a", text=".", baseline=base, target=end).additive
    assert LevelTarget(id="a", text=".", baseline=base, target=end, unit="incident").additive
    assert not LevelTarget(id="a", text=".", baseline=base, target=end, unit="percent").additive
    assert not LevelTarget(
        id="a", text=".", baseline=base, target=end, unit="offence / kiloperson"
    ).additive
    assert not RatePerPopulationTarget(id="r", text=".", target=end).additive


def test_level_without_yearly_change_interpolates() -> None:
    t = LevelTarget(id="a", text=".", baseline=Measure(value=100, period=FinancialYear(2004)),
                    target=Measure(value=81, period=FinancialYear(2006)))
    assert t.expected_end() is None
    rows = t.yearly_expectations()
    assert [e.expected for e in rows] == pytest.approx([100, 90, 81])
    assert [e.bound for e in rows] == [None, None, "at_most"]


def test_relative_change_without_a_baseline_year() -> None:
    # "decrease repeat victimisation by 12% by 2008"
    t = RelativeChangeTarget(id="r", text=".", change=-0.12, by=parse_period("2008"))
    (only,) = t.yearly_expectations()
    assert only.period == FinancialYear(2008)  # calendar 2008 ends in 2008/09
    assert only.relative == pytest.approx(0.88)
    assert only.expected is None


def test_calendar_year_placed_in_the_financial_year_of_its_end() -> None:
    assert financial_year_of(parse_period("2002")) == (FinancialYear(2002), True)
    assert financial_year_of(parse_deadline("by March 2008")) == (FinancialYear(2007), False)


def test_per_entity_recurring_counts_every_entity() -> None:
    # "Each Local Action Group carries out at least one 'Patch Walk' per year" (9 groups)
    t = PerEntityRecurringTarget(id="w", text=".", deliverable="Patch Walk", count=1,
                                 entity="local-action-groups", entities=9, at_least=True)
    rows = t.yearly_expectations(SPAN)
    assert [(e.period.label, e.expected, e.bound) for e in rows] == [
        ("2005/06", 9, "at_least"), ("2006/07", 9, "at_least"), ("2007/08", 9, "at_least")
    ]
    quarterly = PerEntityRecurringTarget(id="q", text=".", deliverable="report", every="quarter",
                                         entity="g", entities=None)
    assert quarterly.per_year == 4
    assert quarterly.yearly_expectations() == ()  # no years: neither stated nor given


def test_checklist_and_resource() -> None:
    # "Ensure that the 11 areas identified in BVPI 225 are met 100% by March 2008"
    c = ChecklistTarget(id="c", text=".", items=11, due=parse_deadline("by March 2008"))
    # A deliverable: due by its deadline (a row of its own), 11 points met.
    assert [(e.period.label, e.expected, e.step, e.decides)
            for e in c.yearly_expectations()] == [("2008-03", 11, "due", True)]
    assert ChecklistTarget(id="p", text=".", items=11, unit="percent",
                           due=parse_deadline("by March 2008")).required == 100
    # "a pump-priming grant of £90k over 3 years"
    r = ResourceTarget(id="g", text=".", amount=90_000, unit="GBP", purpose="pump-priming",
                       years=3, first=FinancialYear(2005))
    rows = r.yearly_expectations()
    spread = [e for e in rows if e.step == "deliver"]
    assert sum(e.expected or 0 for e in spread) == pytest.approx(90_000)
    assert {e.source for e in spread} == {"inferred"}
    assert not any(e.decides for e in spread)
    (due,) = [e for e in rows if e.step == "due"]
    assert (due.period.label, due.expected, due.decides) == ("2007/08", 90_000, True)
    assert ResourceTarget(id="g", text=".", amount=1, purpose="p").yearly_expectations() == ()


def test_deliverables_expect_delivery_by_their_deadline() -> None:
    # "Website redeveloped and launched by June 2005": one deliverable due on 30 June 2005
    (due,) = MilestoneTarget(id="m", text=".", deliverable="website",
                             due=parse_deadline("by June 2005")).yearly_expectations()
    assert (due.period.end.isoformat(), due.expected, due.bound, due.step) == (
        "2005-06-30", 1, "at_least", "due")
    assert BaselineThenTarget.delivers and MilestoneTarget.delivers


def test_kinds_with_nothing_to_expect() -> None:
    assert DirectionTarget(id="d", text=".", direction="increase").yearly_expectations() == ()
    # No deadline stated: nothing can be dated.
    assert BaselineThenTarget(id="b", text=".").yearly_expectations() == ()


def test_flags_the_checker_relies_on() -> None:
    assert LevelTarget.needs_indicator and LevelTarget.needs_unit
    assert not MilestoneTarget.needs_indicator
    assert RelativeChangeTarget.needs_indicator and not RelativeChangeTarget.needs_unit


def test_arithmetic_helpers() -> None:
    # 318 to 270 over three years is a compound fall of 5.3% a year
    assert implied_annual_change(318, 270, 3) == pytest.approx((270 / 318) ** (1 / 3) - 1)
    assert interpolate(318, 270, 3, 3, "compound") == 270
    assert interpolate(0, 10, 1, 2, "compound") == 5  # no ratio from zero: linear
    with pytest.raises(ValueError, match="positive start"):
        implied_annual_change(0, 1, 3)
