"""Where a strategy source points: a file, a directory, or a registered name.

Kept apart from :mod:`cdrpkit.loading`, so that finding a strategy file imports neither
the YAML reader nor the converter (the command line's cache needs only this).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from cdrpkit.errors import Problem, StrategyError
from cdrpkit.limits import shorten
from cdrpkit.plugins import Plugins, resolve

__all__ = ["STRATEGY_FILE", "locate"]

STRATEGY_FILE = "strategy.yaml"


def locate(
    source: str | os.PathLike[str], *, plugins: Plugins | None = None
) -> tuple[Path, str | None]:
    """The strategy file ``source`` names, and a note when the choice needs saying.

    A bare name that is both a folder here and a registered strategy (``new-plugin``'s
    folder next to the installed plugin) resolves to the one holding a strategy file:
    the folder when it has ``strategy.yaml``, else the registered strategy, with a note.

    >>> locate("tests/data/minimal")
    (PosixPath('tests/data/minimal/strategy.yaml'), None)
    """
    text = _source_text(source)
    host = resolve(plugins)
    path = Path(text)
    shown = shorten(text)[1:-1]
    looks_like_path = os.sep in text or "/" in text or text.endswith((".yaml", ".yml"))
    note = None
    if not _exists(path, shown):
        if looks_like_path:
            raise StrategyError([Problem("no such file or directory", file=shown)])
        path = host.strategy(text).path
    elif (path.is_dir() and not (path / STRATEGY_FILE).exists() and not looks_like_path
          and text in host.strategies):
        note = (f"the folder {text!r} holds no {STRATEGY_FILE}: "
                f"using the registered strategy {text!r} instead")
        path = host.strategies[text].path
    if path.is_dir():
        path = path / STRATEGY_FILE
    return path, note


def _source_text(source: object) -> str:
    """``source`` as path text, or a StrategyError saying what was expected."""
    if not isinstance(source, (str, os.PathLike)) or isinstance(source, bytes):
        raise StrategyError([Problem(
            f"expected a path, a registered strategy name or a Strategy, got "
            f"{type(source).__name__} {shorten(source)}", path="source")])
    text = os.fspath(source)
    if not isinstance(text, str) or not text.strip():
        raise StrategyError([Problem("expected a path or a registered strategy name, got "
                                     f"{shorten(text)}", path="source")])
    if "\0" in text:
        shown = shorten(text)[1:-1]
        raise StrategyError([Problem("the path contains a NUL character", file=shown)])
    return text


def _exists(path: Path, shown: str) -> bool:
    """Whether ``path`` exists; a name too long or a loop of links is said, not raised."""
    try:
        exists = path.exists()
        if not exists and path.is_symlink():
            os.stat(path)  # a dangling link or a loop of links: say which
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        if exc.errno == errno.ELOOP:
            reason = "the path has a loop of symbolic links"
        raise StrategyError([Problem(f"cannot be read: {reason}", file=shown)]) from None
    return exists
