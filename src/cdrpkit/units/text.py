"""Unit text without pint: parsing, canonical spelling, dimensions and conversion."""

from __future__ import annotations

import functools
import re

from cdrpkit.limits import MAX_UNIT_EXPONENT, MAX_UNIT_LENGTH, MAX_UNIT_NESTING
from cdrpkit.units.table import (
    COUNTED,
    DIMENSIONLESS,
    ORDER,
    RESOLVED,
    SPELLINGS,
    Terms,
    UnitError,
    unit_names,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn



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
        terms = tuple(sorted(((n, e) for n, e in terms if e), key=lambda t: ORDER[t[0]]))
        self.terms = terms
        self.text = _format_terms(terms)
        dimensions: dict[str, int] = {}
        num = den = 1
        for name, power in terms:
            name_num, name_den, name_dimensions = RESOLVED[name]
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
        return f"1{denominator}" if denominator else DIMENSIONLESS
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
        self.depth = 0
        if len(text) > MAX_UNIT_LENGTH:
            self.fail(f"is {len(text):,} characters long; the limit is {MAX_UNIT_LENGTH}")
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
        for name, exponent in terms.items():
            if abs(exponent) > MAX_UNIT_EXPONENT:
                self.fail(
                    f"{name} is raised to the power {exponent}; the limit is"
                    f" {MAX_UNIT_EXPONENT} either way",
                    "a count, a rate or a plain number such as 'offence / kiloperson'",
                )
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
            if len(number[1]) > 2 or int(number[1]) > MAX_UNIT_EXPONENT:
                self.fail(
                    f"the exponent {number[1][:10]}{'…' if len(number[1]) > 10 else ''}"
                    f" after {token[1]!r} is over the limit of {MAX_UNIT_EXPONENT}",
                    "'year**-1' or 'kiloperson**2'",
                )
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
            if value == DIMENSIONLESS:
                return {}
            name = SPELLINGS.get(value)
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
            self.depth += 1
            if self.depth > MAX_UNIT_NESTING:
                self.fail(f"parentheses are nested over {MAX_UNIT_NESTING} deep")
            terms = self.product()
            self.depth -= 1
            if not self.take("op", ")"):
                self.fail(f"'(' at position {position} is not closed")
            return terms
        self.fail(f"unexpected {value!r} at position {position}", "a unit name")


def _suggest(word: str) -> str:
    import difflib  # only on the error path

    close = difflib.get_close_matches(word, list(SPELLINGS), n=6)
    names = list(dict.fromkeys(SPELLINGS[c] for c in close))[:3]
    if names:
        return "a unit such as " + " or ".join(repr(n) for n in names)
    listed = ", ".join(unit_names())
    return f"one of {listed} (crimes of every type, robbery or burglary, count as 'offence')"


@functools.lru_cache(maxsize=1024)
def _parse_text(text: str) -> Unit:
    terms = _Parser(text).parse()
    return Unit(tuple(terms.items()))


def clear_caches() -> None:
    """Forget parsed unit text, after units were added to the table."""
    _parse_text.cache_clear()


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
    return len(dimensions) == 1 and all(d in COUNTED and e == 1 for d, e in dimensions.items())


def is_rate(text: str | Unit) -> bool:
    """Whether the unit is a count per another count, such as offences per 1,000 population.

    >>> is_rate("offence / kiloperson"), is_rate("detection / offence"), is_rate("event / year")
    (True, True, False)
    """
    dimensions = parse_unit(text).dimensions
    return sorted(dimensions.values()) == [-1, 1] and set(dimensions) <= COUNTED


def is_frequency(text: str | Unit) -> bool:
    """Whether the unit is a count per period, as in a recurring deliverable.

    >>> is_frequency("events / quarter"), is_frequency("offence / kiloperson")
    (True, False)
    """
    dimensions = parse_unit(text).dimensions
    counted = [d for d, e in dimensions.items() if e == 1 and d in COUNTED]
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


