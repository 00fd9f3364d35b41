"""Figures in the Word report (--bieu-do), progress by quarter and the same quarter last year."""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from tests.helpers import SETTINGS, make_workspace, submit

EMU_PER_CM = 360_000
REPORT = "ket-qua/bao-cao-5299-2023-quy-4.docx"


@pytest.fixture
def year_folder(tmp_path: Path) -> Path:
    """All three units sent quarters III and IV; Phước Sơn alone also sent quarter I.

    Office CT1 (own target 1.000): quarter III 100 + 150 + 50 = 300 (30,0%), quarter IV
    400 + 300 + 100 = 800 (80,0%); quarter I (one unit of three) is not comparable."""
    settings = SETTINGS.replace('date: 2023-11-20}', "date: 2023-11-20, progress_sentence: true}")
    folder = make_workspace(tmp_path, settings)
    submit(folder, "ps-q1.xlsx", unit="Xã Phước Sơn", quarter=1, ct1=60)
    for unit, q3, q4 in (
        ("Xã Phước Sơn", 100, 400),
        ("Thị trấn Diêu Trì", 150, 300),
        ("Xã Phước Hòa", 50, 100),
    ):
        submit(folder, f"{unit}-q3.xlsx", unit=unit, quarter=3, ct1=q3)
        submit(folder, f"{unit}-q4.xlsx", unit=unit, quarter=4, ct1=q4)
    return tmp_path


def _text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def _media(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return sorted(n for n in z.namelist() if n.startswith("word/media/"))


def _extents_cm(path: Path) -> list[float]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    return [int(cx) / EMU_PER_CM for cx in re.findall(r'<wp:extent cx="(\d+)"', xml)]


def _last_year(path: Path, title: str, ct3: object = 300) -> Path:
    """A consolidated sheet of last year in 2022's codes, as another office's tool would write
    it. 2022's CT3 is 2023's CT1 (ĐVTN mở tài khoản DVC); 2022's CT1 is another indicator."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([title])
    ws.append(["STT", "Đơn vị", "ct1", "ct3", "ct4", "ct7"])
    ws.append([1, "Xã Phước Sơn", 90_000, ct3, 1000, 400])
    ws.append([2, "Thị trấn Diêu Trì", 9_000, 200, 900, 300])
    if isinstance(ct3, int):  # a total row, dropped by the reader (never counted twice)
        ws.append([None, "Tổng cộng", 99_000, ct3 + 200, 1900, 700])
    wb.save(path)
    return path


def test_report_with_charts_has_two_figures_with_captions(cli, year_folder: Path) -> None:
    pytest.importorskip("matplotlib")
    result = cli("report", "--quarter", "IV", "--bieu-do", cwd=year_folder)
    assert result.exit_code == 0, result.output
    report = year_folder / REPORT
    assert len(_media(report)) == 2
    assert _extents_cm(report) == [16.0, 16.0]  # the text width of A4 with the Đoàn margins
    text = _text(report)
    assert "Biểu đồ 1. Mức đạt các chỉ tiêu Đề án 5299 trên địa bàn huyện, quý IV năm 2023" in text
    assert "Biểu đồ 2. Tiến độ thực hiện các chỉ tiêu qua các quý năm 2023 (số liệu lũy kế)" in text
    caption = next(p for p in Document(str(report)).paragraphs if p.text.startswith("Biểu đồ 1."))
    assert caption.alignment == 1  # centred
    assert all(r.font.bold and r.font.size.pt == 13 for r in caption.runs if r.text.strip())


def test_figures_are_png_of_print_resolution(cli, year_folder: Path) -> None:
    pytest.importorskip("matplotlib")
    assert cli("report", "--quarter", "IV", "--bieu-do", cwd=year_folder).exit_code == 0
    with zipfile.ZipFile(year_folder / REPORT) as z:
        for name in _media(year_folder / REPORT):
            data = z.read(name)
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width = int.from_bytes(data[16:20], "big")
            assert abs(width - 16 / 2.54 * 200) <= 1  # 16 cm at 200 dpi (1.260 pixels)


def test_no_figure_unless_asked(cli, year_folder: Path) -> None:
    result = cli("report", "--quarter", "IV", cwd=year_folder)
    assert result.exit_code == 0, result.output
    assert _media(year_folder / REPORT) == []
    assert "Biểu đồ" not in _text(year_folder / REPORT)


def test_settings_switch_asks_for_figures(cli, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    settings = SETTINGS.replace('report: {number: "12"', 'report: {charts: true, number: "12"')
    folder = make_workspace(tmp_path, settings)
    submit(folder, "ps.xlsx", unit="Xã Phước Sơn", quarter=4)
    result = cli("report", "--quarter", "IV", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    # one quarter only: the achievement figure, no progress figure
    assert len(_media(tmp_path / REPORT)) == 1
    assert "Biểu đồ 2." not in _text(tmp_path / REPORT)


def test_without_matplotlib_exit_2_in_vietnamese_and_nothing_written(
    cli, year_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib → ImportError
    result = cli("report", "--quarter", "IV", "--bieu-do", cwd=year_folder)
    assert result.exit_code == 2
    assert "chưa cài thư viện matplotlib" in result.output
    assert "dean5299[bieu-do]" in result.output
    assert not (year_folder / REPORT).exists()


def test_chart_font_has_every_letter_drawn(year_folder: Path) -> None:
    """DejaVu Sans (shipped with matplotlib) covers every character the figures print."""
    pytest.importorskip("matplotlib")
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.writers import report_charts

    path = font_manager.findfont(report_charts.FONT, fallback_to_default=False)
    assert Path(path).name == "DejaVuSans.ttf"
    covered = set(FT2Font(path).get_charmap())
    shorts = " ".join(i.short for i in load_set(2023).indicators)
    words = shorts + "Mức đạt so với chỉ tiêu (%) Lũy kế so với chỉ tiêu năm Quý III IV 146,2%"
    missing = {ch for ch in words if ord(ch) not in covered}
    assert not missing, missing


def test_progress_sentence_with_exact_figures(cli, year_folder: Path) -> None:
    result = cli("report", "--quarter", "IV", cwd=year_folder)
    assert result.exit_code == 0, result.output
    text = _text(year_folder / REPORT)
    line = next(p for p in text.splitlines() if p.startswith("Tiến độ qua các quý"))
    # quarter I (Phước Sơn alone) does not compare with quarter IV (three units): left out
    assert line.startswith(
        "Tiến độ qua các quý (số liệu lũy kế): chỉ tiêu 1: quý III 300 (30,0%), quý IV 800 (80,0%);"
    )
    assert "quý I " not in line
    # the change against quarter III stays in the indicator's own sentence
    assert "tăng 500 tài khoản so với quý III" in text


def test_no_progress_sentence_with_one_quarter(cli, tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", unit="Xã Phước Sơn", quarter=4)
    assert cli("report", "--quarter", "IV", cwd=tmp_path).exit_code == 0
    assert "Tiến độ qua các quý" not in _text(tmp_path / REPORT)


def test_same_quarter_last_year(cli, year_folder: Path) -> None:
    last = _last_year(year_folder / "tong-hop-2022.xlsx", "TỔNG HỢP ĐỀ ÁN 5299 QUÝ IV NĂM 2022")
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(year_folder / REPORT).splitlines() if p.startswith("So với cùng"))
    # 2023's CT1 against 2022's CT3 (same indicator, renumbered): 800 − 500 = 300, 300/500 = 60%;
    # 2022's CT1 (99.000 "lượt ĐVTN được tuyên truyền") is never compared with 2023's CT1
    assert line == "So với cùng kỳ năm 2022: chỉ tiêu 1 tăng 300 tài khoản (60,0%), từ 500 lên 800."
    out = " ".join(result.output.split())
    assert (
        "Chỉ tiêu 2 («Người dân ngoài độ tuổi ĐVTN mở tài khoản DVC»): không có chỉ tiêu cùng "
        "tên năm 2022 trong tong-hop-2022.xlsx, báo cáo không so sánh cùng kỳ." in out
    )


def test_a_fall_and_no_change_against_last_year(cli, year_folder: Path) -> None:
    # CT1 last year 900 + 200 = 1.100 against 800 now: a fall of 300 (27,27…%)
    last = _last_year(year_folder / "ly.xlsx", "TỔNG HỢP QUÝ IV NĂM 2022", ct3=900)
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(year_folder / REPORT).splitlines() if p.startswith("So với cùng"))
    assert line == (
        "So với cùng kỳ năm 2022: chỉ tiêu 1 giảm 300 tài khoản (27,3%), từ 1.100 xuống 800."
    )
    # 600 + 200 = 800 last year, 800 now
    last = _last_year(year_folder / "ly.xlsx", "TỔNG HỢP QUÝ IV NĂM 2022", ct3=600)
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, "--force", cwd=year_folder)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(year_folder / REPORT).splitlines() if p.startswith("So với cùng"))
    assert line == "So với cùng kỳ năm 2022: chỉ tiêu 1 không thay đổi (800)."


def test_last_year_summary_written_by_dean5299(cli, tmp_path: Path) -> None:
    """The usual case: last year's own summary workbook, read one level up as the office row."""
    import datetime as dt

    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.samples import write_submission

    folder = make_workspace(tmp_path)
    values_2022 = {"ct1": 5000, "ct2_tu": 3, "ct2_mau": 4, "ct3": 0, "ct4": 10, "ct5_tu": 1}
    values_2022 |= {"ct5_mau": 2, "ct6_tu": 1, "ct6_mau": 2, "ct7": 30, "to_cns": 1}
    values_2022 |= {"to_cns_thanh_vien": 8}
    for unit, ct3 in (("Xã Phước Sơn", 120), ("Thị trấn Diêu Trì", 80), ("Xã Phước Hòa", 40)):
        write_submission(
            folder / f"{unit}-2022.xlsx",
            load_set(2022),
            unit=unit,
            quarter=4,
            year=2022,
            values={**values_2022, "ct3": ct3},
            as_of=dt.date(2022, 12, 20),
        )
        submit(folder, f"{unit}-2023.xlsx", unit=unit, quarter=4, ct1=ct3 * 3)
    summary = tmp_path / "tong-hop-2022.xlsx"
    result = cli("summary", "--quarter", "IV", "--year", "2022", "-o", summary, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    result = cli("report", "--quarter", "IV", "--year", "2023", "--nam-truoc", summary, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(tmp_path / REPORT).splitlines() if p.startswith("So với cùng"))
    # 2022's CT3: 120 + 80 + 40 = 240; 2023's CT1: 3 × 240 = 720: +480, 200,0%
    assert line == "So với cùng kỳ năm 2022: chỉ tiêu 1 tăng 480 tài khoản (200,0%), từ 240 lên 720."


def test_last_year_of_another_year_is_refused(cli, year_folder: Path) -> None:
    last = _last_year(year_folder / "tong-hop.xlsx", "TỔNG HỢP ĐỀ ÁN 5299 QUÝ IV NĂM 2023")
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 1
    assert "tong-hop.xlsx là số liệu năm 2023, không phải năm 2022" in result.output
    assert not (year_folder / REPORT).exists()


def test_last_year_with_a_bad_cell_names_it(cli, year_folder: Path) -> None:
    last = _last_year(
        year_folder / "tong-hop-2022.xlsx", "TỔNG HỢP QUÝ IV NĂM 2022", ct3="ba trăm"
    )
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 1
    assert (
        "trang «Tổng hợp», ô D3: «ba trăm» không phải số đếm hợp lệ (chỉ tiêu 3 năm 2022, mã ct3)"
        in " ".join(result.output.split())
    )


def test_last_year_file_missing_is_a_usage_error(cli, year_folder: Path) -> None:
    result = cli("report", "--quarter", "IV", "--nam-truoc", "khong-co.xlsx", cwd=year_folder)
    assert result.exit_code == 2
    assert "Không tìm thấy tệp tổng hợp năm trước" in result.output


def test_last_year_file_that_is_not_a_workbook(cli, year_folder: Path) -> None:
    fake = year_folder / "tong-hop-2022.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a workbook")
    result = cli("report", "--quarter", "IV", "--nam-truoc", fake, cwd=year_folder)
    assert result.exit_code == 1
    assert "Không đọc được số liệu trong tệp tổng hợp năm trước tong-hop-2022.xlsx" in (
        result.output
    )
    assert "Traceback" not in result.output


def test_last_year_without_an_indicator_set_is_a_config_error(cli, tmp_path: Path) -> None:
    """2021 has no indicator set: what its codes meant is unknown, so nothing is compared."""
    import datetime as dt

    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.samples import write_submission

    folder = make_workspace(tmp_path)
    values = {"ct1": 50, "ct2_tu": 3, "ct2_mau": 4, "ct3": 10, "ct4": 10, "ct5_tu": 1}
    values |= {"ct5_mau": 2, "ct6_tu": 1, "ct6_mau": 2, "ct7": 30}
    write_submission(
        folder / "ps-2022.xlsx",
        load_set(2022),
        unit="Xã Phước Sơn",
        quarter=4,
        year=2022,
        values=values,
        as_of=dt.date(2022, 12, 20),
    )
    last = _last_year(tmp_path / "th-2021.xlsx", "TỔNG HỢP QUÝ IV NĂM 2021")
    result = cli("report", "--quarter", "IV", "--year", "2022", "--nam-truoc", last, cwd=tmp_path)
    assert result.exit_code == 3, result.output
    assert "2021" in result.output
    assert not (tmp_path / "ket-qua" / "bao-cao-5299-2022-quy-4.docx").exists()


def test_no_progress_sentence_unless_asked(cli, tmp_path: Path) -> None:
    """The per-indicator sentences already say the change over the previous quarter: the
    progress line is printed only when the settings ask for it (or with the charts)."""
    folder = make_workspace(tmp_path)
    for unit in ("Xã Phước Sơn", "Thị trấn Diêu Trì", "Xã Phước Hòa"):
        submit(folder, f"{unit}-q3.xlsx", unit=unit, quarter=3, ct1=100)
        submit(folder, f"{unit}-q4.xlsx", unit=unit, quarter=4, ct1=200)
    assert cli("report", "--quarter", "IV", cwd=tmp_path).exit_code == 0
    text = _text(tmp_path / REPORT)
    assert "Tiến độ qua các quý" not in text
    assert "tăng 300 tài khoản so với quý III" in text


def _sheets_of_last_year(path: Path, sheets: dict[str, tuple[str, int, int]]) -> Path:
    """Last year's own report forms kept in one workbook, a sheet each: sheet title → (quarter
    as written, year, 2022's CT3, the figure 2023's CT1 is compared with); every sheet is a
    whole `Mã` / `Số liệu` form of 2022's set."""
    import datetime as dt

    from openpyxl import load_workbook

    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.samples import write_submission

    values = {"ct1": 90_000, "ct2_tu": 3, "ct2_mau": 4, "ct3": 0, "ct4": 10, "ct5_tu": 1}
    values |= {"ct5_mau": 2, "ct6_tu": 1, "ct6_mau": 2, "ct7": 30, "to_cns": 1}
    values |= {"to_cns_thanh_vien": 8}
    write_submission(
        path,
        load_set(2022),
        unit="Huyện đoàn Tuy Phước",
        quarter=4,
        year=2022,
        values=values,
        as_of=dt.date(2022, 12, 20),
    )
    wb = load_workbook(path)
    form = wb.active
    for title, (quarter, year, ct3) in sheets.items():
        ws = wb.copy_worksheet(form)
        ws.title = title
        ws["C4"], ws["C5"], ws["E12"] = year, quarter, ct3  # Năm, Kỳ báo cáo, ct3 (2022)
    wb.remove(form)
    wb.save(path)
    return path


def _refused(cli, year_folder: Path, last: Path) -> str:
    """The refusal of `report --nam-truoc last`, spaces joined: exit 1 and no report written."""
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 1, result.output
    assert not (year_folder / REPORT).exists()
    return " ".join(result.output.split())


def _name_units(path: Path, units: dict[str, str]) -> None:
    """Each sheet's form named for a unit (the `Tên đơn vị` cell, C3): sheet title → unit."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for title, unit in units.items():
        wb[title]["C3"] = unit
    wb.save(path)


def test_last_year_sheet_of_the_same_quarter_is_the_one_compared(cli, year_folder: Path) -> None:
    """Last year's workbook keeps each quarter's form on a sheet of its own: the sheet of the
    same quarter of last year is compared, never the sum of the sheets (500, not 200 + 500)."""
    last = _sheets_of_last_year(
        year_folder / "nam-2022.xlsx",
        {"Quý III": ("Quý III", 2022, 200), "Quý IV": ("Quý IV", 2022, 500)},
    )
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(year_folder / REPORT).splitlines() if p.startswith("So với cùng"))
    assert line == "So với cùng kỳ năm 2022: chỉ tiêu 1 tăng 300 tài khoản (60,0%), từ 500 lên 800."


def test_last_year_with_no_sheet_of_the_same_quarter_is_refused(cli, year_folder: Path) -> None:
    last = _sheets_of_last_year(
        year_folder / "nam-2022.xlsx",
        {"Quý II": ("Quý II", 2022, 100), "Quý III": ("Quý III", 2022, 200)},
    )
    assert _refused(cli, year_folder, last) == (
        "Lỗi: Tệp năm trước nam-2022.xlsx có 2 trang số liệu («Quý II», «Quý III»), không trang "
        "nào là số liệu quý IV năm 2022: thêm trang số liệu quý IV năm 2022 hoặc chọn tệp khác "
        "rồi chạy lại."
    )


def test_last_year_with_two_sheets_of_the_same_quarter_names_them(cli, year_folder: Path) -> None:
    last = _sheets_of_last_year(
        year_folder / "nam-2022.xlsx",
        {
            "Quý III": ("Quý III", 2022, 200),
            "Quý IV": ("Quý IV", 2022, 500),
            "Quý IV (sửa)": ("Quý IV", 2022, 550),
        },
    )
    assert _refused(cli, year_folder, last) == (
        "Lỗi: Tệp năm trước nam-2022.xlsx có 2 trang số liệu quý IV năm 2022 («Quý IV», «Quý IV "
        "(sửa)»), không biết dùng trang nào: giữ một trang đúng rồi chạy lại."
    )


def test_last_year_with_two_units_forms_of_the_quarter_asks_for_the_summary(
    cli, year_folder: Path
) -> None:
    """Two communes' own forms of quý IV in one workbook are not two versions of the office's
    figures: "giữ một trang đúng" would have compared one commune with the whole office."""

    last = _sheets_of_last_year(
        year_folder / "nam-2022.xlsx",
        {"Phước Sơn": ("Quý IV", 2022, 500), "Phước Hòa": ("Quý IV", 2022, 550)},
    )
    _name_units(last, {"Phước Sơn": "Xã Phước Sơn", "Phước Hòa": "Xã Phước Hòa"})
    assert _refused(cli, year_folder, last) == (
        "Lỗi: Tệp năm trước nam-2022.xlsx có 2 trang số liệu quý IV năm 2022 của 2 đơn vị khác "
        "nhau («Phước Sơn»: Xã Phước Sơn, «Phước Hòa»: Xã Phước Hòa): đó là báo cáo của từng đơn "
        "vị, không phải số liệu tổng hợp. Hãy chọn bảng tổng hợp năm trước (tệp do lệnh summary "
        "hoặc report ghi, ví dụ tong-hop-5299-2022-quy-4.xlsx) rồi chạy lại."
    )


def test_last_year_form_of_one_member_unit_is_refused(cli, year_folder: Path) -> None:
    """A commune's own quý IV form, picked by mistake as last year's file, was compared as the
    whole office's figures: "tăng …, từ 500 lên 800", 500 being one commune's."""

    last = _sheets_of_last_year(year_folder / "nam-2022.xlsx", {"Quý IV": ("Quý IV", 2022, 500)})
    _name_units(last, {"Quý IV": "Xã Phước Sơn"})
    assert _refused(cli, year_folder, last) == (
        "Lỗi: Tệp năm trước nam-2022.xlsx là báo cáo của Xã Phước Sơn (trang «Quý IV», ô C3), "
        "một đơn vị trực thuộc, không phải số liệu tổng hợp. Hãy chọn bảng tổng hợp năm trước "
        "(tệp do lệnh summary hoặc report ghi) rồi chạy lại."
    )


def _no_date(path: Path) -> None:
    """Every sheet's "Tính đến ngày" left blank."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip().startswith("Tính đến ngày"):
                    ws.cell(cell.row, cell.column + 1).value = None
    wb.save(path)


def test_last_year_sheet_with_no_year_written_is_taken_by_its_date(cli, year_folder: Path) -> None:
    """Of several sheets, the one of the same quarter with no year written but dated in last
    year's quarter is compared, as a single such sheet is (was: never, the file refused)."""
    last = _sheets_of_last_year(
        year_folder / "so-lieu.xlsx",
        {"Quý III": ("Quý III", 2022, 200), "Quý IV": ("Quý IV", None, 500)},
    )
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(year_folder / REPORT).splitlines() if p.startswith("So với cùng"))
    assert line == "So với cùng kỳ năm 2022: chỉ tiêu 1 tăng 300 tài khoản (60,0%), từ 500 lên 800."


def test_last_year_sheet_with_no_year_is_taken_by_the_file_s_name(cli, year_folder: Path) -> None:
    """No year and no date written: the file's name gives last year (`nam-2022.xlsx`)."""
    last = _sheets_of_last_year(
        year_folder / "nam-2022.xlsx",
        {"Quý III": ("Quý III", 2022, 200), "Quý IV": ("Quý IV", None, 500)},
    )
    _no_date(last)
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(year_folder / REPORT).splitlines() if p.startswith("So với cùng"))
    assert line == "So với cùng kỳ năm 2022: chỉ tiêu 1 tăng 300 tài khoản (60,0%), từ 500 lên 800."


def test_last_year_sheet_with_no_year_told_nowhere_is_named(cli, year_folder: Path) -> None:
    """No year, no date, no year in the file's name: refused, the sheet named as such."""
    last = _sheets_of_last_year(
        year_folder / "so-lieu.xlsx",
        {"Quý III": ("Quý III", 2022, 200), "Quý IV": ("Quý IV", None, 500)},
    )
    _no_date(last)
    assert _refused(cli, year_folder, last) == (
        "Lỗi: Tệp năm trước so-lieu.xlsx có 2 trang số liệu («Quý III», «Quý IV» (không ghi "
        "năm)), không trang nào là số liệu quý IV năm 2022: thêm trang số liệu quý IV năm 2022 "
        "hoặc chọn tệp khác rồi chạy lại."
    )


def _summaries_of_last_year(path: Path, titles: dict[str, str | None]) -> Path:
    """Last year's summary tables kept in one workbook, a sheet a quarter: sheet name → title
    line (None: no title, the period written nowhere). Phước Sơn's 2022 CT3 is 100 on the
    first sheet, 300 on the others; Diêu Trì's 200 everywhere."""
    wb = Workbook()
    wb.remove(wb.active)
    for k, (name, title) in enumerate(titles.items()):
        ws = wb.create_sheet(name)
        if title is not None:
            ws.append([title])
        ws.append(["STT", "Đơn vị", "ct1", "ct3", "ct4", "ct7"])
        ws.append([1, "Xã Phước Sơn", 90_000, 100 if k == 0 else 300, 1000, 400])
        ws.append([2, "Thị trấn Diêu Trì", 9_000, 200, 900, 300])
    wb.save(path)
    return path


def test_last_year_summary_sheet_of_the_same_quarter_is_the_one_compared(
    cli, year_folder: Path
) -> None:
    """(was: the first summary sheet alone read, and the file refused as quý III's)"""
    last = _summaries_of_last_year(
        year_folder / "tong-hop-2022.xlsx",
        {"Quý III": "TỔNG HỢP QUÝ III NĂM 2022", "Quý IV": "TỔNG HỢP QUÝ IV NĂM 2022"},
    )
    result = cli("report", "--quarter", "IV", "--nam-truoc", last, cwd=year_folder)
    assert result.exit_code == 0, result.output
    line = next(p for p in _text(year_folder / REPORT).splitlines() if p.startswith("So với cùng"))
    # quý IV of 2022: 300 + 200 = 500 (quý III's 100 + 200 = 300 never taken)
    assert line == "So với cùng kỳ năm 2022: chỉ tiêu 1 tăng 300 tài khoản (60,0%), từ 500 lên 800."


def test_last_year_summary_sheets_without_their_period_are_refused(
    cli, year_folder: Path
) -> None:
    """(was: the first sheet's figures, quý III's 300, compared as quý IV's without a word)"""
    last = _summaries_of_last_year(
        year_folder / "tong-hop-2022.xlsx", {"Quý III": None, "Quý IV": None}
    )
    assert _refused(cli, year_folder, last) == (
        "Lỗi: Tệp năm trước tong-hop-2022.xlsx có 2 trang số liệu («Quý III» (không ghi kỳ báo "
        "cáo), «Quý IV» (không ghi kỳ báo cáo)), không trang nào là số liệu quý IV năm 2022: "
        "thêm trang số liệu quý IV năm 2022 hoặc chọn tệp khác rồi chạy lại."
    )
