"""The blank submission workbook a unit fills in, generated from the year's indicator set."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.core.indicators import GENERAL_FIELDS, IndicatorSet
from dean5299_cli.core.text import printable
from dean5299_cli.writers.sheets import a4_print_setup

COLUMNS = [
    ("STT", 6),
    ("Nội dung", 58),
    ("Mã", 18),
    ("Đơn vị tính", 12),
    ("Số liệu", 14),
    ("Ghi chú", 22),
]
QUARTERS = ["Quý I", "Quý II", "Quý III", "Quý IV"]

INSTRUCTIONS = [
    "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO ĐỀ ÁN 5299",
    "",
    '1. Ở trang "Báo cáo", chọn tên đơn vị, năm, kỳ báo cáo (quý) và ngày tính số liệu.',
    '2. Nhập số liệu vào cột "Số liệu": số nguyên từ 0 trở lên, không nhập chữ, không nhập dấu %.',
    '3. Số liệu cộng dồn từ ngày 01/01 đến ngày "Tính đến ngày" (quý sau không được nhỏ hơn quý trước).',
    "4. Chỉ tiêu tỷ lệ: nhập riêng tử số và mẫu số; tử số không được lớn hơn mẫu số.",
    "5. Chỉ tiêu có các phần (ví dụ tài khoản VNeID): tổng các phần phải bằng tổng số.",
    '6. Không sửa cột "Mã"; có thể thêm ghi chú ở cột "Ghi chú".',
    "7. Lưu tệp dạng .xlsx, không đặt mật khẩu, gửi về Huyện đoàn.",
]


def build_form(
    ind_set: IndicatorSet, path: Path, *, units: list[str] | None = None, unit: str | None = None
) -> None:
    """Write the form for `ind_set` to `path` (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(name="Times New Roman", bold=True, size=12)
    normal = Font(name="Times New Roman", size=12)
    unlocked = Protection(locked=False)
    input_fill = PatternFill("solid", fgColor="FFF9E5")
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[chr(64 + i)].width = width

    ws["A1"] = f"BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299 NĂM {ind_set.year}"
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:F1")

    header_rows = [
        ("Đơn vị", printable(unit or "")),
        ("Năm", ind_set.year),
        ("Kỳ báo cáo", ""),
        ("Tính đến ngày", None),
    ]
    for offset, (label, value) in enumerate(header_rows):
        r = 3 + offset
        ws.cell(r, 2, label).font = bold
        cell = ws.cell(r, 3, value)
        cell.font = normal
        cell.protection = unlocked
        cell.fill = input_fill
        cell.border = border
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
    ws["C6"].number_format = "dd/mm/yyyy"

    quarter_dv = DataValidation(
        type="list",
        formula1='"' + ",".join(QUARTERS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Kỳ báo cáo",
        error="Chọn Quý I, Quý II, Quý III hoặc Quý IV.",
    )
    quarter_dv.add("C5")
    date_dv = DataValidation(
        type="date",
        operator="between",
        formula1="DATE(2022,1,1)",
        formula2="DATE(2100,12,31)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Tính đến ngày",
        error="Nhập ngày dạng ngày/tháng/năm.",
    )
    date_dv.add("C6")
    year_dv = DataValidation(
        type="whole",
        operator="between",
        formula1="2022",
        formula2="2100",
        showErrorMessage=True,
        error="Năm không hợp lệ.",
    )
    year_dv.add("C4")
    ws.add_data_validation(quarter_dv)
    ws.add_data_validation(date_dv)
    ws.add_data_validation(year_dv)
    if units:
        lists = wb.create_sheet("Danh sách")
        for i, name in enumerate(units, start=1):
            lists.cell(i, 1, name)
        lists.sheet_state = "hidden"
        unit_dv = DataValidation(
            type="list",
            formula1=f"'Danh sách'!$A$1:$A${len(units)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Đơn vị",
            error="Chọn tên đơn vị trong danh sách.",
        )
        unit_dv.add("C3")
        ws.add_data_validation(unit_dv)

    head = 8
    for c, (title, _) in enumerate(COLUMNS, start=1):
        cell = ws.cell(head, c, title)
        cell.font = bold
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")

    value_dv = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Số liệu",
        error="Nhập số nguyên từ 0 trở lên (không nhập chữ, dấu % hay số thập phân).",
    )
    ws.add_data_validation(value_dv)

    r = head + 1
    sections = [
        (f"Chỉ tiêu {ind.number}: {ind.title}", [(f, ind.unit) for f in ind.fields])
        for ind in ind_set.indicators
    ]
    sections.append(("Tổ công nghệ số thanh niên", [(f, f.unit or "") for f in GENERAL_FIELDS]))
    label_width = COLUMNS[1][1]

    def fit_height(row: int, text: str) -> None:
        """openpyxl does not grow rows for wrapped text: size each row for its label."""
        lines = max(1, -(-len(text) * 11 // (label_width * 10)))
        ws.row_dimensions[row].height = 16 * lines + 2

    for number, (title, fields) in enumerate(sections, start=1):
        ws.cell(r, 1, number).font = bold
        ws.cell(r, 2, title).font = bold
        fit_height(r, title)
        for c in range(1, 7):
            ws.cell(r, c).border = border
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="center")
        r += 1
        for sub, (fdef, unit_name) in enumerate(fields, start=1):
            values = [f"{number}.{sub}", fdef.label, fdef.code, unit_name, None, None]
            for c, value in enumerate(values, start=1):
                cell = ws.cell(r, c, value)
                cell.font = normal
                cell.border = border
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            fit_height(r, fdef.label)
            ws.cell(r, 5).protection = unlocked
            ws.cell(r, 5).fill = input_fill
            ws.cell(r, 5).number_format = "#,##0"
            ws.cell(r, 6).protection = unlocked
            value_dv.add(ws.cell(r, 5).coordinate)
            r += 1

    ws.protection.sheet = True  # labels and codes locked; no password
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.freeze_panes = "A9"
    a4_print_setup(ws, orientation="portrait", title_rows=f"{head}:{head}")
    ws.page_margins.left = ws.page_margins.right = 0.5

    guide = wb.create_sheet("Hướng dẫn", 1)
    guide.column_dimensions["A"].width = 110
    for i, line in enumerate(INSTRUCTIONS, start=1):
        guide.cell(i, 1, line).font = bold if i == 1 else normal
    wb.active = 0
    wb.save(path)
