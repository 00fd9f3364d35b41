"""The summary workbook as a document: title block, words, states, pages, signature, read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicators import load_set
from dean5299_cli.folder import validate_folder
from dean5299_cli.writers.summary_body import BLANK_NOTE, BLANK_PERCENT_NOTE
from dean5299_cli.writers.summary_layout import (
    TITLE_WIDTH,
    ColumnKind,
    data_room,
    fitted_scale,
    page_ends,
    plan_columns,
    print_scale,
    splits_block,
)
from tests.helpers import example_summary, make_workspace, submit
from tests.paths import EXAMPLES


@pytest.fixture
def three_units(tmp_path: Path) -> Path:
    """Phước Sơn counted with a blank ct5, Diêu Trì with an error, Phước Hòa not sent."""
    folder = make_workspace(tmp_path / "huyen")
    submit(folder, "ps.xlsx", ct5=None)
    submit(folder, "dt.xlsx", unit="TT Diêu Trì", ct1=-5)
    return folder.parent


def _summary(cli, root: Path) -> tuple[Path, openpyxl.worksheet.worksheet.Worksheet]:
    out = root / "th.xlsx"
    result = cli("summary", "-o", str(out), cwd=root)
    assert result.exit_code == 0, result.output
    return out, openpyxl.load_workbook(out)["Tổng hợp"]


def test_title_block_words_and_states(cli, three_units: Path) -> None:
    out, ws = _summary(cli, three_units)
    properties = openpyxl.load_workbook(out).properties  # Excel's File › Info, not "openpyxl"
    assert properties.title == "Bảng tổng hợp kết quả thực hiện Đề án 5299 quý IV năm 2023"
    assert (properties.creator, properties.lastModifiedBy) == ("BCH ĐOÀN HUYỆN TUY PHƯỚC", None)
    assert ws["A1"].value == "TỈNH ĐOÀN BÌNH ĐỊNH"
    assert ws["A2"].value == "BCH ĐOÀN HUYỆN TUY PHƯỚC" and ws["A2"].font.b
    assert ws["D1"].value == "ĐOÀN TNCS HỒ CHÍ MINH"
    assert ws["D3"].value == "Tuy Phước, ngày 20 tháng 11 năm 2023"
    assert ws["D5"].value == "BẢNG TỔNG HỢP KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299"
    assert (ws["B5"].value, ws["C5"].value) == ("Kỳ báo cáo: Quý IV", "Năm: 2023")
    assert ws["B6"].value == "Tính đến ngày: 20/12/2023"
    assert ws["D8"].value == "CT1. ĐVTN mở tài khoản DVC (tài khoản)"
    assert (ws["D9"].value, ws["E9"].value) == ("Kết quả", "Mức đạt so với chỉ tiêu")
    assert ws.row_dimensions[10].hidden and ws["D10"].value == "ct1"
    rows = {r[1]: r for r in ws.iter_rows(min_row=11, max_row=14, values_only=True)}
    assert rows["Xã Phước Sơn"][2] == "đã báo cáo" and rows["Xã Phước Sơn"][3] == 450
    assert rows["Thị trấn Diêu Trì"][2] == "số liệu chưa hợp lệ"
    assert rows["Xã Phước Hòa"][2] == "chưa báo cáo"
    assert all(v is None for v in rows["Xã Phước Hòa"][3:-1])
    assert rows["Tổng cộng toàn huyện"][3] == 450


def test_blank_cells_stay_blank_with_a_note(cli, three_units: Path) -> None:
    _, ws = _summary(cli, three_units)
    ct5 = [c.value for c in ws[10]].index("ct5") + 1
    cell = ws.cell(11, ct5)
    assert ws.cell(11, 2).value == "Xã Phước Sơn"
    assert cell.value is None and cell.comment is not None and cell.comment.text == BLANK_NOTE
    # its achievement (target 600) is not a 0 % it gave: blank, said why, as in the appendix
    achieved = ws.cell(11, ct5 + 1)
    assert ws.cell(9, ct5 + 1).value == "Mức đạt so với chỉ tiêu" and achieved.value is None
    assert achieved.comment is not None and achieved.comment.text == BLANK_PERCENT_NOTE
    total = ws.cell(14, ct5)
    assert ws.cell(14, 2).value == "Tổng cộng toàn huyện" and total.value == 0
    notes = [c.value for row in ws.iter_rows(min_row=15) for c in row if isinstance(c.value, str)]
    assert any(n.startswith("Ghi chú: ô để trống là ô đơn vị không điền số liệu") for n in notes)


def test_pages_split_by_indicator_groups_with_the_unit_columns_repeated(cli, tmp_path) -> None:
    root = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", root, ignore=shutil.ignore_patterns("ket-qua"))
    _, ws = _summary(cli, root)
    setup = ws.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9  # A4
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and 75 <= int(setup.scale) <= 100
    assert ws.print_title_rows == "$8:$10" and ws.print_title_cols == "$A:$C"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks, "several pages wide"
    # A page ends where an indicator group ends: the next column starts a new group heading.
    merged_starts = {r.min_col for r in ws.merged_cells.ranges if r.min_row == 8}
    assert all(b + 1 in merged_starts for b in breaks)
    # The signature block sits under the last page's columns, signer's words from the settings.
    texts = {c.value: c for row in ws.iter_rows(min_row=20) for c in row if c.value}
    for line in ("TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN", "BÍ THƯ", "Nguyễn Văn A"):
        assert line in texts and texts[line].column > breaks[-1]


def test_read_back_one_level_up_totals_equal(cli, tmp_path: Path) -> None:
    root = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", root, ignore=shutil.ignore_patterns("ket-qua"))
    late = root / "bao-cao-don-vi" / "BC 5299 Q4 - Phuoc Son.xlsx"
    late.unlink()  # one unit not sent: its row has a state and no figures
    out, ws = _summary(cli, root)
    assert (ws["B7"].value, ws["C7"].value) == ("Đơn vị báo cáo", "Huyện đoàn Tuy Phước")
    down = compute_figures(validate_folder(root / "bao-cao-don-vi", year=2023, quarter=4),
                           load_set(2023), None)  # fmt: skip
    up = tmp_path / "tinh"
    up.mkdir()
    shutil.copy(out, up / "tuy-phuoc.xlsx")
    result = cli("validate", str(up), "--year", "2023", "--quarter", "IV", "--json", cwd=up)
    assert result.exit_code == 0, result.output
    report = validate_folder(up, year=2023, quarter=4)
    assert [s.unit for s in report.current] == ["Huyện đoàn Tuy Phước"]  # the office's one row
    figures = compute_figures(report, load_set(2023), None)
    assert figures.totals == down.totals and figures.totals["ct1"] == 8529 - 502


def test_without_an_office_name_every_unit_row_is_read_back(tmp_path: Path) -> None:
    """No settings: no office line, so one level up reads one row per unit (none is misread
    as the office from the column titles)."""
    from dean5299_cli.core.numbers import Rounding
    from dean5299_cli.writers.summary_xlsx import build_summary

    folder = tmp_path / "in"
    submit(folder, "a.xlsx", unit="Xã A", ct1=10)
    submit(folder, "b.xlsx", unit="Xã B", ct1=32)
    report = validate_folder(folder, year=2023, quarter=4)
    figures = compute_figures(report, load_set(2023), None)
    up = tmp_path / "up"
    up.mkdir()
    build_summary(figures, up / "s.xlsx", rounding=Rounding(), problems=[])
    back = validate_folder(up, year=2023, quarter=4)
    assert sorted(s.unit for s in back.current) == ["Xã A", "Xã B"]
    assert compute_figures(back, load_set(2023), None).totals == figures.totals


def test_column_plan_and_page_packing() -> None:
    groups = plan_columns(load_set(2023), [1, 2, 3, 4, 5, 6, 7])
    ct3 = groups[2]
    assert [c.kind for c in ct3.columns] == [
        ColumnKind.FIELD,
        ColumnKind.FIELD,
        ColumnKind.RATE,
        ColumnKind.ACHIEVEMENT,
    ]
    assert [c.code for c in groups[7].columns if c.code][0] == "ct8_tong"
    assert ColumnKind.ACHIEVEMENT not in [c.kind for c in groups[7].columns]
    assert groups[-1].title == "Tổ công nghệ số thanh niên"
    assert page_ends([20, 20, 40, 70, 10], room=60) == [1, 2, 3]
    assert page_ends([90, 10], room=60) == [0]  # a group wider than a page gets its own page
    assert page_ends([10, 10], room=60) == []
    assert data_room(100) == pytest.approx(105 - TITLE_WIDTH)
    assert print_scale(400) == 100 and print_scale(625) == 80 and print_scale(2000) == 100


def test_a_province_summary_has_no_superior_body_line(cli, tmp_path: Path) -> None:
    from tests.helpers import SETTINGS

    settings = SETTINGS.replace("parent_body: TỈNH ĐOÀN BÌNH ĐỊNH\n", "")
    root = tmp_path / "tinh"
    folder = make_workspace(root, settings)
    submit(folder, "ps.xlsx")
    _, ws = _summary(cli, root)
    assert ws["A1"].value is None and ws["A2"].value == "BCH ĐOÀN HUYỆN TUY PHƯỚC"


def test_a_long_unit_name_wraps_in_its_own_column(cli, tmp_path: Path) -> None:
    """A name longer than its column ran over the state beside it, and was cut on the pages
    that repeat the unit columns: it wraps, its row tall enough for its lines; a short name's row
    keeps one line. The office's name in the title block wraps the same way."""
    root = tmp_path / "xa"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", root, ignore=shutil.ignore_patterns("ket-qua"))
    out = root / "th.xlsx"
    result = cli("summary", "--quarter", "III", "-o", str(out), cwd=root)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    rows = {ws.cell(r, 2).value: r for r in range(11, ws.max_row + 1)}
    long, short = rows["Chi đoàn Trường THCS Cát Tiến"], rows["Chi đoàn Công an xã"]
    assert len("Chi đoàn Trường THCS Cát Tiến") > ws.column_dimensions["B"].width
    assert ws.cell(long, 2).alignment.wrap_text and ws.cell(short, 2).alignment.wrap_text
    assert ws.row_dimensions[long].height >= 30 and not ws.row_dimensions[short].height
    office = ws["C7"]
    assert office.value == "Đoàn xã Cát Tiến" and office.alignment.wrap_text


def test_the_signer_s_lines_print_on_one_page_with_the_table(cli, tmp_path: Path) -> None:
    """The commune example (10 chi đoàn): the sheet, estimated to fit one page height at 86 %,
    measured 612 points of rows (526 at 86 %, over the 500 a page holds) and printed the
    signer's name alone on a second page. The scale is now chosen from the rows as written."""
    root = tmp_path / "xa"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", root, ignore=shutil.ignore_patterns("ket-qua"))
    _, ws = _summary(cli, root)
    last = ws.max_row
    assert [c.value for c in ws[last] if c.value] == ["Lê Thị C"]  # the signer's name, last
    heights = [
        0.0 if ws.row_dimensions[r].hidden else ws.row_dimensions[r].height or 15.0
        for r in range(1, last + 1)
    ]
    assert sum(heights) == 612.0
    assert ws.page_setup.scale == 81  # 612 × 0,81 = 495,72 ≤ 500
    assert not ws.row_breaks.brk


def test_a_long_table_s_notes_and_signer_start_a_page_rather_than_split() -> None:
    # the table's rows of 100 points, then the notes and the signer; a page holds 500 at 100 %
    # (625 at 80 %), and every page after the first starts with the 50 points of the head
    assert not splits_block([100.0] * 4 + [80.0, 20.0], 50.0, 4, 100)  # 500: one page
    assert splits_block([100.0] * 4 + [80.0, 40.0], 50.0, 4, 100)  # 520: the 40 goes over
    assert not splits_block([100.0] * 5 + [80.0, 60.0], 50.0, 5, 100)  # both on page 2
    assert splits_block([100.0] * 6 + [20.0, 10.0], 50.0, 6, 80)  # 630 over 625
    assert fitted_scale(612.0, 86) == 81 and fitted_scale(400.0, 100) == 100
    assert fitted_scale(2000.0, 100) == 100  # under 75 %: more pages at the scale given


def test_the_notes_and_signer_start_a_page_when_they_would_split(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the pages fall (`splits_block`, above) says the block would print across two
    pages: a page break before it, between the total row and "Ghi chú"."""
    import dean5299_cli.writers.summary_xlsx as summary_xlsx

    monkeypatch.setattr(summary_xlsx, "splits_block", lambda *args: True)
    root = tmp_path / "xa"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", root, ignore=shutil.ignore_patterns("ket-qua"))
    _, ws = _summary(cli, root)
    (brk,) = ws.row_breaks.brk
    total = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Tổng cộng toàn xã")
    assert brk.id == total + 1  # the blank row after the total; the notes start the next page
    (notes,) = [c.value for c in ws[total + 2] if c.value]
    assert str(notes).startswith("Ghi chú: ô để trống")


def test_an_empty_notes_column_prints_with_the_last_indicator_group(cli, tmp_path: Path) -> None:
    """The province example (141 units, no unit's row with a note): the "Ghi chú" column printed
    alone on a page of every band of rows (6 of 49 pages). Narrowed, it prints with the last
    group; that page as wide as the column alone was, so the notes below wrap as they did."""
    from dean5299_cli.writers.summary_xlsx import _note_width

    out = example_summary(cli, tmp_path, "gia-lai-2026", "--quarter", "III")
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    notes = ws.max_column
    breaks = [b.id for b in ws.col_breaks.brk]
    assert ws.cell(8, notes).value == "Ghi chú" and notes - 1 not in breaks
    band = range(breaks[-1] + 1, notes + 1)
    # printed at 80 % since the sheet takes the scale of fewest pages (test below), the column
    # fits whole beside the last group (24 wide); at 100 % it was narrowed to 22, the page 46
    assert sum(ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in band) == 70
    # a page holds 58 characters of groups beside the unit columns at 100 %
    assert _note_width([44.0, 22.0], 100) == 24.0  # joins the last group, the page 46 wide
    assert _note_width([44.0, 10.0], 100) == 46.0  # fits whole beside it: unchanged
    assert _note_width([44.0, 50.0], 100) == 46.0  # cannot join: alone, as before


def test_a_long_summary_prints_its_groups_side_by_side_on_fewer_pages(cli, tmp_path) -> None:
    """The province example (141 units, many pages down at any scale): at 100 % one indicator
    group a page, 7 pages across each band of rows (43 pages). Printed at the scale giving the
    fewest pages (80 %), two to four groups share a page: 4 across (20 pages, rendered)."""
    out = example_summary(cli, tmp_path, "gia-lai-2026", "--quarter", "III")
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    setup = ws.page_setup
    assert setup.orientation == "landscape" and int(setup.scale) == 80
    assert ws.print_title_rows == "$8:$10" and ws.print_title_cols == "$A:$C"
    breaks = [b.id for b in ws.col_breaks.brk]
    assert breaks == [11, 19, 25]  # CT1-CT2 | CT3-CT6 | CT7-CT8 | the general figures, notes
    merged_starts = {r.min_col for r in ws.merged_cells.ranges if r.min_row == 8}
    assert all(b + 1 in merged_starts for b in breaks)


def test_the_fewest_pages_scale() -> None:
    from dean5299_cli.writers.summary_layout import fewest_pages, pages_down

    # a page holds 500 points at 100 %, 625 at 80 %; pages after the first repeat a 100 head
    assert pages_down(500.0, 100.0, 100) == 1 and pages_down(501.0, 100.0, 100) == 2
    assert pages_down(1400.0, 100.0, 100) == 4 and pages_down(1400.0, 100.0, 80) == 3

    def across(scale: int) -> int:  # 3 pages wide at 100 %, 2 from 90 %, 1 from 75 %
        return 3 if scale > 90 else 2 if scale > 75 else 1

    assert fewest_pages(1400.0, 100.0, across, 100) == 75  # 3 × 4 at 100 %, 1 × 3 at 75 %
    # one page height at a readable scale: the scale chosen for that is kept
    assert fewest_pages(600.0, 100.0, across, 83) == 83
    # a tie keeps the larger scale: 2 across, 3 down from 90 % to 75 % (at 100 %: 3 × 4)
    assert fewest_pages(1400.0, 100.0, lambda s: 3 if s > 90 else 2, 100) == 90
