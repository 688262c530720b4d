"""Issue 18: the command line finds installed plugins without re-reading every
distribution's metadata each time, and never misses one installed since."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from cdrpkit.plugins import GROUP, Plugins
from cdrpkit.plugins.discovery import EntryPoint, installed, installed_cached
from tests.conftest import install_dist
from tests.plugins.test_host import install_fixture, site  # noqa: F401  (fixture)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("CDRPKIT_CACHE_DIR", str(folder))
    return folder


def test_installed_lists_our_own_plugins_sorted() -> None:
    found = installed(GROUP)
    assert found == sorted(found, key=lambda ep: (ep.dist, ep.name))
    ours = {(ep.dist, ep.name) for ep in found}
    assert {("cdrpkit", "frameworks"), ("cdrpkit-bvpi", "bvpi")} <= ours


def test_an_entry_point_loads_a_module_or_an_attribute() -> None:
    assert EntryPoint("d", "1", "n", "cdrpkit.plugins.host").load().__name__ == \
        "cdrpkit.plugins.host"
    assert EntryPoint("d", "1", "n", "cdrpkit.plugins.host:Plugins.register [extra]").load() \
        is Plugins.register


def test_the_cache_answers_as_importlib_metadata_does(cache: Path) -> None:
    first = installed_cached(GROUP)
    assert first == installed(GROUP)
    assert len(list(cache.glob("entry-points-*.json"))) == 1
    assert installed_cached(GROUP) == first


def test_a_plugin_installed_since_is_found(
    cache: Path, site: Path  # noqa: F811  (the fixture)
) -> None:
    before = installed_cached(GROUP)
    # Another distribution appears in a folder on sys.path, as pip installs one; the
    # folder's time is set forward as a file system with a coarse clock would show it.
    name = install_fixture(site, "good_family", "late-plugin")
    later = time.time_ns() + 10**9
    os.utime(site, ns=(later, later))
    after = installed_cached(GROUP)
    assert name in {f"{ep.dist}:{ep.name}" for ep in after}
    assert len(after) == len(before) + 1
    host = Plugins(discover=installed_cached)
    assert name in {info.name for info in host.infos()}


def test_a_plugin_removed_since_is_not_loaded(
    cache: Path, site: Path  # noqa: F811  (the fixture)
) -> None:
    install_dist(site, "gone-plugin", "1.0", {"main": "gone_plugin_module"})
    assert any(ep.dist == "gone-plugin" for ep in installed_cached(GROUP))
    for path in sorted(site.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    later = time.time_ns() + 2 * 10**9
    os.utime(site, ns=(later, later))
    assert not any(ep.dist == "gone-plugin" for ep in installed_cached(GROUP))


def test_a_corrupt_entry_is_asked_again(cache: Path) -> None:
    installed_cached(GROUP)
    (entry,) = cache.glob("entry-points-*.json")
    entry.write_text('{"folders": [], "found": 3}')
    assert installed_cached(GROUP) == installed(GROUP)
