"""Built-in plugin: the report renderers (HTML, Excel, Markdown)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cdrpkit.plugins import hookimpl

if TYPE_CHECKING:
    from cdrpkit.reports import Renderer, ReportContext


def _html(context: ReportContext, path: Path) -> None:
    from cdrpkit.reports.html import render_html

    render_html(context, path)


def _excel(context: ReportContext, path: Path) -> None:
    from cdrpkit.reports.excel import render_excel

    render_excel(context, path)


def _markdown(context: ReportContext, path: Path) -> None:
    from cdrpkit.reports.markdown import render_markdown

    render_markdown(context, path)


@hookimpl
def cdrpkit_register_renderers() -> list[Renderer]:
    """The three file renderers; the terminal table is printed by the command itself."""
    from cdrpkit.reports import Renderer

    return [
        Renderer("html", ".html", _html, "one self-contained HTML file, charts inline"),
        Renderer("excel", ".xlsx", _excel, "summary, one sheet per theme, data, methods"),
        Renderer("markdown", ".md", _markdown, "a short Markdown summary"),
    ]
