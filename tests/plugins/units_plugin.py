"""A partnership's plugin that declares the units its strategy counts."""

from __future__ import annotations

from cdrpkit import hookimpl
from cdrpkit.plugins.declarations import UnitDefinition


@hookimpl
def cdrpkit_register_units() -> list[UnitDefinition]:
    return [
        UnitDefinition(name="agreement", aliases=("agreements",),
                       description="an acceptable behaviour agreement signed"),
        UnitDefinition(name="fortnight", factor="1/26", reference="year"),
    ]
