"""audit reads a .docx as a stream (verify/docx_stream.py): the blocks must be exactly those
python-docx's document tree gives (the cells `audit --ghi-chu` comments on through python-docx),
on the reports the tool writes and on hand-made tables with every kind of merge."""

from __future__ import annotations

import copy
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from dean5299_cli.core.errors import InputError
from dean5299_cli.verify import documents
from dean5299_cli.verify.documents import Block, read_blocks
from tests.paths import EXAMPLES


def _through_the_tree(path: Path) -> list[Block]:
    """The blocks as audit read them before, through python-docx's whole tree."""
    document = Document(str(path))
    clean, shown = documents._clean, documents.shown_text
    texts = [clean(shown(p._p)) for p in document.paragraphs]
    blocks = [Block(f"đoạn {i + 1}", t, paragraph=i) for i, t in enumerate(texts) if t]
    for t, table in enumerate(document.tables):
        seen: dict[int, object] = {}
        header: list[str] = []
        for r, row in enumerate(table.rows):
            cells = row.cells
            texts = [clean(documents._cell_text(cell._tc)) for cell in cells]
            if r == 0:
                header = texts
            label = next((x for x in texts if x and not documents._NUMERIC.match(x)), "")
            for c, cell in enumerate(cells):
                if id(cell._tc) in seen or not texts[c]:
                    continue
                seen[id(cell._tc)] = cell._tc
                blocks.append(
                    Block(
                        f"bảng {t + 1}, dòng {r + 1}, cột {c + 1}",
                        texts[c],
                        cell=(t, r, c),
                        row_label=label,
                        column_label=header[c] if c < len(header) else "",
                    )
                )
    return blocks


def _merged_tables(path: Path) -> Path:
    """Tables as offices make them: cells merged across and down, a row starting late
    (gridBefore), a nested table, a content control in a cell, tracked changes, paragraphs
    in a body-level content control (not the body's own: python-docx leaves them out)."""
    document = Document()
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph("")
    document.add_paragraph("Chỉ tiêu 1: đạt 8.529/5.832 tài khoản, đạt 146,2%.")
    table = document.add_table(rows=5, cols=4)
    for r in range(5):
        for c in range(4):
            table.cell(r, c).text = f"{r * 10 + c}" if r else f"Cột {c}"
    table.cell(0, 1).merge(table.cell(0, 2))  # header across two columns
    table.cell(1, 0).merge(table.cell(3, 0))  # a unit's name down three rows
    table.cell(1, 0).text = "Xã Ia Rbol"
    table.cell(2, 2).merge(table.cell(3, 3))  # a block across and down
    table.cell(4, 1).add_table(rows=1, cols=2).cell(0, 0).text = "lồng 77"
    tc = table.cell(4, 3)._tc
    tr = table.rows[4]._tr
    pr = tr.get_or_add_trPr()
    before = OxmlElement("w:gridBefore")
    before.set(qn("w:val"), "1")
    pr.append(before)
    tr.remove(tr.tc_lst[0])
    sdt = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    paragraph = tc.p_lst[0]
    content.append(copy.deepcopy(paragraph))
    sdt.append(content)
    tc.append(sdt)
    ins = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "6,7"
    run.append(text)
    ins.append(run)
    document.paragraphs[2]._p.append(ins)
    body_sdt = OxmlElement("w:sdt")
    body_content = OxmlElement("w:sdtContent")
    body_content.append(copy.deepcopy(document.paragraphs[0]._p))
    body_sdt.append(body_content)
    document.element.body.insert(0, body_sdt)
    document.add_paragraph("Sau bảng: 194/769, đạt 25,2%.")
    second = document.add_table(rows=2, cols=2)
    second.cell(0, 0).text = "Đơn vị"
    second.cell(1, 0).text = "Xã A"
    second.cell(1, 1).text = "12/10 (120,0%)"
    document.save(str(path))
    return path


def test_hand_made_tables_read_as_python_docx_reads_them(tmp_path):
    path = _merged_tables(tmp_path / "bang.docx")
    streamed = read_blocks(path)
    assert streamed == _through_the_tree(path)
    # and what that is: the merged name once, its rows labelled by it; the nested table left out
    where = {b.where: b for b in streamed}
    assert where["bảng 1, dòng 2, cột 1"].text == "Xã Ia Rbol"
    assert "bảng 1, dòng 3, cột 1" not in where
    assert where["bảng 1, dòng 3, cột 2"].row_label == "Xã Ia Rbol"
    assert where["bảng 1, dòng 1, cột 2"].text == "Cột 1 Cột 2"  # merged across: once
    assert "bảng 1, dòng 1, cột 3" not in where
    assert not any("lồng" in b.text for b in streamed)
    assert where["đoạn 3"].text.endswith("đạt 146,2%.6,7")


def _raw_row(before: int, cells: list[tuple[int, str | None, str]]) -> object:
    """A w:tr: `before` grid columns left empty, then cells (span, vMerge value, text)."""
    tr = OxmlElement("w:tr")
    if before:
        pr = OxmlElement("w:trPr")
        grid_before = OxmlElement("w:gridBefore")
        grid_before.set(qn("w:val"), str(before))
        pr.append(grid_before)
        tr.append(pr)
    for span, merge, text in cells:
        tc = OxmlElement("w:tc")
        tc_pr = OxmlElement("w:tcPr")
        if span != 1:
            grid_span = OxmlElement("w:gridSpan")
            grid_span.set(qn("w:val"), str(span))
            tc_pr.append(grid_span)
        if merge is not None:
            v_merge = OxmlElement("w:vMerge")
            if merge:
                v_merge.set(qn("w:val"), merge)
            tc_pr.append(v_merge)
        tc.append(tc_pr)
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = text
        r.append(t)
        p.append(r)
        tc.append(p)
        tr.append(tc)
    return tr


def test_merges_down_a_row_starting_late_are_found_by_grid_column(tmp_path):
    """gridBefore shifts a row's cells; a merge down is the cell at the same grid column above,
    as wide as that cell (python-docx's rule), whatever this cell's own span says."""
    document = Document()
    table = document.add_table(rows=1, cols=4)
    for c, name in enumerate(("Đơn vị", "CT 1", "CT 2", "CT 3")):
        table.cell(0, c).text = name
    tbl = table._tbl
    tbl.append(_raw_row(1, [(2, "restart", "Khối xã"), (1, None, "7")]))
    tbl.append(_raw_row(1, [(1, "", ""), (1, None, "8"), (1, None, "9")]))
    tbl.append(_raw_row(0, [(1, None, "Xã C"), (1, "continue", ""), (1, None, "10"), (1, "continue", "")]))
    tbl.append(_raw_row(0, [(1, None, "Xã D"), (2, None, "11"), (1, "continue", "")]))
    path = tmp_path / "luoi.docx"
    document.save(str(path))
    streamed = read_blocks(path)
    assert streamed == _through_the_tree(path)
    rows = {}
    for b in streamed:
        if b.cell is not None:
            rows.setdefault(b.cell[1], []).append((b.cell[2], b.text, b.row_label))
    assert rows[1] == [(0, "Khối xã", "Khối xã"), (2, "7", "Khối xã")]
    assert rows[2] == [(2, "8", "Khối xã"), (3, "9", "Khối xã")]  # merged down, read once
    assert rows[3] == [(0, "Xã C", "Xã C"), (3, "10", "Xã C")]  # "Khối xã" twice, then "10"


def test_the_reports_the_tool_writes_read_as_python_docx_reads_them(cli, tmp_path):
    work = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", work)
    assert cli("report", "--quarter", "IV", cwd=work).exit_code == 0
    report = next((work / "ket-qua").glob("*.docx"))
    streamed = read_blocks(report)
    assert len(streamed) > 100
    assert streamed == _through_the_tree(report)


def test_a_row_continuing_a_merge_from_nothing_is_read_as_its_own_cell(tmp_path):
    """A first row "continued" from above: python-docx raises on it; the cell's text is read."""
    path = tmp_path / "le.docx"
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Xã B"
    table.cell(0, 1).text = "5/4 (125,0%)"
    pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    pr.append(OxmlElement("w:vMerge"))
    document.save(str(path))
    texts = [b.text for b in read_blocks(path)]
    assert texts == ["Xã B", "5/4 (125,0%)"]


def test_a_finding_in_a_cell_python_docx_cannot_find_is_listed_not_a_crash(cli, tmp_path):
    """--annotate places comments through python-docx, which raises on that row: the finding is
    listed and no copy is written (was "Lỗi không mong đợi", exit 5)."""
    path = tmp_path / "le.docx"
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Xã B"
    table.cell(0, 1).text = "5/4 (124,0%)"
    table.cell(0, 0)._tc.get_or_add_tcPr().append(OxmlElement("w:vMerge"))
    document.save(str(path))
    out = tmp_path / "chu-thich.docx"
    result = cli("audit", path, "--annotate", out)
    assert result.exit_code == 1, result.stderr
    assert "5/4 = 125,000%, không phải 124,0%" in result.stdout
    assert "Không ghi" in result.stderr + result.stdout and not out.exists()


def test_a_package_whose_main_part_is_not_a_word_document_is_refused(tmp_path):
    """A workbook, or a macro document renamed .docx: refused as python-docx refuses it."""
    source = tmp_path / "bang.docx"
    Document().save(str(source))
    renamed = tmp_path / "macro.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(renamed, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
            zout.writestr(item, data)
    with pytest.raises(InputError, match="không phải tệp Word .docx hợp lệ"):
        read_blocks(renamed)
    workbook = tmp_path / "so.docx"
    from openpyxl import Workbook

    Workbook().save(str(workbook))
    with pytest.raises(InputError, match="không phải tệp Word .docx hợp lệ"):
        read_blocks(workbook)
