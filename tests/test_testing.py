"""cdrpkit.testing: the helpers a partnership's plugin tests use."""

from __future__ import annotations

import types
from collections.abc import Callable
from pathlib import Path

import pytest

from cdrpkit import hookimpl
from cdrpkit.plugins import Plugins, StrategySource, default_plugins
from cdrpkit.testing import (
    assert_checks_clean,
    assert_loads,
    assert_trajectory_reaches,
    cdrpkit_plugins,  # noqa: F401  (the fixture under test)
    isolated_plugins,
)
from tests.conftest import DATA

MINIMAL = DATA / "minimal"


def test_assert_loads_returns_the_strategy() -> None:
    assert assert_loads(MINIMAL).id == "minimal"


def test_assert_loads_fails_with_every_problem(write_strategy: Callable[..., Path]) -> None:
    path = write_strategy("cdrpkit: 1\nid: x\ntitle: X\n")
    with pytest.raises(AssertionError, match=r"(?s)does not load:\n.*partnership: required field"):
        assert_loads(path)


def test_assert_checks_clean_passes_warnings_by_default() -> None:
    assert assert_checks_clean(MINIMAL).id == "minimal"


def test_assert_checks_clean_fails_on_a_disallowed_severity() -> None:
    from cdrpkit.check import check

    severities = {f.severity for f in check(assert_loads(MINIMAL))}
    assert severities, "the minimal strategy should give at least one finding"
    # Findings come most severe first, so the message starts with the most severe one.
    severity = min(severities, key=("error", "warning", "info").index)
    with pytest.raises(AssertionError, match=rf"finding\(s\):\n  {severity} \["):
        assert_checks_clean(MINIMAL, allow=())


def test_trajectory_reproduces_the_published_end_value() -> None:
    # "from 2,806 offences in 2004/05 to no more than 2,331 offences by March 2008, with
    # a yearly 6% reduction": 2,806 x 0.94^3 = 2,330.6, printed 2,331.
    strategy = assert_loads(MINIMAL)
    expected = assert_trajectory_reaches(strategy, "burglary.t1", 2331)
    assert expected == pytest.approx(2330.6, abs=0.05)
    assert assert_trajectory_reaches(strategy, "burglary.t1", 2330.6, digits=1) == pytest.approx(
        2330.6, abs=0.05
    )


def test_trajectory_rounding_modes() -> None:
    strategy = assert_loads(MINIMAL)
    assert_trajectory_reaches(strategy, "burglary.t1", 2331, rounding="up")
    message = "rounds \\(down, 0 digits\\) to 2,330, not the published 2,331"
    with pytest.raises(AssertionError, match=message):
        assert_trajectory_reaches(strategy, "burglary.t1", 2331, rounding="down")
    with pytest.raises(ValueError, match="rounding 'sideways'"):
        assert_trajectory_reaches(strategy, "burglary.t1", 2331, rounding="sideways")


def test_trajectory_of_an_intermediate_year_and_unknown_ones() -> None:
    strategy = assert_loads(MINIMAL)
    # 2,806 x 0.94 = 2,637.6 in 2005/06.
    assert_trajectory_reaches(strategy, "burglary.t1", 2638, period="2005/06")
    with pytest.raises(AssertionError, match="no trajectory value for 2010/11"):
        assert_trajectory_reaches(strategy, "burglary.t1", 1, period="2010/11")
    with pytest.raises(AssertionError, match="no trajectory for 'nope'"):
        assert_trajectory_reaches(strategy, "nope", 1)


def test_isolated_plugins_is_strict_and_takes_extra_plugins(tmp_path: Path) -> None:
    source = StrategySource(name="extra", path=MINIMAL)
    extra = types.SimpleNamespace(cdrpkit_register_strategies=hookimpl(lambda: [source]))
    host = isolated_plugins(("extra", extra))
    assert host.strict
    assert host.strategies["extra"].path == MINIMAL
    assert assert_loads("extra", plugins=host).id == "minimal"
    assert "extra" not in isolated_plugins().strategies


def test_the_fixture_gives_a_fresh_host_each_time(cdrpkit_plugins: Plugins) -> None:  # noqa: F811
    assert isinstance(cdrpkit_plugins, Plugins)
    assert cdrpkit_plugins.strict
    assert cdrpkit_plugins is not default_plugins()
    assert "three-pronged" in cdrpkit_plugins.frameworks


def test_assert_trajectory_reaches_says_when_a_target_expects_no_value() -> None:
    # Issue 18: "Decrease repeat victimisation by 12% by 2008" has no baseline value, so
    # no value to reach: the helper says so instead of comparing a nan.
    import cdrpkit
    from cdrpkit.testing import assert_trajectory_reaches

    strategy = cdrpkit.load("leicester-2005")
    with pytest.raises(AssertionError, match=r"expects no value in 2008/09: its kind states"
                                             r" no figure to reach there .*0\.88 times"):
        assert_trajectory_reaches(strategy, "tackle-domestic-violence.t6", 100)


def test_assert_trajectory_reaches_checks_a_quarter() -> None:
    from cdrpkit.testing import assert_loads, assert_trajectory_reaches

    strategy = assert_loads("tests/data/minimal")
    # 2,806 x 0.94^3 = 2,330.6 a year: a quarter of it is 582.65, printed 583.
    value = assert_trajectory_reaches(strategy, "burglary.t1", 583, quarters=True,
                                      period="2007/08-Q4")
    assert round(value, 2) == 582.65
