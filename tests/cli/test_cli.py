"""The command line: show, export and the exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from click.testing import CliRunner

from cdrpkit.cli import cli
from tests.conftest import MINIMAL


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_show_prints_the_tree() -> None:
    code, out = run("show", str(MINIMAL.parent))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "A minimal strategy for tests [minimal]"
    assert (
        "  theme acquisitive: Preventing & Reducing Acquisitive Crime & Drugs (chair: council)"
        in lines
    )
    assert any(
        line.strip().startswith("target burglary.t1 (level): Reduce domestic burglary")
        for line in lines
    )
    assert any(line.strip().startswith("action burglary.a1 [lead: police]") for line in lines)


def test_export_targets_csv_has_the_contract_columns() -> None:
    code, out = run("export", str(MINIMAL), "--what", "targets", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2
    for column in (
        "partnership",
        "theme",
        "priority",
        "objective",
        "target_id",
        "text",
        "kind",
        "indicator",
        "family",
        "direction",
        "bound",
        "baseline_value",
        "baseline_period",
        "target_value",
        "target_period",
        "deadline",
        "annual_change",
        "unit",
        "subject_to",
        "provisional",
    ):
        assert column in rows[0]
    burglary = rows[1]
    assert (burglary["baseline_value"], burglary["target_value"]) == ("2806.0", "2331")
    assert (burglary["deadline"], burglary["annual_change"]) == ("2008-03-31", "-0.06")


def test_export_actions_json() -> None:
    code, out = run("export", str(MINIMAL), "--what", "actions", "--format", "json")
    assert code == 0
    [row] = json.loads(out)
    assert (row["framework"], row["axis"], row["category"], row["source"]) == (
        "three-pronged",
        "prong",
        "prevention",
        "inferred",
    )


def test_bad_usage_exits_2() -> None:
    code, out = run("export", str(MINIMAL), "--what", "everything")
    assert code == 2
    assert "Invalid value for '--what'" in out


def test_python_m_cdrpkit_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "cdrpkit", "--help"], capture_output=True, text=True, check=True
    )
    assert "Model, check and monitor" in out.stdout
