"""Property fuzzing: whatever the input, a clean error or a correct acceptance.

Never a traceback, a hang or exhausted memory: every example runs in a forked child
under a time and memory limit (:mod:`tests.fuzz.bounded`). Hypothesis is derandomized
with a fixed number of examples, so the suite is deterministic and its time bounded
(well under a minute on two cores; see the settings below).
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import cdrpkit
from cdrpkit.plugins import Plugins
from tests.conftest import MINIMAL
from tests.fuzz.bounded import run_bounded
from tests.fuzz.strategies import observation_rows, strategy_data, yaml_text

FUZZ = settings(
    max_examples=100,
    deadline=None,  # each example has its own time limit, in the child
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SECONDS = 10
MEMORY = 512 * 1024 * 1024


@pytest.fixture(scope="module")
def host() -> Plugins:
    """One warmed-up plugin host whose modules every forked example shares."""
    plugins = Plugins()
    cdrpkit.check(cdrpkit.load(MINIMAL, plugins=plugins), plugins=plugins)
    import pandas  # noqa: F401  (imported once here, not in each child)

    return plugins


def accepted_strategy_is_usable(strategy: cdrpkit.Strategy, plugins: Plugins) -> str:
    """What an accepted strategy must survive: check (no rule crashes), its tables,
    a trajectory per target, and a round trip through YAML."""
    findings = cdrpkit.check(strategy, plugins=plugins)
    crashed = [f.message for f in findings if "failed (" in f.message]
    assert not crashed, crashed
    strategy.targets_frame()
    for node in strategy.targets():
        with contextlib.suppress(cdrpkit.CdrpkitError):  # a kind without one says so
            cdrpkit.trajectory(node.node)
    assert cdrpkit.from_data(cdrpkit.to_data(strategy, plugins=plugins), plugins=plugins) \
        == strategy
    return "accepted"


def assert_clean_or_accepted(outcome: Any) -> None:
    assert outcome.kind in ("ok", "error"), str(outcome)
    if outcome.kind == "error":
        assert "Traceback" not in outcome.message
        assert len(outcome.message) < 20_000, "a long input is repeated in the message"


@FUZZ
@given(data=strategy_data())
def test_strategy_data(data: dict[str, Any], host: Plugins) -> None:
    def run() -> str:
        return accepted_strategy_is_usable(cdrpkit.from_data(data, plugins=host), host)

    assert_clean_or_accepted(run_bounded(run, seconds=SECONDS, memory=MEMORY))


@FUZZ
@given(text=yaml_text())
def test_yaml_text(text: str, host: Plugins) -> None:
    def run() -> str:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "strategy.yaml"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            return accepted_strategy_is_usable(cdrpkit.load(path, plugins=host), host)

    assert_clean_or_accepted(run_bounded(run, seconds=SECONDS, memory=MEMORY))


@FUZZ
@given(table=observation_rows())
def test_observation_files(table: tuple[list[str], list[list[str]]], host: Plugins) -> None:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)

    def run() -> str:
        strategy = cdrpkit.load(MINIMAL, plugins=host)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "figures.csv"
            path.write_text(buffer.getvalue(), encoding="utf-8", errors="surrogatepass")
            frame = cdrpkit.read_observations(path, strategy, plugins=host)
        # Accepted figures are finite numbers with a parsed period.
        assert all(math.isfinite(v) for v in frame["value"])
        assert set(frame["period_kind"]) <= {"year", "quarter", "month"}
        return f"{len(frame)} rows"

    assert_clean_or_accepted(run_bounded(run, seconds=SECONDS, memory=MEMORY))
