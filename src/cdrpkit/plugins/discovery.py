"""Finding installed plugins: the ``cdrpkit`` entry points of every distribution.

:func:`installed` asks :mod:`importlib.metadata`, which reads every distribution's
metadata (and imports the e-mail parser to do it): a few tens of milliseconds on every
start. The command line asks :func:`installed_cached` instead, which keeps the answer in
the cache folder (:func:`cdrpkit.replay.cache_dir`) and serves it while every folder on
the module search path has the modification time it had: installing, upgrading or
removing a distribution adds or removes a folder there, which changes it. The Python API
never uses the cache.

>>> found = EntryPoint("cdrpkit", "0.1.0", "frameworks", "cdrpkit.builtin.frameworks")
>>> found.load().__name__
'cdrpkit.builtin.frameworks'
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from importlib import import_module
from typing import NamedTuple

__all__ = ["EntryPoint", "installed", "installed_cached"]

_FORMAT = 1


class EntryPoint(NamedTuple):
    """One entry point of the ``cdrpkit`` group: its distribution, version, name and
    value (``module`` or ``module:attribute``)."""

    dist: str
    version: str
    name: str
    value: str

    def load(self) -> object:
        """Import the module and return the object the entry point names."""
        value = self.value.partition("[")[0]  # extras say what to install, not what to load
        module, _, attribute = (part.strip() for part in value.partition(":"))
        found: object = import_module(module)
        for part in filter(None, attribute.split(".")):
            found = getattr(found, part)
        return found


def installed(group: str) -> list[EntryPoint]:
    """Every entry point of ``group``, sorted by distribution and then name."""
    from importlib.metadata import entry_points

    # Each Distribution.name or .version re-reads and parses its METADATA file: read
    # each distribution's once.
    known: dict[int, tuple[str, str]] = {}
    found = []
    for ep in entry_points(group=group):
        if ep.dist is None:
            dist, version = "?", ""
        else:
            if id(ep.dist) not in known:
                metadata = ep.dist.metadata
                known[id(ep.dist)] = (metadata["Name"] or "?", metadata["Version"] or "")
            dist, version = known[id(ep.dist)]
        found.append(EntryPoint(dist, version, ep.name, ep.value))
    return sorted(found, key=lambda ep: (ep.dist, ep.name))


def installed_cached(group: str) -> list[EntryPoint]:
    """:func:`installed`, kept in the cache folder while the module search path's folders
    are unchanged (see the module's documentation)."""
    from cdrpkit.replay import cache_dir, search_path_stats

    # The working folder matters only where the search path has a relative entry ('');
    # elsewhere it would keep a copy per folder the command is run in.
    here = os.getcwd() if any(not os.path.isabs(p) for p in sys.path) else None
    where = (_FORMAT, group, sys.executable, sys.version, sys.path, here)
    key = hashlib.sha256(repr(where).encode()).hexdigest()[:32]
    entry = cache_dir() / f"entry-points-{key}.json"
    folders = search_path_stats()
    with contextlib.suppress(Exception):  # no entry, or a stale or foreign one: ask again
        stored = json.loads(entry.read_text(encoding="utf-8"))
        if stored["folders"] == folders:
            return [EntryPoint(*(str(part) for part in ep)) for ep in stored["found"]]
    found = installed(group)
    with contextlib.suppress(OSError, ValueError):
        from cdrpkit.outputs import write_bytes_atomic

        entry.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"folders": folders, "found": [list(ep) for ep in found]})
        write_bytes_atomic(entry, text.encode("utf-8"), sync=False)
    return found
