"""Units of measure: counted things, money, time, percentages and rates per population.

Two layers read one table of definitions (``DEFINITIONS`` in :mod:`cdrpkit.units.table`):

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

from cdrpkit.units.quantities import Quantity, count_to_rate, rate_to_count, registry
from cdrpkit.units.rates import Rate, from_rate, parse_rate, rate_unit, to_rate
from cdrpkit.units.table import PER_DENOMINATOR, UnitError, unit_names
from cdrpkit.units.text import (
    Unit,
    compatible,
    convert,
    dimensionality,
    is_count,
    is_fraction,
    is_frequency,
    is_money,
    is_rate,
    parse_unit,
)

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

