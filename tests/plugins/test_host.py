"""The plugin host: discovery through entry points, and plugins that misbehave."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.errors import PluginError
from cdrpkit.plugins import Plugins
from cdrpkit.plugins.host import ONLY_ENV
from tests.conftest import install_dist

FIXTURES = Path(__file__).parent


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory on sys.path standing in for site-packages."""
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    # These tests install third-party plugins on purpose: let every distribution load.
    monkeypatch.delenv(ONLY_ENV)
    return root


def install_fixture(site: Path, fixture: str, dist: str, version: str = "1.2.3") -> str:
    module = f"{dist.replace('-', '_')}_plugin"
    shutil.copy(FIXTURES / f"{fixture}.py", site / f"{module}.py")
    install_dist(site, dist, version, {"main": module})
    return f"{dist}:main"


def test_builtin_plugins_are_entry_points_of_cdrpkit(plugins: Plugins) -> None:
    names = {info.name for info in plugins.infos()}
    assert {"cdrpkit:frameworks", "cdrpkit:target_kinds", "cdrpkit:families"} <= names
    assert set(plugins.frameworks) >= {
        "three-pronged",
        "stage-and-method",
        "ppo-strands",
        "problem-analysis-triangle",
    }
    assert (
        plugins.frameworks["stage-and-method"].axis("stage").category("tertiary").title
        == "Tertiary"
    )
    assert "level" in plugins.kinds


def test_third_party_plugin_is_discovered_and_its_indicator_usable(
    site: Path, write_strategy
) -> None:
    name = install_fixture(site, "good_family", "cdrpkit-neighbour")
    host = Plugins()
    assert host.failures == []
    info = {i.name: i for i in host.infos()}[name]
    assert info.version == "1.2.3"
    assert info.hooks == ("cdrpkit_register_indicator_families", "cdrpkit_register_indicators")
    assert host.origin("cdrpkit_register_indicators", "NB1") == name
    path = write_strategy(
        """
        cdrpkit: 1
        id: neighbour
        title: Neighbour
        requires: {NEIGHBOUR: cdrpkit-neighbour}
        partnership: {id: nb, name: Neighbouring Partnership}
        objectives:
          - id: lags
            title: Community links
            targets:
              - kind: direction
                text: Increase patch walks year on year
                indicator: NB1
                direction: increase
                cadence: year_on_year
        """
    )
    strategy = cdrpkit.load(path, plugins=host)
    assert strategy.find("lags.t1").node.indicator == "NB1"


def test_blocking_a_plugin_names_the_missing_family_and_plugin(site: Path, write_strategy) -> None:
    install_fixture(site, "good_family", "cdrpkit-neighbour")
    path = write_strategy(
        """
        cdrpkit: 1
        id: neighbour
        title: Neighbour
        requires: {NEIGHBOUR: cdrpkit-neighbour}
        partnership: {id: nb, name: Neighbouring Partnership}
        objectives:
          - id: lags
            title: Community links
            reports: [NB1]
        """
    )
    host = Plugins(block=["cdrpkit-neighbour"])
    with pytest.raises(cdrpkit.StrategyError) as caught:
        cdrpkit.load(path, plugins=host)
    message = str(caught.value)
    assert "indicator family 'NEIGHBOUR' is not available" in message
    assert "plugin 'cdrpkit-neighbour', which is not installed" in message
    assert "objectives[0].reports[0]: unknown indicator 'NB1'" in message


def test_plugin_that_fails_to_import_is_named_and_others_still_load(site: Path) -> None:
    (site / "broken_plugin.py").write_text("import a_module_that_does_not_exist\n")
    install_dist(site, "cdrpkit-broken", "0.0.1", {"main": "broken_plugin"})
    host = Plugins()
    [failure] = host.failures
    assert (failure.plugin, failure.version, failure.hook) == (
        "cdrpkit-broken:main",
        "0.0.1",
        "import",
    )
    assert "ModuleNotFoundError" in failure.error
    assert "three-pronged" in host.frameworks  # the others carry on


def test_plugin_raising_in_a_hook_is_named_with_the_hook(site: Path) -> None:
    install_fixture(site, "raises_in_hook", "cdrpkit-raiser")
    host = Plugins()
    assert "three-pronged" in host.frameworks
    [failure] = host.failures
    assert failure.plugin == "cdrpkit-raiser:main"
    assert failure.hook == "cdrpkit_register_frameworks"
    assert "the framework table could not be read" in failure.error


def test_strict_mode_raises_a_plugin_error_naming_plugin_and_hook(site: Path) -> None:
    install_fixture(site, "raises_in_hook", "cdrpkit-raiser")
    host = Plugins(strict=True)
    with pytest.raises(PluginError) as caught:
        host.frameworks  # noqa: B018 - the property calls the hooks
    assert caught.value.plugin == "cdrpkit-raiser:main"
    assert str(caught.value).startswith(
        "plugin cdrpkit-raiser:main 1.2.3 in hook cdrpkit_register_frameworks:"
    )


def test_misspelt_hook_is_reported_not_ignored(site: Path) -> None:
    install_fixture(site, "misspelt_hook", "cdrpkit-typo")
    host = Plugins()
    [failure] = host.failures
    assert failure.error == "implements unknown hooks: cdrpkit_register_framework"
    assert "cdrpkit-typo:main" not in {i.name for i in host.infos()}


def test_duplicate_declaration_names_both_plugins(site: Path) -> None:
    install_fixture(site, "duplicate_framework", "cdrpkit-copycat")
    host = Plugins()
    assert host.frameworks["three-pronged"].title == "Three-pronged approach"
    [failure] = host.failures
    assert failure.plugin == "cdrpkit-copycat:main"
    assert "'three-pronged', which plugin cdrpkit:frameworks already declares" in failure.error


def test_hook_returning_a_non_list_is_reported(site: Path) -> None:
    install_fixture(site, "returns_dict", "cdrpkit-dict")
    host = Plugins()
    assert "level" in host.kinds
    [failure] = host.failures
    assert failure.error == "returned dict, not a list"


def test_cli_plugins_lists_versions_and_names_the_broken_plugin(site: Path) -> None:
    install_fixture(site, "raises_in_hook", "cdrpkit-raiser")
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 0, result.output
    assert "cdrpkit:frameworks 0.1.0" in result.output
    assert "FAILED cdrpkit-raiser:main 1.2.3 in cdrpkit_register_frameworks" in result.output
    assert "Traceback" not in result.output


def test_each_host_is_isolated(site: Path) -> None:
    before = Plugins()
    install_fixture(site, "good_family", "cdrpkit-neighbour")
    after = Plugins()
    assert "NEIGHBOUR" in after.families
    assert "NEIGHBOUR" not in before.families


def test_plugins_registered_in_code() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("good_family_inline", FIXTURES / "good_family.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    host = Plugins(plugins=[("inline", module)])
    assert host.origin("cdrpkit_register_indicator_families", "NEIGHBOUR") == "inline"


def test_import_cdrpkit_does_not_import_heavy_modules() -> None:
    import subprocess

    code = (
        "import sys, cdrpkit, cdrpkit.cli; "
        "heavy = {'pandas', 'scipy', 'pint', 'matplotlib', 'numpy'} & set(sys.modules); "
        "print(sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_declares_agrees_with_declared_names(plugins: Plugins) -> None:
    names = plugins.declared_names()
    assert {"BVPI", "three-pronged", "level", "end-value"} <= names
    assert all(plugins.declares(name) for name in names)
    assert not plugins.declares("no-such-declaration")


def test_loading_a_strategy_does_not_build_the_offence_registry() -> None:
    # requires is checked one declaration at a time (Plugins.declares); the offence-code
    # registry (cdrpkit.ingest) is only for reading figures, and costs a check its time.
    code = ("import sys, cdrpkit; cdrpkit.load('leicester-2005'); "
            "print('cdrpkit.ingest' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False", out.stderr
