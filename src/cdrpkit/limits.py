"""Every limit cdrpkit puts on its inputs, in one place.

Each limit stops an input that would make cdrpkit hang, exhaust memory or crash (a YAML
alias bomb, a file that never ends, a number of 5,000 digits) while leaving room for
any real strategy or table of figures many times over. Going past one is a bad input:
a :class:`~cdrpkit.errors.CdrpkitError` naming the file and place and the limit, and
exit code 2 from the command line. The page "Limits and errors" of the documentation
lists them from this module, so the two cannot disagree.

>>> from cdrpkit import limits
>>> limits.MAX_YAML_ALIASES, limits.MIN_YEAR, limits.MAX_YEAR
(100, 1900, 2100)
"""

from __future__ import annotations

from typing import Final

# --- strategy files (YAML) ---------------------------------------------------------------

#: Largest strategy file, in bytes (each file, includes too). Leicester's is 40 KB.
MAX_STRATEGY_BYTES: Final = 5 * 1024 * 1024
#: Most alias uses (``*name``) while building one strategy, counted after expansion, so an
#: alias bomb ("billion laughs") stops at once.
MAX_YAML_ALIASES: Final = 100
#: Most values (mappings, lists, scalars) in one strategy after includes and aliases.
MAX_YAML_VALUES: Final = 200_000
#: Deepest nesting of mappings and lists in a strategy file.
MAX_YAML_DEPTH: Final = 40
#: Most include items read for one strategy, counting a file each time it is included.
MAX_INCLUDES: Final = 200
#: Deepest chain of files including files.
MAX_INCLUDE_DEPTH: Final = 16
#: Most digits in a number (a strategy's, a CSV cell's or a period's).
MAX_NUMBER_DIGITS: Final = 30
#: Largest number (either way) a strategy may give for a figure, count, amount or change:
#: far above any count of offences or sum of money, far below where arithmetic overflows.
MAX_FIGURE: Final = 10**15
#: Longest id (a strategy, partnership, theme, target ... id); ids become file names.
MAX_ID_LENGTH: Final = 100

# --- units -------------------------------------------------------------------------------

#: Longest unit expression, in characters.
MAX_UNIT_LENGTH: Final = 200
#: Deepest nesting of parentheses in a unit expression.
MAX_UNIT_NESTING: Final = 5
#: Largest exponent (in absolute value) in a unit expression (``kiloperson ** 2``).
MAX_UNIT_EXPONENT: Final = 4

# --- periods -----------------------------------------------------------------------------

#: Earliest calendar year any period may touch.
MIN_YEAR: Final = 1900
#: Latest calendar year any period may touch (so the last financial year is 2099/00).
MAX_YEAR: Final = 2100

# --- observations (CSV, Excel) -----------------------------------------------------------

#: Largest file of observations, in bytes (CSV, or an Excel workbook on disk).
MAX_OBSERVATIONS_BYTES: Final = 200 * 1024 * 1024
#: Most columns in a table of observations (the long format has 10).
MAX_COLUMNS: Final = 100
#: Most rows in a table of observations.
MAX_ROWS: Final = 2_000_000
#: Most bytes an Excel workbook may hold once unzipped.
MAX_XLSX_UNZIPPED_BYTES: Final = 1024 * 1024 * 1024
#: Largest ratio of unzipped to zipped size of one part of a workbook (a zip bomb's is
#: in the thousands; real sheets compress 5 to 20 times).
MAX_XLSX_RATIO: Final = 200

# --- messages ----------------------------------------------------------------------------

#: Longest input value repeated in an error message; longer values are cut with "…".
MAX_SHOWN: Final = 80


def shorten(value: object, limit: int = MAX_SHOWN) -> str:
    """``repr(value)``, cut short at ``limit`` characters with an ellipsis.

    >>> len(shorten("x" * 500)), shorten("x" * 500)[-3:]
    (80, 'xx…')
    >>> shorten(2806)
    '2806'
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
        # repr() of an int of over 4,300 digits raises; its size is what matters anyway.
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
