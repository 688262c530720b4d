"""Issue 18: `cdrpkit check` answered from the record of an identical run, never stale."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdrpkit import replay
from tests.conftest import ROOT


def _cdrpkit(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the command as a user does (its console entry point), in a process of its own;
    it says on stderr whether the model was imported."""
    code = ("import sys, atexit; from cdrpkit.cli import main; "
            "atexit.register(lambda: print('MODEL' if 'cdrpkit.model' in sys.modules "
            "else 'NO-MODEL', file=sys.stderr)); sys.argv = ['cdrpkit', *sys.argv[1:]]; main()")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, env=dict(os.environ), timeout=120)


@pytest.mark.parametrize(("argv", "request_"), [
    (["check", "x"], ("x", "text", ())),
    (["check", "--format", "json", "x"], ("x", "json", ())),
    (["check", "x", "--disable=a", "--disable", "b"], ("x", "text", ("a", "b"))),
])
def test_only_a_plain_check_command_line_is_a_request(
    argv: list[str], request_: replay.Request
) -> None:
    assert replay.check_request(argv) == request_


@pytest.mark.parametrize("argv", [
    [], ["show", "x"], ["check"], ["check", "x", "y"], ["check", "x", "--list-rules"],
    ["check", "x", "--format", "csv"], ["check", "x", "--format"], ["check", "-h"],
    ["check", "x", "--"], ["--strict-plugins", "check", "x"],
])
def test_anything_else_takes_the_ordinary_path(argv: list[str]) -> None:
    assert replay.check_request(argv) is None


@pytest.mark.usefixtures("cached")
def test_a_second_run_prints_the_same_without_importing_the_model(strategy_dir: Path) -> None:
    for fmt in ("text", "json"):
        first = _cdrpkit("check", str(strategy_dir), "--format", fmt)
        again = _cdrpkit("check", f"--format={fmt}", str(strategy_dir))
        assert first.returncode == again.returncode == 0, first.stderr
        assert first.stdout == again.stdout
        assert first.stderr.strip() == "MODEL" and again.stderr.strip() == "NO-MODEL"
    assert "0 errors" in first.stdout or json.loads(first.stdout) is not None


@pytest.mark.usefixtures("cached")
def test_errors_are_replayed_with_their_exit_code(strategy_dir: Path) -> None:
    path = strategy_dir / "strategy.yaml"
    # The seed's 2,331 with a yearly 6% fall from 2,806; 2,000 contradicts them.
    path.write_text(path.read_text().replace("value: 2331", "value: 2000"))
    first = _cdrpkit("check", str(strategy_dir))
    again = _cdrpkit("check", str(strategy_dir))
    assert first.returncode == again.returncode == 1
    assert first.stdout == again.stdout and "error [end-value]" in again.stdout
    assert again.stderr.strip() == "NO-MODEL"


@pytest.mark.usefixtures("cached")
def test_an_edited_strategy_is_checked_afresh(strategy_dir: Path) -> None:
    _cdrpkit("check", str(strategy_dir))
    path = strategy_dir / "strategy.yaml"
    path.write_text(path.read_text().replace("value: 2331", "value: 2000"))
    edited = _cdrpkit("check", str(strategy_dir))
    assert edited.returncode == 1 and edited.stderr.strip() == "MODEL"


def _recorded(strategy_dir: Path, package: Path) -> replay.Request:
    request: replay.Request = (str(strategy_dir), "text", ())
    replay.record(request, stdout="recorded\n", stderr="", exit_code=0,
                  files=[str(strategy_dir / "strategy.yaml")], packages=[str(package)])
    return request


def test_a_changed_plugin_file_or_installed_distribution_makes_the_record_stale(
    cached: Path, strategy_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = tmp_path / "plugin_pkg"
    (package / "data").mkdir(parents=True)
    (package / "data" / "rules.yaml").write_text("a: 1\n")
    request = _recorded(strategy_dir, package)
    argv = ["check", request[0]]
    assert replay.replay(argv) == 0
    assert capsys.readouterr().out == "recorded\n"
    # A plugin's data file changes (its size with it): stale.
    (package / "data" / "rules.yaml").write_text("a: 12\n")
    assert replay.replay(argv) is None
    # Recorded again, then a file added to the plugin's package: stale.
    _recorded(strategy_dir, package)
    (package / "new.py").write_text("")
    assert replay.replay(argv) is None
    # A distribution installed in a folder on the module search path: stale.
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(site)])
    _recorded(strategy_dir, package)
    assert replay.replay(argv) == 0
    (site / "other_plugin-1.0.dist-info").mkdir()
    os.utime(site, ns=(1, 1))  # as on a file system whose clock moved on
    assert replay.replay(argv) is None
    assert capsys.readouterr().out == "recorded\n"  # only the one served run printed


def test_settings_source_and_cache_switch_are_part_of_the_record(
    cached: Path, strategy_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    request = _recorded(strategy_dir, tmp_path / "none")
    argv = ["check", request[0]]
    monkeypatch.setenv("CDRPKIT_ONLY_PLUGINS", "cdrpkit")  # another plugin selection
    assert replay.replay(argv) is None
    monkeypatch.delenv("CDRPKIT_ONLY_PLUGINS")
    assert replay.replay(["check", request[0], "--disable", "end-value"]) is None
    monkeypatch.setenv("CDRPKIT_CACHE", "off")
    assert replay.replay(argv) is None
    monkeypatch.setenv("CDRPKIT_CACHE", "on")
    monkeypatch.chdir(tmp_path)
    assert replay.replay(argv) is None  # another working folder: places print otherwise
    assert capsys.readouterr().out == ""


def test_a_folder_appearing_beside_a_registered_name_makes_the_record_stale(
    cached: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    first = _cdrpkit("check", "leicester-2005", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    (tmp_path / "leicester-2005").mkdir()
    (tmp_path / "leicester-2005" / "strategy.yaml").write_text("cdrpkit: 1\nid: x\n")
    shadowed = _cdrpkit("check", "leicester-2005", cwd=tmp_path)
    assert shadowed.returncode == 2 and "MODEL" in shadowed.stderr


@pytest.mark.usefixtures("cached")
def test_bad_input_and_strict_runs_are_never_recorded(
    cached: Path, strategy_dir: Path
) -> None:
    missing = _cdrpkit("check", str(strategy_dir / "absent.yaml"))
    assert missing.returncode == 2
    strict = _cdrpkit("--strict-plugins", "check", str(strategy_dir))
    assert strict.returncode == 0
    assert not list(cached.glob("check-*.json"))


def test_switched_off_nothing_is_recorded(
    strategy_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDRPKIT_CACHE_DIR", str(tmp_path / "cache"))
    assert os.environ["CDRPKIT_CACHE"] == "off"  # as every test runs (tests/conftest.py)
    _cdrpkit("check", str(strategy_dir))
    assert not (tmp_path / "cache").exists()


def test_a_corrupt_record_is_a_miss_not_an_error(
    cached: Path, strategy_dir: Path, tmp_path: Path
) -> None:
    _recorded(strategy_dir, tmp_path / "none")
    (entry,) = cached.glob("check-*.json")
    entry.write_text("{not json")
    assert replay.replay(["check", str(strategy_dir)]) is None
    run = _cdrpkit("check", str(strategy_dir))
    assert run.returncode == 0 and "0 errors" in run.stdout
