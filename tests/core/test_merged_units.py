"""Merged units' history, a submission against an export row, and the year the judge assumes."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from docx import Document

from dean5299_cli.cli.context import notices_before_writing
from dean5299_cli.core.checking.judge import judge
from dean5299_cli.core.checking.records import FileStatus
from dean5299_cli.core.figures import compute_figures
from dean5299_cli.core.indicator_sets import library_of
from dean5299_cli.core.indicators import load_set
from dean5299_cli.core.problems import Severity
from dean5299_cli.core.records import RawFile, RawSubmission, RawValue
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.validation_view import ViewMode, build_view
from dean5299_cli.duplicates import newer_copies_only
from dean5299_cli.folder import validate_folder
from dean5299_cli.sample_tables import write_export
from tests.helpers import SETTINGS, VALUES_2023, make_workspace, submit

# A phường that absorbed three communes on 30/6; its quarter III is compared with their quarter II.
MERGED = (
    SETTINGS.replace(
        "  - name: Xã Phước Hòa\n",
        "  - name: Xã Phước Hòa\n"
        "  - name: Phường Diêu Trì Mới\n"
        "    former_names:\n"
        "      - {name: Xã Phước An, until: 2023-06-30}\n"
        "      - {name: Xã Phước Thành, until: 2023-06-30}\n"
        "      - {name: Xã Phước Lộc, until: 2023-06-30}\n",
    )
)
NEW = "Phường Diêu Trì Mới"
OLD_Q2 = (("Xã Phước An", 100), ("Xã Phước Thành", 150), ("Xã Phước Lộc", 200))  # ct1: 450


def _run(folder: Path):
    loaded = load_settings(folder.parent / "don-vi.yaml")
    return validate_folder(folder, settings=loaded.settings, indicator_sets=library_of(loaded))


def _codes(report, code: str):
    return [p for p in report.problems if p.code == code]


def _merged_folder(tmp_path: Path, q3_ct1: int, old: tuple[tuple[str, int], ...] = OLD_Q2) -> Path:
    """Each former commune sent the sample figures for quarter II (ct1, ct5 their own); the
    phường sends three times the sample for quarter III (ct1 given, ct5 = 70)."""
    folder = make_workspace(tmp_path, MERGED)
    for i, (unit, ct1) in enumerate(old):
        submit(folder, f"quy-2/{i}.xlsx", unit=unit, quarter=2, ct1=ct1, ct5=10 * (i + 1))
    tripled = {code: 3 * value for code, value in VALUES_2023.items()}
    submit(folder, "quy-3/phuong.xlsx", unit=NEW, quarter=3, values=tripled, ct1=q3_ct1, ct5=70)
    return folder


def test_three_former_communes_are_summed_for_the_comparison(tmp_path: Path) -> None:
    # 100 + 150 + 200 = 450 before; 500 now: up, no decrease although 500 > each commune alone
    folder = _merged_folder(tmp_path, 500)
    report = _run(folder)
    assert _codes(report, "cumulative-decrease") == []
    (history,) = [h for h in report.history if h.unit == NEW]
    assert history.quarter == 2 and history.values["ct1"] == 450 and history.values["ct5"] == 60
    assert history.values["ct2"] == 3 * VALUES_2023["ct2"]
    assert history.file == "quy-2/0.xlsx + quy-2/1.xlsx + quy-2/2.xlsx"
    (note,) = _codes(report, "merged-history")
    assert note.severity is Severity.INFO and note.unit == NEW
    assert note.message == (
        f"Số liệu quý II năm 2023 của {NEW} dùng để so sánh là tổng của các đơn vị cũ đã hợp "
        'nhất: Xã Phước An, Xã Phước Thành, Xã Phước Lộc (tệp "quy-2/0.xlsx", "quy-2/1.xlsx", '
        '"quy-2/2.xlsx").'
    )
    settings = load_settings(tmp_path / "don-vi.yaml").settings
    figures = compute_figures(report, load_set(2023), settings)
    (unit,) = [u for u in figures.units if u.unit == NEW]
    assert unit.previous is not None and unit.previous["ct1"] == 450
    # the validate view shows the note under the unit, without an empty file name
    view = build_view(report, settings, mode=ViewMode.ALL)
    (group,) = [g for g in view.groups if any(d.code == "merged-history" for d in g.details)]
    assert group.heading == NEW


def test_a_decrease_is_measured_against_the_sum(tmp_path: Path) -> None:
    folder = _merged_folder(tmp_path, 420)  # 420 < 450, though above every commune's figure
    (decrease,) = _codes(_run(folder), "cumulative-decrease")
    assert decrease.unit == NEW and decrease.field == "ct1"
    assert "giảm từ 450 (quý II, tệp quy-2/0.xlsx + quy-2/1.xlsx + quy-2/2.xlsx) xuống 420" in (
        decrease.message
    )


def test_a_missing_former_commune_leaves_the_quarter_out_of_comparisons(tmp_path: Path) -> None:
    folder = _merged_folder(tmp_path, 120, OLD_Q2[:2])  # Phước Lộc's quarter II not sent
    report = _run(folder)
    assert _codes(report, "cumulative-decrease") == []  # 120 < 100 + 150, but no full sum
    assert [h for h in report.history if h.unit == NEW] == []
    (note,) = _codes(report, "merged-history-incomplete")
    assert note.message == (
        f"Không so sánh với quý II năm 2023 cho {NEW}: có số liệu của Xã Phước An, Xã Phước "
        "Thành nhưng thiếu Xã Phước Lộc (đơn vị cũ đã hợp nhất), nên chưa có tổng để so sánh."
    )


def test_the_units_own_earlier_file_wins_over_its_former_units(tmp_path: Path) -> None:
    folder = _merged_folder(tmp_path, 500)
    submit(folder, "quy-2/phuong.xlsx", unit=NEW, quarter=2, ct1=480)  # sent under its new name
    report = _run(folder)
    (history,) = [h for h in report.history if h.unit == NEW]
    assert (history.file, history.values["ct1"]) == ("quy-2/phuong.xlsx", 480)
    assert _codes(report, "merged-history") == []


def test_the_report_states_the_change_against_the_summed_quarter(cli, tmp_path: Path) -> None:
    folder = _merged_folder(tmp_path, 500)
    for unit, ct1 in (("Xã Phước Sơn", 300), ("Thị trấn Diêu Trì", 200), ("Xã Phước Hòa", 100)):
        submit(folder, f"quy-2/{unit}.xlsx", unit=unit, quarter=2, ct1=ct1)
        submit(folder, f"quy-3/{unit}.xlsx", unit=unit, quarter=3, ct1=ct1 + 50)
    result = cli("report", "--quarter", "III", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = "\n".join(
        p.text for p in Document(str(tmp_path / "ket-qua/bao-cao-5299-2023-quy-3.docx")).paragraphs
    )
    # before: 300 + 200 + 100 + 450 (the three communes) = 1.050; now 350 + 250 + 150 + 500 = 1.250
    assert "tăng 200 tài khoản so với quý II" in text


def test_a_submission_wins_over_the_export_row_and_the_difference_is_named(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "phuoc-son.xlsx", unit="Xã Phước Sơn", ct3_tu=318, ct5=500)
    ind_set = load_set(2023)
    exported = {**VALUES_2023, "ct3_tu": 358, "ct5": 510}
    hoa = {**VALUES_2023, "ct1": 90}
    write_export(
        folder / "xuat-he-thong.xlsx",
        ind_set,
        [("Xã Phước Sơn", exported), ("Xã Phước Hòa", hoa)],
        title="KẾT QUẢ THỰC HIỆN CHỈ TIÊU QUÝ IV NĂM 2023 (xuất từ hệ thống)",
    )
    report = _run(folder)
    assert _codes(report, "duplicate-submission") == []
    current = {s.unit: s for s in report.current}
    assert current["Xã Phước Sơn"].file == "phuoc-son.xlsx"
    assert current["Xã Phước Sơn"].values["ct3_tu"] == 318
    assert current["Xã Phước Hòa"].values["ct1"] == 90  # the export's other rows still count
    (differs,) = _codes(report, "export-differs")
    assert differs.severity is Severity.WARNING and differs.file == "xuat-he-thong.xlsx"
    assert (differs.sheet, differs.cell) == ("Sheet1", "B4")  # the unit's row in the export
    assert differs.message == (
        'Đơn vị Xã Phước Sơn có cả tệp đơn vị "phuoc-son.xlsx" và một dòng trong tệp xuất này: '
        "dùng số liệu của tệp đơn vị, để riêng dòng tệp xuất. Số liệu khác nhau: "
        "ct3_tu: 318 (tệp đơn vị) ↔ 358 (tệp xuất); ct5: 500 (tệp đơn vị) ↔ 510 (tệp xuất)."
    )
    figures = compute_figures(report, ind_set, load_settings(tmp_path / "don-vi.yaml").settings)
    assert figures.totals["ct5"] == 500 + VALUES_2023["ct5"]  # the export row is not added


def test_an_erroneous_export_row_set_aside_does_not_leave_the_unit_out(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "phuoc-son.xlsx", unit="Xã Phước Sơn")
    wrong = {**VALUES_2023, "ct3_tu": 458}  # 458 > ct3_mau 410: an error in the export row
    write_export(folder / "xuat.xlsx", load_set(2023), [("Xã Phước Sơn", wrong)], title="QUÝ IV NĂM 2023")
    report = _run(folder)
    (error,) = _codes(report, "numerator-exceeds-denominator")
    assert error.file == "xuat.xlsx"
    assert [s.file for s in report.current] == ["phuoc-son.xlsx"] and report.left_out == []
    (differs,) = _codes(report, "export-differs")
    assert differs.message.endswith("ct3_tu: 300 (tệp đơn vị) ↔ 458 (tệp xuất).")


def test_an_export_row_equal_to_the_submission_is_counted_once(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "phuoc-son.xlsx", unit="Xã Phước Sơn")
    write_export(
        folder / "xuat.xlsx",
        load_set(2023),
        [("Xã Phước Sơn", VALUES_2023)],
        title="KẾT QUẢ QUÝ IV NĂM 2023",
    )
    report = _run(folder)
    assert [s.file for s in report.current] == ["phuoc-son.xlsx"]
    assert _codes(report, "export-differs") == [] and not report.has_errors
    (same,) = _codes(report, "identical-duplicate")
    assert same.file == "xuat.xlsx" and '"phuoc-son.xlsx"' in same.message


def test_an_export_row_equal_to_an_older_copy_is_not_set_aside_with_it(tmp_path: Path) -> None:
    """A unit's two copies and an export whose row holds the older copy's figures: --lay-moi-nhat
    sets the older copy aside, never the export, whose other units would go with it."""
    folder = make_workspace(tmp_path)
    submit(folder, "ps-1.xlsx", unit="Xã Phước Sơn", as_of=dt.date(2023, 12, 15))
    submit(folder, "ps-2.xlsx", unit="Xã Phước Sơn", as_of=dt.date(2023, 12, 20), ct3_tu=318)
    hoa = {**VALUES_2023, "ct1": 90}
    rows = [("Xã Phước Sơn", VALUES_2023), ("Xã Phước Hòa", hoa)]
    write_export(folder / "xuat.xlsx", load_set(2023), rows, title="KẾT QUẢ QUÝ IV NĂM 2023")
    later = (folder / "ps-2.xlsx").stat().st_mtime + 3600  # exported last, undated
    os.utime(folder / "xuat.xlsx", (later, later))
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = _run(folder)
    assert report.same_copies() == [("xuat.xlsx", "ps-1.xlsx")]
    again, _ = newer_copies_only(folder, report, loaded)
    assert [f.file for f in again.files if f.status is FileStatus.SKIPPED] == ["ps-1.xlsx"]
    current = {s.unit: s for s in again.current}
    assert current["Xã Phước Sơn"].file == "ps-2.xlsx"
    assert current["Xã Phước Hòa"].values["ct1"] == 90  # the export still counts for the others
    assert not again.has_errors



def test_an_older_export_holding_other_units_is_not_set_aside(tmp_path: Path) -> None:
    """A unit sent no file of its own, only rows in two exports that differ: --lay-moi-nhat set
    the older export aside as the unit's older copy, and Xã Phước Hòa, found only in it, was
    left out of the totals as not sent. An export is never set aside: the unit's rows stay two
    differing copies, and the older export's other units still count."""
    folder = make_workspace(tmp_path)
    hoa = {**VALUES_2023, "ct1": 90}
    write_export(
        folder / "xuat-1.xlsx",
        load_set(2023),
        [("Xã Phước Sơn", VALUES_2023), ("Xã Phước Hòa", hoa)],
        title="KẾT QUẢ QUÝ IV NĂM 2023",
    )
    write_export(
        folder / "xuat-2.xlsx",
        load_set(2023),
        [("Xã Phước Sơn", {**VALUES_2023, "ct1": 460})],
        title="KẾT QUẢ QUÝ IV NĂM 2023",
    )
    later = (folder / "xuat-1.xlsx").stat().st_mtime + 3600  # the second export, an hour later
    os.utime(folder / "xuat-2.xlsx", (later, later))
    loaded = load_settings(tmp_path / "don-vi.yaml")
    report = _run(folder)
    assert report.copy_pairs() == [("xuat-1.xlsx", "xuat-2.xlsx")]
    again, comparisons = newer_copies_only(folder, report, loaded)
    assert [f.file for f in again.files if f.status is FileStatus.SKIPPED] == []
    assert comparisons == []  # nothing for --lay-moi-nhat to choose: the unit says which is right
    current = {s.unit: s for s in again.current}
    assert current["Xã Phước Hòa"].values["ct1"] == 90
    assert "Xã Phước Sơn" not in current


def _yearless() -> RawFile:
    """A file whose header says the quarter but no year, and no as-of date."""
    raw = RawSubmission(
        sheet="Sheet1",
        unit=RawValue("Xã Phước Sơn", "C3"),
        year=None,
        quarter=RawValue("Quý IV", "C5"),
        as_of=None,
        values={"ct1": RawValue(5, "E9")},
    )
    return RawFile(path="a.xlsx", submissions=(raw,))


def test_the_set_used_without_any_year_is_said(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", unit="Xã Phước Sơn")
    later = judge([_yearless()], load_set=load_set, today=dt.date(2026, 5, 4))
    (notice,) = _codes(later, "year-assumed")
    assert notice.severity is Severity.INFO
    assert notice.message == (
        "Không tệp nào ghi năm; dùng bộ chỉ tiêu năm 2024 (năm 2026 chưa có bộ chỉ tiêu)."
    )
    view = build_view(later, None, mode=ViewMode.ALL)
    (group,) = [g for g in view.groups if any(d.code == "year-assumed" for d in g.details)]
    assert group.heading == "Cả thư mục"
    # said first in the default view too, not only under --tat-ca (it decides which set every
    # figure is read by), with the option that asks another year
    settings = load_settings(tmp_path / "don-vi.yaml").settings
    assert build_view(later, settings).notices == (
        "Chú ý: Không tệp nào ghi năm; dùng bộ chỉ tiêu năm 2024 (năm 2026 chưa có bộ chỉ tiêu)."
        " Nếu các tệp là báo cáo năm khác, chạy lại với --year và năm đó (ví dụ --year 2023, năm"
        " có chỉ tiêu giao).",
    )
    assert build_view(later, None).notices[1].endswith("chạy lại với --year và năm đó.")
    # and before `report` or `summary` writes anything
    written = notices_before_writing(later, load_settings(tmp_path / "don-vi.yaml"))
    assert written[0] == build_view(later, settings).notices[0]
    same_year = judge([_yearless()], load_set=load_set, today=dt.date(2024, 5, 4))
    assert [p.message for p in _codes(same_year, "year-assumed")] == [
        "Không tệp nào ghi năm; dùng bộ chỉ tiêu năm 2024."
    ]
    # a file with a year, or a year asked for: nothing to say
    assert _codes(_run(folder), "year-assumed") == []
    asked = judge([_yearless()], load_set=load_set, year=2023, today=dt.date(2026, 5, 4))
    assert _codes(asked, "year-assumed") == []


def test_a_former_name_applies_only_up_to_its_date_and_the_current_holder_wins(
    tmp_path: Path,
) -> None:
    """`Xã Phước An` was a former name of the new phường up to 30/6; a `Phường Phước An` holds
    the name now (another kind). Quarter II's file of the old commune goes to the phường that
    absorbed it (was: to Phường Phước An, matched by its name alone); quarter III's file naming
    the old commune is Phường Phước An's; a file naming the old Xã Phước Thành after its date is
    matched to no unit, the phường suggested (was: counted for the phường, silently)."""
    settings = MERGED.replace(
        "  - name: Xã Phước Hòa\n", "  - name: Xã Phước Hòa\n  - name: Phường Phước An\n"
    )
    folder = make_workspace(tmp_path, settings)
    submit(folder, "quy-2/an.xlsx", unit="Xã Phước An", quarter=2)
    submit(folder, "quy-3/an.xlsx", unit="Xã Phước An", quarter=3)
    submit(folder, "quy-3/thanh.xlsx", unit="Xã Phước Thành", quarter=3)
    report = _run(folder)
    units = {f.file: f.unit for f in report.files}
    assert units["quy-2/an.xlsx"] == NEW
    assert units["quy-3/an.xlsx"] == "Phường Phước An"
    assert units["quy-3/thanh.xlsx"] is None
    (unknown,) = _codes(report, "unknown-unit")
    assert unknown.file == "quy-3/thanh.xlsx"
    assert (
        f'"Xã Phước Thành" là tên cũ của "{NEW}", chỉ dùng đến ngày 30/6/2023' in unknown.message
    )
    assert NEW not in {s.unit for s in report.current}
