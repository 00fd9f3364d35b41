"""Regenerate the shipped example working folders (run: python examples/make_examples.py).

`tuy-phuoc-2023/`: Huyện đoàn Tuy Phước, quarter IV 2023, whose submissions add up exactly to the
figures of the real report of seed 000 (Số 34-BC/HĐTN, 20/11/2023), plus quarter III files.
`an-nhon-2024/`: Thị đoàn An Nhơn with the 2024 set, quarter II 2024 (figures invented).
`gia-lai-2026/`, `xa-cat-tien-2026/`: after the 2025 reorganisation (examples_2026.py).
Names of people are placeholders. `python examples/make_examples.py gia-lai-2026` remakes one.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import yaml

from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.text import fold
from dean5299_cli.samples import LAYOUTS, split_total, write_submission

HERE = Path(__file__).resolve().parent

TUY_PHUOC_UNITS = [
    "Thị trấn Tuy Phước",
    "Thị trấn Diêu Trì",
    "Phước An",
    "Phước Hiệp",
    "Phước Hòa",
    "Phước Hưng",
    "Phước Lộc",
    "Phước Nghĩa",
    "Phước Quang",
    "Phước Sơn",
    "Phước Thắng",
    "Phước Thành",
    "Phước Thuận",
]
# How the units write their own names in their files (abbreviations, old tone placement…).
TUY_PHUOC_SPELLING = {
    "Thị trấn Diêu Trì": "TT Diêu Trì",
    "Phước Hòa": "Xã Phước Hoà",
    "Phước Sơn": "Đoàn xã Phước Sơn",
    "Phước Lộc": "xã Phước Lộc",
}
# Seed 000: district totals for quarter IV 2023.
SEED_000 = {
    "ct1": 8529,
    "ct2": 18907,
    "ct3_tu": 3787,
    "ct3_mau": 5155,
    "ct4_tu": 2518,
    "ct4_mau": 3966,
    "ct5": 6580,
    "ct6": 110,
    "ct7": 14390,
    "ct8_cho_duyet": 8240,
    "ct8_khong_hop_le": 11350,
    "ct8_hop_le": 7590,
    "to_cns": 14,
    "to_cns_thanh_vien": 112,
}
SEED_000_TARGETS = {1: 5832, 2: 7057, 3: "40%", 4: "80%", 5: 5490, 6: 138, 7: 57448}


def _unit_values(
    totals: dict[str, int], units: list[str], rng: random.Random, parts: dict[str, list[str]]
) -> list[dict[str, int]]:
    weights = [rng.randint(4, 12) for _ in units]
    per_unit: list[dict[str, int]] = [{} for _ in units]
    for code, total in totals.items():
        if code in ("to_cns", "to_cns_thanh_vien"):
            continue
        w = (
            [max(1, x + rng.randint(-2, 2)) for x in weights]
            if not code.endswith("_mau")
            else weights
        )
        if code.endswith("_tu"):
            w = weights
        for i, share in enumerate(split_total(total, w)):
            per_unit[i][code] = share
    teams = split_total(totals["to_cns"], [1] * len(units))
    for i, n in enumerate(teams):
        per_unit[i]["to_cns"] = n
        per_unit[i]["to_cns_thanh_vien"] = n * (totals["to_cns_thanh_vien"] // totals["to_cns"])
    for total_code, part_codes in parts.items():
        for values in per_unit:
            values[total_code] = sum(values[p] for p in part_codes)
    return per_unit


def _earlier(values: dict[str, int], rng: random.Random) -> dict[str, int]:
    """Figures of an earlier quarter: cumulative, so never above the later ones."""
    out = {}
    for code, value in values.items():
        out[code] = value if code.startswith("to_cns") else value * rng.randint(60, 85) // 100
    for base in {c.rsplit("_", 1)[0] for c in out if c.endswith("_tu")}:
        out[f"{base}_tu"] = min(out[f"{base}_tu"], out[f"{base}_mau"])
    parts = [c for c in out if c.startswith("ct8_") and c != "ct8_tong"]
    if parts:
        out["ct8_tong"] = sum(out[p] for p in parts)
    return out


def _settings(path: Path, data: dict) -> None:
    header = "# Cấu hình ví dụ của dean5299 (xem `dean5299 init` để có bản có chú thích đầy đủ).\n"
    path.write_text(
        header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def tuy_phuoc() -> None:
    folder = HERE / "tuy-phuoc-2023"
    if folder.exists():
        shutil.rmtree(folder)
    subs = folder / "bao-cao-don-vi"
    (subs / "quy-3").mkdir(parents=True)
    rng = random.Random(5299)
    ind_set = load_set(2023)
    parts = {"ct8_tong": ["ct8_cho_duyet", "ct8_khong_hop_le", "ct8_hop_le"]}
    per_unit = _unit_values(SEED_000, TUY_PHUOC_UNITS, rng, parts)
    allocations: dict[str, dict[int, int]] = {u: {} for u in TUY_PHUOC_UNITS}
    for number in (1, 2, 5, 7):
        # Allocations roughly follow each unit's size, as a district sets them.
        sizes = [max(1, v[f"ct{number}"] * rng.randint(85, 115) // 100) for v in per_unit]
        shares = split_total(SEED_000_TARGETS[number], sizes)
        for unit, share in zip(TUY_PHUOC_UNITS, shares, strict=False):
            allocations[unit][number] = share
    for i, (unit, values) in enumerate(zip(TUY_PHUOC_UNITS, per_unit, strict=False)):
        ascii_slug = fold(unit.replace("Thị trấn ", "TT ")).title().replace("Tt ", "TT ")
        layout = LAYOUTS[i % len(LAYOUTS)]
        name = TUY_PHUOC_SPELLING.get(
            unit, unit if i % 2 else f"Xã {unit}" if not unit.startswith("Thị") else unit
        )
        write_submission(
            subs / f"BC 5299 Q4 - {ascii_slug}.xlsx",
            ind_set,
            unit=name,
            quarter=4,
            as_of=dt.date(2023, 11, 20),
            values=values,
            layout=layout,
        )
        write_submission(
            subs / "quy-3" / f"BC 5299 Q3 - {ascii_slug}.xlsx",
            ind_set,
            unit=name,
            quarter=3,
            as_of=dt.date(2023, 9, 20),
            values=_earlier(values, rng),
            layout=LAYOUTS[0],
        )
    (subs / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    _settings(
        folder / "don-vi.yaml",
        {
            "parent_body": "TỈNH ĐOÀN BÌNH ĐỊNH",
            "issuing_body": "BCH ĐOÀN HUYỆN TUY PHƯỚC",
            "issuer_symbol": "HĐTN",
            "place": "Tuy Phước",
            "level": "huyện",
            "signer": {
                "on_behalf": "TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN",
                "title": "BÍ THƯ",
                "name": "Nguyễn Văn A",
            },
            "recipients": ["TT Tỉnh Đoàn;", "Ban TTNTH Tỉnh đoàn;", "Lưu VP."],
            "units": [
                {"name": u, **({"aliases": ["TT Tuy Phước"]} if u == "Thị trấn Tuy Phước" else {})}
                for u in TUY_PHUOC_UNITS
            ],
            "targets": {2023: {"own": SEED_000_TARGETS, "units": allocations}},
            "rounding": {"mode": "truncate", "decimals": 1},
            "submissions": "bao-cao-don-vi",
            "narrative": "noi-dung-bao-cao.md",
            "output": "ket-qua",
            "report": {"number": "34", "date": dt.date(2023, 11, 20)},
        },
    )
    shutil.copy(HERE / "narrative-tuy-phuoc.md", folder / "noi-dung-bao-cao.md")


AN_NHON_UNITS = [
    "Phường Bình Định",
    "Phường Đập Đá",
    "Phường Nhơn Hưng",
    "Phường Nhơn Thành",
    "Phường Nhơn Hòa",
    "Xã Nhơn An",
    "Xã Nhơn Hạnh",
    "Xã Nhơn Hậu",
    "Xã Nhơn Khánh",
    "Xã Nhơn Lộc",
    "Xã Nhơn Mỹ",
    "Xã Nhơn Phong",
    "Xã Nhơn Phúc",
    "Xã Nhơn Tân",
    "Xã Nhơn Thọ",
]
AN_NHON_TOTALS = {
    "ct1_tu": 1204,
    "ct1_mau": 3310,
    "ct2_tu": 412,
    "ct2_mau": 468,
    "ct3": 3905,
    "ct4": 121,
    "ct5": 2140,
    "ct6": 6120,
    "ct7": 2480,
    "ct8_da_kich_hoat": 9850,
    "ct8_cho_duyet": 1320,
    "to_cns": 15,
    "to_cns_thanh_vien": 120,
}
AN_NHON_TARGETS = {1: "40%", 2: "80%", 3: 4900, 4: 90, 5: 11200, 6: 20580, 8: 13350}


def an_nhon() -> None:
    folder = HERE / "an-nhon-2024"
    if folder.exists():
        shutil.rmtree(folder)
    subs = folder / "bao-cao-don-vi"
    subs.mkdir(parents=True)
    rng = random.Random(2024)
    ind_set = load_set(2024)
    per_unit = _unit_values(
        AN_NHON_TOTALS, AN_NHON_UNITS, rng, {"ct8_tong": ["ct8_da_kich_hoat", "ct8_cho_duyet"]}
    )
    population = {u: rng.randint(6000, 16000) for u in AN_NHON_UNITS}
    for i, (unit, values) in enumerate(zip(AN_NHON_UNITS, per_unit, strict=False)):
        ascii_slug = f"{i + 1:02d}"
        write_submission(
            subs / f"5299-Q2-2024-don-vi-{ascii_slug}.xlsx",
            ind_set,
            unit=unit,
            quarter=2,
            as_of=dt.date(2024, 6, 25),
            values=values,
            layout=LAYOUTS[i % len(LAYOUTS)],
        )
    _settings(
        folder / "don-vi.yaml",
        {
            "parent_body": "TỈNH ĐOÀN BÌNH ĐỊNH",
            "issuing_body": "BCH ĐOÀN THỊ XÃ AN NHƠN",
            "issuer_symbol": "ĐTN",
            "place": "An Nhơn",
            "level": "thị xã",
            "signer": {
                "on_behalf": "TM. BAN THƯỜNG VỤ THỊ ĐOÀN",
                "title": "PHÓ BÍ THƯ",
                "name": "Trần Thị B",
            },
            "recipients": [
                "TT Tỉnh Đoàn;",
                "Ban TTNTH Tỉnh đoàn;",
                "Thường trực Thị ủy;",
                "Lưu VP.",
            ],
            "units": [{"name": u} for u in AN_NHON_UNITS],
            "targets": {2024: {"own": AN_NHON_TARGETS, "population": population}},
            "rounding": {"mode": "half-up", "decimals": 1},
            "submissions": "bao-cao-don-vi",
            "narrative": "noi-dung-bao-cao.md",
            "output": "ket-qua",
            "report": {"number": None, "date": dt.date(2024, 6, 28)},
        },
    )
    shutil.copy(HERE / "narrative-an-nhon.md", folder / "noi-dung-bao-cao.md")


if __name__ == "__main__":
    import sys

    from examples_2026 import gia_lai, xa_cat_tien

    makers = {
        "tuy-phuoc-2023": tuy_phuoc,
        "an-nhon-2024": an_nhon,
        "gia-lai-2026": gia_lai,
        "xa-cat-tien-2026": xa_cat_tien,
    }
    wanted = sys.argv[1:] or list(makers)
    unknown = [name for name in wanted if name not in makers]
    if unknown:
        sys.exit(f"Không có thư mục ví dụ {', '.join(unknown)} (có: {', '.join(makers)}).")
    for name in wanted:
        makers[name]()
    print(f"Đã tạo lại: {', '.join(wanted)}.")
