"""`dean5299 reconcile`: exports of both shapes and encodings against the units' own figures."""

from __future__ import annotations

import csv
import json
import shutil
import unicodedata
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from dean5299_cli.writers.marks import output_kind
from tests.paths import EXAMPLES

# Quarter IV 2023 figures of the tuy-phuoc example (written by examples/make_examples.py)
PHUOC_SON = {"ct1": 502, "ct5": 461}
DIEU_TRI = {"ct1": 753, "ct5": 790}


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder)
    return folder


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258_form(text: str) -> str:
    """Windows-1258 stores the tone apart: `ấ` is `â` + combining acute."""
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out.append(base + tones)
    return "".join(out)


def _write_csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str) -> Path:
    if encoding == "cp1258":
        rows = [[_cp1258_form(cell) for cell in row] for row in rows]
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _per_unit_rows() -> list[list[str]]:
    return [
        ["BÁO CÁO TRÍCH XUẤT HỆ THỐNG"],
        [],
        ["STT", "Đơn vị", "Số ĐVTN mở tài khoản sử dụng dịch vụ công",
         "Số hồ sơ trực tuyến do ĐVTN hướng dẫn, hỗ trợ người dân nộp"],
        ["1", "Xã Phước Sơn", "502", "400"],  # ct5: 461 reported vs 400 → +15,3%
        ["2", "TT Diêu Trì", "1.000", "790"],  # ct1: 753 vs 1.000 → −24,7%
        ["3", "Phước Hoà", "753", "526"],  # old tone placement, same unit; within tolerance
        ["4", "Xã Không Có", "10", "10"],  # only in the export
        ["", "Tổng cộng", "2.265", "1.726"],
    ]


@pytest.mark.parametrize(("encoding", "delimiter"),
                         [("utf-8", ","), ("utf-8-sig", ";"), ("cp1258", ";"), ("utf-8", "\t")])
def test_per_unit_csv_in_every_encoding(cli, work, encoding, delimiter):
    export = _write_csv(work / "he-thong.csv", _per_unit_rows(), encoding, delimiter)
    result = cli("reconcile", export, "--json", "--quarter", "IV", cwd=work)
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["shape"] == "per-unit"
    assert encoding.replace("-sig", "") in data["read_as"] or encoding in data["read_as"]
    lines = {(x["unit"], x["field"]): x for x in data["lines"]}
    son = lines[("Phước Sơn", "ct5")]
    assert (son["reported"], son["system"], son["difference"], son["flagged"]) == (461, 400, 61, True)
    assert son["difference_percent"] == pytest.approx(15.25)
    dieu_tri = lines[("Thị trấn Diêu Trì", "ct1")]
    assert (dieu_tri["reported"], dieu_tri["system"], dieu_tri["difference"]) == (753, 1000, -247)
    assert lines[("Phước Hòa", "ct1")]["flagged"] is False
    assert data["only_system"] == ["Xã Không Có"]
    assert "Phước Thắng" in data["only_reported"] and len(data["only_reported"]) == 10
    # worst first: Diêu Trì (−24,7%) before Phước Sơn (+15,3%), then the one-sided units
    assert [a["unit"] for a in data["actions"]][:3] == ["Thị trấn Diêu Trì", "Phước Sơn", "Xã Không Có"]


def test_tolerance_and_console_action_list(cli, work):
    export = _write_csv(work / "ht.csv", _per_unit_rows(), "utf-8", ",")
    result = cli("reconcile", export, "--tolerance", "20", "--quarter", "IV", cwd=work)
    assert result.exit_code == 1
    said = " ".join(result.stdout.split())  # wrapped to the console
    assert "1. Thị trấn Diêu Trì: Số ĐVTN mở tài khoản sử dụng dịch vụ công (ct1): đơn vị báo cáo 753, hệ thống 1.000, chênh -247 (-24,7%)" in said
    assert "Phước Sơn:" not in result.stdout  # 15,3% is within 20%
    assert cli("reconcile", export, "--tolerance", "năm", cwd=work).exit_code == 2


def _records(path: Path, rows: int) -> Path:
    """One row per dossier; Phước Sơn has 461 online dossiers in 2023 like its report says."""
    data = [["Mã hồ sơ", "Xã/phường", "Hình thức nộp", "Trạng thái", "Ngày nộp"]]
    for i in range(461):
        data.append([f"HS{i}", "Phước Sơn", "Trực tuyến", "Đã trả kết quả", f"{i % 28 + 1:02d}/0{i % 9 + 1}/2023"])
    for i in range(rows):
        data.append([f"X{i}", "Diêu Trì", "trực tuyến", "Đã trả kết quả", "15/05/2023"])
    data.append(["L1", "Phước Sơn", "Trực tiếp", "Đã trả kết quả", "15/05/2023"])  # not online
    data.append(["L2", "Phước Sơn", "Trực tuyến", "Từ chối", "15/05/2023"])  # refused
    data.append(["L3", "Phước Sơn", "Trực tuyến", "Đã trả kết quả", "15/01/2024"])  # next year
    return _write_csv(path, data, "cp1258", ";")


def test_record_list_counted_with_filters(cli, work):
    export = _records(work / "ho-so.csv", 700)
    result = cli("reconcile", export, "--json", "--quarter", "IV", "--field", "ct5",
                 "--channel", "trực tuyến", "--status", "Đã trả kết quả",
                 "--from", "2023-01-01", "--to", "31/12/2023", cwd=work)
    data = json.loads(result.stdout)
    assert data["shape"] == "per-record" and data["rows"] == 461 + 700 + 3
    lines = {(x["unit"], x["field"]): x for x in data["lines"]}
    assert lines[("Phước Sơn", "ct5")]["system"] == 461 and not lines[("Phước Sơn", "ct5")]["flagged"]
    assert lines[("Thị trấn Diêu Trì", "ct5")]["system"] == 700
    assert lines[("Thị trấn Diêu Trì", "ct5")]["difference"] == 90
    # a unit whose every row is filtered out is in the export with 0, not "only reported"
    only_refused = cli("reconcile", export, "--json", "--quarter", "IV", "--field", "ct5",
                       "--status", "Không có trạng thái này", cwd=work)
    zero = {(x["unit"], x["field"]): x for x in json.loads(only_refused.stdout)["lines"]}
    assert zero[("Phước Sơn", "ct5")]["system"] == 0 and zero[("Phước Sơn", "ct5")]["flagged"]


def test_mapping_file_and_workbook_export_with_sheet_output(cli, work):
    book = Workbook()
    ws = book.active
    ws.append(["Tên xã", "Hồ sơ trực tuyến"])
    ws.append(["Phước Sơn", 461])
    ws.append(["Diêu Trì", 700])
    book.save(str(work / "xuat.xlsx"))
    mapping = work / "doi-chieu.yaml"
    mapping.write_text('unit_column: "Tên xã"\ncolumns:\n  "Hồ sơ trực tuyến": ct5\n', encoding="utf-8")
    out = work / "doi-chieu.xlsx"
    result = cli("reconcile", work / "xuat.xlsx", "--mapping", mapping, "-o", out,
                 "--quarter", "IV", cwd=work)
    assert result.exit_code == 1
    sheet = load_workbook(out)["Đối chiếu"]
    rows = {row[0]: row for row in ([c.value for c in r] for r in sheet.iter_rows(min_row=3))}
    label = "Số hồ sơ trực tuyến do ĐVTN hướng dẫn, hỗ trợ người dân nộp"
    assert rows["Phước Sơn"][:8] == ["Phước Sơn", "ct5", label, 461, 461, 0, 0, None]
    assert rows["Thị trấn Diêu Trì"][:8] == ["Thị trấn Diêu Trì", "ct5", label, 790, 700, 90,
                                             pytest.approx(90 / 700), "có"]
    assert rows["Phước Thắng"][2] == "Đã báo cáo, không có trong tệp xuất của hệ thống"
    assert output_kind(out) == "reconciliation"  # never read back as a summary (a unit's file)
    again = cli("reconcile", work / "xuat.xlsx", "--mapping", mapping, "-o", out, cwd=work)
    assert again.exit_code == 4
    bad = work / "sai.yaml"
    bad.write_text("columns:\n  X: ct99\n", encoding="utf-8")
    wrong = cli("reconcile", work / "xuat.xlsx", "--mapping", bad, cwd=work)
    assert wrong.exit_code == 3 and "ct99" in wrong.stderr and "dòng" in wrong.stderr


def test_unrecognised_and_broken_exports(cli, work):
    plain = _write_csv(work / "la.csv", [["a", "b"], ["1", "2"]], "utf-8", ",")
    result = cli("reconcile", plain, cwd=work)
    assert result.exit_code == 1 and "không tìm thấy dòng tiêu đề có cột đơn vị" in result.stderr
    broken = work / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04garbage")
    result = cli("reconcile", broken, cwd=work)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert cli("reconcile", work / "khong-co.csv", cwd=work).exit_code == 2


def test_sniffing_encodings_and_separators():
    from dean5299_cli.verify.exports import sniff_format

    assert sniff_format("Đơn vị;ct1\nPhước Sơn;1\n".encode()).encoding == "utf-8"
    assert sniff_format("\ufeffĐơn vị,ct1\n".encode()).encoding == "utf-8-sig"
    legacy = _cp1258_form("Đơn vị;Số hồ sơ\nPhước Sơn;1\n").encode("cp1258")
    assert (sniff_format(legacy).encoding, sniff_format(legacy).delimiter) == ("cp1258", ";")
    western = "Unité;Café\nA;1\nB;2\n".encode("cp1252")
    assert sniff_format(western) == sniff_format(western).__class__("cp1252", ";")
    quoted = '"Đơn vị","Số hồ sơ trực tuyến, đã nộp"\n"Phước Sơn","1"\n'.encode()
    assert sniff_format(quoted).delimiter == ","


def test_total_rows_and_units_that_look_like_them():
    from dean5299_cli.verify.mapping import is_total

    assert is_total("Tổng cộng") and is_total("TỔNG SỐ") and is_total("Cộng:") and is_total("Tong cong")
    assert is_total("Toàn tỉnh")
    assert not is_total("Tống Trân") and not is_total("Công Hải") and not is_total("Phước Sơn")


def test_unit_names_from_the_export_are_written_as_text_never_formulas(cli, work):
    """An export's unit column is the portal's data: `=HYPERLINK(…)` there is a formula in any
    workbook that stores it as written, a control character made openpyxl raise."""
    rows = _per_unit_rows()[:3] + [
        ["1", '=HYPERLINK("http://x.invalid","Xã Phước Sơn")', "502", "461"],
        ["2", "@SUM(1+1)", "5", "5"],
        ["3", "Xã \x01Lạ", "5", "5"],
    ]
    export = _write_csv(work / "ht.csv", rows, "utf-8", ",")
    target = work / "doi-chieu.xlsx"
    result = cli("reconcile", export, "--quarter", "IV", "-o", target, cwd=work)
    assert result.exit_code == 1, result.stderr
    sheet = load_workbook(target).active
    units = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert '=HYPERLINK("http://x.invalid","Xã Phước Sơn")' in units and "@SUM(1+1)" in units
    assert "Xã  Lạ" in units


def test_an_unclosed_quote_in_a_csv_export_is_named_not_a_crash(cli, work):
    """A quote opened and never closed makes the rest of the file one field: the csv module
    refuses it past 128 KB, which was an unexpected error (exit 5)."""
    export = work / "ht.csv"
    lines = ["Đơn vị,Số ĐVTN mở tài khoản sử dụng dịch vụ công", "Phước Sơn,502", '"Diêu Trì,1']
    export.write_text("\n".join(lines) + "\n" + "x" * 200_000 + "\n", encoding="utf-8")
    result = cli("reconcile", export, "--quarter", "IV", cwd=work)
    assert result.exit_code == 1, result.stderr
    said = " ".join(result.stderr.split())
    assert "ht.csv, dòng" in said and "dấu ngoặc kép" in said


def test_a_two_digit_year_is_an_unread_date_not_year_23(cli, work):
    """`15/5/23` read as 15 May of year 23: the record fell outside --from/--to without a word,
    and `--from 1/1/23` took every record since year 23."""
    from dean5299_cli.verify.system import as_date

    assert as_date("15/5/23") is None and as_date("23-5-15") is None
    assert as_date("15/5/2023") == as_date("2023-05-15") == as_date("15.05.2023 08:30")
    data = [["Mã hồ sơ", "Xã/phường", "Ngày nộp"]]
    data += [[f"HS{i}", "Phước Sơn", "15/5/23" if i % 2 else "15/05/2023"] for i in range(10)]
    export = _write_csv(work / "ho-so.csv", data, "utf-8", ",")
    result = cli("reconcile", export, "--json", "--quarter", "IV", "--field", "ct5",
                 "--from", "2023-01-01", "--to", "31/12/2023", cwd=work)
    data = json.loads(result.stdout)
    assert data["notes"][0] == "ho-so.csv: 5 dòng không đọc được ngày, không được đếm."
    assert data["notes"][1].startswith("tệp xuất chỉ có số liệu của 1/")  # one unit's records
    short = cli("reconcile", export, "--quarter", "IV", "--field", "ct5", "--from", "1/1/23", cwd=work)
    assert short.exit_code == 2 and "không hiểu ngày «1/1/23»" in " ".join(short.stderr.split())


def test_the_reconciliation_sheet_prints_one_page_wide_with_its_heading_and_grouped_figures(
    cli, work
):
    """Printed as written, the sheet came out portrait over many pages: the units' names on the
    first, their figures pages later, the title cut off and 1243 for 1.243."""
    rows = _per_unit_rows()
    export = _write_csv(work / "he-thong.csv", rows, "utf-8", ",")
    out = work / "doi-chieu.xlsx"
    cli("reconcile", export, "--quarter", "IV", "-o", out, cwd=work)
    sheet = load_workbook(out)["Đối chiếu"]
    setup = sheet.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape", 9, 1, 0)  # 9: A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == "$2:$2"
    dieu_tri = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == "Thị trấn Diêu Trì"
                    and r[4].value == 1000)
    assert [c.number_format for c in dieu_tri[3:6]] == ["#,##0"] * 3
    assert dieu_tri[2].alignment.wrap_text
    long = next(r for r in sheet.iter_rows(min_row=3) if len(r[2].value or "") > 50)
    assert sheet.row_dimensions[long[0].row].height >= 30  # two lines, not over the next row


def test_an_export_read_as_units_reports_says_it_is_compared_with_itself(cli, work):
    """A province's folder holds the system's export as the report of the units that sent no
    file (the guide's third kind of file). Reconciled against that same export, those units
    'matched' with no word that their figures were the export itself."""
    folder = work / "bao-cao-don-vi"
    (folder / "BC 5299 Q4 - Phuoc Son.xlsx").unlink()
    book = Workbook()
    ws = book.active
    ws.append(["KẾT QUẢ THỰC HIỆN ĐỀ ÁN 5299 QUÝ IV NĂM 2023 (xuất từ hệ thống)"])
    ws.append(["STT", "Tên đơn vị", "Số ĐVTN mở tài khoản sử dụng dịch vụ công",
               "Số hồ sơ trực tuyến do ĐVTN hướng dẫn, hỗ trợ người dân nộp"])
    ws.append([1, "Xã Phước Sơn", 502, 461])
    book.save(str(folder / "xuat-he-thong.xlsx"))
    assert "Xã Phước Sơn" not in cli("validate", "--quarter", "IV", cwd=work).stdout.split(
        "Chi tiết")[0]  # counted from the export
    result = cli("reconcile", folder / "xuat-he-thong.xlsx", "--quarter", "IV", cwd=work)
    assert ("tệp xuất này nằm trong thư mục báo cáo và đã được tính là báo cáo của 1 đơn vị "
            "không gửi tệp riêng (Phước Sơn)") in result.output


def test_a_partial_export_is_said_once_and_its_notes_are_in_the_sheet(cli, work):
    """An export of one unit's row against an office whose every unit reported: each other unit
    was listed as one to ask about ('đã báo cáo nhưng không có trong tệp xuất'), and the notes
    printed before the list were not in the sheet written with -o. Now the export is said to
    be partial once, those units are one line, and the sheet carries the notes."""
    rows = [["STT", "Đơn vị", "Số ĐVTN mở tài khoản sử dụng dịch vụ công"], ["1", "Xã Phước Sơn", "502"]]
    export = _write_csv(work / "mot-xa.csv", rows, "utf-8", ",")
    out = work / "doi-chieu.xlsx"
    result = cli("reconcile", export, "--quarter", "IV", "-o", out, cwd=work)
    data = json.loads(cli("reconcile", export, "--quarter", "IV", "--json", cwd=work).stdout)
    left_out = data["summary"]["only_reported"]
    assert left_out >= 5 and data["summary"]["units"] == 1
    note = (f"tệp xuất chỉ có số liệu của 1/{left_out + 1} đơn vị đã báo cáo; {left_out} đơn vị "
            "còn lại không đối chiếu được (có thể tệp xuất chỉ là một phần số liệu của hệ thống, "
            "hoặc tên đơn vị trong tệp xuất ghi khác danh sách).")  # fmt: skip
    assert note in data["notes"] and f"Lưu ý: {note}" in result.output
    assert "Số liệu 1 đơn vị khớp với hệ thống" in result.stdout
    assert f"Không đối chiếu được {left_out} đơn vị đã báo cáo (không có trong tệp xuất): " in result.stdout
    assert "không có trong tệp xuất của hệ thống" not in result.stdout  # not one line a unit
    assert result.exit_code == 1  # still something to settle
    sheet = load_workbook(out)["Đối chiếu"]
    said = [r[0].value for r in sheet.iter_rows() if str(r[0].value or "").startswith("Lưu ý")]
    assert said == [f"Lưu ý: {note}"]


def test_a_partial_export_s_units_left_out_are_not_units_to_ask_about_in_the_sheet(cli, work):
    """The -o sheet of a partial export still marked every unit it leaves out 'Cần hỏi lại: có'
    (126 rows for the 141-unit province and an 8-row export), though the note below says the
    export is a part: 'không', the note saying why."""
    rows = [["STT", "Đơn vị", "Số ĐVTN mở tài khoản sử dụng dịch vụ công"], ["1", "Xã Phước Sơn", "502"]]
    export = _write_csv(work / "mot-xa.csv", rows, "utf-8", ",")
    out = work / "doi-chieu.xlsx"
    cli("reconcile", export, "--quarter", "IV", "-o", out, cwd=work)
    sheet = load_workbook(out)["Đối chiếu"]
    text = "Đã báo cáo, không có trong tệp xuất của hệ thống"
    left = [[c.value for c in r] for r in sheet.iter_rows() if r[2].value == text]
    assert len(left) >= 5 and all(r[-1] == "không" for r in left)
    assert not [r for r in sheet.iter_rows(values_only=True) if r[-1] == "có"]
    notes = [r[0].value for r in sheet.iter_rows() if str(r[0].value or "").startswith("Lưu ý")]
    assert notes and "tệp xuất chỉ có số liệu của 1/" in notes[0]  # why, below the table
