"""Issue 18: the checker's own output reads as its reader needs it."""

from __future__ import annotations

import re

from click.testing import CliRunner

import cdrpkit
from cdrpkit.checks import SEVERITIES, check
from cdrpkit.cli import cli
from cdrpkit.model import Objective


def test_findings_come_errors_then_warnings_then_infos() -> None:
    findings = check(cdrpkit.load("leicester-2005"))
    ranks = [SEVERITIES.index(f.severity) for f in findings]
    assert ranks == sorted(ranks) and {f.severity for f in findings} >= {"warning", "info"}


def test_the_text_output_gives_file_and_line_before_the_field_path() -> None:
    result = CliRunner().invoke(cli, ["check", "leics-county-csp"])
    first = result.output.splitlines()[0]
    # examples/leics_county_csp/objectives/1_drug_treatment.yaml, the target at line 30.
    assert re.match(r".*objectives/1_drug_treatment\.yaml:30: warning \[smart-baseline\] "
                    r"objectives\[0\]\.targets\[1\]: ", first), first


def test_stage_and_method_gaps_count_only_the_axes_the_actions_record() -> None:
    county = cdrpkit.load("leics-county-csp")
    # Objective 5 of the county plan, "To reduce the levels of domestic burglary": its
    # actions record the method of each action only, never the stage.
    burglary = [n for n in county.walk() if isinstance(n.node, Objective)][4].node
    axes = {c.axis for a in burglary.actions for c in a.classifications
            if c.framework == "stage-and-method"}
    assert axes == {"method"}
    messages = [f.message for f in check(county) if f.rule == "coverage-stage-method"]
    assert not [m for m in messages if "9 of the 9" in m]
    assert not [m for m in messages if burglary.title in m]  # all three methods present


def test_counts_agree_with_their_nouns() -> None:
    for finding in check(cdrpkit.load("leicester-2005")):
        assert not re.search(r"\b1 classifications\b", finding.message), finding.message
        assert "0.0 offences" not in finding.message
