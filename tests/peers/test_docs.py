"""The peers, families and what-if how-tos run as written (their >>> examples)."""

from __future__ import annotations

import doctest
import re

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("page", ["howto-peers.md", "howto-families.md", "howto-whatif.md"])
def test_the_howto_runs_as_written(page: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = ROOT / "docs" / page
    text = path.read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in text
    code = re.sub(r"(?m)^```.*$", "", text)
    test = doctest.DocTestParser().get_doctest(code, {}, page, str(path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    monkeypatch.chdir(ROOT)
    runner.run(test)
    result = runner.summarize(verbose=False)
    assert (result.failed, result.attempted >= 3) == (0, True)


def test_every_page_is_in_the_toctree() -> None:
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in ("howto-peers", "howto-families", "howto-whatif"):
        assert f"\n{page}\n" in index
