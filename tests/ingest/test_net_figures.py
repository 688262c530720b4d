"""Net counts: the Home Office's quarterly figures are offences recorded less those
cancelled, so a quarter may be below zero. They are read, kept as published and marked
`net`; a funnel plot or an assessment refuses to judge a count below zero, saying so.

The real PFA table for 2017/18 (tests/data/home_office/prc-pfa-201718.csv) gives the
Metropolitan Police's bail offences (code 83) as 26, 21, 26 and -10 for the four quarters
(lines 3303, 9069, 14836 and 20603), 63 for the year.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import cdrpkit
from cdrpkit.errors import InputError, ObservationError
from cdrpkit.ingest import ingest_home_office, read_ingested
from cdrpkit.observations import read_observations, validate_observations
from cdrpkit.peers.figures import counts_for
from tests.conftest import DATA
from tests.ingest.conftest import HOME_OFFICE

MET = "E23000001"  # the Metropolitan Police's Police Force Area


@pytest.fixture(scope="module")
def pfa_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real table ingested and written as `cdrpkit ingest home-office --out` writes it."""
    path = tmp_path_factory.mktemp("pfa") / "pfa.parquet"
    ingest_home_office(HOME_OFFICE / "prc-pfa-201718.csv").figures.to_parquet(path)
    return path


def test_every_home_office_figure_is_marked_net(pfa_file: Path) -> None:
    raw = pd.read_parquet(pfa_file)
    assert raw["net"].dtype == bool and raw["net"].all()
    bail = raw[(raw["partnership"] == MET) & (raw["indicator"] == "ho-83")]
    assert bail["value"].tolist() == [26, 21, 26, -10]


def test_the_ingested_file_reads_back_with_its_counts_below_zero(pfa_file: Path) -> None:
    # Was: "32 problem(s) ... -10 is negative; a count or rate cannot be".
    figures = read_observations(pfa_file)
    row = figures[(figures["partnership"] == MET) & (figures["indicator"] == "ho-83")
                  & (figures["period"] == "2017/18-Q4")].iloc[0]
    assert row["value"] == -10 and bool(row["net"])
    assert int((figures["value"] < 0).sum()) == 32


def test_a_year_of_net_quarters_is_compared_and_a_quarter_below_zero_is_refused(
    pfa_file: Path,
) -> None:
    figures = read_observations(pfa_file)
    # Not every force has a figure for code 83 in every quarter: the Met's are compared.
    figures = figures[figures["partnership"] == MET]
    year = counts_for(figures, "ho-83", "2017/18").set_index("partnership")
    assert year.loc[MET, "count"] == 26 + 21 + 26 - 10 == 63
    with pytest.raises(InputError) as caught:
        counts_for(figures, "ho-83", "2017/18-Q4")
    [problem] = caught.value.problems
    assert problem.path == f"partnership {MET}"
    assert "add up to -10 in 2017/18-Q4" in problem.message
    assert "compare a longer period" in problem.message


def test_read_ingested_carries_net_across_files_with_and_without_it(
    tmp_path: Path, pfa_file: Path,
) -> None:
    police = tmp_path / "police.parquet"
    pd.DataFrame([{"partnership": "E22000168", "indicator": "policeuk-robbery", "target": "",
                   "period": "2020-01", "value": 41, "unit": "offence",
                   "source": "data.police.uk", "status": "actual"}]).to_parquet(police)
    both = read_ingested([police, pfa_file], partnerships=["E22000168", MET],
                         indicators=["policeuk-robbery", "ho-83"])
    assert dict(zip(both["indicator"], both["net"], strict=False)) == {
        "policeuk-robbery": False, "ho-83": True}
    assert read_ingested(police)["net"].tolist() == [False]


def _figure(value: float, net: object) -> dict[str, object]:
    return {"partnership": "demo", "indicator": "domestic-burglary", "target": "",
            "period": "2006/07-Q4", "value": value, "unit": "offence", "source": "police",
            "status": "actual", "net": net}


def test_only_a_figure_marked_net_may_be_below_zero() -> None:
    assert validate_observations(pd.DataFrame([_figure(-3, "true")]))["net"].tolist() == [True]
    with pytest.raises(ObservationError) as caught:
        validate_observations(pd.DataFrame([_figure(-3, ""),
                                            _figure(5, "perhaps") | {"period": "2007/08"}]))
    assert [p.message for p in caught.value.problems] == [
        "-3 is negative; a count or rate cannot be (a net count, recorded less cancelled, "
        "can be: mark such figures with the column net = true)",
        "'perhaps' is not true or false (leave it empty for false)"]


def test_assess_refuses_a_net_figure_below_zero_and_names_it() -> None:
    strategy = cdrpkit.load(DATA / "minimal")
    figures = pd.DataFrame([_figure(2700, True) | {"period": "2005/06"},
                            _figure(-3, True)])
    with pytest.raises(ObservationError) as caught:
        cdrpkit.assess(strategy, figures)
    [problem] = caught.value.problems
    assert problem.path == "row 1, column value"
    assert problem.message.startswith("-3 offence is a net count below zero for "
                                      "domestic-burglary in 2006/07-Q4")
    # Without the figure below zero, the same figures are assessed.
    assert len(cdrpkit.assess(strategy, figures.iloc[:1])) > 0
