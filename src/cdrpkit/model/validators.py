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

import math
import re
from typing import Any

import attrs

from cdrpkit.limits import MAX_ID_LENGTH, shorten

__all__ = [
    "ID_RULE",
    "SOURCES",
    "finite",
    "fraction",
    "id_problem",
    "identifier",
    "non_empty",
    "not_negative",
    "one_of",
    "source",
]

#: Whether a document states something (``stated``) or we supplied it (``inferred``).
SOURCES: tuple[str, ...] = ("stated", "inferred")


def non_empty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Refuse empty or blank text."""
    if not value or not value.strip():
        raise ValueError(f"{attribute.name} must not be empty")


#: The rule every id follows, in words (ids become file names, URLs and command arguments).
ID_RULE = (
    f"at most {MAX_ID_LENGTH} characters: ASCII letters, digits, '-', '_' and '.', starting "
    "with a letter or digit, not ending with '.', without '..', and not a name Windows "
    "reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9)"
)
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*", re.ASCII)
_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?", re.IGNORECASE)


def id_problem(value: object) -> str | None:
    """What is wrong with ``value`` as an id, or ``None`` when it is a good one.

    An id is safe as a file name on Windows, macOS and Linux, in a URL and on a command
    line: see :data:`ID_RULE`.

    >>> id_problem("violent-crime"), id_problem("BV126"), id_problem("burglary.t1")
    (None, None, None)
    >>> id_problem("a:b")[:40]
    "'a:b' is not a safe id: it may use only "
    >>> id_problem("CON")
    "'CON' is not a safe id: Windows reserves that name for a device"
    """
    if not isinstance(value, str):
        return f"{shorten(value)} is not an id: an id is text"
    shown = shorten(value)
    if len(value) > MAX_ID_LENGTH:
        return f"{shown} is not a safe id: it is {len(value):,} characters; the limit is " \
            f"{MAX_ID_LENGTH}"
    if not _ID.fullmatch(value):
        return (f"{shown} is not a safe id: it may use only ASCII letters, digits, '-', '_' "
                "and '.', starting with a letter or digit")
    if ".." in value or value.endswith("."):
        return f"{shown} is not a safe id: it may not contain '..' or end with '.'"
    if _RESERVED.fullmatch(value):
        return f"{shown} is not a safe id: Windows reserves that name for a device"
    return None


def identifier(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Refuse an id that is not safe as a file name everywhere (see :data:`ID_RULE`).

    Ids appear in file names, URLs and commands: ``report`` writes a page per target, so
    an id with a backslash and ".." would otherwise write outside its folder on Windows.
    """
    problem = id_problem(value)
    if problem is not None:
        raise ValueError(f"{attribute.name} {problem}; for example 'violent-crime' or 'BV126'")


def finite(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """Refuse NaN and infinity (``None`` passes: optional fields).

    >>> import attrs
    >>> @attrs.frozen
    ... class Figure:
    ...     value: float = attrs.field(validator=finite)
    >>> Figure(float("inf"))
    Traceback (most recent call last):
    ...
    ValueError: value must be a finite number, not inf
    """
    if value is not None and not math.isfinite(value):
        raise ValueError(f"{attribute.name} must be a finite number, not {value}")


def one_of(choices: tuple[str, ...]) -> Any:
    """A validator refusing anything but ``choices`` (``None`` passes: optional fields)."""

    def check(_inst: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
        if value is not None and value not in choices:
            listed = ", ".join(choices)
            raise ValueError(f"{attribute.name} {shorten(value)} must be one of: {listed}")

    return check


#: Validator of a ``source`` field: ``stated`` or ``inferred``.
source = one_of(SOURCES)


def not_negative(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """Refuse a negative number (counts and rates cannot be negative), NaN and infinity."""
    finite(_inst, attribute, value)
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must not be negative (got {value})")


def fraction(_inst: object, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """Refuse a signed yearly change outside -100% to +1000% (-0.06 for a 6% fall), or NaN."""
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
