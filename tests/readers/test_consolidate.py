"""One level up: a lower office's summary is that office's row; exports read by their labels."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicator_sets import library_of
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.settings import load_settings
from dean5299_cli.folder import validate_folder
from dean5299_cli.readers.layout import parse_consolidated_sheet
from dean5299_cli.readers.workbook import Grid
from dean5299_cli.sample_tables import write_export
from tests.helpers import SETTINGS, VALUES_2023, make_workspace, submit

PROVINCE = """parent_body: TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH
issuing_body: BCH TỈNH ĐOÀN BÌNH ĐỊNH
issuer_symbol: TĐTN
place: Bình Định
level: tỉnh
signer: {on_behalf: TM. BAN THƯỜNG VỤ TỈNH ĐOÀN, title: BÍ THƯ, name: Nguyễn Văn A}
recipients: [Lưu VP.]
units:
UNITS
submissions: bao-cao
"""
AN_NHON = (
    SETTINGS.replace("BCH ĐOÀN HUYỆN TUY PHƯỚC", "BCH ĐOÀN THỊ XÃ AN NHƠN")
    .replace("place: Tuy Phước", "place: An Nhơn\narea: thị xã")
    .replace("Xã Phước Sơn", "Phường Bình Định")
    .replace("Phước Sơn:", "Phường Bình Định:")
    .replace("  - name: Thị trấn Diêu Trì\n    aliases: [TT Diêu Trì]\n", "")
    .replace("Xã Phước Hòa", "Xã Nhơn An")
)


def _scaled(k: int) -> dict[str, int]:
    return {code: value * k for code, value in VALUES_2023.items()}


def _district(root: Path, settings: str, units: dict[str, int], cli) -> Path:
    folder = make_workspace(root, settings)
    for i, (unit, k) in enumerate(units.items()):
        submit(folder, f"u{i}.xlsx", unit=unit, values=_scaled(k))
    out = root / "tong-hop.xlsx"
    result = cli("summary", "-o", str(out), "--year", "2023", "--quarter", "4", cwd=root)
    assert result.exit_code == 0, result.output
    return out


def test_district_summaries_at_province_level_equal_the_sum_of_their_communes(tmp_path, cli):
    tuy_phuoc = {"Xã Phước Sơn": 1, "Thị trấn Diêu Trì": 2, "Xã Phước Hòa": 3}
    an_nhon = {"Phường Bình Định": 5, "Xã Nhơn An": 7}
    first = _district(tmp_path / "tp", SETTINGS, tuy_phuoc, cli)
    second = _district(tmp_path / "an", AN_NHON, an_nhon, cli)
    province = tmp_path / "tinh"
    folder = make_workspace(
        province, PROVINCE.replace("UNITS", "  - Huyện Tuy Phước\n  - Thị xã An Nhơn\n  - Huyện Vân Canh")
    )
    shutil.copy(first, folder / "tuy-phuoc.xlsx")
    shutil.copy(second, folder / "an-nhon.xlsx")
    loaded = load_settings(province / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    assert sorted(s.unit for s in report.current) == ["Huyện Tuy Phước", "Thị xã An Nhơn"]
    assert report.missing_units == ["Huyện Vân Canh"]
    assert not [p for p in report.problems if p.code == "unknown-unit"]
    figures = compute_figures(report, load_set(2023), loaded.settings)
    k = sum(tuy_phuoc.values()) + sum(an_nhon.values())  # 1+2+3+5+7 = 18
    assert figures.totals["ct1"] == 450 * 18 == 450 * k
    for code, value in VALUES_2023.items():
        assert figures.totals[code] == value * k, code


def office_report(tmp_path: Path, sheets: dict[str, Sequence[Sequence[object]]]):
    """The province's quý IV 2023 validation of a folder holding Đoàn khối X's summary workbook
    `khoi.xlsx` (one sheet per entry of `sheets`, rows as given) and Xã Y's form."""
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(folder / "khoi.xlsx")
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(tmp_path / "don-vi.yaml")
    return validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )


def _grid(*rows: list[object], above: list[list[object]] | None = None) -> Grid:
    head = ["STT", "Đơn vị", "ct1", "ct2"]
    return Grid("Tổng hợp", [*(above or []), head, *[list(r) for r in rows]])


def _save(grid: Grid, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = grid.name
    for row in grid.rows:
        ws.append(row)
    wb.save(path)


def test_units_whose_names_begin_like_a_total_are_kept():
    grid = _grid(
        [1, "Xã Công Hải", 5, 1],
        [2, "Công Hải", 7, 2],
        [3, "Tống Trân", 11, 3],
        [4, "Tổng Cộng", 23, 6],
    )
    subs = parse_consolidated_sheet(grid)
    assert [s.unit.value for s in subs] == ["Xã Công Hải", "Công Hải", "Tống Trân"]
    assert [s.values["ct1"].value for s in subs] == [5, 7, 11]


def test_total_rows_by_whole_label_or_by_sum():
    for label in ("Cộng", "Tổng số", "Toàn tỉnh", "TOÀN HUYỆN", "Tổng cộng toàn xã", "Toàn Đoàn khối"):
        subs = parse_consolidated_sheet(_grid([1, "A", 1, 2], [2, "B", 3, 4], ["", label, 4, 6]))
        assert [s.unit.value for s in subs] == ["A", "B"], label
    unlabelled = parse_consolidated_sheet(
        _grid([1, "A", 1, 2], [2, "B", 3, 4], [3, "C", 0, 1], ["", "Huyện X", 4, 7])
    )
    assert [s.unit.value for s in unlabelled] == ["A", "B", "C"]
    not_a_sum = parse_consolidated_sheet(_grid([1, "A", 1, 2], [2, "B", 3, 4], [3, "C", 4, 5]))
    assert [s.unit.value for s in not_a_sum] == ["A", "B", "C"]


def test_an_office_summary_without_a_total_row_is_the_sum_of_its_rows():
    above = [["", "Đơn vị báo cáo", "Đoàn xã Cát Tiến"], ["", "Năm", 2023]]
    subs = parse_consolidated_sheet(
        _grid([1, "Chi đoàn thôn Chánh Thắng", 4, "1.200"], [2, "CĐ thôn Trung Bình", 6, 30], above=above)
    )
    assert len(subs) == 1
    office = subs[0]
    assert office.unit.value == "Đoàn xã Cát Tiến" and office.year.value == 2023
    assert office.values["ct1"].value == 10 and office.values["ct1"].cell == "C4:C5"
    assert office.values["ct2"].value == 1230  # "1.200" read the Vietnamese way


def test_an_office_summary_whose_total_row_is_not_the_sum_of_its_rows_says_so():
    above = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2026]]
    rows = ([1, "Chi đoàn A", 36, 63], [2, "Chi đoàn B", 36, 55], [3, "Chi đoàn C", 50, 41])
    (right,) = parse_consolidated_sheet(_grid(*rows, ["", "Tổng cộng", 122, 159], above=above))
    assert right.values["ct1"].value == 122 and right.notes == ()
    # a chi đoàn's row edited (ct2: 63 → 163), the typed total left as it was
    edited = ([1, "Chi đoàn A", 36, 163], *rows[1:])
    (office,) = parse_consolidated_sheet(_grid(*edited, ["", "Tổng cộng", 122, 159], above=above))
    assert office.values["ct2"].value == 159 and office.values["ct2"].cell == "D7"
    (note,) = office.notes
    assert (note.code, note.cell) == ("total-row-differs", "D7")
    assert note.params == {
        "found_code": "ct2",
        "total": "159",
        "added": "259",
        "rows": "D4:D6",
        "rows_where": "phía trên",
    }


def test_a_total_row_above_its_rows_is_not_said_to_be_below_them(tmp_path):
    # Was: 'cộng các dòng phía trên (D5:D6)' for a total row typed first, above its rows.
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    above = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
    grid = _grid(["", "Tổng cộng", 10, 2], [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], above=above)
    _save(grid, folder / "khoi.xlsx")
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    (found,) = [p for p in report.problems if p.code == "total-row-differs"]
    assert (found.file, found.cell) == ("khoi.xlsx", "D5")
    assert found.message == (
        'Dòng tổng cộng ghi 2 cho mã "ct2", nhưng cộng các dòng phía dưới (D6:D7) được 3: không '
        "biết số nào đúng. Hãy sửa cho khớp rồi gửi lại."
    )
    assert [s.unit for s in report.current] == ["Xã Y"]


def test_a_total_row_that_is_not_the_sum_leaves_the_office_out_with_its_cell(tmp_path):
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    above = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
    grid = _grid([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], ["", "Tổng cộng", 10, 2], above=above)
    _save(grid, folder / "khoi.xlsx")
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    (found,) = [p for p in report.problems if p.code == "total-row-differs"]
    assert (found.file, found.sheet, found.cell, found.unit) == ("khoi.xlsx", "Tổng hợp", "D7", "Đoàn khối X")
    assert found.message == (
        'Dòng tổng cộng ghi 2 cho mã "ct2", nhưng cộng các dòng phía trên (D5:D6) được 3: không '
        "biết số nào đúng. Hãy sửa cho khớp rồi gửi lại."
    )
    assert [s.unit for s in report.current] == ["Xã Y"]  # not counted by one figure or the other


def test_several_total_rows_that_differ_leave_the_office_out(tmp_path):
    """Every row labelled `Tổng cộng`, or a second total typed below the first (was: the first
    such row taken as the office's figures, silently: a chi đoàn's 4 for the office's 10)."""
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    above = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
    every = _grid(
        [1, "Tổng cộng", 4, 1], [2, "Tổng cộng", 6, 1], ["", "Tổng cộng", 10, 2], above=above
    )
    _save(every, folder / "khoi.xlsx")
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    found = [(p.cell, p.unit, p.message) for p in report.problems if p.code == "total-rows-differ"]
    assert found == [
        (
            "C5",
            "Đoàn khối X",
            'Bảng có 3 dòng tổng cộng ghi khác nhau cho mã "ct1" (ô C5: 4; ô C6: 6; ô C7: 10): '
            "không biết dòng nào đúng. Hãy để lại một dòng tổng cộng đúng rồi gửi lại.",
        ),
        (
            "D5",
            "Đoàn khối X",
            'Bảng có 3 dòng tổng cộng ghi khác nhau cho mã "ct2" (ô D5: 1; ô D6: 1; ô D7: 2): '
            "không biết dòng nào đúng. Hãy để lại một dòng tổng cộng đúng rồi gửi lại.",
        ),
    ]
    assert [s.unit for s in report.current] == ["Xã Y"]
    # the total typed twice, the same: one total, the office counted
    twice = _grid(
        [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 1], ["", "Tổng cộng", 10, 2],
        ["", "Cộng", 10, 2], above=above,
    )  # fmt: skip
    (office,) = parse_consolidated_sheet(twice)
    assert office.notes == () and office.values["ct1"].value == 10


def test_a_total_cell_with_an_error_result_is_named_as_such_not_as_zero(tmp_path):
    """(was: `Dòng tổng cộng ghi 0 cho mã "ct2"` beside the error: the cell reads blank.)"""
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    above = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
    grid = _grid([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], ["", "Tổng cộng", 10, "#REF!"], above=above)
    _save(grid, folder / "khoi.xlsx")  # openpyxl writes "#REF!" as an error cell
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    found = [(p.code, p.cell) for p in report.problems if p.file == "khoi.xlsx" and p.severity.value == "error"]
    assert found == [("formula-error", "D7")]
    assert [s.unit for s in report.current] == ["Xã Y"]


def test_a_total_labelled_in_the_number_column_is_the_total_not_a_unit_added_to_it():
    """`Tổng cộng` typed in the STT column (or merged over STT and name), the name cell blank:
    was read as a unit without a name and added to the rows it totals, the office's 10 counted
    as 20 without a word when the total differed from its rows in one figure."""
    above = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2026]]
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 1])
    (office,) = parse_consolidated_sheet(_grid(*rows, ["Tổng cộng", None, 10, 3], above=above))
    assert office.values["ct1"].value == 10 and office.values["ct1"].cell == "C6"
    (note,) = office.notes
    assert (note.code, note.cell, note.params["total"], note.params["added"]) == (
        "total-row-differs",
        "D6",
        "3",
        "2",
    )
    (right,) = parse_consolidated_sheet(_grid(*rows, ["TỔNG CỘNG:", "", 10, 2], above=above))
    assert right.values["ct2"].value == 2 and right.notes == ()


def test_a_row_cell_that_is_no_count_under_a_total_row_is_named_not_passed_over(tmp_path):
    """A chi đoàn's -83 (or "0,500") under a total typed to match it: the total was taken
    silently; without a total row the same cell was already an error at its cell."""
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    above = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
    grid = _grid(
        [1, "Chi đoàn A", -4, 1], [2, "Chi đoàn B", 6, "0,500"], ["", "Tổng cộng", 2, 501], above=above
    )
    _save(grid, folder / "khoi.xlsx")
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    found = [(p.code, p.cell) for p in report.problems if p.file == "khoi.xlsx" and p.severity.value == "error"]
    assert found == [("negative-value", "C5"), ("not-an-integer", "D6")]
    (negative,) = [p for p in report.problems if p.code == "negative-value"]
    assert (negative.unit, negative.message) == (
        "Đoàn khối X",
        "Giá trị -4 của Số ĐVTN mở tài khoản sử dụng dịch vụ công (ct1) là số âm. Số liệu phải "
        "từ 0 trở lên.",
    )
    assert [s.unit for s in report.current] == ["Xã Y"]


def test_an_export_is_read_by_its_column_titles(tmp_path):
    province = tmp_path / "tinh"
    folder = make_workspace(
        province, PROVINCE.replace("UNITS", "  - Xã Cát Tân\n  - Xã Cát Tấn\n  - Phường Quy Nhơn")
        + "export_columns: {'Số tổ CNS': to_cns}\n"
    )
    ind_set = load_set(2024)
    def values(base: int) -> dict[str, int]:
        data = {code: base + i for i, code in enumerate(ind_set.field_codes)}
        data["ct8_tong"] = data["ct8_da_kich_hoat"] + data["ct8_cho_duyet"]
        return data

    rows = [("Xã Cát Tân", values(10)), ("Xã Cát Tấn", values(100))]
    write_export(
        folder / "xuat-he-thong.xlsx",
        ind_set,
        rows,
        title="KẾT QUẢ THỰC HIỆN CHỈ TIÊU QUÝ II NĂM 2024 (xuất từ hệ thống)",
        titles={"to_cns": "Số tổ CNS"},
        total_label="Tổng cộng",
    )
    loaded = load_settings(province / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2024, quarter=2, indicator_sets=library_of(loaded)
    )
    assert not [p for p in report.problems if p.code == "no-data-table"]
    by_unit = {s.unit: s.values for s in report.current}
    assert set(by_unit) == {"Xã Cát Tân", "Xã Cát Tấn"}
    assert by_unit["Xã Cát Tân"]["ct1_tu"] == 10 and by_unit["Xã Cát Tấn"]["ct1_tu"] == 100
    assert by_unit["Xã Cát Tấn"]["to_cns"] == 100 + ind_set.field_codes.index("to_cns")
    assert report.missing_units == ["Phường Quy Nhơn"]


def test_labels_two_fields_share_are_not_guessed_and_settings_titles_win():
    from dean5299_cli.core.indicator_sets import label_map

    labels = label_map(
        [("ct1", "Số hồ sơ"), ("ct2", "Số hồ sơ"), ("ct3", "Số hộ gia đình")],
        {"Hộ GĐ được hỗ trợ": "ct3", "số hồ sơ": "ct1"},
    )
    assert labels == {"so ho gia dinh": "ct3", "ho gd duoc ho tro": "ct3", "so ho so": "ct1"}


def test_the_newest_set_whose_labels_fit_is_used_for_an_export():
    old = {"so ho so truc tuyen": "ct5", "so tai khoan": "ct1"}
    new = {"so ho so truc tuyen": "ct3", "so tai khoan": "ct1_mau"}
    grid = Grid(
        "Sheet1",
        [
            ["BÁO CÁO KẾT QUẢ QUÝ 2 NĂM 2024"],
            ["STT", "Tên đơn vị", "Số hồ sơ trực tuyến", "Số tài khoản"],
            [1, "Xã Cát Tân", 12, 30],
        ],
    )
    (sub,) = parse_consolidated_sheet(grid, [new, old])
    assert set(sub.values) == {"ct3", "ct1_mau"}
    assert (sub.year.value, sub.quarter.value, sub.year.cell) == (2024, "Quý 2", "A1")
    assert sub.values["ct3"].cell == "C3" and sub.consolidated


def test_a_summary_workbook_with_a_sheet_a_quarter_gives_the_sheet_of_the_quarter(tmp_path):
    """A Đoàn khối keeping each quarter's summary on its own sheet, quý III first: only the first
    summary sheet was read, so its quý III figures were taken for the workbook, the office was
    "gửi nhầm … là báo cáo quý III" and the quý IV sheet beside them never read. Every summary
    sheet is read now and the judge chooses by period, as among forms."""
    sheets = {
        quarter: (
            ["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", quarter],
            ["STT", "Đơn vị", "ct1", "ct2"], *rows,
        )
        for quarter, rows in (
            ("Quý III", ([1, "Chi đoàn A", 3, 1], [2, "Chi đoàn B", 4, 1], ["", "Tổng cộng", 7, 2])),
            ("Quý IV", ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], ["", "Tổng cộng", 10, 3])),
        )
    }  # fmt: skip
    report = office_report(tmp_path, sheets)
    (khoi,) = [s for s in report.current if s.unit == "Đoàn khối X"]
    assert (khoi.sheet, khoi.values["ct1"], khoi.values["ct2"]) == ("Quý IV", 10, 3)
    assert [s.unit for s in report.history] == ["Đoàn khối X"]  # quý III: for comparison only
    assert [p.code for p in report.problems if p.severity.value == "error"] == []
