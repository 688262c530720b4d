"""Time how fast cdrpkit refuses (or reads) the inputs that used to hang it (issue 14).

Run with ``python benchmarks/bench_bad_inputs.py``. Each case is built in a temporary
folder, then read once, and the time until the clean error (or the result) is printed:

- ``billion-laughs``: the 400-byte alias bomb that grew to 2 GiB in 45-55 s;
- ``fan-out``: 8 files each including the next 10 times (10**8 reads before);
- ``unit-exponent``: ``kiloperson ** 99999999`` in a strategy, through ``check``;
- ``csv-100000-columns``: a header of 100,000 columns (30 s before);
- ``xlsx-dimension``: a 5 KB workbook declaring ``A1:XFD1048576`` (minutes before);
- ``xlsx-inflated``: a 100 KB workbook whose sheet inflates to 100 MB;
- ``xlsx-200000-rows``: a good workbook of 200,000 figures, read and validated (48 s before;
  the goal is the time openpyxl takes to stream the rows, plus the validation).

The goal for every refusal is well under a second. Figures are generated, not real.
"""

from __future__ import annotations

import re
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import cdrpkit
from cdrpkit.errors import CdrpkitError

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "data" / "minimal" / "strategy.yaml"
HEADER = "partnership,indicator,target,period,value,unit,source,status"
ROW = ["demo", "domestic-burglary", "", "2005/06", 2700, "offence", "generated", "actual"]


def timed(name: str, run: Callable[[], object]) -> None:
    start = time.perf_counter()
    try:
        run()
        outcome = "read"
    except CdrpkitError as exc:
        outcome = "refused: " + str(exc).splitlines()[-1][:70]
    print(f"{name:20} {time.perf_counter() - start:8.3f} s  {outcome}")


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, change(item.filename, old.read(item.filename)))
    return target


def _workbook(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=rows > 1)  # a small one keeps its <dimension> element
    sheet = book.create_sheet() if rows > 1 else book.active
    sheet.append(HEADER.split(","))
    periods = [f"{year}-{month:02d}" for year in range(2005, 2025) for month in range(1, 13)]
    for k in range(rows):
        # one figure per indicator and month: distinct rows, as a real extract has
        indicator = f"indicator-{k // len(periods)}"
        sheet.append([ROW[0], indicator, "", periods[k % len(periods)], 2700 + k % 7, *ROW[5:]])
    book.save(path)
    return path


def main() -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    strategy = cdrpkit.load(MINIMAL)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        laughs = base / "laughs.yaml"
        levels = "".join(
            f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join([f'*{chr(97 + k)}'] * 9)}]\n"
            for k in range(8)
        )
        laughs.write_text("cdrpkit: 1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                          + levels)
        timed("billion-laughs", lambda: cdrpkit.load(laughs))

        for k in range(8):
            (base / f"f{k}.yaml").write_text(f"- include: f{k + 1}.yaml\n" * 10)
        (base / "f8.yaml").write_text("- {id: x, title: X}\n")
        fan = base / "fan.yaml"
        fan.write_text(text.replace("themes:\n", "themes:\n  - include: f0.yaml\n", 1))
        timed("fan-out", lambda: cdrpkit.load(fan))

        exponent = base / "exponent.yaml"
        exponent.write_text(text.replace("unit: offence\n                baseline",
                                         "unit: kiloperson ** 99999999\n                baseline"))
        timed("unit-exponent", lambda: cdrpkit.check(cdrpkit.load(exponent)))

        wide = base / "wide.csv"
        wide.write_text(",".join(f"c{k}" for k in range(100_000)) + "\n")
        timed("csv-100000-columns", lambda: cdrpkit.read_observations(wide, strategy))

        good = _workbook(base / "good.xlsx", 1)
        declared = _rewrite(good, base / "declared.xlsx", lambda name, data: re.sub(
            rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            if name.startswith("xl/worksheets/") else data)
        timed("xlsx-dimension", lambda: cdrpkit.read_observations(declared, strategy))
        inflated = _rewrite(good, base / "inflated.xlsx", lambda name, data: data.replace(
            b"</sheetData>", b"</sheetData>" + b" " * (100 * 1024 * 1024))
            if name.startswith("xl/worksheets/") else data)
        timed("xlsx-inflated", lambda: cdrpkit.read_observations(inflated, strategy))

        big = _workbook(base / "big.xlsx", 200_000)
        timed("xlsx-200000-rows", lambda: cdrpkit.read_observations(big))
        start = time.perf_counter()
        from cdrpkit.workbook import sheet_rows

        count = sum(1 for _ in sheet_rows(big))
        print(f"{'  (streaming alone)':20} {time.perf_counter() - start:8.3f} s  {count:,} rows")


if __name__ == "__main__":
    main()
