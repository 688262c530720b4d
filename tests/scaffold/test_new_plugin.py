"""cdrpkit new-plugin: the generated package installs, loads, checks clean, passes its tests."""

from __future__ import annotations

import doctest
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from cdrpkit.cli import cli
from cdrpkit.errors import InputError
from cdrpkit.plugins.host import ONLY_ENV
from cdrpkit.scaffold import create, names_for
from tests.conftest import DATA, ROOT


def _run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_names_are_derived_from_the_partnership_name_and_are_distinct() -> None:
    names = names_for("Harborough CSP")
    assert names == {
        "slug": "harborough-csp", "partnership_id": "harborough-csp",
        "strategy_id": "harborough-csp-2005", "title": "Harborough CSP",
        "dist": "cdrpkit-harborough-csp-2005", "package": "cdrpkit_harborough_csp_2005",
    }
    assert names_for("Harborough CSP", "harborough-2008")["dist"] == "cdrpkit-harborough-2008"


@pytest.mark.parametrize("bad", ["", "9lives", "a/b", "x;rm"])
def test_an_unusable_name_is_refused(bad: str, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a usable plugin name"):
        create(bad, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_the_generated_files(tmp_path: Path) -> None:
    created = create("Blaby", tmp_path)
    names = sorted(str(p.relative_to(created.root)) for p in created.files)
    package = "src/cdrpkit_blaby_2005"
    assert names == [
        "README.md", "pyproject.toml", f"{package}/__init__.py", f"{package}/plugin.py",
        f"{package}/strategy.yaml", "tests/conftest.py", "tests/test_strategy.py",
    ]
    pyproject = (created.root / "pyproject.toml").read_text()
    assert '[project.entry-points.cdrpkit]\nblaby-2005 = "cdrpkit_blaby_2005.plugin"' in pyproject
    assert 'test = ["cdrpkit[testing]>=0.1"]' in pyproject
    assert "$" not in "".join(p.read_text() for p in created.files)  # every placeholder filled


def test_cdrpkit_has_the_testing_extra_generated_plugins_use() -> None:
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert any(r.startswith("pytest") for r in extras["testing"])


def test_the_answers_fill_the_placeholders_and_no_test_names_a_target(tmp_path: Path) -> None:
    import cdrpkit

    created = create("Harborough", tmp_path, partnership="Harborough District CSP",
                     strategy_id="harborough-2008", families=["BVPI", "PSA"])
    strategy = cdrpkit.load(created.root / "src/cdrpkit_harborough_2008/strategy.yaml")
    assert (strategy.id, strategy.partnership.id, strategy.partnership.name) == (
        "harborough-2008", "harborough", "Harborough District CSP")
    assert strategy.requires == {"BVPI": "cdrpkit-bvpi", "PSA": "cdrpkit-psa"}
    tests = (created.root / "tests" / "test_strategy.py").read_text()
    readme = (created.root / "README.md").read_text()
    assert "burglary.t1" not in tests and "burglary.t1" not in readme
    assert "cdrpkit check harborough-2008" in readme


def test_the_package_depends_only_on_the_families_it_requires(tmp_path: Path) -> None:
    import tomllib

    def deps(created: object) -> list[str]:
        text = (created.root / "pyproject.toml").read_text()  # type: ignore[attr-defined]
        return list(tomllib.loads(text)["project"]["dependencies"])

    # BVPI is installed here, yet a strategy that does not require it does not depend on it.
    assert deps(create("Blaby", tmp_path / "a")) == ["cdrpkit>=0.1"]
    assert deps(create("Blaby", tmp_path / "b", families=["BVPI"])) == [
        "cdrpkit>=0.1", "cdrpkit-bvpi>=0.1"]
    with pytest.raises(InputError, match="no installed plugin declares the indicator family"):
        create("Blaby", tmp_path / "c", families=["NOPE"])
    assert not (tmp_path / "c").exists()


def test_the_starter_strategy_loads_and_has_what_the_tutorial_promises(tmp_path: Path) -> None:
    import cdrpkit
    from cdrpkit.check import check

    created = create("Blaby", tmp_path, families=["BVPI"])
    strategy = cdrpkit.load(created.root / "src" / "cdrpkit_blaby_2005" / "strategy.yaml")
    assert [t.id for t in strategy.themes] == ["acquisitive-crime"]
    (target,) = [n.node for n in strategy.targets()]
    assert (target.kind, target.annual_change, target.indicator) == ("level", -0.06, "BV126")
    (action,) = [n.node for n in strategy.actions()]
    assert action.classifications[0].framework == "three-pronged"
    assert not [f for f in check(strategy) if f.severity == "error"]


def test_without_a_family_the_target_is_on_a_local_indicator(tmp_path: Path) -> None:
    import cdrpkit

    created = create("Blaby", tmp_path)
    assert not created.uses_bvpi
    strategy = cdrpkit.load(created.root / "src" / "cdrpkit_blaby_2005" / "strategy.yaml")
    assert [i.family for i in strategy.indicators] == ["local"]
    assert "cdrpkit-bvpi" not in (created.root / "pyproject.toml").read_text()


def test_a_folder_named_like_a_registered_strategy_resolves_to_the_one_with_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leicester-2005").mkdir()  # a folder with no strategy.yaml in it
    result = CliRunner().invoke(cli, ["check", "leicester-2005"])
    assert result.exit_code == 0, result.output
    assert ("note: the folder 'leicester-2005' holds no strategy.yaml: using the registered "
            "strategy 'leicester-2005' instead") in result.output
    # A folder that does hold a strategy file wins, silently.
    shutil.copy(DATA / "minimal" / "strategy.yaml", tmp_path / "leicester-2005")
    result = CliRunner().invoke(cli, ["show", "leicester-2005", "--format", "json"])
    assert '"minimal"' in result.output and "note:" not in result.output


def test_new_plugin_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    first = _run("new-plugin", "Blaby", "--dir", str(tmp_path))
    assert first.exit_code == 0, first.output
    readme = tmp_path / "cdrpkit-blaby-2005" / "README.md"
    readme.write_text("my own notes")
    (tmp_path / "cdrpkit-blaby-2005" / "tests" / "test_strategy.py").unlink()
    again = _run("new-plugin", "Blaby", "--dir", str(tmp_path))
    assert again.exit_code == 2
    assert "README.md: already exists; new-plugin never overwrites" in again.output
    assert readme.read_text() == "my own notes"
    assert not (tmp_path / "cdrpkit-blaby-2005" / "tests" / "test_strategy.py").exists()


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
    # Made with a plugin kind, a rule and a renderer; the next steps new-plugin prints are
    # then followed as printed, from the folder where it ran, in a fresh virtual environment.
    # (cdrpkit's whole suite with such a plugin installed is tox's with-plugin env: tox.ini.)
    result = CliRunner().invoke(cli, ["new-plugin", "Harborough CSP", "--dir", str(tmp_path),
                                      "--family", "BVPI", "--extensions"])
    assert result.exit_code == 0, result.output
    package = tmp_path / "cdrpkit-harborough-csp-2005"
    steps = re.search(r"^next: pip install (.+) && cdrpkit (.+) && \(cd (.+) && pytest\)$",
                      result.output, re.MULTILINE)
    assert steps is not None, result.output
    pip_args, check_args = shlex.split(steps[1]), shlex.split(steps[2])
    assert pip_args == ["-e", f"{package.as_posix()}[test]"]
    assert check_args == ["check", "harborough-csp-2005"]
    assert shlex.split(steps[3]) == [package.as_posix()]
    python = _venv_with_this_cdrpkit(tmp_path / "venv")
    env = {k: v for k, v in os.environ.items() if k != ONLY_ENV}
    env.update(PIP_NO_INDEX="1", PYTHONDONTWRITEBYTECODE="1")
    # With its dependencies and its test extra, which must all resolve to what is installed.
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
         "--no-build-isolation", *pip_args],
        check=True, capture_output=True, env=env, cwd=tmp_path, timeout=300,
    )
    listed = subprocess.run([str(python), "-m", "cdrpkit", "plugins"], capture_output=True,
                            text=True, env=env, check=True)
    assert "cdrpkit-harborough-csp-2005:harborough-csp-2005" in listed.stdout
    checked = subprocess.run([str(python), "-m", "cdrpkit", *check_args],
                             capture_output=True, text=True, env=env, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 errors" in checked.stdout
    tests = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=shlex.split(steps[3])[0], capture_output=True, text=True, env=env, timeout=300,
    )
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout
    # Installed, the plugin's rule and renderer leave Leicester's check alone.
    leicester = subprocess.run(
        [str(python), "-m", "cdrpkit", "check", "leicester-2005", "--format", "json"],
        capture_output=True, text=True, env=env)
    assert leicester.returncode == 0, leicester.stderr
    assert "harborough-csp-wording-year" not in leicester.stdout


def _generated_names() -> set[str]:
    """The partnership names the suite gives new-plugin or create(): tests and the tutorial."""
    pattern = re.compile(r'(?:new-plugin"?,? "|create\(")([^"]+)"')
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py")]
    texts.append((DOCS / "tutorial-plugin.md").read_text(encoding="utf-8"))
    return {name for text in texts for name in pattern.findall(text)}


def test_tox_runs_the_whole_suite_with_a_generated_plugin_installed() -> None:
    import configparser

    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tox.ini", encoding="utf-8")
    # In env_list: CI's `tox` runs it.
    assert "with-plugin" in [e.strip() for e in config["tox"]["env_list"].split(",")]
    env, suite = config["testenv:with-plugin"], config["testenv:tests"]
    assert env["extras"].split() == suite["extras"].split()
    setup = [shlex.split(line) for line in env["commands_pre"].strip().splitlines()]
    (generate,) = [c for c in setup if c[:2] == ["cdrpkit", "new-plugin"]]
    assert generate[3:] == ["--family", "BVPI", "--extensions", "--dir", "{envtmpdir}"]
    # A distribution no test installs, so tests/scaffold's nested venv never meets its name.
    others = _generated_names()
    assert {"Harborough CSP", "Oadby and Wigston", "Blaby"} <= others
    dist = names_for(generate[2])["dist"]
    assert dist not in {names_for(name)["dist"] for name in others}
    assert setup[setup.index(generate) + 1] == [
        "python", "-m", "pip", "install", "--quiet", "-e", f"{{envtmpdir}}/{dist}[test]"]
    # Its own tests, then the tests env's whole run, without coverage.
    commands = env["commands"].strip().splitlines()
    assert f"pytest -W error -p no:cacheprovider {{envtmpdir}}/{dist}" in commands
    assert commands[-1] == suite["commands"].strip().replace(" --cov --cov-report=term", "")


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


def test_the_printed_next_steps_survive_a_folder_with_spaces_and_quotes(tmp_path: Path) -> None:
    folder = tmp_path / "Jo's plugins"
    folder.mkdir()
    result = _run("new-plugin", "Blaby", "--dir", str(folder))
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if x.startswith("next: "))
    words = shlex.split(line.removeprefix("next: "))
    package = (folder / "cdrpkit-blaby-2005").as_posix()
    assert words[:4] == ["pip", "install", "-e", f"{package}[test]"]
    assert words[-4:] == ["(cd", package, "&&", "pytest)"]
