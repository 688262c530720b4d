"""``cdrpkit new-plugin``: start an installable strategy plugin for a partnership.

:func:`create` writes a package that installs, registers its strategy by name, loads,
checks clean and passes its own tests as generated::

    <slug>/
      pyproject.toml              the `cdrpkit` entry point
      README.md
      src/<package>/__init__.py
      src/<package>/plugin.py     registers the strategy as <slug>
      src/<package>/strategy.yaml a theme, a target with a yearly trajectory, an action
      tests/conftest.py           the cdrpkit.testing fixture
      tests/test_strategy.py      loads, checks clean, reproduces the published end value

The target is on BVPI 126 (domestic burglaries per 1,000 households) when the BVPI plugin
(``cdrpkit-bvpi``) is installed, and the package then depends on it; otherwise it is on a
local indicator the strategy file defines, so the package needs nothing but cdrpkit.
Either way the end value is the baseline after three yearly 6% reductions, as published.

Nothing is ever overwritten: if any file to be written exists, nothing is written.
"""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path
from string import Template

import attrs

from cdrpkit.errors import InputError, OutputError, Problem
from cdrpkit.outputs import prepare_directory, write_text_atomic
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

_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 _-]*")


@attrs.frozen
class Created:
    """What :func:`create` wrote: the package folder, its files, the strategy's name."""

    root: Path
    files: tuple[Path, ...]
    strategy_name: str
    uses_bvpi: bool


def names_for(name: str) -> dict[str, str]:
    """The slug (strategy and entry-point name), distribution, package and title for NAME.

    >>> names_for("Harborough CSP")["package"]
    'harborough_csp'
    >>> names_for("Harborough CSP")["dist"]
    'harborough-csp'
    """
    if not _NAME.fullmatch(name.strip()):
        raise InputError([Problem(
            f"{name!r} is not a usable plugin name: start with a letter, then letters, "
            "digits, spaces, '-' or '_' (for example 'harborough-csp')",
            path="NAME",
        )])
    slug = re.sub(r"[ _-]+", "-", name.strip().lower()).strip("-")
    words = re.split(r"[ _-]+", name.strip())
    title = " ".join(w if w.isupper() else w.capitalize() for w in words)
    return {"slug": slug, "dist": slug, "package": slug.replace("-", "_"), "title": title}


def _bvpi_known(plugins: Plugins) -> bool:
    return "BV126" in plugins.indicators


def _values(names: dict[str, str], bvpi: bool) -> dict[str, str]:
    values = dict(names)
    values["target_id"] = "burglary.t1"
    if bvpi:
        values.update(
            dependencies='"cdrpkit>=0.1", "cdrpkit-bvpi>=0.1"',
            requires="requires: {BVPI: cdrpkit-bvpi}\n",
            indicators="",
            indicator="BV126",
            unit="offence / kilohousehold",
            baseline_value="23.3",
            end_value="19.4",
            digits="1",
            published_words=(
                "Reduce domestic burglary from 23.3 per 1,000 households in 2004/05 to no "
                "more than 19.4 per 1,000 households by March 2008, with a yearly 6% "
                "reduction (BVPI 126)"
            ),
            indicator_note=(
                "The target is on BVPI 126, domestic burglaries per 1,000 households, from\n"
                "the BVPI plugin (`cdrpkit-bvpi`), which this package depends on: 23.3 in\n"
                "2004/05 less 6% a year for three years is 19.35, published as 19.4."
            ),
        )
    else:
        values.update(
            dependencies='"cdrpkit>=0.1"',
            requires="",
            indicators=(
                "indicators:\n"
                "  - id: domestic-burglary\n"
                "    family: local\n"
                "    title: Domestic burglaries recorded by the police\n"
                "    unit: offence\n"
                "    polarity: lower_is_better\n"
            ),
            indicator="domestic-burglary",
            unit="offence",
            baseline_value="1000",
            end_value="831",
            digits="0",
            published_words=(
                "Reduce domestic burglary from 1,000 offences in 2004/05 to no more than 831 "
                "offences by March 2008, with a yearly 6% reduction"
            ),
            indicator_note=(
                "The target is on a local indicator the strategy file defines (the BVPI\n"
                "plugin was not installed when this package was made): 1,000 offences in\n"
                "2004/05 less 6% a year for three years is 830.6, published as 831. With\n"
                "`cdrpkit-bvpi` installed, name a BVPI indicator such as `BV126` instead."
            ),
        )
    return values


def create(name: str, directory: str | Path = ".", *, plugins: Plugins | None = None) -> Created:
    """Write a new strategy plugin package for partnership ``name`` under ``directory``.

    :raises InputError: for an unusable name, or when any file to write already exists
        (then nothing is written).
    :raises OutputError: when ``directory`` cannot be made or written (read-only, a file,
        a name too long); each file is written atomically.
    """
    names = names_for(name)
    bvpi = _bvpi_known(resolve(plugins))
    values = _values(names, bvpi)
    root = Path(directory) / names["slug"]
    template_dir = files("cdrpkit.scaffold") / "template"
    planned = [
        (root / dest.format(package=names["package"]), template_dir / src)
        for src, dest in _LAYOUT
    ]
    prepare_directory(directory)  # says why a folder is unusable before anything is written
    existing = [p for p, _ in planned if _exists(p)]
    if existing:
        raise InputError(
            [Problem("already exists; new-plugin never overwrites", file=str(p)) for p in existing],
            summary=f"cannot create the plugin in {root}: nothing was written",
        )
    written = []
    for path, template in planned:
        text = Template(template.read_text(encoding="utf-8")).substitute(values)
        written.append(write_text_atomic(path, text))
    return Created(root=root, files=tuple(written), strategy_name=names["slug"], uses_bvpi=bvpi)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as exc:  # a name too long for the file system
        raise OutputError(str(path), (exc.strerror or str(exc)).lower()) from None
