"""Body rows streamed into a workbook that openpyxl built: what a reader of the file sees."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, NamedStyle, Side

from dean5299_cli.writers.bulk_rows import LazyRows, Look, add_rows, save


def _book() -> tuple[Workbook, openpyxl.worksheet.worksheet.Worksheet]:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Bảng"
    ws["A1"] = "Tiêu đề"
    style = NamedStyle(name="thân", number_format="#,##0")
    style.border = Border(left=Side(style="thin"))
    wb.add_named_style(style)
    return wb, ws


def test_rows_keep_values_formats_and_looks(tmp_path):
    wb, ws = _book()
    other = wb.create_sheet("Khác")
    other["A1"] = "giữ nguyên"
    rows = [
        ["=1+1", 1234567, 0.125, None],
        ["a\x01b <&>\ufffe\ud800 ", -3, 1e-05, ""],
        ["Tổng", 10**12, 2.5, "ghi chú dài"],
    ]
    looks = [Look("thân"), Look("thân"), Look("Normal"), Look("thân")]
    special = {(1, 1): Look("thân", fill="F8CBAD"), (2, 0): Look("thân", bold=True)}
    add_rows(ws, 3, rows, looks, special, {2: 45.0})
    out = tmp_path / "b.xlsx"
    save(wb, out)

    back = openpyxl.load_workbook(out)
    sheet = back["Bảng"]
    assert sheet["A1"].value == "Tiêu đề"
    assert back["Khác"]["A1"].value == "giữ nguyên"
    assert [c.value for c in sheet[3]] == ["=1+1", 1234567, 0.125, None]
    assert sheet["A3"].data_type == "s"  # text from a unit is never a formula
    assert [c.value for c in sheet[4]] == ["a b <&>   ", -3, 1e-05, None]  # XML-illegal → space
    assert [c.value for c in sheet[5]] == ["Tổng", 10**12, 2.5, "ghi chú dài"]
    assert sheet["B3"].number_format == "#,##0" and sheet["B3"].border.left.style == "thin"
    assert sheet["C3"].number_format == "General"
    assert sheet["D3"].border.left.style == "thin"  # an empty cell keeps its border
    assert sheet["B4"].fill.fgColor.rgb == "00F8CBAD" and sheet["B3"].fill.fill_type is None
    assert sheet["A5"].font.b and not sheet["A4"].font.b
    assert sheet.row_dimensions[5].height == 45 and sheet.row_dimensions[4].height is None
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert '<dimension ref="A1:D5"' in xml


def test_a_sheet_without_streamed_rows_is_left_as_openpyxl_wrote_it(tmp_path):
    wb, ws = _book()
    plain, streamed = tmp_path / "plain.xlsx", tmp_path / "streamed.xlsx"
    wb.save(plain)
    save(wb, streamed)
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(streamed) as b:
        assert a.namelist() == b.namelist()
        same = [n for n in a.namelist() if n != "docProps/core.xml"]  # it holds the time
        assert all(a.read(n) == b.read(n) for n in same)


def test_openpyxl_cells_inside_and_below_the_streamed_rows_are_kept(tmp_path):
    """A comment needs openpyxl's cell: it replaces the streamed one; rows after stay in order."""
    from openpyxl.comments import Comment

    wb, ws = _book()
    add_rows(ws, 3, [[1, 2, 3], [4, 5, 6]], [Look("thân")] * 3)
    ws["B4"] = 50
    ws["B4"].comment = Comment("đơn vị để trống", "dean5299")
    ws["E3"] = "ngoài bảng"
    ws["A7"] = "ghi chú dưới bảng"
    ws.row_dimensions[7].height = 40
    out = tmp_path / "b.xlsx"
    save(wb, out)
    back = openpyxl.load_workbook(out)["Bảng"]
    assert [[c.value for c in row] for row in back.iter_rows(min_row=3, max_row=4, max_col=5)] == [
        [1, 2, 3, None, "ngoài bảng"],
        [4, 50, 6, None, None],
    ]
    assert back["B4"].comment is not None and back["B4"].comment.text == "đơn vị để trống"
    assert back["A7"].value == "ghi chú dưới bảng" and back.row_dimensions[7].height == 40
    assert back["A1"].value == "Tiêu đề"


def _sheet_xml(path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_lazy_rows_are_made_once_while_written_and_write_what_a_list_writes(tmp_path):
    """A long table's body (a line per unit and part) is not held: its rows are made when the
    sheet is written, once, and the sheet is byte for byte the one a list of the rows gives."""
    rows = [[f"Xã {i}", i * 7, i / 8, "dòng dài " * (i % 3) or None] for i in range(1, 1201)]
    looks = [Look("thân")] * 4
    special = {(5, 1): Look("thân", fill="F8CBAD")}
    made: list[int] = []

    def make():
        made.append(1)
        yield from (list(r) for r in rows)

    def height(row):
        return 30.0 if row[3] and len(row[3]) > 12 else None

    heights = {r: 30.0 for r, row in enumerate(rows) if height(row)}
    from_list, from_lazy = tmp_path / "list.xlsx", tmp_path / "lazy.xlsx"
    wb, ws = _book()
    add_rows(ws, 3, rows, looks, special, heights)
    save(wb, from_list)
    wb, ws = _book()
    lazy = LazyRows(len(rows), make)
    add_rows(ws, 3, lazy, looks, special, height_of=height)
    assert made == []  # nothing made before the workbook is saved
    save(wb, from_lazy)
    assert made == [1]
    assert _sheet_xml(from_lazy) == _sheet_xml(from_list)
    back = openpyxl.load_workbook(from_lazy)["Bảng"]
    assert back.max_row == 1202 and back["B1202"].value == 1200 * 7
    assert back.row_dimensions[4].height == 30  # "dòng dài " twice
    assert back.row_dimensions[3].height is None and back.row_dimensions[5].height is None


@pytest.mark.parametrize("made", [2, 4])
def test_lazy_rows_that_are_not_as_many_as_announced_are_refused(tmp_path, made):
    """The sheet's extent and filter are set from the count: a body of another length would
    leave rows outside them or blank rows inside, so it is an error, not a quiet file."""
    wb, ws = _book()
    add_rows(ws, 3, LazyRows(3, lambda: ([i] for i in range(made))), [Look("thân")])
    with pytest.raises(ValueError, match="có 2 dòng, không phải 3" if made < 3 else "hơn 3 dòng"):
        save(wb, tmp_path / "x.xlsx")


def test_lazy_rows_wider_than_their_columns_are_refused(tmp_path):
    wb, ws = _book()
    add_rows(ws, 3, LazyRows(1, lambda: [[1, 2, 3]]), [Look("thân")] * 2)
    with pytest.raises(ValueError, match="rộng hơn 2 cột"):
        save(wb, tmp_path / "x.xlsx")


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), True])
def test_a_value_a_spreadsheet_cannot_hold_is_refused(tmp_path, bad):
    wb, ws = _book()
    add_rows(ws, 3, [[bad]], [Look("thân")])
    with pytest.raises(ValueError, match="không ghi được"):
        save(wb, tmp_path / "x.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["x.xlsx"]  # no half-written copy beside it


def test_the_plain_stream_writer_never_writes_a_character_xml_cannot_hold(tmp_path):
    """The review workbook's writer: a lone surrogate or U+FFFE from a file name or a cell
    becomes a space instead of a file Excel refuses or a crash."""
    from dean5299_cli.writers.xlsx_stream import write_xlsx

    out = tmp_path / "r.xlsx"
    write_xlsx(out, [("Lỗi", ["Tệp", "Số"], [["a\ud800b\ufffec\x01d", 3]], [10, 5])])
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert [sheet["A2"].value, sheet["B2"].value] == ["a b c d", 3]


def test_the_plain_stream_writer_prints_one_page_wide_with_its_header_on_every_page(tmp_path):
    """The review workbook printed: A4 landscape, fitted to one page wide (seven pages of cut
    columns before), the header row repeated and filtered, pages numbered."""
    from dean5299_cli.writers.xlsx_stream import write_xlsx

    out = tmp_path / "r.xlsx"
    rows = [[f"Xã {i}", i] for i in range(40)]
    write_xlsx(
        out, [("Lỗi và cảnh báo", ["Đơn vị", "Số"], rows, [30, 10]), ("Đơn's", ["A"], [], [5])]
    )
    book = openpyxl.load_workbook(out)
    first, second = book.worksheets
    setup = first.page_setup
    assert (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
        9, "landscape", 1, 0,
    )  # fmt: skip
    assert first.sheet_properties.pageSetUpPr.fitToPage
    assert first.print_title_rows == "$1:$1" and second.print_title_rows == "$1:$1"
    assert first.auto_filter.ref == "A1:B41" and second.auto_filter.ref == "A1:A1"
    assert first.oddFooter.center.text == "Trang &P/&N"
    assert first["A41"].value == "Xã 39" and second["A1"].value == "A"
