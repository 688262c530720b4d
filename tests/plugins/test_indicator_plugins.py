"""The three indicator family plugins together: discovery, CLI, missing plugins, a third
party's family, and the generated reference.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from cdrpkit import StrategyError, from_data
from cdrpkit.cli import cli
from cdrpkit.plugins import Plugins
from cdrpkit.plugins.host import ONLY_ENV
from tests.conftest import ROOT

FAMILIES = {"BVPI": "cdrpkit-bvpi", "PSA": "cdrpkit-psa", "LPSA2": "cdrpkit-lpsa2"}
DOCS_EXT = ROOT / "docs" / "_ext" / "indicators.py"


def _strategy(indicator: str, requires: dict[str, str]) -> dict[str, Any]:
    """A one-target strategy on ``indicator`` (the city's burglary target)."""
    return {
        "cdrpkit": 1,
        "id": "demo",
        "title": "Demo",
        "requires": requires,
        "partnership": {"id": "p", "name": "Demo partnership"},
        "objectives": [
            {
                "id": "burglary",
                "title": "To reduce acquisitive crimes",
                "targets": [
                    {
                        "kind": "level",
                        "text": "Reduce domestic burglary from 2,806 offences in 2004/05 to no "
                        "more than 2,331 offences by March 2008, with a yearly 6% reduction",
                        "indicator": indicator,
                        "unit": "offence",
                        "baseline": {"value": 2806, "period": "2004/05"},
                        "target": {"value": 2331, "period": "by March 2008"},
                        "annual_change": -0.06,
                        "bound": "at_most",
                    }
                ],
            }
        ],
    }


# --- discovery and the command line -------------------------------------------------------


def test_the_three_families_load_without_failures_or_clashes() -> None:
    host = Plugins(strict=True)
    for family, dist in FAMILIES.items():
        assert host.origin("cdrpkit_register_indicator_families", family).startswith(dist + ":")
    for ident, ind in host.indicators.items():
        assert ind.family in host.families, ident
        for ref in (*ind.members, *ind.maps_to):
            assert ref in host.indicators, f"{ident} -> {ref}"
    assert host.failures == []


def test_cdrpkit_plugins_lists_the_three_families_with_versions() -> None:
    result = CliRunner().invoke(cli, ["plugins", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = {p["name"]: p for p in json.loads(result.output)["plugins"]}
    for dist in FAMILIES.values():
        (name,) = [n for n in listed if n.startswith(dist + ":")]
        assert listed[name]["version"] == "0.1.0"
        assert "cdrpkit_register_indicator_families" in listed[name]["hooks"]
    table = CliRunner().invoke(cli, ["plugins"])
    assert "cdrpkit-bvpi:bvpi 0.1.0" in table.output


def test_cdrpkit_indicators_lists_every_indicator() -> None:
    result = CliRunner().invoke(cli, ["indicators", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    host = Plugins()
    assert set(rows) == set(host.indicators)
    for ident, ind in host.indicators.items():
        row = rows[ident]
        assert (row["family"], row["unit"], row["polarity"]) == (ind.family, ind.unit, ind.polarity)
    assert rows["BV126"]["unit"] == "offence / kilohousehold"
    assert rows["BCS-violence"]["family"] == "PSA"
    table = CliRunner().invoke(cli, ["indicators"]).output
    assert "BV225" in table and "higher_is_better" in table


def test_cdrpkit_indicators_can_show_one_family() -> None:
    result = CliRunner().invoke(cli, ["indicators", "--family", "BVPI", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["family"] for r in rows} == {"BVPI"}
    assert {r["certainty"] for r in rows} <= {"verified", "source", "unverified"}
    bad = CliRunner().invoke(cli, ["indicators", "--family", "NOPE"])
    assert bad.exit_code == 2
    assert "unknown indicator family 'NOPE'" in bad.output


# --- a missing plugin -----------------------------------------------------------------------


def test_a_strategy_loads_with_the_plugin() -> None:
    strategy = from_data(_strategy("BV126", {"BVPI": "cdrpkit-bvpi"}))
    (node,) = strategy.targets()
    assert node.node.indicator == "BV126"


def test_without_the_bvpi_plugin_the_error_names_family_and_plugin() -> None:
    host = Plugins(block=["cdrpkit-bvpi"])
    assert "BVPI" not in host.families and "BV126" not in host.indicators
    with pytest.raises(StrategyError) as info:
        from_data(_strategy("BV126", {"BVPI": "cdrpkit-bvpi"}), plugins=host)
    paths = [p.path for p in info.value.problems]
    message = str(info.value)
    assert "requires.BVPI" in paths
    assert "indicator family 'BVPI' is not available" in message
    assert "cdrpkit-bvpi" in message
    assert "unknown indicator 'BV126'" in message


# --- a third party's family plugin --------------------------------------------------------

THIRD_PARTY_MODULE = '''
"""A neighbouring partnership's own indicator family."""
from cdrpkit import hookimpl
from cdrpkit.model import Indicator, IndicatorFamily


@hookimpl
def cdrpkit_register_indicator_families():
    return [IndicatorFamily(id="RUTLAND", title="Rutland local indicators")]


@hookimpl
def cdrpkit_register_indicators():
    return [
        Indicator(
            id="RUT-burglary",
            family="RUTLAND",
            title="Domestic burglaries in Rutland",
            unit="offence",
            polarity="lower_is_better",
            certainty="source",
        )
    ]
'''


@pytest.fixture
def third_party(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A family plugin built in a temporary directory and put on sys.path like an install.

    The directory holds the package's pyproject.toml and module, and the dist-info an
    installer would write (METADATA and entry_points.txt), so importlib.metadata finds
    the entry point exactly as it finds an installed distribution's.
    """
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [project]
            name = "cdrpkit-rutland"
            version = "0.3.0"
            dependencies = ["cdrpkit"]

            [project.entry-points.cdrpkit]
            rutland = "cdrpkit_rutland"
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "cdrpkit_rutland.py").write_text(THIRD_PARTY_MODULE, encoding="utf-8")
    info = tmp_path / "cdrpkit_rutland-0.3.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: cdrpkit-rutland\nVersion: 0.3.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[cdrpkit]\nrutland = cdrpkit_rutland\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "cdrpkit_rutland", raising=False)
    monkeypatch.delenv(ONLY_ENV)  # this plugin is installed on purpose
    return "cdrpkit-rutland"


def test_a_third_party_family_adds_an_indicator_a_strategy_can_use(third_party: str) -> None:
    host = Plugins()
    assert host.origin("cdrpkit_register_indicator_families", "RUTLAND") == f"{third_party}:rutland"
    assert host.version_of(f"{third_party}:rutland") == "0.3.0"
    assert host.indicators["RUT-burglary"].family == "RUTLAND"
    strategy = from_data(_strategy("RUT-burglary", {"RUTLAND": third_party}), plugins=host)
    (node,) = strategy.targets()
    assert node.node.indicator == "RUT-burglary"
    rows = strategy.targets_frame()
    assert rows.loc[0, "indicator"] == "RUT-burglary"
    # Blocked, the same strategy names the third party's plugin.
    blocked = Plugins(block=[third_party])
    with pytest.raises(StrategyError, match=r"'RUTLAND' is not available.*cdrpkit-rutland"):
        from_data(_strategy("RUT-burglary", {"RUTLAND": third_party}), plugins=blocked)


# --- the generated reference ----------------------------------------------------------------


def _docs_extension() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cdrpkit_docs_indicators", DOCS_EXT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reference_is_generated_from_the_plugins() -> None:
    ext = _docs_extension()
    host = Plugins()
    families = "\n".join(ext.families_rst(host))
    for family, dist in FAMILIES.items():
        assert f"* - {family}" in families
        assert f"``{dist}:" in families
    bvpi = "\n".join(ext.indicators_rst(host, "BVPI"))
    for ident, ind in host.indicators.items():
        if ind.family == "BVPI":
            assert f".. rubric:: {ident.replace('_', chr(92) + '_')}:" in bvpi
            assert f":Certainty: **{ind.certainty}**" in bvpi
    # BV225's eleven placeholders are listed, not invented wording.
    assert bvpi.count("#. Point ") == 11
    with pytest.raises(ValueError, match="unknown indicator family 'NOPE'"):
        ext.indicators_rst(host, "NOPE")


def test_the_reference_escapes_markup() -> None:
    ext = _docs_extension()
    assert ext._escape("a *b* `c` d_ e|f") == r"a \*b\* \`c\` d\_ e\|f"


def test_the_reference_builds_with_sphinx(tmp_path: Path) -> None:
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    from sphinx.application import Sphinx

    page = (DOCS_EXT.parents[1] / "indicators.md").read_text(encoding="utf-8")
    (tmp_path / "index.md").write_text(page, encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS_EXT.parent)!r})\n"
        "extensions = ['myst_parser', 'indicators']\nproject = 'cdrpkit'\n",
        encoding="utf-8",
    )
    out = tmp_path / "_build"
    app = Sphinx(
        str(tmp_path), str(tmp_path), str(out), str(tmp_path / "_doctrees"), "html",
        status=None, warning=None, warningiserror=True, freshenv=True,
    )
    app.build()
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="indicator-bv126"' in html
    assert "Vehicle interference is not included" in html
    assert "ASSUMED" in html  # the LPSA2 reward rule's caveat, from its module docstring
