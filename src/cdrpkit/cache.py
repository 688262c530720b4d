"""A cache of loaded strategies for the command line, keyed by what they were read from.

``cdrpkit check`` run again on an unchanged strategy skips reading YAML and structuring
it (and importing the YAML reader and the converter): the loaded model is kept in the
user's cache folder, never in the repository, and is safe to delete at any time.

An entry is served only when everything it was made from is unchanged: the SHA-256 of
every file the strategy was read from (includes too), cdrpkit's version and the files of
the model, loading and period code, and each loaded plugin's version with the files of
the modules declaring target kinds. Anything else, and the strategy is loaded afresh. An
entry is written only when every file was read before as it is now (what each YAML file
parsed into is kept at once): right after an edit the next run follows the next edit or
is replayed, and would never read it. Only our own frozen model is pickled, into files we
name by a key; an entry that does not unpickle to a :class:`~cdrpkit.model.Strategy` is
ignored.

An identical ``cdrpkit check`` is answered before this, from the record of its last run
(:mod:`cdrpkit.replay`); this cache serves the runs that record cannot (another
``--format``, a rule disabled, a changed check rule).

The folder is ``$CDRPKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cdrpkit``, else
``~/.cache/cdrpkit``. ``CDRPKIT_CACHE=off`` switches the cache off. The Python API
(:func:`cdrpkit.load`) never uses it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import attrs

from cdrpkit.model import Strategy
from cdrpkit.plugins import Plugins, resolve
from cdrpkit.replay import cache_dir, enabled, file_digest, stat_of
from cdrpkit.sources import locate

__all__ = ["Places", "cache_dir", "enabled", "load_with_places"]

_FORMAT = 3
_CODE = ("model", "loading", "periods", "units")


@attrs.frozen
class Places:
    """Where each field of a strategy was read: file and line by field path.

    >>> Places({"themes[0]": ("s.yaml", 12)}).where("themes[0].title")
    ('s.yaml', 12)
    """

    places: dict[str, tuple[str, int]]
    #: The files the strategy was read from, the main file first.
    files: tuple[str, ...] = ()

    def where(self, path: str) -> tuple[str, int] | None:
        """The place of ``path``, or of its nearest ancestor that has one."""
        from cdrpkit.fieldpaths import nearest

        return nearest(self.places, path)


def _code_signature(host: Plugins) -> list[Any]:
    """cdrpkit's version and code, and each plugin's version and kind modules."""
    import cdrpkit

    root = Path(cdrpkit.__file__).parent
    files = sorted(str(p) for sub in _CODE for p in (root / sub).rglob("*.py"))
    files += sorted({sys.modules[k.cls.__module__].__file__ or ""
                     for k in host.kinds.values() if k.cls.__module__ in sys.modules})
    stats = [stat_of(f) for f in files if f]
    plugins = [(i.name, i.version) for i in host.infos()]
    return [cdrpkit.__version__, sys.version_info[:2], plugins, stats]


def _entry_path(main: Path, signature: list[Any]) -> Path:
    # The path as given and the folder it is relative to: places print file names so.
    where = (str(main), str(main.resolve()), os.getcwd())
    key = hashlib.sha256(repr((_FORMAT, where, signature)).encode()).hexdigest()
    return cache_dir() / f"strategy-{key[:32]}.pickle"


def _read(entry: Path) -> tuple[Strategy, Places] | None:
    try:
        with entry.open("rb") as handle:
            # The files and their digests come first, so that a strategy edited since is
            # known stale before the old model is unpickled.
            files: list[tuple[str, str]] = pickle.load(handle)
            if any(file_digest(name) != digest for name, digest in files):
                return None
            strategy, places = pickle.load(handle)
    except Exception:  # a stale, partial or foreign entry is a miss, never an error
        return None
    if not isinstance(strategy, Strategy) or not isinstance(places, Places):
        return None
    return strategy, places


def _write(entry: Path, strategy: Strategy, places: Places, files: list[str]) -> None:
    from cdrpkit.outputs import write_bytes_atomic

    # A cache that cannot be written only costs the next run its time: nothing is raised.
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        digests = [(str(Path(f).resolve()), file_digest(f)) for f in files]
        content = (pickle.dumps(digests, protocol=pickle.HIGHEST_PROTOCOL)
                   + pickle.dumps((strategy, places), protocol=pickle.HIGHEST_PROTOCOL))
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(entry, content, sync=False)


class _FileCache:
    """What the YAML reader built from each file, on disk (see
    :class:`cdrpkit.loading.yamlio.FileCache`): after an edit to one file of a strategy,
    only that file is parsed again. Keys are salted with the code signature."""

    def __init__(self, salt: str) -> None:
        self.salt = salt
        #: Whether a file had to be parsed (its entry missing or stale) in this load.
        self.parsed = False

    def _path(self, key: str) -> Path:
        name = hashlib.sha256(f"{self.salt}|{key}".encode()).hexdigest()[:32]
        return cache_dir() / f"yaml-{name}.pickle"

    def get(self, key: str) -> Any | None:
        try:
            with self._path(key).open("rb") as handle:
                value = pickle.load(handle)
        except Exception:  # a missing, stale, partial or foreign entry is a miss
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, value: Any) -> None:
        from cdrpkit.outputs import write_bytes_atomic

        self.parsed = True
        with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL),
                               sync=False)


def load_with_places(
    source: str, *, plugins: Plugins | None = None
) -> tuple[Strategy, Places, str | None]:
    """Load ``source`` as :func:`cdrpkit.loading.load_with_places` does, through the cache.

    :return: the strategy, where each field was read, and the note
        :func:`~cdrpkit.sources.locate` gives (``None`` when there is none).
    """
    host = resolve(plugins)
    path, note = locate(source, plugins=host)
    host.install_units()
    signature = _code_signature(host)
    entry = _entry_path(path, signature) if enabled() else None
    if entry is not None and entry.exists():
        hit = _read(entry)
        if hit is not None:
            return hit[0], hit[1], note
    from cdrpkit.loading import load_with_places as load_fresh

    parsed = _FileCache(repr(signature)) if enabled() else None
    strategy, document = load_fresh(path, plugins=host, cache=parsed)
    files = tuple(f for f in document.files if Path(f).is_file())
    places = Places({k: (w.file, w.line) for k, w in document.places.items()}, files)
    # Kept only once every file was read before as it is now: after an edit the next
    # run is after the next edit (or replayed), and would never read it; a strategy read
    # again unchanged (another --format, a rule being written) will.
    if entry is not None and parsed is not None and not parsed.parsed:
        _write(entry, strategy, places, list(files))
    return strategy, places, note
