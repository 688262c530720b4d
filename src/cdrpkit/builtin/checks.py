"""Built-in plugin: the checker rules (see :mod:`cdrpkit.checks` and docs/check-rules.md)."""

from __future__ import annotations

from cdrpkit.checks import Rule, arithmetic, coverage, noise, smart, totals, unit_fit
from cdrpkit.plugins import hookimpl


@hookimpl
def cdrpkit_register_checks() -> list[Rule]:
    """Arithmetic, totals, SMART, detectability, coverage and unit rules, in that order."""
    return [
        *arithmetic.RULES,
        *totals.RULES,
        *smart.RULES,
        *noise.RULES,
        *coverage.RULES,
        *unit_fit.RULES,
    ]
