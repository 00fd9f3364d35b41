"""Benchmark of the report step alone (issue 15): what `report` adds to `validate`.

    python benchmarks/bench_report.py [--units 1000 5000 10000] [--code PATH]

For each size, a child process builds a checked folder of N units in memory (not timed), then
times figures + report model + Word report with its appendix + review workbook + the summary
workbook (with its ranking, progress and chart sheets), and reports its CPU seconds and its peak
memory. `--code /path/to/checkout` runs another checkout's code (for a
before/after table); the older shape (report_context.build_context) is supported.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import datetime as dt, json, resource, sys, tempfile, time
from pathlib import Path
sys.path.append(sys.argv[3])  # tests.synthetic; the code under test comes first
from tests.synthetic import synthetic
from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.narrative import parse_narrative

report, settings = synthetic(int(sys.argv[1]))
out = Path(tempfile.mkdtemp()) / "bc.docx"
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start, cpu = time.perf_counter(), time.process_time()
word = None
figures = compute_figures(report, load_set(2023), settings)
narrative = parse_narrative("")
try:
    from dean5299_cli.core.report_build import build_model
    from dean5299_cli.core.report_units import unit_statuses
    from dean5299_cli.writers.report_docx import render_report
    from dean5299_cli.writers.review_xlsx import build_review
    statuses = unit_statuses(report, settings)
    model = build_model(figures, settings, narrative, statuses, date=dt.date(2023, 11, 20))
    render_report(model, out)
    build_review(out.with_suffix(".xlsx"), report.problems, figures, statuses)
    word = time.perf_counter() - start
    try:  # the summary workbook `report` refreshes: ranking, progress and chart sheets
        from dean5299_cli.core.settings import LoadedSettings
        from dean5299_cli.reporting import write_summary
        loaded = LoadedSettings(settings=settings, path=out.parent / "don-vi.yaml")
        write_summary(report, loaded, out.parent / "tong-hop.xlsx", force=True, figures=figures)
    except TypeError:  # before `figures=`
        write_summary(report, loaded, out.parent / "tong-hop.xlsx", force=True)
except ImportError:  # the older shape
    from dean5299_cli.core.report_context import ReportOptions, build_context
    from dean5299_cli.writers.report_docx import render_report
    context = build_context(figures, settings, narrative, ReportOptions(date=dt.date(2023, 11, 20)), report.problems)
    render_report(context, out)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak / 1024, "base_mb": before / 1024,
                  "docx_kb": out.stat().st_size / 1024, "word": word}))
"""


def run(units: int, code: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(code))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(units), str(code), str(ROOT)],
        capture_output=True, text=True, env=env, check=True, cwd=code,
    )  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, nargs="+", default=[1000])
    parser.add_argument("--code", type=Path, default=ROOT)
    args = parser.parse_args()
    figures = {}
    for units in args.units:
        r = run(units, args.code)
        figures[units] = r
        word = f", trong đó Word + rà soát {r['word']:.2f} s" if r.get("word") else ""
        print(
            f"{units:>6} đơn vị: {r['wall']:.2f} s ({r['cpu']:.2f} s CPU{word}), bộ nhớ đỉnh "
            f"{r['peak_mb']:.0f} MB (trước khi lập báo cáo {r['base_mb']:.0f} MB), "
            f"tệp Word {r['docx_kb']:.0f} KB"
        )
    # Wall time is what a clerk waits; CPU time is what a busy machine cannot blur.
    if 1000 in figures:
        one = figures[1000]
        print(
            f"Mục tiêu: report − validate ≤ 1 s ở 1.000 đơn vị: {one['wall']:.2f} s "
            f"({one['cpu']:.2f} s CPU)"
        )
    if 1000 in figures and 10000 in figures:
        one, ten = figures[1000], figures[10000]
        print(
            f"Mục tiêu: 10.000 đơn vị ≤ 10× 1.000 đơn vị: {ten['wall'] / one['wall']:.1f}× "
            f"({ten['cpu'] / one['cpu']:.1f}× CPU)"
        )
        print(f"Mục tiêu: bộ nhớ đỉnh ≤ 300 MB ở 10.000 đơn vị: {ten['peak_mb']:.0f} MB")

if __name__ == "__main__":
    main()
