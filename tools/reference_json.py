"""The JSON of `audit --json`, `reconcile --json` and `rank --json` for the reference: every key
described here, the shapes taken from real outputs on the example folder (tests/verify/test_json_reference.py
checks the keys against what the commands print)."""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

from reference_sections import cell, json_shape
from reference_text import MISSING

AUDIT_JSON: dict[str, str] = {
    "file": "Tên tệp báo cáo đã kiểm tra.",
    "claims": "Số con số (tỷ lệ, tổng và các phần, số tổ × thành viên…) đã tính lại.",
    "findings": "Các chỗ sai, theo thứ tự trong văn bản.",
    "findings[].where": "Vị trí: «đoạn 12», «dòng 36», «bảng 2, dòng 3, cột 4» hoặc «trang 3, đoạn 5» (PDF).",
    "findings[].text": "Đoạn chữ có chỗ sai, như trong văn bản.",
    "findings[].kind": "wrong-arithmetic: tính sai; mixed-rounding: văn bản vừa cắt bớt vừa làm tròn; "
    "malformed-number: viết số sai cách (`//`, dấu chấm thập phân, dấu cách trước %); "
    "parts-do-not-add-up: các phần không cộng ra tổng; differs-from-data: khác số liệu của đơn vị "
    "(với --folder hoặc --summary).",
    "findings[].message": "Sai gì, bằng lời.",
    "findings[].expected": "Nên ghi thế nào.",
    "rates": "Mọi tỷ lệ đã tính lại, kể cả tỷ lệ đúng.",
    "rates[].where": "Vị trí (như `findings[].where`).",
    "rates[].claim": "Câu chữ của tỷ lệ (ví dụ «8.529/5.832 tài khoản, đạt 146,2%»).",
    "rates[].exact": "Giá trị chính xác, hai chữ số thập phân hơn số in, «…» khi còn nữa.",
    "rates[].reading": "both: cắt bớt hay làm tròn đều ra số này; truncated: chỉ cắt bớt; half-up: chỉ "
    "làm tròn; wrong: không cách nào ra số này.",
    "summary": "Các con số tổng.",
    "summary.findings": "Số chỗ sai.",
    "summary.claims": "Như `claims`.",
}

RECONCILE_JSON: dict[str, str] = {
    "export": "Tên tệp xuất của hệ thống.",
    "read_as": "Cách đã đọc tệp (bảng tính, hoặc CSV với bảng mã và dấu phân cách).",
    "shape": "per-unit: mỗi đơn vị một dòng; per-record: mỗi hồ sơ một dòng, đã đếm theo đơn vị.",
    "year": "Năm.",
    "quarter": "Quý (1–4).",
    "tolerance_percent": "Ngưỡng chênh lệch cần hỏi lại, theo % (chuỗi, dấu phẩy thập phân).",
    "rows": "Số dòng dữ liệu đã đọc trong tệp xuất.",
    "lines": "Mỗi đơn vị × mã chỉ tiêu có ở cả hai bên một mục.",
    "lines[].unit": "Tên đơn vị (theo tệp cấu hình).",
    "lines[].field": "Mã chỉ tiêu (ví dụ ct5).",
    "lines[].label": "Nội dung của mã.",
    "lines[].reported": "Số đơn vị tự báo cáo.",
    "lines[].system": "Số của hệ thống.",
    "lines[].difference": "Đơn vị báo cáo trừ hệ thống.",
    "lines[].difference_percent": "Chênh lệch so với số của hệ thống, theo % (null khi hệ thống là 0).",
    "lines[].flagged": "true khi chênh lệch vượt ngưỡng.",
    "only_reported": "Đơn vị đã báo cáo nhưng không có trong tệp xuất.",
    "only_system": "Đơn vị có trong tệp xuất nhưng chưa có báo cáo.",
    "actions": "Việc cần làm: đơn vị nào cần hỏi lại, vì sao.",
    "actions[].unit": "Tên đơn vị.",
    "actions[].reason": "Lý do, bằng lời.",
    "notes": "Ghi chú khi đọc tệp xuất (dòng bỏ qua, cột không nhận ra…).",
    "summary": "Các con số tổng.",
    "summary.units": "Số đơn vị được đối chiếu.",
    "summary.flagged": "Số dòng vượt ngưỡng.",
    "summary.only_reported": "Số đơn vị chỉ có ở phía đơn vị báo cáo.",
    "summary.only_system": "Số đơn vị chỉ có ở phía hệ thống.",
}

_QUARTERS = "Từng quý của năm đến quý này."
RANK_JSON: dict[str, str] = {
    "year": "Năm.",
    "quarter": "Quý (1–4).",
    "rubric": "Tệp thang điểm đã dùng (null: chỉ xếp hạng theo từng chỉ tiêu).",
    "trends": "Tên tiếng Việt của từng xu hướng.",
    "trends.up": "Tăng so với quý trước.",
    "trends.same": "Không đổi.",
    "trends.down": "Giảm.",
    "trends.no-previous": "Không có số quý trước.",
    "trends.no-data": "Không có số liệu.",
    "indicators": "Mỗi chỉ tiêu một mục.",
    "indicators[].number": "Số thứ tự chỉ tiêu.",
    "indicators[].title": "Tên chỉ tiêu.",
    "indicators[].office_achievement_percent": "Mức đạt của cả đơn vị mình, theo % đã làm tròn.",
    "indicators[].units": "Các đơn vị, theo thứ hạng.",
    "indicators[].units[].unit": "Tên đơn vị.",
    "indicators[].units[].state": "Tình trạng báo cáo của đơn vị (như `units[].state` của validate).",
    "indicators[].units[].achieved": "Kết quả (tử số).",
    "indicators[].units[].target": "Chỉ tiêu giao hoặc mẫu số, phân số chính xác «p/q» hoặc số nguyên.",
    "indicators[].units[].target_rate": "Tỷ lệ chỉ tiêu (chỉ tiêu tỷ lệ), phân số chính xác.",
    "indicators[].units[].achievement": "Mức đạt chính xác, phân số «p/q».",
    "indicators[].units[].achievement_percent": "Mức đạt theo %, làm tròn như báo cáo.",
    "indicators[].units[].previous": "Kết quả quý trước.",
    "indicators[].units[].change": "Thay đổi so với quý trước.",
    "indicators[].units[].change_percent": "Thay đổi theo %.",
    "indicators[].units[].trend": "Xu hướng (khóa của `trends`).",
    "indicators[].units[].rank": "Thứ hạng (null: không xếp).",
    "indicators[].units[].note": "Giải thích thêm.",
    "indicators[].unchanged": "Đơn vị không đổi so với quý trước.",
    "indicators[].fell": "Đơn vị giảm so với quý trước.",
    "evaluation": "Đánh giá theo thang điểm (rỗng khi không có thang điểm).",
    "evaluation[].unit": "Tên đơn vị.",
    "evaluation[].state": "Tình trạng báo cáo của đơn vị.",
    "evaluation[].rank": "Thứ hạng theo tổng điểm.",
    "evaluation[].grade": "Mức xếp loại (mã).",
    "evaluation[].grade_label": "Mức xếp loại bằng lời.",
    "evaluation[].points": "Tổng điểm chính xác, phân số «p/q».",
    "evaluation[].points_display": "Tổng điểm làm tròn 2 chữ số.",
    "evaluation[].lines": "Các dòng điểm.",
    "evaluation[].lines[].part": "Phần của thang điểm.",
    "evaluation[].lines[].label": "Nội dung dòng điểm.",
    "evaluation[].lines[].indicator": "Chỉ tiêu của dòng (null: không gắn chỉ tiêu).",
    "evaluation[].lines[].points": "Điểm chính xác, phân số «p/q».",
    "evaluation[].lines[].how": "Cách tính, bằng lời.",
    "evaluation[].note": "Giải thích thêm.",
    "progress": "Tiến độ theo quý.",
    "progress.quarters": _QUARTERS,
    "progress.office": "Cả đơn vị mình: mỗi chỉ tiêu một dòng.",
    "progress.office[].scope": "Phạm vi (chuỗi rỗng: cả đơn vị mình).",
    "progress.office[].indicator": "Số thứ tự chỉ tiêu.",
    "progress.office[].quarters": _QUARTERS,
    "progress.office[].quarters[].quarter": "Quý.",
    "progress.office[].quarters[].achieved": "Kết quả tính đến quý đó (null: không có số liệu).",
    "progress.office[].quarters[].achievement_percent": "Mức đạt theo %.",
    "progress.office[].units_counted": "Số đơn vị được cộng vào, theo từng quý.",
    "progress.units": "Từng đơn vị × chỉ tiêu một dòng.",
    "progress.units[].scope": "Tên đơn vị.",
    "progress.units[].indicator": "Số thứ tự chỉ tiêu.",
    "progress.units[].quarters": _QUARTERS,
    "progress.units[].quarters[].quarter": "Quý.",
    "progress.units[].quarters[].achieved": "Kết quả đến quý đó (null: không có số liệu).",
    "progress.units[].quarters[].achievement_percent": "Mức đạt theo %.",
}

# Rows of a per-unit export of the example's quarter IV 2023: one unit differs, one is unknown.
EXPORT_ROWS = [
    ["STT", "Đơn vị", "Số ĐVTN mở tài khoản sử dụng dịch vụ công"],
    ["1", "Phước Sơn", "400"],
    ["2", "Xã Không Có", "10"],
]
AUDIT_SAMPLE = "Chỉ tiêu 4: có 2.518//3.966 hồ sơ, đạt 63,5 %; chỉ tiêu 1: 8.529/5.832, đạt 146,2%."


def keys_of(data: object) -> set[str]:
    """Every key path of a JSON value (`a.b`, `list[].c`)."""
    shape: dict[str, set[str]] = {}
    json_shape(data, "", shape)
    return set(shape)


def audit_sample() -> dict[str, object]:
    from dean5299_cli.verify.audit import audit_blocks
    from dean5299_cli.verify.documents import Block

    return audit_blocks("bao-cao.txt", [Block("dòng 1", AUDIT_SAMPLE)]).to_json()


def reconcile_sample(example: Path) -> dict[str, object]:
    import csv

    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.verify.against_data import self_reported
    from dean5299_cli.verify.mapping import ExportMapping
    from dean5299_cli.verify.reconcile import reconcile
    from dean5299_cli.verify.system import read_system

    reported = self_reported(None, example / "don-vi.yaml", 2023, "IV")
    indicator_set = load_set(reported.year)
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "he-thong.csv"
        with export.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(EXPORT_ROWS)
        system = read_system(export, indicator_set, ExportMapping())
    result = reconcile(
        system,
        reported.units,
        indicator_set,
        year=reported.year,
        quarter=reported.quarter,
        tolerance=Fraction(5, 100),
        directory=reported.directory,
        order=reported.unit_names,
    )
    return result.to_json()


def rank_sample(example: Path) -> dict[str, object]:
    from dean5299_cli.core.settings import locate_settings
    from dean5299_cli.folder import validate_folder
    from dean5299_cli.rank_job import example_rubric, result_json, run_rank

    loaded = locate_settings(example / "don-vi.yaml")
    assert loaded is not None
    folder = loaded.resolve(loaded.settings.submissions)
    report = validate_folder(folder, settings=loaded.settings, year=2023, quarter=4, jobs=1)
    return result_json(run_rank(report, loaded, folder, example_rubric()))


def json_section(title: str, data: object, texts: dict[str, str]) -> list[str]:
    """A table of every key: those of the real output first seen, then documented-only ones."""
    shape: dict[str, set[str]] = {}
    json_shape(data, "", shape)
    for key in texts:
        shape.setdefault(key, set())
    order = list(texts)
    out = [title, "", "Một đối tượng JSON (UTF-8) trên đầu ra của lệnh; các khóa:", ""]
    out += ["| khóa | kiểu | ý nghĩa |", "|---|---|---|"]
    for key in sorted(shape, key=lambda k: (order.index(k) if k in order else len(order), k)):
        kinds = ", ".join(sorted(shape[key])) or "—"
        out.append(f"| `{key}` | {kinds} | {cell(texts.get(key, MISSING))} |")
    return out


def json_sections(example: Path) -> list[str]:
    out = json_section("## JSON của `dean5299 audit --json`", audit_sample(), AUDIT_JSON) + [""]
    out += json_section(
        "## JSON của `dean5299 reconcile --json`", reconcile_sample(example), RECONCILE_JSON
    ) + [""]
    out += json_section("## JSON của `dean5299 rank --json`", rank_sample(example), RANK_JSON)
    return out
