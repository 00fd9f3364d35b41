"""Hostile and careless files: each attack class refused whatever its spelling, every other unit
still read; values that would silently change a figure are errors naming the cell."""

from __future__ import annotations

import json
import os
import re
import time
import warnings
import zipfile
from pathlib import Path

import pytest

from dean5299_cli.core.errors import InputError
from dean5299_cli.core.problems import Severity, brief
from dean5299_cli.core.records import RawValue
from dean5299_cli.core.values import read_count
from dean5299_cli.folder import list_folder
from dean5299_cli.readers import limits
from dean5299_cli.readers import parts as package_parts
from dean5299_cli.readers.files import PLAIN, read_file
from dean5299_cli.readers.safety import inspect
from dean5299_cli.samples import Layout
from tests import hostile
from tests.helpers import make_workspace, submit, validate_workspace

run = validate_workspace


def codes_of(report, file: str) -> list[str]:
    return [p.code for p in report.problems if p.file == file]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return make_workspace(tmp_path)


def refused(path: Path) -> tuple[str | None, str | None]:
    raw = read_file(path, path.name)
    return raw.refused_code, raw.refused_reason


# --- extent: any spelling of a far cell is refused before calamine --------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "<c r='XFD1048576'><v>1</v></c>",  # single quotes
        '<c s="0" t="n" r="A1048576"><v>1</v></c>',  # r not first
        '<c r="A12345678"><v>1</v></c>',  # 8-digit row
        '<c   r = "ZZ99999" ><v>1</v></c>',  # spaces around =
    ],
)
def test_far_cell_any_spelling_is_too_large(folder, cell):
    path = hostile.sheet_with_cells(submit(folder, "x.xlsx"), f'<row r="1">{cell}</row>')
    assert refused(path)[0] == "too-large"


def test_rows_and_cells_without_r_are_counted(folder):
    many = "<c><v>1</v></c>" * 20_000
    path = hostile.sheet_with_cells(submit(folder, "x.xlsx"), f"<row>{many}</row>")
    assert path.stat().st_size < 50_000
    assert refused(path) == ("too-large", 'trang tính "Báo cáo" trải tới 1 dòng × 16.385 cột')


def test_namespace_prefix_is_seen(folder):
    cells = '<x:row r="1"><x:c r="A1048576"><x:v>1</x:v></x:c></x:row>'
    path = hostile.sheet_with_cells(submit(folder, "x.xlsx"), cells, prefix="x")
    assert refused(path)[0] == "too-large"


def test_sheet_stored_elsewhere_is_followed(folder):
    path = hostile.sheet_with_cells(
        submit(folder, "x.xlsx"), '<row r="1"><c r="A1048576"><v>1</v></c></row>'
    )
    parts = hostile.read_zip(path)
    parts["data/bang.bin"] = parts.pop(hostile.SHEET)
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        'Target="/xl/worksheets/sheet1.xml"', 'Target="/data/bang.bin"'
    ).replace('Target="worksheets/sheet1.xml"', 'Target="../data/bang.bin"').encode()
    hostile.write_zip(path, parts)
    assert "bang.bin" in hostile.read_zip(path)["xl/_rels/workbook.xml.rels"].decode()
    assert refused(path)[0] == "too-large"


_SHEET_ELEMENT = 'sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" name="Báo cáo" sheetId="1" state="visible" r:id="rId1"'
_FAR_REL = '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/data/bang.xml" Id="rId9"{mode}/>'


@pytest.mark.parametrize(
    ("sheet", "mode"),
    [
        (_SHEET_ELEMENT.replace('r:id="rId1"', 'xmlns:o="urn:o" o:id="rId1" r:id="rId9"'), ""),
        (_SHEET_ELEMENT.replace('r:id="rId1"', 'r:id="rId1" id="rId9"'), ""),
        (_SHEET_ELEMENT.replace('r:id="rId1"', 'r:id="rId9"'), ' TargetMode="External"'),
    ],
    ids=["last id of another prefix", "plain id", "external target mode"],
)
def test_every_sheet_calamine_may_follow_is_guarded(folder, sheet, mode):
    # calamine takes the last attribute whose local name is `id` and ignores `TargetMode`: the
    # guard took the first `…:id` and skipped external targets, so it checked the harmless sheet
    # while calamine read a far cell in a part outside any `sheets/` folder.
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    parts["data/bang.xml"] = parts[hostile.SHEET].replace(b"</sheetData>", b'<row r="200000"><c r="A200000"><v>1</v></c></row></sheetData>')  # fmt: skip
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(_SHEET_ELEMENT.encode(), sheet.encode())
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"</Relationships>", _FAR_REL.format(mode=mode).encode() + b"</Relationships>")  # fmt: skip
    assert sheet.encode() in parts["xl/workbook.xml"]
    assert _inspected_code(_with_members(path, list(parts.items()))) == "too-large"


def test_sheets_of_a_workbook_without_namespace_are_guarded(folder):
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    parts[hostile.SHEET] = parts[hostile.SHEET].replace(b"</sheetData>", b'<row r="200000"><c r="A200000"><v>1</v></c></row></sheetData>')  # fmt: skip
    parts["data/bang.xml"] = parts.pop(hostile.SHEET)  # outside `sheets/`, and typed as nothing
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"/xl/worksheets/sheet1.xml", b"/xl/none.xml")
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"', b"")
    rels = parts["xl/_rels/workbook.xml.rels"]
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(b"/xl/worksheets/sheet1.xml", b"/data/bang.xml")
    assert _inspected_code(_with_members(path, list(parts.items()))) == "too-large"


def test_dimension_is_only_a_hint_but_an_absurd_one_is_refused(folder):
    path = submit(folder, "x.xlsx")
    hostile.patch_xlsx(path, **{'<dimension ref="A1:F23"/>': '<dimension ref="A1:B2"/>'})
    assert refused(path) == (None, None)  # a wrong, small dimension: the cells decide
    hostile.patch_xlsx(path, **{'<dimension ref="A1:B2"/>': '<dimension ref="A1:XFD1048576"/>'})
    assert refused(path)[0] == "too-large"


def test_doctype_entities_are_refused(folder):
    path = submit(folder, "x.xlsx")
    laughs = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
    parts = hostile.read_zip(path)
    text = parts[hostile.SHEET].decode()
    parts[hostile.SHEET] = (laughs + text.replace("<dimension", "<dimension x='&b;'")).encode()
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "unreadable-file"


def _inspected_code(data: bytes) -> str | None:
    try:
        inspect(data)
    except limits.Refused as caught:
        return caught.code
    return None


def _with_members(path: Path, members: list[tuple[str, bytes]]) -> bytes:
    """`path` rewritten with exactly these members, in this order (names may repeat)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a repeated name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members:
                z.writestr(name, data)
    return path.read_bytes()


@pytest.mark.parametrize("twin", ["/xl/worksheets/sheet1.xml", "XL/Worksheets/Sheet1.xml"])
def test_a_sheet_with_a_twin_member_is_unreadable(folder, twin):
    # The guard kept one member per normalised name (the last: here a harmless copy), while
    # calamine looks up the exact name (then any case): with a leading `/` it read the far cell.
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    far = parts[hostile.SHEET].replace(b"</sheetData>", b'<row r="200000"><c r="A200000"><v>1</v></c></row></sheetData>')  # fmt: skip
    members = [(n, far if n == hostile.SHEET else d) for n, d in parts.items()]
    assert _inspected_code(_with_members(path, members)) == "too-large"
    assert _inspected_code(_with_members(path, [*members, (twin, parts[hostile.SHEET])])) == "unreadable-file"  # fmt: skip


def test_an_ods_with_two_contents_is_unreadable(folder):
    # The guard read the first content.xml, calamine the last.
    path = hostile.ods(folder / "lap.ods", '<table:table table:name="B"></table:table>')
    harmless = hostile.read_zip(path)
    row = f'<table:table-row table:number-rows-repeated="1000000">{hostile.ods_cell("a")}</table:table-row>'
    hostile.ods(path, f'<table:table table:name="B">{row}</table:table>')
    far = hostile.read_zip(path)["content.xml"]
    assert _inspected_code(path.read_bytes()) == "too-large"
    members = [*harmless.items(), ("content.xml", far)]
    assert _inspected_code(_with_members(path, members)) == "unreadable-file"


def test_inflation_beyond_the_declared_size_is_counted(folder, monkeypatch):
    monkeypatch.setattr(package_parts, "MAX_PART_BYTES", 200_000)
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    parts[hostile.SHEET] = parts[hostile.SHEET].replace(b"<sheetData>", b"<sheetData>" + b" " * 300_000)
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "too-large"


@pytest.mark.parametrize("padding", [100_000, 3_000_000])
def test_a_large_workbook_part_is_read_or_refused_the_same_each_time(folder, padding):
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<sheets>", b" " * padding + b"<sheets>", 1)
    assert b" " * padding in parts["xl/workbook.xml"]
    hostile.write_zip(path, parts)
    expected = (None, None) if padding < package_parts.TREE_BELOW else (
        "too-large", "thành phần xl/workbook.xml quá lớn"
    )
    assert refused(path) == refused(path) == expected


# --- text: one huge string, or a long string referenced many times --------------------------


def test_one_huge_shared_string(folder):
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    assert "xl/sharedStrings.xml" not in parts  # openpyxl writes inline strings: add a table
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{hostile.MAIN}"><si><t>{"x" * 40_000}</t></si></sst>'
    ).encode()
    parts[hostile.SHEET] = parts[hostile.SHEET].replace(
        b'<c r="A1" t="inlineStr">', b'<c r="A1" t="s"><v>0</v></c><c r="Z999" t="inlineStr">', 1
    )
    rels = parts["xl/_rels/workbook.xml.rels"].decode().replace(
        "</Relationships>",
        '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "too-large"


def test_long_string_referenced_many_times(folder):
    path = _with_shared_strings(submit(folder, "x.xlsx"), ["y" * 20_000])
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(1, 3001))
    hostile.sheet_with_cells(path, rows)
    code, reason = refused(path)
    assert code == "too-large" and "3000 ô" in (reason or "")


def test_huge_inline_text_is_refused(folder):
    path = hostile.sheet_with_cells(
        submit(folder, "x.xlsx"), f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"z" * 40_000}</t></is></c></row>'
    )
    assert refused(path)[0] == "too-large"


def test_long_unit_name_is_cut_in_messages(folder):
    submit(folder, "x.xlsx", unit="Xã " + "Phước " * 5000)
    report = run(folder)
    bad = [p for p in report.problems if p.code == "unknown-unit"]
    assert bad and len(bad[0].message) < 600 and "…" in bad[0].message


def test_file_size_is_checked_before_reading(folder, monkeypatch):
    path = folder / "to.xlsx"
    with path.open("wb") as handle:
        handle.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: no disk used
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read into memory"))
    assert refused(path) == ("too-large", "tệp nặng 50 MB, giới hạn 50 MB")


def test_a_file_growing_after_its_size_was_taken_is_read_whole_and_bounded(folder, monkeypatch):
    from dean5299_cli.readers import files

    path = submit(folder, "x.xlsx")
    data = path.read_bytes()
    real_stat = Path.stat

    def stale(self: Path, **kw: object) -> os.stat_result:
        st = real_stat(self, **kw)
        return os.stat_result((*st[:6], 100, *st[7:])) if self == path else st

    monkeypatch.setattr(Path, "stat", stale)
    assert files.read_bytes(path) == data
    monkeypatch.setattr(files, "MAX_FILE_BYTES", len(data) - 1)
    assert refused(path)[0] == "too-large"


# --- .xls and .ods -------------------------------------------------------------------------


def test_small_xls_touching_iv65536_is_refused_before_any_grid_is_built(folder, monkeypatch):
    """Refused by the guard's look at the records, not after calamine has built four grids of
    16 million cells (which took seconds and gigabytes): the grid builder is never reached."""
    from dean5299_cli.readers import workbook

    def no_grid(*_args: object) -> None:
        raise AssertionError("the grids were built")

    monkeypatch.setattr(workbook, "_calamine_grids", no_grid)
    sheets = [[hostile.number(0, 0), hostile.number(65535, 255)] for _ in range(4)]
    path = folder / "bom.xls"
    path.write_bytes(hostile.cfb(hostile.biff_workbook(sheets)))
    assert path.stat().st_size < 12_000
    assert refused(path)[0] == "too-large"


def test_xls_dimension_and_mulblank(folder):
    path = folder / "dim.xls"
    path.write_bytes(hostile.cfb(hostile.biff_workbook([[hostile.dimensions(65536, 256)]])))
    assert refused(path)[0] == "too-large"


def test_xls_error_result_is_seen():
    data = hostile.cfb(hostile.biff_workbook([[hostile.number(0, 0, 5), hostile.formula_error(1, 2, 0x2A)]]))
    facts = inspect(data)
    assert facts.kind == "xls" and facts.sheets["Sheet1"].errors == {"C2": "#N/A"}


def test_xls_broken_chains_are_unreadable(folder):
    data = bytearray(hostile.cfb(hostile.biff_workbook([[hostile.number(0, 0)]])))
    data[512 + 8 : 512 + 12] = (2).to_bytes(4, "little")  # the stream's chain loops on itself
    path = folder / "vong.xls"
    path.write_bytes(bytes(data))
    assert refused(path)[0] == "unreadable-file"


def test_ods_repeated_rows_with_content_are_refused(folder):
    row = f'<table:table-row table:number-rows-repeated="1000000">{hostile.ods_cell("a")}</table:table-row>'
    path = hostile.ods(folder / "lap.ods", f'<table:table table:name="B">{row}</table:table>')
    assert refused(path)[0] == "too-large"


def test_ods_empty_repeated_rows_are_fine_and_errors_are_seen(folder):
    cells = (
        hostile.ods_cell("Mã")
        + '<table:table-cell table:formula="of:=1/0" office:value-type="string" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
    )
    tables = (
        f'<table:table table:name="B"><table:table-row>{cells}</table:table-row>'
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row></table:table>'
    )
    path = hostile.ods(folder / "ok.ods", tables)
    facts = inspect(path.read_bytes())
    assert facts.sheets["B"].errors == {"B1": "#DIV/0!"}


# --- native panics and crashed workers -------------------------------------------------------


def test_calamine_panic_is_an_unreadable_file(folder, monkeypatch):
    import python_calamine

    class PanicException(BaseException):
        pass

    def boom(*_a, **_k):
        raise PanicException("index out of bounds")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", boom)
    path = submit(folder, "x.xlsx")
    assert refused(path)[0] == "unreadable-file"


def test_a_crashing_worker_costs_only_its_file(folder, monkeypatch):
    from dean5299_cli.readers import pool

    for i in range(50):
        submit(folder, f"f{i:02}.xlsx")
    real = pool.read_file

    def crash_on_one(path: Path, rel: str, reading=PLAIN):
        if rel == "f07.xlsx":
            os._exit(3)  # what a native abort looks like from outside
        return real(path, rel, reading)

    monkeypatch.setattr(pool, "read_file", crash_on_one)
    report = run(folder, jobs=2)
    assert codes_of(report, "f07.xlsx") == ["unreadable-file"]
    crashed = next(p for p in report.problems if p.file == "f07.xlsx")
    assert "làm hỏng trình đọc hoặc đọc quá 10 giây (tệp hỏng, quá lớn" in crashed.message
    copies = {p.file for p in report.problems if p.code == "identical-duplicate"}
    assert len(report.current) == 1 and len(copies) == 48  # every other file was read


# --- figures that must not change silently ---------------------------------------------------


def test_formula_error_is_not_a_blank(folder):
    path = submit(folder, "x.xlsx")
    hostile.set_cell_xml(path, "E15", '<c t="e" r="E15"><f>1/0</f><v>#DIV/0!</v></c>')
    report = run(folder)
    hits = [p for p in report.problems if p.code == "formula-error"]
    assert len(hits) == 1 and hits[0].cell == "E15" and hits[0].severity is Severity.ERROR
    assert "#DIV/0!" in hits[0].message and "ct5" in hits[0].message
    assert not report.current and "blank-value" not in codes_of(report, "x.xlsx")


def test_formula_without_value_any_attribute_order(folder):
    path = submit(folder, "x.xlsx")
    hostile.set_cell_xml(path, "E15", "<c s='0' r='E15'><f>E9+E10</f></c>")
    report = run(folder)
    assert [p.cell for p in report.problems if p.code == "formula-without-value"] == ["E15"]


def _padded_sheet(path: Path) -> None:
    """Sheet1 made larger than `TREE_BELOW` (a comment), so that it is streamed."""
    parts = hostile.read_zip(path)
    padding = b"<!--" + b" " * (package_parts.TREE_BELOW + 1000) + b"-->"
    parts[hostile.SHEET] = parts[hostile.SHEET].replace(b"<sheetData>", padding + b"<sheetData>", 1)
    hostile.write_zip(path, parts)


@pytest.mark.parametrize(
    ("xml", "code"),
    [
        ('<c r="E015" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "formula-error"),
        ('<c r="E015"><f>E9+E10</f></c>', "formula-without-value"),  # the plain spelling
        ('<c r="e0015"><f>E9+E10</f><v></v></c>', "formula-without-value"),
    ],
)
@pytest.mark.parametrize("streamed", [False, True])
def test_a_reference_with_leading_zeros_keeps_its_error(folder, xml, code, streamed):
    """`E015` is E15 to the values reader: what the guard saw there must be found under E15, not
    lost under another spelling and the blank cell read as 0."""
    path = submit(folder, "x.xlsx")
    hostile.set_cell_xml(path, "E15", xml)
    if streamed:
        _padded_sheet(path)
    report = run(folder)
    hits = [p for p in report.problems if p.code == code]
    assert [(p.cell, p.field, p.severity) for p in hits] == [("E15", "ct5", Severity.ERROR)]
    assert not report.current and "blank-value" not in codes_of(report, "x.xlsx")


@pytest.mark.parametrize("spelt", ["Báo\tcáo", "Báo\r\ncáo", "Báo&#10;cáo"])
def test_a_sheet_name_the_two_readers_read_differently_is_unreadable(folder, spelt):
    """A tab or line break in a sheet's name: XML turns a literal one into a space, calamine keeps
    it; the guard's findings (here an error result) would not be found under calamine's name and
    the cell would be read as a blank 0. The file is refused, naming the cause."""
    path = submit(folder, "x.xlsx")
    hostile.set_cell_xml(path, "E15", '<c r="E15" t="e"><f>1/0</f><v>#DIV/0!</v></c>')
    parts = hostile.read_zip(path)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        'name="Báo cáo"'.encode(), f'name="{spelt}"'.encode(), 1
    )
    hostile.write_zip(path, parts)
    report = run(folder)
    if "formula-error" in codes_of(report, "x.xlsx"):  # both read it alike: the error is seen
        assert not report.current
        return
    assert codes_of(report, "x.xlsx") == ["unreadable-file"] and not report.current
    assert "tên các trang tính" in report.problems[0].message


def test_two_sheets_of_one_name_are_unreadable(folder):
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    parts["xl/worksheets/sheet2.xml"] = parts[hostile.SHEET]
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>",
        b'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
        + ' name="Báo cáo" sheetId="2" r:id="rId9"/></sheets>'.encode(),
    )
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rId9" Target="/xl/worksheets/sheet2.xml" Type="http://schemas.'
        b'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>',
    )
    hostile.write_zip(path, parts)
    report = run(folder)
    assert codes_of(report, "x.xlsx") == ["unreadable-file"] and not report.current


@pytest.mark.parametrize("index", [" 1", "1 ", "-1", "+1", "1.0", "0x1", "", "18446744073709551617"])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_shared_string_index_spelt_otherwise_is_unreadable(folder, index, streamed):
    """calamine reads an index it cannot parse as entry 0: another text, or a blank counted 0."""
    path = _with_shared_strings(submit(folder, "x.xlsx"), ["669", "1206"])
    hostile.set_cell_xml(path, "E15", '<c r="E15" t="s"><v>1</v></c>')
    good = run(folder)  # the plain spelling: entry 1
    assert good.current and good.current[0].values["ct5"] == 1206
    hostile.set_cell_xml(path, "E15", f'<c r="E15" t="s"><v>{index}</v></c>')
    if streamed:
        _padded_sheet(path)
    report = run(folder)  # never entry 0's 669
    assert codes_of(report, "x.xlsx") == ["unreadable-file"] and not report.current


def _with_shared_strings(path: Path, texts: list[str]) -> Path:
    """A shared-strings table holding `texts`, beside the form's inline strings."""
    parts = hostile.read_zip(path)
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    parts["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{hostile.MAIN}" count="{len(texts)}" uniqueCount="{len(texts)}">{items}</sst>'
    ).encode()
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml" Id="rId99"/></Relationships>',
    )
    types = "[Content_Types].xml"
    parts[types] = parts[types].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    return hostile.write_zip(path, parts)


def test_read_count_limits():
    assert read_count(RawValue(10**9, "E9"), "x").value == 10**9
    big = read_count(RawValue(float(10**9 + 1), "E9"), "x")
    assert big.value is None and big.findings[0].code == "implausible-value"
    for typed, shown in ((1e30, "1" + ".000" * 10), (1.5e16, "15" + ".000" * 5)):
        huge = read_count(RawValue(typed, "E9"), "x")  # the digits typed, not the float's tail
        assert huge.value is None and huge.findings[0].params["value"] == shown
    err = read_count(RawValue("", "E9", error="#REF!"), "x")
    assert err.value is None and err.findings[0].params == {"label": "x", "error": "#REF!"}


_CT = "Số hồ sơ dịch vụ công trực tuyến (ct3)"
_WHOLE = "Hãy nhập số nguyên."


@pytest.mark.parametrize(
    ("typed", "value", "said"),
    [
        # Vietnamese grouping: read as typed, silently; English grouping: read, and said.
        ("2.500", 2500, []),
        (
            "2,500",
            2500,
            [
                f'Giá trị "2,500" của {_CT} được nhập dạng chữ; đã đọc là 2.500. '
                "Kiểm tra lại nếu không đúng."
            ],
        ),
        ("1.234.567", 1234567, []),
        ("1,234,567", 1234567, []),
        # A decimal: refused, with the count it may have been typed short for.
        ("1,5", None, [f"Giá trị 1,5 của {_CT} không phải số nguyên (nếu ý là 1.500 thì nhập 1500). {_WHOLE}"]),
        ("1.5", None, [f"Giá trị 1.5 của {_CT} không phải số nguyên (nếu ý là 1.500 thì nhập 1500). {_WHOLE}"]),
        # A first group of zeros is a decimal mark, never thousands (it was read as 500, "0,500"
        # said only as "đã đọc là 500", "0.500" not at all): refused as written, no hint of 500.
        ("0,500", None, [f"Giá trị 0,500 của {_CT} không phải số nguyên. {_WHOLE}"]),
        ("0.500", None, [f"Giá trị 0.500 của {_CT} không phải số nguyên. {_WHOLE}"]),
        ("00,5", None, [f"Giá trị 00,5 của {_CT} không phải số nguyên. {_WHOLE}"]),
        ("0,5", None, [f"Giá trị 0,5 của {_CT} không phải số nguyên. {_WHOLE}"]),
        ("0.500.000", None, [f'Giá trị "0.500.000" của {_CT} không phải là số. {_WHOLE}']),
        ("0,000", 0, []),  # nought either way
    ],
)
def test_text_numbers_in_a_count_cell(typed, value, said):
    from dean5299_cli.core.problems import problem

    read = read_count(RawValue(typed, "E13"), _CT)
    assert read.value == value
    assert [problem(f.code, "x.xlsx", **f.params).message for f in read.findings] == said


def test_merged_value_cell_is_read_from_its_top_left(folder):
    import openpyxl

    path = submit(folder, "x.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    value = ws["E15"].value
    ws["E15"] = None
    ws["D15"] = value
    ws.merge_cells("D15:F15")
    wb.save(path)
    report = run(folder)
    assert report.current and report.current[0].values["ct5"] == value
    assert report.current[0].cells["ct5"] == "D15"


@pytest.mark.parametrize("second", [2114, "2.114", 999, "999"])
def test_two_figures_under_a_merged_value_header_are_an_error_not_the_first(folder, second):
    """`Số liệu` merged over two columns, a figure in each: taking the first was a silent
    choice (999 counted, 2.114 beside it). The same number twice is one figure."""
    import openpyxl

    path = submit(folder, "x.xlsx", layout=Layout(value_shift=True))
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    (row,) = [r for r in range(1, 40) if ws.cell(r, 3).value == "ct5"]
    assert ws.cell(r := row, 6).value == 500 and ws.cell(r, 5).value is None  # F holds figures
    ws.cell(r, 5).value, ws.cell(r, 6).value = 999, second
    wb.save(path)
    report = run(folder)
    found = [p for p in report.problems if p.code == "two-values"]
    if second in (999, "999"):
        assert not found and report.current[0].values["ct5"] == 999
        return
    (two,) = found
    assert (two.cell, two.severity, two.unit) == (f"E{r}", Severity.ERROR, "Xã Phước Sơn")
    assert two.message == (
        f'Dòng mã "ct5" có hai số khác nhau trong cột Số liệu (ô E{r}: 999; ô F{r}: '
        f"{'2.114' if second == 2114 else second}): không biết lấy số nào. Hãy để lại một số "
        "rồi gửi lại."
    )
    assert not report.current  # left out, neither figure counted


def test_more_than_two_figures_in_a_row_are_counted_and_the_first_few_named(folder):
    """Was: 'có hai số khác nhau (ô E: 999; ô F: 2.114)' for a row holding three (the value
    span is at most three columns: each is named)."""
    import openpyxl

    path = submit(folder, "x.xlsx", layout=Layout(value_shift=True))
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.unmerge_cells("E8:F8")
    ws["G8"] = None  # `Ghi chú` moved out: the header `Số liệu` spans E..G
    ws.merge_cells("E8:G8")
    ws["H8"] = "Ghi chú"
    (r,) = [r for r in range(1, 40) if ws.cell(r, 3).value == "ct5"]
    for col, value in zip("EFG", (999, 2114, 3000), strict=True):
        ws[f"{col}{r}"] = value
    wb.save(path)
    report = run(folder)
    (many,) = [p for p in report.problems if p.code == "two-values"]
    assert many.cell == f"E{r}"
    assert many.message == (
        f'Dòng mã "ct5" có 3 số khác nhau trong cột Số liệu (ô E{r}: 999; ô F{r}: 2.114; '
        f"ô G{r}: 3.000): không biết lấy số nào. Hãy để lại một số rồi gửi lại."
    )
    assert brief(many) == "3 số 999, 2.114, 3.000"
    assert not report.current


@pytest.mark.parametrize(("merged", "hidden"), [("E15:F15", "F15"), ("E14:E15", "E15")])
def test_a_value_hidden_under_a_merge_is_not_read(folder, merged, hidden):
    """Excel shows a merge's top-left cell over the others: a figure left in a hidden cell is
    one nobody sees, and a merge coming down from ct4's row must not give ct5 ct4's figure."""
    import openpyxl

    path = submit(folder, "x.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws["E14"].value is not None and ws["E15"].value is not None  # ct4_mau, ct5
    if merged == "E15:F15":
        ws["E15"] = None
    ws[hidden] = 669
    wb.save(path)
    parts = hostile.read_zip(path)  # merged afterwards: openpyxl empties the cells it merges
    merge = f'<mergeCells count="1"><mergeCell ref="{merged}"/></mergeCells>'
    parts[hostile.SHEET] = parts[hostile.SHEET].replace(
        b"</sheetData>", b"</sheetData>" + merge.encode()
    )
    hostile.write_zip(path, parts)
    report = run(folder)
    assert report.current and report.current[0].values["ct5"] == 0
    blank = [p for p in report.problems if p.code == "blank-value" and p.field == "ct5"]
    assert [p.cell for p in blank] == ["E15"]


# --- the folder ----------------------------------------------------------------------------


def test_unreadable_subfolder_is_an_error(folder, monkeypatch):
    submit(folder, "a/x.xlsx")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("/a"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(InputError, match="không có quyền đọc"):
        list_folder(folder)


@pytest.mark.skipif(os.name == "nt", reason="FIFOs and symlinks: POSIX")
def test_special_entries_are_skipped_with_a_reason(folder):
    submit(folder, "ok.xlsx")
    os.mkfifo(folder / "ong.xlsx")
    (folder / "mat.xlsx").symlink_to(folder / "khong-co.xlsx")
    (folder / "thu-muc.xlsx").mkdir()
    (folder / "vong").symlink_to(folder, target_is_directory=True)
    deep = folder
    for i in range(40):
        deep = deep / f"d{i}"
    deep.mkdir(parents=True)
    items, skipped = list_folder(folder)
    reasons = dict(skipped)
    assert [rel for _, rel in items] == ["ok.xlsx"]
    assert reasons["ong.xlsx"] == "không phải tệp thường (ống dẫn FIFO)"
    assert reasons["mat.xlsx"] == "liên kết tới tệp không còn tồn tại"
    assert reasons["thu-muc.xlsx"] == "là thư mục, không phải tệp bảng tính"
    assert any("lồng quá" in r for r in reasons.values())


@pytest.mark.skipif(os.name == "nt", reason="byte file names: POSIX")
def test_non_utf8_file_name_keeps_json_valid(folder, cli):
    good = submit(folder, "ok.xlsx")
    os.rename(good, os.path.join(os.fsencode(folder), b"b\xe1o-c\xe1o.xlsx"))
    result = cli("validate", "--json", cwd=folder.parent)
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.stdout)
    assert any(f["file"] == "b\ufffdo-c\ufffdo.xlsx" for f in data["files"])


def test_tool_output_is_skipped(folder):
    path = submit(folder, "tong-hop.xlsx")
    parts = hostile.read_zip(path)
    parts["docProps/custom.xml"] = (
        b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">'
        b'<property name="dean5299-output" pid="2"><vt:lpwstr xmlns:vt="x">1</vt:lpwstr></property></Properties>'
    )
    hostile.write_zip(path, parts)
    report = run(folder)
    hits = [p for p in report.problems if p.file == "tong-hop.xlsx"]
    assert [(p.code, p.message) for p in hits] == [("skipped-file", "Bỏ qua: tệp do dean5299 tạo.")]


def _pool_of_48(folder: Path, monkeypatch, act) -> None:
    """48 submissions (read by the pool's workers), whose reader runs `act` before reading
    f30.xlsx, with a small file's time bound of 1 s."""
    from dean5299_cli.readers import pool
    from tests.readers.isolation import act_up

    for i in range(48):
        submit(folder, f"f{i:02}.xlsx")
    act_up(monkeypatch, pool, "f30.xlsx", act)
    monkeypatch.setattr(pool, "SECONDS_PER_FILE", 1)


@pytest.mark.skipif(os.name == "nt", reason="SIGALRM: POSIX")
def test_a_hanging_file_is_stopped_and_only_it_is_lost(folder, monkeypatch):
    _pool_of_48(folder, monkeypatch, lambda: time.sleep(60))
    start = time.perf_counter()
    report = run(folder, jobs=2)
    assert time.perf_counter() - start < 10
    assert codes_of(report, "f30.xlsx") == ["unreadable-file"]
    assert len(report.current) == 1


@pytest.mark.skipif(os.name == "nt", reason="SIGALRM: POSIX")
def test_a_large_file_slower_than_a_small_ones_bound_is_read(folder, monkeypatch):
    """The pool's workers give a file time by its weight: a good 1 MB workbook that takes
    longer than a small file's bound is read, not lost."""
    from tests.readers.isolation import weigh

    _pool_of_48(folder, monkeypatch, lambda: time.sleep(2))
    weigh(folder / "f30.xlsx", 1)
    report = run(folder, jobs=2)
    assert "unreadable-file" not in codes_of(report, "f30.xlsx")
    assert not [p for p in report.problems if p.code == "unreadable-file"]


def test_report_refuses_an_unreadable_folder(folder, cli, monkeypatch):
    submit(folder, "x.xlsx")
    real = os.scandir

    def scandir(path):
        if Path(path).name == "bao-cao":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for command in (["validate", "--json"], ["report", "-o", "bc.docx"]):
        result = cli(*command, cwd=folder.parent)
        assert result.exit_code == 1, result.output
        assert "Không đọc được thư mục" in result.output and "không có quyền đọc" in result.output
    assert not (folder.parent / "bc.docx").exists()


@pytest.mark.skipif(os.name == "nt", reason="RLIMIT_AS: POSIX")
def test_worker_memory_is_bounded(folder, monkeypatch):
    from dean5299_cli.readers import pool

    for i in range(48):
        submit(folder, f"f{i:02}.xlsx")
    real = pool.read_file

    def greedy(path: Path, rel: str, reading=PLAIN):
        if rel == "f11.xlsx":
            bytearray(4 * pool.WORKER_MEMORY)  # refused by the worker's address-space limit
        return real(path, rel, reading)

    monkeypatch.setattr(pool, "read_file", greedy)
    report = run(folder, jobs=2)
    assert codes_of(report, "f11.xlsx") == ["unreadable-file"]
    assert len(report.current) == 1 and len(report.files) == 48


def test_ods_formula_error_is_an_error_naming_the_cell(folder):
    from tests.paths import FIXTURES

    parts = hostile.read_zip(FIXTURES / "phuoc-son-q4.ods")
    text = parts["content.xml"].decode()
    value = (
        '<table:table-cell office:value-type="float" office:value="500" '
        'calcext:value-type="float"><text:p>500</text:p></table:table-cell>'
    )
    assert text.count(value) == 1
    parts["content.xml"] = text.replace(
        value,
        '<table:table-cell table:formula="of:=[.E9]/0" office:value-type="float" office:value="0" '
        'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>',
    ).encode()
    with zipfile.ZipFile(folder / "loi.ods", "w") as z:
        z.writestr("mimetype", parts.pop("mimetype"))  # stored first, as the format asks
        for name, data in parts.items():
            z.writestr(name, data, zipfile.ZIP_DEFLATED)
    report = run(folder)
    hits = [p for p in report.problems if p.code == "formula-error"]
    assert [(p.cell, p.field) for p in hits] == [("F15", "ct5")] and "#DIV/0!" in hits[0].message
    assert not report.current


def test_native_noise_is_kept_off_the_console(capfd):
    from dean5299_cli.readers.workbook import _QuietNative

    with _QuietNative():
        os.write(2, b"thread panicked at cfb.rs\n")  # what a Rust panic prints
    os.write(2, b"sau\n")
    assert capfd.readouterr().err == "sau\n"


def test_every_reader_sees_a_merge_as_excel_shows_it(tmp_path):
    """Cells a merge hides are blank in the grid every reader works from (forms, exports,
    summaries read one level up); the top-left keeps its value. A merge claiming a million rows
    costs no more than the grid."""
    import openpyxl

    from dean5299_cli.readers.workbook import read_grids

    path = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, row in enumerate([[1, 2, 3], [4, 5, 6], [7, 8, 9]], start=1):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    wb.save(path)
    parts = hostile.read_zip(path)
    merges = '<mergeCells count="2"><mergeCell ref="A1:B2"/><mergeCell ref="C3:C1048576"/></mergeCells>'
    parts[hostile.SHEET] = parts[hostile.SHEET].replace(b"</sheetData>", b"</sheetData>" + merges.encode())
    hostile.write_zip(path, parts)
    [grid], _ = read_grids(path.read_bytes())
    assert [row[:3] for row in grid.rows] == [[1, None, 3], [None, None, 6], [7, 8, 9]]


@pytest.mark.parametrize("named", ["another part", "none", "another part only"])
def test_shared_strings_calamine_would_take_from_another_part_are_refused(folder, named):
    """calamine reads `xl/sharedStrings.xml` whatever the relationships say; Excel and LibreOffice
    read the part they name (another part: 450 where calamine read 669), or none (blank); with
    only the other part, calamine reads every shared string blank."""
    path = _with_shared_strings(submit(folder, "x.xlsx"), ["669"])
    parts = hostile.read_zip(path)
    rels = "xl/_rels/workbook.xml.rels"
    if named.startswith("another part"):
        parts["xl/strings.xml"] = parts["xl/sharedStrings.xml"].replace(b"669", b"450")
        parts[rels] = parts[rels].replace(b'Target="sharedStrings.xml"', b'Target="strings.xml"')
        if named == "another part only":
            del parts["xl/sharedStrings.xml"]
    else:
        parts[rels] = re.sub(rb"<Relationship[^>]*sharedStrings[^>]*/>", b"", parts[rels])
    parts[hostile.SHEET] = parts[hostile.SHEET].replace(
        b'<c r="A1" t="inlineStr">', b'<c r="A1" t="s"><v>0</v></c><c r="Z999" t="inlineStr">', 1
    )
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize(
    "name", ["xl/worksheets/x/../sheet2.xml", "xl//worksheets/sheet2.xml", "xl/./sheet2.xml"]
)
def test_a_part_name_with_odd_steps_is_refused(folder, name):
    """calamine takes such a name as it is, LibreOffice resolves it: two readers, two parts."""
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    parts[name] = parts[hostile.SHEET]
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "unreadable-file"


def test_two_relationships_of_one_id_are_refused(folder):
    """LibreOffice follows the first of two relationships with one id, the guard took the last."""
    path = submit(folder, "x.xlsx")
    parts = hostile.read_zip(path)
    rels = "xl/_rels/workbook.xml.rels"
    parts["xl/worksheets/sheet2.xml"] = parts[hostile.SHEET]
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="/xl/worksheets/sheet2.xml" Id="rId1"/></Relationships>',
    )
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "unreadable-file"


def _with_shared_items(path: Path, items: str, index: int, *, streamed: bool = False) -> Path:
    """Shared strings whose items are spelt `items` (raw XML), cell E15 showing entry `index`;
    streamed: the part padded beyond the size parsed whole."""
    _with_shared_strings(path, ["0"])
    padding = "<si><t>x</t></si>" * (package_parts.TREE_BELOW // 17 + 100) if streamed else ""
    parts = hostile.read_zip(path)
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{hostile.MAIN}">{items}{padding}</sst>'
    ).encode()
    hostile.write_zip(path, parts)
    return hostile.set_cell_xml(path, "E15", f'<c r="E15" t="s"><v>{index}</v></c>')


# (items, index of E15): what calamine reads, then what LibreOffice shows
_SHARED_SHAPES_APART = {
    "empty phonetic run in a phonetic run": ("<si><rPh><rPh/><t>9</t></rPh><t>450</t></si>", 0),  # 9450, 450
    "text in run properties": ("<si><r><rPr><t>9</t></rPr><t>450</t></r></si>", 0),  # 9450, 450
    "text in an unknown element": ("<si><foo><t>9</t></foo><t>450</t></si>", 0),  # 9450, 450
    "item in extLst": ("<si><t>1</t></si><extLst><si><t>9</t></si></extLst><si><t>2</t></si>", 1),  # 9, 2
    "item in an unknown element": ("<si><t>1</t></si><foo><si><t>9</t></si></foo><si><t>2</t></si>", 1),  # 9, 2
    "element in a text": ("<si><t>4<b>9</b>50</t></si>", 0),  # 4950, 50
    "item in an item": ("<si><t>4</t><si><t>5</t></si><t>0</t></si><si><t>2</t></si>", 0),  # 45, 40
    "text of another namespace": ('<si><x:t xmlns:x="urn:x">9</x:t><t>450</t></si>', 0),  # 9450, 450
    "runs trimmed": ("<si><r><t>4</t></r><r><t> 50</t></r></si>", 0),  # 450, 4 50
    "kept as spelt otherwise": ('<si><r><t>4</t></r><r><t xml:space="&#112;reserve"> 50</t></r></si>', 0),  # 450, 4 50
    "visible escape": ("<si><t>_x0034_50</t></si>", 0),  # 450, _x0034_50
    "text after runs": ("<si><r><t>45</t></r><t>0</t></si>", 0),  # 450 (openpyxl: 045)
    "escape spelt by a reference": ("<si><t>_x&#48;034_50</t></si>", 0),  # 450, _x0034_50
    "escape's underscore a reference": ("<si><t>&#95;x0034_50</t></si>", 0),  # 450, _x0034_50
    "escape with a sign": ("<si><t>_x00+9_1206</t></si>", 0),  # tab 1206 (read 1206), _x00+9_1206
    "escape with a referenced sign": ("<si><t>_x00&#43;9_1206</t></si>", 0),  # the same
}  # fmt: skip


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("shape", sorted(_SHARED_SHAPES_APART))
def test_shared_strings_outside_the_shape_both_readers_join_alike_are_refused(folder, shape, streamed):
    """calamine takes a `t` at any depth of an `si` and an `si` at any depth of the part, trims
    each run and decodes `_x0034_`; LibreOffice reads the standard places only (helper's pass)."""
    items, index = _SHARED_SHAPES_APART[shape]
    path = _with_shared_items(submit(folder, "x.xlsx"), items, index, streamed=streamed)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    "items",
    [
        # rich text as Excel writes it: runs with properties, a run's white space kept
        '<si><r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/>'
        '<scheme val="minor"/></rPr><t>1</t></r><r><rPr><sz val="11"/><color rgb="FFFF0000"/>'
        '<rFont val="Calibri"/><family val="2"/><charset val="163"/><scheme val="minor"/></rPr>'
        '<t xml:space="preserve">206 </t></r></si>',
        # a phonetic reading as Excel writes it, after the text
        '<si><t>1206</t><rPh sb="0" eb="4"><t>いちにぜろろく</t></rPh>'
        '<phoneticPr fontId="1" type="noConversion"/></si>',
        "<si><t>1206_x000D_</t></si>",  # Excel's escape of a carriage return
        "<si><t>12</t><r><t>06</t></r></si>",  # a text, then runs
    ],
)
def test_shared_strings_in_the_shapes_writers_use_are_read(folder, items, streamed):
    path = _with_shared_items(submit(folder, "x.xlsx"), items, 0, streamed=streamed)
    assert refused(path)[0] is None
    report = run(folder)
    assert report.current and report.current[0].values["ct5"] == 1206


# Shared strings as written by LibreOffice 7.4 (a rich text, white space, a line break) and Excel
_WRITTEN_SST = [
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="' + hostile.MAIN.encode()
    + b'" count="4" uniqueCount="4"><si><t xml:space="preserve">T\xe1\xbb\x95ng s\xe1\xbb\x91</t></si>'
    b'<si><r><rPr><sz val="11"/><color rgb="FF000000"/><rFont val="Calibri"/><family val="2"/>'
    b'<charset val="1"/></rPr><t xml:space="preserve">Chi </t></r><r><rPr><b val="true"/>'
    b'<sz val="11"/><rFont val="Cambria"/><family val="0"/><charset val="1"/></rPr>'
    b'<t xml:space="preserve">1</t></r></si><si><t xml:space="preserve">  l\xe1\xbb\x81  </t></si>'
    b'<si><t xml:space="preserve">a&#10;b</t></si></sst>',
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<sst xmlns="' + hostile.MAIN.encode()
    + b'" count="3" uniqueCount="2"><si><t>Ch\xe1\xbb\x89 ti\xc3\xaau</t></si><si><r><rPr><b/>'
    b'<sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/><scheme val="minor"/>'
    b'</rPr><t>Chi</t></r><r><rPr><sz val="11"/><color theme="1"/><rFont val="Calibri"/>'
    b'<family val="2"/><scheme val="minor"/></rPr><t xml:space="preserve"> \xc4\x91o\xc3\xa0n</t></r>'
    b"</si></sst>",
]  # fmt: skip


@pytest.mark.parametrize(
    "items",
    [
        "<si><t>&#11;1206</t></si>",  # calamine: 1206 (a vertical tab trimmed), LibreOffice: blank
        '<si><r><rPr><b val="1" val="0"/></rPr><t>1206</t></r></si>',  # an attribute twice
        "<si><t>1206</t></si><si><t>\uffff</t></si>",  # a character XML does not allow
    ],
)
def test_shared_strings_calamine_reads_though_not_well_formed_are_refused(folder, items):
    """The plain spelling is no proof of well-formedness: LibreOffice and openpyxl cannot parse
    such a part (every shared string blank to LibreOffice), calamine reads on (helper's pass)."""
    path = _with_shared_items(submit(folder, "x.xlsx"), items, 0)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize("whole", _WRITTEN_SST)
def test_shared_strings_as_writers_spell_them_take_the_plain_path(whole):
    """One regular expression over the part, no parse: the common case stays cheap."""
    from dean5299_cli.readers.richtext import check_shared_strings, plain_shared_strings

    assert plain_shared_strings(whole)
    check_shared_strings(iter((whole,)))  # and the full check agrees


@pytest.mark.parametrize("value", ["669", "1.5", "669-01-01", "2023-01-05x", ""])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_date_cell_holding_no_date_is_unreadable(folder, value, streamed):
    """calamine reads `<c t="d"><v>669</v></c>` as the text 669, the tool as the figure 669;
    openpyxl refuses the file and Excel repairs it (helper's hostile pass)."""
    path = hostile.set_cell_xml(submit(folder, "x.xlsx"), "E15", f'<c r="E15" t="d"><v>{value}</v></c>')
    if streamed:
        _padded_sheet(path)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize("value", ["2023-01-05", "2023-01-05T07:30:00", "07:30:00", "2023-01-05T07:30:00Z"])
@pytest.mark.parametrize("streamed", [False, True])
def test_a_date_cell_holding_a_date_is_a_date_not_a_figure(folder, value, streamed):
    path = hostile.set_cell_xml(submit(folder, "x.xlsx"), "E15", f'<c r="E15" t="d"><v>{value}</v></c>')
    if streamed:
        _padded_sheet(path)
    assert refused(path)[0] is None
    report = run(folder)
    assert [p.cell for p in report.problems if p.code == "not-a-number"] == ["E15"]


def _ods_with(folder: Path, cell: str) -> Path:
    row = hostile.ods_cell("Mã") + cell
    return hostile.ods(folder / "x.ods", f'<table:table table:name="B"><table:table-row>{row}</table:table-row></table:table>')


@pytest.mark.parametrize(
    "cell",
    [
        # calamine drops CDATA: 40, where LibreOffice shows 450
        '<table:table-cell office:value-type="string"><text:p>4<![CDATA[5]]>0</text:p></table:table-cell>',
        # text without a value type: calamine reads a blank, LibreOffice shows 669
        "<table:table-cell><text:p>669</text:p></table:table-cell>",
        "<table:table-cell><text:p><text:span>669</text:span></text:p></table:table-cell>",
    ],
)
def test_ods_text_calamine_reads_otherwise_is_unreadable(folder, cell):
    assert refused(_ods_with(folder, cell))[0] == "unreadable-file"


@pytest.mark.parametrize(
    "cell",
    [
        # a comment on an empty cell: its text is in the annotation, shown by neither as the value
        "<table:table-cell><office:annotation><text:p>669</text:p></office:annotation></table:table-cell>",
        '<table:table-cell office:value-type="string"><text:p>4<text:s/>50</text:p></table:table-cell>',
        '<table:table-cell office:value-type="float" office:value="669"><text:p>669</text:p></table:table-cell>',
        "<table:table-cell><text:p> </text:p></table:table-cell>",
    ],
)
def test_ods_cells_as_writers_spell_them_are_read(folder, cell):
    inspect(_ods_with(folder, cell).read_bytes())  # not refused


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    "inline",
    [
        "<rPh><rPh/><t>9</t></rPh><t>450</t>",  # calamine 9450, LibreOffice 450
        "<r><rPr><t>9</t></rPr><t>450</t></r>",  # 9450, 450
        "<foo><t>9</t></foo><t>450</t>",  # 9450, 450
        "<r><t>4</t></r><r><t> 50</t></r>",  # 450, 4 50
        "<t>4<b>9</b>50</t>",  # 4950, 50
        "<t>_x0034_50</t>",  # 450, _x0034_50
        "<t>_x&#48;034_50</t>",  # the same escape spelt by a reference: 450, _x0034_50
        '<t xml:space="preserve">&#95;x0034_50</t>',  # 450, _x0034_50
        "<t>_x00+9_1206</t>",  # Rust reads `+9` as hex: tab 1206 (the tool 1206), _x00+9_1206
    ],
)
def test_inline_text_outside_the_shape_both_readers_join_alike_is_unreadable(folder, inline, streamed):
    """An inline string is read by calamine as a shared string is (helper's hostile pass)."""
    path = hostile.set_cell_xml(submit(folder, "x.xlsx"), "E15", f'<c r="E15" t="inlineStr"><is>{inline}</is></c>')
    if streamed:
        _padded_sheet(path)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    "cell",
    [
        '<c r="E15" xmlns="urn:x"><v>1206</v></c>',  # calamine 1206, LibreOffice and openpyxl blank
        '<c r="E15" xmlns=""><v>1206</v></c>',
        '<x:c xmlns:x="urn:x" r="E15"><x:v>1206</x:v></x:c>',
        '<c r="E15" t="inlineStr"><is xmlns="urn:x"><t>1206</t></is></c>',
        '<c r="E15" t="inlineStr"><is><t xmlns="">1206</t></is></c>',
    ],
)
def test_a_cell_outside_the_main_namespace_is_unreadable(folder, cell, streamed):
    """calamine reads cells, values and text by local name in any namespace; LibreOffice and
    openpyxl skip them: a figure the unit never saw (helper h4)."""
    path = hostile.set_cell_xml(submit(folder, "x.xlsx"), "E15", cell)
    if streamed:
        _padded_sheet(path)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        ('<p:sheetData xmlns:p="urn:x">', "</p:sheetData>"),  # another namespace
        ("<foo><sheetData>", "</sheetData></foo>"),  # inside an unknown element
        ('<sheetData xmlns="urn:x">', "</sheetData>"),
    ],
)
def test_sheet_data_where_libreoffice_does_not_read_it_is_unreadable(folder, start, end, streamed):
    """LibreOffice shows such a sheet empty, calamine reads its cells (helper h4)."""
    path = submit(folder, "x.xlsx")
    if streamed:
        _padded_sheet(path)
    parts = hostile.read_zip(path)
    parts[hostile.SHEET] = (
        parts[hostile.SHEET]
        .replace(b"<sheetData>", start.encode())
        .replace(b"</sheetData>", end.encode())
    )
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("root", ["worksheet", "foo"])
def test_a_sheet_whose_root_libreoffice_does_not_read_is_unreadable(folder, root, streamed):
    """A root `foo`, or a `worksheet` of no namespace with a main `sheetData`: LibreOffice shows
    the sheet empty, calamine reads its cells (helper h4)."""
    path = submit(folder, "x.xlsx")
    if streamed:
        _padded_sheet(path)
    parts = hostile.read_zip(path)
    main = f'<worksheet xmlns="{hostile.MAIN}">'.encode()
    sheet = parts[hostile.SHEET].replace(b"</worksheet>", f"</{root}>".encode())
    if root == "worksheet":
        data = f'<sheetData xmlns="{hostile.MAIN}">'.encode()
        sheet = sheet.replace(main, b"<worksheet>").replace(b"<sheetData>", data)
    else:
        sheet = sheet.replace(main, f'<{root} xmlns="{hostile.MAIN}">'.encode())
    parts[hostile.SHEET] = sheet
    hostile.write_zip(path, parts)
    assert refused(path)[0] == "unreadable-file"


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    "inline",
    [
        "<t>1206</t>",
        "<t>&#49;206</t>",
        '<r><rPr><b/><sz val="11"/></rPr><t>12</t></r><r><t xml:space="preserve">06 </t></r>',
        '<t>1206</t><rPh sb="0" eb="1"><t>x</t></rPh><phoneticPr fontId="1"/>',
    ],
)
def test_inline_text_as_writers_spell_it_is_read(folder, inline, streamed):
    path = hostile.set_cell_xml(submit(folder, "x.xlsx"), "E15", f'<c r="E15" t="inlineStr"><is>{inline}</is></c>')
    if streamed:
        _padded_sheet(path)
    report = run(folder)
    assert report.current and report.current[0].values["ct5"] == 1206


def test_a_streamed_sheet_of_plain_inline_text_is_not_parsed_twice(folder, monkeypatch):
    """Its inline strings are counted by one pattern as the chunks go to the parser: a 60 MB
    sheet of them ran past the reader's time limit with a second expat pass (5 s of 12)."""
    from dean5299_cli.readers import sheetscan

    calls: list[int] = []
    monkeypatch.setattr(sheetscan, "check_inline_strings", lambda chunks: calls.append(1))
    path = submit(folder, "x.xlsx")  # the form's labels are inline strings
    _padded_sheet(path)
    assert refused(path) == (None, None) and calls == []
    prefixed = hostile.set_cell_xml(
        submit(folder, "y.xlsx", unit="Thị trấn Diêu Trì"),
        "E15",
        f'<x:c xmlns:x="{hostile.MAIN}" r="E15" t="inlineStr"><x:is><x:t>1206</x:t></x:is></x:c>',
    )
    _padded_sheet(prefixed)  # an `x:is` no search for `<is` sees: the full check still runs
    refused(prefixed)
    assert calls == [1]


def test_a_word_or_pdf_report_is_named_for_what_it_is(tmp_path: Path) -> None:
    """A unit's signed report sent instead of its figures (a commune's .docx in the province's
    folder): the clerk is told its figures are not read and what to ask the unit for."""
    from dean5299_cli.readers.files import skip_reason

    said = (
        "không phải tệp bảng tính: số liệu trong văn bản không được đọc và đơn vị gửi nó chưa "
        "được tính vào tổng hợp; đề nghị đơn vị gửi kèm biểu mẫu đã điền hoặc bảng tổng hợp .xlsx"
    )
    assert skip_reason(tmp_path / "bao-cao-5299-2026-quy-3.docx") == f"văn bản .docx, {said}"
    assert skip_reason(tmp_path / "BC Cat Tien.PDF") == f"văn bản .PDF, {said}"
    assert skip_reason(tmp_path / "ghi-chu.txt") == "không phải tệp bảng tính (.txt)"
