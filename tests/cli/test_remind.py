"""`dean5299 remind`: a message per unit that must act, and the list of late units."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path

import pytest

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.problems import problem
from dean5299_cli.core.reminders import Need, build_reminders, message, render
from tests.helpers import SETTINGS, VALUES_2023, make_workspace, submit

MESSY_SETTINGS = SETTINGS.replace(
    "  - name: Xã Phước Hòa\n",
    "  - name: Xã Phước Hòa\n  - name: Xã Phước Lộc\n  - name: Xã Phước Thuận\n",
)


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Five units: one with errors, one sent last quarter's file, one with a blank cell,
    one sent nothing, one sent a file that cannot be read; plus a stray unreadable file."""
    folder = make_workspace(tmp_path, MESSY_SETTINGS)
    submit(folder, "phuoc-son.xlsx", ct3_tu=500, ct8_hop_le=700)
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì", quarter=3)
    submit(folder, "phuoc-hoa.xlsx", unit="Xã Phước Hòa", ct5=None)
    (folder / "Phước Thuận.xlsx").write_bytes(b"khong phai tep excel")
    (folder / "scan-0001.xlsx").write_bytes(b"PK\x03\x04 hong")
    return tmp_path


def test_messy_folder_reminders(cli, messy: Path) -> None:
    result = cli("remind", "--quarter", "IV", "--han", "25/12/2023", cwd=messy)
    assert result.exit_code == 0, result.output
    target = messy / "ket-qua" / "nhac-viec-2023-quy-4.txt"
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    assert text in result.stdout.replace("\r\n", "\n")
    lines = text.splitlines()
    assert lines[:2] == ["NHẮC VIỆC BÁO CÁO ĐỀ ÁN 5299 QUÝ IV NĂM 2023", "Hạn gửi: 25/12/2023"]
    late = lines[
        lines.index("Đơn vị chưa gửi báo cáo (3):") + 1 : lines.index(
            "Đơn vị chưa gửi báo cáo (3):"
        )
        + 4
    ]
    assert late == [
        "1. Thị trấn Diêu Trì (tệp gửi về là báo cáo quý III năm 2023)",
        "2. Xã Phước Lộc",
        "3. Xã Phước Thuận (tệp gửi về chưa dùng được)",
    ]
    assert "Đơn vị phải sửa số liệu (1): Xã Phước Sơn" in lines
    blocks = text.split("-" * 60 + "\n")[1:]
    heads = [b.splitlines()[0] for b in blocks]
    assert heads[0].startswith(
        '[Xã Phước Sơn] Báo cáo Đề án 5299 quý IV năm 2023 (tệp "phuoc-son.xlsx") có 2 lỗi phải sửa'
    )
    assert (
        blocks[0]
        .splitlines()[1]
        .startswith('- Trang "Báo cáo", ô E11: Chỉ tiêu 3: tử số 500 lớn hơn mẫu số 410')
    )
    assert (
        blocks[0]
        .rstrip()
        .endswith("Đề nghị đồng chí sửa và gửi lại tệp trước ngày 25/12/2023. Xin cảm ơn!")
    )
    # Its quý III report lies among the quý IV files (validate: "gửi nhầm"): it did send
    # something, and is told what the office received and which report is asked for.
    dieu_tri = next(b for b in blocks if b.startswith("[Thị trấn Diêu Trì]"))
    assert dieu_tri.splitlines()[:2] == [
        '[Thị trấn Diêu Trì] Báo cáo Đề án 5299 quý IV năm 2023: Huyện đoàn đã nhận được tệp '
        '"dieu-tri.xlsx" của đơn vị, nhưng đó là báo cáo quý III năm 2023, chưa phải báo cáo quý IV '
        "năm 2023.",
        "Đề nghị đồng chí gửi báo cáo quý IV năm 2023 theo đúng biểu mẫu của Huyện đoàn trước ngày "
        "25/12/2023. Xin cảm ơn!",
    ]
    assert "chưa nhận được" not in dieu_tri
    assert "gửi nhầm" not in text  # said what arrived, without blame
    assert any(
        b.startswith("[Xã Phước Lộc] Báo cáo Đề án 5299 quý IV năm 2023: Huyện đoàn chưa nhận được")
        for b in blocks
    )
    hoa = next(b for b in blocks if b.startswith("[Xã Phước Hòa]"))
    assert "đề nghị kiểm tra lại" in hoa and "tính là 0" in hoa
    # units come fix → send → check
    order = [h.split("]")[0][1:] for h in heads if h.startswith("[")]
    assert order.index("Xã Phước Sơn") < order.index("Xã Phước Lộc") < order.index("Xã Phước Hòa")
    assert blocks[-1].splitlines()[:2] == [
        "Tệp chưa rõ của đơn vị nào (văn phòng xem lại):",
        '- Tệp "scan-0001.xlsx": Không đọc được tệp: tệp bị hỏng hoặc không đầy đủ (có thể gửi chưa '
        "hết). Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    ]
    again = cli("remind", "--quarter", "IV", cwd=messy)
    assert again.exit_code == 4 and "--force" in again.output
    # --chi-loi is another list: its own file, beside the whole one, no --force needed
    errors_only = cli("remind", "--quarter", "IV", "--chi-loi", cwd=messy)
    assert errors_only.exit_code == 0, errors_only.output
    short = messy / "ket-qua" / "nhac-viec-2023-quy-4-chi-loi.txt"
    assert "[Xã Phước Hòa]" not in short.read_text(encoding="utf-8-sig")
    assert "Đề nghị đồng chí sớm sửa và gửi lại tệp." in short.read_text(encoding="utf-8-sig")
    assert target.read_bytes() == raw
    # run again without --force: the file is kept (exit 4), the reminders are still shown
    again = cli("remind", "--quarter", "IV", "--han", "25/12/2023", cwd=messy)
    assert again.exit_code == 4 and "--force" in again.stderr
    assert text in again.stdout.replace("\r\n", "\n")
    assert target.read_bytes() == raw


def test_bad_deadline_is_a_usage_error(cli, messy: Path) -> None:
    result = cli("remind", "--han", "32/12/2023", cwd=messy)
    assert result.exit_code == 2 and 'Hạn "32/12/2023" không hợp lệ' in result.output
    assert not (messy / "ket-qua").exists()


def test_nothing_to_remind() -> None:
    report = ValidationReport(year=2024, quarter=2)
    reminders = build_reminders(report)
    assert reminders.cases == () and reminders.late == ()
    assert render(reminders) == (
        "NHẮC VIỆC BÁO CÁO ĐỀ ÁN 5299 QUÝ II NĂM 2024\n\n"
        "Mọi đơn vị đã gửi báo cáo.\nKhông có đơn vị nào cần nhắc.\n"
    )


def test_message_of_a_unit_with_two_files() -> None:
    report = ValidationReport(year=2024, quarter=3)
    report.problems = [
        problem(
            "negative-value", "a.xlsx", sheet="BC", cell="E10", unit="Xã A", value="-5", label="ct1"
        ),
        problem(
            "negative-value", "b.xlsx", sheet="BC", cell="E11", unit="Xã A", value="-2", label="ct2"
        ),
        problem("missing-unit", "", unit="Xã B", state="chưa gửi báo cáo quý III năm 2024", hint=""),
    ]
    report.left_out = [("Xã A", "a.xlsx"), ("Xã A", "b.xlsx")]
    report.missing_units = ["Xã B"]
    reminders = build_reminders(report, dt.date(2024, 10, 5))
    assert [(c.unit, c.need) for c in reminders.cases] == [("Xã A", Need.FIX), ("Xã B", Need.SEND)]
    text = message(reminders.cases[0], reminders)
    assert text.splitlines()[0] == "[Xã A] Báo cáo Đề án 5299 quý III năm 2024 có 2 lỗi phải sửa:"
    assert text.splitlines()[1].startswith('- Tệp "a.xlsx", trang "BC", ô E10: ')
    assert message(reminders.cases[1], reminders) == (
        "[Xã B] Báo cáo Đề án 5299 quý III năm 2024: văn phòng chưa nhận được báo cáo của đơn vị.\n"
        "Đề nghị đồng chí gửi báo cáo theo đúng biểu mẫu của văn phòng trước ngày 05/10/2024. Xin cảm ơn!"
    )


def test_a_long_list_is_cut_and_counted() -> None:
    report = ValidationReport(year=2024, quarter=1)
    report.problems = [
        problem(
            "negative-value",
            "x.xlsx",
            sheet="BC",
            cell=f"E{r}",
            unit="Xã A",
            value="-1",
            label=f"ct{r}",
        )
        for r in range(10, 22)
    ]
    report.left_out = [("Xã A", "x.xlsx")]
    text = message(build_reminders(report).cases[0], build_reminders(report))
    lines = text.splitlines()
    assert lines[0] == '[Xã A] Báo cáo Đề án 5299 quý I năm 2024 (tệp "x.xlsx") có 12 lỗi phải sửa:'
    assert [line[:14] for line in lines[1:9]] == ['- Trang "BC", ' for _ in range(8)]
    assert lines[9] == "- … và 4 mục khác cùng loại trong tệp."
    assert lines[10] == "Đề nghị đồng chí sớm sửa và gửi lại tệp. Xin cảm ơn!"


def test_no_unit_list_is_said(cli, tmp_path: Path) -> None:
    folder = tmp_path / "bao-cao"
    submit(folder, "a.xlsx")
    result = cli("remind", str(folder), "-o", str(tmp_path / "nhac.txt"), cwd=tmp_path)
    assert result.exit_code == 0
    assert "không có danh sách đơn vị" in result.stderr
    assert (tmp_path / "nhac.txt").read_text(encoding="utf-8-sig").splitlines()[2] == (
        "Không có danh sách đơn vị (don-vi.yaml): chưa biết đơn vị nào chưa gửi báo cáo."
    )


def test_a_later_report_sent_by_mistake_is_said_once(cli, tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", quarter=3)
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa", quarter=4)
    result = cli("remind", "--quarter", "III", cwd=tmp_path)
    hoa = result.stdout.split("[Xã Phước Hòa]")[1].split("-" * 60)[0]
    assert hoa.startswith(" Báo cáo Đề án 5299 quý III năm 2023: tệp nhận được chưa dùng được")
    assert hoa.count("quý IV năm 2023") == 1  # the period error, not a second line saying it


def test_a_unit_is_never_told_a_command_of_the_program(cli, tmp_path: Path) -> None:
    """A reminder is pasted to a unit, who never runs the program: a file without the data table
    asks for the office's form, not for a command; so does a unit that sent nothing."""
    import openpyxl

    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx")
    book = openpyxl.Workbook()
    book.active["A1"], book.active["B5"] = "Số liệu của xã Phước Hòa", 12
    book.save(folder / "Xã Phước Hòa.xlsx")
    result = cli("remind", "--quarter", "IV", "-o", str(tmp_path / "nhac.txt"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "nhac.txt").read_text(encoding="utf-8-sig")
    hoa = text.split("[Xã Phước Hòa]")[1].split("-" * 60)[0]
    assert "Không tìm thấy bảng số liệu" in hoa
    assert "đúng biểu mẫu của Huyện đoàn" in hoa
    assert not any(word in text for word in ("dean5299", "`", ".xlsx)", "lệnh", " --"))


def test_a_commune_s_reminders_speak_as_the_commune(cli, tmp_path: Path) -> None:
    """A chi đoàn hears from its Đoàn xã, not from a "văn phòng" a commune does not have."""
    import shutil

    from tests.paths import EXAMPLES

    root = tmp_path / "xa"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", root, ignore=shutil.ignore_patterns("ket-qua"))
    result = cli("remind", "--quarter", "III", "-o", str(tmp_path / "nhac.txt"), cwd=root)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "nhac.txt").read_text(encoding="utf-8-sig")
    kim_dong = text.split("[Chi đoàn thôn Kim Đông]")[1].split("-" * 60)[0]
    assert kim_dong.startswith(" Báo cáo Đề án 5299 quý III năm 2026: Đoàn xã chưa nhận được")
    assert "Đề nghị đồng chí sớm gửi báo cáo theo đúng biểu mẫu của Đoàn xã." in kim_dong
    assert "văn phòng" not in kim_dong


def test_two_versions_are_one_line_the_unit_can_act_on(cli, tmp_path: Path) -> None:
    """Two different files of one unit: the unit is told once, with both names, that it is not
    known which is right, and where the two differ (its figure in each, by the form's label), so
    it need not open both to find out; never to move a file out of a folder it does not have;
    asked to confirm its figures, not told of a mistake to fix (was: "có 1 lỗi phải sửa")."""
    folder = make_workspace(tmp_path)
    _saved_in_order(submit(folder, "ps.xlsx"), submit(folder, "ps (sua lai).xlsx", ct1=460))
    result = cli("remind", "--quarter", "IV", "-o", str(tmp_path / "nhac.txt"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "nhac.txt").read_text(encoding="utf-8-sig")
    son = text.split("[Xã Phước Sơn]")[1].split("-" * 60)[0]
    assert son.splitlines()[:2] == [
        " Báo cáo Đề án 5299 quý IV năm 2023 cần đơn vị xác nhận số liệu:",
        '- Đơn vị gửi 2 tệp khác nhau cho cùng kỳ ("ps.xlsx", "ps (sua lai).xlsx"): chưa biết số '
        "liệu của tệp nào là đúng. Hai tệp khác nhau ở: Số ĐVTN mở tài khoản sử dụng dịch vụ "
        'công (chỉ tiêu 1): 450 (tệp "ps.xlsx"), 460 (tệp "ps (sua lai).xlsx").',
    ]
    assert "thư mục" not in son and son.count("cho cùng kỳ") == 1 and "ct1" not in son
    # asked which file is right, not to fix and resend a file (was: "sửa và gửi lại tệp")
    assert "cho biết tệp nào đúng (hoặc gửi lại một tệp đúng thay cho các tệp đã gửi)" in son
    assert "sửa và gửi lại" not in son


def test_last_quarter_kept_in_its_own_folder_is_not_a_file_sent(cli, tmp_path: Path) -> None:
    """The office's own copy of last quarter's report (a sub-folder `quy-3`) is history, not
    what the unit sent this quarter: it hears that this quarter's report has not arrived."""
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx")
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    submit(folder / "quy-3", "dt.xlsx", unit="Thị trấn Diêu Trì", quarter=3)
    result = cli("remind", "--quarter", "IV", "-o", str(tmp_path / "nhac.txt"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "nhac.txt").read_text(encoding="utf-8-sig")
    assert "1. Thị trấn Diêu Trì\n" in text
    dieu_tri = text.split("[Thị trấn Diêu Trì]")[1].split("-" * 60)[0]
    assert dieu_tri.startswith(
        " Báo cáo Đề án 5299 quý IV năm 2023: Huyện đoàn chưa nhận được báo cáo của đơn vị."
    )
    assert "quy-3" not in text and "dt.xlsx" not in text


def test_a_unit_reads_its_figures_in_plain_words(cli, tmp_path: Path) -> None:
    """A unit's secretary is told about an unusual figure, a blank cell and a figure lower than
    last quarter's without statistics words ("trung vị"), field codes ("ct2") or the office's
    folders ("quy-3/…"); the clerk's console keeps them."""
    folder = make_workspace(tmp_path, MESSY_SETTINGS)
    units = ["Xã Phước Sơn", "Thị trấn Diêu Trì", "Xã Phước Hòa", "Xã Phước Lộc", "Xã Phước Thuận"]
    for i, unit in enumerate(units[1:], start=1):
        submit(folder, f"u{i}.xlsx", unit=unit, ct5=500 + 10 * i, ct2=None if i == 2 else 1200)
    submit(folder, "u0.xlsx", unit="Xã Phước Sơn", ct5=9000)
    submit(folder / "quy-3", "hoa-q3.xlsx", unit="Xã Phước Hòa", quarter=3, ct2=900, ct5=600)
    result = cli("remind", "--quarter", "IV", "-o", str(tmp_path / "nhac.txt"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "nhac.txt").read_text(encoding="utf-8-sig")
    son = text.split("[Xã Phước Sơn]")[1].split("-" * 60)[0].splitlines()
    assert son[1].startswith(
        '- Trang "Báo cáo", ô E15: Chỉ tiêu 5: số liệu cao hơn nhiều so với các đơn vị khác (đơn '
        "vị: "
    ), son
    assert "; mức chung của các đơn vị: " in son[1]
    hoa = text.split("[Xã Phước Hòa]")[1].split("-" * 60)[0].splitlines()
    label = "Số người dân ngoài độ tuổi ĐVTN được hỗ trợ mở tài khoản dịch vụ công (chỉ tiêu 2)"
    assert hoa[1] == f'- Trang "Báo cáo", ô E10: {label} để trống: tính là 0.'
    assert hoa[2].startswith('- Trang "Báo cáo", ô E15: ') and "(chỉ tiêu 5) giảm" in hoa[2]
    assert hoa[2].endswith(
        'giảm từ 600 (báo cáo quý III, tệp "hoa-q3.xlsx") xuống 520; số liệu phải cộng dồn từ '
        "ngày 01/01."
    )
    assert not any("900" in line for line in hoa)  # the blank is said once, not as a fall to 0
    assert "trung vị" not in text and "quy-3" not in text
    assert not re.search(r"\bct\d", text)
    console = cli("validate", "--quarter", "IV", cwd=tmp_path).stdout
    assert "trung vị" in console and "(ct2)" in console  # the clerk's words are the clerk's


def test_every_unit_wording_fills_from_what_the_checks_give() -> None:
    """A unit's own template asks only for what the clerk's one gets, or its plain pieces."""
    from string import Formatter

    from dean5299_cli.core.problems import CATALOGUE
    from dean5299_cli.core.unit_messages import TO_UNIT

    def names(template: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(template) if name}

    for code, template in TO_UNIT.items():
        assert names(template) <= names(CATALOGUE[code][1]), code


@pytest.mark.parametrize(
    ("code", "params", "expected"),
    [
        (
            "unknown-unit",
            {
                "raw": "Phuoc Son",
                "hint": ' Có phải là "Xã Phước Sơn"? Nếu đúng là đơn vị khác, thêm vào `units` '
                "hoặc `aliases` trong don-vi.yaml.",
                "plain_hint": ' Có phải là "Xã Phước Sơn"?',
            },
            'Tên đơn vị "Phuoc Son" ghi trong tệp không có trong danh sách đơn vị, nên số liệu '
            'của tệp chưa được tính vào tổng hợp. Có phải là "Xã Phước Sơn"?',
        ),
        (
            "unknown-field",
            {"found_code": "ct9", "year": 2023},
            'Mã "ct9" không có trong biểu mẫu năm 2023; dòng này không được tính.',
        ),
        (
            "no-data-table",
            {},
            'Không tìm thấy bảng số liệu của biểu mẫu (dòng tiêu đề có ô "Mã" và ô "Số liệu"). Hãy '
            "điền số liệu vào đúng biểu mẫu được hướng dẫn.",
        ),
    ],
    ids=["unknown-unit", "unknown-field", "no-data-table"],
)
def test_a_unit_is_not_told_the_office_s_settings(code: str, params: dict, expected: str) -> None:
    from dean5299_cli.core.unit_messages import unit_message

    assert unit_message(problem(code, "a/b.xlsx", unit="Xã Phước Sơn", **params)) == expected


def test_nobody_to_remind_writes_no_file(cli, tmp_path: Path) -> None:
    """A file saying only "nobody" is nothing to paste: none is written, and a reminder file left
    by an earlier run is named as no longer current."""
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx")
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    result = cli("remind", "--quarter", "IV", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Không có đơn vị nào cần nhắc." in result.stdout
    assert "Không ghi tệp nhắc việc vì không có đơn vị nào cần nhắc." in result.stderr
    target = tmp_path / "ket-qua" / "nhac-viec-2023-quy-4.txt"
    assert not target.exists()
    target.parent.mkdir(exist_ok=True)
    target.write_text("[Xã Phước Hòa] …", encoding="utf-8")
    again = cli("remind", "--quarter", "IV", cwd=tmp_path)
    assert again.exit_code == 0, again.output
    assert "lời nhắc của lần chạy trước, nay không còn đúng" in " ".join(again.stderr.split())
    assert target.read_text(encoding="utf-8") == "[Xã Phước Hòa] …"


def test_a_deadline_far_from_the_period_is_a_usage_error(cli, messy: Path) -> None:
    """`--han 1/1/0001` was written into every reminder as "trước ngày 01/1/1"."""
    for typed in ("01/01/0001", "31/12/9999", "30/09/2022"):
        result = cli("remind", "--quarter", "IV", "--han", typed, cwd=messy)
        assert result.exit_code == 2, result.output
        assert f'Hạn "{typed}" không hợp với quý IV năm 2023' in " ".join(
            result.stderr.split()
        )
    assert not (messy / "ket-qua").exists()
    kept = cli("remind", "--quarter", "IV", "--han", "05/01/2024", cwd=messy)
    assert kept.exit_code == 0, kept.output
    assert "trước ngày 05/1/2024" in kept.stdout


def _reminders(cli, folder: Path) -> str:
    """`remind --quarter IV` run in `folder`: the text it wrote."""
    result = cli("remind", "--quarter", "IV", "-o", str(folder / "nhac.txt"), cwd=folder)
    assert result.exit_code == 0, result.output
    return (folder / "nhac.txt").read_text(encoding="utf-8-sig")


def _flat(text: str, unit: str) -> str:
    """One unit's reminder in `text`, on one line."""
    return " ".join(text.split(f"[{unit}]")[1].split("-" * 60)[0].split())


def _saved_in_order(*files: Path) -> None:
    """`files` saved a minute apart, in this order (written in a row, two may share a time)."""
    start = files[0].stat().st_mtime
    for k, file in enumerate(files):
        os.utime(file, (start + 60 * k, start + 60 * k))


def test_versions_of_one_name_are_told_apart_by_their_dates(cli, tmp_path: Path) -> None:
    """The clerk keeps a unit's second file, of the same name, in a sub-folder: the unit read
    its file's name twice ('("ps.xlsx", "ps.xlsx")', '450 (tệp "ps.xlsx"), 460 (tệp
    "ps.xlsx")') and could not tell which figure was in which. Now the date written in each
    tells them apart, or, when it does not, the order the clerk's copies were saved in."""
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 15))
    submit(folder, "moi/ps.xlsx", as_of=dt.date(2023, 12, 20), ct1=460)
    submit(folder, "pa.xlsx", unit="Xã Phước Hòa", as_of=dt.date(2023, 12, 20))
    late = submit(folder, "moi/pa.xlsx", unit="Xã Phước Hòa", as_of=dt.date(2023, 12, 20), ct1=470)
    early = (folder / "pa.xlsx").stat().st_mtime
    os.utime(late, (early + 600, early + 600))
    text = _reminders(cli, tmp_path)
    son = _flat(text, "Xã Phước Sơn")
    assert (
        'Đơn vị gửi 2 tệp khác nhau cho cùng kỳ ("ps.xlsx" ghi ngày 15/12/2023, "ps.xlsx" ghi '
        "ngày 20/12/2023): chưa biết số liệu của tệp nào là đúng. Hai tệp khác nhau ở: Số ĐVTN "
        'mở tài khoản sử dụng dịch vụ công (chỉ tiêu 1): 450 (tệp "ps.xlsx" ghi ngày 15/12/2023), '
        '460 (tệp "ps.xlsx" ghi ngày 20/12/2023).'
    ) in son, son
    an = _flat(text, "Xã Phước Hòa")
    assert (
        '(chỉ tiêu 1): 450 (tệp "pa.xlsx" bản thứ 1), 470 (tệp "pa.xlsx" bản thứ 2).'
    ) in an, an
    assert 'cùng kỳ ("pa.xlsx" bản thứ 1, "pa.xlsx" bản thứ 2)' in an, an



def test_an_error_in_a_version_names_the_version(cli, tmp_path: Path) -> None:
    """A unit's two versions of one name, the newer with an error in a cell: its line named the
    file as 'Tệp "ps.xlsx"', which both versions are called, so the unit could not tell which to
    fix. It names the version as the list of versions does ('"ps.xlsx" ghi ngày 20/12/2023')."""
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 15))
    submit(folder, "moi/ps.xlsx", as_of=dt.date(2023, 12, 20), ct1=460, ct3_tu=458)
    text = _reminders(cli, tmp_path)
    son = _flat(text, "Xã Phước Sơn")
    assert 'cùng kỳ ("ps.xlsx" ghi ngày 15/12/2023, "ps.xlsx" ghi ngày 20/12/2023)' in son, son
    assert '- Tệp "ps.xlsx" ghi ngày 20/12/2023, trang "Báo cáo", ô ' in son, son
    assert '- Tệp "ps.xlsx", trang' not in son, son



def test_versions_named_alike_in_two_unicode_forms_are_told_apart(cli, tmp_path: Path) -> None:
    """'Phước Sơn.xlsx' written in two Unicode forms (a name from a Mac or a zip is often
    decomposed, NFD): the names read the same, but were taken as two names, each version said
    by its name alone: '("Phước Sơn.xlsx", "Phước Sơn.xlsx")'."""
    folder = make_workspace(tmp_path)
    composed, decomposed = (unicodedata.normalize(f, "Phước Sơn.xlsx") for f in ("NFC", "NFD"))
    submit(folder, composed, as_of=dt.date(2023, 12, 15))
    submit(folder, f"moi/{decomposed}", as_of=dt.date(2023, 12, 20), ct1=460)
    text = _reminders(cli, tmp_path)
    son = unicodedata.normalize("NFC", " ".join(text.split("[Xã Phước Sơn]")[1].split()))
    assert f'cùng kỳ ("{composed}" ghi ngày 15/12/2023, "{composed}" ghi ngày 20/12/2023)' in son, son


def test_three_versions_are_said_together_with_each_files_figure(cli, tmp_path: Path) -> None:
    """Three different files of one unit: one sentence with each file's figure (was "Hai tệp
    khác nhau ở" twice, each copy against the first only, never the second against the third);
    a version with an error has no figure to show, and is left out of it."""
    folder = make_workspace(tmp_path)
    _saved_in_order(
        submit(folder, "ps.xlsx"),
        submit(folder, "ps (1).xlsx", ct1=460),
        submit(folder, "ps (2).xlsx", ct1=470, ct3_tu=400),
        submit(folder, "ps (3).xlsx", ct1="12,5"),
    )
    text = _reminders(cli, tmp_path)
    son = _flat(text, "Xã Phước Sơn")
    assert (
        'Đơn vị gửi 4 tệp khác nhau cho cùng kỳ ("ps.xlsx", "ps (1).xlsx", "ps (2).xlsx", '
        '"ps (3).xlsx"): chưa biết số liệu của tệp nào là đúng. Các tệp khác nhau ở: Số ĐVTN mở '
        'tài khoản sử dụng dịch vụ công (chỉ tiêu 1): 450 (tệp "ps.xlsx"), 460 (tệp "ps '
        '(1).xlsx"), 470 (tệp "ps (2).xlsx"); Số tài khoản có phát sinh giao dịch thực tế (chỉ '
        'tiêu 3): 300 (tệp "ps.xlsx"), 300 (tệp "ps (1).xlsx"), 400 (tệp "ps (2).xlsx").'
    ) in son, son
    assert "Hai tệp" not in son and son.count("khác nhau ở") == 1


def test_versions_are_listed_in_the_order_the_unit_sent_them(cli, tmp_path: Path) -> None:
    """A unit's versions were listed by the clerk's paths: '("pa.xlsx" bản thứ 2, "pa.xlsx"
    bản thứ 1)', the newer file first because the clerk keeps the first in a sub-folder. They
    are listed as the unit knows them: by the date written in each, older first, else in the
    order they were saved; their figures in the same order."""
    folder = make_workspace(tmp_path)
    _saved_in_order(  # the newer by its date saved first: the dates tell the order
        submit(folder, "moi/ps.xlsx", as_of=dt.date(2023, 12, 20), ct1=460),
        submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 15)),
    )
    _saved_in_order(
        submit(folder, "pa.xlsx", unit="Xã Phước Hòa"),
        submit(folder, "moi/pa.xlsx", unit="Xã Phước Hòa", ct1=470),
    )
    text = _reminders(cli, tmp_path)
    son = _flat(text, "Xã Phước Sơn")
    assert (
        'cùng kỳ ("ps.xlsx" ghi ngày 15/12/2023, "ps.xlsx" ghi ngày 20/12/2023): chưa biết'
    ) in son, son
    assert '450 (tệp "ps.xlsx" ghi ngày 15/12/2023), 460 (tệp "ps.xlsx" ghi ngày' in son, son
    hoa = _flat(text, "Xã Phước Hòa")
    assert 'cùng kỳ ("pa.xlsx" bản thứ 1, "pa.xlsx" bản thứ 2): chưa biết' in hoa, hoa
    assert '450 (tệp "pa.xlsx" bản thứ 1), 470 (tệp "pa.xlsx" bản thứ 2).' in hoa, hoa


def test_two_exports_holding_a_unit_are_not_files_it_sent(cli, tmp_path: Path) -> None:
    """The office's two exports (a row per unit) hold a unit's row with other figures: the unit
    was told 'Đơn vị gửi 2 tệp khác nhau cho cùng kỳ ("xuat-1.xlsx", "xuat-2.xlsx")' and asked
    to resend a file it never sent. It hears that the office's two exports differ, and is asked
    which figures are right (or to send its own report, which wins over an export's row)."""
    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.sample_tables import write_export

    folder = make_workspace(tmp_path)
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa")
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    for name, ct1 in (("xuat-1.xlsx", 450), ("xuat-2.xlsx", 460)):
        rows = [("Xã Phước Sơn", {**VALUES_2023, "ct1": ct1})]
        write_export(folder / name, load_set(2023), rows, title="KẾT QUẢ QUÝ IV NĂM 2023")
    _saved_in_order(folder / "xuat-1.xlsx", folder / "xuat-2.xlsx")
    son = _flat(_reminders(cli, tmp_path), "Xã Phước Sơn")
    assert son == (
        "Báo cáo Đề án 5299 quý IV năm 2023 cần đơn vị xác nhận số liệu: - Số liệu của đơn vị "
        'trong 2 tệp xuất của Huyện đoàn ("xuat-1.xlsx", "xuat-2.xlsx") khác nhau: chưa biết số '
        "liệu nào là đúng. Hai tệp khác nhau ở: Số ĐVTN mở tài khoản sử dụng dịch vụ công (chỉ "
        'tiêu 1): 450 (tệp "xuat-1.xlsx"), 460 (tệp "xuat-2.xlsx"). Đề nghị đồng chí sớm cho biết '
        "số liệu nào đúng hoặc gửi báo cáo của đơn vị. Xin cảm ơn!"
    ), son


def test_a_units_file_against_the_offices_export_names_the_export_as_the_offices() -> None:
    """A unit's file and the office's export differing for it (the judge lets the unit's own
    file win, but a report may pair them): the unit hears that its file differs from what the
    office holds for it in the export, named, not that it sent two files."""
    from dean5299_cli.core.duplicates_diff import Copy, compare_copies
    from dean5299_cli.core.indicators import load_set
    from dean5299_cli.core.reminders import version_notes

    report = ValidationReport(year=2023, quarter=4)
    report.problems = [
        problem("duplicate-submission", "ps.xlsx", unit="Xã A", other="tong/xuat.xlsx", keep=""),
        problem("duplicate-submission", "tong/xuat.xlsx", unit="Xã A", other="ps.xlsx", keep=""),
    ]
    report.left_out = [("Xã A", "ps.xlsx"), ("Xã A", "tong/xuat.xlsx")]
    own = Copy("ps.xlsx", None, None, {"ct1": 450})
    held = Copy("tong/xuat.xlsx", None, None, {"ct1": 460}, exported=True)
    versions = version_notes([compare_copies(own, held)], load_set(2023))
    reminders = build_reminders(report, office="Đoàn xã", versions=versions)
    text = " ".join(message(reminders.cases[0], reminders).split())
    assert (
        '- Số liệu trong tệp của đơn vị ("ps.xlsx") khác với số liệu của đơn vị trong tệp xuất '
        'của Đoàn xã ("xuat.xlsx"): chưa biết số liệu nào là đúng. Hai tệp khác nhau ở: Số ĐVTN '
        'mở tài khoản sử dụng dịch vụ công (chỉ tiêu 1): 450 (tệp "ps.xlsx"), 460 (tệp '
        '"xuat.xlsx").'
    ) in text, text
    assert "Đơn vị gửi" not in text and "cần đơn vị xác nhận số liệu:" in text


def test_the_same_figures_sent_again_later_are_named(cli, tmp_path: Path) -> None:
    """A unit sent 450 (15/12), then 460 (18/12), then 450 again (20/12): the judge drops the
    last as a twin of the first, and its reminder named only the first two, asking which is
    right, though the unit had answered with a newer file (the one --lay-moi-nhat takes). Now
    that file is named with its date and figure; a copy with the same figures and date (kept
    twice by the clerk) is one file to the unit, named once."""
    import shutil

    folder = make_workspace(tmp_path)
    _saved_in_order(
        submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 15)),
        submit(folder, "moi/ps.xlsx", as_of=dt.date(2023, 12, 18), ct1=460),
        submit(folder, "sao/ps.xlsx", as_of=dt.date(2023, 12, 20)),
    )
    (folder / "moi/sao").mkdir()
    shutil.copy2(folder / "moi/ps.xlsx", folder / "moi/sao/ps.xlsx")
    son = _flat(_reminders(cli, tmp_path), "Xã Phước Sơn")
    assert (
        'Đơn vị gửi 3 tệp khác nhau cho cùng kỳ ("ps.xlsx" ghi ngày 15/12/2023, "ps.xlsx" ghi '
        'ngày 18/12/2023, "ps.xlsx" ghi ngày 20/12/2023): chưa biết số liệu của tệp nào là đúng. '
        "Các tệp khác nhau ở: Số ĐVTN mở tài khoản sử dụng dịch vụ công (chỉ tiêu 1): 450 (tệp "
        '"ps.xlsx" ghi ngày 15/12/2023), 460 (tệp "ps.xlsx" ghi ngày 18/12/2023), 450 (tệp '
        '"ps.xlsx" ghi ngày 20/12/2023).'
    ) in son, son
    assert son.count("ngày 18/12/2023") == 2 and "bản thứ" not in son, son


def test_remind_and_rank_take_the_newer_copy_as_the_report_did(cli, tmp_path: Path) -> None:
    """`report --lay-moi-nhat` counted a unit's newer copy; `remind` then told the unit it sent
    two files and must fix them, and `rank` called its figures invalid: neither had the option.
    Now both take it, and say which copy they took."""
    import json

    folder = make_workspace(tmp_path)
    first = submit(folder, "ps.xlsx", as_of=dt.date(2023, 12, 15))
    second = submit(folder, "lan-2/ps.xlsx", as_of=dt.date(2023, 12, 20), ct1=460)
    _saved_in_order(first, second)
    told = _reminders(cli, tmp_path)
    assert "Đơn vị gửi 2 tệp khác nhau cho cùng kỳ" in _flat(told, "Xã Phước Sơn")
    result = cli(
        "remind", "--quarter", "IV", "--lay-moi-nhat", "-o", str(tmp_path / "n2.txt"), cwd=tmp_path
    )
    assert result.exit_code == 0, result.output
    assert 'Lấy tệp mới hơn "lan-2/ps.xlsx", bỏ qua "ps.xlsx" (--lay-moi-nhat).' in result.stderr
    assert "[Xã Phước Sơn]" not in result.stdout and "Xã Phước Sơn" not in result.stdout
    ranked = cli("rank", "--quarter", "IV", "--json", "--lay-moi-nhat", cwd=tmp_path)
    assert ranked.exit_code == 0, ranked.output
    ct1 = next(i for i in json.loads(ranked.stdout)["indicators"] if i["number"] == 1)
    (son,) = [u for u in ct1["units"] if u["unit"] == "Xã Phước Sơn"]
    assert son["achieved"] == 460 and son["rank"] is not None, son


def test_remind_lists_units_in_the_unit_lists_order_as_validate_does(tmp_path: Path) -> None:
    """don-vi.yaml lists Phước Sơn, Diêu Trì, Phước Hòa: remind's header and messages follow it,
    as validate's list of whom to call does (was alphabetical: "Xã Phước Hòa, Xã Phước Sơn")."""
    from dean5299_cli.core.settings import load_settings
    from dean5299_cli.core.validation_view import build_view
    from dean5299_cli.folder import validate_folder

    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", ct5="abc")
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì", ct7=None)
    submit(folder, "ph.xlsx", unit="Xã Phước Hòa", ct5="abc")
    loaded = load_settings(folder.parent / "don-vi.yaml")
    report = validate_folder(folder, settings=loaded.settings)
    text = render(build_reminders(report))
    assert "Đơn vị phải sửa số liệu (2): Xã Phước Sơn, Xã Phước Hòa\n" in text
    heads = [b.splitlines()[0].split("]")[0] + "]" for b in text.split("-" * 60 + "\n")[1:]]
    assert heads == ["[Xã Phước Sơn]", "[Xã Phước Hòa]", "[Thị trấn Diêu Trì]"]
    view = build_view(report, loaded.settings)
    assert [a.who for a in view.actions] == ["Xã Phước Sơn", "Xã Phước Hòa", "Thị trấn Diêu Trì"]


def test_a_name_not_on_the_list_is_told_once_with_the_file_s_other_errors(
    cli, tmp_path: Path
) -> None:
    """A file whose unit name is not on the list, with another error: one message for it, the
    name first (what the sender writes) then the other error, listed after the units of the
    list, and the header names it as a name not on the list (was: its other error under "Tệp
    chưa rõ của đơn vị nào", and "Đơn vị phải sửa số liệu (1): Xã Núi Một")."""
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", unit="Xã Phước Sơn", ct1=-1)
    submit(folder, "la.xlsx", unit="Xã Núi Một", ct1=-5)
    result = cli("remind", "--quarter", "IV", "-o", "n.txt", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "n.txt").read_text(encoding="utf-8-sig")
    head, *blocks = text.split("\n" + "-" * 60 + "\n")
    assert head.splitlines()[-2:] == [
        "Đơn vị phải sửa số liệu (1): Xã Phước Sơn",
        'Tên đơn vị ghi trong tệp không có trong danh sách (1): "Xã Núi Một" (tệp "la.xlsx")',
    ]
    assert [b.split("]")[0] for b in blocks] == [
        "[Xã Phước Sơn",
        "[Xã Núi Một",
        "[Thị trấn Diêu Trì",
        "[Xã Phước Hòa",
    ]
    assert blocks[1].strip() == (
        '[Xã Núi Một] Báo cáo Đề án 5299 quý IV năm 2023 (tệp "la.xlsx") có 2 lỗi phải sửa:\n'
        '- Trang "Báo cáo", ô C3: Tên đơn vị "Xã Núi Một" ghi trong tệp không có trong danh '
        "sách đơn vị, nên số liệu của tệp chưa được tính vào tổng hợp. Đề nghị ghi tên đơn vị "
        "đúng như trong danh sách.\n"
        '- Trang "Báo cáo", ô E9: Giá trị -5 của Số ĐVTN mở tài khoản sử dụng dịch vụ công '
        "(chỉ tiêu 1) là số âm. Số liệu phải từ 0 trở lên.\n"
        "Đề nghị đồng chí sớm sửa và gửi lại tệp. Xin cảm ơn!"
    )
    assert blocks[1].count("gửi lại") == 1, blocks[1]  # asked once, in the closing line
    assert "Tệp chưa rõ của đơn vị nào" not in text, text


def test_a_unit_that_sent_its_report_as_a_document_is_told_it_arrived(tmp_path: Path, cli) -> None:
    """A commune's Word or PDF report named for it, in the folder instead of the form: validate
    says "gửi nhầm: tệp … không phải bảng tính Excel"; the reminder said "chưa nhận được báo cáo
    của đơn vị", untrue: the office has its document. It is told what arrived and why it is not
    counted; a unit whose document is not named for it is still "chưa nhận được"."""
    folder = make_workspace(tmp_path, MESSY_SETTINGS)
    submit(folder, "phuoc-son.xlsx")
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì")
    submit(folder, "phuoc-hoa.xlsx", unit="Xã Phước Hòa")
    (folder / "BC 5299 Q4 - Phuoc Loc.docx").write_bytes(b"PK\x03\x04 van ban")
    (folder / "Phước Thuận - báo cáo.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "scan-0002.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    result = cli("remind", "--quarter", "IV", "--han", "25/12/2023", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ket-qua" / "nhac-viec-2023-quy-4.txt").read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    start = lines.index("Đơn vị chưa gửi báo cáo (2):") + 1
    assert lines[start : start + 2] == [
        "1. Xã Phước Lộc (tệp gửi về là văn bản .docx)",
        "2. Xã Phước Thuận (tệp gửi về là văn bản .pdf)",
    ]
    blocks = text.split("-" * 60 + "\n")[1:]
    loc = next(b for b in blocks if b.startswith("[Xã Phước Lộc]"))
    assert loc.splitlines()[:2] == [
        "[Xã Phước Lộc] Báo cáo Đề án 5299 quý IV năm 2023: Huyện đoàn đã nhận được tệp "
        '"BC 5299 Q4 - Phuoc Loc.docx" của đơn vị, nhưng đó là văn bản .docx, không phải biểu '
        "mẫu bảng tính nên số liệu chưa được đọc và chưa được tính vào tổng hợp.",
        "Đề nghị đồng chí gửi báo cáo quý IV năm 2023 theo đúng biểu mẫu của Huyện đoàn trước ngày "
        "25/12/2023. Xin cảm ơn!",
    ]
    thuan = next(b for b in blocks if b.startswith("[Xã Phước Thuận]"))
    assert 'đã nhận được tệp "Phước Thuận - báo cáo.pdf" của đơn vị, nhưng đó là văn bản .pdf' in thuan
    assert "chưa nhận được" not in text


def test_each_kind_of_problem_is_listed_before_a_kind_is_listed_twice() -> None:
    """Eight lines at most per unit and kind: were the first eight, so a chi đoàn's row written
    twice in a summary hid behind eight "không có trong bảng" columns."""
    from dean5299_cli.core.reminders import MAX_ITEMS, Item, _lines

    blanks = [Item("k.xlsx", None, f"C{n}", f"Cột {n} trống", code="blank-value") for n in range(12)]
    twice = Item("k.xlsx", None, "B7", "Chi đoàn A có 2 dòng", code="repeated-member")
    lines = _lines((*blanks[:3], twice, *blanks[3:]))
    assert len(lines) == MAX_ITEMS + 1 and lines[-1] == "- … và 5 mục khác cùng loại trong tệp."
    assert lines[:MAX_ITEMS] == [
        "- Ô C0: Cột 0 trống", "- Ô C1: Cột 1 trống", "- Ô C2: Cột 2 trống",
        "- Ô B7: Chi đoàn A có 2 dòng",
        "- Ô C3: Cột 3 trống", "- Ô C4: Cột 4 trống", "- Ô C5: Cột 5 trống", "- Ô C6: Cột 6 trống",
    ]  # fmt: skip
    late = _lines((*blanks, twice))  # the other kind last: still listed, in its place
    assert late[MAX_ITEMS - 1] == "- Ô B7: Chi đoàn A có 2 dòng"
    assert late[MAX_ITEMS - 2] == "- Ô C6: Cột 6 trống"
