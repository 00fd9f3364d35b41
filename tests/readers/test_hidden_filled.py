"""A workbook whose visible sheet is a blank copy (of the form, or of the summary) and whose
hidden sheet holds the unit's figures: the figures are read, and the hidden sheet said."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from dean5299_cli.core.indicator_sets import library_of
from dean5299_cli.core.settings import load_settings
from dean5299_cli.folder import validate_folder
from tests.helpers import make_workspace, submit
from tests.readers.test_consolidate import PROVINCE

ABOVE = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
HIDDEN = (
    'Bảng số liệu nằm ở trang tính bị ẩn "{}"; đã đọc trang này vì không trang hiện nào có số '
    "liệu. Kiểm tra lại đây có đúng là báo cáo của đơn vị."
)


def _report(root: Path, folder: Path):
    loaded = load_settings(root / "don-vi.yaml")
    return validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )


def test_a_hidden_summary_under_a_blank_visible_copy_is_read(tmp_path: Path):
    """Was: the blank copy read, the office counted 0 for every figure, its figures dropped."""
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    wb = Workbook()
    blank = wb.active
    blank.title = "In"
    filled = wb.create_sheet("Số liệu")
    for rows, ws in (((None, None), (None, None), (None, None)), blank), (((4, 1), (6, 2), (10, 3)), filled):
        for row in [*ABOVE, ["STT", "Đơn vị", "ct1", "ct2"]]:
            ws.append(row)
        for (label, (ct1, ct2)) in zip([(1, "Chi đoàn A"), (2, "Chi đoàn B"), ("", "Tổng cộng")], rows, strict=True):
            ws.append([*label, ct1, ct2])
    filled.sheet_state = "hidden"
    wb.save(folder / "khoi.xlsx")
    submit(folder, "y.xlsx", unit="Xã Y")
    report = _report(tmp_path, folder)
    office = next(s for s in report.current if s.unit == "Đoàn khối X")
    assert (office.values["ct1"], office.values["ct2"]) == (10, 3)
    (hidden,) = [p for p in report.problems if p.code == "hidden-sheet"]
    assert (hidden.file, hidden.message) == ("khoi.xlsx", HIDDEN.format("Số liệu"))


def test_a_hidden_form_under_a_blank_visible_form_is_read(tmp_path: Path):
    folder = make_workspace(tmp_path)
    path = submit(folder, "ps.xlsx", unit="Xã Phước Sơn")
    wb = load_workbook(path)
    filled = wb.worksheets[0]
    blank = wb.copy_worksheet(filled)
    blank.title = "Bản in"
    for row in blank.iter_rows():
        for cell in row:
            if isinstance(cell.value, int) and not isinstance(cell.value, bool) and cell.row > 6:
                cell.value = None
    filled.sheet_state = "hidden"
    wb.move_sheet(blank, offset=-1)
    wb.active = 0
    wb.save(path)
    report = _report(tmp_path, folder)
    (sub,) = report.current
    assert sub.unit == "Xã Phước Sơn" and sub.values["ct1"] == 450
    (hidden,) = [p for p in report.problems if p.code == "hidden-sheet"]
    assert hidden.message == HIDDEN.format(filled.title)
