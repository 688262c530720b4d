"""Where a strategy source points: a file, a directory, or a registered name.

Kept apart from :mod:`cdrpkit.loading`, so that finding a strategy file imports neither
the YAML reader nor the converter (the command line's cache needs only this).
"""

from __future__ import annotations

import os
from pathlib import Path

from cdrpkit.errors import Problem, StrategyError
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
    host = resolve(plugins)
    path = Path(source)
    text = str(source)
    looks_like_path = os.sep in text or "/" in text or text.endswith((".yaml", ".yml"))
    note = None
    if not path.exists():
        if looks_like_path:
            raise StrategyError([Problem("no such file or directory", file=text)])
        path = host.strategy(text).path
    elif (path.is_dir() and not (path / STRATEGY_FILE).exists() and not looks_like_path
          and text in host.strategies):
        note = (f"the folder {text!r} holds no {STRATEGY_FILE}: "
                f"using the registered strategy {text!r} instead")
        path = host.strategies[text].path
    if path.is_dir():
        path = path / STRATEGY_FILE
    return path, note
