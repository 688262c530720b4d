"""Shared fixtures: isolated plugin hosts and small strategy files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cdrpkit.plugins import Plugins, reset_default_plugins

#: The repository root, and the test data folder.
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MINIMAL = DATA / "minimal" / "strategy.yaml"


@pytest.fixture(autouse=True)
def _fresh_default_host() -> Iterator[None]:
    # A test that installs or blocks a plugin must not leak it into the next test.
    reset_default_plugins()
    yield
    reset_default_plugins()


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
