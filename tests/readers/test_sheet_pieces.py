"""A large sheet part in the plain spelling is guarded a piece of whole rows at a time (`rowcut`,
`sheetscan._plain_streamed`), at the speed of the plain path's expressions. Where the pieces
answer, they answer exactly as the streaming pass does: the same refusal, error results,
unsaved formulas and formats; any other part falls back to the streaming pass."""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dean5299_cli.readers import limits, parts, rowcut, sheetscan
from dean5299_cli.readers.limits import Refused
from dean5299_cli.readers.safety import inspect
from tests import hostile
from tests.helpers import make_workspace, submit
from tests.readers.test_plain_sheet import FALLBACKS, FOREIGN, FORMULA_FALLBACKS, sheet

PIECE = 400  # bytes of a piece's sheet in these tests: many pieces for a few dozen rows
STYLES = "xl/styles.xml"


def numbers(first: int, last: int, cols: str = "ABC") -> str:
    return "".join(
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r * 7 % 101}</v></c>' for c in cols) + "</row>"
        for r in range(first, last)
    )


def workbook(tmp_path: Path, xml: bytes, *, altering: bool = False, zero: bool = False) -> bytes:
    """A real workbook whose first sheet is `xml`; `altering`: its cell format 2 shows figures
    divided by 1.000 (a format that may alter a figure, noted where cells use it); `zero`: so
    does its format 0, that of every cell without a style."""
    path = submit(make_workspace(tmp_path), "x.xlsx")
    package = hostile.read_zip(path)
    package[hostile.SHEET] = xml
    if altering:
        styles = package[STYLES].decode()
        styles = styles.replace("</numFmts>", '<numFmt numFmtId="170" formatCode="#,##0,"/></numFmts>')
        styles = styles.replace("</cellXfs>", '<xf numFmtId="170" xfId="0"/></cellXfs>')
        if zero:
            styles = styles.replace('<cellXfs count="2"><xf numFmtId="0"', '<cellXfs count="2"><xf numFmtId="170"')
            assert 'numFmtId="170"' in styles.partition("<cellXfs")[2][:60]
        package[STYLES] = styles.encode()
    hostile.write_zip(path, package)
    return path.read_bytes()


def guarded(data: bytes, monkeypatch: pytest.MonkeyPatch, pieces: bool) -> tuple[object, list[bool]]:
    """What the guard says of `data`, every part being large: streamed, or cut into pieces
    first (`pieces`); and, for each sheet, whether its pieces answered."""
    answered: list[bool] = []
    real = sheetscan._plain_streamed

    def spy(*args):  # noqa: ANN002, ANN202 - the function's own
        found = real(*args)
        answered.append(found is not None)
        return found

    with monkeypatch.context() as patch:
        patch.setattr(parts, "TREE_BELOW", 0)
        patch.setattr(sheetscan, "_PIECE", PIECE)
        patch.setattr(rowcut, "MIN_PIECE", 64)
        patch.setattr(sheetscan, "_plain_streamed", spy if pieces else lambda *args: None)
        try:
            return inspect(data), answered
        except Refused as refused:
            return (refused.code, refused.reason), answered


def same_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xml: bytes, **kw: bool) -> list[bool]:
    data = workbook(tmp_path, xml, **kw)
    by_pieces, answered = guarded(data, monkeypatch, pieces=True)
    streamed, _ = guarded(data, monkeypatch, pieces=False)
    assert by_pieces == streamed
    return answered


# Parts the pieces answer for: many rows, each spelling the plain path reads.
MANY = numbers(1, 60)
PLAIN = {
    "numbers": sheet(MANY),
    "shared strings": sheet(MANY + '<row r="60"><c r="A60" t="s"><v>0</v></c></row>'),
    "inline text": sheet(MANY + '<row r="60"><c r="A60" t="inlineStr"><is><t>Xã Phước Sơn</t></is></c></row>'),
    "unsaved formulas": sheet(
        MANY + '<row r="60"><c r="A60"><f>1+1</f></c><c r="B60"><f>1+1</f><v></v></c>'
        '<c r="C60"><f>1+1</f><v>2</v></c></row>'
    ),
    "a formula's text": sheet(MANY + '<row r="60"><c r="A60" t="str"><f>"a"</f><v>a</v></c></row>'),
    "styled cells": sheet(
        "".join(f'<row r="{r}"><c r="A{r}" s="2"><v>{r}000</v></c><c r="B{r}"><v>{r}</v></c></row>' for r in range(1, 80))
    ),
    "rows with gaps": sheet(numbers(1, 30) + numbers(500, 530, "AZ")),
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_a_plain_part_is_answered_by_its_pieces_as_streamed(tmp_path, monkeypatch, name):
    answered = same_answer(tmp_path, monkeypatch, PLAIN[name], altering=name == "styled cells")
    assert answered and answered[0]  # the first sheet: cut and answered, not streamed


def test_the_pieces_note_the_formats_and_formulas_the_stream_notes(tmp_path, monkeypatch):
    data = workbook(tmp_path, PLAIN["styled cells"], altering=True)
    facts, answered = guarded(data, monkeypatch, pieces=True)
    assert answered[0]
    assert sorted(facts.sheets["Báo cáo"].formats) == sorted(f"A{r}" for r in range(1, 80))
    facts, _ = guarded(workbook(tmp_path, PLAIN["unsaved formulas"]), monkeypatch, pieces=True)
    assert facts.sheets["Báo cáo"].unsaved_formulas == {"A60", "B60"}


def test_a_format_of_cells_without_style_is_left_to_the_stream(tmp_path, monkeypatch):
    """Format 0 alters figures: every cell without `s` is noted, as the streaming pass notes it."""
    data = workbook(tmp_path, PLAIN["numbers"], altering=True, zero=True)
    by_pieces, answered = guarded(data, monkeypatch, pieces=True)
    assert answered == [False] and by_pieces == guarded(data, monkeypatch, pieces=False)[0]
    assert len(by_pieces.sheets["Báo cáo"].formats) == 59 * 3


# What the pieces must not answer alone: each after many plain rows, so that it lies in a later
# piece. The answer (a refusal, or what is noted) must be the streaming pass's.
LATE = {
    "a row's cells coming back in a later piece": numbers(1, 40) + '<row r="2"><c r="F2"><v>9</v></c></row>',
    "a cell written twice, pieces apart": numbers(1, 40) + '<row r="2"><c r="A2"><v>9</v></c></row>',
    "a row's cells coming back in one piece": numbers(1, 40)
    + '<row r="41"><c r="A41"><v>1</v></c></row><row r="42"><c r="A42"><v>1</v></c></row>'
    '<row r="41"><c r="B41"><v>1</v></c></row>',
    "a row spread over two row elements": numbers(1, 40)
    + '<row r="41"><c r="A41"><v>1</v></c></row><row r="41"><c r="B41"><v>1</v></c></row>',
    "extent only from two pieces": '<row r="99999"><c r="A99999"><v>1</v></c></row>'
    + numbers(1, 40)
    + '<row r="50"><c r="AB50"><v>1</v></c></row>',
    "an error result": numbers(1, 40) + '<row r="41"><c r="A41" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    "a comment holding a row's end": numbers(1, 20) + "<!-- </row> -->" + numbers(20, 40),
    "an escape in inline text": numbers(1, 40) + '<row r="41"><c r="A41" t="inlineStr"><is><t>1_x000D_</t></is></c></row>',
    "text longer than a piece": numbers(1, 40) + f'<row r="41"><c r="A41" t="inlineStr"><is><t>{"x" * 2000}</t></is></c></row>',
    "text longer than a cell may hold": numbers(1, 40)
    + f'<row r="41"><c r="A41" t="inlineStr"><is><t>{"x" * (limits.MAX_CELL_TEXT + 1)}</t></is></c></row>',
    "a number spelt otherwise": numbers(1, 40) + '<row r="41"><c r="A41"><v> 669 </v></c></row>',
    "a value cut by a reference": numbers(1, 40) + '<row r="41"><c r="A41"><v>6&#54;9</v></c></row>',
    "a row left open": numbers(1, 40) + '<row r="41"><c r="A41"><v>1</v></c>',
    "a cell without r": numbers(1, 40) + '<row r="41"><c><v>1</v></c></row>',
    "a date cell": numbers(1, 40) + '<row r="41"><c r="A41" t="d"><v>2024-13-01</v></c></row>',
    "a second dimension": numbers(1, 40) + '<dimension ref="A1:XFD1048576"/>',
    "a second sheetData": numbers(1, 40) + "<sheetData/>",
    "a declaration in the rows": numbers(1, 40) + '<row r="41" xmlns:x="urn:x"><x:c r="A41"><x:v>1</x:v></x:c></row>',
    # Markup outside a cell's place, which the stream refuses (calamine cannot read a cell inside
    # a cell either): the pieces must not accept it
    "a cell inside a cell": numbers(1, 40) + '<row r="41"><c r="A41"><c r="B41"><v>1</v></c><v>2</v></c></row>',
    "a row inside a cell": numbers(1, 40) + '<row r="41"><c r="A41"><v>2</v><row r="45"/></c></row>',
    "a value after a cell's end": numbers(1, 40) + '<row r="41"><c r="A41"><v>1</v></c><v>2</v></row>',
    "a value between rows": numbers(1, 20) + "<v>5</v>" + numbers(20, 40),
    "a number spelt otherwise in rows without cells": numbers(1, 40)
    + "".join(f'<row r="{r}"></row>' for r in range(41, 70))
    + '<row r="70"><v> 1 </v></row>',
}


@pytest.mark.parametrize("name", sorted(LATE))
def test_what_a_later_piece_holds_is_answered_as_streamed(tmp_path, monkeypatch, name):
    same_answer(tmp_path, monkeypatch, sheet(LATE[name]))


@pytest.mark.parametrize(
    "name", [*(f"f:{k}" for k in sorted(FALLBACKS)), *(f"n:{k}" for k in sorted(FOREIGN)), *(f"v:{k}" for k in sorted(FORMULA_FALLBACKS))]
)
def test_every_spelling_the_plain_path_declines_is_answered_as_streamed(tmp_path, monkeypatch, name):
    """The plain path's own list of other spellings, each after many plain rows."""
    kind, _, key = name.partition(":")
    xml = {"f": FALLBACKS, "n": FOREIGN, "v": FORMULA_FALLBACKS}[kind][key]
    at = xml.find(b"<sheetData>") + len(b"<sheetData>")
    same_answer(tmp_path, monkeypatch, xml[:at] + numbers(100, 140).encode() + xml[at:])


OUTSIDE = {
    "a cell inside a cell": (b"</worksheet>", b'<c r="A99"><c r="B99"/><v>1</v></c></worksheet>'),
    "a second value": (b"</worksheet>", b"<x><v>1</v></x></worksheet>"),
    "a number spelt otherwise": (b"</worksheet>", b"<x><v> 1 </v></x></worksheet>"),
    "text longer than a cell may hold": (b"</worksheet>", b"<x><t>" + b"x" * 40_000 + b"</t></x></worksheet>"),
    "a number spelt otherwise before the rows": (b"<sheetData>", b"<x><v> 1 </v></x><sheetData>"),
}


@pytest.mark.parametrize("name", sorted(OUTSIDE))
def test_values_and_text_around_the_rows_are_answered_as_streamed(tmp_path, monkeypatch, name):
    """The last piece (the part's own end) and the head hold no cell: the plain path stops before
    its checks of values and text, which the streaming pass makes there too (a second value after
    the last cell's, a number spelt otherwise, text longer than a cell may hold: all refused)."""
    old, new = OUTSIDE[name]
    xml = sheet(numbers(1, 40)).replace(old, new)
    if name == "a number spelt otherwise before the rows":  # rows without a cell: no piece looks
        xml = sheet("".join(f'<row r="{r}"></row>' for r in range(1, 60))).replace(old, new)
    assert same_answer(tmp_path, monkeypatch, xml) == [False]


def test_a_part_declaring_many_prefixes_is_answered_as_streamed(tmp_path, monkeypatch):
    """Prefixes are looked for in one search, not one for each declared prefix (a few thousand
    declarations made a 4 MB part that the stream reads in 0,6 s take a minute, past the worker's
    time bound: the unit's file refused as too slow to read). A prefix used for a cell, among
    hundreds, still makes the pieces decline."""
    monkeypatch.setitem(globals(), "PIECE", 8000)  # room for a head of 300 declarations
    prefixes = " ".join(f'xmlns:p{k}="{hostile.MAIN}"' if k == 299 else f'xmlns:p{k}="u"' for k in range(300))
    root = f'<worksheet xmlns="{hostile.MAIN}" {prefixes}>'
    for body, answered in (
        (numbers(1, 300), [True]),
        (numbers(1, 300) + '<row r="300"><p299:c r="A300"><p299:v>1</p299:v></p299:c></row>', [False]),
        (numbers(1, 300) + '<row r="300"><c r="A300"><v>1</v></c><p7:x/></row>', [False]),
    ):
        folder = tmp_path / str(len(body))
        folder.mkdir()
        assert same_answer(folder, monkeypatch, sheet(body, root=root)) == answered


X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"


def excel_end(inside: str = "") -> bytes:
    """A large sheet whose end holds what Excel writes for a data validation (`extLst`)."""
    ext = (
        f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
        f'<x14:dataValidations count="1" xmlns:xm="{XM}"><x14:dataValidation type="list">'
        f"<x14:formula1><xm:f>Sheet2!$A$1:$A$5</xm:f></x14:formula1><xm:sqref>A1:A100</xm:sqref>"
        f"{inside}</x14:dataValidation></x14:dataValidations></ext></extLst>"
    )
    return sheet(numbers(1, 60)).replace(b"</worksheet>", ext.encode() + b"</worksheet>")


def test_an_excel_end_after_the_rows_is_answered_by_the_pieces(tmp_path, monkeypatch):
    """Excel's `extLst` (a prefixed formula the plain path leaves to the tree) made the pieces
    decline at the last one, then the whole part streamed: the tree answers the end."""
    assert same_answer(tmp_path, monkeypatch, excel_end()) == [True]


@pytest.mark.parametrize(
    "inside",
    [
        "<xm:v>1</xm:v>",
        '<xm:c r="A1"><xm:v>1</xm:v></xm:c>',
        '<xm:dimension ref="A1:XFD1048576"/>',
        f"<xm:t>{'x' * (limits.MAX_CELL_TEXT + 1)}</xm:t>",
        "<xm:is><xm:t>1</xm:t></xm:is>",
        "<xm:row/>",
        "<!-- a -->",
        "<xm:f>A1&amp;B1</xm:f>",
    ],
    ids=["value", "cell", "dimension", "long text", "inline text", "row", "comment", "reference"],
)
def test_what_an_excel_end_holds_is_answered_as_streamed(tmp_path, monkeypatch, inside):
    same_answer(tmp_path, monkeypatch, excel_end(inside))


def test_an_end_after_no_rows_is_answered_as_streamed(tmp_path, monkeypatch):
    """A part without rows is one piece, its head never checked by the plain path with rows: the
    tree answered it whole, and accepted cells of another prefix before `sheetData` whose row
    comes back after another row's, which the streaming pass refuses (no spreadsheet program
    writes one). Only a head the pieces with rows accepted is answered with the tree's end."""
    root = f'<worksheet xmlns="{hostile.MAIN}" xmlns:q="urn:q">'
    head = b'<q:c r="B1"/><q:c r="A2"/><q:c r="C1"/><sheetData>'
    xml = excel_end().replace(numbers(1, 60).encode(), b"").replace(f'<worksheet xmlns="{hostile.MAIN}">'.encode(), root.encode())
    assert same_answer(tmp_path, monkeypatch, xml.replace(b"<sheetData>", head)) == [False]


def test_a_large_end_is_answered_as_streamed(tmp_path, monkeypatch):
    monkeypatch.setattr(rowcut, "MAX_END", 100)
    xml = sheet(numbers(1, 40)).replace(b"</worksheet>", b"<mergeCells>" + b'<mergeCell ref="A1:B1"/>' * 20 + b"</mergeCells></worksheet>")
    assert same_answer(tmp_path, monkeypatch, xml) == [False]


def test_a_part_read_twice_is_counted_once_against_the_budget(tmp_path, monkeypatch):
    """The pieces decline at the last row; the streaming pass inflates the part again. The
    package's budget counts it once: a package within it is read, not refused as too large."""
    xml = sheet(numbers(1, 400) + '<row r="400"><c r="A400" t="e"><v>#N/A</v></c></row>')
    data = workbook(tmp_path, xml)
    inflated = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    monkeypatch.setattr(parts, "MAX_UNCOMPRESSED_BYTES", inflated + len(xml) // 2)  # not twice
    facts, answered = guarded(data, monkeypatch, pieces=True)
    assert answered[0] is False
    assert facts.sheets["Báo cáo"].errors == {"A400": "#N/A"}


def _random_sheet(rng: random.Random) -> bytes:
    """Rows in the plain spelling, with now and then a slip of a hostile or careless writer."""
    rows = []
    for r in range(1, rng.randint(2, 60)):
        cells = "".join(f'<c r="{c}{r}"><v>{rng.randint(0, 999)}</v></c>' for c in "ABCD"[: rng.randint(1, 4)])
        rows.append(f'<row r="{r}">{cells}</row>')
    slips = [
        lambda r: r.replace("<v>", "<v> ", 1),
        lambda r: r.replace("</row>", '<c r="A1"><v>5</v></c></row>', 1),
        lambda r: r.replace("<v>", '<f>1</f><v>', 1),
        lambda r: r.replace("<v>", "<v></v><v>", 1),
        lambda r: r.replace('<c r="A', '<c t="e" r="A', 1),
        lambda r: re.sub(r'<c r="(A[0-9]+)">', r'<c r="\1" s="2">', r, count=1),
        lambda r: r.replace("<row ", "<!--x--><row ", 1),
        lambda r: r.replace('">', '" t="inlineStr"><is><t>a</t></is><x', 1),
        lambda r: r.replace('r="B', 'r="XFD', 1),
        lambda r: r.replace('<row r="', '<row r="1', 1),
    ]
    for _ in range(rng.randint(0, 2)):
        k = rng.randrange(len(rows))
        rows[k] = rng.choice(slips)(rows[k])
    if rng.random() < 0.3:  # a row of an earlier piece again
        rows.append(rows[rng.randrange(len(rows))])
    return sheet("".join(rows))


@pytest.mark.parametrize("seed", range(40))
def test_random_sheets_are_answered_by_their_pieces_as_streamed(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    for k in range(5):
        folder = tmp_path / str(k)
        folder.mkdir()
        same_answer(folder, monkeypatch, _random_sheet(rng))


# --- rowcut alone -----------------------------------------------------------------------------


def _chunks(data: bytes, sizes: Iterator[int]) -> Iterator[bytes]:
    at = 0
    while at < len(data):
        size = next(sizes)
        yield data[at : at + size]
        at += size


@pytest.mark.parametrize("seed", range(20))
def test_the_pieces_put_together_are_the_part(seed, monkeypatch):
    monkeypatch.setattr(rowcut, "MIN_PIECE", 64)
    rng = random.Random(seed)
    part = sheet(numbers(1, rng.randint(1, 300), "ABCDEFG"[: rng.randint(1, 7)]))
    size = rng.randint(300, 2000)
    sizes = iter(lambda: rng.randint(1, 5000), None)
    got = list(rowcut.pieces(_chunks(part, sizes), size))
    head = got[0].head
    assert got[-1].rows == b"" and all(p.end == rowcut.MADE_UP_END for p in got[:-1])
    assert head + b"".join(p.rows for p in got) + got[-1].end == part
    assert all(len(p.sheet) <= size and p.rows.endswith(b"</row>") for p in got[:-1])


@pytest.mark.parametrize(
    "part",
    [
        sheet("").replace(b"<sheetData></sheetData>", b"<sheetData/>"),
        sheet(numbers(1, 5)).replace(b"<sheetData>", b'<sheetData x="1">'),
        sheet(numbers(1, 5)).replace(b"<sheetData>", b"<x>" + b" " * rowcut.MAX_HEAD + b"</x><sheetData>"),
        sheet(numbers(1, 5)).replace(b"</sheetData>", b""),
        sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * 3000}</t></is></c></row>'),
        sheet(numbers(1, 5)).replace(b"</worksheet>", b" " * (rowcut.MAX_END + 1) + b"</worksheet>"),
    ],
    ids=["empty", "attributes", "long head", "rows not ended", "long row", "long end"],
)
def test_a_part_spelt_otherwise_is_not_cut(part, monkeypatch):
    monkeypatch.setattr(rowcut, "MIN_PIECE", 64)
    assert len(list(rowcut.pieces(iter([sheet(numbers(1, 5))]), 2000))) == 2  # as written: cut
    with pytest.raises(rowcut.Uncut):
        list(rowcut.pieces(iter([part]), 2000))
