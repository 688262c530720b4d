"""Write this example's monitoring figures: the document's own, then illustrative ones.

Run from anywhere: ``python examples/leics_county_csp/data/generate.py``. The output,
``observations.csv`` beside this script, is in cdrpkit's long format.

The figures and the model that makes them are described in :mod:`cdrpkit.illustrative`;
this script only fixes this example's seed and periods.
"""

from __future__ import annotations

from pathlib import Path

import cdrpkit
from cdrpkit.illustrative import generate, write_csv

HERE = Path(__file__).resolve().parent
SEED = 20040401


def main() -> Path:
    strategy = cdrpkit.load(HERE.parent)
    return write_csv(generate(strategy, seed=SEED), HERE / "observations.csv")


if __name__ == "__main__":
    print(f"wrote {main()}")
