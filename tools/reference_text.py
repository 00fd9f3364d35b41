"""Vietnamese texts the reference needs that the code does not carry: examples and descriptions.

Keys missing here (a new problem code, settings key, exit code or JSON field) show up in the
generated reference as MISSING, and tests/project/test_docs.py fails naming them.
"""

from __future__ import annotations

MISSING = "⚠ CHƯA CÓ MÔ TẢ"

# Problem code → example parameters for its message template (core/problems.CATALOGUE).
PROBLEM_EXAMPLES: dict[str, dict[str, str]] = {
    "unreadable-file": {"reason": "tệp bị hỏng hoặc không phải tệp Excel"},
    "encrypted-file": {},
    "too-large": {"reason": "trang tính có 2.000.000 dòng"},
    "no-data-table": {},
    "missing-header": {"what": "kỳ báo cáo", "label": "Kỳ báo cáo"},
    "unknown-unit": {"raw": "Xã Phước Sơnn", "hint": ' Có phải "Xã Phước Sơn"?'},
    "not-a-unit-name": {"raw": "Đoàn TNCS Hồ Chí Minh"},
    "period-mismatch": {"what": "Tệp", "found": "quý III năm 2023", "asked": "quý IV năm 2023"},
    "duplicate-submission": {
        "other": "phuoc-son-q4-lan2.xlsx",
        "keep": "một tệp đúng, chuyển tệp kia ra khỏi thư mục",
    },
    "identical-duplicate": {"other": "phuoc-son-q4.xlsx"},
    "duplicate-sheet": {
        "count": "2",
        "sheets": '"Báo cáo" và "Báo cáo (sửa)"',
        "order": 'trang "Báo cáo" ↔ trang "Báo cáo (sửa)"',
        "differences": "ct3: 408 ↔ 508",
    },
    "identical-sheet": {"sheet_name": '"Báo cáo (2)"', "other_sheet": '"Báo cáo"'},
    "earlier-sheet": {
        "sheet_name": '"Quý II"',
        "found": "quý II năm 2026",
        "asked": "quý III năm 2026",
    },
    "later-period": {
        "what": 'Trang "Quý IV"',
        "found": "quý IV năm 2026",
        "asked": "quý III năm 2026",
    },
    "sheet-set-aside": {
        "sheet_name": '"Báo cáo"',
        "reason": 'bản cũ hơn của trang "Báo cáo (sửa)" (--lay-moi-nhat)',
    },
    "not-a-number": {"raw": "khoảng 300", "label": "Số tài khoản VNeID được kích hoạt", "why": ""},
    "negative-value": {"value": "-5", "label": "Số hồ sơ được hỗ trợ"},
    "not-an-integer": {"value": "12,5", "label": "Số hồ sơ được hỗ trợ", "hint": ""},
    "formula-without-value": {"label": "Số hồ sơ được hỗ trợ"},
    "numerator-exceeds-denominator": {
        "number": "3",
        "num": "450",
        "den": "410",
        "num_label": "số hồ sơ trực tuyến toàn trình",
        "den_label": "tổng số hồ sơ",
    },
    "parts-do-not-add-up": {"number": "8", "parts_sum": "2.000", "total": "2.100"},
    "empty-form": {"fields": "15"},
    "blank-value": {"label": "Số tài khoản VNeID được kích hoạt", "state": "để trống"},
    "reinterpreted-number": {
        "raw": "1.200",
        "label": "Số người dân được hỗ trợ",
        "value": "1.200",
    },
    "shown-otherwise": {
        "label": "Số người dân được hỗ trợ",
        "shown": '"1.669"',
        "how": "định dạng số chia cho 1.000",
        "value": "1.669.000",
    },
    "unknown-field": {"found_code": "ct9", "year": "2023"},
    "cumulative-decrease": {
        "label": "Số người dân được hỗ trợ",
        "before": "1.200",
        "earlier": "quý III",
        "after": "1.100",
    },
    "far-above-target": {
        "number": "1",
        "reason": "gấp 4,1 lần trung vị các đơn vị (đạt 412,0% chỉ tiêu giao; trung vị của "
        "11 đơn vị: đạt 100,5% chỉ tiêu giao)",
    },
    "missing-unit": {"unit": "Xã Phước Hòa", "state": "chưa gửi báo cáo quý IV năm 2023", "hint": ""},
    "above-target": {"number": "1", "percent": "146,2%"},
    "skipped-file": {"reason": "ghi-chu.docx không phải tệp bảng tính (.xlsx, .xlsm, .xls, .ods)"},
    "invalid-year": {"raw": "20234"},
    "invalid-period": {"raw": "6 tháng đầu năm", "expected": "Quý I, Quý II, Quý III hoặc Quý IV"},
    "period-inferred": {"what": "kỳ báo cáo", "value": "quý IV", "date": "15/12/2023"},
    "suspect-as-of": {"value": "15/12/2024", "why": "không thuộc năm báo cáo 2023"},
    "above-population": {
        "label": "Số công dân từ 14 tuổi trở lên được hỗ trợ đăng ký chữ ký số cá nhân (ct7)",
        "value": "18.250",
        "population_label": "công dân từ 14 tuổi trở lên",
        "population": "12.400",
    },
    "target-suspect": {
        "number": "2",
        "reason": "đạt 25.400,0% chỉ tiêu giao (5.080/20): chỉ tiêu giao có thể bị nhập sai "
        "(ví dụ 20 thay cho 20.000?)",
    },
    "formula-error": {"label": "Số hồ sơ được hỗ trợ", "error": "#DIV/0!"},
    "duplicate-field": {"found_code": "ct3_tu", "first": "C9", "second": "C15"},
    "implausible-value": {
        "value": "12.000.000.000",
        "label": "Số tài khoản VNeID được kích hoạt",
        "limit": "1.000.000.000",
    },
    "hidden-sheet": {"sheet_name": '"Sheet2"'},
    "merged-history": {
        "earlier": "quý II năm 2025",
        "sources": "Phường Hải Cảng, Phường Thị Nại, Phường Đống Đa",
        "files": '"q2/hai-cang.xlsx", "q2/thi-nai.xlsx", "q2/dong-da.xlsx"',
    },
    "merged-history-incomplete": {
        "earlier": "quý II năm 2025",
        "present": "Phường Hải Cảng, Phường Thị Nại",
        "missing": "Phường Đống Đa",
    },
    "export-differs": {
        "other": "phuoc-son-q4.xlsx",
        "differences": "ct3_tu: 418 (tệp đơn vị) ↔ 458 (tệp xuất)",
    },
    "exports-differ": {
        "other": "xuat-he-thong-lan-1.xlsx",
        "differences": "ct3_tu: 458 ↔ 418",
    },
    "two-values": {
        "found_code": "ct5",
        "count": "hai",
        "values": "ô E13: 999; ô F13: 2.114",
    },
    "total-row-differs": {
        "found_code": "ct3",
        "total": "220",
        "added": "320",
        "rows_where": "phía trên",
        "rows": "G7:G9",
    },
    "total-rows-differ": {"found_code": "ct3", "count": "2", "values": "ô G10: 220; ô G11: 999"},
    "second-table": {"row": "15"},
    "group-row-differs": {
        "label": "Cộng khối cơ quan",
        "found_code": "ct1",
        "more": "",
        "total": "120",
        "added": "118",
        "rows": "C6:C12",
        "others": "",
    },
    "row-like-total": {"name": "Chi đoàn thôn 4", "rows_where": "phía trên"},
    "rows-like-groups": {"rows": '"Chi đoàn thôn 1" (B6), "Chi đoàn thôn 4" (B9)'},
    "repeated-member": {"name": "Chi đoàn Sở Tư pháp", "count": "2", "cells": "B9, B14"},
    "partial-summary": {
        "covered": "8",
        "members": "10",
        "missing": "Chi đoàn thôn Chánh Oai (số liệu chưa hợp lệ), Chi đoàn thôn Kim Đông (chưa báo cáo)",
    },
    "year-assumed": {"year": "2024", "why": " (năm 2026 chưa có bộ chỉ tiêu)"},
    "quarter-chosen": {
        "asked": "quý III năm 2023",
        "count": "12",
        "later_count": "1",
        "later": "quý IV năm 2023",
        "units": "Xã Phước Sơn",
        "roman": "IV",
    },
    "earlier-year-files": {"count": "13", "years": "2022", "year": "2023"},
    "unit-name-loose": {
        "raw": "Xa Phuoc Son",
        "why": "viết không dấu",
        "listed": "Xã Phước Sơn",
        "hint": "",
    },
}

# Example unit for problems that name one.
EXAMPLE_UNIT = "Xã Phước Sơn"

# Exit code → what it means for the clerk.
EXIT_CODES: dict[int, str] = {
    0: "Xong (có thể có cảnh báo).",
    1: "Số liệu của đơn vị có lỗi (`validate`), hoặc `--strict` gặp lỗi hay cảnh báo.",
    2: "Gõ lệnh sai: tên lệnh, tùy chọn hoặc giá trị không hợp lệ (ví dụ `--year 1999`).",
    3: "Tệp cấu hình `don-vi.yaml` hoặc bộ chỉ tiêu sai; thông báo nêu tệp, khóa, dòng.",
    4: "Không ghi được kết quả: đã có tệp mà không dùng `--force`, tệp đang mở, đĩa đầy, "
    "thiếu LibreOffice khi dùng `--pdf`.",
    5: "Lỗi ngoài dự kiến của chương trình: chạy lại với `--debug` và gửi nội dung cho người "
    "phát triển.",
    130: "Người dùng bấm Ctrl-C: chương trình dừng, in một dòng «Đã dừng theo yêu cầu.».",
    141: "Nơi nhận kết quả đã đóng giữa chừng (ví dụ `dean5299 validate --json | head -1`): "
    "chương trình dừng lặng lẽ.",
}
INTERNAL_EXIT_CODES = (0, 5, 130, 141)  # not carried by a class of core/errors.py

# Settings key (dotted, `<năm>` for a year key, `[]` for a list item) → description.
SETTINGS_KEYS: dict[str, str] = {
    "parent_body": "Cơ quan cấp trên, dòng đầu bên trái của quốc hiệu (ví dụ TỈNH ĐOÀN BÌNH ĐỊNH).",
    "issuing_body": "Cơ quan ban hành báo cáo, dòng thứ hai bên trái (tên Ban Chấp hành).",
    "issuer_symbol": "Chữ viết tắt của cơ quan trong số ký hiệu văn bản (phần sau «BC/» của 34-BC/…).",
    "place": "Địa danh ghi ở dòng ngày tháng (ví dụ Tuy Phước).",
    "area": "Cấp địa bàn dùng trong lời văn của báo cáo.",
    "signer": "Người ký báo cáo.",
    "signer.name": "Họ và tên người ký.",
    "recipients": "Danh sách nơi nhận, mỗi dòng một nơi.",
    "units": "Danh sách đơn vị trực thuộc gửi báo cáo (theo thứ tự in trong báo cáo).",
    "units[].name": "Tên đơn vị như in trong báo cáo, đọc thành một dòng (dấu tab, xuống dòng, "
    "nhiều dấu cách liền nhau thành một dấu cách; ký tự vô hình bị bỏ); tên trống bị từ chối.",
    "units[].aliases": "Các cách viết khác của tên đơn vị trong tệp gửi về.",
    "units[].former_names[].name": "Tên cũ của đơn vị; tệp và số liệu các kỳ trước ghi tên này được "
    "tính cho đơn vị mới.",
    "units[].former_names[].until": "Ngày cuối cùng tên cũ còn dùng (YYYY-MM-DD), ví dụ 2025-06-30 cho "
    "các đơn vị sáp nhập từ 01/7/2025.",
    "targets": "Chỉ tiêu giao theo từng năm.",
    "targets.<năm>.own": "Chỉ tiêu cấp trên giao cho đơn vị mình: số chỉ tiêu → số hoặc tỷ lệ \"40%\".",
    "targets.<năm>.units": "Chỉ tiêu giao cho từng đơn vị trực thuộc: tên đơn vị → (số chỉ tiêu → giá trị).",
    "targets.<năm>.own_population": "Dân số của cả địa bàn, cho chỉ tiêu tỷ lệ trên dân số.",
    "rounding": "Cách làm tròn tỷ lệ phần trăm.",
    "rounding.mode": "half-up: làm tròn thông thường; truncate: cắt bớt (119,8% cho 6.580/5.490).",
    "rounding.decimals": "Số chữ số sau dấu phẩy (0 đến 4).",
    "far_above_percent": "Ngưỡng tỷ lệ đạt (%), chỉ dùng khi khóa này được ghi trong tệp: "
    "`validate` cảnh báo (`far-above-target`) chỉ tiêu của đơn vị vượt ngưỡng, và bảng tổng hợp "
    "tô màu cam các ô đó.",
    "submissions": "Thư mục chứa tệp báo cáo của các đơn vị (tính từ thư mục của don-vi.yaml).",
    "narrative": "Tệp phần lời của báo cáo do văn phòng viết.",
    "output": "Thư mục ghi báo cáo và bảng tổng hợp.",
    "template": "Mẫu báo cáo Word riêng (.docx) thay cho mẫu có sẵn.",
    "report": "Các phần cố định của báo cáo.",
    "report.number": "Số văn bản (ví dụ 34).",
    "report.date": "Ngày ký báo cáo (YYYY-MM-DD).",
    "report.subject": "Trích yếu của báo cáo (mặc định theo quý và năm).",
}

# Indicator-set key (dean5299_cli/data/targets/<năm>.yaml) → description.
INDICATOR_KEYS: dict[str, str] = {
    "year": "Năm của bộ chỉ tiêu (trùng tên tệp).",
    "title": "Tên bộ chỉ tiêu.",
    "source": "Văn bản giao chỉ tiêu.",
    "indicators": "Các chỉ tiêu, đánh số 1, 2, 3… theo thứ tự.",
    "indicators[].number": "Số thứ tự chỉ tiêu.",
    "indicators[].title": "Nội dung chỉ tiêu.",
    "indicators[].short": "Tên ngắn dùng trong bảng và lời văn.",
    "indicators[].kind": "Loại chỉ tiêu: cách tính tỷ lệ đạt.",
    "indicators[].unit": "Đơn vị tính (tài khoản, hồ sơ, người…).",
    "indicators[].fields": "Các ô số liệu đơn vị phải điền.",
    "indicators[].fields[].code": "Mã trường: mã ngắn của ô số liệu trong cột «Mã» của biểu mẫu.",
    "indicators[].fields[].label": "Nội dung ô số liệu như in trong biểu mẫu.",
    "indicators[].fields[].part": "Tên phần (chỉ tiêu có các phần).",
    "indicators[].fields[].unit": "Đơn vị tính riêng của ô (nếu khác chỉ tiêu).",
    "indicators[].result_phrase": "Động từ trong câu kết quả («có», «hỗ trợ»…).",
    "indicators[].target": "Chỉ tiêu số lượng toàn tỉnh.",
    "indicators[].target_rate": "Chỉ tiêu tỷ lệ (ví dụ \"80%\").",
    "indicators[].minimum": "Số tối thiểu mỗi đơn vị phải đạt.",
    "indicators[].target_part": "Phần được so với chỉ tiêu (chỉ tiêu có các phần).",
    "indicators[].deadline": "Hạn hoàn thành (YYYY-MM-DD).",
    "indicators[].population_label": "Tên của dân số dùng làm mẫu số.",
    "general_fields[].code": "Mã trường của số liệu chung, ghi ở cột «Mã» của biểu mẫu.",
    "general_fields[].label": "Nội dung số liệu chung như in trong biểu mẫu.",
    "general_fields[].part": "Tên phần (thường bỏ trống).",
    "general_fields[].unit": "Đơn vị tính (tổ, người…).",
}

# Rubric key (xep-hang.yaml, `dean5299 rank`) → description.
RUBRIC_KEYS: dict[str, str] = {
    "title": "Tên thang điểm, in trên bảng xếp hạng.",
    "indicators": "Điểm theo tỷ lệ đạt của từng chỉ tiêu: điểm = tỷ lệ đạt (tính đến mức trần) × "
    "điểm tối đa.",
    "indicators.cap": "Tỷ lệ đạt tối đa được tính điểm (ví dụ 100%: đạt 146% vẫn tính 100%).",
    "indicators.overrides": "Riêng từng chỉ tiêu: số thứ tự chỉ tiêu → {points, cap}.",
    "indicators.overrides.<số>.points": "Điểm tối đa của chỉ tiêu này.",
    "indicators.overrides.<số>.cap": "Mức trần tỷ lệ đạt của chỉ tiêu này.",
    "without_target": "Chỉ tiêu không giao cho đơn vị: zero (0 điểm) hoặc rescale (quy đổi điểm các "
    "chỉ tiêu có giao về thang điểm đầy đủ).",
    "reporting": "Điểm báo cáo: đúng hạn, trễ hạn, đầy đủ.",
    "reporting.deadline_day": "Hạn nộp: ngày này của tháng cuối quý (1–31).",
    "reporting.deadlines": "Hạn riêng của từng kỳ (\"năm-quý\", ví dụ \"2023-4\" → ngày), thay cho "
    "deadline_day.",
    "reporting.on_time": "Điểm báo cáo đúng hạn (ngày «Tính đến ngày» của tệp, nếu không có thì ngày "
    "sửa tệp, so với hạn nộp).",
    "reporting.late": "Điểm báo cáo trễ hạn.",
    "reporting.complete": "Điểm báo cáo đầy đủ (không để trống ô số liệu nào).",
    "adjustments": "Các quy tắc điểm cộng (points > 0), điểm trừ (points < 0).",
    "adjustments[].when": "indicator-at-least: mỗi chỉ tiêu đạt từ percent trở lên; indicator-below: "
    "mỗi chỉ tiêu đạt dưới percent; all-reached: mọi chỉ tiêu có giao đều đạt 100%; has-warnings: "
    "số liệu có cảnh báo thuộc codes.",
    "adjustments[].points": "Điểm cộng (dương) hoặc trừ (âm) mỗi lần quy tắc áp dụng.",
    "adjustments[].label": "Tên quy tắc, in trong bảng điểm.",
    "adjustments[].percent": "Ngưỡng tỷ lệ đạt của quy tắc theo chỉ tiêu (ví dụ 120%).",
    "adjustments[].codes": "Mã cảnh báo được tính cho has-warnings (xem «Mã vấn đề»).",
    "grades": "Điểm thấp nhất của mỗi mức xếp loại (giảm dần).",
    "grades.excellent": "Hoàn thành xuất sắc: từ mức điểm này trở lên.",
    "grades.good": "Hoàn thành tốt: từ mức điểm này trở lên.",
    "grades.done": "Hoàn thành: từ mức điểm này trở lên; dưới mức này: không hoàn thành.",
}

# Path in the JSON of `dean5299 validate --json` → description.
VALIDATE_JSON: dict[str, str] = {
    "year": "Năm được kiểm tra.",
    "quarter": (
        "Quý được kiểm tra (1–4); null khi báo cáo theo tháng (--month), "
        "khi đó có thêm khóa `month` (1–12)."
    ),
    "files": "Mỗi tệp trong thư mục một mục.",
    "files[].file": "Đường dẫn tệp, tính từ thư mục báo cáo.",
    "files[].unit": "Tên đơn vị đọc được (null nếu không đọc được).",
    "files[].year": "Năm ghi trong tệp.",
    "files[].quarter": (
        "Quý ghi trong tệp; null khi tệp là báo cáo tháng, khi đó có thêm khóa `month` (1–12)."
    ),
    "files[].status": "ok, warning, error, skipped hoặc history (báo cáo quý trước).",
    "files[].units": "Các đơn vị trong một bảng tổng hợp nhiều đơn vị.",
    "problems": "Các lỗi, cảnh báo, thông tin.",
    "problems[].code": "Mã vấn đề (xem «Mã vấn đề»).",
    "problems[].severity": "error, warning hoặc info.",
    "problems[].file": "Tệp có vấn đề (chuỗi rỗng: cả thư mục).",
    "problems[].message": "Thông báo tiếng Việt.",
    "problems[].sheet": "Trang tính.",
    "problems[].cell": "Ô (ví dụ E12).",
    "problems[].unit": "Đơn vị.",
    "problems[].field": "Mã trường liên quan.",
    "missing_units": "Đơn vị chưa gửi báo cáo.",
    "left_out": "Đơn vị bị loại khỏi tổng hợp vì tệp có lỗi.",
    "left_out[].unit": "Tên đơn vị.",
    "left_out[].file": "Tệp có lỗi.",
    "unread_files": "Tệp không đọc được tên đơn vị.",
    "unread_files[].file": "Tệp.",
    "unread_files[].message": "Lý do.",
    "missing_hints": "Đơn vị chưa gửi → tệp không đọc được có thể là của đơn vị đó.",
    "summary": "Các con số tổng.",
    "summary.files": "Số tệp.",
    "summary.units": "Số đơn vị được tính.",
    "summary.errors": "Số lỗi.",
    "summary.warnings": "Số cảnh báo.",
    "summary.infos": "Số thông tin.",
    "units": "Mỗi đơn vị trong danh sách của tệp cấu hình một mục, theo thứ tự của danh sách.",
    "units[].unit": "Tên đơn vị.",
    "units[].state": "reported: đã tính vào tổng hợp; invalid: có tệp nhưng số liệu có lỗi, bị loại; "
    "wrong-file: tệp gửi về không phải báo cáo của kỳ này; not-sent: chưa gửi.",
    "units[].files": "Các tệp của đơn vị trong thư mục (đường dẫn tính từ thư mục báo cáo).",
    "units[].detail": "Giải thích thêm cho văn phòng (ví dụ: tệp gửi về là báo cáo quý III).",
    "flags": "Những số liệu trông bất thường (cảnh báo `far-above-target`, `target-suspect` được "
    "tạo từ đây).",
    "flags[].unit": "Đơn vị (chuỗi rỗng: cả đơn vị mình, ví dụ chỉ tiêu giao có thể nhập sai).",
    "flags[].indicator": "Số thứ tự chỉ tiêu (null nếu không gắn với chỉ tiêu nào).",
    "flags[].kind": "peer-outlier: khác xa các đơn vị khác; jump: tăng, giảm đột ngột so với quý "
    "trước; contradiction: số liệu tự mâu thuẫn; absolute-threshold: vượt ngưỡng "
    "`far_above_percent` ghi trong tệp cấu hình; target-suspect: chỉ tiêu giao có thể bị nhập sai.",
    "flags[].reason": "Lý do bằng lời (ví dụ: gấp 4,1 lần trung vị các đơn vị).",
}
