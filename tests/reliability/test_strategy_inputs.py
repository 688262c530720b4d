"""Issue 14's reproducers for strategy files: each a clean error, fast, never a traceback.

Reproducer numbers are the issue's. Risky cases (bombs, hangs) run under a time and
memory limit (:func:`tests.fuzz.bounded.run_bounded`), so a regression fails one test
instead of hanging the suite.
"""

from __future__ import annotations

import copy
import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import cdrpkit
from cdrpkit import limits
from cdrpkit.errors import StrategyError
from tests.conftest import MINIMAL
from tests.fuzz.bounded import assert_clean, run_bounded

TEXT = MINIMAL.read_text(encoding="utf-8")
DATA: dict[str, Any] = yaml.safe_load(TEXT)
TARGET_PATH = "themes[0].priorities[0].objectives[0].targets[0]"


def target(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = data["themes"][0]["priorities"][0]["objectives"][0]["targets"][0]
    return found


def load_changed(tmp_path: Path, change: Any) -> cdrpkit.Strategy:
    data = copy.deepcopy(DATA)
    change(data)
    path = tmp_path / "strategy.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return cdrpkit.load(path)


def problems_of(tmp_path: Path, change: Any) -> list[str]:
    with pytest.raises(StrategyError) as caught:
        load_changed(tmp_path, change)
    text = [str(p) for p in caught.value.problems]
    assert all("strategy.yaml:" in t for t in text), text  # file and line, always
    return text


# --- 1. wrong shapes and fixed-choice typos -----------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "expected"),
    [
        (lambda d: d["partnership"]["agencies"][0].update(role="boss"),
         "partnership.agencies[0].role", "'boss' is not one of: statutory, strategic, other"),
        (lambda d: target(d).update(baseline=[2806, "2004/05"]), f"{TARGET_PATH}.baseline",
         "expected a mapping of fields (value, period, source, note, period_source), got a list"),
        (lambda d: target(d).update(baseline=2806), f"{TARGET_PATH}.baseline",
         "expected a mapping of fields (value, period, source, note, period_source), got the "
         "number 2806"),
        (lambda d: d.update(requires="BVPI"), "requires",
         "expected a mapping (name: value), got the text 'BVPI'"),
        (lambda d: d["themes"][0].update(priorities=5), "themes[0].priorities",
         "expected a list, got the number 5"),
        (lambda d: d["partnership"].update(agencies=None), "partnership.agencies",
         "expected a list, got nothing"),
        (lambda d: d.update(partnership=["x"]), "partnership", "expected a mapping of fields"),
    ],
    ids=["role-boss", "baseline-list", "baseline-scalar", "requires-text", "priorities-number",
         "agencies-none", "partnership-list"],
)
def test_1_shapes_and_choices(tmp_path: Path, change: Any, path: str, expected: str) -> None:
    found = problems_of(tmp_path, change)
    assert any(f": {path}: {expected}" in p for p in found), found


# --- 2. numbers that do not fit -------------------------------------------------------------


def test_2_a_number_of_4301_digits(write_strategy: Any) -> None:
    path = write_strategy(TEXT.replace("value: 2806", "value: 1" + "0" * 4300))
    with pytest.raises(StrategyError) as caught:
        cdrpkit.load(path)
    message = str(caught.value)
    assert f"baseline.value: a number of 4,301 digits; the limit is {limits.MAX_NUMBER_DIGITS}" \
        in message
    assert len(message) < 300  # the number is not repeated


def test_2_a_tag_that_does_not_fit(write_strategy: Any) -> None:
    with pytest.raises(StrategyError, match=r"partnership\.area: 'zz' is tagged !!int but is "
                                            "not a whole number"):
        cdrpkit.load(write_strategy(TEXT.replace("area: Demo City", "area: !!int zz")))


# --- 3, 4. recursion, alias bombs ------------------------------------------------------------


def test_3_recursive_alias(write_strategy: Any) -> None:
    path = write_strategy(TEXT.replace("cdrpkit: 1\n", "cdrpkit: 1\nnote: &a [*a]\n"))
    assert_clean(run_bounded(lambda: cdrpkit.load(path), seconds=5),
                 contains="note[0]: an alias refers to a value that contains it")


def test_3_unit_in_1000_parentheses(tmp_path: Path) -> None:
    unit = "(" * 1000 + "offence" + ")" * 1000
    found = problems_of(tmp_path, lambda d: target(d).update(unit=unit))
    assert any("unit: unit '(((" in p and "characters long; the limit is 200" in p
               for p in found), found
    assert all(len(p) < 400 for p in found)


def test_3_chain_of_1500_includes(tmp_path: Path) -> None:
    for k in range(1500):
        (tmp_path / f"part{k}.yaml").write_text(f"- include: part{k + 1}.yaml\n")
    (tmp_path / "part1500.yaml").write_text("- {id: x, title: X}\n")
    path = tmp_path / "strategy.yaml"
    path.write_text(TEXT.replace("themes:\n", "themes:\n  - include: part0.yaml\n", 1))
    assert_clean(run_bounded(lambda: cdrpkit.load(path), seconds=10),
                 contains=f"includes are chained over {limits.MAX_INCLUDE_DEPTH} deep")


BILLION_LAUGHS = "cdrpkit: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join([f'*{chr(97 + k)}'] * 9)}]\n" for k in range(8)
)


def test_4_billion_laughs_fails_fast(write_strategy: Any) -> None:
    assert len(BILLION_LAUGHS.encode()) < 450  # the 400-byte bomb: 9**9 items
    path = write_strategy(BILLION_LAUGHS)
    outcome = run_bounded(lambda: cdrpkit.load(path), seconds=5, memory=256 * 1024 * 1024)
    assert_clean(outcome, contains=f"aliases are used over {limits.MAX_YAML_ALIASES} times")
    start = time.perf_counter()
    with pytest.raises(StrategyError):
        cdrpkit.load(path)
    assert time.perf_counter() - start < 0.5


def test_4_a_few_aliases_still_work(write_strategy: Any) -> None:
    text = TEXT.replace("partners: [police]", "partners: &p [police]")
    text = text.replace("    title: Acquisitive Crime\n", "    title: Acquisitive Crime\n")
    strategy = cdrpkit.load(write_strategy(text))
    assert strategy.themes[0].partners == ("police",)


def test_deep_nesting(write_strategy: Any) -> None:
    deep = "[" * 60 + "]" * 60
    path = write_strategy(TEXT.replace("cdrpkit: 1\n", f"cdrpkit: 1\nnote: {deep}\n"))
    assert_clean(run_bounded(lambda: cdrpkit.load(path), seconds=5),
                 contains=f"is nested over {limits.MAX_YAML_DEPTH} deep")


# --- 5. units ------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["kiloperson ** 99999999", "offence / kiloperson ** 400"])
def test_5_absurd_exponents(tmp_path: Path, unit: str) -> None:
    def load_and_check() -> None:
        cdrpkit.check(load_changed(tmp_path, lambda d: target(d).update(unit=unit)))

    assert_clean(run_bounded(load_and_check, seconds=5),
                 contains=f"over the limit of {limits.MAX_UNIT_EXPONENT}")


# --- 6. includes and file kinds -----------------------------------------------------------


def test_6_fan_out_of_includes(tmp_path: Path) -> None:
    for k in range(8):
        (tmp_path / f"f{k}.yaml").write_text(f"- include: f{k + 1}.yaml\n" * 10)
    (tmp_path / "f8.yaml").write_text("- {id: x, title: X}\n")
    path = tmp_path / "strategy.yaml"
    path.write_text(TEXT.replace("themes:\n", "themes:\n  - include: f0.yaml\n", 1))
    outcome = run_bounded(lambda: cdrpkit.load(path), seconds=10)
    assert_clean(outcome, contains=f"over {limits.MAX_INCLUDES} files are included")
    assert outcome.seconds < 5


def test_6_fifo_as_source_and_as_include(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert_clean(run_bounded(lambda: cdrpkit.load(fifo), seconds=5),
                 contains="pipe.yaml: is a FIFO, device or socket, not a regular file")
    path = tmp_path / "strategy.yaml"
    path.write_text(TEXT.replace("themes:\n", "themes:\n  - include: pipe.yaml\n", 1))
    assert_clean(run_bounded(lambda: cdrpkit.load(path), seconds=5),
                 contains="not a regular file")


def test_6_dev_zero() -> None:
    assert_clean(run_bounded(lambda: cdrpkit.load("/dev/zero"), seconds=5),
                 contains="/dev/zero: is a FIFO, device or socket, not a regular file")


def test_6_nul_byte_in_an_include(tmp_path: Path) -> None:
    path = tmp_path / "strategy.yaml"
    path.write_text(TEXT.replace("themes:\n", 'themes:\n  - include: "a\\0b.yaml"\n', 1))
    assert_clean(run_bounded(lambda: cdrpkit.load(path), seconds=5),
                 contains="contains a NUL character")


def test_6_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    path = tmp_path / "strategy.yaml"
    path.write_text(TEXT.replace("themes:\n", "themes:\n  - include: a.yaml\n", 1))
    assert_clean(run_bounded(lambda: cdrpkit.load(path), seconds=5),
                 contains="loop of symbolic links")
    assert_clean(run_bounded(lambda: cdrpkit.load(tmp_path / "a.yaml"), seconds=5),
                 contains="loop of symbolic links")


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "strategy.yaml"
    path.write_text(TEXT + "#" * limits.MAX_STRATEGY_BYTES)
    with pytest.raises(StrategyError, match="the limit is 5,242,880"):
        cdrpkit.load(path)


# --- 7. periods -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("quarter ending March 0000", "the year 0000 is outside 1900 to 2100"),
        ("2004/05-Q" + "1" * 5000, "(5,000 digits) is not a quarter; quarters are Q1 to Q4"),
    ],
)
def test_7_periods_in_a_strategy(tmp_path: Path, period: str, expected: str) -> None:
    found = problems_of(tmp_path, lambda d: target(d)["target"].update(period=period))
    assert any(f"{TARGET_PATH}.target.period: " in p and expected in p for p in found), found
    assert all(len(p) < 1000 for p in found)


# --- 12. check rules on values the loader accepts ---------------------------------------------


def test_12_annual_change_zero_does_not_crash_a_rule(tmp_path: Path) -> None:
    strategy = load_changed(tmp_path, lambda d: target(d).update(annual_change=0))
    findings = cdrpkit.check(strategy)
    assert not [f for f in findings if "failed (" in f.message], findings
    # 2,806 held flat is not 2,331: the end-value rule still says so.
    assert any(f.rule == "end-value" for f in findings)


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_12_nan_and_infinity_are_refused(tmp_path: Path, bad: float) -> None:
    found = problems_of(tmp_path, lambda d: target(d)["target"].update(value=bad))
    assert any(f"{TARGET_PATH}.target.value: expected a finite number" in p for p in found)


def test_12_nan_refused_through_the_model() -> None:
    from cdrpkit.model.figures import Figure

    with pytest.raises(ValueError, match="value must be a finite number, not nan"):
        Figure(value=float("nan"), unit="person")


# --- accepted although wrong ----------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0", "true", "'1'"])
def test_version_key_must_be_the_integer_1(write_strategy: Any, version: str) -> None:
    path = write_strategy(TEXT.replace("cdrpkit: 1\n", f"cdrpkit: {version}\n"))
    with pytest.raises(StrategyError, match="expected the whole number 1"):
        cdrpkit.load(path)


@pytest.mark.parametrize("field", ["population", "households"])
def test_population_and_household_units_are_checked(tmp_path: Path, field: str) -> None:
    found = problems_of(tmp_path, lambda d: d["partnership"][field].update(unit="offence"))
    assert any(f"partnership.{field}.unit: the {field} is counted in" in p for p in found)
    found = problems_of(tmp_path, lambda d: d["partnership"][field].update(unit="furlong"))
    assert any("unknown unit name 'furlong'" in p for p in found)


def test_ids_unique_across_kinds(tmp_path: Path) -> None:
    # An agency and a theme may not share an id; before, only ids of one kind were compared.
    found = problems_of(tmp_path, lambda d: d["themes"][0].update(id="police"))
    assert any("id 'police' is already used at" in p for p in found), found


@pytest.mark.parametrize(
    "ident", ["..\\..\\Users\\Public\\x", "a:b", "x" * 300, "a\0b", "CON", "../up", "a.", "é"]
)
def test_ids_are_safe_file_names(tmp_path: Path, ident: str) -> None:
    found = problems_of(tmp_path, lambda d: d["themes"][0].update(id=ident))
    assert any("is not a safe id" in p for p in found), found
    assert all(len(p) < 400 for p in found)


def test_long_values_are_cut_short_in_messages(tmp_path: Path) -> None:
    long_role = "b" * 100_000
    found = problems_of(tmp_path, lambda d: d["partnership"]["agencies"][0].update(role=long_role))
    assert any("is not one of" in p and "…" in p for p in found)
    assert all(len(p) < 400 for p in found)


EXTREMES = [0, 0.5, 999_999_999_999_999.9, 10**15]


@pytest.mark.parametrize("baseline", EXTREMES)
@pytest.mark.parametrize("end", EXTREMES)
@pytest.mark.parametrize("change", [-0.99, 0, 0.06, 9.99, None])
def test_12_no_rule_crashes_on_figures_at_the_limits(baseline: float, end: float,
                                                     change: float | None) -> None:
    data = copy.deepcopy(DATA)
    target(data)["baseline"]["value"] = baseline
    target(data)["target"]["value"] = end
    if change is None:
        del target(data)["annual_change"]
    else:
        target(data)["annual_change"] = change
    strategy = cdrpkit.from_data(data)
    findings = cdrpkit.check(strategy)
    assert not [f.message for f in findings if "failed (" in f.message]
    for node in strategy.targets():
        cdrpkit.trajectory(node.node)


def test_figures_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    found = problems_of(tmp_path, lambda d: target(d)["baseline"].update(value=1e16))
    assert any("is beyond the limit of 1,000,000,000,000,000 either way" in p for p in found)
