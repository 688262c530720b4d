"""Sphinx extension: the indicator reference, generated from the installed plugins.

Two directives, so the reference is never written twice (the plugins' data is the one
source)::

    .. cdrpkit-families::

    .. cdrpkit-indicators::
       :family: BVPI

``cdrpkit-families`` is a table of every indicator family with the plugin that
declares it and its version; ``cdrpkit-indicators`` one entry per indicator of a family
(all families when ``:family:`` is left out) with its unit, polarity, computation,
certainty, source, members, links and checklist. In MyST use the fenced form
(```` ```{cdrpkit-indicators} ````). The RST is built by plain functions
(:func:`families_rst`, :func:`indicators_rst`) that tests can call without Sphinx.

Enable it in ``conf.py``::

    sys.path.insert(0, str(Path(__file__).parent / "_ext"))
    extensions = [..., "indicators"]
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

_SPECIAL = re.compile(r"([\\*`_|])")


def _escape(text: str) -> str:
    """Text with the characters RST would read as markup escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def families_rst(host: Any) -> list[str]:
    """The RST lines of the table of indicator families (id, title, plugin, version)."""
    lines = [
        ".. list-table::",
        "   :header-rows: 1",
        "",
        "   * - Family",
        "     - Title",
        "     - Plugin",
        "     - Version",
        "     - Indicators",
    ]
    for fid, family in sorted(host.families.items()):
        plugin = host.origin("cdrpkit_register_indicator_families", fid)
        count = sum(1 for i in host.indicators.values() if i.family == fid)
        lines += [
            f"   * - {_escape(fid)}",
            f"     - {_escape(family.title)}",
            f"     - ``{plugin}``",
            f"     - {host.version_of(plugin) or '-'}",
            f"     - {count}",
        ]
    lines.append("")
    for fid, family in sorted(host.families.items()):
        if family.description:
            lines += [f"**{_escape(fid)}**: {_escape(family.description)}", ""]
        if family.source:
            lines += [f"Source: {_escape(family.source)}", ""]
    return lines


def indicators_rst(host: Any, family: str | None = None) -> list[str]:
    """The RST lines describing each indicator of ``family`` (every family when ``None``)."""
    chosen = sorted(
        (i for i in host.indicators.values() if family is None or i.family == family),
        key=lambda i: i.id,
    )
    if family is not None and family not in host.families:
        known = ", ".join(sorted(host.families))
        raise ValueError(f"unknown indicator family {family!r} (installed: {known})")
    lines: list[str] = []
    for ind in chosen:
        lines += [
            f".. rubric:: {_escape(ind.id)}: {_escape(ind.title)}",
            f"   :name: indicator-{ind.id}",
            "",
        ]
        if ind.description:
            lines += [_escape(ind.description), ""]
        fields = [
            ("Family", _escape(ind.family)),
            ("Unit", f"``{ind.unit}``"),
            ("Polarity", ind.polarity.replace("_", " ")),
            ("Period", ind.period_type.replace("_", " ")),
            ("Certainty", f"**{ind.certainty}**"),
        ]
        if ind.numerator:
            computed = _escape(ind.numerator)
            if ind.denominator:
                per = f" x {ind.per:,}" if ind.per else ""
                computed = f"{computed} / {_escape(ind.denominator)}{per}"
            fields.append(("Computed as", computed))
        if ind.members:
            fields.append(("Members", ", ".join(f"``{m}``" for m in ind.members)))
        if ind.maps_to:
            fields.append(("Maps to", ", ".join(f"``{m}``" for m in ind.maps_to)))
        if ind.source:
            fields.append(("Source", _escape(ind.source)))
        lines += [f":{name}: {value}" for name, value in fields]
        lines.append("")
        if ind.checklist:
            lines += ["Checklist points:", ""]
            lines += [f"#. {_escape(point)}" for point in ind.checklist]
            lines.append("")
    if not chosen:
        lines += [f"(no indicators in family {_escape(family or '')})", ""]
    return lines


def setup(app: Any) -> dict[str, Any]:
    """Register the two directives (Sphinx imported here, so the functions need none)."""
    from docutils import nodes  # type: ignore[import-untyped]
    from docutils.parsers.rst import (  # type: ignore[import-untyped]
        Directive,
        Parser,
        directives,
    )
    from docutils.utils import new_document  # type: ignore[import-untyped]

    from cdrpkit.plugins import Plugins

    host = Plugins()

    def render(directive: Directive, lines: list[str]) -> list[nodes.Node]:
        # Parse as RST in a document of its own: in a MyST page the directive's state
        # would read the lines as Markdown.
        outer = directive.state.document
        inner = new_document(outer.current_source or "<cdrpkit>", outer.settings)
        Parser().parse("\n".join(lines), inner)
        return list(inner.children)

    class FamiliesDirective(Directive):  # type: ignore[misc]
        has_content = False

        def run(self) -> list[nodes.Node]:
            return render(self, families_rst(host))

    class IndicatorsDirective(Directive):  # type: ignore[misc]
        has_content = False
        option_spec: ClassVar[dict[str, Any]] = {"family": directives.unchanged}

        def run(self) -> list[nodes.Node]:
            try:
                lines = indicators_rst(host, self.options.get("family"))
            except ValueError as exc:
                raise self.error(str(exc)) from None
            return render(self, lines)

    app.setup_extension("sphinx.ext.autodoc")
    app.add_directive("cdrpkit-families", FamiliesDirective)
    app.add_directive("cdrpkit-indicators", IndicatorsDirective)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
