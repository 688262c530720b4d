"""The Leicester Community Safety Strategy 2005-2008 as a cdrpkit strategy plugin.

The strategy is registered under the name ``leicester-2005``:

>>> import cdrpkit
>>> cdrpkit.load("leicester-2005").partnership.name
'Leicester Partnership Against Crime & Disorder'
"""

from leicester_2005.plugin import STRATEGY_DIR, cdrpkit_register_strategies

__all__ = ["STRATEGY_DIR", "cdrpkit_register_strategies"]
