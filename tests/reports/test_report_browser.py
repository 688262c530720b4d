"""The HTML report opened in headless Chromium: no console errors, every chart drawn.

Needs Debian's ``chromium`` (``apt-get install -y chromium``). Without it the test is
skipped on a developer's machine and fails in CI (``CI`` set), where ``.ci/run``
installs it. The screenshot is kept under ``test-artifacts/``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

import cdrpkit
from cdrpkit.reports import report
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts"


def chromium() -> str:
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run must apt-get install chromium")
        pytest.skip("chromium not installed (apt-get install -y chromium); required in CI")
    return found


def run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", *args],
        capture_output=True, text=True, timeout=120, check=False)


def test_report_renders_in_chromium(tmp_path: Path) -> None:
    browser = chromium()
    strategy = cdrpkit.load(ROOT / "tests" / "data" / "assess")
    figures = pd.DataFrame([
        {"partnership": "demo", "indicator": "domestic-burglary", "target": "", "period": p,
         "value": v, "unit": "offence", "source": "test", "status": "illustrative"}
        for p, v in (("2005/06", 2700), ("2006/07-Q1", 610), ("2006/07-Q2", 640))])
    html = report(strategy, figures, tmp_path / "out", formats=["html"])["html"]
    url = html.resolve().as_uri()

    dom = run(browser, tmp_path / "profile-dom", "--dump-dom", url)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # Chromium logs page console messages as "CONSOLE(line)" on stderr.
    console = [line for line in dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == []
    charts = dict(re.findall(r'<figure class="chart" id="([^"]+)" data-target="([^"]+)"',
                             dom.stdout))
    expected = {f"demo/{node.node.id}" for node in strategy.targets()}
    assert set(charts.values()) == expected
    # Every chart holds a drawn SVG, parsed by the browser into the DOM.
    for chart_id in charts:
        block = dom.stdout.split(f'id="{chart_id}"', 1)[1].split("</figure>", 1)[0]
        assert "<svg" in block and "<path" in block, chart_id

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    taken = run(browser, tmp_path / "profile-shot", f"--screenshot={shot}",
                "--window-size=1280,2400", "--hide-scrollbars", url)
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.stat().st_size > 10_000
