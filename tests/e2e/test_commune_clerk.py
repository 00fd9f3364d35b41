"""A commune's clerk (examples/xa-cat-tien-2026) at the end of a quarter and at the start of a
new year: what the console says must name whom to call and must be true."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.paths import EXAMPLES


def _commune(tmp_path: Path) -> Path:
    work = tmp_path / "xa-cat-tien"
    shutil.copytree(EXAMPLES / "xa-cat-tien-2026", work, ignore=shutil.ignore_patterns("ket-qua"))
    return work


def test_strict_refusal_for_a_unit_not_sent_names_it(cli, tmp_path: Path) -> None:
    """Kim Đông sent nothing, every file is clean: --strict refused with "Có 0 lỗi, 0 cảnh báo;
    9/10 đơn vị…" and named nobody, so the clerk saw no problem and no one to call."""
    work = _commune(tmp_path)
    result = cli("report", "--quarter", "III", "--strict", cwd=work)
    assert result.exit_code == 1
    assert not (work / "ket-qua").exists()
    said = " ".join(result.stderr.split())
    assert said == (
        "Không tính vào tổng hợp: 1 đơn vị (chi tiết: `dean5299 validate`): "
        "Chi đoàn thôn Kim Đông — chưa gửi "
        "Lỗi: Mới có 9/10 đơn vị được tính vào tổng hợp (--strict): chưa ghi kết quả."
    )


def _next_year(work: Path) -> None:
    """Quarter I of 2027: every unit's file dated so (whatever its layout), the signing date with
    it, the 2027 set made by `targets --new 2027`; don-vi.yaml keeps its targets of 2026 only."""
    import datetime as dt

    import openpyxl

    header = {"Năm": 2027, "Kỳ báo cáo": "Quý I", "Tính đến ngày": dt.datetime(2027, 3, 25)}
    for path in (work / "bao-cao-don-vi").glob("*.xlsx"):
        book = openpyxl.load_workbook(path)
        for sheet in book:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value in header:
                        sheet.cell(cell.row, cell.column + 1).value = header[cell.value]
        book.save(path)
    settings = work / "don-vi.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("date: 2026-09-30", "date: 2027-03-31"), encoding="utf-8")


def test_a_new_year_without_the_offices_targets_says_what_is_compared(cli, tmp_path: Path) -> None:
    """Quarter I of 2027, the commune's targets given for 2026 only: the notice said "kết quả
    được so với chỉ tiêu của bộ chỉ tiêu năm 2027", yet no count is compared with the set's
    120.000 or 250.000 (the report states the result only, as the lines below it say); only
    the rates and the per-unit minimum are."""
    work = _commune(tmp_path)
    _next_year(work)
    made = cli("targets", "--new", "2027", cwd=work)
    assert made.exit_code == 0, made.output
    result = cli("report", "--quarter", "I", cwd=work)
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (
        f"Lưu ý: {work / 'don-vi.yaml'} có chỉ tiêu giao (khóa `targets`) cho năm 2026 nhưng "
        "không có năm 2027: chỉ tiêu giao của năm khác không được dùng; kết quả chỉ được so với "
        "tỷ lệ, mức tối thiểu mỗi đơn vị của bộ chỉ tiêu năm 2027, các chỉ tiêu khác chỉ nêu kết "
        "quả. Khi có văn bản giao chỉ tiêu năm 2027, thêm mục `2027:` vào khóa `targets` rồi "
        "chạy lại lệnh."
    ) in said
    assert "kết quả được so với chỉ tiêu của bộ chỉ tiêu" not in said
    assert (
        "Chỉ tiêu 3: chưa có chỉ tiêu giao cho xã trong don-vi.yaml (targets.<năm>.own.3) "
        "nên báo cáo chỉ nêu kết quả."
    ) in said
    # and indeed: no 2026 target (900 hồ sơ, 1.500 hộ, 21.000 người) reaches the 2027 report
    from docx import Document

    lines = [p.text for p in Document(work / "ket-qua" / "bao-cao-5299-2027-quy-1.docx").paragraphs]
    line3 = next(t for t in lines if t.startswith("(3) Chỉ tiêu 3"))
    assert line3.endswith("năm 2027”: đã hỗ trợ người dân nộp 774 hồ sơ.")
    line5 = next(t for t in lines if t.startswith("(5) Chỉ tiêu 5"))
    assert line5.endswith("trên ứng dụng VNeID”: có 1.061 hộ.")
    line7 = next(t for t in lines if t.startswith("(7) Chỉ tiêu 7"))
    assert line7.endswith("đã hỗ trợ đăng ký chữ ký số cá nhân cho 1.651 người.")


def test_a_set_copied_by_targets_new_is_said_until_it_is_edited(
    cli, tmp_path: Path, monkeypatch
) -> None:
    """`targets --new 2027` copies 2026's rates, minimums and targets (the deadline moved to
    2027): left unedited, the 2027 report printed "Có 250.000 công dân … (trước ngày
    31/12/2027)" and measured 40%, 85%, 06 bài viết against it with no word at report time."""
    monkeypatch.setenv("COLUMNS", "80")
    work = _commune(tmp_path)
    _next_year(work)
    assert cli("targets", "--new", "2027", cwd=work).exit_code == 0
    path = work / "chi-tieu" / "2027.yaml"
    result = cli("report", "--quarter", "I", cwd=work)
    assert result.exit_code == 0, result.output
    assert str(path) in result.stderr  # kept whole on its own line
    said = " ".join(result.stderr.split())
    assert (
        f"Cảnh báo: Bộ chỉ tiêu năm 2027 ({path}) vẫn là bản chép chưa sửa (dòng `source`: "
        "“Chưa có văn bản giao chỉ tiêu năm 2027: bản minh họa chép từ bộ năm 2026”): tỷ lệ, "
        "mức tối thiểu, chỉ tiêu ghi trong tên các chỉ tiêu vẫn là số của bộ cũ (hạn chỉ được "
        "đổi sang năm 2027), được in vào báo cáo và dùng để tính mức đạt. Sửa các con số và "
        "dòng `source` theo văn bản giao chỉ tiêu năm 2027 trước khi trình ký."
    ) in said
    summary = cli("summary", "--quarter", "I", "-o", work / "th.xlsx", cwd=work)
    assert summary.exit_code == 0 and "vẫn là bản chép chưa sửa" in summary.stderr
    text = path.read_text(encoding="utf-8")
    edited = text.replace(
        'source: "Chưa có văn bản giao chỉ tiêu năm 2027: bản minh họa chép từ bộ năm 2026"',
        'source: "Kế hoạch số 12-KH/TĐTN ngày 10/01/2027"',
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    again = cli("report", "--quarter", "I", "--force", cwd=work)
    assert again.exit_code == 0 and "bản chép chưa sửa" not in again.stderr


def test_a_report_of_no_unit_s_figures_is_not_written(cli, tmp_path: Path) -> None:
    """Every file of quarter III, the report asked for quarter II (or a --year typed wrong):
    each file was "gửi nhầm" and a report of 0/10 units, every figure 0, was written, exit 0."""
    work = _commune(tmp_path)
    for command in ("report", "summary"):
        result = cli(command, "--quarter", "II", cwd=work)
        assert result.exit_code == 1
        assert not (work / "ket-qua").exists()
        said = " ".join(result.stderr.split())
        assert said.endswith(
            "Lỗi: Chưa có đơn vị nào được tính vào tổng hợp (0/10 đơn vị, quý II năm 2026): "
            "chưa ghi kết quả. Xem lý do từng đơn vị ở trên; chạy `dean5299 validate` để xem "
            "chi tiết."
        )
        assert "Chi đoàn thôn Kim Đông — chưa gửi" in said
        assert said.count("gửi nhầm") == 9


def test_validate_says_what_the_new_year_s_targets_lack(cli, tmp_path: Path) -> None:
    """validate, the clerk's first command of a new year, said nothing of the office's targets
    given for 2026 only nor of the 2027 set still as `targets --new` copied it; only report and
    summary did, after the units had been called."""
    work = _commune(tmp_path)
    _next_year(work)
    assert cli("targets", "--new", "2027", cwd=work).exit_code == 0
    result = cli("validate", "--quarter", "I", cwd=work)
    said = " ".join(result.stdout.split())
    head = said.split("Kết quả kiểm tra báo cáo quý I năm 2027")[0]
    assert head.startswith(f"Lưu ý: {work / 'don-vi.yaml'} có chỉ tiêu giao (khóa `targets`) cho")
    assert "thêm mục `2027:` vào khóa `targets` rồi chạy lại lệnh." in head
    assert f"Cảnh báo: Bộ chỉ tiêu năm 2027 ({work / 'chi-tieu' / '2027.yaml'}) vẫn là" in head
    # the JSON of the contract is unchanged
    as_json = cli("validate", "--quarter", "I", "--json", cwd=work)
    assert "bản chép chưa sửa" not in as_json.stdout and "Lưu ý" not in as_json.stdout
