"""The submission workbook a unit fills in, generated from the year's indicator set."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from dean5299_cli.core.indicators import FieldDef, Indicator, IndicatorSet, Kind
from dean5299_cli.core.levels import words_for
from dean5299_cli.core.periods import (
    FIRST_YEAR,
    LAST_YEAR,
    ROMAN,
    month_of,
    period_bounds,
    period_slug,
    period_word,
)
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.text import fold, printable
from dean5299_cli.writers.sheets import CellValue, a4_print_setup, describe

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.styles import Border, Font
    from openpyxl.worksheet.worksheet import Worksheet

COLUMNS = [
    ("STT", 6),
    ("Nội dung", 58),
    ("Mã", 18),
    ("Đơn vị tính", 12),
    ("Số liệu", 14),
    ("Ghi chú", 22),
]
QUARTERS = [f"Quý {ROMAN[q]}" for q in (1, 2, 3, 4)]
# the reader knows the first four labels and ignores the others (for people only)
HEADER_ROWS = [
    "Đơn vị",
    "Năm",
    "Kỳ báo cáo",
    "Tính đến ngày",
    "Người lập biểu",
    "Số điện thoại",
]
FIRST_HEADER_ROW = 3
TABLE_HEAD_ROW = FIRST_HEADER_ROW + len(HEADER_ROWS) + 1
PROMPT_LIMIT = 255  # Excel refuses longer input messages
PROMPT_TITLE_LIMIT = 32


def value_cell(label: str) -> str:
    """The cell holding the value of a header label: `C6` for `Tính đến ngày`."""
    return f"C{FIRST_HEADER_ROW + HEADER_ROWS.index(label)}"


def recipient_of(settings: Settings) -> str:
    """Where units send the form: the office word and the place name of the issuing body
    (`BCH ĐOÀN <area> <NAME>` → `<Office> <Name>`); the issuing body as written otherwise."""
    office = words_for(settings).office
    body = settings.issuing_body.strip()
    prefix = re.compile(rf"^BCH\s+ĐOÀN\s+{re.escape(settings.area.upper())}\s+(?P<name>.+)$")
    match = prefix.match(body.upper())
    if office and match:
        return f"{office} {match.group('name').title()}"
    return body


@dataclass(frozen=True)
class FormOptions:
    """What is pre-filled: a unit (or a list to choose from), the period, who receives the form."""

    unit: str | None = None
    units: tuple[str, ...] = ()
    quarter: int | None = None
    as_of: dt.date | None = None
    send_to: str | None = None


def quarter_end(year: int, quarter: int) -> dt.date:
    """30/9/2024 for the third quarter of 2024 (31/10/2024 for month 10, a month period code):
    figures are cumulative to the period's last day."""
    return period_bounds(year, quarter)[1] - dt.timedelta(days=1)


def _periods(year: int, code: int | None) -> tuple[str | None, list[str]]:
    """The pre-filled `Kỳ báo cáo` and the choices offered: quarters, or `Tháng 10/2024` for a month."""
    month = month_of(code) if code is not None else None
    if month is None:
        return (QUARTERS[code - 1] if code else None), QUARTERS
    months = [f"Tháng {m}/{year}" for m in range(1, 13)]
    return months[month - 1], months


MAX_SLUG = 60


def forms_name(year: int, quarter: int | None) -> str:
    """`bieu-mau-5299-2024-quy-3`: the forms of a period (the folder of `--all-units`, a blank
    form's name)."""
    period = f"-{period_slug(quarter)}" if quarter else ""
    return f"bieu-mau-5299-{year}{period}"


def file_name(unit: str | None, year: int, quarter: int | None) -> str:
    """`bieu-mau-5299-2024-quy-3-xa-cat-tai.xlsx` (no unit: `bieu-mau-5299-2024-quy-3.xlsx`):
    ASCII only, safe on every system; two units' forms never take one name."""
    if unit is None:
        return f"{forms_name(year, quarter)}.xlsx"
    slug = re.sub(r"[^a-z0-9]+", "-", fold(unit)).strip("-") or "don-vi"
    slug = slug[:MAX_SLUG].rstrip("-")  # a unit named at length still gets a usable file name
    return f"{forms_name(year, quarter)}-{slug}.xlsx"


def instructions(send_to: str | None, period: int | None = None, unit: bool = False) -> list[str]:
    """The guide sheet, in the words of the form's period: a month's form says `tháng` (was:
    `kỳ báo cáo (quý)`, `quý sau … quý trước` on a form asking for a month); a unit's own form,
    its name and period written in, asks to check them (was: to choose what was already there)."""
    where = f"gửi về {send_to}" if send_to else "gửi về nơi nhận báo cáo"
    word = period_word(period) if period else "quý"
    fields = f"năm, kỳ báo cáo ({word}) và ngày tính số liệu"
    if unit and period:
        first = f"tên đơn vị, {fields} đã ghi sẵn: kiểm tra lại, sửa nếu chưa đúng."
    elif unit:
        first = f"tên đơn vị đã ghi sẵn (kiểm tra lại); chọn {fields}."
    else:
        first = f"chọn tên đơn vị, {fields}."
    return [
        "HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO ĐỀ ÁN 5299",
        "",
        f'1. Ở trang "Báo cáo", {first}',
        '2. Nhập số liệu vào cột "Số liệu": số nguyên từ 0 trở lên, không nhập chữ, không nhập dấu %.',
        f'3. Số liệu cộng dồn từ ngày 01/01 đến ngày "Tính đến ngày" ({word} sau không được nhỏ hơn {word} trước).',
        "4. Chỉ tiêu tỷ lệ: nhập riêng tử số và mẫu số; tử số không được lớn hơn mẫu số.",
        "5. Chỉ tiêu có các phần (ví dụ tài khoản VNeID): tổng các phần phải bằng tổng số.",
        '6. Không sửa cột "Mã"; có thể thêm ghi chú ở cột "Ghi chú".',
        "7. Ghi họ tên và số điện thoại người lập biểu để tiện liên hệ khi cần sửa số liệu.",
        f"8. Lưu tệp dạng .xlsx, không đặt mật khẩu, {where}.",
    ]


def prompt_of(indicator: Indicator | None, fdef: FieldDef) -> tuple[str, str]:
    """The input message shown when a value cell is selected: (title, text), within Excel's limits."""
    if indicator is None:
        title, hint = "Số liệu chung", "Số nguyên từ 0 trở lên."
    else:
        title = f"Chỉ tiêu {indicator.number}"
        hint = "Số nguyên từ 0 trở lên, cộng dồn từ 01/01."
        if indicator.kind is Kind.RATIO:
            numerator, denominator = indicator.fields[0], indicator.fields[-1]
            if fdef.code == numerator.code:
                hint += f" Không lớn hơn mẫu số ({denominator.code})."
        elif indicator.kind is Kind.BREAKDOWN and fdef.code != indicator.fields[0].code:
            hint += f" Các phần cộng lại bằng tổng số ({indicator.fields[0].code})."
    unit = fdef.unit or (indicator.unit if indicator else "")
    text = f"{fdef.label}" + (f" ({unit})" if unit else "") + f". {hint}"
    return title[:PROMPT_TITLE_LIMIT], text[:PROMPT_LIMIT]


def build_form(ind_set: IndicatorSet, path: Path, options: FormOptions | None = None) -> None:
    """Write the form for `ind_set` to `path` (.xlsx), pre-filled as `options` says."""
    form_workbook(ind_set, options).save(path)


def retarget(wb: Workbook, unit: str) -> None:
    """Make a form built for one unit (`unit=…, units=(unit,)`) the form of `unit` instead: the
    same workbook is saved once per unit, rather than built again for each."""
    wb["Báo cáo"][value_cell("Đơn vị")].value = _unit_text(unit) or None
    wb["Danh sách"].cell(1, 1, _unit_text(unit))


def unit_prompt(options: FormOptions) -> tuple[str, str]:
    """The unit cell's input and error messages: a blank form's asks to choose; a unit's own
    form's says the name is written in (was: 'Chọn tên đơn vị' on a name already there), and,
    where its list holds that name alone, whom to tell if the form is another unit's."""
    choose = "(bấm mũi tên bên phải ô)"
    if options.unit is None:
        return f"Chọn tên đơn vị trong danh sách {choose}.", "Chọn tên đơn vị trong danh sách."
    if len(options.units) > 1:
        said = f"Tên đơn vị đã ghi sẵn; nếu chưa đúng, chọn tên khác trong danh sách {choose}."
        return said, "Chọn tên đơn vị trong danh sách."
    where = options.send_to or "nơi nhận báo cáo"
    said = f"Tên đơn vị đã ghi sẵn. Nếu không phải đơn vị mình, đề nghị báo lại {where}."
    return said, said


def period_prompt(word: str, written: bool) -> str:
    """The period cell's input message: choose the quarter (month), or, written in, check it."""
    choose = "trong danh sách (bấm mũi tên bên phải ô)"
    if written:
        return f"Kỳ báo cáo ({word}) đã ghi sẵn; nếu chưa đúng, chọn {word} khác {choose}."
    return f"Chọn {word} báo cáo {choose}."


def _unit_text(unit: str | None) -> str:
    """A unit's name as the form writes it, in its name cell and its list of names."""
    return printable(unit or "")


def form_workbook(ind_set: IndicatorSet, options: FormOptions | None = None) -> Workbook:
    """The form for `ind_set`, pre-filled as `options` says."""
    from openpyxl import Workbook

    options = options or FormOptions()
    wb = Workbook()
    describe(
        wb, f"Biểu mẫu báo cáo kết quả thực hiện Đề án 5299 năm {ind_set.year}", options.send_to
    )
    ws = wb.worksheets[0]
    ws.title = "Báo cáo"
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[chr(64 + i)].width = width
    _title_and_header(ws, ind_set, options)
    if options.units:
        lists = wb.create_sheet("Danh sách")
        for i, name in enumerate(options.units, start=1):
            lists.cell(i, 1, _unit_text(name))
        lists.sheet_state = "hidden"
        prompt, error = unit_prompt(options)
        _validate(
            ws, value_cell("Đơn vị"), "list", formula1=f"'Danh sách'!$A$1:$A${len(options.units)}",
            title="Đơn vị", error=error, prompt=prompt,
        )  # fmt: skip
    _table(ws, ind_set)
    ws.protection.sheet = True  # labels and codes locked; no password
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.freeze_panes = f"A{TABLE_HEAD_ROW + 1}"
    a4_print_setup(ws, orientation="portrait", title_rows=f"{TABLE_HEAD_ROW}:{TABLE_HEAD_ROW}")
    ws.page_margins.left = ws.page_margins.right = 0.5
    guide = wb.create_sheet("Hướng dẫn", 1)
    guide.column_dimensions["A"].width = 110
    guided = instructions(options.send_to, options.quarter, options.unit is not None)
    for i, line in enumerate(guided, start=1):
        guide.cell(i, 1, line).font = _font(bold=i == 1)
    wb.active = 0
    return wb


def _font(*, bold: bool = False, size: int = 12) -> Font:
    from openpyxl.styles import Font

    return Font(name="Times New Roman", bold=bold, size=size)


def _validate(
    ws: Worksheet,
    cells: str,
    kind: Literal["whole", "list", "date"],
    *,
    title: str,
    error: str,
    prompt: str,
    formula1: str,
    formula2: str | None = None,
    operator: Literal["between", "greaterThanOrEqual"] | None = None,
) -> None:
    """A data validation with both an input message (shown on selecting) and an error message."""
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(
        type=kind,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=title[:PROMPT_TITLE_LIMIT],
        error=error[:PROMPT_LIMIT],
        showInputMessage=True,
        promptTitle=title[:PROMPT_TITLE_LIMIT],
        prompt=prompt[:PROMPT_LIMIT],
        formula1=formula1,
        formula2=formula2,
        operator=operator,
    )
    dv.add(cells)
    ws.add_data_validation(dv)


def _title_and_header(ws: Worksheet, ind_set: IndicatorSet, options: FormOptions) -> None:
    from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side

    ws["A1"] = f"BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299 NĂM {ind_set.year}"
    ws["A1"].font = _font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A1:F1")
    quarter, choices = _periods(ind_set.year, options.quarter)
    values: list[CellValue] = [
        _unit_text(options.unit) or None,
        ind_set.year,
        quarter,
        options.as_of,
        None,
        None,
    ]
    thin = Side(style="thin")
    for offset, (label, value) in enumerate(zip(HEADER_ROWS, values, strict=True)):
        r = FIRST_HEADER_ROW + offset
        ws.cell(r, 2, label).font = _font(bold=True)
        cell = ws.cell(r, 3, value)
        cell.font = _font()
        cell.protection = Protection(locked=False)
        cell.fill = PatternFill("solid", fgColor="FFF9E5")
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
    ws[value_cell("Tính đến ngày")].number_format = "dd/mm/yyyy"
    ws[value_cell("Số điện thoại")].number_format = "@"  # a phone number keeps its leading zero
    _validate(
        ws, value_cell("Năm"), "whole", operator="between", formula1=str(FIRST_YEAR), formula2=str(LAST_YEAR),
        title="Năm", error="Năm không hợp lệ.", prompt="Năm báo cáo, ví dụ 2024.",
    )  # fmt: skip
    _validate(
        ws, value_cell("Kỳ báo cáo"), "list", formula1='"' + ",".join(choices) + '"', title="Kỳ báo cáo",
        error=f"Chọn {', '.join(choices[:-1])} hoặc {choices[-1]}.",
        prompt=period_prompt("quý" if choices is QUARTERS else "tháng", quarter is not None),
    )  # fmt: skip
    _validate(
        ws, value_cell("Tính đến ngày"), "date", operator="between", formula1=f"DATE({FIRST_YEAR},1,1)",
        formula2=f"DATE({LAST_YEAR},12,31)", title="Tính đến ngày", error="Nhập ngày dạng ngày/tháng/năm.",
        prompt="Ngày chốt số liệu, dạng ngày/tháng/năm, ví dụ 30/9/2024.",
    )  # fmt: skip


def _table(ws: Worksheet, ind_set: IndicatorSet) -> None:
    from openpyxl.styles import Alignment, Border, PatternFill, Protection, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for c, (title, _) in enumerate(COLUMNS, start=1):
        cell = ws.cell(TABLE_HEAD_ROW, c, title)
        cell.font = _font(bold=True)
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sections: list[tuple[str, Indicator | None, list[tuple[FieldDef, str]]]] = [
        (f"Chỉ tiêu {ind.number}: {ind.title}", ind, [(f, ind.unit) for f in ind.fields])
        for ind in ind_set.indicators
    ]
    if ind_set.general_fields:  # the set's general figures (none for some campaigns)
        general = [(f, f.unit or "") for f in ind_set.general_fields]
        sections.append((ind_set.general_title, None, general))
    r = TABLE_HEAD_ROW + 1
    for number, (title, indicator, fields) in enumerate(sections, start=1):
        row: list[CellValue] = [number, title, None, None, None, None]
        _row(ws, r, row, border, bold=True)
        r += 1
        for sub, (fdef, unit_name) in enumerate(fields, start=1):
            _row(ws, r, [f"{number}.{sub}", fdef.label, fdef.code, unit_name, None, None], border)
            value = ws.cell(r, 5)
            value.protection = Protection(locked=False)
            value.fill = PatternFill("solid", fgColor="FFF9E5")
            value.number_format = "#,##0"
            ws.cell(r, 6).protection = Protection(locked=False)
            title_text, prompt = prompt_of(indicator, fdef)
            _validate(
                ws, value.coordinate, "whole", operator="greaterThanOrEqual", formula1="0",
                title=title_text, prompt=prompt,
                error="Nhập số nguyên từ 0 trở lên (không nhập chữ, dấu % hay số thập phân).",
            )  # fmt: skip
            r += 1


def _row(
    ws: Worksheet, r: int, values: list[CellValue], border: Border, *, bold: bool = False
) -> None:
    """One table row, its height grown for the wrapped label (openpyxl does not do it)."""
    from openpyxl.styles import Alignment

    for c, value in enumerate(values, start=1):
        cell = ws.cell(r, c, value)
        cell.font = _font(bold=bold)
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    label = str(values[1])
    width = COLUMNS[1][1]
    ws.row_dimensions[r].height = 16 * max(1, -(-len(label) * 11 // (width * 10))) + 2
