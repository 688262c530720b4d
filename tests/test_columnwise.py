"""The column-wise check of figures gives exactly what the row-by-row check gives.

validate_observations checks a table a column at a time (cdrpkit.columnwise) and falls
back to checking row by row when any row may have a problem. With the column-wise check
switched off, the row-by-row check alone must give the same frame, or the same error.
"""

from __future__ import annotations

import math
from typing import Any

import hypothesis.strategies as st
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

import cdrpkit
import cdrpkit.columnwise
from cdrpkit.errors import ObservationError
from cdrpkit.observations import read_csv, validate_observations
from tests.conftest import DATA, ROOT

MINIMAL = cdrpkit.load(DATA / "minimal")
LEICESTER = ROOT / "examples" / "leicester_2005"


def _outcome(raw: pd.DataFrame, strategies: Any, *, rows_only: bool,
             monkeypatch: pytest.MonkeyPatch) -> pd.DataFrame | str:
    with monkeypatch.context() as patch:
        if rows_only:
            patch.setattr(cdrpkit.columnwise, "validate_columns", lambda *a, **k: None)
        try:
            return validate_observations(raw.copy(), strategies, file="figures.csv")
        except ObservationError as exc:
            return str(exc)


def _same(raw: pd.DataFrame, strategies: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    fast = _outcome(raw, strategies, rows_only=False, monkeypatch=monkeypatch)
    slow = _outcome(raw, strategies, rows_only=True, monkeypatch=monkeypatch)
    if isinstance(slow, str) or isinstance(fast, str):
        assert fast == slow
    else:
        pd.testing.assert_frame_equal(fast, slow)
    return fast


def test_leicesters_figures_are_checked_a_column_at_a_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    strategy = cdrpkit.load("leicester-2005")
    raw = read_csv(LEICESTER / "data" / "observations.csv")
    from cdrpkit.figurecells import known_of

    assert cdrpkit.columnwise.validate_columns(raw, known_of(strategy, None),
                                               file="x") is not None
    frame = _same(raw, strategy, monkeypatch)
    # The seed's domestic burglary baseline, 2,806 offences in 2004/05, is a stated figure.
    row = frame[(frame["target"] == "reduce-acquisitive-crime.t1")
                & (frame["period"] == "2004/05")].iloc[0]
    assert row["value"] == 2806 and row["status"] == "stated"


def test_optional_columns_with_empty_cells(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = pd.DataFrame({
        "partnership": ["demo"] * 4, "indicator": ["domestic-burglary"] * 4,
        "target": ["", "burglary.t1", "", ""],
        "period": ["2005/06", "2005/06", "2006/07-Q2", "2006-07"],
        "value": ["2700", "2650.5", "610", "200"], "unit": ["offence", "offences", "offence",
                                                            "offence"],
        "source": ["police"] * 4, "status": ["actual"] * 4,
        "revision": [1.0, math.nan, math.nan, 2.0], "denominator": ["", "120420", "", ""],
        "line": [2, 3, 4, 5],
    })
    frame = _same(raw, MINIMAL, monkeypatch)
    assert frame["denominator"].tolist()[1] == 120420.0
    assert frame["sub"].tolist() == [0, 0, 2, 4]


CELLS: dict[str, list[Any]] = {
    "partnership": ["demo", "demo", " demo ", "", "other", None],
    "indicator": ["domestic-burglary", "domestic-burglary", "", "nope", math.nan],
    "target": ["", "", "burglary.t1", "lags.t1", "missing.t9", pd.NA],
    "period": ["2005/06", "2006/07-Q2", "2006-07", "2005", "bad", "", "2005/06 "],
    "value": [2700, 2700, "2700", "2,700", "", None, math.nan, True, 1.5, "1e3", "inf", -5,
              pd.NA],
    "unit": ["offence", "offence", "offences", "percent", "", "parsec", " offence "],
    "source": ["police", "police", ""],
    "status": ["actual", "illustrative", "stated", "bad", ""],
    "revision": [None, 1, "2", "", -1, 1.5, "x"],
    "denominator": [None, 10, "", 0, "5"],
    "net": [None, True, "true", "", "No", 0, "maybe", 1.5],
}


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(1, 6))
    # Mostly good cells (the first of each list), so that good tables are drawn too.
    def cell(column: str) -> Any:
        good = draw(st.booleans()) or draw(st.booleans())
        return CELLS[column][0] if good else draw(st.sampled_from(CELLS[column]))

    optional = [c for c in ("revision", "denominator", "net") if draw(st.booleans())]
    columns = [*CELLS][:8] + optional
    data = {c: [cell(c) for _ in range(rows)] for c in columns}
    if draw(st.booleans()):
        data["line"] = list(range(2, rows + 2))
    return pd.DataFrame(data)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=tables(), against=st.booleans())
def test_any_table_gives_what_the_row_by_row_check_gives(
    raw: pd.DataFrame, against: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    _same(raw, MINIMAL if against else None, monkeypatch)


@pytest.mark.parametrize("dtype", ["str", "object", "string"])
def test_text_columns_of_every_dtype(dtype: str, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = pd.DataFrame({
        "partnership": ["demo", None], "indicator": ["domestic-burglary"] * 2,
        "target": ["", None], "period": ["2005/06", "2006/07"], "value": [2700, 2600],
        "unit": ["offence"] * 2, "source": ["police"] * 2, "status": ["actual"] * 2,
    }).astype({c: dtype for c in ("partnership", "target")})
    outcome = _same(raw, MINIMAL, monkeypatch)
    assert isinstance(outcome, str)  # the second row has no partnership, in every dtype


def test_a_missing_cell_of_a_nullable_column_reads_as_empty(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pd.NA once read as the text '<NA>': "<NA> is not a target of demo".
    raw = pd.DataFrame({
        "partnership": ["demo"], "indicator": ["domestic-burglary"],
        "target": pd.array([pd.NA], dtype="string"), "period": ["2005/06"],
        "value": pd.array([2700], dtype="Int64"), "unit": ["offence"], "source": ["police"],
        "status": ["actual"], "revision": pd.array([pd.NA], dtype="Int64"),
    })
    frame = _same(raw, MINIMAL, monkeypatch)
    assert frame["target"].tolist() == [""] and math.isnan(frame["revision"].iloc[0])
