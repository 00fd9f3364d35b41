"""The guard's fast path over a worksheet in the plain spelling: every other spelling falls back
to the full parse, so a far cell is refused however it is written, and where the fast path
answers it answers exactly as the full parse does."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dean5299_cli.readers import sheetscan
from dean5299_cli.readers.limits import Refused, SheetFacts
from dean5299_cli.readers.safety import inspect
from tests import hostile
from tests.helpers import make_workspace, submit
from tests.paths import EXAMPLES

MAIN = hostile.MAIN
FAR = "XFD1048576"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sheet(body: str, *, root: str = f'<worksheet xmlns="{MAIN}">', decl: str = DECL) -> bytes:
    end = "</" + root[1:].split()[0].rstrip(">") + ">"
    return f"{decl}{root}<dimension ref=\"A1:B2\"/><sheetData>{body}</sheetData>{end}".encode()


def refusal_reason(tmp_path: Path, xml: bytes) -> tuple[str | None, str]:
    """The refusal of a real workbook whose first sheet is `xml` ((None, "") when accepted)."""
    path = submit(make_workspace(tmp_path), "x.xlsx")
    parts = hostile.read_zip(path)
    parts[hostile.SHEET] = xml
    hostile.write_zip(path, parts)
    try:
        inspect(path.read_bytes())
    except Refused as refused:
        return refused.code, refused.reason
    return None, ""


def refusal(tmp_path: Path, xml: bytes) -> str | None:
    return refusal_reason(tmp_path, xml)[0]


def plain_answer(xml: bytes) -> int | None:
    return plain_facts(xml)[0]


def plain_facts(xml: bytes) -> tuple[int | None, SheetFacts]:
    facts = SheetFacts()
    return sheetscan._plain_sheet(xml, "s", facts), facts


def tree_answer(xml: bytes) -> tuple[int, SheetFacts]:
    facts = SheetFacts()
    shared = sheetscan._tree_sheet(ET.fromstring(xml), xml, "s", facts, len(xml) > 32_767)
    return shared, facts


def test_the_plain_spelling_takes_the_fast_path_and_refuses_a_far_cell(tmp_path):
    plain = sheet(f'<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="{FAR}"><v>1</v></c></row>')
    with pytest.raises(Refused) as caught:
        plain_answer(plain)
    assert caught.value.code == "too-large"
    assert refusal(tmp_path, plain) == "too-large"


# Each spelling hides the far cell from the plain path's expressions (or needs the tree for
# other reasons): the plain path must decline, and the workbook must still be refused.
FALLBACKS = {
    "prefixed cell": sheet(
        f'<row r="1"><x:c r="{FAR}"/></row>', root=f'<worksheet xmlns="{MAIN}" xmlns:x="{MAIN}">'
    ),
    "prefixed row and cell, single quotes": sheet(
        f"<x:row r='1'><x:c r='{FAR}'/></x:row>",
        root=f'<worksheet xmlns="{MAIN}" xmlns:x="{MAIN}">',
    ),
    "prefixed root": sheet(f'<x:c r="{FAR}"/>', root=f'<x:worksheet xmlns:x="{MAIN}">')
    .replace(b"<dimension", b"<x:dimension")
    .replace(b"<sheetData>", b"<x:sheetData>")
    .replace(b"</sheetData>", b"</x:sheetData>"),
    "single quotes": sheet(f"<row r='1'><c r='{FAR}'/></row>"),
    "spaces around =": sheet(f'<row r="1"><c r = "{FAR}"/></row>'),
    "tab before r": sheet(f'<row r="1"><c\tr="{FAR}"/></row>'),
    "character reference": sheet('<row r="1"><c r="&#88;FD1048576"/></row>'),
    "dollar": sheet('<row r="1"><c r="$XFD$1048576"/></row>'),
    "lower case": sheet(f'<row r="1"><c r="{FAR.lower()}"/></row>'),
    "t before r": sheet(f'<row r="1"><c t="n" r="{FAR}"><v>1</v></c></row>'),
    "unknown attribute": sheet(f'<row r="1"><c r="{FAR}" x="1"/></row>'),
    "CDATA": sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a]]></t></is></c><c r="{FAR}"/></row>'),  # fmt: skip
    "comment": sheet(f'<!-- a --><row r="1"><c r="{FAR}"/></row>'),
    "processing instruction": sheet(f'<?x y?><row r="1"><c r="{FAR}"/></row>'),
    "other encoding": sheet(
        f'<row r="1"><c r="{FAR}"/></row>', decl='<?xml version="1.0" encoding="ISO-8859-1"?>'
    ),
    "prefixed dimension": sheet(
        "<row/>", root=f'<worksheet xmlns="{MAIN}" xmlns:x="{MAIN}">'
    ).replace(b'<dimension ref="A1:B2"/>', f'<x:dimension ref="A1:{FAR}"/>'.encode()),
    "dimension spelt otherwise": sheet("<row/>").replace(
        b'<dimension ref="A1:B2"/>', f"<dimension ref='A1:{FAR}'/>".encode()
    ),
    # `xml:` is bound without a declaration (expat accepts it), and calamine reads `xml:c` as a cell
    "xml: prefix on a cell": sheet(
        f'<row r="1"><c r="A1"><v>1</v></c><xml:c r="{FAR}"><v>1</v></xml:c></row>'
    ),
    "xml: prefix on a row of cells without r": sheet(
        '<row r="1"><c r="A1"><v>1</v></c></row><xml:row r="200000"><xml:c><v>1</v></xml:c></xml:row>'
    ),
}


@pytest.mark.parametrize("spelling", sorted(FALLBACKS))
def test_every_other_spelling_falls_back_and_is_still_refused(tmp_path, spelling):
    xml = FALLBACKS[spelling]
    assert plain_answer(xml) is None
    assert refusal(tmp_path, xml) == "too-large"


FORMULA_FALLBACKS = {
    "formula after its value": sheet('<row r="1"><c r="A1"><v>2</v><f>1+1</f></c></row>'),
    "value with a reference": sheet('<row r="1"><c r="A1"><f>1+1</f><v>&#32;</v></c></row>'),
    "white space in the cell": sheet('<row r="1"><c r="A1">\n<f>1+1</f></c></row>'),
    "formula in a cell spelt otherwise": sheet("<row r='1'><c r='A1'><f>1</f></c></row>"),
}


@pytest.mark.parametrize("spelling", sorted(FORMULA_FALLBACKS))
def test_a_formula_spelt_otherwise_falls_back_and_is_seen(spelling):
    xml = FORMULA_FALLBACKS[spelling]
    assert plain_answer(xml) is None
    unsaved = tree_answer(xml)[1].unsaved_formulas
    assert unsaved == (set() if spelling == "formula after its value" else {"A1"})


# Cells, values or text outside the main namespaces: calamine reads them by local name (500),
# LibreOffice and openpyxl skip them (blank): each falls back, and the tree refuses it.
FOREIGN = {
    "xml: prefix on the formula": sheet('<row r="1"><c r="A1"><xml:f>1+1</xml:f></c></row>'),
    "cell in no namespace": sheet('<row r="1"><c xmlns="" r="A1"><v>500</v></c></row>'),
    "value in another namespace": sheet('<row r="1"><c r="A1"><v xmlns="urn:x">500</v></c></row>'),
    "row in another namespace": sheet('<row xmlns="urn:x" r="1"><c r="A1"><v>500</v></c></row>'),
    "inline text in another namespace": sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is xmlns="urn:x"><t>500</t></is></c></row>'
    ),
    "sheetData of another prefix": sheet("").replace(
        b"<sheetData></sheetData>",
        b'<x:sheetData xmlns:x="urn:x"><row r="1"><c r="A1"><v>500</v></c></row></x:sheetData>',
    ),
    "sheet in another namespace": sheet('<row r="1"><c r="A1"><v>500</v></c></row>', root='<worksheet xmlns="urn:x">'),
    "sheet in no namespace": sheet('<row r="1"><c r="A1"><v>500</v></c></row>', root="<worksheet>"),
    "default namespace on sheetData": sheet('<row r="1"><c r="A1"><v>500</v></c></row>', root="<worksheet>").replace(
        b"<sheetData>", f'<sheetData xmlns="{MAIN}">'.encode()
    ),
}  # fmt: skip


@pytest.mark.parametrize("spelling", sorted(FOREIGN))
def test_cells_outside_the_main_namespace_fall_back_and_are_refused(spelling):
    xml = FOREIGN[spelling]
    assert plain_answer(xml) is None
    with pytest.raises(Refused) as caught:
        tree_answer(xml)
    assert caught.value.code == "unreadable-file"


def test_other_namespaces_outside_the_cells_are_read():
    """As Excel writes them: prefixes declared on the root, used outside `sheetData` (the plain
    path leaves a prefixed `f` to the tree, as before)."""
    xml = sheet(
        '<row r="1" x14ac:dyDescent="0.25"><c r="A1"><v>500</v></c></row>',
        root=f'<worksheet xmlns="{MAIN}" xmlns:x14ac="urn:x14ac" xmlns:mc="urn:mc" mc:Ignorable="x14ac">',
    )
    assert plain_answer(xml) == 0
    assert plain_answer(xml.replace(b"</worksheet>", b"<mc:AlternateContent/></worksheet>")) == 0
    ext = xml.replace(
        b"</worksheet>",
        b'<extLst><ext xmlns:xm="urn:xm"><xm:f>A1</xm:f></ext></extLst></worksheet>',
    )
    assert tree_answer(ext)[0] == 0


@pytest.mark.parametrize(
    "head",
    [
        "<foo>",  # inside an unknown element: no `</foo>` before it
        '<foo a="/>">',  # a `>` in a value, so that `/>` is no empty element
        "<sheetViews><sheetView>",
    ],
)
def test_sheet_data_not_a_child_of_the_root_is_refused(head):
    """LibreOffice reads only a `sheetData` child of the root; calamine one anywhere."""
    end = "".join(
        f"</{t.split()[0]}>" for t in reversed(re.findall(r"<([^>]+?)(?: a=\"/>\")?>", head))
    )
    xml = sheet('<row r="1"><c r="A1"><v>500</v></c></row>').replace(
        b"<sheetData>", head.encode() + b"<sheetData>"
    )
    xml = xml.replace(b"</sheetData>", b"</sheetData>" + end.encode())
    ET.fromstring(xml)  # well-formed
    assert plain_answer(xml) is None
    with pytest.raises(Refused):
        tree_answer(xml)


CONFLICTS = {
    "two values after a formula": '<row r="1"><c r="A1"><f>1</f><v>1</v><v/></c></row>',
    "two values": '<row r="1"><c r="A1"><v>669</v><v>999</v></c></row>',
    "a cell written twice": '<row r="1"><c r="A1"><v>669</v></c><c r="A1"><v>999</v></c></row>',
    "twice, spelt otherwise": '<row r="1"><c r="A1"><v>669</v></c><c r="a01"><v>999</v></c></row>',
    "twice, in two rows": '<row r="1"><c r="A1"><v>669</v></c></row><row r="2"><c r="A1"><v>9</v></c></row>',
}


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("spelling", sorted(CONFLICTS))
def test_a_cell_with_two_figures_is_unreadable(tmp_path, spelling, streamed):
    """calamine keeps the last figure, openpyxl (and Excel's repair) the first: which one the unit
    sees is not known, so neither is read."""
    xml = sheet(CONFLICTS[spelling])
    assert plain_answer(xml) is None
    if streamed:  # larger than the tree's limit: the expat handlers see it
        xml = xml.replace(b"<sheetData>", b"<!--" + b" " * 2_200_000 + b"--><sheetData>")
    assert refusal(tmp_path, xml) == "unreadable-file"


# Inline text where no spreadsheet program shows it: calamine read `669` from each, LibreOffice
# (and openpyxl) show the cell blank, a figure the unit never saw.
HIDDEN_TEXT = {
    "no type": '<c r="A1"><is><t>669</t></is></c>',
    "shared-string type": '<c r="A1" t="s"><is><t>669</t></is></c>',
    "formula-text type": '<c r="A1" t="str"><is><t>669</t></is></c>',
    "boolean type": '<c r="A1" t="b"><is><t>669</t></is></c>',
    "date type": '<c r="A1" t="d"><is><t>669</t></is></c>',
    "beside a value": '<c r="A1" t="inlineStr"><v>5</v><is><t>669</t></is></c>',
    "before a value": '<c r="A1"><is><t>5</t></is><v>669</v></c>',
}


def test_the_tree_alone_refuses_inline_text_where_it_is_not_shown():
    for cell in HIDDEN_TEXT.values():
        with pytest.raises(Refused):
            tree_answer(sheet(f'<row r="1">{cell}</row>'))


def test_inline_text_in_its_own_cell_takes_the_fast_path(tmp_path):
    plain = '<c r="A1" t="inlineStr"><is><t>Xã</t></is></c><c r="B1" t="inlineStr"/>'
    rich = '<c r="C1" t="inlineStr"><is><r><rPr><b/></rPr><t>66</t></r><r><t>9</t></r></is></c>'
    xml = sheet(f'<row r="1">{plain}{rich}<c r="D1"><v>669</v></c></row>')
    assert plain_answer(xml) == 0 and tree_answer(xml)[0] == 0
    assert refusal(tmp_path, xml) is None


# A value whose text is split: calamine reads the first piece only (4 for `4&#53;0`, nothing
# for `<![CDATA[669]]>`), LibreOffice and openpyxl the whole (450, 669).
SPLIT_VALUES = {
    "character reference": '<c r="A1"><v>4&#53;0</v></c>',
    "reference first": '<c r="A1"><v>&#52;50</v></c>',
    "comment": '<c r="A1"><v>4<!--x-->50</v></c>',
    "processing instruction": '<c r="A1"><v>6<?x y?>69</v></c>',
    "CDATA inside": '<c r="A1"><v>6<![CDATA[6]]>9</v></c>',
    "CDATA whole": '<c r="A1"><v><![CDATA[669]]></v></c>',
    "formula's saved result": '<c r="A1"><f>400+50</f><v>4&#53;0</v></c>',
    "shared-string index": '<c r="A1" t="s"><v>1&#48;</v></c>',
    "text result with CDATA": '<c r="A1" t="str"><f>1</f><v>4<![CDATA[5]]>0</v></c>',
}


# Text in the value of a number cell: calamine reads it as text, the tool as a Vietnamese number
# (1669, 1669000), LibreOffice as another number (1, 1,669) or nothing.
TEXT_AS_NUMBER = {
    "space-grouped": '<c r="A1"><v>1 669</v></c>',
    "dot-grouped": '<c r="A1"><v>1.669.000</v></c>',
    "comma-grouped": '<c r="A1" t="n"><v>1,669</v></c>',
    "full-width digits": '<c r="A1"><v>\uff16\uff16\uff19</v></c>',
    "beside a text result": '<c r="A1" t="str"><f>1</f><v>x</v></c><c r="B1"><v>1.6.9</v></c>',
}


UNREAD_VALUES = {
    **SPLIT_VALUES,
    **{f"text: {k}": v for k, v in TEXT_AS_NUMBER.items()},
    **{f"inline: {k}": v for k, v in HIDDEN_TEXT.items()},
}


def streamed_sheet(xml: bytes) -> bytes:
    """`xml` made larger than the tree's limit: its chunks are looked at as they pass."""
    return xml.replace(b"<sheetData>", b"<sheetData>" + b"<row/>" * 400_000)


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("spelling", sorted(UNREAD_VALUES))
def test_a_value_split_text_in_a_number_cell_or_hidden_inline_text_is_unreadable(
    tmp_path, spelling, streamed
):
    inline = '<c r="B1" t="inlineStr"><is><t>x</t></is></c>'  # text where it is shown, beside
    xml = sheet(f'<row r="1">{UNREAD_VALUES[spelling]}{inline}</row>')
    assert plain_answer(xml) is None
    assert refusal(tmp_path, streamed_sheet(xml) if streamed else xml) == "unreadable-file"


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize(
    ("value", "how"),
    [
        ('<v xml:space="preserve"> 669 </v>', "số 669 được lưu kèm dấu cách hoặc dấu xuống dòng"),
        ("<v> 6.69E2 </v>", "số 6.69E2 được lưu kèm dấu cách hoặc dấu xuống dòng"),
        ("<v>\n5\n</v>", "số 5 được lưu kèm dấu cách hoặc dấu xuống dòng"),
        ("<v>0x10</v>", 'giá trị được lưu là "0x10"'),
    ],
)
@pytest.mark.parametrize("prefix", ["", "x:"])
def test_a_number_with_white_space_is_refused_naming_its_cell(
    tmp_path, streamed, value, how, prefix
):
    """`<v> 669 </v>`: LibreOffice shows 669, calamine cannot read it at all (the file was said
    broken), Excel's reading is not known: refused, the sheet and cell named, in every path
    (plain, tree, streamed; any spelling)."""
    body = f'<c r="A1"><v>1</v></c><c r="D12" t="n">{value}</c>'
    xml = sheet(f'<row r="12">{body}</row>')
    if prefix:
        xml = xml.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>")
        xml = xml.replace(b"<v", b"<x:v").replace(b"</v>", b"</x:v>")
        xml = xml.replace(b"<worksheet ", f'<worksheet xmlns:x="{MAIN}" '.encode())
    assert plain_answer(xml) is None
    code, reason = refusal_reason(tmp_path, streamed_sheet(xml) if streamed else xml)
    assert (code, reason) == (
        "unreadable-file",
        f'trang "Báo cáo", ô D12 là ô số nhưng {how}, không theo cách Excel lưu số',
    )


def test_a_number_spelt_otherwise_is_read_as_libreoffice_shows_it(tmp_path):
    """`6.69E2`, `+669`, `669.`, `0669`: LibreOffice shows 669 (converted to csv), and so does
    the tool; a figure with white space is said with its cell, never 'tệp bị hỏng'."""
    from dean5299_cli.readers.files import read_file

    path = submit(make_workspace(tmp_path), "x.xlsx", ct2=1350)
    parts = hostile.read_zip(path)
    original = parts[hostile.SHEET]
    assert original.count(b"<v>1350</v>") == 1
    for spelling in (b"6.69E2", b"+669", b"669.", b"0669"):
        parts[hostile.SHEET] = original.replace(b"<v>1350</v>", b"<v>" + spelling + b"</v>")
        hostile.write_zip(path, parts)
        raw = read_file(path, "x.xlsx")
        assert raw.refused_code is None and raw.submissions[0].values["ct2"].value == 669, spelling
    parts[hostile.SHEET] = original.replace(b"<v>1350</v>", b"<v> 669 </v>")
    hostile.write_zip(path, parts)
    raw = read_file(path, "x.xlsx")
    assert raw.refused_code == "unreadable-file"
    assert "là ô số nhưng số 669 được lưu kèm dấu cách" in raw.refused_reason


def test_numbers_and_text_results_stay_on_the_fast_path(tmp_path):
    body = (
        '<c r="A1"><v>669</v></c><c r="B1" t="n"><v>-1.5E3</v></c><c r="C1"><f>1</f><v></v></c>'
        '<c r="D1" t="str"><f>"a"</f><v>Xã 1.669 ha</v></c><c r="E1" t="b"><v>1</v></c>'
    )
    xml = sheet(f'<row r="1">{body}</row>')
    assert plain_answer(xml) == 0
    assert refusal(tmp_path, xml) is None


def test_a_reference_in_a_text_result_is_read_whole(tmp_path):
    """calamine resolves `&amp;` in a formula's text result, as LibreOffice does: not refused."""
    xml = sheet('<row r="1"><c r="A1" t="str"><f>"A"&amp;"B"</f><v>A &amp; B</v></c></row>')
    assert refusal(tmp_path, xml) is None
    assert refusal(tmp_path, streamed_sheet(xml)) is None


def test_an_error_result_falls_back_and_is_seen():
    xml = sheet('<row r="1"><c r="B1" t="e"><v>#REF!</v></c></row>')
    assert plain_answer(xml) is None
    assert tree_answer(xml)[1].errors == {"B1": "#REF!"}


def test_long_inline_text_falls_back_and_is_refused(tmp_path):
    xml = sheet(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"z" * 40_000}</t></is></c></row>')
    assert plain_answer(xml) is None
    assert refusal(tmp_path, xml) == "too-large"


def test_a_line_break_in_a_reference_cannot_pad_the_tree_s_count(tmp_path):
    # The tree matched all references at once, one per line: `A1&#10;A2` (in a cell after the
    # sheet data, which calamine never reads) matched twice and made up for a row spelt with
    # twenty digits that the expression misses but calamine reads as row 200000.
    xml = sheet(
        '<row r="1"><c r="A1"><v>1</v></c><c r="A0000000000000200000"><v>1</v></c></row>'
    ).replace(b"</sheetData>", b'</sheetData><extLst><c r="A1&#10;A2"/></extLst>')
    assert plain_answer(xml) is None
    with pytest.raises(Refused) as caught:
        tree_answer(xml)
    assert caught.value.code == "unreadable-file"
    assert refusal(tmp_path, xml) == "unreadable-file"


def test_cells_without_r_fall_back_to_counting_by_position(tmp_path):
    xml = sheet('<row r="1">' + "<c><v>1</v></c>" * 16_385 + "</row>")
    assert plain_answer(xml) is None
    assert refusal(tmp_path, xml) == "too-large"


# calamine places a cell without `r` in the next column of its current row; it moves to the next
# row and back to column A only at `</row>`, and reads no row or cell inside a cell (in its `is`,
# `v` or `f`, each ended at the first closing tag of its name). The guard counted a row at
# `<row>`, went back to column A there and let a cell inside inline text move the column: each
# spelling below put calamine beyond the limits. A row or cell inside a cell is now unreadable.
POSITIONS = {
    "nested rows": '<row r="1"><c><v>1</v></c>'
    + ('<row r="1">' + "<c/>" * 9_000) * 2
    + "<c><v>1</v></c>"
    + "</row>" * 3,
    "a cell with r inside inline text": '<row r="1">'
    + ("<c/>" * 9_000 + '<c t="inlineStr"><is><c r="A1"/><t>x</t></is></c>') * 2
    + "<c><v>1</v></c></row>",
    "a row inside inline text": '<row r="1">'
    + ("<c/>" * 9_000 + '<c t="inlineStr"><is><row r="1"/><t>x</t></is></c>') * 2
    + "<c><v>1</v></c></row>",
    "a cell after its row's end": '<row r="100000"><c><v>1</v></c></row><c><v>1</v></c>',
}


@pytest.mark.parametrize("spelling", sorted(POSITIONS))
def test_cells_without_r_are_placed_as_calamine_places_them(tmp_path, spelling):
    xml = sheet(POSITIONS[spelling])
    assert plain_answer(xml) is None
    inside = "inside" in spelling
    assert refusal(tmp_path, xml) == ("unreadable-file" if inside else "too-large")


# calamine matches elements by local name: a cell in another namespace is a cell to it.
OTHER_NAMESPACES = {
    "default namespace below the root": sheet(f'<row r="1" xmlns="urn:other"><c r="{FAR}"/></row>'),
    "foreign prefix": sheet(
        f'<row r="1"><foo:c r="{FAR}"><v>1</v></foo:c></row>',
        root=f'<worksheet xmlns="{MAIN}" xmlns:foo="urn:foo">',
    ),
    "foreign rows and cells without r": sheet(
        "<foo:row>" + "<foo:c/>" * 16_385 + "</foo:row>",
        root=f'<worksheet xmlns="{MAIN}" xmlns:foo="urn:foo">',
    ),
    "no namespace at all": sheet(f'<row r="1"><c r="{FAR}"/></row>', root="<worksheet>"),
}


@pytest.mark.parametrize("spelling", sorted(OTHER_NAMESPACES))
@pytest.mark.parametrize("streamed", [False, True])
def test_a_cell_in_any_namespace_is_counted(tmp_path, monkeypatch, spelling, streamed):
    if streamed:  # the path of sheets too large for a tree
        monkeypatch.setattr(sheetscan, "small_part", lambda inflater, info: (None, inflater.chunks(info)))  # fmt: skip
    code, reason = refusal_reason(tmp_path, OTHER_NAMESPACES[spelling])
    assert code == "too-large" and reason.startswith('trang tính "Báo cáo" trải tới')


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("cell", [f'<c r="{FAR}"/>', '<c r="E15"><v>669</v></c>'])
def test_a_wide_part_is_refused_saying_why(tmp_path, encoding, cell):
    """calamine reads a sheet in UTF-16 or UTF-32 as empty: the unit was told "no data table"."""
    label = encoding.upper().replace("-BE", "")
    text = f'<?xml version="1.0" encoding="{label}"?><worksheet xmlns="{MAIN}"><sheetData><row r="1">{cell}</row></sheetData></worksheet>'  # fmt: skip
    xml = text.encode(encoding)
    assert plain_answer(xml) is None
    code, reason = refusal_reason(tmp_path, xml)
    assert code == "unreadable-file" and f"mã hóa {label}" in reason


def test_malformed_plain_part_is_unreadable(tmp_path):
    xml = sheet('<row r="1"><c r="A1"><v>1</v></row>')
    with pytest.raises(Refused) as caught:
        plain_answer(xml)
    assert caught.value.code == "unreadable-file"
    assert refusal(tmp_path, xml) == "unreadable-file"


def _example_sheets() -> list[bytes]:
    found = []
    for path in sorted(EXAMPLES.rglob("*.xlsx")):
        for name, data in hostile.read_zip(path).items():
            if "worksheets/" in name and name.endswith(".xml"):
                found.append(data)
    return found


SAME = {
    "inline and shared": sheet(
        '<row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3" s="2" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="9"><c r="AB9" s="1" t="s" cm="1"><v>1</v></c><c r="E12" t="n"><v>5</v></c></row>'
    ),
    "formulas": sheet(
        '<row r="9"><c r="E9" s="1"><f>1+1</f><v>2</v></c><c r="F9"><f t="shared" ref="F9:F10" si="0">E9</f><v></v></c>'
        '<c r="G9" t="str"><f>"a"&amp;"b"</f><v> \u00a0</v></c><c r="H9"><f si="0" t="shared"/></c>'
        '<c r="I9"><f>2</f><v/></c><c r="J9" t="s"><f>x</f><v>0</v></c></row>'
    ),
    "empty sheet": sheet(""),
    "no dimension": sheet('<row r="2"><c r="Z2"/></row>').replace(b'<dimension ref="A1:B2"/>', b""),
    "excel root": sheet(
        '<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="C1" s="1" t="s"><v>0</v></c></row>',
        root=f'<worksheet xmlns="{MAIN}" xmlns:r="urn:r" xmlns:mc="urn:mc" xmlns:x14ac="urn:x" '
        'mc:Ignorable="x14ac">',
    ),
}


@pytest.mark.parametrize("xml", [*SAME.values(), *_example_sheets()])
def test_where_the_fast_path_answers_it_agrees_with_the_tree(xml):
    plain, plain_seen = plain_facts(xml)
    if plain is None:
        return  # declined: the tree answers
    assert (plain, plain_seen) == tree_answer(xml)


def test_the_shipped_examples_take_the_fast_path():
    answers = [plain_answer(xml) for xml in _example_sheets()]
    assert answers and all(a is not None for a in answers)
    assert [plain_answer(x) for x in SAME.values()] == [2, 1, 0, 0, 1]
    assert plain_facts(SAME["formulas"])[1].unsaved_formulas == {"F9", "G9", "H9", "I9"}


def test_a_far_formula_cell_is_refused_by_the_fast_path():
    with pytest.raises(Refused) as caught:
        plain_answer(sheet(f'<row r="1"><c r="{FAR}"><f>1+1</f><v>2</v></c></row>'))
    assert caught.value.code == "too-large"


def test_a_value_s_cell_type_is_found_by_searching_back():
    data = (
        b'<cols><col min="1"/></cols><row r="1"><x:c r="A1" t="str"><x:f>1</x:f><x:v>a</x:v>'
        b'</x:c><c r="B1" t=\'s\'><v>0</v></c><c r="C1"><f>1</f><v>x</v></c></row>'
    )
    at = [m.start() for m in re.finditer(rb"<(?:x:)?v>", data)]
    assert [sheetscan._cell_type(data, i, True) for i in at] == [b"str", b"s", None]
    assert sheetscan._cell_type(data, data.index(b"<row"), True) is None  # only `<col` before


def test_the_tree_checks_prefixed_inline_text_its_byte_counts_do_not_see():
    """`<x:is>` is not counted by a search for `<is`: the tree's own count of `is` elements
    sends it to the full check (calamine reads `4<b>9</b>50` as 4950, LibreOffice as 50)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    cell = '<x:c r="A1" t="inlineStr"><x:is><x:t>4<x:b>9</x:b>50</x:t></x:is></x:c>'
    xml = f'<x:worksheet xmlns:x="{main}"><x:sheetData><x:row r="1">{cell}</x:row></x:sheetData></x:worksheet>'
    with pytest.raises(Refused):
        tree_answer(xml.encode())
    plain = cell.replace("4<x:b>9</x:b>50", "450")
    assert tree_answer(xml.replace(cell, plain).encode())[0] == 0


def _pieces(data: bytes, cut: int) -> list[bytes]:
    return [data[:cut], data[cut:]]


NUMBERS = (
    b'<row r="4389"><c r="C4389" t="s"><v>7</v></c><c r="D4389" s="12"><v>14</v></c>'
    b'<c r="E4389"><v>-1.5E-3</v></c><c r="F4389" t="str"><f>A1</f><v>x</v></c></row>'
)


def test_a_number_cut_between_two_chunks_of_a_streamed_part_is_read_whole():
    """Our own summary of 1.000 units was refused ('ô D4389 … giá trị được lưu là "1"'): the
    inflated chunk ended in `<v>1`, and the check read the cut value as the whole. At every
    cut of a sheet's bytes, the cells are the same to the check as read whole."""
    data = sheet(NUMBERS)
    for cut in range(len(data) + 1):
        assert b"".join(sheetscan._checked(iter(_pieces(data, cut)), "Theo chỉ tiêu")) == data


def test_an_odd_number_cut_between_two_chunks_is_still_refused_naming_its_cell():
    data = sheet(NUMBERS.replace(b"<v>14</v>", b"<v>14 x</v>"))
    for cut in range(len(data) + 1):
        with pytest.raises(Refused) as caught:
            list(sheetscan._checked(iter(_pieces(data, cut)), "Theo chỉ tiêu"))
        assert 'ô D4389 là ô số nhưng giá trị được lưu là "14 x"' in caught.value.reason, cut


def test_a_value_left_open_at_the_end_of_a_part_is_a_broken_file(tmp_path):
    """The last chunk's cut value is not judged by the check: expat refuses the part."""
    whole = streamed_sheet(sheet(NUMBERS))
    xml = whole[: whole.index(b"<v>-1.5E-3") + len(b"<v>-1.5")]
    assert xml.endswith(b'<c r="E4389"><v>-1.5')
    assert refusal_reason(tmp_path, xml)[0] == "unreadable-file"


def test_a_big_sheet_of_numbers_inflated_in_small_chunks_is_read_as_written(tmp_path, monkeypatch):
    """A real workbook streamed (larger than the tree's limit) and inflated in small chunks, so
    that many chunks end inside a value (`<v>4` of `<v>42</v>`): nothing refused, the figure
    read. (With the old check, chunks of 997 bytes refused it at the first cut value.)"""
    from dean5299_cli.readers import parts
    from dean5299_cli.readers.files import read_file

    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r * 7919 % 100003}</v></c><c r="B{r}"><v>{r}.25</v></c></row>'
        for r in range(200, 60_000)
    )
    path = submit(make_workspace(tmp_path), "x.xlsx", ct2=1350)
    parts_of = hostile.read_zip(path)
    xml = parts_of[hostile.SHEET]
    parts_of[hostile.SHEET] = xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")
    hostile.write_zip(path, parts_of)
    monkeypatch.setattr(parts, "_CHUNK", 997)
    raw = read_file(path, "x.xlsx")
    assert raw.refused_code is None, raw.refused_reason
    assert [s.values["ct2"].value for s in raw.submissions] == [1350]


@pytest.mark.parametrize("chunk", [61, 97, 997])
def test_text_results_errors_and_dates_are_not_judged_as_numbers_at_any_cut(tmp_path, monkeypatch, chunk):
    """A streamed part keeps the end of each chunk, to judge the next chunk's values in their
    cells. The bytes kept began anywhere, inside a cell too: a formula's text result, an error
    or a date there was judged again without its cell's type, as a number, and a good large file
    was refused as broken depending on where its chunks ended (a hostile pass found it)."""
    from dean5299_cli.readers import parts

    monkeypatch.setattr(sheetscan, "_CELL_LOOKBACK", 256)  # what is kept: as 64 KB, in small
    monkeypatch.setattr(parts, "TREE_BELOW", 0)
    monkeypatch.setattr(parts, "_CHUNK", chunk)
    monkeypatch.setattr(sheetscan, "_plain_streamed", lambda *args: None)  # the streaming pass
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="str"><f>"x{"y" * (r % 13)}"</f><v>x{r}</v></c>'
        f'<c r="B{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C{r}" t="d"><v>2024-0{1 + r % 9}-1{r % 10}</v></c></row>'
        for r in range(1, 300)
    )
    path = submit(make_workspace(tmp_path), "x.xlsx")
    package = hostile.read_zip(path)
    package[hostile.SHEET] = sheet(rows)
    hostile.write_zip(path, package)
    facts = inspect(path.read_bytes())
    assert facts.sheets["Báo cáo"].errors == {f"B{r}": "#DIV/0!" for r in range(1, 300)}


def _cell_start_again(data: bytes, at: int, prefixed: bool, end: int) -> bytes | None:
    """The last cell start tag before `at` as the search found it before it was made linear:
    begun again from each `<c` or `:c`, its `<` searched for each `:c` (and first from the last
    `<` before `at`, a prefixed tag's `:c` after it)."""
    lo, stop = max(0, at - sheetscan._CELL_LOOKBACK), at
    last = data.rfind(b"<", lo, at)
    if last >= 0 and (m := sheetscan._CELL_START.match(data, last, end)):
        return m.group()
    while (i := max(data.rfind(b"<c", lo, stop), data.rfind(b":c", lo, stop) if prefixed else -1)) >= 0:
        tag = i if data[i] == ord("<") else data.rfind(b"<", lo, i)
        m = sheetscan._CELL_START.match(data, tag, end) if tag >= 0 else None
        if m is not None:
            return m.group()
        stop = i
    return None


@pytest.mark.parametrize("seed", range(5))
def test_the_cell_before_a_value_is_found_as_by_a_search_begun_again_at_each_candidate(seed, monkeypatch):
    """A streamed part is searched back for a cell's start tag at the end of every chunk it is
    inflated in. Begun again from every `:c` (text a hostile part may hold anywhere: 64 KB of
    `:c:c…` in an element after the rows), the search took half a second for each chunk, 24 s
    for a sheet of 8 MB read in 0,2 s before; it now looks at each byte a few times. It finds
    the same start tag as before, whatever the bytes around it (comments, prefixes, `>`)."""
    monkeypatch.setattr(sheetscan, "_CELL_LOOKBACK", 24)
    rng = random.Random(seed)
    bits = [b"<c", b":c", b"<", b">", b" ", b"c", b"x", b"<x:c", b"<c ", b"<c>", b' t="str"', b"<col", b"\n", b":", b"-->"]
    for _ in range(20_000):
        data = b"".join(rng.choice(bits) for _ in range(rng.randint(0, 30)))
        at = rng.randint(0, len(data))
        end = rng.choice([at, rng.randint(at, len(data))])
        prefixed = rng.random() < 0.7
        found = sheetscan._last_cell_start(data, at, prefixed, end)
        assert (found.group() if found else None) == _cell_start_again(data, at, prefixed, end), (data, at, end)


def test_a_prefixed_cell_kept_from_its_start_tag_at_any_cut(monkeypatch):
    """The bytes kept at a chunk's end begin at the last cell start tag. A prefixed one
    (`<x:c`, as some writers spell every element) whose `<` came before that point and its `:c`
    after was not found, and when no cell began within the 64 KB before it (a long text before
    it) the kept bytes began inside its tag: its formula's text result was judged again as a
    number, and a good file was refused as broken depending on where its chunks ended."""
    monkeypatch.setattr(sheetscan, "_CELL_LOOKBACK", 256)
    root = f'<worksheet xmlns="{MAIN}" xmlns:x="{MAIN}">'
    data = sheet(
        f'<row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>{"Xã Phước Sơn " * 40}</x:t></x:is></x:c>'
        '<x:c r="B1" t="str"><x:f>A1&amp;"x"</x:f><x:v>Xã &amp; x</x:v></x:c></row>'
        + "".join(f'<row r="{r}"><x:c r="A{r}"><x:v>{r}</x:v></x:c></row>' for r in range(2, 20)),
        root=root,
    )
    for cut in range(len(data) + 1):
        assert b"".join(sheetscan._checked(iter(_pieces(data, cut)), "Báo cáo")) == data, cut
