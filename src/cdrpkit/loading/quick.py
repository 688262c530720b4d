"""Structuring sound strategy data into the model, quickly and without field paths.

The cattrs converter (:mod:`cdrpkit.loading.convert`) writes and compiles a structuring
function for every class, in every process, so that an error can name its field path.
Most loads have no error, and for them this structurer does the same work by walking
the model's attrs fields: the same keys (aliases) are accepted and every other key is
refused, missing fields take their defaults, and every value is read by the functions
of :mod:`cdrpkit.loading.values` that the converter uses too. It stops at the first
problem, with no path; the loader then structures the data again with the converter,
which reports every problem with its path. A type it does not know (a plugin kind's
field of a type the model does not use) stops it the same way, so nothing it cannot
structure exactly as the converter would is ever structured by it.

>>> from cdrpkit.model import Partnership
>>> structure({"id": "demo", "name": "Demo CDRP"}, Partnership, kinds={}).name
'Demo CDRP'
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from cdrpkit.loading import values
from cdrpkit.model.kinds import Target
from cdrpkit.periods import Period

__all__ = ["Unsupported", "structure"]

_Read = Callable[[Any], Any]

_SCALARS: dict[Any, Callable[[Any, type], Any]] = {
    str: values.structure_str,
    int: values.structure_int,
    float: values.structure_float,
    bool: values.structure_bool,
}


class Unsupported(TypeError):
    """A field type this structurer does not read; the converter will."""


def structure(data: Any, cls: type, *, kinds: Mapping[str, type[Target]],
              expected: Mapping[str, object] | None = None) -> Any:
    """``data`` as an instance of the attrs class ``cls``; any problem raises, without a
    path (:class:`Unsupported` for a field type not read here).

    ``kinds`` maps a target's ``kind`` to its class; ``expected`` is the strategy's
    ``requires`` (which plugin declares each kind), as the converter takes them.
    """
    return _Structurer(kinds, expected or {}).read(cls)(data)


class _Structurer:
    def __init__(self, kinds: Mapping[str, type[Target]],
                 expected: Mapping[str, object]) -> None:
        self.kinds = kinds
        self.expected = expected
        self.readers: dict[Any, _Read] = {}
        self.fields: dict[type, dict[str, _Read]] = {}

    def read(self, tp: Any) -> _Read:
        """The function reading a value of type ``tp`` (made once per type)."""
        reader = self.readers.get(tp)
        if reader is None:
            reader = self.readers[tp] = self._reader(tp)
        return reader

    def _reader(self, tp: Any) -> _Read:
        scalar = _SCALARS.get(tp)
        if scalar is not None:
            return lambda value: scalar(value, tp)
        if tp is Target:  # the base class dispatches on 'kind', as the converter does
            return self._target
        if isinstance(tp, type) and issubclass(tp, Period):
            return lambda value: values.structure_period(value, tp)
        if isinstance(tp, type) and attrs.has(tp):
            return lambda value: self._instance(value, tp)
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Literal:
            return lambda value: values.literal_value(value, args)
        if origin in (typing.Union, types.UnionType):
            others = [a for a in args if a is not type(None)]
            if len(others) == 1 and len(args) == 2:
                inner = self.read(others[0])
                return lambda value: None if value is None else inner(value)
        elif origin in (tuple, list) and (origin is list or args[1:] == (Ellipsis,)):
            item = self.read(args[0]) if args else None
            if item is not None:
                return self._sequence(item, origin)
        elif origin is dict and len(args) == 2:
            return self._mapping(self.read(args[0]), self.read(args[1]))
        raise Unsupported(f"no quick reader for {tp!r}")

    @staticmethod
    def _sequence(item: _Read, kind: type) -> _Read:
        def read(value: Any) -> Any:
            if not isinstance(value, (list, tuple)):
                raise TypeError("expected a list")
            return kind([item(v) for v in value])

        return read

    @staticmethod
    def _mapping(key: _Read, item: _Read) -> _Read:
        def read(value: Any) -> dict[Any, Any]:
            if not isinstance(value, Mapping):
                raise TypeError("expected a mapping")
            return {key(k): item(v) for k, v in value.items()}

        return read

    def _instance(self, value: Any, cls: type) -> Any:
        if not isinstance(value, Mapping):
            raise TypeError("expected a mapping of fields")
        fields = self.fields.get(cls)
        if fields is None:
            # The converter reads a field by its alias and skips those not in __init__.
            attrs.resolve_types(cls)
            fields = self.fields[cls] = {a.alias or a.name: self.read(a.type)
                                         for a in attrs.fields(cls) if a.init}
        given = {}
        for key, item in value.items():
            reader = fields.get(key)
            if reader is None:
                raise KeyError(f"unknown field {key!r}")
            given[key] = reader(item)
        return cls(**given)

    def _target(self, value: Any) -> Target:
        cls, rest = values.target_class(value, self.kinds, self.expected)
        result: Target = self._instance(rest, cls)
        return result
