"""Reporting by month: the form's period, month history, mismatches with quarters, the report's words."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from dean5299_cli.core.periods import (
    month_code,
    month_of,
    period_bounds,
    period_code,
    period_slug,
    periods_up_to,
    previous_code,
    quarter_label,
)
from dean5299_cli.writers.form import value_cell
from tests.helpers import SETTINGS, UNITS, VALUES_2023, make_workspace


def test_period_codes_keep_quarters_and_order_months() -> None:
    assert period_code("Quý IV") == 4
    assert period_code("Tháng 10/2024") == month_code(10) == 110
    assert month_of(110) == 10 and month_of(4) is None
    assert quarter_label(110) == "tháng 10" and quarter_label(3) == "quý III"
    assert previous_code(110) == 109 and previous_code(101) is None
    assert previous_code(3) == 2 and previous_code(1) is None
    assert periods_up_to(103) == (101, 102, 103) and periods_up_to(2) == (1, 2)
    assert period_bounds(2024, 102) == (dt.date(2024, 2, 1), dt.date(2024, 3, 1))
    assert period_bounds(2024, 112) == (dt.date(2024, 12, 1), dt.date(2025, 1, 1))
    assert period_bounds(2024, 4) == (dt.date(2024, 10, 1), dt.date(2025, 1, 1))
    assert period_slug(110) == "thang-10" and period_slug(4) == "quy-4"


def _form(cli, root: Path, unit: str, month: int, values: dict[str, int]) -> Path:
    """`template --month` for `unit`, then filled in as a unit would (column "Số liệu")."""
    name = f"{unit}-thang-{month}.xlsx"
    target = root / "bao-cao" / name
    result = cli(
        "template", "--year", "2023", "--thang", str(month), "--unit", unit, "-o", target, cwd=root
    )
    assert result.exit_code == 0, result.output
    wb = load_workbook(target)
    ws = wb.worksheets[0]
    for row in ws.iter_rows():
        code = row[2].value
        if isinstance(code, str) and code in values:
            row[4].value = values[code]
    wb.save(target)
    return target


def _filled(cli, root: Path, ct1_before: int = 400) -> None:
    for unit in UNITS:
        _form(cli, root, unit, 10, VALUES_2023)
    _form(cli, root, UNITS[0], 9, {**VALUES_2023, "ct1": ct1_before})


def _json(cli, root: Path, *args: str) -> dict:
    result = cli("validate", "--json", *args, cwd=root)
    return json.loads(result.stdout)


def test_month_option_accepts_the_written_month(cli, tmp_path: Path) -> None:
    root = make_workspace(tmp_path).parent
    _filled(cli, root)
    assert _json(cli, root, "--thang", "Tháng 10")["month"] == 10


def test_month_form_is_prefilled_with_the_month(cli, tmp_path: Path) -> None:
    root = make_workspace(tmp_path).parent
    path = _form(cli, root, UNITS[0], 10, {})
    ws = load_workbook(path).worksheets[0]
    assert ws[value_cell("Kỳ báo cáo")].value == "Tháng 10/2023"
    assert ws[value_cell("Tính đến ngày")].value == dt.datetime(2023, 10, 31)
    choices = ws.data_validations.dataValidation
    assert any('"Tháng 1/2023,' in (v.formula1 or "") for v in choices)


def test_month_form_guide_speaks_of_months(cli, tmp_path: Path) -> None:
    """The guide sheet of a month's form asks for a month, not a quarter."""
    root = make_workspace(tmp_path).parent
    guide = load_workbook(_form(cli, root, UNITS[0], 10, {}))["Hướng dẫn"]
    lines = [row[0].value for row in guide.iter_rows()]
    assert lines[2] == (  # the unit's own form: its name and month are written in
        '1. Ở trang "Báo cáo", tên đơn vị, năm, kỳ báo cáo (tháng) và ngày tính số liệu đã ghi '
        "sẵn: kiểm tra lại, sửa nếu chưa đúng."
    )
    assert lines[4] == (
        '3. Số liệu cộng dồn từ ngày 01/01 đến ngày "Tính đến ngày" (tháng sau không được nhỏ '
        "hơn tháng trước)."
    )
    made = cli("template", "--year", "2023", "--quarter", "IV", "-o", "q4.xlsx", cwd=root)
    assert made.exit_code == 0, made.output
    quarter_lines = [row[0].value for row in load_workbook(root / "q4.xlsx")["Hướng dẫn"].iter_rows()]
    assert "kỳ báo cáo (quý)" in quarter_lines[2] and "(quý sau không được" in quarter_lines[4]
    assert quarter_lines[2].startswith('1. Ở trang "Báo cáo", chọn tên đơn vị, năm')  # no unit in


def test_month_run_reads_earlier_months_as_history(cli, tmp_path: Path) -> None:
    root = make_workspace(tmp_path).parent
    _filled(cli, root)
    data = _json(cli, root, "--month", "10")
    assert data["year"] == 2023 and data["quarter"] is None and data["month"] == 10
    status = {f["file"]: (f["status"], f["month"]) for f in data["files"]}
    assert status[f"{UNITS[0]}-thang-9.xlsx"] == ("history", 9)
    assert status[f"{UNITS[0]}-thang-10.xlsx"] == ("ok", 10)
    assert data["missing_units"] == []
    assert not [p for p in data["problems"] if p["severity"] == "error"]


def test_month_decrease_names_the_previous_month(cli, tmp_path: Path) -> None:
    root = make_workspace(tmp_path).parent
    _filled(cli, root, ct1_before=451)  # month 10 says 450: cumulative figures may not fall
    data = _json(cli, root, "--month", "10")
    found = [p for p in data["problems"] if p["code"] == "cumulative-decrease"]
    assert len(found) == 1
    assert found[0]["file"] == f"{UNITS[0]}-thang-10.xlsx"
    assert "tháng 9" in found[0]["message"] and "451" in found[0]["message"]


def test_month_file_in_a_quarter_run_is_a_period_mismatch(cli, tmp_path: Path) -> None:
    root = make_workspace(tmp_path).parent
    _filled(cli, root)
    data = _json(cli, root, "--quarter", "IV")
    mismatches = [p for p in data["problems"] if p["code"] == "period-mismatch"]
    assert len(mismatches) == 4
    ten = next(p for p in mismatches if p["file"] == f"{UNITS[0]}-thang-10.xlsx")
    assert "tháng 10 năm 2023" in ten["message"] and "quý IV năm 2023" in ten["message"]
    # without --month the default stays a quarter: month files are never chosen silently


def test_a_folder_of_month_files_only_asks_for_the_period(cli, tmp_path: Path) -> None:
    """No period asked and only month files: the quarter of today's date made every file a
    period mismatch, each unit reminded it had sent the wrong report, a report of 0 units."""
    root = make_workspace(tmp_path).parent
    _filled(cli, root)
    for command in ("validate", "remind", "report"):
        result = cli(command, cwd=root)
        assert result.exit_code == 2, (command, result.stdout)
        assert (
            "Các tệp năm 2023 trong thư mục là báo cáo tháng (tháng 9, 10), không có báo cáo "
            "quý: ghi kỳ cần tổng hợp, ví dụ --month 10 (báo cáo tháng 10)"
        ) in result.stderr
    assert not (root / "ket-qua").exists() or not list((root / "ket-qua").iterdir())
    # one quarter file beside them: the quarter is chosen, the month files are mismatches
    made = cli("template", "--year", "2023", "--quarter", "III", "-o", "bao-cao/q3.xlsx", cwd=root)
    assert made.exit_code == 0
    default = _json(cli, root)
    assert default["quarter"] == 3 and "month" not in default


def test_quarter_file_in_a_month_run_is_a_period_mismatch(cli, tmp_path: Path) -> None:
    root = make_workspace(tmp_path).parent
    _filled(cli, root)
    result = cli(
        "template", "--year", "2023", "--quarter", "III", "-o", "bao-cao/q3.xlsx", cwd=root
    )
    assert result.exit_code == 0, result.output
    data = _json(cli, root, "--month", "10")
    found = [p for p in data["problems"] if p["code"] == "period-mismatch"]
    assert [p["file"] for p in found] == ["q3.xlsx"]
    assert "quý III năm 2023" in found[0]["message"]
    assert "tháng 10 năm 2023" in found[0]["message"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--month", "13"), 'Tháng "13"'),
        (("--month", "²"), 'Tháng "²"'),
        (("--month", "Quý IV"), 'Tháng "Quý IV"'),
        (("--month", "10", "--quarter", "IV"), "không cả hai"),
    ],
)
def test_bad_month_options_are_usage_errors(cli, tmp_path: Path, args, needle) -> None:
    root = make_workspace(tmp_path).parent
    result = cli("validate", *args, cwd=root)
    assert result.exit_code == 2
    assert needle in result.output


def test_month_report_speaks_of_the_month(cli, tmp_path: Path) -> None:
    root = make_workspace(tmp_path).parent
    _filled(cli, root)
    result = cli("report", "--month", "10", "--force", cwd=root)
    assert result.exit_code == 0, result.output
    docs = list(root.rglob("bao-cao-5299-2023-thang-10.docx"))
    assert len(docs) == 1
    text = "\n".join(p.text for p in Document(str(docs[0])).paragraphs)
    assert "tháng 10 năm 2023" in text
    assert "quý" not in text.lower()
    summaries = list(root.rglob("tong-hop-5299-2023-thang-10.xlsx"))
    assert len(summaries) == 1
    ws = load_workbook(summaries[0]).worksheets[0]
    cells = [c.value for row in ws.iter_rows(max_row=8) for c in row if c.value]
    assert "Tháng 10 năm 2023" in cells


def test_month_report_compares_with_the_previous_month(cli, tmp_path: Path) -> None:
    settings = SETTINGS.replace('date: 2023-11-20}', "date: 2023-11-20, progress_sentence: true}")
    root = make_workspace(tmp_path, settings).parent
    for unit in UNITS:  # every unit sent month 9: 3 × 400 = 1.200, then 3 × 450 = 1.350
        _form(cli, root, unit, 10, VALUES_2023)
        _form(cli, root, unit, 9, {**VALUES_2023, "ct1": 400})
    result = cli("report", "--thang", "10", "--force", cwd=root)
    assert result.exit_code == 0, result.output
    doc = Document(str(next(root.rglob("bao-cao-5299-2023-thang-10.docx"))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "đạt 135,0%; tăng 150 tài khoản so với tháng 9." in text
    assert (
        "Tiến độ qua các tháng (số liệu lũy kế): chỉ tiêu 1: tháng 9 1.200 (120,0%), tháng 10 1.350 (135,0%)"
        in text
    )
    assert "quý" not in text.lower()


def test_month_reminders(cli, tmp_path: Path) -> None:
    """`remind --month`: a monthly office reminds its units of the month (was: no such option,
    though a folder of month files told the clerk to write `--month 10`)."""
    root = make_workspace(tmp_path).parent
    for unit in UNITS[1:]:
        _form(cli, root, unit, 10, VALUES_2023)
    _form(cli, root, UNITS[0], 9, VALUES_2023)  # last month's report only
    result = cli("remind", "--month", "10", "--han", "05/11/2023", cwd=root)
    assert result.exit_code == 0, result.output
    target = root / "ket-qua" / "nhac-viec-2023-thang-10.txt"
    text = target.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    lines = text.splitlines()
    assert lines[:2] == ["NHẮC VIỆC BÁO CÁO ĐỀ ÁN 5299 THÁNG 10 NĂM 2023", "Hạn gửi: 05/11/2023"]
    assert f"1. {UNITS[0]} (tệp gửi về là báo cáo tháng 9 năm 2023)" in lines
    assert (
        f'[{UNITS[0]}] Báo cáo Đề án 5299 tháng 10 năm 2023: Huyện đoàn đã nhận được tệp '
        f'"{UNITS[0]}-thang-9.xlsx" của đơn vị, nhưng đó là báo cáo tháng 9 năm 2023, chưa phải '
        "báo cáo tháng 10 năm 2023."
    ) in lines
    assert len([line for line in lines if line.startswith("[")]) == 1


def test_a_month_run_asks_a_unit_for_its_month_and_names_a_quarter_report_it_sent(
    cli, tmp_path: Path
) -> None:
    """(was, with --month: 'Thiếu thông tin kỳ báo cáo (quý)', and a unit that sent its quarter's
    report told 'tệp nhận được chưa dùng được' with the file's period error to fix.)"""
    root = make_workspace(tmp_path).parent
    _form(cli, root, UNITS[1], 10, VALUES_2023)
    blank = _form(cli, root, UNITS[2], 10, VALUES_2023)
    wb = load_workbook(blank)
    ws = wb.worksheets[0]
    ws[value_cell("Kỳ báo cáo")].value = None
    ws[value_cell("Tính đến ngày")].value = None
    wb.save(blank)
    made = cli("template", "--year", "2023", "--quarter", "III", "--unit", UNITS[0], "-o",
               "bao-cao/q3.xlsx", cwd=root)  # fmt: skip
    assert made.exit_code == 0, made.output
    q3 = load_workbook(root / "bao-cao" / "q3.xlsx")
    for row in q3.worksheets[0].iter_rows():
        if isinstance(row[2].value, str) and row[2].value in VALUES_2023:
            row[4].value = VALUES_2023[row[2].value]
    q3.save(root / "bao-cao" / "q3.xlsx")
    data = _json(cli, root, "--month", "10")
    (missing,) = [p for p in data["problems"] if p["code"] == "missing-header"]
    assert missing["message"] == (
        'Thiếu thông tin kỳ báo cáo (tháng): cần ô "Kỳ báo cáo" và giá trị ở ô bên phải.'
    )
    result = cli("remind", "--month", "10", cwd=root)
    assert result.exit_code == 0, result.output
    text = (root / "ket-qua" / "nhac-viec-2023-thang-10.txt").read_text(encoding="utf-8-sig")
    lines = text.replace("\r\n", "\n").splitlines()
    assert f"1. {UNITS[0]} (tệp gửi về là báo cáo quý III năm 2023)" in lines
    assert (
        f'[{UNITS[0]}] Báo cáo Đề án 5299 tháng 10 năm 2023: Huyện đoàn đã nhận được tệp '
        '"q3.xlsx" của đơn vị, nhưng đó là báo cáo quý III năm 2023, chưa phải báo cáo tháng 10 '
        "năm 2023."
    ) in lines
    assert not [line for line in lines if "q3.xlsx" in line and "chưa dùng được" in line]
    assert (
        '- Trang "Báo cáo": Thiếu thông tin kỳ báo cáo (tháng): cần ô "Kỳ báo cáo" và giá trị '
        "ở ô bên phải."
    ) in lines


def test_a_month_run_infers_the_month_and_asks_for_a_month(cli, tmp_path: Path) -> None:
    """A month form without its period is of the as-of date's month, and a period not
    understood is asked as a month. (Was, with --month 10: 'đã suy ra quý IV', then the unit's
    form refused as 'Tệp báo cáo quý IV năm 2023, không phải kỳ đang tổng hợp'; and 'hãy ghi
    Quý I, Quý II, Quý III hoặc Quý IV' followed by the same refusal.)"""
    root = make_workspace(tmp_path).parent
    _form(cli, root, UNITS[0], 10, VALUES_2023)
    for unit, period in ((UNITS[1], None), (UNITS[2], "Tháng mười ba")):
        path = _form(cli, root, unit, 10, VALUES_2023)
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        ws[value_cell("Kỳ báo cáo")].value = period
        ws[value_cell("Tính đến ngày")].value = dt.datetime(2023, 10, 31)
        wb.save(path)
    data = _json(cli, root, "--month", "10")
    said = {(p["unit"], p["code"]): p["message"] for p in data["problems"]}
    assert said[(UNITS[1], "period-inferred")] == (
        'Thiếu kỳ báo cáo; đã suy ra tháng 10 từ ô "Tính đến ngày" (31/10/2023). '
        "Đề nghị đơn vị ghi rõ."
    )
    assert said[(UNITS[2], "invalid-period")] == (
        'Không hiểu kỳ báo cáo "Tháng mười ba": hãy ghi tháng báo cáo bằng số, từ Tháng 1 đến '
        "Tháng 12 (ví dụ Tháng 10)."
    )
    assert not [p for p in data["problems"] if p["code"] == "period-mismatch"]
    states = {f["unit"]: f["status"] for f in data["files"]}
    assert (states[UNITS[1]], states[UNITS[2]]) == ("warning", "error")
