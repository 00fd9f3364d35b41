"""`audit` on PDF: paragraphs and table cells from pdftotext's word boxes, never joined across cells."""

from __future__ import annotations

import json
import shutil

import pytest

from dean5299_cli.verify.pdf_text import block_texts, pdf_pages
from tests.paths import EXAMPLES


def _line(*words: tuple[float, float, str], height: float = 15.6) -> str:
    boxes = "".join(
        f'<word xMin="{x0}" yMin="100.0" xMax="{x1}" yMax="{100.0 + height}">{text}</word>'
        for x0, x1, text in words
    )
    return f"<line>{boxes}</line>"


def test_cells_of_a_table_row_are_not_one_claim():
    """As LibreOffice's PDF of our report lays out the row of indicator 6 and the next row."""
    block = "".join(
        [
            _line(
                (422.9, 453.9, "79,7%"),
                (464.7, 492.0, "12/13"),
                (495.0, 501.0, "đ"),
                (501.0, 508.2, "ơ"),
                (508.2, 514.2, "n"),
                (517.2, 527.0, "vị"),
            ),
            _line((464.7, 481.1, "đạt"), (484.2, 498.1, "tối"), (501.1, 527.1, "thiểu")),
            _line((422.9, 453.9, "25,0%")),
        ]
    )
    assert block_texts(block) == ["79,7%", "12/13 đơn vị đạt tối thiểu", "25,0%"]


def test_justified_prose_stays_one_paragraph():
    wide = 7.5  # justified spaces, all wide alike: below twice the line's own spacing
    words = [
        (85.0 + i * (30 + wide), 115.0 + i * (30 + wide), w)
        for i, w in enumerate(["có", "110/138", "bài", "viết,", "đạt"])
    ]
    block = "".join(
        [
            _line(*words, height=18.2),
            _line(
                (85.0, 120.0, "79,7%;"), (124.0, 160.0, "tăng"), (164.0, 180.0, "36"), height=18.2
            ),
        ]
    )
    assert block_texts(block) == ["có 110/138 bài viết, đạt 79,7%; tăng 36"]
    page = f"<page><flow><block>{block}</block></flow></page>"
    assert pdf_pages(f"<doc>{page}{page}</doc>") == [[block_texts(block)[0]]] * 2


def test_entities_of_pdftotext_are_read_back():
    assert block_texts(_line((10.0, 40.0, "A&amp;B"), (43.0, 60.0, "&lt;5&gt;"))) == ["A&B <5>"]


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils not installed",
)
def test_our_own_reports_pdf_audits_clean_with_every_claim(cli, tmp_path):
    work = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    assert cli("report", "--quarter", "IV", "--pdf", cwd=work).exit_code == 0
    docx = work / "ket-qua" / "bao-cao-5299-2023-quy-4.docx"
    pdf = docx.with_suffix(".pdf")
    from_pdf = cli("audit", pdf, "--json", cwd=work)
    assert from_pdf.exit_code == 0, from_pdf.stdout
    data = json.loads(from_pdf.stdout)
    assert data["findings"] == []
    from_docx = json.loads(cli("audit", docx, "--json", cwd=work).stdout)
    assert data["claims"] == from_docx["claims"]  # every table cell's claim is still found
    assert {r["where"].split(",")[0] for r in data["rates"]} >= {"trang 3", "trang 4"}


def _blank_pdf(path) -> None:
    """A valid one-page PDF with nothing written on it (as a scan has no text layer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler is not installed")
def test_a_pdf_without_a_text_layer_is_named_not_passed(cli, tmp_path):
    """A scanned report has no text to check: "no slip in 0 figures" (exit 0) read as a pass."""
    scan = tmp_path / "bao-cao-scan.pdf"
    _blank_pdf(scan)
    result = cli("audit", scan, cwd=tmp_path)
    assert result.exit_code == 1, result.stdout
    said = " ".join(result.stderr.split())
    assert "bao-cao-scan.pdf không có chữ đọc được" in said and "Traceback" not in said
