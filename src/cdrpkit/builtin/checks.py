"""Built-in plugin: the checker rules (see :mod:`cdrpkit.checks` and docs/check-rules.md)."""

from __future__ import annotations

from cdrpkit.checks import Rule, arithmetic, coverage, noise, smart, unit_fit
from cdrpkit.plugins import hookimpl


@hookimpl
def cdrpkit_register_checks() -> list[Rule]:
    """Arithmetic, SMART, detectability, coverage and unit rules, in that order."""
    return [
        *arithmetic.RULES,
        *smart.RULES,
        *noise.RULES,
        *coverage.RULES,
        *unit_fit.RULES,
    ]
