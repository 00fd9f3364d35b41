"""A checked folder of N units made in memory (no workbooks): for scale tests and the benchmark."""

from __future__ import annotations

import datetime as dt

from dean5299_cli.core.checks import Submission, ValidationReport
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.status import UnitState, UnitStatus

VALUES = {
    "ct1": 450, "ct2": 1200, "ct3_tu": 300, "ct3_mau": 410, "ct4_tu": 200, "ct4_mau": 320,
    "ct5": 500, "ct6": 8, "ct7": 1100, "ct8_tong": 2100, "ct8_cho_duyet": 600,
    "ct8_khong_hop_le": 900, "ct8_hop_le": 600, "to_cns": 1, "to_cns_thanh_vien": 8,
}  # fmt: skip


def unit_name(i: int) -> str:
    return f"Xã Thử Nghiệm {i:05d}"


def synthetic(count: int, *, missing_every: int = 10) -> tuple[ValidationReport, Settings]:
    """`count` units of 2023 quý IV; every `missing_every`-th has not reported."""
    names = [unit_name(i) for i in range(1, count + 1)]
    settings = Settings.model_validate(
        {
            "parent_body": "TỈNH ĐOÀN BÌNH ĐỊNH",
            "issuing_body": "BCH ĐOÀN HUYỆN THỬ",
            "issuer_symbol": "HĐTN",
            "place": "Thử",
            "signer": {"on_behalf": "TM. BAN THƯỜNG VỤ", "title": "BÍ THƯ", "name": "A"},
            "recipients": ["Lưu VP."],
            "units": names,
            "targets": {2023: {"own": {1: 100 * count, 3: "40%", 4: "80%", 6: 6 * count}}},
            "report": {"number": "1", "date": dt.date(2023, 11, 20)},
        }
    )
    report = ValidationReport(year=2023, quarter=4)
    statuses = []
    for i, name in enumerate(names, start=1):
        if missing_every and i % missing_every == 0:
            report.missing_units.append(name)
            statuses.append(UnitStatus(name, UnitState.NOT_SENT))
            continue
        values = dict(VALUES, ct1=VALUES["ct1"] + i % 7)
        report.current.append(
            Submission(f"{i}.xlsx", "Báo cáo", name, 2023, 4, dt.date(2023, 11, 20), values, {})
        )
        statuses.append(UnitStatus(name, UnitState.REPORTED, (f"{i}.xlsx",)))
    report.units = tuple(statuses)
    return report, settings
