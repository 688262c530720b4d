"""Issue 18: the command line's cache of loaded strategies is never stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import cdrpkit.loading
from cdrpkit import cache
from cdrpkit.cli import cli
from tests.conftest import ROOT


def _no_fresh_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("loaded afresh, not from the cache")

    monkeypatch.setattr(cdrpkit.loading, "load_with_places", refuse)


def test_a_second_load_is_served_from_the_cache(
    cached: Path, strategy_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.load_with_places(str(strategy_dir))
    # Kept only once the files were read before as they are now (see the next test).
    assert not list(cached.glob("strategy-*.pickle"))
    first, places, _ = cache.load_with_places(str(strategy_dir))
    assert len(list(cached.glob("strategy-*.pickle"))) == 1
    _no_fresh_loads(monkeypatch)
    again, again_places, _ = cache.load_with_places(str(strategy_dir))
    assert again == first and again_places == places
    assert places.where("objectives[0]")[1] == 24  # tests/data/minimal/strategy.yaml


def test_a_changed_file_is_never_served_stale(cached: Path, strategy_dir: Path) -> None:
    cache.load_with_places(str(strategy_dir))
    cache.load_with_places(str(strategy_dir))
    assert len(list(cached.glob("strategy-*.pickle"))) == 1
    path = strategy_dir / "strategy.yaml"
    path.write_text(path.read_text().replace("Demo Partnership Against Crime",
                                             "Renamed Partnership"))
    strategy, _, _ = cache.load_with_places(str(strategy_dir))
    assert strategy.partnership.name == "Renamed Partnership"


def test_a_strategy_just_edited_is_not_kept_whole(cached: Path, strategy_dir: Path) -> None:
    # The author's loop is check, edit, check: the run after an edit is after the next
    # edit, so the loaded model is not pickled until its files are read again unchanged;
    # what each file parsed into is kept at once.
    path = strategy_dir / "strategy.yaml"
    for n in range(3):
        path.write_text(path.read_text() + f"# edit {n}\n")
        cache.load_with_places(str(strategy_dir))
        assert not list(cached.glob("strategy-*.pickle"))
        assert list(cached.glob("yaml-*.pickle"))
    cache.load_with_places(str(strategy_dir))
    assert len(list(cached.glob("strategy-*.pickle"))) == 1


def test_a_corrupt_entry_is_a_miss_not_an_error(cached: Path, strategy_dir: Path) -> None:
    cache.load_with_places(str(strategy_dir))
    cache.load_with_places(str(strategy_dir))
    [entry] = cached.glob("strategy-*.pickle")
    entry.write_bytes(b"not a pickle")
    strategy, _, _ = cache.load_with_places(str(strategy_dir))
    assert strategy.id == "minimal"


def test_switched_off_nothing_is_written(
    tmp_path: Path, strategy_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDRPKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CDRPKIT_CACHE", "off")
    cache.load_with_places(str(strategy_dir))
    assert not (tmp_path / "cache").exists()


def test_the_cache_lives_in_the_users_cache_folder_never_the_repository(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("CDRPKIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "cdrpkit"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path.home() / ".cache" / "cdrpkit"
    assert ROOT not in cache.cache_dir().parents


def test_check_prints_the_same_from_a_warm_cache(cached: Path, strategy_dir: Path) -> None:
    cold = CliRunner().invoke(cli, ["check", str(strategy_dir)])
    warm = CliRunner().invoke(cli, ["check", str(strategy_dir)])
    assert cold.exit_code == warm.exit_code == 0
    assert cold.output == warm.output
    assert str(strategy_dir / "strategy.yaml") in warm.output  # file:line kept


def test_a_corrupt_file_entry_is_a_miss_not_an_error(cached: Path, strategy_dir: Path) -> None:
    # The YAML reader's entries (one per file) are read only when the strategy's own
    # entry is stale: an edited file, then every file entry corrupt.
    first, _, _ = cache.load_with_places(str(strategy_dir))
    [entry] = cached.glob("yaml-*.pickle")
    entry.write_bytes(b"not a pickle")
    path = strategy_dir / "strategy.yaml"
    path.write_text(path.read_text() + "# edited\n")
    again, places, _ = cache.load_with_places(str(strategy_dir))
    assert again == first and places.where("objectives[0]")[1] == 24
