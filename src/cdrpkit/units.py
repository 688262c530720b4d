"""Units of measure: counted things, money, time, percentages and rates per population.

Two layers read one table of definitions (``_DEFINITIONS`` below):

* the light layer, pure Python, says whether unit text is valid, what its canonical spelling
  is and what its dimensionality is, without importing pint. Strategy files are validated
  with it at load time, so ``cdrpkit check`` never pays for pint.
* :func:`registry` builds the library's one pint registry from the same table the first time
  arithmetic is needed. It loads none of pint's default definitions: it is fast, and nobody
  can use metres by accident.

Every counted thing is its own base dimension, so offences never turn into households and a
count of victims is never added to a population. A rate per population is a quotient with a
named denominator (``"offence / kiloperson"``): pint reads ``"offence per 1000 person"`` as
``0.001 offence * person``, so numbers are refused in unit text (see :func:`rate_unit`).

Grammar of unit text; the light layer and pint agree on every text it accepts::

    product := power (("*" | "/" | "per" | juxtaposition) power)*
    power   := atom (("**" | "^") ["-"] digits)?
    atom    := name | "%" | "1" | "dimensionless" | "(" product ")"

Names are case-sensitive; plurals and aliases are listed in the table. ``*``, ``/`` and
juxtaposition (a space) bind equally and group from the left, as in pint. People read
``"GBP / person year"`` as GBP per person-year, pint as GBP-years per person, so after a ``/``
only further ``/`` may follow at the same level: write ``"GBP / person / year"`` or
``"GBP / (person * year)"``.
"""

from __future__ import annotations

import _thread
import functools
import math
import re

from cdrpkit.errors import CdrpkitError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, NoReturn

    import pint

    # pint's classes are generic in the magnitude type: ours are floats, ints or arrays.
    PintRegistry = pint.UnitRegistry[Any]
    PintQuantity = pint.Quantity[Any]

__all__ = [
    "PER_DENOMINATOR",
    "Quantity",
    "Rate",
    "Unit",
    "UnitError",
    "compatible",
    "convert",
    "count_to_rate",
    "dimensionality",
    "from_rate",
    "is_count",
    "is_fraction",
    "is_frequency",
    "is_money",
    "is_rate",
    "parse_rate",
    "parse_unit",
    "rate_to_count",
    "rate_unit",
    "registry",
    "to_rate",
    "unit_names",
]


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
        message = f"unit {self.text!r}: {self.problem}"
        return f"{message}; expected {self.expected}" if self.expected else message


# The single source of truth. A row is (name, factor, reference, other spellings):
# reference "[d]" makes the unit the base unit of a new dimension d; "" makes it a pure
# number; otherwise the unit is `factor` (an integer or "a/b") times the unit named by
# reference, which must come earlier. Other spellings are plurals and aliases.
#
# Victims, offenders and casualties are their own dimensions, not persons: a count of
# victims must never be added to a population, and "victims per 1,000 population" is still
# "victim / kiloperson". "crime" is an alias of offence: recorded crime counts offences.
_DEFINITIONS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
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

_DIMENSIONLESS = "dimensionless"
_NON_COUNTED = frozenset({"currency", "time"})

Terms = tuple[tuple[str, int], ...]


def _resolve_table() -> tuple[dict[str, str], dict[str, tuple[int, int, Terms]]]:
    """Map each spelling to its name, and each name to its factor and dimensions.

    The factor to base units is kept as an integer numerator and denominator, so twelve
    months make exactly one year.
    """
    spellings: dict[str, str] = {}
    resolved: dict[str, tuple[int, int, Terms]] = {}
    for name, factor, reference, aliases in _DEFINITIONS:
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


_SPELLINGS, _RESOLVED = _resolve_table()
_ORDER = {name: index for index, name in enumerate(_RESOLVED)}
_COUNTED = frozenset(
    dims[0][0]
    for _, _, dims in _RESOLVED.values()
    if len(dims) == 1 and dims[0][0] not in _NON_COUNTED
)


def unit_names(aliases: bool = False) -> tuple[str, ...]:
    """The names of the defined units in table order; ``aliases=True`` adds other spellings.

    >>> unit_names()[:4]
    ('offence', 'incident', 'person', 'household')
    >>> "people" in unit_names(aliases=True)
    True
    """
    if aliases:
        return tuple(_SPELLINGS)
    return tuple(name for name, _, _, _ in _DEFINITIONS)


# --------------------------------------------------------------------------------------
# Light layer: no pint
# --------------------------------------------------------------------------------------


class Unit:
    """A unit read by the light layer: canonical text, terms, dimensions, factor.

    :func:`parse_unit` builds them. The canonical text lists the numerator, then each
    denominator after a ``/``, both in the order of the table of definitions, so two units
    are equal exactly when their canonical texts are.

    >>> unit = parse_unit("offences per kilopeople")
    >>> unit
    Unit('offence / kiloperson')
    >>> unit.terms
    (('offence', 1), ('kiloperson', -1))
    >>> unit.dimensions
    {'offence': 1, 'person': -1}
    >>> unit.factor
    0.001
    """

    __slots__ = ("_dimensions", "_ratio", "terms", "text")

    def __init__(self, terms: Terms) -> None:
        # Table order makes the text canonical: "person * offence" reads as "offence * person".
        terms = tuple(sorted(((n, e) for n, e in terms if e), key=lambda t: _ORDER[t[0]]))
        self.terms = terms
        self.text = _format_terms(terms)
        dimensions: dict[str, int] = {}
        num = den = 1
        for name, power in terms:
            name_num, name_den, name_dimensions = _RESOLVED[name]
            if power > 0:
                num, den = num * name_num**power, den * name_den**power
            else:
                num, den = num * name_den**-power, den * name_num**-power
            for dimension, exponent in name_dimensions:
                dimensions[dimension] = dimensions.get(dimension, 0) + exponent * power
        self._ratio = (num, den)
        self._dimensions = tuple((d, e) for d, e in dimensions.items() if e)

    @property
    def dimensions(self) -> dict[str, int]:
        """Base dimensions and exponents, without pint's brackets; ``{}`` for pure numbers."""
        return dict(self._dimensions)

    @property
    def factor(self) -> float:
        """How many base units (offence, person, GBP, year ...) one of this unit is."""
        num, den = self._ratio
        return num / den

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Unit({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and other.terms == self.terms

    def __hash__(self) -> int:
        return hash(self.terms)


def _format_terms(terms: Terms) -> str:
    """Canonical text: the numerator joined by ``*``, then each denominator after a ``/``."""

    def power(name: str, exponent: int) -> str:
        return name if exponent == 1 else f"{name}**{exponent}"

    numerator = " * ".join(power(n, e) for n, e in terms if e > 0)
    denominator = "".join(f" / {power(n, -e)}" for n, e in terms if e < 0)
    if not numerator:
        return f"1{denominator}" if denominator else _DIMENSIONLESS
    return numerator + denominator


_TOKEN = re.compile(
    r"\s*(?:(?P<op>\*\*|[*/^()%-])|(?P<number>[0-9][0-9,._]*)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<bad>\S))"
)
_DIVIDE = ("/", "per")


class _Parser:
    """Recursive descent over the grammar in the module docstring.

    Tokens are (kind, text, position); terms are {name: exponent} dicts.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup or "bad"
            value, position = match.group(kind), match.start(kind)
            if kind == "bad":
                hint = "'GBP' for pounds" if value == "£" else ""
                self.fail(f"unexpected character {value!r} at position {position}", hint)
            if value == "per":
                kind = "op"
            elif value == "%":
                kind = "name"
            self.tokens.append((kind, value, position))
        self.index = 0

    def fail(self, problem: str, expected: str = "") -> NoReturn:
        raise UnitError(self.text, problem, expected)

    def peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, kind: str, value: str) -> bool:
        token = self.peek()
        if token is not None and token[0] == kind and token[1] == value:
            self.index += 1
            return True
        return False

    def parse(self) -> dict[str, int]:
        if not self.tokens:
            self.fail("empty unit text", "a unit name, or 'fraction' for a plain number")
        terms = self.product()
        token = self.peek()
        if token is not None:
            self.fail(f"unexpected {token[1]!r} at position {token[2]}")
        return terms

    def product(self) -> dict[str, int]:
        terms = self.power()
        divided = False
        while (token := self.peek()) is not None and token[1] != ")":
            kind, value, position = token
            if kind == "op" and value in ("*", *_DIVIDE):
                self.index += 1
            elif kind in ("name", "number") or value == "(":
                value = " "
            else:
                self.fail(f"unexpected {value!r} at position {position}")
            if divided and value not in _DIVIDE:
                what = "'*'" if value == "*" else "a space (multiplication)"
                self.fail(
                    f"ambiguous {what} after '/' at position {position}",
                    "'a / b / c' or 'a / (b * c)'",
                )
            sign = 1
            if value in _DIVIDE:
                divided, sign = True, -1
            for name, exponent in self.power().items():
                terms[name] = terms.get(name, 0) + sign * exponent
        return terms

    def power(self) -> dict[str, int]:
        terms = self.atom()
        token = self.peek()
        if token is not None and token[0] == "op" and token[1] in ("**", "^"):
            self.index += 1
            negative = self.take("op", "-")
            number = self.peek()
            if number is None or number[0] != "number" or not number[1].isdigit():
                self.fail(f"the exponent after {token[1]!r} is not an integer", "'year**-1'")
            self.index += 1
            exponent = -int(number[1]) if negative else int(number[1])
            terms = {name: power * exponent for name, power in terms.items()}
        return terms

    def atom(self) -> dict[str, int]:
        token = self.peek()
        if token is None:
            self.fail("unit text ends too early", "a unit name after the last operator")
        kind, value, position = token
        self.index += 1
        if kind == "name":
            if value == _DIMENSIONLESS:
                return {}
            name = _SPELLINGS.get(value)
            if name is None:
                self.fail(f"unknown unit name {value!r}", _suggest(value))
            return {name: 1}
        if kind == "number":
            if value == "1":
                return {}
            self.fail(
                f"number {value!r} in unit text",
                "a named denominator: 'offence / kiloperson' is per 1,000 population",
            )
        if value == "(":
            terms = self.product()
            if not self.take("op", ")"):
                self.fail(f"'(' at position {position} is not closed")
            return terms
        self.fail(f"unexpected {value!r} at position {position}", "a unit name")


def _suggest(word: str) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, list(_SPELLINGS), n=6)
    names = list(dict.fromkeys(_SPELLINGS[c] for c in close))[:3]
    if names:
        return "a unit such as " + " or ".join(repr(n) for n in names)
    listed = ", ".join(unit_names())
    return f"one of {listed} (crimes of every type, robbery or burglary, count as 'offence')"


@functools.lru_cache(maxsize=1024)
def _parse_text(text: str) -> Unit:
    terms = _Parser(text).parse()
    return Unit(tuple(terms.items()))


def parse_unit(text: str | Unit) -> Unit:
    """Read unit text without pint: validate it and return its canonical :class:`Unit`.

    Plurals and aliases become the defined name. Raises :class:`UnitError`, naming the text,
    when a name is unknown or the text does not follow the grammar of the module docstring.

    >>> parse_unit("pounds / annum").text
    'GBP / year'
    >>> parse_unit("%").text
    'percent'
    >>> parse_unit("Offences")
    Traceback (most recent call last):
    ...
    cdrpkit.units.UnitError: unit 'Offences': unknown unit name 'Offences'; expected a unit such as 'offence' or 'offender'
    >>> parse_unit("crimes / 1000 people")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdrpkit.units.UnitError: unit 'crimes / 1000 people': number '1000' in unit text; ...
    """  # noqa: E501 - doctest output is one line
    if isinstance(text, Unit):
        return text
    if not isinstance(text, str):
        raise UnitError(repr(text), f"unit text must be a str, not {type(text).__name__}")
    return _parse_text(text)


def dimensionality(text: str | Unit) -> dict[str, int]:
    """The base dimensions of a unit and their exponents; ``{}`` for percent and the like.

    >>> dimensionality("offence / kilohousehold")
    {'offence': 1, 'household': -1}
    >>> dimensionality("kGBP / year")
    {'currency': 1, 'time': -1}
    >>> dimensionality("percent")
    {}
    """
    return parse_unit(text).dimensions


def compatible(a: str | Unit, b: str | Unit) -> bool:
    """Whether two units have the same dimensionality, so that one converts to the other.

    >>> compatible("offence / kiloperson", "crimes / hundred_kiloperson")
    True
    >>> compatible("offence", "household")
    False
    """
    return parse_unit(a).dimensions == parse_unit(b).dimensions


def convert(value: float, source: str | Unit, target: str | Unit) -> float:
    """Convert a plain number between compatible units, without pint.

    >>> convert(2.95, "offence / kiloperson", "offence / hundred_kiloperson")
    295.0
    >>> convert(90, "kGBP", "GBP")
    90000.0
    >>> convert(1, "offence", "household")
    Traceback (most recent call last):
    ...
    cdrpkit.units.UnitError: unit 'offence': cannot convert to 'household'; expected a unit of household
    """  # noqa: E501 - doctest output is one line
    source_unit, target_unit = parse_unit(source), parse_unit(target)
    if source_unit.dimensions != target_unit.dimensions:
        dimensions = " * ".join(f"{d}**{e}" if e != 1 else d for d, e in target_unit._dimensions)
        raise UnitError(
            source_unit.text,
            f"cannot convert to {target_unit.text!r}",
            f"a unit of {dimensions or 'pure number'}",
        )
    (source_num, source_den), (target_num, target_den) = source_unit._ratio, target_unit._ratio
    # One correctly rounded division of exact integers: 0.001 is not a binary fraction.
    return value * ((source_num * target_den) / (source_den * target_num))


def is_count(text: str | Unit) -> bool:
    """Whether the unit counts one kind of thing (offences, households, kiloperson ...).

    >>> is_count("offences"), is_count("kilohousehold"), is_count("GBP"), is_count("1 / year")
    (True, True, False, False)
    """
    dimensions = parse_unit(text).dimensions
    return len(dimensions) == 1 and all(d in _COUNTED and e == 1 for d, e in dimensions.items())


def is_rate(text: str | Unit) -> bool:
    """Whether the unit is a count per another count, such as offences per 1,000 population.

    >>> is_rate("offence / kiloperson"), is_rate("detection / offence"), is_rate("event / year")
    (True, True, False)
    """
    dimensions = parse_unit(text).dimensions
    return sorted(dimensions.values()) == [-1, 1] and set(dimensions) <= _COUNTED


def is_frequency(text: str | Unit) -> bool:
    """Whether the unit is a count per period, as in a recurring deliverable.

    >>> is_frequency("events / quarter"), is_frequency("offence / kiloperson")
    (True, False)
    """
    dimensions = parse_unit(text).dimensions
    counted = [d for d, e in dimensions.items() if e == 1 and d in _COUNTED]
    return len(dimensions) == 2 and dimensions.get("time") == -1 and len(counted) == 1


def is_money(text: str | Unit) -> bool:
    """Whether the unit is a sum of money, or money per period (a budget in ``"kGBP / year"``).

    >>> is_money("kGBP"), is_money("GBP / year"), is_money("GBP / person")
    (True, True, False)
    """
    return parse_unit(text).dimensions in ({"currency": 1}, {"currency": 1, "time": -1})


def is_fraction(text: str | Unit) -> bool:
    """Whether the unit is a pure number: percent, fraction, ratio, a quotient of like counts.

    >>> is_fraction("percent"), is_fraction("detection / detection"), is_fraction("offence")
    (True, True, False)
    """
    return not parse_unit(text).dimensions


class Rate:
    """The parts of a rate unit: numerator unit, ``per``, and the denominator's dimension.

    Built by :func:`parse_rate`; unpacks like a tuple.

    >>> numerator, per, denominator = parse_rate("offence / hundred_kiloperson")
    >>> numerator, per, denominator
    ('offence', 100000, 'person')
    """

    __slots__ = ("denominator", "numerator", "per")

    def __init__(self, numerator: str, per: int, denominator: str) -> None:
        self.numerator = numerator
        self.per = per
        self.denominator = denominator

    def __iter__(self) -> Iterator[str | int]:
        return iter((self.numerator, self.per, self.denominator))

    def __repr__(self) -> str:
        return f"Rate({self.numerator!r}, per={self.per!r}, denominator={self.denominator!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rate) and tuple(other) == tuple(self)

    def __hash__(self) -> int:
        return hash(tuple(self))


def rate_unit(numerator: str | Unit, per: int = 1000, denominator: str | Unit = "person") -> str:
    """The canonical unit text of ``numerator`` per ``per`` of ``denominator``.

    ``denominator`` is a person or household unit in any spelling; ``per`` is one of the
    keys of :data:`PER_DENOMINATOR` (1, 1000, 10000, 100000). :func:`parse_rate` reads the
    result back.

    >>> rate_unit("offences")
    'offence / kiloperson'
    >>> rate_unit("offence", per=1000, denominator="households")
    'offence / kilohousehold'
    >>> rate_unit("victim", per=100_000)
    'victim / hundred_kiloperson'
    >>> rate_unit("offence", per=500)
    Traceback (most recent call last):
    ...
    cdrpkit.units.UnitError: unit 'person': no named denominator per 500 person; expected per = 1, 1000, 10000 or 100000
    """  # noqa: E501 - doctest output is one line
    numerator_unit = parse_unit(numerator)
    denominator_unit = parse_unit(denominator)
    dimension = _population_dimension(denominator_unit)
    choices = PER_DENOMINATOR[dimension]
    if per not in choices:
        *first, last = map(str, choices)
        raise UnitError(
            denominator_unit.text,
            f"no named denominator per {per} {dimension}",
            f"per = {', '.join(first)} or {last}",
        )
    return parse_unit(f"({numerator_unit.text}) / {choices[per]}").text


def parse_rate(text: str | Unit) -> Rate:
    """Split a rate unit into numerator, ``per`` and denominator: the inverse of :func:`rate_unit`.

    >>> parse_rate("crimes per kilopeople")
    Rate('offence', per=1000, denominator='person')
    >>> parse_rate(rate_unit("GBP", per=1, denominator="household"))
    Rate('GBP', per=1, denominator='household')
    >>> parse_rate("offence / year")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdrpkit.units.UnitError: unit 'offence / year': not a rate per population or households; ...
    """
    unit = parse_unit(text)
    found = [
        (name, per, dimension)
        for name, exponent in unit.terms
        if exponent == -1
        for dimension, by_per in PER_DENOMINATOR.items()
        for per, denominator in by_per.items()
        if denominator == name
    ]
    if len(found) != 1:
        raise UnitError(
            unit.text,
            "not a rate per population or households",
            "a unit such as 'offence / kiloperson' or 'offence / kilohousehold'",
        )
    name, per, dimension = found[0]
    numerator = Unit(tuple(term for term in unit.terms if term != (name, -1)))
    return Rate(numerator.text, per, dimension)


def _population_dimension(unit: Unit) -> str:
    dimensions = unit.dimensions
    for dimension in PER_DENOMINATOR:
        if dimensions == {dimension: 1}:
            return dimension
    raise UnitError(unit.text, "cannot be the denominator of a rate", "people or households")


def _check_positive(name: str, value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, not {value!r}")


def to_rate(count: float, denominator: float, per: float = 1000) -> float:
    """The rate of ``count`` per ``per`` of ``denominator`` (a population or households).

    Raises ``ValueError`` unless ``denominator`` and ``per`` are positive and finite.

    >>> round(to_rate(838, 283_900), 2)  # robberies per 1,000 population, mid-2003
    2.95
    >>> to_rate(1, 0)
    Traceback (most recent call last):
    ...
    ValueError: denominator must be a positive finite number, not 0
    """
    _check_positive("denominator", denominator)
    _check_positive("per", per)
    return count / denominator * per


def from_rate(rate: float, denominator: float, per: float = 1000) -> float:
    """The count that gives ``rate`` per ``per`` of ``denominator``: inverse of :func:`to_rate`.

    >>> round(from_rate(19.357, 120_420))  # burglaries at 19.357 per 1,000 households
    2331
    """
    _check_positive("denominator", denominator)
    _check_positive("per", per)
    return rate * denominator / per


# --------------------------------------------------------------------------------------
# pint layer
# --------------------------------------------------------------------------------------


def _pint_definitions() -> Iterator[str]:
    """The table in pint's syntax, ``name = definition = _ = alias ...`` (``_``: no symbol)."""
    for name, factor, reference, aliases in _DEFINITIONS:
        if reference.startswith("["):
            definition = reference
        elif reference:
            definition = f"{factor} * {reference}"
        else:
            definition = factor
        # pint reads "%" as percent by itself, and would refuse it as an alias.
        yield " = ".join([name, definition, "_", *(a for a in aliases if a.isidentifier())])


_REGISTRY_LOCK = _thread.allocate_lock()


@functools.cache
def _build_registry() -> PintRegistry:
    import pint

    ureg: PintRegistry = pint.UnitRegistry(None, on_redefinition="raise", cache_folder=None)
    for line in _pint_definitions():
        ureg.define(line)
    return ureg


@functools.cache
def registry() -> PintRegistry:
    """The library's one pint registry, built from our own definitions on first use.

    It knows none of pint's default units: metres and seconds are undefined in it.

    >>> registry() is registry()
    True
    >>> registry().Quantity(3, "kGBP").to("GBP")
    <Quantity(3000, 'GBP')>
    """
    # Threads racing through functools.cache on first use still get the same registry.
    with _REGISTRY_LOCK:
        return _build_registry()


def Quantity(value: Any, unit: str | Unit) -> PintQuantity:
    """A pint quantity in the library's registry, its unit text checked by :func:`parse_unit`.

    >>> Quantity(838, "offences")
    <Quantity(838, 'offence')>
    >>> (Quantity(90, "kGBP") / Quantity(3, "years")).to("GBP / year")
    <Quantity(30000.0, 'GBP / year')>
    >>> Quantity(1, "offence") + Quantity(1, "household")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pint.errors.DimensionalityError: Cannot convert from 'offence' ([offence]) to 'household' ...
    """
    quantity: PintQuantity = registry().Quantity(value, parse_unit(unit).text)
    return quantity


def _unit_of(quantity: PintQuantity) -> Unit:
    """The light unit of a pint quantity, read from its unit items, not its formatted text."""
    terms = []
    for name, exponent in quantity.unit_items():
        if not (
            name in _RESOLVED and isinstance(exponent, int | float) and exponent == int(exponent)
        ):
            problem = f"{name}**{exponent} is not a unit of cdrpkit.units"
            raise UnitError(f"{quantity.units}", problem)
        terms.append((name, int(exponent)))
    return Unit(tuple(terms))


def _checked_denominator(denominator: PintQuantity) -> str:
    """The dimension of a population or households quantity, which must be positive."""
    dimension = _population_dimension(_unit_of(denominator))
    _check_positive("denominator", float(denominator.to_base_units().magnitude))
    return dimension


def count_to_rate(count: PintQuantity, denominator: PintQuantity, per: int = 1000) -> PintQuantity:
    """A count as a rate per ``per`` of an explicit population or number of households.

    The result is in the count's unit over the named denominator of :func:`rate_unit`.
    Raises :class:`UnitError` unless the denominator is people or households, and
    ``ValueError`` unless it is positive.

    >>> rate = count_to_rate(Quantity(838, "offence"), Quantity(283_900, "person"))
    >>> round(rate, 2)
    <Quantity(2.95, 'offence / kiloperson')>
    >>> count_to_rate(Quantity(838, "offence"), Quantity(3, "year"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdrpkit.units.UnitError: unit 'year': cannot be the denominator of a rate; ...
    """
    dimension = _checked_denominator(denominator)
    rate: PintQuantity = (count / denominator).to(rate_unit(_unit_of(count), per, dimension))
    return rate


def rate_to_count(rate: PintQuantity, denominator: PintQuantity) -> PintQuantity:
    """The count that a rate per population or households gives for an explicit denominator.

    The inverse of :func:`count_to_rate`; the result is in the rate's numerator unit.

    >>> burglary = Quantity(19.4, "offence / kilohousehold")
    >>> rate_to_count(burglary, Quantity(120_420, "households"))
    <Quantity(2336.148, 'offence')>
    >>> rate_to_count(burglary, Quantity(283_900, "people"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cdrpkit.units.UnitError: unit 'offence / kilohousehold': a rate per household ...
    """
    dimension = _checked_denominator(denominator)
    unit = _unit_of(rate)
    parts = parse_rate(unit)
    if parts.denominator != dimension:
        raise UnitError(
            unit.text,
            f"a rate per {parts.denominator} cannot apply to a count of {dimension}",
            f"a denominator in {parts.denominator} units",
        )
    count: PintQuantity = (rate * denominator).to(parts.numerator)
    return count
