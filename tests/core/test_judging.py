"""Judging a folder: header values quoted, wrong files told apart from missing ones, one round of
problems per file, every unit with its status, reader notes, the exit code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from dean5299_cli.core.checking.judge import judge
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.problems import Severity
from dean5299_cli.core.records import RawFile, RawSubmission, RawValue, ReaderNote
from dean5299_cli.core.status import UnitState
from dean5299_cli.folder import validate_folder
from tests.helpers import SETTINGS, make_workspace, submit, validate_workspace

TODAY = dt.date(2024, 2, 1)


run = validate_workspace


def codes_of(report, file: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for p in report.problems:
        if p.file == file:
            found.setdefault(p.code, []).append(p)
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def edit(path: Path, **cells: object) -> None:
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb.active[ref] = value
    wb.save(path)


def test_wrong_header_values_are_quoted_not_missing(folder):
    edit(submit(folder, "a.xlsx"), C4=3000)
    edit(submit(folder, "b.xlsx", unit="TT Diêu Trì"), C5="Quý V")
    report = run(folder, year=2023, quarter=4)
    year = codes_of(report, "a.xlsx")["invalid-year"][0]
    assert year.severity is Severity.ERROR and year.cell == "C4"
    assert year.message == 'Năm "3000" không hợp lệ: cần ghi năm báo cáo, ví dụ 2024.'
    period = codes_of(report, "b.xlsx")["invalid-period"][0]
    assert period.cell == "C5" and 'Không hiểu kỳ báo cáo "Quý V"' in period.message
    assert "missing-header" not in codes_of(report, "a.xlsx") | codes_of(report, "b.xlsx")
    # The as-of date places both files in the period: they are left out for their errors,
    # not reported as units that sent nothing.
    states = {s.unit: s.state for s in report.units}
    assert states["Xã Phước Sơn"] is UnitState.INVALID
    assert states["Thị trấn Diêu Trì"] is UnitState.INVALID


def test_missing_period_is_inferred_from_the_as_of_date(folder):
    path = submit(folder, "a.xlsx", as_of=dt.date(2023, 12, 20))
    edit(path, B5=None, C5=None)
    report = run(folder)
    inferred = codes_of(report, "a.xlsx")["period-inferred"][0]
    assert inferred.severity is Severity.WARNING
    assert inferred.message == (
        'Thiếu kỳ báo cáo; đã suy ra quý IV từ ô "Tính đến ngày" (20/12/2023). '
        "Đề nghị đơn vị ghi rõ."
    )
    assert (report.year, report.quarter) == (2023, 4) and len(report.current) == 1


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("31/02/2023", "không phải là một ngày có thật"),
        (dt.datetime(2022, 12, 20), "không thuộc năm báo cáo 2023"),
        (dt.datetime(2023, 3, 31), "nằm ngoài quý IV năm 2023"),
        (dt.datetime(2099, 1, 1), "sau ngày hôm nay"),
    ],
)
def test_as_of_date_outside_the_period_is_a_warning_naming_it(folder, value, why):
    edit(submit(folder, "a.xlsx"), C6=value)
    p = codes_of(run(folder, year=2023, quarter=4), "a.xlsx")["suspect-as-of"][0]
    assert p.severity is Severity.WARNING and p.cell == "C6" and why in p.message
    # a date cell as the report writes a date (30/9/2023); text as the unit typed it
    shown = value if isinstance(value, str) else f"{value.day:02d}/{value.month}/{value.year}"
    assert f"({shown})" in p.message


def test_count_above_the_population_is_an_error(tmp_path):
    settings = SETTINGS.replace(
        "targets:\n", "targets:\n  2024:\n    own: {}\n    population: {Phước Sơn: 500}\n"
    )
    folder = make_workspace(tmp_path, settings)
    values = {code: 0 for code in load_set(2024).field_codes} | {"ct7": 900}
    submit(folder, "ps.xlsx", year=2024, values=values)
    report = run(folder, year=2024, quarter=4)
    p = codes_of(report, "ps.xlsx")["above-population"][0]
    assert p.severity is Severity.ERROR and p.field == "ct7"
    assert "900 lớn hơn số công dân từ 14 tuổi trở lên của đơn vị (500)" in p.message
    assert report.left_out == [("Xã Phước Sơn", "ps.xlsx")]


def test_a_wrong_file_is_not_a_missing_file(folder):
    submit(folder, "ps.xlsx")
    submit(folder, "Phuoc Hoa.xlsx", unit="Xã Phước Hòa", quarter=3)  # last quarter's, re-sent
    (folder / "BC Q4 - Dieu Tri.pdf").write_bytes(b"%PDF-1.4")  # a PDF instead of the workbook
    report = run(folder)
    status = {s.unit: s for s in report.units}
    assert [s.unit for s in report.units] == ["Xã Phước Sơn", "Thị trấn Diêu Trì", "Xã Phước Hòa"]
    assert status["Xã Phước Sơn"].state is UnitState.REPORTED
    hoa = status["Xã Phước Hòa"]
    assert hoa.state is UnitState.WRONG_FILE and hoa.files == ("Phuoc Hoa.xlsx",)
    assert hoa.detail == 'tệp "Phuoc Hoa.xlsx" là báo cáo quý III năm 2023'
    tri = status["Thị trấn Diêu Trì"]
    assert tri.state is UnitState.WRONG_FILE
    assert tri.detail == 'tệp "BC Q4 - Dieu Tri.pdf" không phải bảng tính Excel'
    missing = {p.unit: p.message for p in report.problems if p.code == "missing-unit"}
    assert missing["Xã Phước Hòa"] == (
        "Đơn vị Xã Phước Hòa chưa có báo cáo quý IV năm 2023 dùng được: "
        'tệp "Phuoc Hoa.xlsx" là báo cáo quý III năm 2023.'
    )
    assert "chưa gửi" not in missing["Thị trấn Diêu Trì"]


def test_an_approximate_name_and_another_year_are_wrong_files(folder):
    submit(folder, "ps.xlsx")
    submit(folder, "hoa.xlsx", unit="Xã Phước Hòaa")
    submit(folder, "dt.xlsx", unit="TT Diêu Trì", year=2022)
    report = run(folder, year=2023, quarter=4)
    status = {s.unit: s for s in report.units}
    assert status["Xã Phước Hòa"].state is UnitState.WRONG_FILE
    assert (
        status["Xã Phước Hòa"].detail
        == 'tệp "hoa.xlsx" ghi đơn vị "Xã Phước Hòaa", gần giống tên đơn vị'
    )
    # last year's report is the folder's history: nothing arrived for this period
    assert (status["Thị trấn Diêu Trì"].state, status["Thị trấn Diêu Trì"].detail) == (
        UnitState.NOT_SENT,
        "",
    )


def test_nothing_sent_is_not_sent(folder):
    submit(folder, "ps.xlsx")
    report = run(folder)
    status = {s.unit: s for s in report.units}
    assert status["Xã Phước Hòa"].state is UnitState.NOT_SENT and status["Xã Phước Hòa"].files == ()
    msg = next(
        p.message for p in report.problems if p.code == "missing-unit" and p.unit == "Xã Phước Hòa"
    )
    assert msg == "Đơn vị Xã Phước Hòa chưa gửi báo cáo quý IV năm 2023."


def test_a_period_mismatch_file_still_gets_every_other_check(folder):
    submit(folder, "ps.xlsx", quarter=3)
    submit(folder, "dt.xlsx", unit="TT Diêu Trì", ct3_tu=999, ct5="abc")  # quarter IV: too late
    report = run(folder, year=2023, quarter=3)
    found = codes_of(report, "dt.xlsx")
    assert {"period-mismatch", "numerator-exceeds-denominator", "not-a-number"} <= set(found)


def test_reader_notes_become_problems():
    sub = RawSubmission(
        sheet="Báo cáo",
        unit=RawValue("Xã Phước Sơn", "C3"),
        year=RawValue(2023, "C4"),
        quarter=RawValue("Quý IV", "C5"),
        as_of=None,
        notes=(ReaderNote("unknown-field", "C30", {"found_code": "ct99", "year": "2023"}),),
    )
    raw = RawFile("a.xlsx", (sub,), notes=(ReaderNote("skipped-file", None, {"reason": "thử"}),))
    report = judge([raw], load_set=load_set, today=TODAY)
    notes = [
        (p.code, p.cell, p.sheet, p.unit)
        for p in report.problems
        if p.code in ("unknown-field", "skipped-file")
    ]
    assert notes == [  # warnings before notes of the same file
        ("unknown-field", "C30", "Báo cáo", "Xã Phước Sơn"),
        ("skipped-file", None, None, None),
    ]


def test_file_status_is_an_enum_serialised_as_before(folder):
    from dean5299_cli.core.checking.records import FileStatus

    submit(folder, "ps.xlsx")
    (folder / "desktop.ini").write_text("x", encoding="utf-8")
    report = run(folder)
    assert {f.file: f.status for f in report.files} == {
        "desktop.ini": FileStatus.SKIPPED,
        "ps.xlsx": FileStatus.OK,
    }
    data = report.to_json()
    assert [f["status"] for f in data["files"]] == ["skipped", "ok"]
    assert data["units"][1] == {
        "unit": "Thị trấn Diêu Trì",
        "state": "not-sent",
        "files": [],
        "detail": "",
    }


def test_exit_code_for_a_report():
    from dean5299_cli.cli.errors import exit_code_for
    from dean5299_cli.core.checking.records import ValidationReport
    from dean5299_cli.core.problems import problem

    report = ValidationReport(year=2023, quarter=4)
    assert exit_code_for(report) == 0
    report.problems.append(problem("blank-value", "a.xlsx", label="x", state="để trống"))
    assert exit_code_for(report) == 0
    report.problems.append(problem("negative-value", "a.xlsx", label="x", value="-1"))
    assert exit_code_for(report) == 1


def test_a_suspect_target_is_said_before_anything_is_written(cli, tmp_path):
    settings = SETTINGS.replace("own: {1: 1000,", "own: {1: 23,")  # 23.000 typed as 23
    folder = make_workspace(tmp_path, settings)
    submit(folder, "ps.xlsx", ct1=8847)
    result = cli("summary", "--year", "2023", "--quarter", "4", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "Cảnh báo: Chỉ tiêu 1: đạt 38.465,2% chỉ tiêu giao (8.847/23)" in err
    assert err.index("38.465,2%") < err.index("Đã ghi bảng tổng hợp")


def test_a_period_that_cannot_be_read_is_a_wrong_file(folder):
    submit(folder, "ps.xlsx")
    edit(submit(folder, "hoa.xlsx", unit="Xã Phước Hòa"), C5="Quý V", C6=None)
    report = run(folder, year=2023, quarter=4)
    hoa = next(s for s in report.units if s.unit == "Xã Phước Hòa")
    assert hoa.state is UnitState.WRONG_FILE
    assert hoa.detail == 'tệp "hoa.xlsx" ghi kỳ báo cáo "Quý V", không rõ là quý nào'


def test_library_face_equals_the_folder_calls(folder):
    from dean5299_cli import api
    from dean5299_cli.core.figures import compute_figures

    submit(folder, "ps.xlsx")
    loaded = api.load(folder.parent / "don-vi.yaml")
    report = api.check_folder(folder, settings=loaded.settings)
    assert report.to_json() == run(folder).to_json()
    figures = api.tally(report, loaded.settings)
    assert figures == compute_figures(report, load_set(2023), loaded.settings)
    assert figures.totals["ct1"] == 450


def test_validate_json_carries_units_and_flags(cli, folder):
    submit(folder, "ps.xlsx")
    result = cli("validate", "--json", cwd=folder.parent)
    data = json.loads(result.stdout)
    assert [u["state"] for u in data["units"]] == ["reported", "not-sent", "not-sent"]
    assert data["flags"] == []


def test_a_note_naming_its_field_is_placed_not_formatted():
    from dean5299_cli.core.checking.intake import note_problem

    note = ReaderNote("blank-value", "E9", {"field": "ct1", "label": "Số ct1", "state": "để trống"})
    p = note_problem(note, "a.xlsx", sheet="S", unit="Xã A")
    assert (p.file, p.sheet, p.cell, p.unit, p.field) == ("a.xlsx", "S", "E9", "Xã A", "ct1")
    assert p.message == "Số ct1 để trống: tính là 0."


def test_without_a_unit_list_every_unit_seen_has_a_status(tmp_path):
    folder = tmp_path / "bc"
    submit(folder, "a.xlsx", unit="Xã Một")
    submit(folder, "b.xlsx", unit="Xã Hai", year=2024)  # a later year: a wrong file
    report = validate_folder(folder, year=2023, quarter=4)
    assert [(s.unit, s.state) for s in report.units] == [
        ("Xã Một", UnitState.REPORTED),
        ("Xã Hai", UnitState.WRONG_FILE),
    ]
    assert report.missing_units == []  # "missing" needs a list of units


def test_a_folder_of_a_year_without_indicator_set_says_so_instead_of_blaming_every_unit(folder):
    """Every file says 2031 and no set exists for it: another year's set made each unit 'send
    the wrong period' (a commune's 2026 files checked without its working folder were all
    told they were not the 2024 report). The run stops naming the year and how to add a set."""
    from dean5299_cli.core.errors import MissingSetError

    for name, unit in (("ps.xlsx", "Xã Phước Sơn"), ("a.xlsx", "TT Diêu Trì")):
        edit(submit(folder, name, unit=unit), C4=2031)
    submit(folder, "b.xlsx", unit="Phước Hòa")  # one file of 2023: fewer than those of 2031
    with pytest.raises(MissingSetError) as stop:
        run(folder)
    assert "Các tệp báo cáo trong thư mục ghi năm 2031" in str(stop.value)
    assert "dean5299 targets --new 2031" in str(stop.value)
    report = run(folder, year=2023)  # a year asked: judged as before
    assert "period-mismatch" in codes_of(report, "a.xlsx")


def test_one_file_with_a_year_without_indicator_set_does_not_stop_the_run(folder):
    submit(folder, "ps.xlsx")
    submit(folder, "a.xlsx", unit="TT Diêu Trì", as_of=dt.date(2023, 12, 20))
    edit(folder / "a.xlsx", C4=2031)  # a slip: there is no indicator set for 2031
    edit(submit(folder, "b.xlsx", unit="Phước Hòa"), C4=None, C6=dt.datetime(1900, 1, 1))
    report = run(folder)  # no --year: chosen from the files that can be judged
    assert (report.year, report.quarter) == (2023, 4)
    assert "period-mismatch" in codes_of(report, "a.xlsx")
    assert "missing-header" in codes_of(report, "b.xlsx")  # 1900 is an empty date, no year
    assert [s.unit for s in report.current] == ["Xã Phước Sơn"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2024, 1, 5), None),  # quý IV signed early in January: still its report
        (dt.datetime(2024, 1, 31), None),  # the 31st day after the quarter's end: last one kept
        (dt.datetime(2024, 2, 1), "không thuộc năm báo cáo 2023"),
    ],
)
def test_a_fourth_quarter_report_dated_early_next_january_is_not_another_year(
    folder, value, expected
):
    edit(submit(folder, "a.xlsx"), C6=value)
    found = codes_of(run(folder, year=2023, quarter=4), "a.xlsx").get("suspect-as-of", [])
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0].message


def test_one_unit_s_next_quarter_does_not_choose_the_folder_s_quarter(folder):
    """Every unit's quý III, and Phước Sơn's quý IV too (its next quarter's tab, a file sent
    early): the latest quarter any file carried was chosen, quý IV, and the two other units'
    reports were each "gửi nhầm". Each unit votes once, for its latest quarter; the clerk is
    told first which quarter was chosen and how to ask the other."""
    units = {"ps.xlsx": "Xã Phước Sơn", "dt.xlsx": "TT Diêu Trì", "ph.xlsx": "Xã Phước Hòa"}
    for name, unit in units.items():
        submit(folder, name, unit=unit, quarter=3)
    submit(folder, "ps-q4.xlsx", quarter=4)
    report = run(folder)
    assert (report.year, report.quarter) == (2023, 3) and len(report.current) == 3
    (notice,) = [p for p in report.problems if p.code == "quarter-chosen"]
    assert notice.severity is Severity.INFO and notice.message == (
        "Chưa ghi kỳ cần tổng hợp: đã chọn quý III năm 2023, kỳ báo cáo mới nhất của 2 đơn vị; "
        "1 đơn vị đã có báo cáo quý IV năm 2023 (Xã Phước Sơn). Để tổng hợp quý IV năm 2023, "
        "chạy lại với --quarter IV."
    )
    assert [p.code for p in report.problems if p.file == "ps-q4.xlsx"] == ["later-period"]
    # said first, before the title (as the year chosen is)
    from dean5299_cli.core.validation_view import build_view

    assert build_view(report, None).notices[-1] == f"Chú ý: {notice.message}"
    # asked, the quarter is the clerk's: nothing to say
    asked = run(folder, quarter=4)
    assert asked.quarter == 4 and not [p for p in asked.problems if p.code == "quarter-chosen"]
    # a tie (Diêu Trì's quý III, Phước Hòa's quý IV) goes to the later quarter, no unit ahead
    for name in ("ps.xlsx", "ps-q4.xlsx", "ph.xlsx"):
        (folder / name).unlink()
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa", quarter=4)
    tie = run(folder)
    assert tie.quarter == 4 and not [p for p in tie.problems if p.code == "quarter-chosen"]
