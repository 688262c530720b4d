"""Reading YAML safely, remembering where every value came from.

PyYAML's safe loader never constructs objects from tags, but it also forgets line
numbers and silently keeps the last of two equal keys. This module composes the node
tree with the safe loader, builds plain Python data from it itself, and on the way:

- records the file and line of every mapping value and list item, by field path
  (``themes[2].priorities[0]``), so an error deep in the model can name its line;
- rejects duplicate keys, non-text keys and any tag outside plain YAML (a
  ``!!python/object`` tag is refused, never constructed);
- splices includes: a list item ``{include: other.yaml}`` is replaced by the items
  (or the single mapping) of that file, read relative to the including file and never
  from outside the directory of the first file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path
from typing import Any, NamedTuple, Protocol

import attrs
import yaml

from cdrpkit import limits
from cdrpkit.errors import Problem, StrategyError
from cdrpkit.fieldpaths import join, nearest

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}

_STR = "tag:yaml.org,2002:str"
#: Where(file, line) without its __new__: made for every value read.
_WHERE = tuple.__new__

# One constructor for plain scalars; only the plain tags above ever reach it.
_SCALARS = yaml.constructor.SafeConstructor()

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Where(NamedTuple):
    """A place in a file."""

    file: str
    line: int


@attrs.define
class Document:
    """Data read from one or more YAML files, with the place of each field path."""

    data: Any
    places: dict[str, Where] = attrs.field(factory=dict)
    files: list[str] = attrs.field(factory=list)
    #: Values built, alias uses and includes read so far, held to :mod:`cdrpkit.limits`.
    values: int = 0
    aliases: int = 0
    includes: int = 0

    def where(self, path: str) -> Where | None:
        """The place of ``path``, or of its nearest ancestor that has one."""
        return nearest(self.places, path)

    def problem(self, path: str, message: str) -> Problem:
        """A :class:`Problem` at ``path``, located in its file and line."""
        place = self.where(path)
        if place is None:
            return Problem(message, path=path, file=self.files[0] if self.files else None)
        return Problem(message, path=path, file=place.file, line=place.line)


class FileCache(Protocol):
    """Where :func:`read` may keep what it built from each file, by a key it makes.

    :func:`read` never trusts an entry further than its key: the file's own content, where
    it lands and what includes it, and the content of every file it includes are all
    checked. :class:`cdrpkit.cache` keeps entries on disk for the command line.
    """

    def get(self, key: str) -> Any | None:
        """The value put under ``key``, or ``None``."""

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` under ``key`` (or not: a cache may drop anything)."""


def read(path: Path, cache: FileCache | None = None) -> Document:
    """Read a YAML file (and what it includes) into plain data with places.

    With a ``cache``, a file (with what it includes) whose content has not changed since
    it was last read in the same place is taken from the cache instead of being parsed:
    the result is the same, data, places, files and limits.
    """
    doc = Document(data=None)
    root = _resolve(path, str(path)).parent
    reading = _Reading(cache)
    doc.data = _read_file(path, doc, root, stack=(), reading=reading)
    return doc


def _fail(name: str, message: str, line: int | None = None, path: str = "") -> StrategyError:
    return StrategyError([Problem(message, path=path, file=name, line=line)])


def _resolve(path: Path, name: str) -> Path:
    if "\0" in str(path):
        raise _fail(name.replace("\0", "\\0"), "the path contains a NUL character")
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        raise _fail(name, f"cannot be read: {_os_reason(exc)}") from None


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:  # ELOOP
        return "the path has a loop of symbolic links"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc)


def read_text(path: Path, limit: int = limits.MAX_STRATEGY_BYTES) -> str:
    """Read a regular file of at most ``limit`` bytes as UTF-8 text.

    A FIFO, a device (``/dev/zero``), a folder or a file over the limit is refused
    with a :class:`StrategyError` before anything is read, so nothing blocks or fills
    memory.
    """
    name = str(path).replace("\0", "\\0")
    if "\0" in str(path):
        raise _fail(name, "the path contains a NUL character")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except OSError as exc:
        raise _fail(name, f"cannot be read: {_os_reason(exc)}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a FIFO, device or socket"
            raise _fail(name, f"is {kind}, not a regular file")
        if info.st_size > limit:
            raise _fail(name, f"is {info.st_size:,} bytes; the limit is {limit:,}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _fail(name, f"is over {limit:,} bytes, the limit")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(name, f"is not UTF-8 text (byte {exc.start:,} cannot be read)") from None


@attrs.define
class _Reading:
    """One :func:`read`: its cache, and each file read so far with its SHA-256."""

    cache: FileCache | None
    log: list[tuple[str, str]] = attrs.field(factory=list)


def _read_file(
    path: Path,
    doc: Document,
    root: Path,
    stack: tuple[Path, ...],
    into: tuple[str, int] | None = None,
    reading: _Reading | None = None,
) -> Any:
    """Read one file into ``doc``, from ``reading``'s cache where it can be.

    ``into`` is where an included file lands: the path of the including list and the
    index its first item takes there, so places are recorded under their final paths.
    """
    reading = reading or _Reading(None)
    text = read_text(path)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if reading.cache is None:
        reading.log.append((str(path), digest))
        return _build_file(path, text, doc, root, stack, into, reading)
    # One entry per place a file is read in (a new version replaces the old one), so the
    # cache does not grow with every edit.
    key = hashlib.sha256(repr((_CACHE_FORMAT, str(path), into, str(root),
                               [str(s) for s in stack])).encode()).hexdigest()
    hit = _usable(reading.cache.get(key), digest, doc)
    if hit is not None:
        log, places, counts, data = hit
        reading.log.extend(log)
        for name, _ in log:
            if name not in doc.files:
                doc.files.append(name)
        for place_path, where in places:
            doc.places.setdefault(place_path, where)
        doc.values += counts[0]
        doc.aliases += counts[1]
        doc.includes += counts[2]
        return data
    before = (len(reading.log), len(doc.places), doc.values, doc.aliases, doc.includes)
    reading.log.append((str(path), digest))
    data = _build_file(path, text, doc, root, stack, into, reading)
    reading.cache.put(key, {
        "data": data,
        "log": reading.log[before[0]:],
        "places": [(k, tuple(w)) for k, w in list(doc.places.items())[before[1]:]],
        "values": doc.values - before[2],
        "aliases": doc.aliases - before[3],
        "includes": doc.includes - before[4],
    })
    return data


_CACHE_FORMAT = 1


_Hit = tuple[list[tuple[str, str]], list[tuple[str, Where]], tuple[int, int, int], Any]


def _usable(entry: Any, digest: str, doc: Document) -> _Hit | None:
    """A cached entry's log, places, counts and data, if it still holds: the file
    (``digest``) and every file it included unchanged, and the document within its limits
    with it (else the file is read afresh, to fail where it fails). A cache may hold
    anything: an entry of another shape is a miss."""
    try:
        log = [(str(name), str(sha)) for name, sha in entry["log"]]
        counts = (int(entry["values"]), int(entry["aliases"]), int(entry["includes"]))
        data = entry["data"]
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    if not log or log[0][1] != digest:
        return None
    try:
        if any(hashlib.sha256(read_text(Path(name)).encode("utf-8")).hexdigest() != sha
               for name, sha in log[1:]):
            return None
    except StrategyError:  # an included file gone or unreadable: read afresh, to say so
        return None
    # Only for an entry that holds (a file including an edited one holds every place of
    # the files it includes: thousands, for nothing).
    try:
        places = [(str(path), _WHERE(Where, (str(file), int(line))))
                  for path, (file, line) in entry["places"]]
    except (TypeError, ValueError, KeyError, IndexError):
        return None
    if (doc.values + counts[0] > limits.MAX_YAML_VALUES
            or doc.aliases + counts[1] > limits.MAX_YAML_ALIASES
            or doc.includes + counts[2] > limits.MAX_INCLUDES):
        return None
    return log, places, counts, data


def _build_file(
    path: Path,
    text: str,
    doc: Document,
    root: Path,
    stack: tuple[Path, ...],
    into: tuple[str, int] | None,
    reading: _Reading,
) -> Any:
    name = str(path)
    if name not in doc.files:
        doc.files.append(name)
    loader = Loader(text)
    try:
        node = loader.get_single_node()
    except RecursionError:
        raise _fail(name, f"is nested too deeply (the limit is {limits.MAX_YAML_DEPTH})") \
            from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(filter(None, [exc.context, exc.problem]))
        problem = Problem(f"is not valid YAML: {reason}", file=name, line=line)
        raise StrategyError([problem]) from None
    except yaml.YAMLError as exc:
        raise StrategyError([Problem(f"is not valid YAML: {exc}", file=name)]) from None
    finally:
        loader.dispose()
    if node is None:
        raise StrategyError([Problem("is empty", file=name)])
    builder = _Builder(doc, path, root, (*stack, _resolve(path, name)), reading)
    if into is None:
        return builder.build(node, "")
    parent, start = into
    if isinstance(node, yaml.SequenceNode):
        return builder.sequence(node, parent, start)
    return [builder.build(node, join(parent, start))]


class _Builder:
    def __init__(
        self, doc: Document, path: Path, root: Path, stack: tuple[Path, ...], reading: _Reading
    ) -> None:
        self.doc = doc
        self.reading = reading
        self.path = path
        self.file = str(path)
        self.root = root
        self.stack = stack
        # Nodes built so far in this file: meeting one again is an alias use.
        self.seen: set[int] = set()
        self.active: set[int] = set()

    def fail(self, node: yaml.Node, message: str, path: str) -> StrategyError:
        line = node.start_mark.line + 1
        return StrategyError([Problem(message, path=path, file=self.file, line=line)])

    def build(self, node: yaml.Node, path: str, depth: int = 0) -> Any:
        places = self.doc.places
        if path not in places:
            places[path] = _WHERE(Where, (self.file, node.start_mark.line + 1))
        self._count(node, path, depth)
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            return node.value  # what the safe constructor gives for text, most values
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(
                node,
                f"has the tag {node.tag!r}: strategy files are plain data and no tag "
                "that would construct an object is accepted",
                path,
            )
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.active.add(id(node))
            try:
                if isinstance(node, yaml.MappingNode):
                    return self._mapping(node, path, depth)
                return self.sequence(node, path, 0, depth)
            finally:
                self.active.discard(id(node))
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Keep dates as written: periods parse them, and nothing else wants a datetime.
            return node.value
        return self._scalar(node, path)

    def _count(self, node: yaml.Node, path: str, depth: int) -> None:
        """Hold the document to the limits on depth, values and aliases."""
        if depth > limits.MAX_YAML_DEPTH:
            raise self.fail(node, f"is nested over {limits.MAX_YAML_DEPTH} deep, the limit", path)
        self.doc.values += 1
        if self.doc.values > limits.MAX_YAML_VALUES:
            raise self.fail(
                node, f"the strategy has over {limits.MAX_YAML_VALUES:,} values, the limit", path
            )
        if id(node) in self.active:
            raise self.fail(node, "an alias refers to a value that contains it", path)
        if id(node) in self.seen:
            self.doc.aliases += 1
            if self.doc.aliases > limits.MAX_YAML_ALIASES:
                raise self.fail(
                    node,
                    f"aliases are used over {limits.MAX_YAML_ALIASES} times (counting the "
                    "aliases inside aliases), the limit",
                    path,
                )
        self.seen.add(id(node))

    def _scalar(self, node: yaml.Node, path: str) -> Any:
        kind = node.tag.rsplit(":", 1)[-1]
        if kind in ("int", "float"):
            digits = sum(c.isdigit() for c in node.value)
            if digits > limits.MAX_NUMBER_DIGITS:
                raise self.fail(
                    node,
                    f"a number of {digits:,} digits; the limit is {limits.MAX_NUMBER_DIGITS}",
                    path,
                )
        try:
            return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
        except (ValueError, TypeError, OverflowError, yaml.YAMLError):
            words = {"int": "a whole number", "float": "a number", "bool": "true or false",
                     "null": "nothing (null)"}.get(kind, kind)
            shown = limits.shorten(node.value)
            raise self.fail(node, f"{shown} is tagged !!{kind} but is not {words}", path) \
                from None

    def _mapping(self, node: yaml.MappingNode, path: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys ('<<') are not supported", path)
            key = self.build(key_node, path, depth + 1)
            if not isinstance(key, str):
                raise self.fail(key_node, f"key {limits.shorten(key)} must be text", path)
            if key in result:
                shown = limits.shorten(key)
                raise self.fail(key_node, f"key {shown} appears twice", join(path, key))
            result[key] = self.build(value_node, join(path, key), depth + 1)
        return result

    def sequence(
        self, node: yaml.SequenceNode, path: str, start: int, depth: int = 0
    ) -> list[Any]:
        result: list[Any] = []
        for item in node.value:
            include = _include_target(item)
            if include is None:
                result.append(self.build(item, join(path, start + len(result)), depth + 1))
                continue
            target = self._include(item, include, path)
            result.extend(
                _read_file(target, self.doc, self.root, self.stack, (path, start + len(result)),
                           self.reading)
            )
        return result

    def _include(self, item: yaml.Node, include: str, path: str) -> Path:
        """The file an include item names, once it passes every guard."""
        shown = limits.shorten(include)
        if "\0" in include:
            raise self.fail(item, f"include {shown} contains a NUL character", path)
        self.doc.includes += 1
        if self.doc.includes > limits.MAX_INCLUDES:
            raise self.fail(
                item,
                f"over {limits.MAX_INCLUDES} files are included (counting a file each time "
                "it is included), the limit",
                path,
            )
        if len(self.stack) >= limits.MAX_INCLUDE_DEPTH:
            raise self.fail(
                item, f"includes are chained over {limits.MAX_INCLUDE_DEPTH} deep, the limit", path
            )
        try:
            target = (self.path.parent / include).resolve()
        except (OSError, RuntimeError) as exc:
            raise self.fail(item, f"include {shown} cannot be read: {_os_reason(exc)}", path) \
                from None
        if not target.is_relative_to(self.root):
            raise self.fail(item, f"include {shown} points outside the strategy directory", path)
        if target in self.stack:
            raise self.fail(item, f"include {shown} includes itself", path)
        return target


def _include_target(node: yaml.Node) -> str | None:
    if (
        isinstance(node, yaml.MappingNode)
        and len(node.value) == 1
        and isinstance(node.value[0][0], yaml.ScalarNode)
        and node.value[0][0].value == "include"
        and isinstance(node.value[0][1], yaml.ScalarNode)
    ):
        return str(node.value[0][1].value)
    return None
