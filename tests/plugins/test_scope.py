"""Issue 18: a plugin's rules and renderers serve the strategies it declares, no others;
cdrpkit's own tests run with a host isolated from whatever else is installed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import cdrpkit
from cdrpkit.checks import check
from cdrpkit.plugins import Plugins
from cdrpkit.plugins.declarations import Scope
from cdrpkit.plugins.host import ONLY_ENV
from cdrpkit.reports import report
from tests.conftest import MINIMAL, OUR_DISTRIBUTIONS, install_dist
from tests.plugins import scoped_plugin

FIXTURES = Path(__file__).parent


def _host() -> Plugins:
    return Plugins(plugins=[("harborough:main", scoped_plugin)], strict=True)


def _as(strategy_id: str) -> cdrpkit.Strategy:
    import attrs

    return attrs.evolve(cdrpkit.load(MINIMAL), id=strategy_id)


def test_a_scoped_rule_runs_only_for_the_strategy_it_serves() -> None:
    host = _host()
    theirs = [f.rule for f in check(cdrpkit.load(MINIMAL, plugins=host), plugins=host)]
    assert "harborough-note" not in theirs
    mine = check(_as("harborough-2005"), plugins=host)
    assert [f.message for f in mine if f.rule == "harborough-note"] == [
        "Harborough looked at lags.t1.", "Harborough looked at burglary.t1."]


def test_our_rules_serve_every_strategy() -> None:
    assert all(rule.applies_to.serves_all for rule in Plugins().checks.values())
    assert all(r.applies_to.serves_all for r in Plugins().renderers.values())


def test_a_family_scope_serves_strategies_requiring_that_family() -> None:
    scope = Scope(families=("LPSA2",))
    assert scope.serves_strategy(cdrpkit.load("leicester-2005"))  # requires LPSA2
    assert not scope.serves_strategy(cdrpkit.load(MINIMAL))
    assert scope.describe() == "strategies requiring LPSA2"


def _observations() -> pd.DataFrame:
    return pd.DataFrame([{"partnership": "demo", "indicator": "domestic-burglary",
                          "target": "", "period": "2005/06", "value": 2700, "unit": "offence",
                          "source": "example", "status": "illustrative"}])


def test_a_scoped_renderer_adds_no_file_to_another_strategys_report(tmp_path: Path) -> None:
    host = _host()
    theirs = report(cdrpkit.load(MINIMAL, plugins=host), _observations(), tmp_path / "a",
                    plugins=host)
    assert "harborough-page" not in theirs
    assert {"html", "excel", "markdown"} <= set(theirs)
    mine = report(_as("harborough-2005"), _observations(), tmp_path / "b", plugins=host)
    assert mine["harborough-page"].read_text() == "Harborough's own page\n"


def test_the_suite_runs_with_only_our_distributions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A partnership's plugin installed on the machine...
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(FIXTURES / "scoped_plugin.py", site / "harborough_plugin.py")
    install_dist(site, "cdrpkit-harborough", "0.1.0", {"main": "harborough_plugin"})
    monkeypatch.syspath_prepend(str(site))
    # ...is left out of the host the suite's conftest makes the default,
    assert ONLY_ENV in __import__("os").environ
    assert "harborough-note" not in Plugins().checks
    assert {i.name.split(":")[0] for i in Plugins().infos()} <= set(OUR_DISTRIBUTIONS)
    # and is there when nothing restricts the host.
    monkeypatch.delenv(ONLY_ENV)
    assert "harborough-note" in Plugins().checks
    assert "harborough-note" not in Plugins(only=["cdrpkit"]).checks
