"""The funnel and what-if pages opened in headless Chromium: no console errors, drawn.

Skipped without Chromium on a developer's machine, failed in CI (see
tests/reports/test_report_browser.py, whose helpers this reuses). Screenshots are kept
under ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cdrpkit.cli import cli
from tests.conftest import DATA, ROOT
from tests.reports.test_report_browser import chromium, run

PEERS = DATA / "peers"
ARTIFACTS = ROOT / "test-artifacts"


def _open(browser: str, page: Path, tmp_path: Path, shot: str) -> str:
    url = page.resolve().as_uri()
    dom = run(browser, tmp_path / f"profile-{shot}", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # Chromium logs page console messages (errors, failed loads) as "CONSOLE" on stderr.
    assert [line for line in dom.stderr.splitlines() if "CONSOLE" in line] == []
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{shot}.png"
    taken = run(browser, tmp_path / f"profile-{shot}-shot", f"--screenshot={target}",
                "--window-size=1100,1400", "--hide-scrollbars", url)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert target.stat().st_size > 10_000
    return dom.stdout


def test_funnel_page_renders_in_chromium(tmp_path: Path) -> None:
    browser = chromium()
    out = tmp_path / "funnel"
    result = CliRunner().invoke(cli, [
        "peers", "--data", str(PEERS / "policeuk_leicestershire_monthly.csv"),
        "--indicator", "policeuk-burglary", "--period", "2020/21",
        "--denominators", str(PEERS / "csp_population_census2011.csv"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    dom = _open(browser, out / "funnel.html", tmp_path, "peers-funnel")
    # The browser parsed the inline SVG: nine points, each with its hover label.
    points = re.findall(r"<circle[^>]*><title>([^<]+)</title></circle>", dom)
    assert len(points) == 9
    assert any(p.startswith("Leicester (E22000168): 1,874 / 329,839") for p in points)
    assert dom.count("<polyline") == 4  # both pairs of limits


def test_whatif_page_renders_in_chromium(tmp_path: Path) -> None:
    browser = chromium()
    out = tmp_path / "whatif"
    result = CliRunner().invoke(cli, [
        "whatif", "leicester-2005", "leics-county-csp",
        "--data", str(PEERS / "policeuk_leicestershire_monthly.csv"),
        "--baseline-year", "2020/21", "--names", str(PEERS / "csp_population_census2011.csv"),
        "--figures", "police.uk, Leicestershire", "--out", str(out)])
    assert result.exit_code == 0, result.output
    dom = _open(browser, out / "whatif.html", tmp_path, "peers-whatif")
    assert "<h1>What-if: the regimes" in dom and dom.count("<table>") == 5


def test_the_console_check_can_fail(tmp_path: Path) -> None:
    browser = chromium()
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><svg></svg><script>console.error('boom')</script>")
    dom = run(browser, tmp_path / "profile-bad", "--dump-dom", bad.resolve().as_uri())
    assert any("CONSOLE" in line and "boom" in line for line in dom.stderr.splitlines())
