"""The one table of unit definitions, read by both the light layer and the pint registry."""

from __future__ import annotations

from collections.abc import Iterable

from cdrpkit.errors import CdrpkitError
from cdrpkit.limits import shorten


class UnitError(CdrpkitError, ValueError):
    """Unit text that cannot be read, or units that do not fit what was expected.

    ``text`` is the unit text at fault, ``problem`` what is wrong with it and ``expected``
    (possibly empty) what would have been accepted.

    >>> error = UnitError("ofence", "unknown unit name 'ofence'", "a unit such as 'offence'")
    >>> str(error)
    "unit 'ofence': unknown unit name 'ofence'; expected a unit such as 'offence'"
    >>> isinstance(error, ValueError)
    True
    """

    def __init__(self, text: str, problem: str, expected: str = "") -> None:
        super().__init__(text, problem, expected)
        self.text = text
        self.problem = problem
        self.expected = expected

    def __str__(self) -> str:
        message = f"unit {shorten(self.text)}: {self.problem}"
        return f"{message}; expected {self.expected}" if self.expected else message


# The single source of truth. A row is (name, factor, reference, other spellings):
# reference "[d]" makes the unit the base unit of a new dimension d; "" makes it a pure
# number; otherwise the unit is `factor` (an integer or "a/b") times the unit named by
# reference, which must come earlier. Other spellings are plurals and aliases.
#
# Victims, offenders and casualties are their own dimensions, not persons: a count of
# victims must never be added to a population, and "victims per 1,000 population" is still
# "victim / kiloperson". "crime" is an alias of offence: recorded crime counts offences.
DEFINITIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("offence", "1", "[offence]", ("offences", "crime", "crimes")),
    ("incident", "1", "[incident]", ("incidents",)),
    ("person", "1", "[person]", ("persons", "people")),
    ("household", "1", "[household]", ("households",)),
    ("victim", "1", "[victim]", ("victims",)),
    ("offender", "1", "[offender]", ("offenders",)),
    ("casualty", "1", "[casualty]", ("casualties",)),
    ("place", "1", "[place]", ("places",)),
    ("premises", "1", "[premises]", ()),
    ("event", "1", "[event]", ("events",)),
    ("report", "1", "[report]", ("reports",)),
    ("item", "1", "[item]", ("items",)),
    ("completion", "1", "[completion]", ("completions",)),
    ("detection", "1", "[detection]", ("detections",)),
    ("prosecution", "1", "[prosecution]", ("prosecutions",)),
    ("vehicle", "1", "[vehicle]", ("vehicles",)),
    # Denominators of rates: pint has no "per 1,000" syntax, and we define no SI prefixes.
    ("kiloperson", "1000", "person", ("kilopersons", "kilopeople")),
    ("ten_kiloperson", "10000", "person", ("ten_kilopersons", "ten_kilopeople")),
    ("hundred_kiloperson", "100000", "person", ("hundred_kilopersons", "hundred_kilopeople")),
    ("kilohousehold", "1000", "household", ("kilohouseholds",)),
    ("ten_kilohousehold", "10000", "household", ("ten_kilohouseholds",)),
    ("hundred_kilohousehold", "100000", "household", ("hundred_kilohouseholds",)),
    ("GBP", "1", "[currency]", ("pound", "pounds")),
    ("kGBP", "1000", "GBP", ()),
    ("MGBP", "1000000", "GBP", ()),
    ("year", "1", "[time]", ("years", "annum")),
    ("quarter", "1/4", "year", ("quarters",)),
    ("month", "1/12", "year", ("months",)),
    ("percent", "1/100", "", ("%",)),
    ("fraction", "1", "", ()),
    ("ratio", "1", "", ()),
)

#: For each dimension that may be the denominator of a rate: the unit for each ``per``.
PER_DENOMINATOR: dict[str, dict[int, str]] = {
    "person": {
        1: "person",
        1_000: "kiloperson",
        10_000: "ten_kiloperson",
        100_000: "hundred_kiloperson",
    },
    "household": {
        1: "household",
        1_000: "kilohousehold",
        10_000: "ten_kilohousehold",
        100_000: "hundred_kilohousehold",
    },
}

DIMENSIONLESS = "dimensionless"
_NON_COUNTED = frozenset({"currency", "time"})

Terms = tuple[tuple[str, int], ...]


def _resolve_table() -> tuple[dict[str, str], dict[str, tuple[int, int, Terms]]]:
    """Map each spelling to its name, and each name to its factor and dimensions.

    The factor to base units is kept as an integer numerator and denominator, so twelve
    months make exactly one year.
    """
    spellings: dict[str, str] = {}
    resolved: dict[str, tuple[int, int, Terms]] = {}
    for name, factor, reference, aliases in DEFINITIONS:
        numerator, _, denominator = factor.partition("/")
        num, den = int(numerator), int(denominator or 1)
        if reference.startswith("["):
            resolved[name] = (1, 1, ((reference[1:-1], 1),))
        elif reference:
            base_num, base_den, dims = resolved[reference]
            resolved[name] = (num * base_num, den * base_den, dims)
        else:
            resolved[name] = (num, den, ())
        for spelling in (name, *aliases):
            if spelling in spellings:  # pragma: no cover - guards edits to the table
                raise AssertionError(f"unit spelling {spelling!r} defined twice")
            spellings[spelling] = name
    return spellings, resolved


SPELLINGS, RESOLVED = _resolve_table()
ORDER = {name: index for index, name in enumerate(RESOLVED)}
# A set, not a frozenset: units plugins declare join it (see cdrpkit.units.extend).
COUNTED = {
    dims[0][0]
    for _, _, dims in RESOLVED.values()
    if len(dims) == 1 and dims[0][0] not in _NON_COUNTED
}
#: Definitions added by plugins, in the order added (same shape as the table's rows).
_ADDED: list[tuple[str, str, str, tuple[str, ...]]] = []


def definitions() -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """Every unit definition: the table's, then those plugins added."""
    return (*DEFINITIONS, *_ADDED)


def unit_names(aliases: bool = False) -> tuple[str, ...]:
    """The names of the defined units in table order; ``aliases=True`` adds other spellings.

    >>> unit_names()[:4]
    ('offence', 'incident', 'person', 'household')
    >>> "people" in unit_names(aliases=True)
    True
    """
    if aliases:
        return tuple(SPELLINGS)
    return tuple(name for name, _, _, _ in definitions())



UnitError.__module__ = "cdrpkit.units"


def _definition(name: str) -> tuple[str, str, str, tuple[str, ...]] | None:
    for row in definitions():
        if row[0] == name:
            return row
    return None


def add_definitions(
    rows: Iterable[tuple[str, str, str, Iterable[str]]],
) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Add rows to the table (see :func:`cdrpkit.units.extend.add_units`); return those new.

    A row already defined identically is skipped; a taken spelling with another meaning,
    or a reference to no defined unit, is a :class:`UnitError`.
    """
    added = []
    for name, factor, reference, aliases in rows:
        row = (name, factor, reference, tuple(aliases))
        found = _definition(name)
        if found == row:
            continue
        taken = [s for s in (name, *row[3]) if s in SPELLINGS]
        if found is not None or taken:
            spelling = taken[0] if taken else name
            raise UnitError(name, f"the spelling {spelling!r} is already defined with "
                            "another meaning", "a unit name of its own")
        numerator, _, denominator = factor.partition("/")
        num, den = int(numerator), int(denominator or 1)
        if reference.startswith("["):
            RESOLVED[name] = (1, 1, ((reference[1:-1], 1),))
            COUNTED.add(reference[1:-1])
        elif reference in RESOLVED:
            base_num, base_den, dims = RESOLVED[reference]
            RESOLVED[name] = (num * base_num, den * base_den, dims)
        else:
            raise UnitError(name, f"its reference {reference!r} is not a defined unit",
                            "'[dimension]' or the name of a unit defined before it")
        ORDER[name] = len(ORDER)
        for spelling in (name, *row[3]):
            SPELLINGS[spelling] = name
        _ADDED.append(row)
        added.append(row)
    return added
