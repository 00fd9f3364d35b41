"""Benchmark: validate and report over N generated submissions, against a bare calamine read
(the floor) and a plain pandas + openpyxl loop (what one would script by hand), the audit of the
report just written, plus a hostile set (one file per attack class of the hardening issue) with
its time and peak memory.

    python benchmarks/bench.py [--files 1000] [--runs 3] [--large] [--no-pandas] [--dean PATH]

`--large` adds 5.000 and 10.000 units. Every figure is a whole process, timed from outside; the
median of --runs runs is printed with CPU time, the ratios to the floor and to the pandas loop,
each process's peak memory, and each goal of the speed issue with its measured figure.
`--dean` times another installed dean5299 (a clean `pip install .` environment, as a user has
it); the floor and the pandas loop then run in that environment's Python too.
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
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(use.ru_maxrss, code, use.ru_utime + use.ru_stime, wall)
"""
# As on a user's machine: compiled bytecode is kept (an installed wheel has it from the start).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def generate(folder: Path, count: int) -> None:
    """A working folder: settings listing `count` units, one submission each, a few broken files."""
    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.samples import LAYOUTS, write_submission

    marker = folder / f".generated-{count}"
    if marker.exists():
        made = {"bao-cao-don-vi", "don-vi.yaml", "noi-dung-bao-cao.md", "ket-qua", marker.name}
        extra = sorted(p.name for p in folder.iterdir() if p.name not in made)
        if extra:  # a rubric (xep-hang.yaml) left there adds its sheets to every report timed
            print(f"  chú ý: {folder} có tệp benchmark không tạo: {', '.join(extra)}")
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


def measure(cmd: list[str], runs: int, cwd: Path) -> tuple[float, int | None, float | None]:
    """Median wall time of `cmd`, its peak resident memory in MB and median CPU seconds (Unix);
    the wall time is the command's own (timed by the wrapper that measures its memory)."""
    times, cpus = [], []
    peak = None
    for _ in range(runs):
        start = time.perf_counter()
        if sys.platform != "win32":
            out = subprocess.run(
                [sys.executable, "-c", PEAK, *cmd],
                cwd=cwd, capture_output=True, text=True, check=True, env=ENV,
            )  # fmt: skip
            kb, _code, cpu, wall = out.stdout.split()
            peak = max(peak or 0, int(kb) // 1024)
            cpus.append(float(cpu))
            times.append(float(wall))
        else:
            subprocess.run(
                cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV
            )
            times.append(time.perf_counter() - start)
    return statistics.median(times), peak, statistics.median(cpus) if cpus else None


_CHOSEN: list[str] = []  # the dean5299 to time (--dean), else the one on PATH


def _dean() -> list[str]:
    if _CHOSEN:
        return list(_CHOSEN)
    exe = shutil.which("dean5299")
    return [exe] if exe else [sys.executable, "-m", "dean5299_cli"]


def _python() -> str:
    """The interpreter of the dean5299 timed (from its script's first line): the floor and the
    pandas loop run in the same environment, so that its start-up costs the same to both."""
    dean = _dean()
    if dean[0] == sys.executable:
        return sys.executable
    try:
        with open(dean[0], "rb") as script:
            first = script.readline(4096)
    except OSError:
        return sys.executable
    found = first[2:].decode("utf-8", "replace").strip() if first.startswith(b"#!") else ""
    return found if found and Path(found).is_file() else sys.executable


ABOUT = """
import importlib.util as u, sys
site = sys.prefix != sys.base_prefix and any(p.startswith(sys.base_prefix) and "site-packages" in p
                                             for p in sys.path)
print(sys.version.split()[0], int(site), *(int(u.find_spec(m) is not None) for m in ("numpy", "pandas")))
"""


def environment() -> bool:
    """Print what is timed and in which environment; whether pandas is there for its loop."""
    out = subprocess.run(
        [_python(), "-c", ABOUT], capture_output=True, text=True, env=ENV, check=False
    ).stdout.split()
    version, shared, numpy, pandas = out if len(out) == 4 else ("?", "0", "0", "0")
    print(f"dean5299: {' '.join(_dean())} (Python {version})")
    if shared == "1":
        print("  môi trường dùng cả gói của Python hệ thống (--system-site-packages):")
        print("  khởi động đo được gồm cả các tệp .pth của hệ thống, khác một môi trường cài sạch")
    if numpy == "1":
        print("  có numpy: openpyxl nạp nó khi ghi sổ tính (report chậm hơn khoảng 0,06 s)")
    if pandas != "1":
        print("  không có pandas trong môi trường này: bỏ vòng lặp pandas")
    return pandas == "1"


def bench_size(count: int, runs: int, pandas: bool) -> dict[str, tuple[float, int | None, float | None]]:
    folder = WORK / f"huyen-{count}"
    t0 = time.perf_counter()
    generate(folder, count)
    print(f"\nthư mục thử: {folder} ({count} tệp, tạo trong {time.perf_counter() - t0:.1f} s)")
    dean = _dean()
    subs = str(folder / "bao-cao-don-vi")
    out = folder / "ket-qua" / "bao-cao.docx"
    rows = {
        "calamine (sàn)": [_python(), "-c", FLOOR, subs],
        "dean5299 validate": [*dean, "validate", "--json"],
        "dean5299 report": [*dean, "report", "--quarter", "IV", "-o", str(out), "--force"],
    }
    if pandas:
        rows["pandas + openpyxl"] = [_python(), "-c", PANDAS, subs]
    rows["dean5299 audit"] = [*dean, "audit", str(out), "--json"]  # the report just written
    results = {}
    order = list(rows)
    # Interleaved: each run measures every command once, the pandas loop too (one run of it
    # went from 4,7 to 5,9 s with the machine's mood; its goal compares medians).
    for run in range(runs):
        for name in order if run % 2 == 0 else reversed(order):
            seconds, peak, cpu = measure(rows[name], 1, folder)
            results.setdefault(name, []).append((seconds, peak, cpu))
            for stale in out.parent.glob("sao-luu/*"):  # the copies each re-run keeps
                stale.unlink()
    merged = {}
    for name, samples in results.items():
        cpus = [c for _, _, c in samples if c is not None]
        peaks = [p for _, p, _ in samples if p is not None]
        merged[name] = (
            statistics.median(s for s, _, _ in samples),
            max(peaks) if peaks else None,
            statistics.median(cpus) if cpus else None,
        )
    floor = merged["calamine (sàn)"][0]
    print(f"{'lệnh':<22}{'trung vị (s)':>14}{'CPU (s)':>10}{'/ sàn':>9}{'RAM (MB)':>10}")
    for name, (seconds, peak, cpu) in merged.items():
        shown_cpu = f"{cpu:.3f}" if cpu is not None else "n/a"
        shown_peak = peak if peak is not None else "n/a"
        print(f"{name:<22}{seconds:>14.3f}{shown_cpu:>10}{seconds / floor:>9.2f}{shown_peak:>10}")
    return merged


def _goal(text: str, figure: str, ok: bool) -> None:
    print(f"  [{'đạt' if ok else 'CHƯA'}] {text}: {figure}")


def warm_up(dean: list[str] | None = None) -> None:
    """One untimed run of each command, so that every module's bytecode is on disk (as after an
    install) before anything is timed."""
    dean = dean or _dean()
    example = HERE.parent / "examples" / "tuy-phuoc-2023"
    out = WORK / "khoi-dong" / "bao-cao.docx"
    for cmd in ([*dean, "--help"], [*dean, "validate", "--json"],
                [*dean, "report", "--quarter", "IV", "-o", str(out), "--force"]):  # fmt: skip
        subprocess.run(cmd, cwd=example, capture_output=True, env=ENV)


def bench_small(runs: int) -> dict[str, tuple[float, float | None]]:
    """`--help` and `validate` on the shipped example, as whole processes: (wall, CPU)."""
    dean = _dean()
    example = HERE.parent / "examples" / "tuy-phuoc-2023"
    found = {}
    for name, cmd in (("help", [*dean, "--help"]), ("example", [*dean, "validate", "--json"])):
        seconds, _peak, cpu = measure(cmd, runs, example)
        found[name] = (seconds, cpu)
    return found


def _seconds(figure: tuple[float, float | None]) -> str:
    wall, cpu = figure
    return f"{wall:.3f} s" + (f" (CPU {cpu:.3f} s)" if cpu is not None else "")


def bench_hostile() -> tuple[float, int | None, int]:
    """validate over one file per attack class: wall time, peak memory, number of files."""
    sys.path.insert(0, str(HERE.parent))
    from tests.helpers import make_workspace, submit
    from tests.hostile import write_hostile_set

    root = WORK / "doc-hai"
    if root.exists():
        shutil.rmtree(root)
    folder = make_workspace(root)
    good = submit(root, "tot.xlsx")
    names = write_hostile_set(folder, good)
    submit(folder, "don-vi-tot.xlsx")
    seconds, peak, _ = measure([*_dean(), "validate", "--json"], 1, root)
    return seconds, peak, len(names) + 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also 5.000 and 10.000 units")
    parser.add_argument("--no-pandas", action="store_true", help="skip the slow pandas loop")
    parser.add_argument(
        "--dean",
        type=Path,
        help="the dean5299 to time (default: the one on PATH), e.g. that of a clean "
        "`pip install .` environment, as a user has it; the floor and pandas run in its Python",
    )
    args = parser.parse_args()
    if args.dean:
        _CHOSEN[:] = [str(args.dean.resolve())]
    sizes = [args.files] + ([5000, 10000] if args.large else [])
    pandas = environment() and not args.no_pandas
    warm_up()
    by_size = {n: bench_size(n, args.runs, pandas and n == args.files) for n in sizes}
    small = bench_small(args.runs)
    hostile_s, hostile_mb, hostile_n = bench_hostile()
    first = by_size[args.files]
    floor, validate = first["calamine (sàn)"][0], first["dean5299 validate"]
    print(f"\nMục tiêu (cpu: {os.cpu_count()})")
    ratio = validate[0] / floor
    _goal(f"validate / sàn ≤ 2 ({args.files} tệp, thời gian)", f"{ratio:.2f}×", ratio <= 2)
    floor_cpu = first["calamine (sàn)"][2]
    if floor_cpu and validate[2]:  # CPU time: steadier than wall time on a shared machine
        cpu_ratio = validate[2] / floor_cpu
        _goal(f"validate / sàn ≤ 2 ({args.files} tệp, CPU)", f"{cpu_ratio:.2f}×", cpu_ratio <= 2)
    base = audit_base = 0.0
    for n, res in by_size.items():
        report, checked = res["dean5299 report"], res["dean5299 validate"]
        diff = report[0] - checked[0]
        shown = f"{diff:+.3f} s"
        if report[2] is not None and checked[2] is not None:
            shown += f" (CPU {report[2] - checked[2]:+.3f} s)"
        if n == args.files:
            base = max(diff, 0.05)  # wall-time noise can make the difference negative
            _goal(f"report − validate ≤ 1 s ({n} tệp)", shown, diff <= 1)
        else:  # linear: N times the units, at most N times the first figure
            limit = base * n / args.files
            _goal(f"report − validate ≤ {limit:.2f} s ({n} tệp, tuyến tính)", shown, diff <= limit)
        audit = res["dean5299 audit"][0]
        if n == args.files:
            audit_base = audit
        else:  # the audit of the report just written grows linearly too
            limit = audit_base * n / args.files
            _goal(
                f"audit báo cáo ≤ {limit:.2f} s ({n} tệp, tuyến tính)",
                f"{audit:.3f} s",
                audit <= limit,
            )
        for name in ("dean5299 validate", "dean5299 report"):
            peak = res[name][1]
            if peak is not None and n >= 10000:
                _goal(f"RAM {name} ({n} tệp) ≤ 300 MB", f"{peak} MB", peak <= 300)
    _goal("dean5299 --help ≤ 0,3 s", _seconds(small["help"]), small["help"][0] <= 0.3)
    _goal("validate ví dụ ≤ 0,3 s", _seconds(small["example"]), small["example"][0] <= 0.3)
    if "pandas + openpyxl" in first:
        pandas = first["pandas + openpyxl"]
        wall = pandas[0] / validate[0]
        _goal("pandas / validate ≥ 5 (thời gian)", f"{wall:.1f}×", wall >= 5)
        if pandas[2] and validate[2]:
            cpu = pandas[2] / validate[2]
            _goal("pandas / validate ≥ 5 (CPU)", f"{cpu:.1f}×", cpu >= 5)
    mb = f"{hostile_mb} MB" if hostile_mb is not None else "n/a"
    _goal(f"tệp độc hại ({hostile_n} tệp) ≤ 30 s", f"{hostile_s:.2f} s", hostile_s <= 30)
    _goal("tệp độc hại ≤ 1 GB RAM", mb, hostile_mb is None or hostile_mb <= 1024)


if __name__ == "__main__":
    main()
