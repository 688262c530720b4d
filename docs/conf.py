"""Sphinx configuration for the cdrpkit documentation."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "cdrpkit"
author = "cdrpkit developers"
copyright = "2026, cdrpkit developers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "indicators",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = "cdrpkit"
html_static_path = ["_static"]

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
# attrs and pint types that autodoc cannot resolve would otherwise be warnings-as-errors.
nitpicky = False
suppress_warnings = ["myst.header"]

# No network at build time: intersphinx inventories are not fetched.
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}

doctest_global_setup = """
import os
os.environ.setdefault("MPLBACKEND", "Agg")
"""

# Docstring examples run under pytest --doctest-modules; here only the {doctest} blocks of
# the narrative pages run, so each example is run once.
doctest_test_doctest_blocks = ""
