"""The one door through which the renderers write files and put input text into outputs.

Each renderer passes text that came from an input (wording, ids, titles) through the
function for its output, and writes its file through :func:`write_text` or
:func:`save_workbook`. These are thin stand-ins until :mod:`cdrpkit.outputs` (atomic
writes, escaping) lands on main; then each body becomes a call to it, and no renderer
changes.

>>> excel_text("=HYPERLINK(1)")
"'=HYPERLINK(1)"
>>> terminal_text("\\x1b[31mred\\x1b[0m")
'red'
>>> markdown_text("a | b <i>")
'a \\\\| b &lt;i&gt;'
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


def excel_text(value: Any) -> Any:
    """A cell value from input text: never read as a formula, no control characters."""
    if not isinstance(value, str):
        return value
    text = _CONTROL.sub("\ufffd", value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def terminal_text(text: str) -> str:
    """Input text for the terminal: escape sequences and control characters removed."""
    return _CONTROL.sub("", _ESCAPE.sub("", str(text)))


def markdown_text(text: str) -> str:
    """Input text for Markdown: HTML and table, link and emphasis syntax escaped."""
    out = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = re.sub(r"([\\`*_\[\]()|!#])", r"\\\1", out)
    return " ".join(out.split())


def write_text(path: Path, text: str) -> None:
    """Write a text file so that it appears complete or not at all."""
    _replace(path, text.encode("utf-8"))


def save_workbook(book: Any, path: Path) -> None:
    """Save an openpyxl workbook so that it appears complete or not at all."""
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    _replace(path, buffer.getvalue())


def _replace(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
