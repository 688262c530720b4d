"""The report files: HTML (board summary first, charts only with figures), Excel, Markdown."""

from __future__ import annotations

import itertools
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
from cdrpkit.reports import format as fmt
from tests.conftest import DATA, ROOT

LEICESTER_FIGURES = ROOT / "examples" / "leicester_2005" / "data" / "observations.csv"


def figures(status: str = "illustrative", source: str = "test") -> pd.DataFrame:
    rows = [("domestic-burglary", "2005/06", 2700), ("domestic-burglary", "2006/07-Q1", 610),
            ("domestic-burglary", "2006/07-Q2", 640)]
    return pd.DataFrame([{"partnership": "demo", "indicator": i, "target": "", "period": p,
                          "value": v, "unit": "offence", "source": source, "status": status}
                         for i, p, v in rows])


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    strategy = cdrpkit.load(DATA / "assess")
    out = tmp_path_factory.mktemp("report")
    paths: dict[str, Path] = report(strategy, figures(source="=HYPERLINK(\"x\")"), out,
                                    period="2006/07-Q2")
    return paths


@pytest.fixture(scope="module")
def leicester(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("leicester")
    paths: dict[str, Path] = report(cdrpkit.load("leicester-2005"), LEICESTER_FIGURES, out,
                                    formats=["html", "excel"])
    return paths


def test_html_is_self_contained_and_opens_with_the_summary(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    headings = re.findall(r"<h([1-4])[^>]*>(.*?)</h\1>", html)
    assert headings[0][0] == "1"
    assert headings[1] == ("2", "Summary for the board")
    # Headings never skip a level going down.
    levels = [int(level) for level, _ in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    order = [html.index(f'id="{name}"') for name in ("summary", "deliverables", "detail",
                                                      "methods")]
    assert order == sorted(order)
    assert not re.search(r'(src|href)="https?:', html)
    assert "<script" not in html
    assert "@media print" in html


def test_only_targets_with_figures_get_charts(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    charted = re.findall(r'<figure class="chart" id="[^"]+" data-target="([^"]+)"', html)
    # Of the six test targets, only burglary.t1 has figures (2005/06, two quarters).
    assert charted == ["demo/burglary.t1"]
    # A panel for the year and one for the quarters, each with a text alternative and
    # labelled axes in the target's unit.
    assert html.count("<svg") == 2
    assert html.count("<desc>2005/06: 2,700 offences (expected 2,638 offences)") == 1
    assert ">offences a year</text>" in html and ">offences a quarter</text>" in html
    assert ">Financial year</text>" in html and ">Quarter</text>" in html
    assert html.count("<figcaption>") == 1


def test_board_rows_and_deliverables(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    summary = html.split('id="deliverables"')[0]
    # burglary.t1: 640 in 2006/07-Q2 against 619.8 expected, target 2,331 by 2007/08
    # (tests/data/assess/strategy.yaml: 2,806 x 0.94^3).
    assert "640 offences<br><small>2006/07-Q2</small>" in summary
    assert "620 offences" in summary and "2,331 offences<br><small>by 2007/08</small>" in summary
    assert '<span class="badge t-watch">At risk</span>' in summary
    assert "Hit or miss" in summary and "Common cause" in summary
    deliverables = html.split('id="deliverables"')[1].split('id="detail"')[0]
    assert "Website redeveloped and launched by June 2005" in deliverables
    assert "2005-06-30" in deliverables and ">Overdue<" in deliverables
    assert "2007-03-31" in deliverables and ">Due<" in deliverables


def test_each_status_shown_is_explained_once(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    legend = html.split('<dl class="legend">')[1].split("</dl>")[0]
    for status in ("at risk", "no data", "overdue", "due"):
        assert legend.count(escape(fmt.STATUS_LEGEND[status])) == 1


def test_every_assessment_status_has_words() -> None:
    from cdrpkit.assessment import MILESTONE_STATUSES, STATUSES

    for status in (*STATUSES, *MILESTONE_STATUSES):
        assert status in fmt.STATUS_LEGEND and status in fmt.STATUS_TONE


def test_illustrative_label_wherever_generated_figures_show(written: dict[str, Path]) -> None:
    html = written["html"].read_text(encoding="utf-8")
    # Once in the header and once above the charts.
    assert html.count(escape(ILLUSTRATIVE_NOTICE)) == 2
    assert ILLUSTRATIVE_NOTICE in written["markdown"].read_text(encoding="utf-8")
    book = load_workbook(written["excel"], read_only=True)
    for name in ("Summary", "Targets", "Acquisitive Crime", "Data"):
        first = next(book[name].iter_rows(max_row=1, values_only=True))
        assert first[0] == ILLUSTRATIVE_NOTICE, name


def test_no_illustrative_label_without_illustrative_figures(tmp_path: Path) -> None:
    strategy = cdrpkit.load(DATA / "assess")
    paths = report(strategy, figures("actual"), tmp_path, formats=["html", "markdown"])
    assert escape(ILLUSTRATIVE_NOTICE) not in paths["html"].read_text(encoding="utf-8")
    assert ILLUSTRATIVE_NOTICE not in paths["markdown"].read_text(encoding="utf-8")


def test_excel_workbook_a_council_can_use(written: dict[str, Path]) -> None:
    book = load_workbook(written["excel"])
    assert book.sheetnames == ["Index", "Summary", "Targets", "Acquisitive Crime", "Data",
                               "Methods"]
    index = [r for r in book["Index"].iter_rows(min_row=6, values_only=True)]
    assert [r[0] for r in index] == book.sheetnames[1:]
    sheet = book["Targets"]
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:Q9"
    header = [c.value for c in sheet[3]]
    rows = {r[1].value: r for r in sheet.iter_rows(min_row=4)}
    t1 = rows["burglary.t1"]
    status = t1[header.index("Status")]
    assert status.value == "At risk" and status.fill.fgColor.rgb.endswith("FDF0D2")
    latest = t1[header.index("Latest figure")]
    assert latest.value == 640 and latest.number_format == "#,##0"
    t2 = rows["burglary.t2"]
    assert t2[header.index("Target value")].number_format == '0.0#"%"'
    assert t2[header.index("Target period")].value == "each year"
    assert sheet.column_dimensions["C"].width > 40  # the wording column is fitted
    # Input text is never a formula (the figures' source column here starts with "=").
    data = book["Data"]
    source = [c.value for c in data[3]].index("source") + 1
    cell = data.cell(row=4, column=source)
    assert cell.data_type == "s" and cell.value == "'=HYPERLINK(\"x\")"


def test_sheet_names_read_as_words_within_31_characters(leicester: dict[str, Path]) -> None:
    book = load_workbook(leicester["excel"], read_only=True)
    themes = book.sheetnames[3:-2]
    # Theme titles of the Leicester strategy (examples/leicester_2005).
    assert themes == ["Partnership objectives", "Violent Crime", "Acquisitive Crime & Drugs",
                      "Anti-Social Crime & Behaviour", "Preventing & Reducing Offending"]
    assert all(len(name) <= 31 for name in book.sheetnames)


def test_leicester_report_is_small_and_has_no_empty_charts(leicester: dict[str, Path]) -> None:
    html = leicester["html"].read_text(encoding="utf-8")
    assert leicester["html"].stat().st_size < 600_000
    assert "no figures yet" not in html
    charted = re.findall(r'data-target="lpacd/([^"]+)"', html)
    # Milestones and checklists are listed, never charted.
    assert "po4-data.t1" not in charted and "tackle-domestic-violence.t8" not in charted
    assert "reduce-robbery.t1" in charted
    deliverables = html.split('id="deliverables"')[1].split('id="detail"')[0]
    # po4-data.t1 is due by March 2007 and recorded as done in the illustrative figures.
    row = deliverables.split(">Data Management Strategy fully implemented")[1].split("</tr>")[0]
    assert "2007-03-31" in row and ">Done<" in row


def test_leicester_figures_read_in_order_and_in_words(leicester: dict[str, Path]) -> None:
    html = leicester["html"].read_text(encoding="utf-8")
    detail = html.split('id="target-lpacd-reduce-robbery-t1"')[1].split("</article>")[0]
    periods = re.findall(r"<tr><td>([0-9/Q-]+)</td>", detail)
    # Years first, then quarters, each in time order: the 2005/06 year never falls
    # between its third and fourth quarters.
    assert periods[:4] == ["2004/05", "2005/06", "2006/07", "2007/08"]
    assert periods[4:] == sorted(periods[4:]) and periods[4] == "2005/06-Q1"
    # Robbery (BCS): 977 offences in 2004/05 (examples/leicester_2005, stated), with units.
    assert "<td class=\"n\">977 offences</td>" in detail
    assert "progress is limited progress" not in html and "nan" not in html.lower().split()


def test_markdown_summary(written: dict[str, Path]) -> None:
    text = written["markdown"].read_text(encoding="utf-8")
    assert "| Theme | At risk | Due | Overdue | No data | Total |" in text
    assert "| Acquisitive Crime | 1 | 1 | 1 | 3 | 6 |" in text
    assert "Reduce domestic burglary from 2,806 offences" in text


def test_audit_file_written(written: dict[str, Path]) -> None:
    assert '"target_id": "burglary.t1"' in written["audit"].read_text(encoding="utf-8")


def test_cli_report_prints_a_short_summary(tmp_path: Path) -> None:
    data = tmp_path / "figures.csv"
    figures().to_csv(data, index=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["report", str(DATA / "assess"), "--data", str(data),
                                 "--out", str(tmp_path / "out"), "--period", "2006/07-Q2"],
                           env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    counts = "Acquisitive Crime (6 targets)\n    1 at risk, 1 due, 1 overdue, 3 no data"
    assert counts in result.output
    assert "ILLUSTRATIVE" in result.output and "burglary.t1" not in result.output
    assert f"wrote html: {tmp_path / 'out' / 'assess-demo-report.html'}" in result.output
    assert len(result.output.splitlines()) <= 14
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
