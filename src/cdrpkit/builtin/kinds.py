"""Built-in plugin: the target kinds every strategy can use."""

from __future__ import annotations

from cdrpkit.model.kinds import BUILTIN_KINDS
from cdrpkit.plugins import hookimpl
from cdrpkit.plugins.declarations import TargetKind


@hookimpl
def cdrpkit_register_target_kinds() -> list[TargetKind]:
    """The kinds of target the seed strategies set (see :mod:`cdrpkit.model.kinds`)."""
    return [
        TargetKind(cls.kind, cls, (cls.__doc__ or "").strip().splitlines()[0])
        for cls in BUILTIN_KINDS
    ]
