"""``cdrpkit check`` answered from the record of an identical run, before anything heavy loads.

The author's loop is check, edit, check. When nothing a check's output came from has
changed since the last run, this prints that run's output again, byte for byte, with its
exit code, in little more than the time Python takes to start: the model, the plugins and
the YAML reader are not imported at all. Anything that could change the output makes the
record stale, and the check then runs as usual and records afresh. A record is served only
when all of these are as they were:

- the command's own arguments (the source, ``--format``, each ``--disable``), the working
  folder, the Python interpreter, its module search path, and every ``CDRPKIT_*``
  environment variable;
- whether the source names a file, a folder, a folder holding ``strategy.yaml``, or none
  (a registered name);
- the SHA-256 of every file the strategy was read from, includes too;
- the size and modification time of every module file the recorded run imported from
  outside the standard library (cdrpkit, each plugin and what they use), and of every file
  and folder in the packages of cdrpkit and of each plugin (their data files too);
- the modification time of each folder on the module search path (installing, upgrading
  or removing a distribution, a plugin among them, changes its folder).

Not tracked: what a plugin's rule might read besides these (another environment variable,
the clock, a file outside its package). cdrpkit's own rules read none of them; with a
plugin that does, set ``CDRPKIT_CACHE=off``.

Any other command or option (a global option such as ``--strict-plugins`` too) takes the
ordinary path. A run that ends in an error, or in which a plugin failed, is not recorded.
Records live in the strategy cache's folder (:func:`cache_dir`) and ``CDRPKIT_CACHE=off``
switches both off. Records are JSON: reading one never runs code.

>>> check_request(["check", "leicester-2005", "--format=json", "--disable", "smart-deadline"])
('leicester-2005', 'json', ('smart-deadline',))
>>> check_request(["check", "leicester-2005", "--list-rules"]) is None
True
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "Request", "cache_dir", "check_request", "enabled", "file_digest", "package_folders",
    "record", "replay", "search_path_stats", "stat_of",
]

#: A check's own arguments: the source, the output format and the rules disabled.
Request = tuple[str, str, tuple[str, ...]]

_FORMAT = 1
_FORMATS = ("text", "json")


def enabled() -> bool:
    """Whether the cache is on (``CDRPKIT_CACHE=off`` switches it off)."""
    return os.environ.get("CDRPKIT_CACHE", "").lower() not in ("off", "0", "no")


def cache_dir() -> Path:
    """The cache folder: ``$CDRPKIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/cdrpkit``, else
    ``~/.cache/cdrpkit``."""
    if os.environ.get("CDRPKIT_CACHE_DIR"):
        return Path(os.environ["CDRPKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cdrpkit"


def check_request(argv: Sequence[str]) -> Request | None:
    """The request in a command line (without the program's name) of exactly the form
    ``check SOURCE [--format FMT] [--disable RULE]...``, else ``None``."""
    if not argv or argv[0] != "check":
        return None
    source: str | None = None
    fmt = "text"
    disabled: list[str] = []
    tokens = list(argv[1:])
    while tokens:
        token = tokens.pop(0)
        if not token.startswith("-"):
            if source is not None:
                return None
            source = token
            continue
        name, equals, value = token.partition("=")
        if name not in ("--format", "--disable"):
            return None
        if not equals:
            if not tokens:
                return None
            value = tokens.pop(0)
        if name == "--format":
            if value not in _FORMATS:
                return None
            fmt = value
        else:
            disabled.append(value)
    return None if source is None else (source, fmt, tuple(disabled))


def _source_state(source: str) -> list[bool]:
    return [os.path.isfile(source), os.path.isdir(source),
            os.path.isfile(os.path.join(source, "strategy.yaml"))]


def _entry(request: Request) -> Path:
    settings = sorted((k, v) for k, v in os.environ.items() if k.startswith("CDRPKIT_"))
    where = (_FORMAT, request, os.getcwd(), sys.executable, sys.version, sys.path, settings)
    key = hashlib.sha256(repr(where).encode()).hexdigest()
    return cache_dir() / f"check-{key[:32]}.json"


def file_digest(path: str) -> str:
    """The SHA-256 of a file's content, in hex."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stat_of(path: str) -> list[Any]:
    """A file's or folder's path, modification time (ns) and size, as a record keeps it."""
    info = os.stat(path)
    return [path, info.st_mtime_ns, info.st_size]


def search_path_stats() -> list[list[Any]]:
    """:func:`stat_of` each entry of the module search path that exists (``''``, the
    working folder, as itself): installing or removing a distribution changes one."""
    stats = []
    for entry in sys.path:
        with contextlib.suppress(OSError, ValueError):
            stats.append([entry, *stat_of(entry or ".")[1:]])
    return stats


def replay(argv: Sequence[str]) -> int | None:
    """Print the recorded output of this command line and return its exit code, or
    return ``None`` (having printed nothing) when there is no record still valid."""
    request = check_request(argv)
    if request is None or not enabled():
        return None
    try:
        stored = json.loads(_entry(request).read_text(encoding="utf-8"))
        if (stored["source"] != _source_state(request[0])
                or stored["folders"] != search_path_stats()
                or any(stat_of(entry[0]) != entry for entry in stored["code"])
                or any(file_digest(name) != digest for name, digest in stored["files"])):
            return None
        stdout, stderr, code = str(stored["stdout"]), str(stored["stderr"]), int(stored["exit"])
    except Exception:  # no record, or a stale, partial or foreign one: run the check
        return None
    sys.stderr.write(stderr)
    sys.stdout.write(stdout)
    sys.stdout.flush()
    return code


def _imported_files() -> set[str]:
    stdlib = os.path.dirname(os.__file__) + os.sep
    found = set()
    for module in list(sys.modules.values()):
        name = getattr(module, "__file__", None)
        if not isinstance(name, str) or not os.path.isfile(name):
            continue
        if name.startswith(stdlib) and "-packages" not in name:
            continue  # the standard library changes only with the interpreter's version
        found.add(name)
    return found


def _package_files(folders: Iterable[str]) -> set[str]:
    found = set()
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            found.add(root)
            found.update(os.path.join(root, n) for n in names if not n.endswith(".pyc"))
    return found


def package_folders(modules: Iterable[str]) -> list[str]:
    """The folders of the top-level packages of these modules (a top-level module that
    is a single file has none: its file is among those imported)."""
    folders: list[str] = []
    for name in sorted({m.partition(".")[0] for m in modules}):
        module = sys.modules.get(name)
        folders.extend(str(f) for f in getattr(module, "__path__", ()))
    return folders


def record(request: Request, *, stdout: str, stderr: str, exit_code: int,
           files: Iterable[str], packages: Iterable[str]) -> None:
    """Keep this run's output for :func:`replay`.

    :param files: the files the strategy was read from.
    :param packages: the folders of cdrpkit's package and each plugin's package.
    """
    if not enabled():
        return
    from cdrpkit.outputs import write_bytes_atomic

    # A record that cannot be written only costs the next run its time: nothing is raised.
    with contextlib.suppress(OSError, ValueError):
        code = sorted(_imported_files() | _package_files(packages))
        stored = {
            "source": _source_state(request[0]),
            "folders": search_path_stats(),
            "code": [stat_of(p) for p in code],
            "files": [[str(Path(f).resolve()), file_digest(f)] for f in files],
            "stdout": stdout,
            "stderr": stderr,
            "exit": exit_code,
        }
        entry = _entry(request)
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(entry, json.dumps(stored).encode("utf-8"), sync=False)
