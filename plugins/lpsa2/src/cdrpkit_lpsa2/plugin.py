"""The entry point of the LPSA2 family: the family and the ``lpsa2-stretch`` target kind."""

from __future__ import annotations

from cdrpkit import hookimpl
from cdrpkit.model import IndicatorFamily
from cdrpkit.plugins.declarations import TargetKind
from cdrpkit_lpsa2.kind import StretchTarget

FAMILY = IndicatorFamily(
    id="LPSA2",
    title="Second-generation Local Public Service Agreements",
    description=(
        "Agreements between a council (with its partners) and the Government, 2005 "
        "onwards, setting stretch targets more demanding than the performance expected "
        "without the agreement, with a pump-priming grant and a performance reward grant "
        "(guidance: ODPM, Building on Success, December 2003). The family declares no "
        "indicators of its own: a stretch target measures an indicator of another family "
        "(BCS-violence, a local indicator) through the lpsa2-stretch target kind."
    ),
    source=(
        "Herefordshire Council, Local Public Service Agreement 2005-08 "
        "(https://docslib.org/doc/4092320/herefordshire-council-local-public-service-agreement)"
    ),
)


@hookimpl
def cdrpkit_register_indicator_families() -> list[IndicatorFamily]:
    """The LPSA2 family."""
    return [FAMILY]


@hookimpl
def cdrpkit_register_target_kinds() -> list[TargetKind]:
    """The ``lpsa2-stretch`` kind."""
    return [
        TargetKind(
            StretchTarget.kind,
            StretchTarget,
            "An LPSA2 stretch target: a level target with the performance expected without "
            "the agreement, and its reward and pump-priming grants",
        )
    ]
