"""Time cdrpkit.assess on 350 partnerships x 40 targets x 12 quarters of generated figures.

Run with ``python benchmarks/bench_assess.py``. At two sizes (half and full), from the
same inputs (the loaded strategies and the validated figures):

- ``numpy``: a plain numpy computation of the same expected values and gaps: read each
  target's baseline, yearly change and baseline year from the strategies (``params``),
  pair every figure with its target by a sorted search on its key (``pair``), then the
  compound trajectory and the gap (``arith``, the arithmetic alone);
- ``assess``: :func:`cdrpkit.assess`, the row table: the same expected values and gaps,
  plus intervals, comparisons, statuses and every row of the grid with or without a
  figure. ``ratio`` is assess over numpy: the goal is 2 (3 at worst);
- ``full``: :func:`cdrpkit.assessment.assess_all`: the rows plus a verdict per target
  (progress, forecast) and an XmR chart for every quarterly series.

Before timing, the script checks that assess and the baseline give the same expected
values and gaps for every figure. The figures are validated once beforehand (``read``,
timed on its own: it checks every row). Times are the best of several runs; peak memory
is traced with tracemalloc during one run.
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


def target_parameters(strategies: list[cdrpkit.Strategy]) -> tuple[np.ndarray, ...]:
    """The baseline's step 1: each target's key, baseline, yearly change and baseline year.

    Read from the strategies with the one loop any implementation needs.
    """
    keys, base, change, year = [], [], [], []
    for s in strategies:
        pid = s.partnership.id
        for node in s.targets():
            t = node.node
            keys.append(f"{pid}/{t.id}")
            base.append(t.baseline.value)
            change.append(t.annual_change)
            year.append(t.baseline.period.start.year)
    return (np.array(keys, dtype=str), np.array(base, dtype=float),
            np.array(change, dtype=float), np.array(year, dtype=float))


def pair(keys: np.ndarray, partnership: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The baseline's step 2: each figure's target, by sorted search on its key."""
    wanted = (partnership + "/" + target).astype(str)
    order = np.argsort(keys)
    found = order[np.minimum(np.searchsorted(keys, wanted, sorter=order), len(keys) - 1)]
    if not (keys[found] == wanted).all():
        raise ValueError("a figure names no target")
    return found


def arithmetic(b: np.ndarray, c: np.ndarray, year: np.ndarray, idx: np.ndarray,
               fy: np.ndarray, value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The baseline's step 3: expected quarterly value and gap (compound trajectory)."""
    expected = b[idx] * (1.0 + c[idx]) ** (fy - year[idx]) / 4.0
    return expected, value - expected


def numpy_baseline(strategies: list[cdrpkit.Strategy], partnership: np.ndarray,
                   target: np.ndarray, fy: np.ndarray,
                   value: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same expected values and gaps as assess, from the same inputs, in plain numpy."""
    keys, b, c, year = target_parameters(strategies)
    return arithmetic(b, c, year, pair(keys, partnership, target), fy, value)


def timed(func: Callable[[], Any], repeat: int = 5) -> tuple[float, float]:
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


def best_of_pairs(first: Callable[[], Any], second: Callable[[], Any],
                  rounds: int = 9) -> tuple[float, float]:
    """Best times of two computations run in turn, so both meet the same machine load."""
    best = [float("inf"), float("inf")]
    for _ in range(rounds):
        for i, func in enumerate((first, second)):
            start = time.perf_counter()
            func()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def run(partnerships: int) -> dict[str, float]:
    strategies = [strategy(i) for i in range(partnerships)]
    raw = figures(strategies)
    start = time.perf_counter()
    obs = validate_observations(raw, strategies)
    read = time.perf_counter() - start
    # The baseline reads the figures' columns as numpy arrays, outside the timing.
    part = obs["partnership"].to_numpy(object)
    target = obs["target"].to_numpy(object)
    fy = obs["fy"].to_numpy(float)
    value = obs["value"].to_numpy(float)
    keys, b, c, year = target_parameters(strategies)
    idx = pair(keys, part, target)
    expected, gap = numpy_baseline(strategies, part, target, fy, value)
    rows = cdrpkit.assess(strategies, obs)
    check_same(rows, keys[idx], obs["period"].to_numpy(object), expected, gap)
    out = {"rows": float(len(obs)), "read": read}
    out["params"], _ = timed(lambda: target_parameters(strategies))
    out["pair"], _ = timed(lambda: pair(keys, part, target))
    out["arith"], _ = timed(lambda: arithmetic(b, c, year, idx, fy, value))
    out["numpy"], out["assess"] = best_of_pairs(
        lambda: numpy_baseline(strategies, part, target, fy, value),
        lambda: cdrpkit.assess(strategies, obs))
    _, out["numpy_mb"] = timed(lambda: numpy_baseline(strategies, part, target, fy, value), 0)
    _, out["assess_mb"] = timed(lambda: cdrpkit.assess(strategies, obs), 0)
    out["full"], out["full_mb"] = timed(lambda: assess_all(strategies, obs), repeat=2)
    return out


def check_same(rows: pd.DataFrame, keys: np.ndarray, periods: np.ndarray,
               expected: np.ndarray, gap: np.ndarray) -> None:
    """Both computations must give the same numbers, or the timing compares nothing."""
    mine = rows.set_index(["key", "period"])[["expected", "gap"]]
    theirs = pd.DataFrame({"key": keys, "period": periods, "expected": expected, "gap": gap})
    joined = theirs.join(mine, on=["key", "period"], suffixes=("", "_assess"))
    if not (np.allclose(joined["expected"], joined["expected_assess"])
            and np.allclose(joined["gap"], joined["gap_assess"])):
        raise SystemExit("assess and the numpy baseline disagree: the benchmark is void")


def main() -> None:
    print("seconds, best of 9 runs (numpy and assess in turn); peak MB traced by "
          "tracemalloc during one run")
    print(f"{'partnerships':>12} {'figures':>8} {'read':>6} {'numpy':>7} {'(params':>8} "
          f"{'pair':>6} {'arith)':>7} {'assess':>7} {'ratio':>6} {'full':>6} "
          f"{'peak MB numpy/assess/full':>26}")
    for partnerships in (175, 350):
        r = run(partnerships)
        print(f"{partnerships:>12} {int(r['rows']):>8} {r['read']:>6.2f} {r['numpy']:>7.3f} "
              f"{r['params']:>8.3f} {r['pair']:>6.3f} {r['arith']:>7.4f} {r['assess']:>7.3f} "
              f"{r['assess'] / r['numpy']:>6.1f} {r['full']:>6.2f} "
              f"{r['numpy_mb']:>12.1f}/{r['assess_mb']:.0f}/{r['full_mb']:.0f}")


if __name__ == "__main__":
    main()
