"""Shared fixtures: isolated plugin hosts and small strategy files."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cdrpkit.plugins import Plugins, reset_default_plugins
from cdrpkit.plugins.host import ONLY_ENV

#: The repository root, and the test data folder.
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MINIMAL = DATA / "minimal" / "strategy.yaml"


#: Where Chromium is looked for when it is not on PATH.
CHROMIUM_PATHS: tuple[str, ...] = ("/usr/bin/chromium",)


def chromium_or_skip() -> str:
    """The path of headless Chromium, or skip the calling test with the reason.

    Without Chromium a browser test is skipped on a developer's machine (the README's
    test command passes there) and fails in CI (``CI`` set), where ``.ci/run`` installs it.
    """
    found = shutil.which("chromium") or shutil.which("chromium-browser") or next(
        (p for p in CHROMIUM_PATHS if Path(p).exists()), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run must apt-get install chromium")
        pytest.skip("chromium not installed (apt-get install -y chromium); required in CI")
    return found


#: The distributions whose plugins cdrpkit's own tests load: cdrpkit, its bundled family
#: plugins and the two example strategies. Anything else installed (a partnership's own
#: plugin) is left out, so the suite passes with third-party plugins installed.
OUR_DISTRIBUTIONS = (
    "cdrpkit", "cdrpkit-bvpi", "cdrpkit-psa", "cdrpkit-lpsa2",
    "cdrpkit-example-leicester-2005", "cdrpkit-example-leics-county-csp",
)


@pytest.fixture(autouse=True)
def _fresh_default_host(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A test that installs or blocks a plugin must not leak it into the next test, and
    # a plugin installed on the machine must not leak into any test.
    monkeypatch.setenv(ONLY_ENV, ",".join(OUR_DISTRIBUTIONS))
    # The command line's strategy cache stays off unless a test turns it on, with a
    # folder of its own: nothing is read from or written to the user's cache.
    monkeypatch.setenv("CDRPKIT_CACHE", "off")
    reset_default_plugins()
    yield
    reset_default_plugins()


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The command line's caches switched on, in a folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("CDRPKIT_CACHE", "on")
    monkeypatch.setenv("CDRPKIT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def strategy_dir(tmp_path: Path) -> Path:
    """A copy of the minimal strategy's folder, free to edit."""
    target = tmp_path / "minimal"
    shutil.copytree(DATA / "minimal", target)
    return target


@pytest.fixture
def plugins() -> Plugins:
    """A plugin host of its own, for this test only."""
    return Plugins()


@pytest.fixture
def write_strategy(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (dedented) to a strategy file and return its path."""

    def write(text: str, name: str = "strategy.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return write


def install_dist(root: Path, dist: str, version: str, entry_points: dict[str, str]) -> None:
    """Make ``root`` hold the installed metadata of a distribution with these entry points.

    This is what pip writes into site-packages; putting ``root`` on ``sys.path`` makes
    importlib.metadata find the distribution exactly as it finds an installed one.
    """
    info = root / f"{dist.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    info.joinpath("METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8"
    )
    lines = ["[cdrpkit]", *(f"{name} = {target}" for name, target in entry_points.items())]
    info.joinpath("entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
