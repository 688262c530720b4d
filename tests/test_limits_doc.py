"""The page "Limits and errors" gives every limit of cdrpkit.limits, with its value."""

from __future__ import annotations

import re

from cdrpkit import limits
from tests.conftest import ROOT

PAGE = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")


def test_every_limit_is_documented_with_its_value() -> None:
    names = [n for n in dir(limits) if re.fullmatch(r"(MAX|MIN)_[A-Z_]+", n)]
    assert len(names) >= 15
    for name in names:
        if name == "MAX_SHOWN":
            assert "cut short at 80 characters" in PAGE
            continue
        rows = [line for line in PAGE.splitlines() if f"`{name}`" in line]
        assert len(rows) == 1, name
        value = getattr(limits, name)
        shown = f"{value:,}" if value >= 10_000 else str(value)
        assert f"| {shown}" in rows[0], (name, shown, rows[0])


def test_exit_codes_are_documented() -> None:
    from cdrpkit.cli.common import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK

    for code in (EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL):
        assert f"| {code} |" in PAGE
