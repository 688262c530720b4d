"""Rates per population or households: their units, and counts turned into rates and back."""

from __future__ import annotations

import math

from cdrpkit.units.table import PER_DENOMINATOR, UnitError
from cdrpkit.units.text import Unit, parse_unit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

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
    dimension = population_dimension(denominator_unit)
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


def population_dimension(unit: Unit) -> str:
    dimensions = unit.dimensions
    for dimension in PER_DENOMINATOR:
        if dimensions == {dimension: 1}:
            return dimension
    raise UnitError(unit.text, "cannot be the denominator of a rate", "people or households")


def check_positive(name: str, value: float) -> None:
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
    check_positive("denominator", denominator)
    check_positive("per", per)
    return count / denominator * per


def from_rate(rate: float, denominator: float, per: float = 1000) -> float:
    """The count that gives ``rate`` per ``per`` of ``denominator``: inverse of :func:`to_rate`.

    >>> round(from_rate(19.357, 120_420))  # burglaries at 19.357 per 1,000 households
    2331
    """
    check_positive("denominator", denominator)
    check_positive("per", per)
    return rate * denominator / per

