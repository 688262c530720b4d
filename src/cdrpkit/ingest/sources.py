"""The files an ingest reads: plain files, directories of them, and archive zips.

Each input is read whole into memory as bytes (a force's month is 1-7 MB). A zip's
members are checked against their declared sizes before anything is extracted: a member
larger than :data:`MAX_MEMBER_BYTES`, or one that claims to expand more than
:data:`MAX_RATIO` times, is refused as a probable zip bomb; ``zipfile`` itself never
returns more than a member's declared size, so a lying header cannot get past the check.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

from cdrpkit.errors import IngestError, Problem

__all__ = ["MAX_MEMBER_BYTES", "MAX_RATIO", "Input", "inputs"]

#: Largest member of a zip we extract (a force's biggest month is well under 100 MB).
MAX_MEMBER_BYTES = 512 * 1024 * 1024
#: Largest expansion ratio a zip member may claim (CSV compresses about 5-10 times).
MAX_RATIO = 100


@attrs.frozen
class Input:
    """One file to read: its name as reported (``archive.zip!2020-01/x.csv``) and content.

    ``data`` is ``bytes`` (a zip member) or a pyarrow buffer over the memory-mapped file:
    anything with the buffer protocol.
    """

    name: str
    data: Any


def _refuse(message: str, name: str) -> IngestError:
    return IngestError([Problem(message, file=name)])


def _zip_members(path: Path, suffix: str) -> Iterator[Input]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _refuse(f"not a readable zip archive (truncated or damaged?): {exc}",
                      str(path)) from None
    with archive:
        members = sorted((m for m in archive.infolist()
                          if not m.is_dir() and m.filename.endswith(suffix)),
                         key=lambda m: m.filename)
        for member in members:
            name = f"{path}!{member.filename}"
            if member.file_size > MAX_MEMBER_BYTES:
                raise _refuse(f"declares {member.file_size:,} bytes uncompressed, more than "
                              f"the {MAX_MEMBER_BYTES:,} a police.uk file can be; refused "
                              "unextracted (a zip bomb?)", name)
            if member.file_size > MAX_RATIO * max(member.compress_size, 1) \
                    and member.file_size > 1024 * 1024:
                raise _refuse(f"declares {member.file_size:,} bytes from "
                              f"{member.compress_size:,} compressed (more than {MAX_RATIO} "
                              "times); refused unextracted (a zip bomb?)", name)
        for member in members:
            name = f"{path}!{member.filename}"
            try:
                data = archive.read(member)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
                raise _refuse(f"cannot be extracted (truncated or damaged archive?): {exc}",
                              name) from None
            yield Input(name, data)


def inputs(paths: list[Path], suffix: str = "-street.csv") -> Iterator[Input]:
    """Every file to read under ``paths``, in a stable order, each file name once.

    A file named on its own is read whatever its name (a ``.zip`` is opened as an
    archive); in a directory or an archive only files ending in ``suffix`` are read
    (police.uk archives also hold ``-outcomes.csv`` and ``-stop-and-search.csv``). The
    same file name found twice (an archive and its extracted copy side by side) is an
    error naming both, so that no month is counted twice.
    """
    seen: dict[str, str] = {}
    for item in _all(paths, suffix):
        base = item.name.rpartition("!")[2].replace("\\", "/").rpartition("/")[2]
        if base in seen:
            raise _refuse(f"is the same file as {seen[base]} (an archive and its extracted "
                          "copy?); give each month once", item.name)
        seen[base] = item.name
        yield item


def _all(paths: list[Path], suffix: str) -> Iterator[Input]:
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*")
                           if p.is_file() and (p.name.endswith(suffix) or p.suffix == ".zip"))
            if not found:
                raise _refuse(f"holds no *{suffix} files or .zip archives", str(path))
            for item in found:
                yield from _one(item, suffix)
        elif path.is_file():
            yield from _one(path, suffix)
        else:
            raise _refuse("no such file or directory", str(path))


def _one(path: Path, suffix: str) -> Iterator[Input]:
    if path.suffix.lower() == ".zip":
        yield from _zip_members(path, suffix)
        return
    import pyarrow as pa

    try:
        if path.stat().st_size == 0:
            yield Input(str(path), b"")
            return
        with pa.memory_map(str(path)) as mapped:
            yield Input(str(path), mapped.read_buffer())
    except OSError as exc:
        raise _refuse(f"cannot be read: {exc}", str(path)) from None
