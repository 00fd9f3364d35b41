"""Build the shipped Word template `templates/bao-cao-5299.docx` (Đoàn format, Jinja tags).

Run `python -m dean5299_cli.writers.report_template templates/bao-cao-5299.docx` to rebuild it.
An office may instead restyle the .docx in Word: the tags are plain text in the document.
"""

from __future__ import annotations

import sys
from pathlib import Path

FONT = "Times New Roman"


def _set_font(
    run_or_style,
    size: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    underline: bool | None = None,
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = run_or_style.font
    font.name = FONT
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    if underline is not None:
        font.underline = underline


def _para(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: str = "justify",
    indent: bool = True,
    after: float = 6,
    before: float = 0,
):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }[align]
    fmt.first_line_indent = Cm(1.27) if indent else Cm(0)
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(before)
    fmt.line_spacing = 1.1
    if text:
        run = p.add_run(text)
        _set_font(run, size, bold, italic, underline)
    return p


def _control(container, tag: str):
    """A paragraph holding only a docxtpl `{%p … %}` tag (removed when rendered)."""
    return _para(container, tag, indent=False, after=0)


def _no_borders(table) -> None:
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"})
        borders.append(el)
    tbl_pr.append(borders)


def _cell_text(cell, text: str, **kwargs):
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return _para(cell, text, **kwargs)


def set_widths(table, widths) -> None:
    """Fixed column widths that Word and LibreOffice both honour (grid, cells, fixed layout)."""
    from docx.oxml.ns import qn

    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width
    tbl_pr = table._tbl.tblPr
    layout = tbl_pr.makeelement(qn("w:tblLayout"), {qn("w:type"): "fixed"})
    tbl_pr.append(layout)


def keep_rows_whole(table) -> None:
    """No row is split across two pages (the signature block above all)."""
    from docx.oxml.ns import qn

    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:cantSplit"), {qn("w:val"): "true"}))


def _repeat_header(row) -> None:
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    el = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(el)


def _page_number_header(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    header = section.header
    p = header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            el = run._r.makeelement(qn("w:instrText"), {qn("xml:space"): "preserve"})
            el.text = text
        run._r.append(el)
    section.first_page_header.paragraphs[0].text = ""


def build_template(path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    _set_font(normal, 14)
    normal.paragraph_format.space_after = Pt(6)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.header_distance = Cm(1)
    _page_number_header(section)
    body = doc
    # the default empty first paragraph of python-docx's template
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)

    # ---- header: two borderless columns
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    set_widths(head, [Cm(8.3), Cm(7.9)])
    left, right = head.rows[0].cells
    _cell_text(left, "{{ parent_body }}", size=14, align="center", indent=False, after=0)
    _para(left, "{{ issuing_body }}", size=14, bold=True, align="center", indent=False, after=0)
    _para(left, "***", size=14, align="center", indent=False, after=0)
    _para(left, "{{ number_line }}", size=14, align="center", indent=False, after=0)
    _cell_text(
        right,
        "ĐOÀN TNCS HỒ CHÍ MINH",
        size=15,
        bold=True,
        underline=True,
        align="center",
        indent=False,
        after=0,
    )
    _para(right, "", size=13, align="center", indent=False, after=0)
    _para(right, "{{ place_date }}", size=13, italic=True, align="center", indent=False, after=0)

    # ---- title
    _para(body, "BÁO CÁO", size=16, bold=True, align="center", indent=False, before=18, after=0)
    _para(body, "{{ subject }}", size=14, bold=True, align="center", indent=False, after=0)
    _para(body, "-----------", size=14, align="center", indent=False, after=12)

    # ---- opening
    _control(body, "{%p for text in opening %}")
    _para(body, "{{ text }}")
    _control(body, "{%p endfor %}")

    # ---- I.
    _para(body, "I. CÔNG TÁC CHỈ ĐẠO TRIỂN KHAI", bold=True).paragraph_format.keep_with_next = True
    _control(body, "{%p for text in direction %}")
    _para(body, "{{ text }}")
    _control(body, "{%p endfor %}")

    # ---- II.
    _para(body, "II. KẾT QUẢ HOẠT ĐỘNG", bold=True).paragraph_format.keep_with_next = True
    _control(body, "{%p if teams_line %}")
    _para(body, "{{r teams_line }}")
    _control(body, "{%p endif %}")
    _control(body, "{%p for text in results_text %}")
    _para(body, "{{ text }}")
    _control(body, "{%p endfor %}")
    _para(body, "{{ as_of_line }}").paragraph_format.keep_with_next = True
    _control(body, "{%p for item in indicators %}")
    _para(body, "{{r item.line }}")
    _control(body, "{%p endfor %}")

    _para(
        body, "{{ table_caption }}", size=13, bold=True, align="center", indent=False, before=6
    ).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=3, cols=6)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = ["TT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả", "Tỷ lệ đạt", "Ghi chú"]
    widths = [Cm(1.0), Cm(4.6), Cm(2.3), Cm(3.1), Cm(2.0), Cm(3.0)]
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=False):
        cell.width = width
        _cell_text(cell, text, size=13, bold=True, align="center", indent=False, after=0)
    _repeat_header(table.rows[0])
    loop = table.rows[1].cells
    _cell_text(loop[0], "{%tr for row in table_rows %}", size=12, indent=False, after=0)
    for c in range(1, 6):
        _cell_text(loop[c], "", size=12, indent=False, after=0)
    cells = table.rows[2].cells
    keys = ["stt", "name", "target", "result", "percent", "note"]
    aligns = ["center", "left", "right", "right", "right", "left"]
    for cell, key, align, width in zip(cells, keys, aligns, widths, strict=False):
        cell.width = width
        _cell_text(cell, f"{{{{ row.{key} }}}}", size=12, align=align, indent=False, after=0)
    end_row = table.add_row().cells
    _cell_text(end_row[0], "{%tr endfor %}", size=12, indent=False, after=0)
    for c in range(1, 6):
        _cell_text(end_row[c], "", size=12, indent=False, after=0)
    set_widths(table, widths)
    keep_rows_whole(table)

    # ---- III. units to look at
    _para(
        body, "{{ attention_heading }}", bold=True, before=6
    ).paragraph_format.keep_with_next = True
    _control(body, "{%p for text in attention %}")
    _para(body, "{{ text }}")
    _control(body, "{%p endfor %}")

    # ---- further sections written by the clerk
    _control(body, "{%p for extra in extra_sections %}")
    _para(body, "{{ extra.heading }}", bold=True).paragraph_format.keep_with_next = True
    _control(body, "{%p for text in extra.paragraphs %}")
    _para(body, "{{ text }}")
    _control(body, "{%p endfor %}")
    _control(body, "{%p endfor %}")

    _control(body, "{%p for text in closing %}")
    _para(body, "{{ text }}").paragraph_format.keep_with_next = True
    _control(body, "{%p endfor %}")

    # ---- recipients and signature
    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    set_widths(sign, [Cm(6.6), Cm(9.4)])
    keep_rows_whole(sign)
    left, right = sign.rows[0].cells
    _cell_text(left, "", size=11, indent=False, after=0)
    _para(left, "Nơi nhận:", size=13, bold=True, align="left", indent=False, after=0)
    _control(left, "{%p for name in recipients %}")
    _para(left, "- {{ name }}", size=11, align="left", indent=False, after=0)
    _control(left, "{%p endfor %}")
    _cell_text(
        right, "{{ signer_on_behalf }}", size=14, bold=True, align="center", indent=False, after=0
    )
    _para(right, "{{ signer_title }}", size=14, align="center", indent=False, after=0)
    for _ in range(2):
        _para(right, "", size=14, align="center", indent=False, after=0)
    _para(right, "{{ signed_mark }}", size=14, bold=True, align="center", indent=False, after=0)
    for _ in range(2):
        _para(right, "", size=14, align="center", indent=False, after=0)
    _para(right, "{{ signer_name }}", size=14, bold=True, align="center", indent=False, after=0)

    # ---- appendix on landscape pages
    appendix = doc.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Cm(29.7), Cm(21)
    appendix.top_margin, appendix.bottom_margin = Cm(2), Cm(2)
    appendix.left_margin, appendix.right_margin = Cm(2), Cm(1.5)
    appendix.different_first_page_header_footer = False
    _para(body, "PHỤ LỤC", size=14, bold=True, align="center", indent=False, after=0)
    _para(body, "{{ appendix_title }}", size=14, bold=True, align="center", indent=False, after=0)
    _para(body, "{{ appendix_note }}", size=13, italic=True, align="center", indent=False, after=6)
    _para(body, "{{ appendix }}", indent=False)
    del WD_ALIGN_PARAGRAPH
    doc.save(path)


if __name__ == "__main__":
    build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("templates/bao-cao-5299.docx"))
