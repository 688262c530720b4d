"""A partnership's plugin whose rule and renderer serve its own strategy only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cdrpkit import hookimpl
from cdrpkit.checks import Finding
from cdrpkit.plugins.declarations import Renderer, Rule, Scope

MINE = Scope(strategies=("harborough-2005",))


def every_target_named(strategy: Any, context: Any) -> Iterator[Finding]:
    for node in strategy.targets():
        yield Finding(rule="harborough-note", severity="info", path=node.path,
                      message=f"Harborough looked at {node.node.id}.")


def page(context: Any, path: Path) -> None:
    path.write_text("Harborough's own page\n", encoding="utf-8")


@hookimpl
def cdrpkit_register_checks() -> list[Rule]:
    return [Rule(id="harborough-note", severity="info", title="Harborough's note",
                 description="Notes each target of Harborough's strategy.",
                 function=every_target_named, applies_to=MINE)]


@hookimpl
def cdrpkit_register_renderers() -> list[Renderer]:
    return [Renderer("harborough-page", ".txt", page, "Harborough's page", applies_to=MINE)]
