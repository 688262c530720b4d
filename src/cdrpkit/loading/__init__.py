"""Loading strategies from files, directories or plugins, and writing them back.

A strategy file is YAML whose first key is the format version, ``cdrpkit: 1``. A
directory holds a ``strategy.yaml``; lists in it may include other files
(``- include: themes/violent-crime.yaml``), so a long strategy can be split. Loading
never executes anything from the file: it is parsed with a safe loader and structured
into the frozen model, and every problem found is reported together, each with its
file, line and field path: when the file's shape is wrong (a missing field, a wrong type,
an unknown kind), every such problem and every unknown unit; once the shape is right,
every problem of meaning (references, unique ids, framework categories, units).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from cdrpkit.errors import Problem, StrategyError
from cdrpkit.limits import shorten
from cdrpkit.loading import consistency, quick, yamlio
from cdrpkit.model import Strategy
from cdrpkit.outputs import write_text_atomic
from cdrpkit.plugins import Plugins, resolve
from cdrpkit.sources import STRATEGY_FILE as STRATEGY_FILE
from cdrpkit.sources import locate as locate

FORMAT_VERSION = 1

Source = str | os.PathLike[str] | Strategy


def load(source: Source, *, plugins: Plugins | None = None) -> Strategy:
    """Load a strategy from a file, a directory, or a name a plugin registered.

    :param source: a path to a strategy file or to a directory holding
        ``strategy.yaml``; or the name of a registered strategy (``"leicester-2005"``);
        or a :class:`~cdrpkit.model.Strategy`, returned as it is.
    :param plugins: the plugin host to use; the default host when ``None``.
    :raises StrategyError: listing every problem, each with file, line and field path.
    :raises NotFoundError: when ``source`` is neither a path nor a registered name.
    """
    if isinstance(source, Strategy):
        return source
    host = resolve(plugins)
    path, _note = locate(source, plugins=host)
    doc = yamlio.read(path)
    return _from_document(doc, host)


def load_with_places(
    source: str | os.PathLike[str], *, plugins: Plugins | None = None,
    cache: yamlio.FileCache | None = None,
) -> tuple[Strategy, yamlio.Document]:
    """:func:`load`, also returning the read document, which knows each field's file and line.

    ``document.where("themes[0].objectives[1]")`` gives the file and line of that field
    (or of its nearest recorded parent), so a finding's path can be shown as a place.
    With a ``cache`` (see :class:`~cdrpkit.loading.yamlio.FileCache`), files unchanged
    since they were last read are not parsed again.

    >>> strategy, document = load_with_places("tests/data/minimal")
    >>> document.where("objectives[0]").line
    24
    """
    host = resolve(plugins)
    path, _note = locate(source, plugins=host)
    doc = yamlio.read(path, cache)
    return _from_document(doc, host), doc


def from_data(data: Mapping[str, Any], *, plugins: Plugins | None = None) -> Strategy:
    """Structure a strategy from plain data (as read from YAML or JSON).

    :raises StrategyError: as :func:`load` does, also when ``data`` is not a mapping.
    """
    if not isinstance(data, Mapping):
        raise StrategyError([Problem(f"a strategy is a mapping of fields, not "
                                     f"{type(data).__name__} {shorten(data)}", file="<data>")])
    doc = yamlio.Document(data=dict(data), files=["<data>"])
    return _from_document(doc, resolve(plugins))


def _from_document(doc: yamlio.Document, host: Plugins) -> Strategy:
    data = doc.data
    if not isinstance(data, dict):
        raise StrategyError([doc.problem("", "a strategy file must be a mapping of fields")])
    version = data.get("cdrpkit")
    if version is None:  # also stands for 'cdrpkit:' with nothing after it
        raise StrategyError(
            [
                doc.problem(
                    "",
                    f"a strategy file starts with the format version 'cdrpkit: {FORMAT_VERSION}'",
                )
            ]
        )
    # 1.0 and true equal 1 in Python, but they are not the version key that was asked for.
    if type(version) is not int or version != FORMAT_VERSION:
        raise StrategyError(
            [
                doc.problem(
                    "cdrpkit",
                    f"format version {shorten(version)} is not supported (expected the whole "
                    f"number {FORMAT_VERSION}: 'cdrpkit: {FORMAT_VERSION}')",
                )
            ]
        )
    body = {k: v for k, v in data.items() if k != "cdrpkit"}
    _fill_ids(body)
    requires = body.get("requires")
    host.install_units()
    kinds = {name: kind.cls for name, kind in host.kinds.items()}
    expected = requires if isinstance(requires, dict) else None
    try:
        # Sound data need no field paths: structured quickly first, and by the cattrs
        # converter, which says where each problem is, only when that fails.
        strategy: Strategy | None = quick.structure(body, Strategy, kinds=kinds,
                                                    expected=expected)
    except Exception:
        strategy = None
    try:
        if strategy is None:
            from cdrpkit.loading.convert import make_converter

            strategy = make_converter(kinds, expected).structure(body, Strategy)
    except Exception as exc:  # cattrs gathers every field error into one group
        from cdrpkit.loading.convert import error_paths

        found = [doc.problem(path, message) for path, message in error_paths(exc)]
        # A structural error stops structuring; bad units elsewhere are still reported.
        reported = {p.path for p in found}
        found += [doc.problem(path, message)
                  for path, message in consistency.raw_unit_problems(body)
                  if path not in reported]
        # A kind or field from a plugin that is not installed fails here, before the
        # reference checks: say which required family and plugin is missing first.
        if isinstance(requires, dict):
            missing = consistency.missing_requirements(requires, host)
            found = [doc.problem(path, message) for path, message in missing] + found
        raise StrategyError(found, summary=_summary(doc, len(found))) from None
    found = [doc.problem(path, message) for path, message in consistency.problems(strategy, host)]
    if found:
        raise StrategyError(found, summary=_summary(doc, len(found)))
    return strategy


def _summary(doc: yamlio.Document, count: int) -> str:
    name = doc.files[0] if doc.files else "strategy"
    return f"{name}: {count} problem{'s' if count != 1 else ''} found"


def _fill_ids(body: dict[str, Any]) -> None:
    """Give targets and actions without an id one derived from their objective.

    Published strategies number targets per objective, so ``<objective>.t<n>`` and
    ``<objective>.a<n>`` are stable for as long as the document is.
    """

    def objectives(container: Any) -> list[Any]:
        items = container.get("objectives") if isinstance(container, dict) else None
        return items if isinstance(items, list) else []

    def items(container: Any, key: str) -> list[Any]:
        value = container.get(key) if isinstance(container, dict) else None
        return value if isinstance(value, list) else []  # a wrong shape is reported later

    found = list(objectives(body))
    for theme in items(body, "themes"):
        found += objectives(theme)
        for prio in items(theme, "priorities"):
            found += objectives(prio)
    for obj in found:
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            continue
        for key, letter in (("targets", "t"), ("actions", "a")):
            for n, item in enumerate(items(obj, key), start=1):
                if isinstance(item, dict) and "id" not in item:
                    item["id"] = f"{obj['id']}.{letter}{n}"


def to_data(strategy: Strategy, *, plugins: Plugins | None = None) -> dict[str, Any]:
    """The strategy as plain data, ready for YAML or JSON; loads back to an equal object."""
    from cdrpkit.loading.convert import make_converter

    host = resolve(plugins)
    converter = make_converter({name: kind.cls for name, kind in host.kinds.items()})
    body: dict[str, Any] = converter.unstructure(strategy)
    return {"cdrpkit": FORMAT_VERSION, **body}


def dumps(strategy: Strategy, *, plugins: Plugins | None = None) -> str:
    """The strategy as one YAML document (see :func:`to_data`)."""
    return yaml.safe_dump(
        to_data(strategy, plugins=plugins), sort_keys=False, allow_unicode=True, width=100
    )


def save(
    strategy: Strategy, path: str | os.PathLike[str], *, plugins: Plugins | None = None
) -> Path:
    """Write the strategy to a YAML file, atomically; return its path.

    :raises OutputError: naming the path and saying why it cannot be written.
    """
    return write_text_atomic(path, dumps(strategy, plugins=plugins))
