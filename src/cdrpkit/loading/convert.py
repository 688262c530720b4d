"""The cattrs converter: plain data to the model and back, with every error's field path.

Validation happens at this edge: unknown keys are refused, and every value is read by
:mod:`cdrpkit.loading.values` (numbers are not made from text, periods are parsed by
:mod:`cdrpkit.periods`, a target's ``kind`` picks its class). Errors come back as field
paths (``themes[2].priorities[0].targets[3].baseline``) with a sentence saying what was
expected. Sound data are structured first without it (:mod:`cdrpkit.loading.quick`); this
converter structures what that could not, and writes strategies back out.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.cols import (
    homogenous_tuple_structure_factory,
    is_mapping,
    is_sequence,
    list_structure_factory,
    mapping_structure_factory,
)
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)
from cattrs.gen import make_dict_structure_fn

from cdrpkit.errors import CdrpkitError
from cdrpkit.fieldpaths import join
from cdrpkit.limits import shorten
from cdrpkit.loading.values import (
    KindError,
    describe,
    literal_value,
    structure_bool,
    structure_float,
    structure_int,
    structure_period,
    structure_str,
    target_class,
)
from cdrpkit.model.kinds import Target
from cdrpkit.periods import Period, PeriodError

_LITERAL: Any = typing.Literal


def make_converter(
    kinds: Mapping[str, type[Target]], requires: Mapping[str, object] | None = None
) -> cattrs.Converter:
    """A converter that structures strategies with these target kinds.

    ``requires`` (the strategy's own) names the plugin expected to declare each kind, so
    a target of a kind whose plugin is missing says which plugin to install.
    """
    expected = dict(requires or {})
    conv = cattrs.Converter(forbid_extra_keys=True, use_alias=True, omit_if_default=True)
    _strict_scalars(conv)
    _strict_shapes(conv)
    conv.register_structure_hook(Period, structure_period)
    conv.register_unstructure_hook(Period, lambda p: p.label)
    # Subclasses of Period use the same hooks.
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Period), structure_period
    )
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Period), lambda p: p.label
    )

    def structure_target(data: Any, _cls: type) -> Target:
        cls, rest = target_class(data, kinds, expected)
        result: Target = conv.structure(rest, cls)
        return result

    def unstructure_target(target: Target) -> dict[str, Any]:
        body = conv.unstructure(target, unstructure_as=type(target))
        return {"kind": type(target).kind, **body}

    # Only the base class dispatches on kind: a hook registered for the class itself
    # would also catch its subclasses and recurse.
    conv.register_structure_hook_func(lambda t: t is Target, structure_target)
    conv.register_unstructure_hook_func(lambda t: t is Target, unstructure_target)
    return conv


def _strict_scalars(conv: cattrs.Converter) -> None:
    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_float)
    conv.register_structure_hook(bool, structure_bool)


def _strict_shapes(conv: cattrs.Converter) -> None:
    """Check the shape of a value (mapping, list, fixed choice) before structuring it.

    Without these a list where a mapping belongs, or a number where a list belongs,
    surfaces as an AttributeError or TypeError from inside cattrs.
    """

    def attrs_hook(cls: type) -> Any:
        inner: Any = make_dict_structure_fn(cls, conv)
        names = ", ".join(_field_names(cls)[:8])

        def structure(value: Any, t: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a mapping of fields ({names}), got {describe(value)}")
            return inner(value, t)

        return structure

    def mapping_hook(tp: Any) -> Any:
        inner = mapping_structure_factory(tp, conv)

        def structure(value: Any, t: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a mapping (name: value), got {describe(value)}")
            return inner(value, t)

        return structure

    def sequence_hook(tp: Any) -> Any:
        is_tuple = typing.get_origin(tp) is tuple
        inner = (homogenous_tuple_structure_factory if is_tuple else list_structure_factory)(
            tp, conv
        )

        def structure(value: Any, t: type) -> Any:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"expected a list, got {describe(value)}")
            return inner(value, t)

        return structure

    def literal_hook(tp: Any) -> Any:
        choices = typing.get_args(tp)
        return lambda value, _t: literal_value(value, choices)

    conv.register_structure_hook_factory(attrs.has, attrs_hook)
    conv.register_structure_hook_factory(is_mapping, mapping_hook)
    conv.register_structure_hook_factory(
        lambda t: is_sequence(t) and t not in (str, bytes), sequence_hook
    )
    conv.register_structure_hook_factory(
        lambda t: typing.get_origin(t) is _LITERAL, literal_hook
    )


def error_paths(exc: BaseException, path: str = "") -> Iterator[tuple[str, str]]:
    """Flatten a cattrs validation error into ``(field path, message)`` pairs."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, attribute in with_notes:
            yield from error_paths(sub, join(path, attribute.name))
        for sub in without:
            yield from error_paths(sub, path)
        return
    if isinstance(exc, IterableValidationError):
        with_index, rest = exc.group_exceptions()
        for item_error, item in with_index:
            yield from error_paths(item_error, join(path, item.index))
        for sub in rest:
            yield from error_paths(sub, path)
        return
    if isinstance(exc, BaseExceptionGroup):
        for member in exc.exceptions:
            yield from error_paths(member, path)
        return
    if isinstance(exc, ForbiddenExtraKeysError):
        fields = _field_names(exc.cl)
        for key in sorted(exc.extra_fields):
            hint = f" (known fields: {', '.join(fields)})" if fields else ""
            yield join(path, key), f"unknown field {shorten(key)}{hint}"
        return
    if isinstance(exc, KeyError):
        name = exc.args[0] if exc.args else "?"
        yield path, f"required field {shorten(name)} is missing"
        return
    if isinstance(exc, (PeriodError, KindError, CdrpkitError)):
        yield path, str(exc)
        return
    if isinstance(exc, (TypeError, ValueError)):
        yield path, _message(exc)
        return
    if isinstance(exc, (MemoryError, RecursionError, KeyboardInterrupt, SystemExit)):
        raise exc
    # Whatever else a validator or a plugin kind raises while structuring, it was raised
    # by this value: report it at its path rather than as a traceback.
    yield path, f"cannot be read: {type(exc).__name__}: {_message(exc)}"


def _message(exc: BaseException) -> str:
    text = str(exc)
    if len(text) > 300:  # a message that repeats a long input value
        text = text[:299] + "…"
    # cattrs reports a missing required attribute as a TypeError from __init__.
    if "missing" in text and "required" in text and "argument" in text:
        names = text.split(":", 1)[-1].strip()
        return f"required field(s) missing: {names}"
    if "not in literal" in text:
        return text.replace("not in literal", "is not one of")
    return text


def _field_names(cls: type) -> list[str]:
    if not attrs.has(cls):
        return []
    return [a.alias or a.name for a in attrs.fields(cls)]


def is_optional(tp: Any) -> bool:
    """Whether a type hint admits ``None``."""
    return type(None) in typing.get_args(tp)
