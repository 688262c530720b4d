"""Units plugins declare, added to the one table by the core.

A plugin declares units through ``cdrpkit_register_units`` (a list of
:class:`~cdrpkit.plugins.declarations.UnitDefinition`); the plugin host collects them and
:func:`add_units` puts them in the table both layers read (the light parser and, when it
is built, the pint registry). A counted unit of its own dimension ("agreement") is a
count like ``offence``: it adds up over quarters and takes a rate per 1,000 population.

Adding a unit that exists with the same definition does nothing (two hosts in one
process declare the same plugin's units); a different definition under a taken name is
a :class:`~cdrpkit.units.UnitError`.
"""

from __future__ import annotations

from collections.abc import Iterable

from cdrpkit.units import quantities, table, text

Row = tuple[str, str, str, tuple[str, ...]]


def add_units(rows: Iterable[Row]) -> list[str]:
    """Add ``(name, factor, reference, aliases)`` rows to the table; return the names added.

    ``reference`` is ``"[dimension]"`` for the base unit of a new dimension, or the name
    of a unit defined earlier, of which the new unit is ``factor`` times.

    >>> add_units([("agreement", "1", "[agreement]", ("agreements",))])
    ['agreement']
    >>> from cdrpkit import units
    >>> units.is_count("agreements"), units.is_rate("agreement / kiloperson")
    (True, True)
    >>> add_units([("agreement", "1", "[agreement]", ("agreements",))])
    []
    """
    added = table.add_definitions(rows)
    if added:
        text.clear_caches()
        for row in added:
            quantities.define_if_built(quantities.pint_definition(*row))
    return [row[0] for row in added]
