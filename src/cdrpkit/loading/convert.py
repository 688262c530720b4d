"""The one cattrs converter: plain data to the model and back.

Validation happens at this edge: unknown keys are refused, numbers are not made from
text (``"2,806"`` is an error, not 2806), periods are parsed by :mod:`cdrpkit.periods`,
and a target's ``kind`` picks its class from the kinds the plugins declare. Errors come
back as field paths (``themes[2].priorities[0].targets[3].baseline``) with a sentence
saying what was expected.
"""

from __future__ import annotations

import datetime
import math
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
from cdrpkit.limits import MAX_FIGURE, shorten
from cdrpkit.model.kinds import Target
from cdrpkit.periods import Period, PeriodError, parse_deadline

_LITERAL: Any = typing.Literal


class KindError(ValueError):
    """A target mapping whose ``kind`` is missing or not declared by any plugin."""


def make_converter(
    kinds: Mapping[str, type[Target]], requires: Mapping[str, object] | None = None,
    *, detailed: bool = True,
) -> cattrs.Converter:
    """A converter that structures strategies with these target kinds.

    ``requires`` (the strategy's own) names the plugin expected to declare each kind, so
    a target of a kind whose plugin is missing says which plugin to install.

    With ``detailed=False`` an error stops at the first problem and carries no field
    path: such a converter is quicker to make (cattrs writes less code for each class)
    and structures exactly as the detailed one does when the data are sound, so it serves
    a first attempt, which a detailed converter repeats only when it fails.
    """
    expected = dict(requires or {})
    conv = cattrs.Converter(forbid_extra_keys=True, use_alias=True, omit_if_default=True,
                            detailed_validation=detailed)
    _strict_scalars(conv)
    _strict_shapes(conv)
    conv.register_structure_hook(Period, _structure_period)
    conv.register_unstructure_hook(Period, lambda p: p.label)
    # Subclasses of Period use the same hooks.
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Period), _structure_period
    )
    conv.register_unstructure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Period), lambda p: p.label
    )

    def structure_target(data: Any, _cls: type) -> Target:
        if not isinstance(data, Mapping):
            raise TypeError(f"expected a mapping with a 'kind', got {_describe(data)}")
        kind = data.get("kind")
        if kind is None:
            raise KindError(f"a target needs a 'kind' (one of: {', '.join(sorted(kinds))})")
        cls = kinds.get(kind)
        if cls is None:
            plugin = expected.get(kind) if isinstance(kind, str) else None
            if plugin:
                raise KindError(
                    f"unknown target kind {kind!r}: it comes from plugin {plugin!r}, which "
                    f"is not installed (install it, for example with 'pip install {plugin}')"
                )
            raise KindError(
                f"unknown target kind {shorten(kind)} (known kinds: {', '.join(sorted(kinds))})"
            )
        rest = {k: v for k, v in data.items() if k != "kind"}
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
    def structure_str(value: Any, _t: type) -> str:
        if isinstance(value, str):
            return value
        raise TypeError(f"expected text, got {_describe(value)}")

    def structure_int(value: Any, _t: type) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            _within_limit(value)
            return value
        if isinstance(value, float) and value.is_integer():
            _within_limit(value)
            return int(value)
        raise TypeError(f"expected a whole number, got {_describe(value)}")

    def structure_float(value: Any, _t: type) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            try:
                finite = math.isfinite(value)
            except OverflowError:  # an int beyond any float
                finite = False
            if not finite:
                raise ValueError(f"expected a finite number, got {shorten(value)} (.nan, .inf "
                                 "and numbers beyond 1e308 are not figures)")
            _within_limit(value)
            return value
        raise TypeError(f"expected a number, got {_describe(value)}")

    def structure_bool(value: Any, _t: type) -> bool:
        if isinstance(value, bool):
            return value
        raise TypeError(f"expected true or false, got {_describe(value)}")

    conv.register_structure_hook(str, structure_str)
    conv.register_structure_hook(int, structure_int)
    conv.register_structure_hook(float, structure_float)
    conv.register_structure_hook(bool, structure_bool)


def _within_limit(value: float) -> None:
    if abs(value) > MAX_FIGURE:
        raise ValueError(f"{shorten(value)} is beyond the limit of {MAX_FIGURE:,} either way")


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
                raise TypeError(f"expected a mapping of fields ({names}), got {_describe(value)}")
            return inner(value, t)

        return structure

    def mapping_hook(tp: Any) -> Any:
        inner = mapping_structure_factory(tp, conv)

        def structure(value: Any, t: type) -> Any:
            if not isinstance(value, Mapping):
                raise TypeError(f"expected a mapping (name: value), got {_describe(value)}")
            return inner(value, t)

        return structure

    def sequence_hook(tp: Any) -> Any:
        is_tuple = typing.get_origin(tp) is tuple
        inner = (homogenous_tuple_structure_factory if is_tuple else list_structure_factory)(
            tp, conv
        )

        def structure(value: Any, t: type) -> Any:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"expected a list, got {_describe(value)}")
            return inner(value, t)

        return structure

    def literal_hook(tp: Any) -> Any:
        choices = typing.get_args(tp)

        def structure(value: Any, _t: type) -> Any:
            if isinstance(value, typing.Hashable) and value in choices and not (
                isinstance(value, bool) and value not in choices
            ):
                return value
            listed = ", ".join(str(c) for c in choices)
            raise ValueError(f"{shorten(value)} is not one of: {listed}")

        return structure

    conv.register_structure_hook_factory(attrs.has, attrs_hook)
    conv.register_structure_hook_factory(is_mapping, mapping_hook)
    conv.register_structure_hook_factory(
        lambda t: is_sequence(t) and t not in (str, bytes), sequence_hook
    )
    conv.register_structure_hook_factory(
        lambda t: typing.get_origin(t) is _LITERAL, literal_hook
    )


def _structure_period(value: Any, _t: type) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, datetime.date):
        value = value.isoformat()
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(
            f"expected a period such as '2004/05' or 'March 2008', got {_describe(value)}"
        )
    return parse_deadline(str(value))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {shorten(value)}"
    if isinstance(value, (int, float)):
        return f"the number {shorten(value)}"
    return f"{type(value).__name__} {shorten(value)}"


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
