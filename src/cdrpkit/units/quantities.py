"""The library's one pint registry, built on first use from the same table, and quantities."""

from __future__ import annotations

import _thread
import functools

from cdrpkit.units.rates import check_positive, parse_rate, population_dimension, rate_unit
from cdrpkit.units.table import RESOLVED, UnitError, definitions
from cdrpkit.units.text import Unit, parse_unit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

    import pint

    # pint's classes are generic in the magnitude type: ours are floats, ints or arrays.
    PintRegistry = pint.UnitRegistry[Any]
    PintQuantity = pint.Quantity[Any]



def _pint_definitions() -> Iterator[str]:
    """The table in pint's syntax, ``name = definition = _ = alias ...`` (``_``: no symbol)."""
    for row in definitions():
        yield pint_definition(*row)


def pint_definition(name: str, factor: str, reference: str, aliases: tuple[str, ...]) -> str:
    """One row of the table in pint's syntax.

    >>> pint_definition("agreement", "1", "[agreement]", ("agreements",))
    'agreement = [agreement] = _ = agreements'
    """
    if reference.startswith("["):
        definition = reference
    elif reference:
        definition = f"{factor} * {reference}"
    else:
        definition = factor
    # pint reads "%" as percent by itself, and would refuse it as an alias.
    return " = ".join([name, definition, "_", *(a for a in aliases if a.isidentifier())])


_REGISTRY_LOCK = _thread.allocate_lock()


def define_if_built(line: str) -> None:
    """Define a unit (pint syntax) in the registry, if the registry was already built.

    A registry built later reads every added unit from the table itself.
    """
    with _REGISTRY_LOCK:
        if _build_registry.cache_info().currsize:
            _build_registry().define(line)


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
            name in RESOLVED and isinstance(exponent, int | float) and exponent == int(exponent)
        ):
            problem = f"{name}**{exponent} is not a unit of cdrpkit.units"
            raise UnitError(f"{quantity.units}", problem)
        terms.append((name, int(exponent)))
    return Unit(tuple(terms))


def _checked_denominator(denominator: PintQuantity) -> str:
    """The dimension of a population or households quantity, which must be positive."""
    dimension = population_dimension(_unit_of(denominator))
    check_positive("denominator", float(denominator.to_base_units().magnitude))
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
