"""Exit codes, output paths and terminal text of the command line (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.cli.common import EXIT_BAD_INPUT, EXIT_INTERNAL
from tests.conftest import MINIMAL

FIGURES = (
    "partnership,indicator,target,period,value,unit,source,status\n"
    "demo,domestic-burglary,,2005/06,2700,offence,police,actual\n"
)


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args))


def _leaf_commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):  # a group only dispatches: check its commands
            found += _leaf_commands(command, f"{prefix}{name} ")
        else:
            found.append((f"{prefix}{name}", command))
    return found


def test_every_command_handles_errors() -> None:
    commands = _leaf_commands(cli)
    assert len(commands) >= 10
    unhandled = [n for n, c in commands if not getattr(c.callback, "handles_errors", False)]
    assert unhandled == []


def test_a_crash_exits_3_and_says_it_is_a_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("cdrpkit.checks.check", broken)
    result = run("check", str(MINIMAL))
    assert result.exit_code == EXIT_INTERNAL == 3
    assert "internal error (a bug in cdrpkit or a plugin, not in your input): " \
           "ZeroDivisionError at test_cli_errors.py:" in result.output
    assert "CDRPKIT_TRACEBACK=1" in result.output
    assert "Traceback (most recent call last)" not in result.output


def test_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "strategy.yaml"
    bad.write_text(MINIMAL.read_text().replace("role: statutory", "role: boss", 1))
    result = run("check", str(bad))
    assert result.exit_code == EXIT_BAD_INPUT == 2
    assert "partnership.agencies[0].role: 'boss' is not one of" in result.output


def test_exit_codes_of_the_installed_command(tmp_path: Path) -> None:
    # The real entry point, as CI calls it: findings 1, bad input 2.
    bad = tmp_path / "strategy.yaml"
    bad.write_text("cdrpkit: 1.0\n")
    command = [sys.executable, "-m", "cdrpkit", "check", str(bad)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "expected the whole number 1" in done.stderr
    assert "Traceback" not in done.stderr


# --- 7. --period --------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["quarter ending March 0000", "2004/05-Q" + "1" * 5000])
def test_7_bad_period_on_the_command_line(tmp_path: Path, period: str) -> None:
    data = tmp_path / "figures.csv"
    data.write_text(FIGURES)
    result = run("assess", str(MINIMAL), "--data", str(data), "--period", period)
    assert result.exit_code == 2, result.output
    assert "is not a period" in result.output or "is not a deadline" in result.output
    assert len(result.output) < 2000


# --- 11. output paths ---------------------------------------------------------------------


def _outputs(tmp_path: Path) -> list[tuple[str, ...]]:
    data = tmp_path / "figures.csv"
    data.write_text(FIGURES)
    return [
        ("export", str(MINIMAL), "--out"),
        ("schema", "--out"),
        ("compare", str(MINIMAL), str(MINIMAL), "--out"),
        ("assess", str(MINIMAL), "--data", str(data), "--out"),
        ("assess", str(MINIMAL), "--data", str(data), "--audit"),
    ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda base: base / "file" / "out.txt", "file: it exists and is not a folder"),
        (lambda base: base / ("x" * 300 + ".txt"), "the name is too long"),
    ],
    ids=["under-a-file", "too-long"],
)
def test_11_unusable_out_paths(tmp_path: Path, make: Any, expected: str) -> None:
    (tmp_path / "file").write_text("x")
    for command in _outputs(tmp_path):
        result = run(*command, str(make(tmp_path)))
        assert result.exit_code == 2, (command, result.output)
        assert "error: cannot write " in result.output and expected in result.output, command


def test_11_missing_folders_are_made(tmp_path: Path) -> None:
    for k, command in enumerate(_outputs(tmp_path)):
        out = tmp_path / "new" / str(k) / "out.json"
        result = run(*command, str(out))
        assert result.exit_code == 0, (command, result.output)
        assert out.stat().st_size > 0


def test_11_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("cdrpkit.outputs.make_temporary", refuse)
    result = run("schema", "--out", str(tmp_path / "schema.json"))
    assert result.exit_code == 2
    assert "permission denied (is the folder read-only?)" in result.output


def test_11_new_plugin_dir(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = run("new-plugin", "Rutland", "--dir", str(tmp_path / "file"))
    assert result.exit_code == 2 and "is a file" in result.output  # click's own check
    result = run("new-plugin", "Rutland", "--dir", str(tmp_path / "file" / "sub"))
    assert result.exit_code == 2
    assert "sub: a part of the path is a file, not a folder" in result.output
    result = run("new-plugin", "Rutland", "--dir", str(tmp_path / ("d" * 300)))
    assert result.exit_code == 2 and "the name is too long" in result.output


def test_11_save(tmp_path: Path) -> None:
    strategy = cdrpkit.load(MINIMAL)
    (tmp_path / "file").write_text("x")
    with pytest.raises(cdrpkit.CdrpkitError, match="file: it exists and is not a folder"):
        cdrpkit.save(strategy, tmp_path / "file" / "s.yaml")
    with pytest.raises(cdrpkit.CdrpkitError, match="NUL character"):
        cdrpkit.save(strategy, str(tmp_path) + "/a\0b.yaml")
    path = cdrpkit.save(strategy, tmp_path / "made" / "s.yaml")
    assert cdrpkit.load(path) == strategy
    assert [p.name for p in path.parent.iterdir()] == ["s.yaml"]  # no temporary left


# --- terminal text ------------------------------------------------------------------------


def test_show_strips_escape_sequences(tmp_path: Path) -> None:
    path = tmp_path / "strategy.yaml"
    evil = "\\e]8;;https://evil.example\\aClick\\e]8;;\\a \\e[31mred\\e[0m \\e[2J"
    path.write_text(MINIMAL.read_text().replace(
        "title: Acquisitive Crime\n", f'title: "{evil}"\n'))
    result = run("show", str(path))
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "priority acquisitive-crime: Click red " in result.output


def test_check_and_import_stay_light() -> None:
    code = (
        "import sys, cdrpkit; s = cdrpkit.load(sys.argv[1]); cdrpkit.check(s); "
        "heavy = {'pandas', 'scipy', 'pint', 'numpy'} & set(sys.modules); print(sorted(heavy))"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run([sys.executable, "-c", code, str(MINIMAL)], capture_output=True,
                         text=True, check=True, env=env, timeout=120)
    assert out.stdout.strip() == "[]"


def test_11_report_out_folder(tmp_path: Path) -> None:
    data = tmp_path / "figures.csv"
    data.write_text(FIGURES)
    (tmp_path / "file").write_text("x")
    for out, expected in [(tmp_path / "file" / "sub", "a part of the path is a file"),
                          (tmp_path / ("r" * 300), "the name is too long")]:
        result = run("report", str(MINIMAL), "--data", str(data), "--out", str(out))
        assert result.exit_code == 2, result.output
        assert "error: cannot write" in result.output and expected in result.output
