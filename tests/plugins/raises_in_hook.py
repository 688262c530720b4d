"""A plugin whose hook raises: it must be named, and must not stop the others."""

from cdrpkit import hookimpl


@hookimpl
def cdrpkit_register_frameworks() -> list[object]:
    raise RuntimeError("the framework table could not be read")
