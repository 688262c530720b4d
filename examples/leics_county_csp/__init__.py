"""The Leicestershire County Council Community Safety Plan as a cdrpkit strategy plugin.

The strategy files sit in this package's directory; :mod:`leics_county_csp.plugin`
registers them under the name ``leics-county-csp``.
"""

from pathlib import Path

#: The directory holding ``strategy.yaml`` and the files it includes.
STRATEGY_DIR = Path(__file__).resolve().parent

__all__ = ["STRATEGY_DIR"]
