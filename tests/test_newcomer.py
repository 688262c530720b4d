"""A newcomer's first hour: the set-up the README describes works in either order.

Issue 18: tox 4.67 writes a PEP 832 redirect *file* named ``.venv`` into the project root
after a run, so the README's ``python -m venv .venv`` failed when the tests ran first; a
browser test failed instead of skipping where Chromium is absent; CLI help pointed to a
docs file that exists only in a checkout; the quickstart never showed check, trajectory or
report.
"""

from __future__ import annotations

import configparser
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdrpkit.cli import cli
from tests import conftest
from tests.conftest import ROOT


def test_tox_does_not_write_a_venv_redirect_file() -> None:
    config = configparser.ConfigParser()
    config.read(ROOT / "tox.ini", encoding="utf-8")
    # tox's core setting (tox.config.sets: "venv_redirect"); unset means on.
    assert config.getboolean("tox", "venv_redirect") is False


def test_gitignore_ignores_a_venv_file_as_well_as_a_folder(tmp_path: Path) -> None:
    repo = tmp_path / "clone"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / ".gitignore").write_text((ROOT / ".gitignore").read_text(encoding="utf-8"))
    (repo / ".venv").write_text(".tox/tests\n", encoding="utf-8")  # what tox writes
    ignored = subprocess.run(["git", "-C", str(repo), "check-ignore", "-q", ".venv"],
                             check=False)
    assert ignored.returncode == 0


def test_a_browser_test_skips_with_its_reason_without_chromium(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.setattr(conftest, "CHROMIUM_PATHS", ())
    with pytest.raises(pytest.skip.Exception, match="chromium not installed"):
        conftest.chromium_or_skip()


def test_in_ci_a_missing_chromium_fails_the_browser_test(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "1")
    monkeypatch.setattr(conftest.shutil, "which", lambda name: None)
    monkeypatch.setattr(conftest, "CHROMIUM_PATHS", ())
    with pytest.raises(pytest.fail.Exception, match=r"\.ci/run"):
        conftest.chromium_or_skip()


def test_every_browser_test_uses_the_shared_helper() -> None:
    for path in (ROOT / "tests").rglob("test_*.py"):
        if path.name == "test_newcomer.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "--headless" in text:
            assert "chromium_or_skip" in text or "def chromium()" in text, path
            assert 'pytest.fail("Chromium is needed' not in text, path


def test_check_help_points_to_the_installed_rule_list_not_a_checkout() -> None:
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "docs/check-rules.md" not in result.output
    assert "--list-rules" in result.output


def test_check_lists_rules_without_a_strategy() -> None:
    result = CliRunner().invoke(cli, ["check", "--list-rules"])
    assert result.exit_code == 0, result.output
    for rule in ("end-value", "smart-baseline", "coverage-chair"):
        assert re.search(rf"^{rule}\s+\w+\s+cdrpkit:checks", result.output, re.M), rule


def test_the_quickstart_shows_and_runs_check_trajectory_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "docs" / "quickstart.md").read_text(encoding="utf-8")
    commands = [line[2:] for line in text.splitlines() if line.startswith("$ cdrpkit ")]
    verbs = {shlex.split(c)[1] for c in commands}
    assert {"check", "trajectory", "report"} <= verbs
    monkeypatch.chdir(ROOT)
    for command in commands:
        args = shlex.split(command.split(">")[0])[1:]
        args = [str(tmp_path / a) if a == "leicester-report" else a for a in args]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 1), (command, result.output)
        assert "Traceback" not in result.output


def test_plugins_lists_the_strategy_names_the_help_promises() -> None:
    # The group help says a SOURCE may be "the name of a strategy a plugin registers
    # (see 'cdrpkit plugins')".
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("strategies (cdrpkit check NAME):")[1]
    assert re.search(r"^  leicester-2005  .*\[cdrpkit-example-leicester-2005:leicester-2005\]",
                     listed, re.M)
    assert re.search(r"^  leics-county-csp  ", listed, re.M)
    data = __import__("json").loads(CliRunner().invoke(cli, ["plugins", "--format",
                                                             "json"]).output)
    assert {s["name"] for s in data["strategies"]} >= {"leicester-2005", "leics-county-csp"}
