"""`cdrpkit schema` describes exactly the files the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import cdrpkit
from cdrpkit.cli import cli
from cdrpkit.loading.yamlio import read
from tests.conftest import MINIMAL, ROOT

BUNDLED = [MINIMAL, *sorted(ROOT.glob("examples/*/strategy.yaml"))]


@pytest.fixture(scope="module")
def schema() -> dict:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    loaded: dict = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_bundled_strategy_files_validate(schema: dict, path: Path) -> None:
    # Includes are spliced first, as the loader does, so the whole strategy is validated.
    data = read(path).data
    jsonschema.validate(data, schema)


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: str(p.relative_to(ROOT)))
def test_written_strategy_validates(schema: dict, path: Path) -> None:
    jsonschema.validate(yaml.safe_load(cdrpkit.dumps(cdrpkit.load(path))), schema)


def test_schema_rejects_what_the_loader_rejects(schema: dict) -> None:
    data = read(MINIMAL).data
    data["themes"][0]["priorities"][0]["objectives"][0]["targets"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    data = read(MINIMAL).data
    data["themes"][0]["priorities"][0]["objectives"][0]["targets"][0]["kind"] = "levle"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_every_target_kind_has_a_schema(schema: dict) -> None:
    kinds = {k for k in schema["$defs"] if k.startswith("Target_")}
    assert {"Target_level", "Target_milestone", "Target_resource"} <= kinds
    assert schema["$defs"]["Target_level"]["properties"]["kind"] == {"const": "level"}
