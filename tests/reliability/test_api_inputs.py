"""Issue 14, reproducer 13: the API refuses wrong arguments with a CdrpkitError."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

import cdrpkit
from tests.conftest import MINIMAL


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (None, "source: expected a path, a registered strategy name or a Strategy, got NoneType"),
        (5, "got int 5"),
        (b"x.yaml", "got bytes b'x.yaml'"),
        (["a.yaml"], "got list"),
        ("a" * 5000, "cannot be read: file name too long"),
        ("", "expected a path or a registered strategy name"),
        ("no-such-strategy", "no strategy file or registered strategy called 'no-such-strategy'"),
    ],
)
def test_13_load_of_a_wrong_argument(source: Any, expected: str) -> None:
    with pytest.raises(cdrpkit.CdrpkitError) as caught:
        cdrpkit.load(source)
    assert expected in str(caught.value)
    assert len(str(caught.value)) < 600  # a 5,000-character name is cut short


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(id=object()), "id: expected text, got object"),
        (lambda d: d.update(themes={1, 2}), "themes: expected a list, got set"),
        (lambda d: d["partnership"].update(population={"value": 10**400, "unit": "person"}),
         "partnership.population.value: expected a finite number"),
    ],
    ids=["object-id", "set-themes", "huge-int"],
)
def test_13_from_data_with_odd_values(change: Any, expected: str) -> None:
    data = copy.deepcopy(yaml.safe_load(MINIMAL.read_text()))
    change(data)
    with pytest.raises(cdrpkit.StrategyError) as caught:
        cdrpkit.from_data(data)
    assert expected in str(caught.value), str(caught.value)


@pytest.mark.parametrize("data", [None, 5, "cdrpkit: 1", [1]])
def test_13_from_data_of_a_non_mapping(data: Any) -> None:
    with pytest.raises(cdrpkit.StrategyError, match="a strategy is a mapping of fields"):
        cdrpkit.from_data(data)
