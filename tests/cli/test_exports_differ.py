"""The office's exports (a row per unit, from the reporting system or a lower office's summary)
are the office's files, not files a unit sent: validate says two of them differing for a unit
as they are, and a unit's reminder never carries the office's note on its own export."""

from __future__ import annotations

import json
import os
from pathlib import Path

from dean5299_cli.core.indicators import load_set
from dean5299_cli.sample_tables import write_export
from tests.helpers import VALUES_2023, make_workspace, submit

TITLE = "KẾT QUẢ QUÝ IV NĂM 2023"


def _two_exports(root: Path) -> Path:
    """Phước Sơn sent nothing; the office's two exports hold its row, ct1 450 and 460."""
    folder = make_workspace(root)
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    for k, (name, ct1) in enumerate((("xuat-1.xlsx", 450), ("xuat-2.xlsx", 460))):
        rows = [("Xã Phước Sơn", {**VALUES_2023, "ct1": ct1})]
        write_export(folder / name, load_set(2023), rows, title=TITLE)
        os.utime(folder / name, (1_700_000_000 + 600 * k, 1_700_000_000 + 600 * k))
    return folder


def test_two_exports_differing_for_a_unit_are_not_two_files_it_sent(cli, tmp_path: Path) -> None:
    """Was: 'Xã Phước Sơn — gửi 2 tệp khác nhau cho cùng kỳ… hỏi đơn vị tệp nào đúng, giữ một
    tệp', and 'Đơn vị … có hai tệp khác nhau… chuyển tệp kia ra khỏi thư mục' (taking the
    office's export, and every other unit's row in it, out of the folder)."""
    _two_exports(tmp_path)
    shown = cli("validate", "--quarter", "IV", cwd=tmp_path)
    assert shown.exit_code == 1, shown.output
    flat = " ".join(shown.stdout.split())
    assert (
        "Xã Phước Sơn — số liệu của đơn vị trong 2 tệp xuất khác nhau, chưa biết số liệu nào "
        "đúng: hỏi đơn vị số liệu nào đúng (hoặc đề nghị đơn vị gửi báo cáo của đơn vị)"
    ) in flat, flat
    assert "gửi 2 tệp" not in flat and "chuyển tệp kia ra khỏi thư mục" not in flat, flat
    data = json.loads(cli("validate", "--quarter", "IV", "--json", cwd=tmp_path).stdout)
    found = [
        (p["code"], p["file"], p["cell"], p["unit"], p["message"])
        for p in data["problems"]
        if p["severity"] == "error"
    ]
    said = (
        'Đơn vị Xã Phước Sơn có dòng trong tệp xuất này và trong tệp xuất "{other}", số liệu '
        "khác nhau (tệp này ↔ tệp kia): ct1: {mine} ↔ {theirs}. Chưa biết số liệu nào đúng nên "
        "chưa tính đơn vị vào tổng hợp: hãy hỏi đơn vị số liệu nào đúng, hoặc đề nghị đơn vị gửi "
        "báo cáo của đơn vị (báo cáo của đơn vị được dùng thay dòng tệp xuất)."
    )
    assert found == [
        ("exports-differ", "xuat-1.xlsx", "B4", "Xã Phước Sơn",
         said.format(other="xuat-2.xlsx", mine="450", theirs="460")),
        ("exports-differ", "xuat-2.xlsx", "B4", "Xã Phước Sơn",
         said.format(other="xuat-1.xlsx", mine="460", theirs="450")),
    ]
    assert [(u["unit"], u["file"]) for u in data["left_out"]] == [
        ("Xã Phước Sơn", "xuat-1.xlsx"),
        ("Xã Phước Sơn", "xuat-2.xlsx"),
    ]


def test_the_unit_still_hears_the_offices_exports_differ(cli, tmp_path: Path) -> None:
    """The reminder is unchanged by the new code: the unit is asked which figures are right."""
    _two_exports(tmp_path)
    result = cli("remind", "--quarter", "IV", "-o", str(tmp_path / "n.txt"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "n.txt").read_text(encoding="utf-8-sig")
    son = " ".join(text.split("[Xã Phước Sơn]")[1].split("-" * 60)[0].split())
    assert son == (
        "Báo cáo Đề án 5299 quý IV năm 2023 cần đơn vị xác nhận số liệu: - Số liệu của đơn vị "
        'trong 2 tệp xuất của Huyện đoàn ("xuat-1.xlsx", "xuat-2.xlsx") khác nhau: chưa biết số '
        "liệu nào là đúng. Hai tệp khác nhau ở: Số ĐVTN mở tài khoản sử dụng dịch vụ công (chỉ "
        'tiêu 1): 450 (tệp "xuat-1.xlsx"), 460 (tệp "xuat-2.xlsx"). Đề nghị đồng chí sớm cho biết '
        "số liệu nào đúng hoặc gửi báo cáo của đơn vị. Xin cảm ơn!"
    ), son


def test_a_unit_is_not_sent_the_offices_note_on_its_export(cli, tmp_path: Path) -> None:
    """A unit's own file wins over its row in the office's export (export-differs, a warning
    for the clerk): its reminder read 'Đơn vị Xã Phước Sơn có cả tệp đơn vị "ps.xlsx" và một
    dòng trong tệp xuất này: dùng số liệu của tệp đơn vị, để riêng dòng tệp xuất…', the
    office's words on a file the unit never saw, and nothing for it to do. Its file is counted
    as it sent it: it is not reminded (the clerk still reads the warning in validate)."""
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", unit="Xã Phước Sơn")  # ct1 450
    rows = [
        ("Xã Phước Sơn", {**VALUES_2023, "ct1": 460}),
        ("Thị trấn Diêu Trì", VALUES_2023),
    ]
    write_export(folder / "xuat.xlsx", load_set(2023), rows, title=TITLE)
    checked = json.loads(cli("validate", "--quarter", "IV", "--json", cwd=tmp_path).stdout)
    assert [(p["code"], p["unit"]) for p in checked["problems"] if p["severity"] == "warning"] == [
        ("export-differs", "Xã Phước Sơn"),
        ("missing-unit", "Xã Phước Hòa"),
    ]
    result = cli("remind", "--quarter", "IV", "-o", str(tmp_path / "n.txt"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "n.txt").read_text(encoding="utf-8-sig")
    assert "[Xã Phước Sơn]" not in text and "tệp xuất" not in text, text
    assert "[Xã Phước Hòa]" in text
