"""The one cattrs converter: plain data to the model and back.

Validation happens at this edge: unknown keys are refused, numbers are not made from
text (``"2,806"`` is an error, not 2806), periods are parsed by :mod:`cdrpkit.periods`,
and a target's ``kind`` picks its class from the kinds the plugins declare. Errors come
back as field paths (``themes[2].priorities[0].targets[3].baseline``) with a sentence
saying what was expected.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
)

from cdrpkit.loading.yamlio import join
from cdrpkit.model.kinds import Target
from cdrpkit.periods import Period, PeriodError, parse_deadline


class KindError(ValueError):
    """A target mapping whose ``kind`` is missing or not declared by any plugin."""


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
                f"unknown target kind {kind!r} (known kinds: {', '.join(sorted(kinds))})"
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
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise TypeError(f"expected a whole number, got {_describe(value)}")

    def structure_float(value: Any, _t: type) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
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
    return f"{type(value).__name__} {value!r}"


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
            yield join(path, key), f"unknown field {key!r}{hint}"
        return
    if isinstance(exc, KeyError):
        name = exc.args[0] if exc.args else "?"
        yield path, f"required field {name!r} is missing"
        return
    if isinstance(exc, (PeriodError, KindError)):
        yield path, str(exc)
        return
    if isinstance(exc, (TypeError, ValueError)):
        yield path, _message(exc)
        return
    # Anything else is a bug in cdrpkit or a plugin, not a user's mistake: let it show.
    raise exc


def _message(exc: BaseException) -> str:
    text = str(exc)
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
