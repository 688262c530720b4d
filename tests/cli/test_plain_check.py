"""Issue 18: a plain `cdrpkit check` runs without click and says exactly what the click
command says: the same output, the same messages and the same exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdrpkit.cli import cli, running
from tests.conftest import DATA, ROOT

# Says on stderr, after everything else, whether click was imported and what the exit
# handlers saw; then runs the console script's entry point.
_SCRIPT = ("import sys, atexit; from cdrpkit.cli import main; "
           "atexit.register(lambda: print('CLICK' if 'click' in sys.modules else 'NO-CLICK', "
           "file=sys.stderr)); sys.argv = ['cdrpkit', *sys.argv[1:]]; main()")


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CDRPKIT_CACHE": "off"}
    return subprocess.run([sys.executable, "-c", _SCRIPT, *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def _with_click(*args: str) -> tuple[str, str, int]:
    result = CliRunner().invoke(cli, list(args), prog_name="cdrpkit")
    return result.stdout, result.stderr, result.exit_code


def _errored_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "minimal"
    folder.mkdir()
    text = (DATA / "minimal" / "strategy.yaml").read_text(encoding="utf-8")
    # The seed's 2,331 with a yearly 6% fall from 2,806; 2,000 contradicts them.
    assert "value: 2331" in text
    (folder / "strategy.yaml").write_text(text.replace("value: 2331", "value: 2000"),
                                          encoding="utf-8")
    return folder


@pytest.mark.parametrize("args", [
    ("check", "leicester-2005"),
    ("check", "leics-county-csp", "--format", "json"),
    ("check", "tests/data/minimal", "--disable", "smart-deadline", "--disable=end-value"),
    ("check", "no-such-strategy"),
    ("check", "tests/data"),
])
def test_the_plain_path_says_what_the_click_command_says(
    args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    plain = _console(*args)
    stdout, stderr, code = _with_click(*args)
    assert plain.returncode == code
    assert plain.stdout == stdout
    assert plain.stderr == stderr + "NO-CLICK\n"


def test_findings_that_are_errors_exit_1_on_the_plain_path(tmp_path: Path) -> None:
    folder = str(_errored_copy(tmp_path))
    plain = _console("check", folder)
    assert plain.returncode == 1
    assert "error [end-value]" in plain.stdout
    assert (plain.stdout, plain.returncode) == _with_click("check", folder)[0::2]


def test_anything_but_a_plain_check_still_goes_through_click() -> None:
    listed = _console("check", "--list-rules")
    assert listed.returncode == 0 and "end-value" in listed.stdout
    assert listed.stderr.endswith("CLICK\n") and not listed.stderr.endswith("NO-CLICK\n")
    bad = _console("check", "leicester-2005", "--format", "csv")
    assert bad.returncode == 2 and "'csv' is not one of" in bad.stderr


def test_a_crash_on_the_plain_path_is_reported_as_a_bug_with_exit_code_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a rule fell over")

    monkeypatch.setattr("cdrpkit.checks.check", broken)
    code = running.main_check(("tests/data/minimal", "text", ()))
    err = capsys.readouterr().err
    assert code == running.EXIT_INTERNAL == 3
    assert err.startswith("internal error (a bug in cdrpkit or a plugin, not in your input): "
                          "RuntimeError at test_plain_check.py:")
    assert "a rule fell over" in err and "Traceback" not in err


def test_the_process_ends_with_output_flushed_and_exit_handlers_run(tmp_path: Path) -> None:
    # end_process skips the interpreter's teardown, not what a user or plugin asked for
    # at exit: the handler registered above prints after the findings.
    plain = _console("check", "tests/data/minimal")
    assert plain.returncode == 0
    assert plain.stdout.endswith(" infos\n") or plain.stdout.endswith(" info\n")
    assert plain.stderr.endswith("NO-CLICK\n")
    script = ("import atexit, sys; from cdrpkit.cli.running import end_process; "
              "atexit.register(lambda: print('handler ran', flush=True)); "
              "sys.stdout.write('unflushed'); end_process(4)")
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=60)
    assert ended.returncode == 4
    assert ended.stdout == "unflushedhandler ran\n"


def test_under_a_tracer_the_process_ends_the_ordinary_way() -> None:
    script = ("import sys; sys.settrace(lambda *a: None); "
              "from cdrpkit.cli.running import end_process\n"
              "try:\n    end_process(5)\nexcept SystemExit as exc:\n"
              "    print('SystemExit', exc.code)")
    ended = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           timeout=60)
    assert ended.stdout.strip() == "SystemExit 5"


@pytest.mark.parametrize("args", [("check", "leicester-2005"),
                                  ("check", "leicester-2005", "--format", "json"),
                                  ("show", "leicester-2005")])
def test_a_reader_that_goes_away_ends_the_command_quietly(args: tuple[str, ...]) -> None:
    # `cdrpkit show leicester-2005 | head -1` once ended in "internal error ...
    # BrokenPipeError" and exit code 3: a closed pipe is not a bug.
    env = {**os.environ, "CDRPKIT_CACHE": "off"}
    code = "import sys; from cdrpkit.cli import main; sys.argv = ['cdrpkit', *sys.argv[1:]]; main()"
    process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, cwd=ROOT, env=env)
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before anything is written
    _, err = process.communicate(timeout=120)
    assert process.returncode == running.EXIT_CLOSED == 141
    assert err == b""
