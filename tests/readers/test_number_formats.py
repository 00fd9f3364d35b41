"""A figure cell whose number format makes Excel and LibreOffice show another figure than the
one stored (hidden, scaled, literal digits…) is counted as stored and said, naming the cell."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from dean5299_cli.core.problems import Severity
from dean5299_cli.readers import parts as package_parts
from dean5299_cli.readers.numfmt import (
    may_alter,
    parse_format,
    read_as_date,
    shown_number,
    shown_text,
)
from tests import hostile
from tests.helpers import make_workspace, submit, validate_workspace

STYLES = "xl/styles.xml"
CODE = "shown-otherwise"


run = validate_workspace


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def styled(path: Path, code: str, *, styles: str = STYLES) -> Path:
    """Add the custom format `code` as cell format 2 of the generated workbook."""
    hostile.replace_in_part(
        path, styles, "</numFmts>", f"<numFmt numFmtId={quoteattr('170')} formatCode={quoteattr(code)}/></numFmts>"
    )
    hostile.replace_in_part(path, styles, "</cellXfs>", '<xf numFmtId="170" xfId="0"/></cellXfs>')
    return path


def warnings_of(report) -> list[tuple[str | None, str]]:
    return [(p.cell, p.message) for p in report.problems if p.code == CODE]


# --- what a format shows: checked against LibreOffice 24 (`soffice --convert-to csv` with
# formatted text), which printed each of these (with its own `,` grouping and `.` decimals) ---

SHOWN = [
    (";;;", 669, ""),
    ('"";"";""', 669, ""),
    ('"đã nhập"', 669, "đã nhập"),
    ('"-"', 669, "-"),
    (";;;@", 669, ""),
    ("#,##0,", 1669000, "1.669"),
    ("0,,", 1669000, "2"),
    ("#,##0,,", 1669000, "2"),
    ("0,", 400, "0"),
    ("#,##0.0,", 1669500, "1.669,5"),
    ('#,##0,"k"', 1669000, "1.669k"),
    ('0"0"', 669, "6690"),
    ("0\\0", 669, "6690"),
    ('"1"0', 669, "1669"),
    ('0" 000"', 669, "669 000"),
    ('0 "000"', 12, "12 000"),
    ('#,##0" 0"', 669, "669 0"),
    ('0"-"000', 1669, "1-669"),
    ('#,##0"-"0', 1669000, "1.669.00-0"),  # grouped, text among the digits: LibreOffice 1,669,00-0
    ('#,"-"##0', 1669000, "1.669-.000"),  # LibreOffice 1,669-,000
    ("0%", 5, "500%"),
    ('[>100]"lớn";0', 669, "lớn"),
    ('[<1000]"";0', 669, ""),
    ('[<=100]0"0";0', 50, "500"),
    ('[>=1000]#,##0,"k";0', 1669000, "1.669k"),
    ('0;0;"5"', 0, "5"),
    ("0%%", 5, "500%%"),  # multiplied once, whatever the number of `%`
    ("[>1E3]0,;0", 1669000, "1669"),  # conditions spelt with an exponent, a sign, spaces
    ("[>+100]0,;0", 1669000, "1669"),
    ("[ > 100 ]0,;0", 1669000, "1669"),
    ("[>.5]0,;0", 1669000, "1669"),
    ('[>100]0,;0"0";0"9"', 50, "509"),  # a second section without condition: `[<0]`
    ('[<10]0"0";[>100]0,', 1669000, "1669"),
    ("0,", 1e300, "1" + "0" * 297),  # every digit, never a crash on a huge stored value
    ('0"0"', 1e300, "1" + "0" * 301),
    ("0." + "0" * 40 + ",", 1669000, "1669," + "0" * 40),
]
SAME = [  # the stored figure is what a reader sees
    ("@", 669),
    ("#,##0,", 0),
    ("#,##0_);(#,##0)", 1669),
    ("* #,##0", 669),
    ("[Red]0", 669),
    ('[>100]"lớn";0', 50),
    ("0;-0;;@", 0),
    ("0;-0;;@", 5),
    ('#,##0;-#,##0;"-"', 0),
    ('0" người"', 669),
    ('"Quý 1: "0', 669),
    ('0" "000', 1669000),
    ("General", 669),
    ('General" người"', 669),
    ("#,##0", 1200),
    ("0.00", 1200),
    ("#,##0.00", 1200.5),
    ('[<1000]"";0', 1669),
    ("000000", 669),
    ("#,###", 0),
    ("0.0", 12.45),  # rounding of decimals: not-an-integer says it
    ("0", 12.4),
    ('"(" 0 ")"', 5),
    ('0.0"0"', 669),
    ("[$₫-42A]#,##0", 5),
    ('[>=1000]#,##0,"k";0', 669),
    ("[>1E3]0,;0", 500),
    ('[>100]0,', 50),  # no section takes the value: General (LibreOffice)
    ('[<10]0"0";[>100]0,', 50),
    ('[>100]0,;[>50]0"0"', 20),
    ('0,;[>100]0"0"', 1669000),  # a condition after a section without one: all General
    ('0,;0"0";[>100]0"9"', 1669000),  # a condition in the third section: all General
    ("0.00", 1e300),
]


@pytest.mark.parametrize(("code", "value", "text"), SHOWN)
def test_what_a_format_shows(code, value, text):
    fmt = parse_format(code)
    shown = shown_number(fmt, value)
    assert shown is not None and shown.text == text
    assert may_alter(fmt)  # the cheap look before any value agrees


@pytest.mark.parametrize(("code", "value"), SAME)
def test_formats_that_show_the_stored_figure(code, value):
    assert shown_number(parse_format(code), value) is None


@pytest.mark.parametrize("code", ["#,##0", "0", "General", "#,##0_);(#,##0)", "[Red]0", "@"])
def test_harmless_formats_are_not_looked_at(code):
    assert not may_alter(parse_format(code))


def test_text_sections():
    assert shown_text(parse_format(";;;"), "669").text == ""  # type: ignore[union-attr]
    assert shown_text(parse_format('0;0;0;"x"'), "669").text == "x"  # type: ignore[union-attr]
    assert shown_text(parse_format('@"0"'), "669").text == "6690"  # type: ignore[union-attr]
    assert shown_text(parse_format('"Tên: "@'), "669") is None
    assert shown_text(parse_format("0"), "669") is None
    assert shown_text(parse_format("0;0;0;General"), "669") is None  # prints the text, as `@`
    assert shown_text(parse_format('0;0;0;General"0"'), "669").text == "6690"  # type: ignore[union-attr]
    assert not may_alter(parse_format("0;0;0;General"))


def test_date_rule_is_the_values_readers():
    """The formats calamine reads as dates (then said as a date cell) are told exactly as it
    tells them: the first section's letters outside quotes, escapes, fills and brackets."""
    from python_calamine import CalamineWorkbook

    codes = ["yyyy-mm-dd", "0*m", "0\\m", '0" m"', "[Red]0", "[h]:mm", "0;dd", "General",
             "[>100]0;mm", "0_m", "am", "[$-42A]0", "[$-F800]dddd", "[mm]", "h", "@", ";;;",
             "0 A/P", "d", '0 "ngày"']  # fmt: skip
    nf = "".join(
        f"<numFmt numFmtId={quoteattr(str(164 + i))} formatCode={quoteattr(c)}/>"
        for i, c in enumerate(codes)
    )
    xf = '<xf numFmtId="0"/>' + "".join(f'<xf numFmtId="{164 + i}"/>' for i in range(len(codes)))
    rows = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}" s="{i + 1}"><v>669</v></c></row>'
        for i in range(len(codes))
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in _package(f"<numFmts>{nf}</numFmts><cellXfs>{xf}</cellXfs>", rows).items():
            z.writestr(name, data)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(buf.getvalue())).get_sheet_by_index(0)
    read = sheet.to_python()
    assert [not isinstance(r[0], float) for r in read] == [read_as_date(c) for c in codes]


def test_a_huge_format_code_is_judged_on_its_first_255_characters(monkeypatch):
    """Codes of megabytes (Excel's own stop at 255 characters) cost what a short one costs:
    sixty of them made one file take 8 s of the reader's 10, all in walking each code whole
    for the date rule. Counted, not timed: no code longer than 255 characters is walked."""
    from dean5299_cli.readers import numfmt

    walked: list[int] = []
    real = numfmt.read_as_date

    def counting(code: str) -> bool:
        walked.append(len(code))
        return real(code)

    monkeypatch.setattr(numfmt, "read_as_date", counting)
    code = '0,"' + "x" * 4_000_000 + '"'
    assert may_alter(parse_format(code))
    assert walked and max(walked) <= 255


def _package(styles_body: str, rows: str) -> dict[str, str]:
    main = hostile.MAIN
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData></worksheet>',
        "xl/styles.xml": f'<styleSheet xmlns="{main}">{styles_body}</styleSheet>',
    }


# --- validate: the warning, the cell, the figure counted ---------------------------------


@pytest.mark.parametrize(
    ("code", "stored", "said"),
    [
        ("#,##0,", 1669000, 'ô hiển thị "1.669" (định dạng số chia cho 1.000) nhưng giá trị trong ô là 1.669.000; công cụ tính 1.669.000'),
        (";;;", 1200, "ô hiển thị ô trống (định dạng ô không hiển thị số) nhưng giá trị trong ô là 1.200"),
        ('"đã nhập"', 1200, 'ô hiển thị "đã nhập" (định dạng ô không hiển thị số)'),
        ('0"0"', 1200, 'ô hiển thị "12000" (định dạng ô viết thêm chữ số bên cạnh số)'),
        ("0%", 12, 'ô hiển thị "1200%" (định dạng phần trăm nhân số với 100)'),
    ],
)
def test_a_figure_shown_otherwise_is_counted_as_stored_and_said(folder, code, stored, said):
    path = styled(submit(folder, "x.xlsx", ct2=stored), code)
    hostile.set_cell_xml(path, "E10", f'<c r="E10" s="2"><v>{stored}</v></c>')
    report = run(folder)
    hits = [p for p in report.problems if p.code == CODE]
    assert [(p.file, p.sheet, p.cell, p.field) for p in hits] == [("x.xlsx", "Báo cáo", "E10", "ct2")]
    assert hits[0].severity is Severity.WARNING
    assert said in hits[0].message and "Đề nghị đơn vị kiểm tra lại định dạng ô" in hits[0].message
    assert report.current[0].values["ct2"] == stored  # what Excel's SUM adds


@pytest.mark.parametrize(
    ("code", "stored", "said"),
    [
        ("0,", "1E+300", "implausible-value"),  # said as a figure too large to be a count
        ("0." + "0" * 40 + ",", "1669000", CODE),
        ("0" + "%" * 200, "12", CODE),
    ],
)
def test_a_format_never_makes_a_good_file_unreadable(folder, code, stored, said):
    """Formats and values that need many digits to print are printed, not a crash of the file."""
    path = styled(submit(folder, "x.xlsx"), code)
    hostile.set_cell_xml(path, "E10", f'<c r="E10" s="2"><v>{stored}</v></c>')
    report = run(folder)
    assert "unreadable-file" not in {p.code for p in report.problems}
    assert said in [p.code for p in report.problems if p.cell == "E10"]


@pytest.mark.parametrize("spelling", ["plain", "tree", "streamed", "no-reference"])
def test_every_spelling_of_the_sheet_finds_the_cell(folder, spelling):
    path = styled(submit(folder, "x.xlsx", ct2=1669000), "#,##0,")
    cell = {
        "plain": '<c r="E10" s="2"><v>1669000</v></c>',
        "tree": "<c s='02' r='E10'><v>1669000</v></c>",
        "streamed": '<c r="E10" s="2"><v>1669000</v></c>',
        "no-reference": "",
    }[spelling]
    if spelling == "no-reference":  # row 10 spelt without any `r`: placed as calamine places it
        parts = hostile.read_zip(path)
        text = parts[hostile.SHEET].decode()
        start = text.index('<row r="10">')
        end = text.index("</row>", start) + len("</row>")
        row = (
            '<row><c t="n"><v>2</v></c><c t="inlineStr"><is><t>x</t></is></c>'
            '<c t="inlineStr"><is><t>ct2</t></is></c><c t="inlineStr"></c><c s="2"><v>1669000</v></c></row>'
        )
        parts[hostile.SHEET] = (text[:start] + row + text[end:]).encode()
        hostile.write_zip(path, parts)
    else:
        hostile.set_cell_xml(path, "E10", cell)
    if spelling == "streamed":
        parts = hostile.read_zip(path)
        padding = b"<!--" + b" " * (package_parts.TREE_BELOW + 1000) + b"-->"
        parts[hostile.SHEET] = parts[hostile.SHEET].replace(b"<sheetData>", padding + b"<sheetData>", 1)
        hostile.write_zip(path, parts)
    report = run(folder)
    assert [c for c, _ in warnings_of(report)] == ["E10"]


def test_format_zero_applies_to_cells_without_style(folder):
    path = submit(folder, "x.xlsx", ct2=1200)
    hostile.replace_in_part(path, STYLES, "</numFmts>", '<numFmt numFmtId="170" formatCode=";;;"/></numFmts>')
    hostile.replace_in_part(path, STYLES, '<cellXfs count="2"><xf numFmtId="0"', '<cellXfs count="2"><xf numFmtId="170"')
    report = run(folder)
    said = sorted(c for c, _ in warnings_of(report))
    assert "E10" in said and "E9" in said  # every figure without `s`: all hidden


def test_harmless_or_unused_formats_say_nothing(folder):
    path = styled(submit(folder, "x.xlsx"), "#,##0,")  # declared, used by no cell
    hostile.replace_in_part(path, STYLES, "</numFmts>", '<numFmt numFmtId="171" formatCode="#,##0_);[Red](#,##0)"/></numFmts>')
    hostile.replace_in_part(path, STYLES, "</cellXfs>", '<xf numFmtId="171" xfId="0"/></cellXfs>')
    hostile.set_cell_xml(path, "E10", '<c r="E10" s="3"><v>1200</v></c>')
    assert warnings_of(run(folder)) == []


def test_a_label_cell_hidden_is_no_figure(folder):
    """Only the cells read as figures of a field are judged: a hidden note or label is not."""
    path = styled(submit(folder, "x.xlsx"), ";;;")
    hostile.set_cell_xml(path, "A10", '<c r="A10" s="2"><v>2</v></c>')
    assert warnings_of(run(folder)) == []


def test_a_figure_typed_as_text_and_hidden(folder):
    path = styled(submit(folder, "x.xlsx"), ";;;")
    hostile.set_cell_xml(path, "E10", '<c r="E10" s="2" t="inlineStr"><is><t>1200</t></is></c>')
    report = run(folder)
    assert [c for c, _ in warnings_of(report)] == ["E10"]
    assert "định dạng ô không hiển thị chữ" in warnings_of(report)[0][1]
    assert report.current[0].values["ct2"] == 1200


def test_the_styles_part_the_workbook_names(folder):
    """Excel and LibreOffice take the styles part the workbook's relationships name."""
    path = submit(folder, "x.xlsx", ct2=1669000)
    parts = hostile.read_zip(path)
    parts["xl/other.xml"] = parts.pop(STYLES)
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(b'Target="styles.xml"', b'Target="other.xml"')
    assert b"other.xml" in parts[rels]
    hostile.write_zip(path, parts)
    styled(path, "#,##0,", styles="xl/other.xml")
    hostile.set_cell_xml(path, "E10", '<c r="E10" s="2"><v>1669000</v></c>')
    assert [c for c, _ in warnings_of(run(folder))] == ["E10"]


@pytest.mark.parametrize(
    ("old", "new"),
    [("<cellXfs", "<cellXfs><broken"), ("<styleSheet", "<!DOCTYPE x><styleSheet")],
)
def test_a_broken_styles_part_leaves_a_good_file_readable(folder, old, new):
    """Excel repairs such a part (its formats dropped) and the values reader reads the file:
    no formats are judged, the figures are read as before."""
    path = styled(submit(folder, "x.xlsx"), ";;;")
    hostile.set_cell_xml(path, "E10", '<c r="E10" s="2"><v>1200</v></c>')
    hostile.replace_in_part(path, STYLES, old, new)
    report = run(folder)
    assert [p.code for p in report.problems if p.severity is Severity.ERROR] == []
    assert report.current[0].values["ct2"] == 1200


def test_a_large_styles_part_is_streamed_and_bounded(folder):
    """Tens of thousands of cell formats (copy-paste bloat is common): streamed, the format of
    a cell still found; those beyond Excel's own limit are not looked at."""
    path = styled(submit(folder, "x.xlsx", ct2=1669000), "#,##0,")
    many = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' * 70_000
    hostile.replace_in_part(path, STYLES, "</cellXfs>", many + '<xf numFmtId="170" xfId="0"/></cellXfs>')
    assert len(hostile.read_zip(path)[STYLES]) > package_parts.TREE_BELOW
    hostile.set_cell_xml(path, "E10", '<c r="E10" s="2"><v>1669000</v></c>')
    hostile.set_cell_xml(path, "E11", '<c r="E11" s="70003"><v>300</v></c>')  # beyond 65.536
    assert [c for c, _ in warnings_of(run(folder))] == ["E10"]
