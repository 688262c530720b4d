"""Peers and what-ifs: partnerships set against each other on real figures.

- :mod:`~cdrpkit.peers.figures`: a period's count per partnership, and denominators.
- :mod:`~cdrpkit.peers.funnels`: a funnel plot's table across partnerships or a family.
- :mod:`~cdrpkit.peers.render`: the funnel as HTML (inline SVG), CSV and JSON.
- :mod:`~cdrpkit.peers.families`: families of partnerships, formed and read.
- :mod:`~cdrpkit.peers.whatif`: a strategy's target regime replayed on other areas and years.

The statistics are in :mod:`cdrpkit.stats.funnel`.
"""

from __future__ import annotations

from cdrpkit.peers.figures import counts_for, denominators_from_strategies, read_denominators
from cdrpkit.peers.funnels import ATTRIBUTION, COLUMNS, PeerFunnel, peer_funnel
from cdrpkit.peers.render import write_funnel

__all__ = [
    "ATTRIBUTION",
    "COLUMNS",
    "PeerFunnel",
    "counts_for",
    "denominators_from_strategies",
    "peer_funnel",
    "read_denominators",
    "write_funnel",
]
