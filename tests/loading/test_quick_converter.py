"""Issue 18: sound strategies are structured by a quick converter (no field paths); the
detailed one runs only when that fails, so errors still name their fields."""

from __future__ import annotations

from pathlib import Path

import pytest

import cdrpkit
from cdrpkit.errors import StrategyError
from cdrpkit.loading import yamlio
from cdrpkit.loading.convert import make_converter
from cdrpkit.model import Strategy
from cdrpkit.plugins import Plugins
from tests.conftest import DATA, ROOT


def _body(path: Path) -> dict[str, object]:
    """The data as the loader structures them (ids filled in, the version taken out)."""
    from cdrpkit.loading import _fill_ids

    body = {k: v for k, v in yamlio.read(path).data.items() if k != "cdrpkit"}
    _fill_ids(body)
    return body


@pytest.mark.parametrize("folder", ["examples/leicester_2005", "examples/leics_county_csp",
                                    "tests/data/minimal"])
def test_the_quick_and_the_detailed_converter_give_the_same_strategy(
    folder: str, plugins: Plugins
) -> None:
    kinds = {name: kind.cls for name, kind in plugins.kinds.items()}
    plugins.install_units()
    body = _body(ROOT / folder / "strategy.yaml")
    quick = make_converter(kinds, detailed=False).structure(body, Strategy)
    detailed = make_converter(kinds).structure(body, Strategy)
    assert quick == detailed
    assert quick == cdrpkit.load(ROOT / folder, plugins=plugins)


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
    assert "expected a number, got the text '2,331'" in problem.message
