"""Benchmark: validate and report over N generated submissions, against a bare calamine read
(the floor) and a plain pandas + openpyxl loop (what one would script by hand).

    python benchmarks/bench.py [--files 1000] [--runs 3]

Every figure is a whole process, timed from outside; the median of --runs runs is printed,
with the ratios to the floor and to the pandas loop, and each process's peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / "_work"

FLOOR = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
cells = 0
for path in sorted(Path(sys.argv[1]).rglob("*.xls*")):
    try:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            cells += sum(len(r) for r in wb.get_sheet_by_name(name).to_python())
    except Exception:
        pass
print(cells)
"""

PANDAS = """
import sys
from pathlib import Path
import pandas as pd
cells = 0
for path in sorted(Path(sys.argv[1]).rglob("*.xls*")):
    try:
        for frame in pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl").values():
            cells += frame.size
    except Exception:
        pass
print(cells)
"""

PEAK = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def generate(folder: Path, count: int) -> None:
    """A working folder: settings listing `count` units, one submission each, a few broken files."""
    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.samples import LAYOUTS, write_submission

    marker = folder / f".generated-{count}"
    if marker.exists():
        return
    if folder.exists():
        shutil.rmtree(folder)
    subs = folder / "bao-cao-don-vi"
    subs.mkdir(parents=True)
    ind_set = load_set(2023)
    rng = random.Random(count)
    units = [f"Xã Thử Nghiệm {i:04d}" for i in range(count)]
    broken = {7, count // 2, count - 3}
    for i, unit in enumerate(units):
        path = subs / f"dv-{i // 100:02d}" / f"BC 5299 Q4 - {i:04d}.xlsx"
        path.parent.mkdir(exist_ok=True)
        if i in broken:
            path.write_bytes(b"PK\x03\x04 not a workbook" if i % 2 else b"plain text")
            continue
        mau = rng.randint(50, 900)
        parts = [rng.randint(0, 300) for _ in range(3)]
        values = {
            "ct1": rng.randint(0, 900),
            "ct2": rng.randint(0, 2000),
            "ct3_tu": rng.randint(0, mau),
            "ct3_mau": mau,
            "ct4_tu": rng.randint(0, mau),
            "ct4_mau": mau,
            "ct5": rng.randint(0, 800),
            "ct6": rng.randint(0, 20),
            "ct7": rng.randint(0, 3000),
            "ct8_tong": sum(parts),
            "ct8_cho_duyet": parts[0],
            "ct8_khong_hop_le": parts[1],
            "ct8_hop_le": parts[2],
            "to_cns": 1,
            "to_cns_thanh_vien": 8,
        }
        write_submission(
            path,
            ind_set,
            unit=unit,
            quarter=4,
            as_of=dt.date(2023, 11, 20),
            values=values,
            layout=LAYOUTS[i % len(LAYOUTS)],
        )
    settings = [
        "parent_body: TỈNH ĐOÀN BÌNH ĐỊNH",
        "issuing_body: BCH ĐOÀN HUYỆN THỬ NGHIỆM",
        "issuer_symbol: HĐTN",
        "place: Thử Nghiệm",
        "signer: {on_behalf: TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN, title: BÍ THƯ, name: Nguyễn Văn A}",
        "recipients: [TT Tỉnh Đoàn;, Lưu VP.]",
        "units:",
        *[f"  - {u}" for u in units],
        "targets:",
        "  2023:",
        f"    own: {{1: {count * 400}, 2: {count * 900}, 5: {count * 350}, 7: {count * 1500}}}",
        "submissions: bao-cao-don-vi",
        "report: {number: '1', date: 2023-11-20}",
    ]
    (folder / "don-vi.yaml").write_text("\n".join(settings) + "\n", encoding="utf-8")
    (folder / "noi-dung-bao-cao.md").write_text("## Kết luận\nThử nghiệm./.\n", encoding="utf-8")
    marker.write_text("ok", encoding="utf-8")


def measure(cmd: list[str], runs: int, cwd: Path) -> tuple[float, int | None]:
    """Median wall time of `cmd` and its peak resident memory in MB (Unix only)."""
    times = []
    peak = None
    for _ in range(runs):
        start = time.perf_counter()
        if sys.platform != "win32":
            out = subprocess.run(
                [sys.executable, "-c", PEAK, *cmd],
                cwd=cwd,
                capture_output=True,
                text=True,
                check=True,
            )
            kb = int(out.stdout.split()[0])
            peak = max(peak or 0, kb // 1024)
        else:
            subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), peak


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = WORK / f"huyen-{args.files}"
    t0 = time.perf_counter()
    generate(folder, args.files)
    print(f"thư mục thử: {folder} ({args.files} tệp, tạo trong {time.perf_counter() - t0:.1f} s)")
    exe = shutil.which("dean5299")
    dean = [exe] if exe else [sys.executable, "-m", "dean5299_cli"]
    subs = str(folder / "bao-cao-don-vi")
    out = folder / "ket-qua" / "bao-cao.docx"
    rows = {
        "calamine (sàn)": [sys.executable, "-c", FLOOR, subs],
        "pandas + openpyxl": [sys.executable, "-c", PANDAS, subs],
        "dean5299 validate": [*dean, "validate", "--json"],
        "dean5299 report": [*dean, "report", "--quarter", "IV", "-o", str(out), "--force"],
        "dean5299 --help": [*dean, "--help"],
        "dean5299 targets": [*dean, "targets", "--year", "2023"],
    }
    results = {}
    for name, cmd in rows.items():
        runs = 1 if name == "pandas + openpyxl" else args.runs
        results[name] = measure(cmd, runs, folder)
        for stale in out.parent.glob("bao-cao.bak-*"):
            stale.unlink()
    floor = results["calamine (sàn)"][0]
    pandas = results["pandas + openpyxl"][0]
    print(f"{'lệnh':<22}{'trung vị (s)':>14}{'/ sàn':>9}{'pandas /':>10}{'RAM (MB)':>10}")
    for name, (seconds, peak) in results.items():
        print(
            f"{name:<22}{seconds:>14.3f}{seconds / floor:>9.2f}{pandas / seconds:>10.1f}{(peak if peak is not None else 'n/a'):>10}"
        )
    v, r = results["dean5299 validate"][0], results["dean5299 report"][0]
    print(f"report − validate: {r - v:+.3f} s; cpu: {os.cpu_count()}")


if __name__ == "__main__":
    main()
