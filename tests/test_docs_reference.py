"""Issue 18: every kind with its fields, and every framework category, is on a docs page."""

from __future__ import annotations

import attrs

from cdrpkit.model.kinds import Target
from cdrpkit.plugins import Plugins
from tests.conftest import ROOT

DOCS = ROOT / "docs"
COMMON = {f.alias or f.name for f in attrs.fields(Target)}


def test_every_installed_kind_and_its_fields_are_documented() -> None:
    page = (DOCS / "target-kinds.md").read_text(encoding="utf-8")
    indicators = (DOCS / "indicators.md").read_text(encoding="utf-8")
    missing = []
    for name, kind in Plugins().kinds.items():
        if f"`{name}`" not in page:
            missing.append(name)
            continue
        if f"## `{name}`" not in page:
            continue  # a plugin's kind, documented with its plugin
        section = page.split(f"## `{name}`")[1].split("\n## ")[0]
        for field in attrs.fields(kind.cls):
            alias = field.alias or field.name
            if alias not in COMMON and f"`{alias}" not in section and f"{alias}:" not in section:
                missing.append(f"{name}.{alias}")
    assert "`lpsa2-stretch`" in indicators
    assert not missing, f"undocumented in docs/target-kinds.md: {missing}"


def test_every_common_target_field_is_documented() -> None:
    page = (DOCS / "target-kinds.md").read_text(encoding="utf-8")
    for field in ("parts", "part_of", "period_source", "total_change", "annual_change",
                  "target_value"):
        assert f"`{field}" in page, field


def test_every_framework_category_is_on_the_frameworks_page() -> None:
    page = (DOCS / "frameworks.md").read_text(encoding="utf-8")
    for ident, framework in Plugins().frameworks.items():
        assert f"## `{ident}`" in page, ident
        section = page.split(f"## `{ident}`")[1].split("\n## ")[0]
        for axis in framework.axes:
            for category in axis.categories:
                assert f"| `{category.id}` | {category.title} |" in section, (ident, category.id)
