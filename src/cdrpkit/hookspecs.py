"""The hook specifications, under their import path before 0.2.

``from cdrpkit.hookspecs import hookimpl`` keeps working; the specifications live in
:mod:`cdrpkit.plugins.hookspecs` (``from cdrpkit import hookimpl`` is the short form).
"""

from __future__ import annotations

from cdrpkit.plugins.hookspecs import *  # noqa: F403
from cdrpkit.plugins.hookspecs import PROJECT, hookimpl, hookspec

__all__ = ["PROJECT", "hookimpl", "hookspec"]
