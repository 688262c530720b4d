"""cdrpkit new-plugin: the generated package installs, loads, checks clean, passes its tests."""

from __future__ import annotations

import doctest
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdrpkit.cli import cli
from cdrpkit.errors import InputError
from cdrpkit.plugins import Plugins
from cdrpkit.scaffold import create, names_for
from tests.conftest import DATA, ROOT


def _run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_names_are_derived_from_the_partnership_name() -> None:
    assert names_for("Harborough CSP") == {
        "slug": "harborough-csp", "dist": "harborough-csp", "package": "harborough_csp",
        "title": "Harborough CSP",
    }


@pytest.mark.parametrize("bad", ["", "9lives", "a/b", "x;rm"])
def test_an_unusable_name_is_refused(bad: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a usable plugin name"):
        create(bad, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_generated_files(tmp_path: Path) -> None:
    created = create("Blaby", tmp_path)
    names = sorted(str(p.relative_to(created.root)) for p in created.files)
    assert names == [
        "README.md", "pyproject.toml", "src/blaby/__init__.py", "src/blaby/plugin.py",
        "src/blaby/strategy.yaml", "tests/conftest.py", "tests/test_strategy.py",
    ]
    pyproject = (created.root / "pyproject.toml").read_text()
    assert '[project.entry-points.cdrpkit]\nblaby = "blaby.plugin"' in pyproject
    assert "$" not in "".join(p.read_text() for p in created.files)  # every placeholder filled


def test_the_starter_strategy_loads_and_has_what_the_tutorial_promises(tmp_path: Path) -> None:
    import cdrpkit
    from cdrpkit.check import check

    created = create("Blaby", tmp_path)
    strategy = cdrpkit.load(created.root / "src" / "blaby" / "strategy.yaml")
    assert [t.id for t in strategy.themes] == ["acquisitive-crime"]
    (target,) = [n.node for n in strategy.targets()]
    assert (target.kind, target.annual_change) == ("level", -0.06)
    assert target.indicator == ("BV126" if created.uses_bvpi else "domestic-burglary")
    (action,) = [n.node for n in strategy.actions()]
    assert action.classifications[0].framework == "three-pronged"
    assert not [f for f in check(strategy) if f.severity == "error"]


def test_without_the_bvpi_plugin_the_target_is_on_a_local_indicator(tmp_path: Path) -> None:
    import cdrpkit

    host = Plugins(block=["cdrpkit-bvpi"])
    created = create("Blaby", tmp_path, plugins=host)
    assert not created.uses_bvpi
    strategy = cdrpkit.load(created.root / "src" / "blaby" / "strategy.yaml", plugins=host)
    assert [i.family for i in strategy.indicators] == ["local"]
    assert "cdrpkit-bvpi" not in (created.root / "pyproject.toml").read_text()


def test_new_plugin_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    first = _run("new-plugin", "Blaby", "--dir", str(tmp_path))
    assert first.exit_code == 0, first.output
    readme = tmp_path / "blaby" / "README.md"
    readme.write_text("my own notes")
    (tmp_path / "blaby" / "tests" / "test_strategy.py").unlink()
    again = _run("new-plugin", "Blaby", "--dir", str(tmp_path))
    assert again.exit_code == 2
    assert "README.md: already exists; new-plugin never overwrites" in again.output
    assert readme.read_text() == "my own notes"
    assert not (tmp_path / "blaby" / "tests" / "test_strategy.py").exists()


def _venv_with_this_cdrpkit(path: Path) -> Path:
    """A fresh virtual environment that sees this environment's packages (cdrpkit too)."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(path)], check=True)
    python = path / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    # addsitedir, not a bare path, so the parent's own .pth files (editable installs) run.
    parent = sysconfig.get_paths()["purelib"]
    Path(purelib, "_parent_env.pth").write_text(f"import site; site.addsitedir({parent!r})\n")
    return python


def test_generated_package_installs_checks_clean_and_passes_its_tests(tmp_path: Path) -> None:
    result = _run("new-plugin", "Harborough CSP", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    package = tmp_path / "harborough-csp"
    python = _venv_with_this_cdrpkit(tmp_path / "venv")
    env = {**os.environ, "PIP_NO_INDEX": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--no-build-isolation", "--no-index", "-e", str(package)],
        check=True, capture_output=True, env=env, timeout=300,
    )
    listed = subprocess.run([str(python), "-m", "cdrpkit", "plugins"], capture_output=True,
                            text=True, env=env, check=True)
    assert "harborough-csp:harborough-csp" in listed.stdout
    checked = subprocess.run([str(python), "-m", "cdrpkit", "check", "harborough-csp"],
                             capture_output=True, text=True, env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors" in checked.stdout
    tests = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=package, capture_output=True, text=True, env=env, timeout=300,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "3 passed" in tests.stdout


DOCS = ROOT / "docs"


def _run_markdown_doctests(page: Path) -> doctest.TestResults:
    # Fences close code blocks in Markdown; blank them so doctest sees where output ends.
    text = re.sub(r"(?m)^```.*$", "", page.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(text, {}, page.name, str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    return runner.summarize(verbose=False)


def test_the_tutorial_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The tutorial starts in an empty folder; its last step compares with the minimal strategy.
    shutil.copytree(DATA / "minimal", tmp_path / "tests/data/minimal")
    monkeypatch.chdir(tmp_path)
    result = _run_markdown_doctests(DOCS / "tutorial-plugin.md")
    assert result.attempted >= 20
    assert result.failed == 0
