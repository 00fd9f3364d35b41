"""The main job on the shipped examples: seed 000's figures, Đoàn format, regeneration, PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tests.paths import EXAMPLES

SEED_000 = [
    "8.529/5.832",
    "146,2%",
    "18.907/7.057",
    "267,9%",
    "3.787/5.155",
    "73,4%",
    "2.518/3.966",
    "63,4%",
    "6.580/5.490",
    "119,8%",
    "110/138",
    "79,7%",
    "14.390/57.448",
    "27.180",
    "8.240",
    "11.350",
    "7.590",
]


@pytest.fixture
def tuy_phuoc(tmp_path: Path) -> Path:
    folder = tmp_path / "tuy-phuoc"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    return folder


def make_report(cli, folder: Path, *extra: str, quarter: str = "IV") -> Path:
    out = folder / "bc.docx"
    result = cli("report", "--quarter", quarter, "-o", str(out), *extra, cwd=folder)
    assert result.exit_code == 0, result.output
    return out


def body_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def paragraph(doc, start: str):
    return next(p for p in doc.paragraphs if p.text.startswith(start))


def test_seed_000_figures_appear_exactly(cli, tuy_phuoc):
    doc = Document(make_report(cli, tuy_phuoc))
    text = body_text(doc)
    for figure in SEED_000:
        assert figure in text, figure
    line1 = paragraph(doc, "(1) Chỉ tiêu 1")
    assert "đã tạo được 8.529/5.832 tài khoản, đạt 146,2%" in line1.text
    bold = {r.text for r in line1.runs if r.bold}
    assert {"8.529/5.832", "146,2%", "2.486"} <= bold  # "tăng 2.486 …": a figure, bold as all
    ratio = paragraph(doc, "(3) Chỉ tiêu 3")
    assert (
        "3.787/5.155" in ratio.text
        and "đạt tỷ lệ 73,4%" in ratio.text
        and "chỉ tiêu 40%" in ratio.text
    )
    assert "183,6%" in ratio.text  # achievement against the rate, kept distinct from the rate
    breakdown = paragraph(doc, "(8) Chỉ tiêu 8")
    assert (
        "27.180 tài khoản, trong đó: 8.240 tài khoản chờ duyệt, 11.350 tài khoản không hợp lệ, 7.590 tài khoản hợp lệ."
        in breakdown.text
    )
    teams = paragraph(doc, "Trong quý IV năm 2023")
    assert teams.text == (  # every unit counted: the whole area's teams, no "theo số liệu của"
        "Trong quý IV năm 2023, các xã, thị trấn đã duy trì hoạt động 14 “Tổ công nghệ số thanh "
        "niên”, mỗi tổ gồm 08 thành viên, tổng số 112 thành viên."
    )
    assert {"14", "08", "112"} <= {r.text for r in teams.runs if r.bold}
    assert "12/13 đơn vị đạt tối thiểu 06 bài viết" in paragraph(doc, "(6) Chỉ tiêu 6").text


def test_rounding_modes(cli, tuy_phuoc):
    doc = Document(make_report(cli, tuy_phuoc))
    assert "6.580/5.490 hồ sơ, đạt 119,8%" in paragraph(doc, "(5)").text
    settings = tuy_phuoc / "don-vi.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("mode: truncate", "mode: half-up"),
        encoding="utf-8",
    )
    doc = Document(make_report(cli, tuy_phuoc, "--force"))
    assert "6.580/5.490 hồ sơ, đạt 119,9%" in paragraph(doc, "(5)").text
    assert "đạt tỷ lệ 63,5%" in paragraph(doc, "(4)").text


def test_doan_format(cli, tuy_phuoc):
    doc = Document(make_report(cli, tuy_phuoc))
    section = doc.sections[0]
    cm = lambda length: round(length.cm, 2)  # noqa: E731 - Word stores twips
    assert (cm(section.page_width), cm(section.page_height)) == (21.0, 29.7)
    assert [
        cm(m)
        for m in (
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ] == [2, 2, 3, 2]
    assert section.different_first_page_header_footer
    assert (
        "PAGE" in section.header._element.xml
        and "PAGE" not in section.first_page_header._element.xml
    )
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size == Pt(14)

    head = doc.tables[0]
    left, right = head.rows[0].cells
    texts = [p.text for p in left.paragraphs]
    assert texts == ["TỈNH ĐOÀN BÌNH ĐỊNH", "BCH ĐOÀN HUYỆN TUY PHƯỚC", "***", "Số: 34-BC/HĐTN"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    assert left.paragraphs[0].runs[0].font.size == Pt(14)
    union = right.paragraphs[0].runs[0]
    assert right.paragraphs[0].text == "ĐOÀN TNCS HỒ CHÍ MINH"
    assert union.bold and union.underline and union.font.size == Pt(15)
    date = [p for p in right.paragraphs if "ngày" in p.text][0]
    assert date.text == "Tuy Phước, ngày 20 tháng 11 năm 2023"
    assert date.runs[0].italic and date.runs[0].font.size == Pt(13)

    title = paragraph(doc, "BÁO CÁO")
    assert title.text == "BÁO CÁO" and title.runs[0].bold and title.runs[0].font.size == Pt(16)
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    subject = doc.paragraphs[[p.text for p in doc.paragraphs].index("BÁO CÁO") + 1]
    assert subject.text.startswith("Kết quả duy trì") and subject.text.endswith("quý IV năm 2023")
    assert subject.runs[0].bold and subject.runs[0].font.size == Pt(14)
    assert (
        doc.paragraphs[[p.text for p in doc.paragraphs].index("BÁO CÁO") + 2].text == "-----------"
    )
    body = paragraph(doc, "Thực hiện Công văn số 570")
    assert (
        body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        and cm(body.paragraph_format.first_line_indent) == 1.27
    )
    assert body.paragraph_format.space_after <= Pt(6)
    for heading in ("I. CÔNG TÁC CHỈ ĐẠO TRIỂN KHAI", "II. KẾT QUẢ HOẠT ĐỘNG"):
        p = paragraph(doc, heading)
        assert all(r.bold for r in p.runs if r.text.strip())

    results = doc.tables[1]
    assert [c.text for c in results.rows[0].cells] == [
        "TT",
        "Chỉ tiêu",
        "Chỉ tiêu giao",
        "Kết quả",
        "Mức đạt so với chỉ tiêu",
        "Ghi chú",
    ]
    assert "w:tblHeader" in results.rows[0]._tr.xml
    assert len(results.rows) == 1 + 8
    # A per-unit minimum's note is a whole phrase, the minimum said as in the body text.
    assert results.rows[6].cells[5].text == "12/13 đơn vị đạt tối thiểu 06 bài viết"

    sign = doc.tables[2]
    left, right = sign.rows[0].cells
    recv = next(p for p in left.paragraphs if p.text == "Nơi nhận:")
    assert recv.runs[0].bold and recv.runs[0].font.size == Pt(13)
    lines = [p.text for p in left.paragraphs if p.text.startswith("- ")]
    assert lines == ["- TT Tỉnh Đoàn;", "- Ban TTNTH Tỉnh đoàn;", "- Lưu VP."]
    on_behalf = right.paragraphs[0]
    assert (
        on_behalf.text == "TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN"
        and on_behalf.runs[0].bold
        and on_behalf.runs[0].font.size == Pt(14)
    )
    assert right.paragraphs[1].text == "BÍ THƯ" and not right.paragraphs[1].runs[0].bold
    name = [p for p in right.paragraphs if p.text][-1]
    assert name.text == "Nguyễn Văn A" and name.runs[0].bold

    appendix = doc.tables[3]
    assert doc.sections[1].orientation == 1  # landscape
    assert appendix.rows[0].cells[1].text == "Đơn vị" and len(appendix.rows) == 1 + 13 + 1
    assert appendix.rows[-1].cells[2].text.startswith("8.529")


def test_narrative_kept_and_never_overwritten_silently(cli, tuy_phuoc):
    narrative = tuy_phuoc / "noi-dung-bao-cao.md"
    text = narrative.read_text(encoding="utf-8").replace(
        "Định kỳ, 100% tổ", "Văn bản riêng của văn phòng & “ngoặc”, 100% tổ"
    )
    narrative.write_text(text, encoding="utf-8")
    out = make_report(cli, tuy_phuoc)
    first = out.read_bytes()
    again = cli("report", "--quarter", "IV", "-o", str(out), cwd=tuy_phuoc)
    assert again.exit_code == 4 and "--force" in again.stderr
    assert out.read_bytes() == first
    make_report(cli, tuy_phuoc, "--force")
    backups = list((tuy_phuoc / "sao-luu").glob("bc.*.docx"))
    assert len(backups) == 1 and backups[0].read_bytes() == first
    doc = Document(out)
    assert "Văn bản riêng của văn phòng & “ngoặc”, 100% tổ" in body_text(doc)  # & kept (autoescape)
    assert narrative.read_text(encoding="utf-8") == text


def test_late_file_changes_figures_on_rerun(cli, tuy_phuoc):
    folder = tuy_phuoc / "bao-cao-don-vi"
    late = folder / "BC 5299 Q4 - Phuoc Son.xlsx"
    moved = tuy_phuoc / "tam.xlsx"
    late.rename(moved)
    doc = Document(make_report(cli, tuy_phuoc))
    text = body_text(doc)
    assert "8.529/5.832" not in text
    assert "được tổng hợp từ báo cáo của 12/13 đơn vị (chưa có số liệu của Phước Sơn)." in text
    row = next(r for r in doc.tables[3].rows if r.cells[1].text == "Phước Sơn")
    assert row.cells[2].text == "chưa báo cáo"
    moved.rename(late)
    doc = Document(make_report(cli, tuy_phuoc, "--force"))
    assert "8.529/5.832" in body_text(doc)


def test_broken_file_is_left_out_and_named(cli, tuy_phuoc):
    (tuy_phuoc / "bao-cao-don-vi" / "BC 5299 Q4 - Phuoc An.xlsx").write_bytes(b"PK\x03\x04 hong")
    out = tuy_phuoc / "bc.docx"
    result = cli("report", "--quarter", "IV", "-o", str(out), cwd=tuy_phuoc)
    assert result.exit_code == 0 and "BC 5299 Q4 - Phuoc An.xlsx" in result.output
    text = body_text(Document(out))
    assert "BC 5299 Q4 - Phuoc An.xlsx" not in text  # file names are for the clerk, not the report
    assert "(chưa có số liệu của Phước An)" in text
    strict = cli(
        "report", "--quarter", "IV", "-o", str(tuy_phuoc / "x.docx"), "--strict", cwd=tuy_phuoc
    )
    assert strict.exit_code == 1 and not (tuy_phuoc / "x.docx").exists()
    # validate's count (the unit not counted is not also a warning), and that unit said as such
    said = " ".join(strict.output.split())
    assert "Có 1 lỗi, 0 cảnh báo; 12/13 đơn vị được tính vào tổng hợp (--strict)" in said


def test_2024_example(cli, tmp_path):
    folder = tmp_path / "an-nhon"
    shutil.copytree(EXAMPLES / "an-nhon-2024", folder, ignore=shutil.ignore_patterns("ket-qua"))
    doc = Document(make_report(cli, folder, quarter="Q2"))
    text = body_text(doc)
    assert "Số:      -BC/ĐTN" in text
    assert "An Nhơn, ngày 28 tháng 6 năm 2024" in text
    line7 = paragraph(doc, "(7) Chỉ tiêu 7")
    assert "công dân từ 14 tuổi trở lên" in line7.text and "chỉ tiêu 10%" in line7.text
    line8 = paragraph(doc, "(8) Chỉ tiêu 8")
    assert "9.850/13.350" in line8.text and "thời hạn 01/7/2024" in line8.text
    assert paragraph(doc, "(1) Chỉ tiêu 1").text.count("đạt tỷ lệ") == 1
    assert "TM. BAN THƯỜNG VỤ THỊ ĐOÀN" in text and "PHÓ BÍ THƯ" in text


@pytest.mark.parametrize(
    ("date", "ending"),
    [
        # settings' report.date 28/06/2024: 3 days to 01/07 (the figures' date 25/06 gave 6)
        ((), "– chưa đạt, thời hạn 01/7/2024, còn 3 ngày."),
        (("--ngay", "30/06/2024"), "– chưa đạt, thời hạn 01/7/2024, còn 1 ngày."),
        # signed on or after the deadline, figures dated before it: no count of days
        (("--ngay", "01/07/2024"), "– chưa đạt tính đến ngày 25/6/2024, thời hạn 01/7/2024."),
        (("--ngay", "05/07/2024"), "– chưa đạt tính đến ngày 25/6/2024, thời hạn 01/7/2024."),
    ],
)
def test_days_to_a_deadline_count_from_the_report_date(cli, tmp_path, date, ending):
    folder = tmp_path / "an-nhon"
    shutil.copytree(EXAMPLES / "an-nhon-2024", folder, ignore=shutil.ignore_patterns("ket-qua"))
    out = make_report(cli, folder, "--force", *date, quarter="Q2")
    line8 = paragraph(Document(out), "(8) Chỉ tiêu 8")
    assert line8.text.endswith("9.850/13.350, đạt 73,8% chỉ tiêu " + ending)
    audit = cli("audit", str(out), "--folder", "bao-cao-don-vi", "--quarter", "II", cwd=folder)
    assert audit.exit_code == 0, audit.output


def test_report_needs_settings(cli, tmp_path):
    from tests.helpers import submit

    submit(tmp_path, "a.xlsx")
    result = cli("report", str(tmp_path), "--quarter", "IV", cwd=tmp_path)
    assert result.exit_code == 2 and "don-vi.yaml" in result.stderr


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils not installed",
)
def test_pdf_through_libreoffice(cli, tuy_phuoc):
    out = make_report(cli, tuy_phuoc, "--pdf")
    pdf = out.with_suffix(".pdf")
    assert pdf.is_file()
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for figure in (
        "8.529/5.832",
        "146,2%",
        "BÁO CÁO",
        "TM. BAN THƯỜNG VỤ HUYỆN ĐOÀN",
        "Số: 34-BC/HĐTN",
    ):
        assert figure in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "A4" in pages or "595" in pages


def test_pdf_without_libreoffice_says_so(cli, tuy_phuoc, monkeypatch):
    import dean5299_cli.reporting as reporting

    monkeypatch.setattr(reporting, "soffice", lambda: None)
    out = tuy_phuoc / "bc.docx"
    result = cli("report", "--quarter", "IV", "-o", str(out), "--pdf", cwd=tuy_phuoc)
    assert result.exit_code == 4 and "LibreOffice" in result.stderr
    assert out.is_file() and not out.with_suffix(".pdf").exists()


def test_custom_template_from_settings(cli, tuy_phuoc):
    from dean5299_cli.writers.report_docx import default_template

    shutil.copy(default_template(), tuy_phuoc / "mau-rieng.docx")
    settings = tuy_phuoc / "don-vi.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + "template: mau-rieng.docx\n", encoding="utf-8"
    )
    assert "146,2%" in body_text(Document(make_report(cli, tuy_phuoc)))
    (tuy_phuoc / "mau-rieng.docx").write_bytes(b"not a docx")
    broken = cli("report", "--quarter", "IV", "-o", str(tuy_phuoc / "b.docx"), cwd=tuy_phuoc)
    assert broken.exit_code == 3 and "mau-rieng.docx" in broken.stderr
    assert not (tuy_phuoc / "b.docx").exists()


def test_debug_shows_the_traceback_only_when_asked(cli, tmp_path):
    bad = tmp_path / "don-vi.yaml"
    bad.write_text("parent_body: [\n", encoding="utf-8")
    quiet = cli("targets", "--settings", str(bad))
    assert quiet.exit_code == 3 and "Traceback" not in quiet.output
    from dean5299_cli.core.errors import ConfigError

    with pytest.raises(ConfigError):
        cli("--debug", "targets", "--settings", str(bad))
