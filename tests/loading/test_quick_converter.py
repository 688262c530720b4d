"""Issue 18: sound strategies are structured without cattrs (cdrpkit.loading.quick),
exactly as the cattrs converter structures them; the converter runs only when that fails,
so every error still names its field and line."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import cdrpkit
from cdrpkit.errors import StrategyError
from cdrpkit.loading import _fill_ids, quick, yamlio
from cdrpkit.loading.convert import make_converter
from cdrpkit.model import Strategy
from cdrpkit.model.kinds import Target
from cdrpkit.plugins import Plugins
from tests.conftest import DATA, ROOT
from tests.fuzz.strategies import strategy_data


def _body(data: dict[str, Any]) -> dict[str, Any]:
    """The data as the loader structures them (ids filled in, the version taken out)."""
    body = {k: v for k, v in copy.deepcopy(data).items() if k != "cdrpkit"}
    _fill_ids(body)
    return body


def _both(body: dict[str, Any], host: Plugins) -> tuple[Any, Any]:
    """What each structurer makes of ``body``: a strategy or the type of its error."""
    kinds = {name: kind.cls for name, kind in host.kinds.items()}
    outcomes = []
    for attempt in (lambda: quick.structure(copy.deepcopy(body), Strategy, kinds=kinds),
                    lambda: make_converter(kinds).structure(copy.deepcopy(body), Strategy)):
        try:
            outcomes.append(attempt())
        except Exception as exc:
            outcomes.append(type(exc))
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize("folder", ["examples/leicester_2005", "examples/leics_county_csp",
                                    "tests/data/minimal"])
def test_both_structurers_give_the_same_strategy(folder: str, plugins: Plugins) -> None:
    plugins.install_units()
    body = _body(yamlio.read(ROOT / folder / "strategy.yaml").data)
    fast, converted = _both(body, plugins)
    assert isinstance(fast, Strategy) and isinstance(converted, Strategy)
    # repr too: equal models could still differ in a value's type (2806 and 2806.0).
    assert fast == converted and repr(fast) == repr(converted)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=strategy_data())
def test_what_the_quick_structurer_accepts_the_converter_accepts_alike(
    data: dict[str, Any], plugins: Plugins
) -> None:
    plugins.install_units()
    if not isinstance(data, dict):
        return
    fast, converted = _both(_body(data), plugins)
    if isinstance(fast, Strategy):
        assert isinstance(converted, Strategy), "accepted quickly, refused by the converter"
        assert repr(fast) == repr(converted)


def test_an_error_still_names_its_field_and_line(tmp_path: Path) -> None:
    text = (DATA / "minimal" / "strategy.yaml").read_text(encoding="utf-8")
    assert "value: 2331" in text
    path = tmp_path / "strategy.yaml"
    path.write_text(text.replace("value: 2331", "value: '2,331'"), encoding="utf-8")
    with pytest.raises(StrategyError) as caught:
        cdrpkit.load(path)
    [problem] = caught.value.problems
    assert problem.path.endswith(".target.value")
    assert problem.line == text[: text.index("value: 2331")].count("\n") + 1
    assert "expected a whole number, got the text '2,331'" in problem.message or \
        "expected a number, got the text '2,331'" in problem.message


@attrs.frozen(kw_only=True)
class _Pair(Target):
    """A plugin kind with a field of a type the quick structurer does not read."""

    kind = "pair-test"
    pair: tuple[int, str] = (0, "")


def test_a_field_type_it_does_not_read_is_left_to_the_converter() -> None:
    body = {"id": "p", "text": "A pair", "pair": [3, "three"]}
    with pytest.raises(quick.Unsupported):
        quick.structure(body, _Pair, kinds={})
    assert make_converter({}).structure(body, _Pair).pair == (3, "three")
