"""Safe outputs: atomic writes into checked folders, and text made safe for its reader.

Every file cdrpkit writes goes through :func:`open_atomic` (or the two ``write_*_atomic``
shortcuts): the content is written to a temporary file in the same folder and renamed over
the target only when complete, so a reader never sees half a report and a failure leaves
the old file as it was. A folder is made (or refused, with the reason) by
:func:`prepare_directory`. Every failure is an :class:`~cdrpkit.errors.OutputError`
naming the path and saying why in words.

Text that came from an input (a title, an id, a CSV ``source``) is passed through the
function for the output it goes to before it is written there:

- :func:`excel_text` for a spreadsheet cell (never a formula, no characters XML forbids);
- :func:`markdown_text` for Markdown (no HTML, no links or images);
- :func:`terminal_text` for the terminal (no escape sequences or control characters).

>>> excel_text("=cmd|' /C calc'!A0")
"'=cmd|' /C calc'!A0"
>>> markdown_text("[x](javascript:alert(1))")
'\\\\[x\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\)'
>>> terminal_text("\\x1b[31mred\\x1b[0m title")
'red title'
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal, TypeVar, overload

from cdrpkit.errors import OutputError

__all__ = [
    "EXCEL_CELL_MAX",
    "atomic_path",
    "excel_text",
    "make_temporary",
    "markdown_text",
    "open_atomic",
    "prepare_directory",
    "terminal_text",
    "write_bytes_atomic",
    "write_text_atomic",
]

T = TypeVar("T")

#: The most characters one Excel cell holds; longer text is cut short with an ellipsis.
EXCEL_CELL_MAX = 32_767

_REASONS = {
    errno.EACCES: "permission denied (is the folder read-only?)",
    errno.EPERM: "permission denied (is the folder read-only?)",
    errno.EROFS: "the file system is read-only",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ENOENT: "a folder on the path does not exist",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.EEXIST: "it exists and is not a folder",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ELOOP: "the path has a loop of symbolic links",
}


def _reason(exc: BaseException) -> str:
    """Say in words why an operating-system call failed."""
    if isinstance(exc, ValueError):  # os functions refuse embedded NUL bytes this way
        return "the path contains a NUL character"
    if isinstance(exc, OSError) and exc.errno in _REASONS:
        return _REASONS[exc.errno]
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return detail or type(exc).__name__


def _as_path(path: str | os.PathLike[str]) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise OutputError(repr(path)[:80], "an output path must be text or a path")
    result = Path(path)
    if "\0" in str(result):
        shown = str(result).replace("\0", "\\0")[:200]
        raise OutputError(shown, "the path contains a NUL character")
    return result


def prepare_directory(path: str | os.PathLike[str]) -> Path:
    """Make the folder ``path`` (and its parents) if needed, and return it.

    Raises :class:`~cdrpkit.errors.OutputError` saying why when it cannot be used: a file
    of that name exists, a parent is read-only, the name is too long.

    >>> import tempfile, pathlib
    >>> base = pathlib.Path(tempfile.mkdtemp())
    >>> prepare_directory(base / "reports" / "2005").is_dir()
    True
    >>> _ = (base / "taken").write_text("x")
    >>> prepare_directory(base / "taken")
    Traceback (most recent call last):
    ...
    cdrpkit.errors.OutputError: cannot write .../taken: it exists and is not a folder
    """
    folder = _as_path(path)
    try:
        if folder.exists() and not folder.is_dir():
            raise OutputError(str(folder), "it exists and is not a folder")
        folder.mkdir(parents=True, exist_ok=True)
    except OutputError:
        raise
    except (OSError, ValueError) as exc:
        raise OutputError(str(folder), _reason(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(str(folder), _REASONS[errno.EACCES])
    return folder


def _file_mode(target: Path) -> int:
    """The permissions a plain ``open(target, "w")`` would give: keep the old file's."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0o022)
        os.umask(mask)
        return 0o666 & ~mask


@overload
def open_atomic(
    path: str | os.PathLike[str], mode: Literal["w"] = "w", *, encoding: str = "utf-8",
    newline: str | None = None, sync: bool = True,
) -> contextlib.AbstractContextManager[IO[str]]: ...


@overload
def open_atomic(
    path: str | os.PathLike[str], mode: Literal["wb"], *, encoding: str = "utf-8",
    newline: str | None = None, sync: bool = True,
) -> contextlib.AbstractContextManager[IO[bytes]]: ...


def open_atomic(
    path: str | os.PathLike[str], mode: str = "w", *, encoding: str = "utf-8",
    newline: str | None = None, sync: bool = True,
) -> contextlib.AbstractContextManager[IO[Any]]:
    """Open ``path`` for writing so that it appears complete or not at all.

    Writes go to a temporary file in the same folder (made if missing), renamed over
    ``path`` when the ``with`` block ends without an error. On an error the temporary file
    is removed and ``path`` is left as it was; an operating-system error becomes an
    :class:`~cdrpkit.errors.OutputError` naming ``path``. ``mode`` is ``"w"`` (text,
    UTF-8 unless ``encoding`` says otherwise) or ``"wb"`` (bytes). The data reach the disk
    before the rename unless ``sync`` is false, which suits files that may be lost (a
    cache): they are still never seen half-written.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out" / "table.csv"
    >>> with open_atomic(target) as handle:
    ...     _ = handle.write("a,b\\n1,2\\n")
    >>> target.read_text()
    'a,b\\n1,2\\n'
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"open_atomic writes only: mode 'w' or 'wb', not {mode!r}")
    return _atomic(_as_path(path), mode, encoding, newline, sync)


@contextlib.contextmanager
def _atomic(
    target: Path, mode: str, encoding: str, newline: str | None, sync: bool = True
) -> Iterator[IO[Any]]:
    try:
        if target.is_dir():
            raise OutputError(str(target), _REASONS[errno.EISDIR])
    except OutputError:
        raise
    except (OSError, ValueError) as exc:
        raise OutputError(str(target), _reason(exc)) from exc
    folder = prepare_directory(target.parent)
    try:
        # A short fixed name: a long target name must not make the temporary name too long.
        fd, temporary = make_temporary(folder, ".tmp")
    except OSError as exc:
        raise OutputError(str(target), _reason(exc)) from exc
    try:
        if mode == "wb":
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with handle:
            yield handle
            handle.flush()
            if sync:
                os.fsync(handle.fileno())
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(str(target), _reason(exc)) from exc
        raise


def make_temporary(folder: str | os.PathLike[str], suffix: str = "") -> tuple[int, str]:
    """Create a new file in ``folder`` that no other process can have opened, as
    :func:`tempfile.mkstemp` does (exclusive creation, mode 0600, links not followed), and
    return its descriptor and path. Named ``.cdrpkit-<random><suffix>``.

    Written here because importing :mod:`tempfile` (with :mod:`shutil` and :mod:`random`)
    cost the command line's quickest runs, which write their caches through this module,
    about 2.5 ms each.

    >>> import os, tempfile
    >>> fd, name = make_temporary(tempfile.mkdtemp(), ".csv")
    >>> os.close(fd); os.path.basename(name).startswith(".cdrpkit-"), name.endswith(".csv")
    (True, True)
    """
    flags = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_BINARY", 0))
    for _ in range(100):
        name = os.path.join(os.fspath(folder), f".cdrpkit-{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue  # 48 random bits taken already: try another name
    raise FileExistsError(errno.EEXIST, "no unused temporary file name", os.fspath(folder))


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``path`` for a writer that wants a file name, then renamed.

    For libraries that write to a path themselves (``openpyxl``'s ``save``,
    matplotlib's ``savefig``, a function of ours that takes a path): give them the yielded
    path, which has the same suffix; when the block ends without an error it replaces
    ``path``, otherwise it is removed. Errors are :class:`~cdrpkit.errors.OutputError`.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "audit.json"
    >>> with atomic_path(target) as temporary:
    ...     _ = temporary.write_text("{}")
    >>> target.read_text(), temporary.exists()
    ('{}', False)
    """
    target = _as_path(path)
    folder = prepare_directory(target.parent)
    try:
        fd, name = make_temporary(folder, target.suffix[:16])
        os.close(fd)
    except OSError as exc:
        raise OutputError(str(target), _reason(exc)) from exc
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _file_mode(target))
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(str(target), _reason(exc)) from exc
        raise


def write_text_atomic(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8"
) -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`open_atomic`) and return the path.

    >>> import tempfile, pathlib
    >>> path = write_text_atomic(pathlib.Path(tempfile.mkdtemp()) / "a.md", "# Title\\n")
    >>> path.read_text()
    '# Title\\n'
    """
    target = _as_path(path)
    with open_atomic(target, "w", encoding=encoding, newline="") as handle:
        handle.write(text)
    return target


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes, *, sync: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`open_atomic`, which says what
    ``sync`` does) and return the path.

    >>> import tempfile, pathlib
    >>> write_bytes_atomic(pathlib.Path(tempfile.mkdtemp()) / "a.bin", b"\\x00\\x01").read_bytes()
    b'\\x00\\x01'
    """
    target = _as_path(path)
    with open_atomic(target, "wb", sync=sync) as handle:
        handle.write(data)
    return target


# Characters XML 1.0 forbids (openpyxl refuses them): C0 controls but tab, LF and CR,
# surrogates, and the two non-characters U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# A cell starting with one of these is read as a formula by Excel, LibreOffice or Google
# Sheets (OWASP "CSV injection"); full-width forms are read as formulas by some locales.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


@overload
def excel_text(value: str) -> str: ...


@overload
def excel_text(value: T) -> T: ...


def excel_text(value: Any) -> Any:
    """Make ``value`` safe for a spreadsheet cell: text stays text, never a formula.

    Text that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``,
    a tab or a line break, as OWASP lists) gets a leading apostrophe, so it is shown as
    written and never run; characters XML forbids (NUL, ESC and the other control
    characters) become ``U+FFFD``; text longer than a cell holds is cut short. Anything
    that is not text (numbers, dates, ``None``) is returned unchanged.

    >>> excel_text("=1+2"), excel_text("-6% a year"), excel_text("Reduce crime")
    ("'=1+2", "'-6% a year", 'Reduce crime')
    >>> excel_text("bad\\x1b[31m\\x00"), excel_text(-0.06), excel_text(None)
    ('bad\\ufffd[31m\\ufffd', -0.06, None)
    """
    if not isinstance(value, str):
        return value
    text = _XML_ILLEGAL.sub("\ufffd", value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    if len(text) > EXCEL_CELL_MAX:
        text = text[: EXCEL_CELL_MAX - 1] + "…"
    return text


# Terminal escape sequences: CSI (ESC [ ... final byte, or the 8-bit CSI), OSC, DCS, SOS,
# PM and APC strings (ended by BEL or ST; OSC 8 makes hyperlinks), then any other ESC pair.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]P^_X]|[\x9d\x90\x9e\x9f\x98])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Remaining controls: C0 but tab and newline, DEL, C1, and the bidirectional overrides
# that can make text display in an order other than the one it has.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """Strip escape sequences and control characters, so input text cannot drive a terminal.

    ANSI colours and cursor moves, OSC strings (titles, OSC 8 hyperlinks), other escape
    sequences, control characters (tab and newline are kept) and bidirectional overrides
    are removed; the visible text stays.

    >>> terminal_text("\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07 me\\r\\n")
    'click me\\n'
    """
    return _CONTROLS.sub("", _ESCAPES.sub("", str(text)))


# Markdown punctuation that can start markup anywhere in a line: emphasis, code, links
# and images, tables, strikethrough, raw HTML and entities (escaped as entities below).
_MD_INLINE = re.compile(r"([\\`*_{}\[\]()!|~#])")
# At the start of a line these begin a block: a list, a rule or a setext heading, or a
# numbered list (``1.``); headings and quotes are escaped above.
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)\.)")


def markdown_text(text: str) -> str:
    """Escape ``text`` for inline use in Markdown, so it shows as written and adds no markup.

    HTML (``<script>``, ``<img onerror=...>``) becomes entities, link and image syntax
    (``[x](javascript:...)``) and emphasis are backslash-escaped, control characters are
    removed, and line breaks become spaces (the text stays in one table cell or list item).

    >>> markdown_text("<script>alert(1)</script> & *more*")
    '&lt;script&gt;alert\\\\(1\\\\)&lt;/script&gt; &amp; \\\\*more\\\\*'
    >>> markdown_text("2004/05: -6% a year")
    '2004/05: -6% a year'
    """
    one_line = re.sub(r"[\r\n\u2028\u2029]+", " ", terminal_text(str(text)))
    escaped = (
        one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;")
    )
    escaped = _MD_INLINE.sub(r"\\\1", escaped)
    return _MD_LINE_START.sub(_escape_block, escaped)


def _escape_block(match: re.Match[str]) -> str:
    indent, marker, number = match.groups()
    return f"{indent}\\{marker}" if marker else f"{indent}{number}\\."
