"""The consolidated workbook, read back one level up; figures independent of order and format."""

from __future__ import annotations

import random
import shutil
import tempfile
from fractions import Fraction
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dean5299_cli.core.achievement import Scope, compute
from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.settings import load_settings
from dean5299_cli.folder import validate_folder
from dean5299_cli.samples import LAYOUTS
from tests.helpers import example_summary, submit
from tests.paths import EXAMPLES


def test_summary_workbook_and_read_back(cli, tmp_path):
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    out = tmp_path / "tong-hop.xlsx"
    result = cli("summary", "-o", str(out), cwd=folder)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    ws = wb["Tổng hợp"]
    header = [c.value for c in ws[10]]  # the hidden row of field codes, for machines
    assert header[:5] == [None, "Đơn vị", None, "ct1", None]
    total = next(
        r
        for r in ws.iter_rows(min_row=11, values_only=True)
        if r[1] and str(r[1]).startswith("Tổng cộng")
    )
    assert total[3] == 8529 and total[5] == 18907
    assert ws["E9"].value == "Mức đạt so với chỉ tiêu"
    assert abs(total[4] - 1.462) < 1e-9  # truncated like the report: 146,2%
    assert ws.freeze_panes == "D11"
    assert ws.conditional_formatting
    # Every unit is far above chỉ tiêu 3's low target (about 183%), and nothing is unusual:
    # no cell is orange ("cần kiểm tra lại" on every unit would be noise).
    assert _orange_cells(ws) == []
    assert {"Chỉ tiêu", "Biểu đồ"} <= set(wb.sheetnames)
    # the set's targets, said without a level's word: was "Chỉ tiêu toàn tỉnh" in a commune's
    assert [c.value for c in wb["Chỉ tiêu"][1]][4] == "Chỉ tiêu theo Đề án"
    assert wb["Biểu đồ"]._charts
    # One level up: the province reads the district's summary as the district's one row.
    assert (ws["B7"].value, ws["C7"].value) == ("Đơn vị báo cáo", "Huyện đoàn Tuy Phước")
    up = tmp_path / "tinh"
    up.mkdir()
    shutil.copy(out, up / "tuy-phuoc.xlsx")
    report = validate_folder(up, year=2023, quarter=4)
    assert [s.unit for s in report.current] == ["Huyện đoàn Tuy Phước"]
    assert not [p for p in report.problems if p.severity.value == "error"]
    figures = compute_figures(report, load_set(2023), None)
    assert figures.totals["ct1"] == 8529 and figures.totals["ct8_tong"] == 27180


ORANGE = "F8CBAD"


def _orange_cells(ws) -> list[str]:
    return [
        str(cell_range)
        for cf in ws.conditional_formatting
        for rule in cf.rules
        if rule.dxf is not None and rule.dxf.fill is not None and ORANGE in str(rule.dxf.fill.fgColor.rgb)
        for cell_range in cf.sqref.ranges
    ]


def test_orange_is_where_the_checks_found_something_unusual(cli, tmp_path):
    from tests.helpers import SETTINGS, make_workspace

    folder = make_workspace(tmp_path, SETTINGS + "far_above_percent: 150\n")
    submit(folder, "ps.xlsx", ct1=1000)  # Phước Sơn's allocations: 400 for chỉ tiêu 1, 500 for 2
    out = tmp_path / "s.xlsx"
    result = cli("summary", "-o", str(out), "--quarter", "IV", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    # Chỉ tiêu 1 (250%) and 2 (240%), the two validate warns of, each with its reason.
    cells = _orange_cells(ws)
    assert sorted(ws[c].comment.text for c in cells) == [
        "đạt 240,0% chỉ tiêu giao, vượt ngưỡng 150%",
        "đạt 250,0% chỉ tiêu giao, vượt ngưỡng 150%",
    ]
    assert {ws[f"B{ws[c].row}"].value for c in cells} == {"Xã Phước Sơn"}
    notes = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "cam — số liệu bất thường (lý do ghi trong chú thích của ô)" in notes


def test_text_from_inputs_is_never_a_formula(tmp_path, cli):
    folder = tmp_path / "f"
    path = submit(folder, "a.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["C3"].value = '=HYPERLINK("http://x","y")'
    wb.active["C3"].data_type = "s"  # a unit typed a name starting with "=" as text
    wb.save(path)
    out = tmp_path / "s.xlsx"
    result = cli(
        "summary", str(folder), "-o", str(out), "--year", "2023", "--quarter", "4", cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Tổng hợp"]
    cell = ws["B11"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(seed=st.integers(0, 10**6))
def test_figures_do_not_depend_on_order_layout_or_format(seed):
    source = EXAMPLES / "tuy-phuoc-2023"
    loaded = load_settings(source / "don-vi.yaml")
    base = validate_folder(source / "bao-cao-don-vi", settings=loaded.settings)
    expected = compute_figures(base, load_set(2023), loaded.settings)
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        subs = list(base.current)
        rng.shuffle(subs)
        for i, sub in enumerate(subs):
            name = f"{rng.randint(0, 10**6):07d}-{i}{rng.choice(['.xlsx', '.xlsm'])}"
            submit(
                folder,
                name,
                unit=sub.unit,
                values=sub.values,
                layout=rng.choice(LAYOUTS),
                as_of=sub.as_of,
            )
        report = validate_folder(folder, settings=loaded.settings, year=2023, quarter=4)
        got = compute_figures(report, load_set(2023), loaded.settings)
    assert got.totals == expected.totals
    assert [(r.achieved, r.achievement, r.rate) for r in got.district] == [
        (r.achieved, r.achievement, r.rate) for r in expected.district
    ]
    assert [u.unit for u in got.units] == [u.unit for u in expected.units]


@given(num=st.integers(0, 10**6), den=st.integers(0, 10**6))
def test_a_rate_never_passes_100_percent_without_a_flag(num, den):
    from dean5299_cli.core.flags import UnitResults, contradictions
    from dean5299_cli.core.status import FlagKind

    ratio = load_set(2023).indicators[2]
    result = compute(ratio, {"ct3_tu": num, "ct3_mau": den}, Scope(""))
    flags = contradictions(UnitResults("Xã A", (result,)))
    if num > den:  # also with a denominator of 0, where there is no rate at all
        assert [f.kind for f in flags] == [FlagKind.CONTRADICTION]
        assert f"tử số {format_int(num)} lớn hơn mẫu số {format_int(den)}" == flags[0].reason
    else:
        assert flags == []
    if den == 0:
        assert result.rate is None and result.achievement is None


def test_per_unit_minimum_and_missing_allocation():
    ind_set = load_set(2023)
    minimum = ind_set.indicators[5]
    r = compute(minimum, {"ct6": 110}, Scope("", unit_count=13, units_reached=9))
    assert r.target == 78 and r.target_source.value == "minimum-x-units"
    r = compute(minimum, {"ct6": 110}, Scope("", allocation=138, unit_count=13))
    assert r.target == 138 and r.achievement == Fraction(110, 138)
    count = ind_set.indicators[0]
    r = compute(count, {"ct1": 10}, Scope("Xã A"))
    assert r.target is None and r.achievement is None and r.target_source.value == "none"


def test_population_share_and_deadline():
    import datetime as dt

    ind_set = load_set(2024)
    share = ind_set.indicators[6]
    r = compute(share, {"ct7": 1000}, Scope("", population=12345))
    # 10% of 12.345 is 1.234,5: the target is the 1.235 people it takes to reach 10%
    assert r.target == 1235 and r.rate == Fraction(1000, 12345)
    assert r.achievement == Fraction(1000, 1235)
    vneid = ind_set.indicators[7]
    values = {"ct8_tong": 120, "ct8_da_kich_hoat": 100, "ct8_cho_duyet": 20}
    before = compute(vneid, values, Scope("", allocation=100, as_of=dt.date(2024, 6, 30)))
    assert before.deadline_status.value == "met" and before.parts_add_up
    late = compute(vneid, values, Scope("", allocation=150, as_of=dt.date(2024, 7, 2)))
    assert late.deadline_status.value == "missed"


def test_chart_data_sheet_prints_its_headers_whole(cli, tmp_path):
    """The helper sheet "Số liệu biểu đồ" on paper: every header over a column of figures fits
    its column (on the lines its row is tall enough for), every unit name fits the first column,
    each table is ruled, and the pages are numbered."""
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    out = tmp_path / "tong-hop.xlsx"
    assert cli("summary", "-o", str(out), cwd=folder).exit_code == 0
    ws = openpyxl.load_workbook(out)["Số liệu biểu đồ"]
    widths = set(ws.column_dimensions)  # the columns given a width (openpyxl adds on reading)
    heads = [row for row in ws.iter_rows() if row[0].value in ("Chỉ tiêu", "Quý", "Đơn vị")]
    assert len(heads) == 9  # the office, its progress, one per indicator (7)
    for row in heads:
        for cell in row[1:]:
            if cell.value is None:
                continue
            written = cell.column_letter in widths  # else Excel's default width
            width = ws.column_dimensions[cell.column_letter].width if written else 8.43
            height = ws.row_dimensions[cell.row].height or 15
            lines, used = 1, 0  # the words of the header, broken as the cell wraps them
            for word in str(cell.value).split():
                if used and used + 1 + len(word) > width - 1:
                    lines, used = lines + 1, len(word)
                else:
                    used += len(word) + (1 if used else 0)
            assert cell.alignment.wrap_text or lines == 1, cell.value
            longest = max(len(word) for word in str(cell.value).split())
            assert lines * 15 <= height and longest < width, (cell.value, width, height)
            assert cell.border.left.style == "thin"
    names = [c.value for (c,) in ws.iter_rows(max_col=1) if c.value and not c.font.bold]
    assert "Thị trấn Tuy Phước" in names
    assert "A" in widths
    assert max(len(str(n)) for n in names) < ws.column_dimensions["A"].width
    assert ws.oddFooter.center.text == "Trang &P/&N"


def test_the_indicator_sheet_wraps_every_column_on_rows_tall_enough(cli, tmp_path):
    """Printed, the sheet 'Chỉ tiêu' cut 'cơ cấu (tổng và các phần)' and '250.000 tài khoản
    (trước ngày 31/12/2026)' under the next column: only the title wrapped."""
    out = example_summary(cli, tmp_path, "gia-lai-2026", "--quarter", "III")
    sheet = openpyxl.load_workbook(out)["Chỉ tiêu"]
    breakdown = next(r for r in sheet.iter_rows(min_row=2) if r[2].value == "cơ cấu (tổng và các phần)")
    assert breakdown[4].value == "250.000 tài khoản (trước ngày 31/12/2026)"
    assert all(c.alignment.wrap_text for c in breakdown[1:])
    assert sheet.row_dimensions[breakdown[0].row].height >= 30  # two lines at least


def test_the_indicator_sheet_says_where_its_codes_are_seen(cli, tmp_path):
    """The sheet 'Chỉ tiêu' headed its last column 'Mã trường' (read as a school's code), codes
    shown nowhere else in the workbook: now what they are and where a clerk sees them."""
    out = example_summary(cli, tmp_path, "gia-lai-2026", "--quarter", "III")
    sheet = openpyxl.load_workbook(out)["Chỉ tiêu"]
    assert [c.value for c in sheet[1]][5] == "Mã ô số liệu (cột «Mã» của biểu mẫu)"
    assert [c.value for c in sheet[2]][5] == "ct1_tu, ct1_mau"
