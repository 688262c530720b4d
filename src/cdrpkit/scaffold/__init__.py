"""``cdrpkit new-plugin``: start an installable strategy plugin for a partnership.

:func:`create` writes a package that installs, registers its strategy by name, loads,
checks clean and passes its own tests as generated::

    cdrpkit-<strategy id>/        the distribution, distinct from strategy and partnership
      pyproject.toml              the `cdrpkit` entry point; a `test` extra (pytest)
      README.md
      src/<package>/__init__.py
      src/<package>/plugin.py     registers the strategy under its id
      src/<package>/strategy.yaml a theme, a target with a yearly trajectory, an action
      tests/conftest.py           a host of this plugin, its dependencies and cdrpkit only
      tests/test_strategy.py      loads, checks clean, every published end value reproduced

With ``extensions=True`` it also writes a plugin target kind (``kinds.py``), a check rule
(``checks.py``) and a report renderer (``renderers.py``), each scoped to the strategy,
with a target of the new kind and ``tests/test_extensions.py``.

The partnership's name, the strategy's id and the indicator families the strategy
requires come from the user's answers. The package depends on the plugins of exactly
those families: with ``BVPI`` the starter target is on BVPI 126 (domestic burglaries per
1,000 households); without, on a local indicator the strategy file defines. Either way
the end value is the baseline after three yearly 6% reductions, as published.

Nothing is ever overwritten: if any file to be written exists, nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.resources import files
from pathlib import Path
from string import Template

import attrs

from cdrpkit.errors import InputError, Problem
from cdrpkit.plugins import Plugins, resolve

__all__ = ["Created", "create", "names_for"]

# template -> where it goes, relative to the package folder.
_LAYOUT: tuple[tuple[str, str], ...] = (
    ("pyproject.toml.tmpl", "pyproject.toml"),
    ("README.md.tmpl", "README.md"),
    ("init.py.tmpl", "src/{package}/__init__.py"),
    ("plugin.py.tmpl", "src/{package}/plugin.py"),
    ("strategy.yaml.tmpl", "src/{package}/strategy.yaml"),
    ("conftest.py.tmpl", "tests/conftest.py"),
    ("test_strategy.py.tmpl", "tests/test_strategy.py"),
)
_EXTENSIONS: tuple[tuple[str, str], ...] = (
    ("kinds.py.tmpl", "src/{package}/kinds.py"),
    ("checks.py.tmpl", "src/{package}/checks.py"),
    ("renderers.py.tmpl", "src/{package}/renderers.py"),
    ("test_extensions.py.tmpl", "tests/test_extensions.py"),
)

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 _-]*")
_FAMILY_HOOK = "cdrpkit_register_indicator_families"


@attrs.frozen
class Created:
    """What :func:`create` wrote: the package folder, its files and the names it chose."""

    root: Path
    files: tuple[Path, ...]
    strategy_name: str
    uses_bvpi: bool
    dist: str = ""
    partnership_id: str = ""
    families: tuple[str, ...] = ()


def _slug(text: str, what: str) -> str:
    if not _NAME.fullmatch(text.strip()):
        raise InputError([Problem(
            f"{text!r} is not a usable {what}: start with a letter, then letters, "
            "digits, spaces, '-' or '_' (for example 'harborough-csp')",
            path=what.split()[0].upper() if what == "plugin name" else what,
        )])
    return re.sub(r"[ _-]+", "-", text.strip().lower()).strip("-")


def names_for(name: str, strategy_id: str | None = None) -> dict[str, str]:
    """The names for partnership NAME: partnership id, strategy id, distribution, package.

    The three are distinct, so no one name has to serve as partnership, strategy and
    package (nor a folder shadow a registered strategy of the same name).

    >>> names = names_for("Harborough CSP")
    >>> names["partnership_id"], names["strategy_id"]
    ('harborough-csp', 'harborough-csp-2005')
    >>> names["dist"], names["package"]
    ('cdrpkit-harborough-csp-2005', 'cdrpkit_harborough_csp_2005')
    """
    slug = _slug(name, "plugin name")
    strategy = _slug(strategy_id, "--strategy-id") if strategy_id else f"{slug}-2005"
    words = re.split(r"[ _-]+", name.strip())
    title = " ".join(w if w.isupper() else w.capitalize() for w in words)
    dist = f"cdrpkit-{strategy}"
    return {
        "slug": slug, "partnership_id": slug, "strategy_id": strategy, "title": title,
        "dist": dist, "package": dist.replace("-", "_"),
    }


def _family_dists(families: Iterable[str], host: Plugins) -> dict[str, str]:
    """Each family id and the distribution that provides it; InputError for unknown ones."""
    found: dict[str, str] = {}
    problems = []
    for family in families:
        if family not in host.families:
            known = ", ".join(sorted(host.families)) or "none"
            problems.append(Problem(
                f"no installed plugin declares the indicator family {family!r} "
                f"(installed families: {known})", path="--family"))
            continue
        found[family] = host.origin(_FAMILY_HOOK, family).split(":")[0]
    if problems:
        raise InputError(problems, summary="cannot create the plugin: nothing was written")
    return found


def _values(names: dict[str, str], requires: dict[str, str]) -> dict[str, str]:
    from cdrpkit.scaffold import starter

    values = dict(names)
    values["partnership"] = names.get("partnership") or names["title"]
    deps = ['"cdrpkit>=0.1"'] + [
        f'"{dist}>=0.1"' for dist in sorted(set(requires.values())) if dist != "cdrpkit"]
    values["dependencies"] = ", ".join(deps)
    values["requires"] = (
        "requires: {" + ", ".join(f"{f}: {d}" for f, d in requires.items()) + "}\n"
        if requires else "")
    values["entry_point"] = names["strategy_id"]
    values.update(starter.target_values("BVPI" in requires))
    values.update(starter.extension_values(names, enabled=False))
    return values


def create(
    name: str,
    directory: str | Path = ".",
    *,
    partnership: str | None = None,
    strategy_id: str | None = None,
    families: Iterable[str] = (),
    extensions: bool = False,
    plugins: Plugins | None = None,
) -> Created:
    """Write a new strategy plugin package for partnership ``name`` under ``directory``.

    :param partnership: the partnership's name as the strategy prints it (default from
        ``name``).
    :param strategy_id: the strategy's id, its registered name (default ``<name>-2005``).
    :param families: the indicator families the strategy requires (``BVPI``...): the
        package depends on the plugins that provide them, and on nothing else.
    :param extensions: also write a plugin target kind, check rule and renderer.
    :raises InputError: for an unusable name or an unknown family, or when any file to
        write already exists (then nothing is written).
    """
    from cdrpkit.scaffold import starter

    names = names_for(name, strategy_id)
    if partnership:
        names["partnership"] = " ".join(partnership.split())
    requires = _family_dists(families, resolve(plugins))
    values = _values(names, requires)
    layout = _LAYOUT
    if extensions:
        values.update(starter.extension_values(names, enabled=True))
        layout = _LAYOUT + _EXTENSIONS
    root = Path(directory) / names["dist"]
    template_dir = files("cdrpkit.scaffold") / "template"
    planned = [
        (root / dest.format(package=names["package"]), template_dir / src)
        for src, dest in layout
    ]
    existing = [p for p, _ in planned if p.exists()]
    if existing:
        raise InputError(
            [Problem("already exists; new-plugin never overwrites", file=str(p)) for p in existing],
            summary=f"cannot create the plugin in {root}: nothing was written",
        )
    written = []
    for path, template in planned:
        text = Template(template.read_text(encoding="utf-8")).substitute(values)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return Created(
        root=root, files=tuple(written), strategy_name=names["strategy_id"],
        uses_bvpi="BVPI" in requires, dist=names["dist"],
        partnership_id=names["partnership_id"], families=tuple(requires),
    )
