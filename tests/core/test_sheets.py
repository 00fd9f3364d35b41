"""A unit's workbook with several `Mã` / `Số liệu` sheets: each sheet judged as a file is (its
period placed, copies of one period compared), never the first one taken silently."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from dean5299_cli.core.problems import Severity
from dean5299_cli.core.reminders import build_reminders, render
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.status import UnitState
from dean5299_cli.duplicates import newer_copies_only
from dean5299_cli.folder import validate_folder
from tests.helpers import VALUES_2023, make_workspace, submit


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _run(folder: Path, **kw: Any):
    loaded = load_settings(folder.parent / "don-vi.yaml")
    return validate_folder(folder, settings=loaded.settings, keep_reading=True, **kw), loaded


def _label_value(ws: Worksheet, label: str):
    """The cell right of a header label (`Kỳ báo cáo`, `Tính đến ngày`)."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().rstrip(":") == label:
                return ws.cell(cell.row, cell.column + 1)
    raise AssertionError(label)


def _set_code(ws: Worksheet, code: str, value: int) -> None:
    """The figure of a field code in the `Mã` / `Số liệu` table."""
    head = next(r for r in ws.iter_rows() if any(c.value == "Mã" for c in r))
    code_col = next(c.column for c in head if c.value == "Mã")
    value_col = next(c.column for c in head if c.value == "Số liệu")
    for r in range(head[0].row + 1, ws.max_row + 1):
        if ws.cell(r, code_col).value == code:
            ws.cell(r, value_col).value = value
            return
    raise AssertionError(code)


def _add_sheet(
    path: Path,
    title: str,
    *,
    first: bool = False,
    quarter: str | None = None,
    as_of: str | None = None,
    **figures: int,
) -> None:
    """A copy of the workbook's report sheet, as a unit adds one (last quarter's, a corrected
    copy), with its period, date and figures changed as given."""
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb.worksheets[0])
    copy.title = title
    if quarter is not None:
        _label_value(copy, "Kỳ báo cáo").value = quarter
    if as_of is not None:
        _label_value(copy, "Tính đến ngày").value = as_of
    for code, value in figures.items():
        _set_code(copy, code, value)
    if first:
        wb.move_sheet(copy, offset=-(len(wb.worksheets) - 1))
    wb.save(path)


def _of(report, file: str, *codes: str):
    return [
        (p.code, p.sheet, p.message)
        for p in report.problems
        if p.file == file and (not codes or p.code in codes)
    ]


def test_earlier_quarter_sheet_first_this_quarters_sheet_is_counted(folder):
    """Last quarter's sheet kept first, this quarter's second: this quarter's is the unit's
    report, counted (was: the first sheet only, the unit told it sent quarter III)."""
    path = submit(folder, "ps.xlsx")
    _add_sheet(path, "Quý III", first=True, quarter="Quý III", as_of="25/09/2023", ct1=225)
    report, _ = _run(folder)
    ps = [s for s in report.current if s.unit == "Xã Phước Sơn"]
    assert [(s.sheet, s.quarter) for s in ps] == [("Báo cáo", 4)]
    assert ps[0].values == VALUES_2023 and ps[0].values["ct1"] == 450
    earlier = [s for s in report.history if s.unit == "Xã Phước Sơn"]
    assert [(s.sheet, s.quarter, s.values["ct1"]) for s in earlier] == [("Quý III", 3, 225)]
    assert "Xã Phước Sơn" not in report.missing_units
    assert not [p for p in report.problems if p.file == "ps.xlsx" and p.severity is Severity.ERROR]
    assert _of(report, "ps.xlsx", "earlier-sheet") == [
        (
            "earlier-sheet",
            "Quý III",
            'Trang "Quý III" là báo cáo quý III năm 2023 của đơn vị, kỳ trước kỳ đang tổng hợp '
            "(quý IV năm 2023): chỉ dùng để so sánh, không cộng vào tổng hợp.",
        )
    ]
    state = {s.unit: s.state for s in report.units}
    assert state["Xã Phước Sơn"] is UnitState.REPORTED
    entry = next(f for f in report.files if f.file == "ps.xlsx")
    assert (entry.unit, entry.year, entry.quarter, entry.units) == ("Xã Phước Sơn", 2023, 4, ())
    text = render(build_reminders(report))
    assert "[Xã Phước Sơn]" not in text  # counted: nothing to tell it, never "not sent"


_LATER = (
    "là báo cáo quý IV năm 2023 của đơn vị, kỳ sau kỳ đang tổng hợp (quý III năm 2023): đơn vị "
    "đã có báo cáo quý III năm 2023, nên không cộng vào tổng hợp, không kiểm tra ở kỳ này."
)


def _said(report, file: str):
    """What is said of a file, but the good news of its targets exceeded."""
    return [t for t in _of(report, file) if t[0] not in ("above-target", "far-above-target")]


def test_a_later_quarters_sheet_beside_this_quarters_is_set_aside_not_an_error(folder):
    """Quý III checked, the workbook also holding the unit's quý IV sheet: not this report,
    said once (was a period-mismatch error: the unit, though counted, told "sửa 1 lỗi" by
    validate and remind). Its figures are neither added nor checked (ct5 there is not a number)."""
    from dean5299_cli.core.validation_view import build_view

    path = submit(folder, "ps.xlsx", quarter=3)
    _add_sheet(path, "Quý IV", quarter="Quý IV", as_of="20/12/2023", ct1=999)
    wb = openpyxl.load_workbook(path)
    wb["Quý IV"]["E15"] = "khoảng 300"  # ct5: not a number
    wb.save(path)
    report, loaded = _run(folder, year=2023, quarter=3)
    ps = [s for s in report.current if s.unit == "Xã Phước Sơn"]
    assert [(s.sheet, s.quarter, s.values) for s in ps] == [("Báo cáo", 3, VALUES_2023)]
    assert _said(report, "ps.xlsx") == [("later-period", "Quý IV", f'Trang "Quý IV" {_LATER}')]
    assert [p for p in report.problems if p.file and p.severity is not Severity.INFO] == []
    assert {s.unit: s.state for s in report.units}["Xã Phước Sơn"] is UnitState.REPORTED
    entry = next(f for f in report.files if f.file == "ps.xlsx")
    assert (entry.status, entry.unit, entry.quarter) == ("ok", "Xã Phước Sơn", 3)
    view = build_view(report, loaded.settings)
    assert "Xã Phước Sơn" not in [a.who for a in view.actions]
    assert "[Xã Phước Sơn]" not in render(build_reminders(report))


def test_a_later_quarters_file_beside_this_quarters_is_set_aside_as_its_sheet_is(folder):
    """The same later report as a file of its own beside the unit's file of the period."""
    submit(folder, "ps-q3.xlsx", quarter=3)
    submit(folder, "ps-q4.xlsx", quarter=4, ct1=999)
    report, _ = _run(folder, year=2023, quarter=3)
    assert [(s.file, s.values["ct1"]) for s in report.current] == [("ps-q3.xlsx", 450)]
    assert _said(report, "ps-q4.xlsx") == [("later-period", "Báo cáo", f"Tệp này {_LATER}")]
    assert _said(report, "ps-q3.xlsx") == []
    assert [p for p in report.problems if p.file and p.severity is not Severity.INFO] == []


def test_a_later_quarters_report_alone_stays_a_period_mismatch(folder):
    """What the unit sent is not the report asked: the wrong file, an error, as before."""
    path = submit(folder, "ps.xlsx", quarter=4)
    _add_sheet(path, "Quý IV (2)", ct1=999)  # two sheets, both of the later quarter
    report, _ = _run(folder, year=2023, quarter=3)
    assert [s.unit for s in report.current] == []
    mismatch = "báo cáo quý IV năm 2023, không phải kỳ đang tổng hợp (quý III năm 2023)."
    assert _of(report, "ps.xlsx", "period-mismatch", "later-period") == [
        ("period-mismatch", "Báo cáo", f'Trang "Báo cáo" {mismatch}'),
        ("period-mismatch", "Quý IV (2)", f'Trang "Quý IV (2)" {mismatch}'),
    ]
    assert {s.unit: s.state for s in report.units}["Xã Phước Sơn"] is UnitState.WRONG_FILE


def test_another_unit_s_sheet_of_a_later_quarter_is_named_by_its_sheet(folder):
    """A workbook: Phước Sơn's sheet of the period (counted) and Phước Hòa's of a later
    quarter: the error names Phước Hòa's sheet, not the file (was: "Tệp báo cáo quý IV…", a
    file whose other sheet is counted)."""
    path = submit(folder, "gop.xlsx", quarter=3)
    _add_sheet(path, "Phước Hòa", quarter="Quý IV", as_of="20/12/2023")
    wb = openpyxl.load_workbook(path)
    _label_value(wb["Phước Hòa"], "Đơn vị").value = "Xã Phước Hòa"
    wb.save(path)
    report, _ = _run(folder, year=2023, quarter=3)
    assert [(s.unit, s.sheet) for s in report.current] == [("Xã Phước Sơn", "Báo cáo")]
    assert _of(report, "gop.xlsx", "period-mismatch") == [
        (
            "period-mismatch",
            "Phước Hòa",
            'Trang "Phước Hòa" báo cáo quý IV năm 2023, không phải kỳ đang tổng hợp '
            "(quý III năm 2023).",
        )
    ]
    assert {s.unit: s.state for s in report.units}["Xã Phước Hòa"] is UnitState.WRONG_FILE


def test_only_earlier_sheets_the_unit_is_told_which_sheet_it_sent(folder):
    """A workbook of last quarter's sheets only: the message names the sheet, not the file."""
    path = submit(folder, "ps.xlsx", quarter=3)
    _add_sheet(path, "Quý II", first=True, quarter="Quý II", as_of="25/06/2023")
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    report, _ = _run(folder)
    missing = [p for p in report.problems if p.code == "missing-unit" and p.unit == "Xã Phước Sơn"]
    assert [p.message for p in missing] == [
        "Đơn vị Xã Phước Sơn chưa có báo cáo quý IV năm 2023 dùng được: trang \"Báo cáo\" của tệp "
        '"ps.xlsx" là báo cáo quý III năm 2023.'
    ]


def test_two_identical_sheets_of_one_period_count_once(folder):
    path = submit(folder, "ps.xlsx")
    _add_sheet(path, "Báo cáo (2)")
    report, _ = _run(folder)
    ps = [s for s in report.current if s.unit == "Xã Phước Sơn"]
    assert [(s.sheet, s.values) for s in ps] == [("Báo cáo", VALUES_2023)]
    assert report.count(Severity.ERROR) == 0
    assert _of(report, "ps.xlsx", "identical-sheet", "duplicate-sheet") == [
        (
            "identical-sheet",
            "Báo cáo (2)",
            'Trang "Báo cáo (2)" trùng nội dung với trang "Báo cáo" của tệp này; chỉ tính một lần.',
        )
    ]


DIFFER = (
    'Đơn vị Xã Phước Sơn có 2 trang khác nhau cho cùng kỳ trong tệp này: "Báo cáo" và '
    '"Báo cáo (sửa)". Số liệu khác nhau (trang "Báo cáo" ↔ trang "Báo cáo (sửa)"): '
    "ct3_tu: 300 ↔ 350. Chưa tính vào tổng hợp: hãy giữ lại một trang đúng, xóa trang kia."
)


def test_two_differing_sheets_of_one_period_are_an_error_naming_both(folder):
    """Never a silent choice (was: the first sheet counted, 0 warnings): both sheets named,
    the unit left out until the clerk settles it, told apart by the date written in each."""
    path = submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 10))
    _add_sheet(path, "Báo cáo (sửa)", as_of="20/12/2023", ct3_tu=350)
    report, loaded = _run(folder)
    assert [s for s in report.current if s.unit == "Xã Phước Sơn"] == []
    assert ("Xã Phước Sơn", "ps.xlsx") in report.left_out
    assert _of(report, "ps.xlsx", "duplicate-sheet", "identical-sheet") == [
        ("duplicate-sheet", "Báo cáo", DIFFER),
        ("duplicate-sheet", "Báo cáo (sửa)", DIFFER),
    ]
    ps = next(c for c in build_reminders(report).cases if c.unit == "Xã Phước Sơn")
    assert [i.message for i in ps.errors] == [
        'Tệp có 2 trang báo cáo cùng kỳ với số liệu khác nhau: "Báo cáo" và "Báo cáo (sửa)". '
        "Khác nhau ở: Số tài khoản có phát sinh giao dịch thực tế (chỉ tiêu 3): "
        '300 (trang "Báo cáo"), 350 (trang "Báo cáo (sửa)"). Đề nghị đơn vị giữ lại một trang '
        "đúng, xóa trang kia rồi gửi lại."
    ]
    # --lay-moi-nhat: the sheet with the later date is kept, the other said, not the file
    again, _ = newer_copies_only(folder, report, loaded)
    ps_again = [s for s in again.current if s.unit == "Xã Phước Sơn"]
    assert [(s.file, s.sheet, s.values["ct3_tu"]) for s in ps_again] == [
        ("ps.xlsx", "Báo cáo (sửa)", 350)
    ]
    assert {k: v for k, v in ps_again[0].values.items() if k != "ct3_tu"} == {
        k: v for k, v in VALUES_2023.items() if k != "ct3_tu"
    }
    assert _of(again, "ps.xlsx", "sheet-set-aside", "duplicate-sheet") == [
        (
            "sheet-set-aside",
            None,
            'Không dùng trang "Báo cáo": bản cũ hơn của trang "Báo cáo (sửa)" (theo ngày ghi '
            "trong trang, --lay-moi-nhat).",
        )
    ]


def test_differing_sheets_with_one_date_stay_errors_under_lay_moi_nhat(folder):
    path = submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 20))
    _add_sheet(path, "Báo cáo (sửa)", ct3_tu=350)
    report, loaded = _run(folder)
    again, _ = newer_copies_only(folder, report, loaded)
    assert [s for s in again.current if s.unit == "Xã Phước Sơn"] == []
    assert [p.sheet for p in again.problems if p.code == "duplicate-sheet"] == [
        "Báo cáo",
        "Báo cáo (sửa)",
    ]


def test_lay_moi_nhat_sets_aside_a_sheet_of_a_file_not_its_earlier_quarter(folder, tmp_path):
    """An older copy that is one sheet of a workbook holding last quarter's too: that sheet is
    set aside, the earlier quarter stays for comparisons (was: the whole file)."""
    path = submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 10))
    _add_sheet(path, "Quý III", first=True, quarter="Quý III", as_of="25/09/2023", ct1=225)
    submit(folder, "ps-lan2.xlsx", as_of=dt.date(2023, 12, 20), ct1=460)
    report, loaded = _run(folder)
    assert [s for s in report.current if s.unit == "Xã Phước Sơn"] == []
    again, _ = newer_copies_only(folder, report, loaded)
    ps = [s for s in again.current if s.unit == "Xã Phước Sơn"]
    assert [(s.file, s.values["ct1"]) for s in ps] == [("ps-lan2.xlsx", 460)]
    earlier = [(s.file, s.sheet, s.values["ct1"]) for s in again.history]
    assert earlier == [("ps.xlsx", "Quý III", 225)]
    assert _of(again, "ps.xlsx", "sheet-set-aside", "skipped-file") == [
        (
            "sheet-set-aside",
            None,
            'Không dùng trang "Báo cáo": bản cũ hơn của "ps-lan2.xlsx" (--lay-moi-nhat).',
        )
    ]


def test_one_table_sheet_beside_an_instructions_sheet_is_unchanged(folder):
    path = submit(folder, "ps.xlsx")
    wb = openpyxl.load_workbook(path)
    guide = wb.create_sheet("Hướng dẫn", 0)
    for i, line in enumerate(("HƯỚNG DẪN ĐIỀN BIỂU MẪU", "Mã", "Số liệu: nhập số nguyên"), 1):
        guide.cell(i, 1, line)
    wb.save(path)
    report, _ = _run(folder)
    assert [(s.sheet, s.values) for s in report.current] == [("Báo cáo", VALUES_2023)]
    assert [p.code for p in report.problems if p.file == "ps.xlsx"] == [
        p.code for p in _run(_fresh(folder.parent.parent / "alone"))[0].problems if p.file
    ]
    entry = next(f for f in report.files if f.file == "ps.xlsx")
    assert (entry.unit, entry.quarter) == ("Xã Phước Sơn", 4)


def _fresh(root: Path) -> Path:
    """The same submission alone in a workbook of one sheet, for comparison."""
    folder = make_workspace(root)
    submit(folder, "ps.xlsx")
    return folder


def test_blank_copy_of_the_form_beside_the_filled_sheet_is_no_report(folder):
    path = submit(folder, "ps.xlsx")
    _add_sheet(path, "Mẫu trống", first=True, **dict.fromkeys(VALUES_2023, None))  # type: ignore[arg-type]
    report, _ = _run(folder)
    assert [(s.sheet, s.values) for s in report.current] == [("Báo cáo", VALUES_2023)]
    assert report.count(Severity.ERROR) == 0


def test_a_workbook_of_many_differing_copies_is_said_in_a_few_lines(folder):
    """A workbook of hundreds of differing copies of the form (was: each sheet's error named
    every sheet and every figure: 301 sheets printed 40.000 lines, 2.001 took 3 minutes,
    1,2 GB and 160 MB of text): the first sheets named and compared, the others counted."""
    from dean5299_cli.core.validation_view import build_view

    path = submit(folder, "ps.xlsx")
    wb = openpyxl.load_workbook(path)
    for i in range(7):
        copy = wb.copy_worksheet(wb.worksheets[0])
        copy.title = f"BC{i + 2}"
        _set_code(copy, "ct3_tu", 301 + i)
    wb.save(path)
    report, _ = _run(folder)
    assert [s for s in report.current if s.unit == "Xã Phước Sơn"] == []
    found = _of(report, "ps.xlsx", "duplicate-sheet")
    assert len(found) == 8
    assert {message for _, _, message in found} == {
        'Đơn vị Xã Phước Sơn có 8 trang khác nhau cho cùng kỳ trong tệp này: "Báo cáo", '
        '"BC2", "BC3", "BC4", "BC5" và 3 trang khác. Số liệu khác nhau (5 trang đầu: '
        'trang "Báo cáo" ↔ trang "BC2" ↔ trang "BC3" ↔ trang "BC4" ↔ trang "BC5"): '
        "ct3_tu: 300 ↔ 301 ↔ 302 ↔ 303 ↔ 304. Chưa tính vào tổng hợp: hãy giữ lại một "
        "trang đúng, xóa trang kia."
    }
    view = build_view(report, None)
    ps = next(a for a in view.actions if a.who == "Xã Phước Sơn")
    assert ps.text == (
        'có 8 trang khác nhau cho cùng kỳ trong một tệp ("Báo cáo", "BC2", "BC3", "BC4", '
        '"BC5" và 3 trang khác), không biết trang nào mới hơn: hỏi đơn vị trang nào đúng, '
        "giữ một trang"
    )
    group = next(g for g in view.groups if g.heading == 'Xã Phước Sơn — tệp "ps.xlsx"')
    assert [(d.where, d.code) for d in group.details] == [
        ("trang Báo cáo", "duplicate-sheet"),
        ("trang BC2", "duplicate-sheet"),
        ("", ""),
    ]
    assert group.details[2].message == "Như trên, cho 6 trang khác của tệp."
