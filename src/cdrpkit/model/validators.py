"""Validators for attrs fields, shared by the model's classes and by plugin kinds.

Use them on the fields of a plugin's target kind so its errors read like ours::

    from cdrpkit.model.validators import not_negative, one_of

    @attrs.frozen(kw_only=True)
    class StretchTarget(Target):
        kind: ClassVar[str] = "stretch"
        reward: float = attrs.field(validator=not_negative)
        basis: str = attrs.field(validator=one_of(("count", "rate")))

Each raises ``ValueError`` with a sentence naming the field; the loader turns it into a
problem with the file, line and field path.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

__all__ = ["SOURCES", "fraction", "identifier", "non_empty", "not_negative", "one_of", "source"]

#: Whether a document states something (``stated``) or we supplied it (``inferred``).
SOURCES: tuple[str, ...] = ("stated", "inferred")


def non_empty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Refuse empty or blank text."""
    if not value or not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


def identifier(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Refuse an id that is not one safe token (ids appear in paths, URLs and commands)."""
    if not value or any(c.isspace() for c in value) or "/" in value:
        raise ValueError(
            f"{attribute.name} {value!r} must be one word without spaces or '/', "
            "for example 'violent-crime' or 'BV126'"
        )


def one_of(choices: tuple[str, ...]) -> Any:
    """A validator refusing anything but ``choices`` (``None`` passes: optional fields)."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and value not in choices:
            raise ValueError(f"{attribute.name} {value!r} must be one of: {', '.join(choices)}")

    return check


#: Validator of a ``source`` field: ``stated`` or ``inferred``.
source = one_of(SOURCES)


def not_negative(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """Refuse a negative number (counts and rates cannot be negative)."""
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative (got {value})")


def fraction(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """Refuse a signed yearly change outside -100% to +1000% (-0.06 for a 6% fall)."""
    # A yearly change of -100% or less would make a count negative or zero.
    if value is not None and not -1 < value < 10:
        raise ValueError(
            f"{attribute.name} is a signed fraction (-0.06 for a 6% fall); got {value}"
        )


_ONS_CODE = re.compile(r"^[EWSNK]\d{8}$")


def ons_codes(_inst: object, attribute: attrs.Attribute[Any], value: tuple[str, ...]) -> None:
    """Every item is an ONS area code: a country letter and eight digits (``E22000168``).

    >>> import attrs
    >>> @attrs.frozen
    ... class Area:
    ...     codes: tuple[str, ...] = attrs.field(validator=ons_codes)
    >>> Area(("E22000168",)).codes
    ('E22000168',)
    >>> Area(("Leicester",))
    Traceback (most recent call last):
    ...
    ValueError: codes: 'Leicester' is not an ONS area code (a letter and 8 digits: E22000168)
    """
    for code in value:
        if not isinstance(code, str) or not _ONS_CODE.match(code):
            raise ValueError(f"{attribute.name}: {code!r} is not an ONS area code "
                             "(a letter and 8 digits: E22000168)")
