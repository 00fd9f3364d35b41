"""Make a fresh copy of the Word template (Đoàn format, Jinja tags); not part of the package.

The committed `dean5299_cli/data/templates/bao-cao-5299.docx` is the source of truth: offices and
maintainers edit it in Word. This script only rebuilds it from scratch when the layout changes:

    python tools/make_template.py dean5299_cli/data/templates/bao-cao-5299.docx

Text between `**` is written as a bold run (the figures of a sentence).
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
    markup: bool = True,
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
    for i, piece in enumerate(text.split("**") if markup else [text]):
        if piece:
            run = p.add_run(piece)
            _set_font(run, size, bold or i % 2 == 1, italic, underline)
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


_DEADLINE = (
    '{% if i.deadline_state == "met" %} – đã hoàn thành trước thời hạn {{ i.deadline|ngay }}'
    '{% elif i.deadline_state == "pending" and i.days_left is not none %} – chưa đạt, thời hạn '
    "{{ i.deadline|ngay }}, còn {{ i.days_left }} ngày"
    # the report is dated on or after the deadline, its figures before it: no count of days
    '{% elif i.deadline_state == "pending" %} – chưa đạt tính đến ngày {{ as_of|ngay }}, thời hạn '
    "{{ i.deadline|ngay }}"
    '{% elif i.deadline_state == "missed" %} – không hoàn thành trước thời hạn {{ i.deadline|ngay }}'
    '{% elif i.deadline_state == "reached-after" %} – đã đạt, nhưng số liệu tính đến sau '
    "thời hạn {{ i.deadline|ngay }}{% endif %}"
)
_LEAD = "({{ i.number }}) Chỉ tiêu {{ i.number }}: “{{ i.title }}”: "
# One sentence per kind of indicator; figures between ** are bold.
SENTENCES = {
    "ratio": _LEAD
    + "{{ i.result_phrase }} **{{ i.achieved|so }}/{{ i.denominator|so }}** {{ i.unit }}"
    "{% if i.rate is not none %}, đạt tỷ lệ **{{ i.rate|phan_tram }}**"
    "{% if i.achievement is not none %} (chỉ tiêu {{ i.target_rate|ty_le }}), bằng "
    "**{{ i.achievement|phan_tram }}** chỉ tiêu{% endif %}{% endif %}.",
    "population-share": _LEAD + "{{ i.result_phrase }} **{{ i.achieved|so }}** {{ i.unit }}"
    "{% if i.rate is not none %}, bằng **{{ i.rate|phan_tram }}** số {{ i.population_label }} "
    "(chỉ tiêu {{ i.target_rate|ty_le }}, tương ứng **{{ i.target|so }}** {{ i.unit }}), đạt "
    "**{{ i.achievement|phan_tram }}** chỉ tiêu{% endif %}.",
    "breakdown": _LEAD
    + "{{ words.whole_area }} {{ i.result_phrase }} **{{ i.total|so }}** {{ i.unit }}, trong đó: "
    "{% for p in i.parts %}**{{ p.value|so }}** {{ i.unit }} {{ p.label }}"
    "{% if loop.last %}.{% else %}, {% endif %}{% endfor %}"
    "{% if i.target %} Số {{ i.unit }} {{ i.counted_part }} "
    "**{{ i.achieved|so }}/{{ i.target|so }}**, đạt **{{ i.achievement|phan_tram }}** chỉ tiêu"
    + _DEADLINE
    + ".{% endif %}",
    "count": _LEAD
    + "{{ i.result_phrase }} {% if i.target %}**{{ i.achieved|so }}/{{ i.target|so }}** "
    "{{ i.unit }}, đạt **{{ i.achievement|phan_tram }}**{% if i.target_from_minimum %} (chỉ tiêu "
    "tính theo tối thiểu {{ i.minimum|hai_so }} × {{ i.unit_total|so }} đơn vị){% endif %}"
    "{% else %}**{{ i.achieved|so }}** {{ i.unit }}{% endif %}"
    "{% if i.units_reached is not none %}; **{{ i.units_reached|so }}/{{ i.units_reported|so }}** đơn vị "
    "{% if i.units_reported != i.unit_total %}đã báo cáo {% endif %}đạt tối thiểu "
    "{{ i.minimum|hai_so }} {{ i.unit }}{% endif %}"
    "{% if i.change is not none %}; {% if i.change >= 0 %}tăng{% else %}giảm{% endif %} "
    "**{{ i.change|abs|so }}** {{ i.unit }} so với {{ previous_quarter }}"
    # a unit counted now without figures for the previous period is left out of the change
    "{% if i.change_units != i.change_of %} (tính trên {{ i.change_units|so }}/{{ i.change_of|so }} "
    "đơn vị có số liệu cả hai kỳ){% endif %}{% endif %}" + _DEADLINE + ".",
}
TABLE = {
    "target": '{% if i.kind == "ratio" %}{{ i.target_rate|ty_le }}'
    '{% elif i.kind == "population-share" and i.target is none %}{{ i.target_rate|ty_le }}'
    "{% else %}{{ i.target|so }}{% endif %}",
    "result": '{% if i.kind == "ratio" %}{{ i.achieved|so }}/{{ i.denominator|so }}'
    "{% if i.rate is not none %}, tỷ lệ {{ i.rate|phan_tram }}{% endif %}"
    '{% elif i.kind == "breakdown" and not i.counted_part %}{{ i.total|so }}'
    "{% else %}{{ i.achieved|so }}{% endif %}",
    "percent": "{{ i.achievement|phan_tram }}",
    "note": '{% if i.kind == "breakdown" %}{% for p in i.parts %}{{ p.label }}: {{ p.value|so }}'
    "{% if not loop.last %}; {% endif %}{% endfor %}"
    '{% elif i.kind == "population-share" %}{{ i.target_rate|ty_le }} {{ i.population_label }}'
    "{% elif i.units_reached is not none %}{{ i.units_reached|so }}/{{ i.units_reported|so }} đơn vị "
    "đạt tối thiểu {{ i.minimum|hai_so }} {{ i.unit }}{% endif %}"
    "{% if i.deadline_state %}; hạn {{ i.deadline|ngay }}{% endif %}",
}


def _loop(body, items: str, text: str, *, keep_with_next: bool = False, **kwargs) -> None:
    """A paragraph repeated for each narrative paragraph in `items` (with its bold/italic runs)."""
    _control(body, f"{{%p for p in {items} %}}")
    _para(body, text, **kwargs).paragraph_format.keep_with_next = keep_with_next
    _control(body, "{%p endfor %}")


def _header(doc) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(head)
    set_widths(head, [Cm(8.3), Cm(7.9)])
    left, right = head.rows[0].cells
    center = {"align": "center", "indent": False, "after": 0}
    _cell_text(left, "{%p if parent_body %}", indent=False, after=0)  # none for a Tỉnh đoàn
    _para(left, "{{ parent_body }}", size=14, **center)
    _control(left, "{%p endif %}")
    _para(left, "{{ issuing_body }}", size=14, bold=True, **center)
    _para(left, "***", size=14, markup=False, **center)
    _para(
        left, "Số: {% if number %}{{ number }}{% else %}     {% endif %}-BC/{{ symbol }}", **center
    )
    _cell_text(right, "ĐOÀN TNCS HỒ CHÍ MINH", size=15, bold=True, underline=True, **center)
    _para(right, "", size=13, **center)
    _para(right, "{{ place }}, {{ date|ngay_chu }}", size=13, italic=True, **center)


def _results_table(doc, body) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    _para(
        body,
        "Bảng 1. Kết quả thực hiện các chỉ tiêu Đề án 5299 {{ period }}",
        size=13,
        bold=True,
        align="center",
        indent=False,
        before=6,
    ).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=3, cols=6)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = ["TT", "Chỉ tiêu", "Chỉ tiêu giao", "Kết quả", "Mức đạt so với chỉ tiêu", "Ghi chú"]
    widths = [Cm(1.0), Cm(4.4), Cm(2.3), Cm(3.3), Cm(2.2), Cm(2.8)]
    cell = {"indent": False, "after": 0}
    for c, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(c, text, size=13, bold=True, align="center", **cell)
    _repeat_header(table.rows[0])
    _cell_text(table.rows[1].cells[0], "{%tr for i in indicators %}", size=12, **cell)
    for c in table.rows[1].cells[1:]:
        _cell_text(c, "", size=12, **cell)
    texts = [
        "{{ i.number }}",
        "{{ i.short }}",
        TABLE["target"],
        TABLE["result"],
        TABLE["percent"],
        TABLE["note"],
    ]
    aligns = ["center", "left", "right", "right", "right", "left"]
    for c, text, align in zip(table.rows[2].cells, texts, aligns, strict=True):
        _cell_text(c, text, size=12, align=align, **cell)
    end = table.add_row().cells
    _cell_text(end[0], "{%tr endfor %}", size=12, **cell)
    for c in end[1:]:
        _cell_text(c, "", size=12, **cell)
    set_widths(table, widths)
    keep_rows_whole(table)
    # One short table (a row per indicator) kept on one page: its head and every row are kept
    # with the next, so no row is left alone at the foot of a page below its caption.
    for row in (table.rows[0], table.rows[2]):
        for c in row.cells:
            for paragraph in c.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _signature(doc) -> None:
    from docx.shared import Cm

    sign = doc.add_table(rows=1, cols=2)
    _no_borders(sign)
    set_widths(sign, [Cm(6.6), Cm(9.4)])
    keep_rows_whole(sign)
    left, right = sign.rows[0].cells
    center = {"size": 14, "align": "center", "indent": False, "after": 0}
    _cell_text(left, "", size=11, indent=False, after=0)
    _para(left, "Nơi nhận:", size=13, bold=True, align="left", indent=False, after=0)
    _control(left, "{%p for name in recipients %}")
    _para(left, "- {{ name }}", size=11, align="left", indent=False, after=0)
    _control(left, "{%p endfor %}")
    _cell_text(right, "{{ signer_on_behalf }}", bold=True, **center)
    _para(right, "{{ signer_title }}", **center)
    for _ in range(2):
        _para(right, "", **center)
    _para(right, "{% if signed_mark %}(đã ký){% endif %}", bold=True, **center)
    for _ in range(2):
        _para(right, "", **center)
    _para(right, "{{ signer_name }}", bold=True, **center)


def _body(doc) -> None:
    body = doc
    _loop(body, "opening", "{{r p|loi }}")
    _para(body, "I. CÔNG TÁC CHỈ ĐẠO TRIỂN KHAI", bold=True).paragraph_format.keep_with_next = True
    _loop(body, "direction", "{{r p|loi }}")
    _para(body, "II. KẾT QUẢ HOẠT ĐỘNG", bold=True).paragraph_format.keep_with_next = True
    _control(body, "{%p if teams %}")
    # Not every unit counted: the teams are those of the units that reported, said before the
    # figure (the coverage sentence, with the units' names, comes after the clerk's paragraphs).
    _para(
        body,
        "Trong {{ period }}, {% if teams.units_reported != teams.unit_total %}theo số liệu của "
        "**{{ teams.units_reported|so }}/{{ teams.unit_total|so }}** đơn vị đã báo cáo, có "
        "**{{ teams.count|hai_so }}** “Tổ công nghệ số thanh niên” duy trì hoạt động"
        "{% else %}{{ words.members }} đã duy trì hoạt động **{{ teams.count|hai_so }}** "
        "“Tổ công nghệ số thanh niên”{% endif %}{% if teams.per_team %}, mỗi tổ gồm "
        "**{{ teams.per_team|hai_so }}** thành viên, tổng số **{{ teams.members|so }}** thành viên."
        "{% else %} với tổng số **{{ teams.members|so }}** thành viên.{% endif %}",
    )
    _control(body, "{%p endif %}")
    _loop(body, "results", "{{r p|loi }}")
    _control(body, "{%p if coverage %}")
    _para(
        body,
        "Số liệu dưới đây được tổng hợp từ báo cáo của **{{ coverage.reported|so }}/"
        "{{ coverage.total|so }}** đơn vị{% if coverage.not_counted %} (chưa có số liệu của "
        '{% if coverage.named %}{{ coverage.named|join(", ") }}{% else %}'
        "{{ coverage.not_counted|length|so }} đơn vị, có tên trong Phụ lục{% endif %}){% endif %}.",
    )
    _control(body, "{%p endif %}")
    _para(
        body,
        "{% if as_of %}Tính đến ngày {{ as_of|ngay }}, kết quả{% else %}Kết quả{% endif %} thực "
        "hiện các chỉ tiêu của Đề án 5299 trên địa bàn {{ words.area }} như sau:",
    ).paragraph_format.keep_with_next = True
    _control(body, "{%p for i in indicators %}")
    for n, kind in enumerate(("ratio", "population-share", "breakdown")):
        _control(body, f'{{%p {"if" if n == 0 else "elif"} i.kind == "{kind}" %}}')
        _para(body, SENTENCES[kind])
    _control(body, "{%p else %}")
    _para(body, SENTENCES["count"])
    _control(body, "{%p endif %}")
    _control(body, "{%p endfor %}")
    _control(body, "{%p if progress %}")
    _para(
        body,
        "Tiến độ qua {{ periods_word }} (số liệu lũy kế): {% for g in progress %}chỉ tiêu {{ g.number }}: "
        "{% for q in g.points if q.achieved is not none %}{{ q.label }} **{{ q.achieved|so }}**"
        "{% if q.achievement is not none %} ({{ q.achievement|phan_tram }}){% endif %}"
        "{% if not loop.last %}, {% endif %}{% endfor %}{% if loop.last %}.{% else %}; "
        "{% endif %}{% endfor %}",
    )
    _control(body, "{%p endif %}")
    _control(body, "{%p if last_year and indicators|selectattr('year_change', 'ne', none)|list %}")
    _para(
        body,
        "So với cùng kỳ năm {{ last_year }}: {% for i in indicators "
        "if i.year_change is not none %}chỉ tiêu {{ i.number }} {% if i.year_change > 0 %}tăng "
        "**{{ i.year_change|so }}** {{ i.unit }}{% elif i.year_change < 0 %}giảm "
        "**{{ (-i.year_change)|so }}** {{ i.unit }}{% else %}không thay đổi{% endif %}"
        "{% if i.year_growth is not none and i.year_change %} "
        "({{ i.year_growth|abs|phan_tram }}){% endif %}"
        "{% if i.year_change < 0 %}, từ {{ i.last_year|so }} xuống {{ i.achieved|so }}"
        "{% elif i.year_change > 0 %}, từ {{ i.last_year|so }} lên {{ i.achieved|so }}"
        "{% else %} ({{ i.achieved|so }}){% endif %}"
        "{% if loop.last %}.{% else %}; {% endif %}"
        "{% endfor %}",
    )
    _control(body, "{%p endif %}")
    _results_table(doc, body)
    # Figures (report --bieu-do): each image centred, its caption under it as the table's.
    _control(body, "{%p for b in bieu_do %}")
    _para(
        body, "{{ b.hinh }}", align="center", indent=False, before=6, after=0, markup=False
    ).paragraph_format.keep_with_next = True  # the caption stays with its figure
    _para(
        body,
        "Biểu đồ {{ loop.index }}. {{ b.chu_thich }}",
        size=13,
        bold=True,
        align="center",
        indent=False,
    )
    _control(body, "{%p endfor %}")
    # Sections of the clerk's own, numbered after the two above.
    _control(body, "{%p for s in extra_sections %}")
    _para(
        body, "{{ (loop.index + 2)|la_ma }}. {{ s.heading|upper }}", bold=True, before=6
    ).paragraph_format.keep_with_next = True
    _loop(body, "s.paragraphs", "{{r p|loi }}")
    _control(body, "{%p endfor %}")
    _control(body, "{%p if closing %}")
    # The closing stays on the page of the signature block.
    _loop(body, "closing", "{{r p|loi }}", keep_with_next=True, before=6)
    _control(body, "{%p else %}")
    _para(
        body, "Trên đây là báo cáo kết quả thực hiện Đề án 5299 {{ period }}./.", before=6
    ).paragraph_format.keep_with_next = True
    _control(body, "{%p endif %}")


def build_template(path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
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
    for p in list(doc.paragraphs):  # the empty first paragraph of python-docx's template
        p._element.getparent().remove(p._element)
    _header(doc)
    _para(doc, "BÁO CÁO", size=16, bold=True, align="center", indent=False, before=18, after=0)
    _para(doc, "{{ subject }}", size=14, bold=True, align="center", indent=False, after=0)
    _para(doc, "-----------", size=14, align="center", indent=False, after=12)
    _body(doc)
    _signature(doc)
    # ---- appendix on landscape pages
    appendix = doc.add_section()
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Cm(29.7), Cm(21)
    appendix.top_margin, appendix.bottom_margin = Cm(2), Cm(2)
    appendix.left_margin, appendix.right_margin = Cm(2), Cm(1.5)
    appendix.different_first_page_header_footer = False
    center = {"align": "center", "indent": False}
    _para(doc, "PHỤ LỤC", size=14, bold=True, after=0, **center)
    _para(
        doc,
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU ĐỀ ÁN 5299 THEO ĐƠN VỊ, {{ period|upper }}",
        size=14,
        bold=True,
        after=0,
        **center,
    )
    _para(
        doc,
        "(Kèm theo Báo cáo số {% if number %}{{ number }}{% else %}     {% endif %}-BC/"
        "{{ symbol }} ngày {{ date|ngay }}. Mỗi ô: kết quả, kèm chỉ tiêu giao và mức đạt so với chỉ "
        "tiêu nếu có; chỉ tiêu tỷ lệ: tử số/mẫu số và tỷ lệ đạt được)",
        size=13,
        italic=True,
        after=6,
        **center,
    )
    # Where the table by unit goes, with its words (one column per indicator, added by the program).
    _para(
        doc,
        '{{ bang_theo_don_vi(stt="STT", don_vi="Đơn vị", chi_tieu="CT", ty_le="(tỷ lệ)", '
        'to_cns="Tổ CNS/ thành viên", tong="Toàn " ~ words.area, chua_bao_cao="chưa báo cáo", '
        # `trong`: a cell the unit left empty; the note under the table that explains it is the
        # program's (appendix_xml.TableWords.blank_note: docxtpl turns curly quotes inside a tag
        # into straight ones, so its “…” cannot be written here)
        'chua_hop_le="số liệu chưa hợp lệ", trong="…") }}',
        indent=False,
        markup=False,
    )
    doc.save(path)


if __name__ == "__main__":
    build_template(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("dean5299_cli/data/templates/bao-cao-5299.docx"))
