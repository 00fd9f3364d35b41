"""The ranking appendix of `report --xep-hang`, written as XML into the report: one row built by
python-docx, repeated once per unit (issue 15: 10.000 rows took 127 s and 580 MB as a tree)."""

from __future__ import annotations

import shutil
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document

from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.rank_input import DataState
from dean5299_cli.core.scoring import Evaluation, Grade
from dean5299_cli.writers import rank_docx
from dean5299_cli.writers.rank_docx import append_rank_appendix
from tests.paths import EXAMPLES

NAMES = [
    "Chi đoàn A & B",
    "Xã <Mới>",
    'Đội "Xung kích"',
    "Phường  Quy\tNhơn ",
    "Xã [[dean5299:o1]]",
]


@pytest.fixture
def report(cli, tmp_path: Path) -> Path:
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    out = folder / "ket-qua" / "bc.docx"
    result = cli("report", "--quarter", "IV", "-o", str(out), cwd=folder)
    assert result.exit_code == 0, result.output
    return out


def _evaluations(count: int) -> list[Evaluation]:
    names = [NAMES[k] if k < len(NAMES) else f"Xã Thử Nghiệm {k:04d}" for k in range(count)]
    return [
        Evaluation(name, DataState.REPORTED, Grade.GOOD, Fraction(8123 - k, 100), rank=k + 1)
        if k % 7
        else Evaluation(name, DataState.INVALID, Grade.NO_DATA, None)
        for k, name in enumerate(names)
    ]


def test_every_unit_has_its_row_with_its_words_escaped(report: Path) -> None:
    evaluations = _evaluations(300)
    append_rank_appendix(
        report, [], evaluations, Rounding(), period="quý IV năm 2023", rubric_title="Thang điểm"
    )
    table = Document(str(report)).tables[-1]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Hạng", "Đơn vị", "Tổng điểm", "Xếp loại"]
    assert len(rows) == 301
    # a unit's name is one line: runs of spaces and tabs read as one space, as on the form
    assert [r[1] for r in rows[1:6]] == [
        "Chi đoàn A & B",
        "Xã <Mới>",
        'Đội "Xung kích"',
        "Phường Quy Nhơn",
        "Xã [[dean5299:o1]]",
    ]
    assert rows[1] == ["—", "Chi đoàn A & B", "—", "chưa có số liệu (số liệu chưa hợp lệ)"]
    assert rows[2] == ["2", "Xã <Mới>", "81,22", "hoàn thành tốt"]
    assert rows[300] == ["300", "Xã Thử Nghiệm 0299", "78,24", "hoàn thành tốt"]
    # every row is the one python-docx built: same cell properties, row kept on one page
    with zipfile.ZipFile(report) as package:
        body = package.read("word/document.xml")
    table_xml = body[body.rindex(b"<w:tbl>") :]
    assert table_xml.count(b"<w:cantSplit/>") == 301
    assert table_xml.count(b"<w:tblHeader/>") == 1
    assert b"[[dean5299:o0]]" not in body and b"[[dean5299:o2]]" not in body


@pytest.mark.parametrize("window", [64, 700, None])
def test_the_report_is_read_by_its_ends_whatever_the_window(report: Path, window) -> None:
    """Only the two ends of the report's body are kept; when the closing section properties do not
    fit in the window, the whole part is read, and the result is the same."""
    with zipfile.ZipFile(report) as package:
        xml = package.read("word/document.xml")
    opening, closing = rank_docx._body_bounds(xml)
    assert rank_docx._ends(report, window) == (xml[:opening], closing, xml[closing:])
