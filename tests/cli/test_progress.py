"""Progress across the year: cumulative figures and achievement by unit and quarter, office line."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dean5299_cli.core.progress import growth
from tests.helpers import SETTINGS, make_workspace, submit

# Phước Sơn has CT1 allocated (400); Diêu Trì has no allocation; the office's own CT1 is 1000.
PROGRESS_SETTINGS = SETTINGS.replace(
    "      Phước Sơn: {1: 400, 2: 500, 5: 600}\n", "      Phước Sơn: {1: 400}\n"
)


@pytest.fixture
def year_folder(tmp_path: Path) -> Path:
    """Phước Sơn sent quarters I, II and IV (not III); Diêu Trì II, III and IV; Phước Hòa nothing."""
    folder = make_workspace(tmp_path, PROGRESS_SETTINGS)
    for quarter, ct1 in ((1, 100), (2, 200), (4, 400)):
        submit(folder, f"ps-q{quarter}.xlsx", unit="Xã Phước Sơn", quarter=quarter, ct1=ct1)
    for quarter, ct1 in ((2, 50), (3, 150), (4, 300)):
        submit(folder, f"dt-q{quarter}.xlsx", unit="Thị trấn Diêu Trì", quarter=quarter, ct1=ct1)
    return tmp_path


def _row(rows: list[dict], scope: str, indicator: int) -> list[tuple[int | None, float | None]]:
    row = next(r for r in rows if r["scope"] == scope and r["indicator"] == indicator)
    return [(q["achieved"], q["achievement_percent"]) for q in row["quarters"]]


def test_progress_by_unit_and_quarter(cli, year_folder: Path) -> None:
    result = cli("rank", "--quarter", "IV", "--json", cwd=year_folder)
    assert result.exit_code == 0, result.output
    progress = json.loads(result.stdout)["progress"]
    assert progress["quarters"] == [1, 2, 3, 4]
    # cumulative figures against the annual allocation: 100/400, 200/400, nothing, 400/400
    assert _row(progress["units"], "Xã Phước Sơn", 1) == [
        (100, 25.0), (200, 50.0), (None, None), (400, 100.0)
    ]
    # no allocation: figures, never an invented achievement
    assert _row(progress["units"], "Thị trấn Diêu Trì", 1) == [
        (None, None), (50, None), (150, None), (300, None)
    ]
    assert _row(progress["units"], "Xã Phước Hòa", 1) == [(None, None)] * 4
    # office line: the units that reported that quarter, against the office's own 1000
    office = next(r for r in progress["office"] if r["indicator"] == 1)
    assert _row(progress["office"], "", 1) == [(100, 10.0), (250, 25.0), (150, 15.0), (700, 70.0)]
    assert office["units_counted"] == [1, 2, 1, 2]


def test_progress_sheet_says_when_units_are_missing(cli, year_folder: Path) -> None:
    result = cli("rank", "--quarter", "IV", cwd=year_folder)
    assert result.exit_code == 0, result.output
    wb = load_workbook(year_folder / "ket-qua" / "xep-hang-5299-2023-quy-4.xlsx")
    ws = wb["Tiến độ theo quý"]
    headers = [c.value for c in ws[3]]
    assert headers[:4] == ["CT", "Đơn vị", "Quý I: kết quả", "Quý I: tỷ lệ đạt"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] == 1]
    office = rows[0]
    assert office[1] == "Toàn huyện"
    assert office[2:10] == (100, 0.1, 250, 0.25, 150, 0.15, 700, 0.7)
    assert office[10] == (
        "Chưa đủ đơn vị (quý I: 1/3 đơn vị; quý II: 2/3 đơn vị; "
        "quý III: 1/3 đơn vị; quý IV: 2/3 đơn vị)"
    )
    assert rows[1][1:10] == ("Xã Phước Sơn", 100, 0.25, 200, 0.5, None, None, 400, 1)
    assert rows[1][10] is None  # figures in some quarters: nothing to say
    # a unit with no figure counted in any quarter says so (was: a row of blanks)
    hoa = next(r for r in rows if r[1] == "Xã Phước Hòa")
    assert hoa[2:10] == (None,) * 8
    assert hoa[10] == "Chưa có số liệu được tính (chưa gửi báo cáo, hoặc báo cáo còn lỗi)"


def test_progress_of_an_earlier_quarter_stops_there(cli, year_folder: Path) -> None:
    result = cli("rank", "--quarter", "II", "--json", cwd=year_folder)
    assert result.exit_code == 0, result.output
    progress = json.loads(result.stdout)["progress"]
    assert progress["quarters"] == [1, 2]
    assert _row(progress["office"], "", 1) == [(100, 10.0), (250, 25.0)]


def test_growth_is_exact_and_refuses_a_zero_base() -> None:
    assert growth(450, 400) == Fraction(-1, 9)
    assert growth(0, 10) is None
    assert growth(None, 10) is None


def test_summary_without_rubric_has_progress_and_charts_but_no_grades(cli, year_folder: Path) -> None:
    result = cli("summary", "--quarter", "IV", cwd=year_folder)
    assert result.exit_code == 0, result.output
    wb = load_workbook(year_folder / "ket-qua" / "tong-hop-5299-2023-quy-4.xlsx")
    assert "Xếp hạng" not in wb.sheetnames
    assert {"Biểu đồ", "Theo chỉ tiêu", "Tiến độ theo quý", "Số liệu biểu đồ"} <= set(wb.sheetnames)
    data = [[c.value for c in row[:3]] for row in wb["Số liệu biểu đồ"].iter_rows()]
    start = [r[0] for r in data].index("Tiến độ Toàn huyện theo quý") + 1
    assert data[start][:2] == ["Quý", "CT1"]
    # the office's CT1 quarter by quarter: 10%, 25%, 15%, 70%
    assert [r[1] for r in data[start + 1 : start + 5]] == [0.1, 0.25, 0.15, 0.7]
