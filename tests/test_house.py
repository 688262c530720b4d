"""House rules of src/cdrpkit that a review would otherwise have to keep by eye (issue 13):
no module over 600 lines, no function over 80 lines of code, no import of another
module's private names, and no switch on a target kind's name in the assessment."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

SRC = ROOT / "src" / "cdrpkit"
MODULES = sorted(SRC.rglob("*.py"))


def _code_lines(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    body = node.body
    first = body[0]
    docstring = (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                 and isinstance(first.value.value, str))
    start = first.end_lineno + 1 if docstring and first.end_lineno else first.lineno
    return sum(1 for line in lines[start - 1:node.end_lineno]
               if line.strip() and not line.strip().startswith("#"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_module_size_function_size_and_private_imports(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= 600, f"{path.name}: {len(lines)} lines"
    problems = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            size = _code_lines(lines, node)
            if size > 80:
                problems.append(f"{node.name}: {size} lines of code")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cdrpkit"):
            problems += [f"imports private {node.module}.{a.name}" for a in node.names
                         if a.name.startswith("_") and not a.name.startswith("__")]
    assert not problems, problems


def _is_kind(node: ast.AST) -> bool:
    """``x.kind`` or ``x["kind"]``: a target's kind."""
    if isinstance(node, ast.Attribute):
        return node.attr == "kind"
    return (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
            and node.slice.value == "kind")


def test_the_assessment_never_switches_on_a_kind_name() -> None:
    # Expected values come from the kinds through the engine: no kind is compared with a
    # kind's name in the assessment (a kind declares how it is judged: ``delivers``).
    for path in sorted((SRC / "assessment").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                    _is_kind(side) for side in (node.left, *node.comparators)):
                pytest.fail(f"{path.name}:{node.lineno} compares a target's kind")
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "isin" and _is_kind(node.func.value)):
                pytest.fail(f"{path.name}:{node.lineno} tests a target's kind")
