"""Time `cdrpkit check` as a whole process against `python -c pass`.

Run: python benchmarks/bench_check_cli.py [REPEATS]

Goal: under 0.3 s of wall time per run (1 s at worst) on the examples. Prints the median
of several runs for each source that exists, and the interpreter's own start-up time
for comparison. Exit code 1 if any median is over the goal.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["tests/data/minimal", "examples/leicester_2005", "examples/leics_county_csp"]
GOAL = 0.3


def median_seconds(args: list[str], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        # check exits 1 when a strategy has errors: that is a result, not a failure here
        subprocess.run(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    python = sys.executable
    baseline = median_seconds([python, "-c", "pass"], repeats)
    print(f"python -c pass                          {baseline:6.3f} s")
    over = False
    for source in SOURCES:
        if not (ROOT / source).exists():
            print(f"cdrpkit check {source:<26} (absent)")
            continue
        seconds = median_seconds([python, "-m", "cdrpkit", "check", source], repeats)
        flag = "" if seconds <= GOAL else f"  OVER the {GOAL} s goal"
        over = over or bool(flag)
        print(f"cdrpkit check {source:<26} {seconds:6.3f} s "
              f"({seconds - baseline:+.3f} s over python){flag}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
