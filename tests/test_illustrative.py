"""Illustrative figures are reproducible and always labelled as such."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import cdrpkit
from cdrpkit.illustrative import generate, write_csv
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("example", "seed"), [("leicester_2005", 20050401), ("leics_county_csp", 20040401)]
)
def test_shipped_figures_are_what_the_seeded_generator_writes(
    example: str, seed: int, tmp_path: Path
) -> None:
    folder = ROOT / "examples" / example
    rows = generate(cdrpkit.load(folder), seed=seed)
    written = write_csv(rows, tmp_path / "observations.csv")
    assert written.read_text() == (folder / "data" / "observations.csv").read_text()


def test_every_generated_figure_is_labelled() -> None:
    rows = generate(cdrpkit.load("leicester-2005"), seed=1)
    statuses = {row["status"] for row in rows}
    assert statuses == {"stated", "illustrative"}
    for row in rows:
        if row["status"] == "illustrative":
            assert "not real figures" in str(row["source"])
        else:
            assert str(row["source"]).startswith("stated in the strategy: ")


def test_a_stated_row_is_the_documents_baseline() -> None:
    rows = generate(cdrpkit.load("leicester-2005"), seed=1)
    path = ROOT / "examples/leicester_2005/data/observations.csv"
    with path.open(encoding="utf-8") as handle:
        shipped = list(csv.DictReader(handle))
    stated = [r for r in rows if r["status"] == "stated" and r["period"] == "2004/05"]
    # "Reduce domestic burglary from 2,806 offences in 2004/05 ..."
    assert any(r["value"] == 2806 for r in stated)
    assert any(r["value"] == "2806" and r["status"] == "stated" for r in shipped)
