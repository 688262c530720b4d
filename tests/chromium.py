"""Headless Chromium for the browser tests: open a page, measure its layout, screenshot it.

The tests that use it skip, with the reason, when Chromium is not installed, except in
CI (``CI`` set), where ``.ci/run`` installs it and a missing browser is a failure.
Screenshots are kept under ``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

import html
import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, chromium_or_skip

ARTIFACTS = ROOT / "test-artifacts"

# Appended to a copy of the page: reports what the layout looks like at the window width.
_MEASURE = """<script>
(function () {
  var d = document.documentElement;
  var wide = Array.prototype.filter.call(document.querySelectorAll("body *"), function (e) {
    return e.getBoundingClientRect().right > d.clientWidth + 1; });
  var out = {scrollWidth: d.scrollWidth, clientWidth: d.clientWidth,
    scrollHeight: d.scrollHeight,
    h2: Array.prototype.map.call(document.querySelectorAll("h2"), function (e) {
      return e.textContent.trim(); }),
    wide: wide.slice(0, 5).map(function (e) { return e.tagName + "." + e.className; })};
  var pre = document.createElement("pre"); pre.id = "cdrpkit-measure";
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>"""


def chromium() -> str:
    """The Chromium executable; skips the test (fails it in CI) when there is none."""
    return chromium_or_skip()


def run(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with its own profile folder, logging the page console."""
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", *args],
        capture_output=True, text=True, timeout=120, check=False)


def console_messages(browser: str, page: Path, work: Path) -> list[str]:
    """The page's console messages (Chromium logs them as ``CONSOLE(line)``)."""
    dom = run(browser, work / "profile-dom", "--dump-dom", page.resolve().as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    return [line for line in dom.stderr.splitlines() if "CONSOLE" in line]


def measure(browser: str, page: Path, work: Path, width: int = 1280) -> dict[str, Any]:
    """Layout facts of ``page`` at ``width`` px: scroll and client width, h2 texts, the
    first elements reaching past the right edge."""
    copy = work / f"measure-{page.name}"
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"),
                    encoding="utf-8")
    dom = run(browser, work / "profile-measure", f"--window-size={width},900",
              "--hide-scrollbars", "--dump-dom", copy.resolve().as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = dom.stdout.split('<pre id="cdrpkit-measure">', 1)[1].split("</pre>", 1)[0]
    result: dict[str, Any] = json.loads(html.unescape(text))
    return result


def screenshot(browser: str, page: Path, work: Path, name: str, width: int = 1280,
               height: int = 2400) -> Path:
    """A screenshot of the top ``height`` px of ``page``, kept in ``test-artifacts/``."""
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    taken = run(browser, work / f"profile-{name}", f"--screenshot={shot}",
                f"--window-size={width},{height}", "--hide-scrollbars",
                page.resolve().as_uri())
    assert taken.returncode == 0, taken.stderr[-2000:]
    return shot


def printed_pages(browser: str, page: Path, work: Path) -> int:
    """How many A4 pages ``page`` prints to (the page's own print stylesheet applies)."""
    import re

    pdf = work / f"{page.stem}.pdf"
    done = run(browser, work / "profile-print", "--no-pdf-header-footer",
               f"--print-to-pdf={pdf}", page.resolve().as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
