"""Time `cdrpkit report` on the Leicester example as a whole process, and weigh its HTML.

Run: python benchmarks/bench_report.py [REPEATS]

Goal: under 3 s of wall time per run (all renderers: HTML, Excel, Markdown, the audit
file, the terminal summary) and an HTML file under 600 KB. Prints the median of several
runs, each stage's share from one in-process run, the HTML size and the machine's load
(the development machine is shared: quote the load with the figure; the CPU time of
the process, user plus system, is the figure least moved by other work). Exit code 1 if the
median or the size is over its goal.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "examples" / "leicester_2005" / "data" / "observations.csv"
GOAL_SECONDS = 3.0
GOAL_BYTES = 600_000


def run_once(out: Path) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cdrpkit", "report", "leicester-2005", "--data",
                    str(FIGURES), "--out", str(out)], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def stages(out: Path) -> dict[str, float]:
    """Seconds per step of one in-process run (imports already paid)."""
    import cdrpkit
    from cdrpkit.reports import report

    times: dict[str, float] = {}
    last = [time.perf_counter(), "load"]
    strategy = cdrpkit.load("leicester-2005")

    def step(message: str) -> None:
        now = time.perf_counter()
        times[str(last[1])] = times.get(str(last[1]), 0.0) + now - float(last[0])
        last[:] = [now, message]

    report(strategy, FIGURES, out, progress=step)
    step("end")
    return times


def main() -> int:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        run_once(out)  # warm the file cache and the byte-code
        runs = [run_once(out) for _ in range(repeats)]
        seconds = statistics.median(wall for wall, _ in runs)
        cpu = statistics.median(used for _, used in runs)
        size = (out / "leicester-2005-report.html").stat().st_size
        parts = stages(out / "again")
    load = os.getloadavg()[0]
    print(f"cdrpkit report leicester-2005: median {seconds:.2f} s of {repeats} runs "
          f"(goal {GOAL_SECONDS} s), CPU {cpu:.2f} s; load average {load:.2f} on "
          f"{os.cpu_count()} CPUs")
    print(f"HTML {size / 1000:.0f} KB (goal {GOAL_BYTES / 1000:.0f} KB)")
    print("in-process stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()))
    return 0 if seconds <= GOAL_SECONDS and size <= GOAL_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
