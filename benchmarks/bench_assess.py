"""Time cdrpkit.assess on 350 partnerships x 40 targets x 12 quarters of generated figures.

Run with ``python benchmarks/bench_assess.py``. Compares, at two sizes (half and full):

- ``numpy``: a plain numpy computation of the same expected values and gaps, given the
  figures already paired with their targets as integer arrays (the floor: no matching,
  no statistics, no table);
- ``assess rows``: :func:`cdrpkit.assessment.assess_all` with ``xmr=False`` (matching the
  figures to targets, expected values, gaps, intervals, comparisons, statuses, progress
  and forecasts, verdicts and audit);
- ``assess full``: the same with an XmR chart for every quarterly series.

The figures are validated once beforehand (reading is timed separately: it checks every
row and is linear in the rows). Peak memory is measured with tracemalloc.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import cdrpkit
from cdrpkit.assessment import assess_all
from cdrpkit.observations import validate_observations

TARGETS = 40
QUARTERS = [f"{fy}/{(fy + 1) % 100:02d}-Q{q}" for fy in (2005, 2006, 2007) for q in (1, 2, 3, 4)]


def strategy(number: int) -> cdrpkit.Strategy:
    targets = [{
        "kind": "level", "text": f"Reduce indicator {k} with a yearly {2 + k % 5}% reduction",
        "indicator": f"ind-{k}", "unit": "offence",
        "baseline": {"value": 500 + 50 * k, "period": "2004/05"},
        "target": {"value": round((500 + 50 * k) * (1 - (2 + k % 5) / 100) ** 3),
                   "period": "2007/08"},
        "annual_change": -(2 + k % 5) / 100, "bound": "at_most",
    } for k in range(TARGETS)]
    return cdrpkit.from_data({
        "cdrpkit": 1, "id": f"s{number}", "title": f"Strategy {number}",
        "partnership": {"id": f"p{number}", "name": f"Partnership {number}",
                        "population": {"value": 250000, "unit": "person"}},
        "indicators": [{"id": f"ind-{k}", "family": "local", "title": f"Indicator {k}",
                        "unit": "offence", "polarity": "lower_is_better"}
                       for k in range(TARGETS)],
        "objectives": [{"id": "o", "title": "Reduce crime", "targets": targets}],
    })


def figures(strategies: list[cdrpkit.Strategy], seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = len(strategies) * TARGETS * len(QUARTERS)
    part = np.repeat([s.partnership.id for s in strategies], TARGETS * len(QUARTERS))
    target = np.tile(np.repeat([f"o.t{k + 1}" for k in range(TARGETS)], len(QUARTERS)),
                     len(strategies))
    base = np.tile(np.repeat(500 + 50 * np.arange(TARGETS), len(QUARTERS)), len(strategies))
    return pd.DataFrame({
        "partnership": part, "indicator": "", "target": target,
        "period": np.tile(QUARTERS, n // len(QUARTERS)),
        "value": rng.poisson(base / 4), "unit": "offence", "source": "generated",
        "status": "illustrative"})


def numpy_baseline(b: np.ndarray, c: np.ndarray, idx: np.ndarray, k: np.ndarray,
                   value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    expected = b[idx] * (1.0 + c[idx]) ** k / 4.0
    return expected, value - expected


def timed(func: Callable[[], Any], repeat: int = 3) -> tuple[float, float]:
    """Best wall time of ``repeat`` runs, and the peak traced memory of one (MB)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    func()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return best, peak


def run(partnerships: int) -> dict[str, float]:
    strategies = [strategy(i) for i in range(partnerships)]
    raw = figures(strategies)
    start = time.perf_counter()
    obs = validate_observations(raw, strategies)
    read = time.perf_counter() - start
    # The baseline's inputs: figures already paired with their targets as arrays.
    b = np.tile(500.0 + 50 * np.arange(TARGETS), partnerships)
    c = np.tile(-(2 + np.arange(TARGETS) % 5) / 100.0, partnerships)
    idx = np.repeat(np.arange(partnerships * TARGETS), len(QUARTERS))
    k = (obs["fy"].to_numpy() - 2004).astype(float)
    value = obs["value"].to_numpy(float)
    base_t, base_m = timed(lambda: numpy_baseline(b, c, idx, k, value), repeat=5)
    rows_t, rows_m = timed(lambda: assess_all(strategies, obs, xmr=False), repeat=2)
    full_t, full_m = timed(lambda: assess_all(strategies, obs), repeat=1)
    return {"rows": float(len(obs)), "read": read, "numpy": base_t, "numpy_mb": base_m,
            "assess": rows_t, "assess_mb": rows_m, "full": full_t, "full_mb": full_m}


def main() -> None:
    print(f"{'partnerships':>12} {'figures':>8} {'read s':>7} {'numpy s':>8} {'assess s':>9} "
          f"{'ratio':>7} {'full s':>7} {'peak MB numpy/assess/full':>26}")
    for partnerships in (175, 350):
        r = run(partnerships)
        print(f"{partnerships:>12} {int(r['rows']):>8} {r['read']:>7.2f} {r['numpy']:>8.4f} "
              f"{r['assess']:>9.2f} {r['assess'] / r['numpy']:>7.0f} {r['full']:>7.2f} "
              f"{r['numpy_mb']:>8.1f}/{r['assess_mb']:.0f}/{r['full_mb']:.0f}")


if __name__ == "__main__":
    main()
