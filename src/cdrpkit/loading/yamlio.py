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

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs
import yaml

from cdrpkit.errors import Problem, StrategyError

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

# One constructor for plain scalars; only the plain tags above ever reach it.
_SCALARS = yaml.constructor.SafeConstructor()

Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@attrs.frozen
class Where:
    """A place in a file."""

    file: str
    line: int


@attrs.define
class Document:
    """Data read from one or more YAML files, with the place of each field path."""

    data: Any
    places: dict[str, Where] = attrs.field(factory=dict)
    files: list[str] = attrs.field(factory=list)

    def where(self, path: str) -> Where | None:
        """The place of ``path``, or of its nearest ancestor that has one."""
        return nearest(self.places, path)

    def problem(self, path: str, message: str) -> Problem:
        """A :class:`Problem` at ``path``, located in its file and line."""
        place = self.where(path)
        if place is None:
            return Problem(message, path=path, file=self.files[0] if self.files else None)
        return Problem(message, path=path, file=place.file, line=place.line)


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


def read(path: Path) -> Document:
    """Read a YAML file (and what it includes) into plain data with places."""
    doc = Document(data=None)
    root = path.resolve().parent
    doc.data = _read_file(path, doc, root, stack=())
    return doc


def _read_file(
    path: Path,
    doc: Document,
    root: Path,
    stack: tuple[Path, ...],
    into: tuple[str, int] | None = None,
) -> Any:
    """Read one file into ``doc``.

    ``into`` is where an included file lands: the path of the including list and the
    index its first item takes there, so places are recorded under their final paths.
    """
    name = str(path)
    if name not in doc.files:
        doc.files.append(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StrategyError([Problem("no such file", file=name)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise StrategyError([Problem(f"cannot be read: {exc}", file=name)]) from None
    loader = Loader(text)
    try:
        node = loader.get_single_node()
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
    builder = _Builder(doc, path, root, (*stack, path.resolve()))
    if into is None:
        return builder.build(node, "")
    parent, start = into
    if isinstance(node, yaml.SequenceNode):
        return builder.sequence(node, parent, start)
    return [builder.build(node, join(parent, start))]


class _Builder:
    def __init__(self, doc: Document, path: Path, root: Path, stack: tuple[Path, ...]) -> None:
        self.doc = doc
        self.path = path
        self.file = str(path)
        self.root = root
        self.stack = stack

    def fail(self, node: yaml.Node, message: str, path: str) -> StrategyError:
        line = node.start_mark.line + 1
        return StrategyError([Problem(message, path=path, file=self.file, line=line)])

    def build(self, node: yaml.Node, path: str) -> Any:
        self.doc.places.setdefault(path, Where(self.file, node.start_mark.line + 1))
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(
                node,
                f"has the tag {node.tag!r}: strategy files are plain data and no tag "
                "that would construct an object is accepted",
                path,
            )
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, path, 0)
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Keep dates as written: periods parse them, and nothing else wants a datetime.
            return node.value
        return _SCALARS.yaml_constructors[node.tag](_SCALARS, node)

    def _mapping(self, node: yaml.MappingNode, path: str) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(key_node, "merge keys ('<<') are not supported", path)
            key = self.build(key_node, path)
            if not isinstance(key, str):
                raise self.fail(key_node, f"key {key!r} must be text", path)
            if key in result:
                raise self.fail(key_node, f"key {key!r} appears twice", join(path, key))
            result[key] = self.build(value_node, join(path, key))
        return result

    def sequence(self, node: yaml.SequenceNode, path: str, start: int) -> list[Any]:
        result: list[Any] = []
        for item in node.value:
            include = _include_target(item)
            if include is None:
                result.append(self.build(item, join(path, start + len(result))))
                continue
            target = (self.path.parent / include).resolve()
            if not target.is_relative_to(self.root):
                raise self.fail(
                    item, f"include {include!r} points outside the strategy directory", path
                )
            if target in self.stack:
                raise self.fail(item, f"include {include!r} includes itself", path)
            result.extend(
                _read_file(target, self.doc, self.root, self.stack, (path, start + len(result)))
            )
        return result


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
