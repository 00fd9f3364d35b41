"""Benchmark: reconcile a province-size record-level export (one row per dossier), streamed.

    python benchmarks/bench_reconcile.py [--units 140] [--records 300000] [--xlsx-records 90000]

Writes a CSV export (cp1258, `;`) and, smaller, an .xlsx one (the workbook guard refuses sheets
above 100.000 rows), then times `read_system` + `reconcile` on each and prints rows per second
and peak memory: tracemalloc's peak of Python allocations in a second, separate pass (tracing
slows the run, so the speed comes from an untraced pass), and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from fractions import Fraction
from pathlib import Path

from dean5299_cli.core.indicators import load_set
from dean5299_cli.verify.mapping import ExportMapping, RecordRule
from dean5299_cli.verify.reconcile import reconcile
from dean5299_cli.verify.system import read_system

HEADER = ["Mã hồ sơ", "Đơn vị", "Hình thức nộp", "Trạng thái", "Ngày nộp", "Thủ tục"]
CHANNELS = ["Trực tuyến", "Trực tiếp"]
STATUSES = ["Đã trả kết quả", "Đang xử lý", "Từ chối"]


def unit_names(count: int) -> list[str]:
    return [f"Đơn vị số {i + 1}" for i in range(count)]


def records(units: list[str], count: int, seed: int = 5299) -> list[list[object]]:
    rng = random.Random(seed)
    return [
        [f"HS{i:07d}", rng.choice(units), rng.choice(CHANNELS), rng.choice(STATUSES),
         f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2023", "Đăng ký khai sinh"]
        for i in range(count)
    ]


def cp1258_form(text: str) -> str:
    """Windows-1258 keeps the five tone marks apart from their letters (`ị` = `i` + U+0323)."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out)


def write_csv(path: Path, rows: list[list[object]]) -> None:
    with path.open("w", encoding="cp1258", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow([cp1258_form(h) for h in HEADER])
        writer.writerows([cp1258_form(str(cell)) for cell in row] for row in rows)


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồ sơ")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(str(path))


def run(path: Path, units: list[str]) -> tuple[float, int]:
    indicator_set = load_set(2023)
    mapping = ExportMapping(records=[RecordRule(
        field="ct5", channel=["trực tuyến"], status=["Đã trả kết quả"], date_column="Ngày nộp"
    )])
    start = time.perf_counter()
    system = read_system(path, indicator_set, mapping)
    reported = {u: {"ct5": 700} for u in units[:-3]}
    result = reconcile(system, reported, indicator_set, year=2023, quarter=4,
                       tolerance=Fraction(5, 100), order=units)
    elapsed = time.perf_counter() - start
    assert result.rows == system.rows
    return elapsed, system.rows


def peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def measure(label: str, path: Path, units: list[str]) -> None:
    elapsed, rows = run(path, units)
    tracemalloc.start()
    run(path, units)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = path.stat().st_size / 1024 / 1024
    print(f"{label}: {rows:,} dòng, {size:.1f} MB, {elapsed:.2f} s, {rows / elapsed:,.0f} dòng/s, "
          f"đỉnh bộ nhớ Python {peak / 1024 / 1024:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=140)
    parser.add_argument("--records", type=int, default=300_000)
    parser.add_argument("--xlsx-records", type=int, default=90_000)
    args = parser.parse_args()
    units = unit_names(args.units)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = records(units, args.records)
        write_csv(folder / "ho-so.csv", rows)
        del rows
        measure("CSV (cp1258, ;)", folder / "ho-so.csv", units)
        if args.xlsx_records:
            write_xlsx(folder / "ho-so.xlsx", records(units, args.xlsx_records))
            measure("XLSX (calamine)", folder / "ho-so.xlsx", units)
    rss = peak_rss_mb()
    if rss is not None:
        print(f"Đỉnh RSS của cả tiến trình (kể cả lúc sinh dữ liệu): {rss:.0f} MB")


if __name__ == "__main__":
    main()
