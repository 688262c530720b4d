"""The hand corpus: each file ends in the error it expects, or is accepted and checks cleanly."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

import cdrpkit
from cdrpkit.plugins import Plugins
from tests.conftest import MINIMAL
from tests.fuzz.bounded import Outcome, run_bounded

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, str] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def test_every_corpus_file_has_an_expectation() -> None:
    files = {str(p.relative_to(CORPUS)) for p in CORPUS.glob("*/*") if p.is_file()}
    assert files == set(EXPECTED)


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Plugins:
    """One plugin host, warmed up in this process so each forked case starts at once
    (modules imported and plugins loaded here are shared with every child)."""
    plugins = Plugins()
    _check(MINIMAL, plugins)
    good = tmp_path_factory.mktemp("warm") / "figures.csv"
    good.write_text("partnership,indicator,target,period,value,unit,source,status\n"
                    "demo,domestic-burglary,,2005/06,2700,offence,police,actual\n")
    _read(good, plugins)
    return plugins


def _check(path: Path, plugins: Plugins) -> str:
    """Load and check a strategy; a rule that crashes is a failure of the case."""
    strategy = cdrpkit.load(path, plugins=plugins)
    findings = cdrpkit.check(strategy, plugins=plugins)
    crashed = [f.message for f in findings if "failed (" in f.message]
    assert not crashed, crashed
    for node in strategy.targets():
        with contextlib.suppress(cdrpkit.CdrpkitError):  # a kind without one says so
            cdrpkit.trajectory(node.node)
    return f"{len(findings)} findings"


def _read(path: Path, plugins: Plugins) -> str:
    strategy = cdrpkit.load(MINIMAL, plugins=plugins)
    frame = cdrpkit.read_observations(path, strategy, plugins=plugins)
    return f"{len(frame)} rows"


def _expect(outcome: Outcome, expected: str) -> None:
    if expected == "accept":
        assert outcome.kind == "ok", str(outcome)
    else:
        assert outcome.kind == "error", str(outcome)
        assert expected in outcome.message, str(outcome)
        assert len(outcome.message) < 2000, "a long input value is repeated in the message"


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("strategies/")))
def test_strategy_corpus(name: str, host: Plugins) -> None:
    outcome = run_bounded(lambda: _check(CORPUS / name, host), seconds=10,
                          memory=512 * 1024 * 1024)
    _expect(outcome, EXPECTED[name])
    assert outcome.seconds < 5


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if n.startswith("observations/")))
def test_observation_corpus(name: str, host: Plugins) -> None:
    outcome = run_bounded(lambda: _read(CORPUS / name, host), seconds=10,
                          memory=512 * 1024 * 1024)
    _expect(outcome, EXPECTED[name])
    assert outcome.seconds < 5
