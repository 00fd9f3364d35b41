"""Generate docs/tham-chieu.md and README.md's command table from the code: `python tools/gen_docs.py`.

`python tools/gen_docs.py --check` writes nothing and exits 1 when a committed file differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

TOOLS = Path(__file__).resolve().parent
ROOT = TOOLS.parent
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

import reference_json  # noqa: E402
import reference_sections as sections  # noqa: E402
from reference_text import INDICATOR_KEYS, MISSING, RUBRIC_KEYS, SETTINGS_KEYS  # noqa: E402

REFERENCE = ROOT / "docs" / "tham-chieu.md"
README = ROOT / "README.md"
EXAMPLE = ROOT / "examples" / "tuy-phuoc-2023"
BEGIN = "<!-- BEGIN: bảng lệnh, sinh bởi tools/gen_docs.py; đừng sửa tay -->"
END = "<!-- END: bảng lệnh -->"
COMMAND = "python tools/gen_docs.py"


MONTHS = [
    "### Báo cáo theo tháng",
    "",
    "Mặc định là báo cáo quý. Với `--month 10` (hoặc `--thang 10`), `template` ghi kỳ báo cáo «Tháng 10/2024»",
    "(và ngày cuối tháng vào «Tính đến ngày»); `validate`, `summary`, `report` tổng hợp các tệp tháng 10,",
    "số liệu cộng dồn từ đầu năm như báo cáo quý. Tệp các tháng trước của cùng năm là báo cáo kỳ trước (history):",
    "dùng để so sánh với tháng trước (`cumulative-decrease`, mức tăng trong báo cáo), không cộng vào tổng.",
    "Báo cáo viết «tháng 10 năm 2024»; tệp kết quả mang đuôi `-thang-10` thay cho `-quy-4`.",
    "Kỳ báo cáo của tệp tháng ghi bằng số («Tháng 10», «Tháng 10/2024») hoặc bằng chữ («Tháng Mười», «tháng Giêng», «tháng Chạp»; «tháng Mốt» là tháng 11, «tháng Một» là tháng 1).",
    "Tệp tháng trong lần tổng hợp quý (kể cả tháng 12 khi tổng hợp quý IV) và tệp quý trong lần tổng hợp tháng",
    "là lỗi `period-mismatch` nêu rõ cả hai kỳ, ví dụ: tệp báo cáo tháng 10 năm 2024, không phải kỳ đang tổng hợp",
    "(quý IV năm 2024). Khi không chọn kỳ, chương trình chỉ chọn quý (theo các tệp quý), không tự chọn tháng;",
    "thư mục chỉ có tệp tháng của năm đó thì lệnh dừng (mã thoát 2) và nhắc ghi `--month` (hoặc `--quarter`).",
    "",
]


def form_header_labels(year: int) -> list[str]:
    """The labels above the table of a form really written by the form writer."""
    import tempfile

    import openpyxl

    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.writers.form import COLUMNS, build_form

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bieu-mau.xlsx"
        build_form(load_set(year), path)
        sheet = openpyxl.load_workbook(path).worksheets[0]
        labels = []
        for first, second in sheet.iter_rows(min_row=2, max_col=2, values_only=True):
            if first == COLUMNS[0][0]:
                break
            if second:
                labels.append(str(second))
    return labels


def form_section() -> list[str]:
    """The submission form: header cells and every field code of every shipped year."""
    from dean5299_cli.core.indicators import (
        GENERAL_FIELDS,
        KIND_LABELS_VI,
        Kind,
        available_years,
        load_set,
    )
    from dean5299_cli.writers.form import COLUMNS, QUARTERS

    labels = ", ".join(f"«{label}»" for label in form_header_labels(max(available_years())))
    out = ["## Biểu mẫu báo cáo của đơn vị", ""]
    out += ["`dean5299 template` tạo biểu mẫu (.xlsx), trang «Báo cáo»: phần đầu có các ô"]
    out += [f"{labels}, giá trị ở ô bên phải (kỳ báo cáo: {', '.join(QUARTERS)});"]
    out += ["bảng số liệu có các cột " + ", ".join(f"«{c}»" for c, _ in COLUMNS) + "."]
    out += ["Chương trình đọc số ở cột «Số liệu» theo mã ở cột «Mã» (mã trường), không theo vị trí dòng.", ""]
    out += MONTHS
    for year in available_years():
        ind_set = load_set(year)
        out += [f"### Năm {year}: {ind_set.title}", "", "| chỉ tiêu | mã trường | nội dung | loại |", "|---|---|---|---|"]
        for indicator in ind_set.indicators:
            for field in indicator.fields:
                kind = KIND_LABELS_VI[indicator.kind]
                row = f"| {indicator.number} | `{field.code}` | {sections.cell(field.label)} | {kind} |"
                out.append(row)
        for field in GENERAL_FIELDS:
            out.append(f"| chung | `{field.code}` | {sections.cell(field.label)} | {KIND_LABELS_VI[Kind.COUNT]} |")
        out.append("")
    return out


def reference() -> str:
    from dean5299_cli.core.indicators import IndicatorSet
    from dean5299_cli.core.rubric import Rubric
    from dean5299_cli.core.settings import Settings

    out = ["# Tham chiếu dean5299", ""]
    out += [f"Tệp này được sinh từ mã nguồn bằng `{COMMAND}`; đừng sửa tay.", ""]
    out += sections.commands_section() + [""]
    out += sections.exit_codes_section() + [""]
    out += sections.problems_section() + [""]
    out += sections.validate_json_section(EXAMPLE) + [""]
    out += reference_json.json_sections(EXAMPLE) + [""]
    out += sections.schema_section(
        "## Tệp cấu hình `don-vi.yaml`",
        "Các khóa (`<năm>`: một năm, ví dụ 2024; `[]`: từng mục của danh sách).",
        Settings,
        SETTINGS_KEYS,
        sections.settings_value_notes(),
    ) + [""]
    out += sections.schema_section(
        "## Bộ chỉ tiêu `dean5299_cli/data/targets/<năm>.yaml`",
        "Mỗi năm một tệp; loại chỉ tiêu quyết định cách tính tỷ lệ đạt:\n\n"
        "- số lượng: số đạt ÷ chỉ tiêu giao;\n"
        "- tỷ lệ: tử số ÷ mẫu số, rồi so với tỷ lệ chỉ tiêu (tử số lớn hơn mẫu số là lỗi);\n"
        "- tối thiểu mỗi đơn vị: chỉ tiêu là mức tối thiểu × số đơn vị (trừ khi có chỉ tiêu giao), "
        "kèm số đơn vị đạt mức;\n"
        "- tỷ lệ trên dân số: chỉ tiêu là số người cần đạt, tỷ lệ × dân số làm tròn lên "
        "(10% của 7.681 người là 769 người), và tỷ lệ đạt tính trên số người đó (194/769 = 25,2%), "
        "để mỗi phân số in trong báo cáo đều kiểm lại được;\n"
        "- cơ cấu: các phần phải cộng đúng bằng tổng; chỉ tiêu (nếu có) so với phần ghi ở `target_part`.",
        IndicatorSet,
        INDICATOR_KEYS,
    ) + [""]
    out += sections.schema_section(
        "## Thang điểm `xep-hang.yaml`",
        "Tệp tùy chọn cạnh don-vi.yaml (hoặc `dean5299 rank --rubric TỆP`); bản ví dụ có chú thích: "
        "`dean5299_cli/data/templates/init/xep-hang.yaml`. Tỷ lệ ghi dạng \"120%\".",
        Rubric,
        RUBRIC_KEYS,
    ) + [""]
    out += form_section()
    return "\n".join(out).rstrip("\n") + "\n"


def readme(current: str) -> str:
    """README.md with its command table regenerated between the markers."""
    start, end = current.find(BEGIN), current.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"README.md thiếu cặp dấu mốc {BEGIN} … {END}.")
    table = "\n".join(sections.readme_table())
    return current[: start + len(BEGIN)] + "\n" + table + "\n" + current[end:]


def outputs() -> dict[Path, str]:
    return {REFERENCE: reference(), README: readme(README.read_text(encoding="utf-8"))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Sinh tài liệu tham chiếu từ mã nguồn.")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra, không ghi")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
        missing = [line for line in text.splitlines() if MISSING in line]
        for line in missing:
            print(f"{path.relative_to(ROOT)}: chưa có mô tả: {line}", file=sys.stderr)
    if args.check and stale:
        names = ", ".join(str(p.relative_to(ROOT)) for p in stale)
        print(f"Tài liệu đã cũ ({names}); chạy: {COMMAND}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
