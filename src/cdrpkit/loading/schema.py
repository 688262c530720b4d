"""A JSON Schema of strategy files, made from the model itself.

The schema is generated from the attrs classes and the target kinds the installed
plugins declare, so it never drifts from what the loader accepts. It checks shape
(fields, types, enumerations, which fields are required); what needs the whole strategy
(references, unique ids) is left to the loader.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, Union

import attrs

from cdrpkit.loading import FORMAT_VERSION
from cdrpkit.model import Strategy
from cdrpkit.model.kinds import Target
from cdrpkit.periods import Period
from cdrpkit.plugins import Plugins, resolve

SCHEMA_ID = "https://cdrpkit.invalid/schema/strategy-1.json"

PERIOD_SCHEMA: dict[str, Any] = {
    "description": (
        "A period: a financial year '2004/05', a quarter '2006/07-Q2', a month '2008-03' "
        "or 'March 2008', a calendar year 2002, a date '2005-07-01', a range '1994-98', "
        "or a deadline 'by March 2008', 'by end of April 2005', 'in 2006/07'."
    ),
    "type": ["string", "integer"],
}

INCLUDE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Items read from another file, relative to this one.",
    "properties": {"include": {"type": "string"}},
    "required": ["include"],
    "additionalProperties": False,
}


def strategy_schema(plugins: Plugins | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a strategy file with the installed target kinds.

    >>> schema = strategy_schema()
    >>> schema["properties"]["cdrpkit"]
    {'const': 1, 'description': 'The format version of the strategy file.'}
    """
    host = resolve(plugins)
    host.install_units()
    builder = _Builder({name: kind.cls for name, kind in sorted(host.kinds.items())})
    root = builder.object_schema(Strategy)
    root["properties"] = {
        "cdrpkit": {
            "const": FORMAT_VERSION,
            "description": "The format version of the strategy file.",
        },
        **root["properties"],
    }
    root["required"] = ["cdrpkit", *root.get("required", [])]
    _unit_examples(root)
    _unit_examples(builder.defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "cdrpkit strategy file",
        **root,
        "$defs": builder.defs,
    }


def _unit_examples(node: Any) -> None:
    """Give every ``unit`` property the defined unit names (plugins' too) as examples."""
    from cdrpkit.units import unit_names

    if isinstance(node, dict):
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict) and "unit" in value:
                value["unit"] = {**value["unit"], "examples": list(unit_names())}
            _unit_examples(value)
    elif isinstance(node, list):
        for item in node:
            _unit_examples(item)


class _Builder:
    def __init__(self, kinds: dict[str, type[Target]]) -> None:
        self.kinds = kinds
        self.defs: dict[str, Any] = {"Period": PERIOD_SCHEMA}

    def ref(self, cls: type) -> dict[str, Any]:
        if cls not in (Target,) and cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # placeholder: breaks recursion
            self.defs[cls.__name__] = self.object_schema(cls)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def object_schema(self, cls: type, *, kind: str | None = None) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        if kind is not None:
            properties["kind"] = {"const": kind}
            required.append("kind")
        for field in attrs.fields(cls):
            name = field.alias or field.name
            # Ids of targets and actions may be left out: the loader derives them.
            optional_id = name == "id" and (issubclass(cls, Target) or cls.__name__ == "Action")
            properties[name] = self.type_schema(hints[field.name])
            if field.default is attrs.NOTHING and not optional_id:
                required.append(name)
        schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        doc = (cls.__doc__ or "").strip().split("\n\n")[0]
        if doc:
            schema["description"] = " ".join(doc.split())
        if required:
            schema["required"] = required
        return schema

    def type_schema(self, tp: Any) -> dict[str, Any]:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if tp is Any:
            return {}
        if origin in (Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            inner = (
                self.type_schema(options[0])
                if len(options) == 1
                else {"anyOf": [self.type_schema(a) for a in options]}
            )
            if type(None) in args:
                return {"anyOf": [inner, {"type": "null"}]}
            return inner
        if origin is Literal:
            return {"enum": list(args)}
        if origin is tuple:
            return {
                "type": "array",
                "items": {"anyOf": [self.type_schema(args[0]), INCLUDE_SCHEMA]},
            }
        if origin is dict:
            return {"type": "object", "additionalProperties": self.type_schema(args[1])}
        if isinstance(tp, type):
            if issubclass(tp, Target):
                return {"oneOf": [self.kind_ref(name, cls) for name, cls in self.kinds.items()]}
            if issubclass(tp, Period):
                return {"$ref": "#/$defs/Period"}
            if tp is bool:
                return {"type": "boolean"}
            if tp is int:
                return {"type": "integer"}
            if tp is float:
                return {"type": "number"}
            if tp is str:
                return {"type": "string"}
            if attrs.has(tp):
                return self.ref(tp)
        raise TypeError(f"no JSON Schema for type {tp!r}")

    def kind_ref(self, name: str, cls: type[Target]) -> dict[str, Any]:
        key = f"Target_{name}"
        if key not in self.defs:
            self.defs[key] = {}
            self.defs[key] = self.object_schema(cls, kind=name)
        return {"$ref": f"#/$defs/{key}"}
