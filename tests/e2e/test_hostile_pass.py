"""A hostile and careless user's pass over the merged product: each failure found, as a test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl

from dean5299_cli.samples import Layout
from tests.helpers import SETTINGS, VALUES_2023, is_vietnamese, make_workspace, submit

SHIFTED = Layout(value_shift=True)  # values one cell right of the `Số liệu` column


def _problems(cli, root: Path) -> list[dict[str, str]]:
    result = cli("validate", "--json", cwd=root)
    return json.loads(result.stdout)["problems"]


def _cell_of(path: Path, code: str) -> str:
    """The value cell of field `code` in a submission written with SHIFTED."""
    ws = openpyxl.load_workbook(path).active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == code:
                for right in row[cell.column :]:
                    if right.value == VALUES_2023[code]:
                        return right.coordinate
    raise AssertionError(code)


# ---------------------------------------------------------------- settings


def test_self_referencing_yaml_alias_is_a_settings_error_not_a_crash(tmp_path, cli):
    make_workspace(tmp_path, SETTINGS.replace("recipients: [", "recipients: &r [*r, "))
    for command in ("validate", "targets", "summary", "report"):
        result = cli(command, cwd=tmp_path)
        assert result.exit_code == 3, (command, result.output)
        assert "bí danh YAML" in result.output and "don-vi.yaml" in result.output
        assert "Recursion" not in result.output


def test_nan_and_infinite_targets_are_refused_in_vietnamese(tmp_path, cli):
    make_workspace(tmp_path, SETTINGS.replace("own: {1: 1000, 2: 2000,", "own: {1: .nan, 2: .inf,"))
    result = cli("validate", cwd=tmp_path)
    assert result.exit_code == 3
    assert "targets.2023.own.1" in result.output and "targets.2023.own.2" in result.output
    assert "convert" not in result.output and "NaN" not in result.output
    assert "chỉ tiêu giao phải là số nguyên" in result.output


def test_yaml_11_coded_numbers_are_refused_not_silently_converted(tmp_path, cli):
    # YAML 1.1 reads 0x10 as 16 and 1:38 (sexagesimal) as 98.
    for spelling in ("0x10", "1:38"):
        make_workspace(tmp_path, SETTINGS.replace("5: 1500,", f"5: {spelling},"))
        result = cli("validate", cwd=tmp_path)
        assert result.exit_code == 3, (spelling, result.output)
        assert f"số {spelling} không rõ nghĩa" in result.output and "dòng 14" in result.output
    make_workspace(tmp_path, SETTINGS.replace("5: 1500,", "5: 01500,"))
    assert cli("validate", cwd=tmp_path).exit_code == 0  # a leading zero is still 1500


# ---------------------------------------------------------------- own outputs read back


def test_own_summary_written_into_the_submissions_folder_changes_no_figure(tmp_path, cli):
    settings = SETTINGS.replace("- name: Xã Phước Sơn", "- name: Thị trấn Tuy Phước\n  - name: Xã Phước Sơn")
    folder = make_workspace(tmp_path, settings)
    submit(folder, "tuy-phuoc.xlsx", unit="Thị trấn Tuy Phước", ct1=70)
    submit(folder, "phuoc-son.xlsx", unit="Xã Phước Sơn", ct1=30)
    before = cli("summary", "-o", "tong-hop.xlsx", cwd=tmp_path)
    assert before.exit_code == 0, before.output
    # The careless clerk writes the summary INTO the submissions folder, then validates again.
    into = cli("summary", "-o", "bao-cao/tong-hop.xlsx", cwd=tmp_path)
    assert into.exit_code == 0, into.output
    result = cli("validate", "--json", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    own = [p for p in data["problems"] if p["file"] == "tong-hop.xlsx"]
    assert [p["code"] for p in own] == ["skipped-file"]
    assert "bảng tổng hợp của chính đơn vị lập báo cáo (Huyện đoàn Tuy Phước)" in own[0]["message"]
    assert not [p for p in data["problems"] if p["code"] == "duplicate-submission"]
    statuses = {f["file"]: f["status"] for f in data["files"]}
    assert statuses["tuy-phuoc.xlsx"] != "error" and statuses["tong-hop.xlsx"] == "skipped"
    # The totals are still those of the two units: 70 + 30 accounts.
    sheet = openpyxl.load_workbook(tmp_path / "tong-hop.xlsx").active
    again = cli("summary", "-o", "tong-hop-2.xlsx", cwd=tmp_path)
    assert again.exit_code == 0, again.output
    sheet2 = openpyxl.load_workbook(tmp_path / "tong-hop-2.xlsx").active
    first = [[c.value for c in row] for row in sheet.iter_rows()]
    second = [[c.value for c in row] for row in sheet2.iter_rows()]
    assert first == second


# ---------------------------------------------------------------- cells that change figures


def test_unsaved_formula_beside_a_blank_value_cell_is_an_error_not_zero(tmp_path, cli):
    folder = make_workspace(tmp_path)
    path = submit(folder, "phuoc-son.xlsx", layout=SHIFTED)
    cell = _cell_of(path, "ct1")
    wb = openpyxl.load_workbook(path)
    wb.active[cell] = "=cmd|' /C calc'!A0"  # saved by a program: no cached result
    wb.save(path)
    problems = _problems(cli, tmp_path)
    ct1 = [p for p in problems if p.get("field") == "ct1"]
    assert [(p["code"], p["cell"]) for p in ct1] == [("formula-without-value", cell)]
    assert not [p for p in problems if p["code"] == "blank-value" and p.get("field") == "ct1"]
    assert is_vietnamese(ct1[0]["message"])


def test_error_result_beside_a_blank_value_cell_is_a_formula_error_not_zero(tmp_path, cli):
    from tests.hostile import set_cell_xml

    folder = make_workspace(tmp_path)
    path = submit(folder, "phuoc-son.xlsx", layout=SHIFTED)
    cell = _cell_of(path, "ct1")
    set_cell_xml(path, cell, f'<c r="{cell}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    problems = _problems(cli, tmp_path)
    ct1 = [p for p in problems if p.get("field") == "ct1"]
    assert [(p["code"], p["cell"]) for p in ct1] == [("formula-error", cell)]
    assert "#DIV/0!" in ct1[0]["message"]


def test_a_blank_figure_is_named_in_the_column_of_the_units_figures(tmp_path, cli):
    """A `Số liệu` header merged over two columns, figures typed in the second: a figure left
    blank is named where the unit types it, not in the empty first column of the header."""
    folder = make_workspace(tmp_path)
    path = submit(folder, "phuoc-son.xlsx", layout=SHIFTED)
    cell = _cell_of(path, "ct1")
    wb = openpyxl.load_workbook(path)
    wb.active[cell] = None
    wb.save(path)
    ct1 = [p for p in _problems(cli, tmp_path) if p.get("field") == "ct1"]
    assert [(p["code"], p["cell"]) for p in ct1] == [("blank-value", cell)]


def test_an_error_in_the_note_beside_a_blank_figure_is_not_taken_for_the_figure(tmp_path, cli):
    """The `Ghi chú` column is not under `Số liệu`: a `#DIV/0!` the unit left in a note does not
    make the blank figure beside it a formula error at the note's cell."""
    from tests.hostile import set_cell_xml

    folder = make_workspace(tmp_path)
    path = submit(folder, "phuoc-son.xlsx")
    cell = _cell_of(path, "ct1")
    wb = openpyxl.load_workbook(path)
    note = wb.active[cell].offset(column=1).coordinate
    wb.active[cell] = None
    wb.active[note] = "ghi chú"
    wb.save(path)
    set_cell_xml(path, note, f'<c r="{note}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    ct1 = [p for p in _problems(cli, tmp_path) if p.get("field") == "ct1"]
    assert [(p["code"], p["cell"]) for p in ct1] == [("blank-value", cell)]


def test_value_merged_down_over_the_next_field_is_not_copied_into_it(tmp_path, cli):
    folder = make_workspace(tmp_path)
    path = submit(folder, "phuoc-son.xlsx", layout=SHIFTED)
    ct1, ct2 = _cell_of(path, "ct1"), _cell_of(path, "ct2")
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells(f"{ct1}:{ct2}")  # ct2's figure (1200) disappears under ct1's (450)
    wb.save(path)
    problems = _problems(cli, tmp_path)
    ct2_problems = [p for p in problems if p.get("field") == "ct2"]
    assert [p["code"] for p in ct2_problems] == ["blank-value"]
    assert "để trống" in ct2_problems[0]["message"]
    assert not [p for p in problems if p.get("field") == "ct1" and p["severity"] != "info"]


def test_invisible_bidi_characters_in_a_unit_cell_do_not_hide_the_unit(tmp_path, cli):
    folder = make_workspace(tmp_path)
    path = submit(folder, "phuoc-son.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    unit_cell = next(c for row in ws.iter_rows() for c in row if c.value == "Xã Phước Sơn")
    unit_cell.value = "Xã Phước\u200b Sơn\u202e\u2066"  # pasted from a chat: zero-width, RTL override
    wb.save(path)
    result = cli("validate", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert [f["unit"] for f in data["files"] if f["file"] == "phuoc-son.xlsx"] == ["Xã Phước Sơn"]
    assert not [p for p in data["problems"] if p["code"] == "unknown-unit"]
    assert "\u202e" not in result.output


# ---------------------------------------------------------------- commands


def test_template_for_all_units_survives_a_very_long_unit_name(tmp_path, cli):
    long_name = "Xã" + " Dài" * 80
    make_workspace(tmp_path, SETTINGS.replace("- name: Xã Phước Hòa", f'- name: "{long_name}"'))
    result = cli("template", "--all-units", "--year", "2023", "-o", "mau", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "mau").iterdir())
    assert len(names) == 3
    assert all(len(n) <= 100 for n in names)
    long_form = next(n for n in names if "dai" in n)
    ws = openpyxl.load_workbook(tmp_path / "mau" / long_form).active
    assert any(c.value == long_name for row in ws.iter_rows() for c in row)


def test_report_refuses_the_starter_placeholders_left_by_init(tmp_path, cli):
    assert cli("init", tmp_path / "w").exit_code == 0
    work = tmp_path / "w"
    result = cli("report", "--quarter", "IV", "--year", "2024", "-o", "r.docx", cwd=work)
    assert result.exit_code == 3, result.output
    assert "chỗ mẫu <…> chưa thay bằng nội dung thật" in result.output
    assert "don-vi.yaml dòng 8: <TÊN TỈNH>" in result.output
    assert not (work / "r.docx").exists()
    make_workspace(tmp_path / "q", SETTINGS.replace("place: Tuy Phước", "place: ‹Tên địa danh›"))
    angled = cli("report", "--quarter", "IV", "-o", "r.docx", cwd=tmp_path / "q")
    assert angled.exit_code == 3 and "don-vi.yaml dòng 4: ‹Tên địa danh›" in angled.output


def test_reconcile_uses_the_working_folders_set_and_skips_legend_lines(tmp_path, cli):
    from tests.paths import EXAMPLES

    work = tmp_path / "ct"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", work)  # its 2026 set is in chi-tieu/ only
    assert cli("summary", "-o", "s.xlsx", cwd=work).exit_code == 0
    legend = [
        c.value
        for ws in openpyxl.load_workbook(work / "s.xlsx").worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("Màu")
    ]
    assert legend  # the summary carries a colour legend under its table
    # The careless clerk gives the summary itself as the system's export.
    result = cli("reconcile", "s.xlsx", "--json", cwd=work)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    units = {line["unit"] for line in data["lines"]}
    assert units and not any(u.startswith(("Màu", "dưới", "trên", "đạt")) for u in units)
    assert data["summary"]["flagged"] == 0


def test_audit_console_names_the_kind_of_slip_once(tmp_path, cli):
    text = tmp_path / "bc.txt"
    text.write_text("Chỉ tiêu 1: đã tạo được 8.529/5.832 tài khoản, đạt 150,2%.\n", encoding="utf-8")
    result = cli("audit", text, cwd=tmp_path)
    assert result.exit_code == 1
    assert "Tính sai: 8.529/5.832 = 146,244…%, không phải 150,2%." in result.stdout
    assert "Tính sai: Tính sai" not in result.stdout


# ---------------------------------------------------------------- consolidated tables and exports


def test_a_blank_row_or_a_nameless_row_does_not_end_a_consolidated_table():
    from dean5299_cli.readers.layout import parse_consolidated_sheet
    from dean5299_cli.readers.workbook import Grid

    grid = Grid(
        "Xuất",
        [
            ["STT", "Đơn vị", "ct1", "ct2"],
            [1, "Xã A", 5, 1],
            ["", "", "", ""],  # a separator row between two groups
            [2, "Xã B", 7, 2],
            [3, "", 11, 3],  # the name cell held a formula the program never computed
            [4, "Xã C", 13, 4],
            ["", "Màu tỷ lệ đạt:", None, None],  # a legend line under the table
        ],
    )
    subs = parse_consolidated_sheet(grid)
    assert subs is not None
    assert [(s.unit.value if s.unit else None, s.values["ct1"].value) for s in subs] == [
        ("Xã A", 5),
        ("Xã B", 7),
        ("", 11),
        ("Xã C", 13),
    ]
    assert subs[2].unit is not None and subs[2].unit.cell == "B5"


def test_export_row_without_a_unit_name_is_an_error_at_its_cell_and_drops_no_unit(tmp_path, cli):
    make_workspace(tmp_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["KẾT QUẢ ĐỀ ÁN 5299 QUÝ IV NĂM 2023"])
    ws.append(["STT", "Đơn vị", *VALUES_2023])
    ws.append([1, "Xã Phước Sơn", *VALUES_2023.values()])
    ws.append([2, "=cmd|' /C calc'!A0", *VALUES_2023.values()])
    ws.append([3, "Thị trấn Diêu Trì", *VALUES_2023.values()])
    ws.append([4, "Xã Phước Hòa", *VALUES_2023.values()])
    wb.save(tmp_path / "bao-cao" / "xuat.xlsx")
    result = cli("validate", "--json", cwd=tmp_path)
    data = json.loads(result.stdout)
    missing = [p for p in data["problems"] if p["code"] == "missing-header"]
    assert [(p["file"], p["cell"]) for p in missing] == [("xuat.xlsx", "B4")]
    assert not [p for p in data["problems"] if p["code"] == "missing-unit"]
    assert data["summary"]["units"] == 3, data["summary"]


def test_the_blank_form_sent_back_is_an_error_not_a_unit_reporting_zeros(tmp_path, cli):
    folder = make_workspace(tmp_path)
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì")
    form = cli("template", "--year", "2023", "--quarter", "IV", "--unit", "Xã Phước Sơn",
               "-o", "mau.xlsx", cwd=tmp_path)
    assert form.exit_code == 0, form.output
    (tmp_path / "mau.xlsx").rename(folder / "phuoc-son.xlsx")  # sent back without a figure
    result = cli("validate", "--json", cwd=tmp_path)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    mine = [p for p in data["problems"] if p["file"] == "phuoc-son.xlsx"]
    assert [(p["code"], p["severity"]) for p in mine] == [("empty-form", "error")]
    assert "cả 15 ô số liệu đều trống" in mine[0]["message"]
    assert {f["file"]: f["status"] for f in data["files"]}["phuoc-son.xlsx"] == "error"


def test_report_date_far_from_the_period_is_refused(tmp_path, cli):
    for typed in ("1900-01-01", "9999-12-31", "2023-09-30"):
        make_workspace(tmp_path, SETTINGS.replace("date: 2023-11-20", f"date: {typed}"))
        submit(tmp_path / "bao-cao", "phuoc-son.xlsx")
        result = cli("report", "--quarter", "IV", "-o", "r.docx", cwd=tmp_path)
        assert result.exit_code == 3, (typed, result.output)
        assert "khóa `report.date`" in result.output and "quý IV năm 2023" in result.output
        assert not (tmp_path / "r.docx").exists()
    make_workspace(tmp_path, SETTINGS.replace("date: 2023-11-20", "date: 05/01/2024"))
    assert cli("report", "--quarter", "IV", "-o", "r.docx", cwd=tmp_path).exit_code == 0
    # the same window for --ngay: `--ngay 01/01/0001` headed a signed report "năm 1"
    for typed in ("01/01/0001", "31/12/9999", "30/09/2023"):
        given = cli("report", "--quarter", "IV", "-o", "n.docx", "--ngay", typed, cwd=tmp_path)
        assert given.exit_code == 2, (typed, given.output)
        assert f'Ngày báo cáo "{typed}" không hợp với quý IV năm 2023' in given.stderr
        assert not (tmp_path / "n.docx").exists()
    kept = cli("report", "--quarter", "IV", "-o", "n.docx", "--ngay", "05/01/2024", cwd=tmp_path)
    assert kept.exit_code == 0, kept.output


def test_audit_reads_notepad_unicode_text_and_refuses_what_it_cannot_read(tmp_path, cli):
    claim = "Chỉ tiêu 1: đã tạo được 8.529/5.832 tài khoản, đạt 150,2%.\n"
    (tmp_path / "bom.txt").write_text(claim, encoding="utf-16")  # Notepad "Unicode": with a BOM
    result = cli("audit", tmp_path / "bom.txt", cwd=tmp_path)
    assert result.exit_code == 1
    assert "8.529/5.832 = 146,244…%, không phải 150,2%" in result.stdout
    (tmp_path / "nobom.txt").write_bytes(claim.encode("utf-16-le"))  # once read as "0 số liệu"
    silent = cli("audit", tmp_path / "nobom.txt", cwd=tmp_path)
    assert silent.exit_code == 1 and "không phải văn bản UTF-8" in silent.output
    (tmp_path / "big.txt").write_bytes(claim.encode("utf-8") * 40_000)  # ~2.6 MB of claims
    big = cli("audit", tmp_path / "big.txt", cwd=tmp_path)
    assert big.exit_code == 1 and "quá lớn" in big.output


def test_reconcile_reads_excel_unicode_text_and_names_a_nameless_row(tmp_path, cli):
    from tests.paths import EXAMPLES

    work = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    rows = [
        ["STT", "Đơn vị", "Số ĐVTN mở tài khoản sử dụng dịch vụ công"],
        ["1", "Xã Phước Sơn", "502"],
        ["2", "", "999"],  # figures without a unit: once dropped without a word
        ["3", "TT Diêu Trì", "1.000"],  # 753 reported
    ]
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    (work / "ht.txt").write_text(text, encoding="utf-16")  # Excel: Save as "Unicode Text"
    result = cli("reconcile", "ht.txt", "--quarter", "IV", "--json", cwd=work)
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    dieu_tri = [x for x in data["lines"] if x["unit"] == "Thị trấn Diêu Trì" and x["field"] == "ct1"]
    assert [(x["reported"], x["system"]) for x in dieu_tri] == [(753, 1000)]
    assert "ht.txt, dòng 3: có số liệu nhưng không có tên đơn vị, bỏ qua." in result.output


def test_a_file_given_for_the_submissions_folder_is_told_apart(tmp_path, cli):
    folder = make_workspace(tmp_path)
    path = submit(folder, "[x] phuoc-son.xlsx")
    result = cli("validate", path, cwd=tmp_path)
    assert result.exit_code == 2
    assert "[x] phuoc-son.xlsx là một tệp, không phải thư mục" in result.output


# ---------------------------------------------------------------- sheet names in messages


def _second_sheet_named(folder: Path, name: str) -> None:
    """ps.xlsx with a copy of its sheet (ct1 460) named `name` in workbook.xml by hand: Excel
    and openpyxl refuse a name of more than 31 characters, a file written otherwise has one."""
    from tests.hostile import replace_in_part

    path = submit(folder, "ps.xlsx")
    wb = openpyxl.load_workbook(path)
    copy = wb.copy_worksheet(wb.active)
    copy.title = "NAME"
    copy["E9"] = 460
    wb.save(path)
    replace_in_part(path, "xl/workbook.xml", 'name="NAME"', f'name="{name}"')


def _sheet_messages(report) -> list[tuple[str | None, str]]:
    return [(p.sheet, p.message) for p in report.problems if p.code == "duplicate-sheet"]


def test_a_very_long_sheet_name_is_shortened_in_every_message(tmp_path):
    from dean5299_cli.core.validation_view import build_view
    from tests.helpers import validate_workspace

    folder = make_workspace(tmp_path)
    long = "Dài" * 4000  # 12.000 characters: was printed whole, three times a message
    _second_sheet_named(folder, long)
    report = validate_workspace(folder)
    shown = '"' + "Dài" * 13 + "D…" + '"'
    message = (
        f'Đơn vị Xã Phước Sơn có 2 trang khác nhau cho cùng kỳ trong tệp này: "Báo cáo" và '
        f'{shown}. Số liệu khác nhau (trang "Báo cáo" ↔ trang {shown}): ct1: 450 ↔ 460. Chưa '
        "tính vào tổng hợp: hãy giữ lại một trang đúng, xóa trang kia."
    )
    # the sheet itself stays as the workbook names it: --lay-moi-nhat and the reader match by it
    assert _sheet_messages(report) == [("Báo cáo", message), (long, message)]
    view = build_view(report, None)
    lines = [a.text for a in view.actions] + [g.heading for g in view.groups]
    lines += [f"{d.where}: {d.message}" for g in view.groups for d in g.details]
    assert not [line for line in lines if "Dài" * 14 in line]
    assert f"trang {shown[1:-1]}: {message}" in lines


def test_a_sheet_name_showing_nothing_is_named_by_its_place(tmp_path):
    from tests.helpers import validate_workspace

    folder = make_workspace(tmp_path)
    _second_sheet_named(folder, "\u200b\u200d")  # zero-width only: was `trang ""`
    report = validate_workspace(folder)
    message = (
        'Đơn vị Xã Phước Sơn có 2 trang khác nhau cho cùng kỳ trong tệp này: "Báo cáo" và trang '
        'thứ 2. Số liệu khác nhau (trang "Báo cáo" ↔ trang thứ 2): ct1: 450 ↔ 460. Chưa tính '
        "vào tổng hợp: hãy giữ lại một trang đúng, xóa trang kia."
    )
    assert _sheet_messages(report) == [("Báo cáo", message), ("\u200b\u200d", message)]
    second = [p for p in report.problems if p.sheet == "\u200b\u200d"][0]
    assert second.sheet_shown() == "thứ 2"
