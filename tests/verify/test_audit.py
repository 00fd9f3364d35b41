"""`dean5299 audit`: seed 000 finding by finding, each kind of slip in .docx and text, clean reports."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from dean5299_cli.verify.audit import FindingKind, Reading, audit_blocks
from dean5299_cli.verify.documents import Block, read_blocks
from tests.paths import EXAMPLES, FIXTURES

SEED_000 = FIXTURES / "bao-cao-34-BC-HDTN-2023.txt"


def _audit_text(tmp_path: Path, text: str, name: str = "bc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_blocks(name, read_blocks(path))


def _seed_text() -> str:
    if SEED_000 is not None and SEED_000.is_file():
        return SEED_000.read_text(encoding="utf-8")
    pytest.skip("seed 000 is not on this machine")


def test_seed_000_finding_by_finding(tmp_path):
    result = _audit_text(tmp_path, _seed_text())
    found = [(f.kind, f.text, f.expected) for f in result.findings]
    malformed = FindingKind.MALFORMED_NUMBER
    assert (malformed, "146.2%", "146,2%") in found
    assert (malformed, "267,9 %", "267,9%") in found
    assert (malformed, "73.4 %", "73,4%") in found
    assert (malformed, "119.8%", "119,8%") in found
    assert (malformed, "79.7%", "79,7%") in found
    assert any(k is malformed and t.startswith("2.518//3.966") and e == "2.518/3.966"
               for k, t, e in found)
    assert not any(f.kind is FindingKind.WRONG_ARITHMETIC for f in result.findings)
    assert not any(f.kind is FindingKind.PARTS_DO_NOT_ADD_UP for f in result.findings)
    # 27.180 = 8.240 + 11.350 + 7.590 and 14 × 08 = 112 hold; the document only truncates: no mixing
    assert not any(f.kind is FindingKind.MIXED_ROUNDING for f in result.findings)
    assert len(result.findings) == 6
    readings = {r.claim.split()[0]: (r.exact, r.reading) for r in result.rates}
    assert readings["8.529/5.832"] == ("146,244…%", Reading.BOTH)
    assert readings["18.907/7.057,"] == ("267,918…%", Reading.BOTH)
    assert readings["3.787/5.155"] == ("73,462…%", Reading.TRUNCATED)  # half-up: 73,5%
    assert readings["2.518//3.966"] == ("63,489…%", Reading.TRUNCATED)
    assert readings["6.580/5.490"] == ("119,854…%", Reading.TRUNCATED)
    assert readings["110/138"] == ("79,710…%", Reading.BOTH)
    assert readings["14.390/57.448"] == ("25,04…%", Reading.BOTH)


def test_each_slip_in_text(tmp_path):
    result = _audit_text(tmp_path, "\n".join([
        "(1) Chỉ tiêu 1: đã tạo 8.529/5.832 tài khoản, đạt 150,2%.",
        "(2) Chỉ tiêu 2: có 3.787/5.155 tài khoản, đạt 73,4%.",
        "(3) Chỉ tiêu 3: có 6.580/5.490 hồ sơ, đạt 119,9%.",
        "(4) Chỉ tiêu 4: có 6.581/5.490 hồ sơ, đạt 119,9%.",
        "Toàn huyện cài đặt 27.180 tài khoản, trong đó: 8.240 chờ duyệt, 11.350 không hợp lệ, 7.500 hợp lệ.",
        "Duy trì 14 “Tổ công nghệ số thanh niên”, mỗi tổ gồm 08 thành viên, tổng số 110 thành viên.",
        "Có 3.787/5.155 tài khoản, đạt tỷ lệ 73,5% (chỉ tiêu 40%; bằng 190,0% so với chỉ tiêu).",
        "Đạt 8,529/5,832 tài khoản, đạt 146,2%.",
    ]))
    by_line: dict[str, list] = {}
    for f in result.findings:
        by_line.setdefault(f.where, []).append(f)
    wrong = by_line["dòng 1"][0]
    assert wrong.kind is FindingKind.WRONG_ARITHMETIC
    assert wrong.message == "Tính sai: 8.529/5.832 = 146,244…%, không phải 150,2%."
    assert wrong.expected == "8.529/5.832, đạt 146,2%"
    # line 2 truncates, lines 3 and 4 round half-up (119,85…% and 119,87…%): the minority is flagged
    mixed = by_line["dòng 2"][0]
    assert mixed.kind is FindingKind.MIXED_ROUNDING
    assert mixed.expected.startswith("73,5%")
    assert "dòng 3" not in by_line and "dòng 4" not in by_line
    parts = by_line["dòng 5"][0]
    assert parts.kind is FindingKind.PARTS_DO_NOT_ADD_UP
    assert "8.240 + 11.350 + 7.500 = 27.090" in parts.message
    teams = by_line["dòng 6"][0]
    assert teams.kind is FindingKind.WRONG_ARITHMETIC and teams.expected == "tổng số 112 thành viên"
    versus = [f for f in by_line["dòng 7"] if f.kind is FindingKind.WRONG_ARITHMETIC]
    assert versus[0].expected == "bằng 183,7% chỉ tiêu"  # 73,46…% / 40% = 183,65…%
    comma = by_line["dòng 8"]
    assert [f.expected for f in comma] == ["8.529", "5.832"]


def test_the_achievement_in_the_reports_own_wording_is_checked(tmp_path):
    """`report` writes "(chỉ tiêu 40%), bằng 183,7% chỉ tiêu": the closing parenthesis before the
    comma hid the achievement from audit, so a figure edited by hand there passed as correct."""
    result = _audit_text(tmp_path, "\n".join([
        "(3) Chỉ tiêu 3: “Mỗi năm có 40% tổng số tài khoản…”: có 3.787/5.155 tài khoản, "
        "đạt tỷ lệ 73,5% (chỉ tiêu 40%), bằng 190,0% chỉ tiêu.",
        "(4) Chỉ tiêu 4: có 2.518/3.966 hồ sơ, đạt tỷ lệ 63,5% (chỉ tiêu 80%), bằng 79,4% chỉ tiêu.",
    ]))
    (wrong,) = [f for f in result.findings if f.kind is FindingKind.WRONG_ARITHMETIC]
    assert wrong.where == "dòng 1" and wrong.expected == "bằng 183,7% chỉ tiêu"
    assert wrong.message == (
        "Tính sai: với chỉ tiêu 40%, tỷ lệ đạt bằng 183,656…% chỉ tiêu, không phải 190,0%."
    )
    assert [r.claim for r in result.rates if "), bằng" in r.claim] == [
        "(chỉ tiêu 40%), bằng 190,0% chỉ tiêu",
        "(chỉ tiêu 80%), bằng 79,4% chỉ tiêu",
    ]
    # each achievement beside its target is a figure recomputed: the tally and the count agree
    assert len(result.rates) == result.claims == 4


def test_a_clean_text_and_dates_are_no_claims(tmp_path):
    result = _audit_text(tmp_path, "\n".join([
        "Kế hoạch số 20-KH/HĐTN ngày 06/9/2022; tính đến ngày 20/11/2023.",
        "Đã tạo 8.529/5.832 tài khoản, đạt 146,2%; 12/13 đơn vị đạt tối thiểu 06 bài viết.",
        "Toàn huyện cài đặt 27.180 tài khoản, trong đó: 8.240 chờ duyệt, 11.350 không hợp lệ, 7.590 hợp lệ.",
        "Có 3.787/5.155 tài khoản (chỉ tiêu 40%), đạt 73,4%.",
        "Có 2.518/3.966 hồ sơ (tăng 12% so với quý trước), đạt tỷ lệ 63,4%.",
    ]))
    assert result.findings == ()
    assert result.claims == 4


def _docx_report(path: Path) -> Path:
    document = Document()
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("(1) Chỉ tiêu 1: đã tạo 8.529/5.832 tài khoản, đạt 146.2%.")
    document.add_paragraph("(2) Chỉ tiêu 2: đã tạo 18.907/7.057 tài khoản, đạt 268,9%.")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "Chỉ tiêu"
    table.cell(1, 0).text = "CT 4"
    table.cell(1, 1).text = "2.518//3.966 (63,4%)"
    table.cell(1, 2).text = "27.180, trong đó: 8.240 chờ duyệt, 11.350 không hợp lệ, 7.000 hợp lệ"
    document.save(str(path))
    return path


def test_docx_paragraphs_and_cells_with_annotated_copy(cli, tmp_path):
    source = _docx_report(tmp_path / "bao-cao.docx")
    before = source.read_bytes()
    out = tmp_path / "bao-cao-chu-thich.docx"
    result = cli("audit", source, "--json", "--annotate", out)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    where = [(f["where"], f["kind"]) for f in data["findings"]]
    assert where == [
        ("đoạn 2", "malformed-number"),
        ("đoạn 3", "wrong-arithmetic"),
        ("bảng 1, dòng 2, cột 2", "malformed-number"),
        ("bảng 1, dòng 2, cột 3", "parts-do-not-add-up"),
    ]
    assert data["findings"][1]["expected"] == "18.907/7.057, đạt 267,9%"
    assert source.read_bytes() == before
    comments = list(Document(str(out)).comments)
    assert len(comments) == 4
    assert comments[1].text.startswith("Tính sai: 18.907/7.057 = 267,918…%")
    again = cli("audit", source, "--annotate", source)
    assert again.exit_code == 4 and source.read_bytes() == before
    exists = cli("audit", source, "--annotate", out)
    assert exists.exit_code == 4


def test_console_leads_with_findings_and_counts_the_rates_it_recomputed(cli, tmp_path):
    """A province's report holds hundreds of right percentages: they are counted by how they
    were rounded, listed one by one only with --chi-tiet (the findings stay in full)."""
    source = _docx_report(tmp_path / "bao-cao.docx")
    short = cli("audit", source)
    assert short.exit_code == 1
    lines = short.stdout.splitlines()
    assert lines[0].startswith("1. [đoạn 2] Số viết sai quy cách")
    assert "Các tỷ lệ đã tính lại:" not in short.stdout and "chính xác" not in short.stdout
    assert " ".join(short.stdout.split()).endswith(
        "Đã tính lại 3 tỷ lệ: 1 đúng; 1 đúng nếu cắt bớt (làm tròn thì khác); 1 sai. "
        "Thêm --chi-tiet để in từng tỷ lệ."
    )
    full = cli("audit", source, "--chi-tiet")
    assert "Các tỷ lệ đã tính lại:" in full.stdout
    assert "→ chính xác 267,918…%: sai" in full.stdout


def test_console_lines_fit_an_80_column_console(cli, tmp_path, monkeypatch):
    """As validate's and report's: a finding's long line wraps under itself."""
    monkeypatch.setenv("COLUMNS", "80")
    source = _docx_report(tmp_path / "bao-cao.docx")
    for args in ((), ("--chi-tiet",)):
        result = cli("audit", source, *args)
        assert result.exit_code == 1
        assert max(len(line) for line in result.stdout.splitlines()) <= 80
        assert "Nên ghi:" in result.stdout


def test_unreadable_inputs_exit_cleanly(cli, tmp_path, monkeypatch):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    result = cli("audit", broken)
    assert result.exit_code == 1 and "không phải tệp Word .docx hợp lệ" in result.stderr
    pdf = tmp_path / "bc.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = cli("audit", pdf)
    assert result.exit_code == 1 and "chưa cài poppler (lệnh pdftotext)" in result.stderr
    assert cli("audit", tmp_path / "khong-co.txt").exit_code == 2


def _differs_from_the_example(cli, tmp_path: Path, text: str) -> list[dict]:
    """`audit --folder` of `text` against the Tuy Phước example's units: its findings against
    their data (the run exits 1)."""
    work = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    (work / "bc.txt").write_text(text, encoding="utf-8")
    result = cli("audit", work / "bc.txt", "--json", "--folder", work / "bao-cao-don-vi", cwd=work)
    assert result.exit_code == 1
    return [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "differs-from-data"]


def test_folder_finds_figures_that_differ(cli, tmp_path):
    differs = _differs_from_the_example(
        cli,
        tmp_path,
        "(1) Chỉ tiêu 1: đã tạo được 8.530/5.832 tài khoản, đạt 146,2%; tăng 2.486 tài khoản so với quý III.\n"
        "(2) Chỉ tiêu 2: đã tạo 18.907/7.057 tài khoản, đạt 267,9%; tăng 4.000 tài khoản so với quý III.\n",
    )
    found = [(f["where"], f["text"], f["expected"]) for f in differs]
    assert found == [("dòng 1", "8.530", "8.529"), ("dòng 2", "4.000", "4.971")]


def test_folder_compares_each_part_of_a_breakdown(cli, tmp_path):
    """A part typed wrong (11.250 for 11.350) was only said as 'parts do not add up' with the
    advice to write the total 27.080, while the units' data keep 27.180 and give 11.350."""
    differs = _differs_from_the_example(
        cli,
        tmp_path,
        "(8) Chỉ tiêu 8: toàn huyện đã cài đặt 27.180 tài khoản, trong đó: 8.240 tài khoản chờ "
        "duyệt, 11.250 tài khoản không hợp lệ, 7.590 tài khoản hợp lệ.\n",
    )
    assert [(f["text"], f["expected"]) for f in differs] == [("11.250", "11.350")]
    assert "Chỉ tiêu 8 (phần không hợp lệ): báo cáo ghi 11.250" in differs[0]["message"]


def test_block_positions_are_people_numbers():
    result = audit_blocks("x", [Block("đoạn 7", "có 1/3 hồ sơ, đạt 33,4%")])
    assert result.findings[0].where == "đoạn 7"
    assert result.findings[0].message == "Tính sai: 1/3 = 33,333…%, không phải 33,4%."


def test_summary_workbook_instead_of_folder(cli, tmp_path):
    work = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    summary = work / "tong-hop.xlsx"
    assert cli("summary", "--quarter", "IV", "-o", summary, cwd=work).exit_code == 0
    text = work / "bc.txt"
    text.write_text(
        "(5) Chỉ tiêu 5: đã hỗ trợ nộp 6.580/5.490 hồ sơ, đạt 119,8%.\n"
        "(6) Chỉ tiêu 6: có 111/138 bài viết, đạt 80,4%.\n",
        encoding="utf-8",
    )
    result = cli("audit", text, "--json", "--summary", summary, "--quarter", "IV", cwd=work)
    data = json.loads(result.stdout)
    assert [(f["where"], f["kind"], f["expected"]) for f in data["findings"]] == [
        ("dòng 2", "differs-from-data", "110")
    ]
    both = cli("audit", text, "--summary", summary, "--folder", work / "bao-cao-don-vi", cwd=work)
    assert both.exit_code == 2


def _tiny_pdf(path: Path, lines: list[str]) -> Path:
    """A one-page PDF with Helvetica text lines (ASCII), written byte by byte."""
    stream = "BT /F1 11 Tf 40 800 Td 14 TL " + " ".join(f"({s}) '" for s in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(out)
    return path


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
def test_pdf_through_pdftotext(cli, tmp_path):
    pdf = _tiny_pdf(tmp_path / "bc.pdf", ["Chi tieu 3: co 3.787/5.155 tai khoan, dat 73,5%.",
                                          "", "Chi tieu 5: co 6.580/5.490 ho so, dat 119.8%."])
    result = cli("audit", pdf, "--json")
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout)
    kinds = [(f["kind"], f["text"]) for f in data["findings"]]
    assert ("malformed-number", "119.8%") in kinds
    assert any(k == "mixed-rounding" for k, _ in kinds)  # 73,5% rounds, 119,8% truncates


def test_folder_checks_each_units_cell_of_the_appendix(cli, tmp_path):
    work = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    assert cli("report", "--quarter", "IV", cwd=work).exit_code == 0
    report = next((work / "ket-qua").glob("*.docx"))
    document = Document(str(report))
    appendix = document.tables[-1]
    row = next(r for r in appendix.rows if r.cells[1].text == "Phước Sơn")
    assert row.cells[2].text == "502\n/302\n166,2%"
    row.cells[2].text = "503 /302 166,5%"  # 503/302 = 166,55…%: consistent, but not the unit's figure
    tampered = work / "sua.docx"
    document.save(str(tampered))
    result = cli("audit", tampered, "--json", "--folder", work / "bao-cao-don-vi", "--quarter", "IV",
                 cwd=work)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    assert [(f["kind"], f["text"], f["expected"]) for f in findings] == [
        ("differs-from-data", "503", "502")
    ]
    assert findings[0]["message"] == (
        "Chỉ tiêu 1, Phước Sơn: báo cáo ghi 503, số liệu các đơn vị cho 502."
    )


def test_summary_is_read_by_its_unit_rows_not_as_one_unit(cli, tmp_path):
    """The summary names the office (`Đơn vị báo cáo`): audit must still take its unit rows."""
    work = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    assert cli("report", "--quarter", "IV", cwd=work).exit_code == 0
    assert cli("summary", "--quarter", "IV", "--force", cwd=work).exit_code == 0
    report = work / "ket-qua" / "bao-cao-5299-2023-quy-4.docx"
    summary = work / "ket-qua" / "tong-hop-5299-2023-quy-4.xlsx"
    clean = cli("audit", report, "--json", "--summary", summary, cwd=work)
    assert clean.exit_code == 0, clean.stdout
    assert json.loads(clean.stdout)["findings"] == []
    document = Document(str(report))
    row = next(r for r in document.tables[-1].rows if r.cells[1].text == "Phước Sơn")
    row.cells[2].text = "503 /302 166,5%"  # consistent arithmetic, not the unit's 502
    tampered = work / "sua.docx"
    document.save(str(tampered))
    result = cli("audit", tampered, "--json", "--summary", summary, cwd=work)
    found = [(f["kind"], f["text"], f["expected"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("differs-from-data", "503", "502")]
    book = load_workbook(summary)
    sheet = book.worksheets[0]
    ct1 = next(c for r in sheet.iter_rows() for c in r if c.value == "ct1").column - 1
    total_row = next(r for r in sheet.iter_rows() if r[1].value == "Tổng cộng toàn huyện")
    assert total_row[ct1].value == 8529
    total_row[ct1].value = 8530  # the summary's own total row, edited by hand
    book.save(summary)
    noted = cli("audit", report, "--summary", summary, cwd=work)
    assert noted.exit_code == 0, noted.stdout
    assert (f"Lưu ý: Tệp tong-hop-5299-2023-quy-4.xlsx, ô {total_row[ct1].coordinate}: dòng tổng ghi "
            "8.530 (ct1), tổng các dòng đơn vị là 8.529") in noted.stderr
    other = cli("audit", report, "--summary", summary, "--quarter", "III", cwd=work)
    assert other.exit_code == 1 and "Khác số liệu" not in other.stdout
    assert ("Tệp tong-hop-5299-2023-quy-4.xlsx: không có dòng đơn vị nào tính được cho quý III "
            "năm 2023") in other.stderr


def test_summary_without_a_unit_table_is_named(cli, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Ghi chú", "không có bảng"])
    path = tmp_path / "la.xlsx"
    book.save(path)
    text = tmp_path / "bc.txt"
    text.write_text("Chỉ tiêu 1: có 1/2 tài khoản, đạt 50,0%.\n", encoding="utf-8")
    result = cli("audit", text, "--summary", path, "--year", "2023", "--quarter", "IV", cwd=tmp_path)
    assert result.exit_code == 1
    assert "Tệp la.xlsx: không thấy bảng có cột «Đơn vị»" in result.stderr


def _appendix_report(path: Path, units: int) -> Path:
    """A report whose appendix has `units` rows, each with a wrong percentage, under a header
    whose first cell is merged across two columns."""
    document = Document()
    document.add_paragraph("(1) Chỉ tiêu 1: đã tạo 8.529/5.832 tài khoản, đạt 146.2%.")
    table = document.add_table(rows=units + 1, cols=3)
    header = table.cell(0, 0).merge(table.cell(0, 1))
    header.text = "Đơn vị"
    table.cell(0, 2).text = "CT 3"
    for r, row in enumerate(list(table.rows)[1:], 1):
        texts = (f"Xã Thử Nghiệm {r:04d}", "1/2", "1/2 (60,0%)")
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def test_audit_and_annotate_build_each_row_once_whatever_the_findings(tmp_path, monkeypatch):
    """Counting the rows and cells python-docx builds: 8× the units, about 8× the work. Indexing
    `table.rows[r]` for each finding built every row of the table again (a 5.000-unit appendix
    with one slip a row took minutes)."""
    import docx.table

    from dean5299_cli.verify.annotate import write_annotated

    built = {"n": 0}
    for cls in (docx.table._Row, docx.table._Cell):
        real = cls.__init__

        def counted(self, *args, _real=real, **kwargs):
            built["n"] += 1
            _real(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__init__", counted)
    work = {}
    for units in (20, 160):
        source = _appendix_report(tmp_path / f"bc-{units}.docx", units)
        built["n"] = 0
        blocks = read_blocks(source)
        result = audit_blocks(source.name, blocks)
        placed, _ = write_annotated(
            source, blocks, result, tmp_path / f"ct-{units}.docx", force=False
        )
        work[units] = built["n"]
        cells = [b for b in blocks if b.cell is not None]
        assert [b.text for b in cells[:2]] == ["Đơn vị", "CT 3"]  # the merged cell once
        assert len(cells) == 2 + 3 * units
        assert placed == len(result.findings) == 1 + units  # 146.2%, then each row's 60,0%
        assert cells[-1].row_label == f"Xã Thử Nghiệm {units:04d}"
    assert work[160] <= work[20] * 8 * 1.5


def test_annotate_reads_the_comment_ids_once_and_keeps_the_clerks_own(tmp_path, monkeypatch):
    """python-docx numbered each new comment by reading every comment's id again: 4.000
    findings took 8,6 s, and the time grew with the square of their number. Now the ids are read
    once per copy; a clerk's own comments keep theirs and no new comment takes one of them."""
    from docx.oxml.comments import CT_Comments

    from dean5299_cli.verify.annotate import write_annotated

    reads = {"n": 0}
    real = CT_Comments.xpath

    def counted(self, path, *args, **kwargs):
        reads["n"] += path == "./w:comment/@w:id"
        return real(self, path, *args, **kwargs)

    source = _appendix_report(tmp_path / "bc.docx", 60)
    own = Document(str(source))
    for index in range(3):  # the clerk's notes, anchored on the first line
        own.add_comment(own.paragraphs[0].runs, text=f"ghi chú {index}", author="Văn phòng")
    own.comments._comments_elm[1].set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id", "9"
    )
    own.save(str(source))
    monkeypatch.setattr(CT_Comments, "xpath", counted)
    blocks = read_blocks(source)
    result = audit_blocks(source.name, blocks)
    placed, _ = write_annotated(source, blocks, result, tmp_path / "ct.docx", force=False)
    assert placed == len(result.findings) == 61
    assert reads["n"] == 1
    monkeypatch.undo()
    comments = list(Document(str(tmp_path / "ct.docx")).comments)
    ids = [c.comment_id for c in comments]
    assert ids[:3] == [0, 9, 2] and len(set(ids)) == len(ids) == 64
    assert sorted(ids[3:]) == list(range(10, 71))
    assert [c.text for c in comments[:3]] == ["ghi chú 0", "ghi chú 1", "ghi chú 2"]
    assert CT_Comments._next_available_comment_id.__name__ == "_next_available_comment_id"


def test_folder_takes_the_newer_copy_as_the_report_did(cli, tmp_path):
    """A report written with --lay-moi-nhat counted the newer of a unit's two copies; audit
    --folder without it left the unit out without a word and called every total wrong ('Nên
    ghi' the figures without that unit). Now it says which units it left out, and why, and
    --lay-moi-nhat takes the same copy as the report did."""
    from tests.helpers import make_workspace, submit

    folder = make_workspace(tmp_path)
    submit(folder, "son.xlsx", unit="Xã Phước Sơn")
    submit(folder, "hoa.xlsx", unit="Xã Phước Hòa", ct1=300, as_of=dt.date(2023, 11, 10))
    submit(folder, "hoa-sua.xlsx", unit="Xã Phước Hòa", ct1=350, as_of=dt.date(2023, 11, 15))
    report = tmp_path / "ket-qua" / "bc.docx"
    written = cli("report", "--quarter", "IV", "-o", str(report), "--lay-moi-nhat", cwd=tmp_path)
    assert written.exit_code == 0, written.output

    plain = cli("audit", report, "--folder", folder, "--quarter", "IV", cwd=tmp_path)
    assert plain.exit_code == 1
    said = " ".join(plain.stderr.split())
    assert "Không tính vào tổng hợp: 2 đơn vị" in said and "Xã Phước Hòa (tệp" in said, said

    newer = cli(
        "audit", report, "--folder", folder, "--quarter", "IV", "--lay-moi-nhat", cwd=tmp_path
    )
    assert newer.exit_code == 0, newer.output
    assert 'Lấy tệp mới hơn "hoa-sua.xlsx", bỏ qua "hoa.xlsx"' in " ".join(newer.stderr.split())
    alone = cli("audit", report, "--lay-moi-nhat", cwd=tmp_path)  # nothing to choose from
    assert alone.exit_code == 2 and "chỉ dùng cùng --folder" in alone.stderr


def test_annotate_writes_nothing_when_there_is_nothing_to_comment(cli, tmp_path):
    """A report without a mistake: no copy that is only the report again; a copy left by an
    earlier check is said to be out of date, and kept."""
    source = tmp_path / "bao-cao.docx"
    document = Document()
    document.add_paragraph("(1) Chỉ tiêu 1: đã tạo 8.529/5.832 tài khoản, đạt 146,2%.")
    document.save(str(source))
    out = tmp_path / "ban-chu-thich.docx"
    result = cli("audit", source, "--annotate", out)
    assert result.exit_code == 0, result.output
    assert not out.exists()
    said = " ".join(result.stderr.split())
    assert f"Không ghi {out}: không có chỗ sai nào để chú thích." in said
    out.write_bytes(b"old")
    again = cli("audit", source, "--annotate", out)
    assert again.exit_code == 0 and out.read_bytes() == b"old"
    assert "là bản của lần kiểm tra trước, nay không còn đúng" in " ".join(again.stderr.split())
