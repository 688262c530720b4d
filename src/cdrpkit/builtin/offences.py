"""Built-in plugin: the offence-code registry (Home Office codes, police.uk crime types).

The mappings themselves, with their dates, sources and reasons, are in
:mod:`cdrpkit.ingest.registry`; this module only declares them.
"""

from __future__ import annotations

from cdrpkit.plugins import hookimpl
from cdrpkit.plugins.declarations import OffenceMapping


@hookimpl
def cdrpkit_register_offence_mappings() -> list[OffenceMapping]:
    """Domestic and residential burglary, vehicle crime, robbery, criminal damage, violence."""
    from cdrpkit.ingest.registry import builtin_mappings

    return builtin_mappings()
