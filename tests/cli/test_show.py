"""Issue 18: ``cdrpkit show`` text leaves nothing of the strategy out."""

from __future__ import annotations

import attrs
from click.testing import CliRunner

import cdrpkit
from cdrpkit.cli import cli


def _notes(node: object) -> int:
    """Every non-empty ``note`` in the strategy's own tree (not the partnership's agencies)."""
    count = 0
    if attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            value = getattr(node, field.name)
            if field.name == "note" and value:
                count += 1
            elif field.name not in ("agencies", "population", "households"):
                count += _notes(value)
    elif isinstance(node, tuple):
        count += sum(_notes(item) for item in node)
    return count


def test_show_lists_groups_indicators_evidence_and_notes() -> None:
    for name in ("leicester-2005", "leics-county-csp"):
        strategy = cdrpkit.load(name)
        output = CliRunner().invoke(cli, ["show", name]).output
        lines = output.splitlines()
        for group in strategy.partnership.groups:
            assert any(line.startswith(f"  group {group.id}") for line in lines), group.id
        for indicator in strategy.indicators:
            assert f"  indicator {indicator.id} ({indicator.family}, {indicator.unit}): " \
                f"{indicator.title}" in lines
        evidence = [line for line in lines if line.startswith("  evidence ")]
        assert len(evidence) == len(strategy.evidence)
        expected_notes = _notes(strategy) - sum(
            1 for o in strategy.evidence if getattr(o, "note", None))
        shown = [line for line in lines if line.lstrip().startswith(("note: ", "note ("))]
        assert len(shown) == expected_notes


def test_show_gives_an_evidence_figure_with_its_status_and_source() -> None:
    strategy = cdrpkit.load("leicester-2005")
    assert strategy.evidence, "the Leicester encoding states evidence figures"
    first = strategy.evidence[0]
    output = CliRunner().invoke(cli, ["show", "leicester-2005"]).output
    assert f"[{first.status}; {first.source}]" in output


def test_trajectory_of_a_target_with_nothing_to_expect_says_why() -> None:
    # Leicester's "To reduce fear of crime by 2008 in line with those targets": a
    # direction with no figure. It used to print "(none)".
    result = CliRunner().invoke(cli, ["trajectory", "leicester-2005", "po1-fear-of-crime.t2"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Target po1-fear-of-crime.t2 is a direction target (reduce): it sets no figure or "
        "deadline to expect in any period.")
