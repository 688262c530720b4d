"""Built-in plugin: the ``local`` indicator family, for indicators a strategy defines itself."""

from __future__ import annotations

from cdrpkit.model import IndicatorFamily
from cdrpkit.plugins import hookimpl

LOCAL = IndicatorFamily(
    id="local",
    title="Local indicators",
    description=(
        "Indicators a partnership defines in its own strategy file, for what no national "
        "regime measures (assaults in licensed premises, patch walks held...)."
    ),
)


@hookimpl
def cdrpkit_register_indicator_families() -> list[IndicatorFamily]:
    """The family of a strategy's own indicators."""
    return [LOCAL]
