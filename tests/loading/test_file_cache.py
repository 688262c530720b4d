"""Issue 18: the YAML reader's per-file cache gives exactly what a fresh read gives."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from cdrpkit import limits
from cdrpkit.errors import StrategyError
from cdrpkit.loading import yamlio
from tests.conftest import ROOT

EXAMPLES = [ROOT / "examples/leicester_2005", ROOT / "examples/leics_county_csp"]


class Counting:
    """A cache in memory that counts what it is asked and given."""

    def __init__(self) -> None:
        self.entries: dict[str, Any] = {}
        self.puts = 0
        self.hits = 0

    def get(self, key: str) -> Any | None:
        import copy

        value = self.entries.get(key)
        self.hits += value is not None
        return copy.deepcopy(value)  # as from disk: a fresh copy every time

    def put(self, key: str, value: Any) -> None:
        import copy

        self.puts += 1
        self.entries[key] = copy.deepcopy(value)


def _same(a: yamlio.Document, b: yamlio.Document) -> None:
    assert a.data == b.data
    assert list(a.places.items()) == list(b.places.items())
    assert a.files == b.files
    assert (a.values, a.aliases, a.includes) == (b.values, b.aliases, b.includes)


@pytest.fixture(params=EXAMPLES, ids=lambda p: p.name)
def example(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    target = tmp_path / request.param.name
    shutil.copytree(request.param, target, ignore=shutil.ignore_patterns(
        "__pycache__", "*.egg-info", "data", "tests"))
    return target / "strategy.yaml"


def test_a_cached_read_is_the_fresh_read(example: Path) -> None:
    fresh = yamlio.read(example)
    cache = Counting()
    _same(yamlio.read(example, cache), fresh)
    assert cache.puts == len(fresh.files) and cache.hits == 0
    _same(yamlio.read(example, cache), fresh)  # the main file served whole
    assert cache.hits == 1


def test_after_an_edit_only_the_edited_file_and_its_includers_are_parsed(
    example: Path,
) -> None:
    cache = Counting()
    first = yamlio.read(example, cache)
    assert len(first.files) > 2
    edited = max((Path(f) for f in first.files[1:] if "title: " in Path(f).read_text()),
                 key=lambda f: f.stat().st_size)
    edited.write_text(edited.read_text().replace("title: ", "title: Edited ", 1))
    cache.puts = cache.hits = 0
    again = yamlio.read(example, cache)
    _same(again, yamlio.read(example))
    assert again.data != first.data
    # Every file was found in the cache, and only two built again (and put back): the
    # edited file and the main file that includes it.
    assert cache.hits == len(first.files)
    assert cache.puts == 2


def _nested(tmp_path: Path) -> Path:
    (tmp_path / "a.yaml").write_text("- include: b.yaml\n- {id: a1}\n")
    (tmp_path / "b.yaml").write_text("- {id: b1}\n- {id: b2}\n")
    main = tmp_path / "strategy.yaml"
    main.write_text("id: s\nthings:\n  - include: a.yaml\n  - {id: last}\n")
    return main


def test_a_change_two_includes_down_is_never_served_stale(tmp_path: Path) -> None:
    main = _nested(tmp_path)
    cache = Counting()
    assert [t["id"] for t in yamlio.read(main, cache).data["things"]] == \
        ["b1", "b2", "a1", "last"]
    (tmp_path / "b.yaml").write_text("- {id: b1}\n- {id: b2}\n- {id: b3}\n")
    again = yamlio.read(main, cache)
    assert [t["id"] for t in again.data["things"]] == ["b1", "b2", "b3", "a1", "last"]
    _same(again, yamlio.read(main))
    assert again.where("things[4]") == yamlio.Where(str(main), 4)


def test_limits_hold_with_cached_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    main = _nested(tmp_path)
    cache = Counting()
    yamlio.read(main, cache)
    monkeypatch.setattr(limits, "MAX_YAML_VALUES", 14)
    with pytest.raises(StrategyError) as fresh:
        yamlio.read(main)
    with pytest.raises(StrategyError) as cached:
        yamlio.read(main, cache)
    assert str(cached.value) == str(fresh.value)
    assert "over 14 values" in str(cached.value)


@pytest.mark.parametrize("junk", [{"data": 1}, {"log": "x"}, {"log": [["a", "b"]]}, {}])
def test_a_foreign_entry_is_a_miss(tmp_path: Path, junk: dict[str, Any]) -> None:
    main = _nested(tmp_path)
    cache = Counting()
    yamlio.read(main, cache)
    for key in cache.entries:
        cache.entries[key] = junk
    _same(yamlio.read(main, cache), yamlio.read(main))
