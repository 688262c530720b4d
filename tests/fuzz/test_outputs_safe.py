"""Reports written from hostile text: no formula in Excel, no markup in Markdown.

The corpus's injection cases (a formula, HTML and a javascript: link, escape sequences,
control characters, in a theme title and in a CSV ``source``) go through the whole
``report``; the workbook is opened and every cell inspected, and the Markdown is read.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest

import cdrpkit
from cdrpkit.plugins import Plugins
from tests.fuzz.bounded import run_bounded

CORPUS = Path(__file__).parent / "corpus"
TITLES = ["formula-in-title", "markup-in-title", "escape-sequences-in-title"]
SOURCES = ["formula-source", "control-characters-source"]
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _report(strategy_file: Path, figures: Path) -> str:
    openpyxl = pytest.importorskip("openpyxl")
    host = Plugins()
    strategy = cdrpkit.load(strategy_file, plugins=host)
    with tempfile.TemporaryDirectory() as folder:
        written = cdrpkit.report(strategy, figures, folder, formats=["excel", "markdown"],
                                 plugins=host)
        book = openpyxl.load_workbook(written["excel"])
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "@")), cell.value
                        assert not _CONTROL.search(cell.value), cell.value
        markdown = Path(written["markdown"]).read_text(encoding="utf-8")
    assert "<script" not in markdown and "](javascript:" not in markdown
    assert "\x1b" not in markdown
    if "title" in strategy_file.name:  # the hostile title did reach the report
        assert "cmd" in markdown or "javascript" in markdown or "Click" in markdown
    return "safe"


FIGURES = CORPUS / "observations" / "formula-source.csv"


@pytest.mark.parametrize("name", TITLES)
def test_hostile_titles(name: str) -> None:
    outcome = run_bounded(lambda: _report(CORPUS / "strategies" / f"{name}.yaml", FIGURES),
                          seconds=60)
    assert outcome.kind == "ok", str(outcome)


@pytest.mark.parametrize("name", SOURCES)
def test_hostile_sources(name: str) -> None:
    minimal = CORPUS.parent.parent / "data" / "minimal" / "strategy.yaml"
    outcome = run_bounded(
        lambda: _report(minimal, CORPUS / "observations" / f"{name}.csv"), seconds=60
    )
    assert outcome.kind == "ok", str(outcome)
