"""Strategy files: loading, every kind of mistake, includes, round trips."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.periods import FinancialYear, Month
from tests.conftest import MINIMAL

HEADER = """\
cdrpkit: 1
id: mistakes
title: A strategy with a mistake
partnership:
  id: demo
  name: Demo Partnership
  agencies:
    - {id: police, name: Demo Constabulary, role: statutory}
indicators:
  - {id: burglary, family: local, title: Burglary, unit: offence, polarity: lower_is_better}
themes:
  - id: acquisitive
    title: Acquisitive crime
    chair: police
    priorities:
      - id: burglary-priority
        title: Burglary
        objectives:
          - id: burglary
            title: To reduce burglary
            targets:
"""

GOOD_TARGET = """\
              - kind: level
                text: Reduce domestic burglary from 2,806 to no more than 2,331 by March 2008
                indicator: burglary
                unit: offence
                baseline: {value: 2806, period: 2004/05}
                target: {value: 2331, period: by March 2008}
                annual_change: -0.06
"""

TARGET = "themes[0].priorities[0].objectives[0].targets[0]"

# (name, what replaces GOOD_TARGET or is appended, expected line, expected text in message)
MISTAKES = [
    (
        "wrong type",
        GOOD_TARGET.replace("value: 2806", 'value: "2,806"'),
        26,
        f"{TARGET}.baseline.value: expected a number, got the text '2,806'",
    ),
    (
        "unknown key",
        GOOD_TARGET + "                colour: red\n",
        29,
        f"{TARGET}.colour: unknown field 'colour' (known fields:",
    ),
    (
        "missing required field",
        GOOD_TARGET.replace("                baseline: {value: 2806, period: 2004/05}\n", ""),
        22,
        f"{TARGET}.baseline: required field 'baseline' is missing",
    ),
    (
        "bad period",
        GOOD_TARGET.replace("period: 2004/05", "period: 2004/06"),
        26,
        f"{TARGET}.baseline.period: ",
    ),
    (
        "unknown indicator",
        GOOD_TARGET.replace("indicator: burglary", "indicator: BV999"),
        24,
        f"{TARGET}.indicator: unknown indicator 'BV999'",
    ),
    (
        "negative count",
        GOOD_TARGET.replace("value: 2331", "value: -5"),
        27,
        f"{TARGET}.target: value must not be negative (got -5)",
    ),
    (
        "target period before baseline period",
        GOOD_TARGET.replace("by March 2008", "2003/04"),
        22,
        f"{TARGET}: target period 2003/04 is not after baseline period 2004/05",
    ),
    (
        "unknown target kind",
        GOOD_TARGET.replace("kind: level", "kind: levle"),
        22,
        f"{TARGET}: unknown target kind 'levle' (known kinds: baseline-then, change,",
    ),
    (
        "unknown unit",
        GOOD_TARGET.replace("unit: offence", "unit: ofence"),
        25,
        f"{TARGET}.unit: unit 'ofence': unknown unit name 'ofence'",
    ),
    (
        "duplicate id",
        GOOD_TARGET.replace("kind: level", "kind: level\n                id: same")
        + GOOD_TARGET.replace("kind: level", "kind: level\n                id: same"),
        31,
        f"targets[1].id: id 'same' is already used at {TARGET}",
    ),
    (
        "duplicate key",
        GOOD_TARGET + "                unit: incident\n",
        29,
        "key 'unit' appears twice",
    ),
    (
        "tag that would construct an object",
        GOOD_TARGET.replace(
            "text: Reduce",
            "note: !!python/object/apply:os.system ['echo owned']\n                text: Reduce",
        ),
        23,
        "has the tag 'tag:yaml.org,2002:python/object/apply:os.system': strategy files are plain",
    ),
    (
        "YAML syntax error",
        GOOD_TARGET.replace("{value: 2806, period: 2004/05}", "{value: 2806, period: 2004/05"),
        27,
        "is not valid YAML",
    ),
    (
        "unknown framework category",
        GOOD_TARGET
        + "            actions:\n              - text: Tackle hotspots\n"
        + "                classifications:\n"
        + "                  - {framework: three-pronged, category: prevent}\n",
        32,
        "actions[0].classifications[0]: unknown category 'prevent' of axis 'prong'",
    ),
]


@pytest.mark.parametrize(
    ("name", "body", "line", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
def test_mistakes_are_reported_with_file_line_and_path(
    write_strategy, name: str, body: str, line: int, expected: str
) -> None:
    path = write_strategy(HEADER + body)
    with pytest.raises(cdrpkit.StrategyError) as caught:
        cdrpkit.load(path)
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m for m in messages), messages
    located = [p for p in caught.value.problems if expected.split(":")[0] in str(p)]
    assert any(p.file == str(path) and p.line == line for p in located), [
        (p.file, p.line) for p in caught.value.problems
    ]


@pytest.mark.parametrize(
    ("name", "body", "line", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
def test_cli_reports_mistakes_without_traceback(
    write_strategy, name: str, body: str, line: int, expected: str
) -> None:
    path = write_strategy(HEADER + body)
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 2
    assert expected in result.output
    assert f"{path}:{line}:" in result.output
    assert "Traceback" not in result.output


def test_the_tag_is_never_executed(write_strategy, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    body = GOOD_TARGET.replace(
        "text: Reduce",
        f"note: !!python/object/apply:os.system ['touch {marker}']\n                text: Reduce",
    )
    with pytest.raises(cdrpkit.StrategyError):
        cdrpkit.load(write_strategy(HEADER + body))
    assert not marker.exists()


def test_every_problem_is_reported_at_once(write_strategy) -> None:
    body = GOOD_TARGET.replace("value: 2806", "value: -1").replace(
        "indicator: burglary", "colour: red"
    )
    with pytest.raises(cdrpkit.StrategyError) as caught:
        cdrpkit.load(write_strategy(HEADER + body))
    assert len(caught.value.problems) == 2
    assert str(caught.value).startswith(f"{caught.value.problems[0].file}: 2 problems found")


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("", "a strategy file starts with the format version 'cdrpkit: 1'"),
        ("cdrpkit: 2\n", "cdrpkit: format version 2 is not supported (expected the whole number 1"),
    ],
)
def test_version_key(write_strategy, first_line: str, expected: str) -> None:
    text = HEADER.replace("cdrpkit: 1\n", first_line) + GOOD_TARGET
    with pytest.raises(
        cdrpkit.StrategyError, match=expected.replace("(", r"\(").replace(")", r"\)")
    ):
        cdrpkit.load(write_strategy(text))


def test_minimal_strategy_loads_with_parsed_periods() -> None:
    strategy = cdrpkit.load(MINIMAL)
    target = strategy.find("burglary.t1").node
    assert target.baseline.period == FinancialYear(2004)
    # "by March 2008" stays the month it names; it lies in financial year 2007/08.
    assert target.target.period == Month(2008, 3)
    assert target.deadline.financial_year == FinancialYear(2007)
    assert strategy.find("burglary.t1").path == TARGET


def test_round_trip_gives_an_equal_strategy(tmp_path: Path) -> None:
    strategy = cdrpkit.load(MINIMAL)
    saved = cdrpkit.save(strategy, tmp_path / "again.yaml")
    assert cdrpkit.load(saved) == strategy
    assert cdrpkit.from_data(yaml.safe_load(cdrpkit.dumps(strategy))) == strategy


def test_split_files_with_includes(write_strategy) -> None:
    write_strategy(
        """
        - kind: milestone
          text: Website redeveloped and launched by June 2005
          deliverable: Website relaunched
          due: by June 2005
        - kind: recurring
          text: Hold one Partnership Networking Event per year
          deliverable: Partnership Networking Event
          every: year
        """,
        "parts/targets.yaml",
    )
    path = write_strategy(
        """
        cdrpkit: 1
        id: split
        title: Split strategy
        partnership: {id: demo, name: Demo}
        objectives:
          - id: comms
            title: To improve communications
            targets:
              - include: parts/targets.yaml
              - kind: milestone
                text: Implement full Communications Strategy by March 2006
                deliverable: Communications Strategy
                due: by March 2006
        """
    )
    strategy = cdrpkit.load(path)
    targets = strategy.objectives[0].targets
    assert [t.kind for t in targets] == ["milestone", "recurring", "milestone"]
    assert [t.id for t in targets] == ["comms.t1", "comms.t2", "comms.t3"]


def test_error_in_included_file_names_that_file_and_line(write_strategy) -> None:
    part = write_strategy(
        """
        - kind: milestone
          text: Website redeveloped and launched by June 2005
          deliverable: Website relaunched
          due: by Juneish 2005
        """,
        "parts/targets.yaml",
    )
    path = write_strategy(
        """
        cdrpkit: 1
        id: split
        title: Split strategy
        partnership: {id: demo, name: Demo}
        objectives:
          - id: comms
            title: To improve communications
            targets:
              - include: parts/targets.yaml
        """
    )
    with pytest.raises(cdrpkit.StrategyError) as caught:
        cdrpkit.load(path)
    [problem] = caught.value.problems
    assert problem.path == "objectives[0].targets[0].due"
    assert (problem.file, problem.line) == (str(part.resolve()), 4)


def test_include_outside_the_strategy_directory_is_refused(write_strategy, tmp_path: Path) -> None:
    outside = tmp_path.parent / "outside.yaml"
    outside.write_text("- {kind: milestone, text: x, deliverable: x, due: 2005}\n")
    path = write_strategy(
        f"""
        cdrpkit: 1
        id: split
        title: Split strategy
        partnership: {{id: demo, name: Demo}}
        objectives:
          - id: comms
            title: To improve communications
            targets:
              - include: ../{outside.name}
        """,
        "inner/strategy.yaml",
    )
    with pytest.raises(cdrpkit.StrategyError, match="points outside the strategy directory"):
        cdrpkit.load(path)


def test_unknown_name_lists_registered_strategies() -> None:
    with pytest.raises(
        cdrpkit.NotFoundError, match="no strategy file or registered strategy called 'nowhere-2005'"
    ):
        cdrpkit.load("nowhere-2005")


def test_missing_file_is_an_input_error() -> None:
    result = CliRunner().invoke(cli, ["show", "no/such/strategy.yaml"])
    assert result.exit_code == 2
    assert "no/such/strategy.yaml: no such file or directory" in result.output


def test_header_and_target_constants_agree() -> None:
    # The line numbers above count from the header: keep this guard so an edit to the
    # header cannot silently shift every expected line.
    assert textwrap.dedent(HEADER).count("\n") == 21
