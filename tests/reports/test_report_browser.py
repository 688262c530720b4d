"""The Leicester HTML report opened in headless Chromium, as a board member would see it.

No console errors, no horizontal overflow at 1280 px, the board summary first, every
chart drawn. Needs Debian's ``chromium``: skipped with the reason without it, failed in
CI (see :mod:`tests.chromium`). Screenshots are kept under ``test-artifacts/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cdrpkit
from cdrpkit.reports import report
from tests.chromium import (
    chromium,
    console_messages,
    measure,
    printed_pages,
    run,
    screenshot,
)
from tests.conftest import ROOT

FIGURES = ROOT / "examples" / "leicester_2005" / "data" / "observations.csv"


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser")
    html: Path = report(cdrpkit.load("leicester-2005"), FIGURES, out, formats=["html"])["html"]
    return html


def test_report_opens_without_console_errors(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    assert console_messages(browser, page, tmp_path) == []


def test_report_fits_1280_px_and_opens_with_the_summary(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    layout = measure(browser, page, tmp_path, width=1280)
    assert layout["scrollWidth"] <= layout["clientWidth"], layout["wide"]
    assert layout["h2"][:2] == ["Summary for the board", "Deliverables"]
    # The old report was about 52,500 px tall at this width.
    assert layout["scrollHeight"] < 30_000
    screenshot(browser, page, tmp_path, "report-summary.png", height=2000)


def test_every_chart_is_drawn(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    dom = run(browser, tmp_path / "profile", "--dump-dom", page.resolve().as_uri())
    charts = dict(re.findall(r'<figure class="chart" id="([^"]+)" data-target="([^"]+)"',
                             dom.stdout))
    assert "lpacd/reduce-robbery.t1" in charts.values()
    for chart_id in charts:
        block = dom.stdout.split(f'id="{chart_id}"', 1)[1].split("</figure>", 1)[0]
        assert "<svg" in block and "<circle" in block and "<desc>" in block, chart_id


def test_the_summary_prints_on_two_a4_pages(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    text = page.read_text(encoding="utf-8")
    # The summary alone: the page up to the deliverables, which start a new printed page.
    cut = text[:text.index('<section id="deliverables"')] + text[text.index("</main>"):]
    summary = tmp_path / "summary.html"
    summary.write_text(cut, encoding="utf-8")
    assert printed_pages(browser, summary, tmp_path) <= 2
    # The check can fail: the whole report prints to many more pages.
    assert printed_pages(browser, page, tmp_path) > 2


def test_a_target_detail_screenshot(page: Path, tmp_path: Path) -> None:
    browser = chromium()
    text = page.read_text(encoding="utf-8")
    # One target's detail on its own, as the docs show it.
    start = text.index('<article class="target" id="target-lpacd-reduce-robbery-t1"')
    end = text.index("</article>", start) + len("</article>")
    head = text[:text.index("<body>") + len("<body>")]
    notice = re.search(r'<p class="notice" role="note">.*?</p>', text)
    assert notice is not None  # the Leicester figures are partly illustrative
    single = tmp_path / "detail.html"
    single.write_text(f"{head}<main>{notice.group(0)}{text[start:end]}</main></body></html>",
                      encoding="utf-8")
    assert console_messages(browser, single, tmp_path) == []
    shot = screenshot(browser, single, tmp_path, "report-detail.png", height=900)
    assert shot.stat().st_size > 10_000


def test_without_chromium_the_browser_tests_skip_with_the_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tests.chromium as helper
    import tests.conftest as conftest

    monkeypatch.setattr(conftest.shutil, "which", lambda _name: None)
    monkeypatch.setattr(conftest, "CHROMIUM_PATHS", ())
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium not installed"):
        helper.chromium()
    # In CI (.ci/run installs Chromium) a missing browser is a failure, not a skip.
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match=r"\.ci/run must apt-get install"):
        helper.chromium()
