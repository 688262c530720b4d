"""How findings write numbers: the way a partnership officer would read them aloud."""

from __future__ import annotations

import math
from decimal import Decimal

from cdrpkit.model.kinds import Target


def number(value: float, decimals: int | None = None) -> str:
    """A number with thousands separators: whole numbers bare, others to one decimal.

    >>> number(2806), number(2330.619), number(2.9517, 2)
    ('2,806', '2,330.6', '2.95')
    """
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    return f"{value:,.{decimals}f}"


def percent(fraction: float) -> str:
    """A signed fraction as an unsigned percentage: -0.085 is '8.5%'.

    >>> percent(-0.085), percent(0.09)
    ('8.5%', '9%')
    """
    return f"{abs(fraction) * 100:.4g}%"


def change(fraction: float) -> str:
    """'a yearly 6% reduction' or 'a yearly 9% increase'.

    >>> change(-0.06)
    'a yearly 6% reduction'
    """
    word = "reduction" if fraction < 0 else "increase"
    return f"a yearly {percent(fraction)} {word}"


def decimals_of(value: float) -> int:
    """How many decimals a stated figure was printed with (2.95 has 2, 2331 has 0).

    >>> decimals_of(2331.0), decimals_of(19.4), decimals_of(13.96)
    (0, 1, 2)
    """
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def roundings(exact: float, printed: float) -> tuple[str, ...]:
    """Which of round, floor and ceil take ``exact`` to ``printed`` at its precision.

    ``round`` is to the nearest, halves up, as people round by hand.

    >>> roundings(2330.619, 2331), roundings(805.707, 805), roundings(2806, 2400)
    (('round', 'ceil'), ('floor',), ())
    """
    scale = 10 ** decimals_of(printed)
    x = exact * scale
    if not math.isfinite(x):  # a printed value of hundreds of decimals: no rounding fits
        return ()
    # A hair of tolerance: 2.95 * 100 is 295.00000000000006 in binary.
    eps = 1e-9 * max(1.0, abs(x))
    candidates = {
        "round": math.floor(x + 0.5 + eps),
        "floor": math.floor(x + eps),
        "ceil": math.ceil(x - eps),
    }
    target = round(printed * scale)
    return tuple(name for name, value in candidates.items() if value == target)


def unit_word(target: Target) -> str:
    """The counted thing, plural, for messages ('offences'); '' when unknown."""
    unit = (target.unit or "").strip()
    if not unit or "/" in unit or unit in ("percent", "%"):
        return ""
    plurals = {"person": "people", "casualty": "casualties", "GBP": "pounds"}
    return plurals.get(unit) or (unit if unit.endswith("s") else unit + "s")


def name(target: Target) -> str:
    """The target as messages name it: its id and the start of its wording."""
    words = " ".join(target.text.split())
    short = words if len(words) <= 70 else words[:67].rstrip() + "..."
    return f"target {target.id} (\"{short}\")"


def title(target: Target) -> str:
    """:func:`name` for the start of a sentence."""
    text = name(target)
    return text[0].upper() + text[1:]
