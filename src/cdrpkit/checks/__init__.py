"""The strategy checker and its built-in rules.

:func:`check` (in :mod:`~cdrpkit.checks.runner`) runs every rule the installed plugins
declare. The built-in rules, one module per idea, are declared in
:mod:`cdrpkit.builtin.checks`:

- :mod:`~cdrpkit.checks.arithmetic`: end values and stated rates against the document's numbers;
- :mod:`~cdrpkit.checks.smart`: baselines, deadlines, indicators and follow-on targets;
- :mod:`~cdrpkit.checks.noise`: yearly changes too small to tell from chance;
- :mod:`~cdrpkit.checks.coverage`: prongs, stage-and-method cells, objectives, chairs;
- :mod:`~cdrpkit.checks.unit_fit`: target units against their indicators.

Nothing here imports pandas, scipy or pint.
"""

from __future__ import annotations

from cdrpkit.checks.runner import CheckContext, Finding, check, has_errors, target_nodes
from cdrpkit.plugins.declarations import SEVERITIES, Rule

__all__ = ["SEVERITIES", "CheckContext", "Finding", "Rule", "check", "has_errors", "target_nodes"]
