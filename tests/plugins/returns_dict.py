"""A plugin whose hook returns the wrong type."""

from cdrpkit import hookimpl


@hookimpl
def cdrpkit_register_target_kinds() -> dict[str, str]:
    return {"kind": "not a list"}
