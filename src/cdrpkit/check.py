"""The checker, under its import path before 0.2 (now :mod:`cdrpkit.checks`).

``from cdrpkit.check import Rule, Finding`` keeps working for plugins written against it.
"""

from __future__ import annotations

from cdrpkit.checks.runner import CheckContext, Finding, check, has_errors, target_nodes
from cdrpkit.plugins.declarations import SEVERITIES, Rule

__all__ = ["SEVERITIES", "CheckContext", "Finding", "Rule", "check", "has_errors", "target_nodes"]
