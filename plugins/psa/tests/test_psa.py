"""The PSA family: PSA1/PSA2, the county plan's PSA targets and the BCS comparator basket."""

from __future__ import annotations

from pathlib import Path

import pytest
from cdrpkit_psa import (
    INDICATORS,
    TOTAL,
    basket,
    group_members,
    members_of,
    resolve_phrase,
)

from cdrpkit import units
from cdrpkit.errors import NotFoundError
from cdrpkit.plugins import Plugins

BY_ID = {i.id: i for i in INDICATORS}
COUNTY_PLAN = Path("/work/shared/seeds/leicestershire_county_community_safety_plan.txt")


def test_the_basket_has_ten_categories_in_five_groups() -> None:
    cats = basket()
    assert len(cats) == 10
    assert len({c.id for c in cats}) == 10
    groups = {c.group for c in cats}
    assert groups == {"violence", "vehicle", "other", "burglary", "criminal-damage"}
    for c in cats:
        assert c.id in BY_ID, c.id
        assert c.wording in BY_ID[c.id].title


def test_violent_crime_bcs_maps_to_a_defined_set_of_offence_groups() -> None:
    # City strategy: "Reduce violent crimes in Leicester from 5,382 offences (BCS) in 2004/5"
    ident = resolve_phrase("violent crime (BCS)")
    assert ident == "BCS-violence"
    assert BY_ID[ident].members == ("BCS-common-assault", "BCS-wounding", "BCS-robbery-personal")
    assert members_of(ident) == BY_ID[ident].members


def test_other_bcs_offences_are_the_city_strategys_three() -> None:
    # "Reduce other BCS offences(theft from a person, theft of cycle and vehicle
    # interference) from 2,586 offences in 2004/05"
    assert resolve_phrase("  Other BCS   offences ") == "BCS-other"
    assert set(members_of("BCS-other")) == {
        "BCS-theft-from-person",
        "BCS-cycle-theft",
        "BCS-vehicle-interference",
    }
    # ... so vehicle crime leaves vehicle interference out, as BV128 does.
    assert "BCS-vehicle-interference" not in members_of("BCS-vehicle")


def test_groups_partition_the_total() -> None:
    total = members_of(TOTAL)
    assert total == BY_ID[TOTAL].members and len(total) == 10
    groups = [members_of(g) for g in ("BCS-violence", "BCS-vehicle", "BCS-other")]
    groups += [members_of("BCS-burglary"), members_of("BCS-criminal-damage")]
    flat = [m for g in groups for m in g]
    assert sorted(flat) == sorted(total)


def test_unknown_names_are_errors_not_guesses() -> None:
    with pytest.raises(NotFoundError, match="no BCS comparator indicator for 'total crime'"):
        resolve_phrase("total crime")
    with pytest.raises(NotFoundError, match="unknown BCS comparator group"):
        group_members("fraud")
    with pytest.raises(NotFoundError, match="not a BCS comparator indicator"):
        members_of("PSA1")


def test_psa1_and_psa2_certainty() -> None:
    assert BY_ID["PSA1"].certainty == "verified"
    assert "NOT seen verbatim" in BY_ID["PSA1"].description
    assert BY_ID["PSA1"].maps_to == (TOTAL,)
    assert BY_ID["PSA2"].certainty == "unverified"
    assert "UNVERIFIED" in BY_ID["PSA2"].description


def test_the_five_county_targets_quote_the_plan() -> None:
    plan = " ".join(COUNTY_PLAN.read_text(encoding="utf-8").split()) if COUNTY_PLAN.exists() else ""
    ids = [
        "PSA-drug-treatment",
        "PSA-car-crime",
        "PSA-dv-reporting",
        "PSA-dv-repeat-victims",
        "PSA-young-people-ete",
        "PSA-road-ksi",
    ]
    for ident in ids:
        ind = BY_ID[ident]
        assert ind.certainty == "source"
        assert "LPSA1" in ind.description, ident  # the uncertainty is recorded
        quoted = ind.description.split('"')[1]
        if plan:  # every quotation is the plan's own words
            assert " ".join(quoted.split()) in plan.replace("–", "-"), ident
    assert "972 to 1150 by 2005/06" in BY_ID["PSA-drug-treatment"].description
    assert "4,781 in 2002 to 5,539" in BY_ID["PSA-dv-reporting"].description
    assert "1808 repeat victims in 2002 to 1612" in BY_ID["PSA-dv-repeat-victims"].description
    assert BY_ID["PSA-road-ksi"].period_type == "calendar_year"


def test_every_unit_parses_and_every_link_resolves() -> None:
    for ind in INDICATORS:
        units.parse_unit(ind.unit)
        assert ind.family == "PSA" and ind.source
        for ref in (*ind.members, *ind.maps_to):
            assert ref in BY_ID, f"{ind.id} -> {ref}"


def test_declared_through_the_entry_point() -> None:
    host = Plugins()
    assert host.origin("cdrpkit_register_indicator_families", "PSA") == "cdrpkit-psa:psa"
    assert set(BY_ID) <= set(host.indicators)
