"""Before/after table: two installed versions of dean5299 on the same generated folders, one run.

    python benchmarks/bench_compare.py --before /path/to/old-venv/bin/dean5299 [--sizes 1000 5000 10000]

For each size: the bare calamine read (the floor), then `validate --json` and `report` of each
version, interleaved (before, after, after, before…), `--runs` times; medians of wall and CPU
seconds and the peak memory of each command (Unix), as a Markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
from pathlib import Path

from bench import FLOOR, WORK, _dean, generate, measure, warm_up


def _row(cmd: list[str], runs: int, folder: Path) -> tuple[float, float | None, int | None]:
    walls, cpus, peaks = [], [], []
    for _ in range(runs):
        wall, peak, cpu = measure(cmd, 1, folder)
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    known = [c for c in cpus if c is not None]
    sizes = [p for p in peaks if p is not None]
    return (
        statistics.median(walls),
        statistics.median(known) if known else None,
        max(sizes) if sizes else None,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--before", required=True, help="the older version's dean5299 program")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    versions = {"trước": [args.before], "sau": _dean()}
    for program in versions.values():
        if not shutil.which(program[0]):
            sys.exit(f"không thấy {program[0]}")
        warm_up(program)
    print("| đơn vị | lệnh | phiên bản | thời gian (s) | CPU (s) | RAM đỉnh (MB) |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        folder = WORK / f"huyen-{size}"
        generate(folder, size)
        subs = str(folder / "bao-cao-don-vi")
        out = folder / "ket-qua" / "bao-cao.docx"
        wall, cpu, peak = _row([sys.executable, "-c", FLOOR, subs], args.runs, folder)
        print(f"| {size} | calamine (sàn) | – | {wall:.2f} | {cpu or 0:.2f} | {peak} |")
        order = list(versions.items())
        for name, argv in (("validate", ["validate", "--json"]),
                           ("report", ["report", "--quarter", "IV", "-o", str(out), "--force"])):  # fmt: skip
            for label, program in order:
                wall, cpu, peak = _row([*program, *argv], args.runs, folder)
                for stale in out.parent.glob("sao-luu/*"):
                    stale.unlink()
                print(f"| {size} | {name} | {label} | {wall:.2f} | {cpu or 0:.2f} | {peak} |")
            order.reverse()


if __name__ == "__main__":
    main()
