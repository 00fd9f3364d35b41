"""The post-2025 example working folders (run through `python examples/make_examples.py`).

`gia-lai-2026/`: a Tỉnh đoàn consolidating 141 member units (xã, phường, Đoàn khối and equivalent
units) for quarter III 2026, with an ILLUSTRATIVE indicator set in `chi-tieu/2026.yaml`.
`xa-cat-tien-2026/`: a commune Youth Union consolidating its chi đoàn.
The unit names follow the new Gia Lai province's naming but are NOT checked against the official
list; figures, targets and people's names are invented.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from dean5299_cli.core.indicator_sets import library_for
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.sample_tables import write_export, write_office_table
from dean5299_cli.samples import LAYOUTS, write_submission

HERE = Path(__file__).resolve().parent
ILLUSTRATIVE_SET = HERE / "data" / "chi-tieu-2026-minh-hoa.yaml"
AS_OF = dt.date(2026, 9, 25)

WARDS = ["Quy Nhơn", "Quy Nhơn Đông", "Quy Nhơn Tây", "Quy Nhơn Nam", "Quy Nhơn Bắc", "Bình Định", "An Nhơn", "An Nhơn Đông", "An Nhơn Nam", "An Nhơn Bắc", "Bồng Sơn", "Hoài Nhơn", "Tam Quan", "Hoài Nhơn Đông", "Hoài Nhơn Tây", "Hoài Nhơn Nam", "Hoài Nhơn Bắc", "Pleiku", "Hội Phú", "Thống Nhất", "Diên Hồng", "An Phú", "An Khê", "An Bình", "Ayun Pa"]
COMMUNES = ["Tuy Phước", "Tuy Phước Đông", "Tuy Phước Tây", "Tuy Phước Bắc", "Phù Cát", "Xuân An", "Ngô Mây", "Cát Tiến", "Đề Gi", "Hòa Hội", "Hội Sơn", "Phù Mỹ", "An Lương", "Bình Dương", "Phù Mỹ Đông", "Phù Mỹ Tây", "Phù Mỹ Nam", "Phù Mỹ Bắc", "Vân Canh", "Canh Vinh", "Canh Liên", "Tây Sơn", "Bình Phú", "Bình Hiệp", "Bình An", "Bình Khê", "Vĩnh Thạnh", "Vĩnh Sơn", "Vĩnh Thịnh", "Vĩnh Quang", "An Lão", "An Hòa", "An Vinh", "An Toàn", "Hoài Ân", "Ân Hảo", "Ân Tường", "Kim Sơn", "Vạn Đức", "Nhơn Châu", "Biển Hồ", "Gào", "Ia Ly", "Chư Păh", "Ia Khươl", "Ia Phí", "Chư Prông", "Bàu Cạn", "Ia Boòng", "Ia Lâu", "Ia Pia", "Ia Tôr", "Chư Sê", "Bờ Ngoong", "Ia Ko", "Al Bá", "Chư Pưh", "Ia Le", "Ia Hrú", "Đức Cơ", "Ia Krêl", "Ia Dơk", "Ia Dom", "Ia Chia", "Ia Grai", "Ia Hrung", "Ia Krái", "Ia O", "Ia Pnôn", "Mang Yang", "Lơ Pang", "Kon Chiêng", "Hra", "Ayun", "Đak Đoa", "Kon Gang", "Ia Băng", "KDang", "Đak Sơmei", "Kbang", "Kông Bơ La", "Tơ Tung", "Sơn Lang", "Đak Rong", "Krong", "Kông Chro", "Ya Ma", "Chư Krey", "SRó", "Đăk Song", "Chơ Long", "Đak Pơ", "Ya Hội", "Phú Thiện", "Chư A Thai", "Ia Hiao", "Ia Pa", "Pờ Tó", "Ia Tul", "Krông Pa", "Uar", "Chư Rcăm", "Ia Rsai", "Ia Dreh", "Phú Túc", "Ia Sao", "Ia Mơ", "Ia Púch", "Ia Nan", "Ia Rbol"]
EQUIVALENT = [
    "Đoàn các cơ quan Đảng tỉnh",
    "Đoàn UBND tỉnh",
    "Đoàn Công an tỉnh",
    "Đoàn Bộ đội Biên phòng tỉnh",
    "Đoàn Bộ Chỉ huy Quân sự tỉnh",
    "Đoàn Trường Đại học Quy Nhơn",
]
NOT_SENT = ("Xã Ia Rbol", "Xã Kbang", "Phường Ayun Pa")


def _units() -> list[str]:
    names = [f"Phường {w}" for w in WARDS] + [f"Xã {c}" for c in COMMUNES] + EQUIVALENT
    assert len(names) == len(set(names)) == 141, len(names)
    return names


def _values(rng: random.Random, size: int) -> dict[str, int]:
    """One unit's cumulative figures to the end of quarter III (invented, internally consistent)."""
    v = {"ct1_mau": size * rng.randint(90, 130), "ct2_mau": size * rng.randint(40, 70)}
    v["ct1_tu"] = v["ct1_mau"] * rng.randint(30, 55) // 100
    v["ct2_tu"] = v["ct2_mau"] * rng.randint(72, 96) // 100
    v["ct3"] = size * rng.randint(60, 110)
    v["ct4"] = rng.randint(2, 14)
    v["ct5"] = size * rng.randint(90, 160)
    v["ct6"] = size * rng.randint(150, 260)
    v["ct7"] = size * rng.randint(150, 230)
    v["ct8_da_kich_hoat"] = size * rng.randint(110, 190)
    v["ct8_cho_duyet"] = size * rng.randint(5, 25)
    v["ct8_tong"] = v["ct8_da_kich_hoat"] + v["ct8_cho_duyet"]
    v["to_cns"] = rng.randint(1, 3)
    v["to_cns_thanh_vien"] = v["to_cns"] * rng.randint(5, 9)
    return v


def _spelling(unit: str, i: int) -> str:
    """How units write their own names: `Đoàn xã X`, `X`, `P. X`, upper case…"""
    kind, _, name = unit.partition(" ")
    if unit.startswith("Đoàn ") or i % 4 == 2:
        return unit
    if i % 4 == 0:
        return f"Đoàn {kind.lower()} {name}"
    if i % 4 == 1:
        return name
    return f"P. {name}" if kind == "Phường" else unit.upper()


def _write_settings(path: Path, data: dict[str, Any], header: str) -> None:
    path.write_text(
        header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )


def _fresh(folder: Path) -> tuple[Path, IndicatorSet]:
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "chi-tieu").mkdir(parents=True)
    (folder / "bao-cao-don-vi").mkdir()
    shutil.copy(ILLUSTRATIVE_SET, folder / "chi-tieu" / "2026.yaml")
    return folder / "bao-cao-don-vi", library_for(folder).load(2026)


HEADER = (
    "# Thư mục ví dụ của dean5299 sau sắp xếp năm 2025 (xem `dean5299 init` để có bản có chú thích).\n"
    "# Tên đơn vị theo cách đặt tên của tỉnh Gia Lai mới nhưng CHƯA đối chiếu với danh sách chính\n"
    "# thức; số liệu, chỉ tiêu giao và tên người là số liệu BỊA để minh họa. Bộ chỉ tiêu ở\n"
    "# chi-tieu/2026.yaml là bộ MINH HỌA, không phải bộ chỉ tiêu chính thức.\n"
)

NARRATIVE_PROVINCE = """Phần lời của báo cáo do Văn phòng Tỉnh đoàn viết (ví dụ; nội dung minh họa).

## Trích yếu
Kết quả thực hiện Đề án 5299 {ky}

## Mở đầu
Thực hiện Đề án “Phát huy vai trò của đoàn viên, thanh niên trong việc thực hiện dịch vụ công trực tuyến giai đoạn 2022 – 2027” (Đề án 5299) và hướng dẫn về tổ chức Đoàn ở địa phương sau sắp xếp đơn vị hành chính, Ban Thường vụ Tỉnh đoàn báo cáo kết quả thực hiện {ky} như sau:

## Công tác chỉ đạo triển khai
Ban Thường vụ Tỉnh đoàn hướng dẫn các Đoàn xã, phường và đơn vị tương đương kiện toàn Tổ công nghệ số thanh niên sau sắp xếp; phối hợp với Công an tỉnh hỗ trợ người dân kích hoạt tài khoản định danh điện tử mức độ 2 và sử dụng dịch vụ công trên ứng dụng VNeID.

## Kết quả hoạt động
Các Đoàn xã, phường duy trì điểm hỗ trợ dịch vụ công trực tuyến tại trung tâm phục vụ hành chính công cấp xã; một số đơn vị mới thành lập sau sắp xếp chưa kiện toàn xong Tổ công nghệ số thanh niên.

## Kết luận
Trên đây là báo cáo kết quả thực hiện Đề án 5299 {ky}, Ban Thường vụ Tỉnh đoàn kính báo cáo Ban Bí thư Trung ương Đoàn theo dõi, chỉ đạo./.
"""
NARRATIVE_COMMUNE = """Phần lời của báo cáo do Đoàn xã viết (ví dụ; nội dung minh họa).

## Trích yếu
Kết quả thực hiện Đề án 5299 {ky}

## Mở đầu
Thực hiện Kế hoạch của Ban Thường vụ Tỉnh đoàn về thực hiện Đề án 5299 năm 2026, Ban Thường vụ Đoàn xã báo cáo kết quả thực hiện {ky} như sau:

## Công tác chỉ đạo triển khai
Ban Thường vụ Đoàn xã phân công mỗi chi đoàn thôn phụ trách hỗ trợ người dân trên địa bàn thôn; Chi đoàn Công an xã hướng dẫn kích hoạt tài khoản định danh điện tử.

## Kết quả hoạt động
Các chi đoàn thôn tổ chức hỗ trợ người dân tại nhà văn hóa thôn vào các ngày cuối tuần.

## Kết luận
Trên đây là báo cáo kết quả thực hiện Đề án 5299 {ky}, Ban Thường vụ Đoàn xã kính báo cáo Ban Thường vụ Tỉnh đoàn theo dõi, chỉ đạo./.
"""


def _common(level: str, units: list[Any], own: dict[int, Any], own_population: int) -> dict[str, Any]:
    return {
        "level": level,
        "recipients": ["Lưu VP."],
        "units": units,
        "targets": {2026: {"own": own, "own_population": own_population}},
        "rounding": {"mode": "half-up", "decimals": 1},
        "submissions": "bao-cao-don-vi",
        "narrative": "noi-dung-bao-cao.md",
        "output": "ket-qua",
        "report": {"number": None, "date": dt.date(2026, 9, 30)},
    }


def gia_lai() -> None:
    folder = HERE / "gia-lai-2026"
    subs, ind_set = _fresh(folder)
    rng = random.Random(2026)
    units = _units()
    sent = [u for u in units if u not in NOT_SENT]
    figures = {u: _values(rng, rng.randint(4, 14)) for u in sent}
    exported = [u for u in sent if u.startswith("Xã Ia")][:8]  # these came through the system
    khoi = "Đoàn các cơ quan Đảng tỉnh"
    branches = ["Chi đoàn Văn phòng Tỉnh ủy", "Chi đoàn Ban Tuyên giáo và Dân vận", "Chi đoàn Báo Gia Lai"]
    parts = [_values(rng, 1) for _ in branches]
    figures[khoi] = {c: sum(p[c] for p in parts) for c in parts[0]}
    for i, unit in enumerate(u for u in sent if u not in exported and u != khoi):
        write_submission(
            subs / f"5299-Q3-2026-{i + 1:03d}.xlsx",
            ind_set,
            unit=_spelling(unit, i),
            quarter=3,
            year=2026,
            as_of=AS_OF,
            values=figures[unit],
            layout=LAYOUTS[i % len(LAYOUTS)],
        )
    write_export(
        subs / "xuat-tu-he-thong-Q3-2026.xlsx",
        ind_set,
        [(u, figures[u]) for u in exported],
        title="KẾT QUẢ THỰC HIỆN CHỈ TIÊU ĐỀ ÁN 5299 QUÝ III NĂM 2026 (dữ liệu xuất từ hệ thống)",
        total_label="Tổng cộng",
    )
    write_office_table(
        subs / "doan-cac-co-quan-dang-tinh.xlsx",
        ind_set,
        khoi,
        list(zip(branches, parts, strict=True)),
        year=2026,
        quarter_text="Quý III",
    )
    entries: list[Any] = []
    for unit in units:
        entry: dict[str, Any] = {"name": unit}
        if unit == "Phường Quy Nhơn":
            entry["former_names"] = [
                {"name": f"Phường {old}", "until": dt.date(2025, 6, 30)}
                for old in ("Hải Cảng", "Thị Nại", "Đống Đa", "Trần Hưng Đạo", "Lê Lợi")
            ]
        if unit == "Đoàn UBND tỉnh":
            entry["aliases"] = ["Đoàn Khối UBND tỉnh"]
        entries.append(entry)
    data = {
        "issuing_body": "BCH ĐOÀN TỈNH GIA LAI",
        "issuer_symbol": "TĐTN-CTĐ&TTN",
        "place": "Gia Lai",
        "signer": {"on_behalf": "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN", "title": "PHÓ BÍ THƯ", "name": "Nguyễn Văn A"},
        **_common("tỉnh", entries, {1: "40%", 2: "85%", 3: 120000, 5: 200000, 6: 350000, 8: 250000}, 2_600_000),
    }
    data["recipients"] = ["Ban Bí thư Trung ương Đoàn;", "Thường trực Tỉnh ủy;", "Lưu VP."]
    _write_settings(folder / "don-vi.yaml", data, HEADER)
    (folder / "noi-dung-bao-cao.md").write_text(NARRATIVE_PROVINCE, encoding="utf-8")


HAMLETS = ["Chánh Thắng", "Trung Bình", "Chánh Oai", "Tân Thắng", "Phương Phi", "Kim Đông"]


def xa_cat_tien() -> None:
    folder = HERE / "xa-cat-tien-2026"
    subs, ind_set = _fresh(folder)
    rng = random.Random(52990)
    units = [f"Chi đoàn thôn {h}" for h in HAMLETS] + [
        "Chi đoàn khu phố Ngô Mây",
        "Chi đoàn Công an xã",
        "Chi đoàn Quân sự xã",
        "Chi đoàn Trường THCS Cát Tiến",
    ]
    spellings = {"Chi đoàn thôn Chánh Thắng": "CĐ thôn Chánh Thắng", "Chi đoàn khu phố Ngô Mây": "KP Ngô Mây"}
    for i, unit in enumerate(u for u in units if u != "Chi đoàn thôn Kim Đông"):
        values = _values(rng, 1)
        values["ct4"] = rng.randint(1, 8)
        write_submission(
            subs / f"chi-doan-{i + 1:02d}.xlsx",
            ind_set,
            unit=spellings.get(unit, unit),
            quarter=3,
            year=2026,
            as_of=AS_OF,
            values=values,
            layout=LAYOUTS[i % len(LAYOUTS)],
        )
    data = {
        "parent_body": "TỈNH ĐOÀN GIA LAI",
        "issuing_body": "BCH ĐOÀN XÃ CÁT TIẾN",
        "issuer_symbol": "ĐTN",
        "place": "Cát Tiến",
        "signer": {"on_behalf": "TM. BAN THƯỜNG VỤ ĐOÀN XÃ", "title": "BÍ THƯ", "name": "Lê Thị C"},
        **_common("xã", [{"name": u} for u in units], {3: 900, 5: 1500, 6: 2600, 8: 1900}, 21000),
    }
    data["recipients"] = ["Ban Thường vụ Tỉnh đoàn;", "Đảng ủy xã;", "Lưu VP."]
    _write_settings(folder / "don-vi.yaml", data, HEADER.replace("Tên đơn vị theo cách đặt tên của tỉnh Gia Lai mới", "Tên thôn, chi đoàn"))
    (folder / "noi-dung-bao-cao.md").write_text(NARRATIVE_COMMUNE, encoding="utf-8")
