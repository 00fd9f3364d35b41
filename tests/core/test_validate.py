"""Every problem code of contract.md, each from a real workbook; folders mixing good and bad files."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import openpyxl
import pytest

from dean5299_cli.core.problems import Severity
from dean5299_cli.core.settings import load_settings
from dean5299_cli.folder import validate_folder
from dean5299_cli.samples import Layout
from tests.helpers import VALUES_2023, is_vietnamese, make_workspace, submit
from tests.paths import FIXTURES


def run(folder: Path, **kw):
    settings = (
        load_settings(folder.parent / "don-vi.yaml").settings
        if (folder.parent / "don-vi.yaml").exists()
        else None
    )
    return validate_folder(folder, settings=settings, **kw)


def found(report, code: str):
    hits = [p for p in report.problems if p.code == code]
    assert hits, f"no {code} in {[p.code for p in report.problems]}"
    for p in hits:
        assert is_vietnamese(p.message), p.message
    return hits


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def test_clean_submission_has_no_problem_but_missing_units(folder):
    submit(folder, "ps.xlsx")
    report = run(folder)
    codes = {p.code for p in report.problems}
    assert codes <= {"missing-unit", "above-target", "far-above-target"}
    assert report.current[0].values == VALUES_2023
    assert sorted(report.missing_units) == ["Thị trấn Diêu Trì", "Xã Phước Hòa"]
    p = found(report, "missing-unit")[0]
    assert p.severity is Severity.WARNING and p.unit in report.missing_units


def test_unreadable_files(folder):
    (folder / "khong-phai.xlsx").write_text("đây không phải bảng tính", encoding="utf-8")
    good = submit(folder, "ps.xlsx")
    data = good.read_bytes()
    (folder / "cut.xlsx").write_bytes(data[: len(data) // 2])
    report = run(folder)
    hits = found(report, "unreadable-file")
    assert {p.file for p in hits} == {"khong-phai.xlsx", "cut.xlsx"}
    assert all(p.severity is Severity.ERROR for p in hits)
    assert len(report.current) == 1  # the good one is still read


def test_encrypted_file(folder):
    shutil.copy(FIXTURES / "mat-khau.xlsx", folder / "mat-khau.xlsx")
    p = found(run(folder), "encrypted-file")[0]
    assert p.severity is Severity.ERROR and "mật khẩu" in p.message


def test_compressed_bomb_refused_fast(folder):
    shutil.copy(FIXTURES / "bom-nen.xlsx", folder / "bom.xlsx")
    start = time.perf_counter()
    report = run(folder)
    assert time.perf_counter() - start < 5  # generous; the benchmark measures the real figure
    p = found(report, "too-large")[0]
    assert p.severity is Severity.ERROR and p.file == "bom.xlsx"


def test_absurd_dimension_refused(folder):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Mã"
    ws["XFD1048576"] = 1
    wb.save(folder / "rong.xlsx")
    p = found(run(folder), "too-large")[0]
    assert "1.048.576 dòng × 16.384 cột" in p.message


def test_no_data_table(folder):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Danh sách đoàn viên"
    wb.save(folder / "khac.xlsx")
    p = found(run(folder), "no-data-table")[0]
    assert p.severity is Severity.ERROR and p.file == "khac.xlsx"


def test_missing_header(folder):
    path = submit(folder, "ps.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["B4"] = None  # the `Năm` label
    ws["B5"] = "Ghi chú"  # the `Kỳ báo cáo` label
    ws["B6"] = None  # no as-of date either: nothing to infer the period from
    wb.save(path)
    hits = found(run(folder, year=2023, quarter=4), "missing-header")
    assert any("Kỳ báo cáo" in p.message for p in hits)


def test_unknown_unit_suggests_closest(folder):
    submit(folder, "x.xlsx", unit="Xã Phước Sớn")
    p = found(run(folder), "unknown-unit")[0]
    assert p.severity is Severity.ERROR and p.cell == "C3" and "Xã Phước Sơn" in p.message


def test_unit_spellings_are_matched(folder):
    submit(folder, "a.xlsx", unit="TT Diêu Trì")
    submit(folder, "b.xlsx", unit="Phước Hoà")
    report = run(folder)
    assert {s.unit for s in report.current} == {"Thị trấn Diêu Trì", "Xã Phước Hòa"}


def test_period_mismatch_and_history(folder):
    submit(folder, "q4.xlsx")
    submit(folder, "nam-truoc.xlsx", unit="Xã Phước Hòa", year=2022)
    submit(folder, "q3.xlsx", quarter=3, ct1=300)
    submit(folder, "sau.xlsx", unit="TT Diêu Trì", year=2024)
    report = run(folder, year=2023, quarter=4)
    p = found(report, "period-mismatch")[0]
    assert p.file == "sau.xlsx" and p.severity is Severity.ERROR and "2024" in p.message
    assert {p.file for p in report.problems if p.severity is Severity.ERROR} == {"sau.xlsx"}
    status = {f.file: f.status for f in report.files}
    assert status["q3.xlsx"] == "history"
    assert status["nam-truoc.xlsx"] == "history"  # last year's: set aside, never an error
    assert [s.values["ct1"] for s in report.current] == [450]  # quarter III never added
    later = run(folder, year=2023, quarter=3)
    # the unit's quý IV file beside its quý III's: not this report, said, never an error
    assert [(p.code, p.severity) for p in later.problems if p.file == "q4.xlsx"] == [
        ("later-period", Severity.INFO)
    ]
    assert [(s.file, s.values["ct1"]) for s in later.current] == [("q3.xlsx", 300)]


def test_duplicates(folder):
    submit(folder, "ps.xlsx")
    submit(folder, "ps (1).xlsx")
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    submit(folder, "dt-sua.xlsx", unit="TT Diêu Trì", ct1=451)
    report = run(folder)
    info = found(report, "identical-duplicate")[0]
    assert (
        info.severity is Severity.INFO and info.file == "ps.xlsx" and "ps (1).xlsx" in info.message
    )
    dup = found(report, "duplicate-submission")
    assert {p.file for p in dup} == {"dt.xlsx", "dt-sua.xlsx"}
    assert all(p.severity is Severity.ERROR for p in dup)
    assert [s.unit for s in report.current] == ["Xã Phước Sơn"]
    assert ("Thị trấn Diêu Trì", "dt.xlsx") in report.left_out


@pytest.mark.parametrize(("original", "newer"), [("a.xlsx", "b.xlsx"), ("b.xlsx", "a.xlsx")])
def test_a_files_own_copy_is_identical_to_it_whatever_the_order(folder, original, newer):
    """A file, a differing one, then the first one's own copy (c.xlsx). The judge called the
    file and its copy "hai tệp khác nhau": when the file came first, it already carried its
    duplicate error with the differing one, taken for an error in its figures; when the
    differing one came first, each copy was compared with that one only."""
    first = submit(folder, original)
    submit(folder, newer, ct1=460)
    shutil.copy2(first, folder / "c.xlsx")
    report = run(folder)
    (same,) = found(report, "identical-duplicate")
    assert (same.file, same.params["other"]) == ("c.xlsx", original)
    dup = found(report, "duplicate-submission")
    assert sorted((p.file, p.params["other"]) for p in dup) == sorted(
        [(original, newer), (newer, original)]
    )


@pytest.mark.parametrize(
    ("value", "code", "text"),
    [
        ("abc", "not-a-number", "abc"),
        ("73,4%", "not-a-number", "phần trăm"),
        (-5, "negative-value", "-5"),
        (12.5, "not-an-integer", "12,5"),
        ("12,5", "not-an-integer", "12,5"),
        (8.529, "not-an-integer", "8.529"),
        ("1\n.234", "not-a-number", "1\n.234"),  # Alt+Enter inside: once a crash of the run
        ("1\n,5", "not-a-number", "1\n,5"),
    ],
)
def test_bad_values(folder, value, code, text):
    submit(folder, "ps.xlsx", ct5=value)
    p = found(run(folder), code)[0]
    assert (
        p.severity is Severity.ERROR and p.cell == "E15" and p.field == "ct5" and text in p.message
    )


def test_date_where_a_number_belongs(folder):
    import datetime as dt

    submit(folder, "ps.xlsx", ct5=dt.date(2023, 5, 1))
    p = found(run(folder), "not-a-number")[0]
    assert "ngày" in p.message and p.cell == "E15"


def test_formula_without_value(folder):
    submit(folder, "ps.xlsx", ct5="=E9+E10")
    p = found(run(folder), "formula-without-value")[0]
    assert p.severity is Severity.ERROR and p.cell == "E15"


def test_numerator_and_parts(folder):
    submit(folder, "ps.xlsx", ct3_tu=500, ct8_tong=2000)
    report = run(folder)
    ratio = found(report, "numerator-exceeds-denominator")[0]
    assert ratio.cell == "E11" and "500" in ratio.message and "410" in ratio.message
    parts = found(report, "parts-do-not-add-up")[0]
    assert parts.cell == "E18" and "2.100" in parts.message and "2.000" in parts.message


def test_numerator_message_keeps_abbreviations(folder):
    """The labels were lower-cased whole: 'số hồ sơ do đvtn thực hiện…' in the unit's reminder."""
    submit(folder, "ps.xlsx", ct4_tu=5000)
    (ratio,) = found(run(folder), "numerator-exceeds-denominator")
    assert ratio.message.endswith(
        "(số hồ sơ do ĐVTN thực hiện bằng hình thức trực tuyến không thể nhiều hơn "
        "tổng số hồ sơ thủ tục hành chính do ĐVTN thực hiện)."
    )


def test_blank_reinterpreted_and_unknown_field(folder):
    path = submit(folder, "ps.xlsx", ct7=None, ct2="1,200")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["C30"], ws["E30"] = "ct99", 5
    wb.save(path)
    report = run(folder)
    blank = found(report, "blank-value")[0]
    assert blank.severity is Severity.WARNING and blank.cell == "E17"
    reinterpreted = found(report, "reinterpreted-number")[0]
    assert reinterpreted.cell == "E10" and "1.200" in reinterpreted.message
    unknown = found(report, "unknown-field")[0]
    assert unknown.cell == "C30" and unknown.severity is Severity.WARNING
    assert report.current[0].values["ct7"] == 0 and report.current[0].values["ct2"] == 1200


def test_cumulative_decrease(folder):
    submit(folder, "q4.xlsx", ct1=400)
    submit(folder, "cu/q3.xlsx", quarter=3, ct1=420)
    p = found(run(folder), "cumulative-decrease")[0]
    assert (
        p.severity is Severity.WARNING
        and p.cell == "E9"
        and "420" in p.message
        and "400" in p.message
    )


def test_a_blank_cell_is_not_also_a_cumulative_decrease(folder):
    """Left empty this quarter (read as 0): said once, as a blank, not again as a fall from
    last quarter's figure to 0 (the reminder repeated the same fact twice)."""
    submit(folder, "q4.xlsx", ct1=None, ct2=1000)
    submit(folder, "cu/q3.xlsx", quarter=3, ct1=420, ct2=1100)
    report = run(folder)
    assert [p.field for p in found(report, "blank-value")] == ["ct1"]
    assert [p.field for p in found(report, "cumulative-decrease")] == ["ct2"]


def test_target_flags_against_unit_allocation(tmp_path):
    # An absolute threshold only where the settings ask for one (far_above_percent).
    from tests.helpers import SETTINGS

    folder = make_workspace(tmp_path, SETTINGS + "far_above_percent: 150\n")
    submit(folder, "ps.xlsx", ct1=700, ct5=660)  # 700/400 = 175%, 660/600 = 110%
    report = run(folder)
    far = found(report, "far-above-target")[0]
    assert far.severity is Severity.WARNING and far.cell == "E9"
    assert far.message == (
        "Chỉ tiêu 1: đạt 175,0% chỉ tiêu giao, vượt ngưỡng 150%; đề nghị kiểm tra lại số liệu."
    )
    above = [p for p in found(report, "above-target") if p.field == "ct5"][0]
    assert above.severity is Severity.INFO and "110,0%" in above.message


def test_skipped_files(folder):
    submit(folder, "ps.xlsx")
    (folder / "~$ps.xlsx").write_bytes(b"lock")
    (folder / "desktop.ini").write_text("[x]", encoding="utf-8")
    (folder / "cong-van.pdf").write_bytes(b"%PDF-1.4")
    report = run(folder)
    skipped = found(report, "skipped-file")
    assert {p.file for p in skipped} == {"~$ps.xlsx", "desktop.ini", "cong-van.pdf"}
    assert all(p.severity is Severity.INFO for p in skipped)


def test_xls_and_ods_read_like_xlsx(folder):
    shutil.copy(FIXTURES / "phuoc-son-q4.xls", folder / "a.xls")
    report = run(folder)
    assert report.current[0].values == VALUES_2023
    folder2 = folder.parent / "b"
    folder2.mkdir()
    shutil.copy(FIXTURES / "phuoc-son-q4.ods", folder2 / "b.ods")
    report2 = validate_folder(folder2)
    assert report2.current[0].values == VALUES_2023


def test_mixed_folder_keeps_every_good_file(folder):
    submit(folder, "a/ps.xlsx", layout=Layout(row_offset=2, col_offset=1))
    submit(
        folder,
        "b/dt.xlsm",
        unit="TT Diêu Trì",
        layout=Layout(text_numbers=True, extra_sheet_first=True),
    )
    shutil.copy(
        FIXTURES / "phuoc-son-q4.ods", folder / "x.ods"
    )  # same unit as ps.xlsx, same figures
    (folder / "hong.xlsx").write_bytes(b"PK\x03\x04broken")
    shutil.copy(FIXTURES / "mat-khau.xlsx", folder / "mk.xlsx")
    submit(folder, "ph.xlsx", unit="Phước Hòa", ct3_tu=999)
    report = run(folder)
    assert {s.unit for s in report.current} == {"Xã Phước Sơn", "Thị trấn Diêu Trì"}
    status = {f.file: f.status for f in report.files}
    assert (
        status["hong.xlsx"] == "error"
        and status["mk.xlsx"] == "error"
        and status["ph.xlsx"] == "error"
    )
    assert report.left_out == [("Xã Phước Hòa", "ph.xlsx")]


def test_inputs_are_never_modified(folder):
    path = submit(folder, "ps.xlsx", ct5="abc")
    before = path.read_bytes()
    run(folder)
    assert path.read_bytes() == before


def test_validate_json_equals_library(cli, folder):
    submit(folder, "ps.xlsx", ct5=-1)
    (folder / "desktop.ini").write_text("x", encoding="utf-8")
    result = cli(
        "validate", str(folder), "--json", "--settings", str(folder.parent / "don-vi.yaml")
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    library = run(folder).to_json()
    assert data == library
    assert data["summary"]["errors"] == 1
    assert {"file", "unit", "year", "quarter", "status"} <= set(data["files"][0])
    assert {"code", "severity", "file", "sheet", "cell", "unit", "field", "message"} == set(
        data["problems"][0]
    )


def test_validate_human_output_and_exit_codes(cli, folder):
    submit(folder, "ps.xlsx")
    ok = cli("validate", cwd=folder.parent)
    assert ok.exit_code == 0, ok.output
    assert "Tổng cộng" in ok.stdout and "Thị trấn Diêu Trì — chưa gửi" in ok.stdout
    (folder / "hong.xlsx").write_text("x", encoding="utf-8")
    bad = cli("validate", cwd=folder.parent)
    assert bad.exit_code == 1 and "hong.xlsx" in bad.stdout and "Traceback" not in bad.output
    usage = cli("validate", str(folder), "--quarter", "V")
    assert usage.exit_code == 2


def test_parallel_reading_equals_serial(folder):
    from dean5299_cli.folder import list_folder, read_all

    for i in range(60):
        submit(
            folder,
            f"f{i:02d}.xlsx",
            unit=["Xã Phước Sơn", "TT Diêu Trì", "Phước Hòa"][i % 3],
            ct1=i,
            layout=Layout(row_offset=i % 4),
        )
    items, _ = list_folder(folder)
    assert read_all(items, jobs=1) == read_all(items, jobs=2)


def test_broken_file_messages_are_vietnamese_and_name_the_likely_unit(folder):
    good = submit(folder, "BC 5299 Q4 - Phuoc Son.xlsx")
    data = good.read_bytes()
    (folder / "BC 5299 Q4 - Phuoc Hoa.xlsx").write_bytes(data[:3000])  # cut short while sending
    (folder / "Dieu Tri.xlsx").write_text("thư gửi kèm", encoding="utf-8")
    report = run(folder)
    unreadable = found(report, "unreadable-file")
    for p in unreadable:
        assert "zip" not in p.message.lower() and "error" not in p.message.lower()
    assert report.missing_hints == {
        "Xã Phước Hòa": "BC 5299 Q4 - Phuoc Hoa.xlsx",
        "Thị trấn Diêu Trì": "Dieu Tri.xlsx",
    }
    hoa = next(p for p in found(report, "missing-unit") if p.unit == "Xã Phước Hòa")
    assert "BC 5299 Q4 - Phuoc Hoa.xlsx" in hoa.message and "không đọc được" in hoa.message
    assert [s.unit for s in report.current] == ["Xã Phước Sơn"]


def test_missing_unit_hint_needs_a_single_clear_match():
    from dean5299_cli.core.checks import unread_file_of

    assert unread_file_of("Phước Hòa", ["a/BC Q4 - Phuoc Hoa.xlsx"]) == "a/BC Q4 - Phuoc Hoa.xlsx"
    assert (
        unread_file_of("Phước Hòa", ["Phuoc Hoa.xlsx", "Phuoc Hoa (1).xlsx"]) is None
    )  # ambiguous
    assert unread_file_of("Phước An", ["Phuoc Ann.xlsx"]) is None


def test_reader_findings_are_errors_naming_cells(folder):
    """`formula-error`, `duplicate-field`, `implausible-value`, `hidden-sheet` from real files."""
    from tests import hostile

    path = submit(folder, "loi.xlsx")
    hostile.set_cell_xml(path, "E15", '<c r="E15" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    report = run(folder)
    err = found(report, "formula-error")[0]
    assert (err.cell, err.field, err.severity) == ("E15", "ct5", Severity.ERROR)
    assert "#DIV/0!" in err.message
    path.unlink()

    path = submit(folder, "trung.xlsx", ct6=2_000_000_000)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["C30"], ws["E30"] = "ct5", 7
    wb.save(path)
    report = run(folder)
    dup = found(report, "duplicate-field")[0]
    assert dup.cell == "C30" and "C15" in dup.message and "C30" in dup.message
    big = found(report, "implausible-value")[0]
    assert big.cell == "E16" and "2.000.000.000" in big.message
    assert not report.current
    path.unlink()

    path = submit(folder, "an.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active.sheet_state = "hidden"
    wb.create_sheet("Trang trống")["A1"] = "Ghi chú"
    wb.active = 1
    wb.save(path)
    report = run(folder)
    hidden = found(report, "hidden-sheet")[0]
    assert hidden.severity is Severity.WARNING and "Báo cáo" in hidden.message
    assert report.current and report.current[0].file == "an.xlsx"


def test_dot_grouped_text_is_read_silently_comma_grouped_is_said(folder):
    """`1.294` typed as text is the Vietnamese way of writing a thousand: no warning per cell;
    `1,250` (English grouping, a decimal to a Vietnamese reader) is read as 1250 and said."""
    submit(folder, "ps.xlsx", ct1="1.294", ct2="1,250", ct5="1.294.000")
    report = run(folder)
    said = {p.field: p for p in found(report, "reinterpreted-number")}
    assert set(said) == {"ct2"} and "1.250" in said["ct2"].message
    values = report.current[0].values
    assert (values["ct1"], values["ct2"], values["ct5"]) == (1294, 1250, 1294000)


# A first group of zeros groups no thousands: "0,500" is 0,5 in Vietnamese, and no one writes
# five hundred so. It was read as 500 (said only as "đã đọc là 500"; "0.500" not said at all).
@pytest.mark.parametrize("typed", ["0,500", "0.500", "00,5", "0,5", "00.500", "000,500"])
def test_a_first_group_of_zeros_is_a_decimal_never_thousands(folder, typed):
    submit(folder, "ps.xlsx", ct5=typed)
    report = run(folder)
    (p,) = found(report, "not-an-integer")
    assert (p.severity, p.cell, p.field) == (Severity.ERROR, "E15", "ct5")
    assert p.message == (
        f"Giá trị {typed} của Số hồ sơ trực tuyến do ĐVTN hướng dẫn, hỗ trợ người dân nộp "
        "(ct5) không phải số nguyên. Hãy nhập số nguyên."
    )
    assert not [q for q in report.problems if q.code == "reinterpreted-number"]
    assert all(r.values.get("ct5") != 500 for r in report.current)
