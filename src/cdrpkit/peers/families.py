"""Families of partnerships: formed from area variables, written, read and looked up.

The Home Office's iQuanta service compared each Crime and Disorder Reduction Partnership
with its "Most Similar Group" of about 15 partnerships, formed by cluster analysis of
demographic and socio-economic variables (Home Office, *Guidance on Most Similar Groups*;
the memberships were never published as open data, so cdrpkit ships none). What cdrpkit
offers is a stated, reproducible method over variables the user supplies:
:func:`build_families` gives each partnership a family of itself and its ``k`` nearest
neighbours by weighted standardised Euclidean distance

    d(a, b) = sqrt( sum_j w_j (z_aj - z_bj)^2 ),  z_ij = (x_ij - mean_j) / sd_j,

the nearest-neighbour form of "most similar" (as in the Audit Commission's and CIPFA's
nearest-neighbour models). A family file records the variables, the weights and the
date, so a reader can see what "similar" meant.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cdrpkit.errors import InputError, NotFoundError, Problem
from cdrpkit.plugins.declarations import PartnershipFamily

if TYPE_CHECKING:
    import pandas as pd

    from cdrpkit.plugins import Plugins

__all__ = ["METHOD", "build_families", "find_family", "read_families", "write_families"]

METHOD = ("k nearest neighbours by weighted standardised Euclidean distance over the "
          "variables listed (each variable centred on its mean and divided by its standard "
          "deviation across all partnerships in the table)")


def _variables(table: pd.DataFrame, weights: Mapping[str, float], file: str) -> list[str]:
    import pandas as pd

    if "partnership" not in table.columns:
        raise InputError([Problem("needs a 'partnership' column", file=file)],
                         summary="area variables:")
    names = [c for c in table.columns if c not in ("partnership", "name")]
    unknown = sorted(set(weights) - set(names))
    problems = [Problem(f"weight given for {w!r}, which is not a column", path=f"weights.{w}")
                for w in unknown]
    for column in names:
        values = pd.to_numeric(table[column], errors="coerce")
        for i in values.index[values.isna()][:5]:
            raw = table[column][i]
            shown = "an empty cell" if pd.isna(raw) else repr(raw)
            problems.append(Problem(f"{shown} is not a number",
                                    path=f"row {i + 2}, column {column}", file=file))
        if values.notna().all() and float(values.std()) == 0.0:
            problems.append(Problem("is the same for every partnership; it cannot tell "
                                    "areas apart", path=f"column {column}", file=file))
    problems += [Problem(f"weight must be zero or more, got {v!r}", path=f"weights.{w}")
                 for w, v in weights.items() if not v >= 0]
    if table["partnership"].duplicated().any():
        problems += [Problem(f"partnership {c!r} is given twice", file=file)
                     for c in table["partnership"][table["partnership"].duplicated()]]
    if not names:
        problems.append(Problem("no variable columns besides partnership and name",
                                file=file))
    if problems:
        raise InputError(problems, summary=f"{file}: bad area variables:")
    return names


def build_families(
    table: pd.DataFrame,
    k: int = 15,
    *,
    weights: Mapping[str, float] | None = None,
    only: list[str] | None = None,
    source: str = "",
    date: str | None = None,
    file: str = "<variables>",
) -> tuple[list[PartnershipFamily], dict[str, Any]]:
    """One family per partnership (or per code in ``only``): itself and its k nearest.

    ``table`` has a ``partnership`` column, an optional ``name`` and one numeric column per
    variable; ``weights`` (default 1 each) says how much each variable counts. Returns the
    families and a record of the method, variables, weights, means and standard deviations.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"partnership": list("abcde"), "size": [1, 2, 4, 10, 11]})
    >>> families, used = build_families(t, k=1)
    >>> [f.members for f in families][:2], used["variables"]
    ([('a', 'b'), ('b', 'a')], ['size'])
    """
    import numpy as np
    import pandas as pd

    weights = dict(weights or {})
    names = _variables(table, weights, file)
    if not 1 <= k < len(table):
        raise InputError([Problem(f"must be at least 1 and below the {len(table)} "
                                  f"partnerships in the table, got {k}", path="k")],
                         summary="bad family size:")
    x = table[names].apply(pd.to_numeric).to_numpy(dtype=float)
    mean, sd = x.mean(axis=0), x.std(axis=0, ddof=1)
    w = np.array([float(weights.get(n, 1.0)) for n in names])
    z = (x - mean) / sd * np.sqrt(w)
    distance = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2))
    codes = table["partnership"].astype(str).tolist()
    labels = (table["name"].astype(str).tolist() if "name" in table.columns else codes)
    missing = sorted(set(only or ()) - set(codes))
    if missing:
        raise InputError([Problem("is not in the table of area variables", path=f"for {c}")
                          for c in missing], summary="unknown partnership:")
    when = date or datetime.date.today().isoformat()
    used = {"method": METHOD, "k": k, "variables": names,
            "weights": {n: float(v) for n, v in zip(names, w, strict=True)},
            "means": dict(zip(names, mean.tolist(), strict=True)),
            "standard_deviations": dict(zip(names, sd.tolist(), strict=True))}
    families = []
    for i, code in enumerate(codes):
        if only and code not in only:
            continue
        # Stable sort: ties keep the table's order; the partnership itself is first (0).
        order = [j for j in np.argsort(distance[i], kind="stable") if j != i][:k]
        families.append(PartnershipFamily(
            id=f"similar-{code}", name=f"{labels[i]} and its {k} most similar",
            members=(code, *(codes[j] for j in order)),
            source=source or f"cdrpkit family build: {METHOD}; variables {', '.join(names)}",
            date=when, method=METHOD))
    return families, used


def write_families(families: list[PartnershipFamily], used: Mapping[str, Any],
                   path: str | Path) -> Path:
    """Write families and the method that formed them as YAML (``cdrpkit family build``)."""
    import yaml

    document = {"families": [{"id": f.id, "name": f.name, "source": f.source, "date": f.date,
                              "method": f.method, "members": list(f.members)}
                             for f in families],
                "built_with": dict(used)}
    from cdrpkit.outputs import write_text_atomic

    return write_text_atomic(path, yaml.safe_dump(document, sort_keys=False,
                                                  allow_unicode=True))


def read_families(path: str | Path) -> dict[str, PartnershipFamily]:
    """Read a family file (YAML, ``families:`` a list of id, name, source, date, members)."""
    import yaml

    file = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError([Problem(f"cannot read: {exc.strerror}", file=file)],
                         summary="families:") from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(f"not valid YAML: {exc}", file=file)],
                         summary="families:") from None
    entries = data.get("families") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise InputError([Problem("expected a mapping with a 'families' list", file=file)],
                         summary="families:")
    found: dict[str, PartnershipFamily] = {}
    problems = []
    for i, entry in enumerate(entries):
        try:
            family = PartnershipFamily(
                id=str(entry["id"]), name=str(entry["name"]), members=entry["members"],
                source=str(entry["source"]), date=str(entry["date"]),
                method=str(entry.get("method", "")))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(Problem(f"{type(exc).__name__}: {exc} (expected id, name, "
                                    "members, source, date)", path=f"families[{i}]",
                                    file=file))
            continue
        found[family.id] = family
    if problems:
        raise InputError(problems, summary=f"{file}: bad families:")
    return found


def find_family(name: str, *, files: tuple[str | Path, ...] = (),
                plugins: Plugins | None = None) -> PartnershipFamily:
    """A family by id: from the files given first, then from the plugins."""
    from cdrpkit.plugins import resolve

    known: dict[str, PartnershipFamily] = {}
    for f in files:
        known.update(read_families(f))
    if name in known:
        return known[name]
    registered = resolve(plugins).partnership_families
    if name in registered:
        return registered[name]  # type: ignore[no-any-return]
    choices = sorted({*known, *registered})
    raise NotFoundError(f"no family called {name!r} (known: {', '.join(choices[:20]) or 'none'}"
                        f"{', ...' if len(choices) > 20 else ''})")
