"""The report files: HTML (self-contained, a chart per target), Excel read back, Markdown."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.reports import ILLUSTRATIVE_NOTICE, report
from tests.conftest import DATA


def figures(status: str = "illustrative") -> pd.DataFrame:
    rows = [("domestic-burglary", "2005/06", 2700), ("domestic-burglary", "2006/07-Q1", 610),
            ("domestic-burglary", "2006/07-Q2", 640)]
    return pd.DataFrame([{"partnership": "demo", "indicator": i, "target": "", "period": p,
                          "value": v, "unit": "offence", "source": "test", "status": status}
                         for i, p, v in rows])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    strategy = cdrpkit.load(DATA / "assess")
    out = tmp_path_factory.mktemp("report")
    paths: dict[str, Path] = report(strategy, figures(), out, period="2006/07-Q2")
    return paths


def test_html_is_self_contained_with_a_chart_per_target(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    strategy = cdrpkit.load(DATA / "assess")
    for node in strategy.targets():
        assert f'data-target="demo/{node.node.id}"' in html
    assert html.count("<svg") == sum(1 for _ in strategy.targets())
    # Nothing fetched from elsewhere: no http(s) URL in any src or href.
    assert not re.search(r'(src|href)="https?:', html)
    assert "<script" not in html
    assert "@media print" in html


def test_html_follows_the_pmf_sections(written: dict[str, Path]) -> None:
    # Leicester PMF: "(a) areas of effective performance, (b) areas for development,
    # (c) emerging trends, and (d) recommendations".
    html = written["html"].read_text(encoding="utf-8")
    for heading in ("(a) Areas of effective performance", "(b) Areas for development",
                    "(c) Emerging trends", "(d) Recommendations", "Cross-strategy summary"):
        assert heading in html


def test_illustrative_label_on_every_page_and_sheet(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    # Once in the header and once per theme section.
    assert html.count(escape(ILLUSTRATIVE_NOTICE)) == 2
    assert ILLUSTRATIVE_NOTICE in written["markdown"].read_text(encoding="utf-8")
    book = load_workbook(written["excel"], read_only=True)
    shown = [name for name in book.sheetnames if name != "Methods"]
    for name in shown:
        first = next(book[name].iter_rows(max_row=1, values_only=True))
        has_illustrative = name in ("Summary", "Data", "demo Acquisitive Crime")
        assert (first[0] == ILLUSTRATIVE_NOTICE) == has_illustrative, name


def test_no_illustrative_label_without_illustrative_figures(tmp_path: Path) -> None:
    strategy = cdrpkit.load(DATA / "assess")
    paths = report(strategy, figures("actual"), tmp_path, formats=["html", "markdown"])
    assert escape(ILLUSTRATIVE_NOTICE) not in paths["html"].read_text(encoding="utf-8")
    assert ILLUSTRATIVE_NOTICE not in paths["markdown"].read_text(encoding="utf-8")


def test_excel_workbook_reads_back(written: dict[str, Path]) -> None:
    book = load_workbook(written["excel"], read_only=True)
    assert book.sheetnames == ["Summary", "demo Acquisitive Crime", "Data", "Methods"]
    rows = list(book["Summary"].iter_rows(min_row=3, values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("partnership", "theme_title", "target_id", "status")
    by_target = {r[2]: r for r in body}
    assert by_target["burglary.t1"][3] == "at risk"
    assert by_target["burglary.t5"][3] == "overdue"
    data = list(book["Data"].iter_rows(min_row=4, values_only=True))
    assert [r[3] for r in data] == ["2005/06", "2006/07-Q1", "2006/07-Q2"]


def test_audit_file_written(written: dict[str, Path]) -> None:
    assert '"target_id": "burglary.t1"' in written["audit"].read_text(encoding="utf-8")


def test_cli_report_and_assess(tmp_path: Path) -> None:
    data = tmp_path / "figures.csv"
    figures().to_csv(data, index=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["report", str(DATA / "assess"), "--data", str(data),
                                 "--out", str(tmp_path / "out"), "--period", "2006/07-Q2"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "burglary.t1" in result.output and "ILLUSTRATIVE" in result.output
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [
        ".html", ".json", ".md", ".xlsx"]
    result = runner.invoke(cli, ["assess", str(DATA / "assess"), "--data", str(data),
                                 "--format", "csv", "--verdicts"])
    assert result.exit_code == 0, result.output
    assert "burglary.t1" in result.output


def test_cli_bad_figures_exit_2_with_row(tmp_path: Path) -> None:
    data = tmp_path / "figures.csv"
    frame = figures()
    frame.loc[1, "value"] = -4
    frame.to_csv(data, index=False)
    result = CliRunner().invoke(cli, ["report", str(DATA / "assess"), "--data", str(data),
                                      "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"{data}:3: row 3, column value: -4 is negative" in result.output


def test_renderers_are_plugins() -> None:
    from cdrpkit.plugins import Plugins

    host = Plugins()
    assert {"html", "excel", "markdown"} <= set(host.renderers)
    assert {"csv", "excel"} <= set(host.readers)
