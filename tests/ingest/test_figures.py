"""The offence-code registry, figures_for, and assess run on ingested figures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cdrpkit
from cdrpkit.errors import InputError
from cdrpkit.ingest import Ingested, figures_for, write_figures
from cdrpkit.observations import read_observations
from cdrpkit.plugins import Plugins
from cdrpkit.plugins.declarations import OffenceMapping
from tests.ingest.conftest import DATA, MONTHS, POLICE_UK
from tests.ingest.test_police_uk import CSP, raw_counts

STRATEGY = DATA / "ingest" / "strategy.yaml"


def figure(partnership: str, indicator: str, period: str, value: int) -> dict[str, object]:
    return {"partnership": partnership, "indicator": indicator, "target": "", "period": period,
            "value": value, "unit": "offence", "source": "test", "status": "actual"}


def test_registry_is_declared_through_the_hook(plugins: Plugins) -> None:
    registry = plugins.offence_mappings
    old = registry["domestic-burglary/home-office/to-2017-03"]
    new = registry["domestic-burglary/home-office/from-2017-04"]
    assert old.codes == ("ho-28A", "ho-28B", "ho-28C", "ho-28D", "ho-29")
    assert old.valid_to == "2017-03-31" and old.certainty == "stated"
    assert new.codes == ("ho-28E", "ho-28F", "ho-28G", "ho-28H", "ho-29A")
    assert new.valid_from == "2017-04-01" and new.certainty == "inferred"
    assert registry["vehicle-crime/home-office"].codes == ("ho-126", "ho-37.2", "ho-45",
                                                           "ho-48")
    burglary = registry["domestic-burglary/police-uk"]
    assert not burglary.available and "mixes domestic" in burglary.reason
    assert plugins.origin("cdrpkit_register_offence_mappings",
                          "robbery/home-office") == "cdrpkit:offences"


def test_a_mapping_must_give_codes_or_a_reason() -> None:
    with pytest.raises(ValueError, match="unavailable needs a reason"):
        OffenceMapping(id="x", indicator="x", source="police-uk", reference="r",
                       certainty="stated", available=False)
    with pytest.raises(ValueError, match="not an ISO date"):
        OffenceMapping(id="x", indicator="x", source="police-uk", codes=("a",), reference="r",
                       certainty="stated", valid_from="April 2017")


def test_domestic_burglary_across_the_april_2017_recoding() -> None:
    s = cdrpkit.load(STRATEGY)
    codes = {"ho-28A": 100, "ho-28B": 10, "ho-28C": 1, "ho-28D": 2, "ho-29": 3}
    recoded = {"ho-28E": 200, "ho-28F": 20, "ho-28G": 4, "ho-28H": 5, "ho-29A": 6}
    rows = [figure("E22000168", c, "2016/17-Q4", v) for c, v in codes.items()]
    rows += [figure("E22000168", c, "2017/18-Q1", v) for c, v in recoded.items()]
    rows += [figure("E22000168", "ho-28A", "2017/18-Q1", 999)]  # outcome-only: not counted
    rows += [figure("E22000165", "ho-28A", "2016/17-Q4", 555)]  # Charnwood: not Leicester
    frame, missing = figures_for(s, pd.DataFrame(rows))
    got = frame[frame.indicator == "domestic-burglary"].set_index("period")["value"]
    assert got.to_dict() == {"2016/17-Q4": 116, "2017/18-Q1": 235}
    assert set(frame["partnership"]) == {"leicester"}
    assert "to-2017-03 (stated)" in frame.loc[frame.period == "2016/17-Q4", "source"].iloc[0]
    # Vehicle crime and robbery have no codes here: listed, with what was missing.
    assert {m.target for m in missing} == {"vehicle", "robbery"}


def test_a_partnership_without_ons_codes_is_an_error() -> None:
    s = cdrpkit.load(DATA / "minimal")
    with pytest.raises(InputError, match="declares no ons_codes"):
        figures_for(s, pd.DataFrame([figure("E22000168", "ho-28A", "2016/17-Q4", 1)]))


def test_ons_codes_are_validated(tmp_path: Path) -> None:
    text = STRATEGY.read_text().replace("ons_codes: [E22000168]", "ons_codes: [Leicester]")
    path = tmp_path / "strategy.yaml"
    path.write_text(text)
    with pytest.raises(cdrpkit.StrategyError, match="not an ONS area code"):
        cdrpkit.load(path)


def test_assess_runs_on_ingested_police_uk_figures(leics: Ingested, tmp_path: Path) -> None:
    s = cdrpkit.load(STRATEGY)
    expected = raw_counts([POLICE_UK / f"{m}-leicestershire-street.csv" for m in MONTHS])
    out = tmp_path / "leics.parquet"
    write_figures(leics, out)
    for source in (leics.figures, out):
        rows = cdrpkit.assess(s, source)
        vehicle = rows[(rows.target_id == "vehicle") & rows.period.isin(MONTHS)]
        assert {str(p): float(a) for p, a in zip(vehicle.period, vehicle.actual, strict=True)} \
            == {m: float(expected[(CSP["Leicester"], "policeuk-vehicle-crime", m)])
                for m in MONTHS}
        robbery = rows[(rows.target_id == "robbery") & (rows.period == "2020-01")]
        assert float(robbery.actual.iloc[0]) == \
            expected[(CSP["Leicester"], "policeuk-robbery", "2020-01")]
        # police.uk cannot give domestic burglary: no figure reaches that target.
        assert rows.loc[rows.target_id == "burglary", "actual"].isna().all()
    obs = read_observations(out, s)
    [missing] = obs.attrs["not_assessable"]
    assert missing.target == "burglary" and "mixes domestic" in missing.reason


def test_own_figures_and_ingested_figures_together(leics: Ingested) -> None:
    s = cdrpkit.load(STRATEGY)
    own = pd.DataFrame([{"partnership": "leicester", "indicator": "domestic-burglary",
                         "target": "", "period": "2020/21", "value": 1950, "unit": "offence",
                         "source": "a partner's own count (test)", "status": "illustrative"}])
    both = pd.concat([own, leics.figures], ignore_index=True)
    obs = read_observations(both, s)
    burglary = obs[obs.indicator == "domestic-burglary"]
    assert burglary["value"].tolist() == [1950.0]
    assert set(obs["partnership"]) == {"leicester"}
    assert len(obs[obs.indicator == "vehicle-crime"]) == 3
