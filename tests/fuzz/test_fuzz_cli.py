"""Property fuzzing of command-line arguments: exit 0, 1 or 2, never 3 (a crash)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cdrpkit.cli import cli
from tests.conftest import MINIMAL
from tests.fuzz.bounded import run_bounded
from tests.fuzz.strategies import NASTY_TEXT

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow,
                                       HealthCheck.function_scoped_fixture])
FIGURES = (
    "partnership,indicator,target,period,value,unit,source,status\n"
    "demo,domestic-burglary,,2005/06,2700,offence,police,actual\n"
)
ARGUMENT = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=30))


def exit_code(*args: str) -> int:
    return CliRunner().invoke(cli, list(args)).exit_code


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "figures.csv"
    path.write_text(FIGURES)
    exit_code("assess", str(MINIMAL), "--data", str(path))  # warm up the imports
    return path


@FUZZ
@given(period=ARGUMENT)
def test_assess_period(period: str, figures: Path) -> None:
    outcome = run_bounded(
        lambda: exit_code("assess", str(MINIMAL), "--data", str(figures), "--period", period),
        seconds=20,
    )
    assert outcome.kind == "ok" and outcome.message in ("0", "2"), str(outcome)


@FUZZ
@given(profile=ARGUMENT, target=ARGUMENT)
def test_trajectory_arguments(profile: str, target: str, figures: Path) -> None:
    outcome = run_bounded(
        lambda: exit_code("trajectory", str(MINIMAL), target, "--profile", profile), seconds=20
    )
    assert outcome.kind == "ok" and outcome.message in ("0", "2"), str(outcome)


@FUZZ
@given(source=ARGUMENT, rule=ARGUMENT)
def test_check_arguments(source: str, rule: str, figures: Path) -> None:
    outcome = run_bounded(lambda: exit_code("check", source, "--disable", rule), seconds=20)
    assert outcome.kind == "ok" and outcome.message in ("0", "1", "2"), str(outcome)
