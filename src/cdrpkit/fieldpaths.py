"""Field paths (``themes[2].priorities[0].targets[3].baseline``): building them, and
finding the nearest recorded place of one. No imports beyond typing: the strategy cache
reads places without loading the YAML machinery."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

__all__ = ["join", "nearest"]

T = TypeVar("T")


def nearest(places: Mapping[str, T], path: str) -> T | None:
    """The entry of ``places`` for the field path ``path``, or for its nearest ancestor.

    >>> nearest({"themes[0]": 12}, "themes[0].priorities[1].title")
    12
    """
    while True:
        if path in places:
            return places[path]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[: max(cut, 0)]


def join(path: str, key: str | int) -> str:
    """The field path of ``key`` under ``path``.

    >>> join(join(join("", "themes"), 2), "priorities")
    'themes[2].priorities'
    """
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
