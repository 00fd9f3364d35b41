"""A lower office's summary that leaves some of its member units out: counted as it is, and said."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicator_sets import library_of
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.settings import load_settings
from dean5299_cli.folder import validate_folder
from dean5299_cli.readers.files import read_file
from dean5299_cli.readers.layout import parse_consolidated_sheet
from dean5299_cli.readers.workbook import Grid
from tests.helpers import SETTINGS, VALUES_2023, make_workspace, submit

ROOT = Path(__file__).resolve().parents[2]
PROVINCE = """parent_body: TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH
issuing_body: BCH TỈNH ĐOÀN BÌNH ĐỊNH
issuer_symbol: TĐTN
place: Bình Định
level: tỉnh
signer: {on_behalf: TM. BAN THƯỜNG VỤ TỈNH ĐOÀN, title: BÍ THƯ, name: Nguyễn Văn A}
recipients: [Lưu VP.]
units:
  - Huyện Tuy Phước
  - Xã Y
submissions: bao-cao
report: {number: "3", date: 2023-12-20}
"""
PARTIAL = (
    "Số liệu của bảng tổng hợp này chỉ gồm 1/3 đơn vị trực thuộc; chưa có: Thị trấn Diêu Trì "
    "(số liệu chưa hợp lệ), Xã Phước Hòa (chưa báo cáo). Vẫn tính vào tổng hợp theo số liệu của "
    "bảng; khi đơn vị có đủ số liệu của các đơn vị trực thuộc, đề nghị đơn vị gửi lại bảng tổng "
    "hợp."
)


def _district_summary(root: Path, cli, *, complete: bool = False) -> Path:
    """The district's own `summary`: Phước Sơn counted, Diêu Trì's file wrong (a numerator above
    its denominator), Phước Hòa sent nothing (unless `complete`)."""
    folder = make_workspace(root, SETTINGS)
    submit(folder, "ps.xlsx", unit="Xã Phước Sơn")
    wrong = {**VALUES_2023} if complete else {**VALUES_2023, "ct3_tu": 500}
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì", values=wrong)
    if complete:
        submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    out = root / "tong-hop.xlsx"
    cli("summary", "-o", str(out), "--year", "2023", "--quarter", "4", cwd=root)
    assert out.exists()
    return out


def _province(root: Path, summary: Path):
    folder = make_workspace(root, PROVINCE)
    shutil.copy(summary, folder / "tuy-phuoc.xlsx")
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(root / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    return loaded, report


def test_a_district_summary_leaving_units_out_is_counted_as_it_is_and_said(tmp_path, cli):
    summary = _district_summary(tmp_path / "huyen", cli)
    loaded, report = _province(tmp_path / "tinh", summary)
    (found,) = [p for p in report.problems if p.code == "partial-summary"]
    assert (found.severity.value, found.file, found.sheet, found.cell, found.unit) == (
        "warning",
        "tuy-phuoc.xlsx",
        "Tổng hợp",
        "B14",  # the summary's total row: where the office's figures are read
        "Huyện Tuy Phước",
    )
    assert found.message == PARTIAL
    # the figures are the district's own, counted whole: Phước Sơn's and Xã Y's
    assert sorted(s.unit for s in report.current) == ["Huyện Tuy Phước", "Xã Y"]
    figures = compute_figures(report, load_set(2023), loaded.settings)
    assert figures.totals["ct1"] == 450 * 2 and figures.totals["ct3_tu"] == 300 * 2


def test_validate_lists_the_partial_summary_and_report_says_it_but_not_in_the_report(
    tmp_path, cli
):
    summary = _district_summary(tmp_path / "huyen", cli)
    province = tmp_path / "tinh"
    make_workspace(province, PROVINCE)
    shutil.copy(summary, province / "bao-cao" / "tuy-phuoc.xlsx")
    submit(province / "bao-cao", "y.xlsx", unit="Xã Y")
    shown = cli("validate", "--year", "2023", "--quarter", "4", cwd=province)
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.output.split())
    assert (
        "Huyện Tuy Phước — kiểm tra 1 cảnh báo: ô B14 (chỉ gồm 1/3 đơn vị trực thuộc)" in flat
    )
    assert " ".join(PARTIAL.split()) in flat
    out = province / "bc.docx"
    made = cli("report", "--year", "2023", "--quarter", "4", "-o", str(out), cwd=province)
    assert made.exit_code == 0, made.output
    said = " ".join(made.output.split())
    assert (
        "Tính vào tổng hợp nhưng chưa đủ đơn vị trực thuộc: 1 đơn vị (chi tiết: `dean5299 "
        'validate`): Huyện Tuy Phước (tệp "tuy-phuoc.xlsx") — số liệu chỉ gồm 1/3 đơn vị trực '
        "thuộc; chưa có: Thị trấn Diêu Trì (số liệu chưa hợp lệ), Xã Phước Hòa (chưa báo cáo)"
    ) in said
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "Diêu Trì" not in text and "trực thuộc; chưa có" not in text


def test_the_unit_is_reminded_to_send_its_summary_again_when_complete(tmp_path, cli):
    summary = _district_summary(tmp_path / "huyen", cli)
    province = tmp_path / "tinh"
    make_workspace(province, PROVINCE)
    shutil.copy(summary, province / "bao-cao" / "tuy-phuoc.xlsx")
    submit(province / "bao-cao", "y.xlsx", unit="Xã Y")
    out = province / "nhac.txt"
    made = cli("remind", "--year", "2023", "--quarter", "4", "-o", str(out), cwd=province)
    assert made.exit_code == 0, made.output
    text = out.read_text(encoding="utf-8")
    assert (
        '[Huyện Tuy Phước] Báo cáo Đề án 5299 quý IV năm 2023 (tệp "tuy-phuoc.xlsx"): đã nhận, '
        'đề nghị kiểm tra lại:\n- Trang "Tổng hợp", ô B14: Bảng tổng hợp của đơn vị chỉ gồm số '
        "liệu của 1/3 đơn vị trực thuộc; chưa có: Thị trấn Diêu Trì (số liệu chưa hợp lệ), Xã "
        "Phước Hòa (chưa báo cáo). Số liệu này vẫn được tính; khi có đủ số liệu của các đơn vị "
        "trực thuộc, đề nghị đơn vị gửi lại bảng tổng hợp.\n"
    ) in text


def test_a_complete_summary_says_nothing(tmp_path, cli):
    summary = _district_summary(tmp_path / "huyen", cli, complete=True)
    loaded, report = _province(tmp_path / "tinh", summary)
    assert [p.code for p in report.problems if p.code == "partial-summary"] == []
    assert [p.code for p in report.problems if p.severity.value != "info"] == []
    figures = compute_figures(report, load_set(2023), loaded.settings)
    assert figures.totals["ct1"] == 450 * 4


def test_the_shipped_hand_made_summary_is_complete():
    path = ROOT / "examples" / "gia-lai-2026" / "bao-cao-don-vi" / "doan-cac-co-quan-dang-tinh.xlsx"
    (sub,) = read_file(path, path.name).submissions
    assert sub.unit is not None and sub.unit.value == "Đoàn các cơ quan Đảng tỉnh"
    assert sub.notes == () and sub.values["ct1_tu"].value == 122


ABOVE = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023]]


def _office(*rows: list[object]):
    grid = Grid("Tổng hợp", [*ABOVE, ["STT", "Đơn vị", "ct1", "ct2"], *[list(r) for r in rows]])
    (office,) = parse_consolidated_sheet(grid)
    return office


def test_a_blank_row_of_a_hand_made_summary_is_a_unit_left_out():
    office = _office(
        [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", None, ""], [3, "Chi đoàn C", 6, 2],
        ["", "Tổng cộng", 10, 3],
    )  # fmt: skip
    assert office.values["ct1"].value == 10 and office.values["ct2"].value == 3
    (note,) = office.notes
    assert (note.code, note.cell) == ("partial-summary", "B7")
    assert note.params == {"covered": "2", "members": "3", "missing": "Chi đoàn B (dòng để trống)"}
    # no total row: the rows added up, the note at the office's name
    (summed,) = _office([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", None, None]).notes
    assert (summed.cell, summed.params["covered"], summed.params["members"]) == ("C1", "1", "2")


def test_headings_signatures_and_partly_blank_rows_of_a_hand_made_summary_are_no_unit_left_out():
    office = _office(
        ["I", "KHỐI CƠ QUAN", None, None],
        [1, "Chi đoàn A", 4, 1],
        ["", "II. Khối doanh nghiệp", None, None],
        [2, "Chi đoàn B", 0, None],  # a figure left blank is a 0, the unit counted
        [None, "Ghi chú: số liệu tính đến 15/12", None, None],  # no STT: a note, not a unit
        [3, "Chi đoàn C", 6, 2],
        ["", "Tổng cộng", 10, 3],
        [None, "Người lập biểu", None, None],
        [None, "Nguyễn Văn A", None, None],
    )
    assert office.notes == () and office.values["ct1"].value == 10
    # a table without numbers: a heading is told by its enumeration or its capitals
    unnumbered = _office(
        [None, "KHỐI CƠ QUAN", None, None],
        [None, "Chi đoàn A", 4, 1],
        [None, "II. Khối doanh nghiệp", None, None],
        [None, "Chi đoàn C", 6, 2],
        [None, "Tổng cộng", 10, 3],
    )
    assert unnumbered.notes == ()


def test_a_numbered_blank_row_is_a_unit_whatever_its_name_and_a_table_without_numbers_too():
    numbered = _office(
        [1, "P. Quang Trung", None, None], ["2", "X. Cát Tiến", 4, 1], ["", "Tổng cộng", 4, 1]
    )
    assert [n.params["missing"] for n in numbered.notes] == ["P. Quang Trung (dòng để trống)"]
    unnumbered = _office(
        [None, "Chi đoàn A", 4, 1], [None, "Chi đoàn B", None, None], [None, "Tổng cộng", 4, 1]
    )
    assert [(n.params["covered"], n.params["members"]) for n in unnumbered.notes] == [("1", "2")]


def test_a_state_column_gives_the_reason_in_the_office_own_words():
    grid = Grid(
        "Tổng hợp",
        [
            *ABOVE,
            ["STT", "Đơn vị", "Tình trạng", "ct1", "ct2"],
            [1, "Chi đoàn A", "Đã báo cáo", 4, 1],
            [2, "Chi đoàn B", "chưa nộp", None, None],
            [3, "Chi đoàn C", "ĐÃ BÁO CÁO", None, None],  # reported, every figure left blank
            ["", "Tổng cộng", None, 4, 1],
        ],
    )
    (office,) = parse_consolidated_sheet(grid)
    assert [n.params for n in office.notes] == [
        {"covered": "2", "members": "3", "missing": "Chi đoàn B (chưa nộp)"}
    ]


def test_a_total_labelled_in_the_number_column_is_no_member_and_leaves_the_count_right():
    """`Tổng cộng` typed in the STT column, the name cell blank (read as the total since h12's
    fix): the office's figures are the total's, and the blank member row is the one missing."""
    office = _office(
        [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", None, None], [3, "Chi đoàn C", 6, 2],
        ["Tổng cộng", None, 10, 3], [None, "Người lập biểu", None, None],
    )  # fmt: skip
    assert (office.values["ct1"].value, office.values["ct2"].value) == (10, 3)
    (note,) = office.notes
    assert (note.code, note.cell) == ("partial-summary", "B7")
    assert note.params == {"covered": "2", "members": "3", "missing": "Chi đoàn B (dòng để trống)"}


def test_a_unit_abbreviated_p_or_x_is_a_member_not_a_section_heading():
    """`P. Quang Trung` (Phường) left blank in a table without numbers was taken for a section
    heading (`A.`, `b)`), so the summary was said complete; one rule for headings now, with
    the office's rows: `I.`–`IX.`, `A.`–`G.`, `a)`–`g)`."""
    office = _office(
        [None, "P. Quang Trung", None, None], [None, "X. Cát Tiến", 4, 1], [None, "Tổng cộng", 4, 1]
    )
    assert [n.params for n in office.notes] == [
        {"covered": "1", "members": "2", "missing": "P. Quang Trung (dòng để trống)"}
    ]
    headed = _office(
        [None, "A. Khối cơ quan", None, None], [None, "Chi đoàn A", 4, 1], [None, "Tổng cộng", 4, 1]
    )
    assert headed.notes == ()
