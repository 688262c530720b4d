"""Built-in plugin: the target kinds every strategy can use."""

from __future__ import annotations

from cdrpkit.hookspecs import hookimpl
from cdrpkit.targets import BUILTIN_KINDS, TargetKind


@hookimpl
def cdrpkit_register_target_kinds() -> list[TargetKind]:
    """The kinds of target the seed strategies set (see :mod:`cdrpkit.targets`)."""
    return [
        TargetKind(cls.kind, cls, (cls.__doc__ or "").strip().splitlines()[0])
        for cls in BUILTIN_KINDS
    ]
