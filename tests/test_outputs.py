"""Atomic writes, folder checks, and text made safe for spreadsheets, Markdown and terminals."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from cdrpkit.errors import CdrpkitError, OutputError
from cdrpkit.outputs import (
    EXCEL_CELL_MAX,
    excel_text,
    markdown_text,
    open_atomic,
    prepare_directory,
    terminal_text,
    write_bytes_atomic,
    write_text_atomic,
)

# --- folders and atomic writes -------------------------------------------------------------


def test_prepare_directory_makes_parents(tmp_path: Path) -> None:
    folder = prepare_directory(tmp_path / "a" / "b")
    assert folder.is_dir()
    assert prepare_directory(folder) == folder  # an existing folder is fine


def test_prepare_directory_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "report").write_text("x")
    with pytest.raises(OutputError, match="report: it exists and is not a folder"):
        prepare_directory(tmp_path / "report")


def test_prepare_directory_under_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="a part of the path is a file, not a folder"):
        prepare_directory(tmp_path / "file" / "sub")


def test_prepare_directory_name_too_long(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="the name is too long"):
        prepare_directory(tmp_path / ("x" * 300))


def test_nul_byte_in_path(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="NUL character"):
        prepare_directory(str(tmp_path) + "/a\0b")
    with pytest.raises(OutputError, match="NUL character"):
        write_text_atomic(str(tmp_path) + "/a\0b.md", "x")


def test_path_of_wrong_type() -> None:
    with pytest.raises(OutputError, match="must be text or a path"):
        write_text_atomic(5, "x")  # type: ignore[arg-type]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="read-only"):
            prepare_directory(tmp_path / "new")
        with pytest.raises(OutputError, match="read-only"):
            write_text_atomic(tmp_path / "a.md", "x")
    finally:
        tmp_path.chmod(0o755)


def test_read_only_folder_as_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root (CI containers) chmod does not stop writes, so make the OS say it.
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("cdrpkit.outputs.make_temporary", refuse)
    with pytest.raises(OutputError) as caught:
        write_text_atomic(tmp_path / "a.md", "x")
    reason = "permission denied (is the folder read-only?)"
    assert str(caught.value) == f"cannot write {tmp_path / 'a.md'}: {reason}"
    assert isinstance(caught.value, CdrpkitError) and isinstance(caught.value, OSError)


def test_write_text_and_bytes(tmp_path: Path) -> None:
    assert write_text_atomic(tmp_path / "n" / "a.txt", "é\r\n").read_bytes() == "é\r\n".encode()
    assert write_bytes_atomic(tmp_path / "b.bin", b"\0\1").read_bytes() == b"\0\1"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        path = write_text_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_error_in_block_keeps_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = write_text_atomic(tmp_path / "report.md", "old")
    with pytest.raises(RuntimeError), open_atomic(target) as handle:
        handle.write("half a new rep")
        raise RuntimeError("renderer failed")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def test_os_error_in_block_names_the_path(tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    with pytest.raises(OutputError, match=r"x\.md: no space left"), open_atomic(target):
        raise OSError(errno.ENOSPC, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_target_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    with pytest.raises(OutputError, match="it is a folder, not a file"):
        write_text_atomic(tmp_path / "d", "x")


def test_long_file_name(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="too long"):
        write_text_atomic(tmp_path / ("s" * 300 + ".md"), "x")
    # 250 characters fit; the temporary name does not grow with the target's.
    assert write_text_atomic(tmp_path / ("s" * 250), "x").read_text() == "x"


def test_open_atomic_refuses_read_modes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode 'w' or 'wb'"):
        open_atomic(tmp_path / "a", "r")  # type: ignore[call-overload]


# --- excel_text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["=cmd|' /C calc'!A0", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "＝1", "=HYPERLINK(\"x\")"],
)
def test_excel_formula_starts_are_kept_as_text(text: str) -> None:
    safe = excel_text(text)
    assert safe == "'" + text
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_excel_control_characters_replaced() -> None:
    assert excel_text("a\x00b\x1bc\x07d\tf\ng") == "a\ufffdb\ufffdc\ufffdd\tf\ng"


def test_excel_other_values_unchanged() -> None:
    for value in (1, -0.06, 2.5e300, None, True):
        assert excel_text(value) is value
    assert excel_text("Reduce robbery by 6%") == "Reduce robbery by 6%"


def test_excel_long_text_cut_short() -> None:
    safe = excel_text("x" * 100_000)
    assert len(safe) == EXCEL_CELL_MAX and safe.endswith("…")


def test_excel_text_in_a_workbook_is_never_a_formula(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = excel_text("=cmd|' /C calc'!A0")
    sheet["A2"] = excel_text("ok\x1b[31m\x00")
    book.save(tmp_path / "t.xlsx")
    read = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert read["A1"].data_type == "s"
    assert read["A1"].value == "'=cmd|' /C calc'!A0"
    assert read["A2"].value == "ok\ufffd[31m\ufffd"


# --- markdown_text -----------------------------------------------------------------------------


def test_markdown_html_is_escaped() -> None:
    out = markdown_text('<script>alert(1)</script><img src=x onerror="alert(1)">')
    assert "<" not in out and ">" not in out
    assert out.startswith("&lt;script&gt;")


def test_markdown_links_and_images_are_escaped() -> None:
    for text in ("[x](javascript:alert(1))", "![i](http://e/x.png)", "<javascript:alert(1)>"):
        out = markdown_text(text)
        assert "](" not in out and "<" not in out


def test_markdown_renders_as_plain_text() -> None:
    # A CommonMark renderer (markdown-it, used by the docs) shows the text as written.
    markdown_it = pytest.importorskip("markdown_it")
    md = markdown_it.MarkdownIt("commonmark")
    for text in ("[x](javascript:alert(1))", "*a* _b_ `c`", "# heading", "1. one", "- item",
                 "<b>x</b>", "a | b", "==="):
        html = md.render(markdown_text(text))
        assert "<a" not in html and "<em>" not in html and "<code>" not in html
        assert "<h1>" not in html and "<ol>" not in html and "<ul>" not in html
        assert "<b>" not in html and "<hr" not in html


def test_markdown_one_line_and_plain_text_kept() -> None:
    assert markdown_text("a\nb\r\nc") == "a b c"
    assert markdown_text("2,806 in 2004/05") == "2,806 in 2004/05"


# --- terminal_text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x1b]0;new title\x07x", "x"),
        ("a\x9b31mb", "ab"),
        ("over\rwrite\x08\x07", "overwrite"),
        ("keep\ttabs\nand lines", "keep\ttabs\nand lines"),
        ("\u202eevil", "evil"),
        ("\x1bc reset", " reset"),
        ("dangling \x1b", "dangling "),
    ],
)
def test_terminal_text(text: str, expected: str) -> None:
    assert terminal_text(text) == expected


def test_atomic_writes_reach_the_disk_unless_told_they_may_be_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real(fd)))
    write_bytes_atomic(tmp_path / "report.bin", b"kept")
    assert len(synced) == 1
    # A cache file may be lost in a crash (it is then a miss), so it is not synced...
    write_bytes_atomic(tmp_path / "cache.bin", b"may be lost", sync=False)
    assert len(synced) == 1
    # ...but it is still never seen half-written: it appears whole, by rename.
    assert (tmp_path / "cache.bin").read_bytes() == b"may be lost"
    assert not list(tmp_path.glob(".cdrpkit-*"))
