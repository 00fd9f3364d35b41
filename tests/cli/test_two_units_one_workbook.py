"""A workbook holding two units' reports, a sheet each, where each unit has another, differing
copy (a sheet of another workbook, or a file of its own) with another date written: each unit's
later copy is taken with --lay-moi-nhat, only that unit's older sheet set aside, and validate,
remind and rank say the same of each unit, never one unit's figures told to the other."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from tests.helpers import make_workspace, submit

PS, PH = "Xã Phước Sơn", "Xã Phước Hòa"
SUMMARY = "ket-qua/tong-hop-5299-2023-quy-4.xlsx"


def _label(ws: Worksheet, label: str):
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip().rstrip(":") == label:
                return ws.cell(cell.row, cell.column + 1)
    raise AssertionError(label)


def _ct1(ws: Worksheet, value: int) -> None:
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "ct1")
    head = next(r for r in ws.iter_rows() if any(c.value == "Số liệu" for c in r))
    ws.cell(row, next(c.column for c in head if c.value == "Số liệu")).value = value


def _workbook(folder: Path, name: str, sheets: list[tuple[str, str, str, int]]) -> Path:
    """`name` with a sheet per (title, unit, date written, ct1)."""
    path = submit(folder, name)
    wb = openpyxl.load_workbook(path)
    form = wb.worksheets[0]
    for title, unit, as_of, ct1 in sheets:
        ws = wb.copy_worksheet(form)
        ws.title = title
        _label(ws, "Đơn vị").value = unit
        _label(ws, "Tính đến ngày").value = as_of
        _ct1(ws, ct1)
    wb.remove(form)
    wb.save(path)
    return path


def _counted(root: Path) -> dict[str, object]:
    """Each unit's ct1 in the summary workbook's 'Tổng hợp' sheet."""
    ws = openpyxl.load_workbook(root / SUMMARY)["Tổng hợp"]
    head = next(r for r in ws.iter_rows() if any(c.value == "ct1" for c in r))
    col = next(c.column for c in head if c.value == "ct1")
    return {
        str(ws.cell(r, 2).value): ws.cell(r, col).value
        for r in range(head[0].row + 1, ws.max_row + 1)
        if ws.cell(r, 2).value in (PS, PH)
    }


def _ranked(cli, root: Path) -> dict[str, int]:
    result = cli("rank", "--quarter", "IV", "--json", "--lay-moi-nhat", cwd=root)
    assert result.exit_code == 0, result.output
    ct1 = next(i for i in json.loads(result.stdout)["indicators"] if i["number"] == 1)
    return {u["unit"]: u["achieved"] for u in ct1["units"] if u["unit"] in (PS, PH)}


def _crossed(root: Path) -> Path:
    """Two workbooks, each with both units' sheets: Phước Sơn's later copy is in gop-2.xlsx,
    Phước Hòa's in gop-1.xlsx."""
    folder = make_workspace(root)
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    _workbook(folder, "gop-1.xlsx", [("PS", PS, "10/12/2023", 440), ("PH", PH, "22/12/2023", 480)])
    _workbook(folder, "gop-2.xlsx", [("PS", PS, "20/12/2023", 460), ("PH", PH, "12/12/2023", 470)])
    return folder


def test_each_unit_s_later_sheet_is_taken_from_two_workbooks(cli, tmp_path: Path) -> None:
    """Was: gop-1.xlsx set aside whole as Phước Sơn's older copy, Phước Hòa's later sheet
    (480, 22/12) with it, and its older one (470) counted without a word of it."""
    _crossed(tmp_path)
    result = cli("report", "--quarter", "IV", "--lay-moi-nhat", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert _counted(tmp_path) == {PS: 460, PH: 480}
    said = " ".join(result.stderr.split())
    assert (
        'Tệp "gop-1.xlsx": Không dùng trang "PS": bản cũ hơn của "gop-2.xlsx" (--lay-moi-nhat). '
        'Tệp "gop-2.xlsx": Không dùng trang "PH": bản cũ hơn của "gop-1.xlsx" (--lay-moi-nhat).'
    ) in said, said
    assert "Lấy tệp mới hơn" not in said and "bỏ qua" not in said, said
    assert _ranked(cli, tmp_path) == {PS: 460, PH: 480}
    notes = tmp_path / "n.txt"
    again = cli("remind", "--quarter", "IV", "--lay-moi-nhat", "-o", str(notes), cwd=tmp_path)
    assert again.exit_code == 0, again.output
    told = (notes.read_text(encoding="utf-8") if notes.exists() else "") + again.stdout
    assert f"[{PS}]" not in told and f"[{PH}]" not in told, told
    checked = cli("validate", "--quarter", "IV", "--lay-moi-nhat", "--json", cwd=tmp_path)
    data = json.loads(checked.stdout)
    assert [p["code"] for p in data["problems"] if p["severity"] == "error"] == []
    aside = sorted(
        (p["file"], p["message"]) for p in data["problems"] if p["code"] == "sheet-set-aside"
    )
    assert aside == [
        ("gop-1.xlsx", 'Không dùng trang "PS": bản cũ hơn của "gop-2.xlsx" (--lay-moi-nhat).'),
        ("gop-2.xlsx", 'Không dùng trang "PH": bản cũ hơn của "gop-1.xlsx" (--lay-moi-nhat).'),
    ]


def test_each_unit_is_told_its_own_two_sheets(cli, tmp_path: Path) -> None:
    """Without --lay-moi-nhat: each unit hears its own two figures, and validate notes each
    unit's comparison under that unit (was: Phước Sơn told Phước Hòa's 470 and 480)."""
    _crossed(tmp_path)
    result = cli("remind", "--quarter", "IV", "-o", str(tmp_path / "n.txt"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "n.txt").read_text(encoding="utf-8")
    blocks = {b.split("]", 1)[0].lstrip("["): " ".join(b.split()) for b in text.split("\n[")}
    son, hoa = blocks[PS], blocks[PH]
    assert (
        'Đơn vị gửi 2 tệp khác nhau cho cùng kỳ ("gop-1.xlsx", "gop-2.xlsx"): chưa biết số liệu '
        "của tệp nào là đúng. Hai tệp khác nhau ở: Số ĐVTN mở tài khoản sử dụng dịch vụ công "
        '(chỉ tiêu 1): 440 (tệp "gop-1.xlsx"), 460 (tệp "gop-2.xlsx").'
    ) in son, son
    assert (
        'Đơn vị gửi 2 tệp khác nhau cho cùng kỳ ("gop-2.xlsx", "gop-1.xlsx"): chưa biết số liệu '
        "của tệp nào là đúng. Hai tệp khác nhau ở: Số ĐVTN mở tài khoản sử dụng dịch vụ công "
        '(chỉ tiêu 1): 470 (tệp "gop-2.xlsx"), 480 (tệp "gop-1.xlsx").'
    ) in hoa, hoa
    shown = " ".join(cli("validate", "--quarter", "IV", cwd=tmp_path).stdout.split())
    notes = shown.split("Thông tin: ")[1:]
    assert [n.split(". Khác nhau")[1].split(".")[0] for n in notes] == [
        " (tệp cũ ↔ tệp mới): ct1: 440 ↔ 460",
        " (tệp cũ ↔ tệp mới): ct1: 470 ↔ 480",
    ], shown


def test_a_workbook_of_both_units_older_sheets_and_their_own_files(cli, tmp_path: Path) -> None:
    """A workbook with both units' older sheets, each unit's later file of its own: each unit's
    own file is taken, the workbook's sheet of that unit set aside (was: Phước Hòa's file
    compared with Phước Sơn's figures, nothing told apart, Phước Hòa left out)."""
    folder = make_workspace(tmp_path)
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    _workbook(folder, "gop.xlsx", [("PS", PS, "10/12/2023", 440), ("PH", PH, "10/12/2023", 470)])
    submit(folder, "ps.xlsx", unit=PS, ct1=460)  # dated 20/12/2023
    submit(folder, "ph.xlsx", unit=PH, ct1=480)
    result = cli("report", "--quarter", "IV", "--lay-moi-nhat", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert _counted(tmp_path) == {PS: 460, PH: 480}
    said = " ".join(result.stderr.split())
    assert (
        'Tệp "gop.xlsx": Không dùng trang "PS": bản cũ hơn của "ps.xlsx" (--lay-moi-nhat). '
        'Tệp "gop.xlsx": Không dùng trang "PH": bản cũ hơn của "ph.xlsx" (--lay-moi-nhat).'
    ) in said, said
    assert "Không biết tệp nào mới hơn" not in said, said
    assert _ranked(cli, tmp_path) == {PS: 460, PH: 480}



def _called(stdout: str) -> str:
    """Validate's list of whom to call, on one line."""
    return " ".join(stdout.split()).split("việc gấp trước: ", 1)[1].split(" Tổng cộng:")[0]


def test_the_hint_to_take_the_newer_copy_is_each_unit_s_own(cli, tmp_path: Path) -> None:
    """Two workbooks, each with both units' sheets: Phước Sơn's sheets are dated apart, Phước
    Hòa's the same day. Phước Sơn is pointed to --lay-moi-nhat, which takes its later sheet;
    Phước Hòa is not (was: by file, Phước Hòa's undecided pair made Phước Sơn's two files
    "không biết tệp nào mới hơn" too)."""
    folder = make_workspace(tmp_path)
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    _workbook(folder, "gop-1.xlsx", [("PS", PS, "10/12/2023", 440), ("PH", PH, "20/12/2023", 480)])
    _workbook(folder, "gop-2.xlsx", [("PS", PS, "20/12/2023", 460), ("PH", PH, "20/12/2023", 470)])
    sheets = (
        'bỏ bản trong tệp "gop-1.xlsx" thì xóa trang "{0}" hoặc tệp "gop-2.xlsx" thì xóa trang '
        '"{0}", không chuyển các tệp này ra khỏi thư mục (các tệp còn báo cáo của đơn vị khác)'
    )
    assert _called(cli("validate", "--quarter", "IV", cwd=tmp_path).stdout) == (
        f"{PS} — gửi 2 tệp khác nhau cho cùng kỳ: giữ một bản (hoặc dùng --lay-moi-nhat); "
        + sheets.format("PS")
        + f" {PH} — gửi 2 tệp khác nhau cho cùng kỳ, không biết tệp nào mới hơn: hỏi đơn vị "
        "tệp nào đúng, giữ một bản; "
        + sheets.format("PH")
    )
    result = cli("report", "--quarter", "IV", "--lay-moi-nhat", cwd=tmp_path)
    assert _counted(tmp_path) == {PS: 460, PH: None}, result.output


def test_a_workbook_holding_another_unit_s_report_is_never_to_be_moved_out(
    cli, tmp_path: Path
) -> None:
    """Phước Sơn's sheet of a workbook that holds Phước Hòa's report too, and its own file,
    differing: the clerk is told to delete the sheet, never to move the workbook out of the
    folder (was: "chuyển tệp kia ra khỏi thư mục" for both, Phước Hòa's report with it)."""
    folder = make_workspace(tmp_path)
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    _workbook(folder, "gop.xlsx", [("PS", PS, "10/12/2023", 440), ("PH", PH, "20/12/2023", 470)])
    submit(folder, "ps.xlsx", unit=PS, ct1=460)  # dated 20/12/2023
    result = cli("validate", "--quarter", "IV", "--json", cwd=tmp_path)
    said = {
        p["file"]: p["message"]
        for p in json.loads(result.stdout)["problems"]
        if p["code"] == "duplicate-submission"
    }
    assert said == {
        "gop.xlsx": f'Đơn vị {PS} có hai tệp khác nhau cho cùng kỳ: "ps.xlsx" và tệp này. Hãy '
        'giữ lại một bản đúng: chuyển tệp "ps.xlsx" ra khỏi thư mục, hoặc xóa trang "PS" trong '
        "tệp này (không chuyển tệp này ra khỏi thư mục: tệp còn báo cáo của đơn vị khác).",
        "ps.xlsx": f'Đơn vị {PS} có hai tệp khác nhau cho cùng kỳ: "gop.xlsx" và tệp này. Hãy '
        'giữ lại một bản đúng: chuyển tệp này ra khỏi thư mục, hoặc xóa trang "PS" trong tệp '
        '"gop.xlsx" (không chuyển tệp "gop.xlsx" ra khỏi thư mục: tệp còn báo cáo của đơn vị '
        "khác).",
    }
    assert _called(cli("validate", "--quarter", "IV", cwd=tmp_path).stdout) == (
        f"{PS} — gửi 2 tệp khác nhau cho cùng kỳ: giữ một bản (hoặc dùng --lay-moi-nhat); bỏ "
        'bản trong tệp "gop.xlsx" thì xóa trang "PS", không chuyển tệp ra khỏi thư mục (tệp còn '
        "báo cáo của đơn vị khác)"
    )


def test_an_undecided_copy_in_a_shared_workbook_goes_by_its_sheet(cli, tmp_path: Path) -> None:
    """Nothing tells Phước Sơn's copies apart: the note under them says to delete the sheet of
    the workbook that holds another unit's report, not to move a file out."""
    folder = make_workspace(tmp_path)
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    _workbook(folder, "gop.xlsx", [("PS", PS, "20/12/2023", 440), ("PH", PH, "20/12/2023", 470)])
    submit(folder, "ps.xlsx", unit=PS, ct1=460)  # dated 20/12/2023, saved in the same minute
    shown = " ".join(cli("validate", "--quarter", "IV", cwd=tmp_path).stdout.split())
    assert (
        "nên --lay-moi-nhat không chọn tệp nào. Hỏi đơn vị bản nào đúng, bỏ bản kia: bản là một "
        "trang của tệp còn báo cáo của đơn vị khác thì xóa trang đó, không chuyển tệp ra khỏi "
        "thư mục. Khác nhau"
    ) in shown, shown
    assert "chuyển tệp kia ra khỏi thư mục" not in shown, shown
    assert _called(cli("validate", "--quarter", "IV", cwd=tmp_path).stdout) == (
        f"{PS} — gửi 2 tệp khác nhau cho cùng kỳ, không biết tệp nào mới hơn: hỏi đơn vị tệp "
        'nào đúng, giữ một bản; bỏ bản trong tệp "gop.xlsx" thì xóa trang "PS", không chuyển '
        "tệp ra khỏi thư mục (tệp còn báo cáo của đơn vị khác)"
    )
