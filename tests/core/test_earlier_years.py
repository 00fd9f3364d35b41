"""Last year's reports kept in the submissions folder: the folder's history, never an error to fix.

The guide (§3.2) lets the clerk keep earlier reports in the folder. Figures are cumulative within
a year, so last year's reports are neither checked, added up nor compared: they are set aside,
said in one line for all of them, and a unit that has sent nothing for the period but last
year's report is "chưa gửi (chỉ có báo cáo … năm …)", as for an earlier quarter.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dean5299_cli.core.problems import Severity
from dean5299_cli.core.reminders import build_reminders, message
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.status import UnitState
from dean5299_cli.core.validation_view import Rank, build_view
from dean5299_cli.folder import validate_folder
from tests.helpers import make_workspace, submit

SET_ASIDE = (
    "{n} tệp là báo cáo năm 2022 (năm trước): để trong thư mục được, đơn vị không phải sửa; "
    "chương trình không kiểm tra, không cộng và không dùng các tệp này để so sánh với năm 2023 "
    "(số liệu cộng dồn tính lại từ đầu mỗi năm)."
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def _run(folder: Path, **kw: int):
    settings = load_settings(folder.parent / "don-vi.yaml").settings
    return validate_folder(folder, settings=settings, **kw), settings


def test_last_years_report_beside_this_years_is_set_aside_not_an_error(folder: Path) -> None:
    submit(folder, "ps.xlsx")
    # last year's quý IV: higher figures (a comparison would call 450 a fall) and a unit name
    # the list no longer has (a commune merged since): neither is anything to fix now
    submit(folder, "nam-2022/ps.xlsx", year=2022, ct1=900)
    submit(folder, "nam-2022/cu.xlsx", unit="Xã Phước Cũ", year=2022, quarter=3, ct1=-5)
    report, settings = _run(folder, quarter=4)
    assert report.year == 2023
    assert [(p.severity, p.code) for p in report.problems if p.severity is not Severity.INFO] == [
        (Severity.WARNING, "missing-unit"),
        (Severity.WARNING, "missing-unit"),
    ]
    assert not report.has_errors
    assert [(s.unit, s.values["ct1"]) for s in report.current] == [("Xã Phước Sơn", 450)]
    assert report.history == []
    status = {f.file: f.status.value for f in report.files}
    assert status == {"nam-2022/cu.xlsx": "history", "nam-2022/ps.xlsx": "history", "ps.xlsx": "ok"}
    notes = [p for p in report.problems if p.code == "earlier-year-files"]
    assert [(p.file, p.severity, p.message) for p in notes] == [
        ("", Severity.INFO, SET_ASIDE.format(n=2))
    ]
    view = build_view(report, settings)
    assert [(a.who, a.text) for a in view.actions] == [
        ("Thị trấn Diêu Trì", "chưa gửi"),
        ("Xã Phước Hòa", "chưa gửi"),
    ]
    assert view.summary.endswith("1 thông tin khác (xem bằng --tat-ca).")


def test_a_unit_with_only_last_years_report_has_not_sent_yet(folder: Path) -> None:
    submit(folder, "ps.xlsx")
    submit(folder, "nam-2022/q3/dt.xlsx", unit="TT Diêu Trì", year=2022, quarter=3)
    submit(folder, "nam-2022/q4/dt.xlsx", unit="TT Diêu Trì", year=2022)
    report, settings = _run(folder, quarter=4)
    assert not report.has_errors
    dieu_tri = next(a for a in build_view(report, settings).actions if a.who == "Thị trấn Diêu Trì")
    assert (dieu_tri.rank, dieu_tri.text) == (
        Rank.NOT_SENT,
        "chưa gửi (chỉ có báo cáo quý IV năm 2022)",
    )
    reminders = build_reminders(report, office="Huyện đoàn")
    case = next(c for c in reminders.cases if c.unit == "Thị trấn Diêu Trì")
    assert message(case, reminders) == (
        "[Thị trấn Diêu Trì] Báo cáo Đề án 5299 quý IV năm 2023: Huyện đoàn chưa nhận được báo "
        "cáo của đơn vị.\nĐề nghị đồng chí sớm gửi báo cáo theo đúng biểu mẫu của Huyện đoàn. "
        "Xin cảm ơn!"
    )


def test_quarter_one_beside_last_years_quarter_four_tells_no_unit_to_fix(folder: Path) -> None:
    """Early in a year: every unit's quý IV report of last year (dated early in January, still
    that quarter's), this year's quý I from one unit. Last year's files outnumber this year's,
    yet the year of quý I asked is this one, and nobody is told to fix a file."""
    for name, unit in (("ps", "Xã Phước Sơn"), ("dt", "TT Diêu Trì"), ("ph", "Xã Phước Hòa")):
        submit(folder, f"q4/{name}.xlsx", unit=unit, year=2022, as_of=dt.date(2023, 1, 5))
    submit(folder, "ps.xlsx", quarter=1, as_of=dt.date(2023, 3, 25))
    report, settings = _run(folder, quarter=1)
    assert (report.year, report.quarter, report.has_errors) == (2023, 1, False)
    assert [(s.unit, s.values["ct1"]) for s in report.current] == [("Xã Phước Sơn", 450)]
    actions = [(a.who, a.rank, a.text) for a in build_view(report, settings).actions]
    assert actions == [
        ("Thị trấn Diêu Trì", Rank.NOT_SENT, "chưa gửi (chỉ có báo cáo quý IV năm 2022)"),
        ("Xã Phước Hòa", Rank.NOT_SENT, "chưa gửi (chỉ có báo cáo quý IV năm 2022)"),
    ]
    assert [p.message for p in report.problems if p.code == "earlier-year-files"] == [
        SET_ASIDE.format(n=3)
    ]


def test_a_year_of_old_reports_does_not_choose_the_year(folder: Path) -> None:
    """No year asked: each unit counts once, at its latest year (was: the year most files carry,
    so two quarters of last year kept in the folder made the whole run last year's)."""
    for quarter in (3, 4):
        for name, unit in (("ps", "Xã Phước Sơn"), ("dt", "TT Diêu Trì"), ("ph", "Xã Phước Hòa")):
            submit(folder, f"2022/q{quarter}/{name}.xlsx", unit=unit, year=2022, quarter=quarter)
    submit(folder, "ps.xlsx")
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    report, _ = _run(folder)
    assert (report.year, report.quarter, report.has_errors) == (2023, 4, False)
    assert sorted(s.unit for s in report.current) == ["Xã Phước Hòa", "Xã Phước Sơn"]


def test_last_years_year_cell_with_a_date_of_this_year_is_still_a_wrong_period(
    folder: Path,
) -> None:
    """The year cell says 2022 but "Tính đến ngày" is in the quarter checked: this year's report
    with a slip in the year, never set aside as last year's."""
    submit(folder, "ps.xlsx")
    submit(folder, "dt.xlsx", unit="TT Diêu Trì", year=2022, as_of=dt.date(2023, 12, 20))
    report, settings = _run(folder, quarter=4)
    wrong = [(p.code, p.severity, p.message) for p in report.problems if p.file == "dt.xlsx"]
    assert wrong[0] == (
        "period-mismatch",
        Severity.ERROR,
        "Tệp báo cáo quý IV năm 2022, không phải kỳ đang tổng hợp (quý IV năm 2023).",
    )
    status = {s.unit: s.state for s in report.units}
    assert status["Thị trấn Diêu Trì"] is UnitState.WRONG_FILE
    assert not any(p.code == "earlier-year-files" for p in report.problems)
