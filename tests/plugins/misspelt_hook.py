"""A plugin with a misspelt hook name, which pluggy alone would silently ignore."""

from cdrpkit import hookimpl


@hookimpl
def cdrpkit_register_framework() -> list[object]:
    return []
