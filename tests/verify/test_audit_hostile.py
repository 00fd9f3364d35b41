"""`dean5299 audit` on what a clerk's editing or a hostile file puts in a report: every figure
read as Word shows it, no figure judged wrong that is right, no unexpected error."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.verify.audit import FindingKind, Reading, audit_blocks
from dean5299_cli.verify.documents import read_blocks
from tests.verify.test_reconcile import _cp1258_form


def _audit_text(tmp_path: Path, text: str, name: str = "bc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_blocks(name, read_blocks(path))


def test_percentages_with_more_digits_than_decimal_arithmetic_holds(tmp_path):
    """A percentage of 40 decimals (a pasted spreadsheet value) beyond Decimal's 28 digits was
    an unexpected error (exit 5); each digit is now compared, none rounded away."""
    sixes = "6" * 40
    result = _audit_text(tmp_path, "\n".join([
        f"Đã tạo 2/3 tài khoản, đạt 66,{sixes}%.",
        f"Đã tạo 2/3 tài khoản, đạt 66,{sixes[:-1]}7%.",
        "Đã tạo 99.999.999.999.999.999.999.999.999.999/3 tài khoản, đạt 3.333.333.333.333.333.333."
        "333.333.333.300%.",
    ]))
    assert [r.reading for r in result.rates] == [Reading.TRUNCATED, Reading.HALF_UP, Reading.BOTH]
    (mixed,) = result.findings  # one truncation, one rounding: the mixing of the two is named
    assert mixed.where == "dòng 2"
    assert mixed.kind is FindingKind.MIXED_ROUNDING and mixed.expected.startswith(f"66,{sixes}%")


_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _run(text: str, hidden: bool = False) -> str:
    props = "<w:rPr><w:vanish/></w:rPr>" if hidden else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def _tracked(kind: str, inner: str) -> str:
    return f'<w:{kind} w:id="9" w:author="Văn thư" w:date="2024-01-05T08:00:00Z">{inner}</w:{kind}>'


def _docx_with(path: Path, paragraphs: list[str], cell: str = "") -> Path:
    """A .docx whose body paragraphs (and one table cell) hold the given inner XML."""
    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    for inner in paragraphs:
        document.element.body.insert(-1, parse_xml(f"<w:p {_NS}>{inner}</w:p>"))
    if cell:
        tc = document.add_table(rows=1, cols=1).cell(0, 0)._tc
        tc.append(parse_xml(f"<w:sdt {_NS}><w:sdtContent><w:p>{cell}</w:p></w:sdtContent></w:sdt>"))
    document.save(str(path))
    return path


def test_docx_figures_are_read_as_word_shows_them(tmp_path):
    """python-docx reads only a paragraph's direct runs: a figure corrected with tracked changes
    on ("đạt 6<ins>6,7</ins>%") read as "đạt 6%" and was called wrong; a figure in a field, a
    content control or an insertion was not read at all. Deleted and hidden text is no claim."""
    deleted = _tracked("del", "<w:r><w:delText>50,0%</w:delText></w:r>")
    report = _docx_with(tmp_path / "bc.docx", [
        _run("(1) Đã tạo 2/3 tài khoản, đạt 6") + _tracked("ins", _run("6,7")) + _run("%."),
        _run("(2) Đã tạo 1/4 tài khoản, đạt ") + deleted + _tracked("ins", _run("25,0%")) + _run("."),
        _run("(3) Đã tạo ") + f'<w:fldSimple w:instr=" =3 ">{_run("3")}</w:fldSimple>'
        + _run("/4 tài khoản, đạt 75,0%."),
        _run("(4) Đã tạo 1/2 tài khoản, đạt 50,0%") + _run(" (quý trước 1/3, đạt 60,0%)", hidden=True),
        _run("(5) Đã tạo 1/5 tài khoản, đạt ") + _tracked("ins", _run("30,0%")) + _run("."),
    ], cell=_run("1/8, đạt 12,5%"))
    blocks = read_blocks(report)
    assert [b.text for b in blocks][:2] == [
        "(1) Đã tạo 2/3 tài khoản, đạt 66,7%.",
        "(2) Đã tạo 1/4 tài khoản, đạt 25,0%.",
    ]
    result = audit_blocks("bc.docx", blocks)
    assert result.claims == 6  # five paragraphs and the cell; the hidden old figure is none
    (wrong,) = result.findings  # the figure inserted with tracked changes is checked too
    assert wrong.where == "đoạn 5" and wrong.expected == "1/5, đạt 20,0%"


def test_tone_marks_stored_apart_read_as_the_same_words(tmp_path):
    """Windows-1258 text and text from a Mac store `ả` as `a` + a combining hook: "giảm 5%" was
    not known as a change and its 5% was taken for the rate (a false "Tính sai")."""
    import unicodedata

    line = "Đã tạo 3/4 tài khoản (giảm 5% so với quý trước), đạt 75,0%."
    decomposed = unicodedata.normalize("NFD", line)
    result = _audit_text(tmp_path, decomposed)
    assert result.findings == () and result.claims == 1
    legacy = tmp_path / "bc-1258.txt"  # what Notepad's "ANSI" on a Vietnamese Windows writes
    legacy.write_bytes(_cp1258_form(line).encode("cp1258"))
    blocks = read_blocks(legacy)
    assert [b.text for b in blocks] == [line]
    assert audit_blocks("bc-1258.txt", blocks).findings == ()


def test_a_date_after_a_date_word_is_no_fraction(tmp_path):
    """ "Tính đến 31/12, tỷ lệ đạt 75%" read 31/12 as a fraction and called 75% wrong (258,3%);
    a fraction after such a date is still checked, and one after no date word too."""
    result = _audit_text(tmp_path, "\n".join([
        "Tính đến 31/12, tỷ lệ đạt 75%.",
        "Trong tháng 3/2024, tỷ lệ đạt 50%.",
        "Hạn 15/12 đạt 100%.",
        "Từ 01/10 đến 31/12, đã tạo 3/4 tài khoản, đạt 70%.",
        "Có 12/12 xã đạt 90%.",
    ]))
    assert [(f.where, f.expected) for f in result.findings] == [
        ("dòng 4", "3/4, đạt 75%"),
        ("dòng 5", "12/12, đạt 100%"),
    ]


def test_thousands_written_with_a_no_break_or_thin_space(tmp_path):
    """ "1 234/2 000, đạt 61,7%" with a no-break space (Word's Ctrl+Shift+Space, a figure pasted
    from a French-style sheet) was read as 234/2 and called wrong, and "27 180 …, trong đó:
    8 240, 11 350, 7 590" as parts that do not add up. Now each is its number, flagged only as
    written with another separator; a plain space still parts two numbers ("quý 4 100/120")."""
    nbsp, thin, narrow = "\u00a0", "\u2009", "\u202f"
    result = _audit_text(tmp_path, "\n".join([
        f"Chỉ tiêu 1: đã tạo 1{nbsp}234/2{nbsp}000 tài khoản, đạt 61,7%.",
        f"Tổng 27{thin}180 hồ sơ, trong đó: 8{narrow}240 hồ sơ A, 11{nbsp}350 hồ sơ B, "
        f"7{nbsp}590 hồ sơ C.",
        "Trong quý 4 100/120 xã, đạt 83,3%.",
        f"Đã tạo 1{nbsp}234/2{nbsp}000 tài khoản, đạt 62,7%.",
    ]))
    assert result.claims >= 4
    found = [(f.where, f.kind, f.expected) for f in result.findings]
    assert ("dòng 4", FindingKind.WRONG_ARITHMETIC, "1.234/2.000, đạt 61,7%") in found, found
    assert all(kind is not FindingKind.WRONG_ARITHMETIC for where, kind, _ in found if where != "dòng 4")
    assert all(kind is not FindingKind.PARTS_DO_NOT_ADD_UP for _, kind, _ in found)
    slips = [f for f in result.findings if f.kind is FindingKind.MALFORMED_NUMBER]
    kept = narrow  # each of the three is read as the narrow one
    assert [f.text for f in slips if f.where == "dòng 2"] == [
        f"27{kept}180", f"8{kept}240", f"11{kept}350", f"7{kept}590"
    ]
    assert all("dấu cách phân cách hàng nghìn" in f.message for f in slips)
