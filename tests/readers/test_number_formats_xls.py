"""An .xls (BIFF8) figure cell whose number format makes Excel and LibreOffice show another
figure than the one stored is counted as stored and said, as for .xlsx and .ods.

The files are the committed LibreOffice-written fixture with new FORMAT and XF records
(`hostile.restyled_xls`); LibreOffice 24 (`soffice --convert-to csv`, text as shown) printed
"1,669", an empty cell and "41000%" for the first three formats below, and the stored figure
for the formats said to be silent."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from dean5299_cli.core.problems import Severity
from dean5299_cli.readers import biffformat, styles
from dean5299_cli.readers.biff import scan_xls
from dean5299_cli.readers.styles import MAX_CODES, MAX_XFS
from tests import hostile
from tests.helpers import make_workspace, validate_workspace

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "phuoc-son-q4.xls"
CODE = "shown-otherwise"


run = validate_workspace


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def restyled(folder: Path, formats: dict[str, str | int], **kw) -> Path:
    path = folder / "x.xls"
    path.write_bytes(hostile.restyled_xls(FIXTURE.read_bytes(), formats, **kw))
    return path


@pytest.mark.parametrize(
    ("code", "stored", "said"),
    [
        ("#,##0,", 1669000, 'ô hiển thị "1.669" (định dạng số chia cho 1.000) nhưng giá trị trong ô là 1.669.000; công cụ tính 1.669.000'),
        (";;;", 1200, "ô hiển thị ô trống (định dạng ô không hiển thị số) nhưng giá trị trong ô là 1.200"),
        (9, 12, 'ô hiển thị "1200%" (định dạng phần trăm nhân số với 100)'),  # built-in `0%`
        (10, 12, 'ô hiển thị "1200,00%" (định dạng phần trăm nhân số với 100)'),  # `0.00%`
        ('0"0"', 1200, 'ô hiển thị "12000" (định dạng ô viết thêm chữ số bên cạnh số)'),
    ],
)
def test_a_figure_shown_otherwise_is_counted_as_stored_and_said(folder, code, stored, said):
    restyled(folder, {"F10": code}, numbers={"F10": stored})
    report = run(folder)
    hits = [p for p in report.problems if p.code == CODE]
    assert [(p.file, p.sheet, p.cell, p.field) for p in hits] == [("x.xls", "Báo cáo", "F10", "ct2")]
    assert hits[0].severity is Severity.WARNING
    assert said in hits[0].message and "Đề nghị đơn vị kiểm tra lại định dạng ô" in hits[0].message
    assert report.current[0].values["ct2"] == stored


@pytest.mark.parametrize("code", ["#,##0", "General", "0", 3, 0, '#,##0" người"'])
def test_formats_that_show_the_stored_figure_say_nothing(folder, code):
    restyled(folder, {"F10": code}, numbers={"F10": 1669000})
    report = run(folder)
    assert CODE not in {p.code for p in report.problems}
    assert report.current[0].values["ct2"] == 1669000


def test_the_unchanged_fixture_says_nothing(folder):
    shutil.copy(FIXTURE, folder / "x.xls")
    assert CODE not in {p.code for p in run(folder).problems}


# --- every cell record that holds a figure or a text -----------------------------------------


def _rec(typ: int, body: bytes) -> bytes:
    return struct.pack("<HH", typ, len(body)) + body


def _globals(*codes: tuple[int, str]) -> tuple[bytes, ...]:
    """FORMAT records, then XF 0 (General), XF 1 … using each code in turn, and a style XF
    using the first one (XF len(codes) + 1)."""
    formats = tuple(hostile.format_record(i, c) for i, c in codes)
    xfs = (hostile.xf_record(0), *(hostile.xf_record(i) for i, _ in codes))
    return formats + xfs + (hostile.xf_record(codes[0][0], style=True),)


def test_each_kind_of_cell_record_is_looked_at():
    rk = (1200 << 2) | 2
    result_text = bytes([0, 0, 0, 0, 0, 0, 0xFF, 0xFF])
    result_error = bytes([2, 0, 7, 0, 0, 0, 0xFF, 0xFF])
    result_bool = bytes([1, 0, 1, 0, 0, 0, 0xFF, 0xFF])
    cells = [
        _rec(0x0203, struct.pack("<HHHd", 0, 0, 1, 1669000.0)),  # NUMBER A1
        _rec(0x027E, struct.pack("<HHHI", 1, 0, 1, rk)),  # RK A2
        _rec(0x00BD, struct.pack("<HHHIHIHIH", 2, 0, 1, rk, 0, rk, 1, rk, 2)),  # MULRK A3:C3
        _rec(0x00FD, struct.pack("<HHHI", 3, 0, 1, 0)),  # LABELSST A4
        _rec(0x0204, struct.pack("<HHHHB", 4, 0, 1, 1, 0) + b"5"),  # LABEL A5
        _rec(0x0006, struct.pack("<HHHd", 5, 0, 1, 12.0) + b"\0" * 8),  # FORMULA A6, a number
        _rec(0x0006, struct.pack("<HHH", 6, 0, 1) + result_text + b"\0" * 8),  # A7, a text
        _rec(0x0006, struct.pack("<HHH", 7, 0, 1) + result_error + b"\0" * 8),  # A8, an error
        _rec(0x0006, struct.pack("<HHH", 8, 0, 1) + result_bool + b"\0" * 8),  # A9, a boolean
        _rec(0x0203, struct.pack("<HHHd", 9, 0, 0, 1669000.0)),  # A10: General
        _rec(0x0203, struct.pack("<HHHd", 10, 0, 2, 1669000.0)),  # A11: a style XF
        _rec(0x0201, struct.pack("<HHH", 11, 0, 1)),  # BLANK A12: nothing to show
    ]
    stream = hostile.biff_workbook([cells], _globals((200, "#,##0,")))
    facts = scan_xls(hostile.cfb(stream))
    noted = facts.sheets["Sheet1"].formats
    assert sorted(noted) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "C3"]
    assert {f.code for f in noted.values()} == {"#,##0,"}
    assert facts.sheets["Sheet1"].errors == {"A8": "#DIV/0!"}


def test_a_short_formula_record_is_judged_by_its_own_bytes_only():
    """A FORMULA record of 8 bytes: what follows it (here bytes that read as an error result)
    belongs to the next record. The guard reads no result from it; neither does the format
    look-up, which notes the cell as the guard sees it (a value, not an error)."""
    cells = [
        _rec(0x0006, struct.pack("<HHH", 0, 0, 1) + bytes([2, 0])),  # A1, cut short
        _rec(0x023E, b"\xff\xff" + bytes(16)),  # WINDOW2, whose first bytes follow it
    ]
    stream = hostile.biff_workbook([cells], _globals((200, "#,##0,")))
    facts = scan_xls(hostile.cfb(stream))
    assert facts.sheets["Sheet1"].errors == {}
    assert sorted(facts.sheets["Sheet1"].formats) == ["A1"]


def test_builtin_percent_and_a_format_record_overriding_a_builtin():
    cells = [_rec(0x0203, struct.pack("<HHHd", r, 0, r + 1, 5.0)) for r in range(3)]
    globals_ = (
        hostile.format_record(10, "0"),  # a FORMAT record for index 10: its own code wins
        hostile.xf_record(0),
        hostile.xf_record(9),
        hostile.xf_record(10),
        hostile.xf_record(3),
    )
    facts = scan_xls(hostile.cfb(hostile.biff_workbook([cells], globals_)))
    assert {r: f.code for r, f in facts.sheets["Sheet1"].formats.items()} == {"A1": "0%"}


def test_an_older_biff_is_not_read_for_formats():
    """BIFF5 spells its strings otherwise: its FORMAT records are not read as BIFF8's."""
    cells = [_rec(0x0203, struct.pack("<HHHd", 0, 0, 1, 669.0))]
    stream = bytearray(hostile.biff_workbook([cells], _globals((200, ";;;"))))
    assert scan_xls(hostile.cfb(bytes(stream))).sheets["Sheet1"].formats  # BIFF8: read
    struct.pack_into("<H", stream, 4, 0x0500)
    assert not scan_xls(hostile.cfb(bytes(stream))).sheets


# --- hostile FORMAT and XF records: bounded, never a good file made unreadable -------------


def test_broken_format_records_leave_a_good_file_readable(folder):
    """(An XF record too short for its fields is not counted here either, but the values
    reader itself refuses such a file.)"""
    broken = (
        _rec(0x041E, b"\xc8\x00"),  # too short for its length
        _rec(0x041E, struct.pack("<HHB", 201, 65535, 0) + b"0,"),  # claims 65.535 characters
        _rec(0x041E, struct.pack("<HHB", 202, 3, 1) + b"0\x00,"),  # UTF-16 cut in a character
        _rec(0x041E, struct.pack("<HHB", 203, 255, 1) + "\ud800".encode("utf-16-le", "surrogatepass") * 255),
    )
    restyled(folder, {"F10": "#,##0,"}, numbers={"F10": 1669000}, extra_globals=broken)
    report = run(folder)
    assert "unreadable-file" not in {p.code for p in report.problems}
    assert [p.cell for p in report.problems if p.code == CODE] == ["F10"]
    assert report.current[0].values["ct2"] == 1669000


def test_hostile_format_and_xf_counts_are_bounded(folder, monkeypatch):
    """Thousands of FORMAT records of 255 characters, more XFs than Excel keeps, a sheet of
    cells all using an altering format: each code judged at most once, the XFs and the noted
    cells within their limits. Counted, not timed."""
    judged: list[str] = []
    real = styles.may_alter

    def counting(fmt):
        judged.append(fmt.code)
        return real(fmt)

    monkeypatch.setattr(styles, "may_alter", counting)  # the judge .xlsx and .xls share
    monkeypatch.setattr(biffformat, "MAX_FORMATTED", 1000)
    codes = tuple(hostile.format_record(300 + k, f'0,"{k}' + "x" * 250 + '"') for k in range(MAX_CODES + 50))
    xfs = tuple(hostile.xf_record(300 + k % (MAX_CODES + 50)) for k in range(MAX_XFS + 500))
    rk = (1 << 2) | 2
    row = struct.pack("<HH", 0, 0) + b"".join(struct.pack("<HI", 100, rk) for _ in range(200)) + struct.pack("<H", 199)
    rows = [_rec(0x00BD, struct.pack("<H", r) + row[2:]) for r in range(20)]  # 4.000 cells
    stream = hostile.biff_workbook([rows], codes + xfs)
    assert len(stream) < 7_000_000
    facts = scan_xls(hostile.cfb(stream))
    assert len(judged) <= MAX_CODES + 2 and len(set(judged)) == len(judged)
    assert len(facts.sheets["Sheet1"].formats) == 1000
