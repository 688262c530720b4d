"""Issue 18: plugins declare units; ``requires`` covers every kind of declaration."""

from __future__ import annotations

import textwrap

import pytest

import cdrpkit
from cdrpkit import hookimpl, units
from cdrpkit.loading.schema import strategy_schema
from cdrpkit.plugins import Plugins
from cdrpkit.plugins.declarations import UnitDefinition
from tests.plugins import units_plugin

STRATEGY = """
cdrpkit: 1
id: harborough-2005
title: Harborough
{requires}
partnership: {{id: harborough, name: Harborough CSP}}
objectives:
  - id: asb
    title: To reduce anti-social behaviour
    targets:
      - kind: {kind}
        text: Sign 40 acceptable behaviour agreements by March 2008
        unit: {unit}
        {fields}
"""
MILESTONE = "deliverable: 40 agreements signed\n        due: by March 2008"


def _data(unit: str = "agreements", requires: str = "", kind: str = "milestone",
          fields: str = MILESTONE) -> str:
    return textwrap.dedent(STRATEGY).format(unit=unit, requires=requires, kind=kind,
                                            fields=fields)


def test_a_unit_a_plugin_declares_is_a_unit_a_strategy_can_use(write_strategy) -> None:
    path = write_strategy(_data(unit="fortnights"))
    if "fortnight" not in units.unit_names():  # the table is the process's own
        with pytest.raises(cdrpkit.StrategyError, match="unknown unit"):
            cdrpkit.load(path, plugins=Plugins())
    host = Plugins(plugins=[("harborough:units", units_plugin)], strict=True)
    strategy = cdrpkit.load(write_strategy(_data()), plugins=host)
    assert strategy.find("asb.t1").node.unit == "agreements"
    assert units.is_count("agreements")  # a counted thing of its own, like offences
    assert units.convert(26, "fortnight", "year") == pytest.approx(1)
    assert units.registry().Quantity(3, "agreements").to("agreement").magnitude == 3


def test_the_json_schema_follows_the_declared_units() -> None:
    host = Plugins(plugins=[("harborough:units", units_plugin)], strict=True)
    schema = strategy_schema(host)
    examples = schema["$defs"]["Target_level"]["properties"]["unit"]["examples"]
    assert "agreement" in examples and "offence" in examples


def test_a_unit_clashing_with_ours_is_the_plugins_failure_by_name() -> None:
    class Clash:
        @hookimpl
        def cdrpkit_register_units(self) -> list[UnitDefinition]:
            return [UnitDefinition(name="offence", reference="[something_else]")]

    host = Plugins(plugins=[("clash:main", Clash())])
    assert host.install_units() == []
    [failure] = host.failures
    assert (failure.plugin, failure.hook) == ("clash:main", "cdrpkit_register_units")
    assert "already defined with another meaning" in failure.error


def test_a_missing_plugin_kind_names_the_plugin_it_expects(write_strategy) -> None:
    path = write_strategy(_data(
        kind="harborough-visits", requires="requires: {harborough-visits: cdrpkit-harborough}",
        unit="offence", fields="per_group: 12"))
    with pytest.raises(cdrpkit.StrategyError) as caught:
        cdrpkit.load(path)
    message = str(caught.value)
    assert ("unknown target kind 'harborough-visits': it comes from plugin "
            "'cdrpkit-harborough', which is not installed") in message
    assert "requires.harborough-visits: declaration 'harborough-visits' is not available" \
        in message


def test_requires_is_satisfied_by_any_declaration(write_strategy) -> None:
    host = Plugins(plugins=[("harborough:units", units_plugin)], strict=True)
    # A unit and a check rule are declarations a strategy may require, like a family.
    path = write_strategy(_data(
        requires="requires: {agreement: cdrpkit-harborough, end-value: cdrpkit}"))
    assert cdrpkit.load(path, plugins=host).requires == {
        "agreement": "cdrpkit-harborough", "end-value": "cdrpkit"}
