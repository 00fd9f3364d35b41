"""A lower office's summary whose unit rows hold a formula's error result or a formula never
computed: named at its cell, never added as 0 into the office's figure."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from dean5299_cli.core.indicator_sets import library_of
from dean5299_cli.core.settings import load_settings
from dean5299_cli.folder import validate_folder
from tests.helpers import make_workspace, submit
from tests.readers.test_consolidate import PROVINCE

ABOVE = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
HEAD = ["STT", "Đơn vị", "ct1", "ct2"]


def _validate(tmp_path: Path, rows: list[list[object]]):
    folder = make_workspace(tmp_path, PROVINCE.replace("UNITS", "  - Đoàn khối X\n  - Xã Y"))
    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    for row in [*ABOVE, HEAD, *rows]:
        ws.append(row)
    wb.save(folder / "khoi.xlsx")  # openpyxl saves formulas without a result, "#REF!" as an error
    submit(folder, "y.xlsx", unit="Xã Y")
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = validate_folder(
        folder, settings=loaded.settings, year=2023, quarter=4, indicator_sets=library_of(loaded)
    )
    errors = [
        (p.code, p.cell, p.unit)
        for p in report.problems
        if p.file == "khoi.xlsx" and p.severity.value == "error"
    ]
    return errors, [s.unit for s in report.current]


def test_an_error_result_in_a_unit_row_is_named_not_added_as_zero(tmp_path: Path):
    """Was: without a total row, Chi đoàn A's `#REF!` read as 0 and the office counted 6 for
    its ct1 without a word; under a total row, 'cộng các dòng … được 6' said instead."""
    rows = [[1, "Chi đoàn A", "#REF!", 1], [2, "Chi đoàn B", 6, 2]]
    assert _validate(tmp_path / "a", rows) == (
        [("formula-error", "C5", "Đoàn khối X")],
        ["Xã Y"],
    )
    totalled = [*rows, ["", "Tổng cộng", 10, 3]]
    assert _validate(tmp_path / "b", totalled) == (
        [("formula-error", "C5", "Đoàn khối X")],
        ["Xã Y"],
    )


def test_a_formula_never_computed_in_a_unit_row_is_named_not_added_as_zero(tmp_path: Path):
    rows = [[1, "Chi đoàn A", "=2+2", 1], [2, "Chi đoàn B", 6, 2]]
    assert _validate(tmp_path / "a", rows) == (
        [("formula-without-value", "C5", "Đoàn khối X")],
        ["Xã Y"],
    )
    totalled = [*rows, ["", "Tổng cộng", 10, 3]]
    assert _validate(tmp_path / "b", totalled) == (
        [("formula-without-value", "C5", "Đoàn khối X")],
        ["Xã Y"],
    )


def test_a_row_whose_every_figure_is_an_error_is_named_not_skipped_as_blank(tmp_path: Path):
    """Was: read as a blank row, left out of the office's figure and called 'dòng để trống'."""
    rows = [[1, "Chi đoàn A", "#REF!", "#DIV/0!"], [2, "Chi đoàn B", 6, 2]]
    assert _validate(tmp_path / "a", rows) == (
        [("formula-error", "C5", "Đoàn khối X"), ("formula-error", "D5", "Đoàn khối X")],
        ["Xã Y"],
    )
    # a total row of formulas never computed is the total, not a blank row (was: skipped, the
    # rows added in its place); its cells are named as every unsaved formula is
    totalled = [*rows[1:], [3, "Chi đoàn C", 4, 1], ["", "Tổng cộng", "=SUM(C5:C6)", "=SUM(D5:D6)"]]
    assert _validate(tmp_path / "b", totalled) == (
        [("formula-without-value", "C7", "Đoàn khối X"), ("formula-without-value", "D7", "Đoàn khối X")],
        ["Xã Y"],
    )
