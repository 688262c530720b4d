"""Where a recorded crime belongs: LSOA -> local authority -> Community Safety Partnership.

The local authority (LAD) -> Community Safety Partnership (CSP) -> Police Force Area (PFA)
lookup is bundled as package data: :data:`LOOKUP_SOURCE` says where it comes from and
:data:`LOOKUP_DATE` the date it describes. An LSOA reaches its local authority either by
its name (an LSOA name begins with its local authority's name: ``Leicester 001A``) or by
a user's ONS LSOA -> LAD lookup file (``--geography``).

>>> lookup = bundled_lookup()
>>> lookup.csp_for_lad_name["Leicester"]
'E22000168'
>>> lookup.pfa_for_name["Leicestershire"]
'E23000021'
"""

from __future__ import annotations

import csv
import functools
import io
from importlib import resources
from pathlib import Path

import attrs

from cdrpkit.errors import IngestError, Problem

__all__ = [
    "ATTRIBUTION",
    "LOOKUP_DATE",
    "LOOKUP_SOURCE",
    "Lookup",
    "bundled_lookup",
    "lad_name_of_lsoa",
    "read_geography",
]

#: The attribution every use of these data carries (Open Government Licence v3.0).
ATTRIBUTION = ("Contains public sector information licensed under the Open Government "
               "Licence v3.0.")
#: Where the bundled LAD -> CSP -> PFA lookup comes from.
LOOKUP_SOURCE = ("ONS, Local Authority District to Community Safety Partnership to Police "
                 "Force Area (December 2019) Lookup in England and Wales (ONS)")
#: The date the bundled lookup describes.
LOOKUP_DATE = "2019-12"


def _name_key(name: str) -> str:
    """A name as matched: case, '&' and ONS's ', City of' / ', County of' suffixes ignored."""
    key = name.strip().lower().replace("&", "and")
    for suffix in (", city of", ", county of"):
        key = key.removesuffix(suffix)
    return " ".join(key.split())


@attrs.frozen
class Lookup:
    """The bundled LAD -> CSP -> PFA lookup, indexed the ways the readers need it."""

    csp_for_lad: dict[str, str]
    csp_for_lad_name: dict[str, str]
    csp_for_name_key: dict[str, str]
    csp_name: dict[str, str]
    pfa_for_name: dict[str, str]
    pfa_for_name_key: dict[str, str]
    pfa_of_csp: dict[str, str]
    source: str = LOOKUP_SOURCE
    date: str = LOOKUP_DATE

    def csp_by_name(self, name: str) -> str | None:
        """The CSP code of a partnership or local authority name, or None."""
        return self.csp_for_name_key.get(_name_key(name))

    def pfa_by_name(self, name: str) -> str | None:
        """The PFA code of a force name (``Devon & Cornwall`` = ``Devon and Cornwall``)."""
        return self.pfa_for_name_key.get(_name_key(name))


@functools.cache
def bundled_lookup() -> Lookup:
    """The bundled lookup (read once)."""
    text = (resources.files("cdrpkit") / "ingest" / "data" / "lad_to_csp_to_pfa_2019.csv"
            ).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    csp_for_lad = {r["lad-code"]: r["csp-code"] for r in rows}
    by_name = {r["lad-name"]: r["csp-code"] for r in rows}
    keys = {_name_key(r["lad-name"]): r["csp-code"] for r in rows}
    keys.update({_name_key(r["csp-name"]): r["csp-code"] for r in rows})
    pfa = {r["PFA21NM"]: r["PFA21CD"] for r in rows}
    return Lookup(
        csp_for_lad=csp_for_lad,
        csp_for_lad_name=by_name,
        csp_for_name_key=keys,
        csp_name={r["csp-code"]: r["csp-name"] for r in rows},
        pfa_for_name=pfa,
        pfa_for_name_key={_name_key(k): v for k, v in pfa.items()},
        pfa_of_csp={r["csp-code"]: r["PFA21CD"] for r in rows},
    )


def lad_name_of_lsoa(lsoa_name: str) -> str:
    """The local authority name an LSOA name begins with.

    >>> lad_name_of_lsoa("Hinckley and Bosworth 010C")
    'Hinckley and Bosworth'
    """
    head, _, tail = lsoa_name.strip().rpartition(" ")
    return head if head and len(tail) == 4 and tail[:3].isdigit() else ""


_LSOA_COLUMNS = ("lsoa11cd", "lsoa21cd", "lsoa01cd", "lsoa code", "lsoa-code", "lsoacd")


def read_geography(path: Path) -> dict[str, str]:
    """A user's ONS LSOA -> local authority lookup (CSV): LSOA code -> LAD code.

    The columns are found by name: an LSOA code column (``LSOA11CD``, ``LSOA21CD``,
    ``LSOA code``) and a local authority code column (``LAD19CD``, ``LAD22CD``,
    ``LAD code``...). A file without both is refused, naming what it has.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            keys = [h.strip().lower() for h in header]
            lsoa = next((i for i, k in enumerate(keys) if k in _LSOA_COLUMNS), None)
            lad = next((i for i, k in enumerate(keys)
                        if (k.startswith("lad") and k.endswith("cd"))
                        or k in ("lad code", "lad-code", "local authority code")), None)
            if lsoa is None or lad is None:
                raise IngestError([Problem(
                    f"expected an LSOA code column (LSOA11CD, LSOA21CD) and a local authority "
                    f"code column (LAD19CD, LAD22CD...); the header has: {', '.join(header)}",
                    file=str(path), line=1)])
            return {row[lsoa].strip(): row[lad].strip() for row in reader
                    if len(row) > max(lsoa, lad) and row[lsoa].strip()}
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError([Problem(f"cannot read the geography lookup: {exc}",
                                   file=str(path))]) from None
