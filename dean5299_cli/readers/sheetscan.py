"""Guard one worksheet part: its extent (any spelling of a cell reference, rows and cells without
`r`), error results and formulas without a saved result. A small part spelt the plain way writers
spell it is checked for well-formedness by expat and read by regular expressions; any other small
part is parsed to a tree, a large one streamed."""

from __future__ import annotations

import itertools
import operator
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from dean5299_cli.readers import rowcut
from dean5299_cli.readers.limits import (
    MAX_CELL_TEXT,
    Refused,
    SheetFacts,
    check_extent,
    column_letters,
    corrupt,
    shorten,
)
from dean5299_cli.readers.parts import Inflater, parse_stream, small_part, well_formed, xml_tree
from dean5299_cli.readers.richtext import MAINS, InlineTally, check_inline_strings, plain_inline
from dean5299_cli.readers.styles import Formats
from dean5299_cli.readers.zipdir import Entry

_REF = re.compile(r"\$?([A-Za-z]{1,7})\$?([0-9]{1,15})")
_REFS = re.compile(r"^\$?([A-Za-z]{1,7})\$?([0-9]{1,15})$", re.M)


# The plain spelling (what Excel, LibreOffice and openpyxl write). Anything else — another
# encoding, comments, CDATA, a DOCTYPE, processing instructions, a prefixed `c`, `row`, `f`… (the
# `xml:` prefix too: it is bound without any declaration, and calamine reads `xml:c` as a cell),
# single quotes, spaces around `=`, character references, `$` or lower case in a reference, a
# cell without `r`, attributes in another order, a formula not first in its cell or its value
# spelt otherwise, an error result — makes `_plain_sheet` decline, and the part is parsed to a
# tree as before. For the extent namespaces do not matter: like calamine, both count a `c` in
# any namespace (a cell outside the main ones is then refused: see `_foreign_cells`).
# Well-formedness (checked by expat) guarantees that every `<` opens markup, so `<c` followed by
# white space, `/` or `>` is exactly an unprefixed `c` element: each must match the strict
# branch of `_CELL`, whose first group is empty for the loose branch; and each `<f` must be
# matched by `_FORMULA_CELL`.
_PROLOG = re.compile(
    rb'(?:\xef\xbb\xbf)?(?:<\?xml version="1\.[0-9]"(?: encoding="(?i:utf-8)")?'
    rb'(?: standalone="(?:yes|no)")?\?>\s*)?(?=<[A-Za-z_][A-Za-z0-9_.-]*[\s/>])'
)
_MARKUP_DECL = re.compile(rb"<[!?]")  # comment, CDATA, DOCTYPE, processing instruction
_PREFIX_DECL = re.compile(rb"xmlns(?::([^\s=/>]+))?\s*=")  # a prefix, or "" for the default
# Cells only where LibreOffice reads them (see `_foreign_cells`): the plain part declares one
# default namespace, a main one, on its root `worksheet` (its attributes spelt plainly), and no
# other (`xmlns` spelt nowhere else); its `sheetData` is a child of the root, and no declared
# prefix is used inside it.
_ROOT = re.compile(rb'<worksheet((?:\s+[^\s="/>]+="[^"<]*")*)\s*>')
_MAIN_DECL = re.compile(
    rb'\sxmlns="(?:' + b"|".join(re.escape(ns.encode()) for ns in sorted(MAINS)) + rb')"'
)
_MAIN_TAGS = tuple("{" + ns + "}" for ns in sorted(MAINS))
_WORKSHEETS = frozenset(tag + "worksheet" for tag in _MAIN_TAGS)
_ANY_FORMULA = re.compile(rb"<f[\s/>]")
_ANY_DIMENSION = re.compile(rb"<dimension[\s/>]")
_DIMENSION = re.compile(rb'<dimension ref="([A-Za-z0-9$:]{0,40})"/>')
# A cell whose first child is a formula, then at most a value: every `<f` must start one.
_FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,7}[0-9]{1,15})"(?: [a-z]{1,2}="[A-Za-z0-9]{0,12}")*>'
    rb'<f(?: [A-Za-z]{1,12}="[^"<&]*")*(?:/>|>[^<]*</f>)(?:<v>([^<&]*)</v>|<v/>)?</c>'
)
# A shared-string cell spelt plainly: its value, when it has one, is the index alone. calamine
# reads any other spelling (` 1`, `-1`, `1.0`, `+1`, an index past 2⁶⁴) as entry 0: another text,
# or a blank read as 0, without a word. Every `t="s"` cell must match this (else the tree checks).
_SHARED_CELL = re.compile(
    rb'<c r="[A-Z]{1,7}[0-9]{1,15}"(?: s="[0-9]{1,9}")? t="s"(?: (?:cm|vm|ph)="[0-9]{1,9}")*'
    rb'(?:/>|>(?:<f(?: [A-Za-z]{1,12}="[^"<&]*")*(?:/>|>[^<]*</f>))?(?:<v>[0-9]{1,10}</v>)?</c>)'
)
_SHARED_INDEX = re.compile(r"[0-9]{1,10}\Z")
# A date cell (`t="d"`) holds an ISO 8601 date, time or both. calamine reads any other value as
# text (`669`, then read as the number 669) where openpyxl refuses the file and Excel repairs it.
_ISO_DATE = re.compile(
    r"\s*(?:[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
    r"|[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)(?:Z|[-+][0-9]{2}:[0-9]{2})?\s*\Z"
)
# A second `v` in a cell: calamine keeps the last, openpyxl (and Excel's own repair) the first.
# Two patterns, each searched for by its literal start (faster than one alternation).
_TWO_VALUES = (re.compile(rb"</v>\s*<v[\s/>]"), re.compile(rb"<v/>\s*<v[\s/>]"))
# A value (`v`) whose text is not one plain run: calamine reads a number, an index or an error
# from the first piece only (`4&#53;0` is 4, `<![CDATA[669]]>` nothing), LibreOffice and
# openpyxl from the whole. A reference in the text of a formula's result (`t="str"`) calamine
# does resolve; a comment, CDATA or processing instruction it drops anywhere.
_PREFIXED = rb"<(?:[A-Za-z_][A-Za-z0-9_.-]*:)?"
_V_SPLIT = re.compile(_PREFIXED + rb"v(?:\s[^>]*)?>[^<&]*(<[!?]|&)")
_V_AMP = re.compile(rb"<v(?:\s[^>]*)?>[^<&]*&")  # the plain spelling's only way to split one
_CELL_START = re.compile(_PREFIXED + rb"c(?:\s[^>]*)?>")
_TYPE = re.compile(rb"""\st\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_LOOKBACK = 64 * 1024  # bytes before a value searched for its cell's start tag
# A number as a cell of type `n` (or of no type) holds it. Any other text there calamine reads
# as text, and the tool as a Vietnamese number (`1 669` as 1669, `1.669.000` as 1669000) where
# LibreOffice reads another number (1, 1,669) or nothing: no spreadsheet program writes one.
_NUMBER_BYTES = rb"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"
_V_NUMBER = re.compile(rb"<v>(?:" + _NUMBER_BYTES + rb")?</v>")  # a number, or nothing
_NUMBER = re.compile(_NUMBER_BYTES)
_V_OTHER = re.compile(rb"<v(?!>(?:" + _NUMBER_BYTES + rb")?</v>|/>)")  # a value that is not
# The same in any spelling (tree and stream); white space around the number too (`<v> 669 </v>`:
# LibreOffice shows 669, calamine cannot read it, and what Excel does is not known); the plain
# `<v` first (a literal: searched fast), for a part without any prefixed value
_OTHER_VALUE = rb"v(?:\s[^>]*)?>(?!(?:" + _NUMBER_BYTES + rb")?</)"
_VALUE_TEXT = re.compile(rb">([^<]{0,40})")  # what a value holds, as far as it is shown
_REF_ATTR = re.compile(rb"""\sr\s*=\s*["']\s*([A-Za-z]{1,7}[0-9]{1,15})\s*["']""")
_PLAIN_V_OTHER = re.compile(rb"<" + _OTHER_VALUE)
_ANY_V_OTHER = re.compile(_PREFIXED + _OTHER_VALUE)
# A formula's text result in the plain spelling, its value element captured (any text is fine).
_STR_CELL = re.compile(
    rb'<c r="[A-Z]{1,7}[0-9]{1,15}"(?: s="[0-9]{1,9}")? t="str"(?: (?:cm|vm|ph)="[0-9]{1,9}")*>'
    rb'<f(?: [A-Za-z]{1,12}="[^"<&]*")*(?:/>|>[^<]*</f>)(<v>[^<]*</v>|<v/>)?</c>'
)
# Inline text (`is`) only as the whole content of a cell of type `inlineStr`: every `<is` opens
# the first child of such a cell (its type the last attribute written), every `</is>` is right
# before the cell's end (see `_inline_text`).
_IS_NOT_LAST = re.compile(rb"</is>(?!</c>)")
_CELL = re.compile(
    rb'<c(?: r="([A-Z]{1,7})([0-9]{1,15})"(?: s="[0-9]{1,9}")?(?: t="([A-Za-z]{1,12})")?'
    rb'(?: (?:cm|vm|ph)="[0-9]{1,9}")*/?>|[\s/>])'
)


# A start tag of a prefix and a local name the tree reads (`x:c`, `x:row`…), its prefix captured;
# a start tag of any prefix. One search each, however many prefixes a part declares: a search
# for each declared prefix over the whole part took a minute for a few thousand of them.
_PREFIXED_OURS = re.compile(rb"<([^\s=/><]+):(?:c|row|f|v|is|t|dimension|sheetData)[\s/>]")
_PREFIXED_TAG = re.compile(rb"<([^\s=/><:]+):")


def _col_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + (ord(ch) - 64)
    return number


def _cell_name(ref: str) -> str:
    """`F9` for `F9`, `$f$09`, `F09`: a reference as the values reader places it (calamine reads
    the digits as a number), so that what the guard files under it is found again."""
    m = _REF.fullmatch(ref)
    if not m:
        raise corrupt()
    return f"{m.group(1).upper()}{int(m.group(2))}"


_TAG = operator.attrgetter("tag")


def _local(tag: str) -> str:
    """`c` for `{namespace}c`: calamine matches elements by local name, whatever their namespace
    (a `<foo:c>` or a `<c>` under another default namespace is a cell to it), so the guard does."""
    return tag.rpartition("}")[2]


def _spelling(by_local: dict[str, list[str]], local: str) -> str | None:
    """The one tag spelling `local` in this sheet ("" when none does); None when there are several
    (namespaces), for `_child` to walk the children."""
    spellings = by_local.get(local, [])
    return spellings[0] if len(spellings) == 1 else "" if not spellings else None


def _child(element: ET.Element, local: str, tag: str | None) -> ET.Element | None:
    """The first child named `local` in any namespace (found in C when spelt one way only)."""
    if tag is not None:
        return element.find(tag) if tag else None
    return next((x for x in element if _local(x.tag) == local), None)


def _foreign_cells(root: ET.Element, tags: set[str]) -> bool:
    """Whether cells are where calamine reads them and LibreOffice does not: calamine reads a
    `sheetData` anywhere, and rows, cells, values and text in it by local name in any namespace;
    LibreOffice only one `sheetData` child of a `worksheet` root, all of the main namespace
    (`<c xmlns="">`, `<x:sheetData xmlns:x="urn:x">`, a `sheetData` inside an unknown element
    or under a root `foo`: 500 to calamine, blank to LibreOffice). Outside `sheetData` other
    namespaces are common (Excel's `extLst`)."""
    named = [tag for tag in tags if _local(tag) == "sheetData"]
    if not named:
        return False
    if root.tag not in _WORKSHEETS or len(named) > 1 or not named[0].startswith(_MAIN_TAGS):
        return True
    data = root.find(named[0])
    if data is None or sum(1 for _ in root.iter(named[0])) != 1:
        return True
    if all(tag.startswith(_MAIN_TAGS) for tag in tags):
        return False
    return any(not tag.startswith(_MAIN_TAGS) for tag in map(_TAG, data.iter()))


def _tree_sheet(
    root: ET.Element, whole: bytes, name: str, facts: SheetFacts, long_text: bool
) -> int:
    """The same checks as `SheetScan`, on a small sheet parsed to a tree; returns the number
    of cells referring to shared strings."""
    tags = set(map(_TAG, root.iter()))  # a handful: each looked at once
    by_local: dict[str, list[str]] = {}
    for tag in sorted(tags):
        by_local.setdefault(_local(tag), []).append(tag)
    dim = _child(root, "dimension", _spelling(by_local, "dimension"))
    if dim is not None:
        m = _REF.fullmatch(dim.get("ref", "").rpartition(":")[2])
        if m:
            check_extent(name, int(m.group(2)), _col_number(m.group(1)))
    cells = [c for tag in by_local.get("c", ()) for c in root.iter(tag)]
    has_formula = "f" in by_local
    refs = [c.get("r") or "" for c in cells]
    if "" in refs:
        return -1  # positions by order: the streaming scan counts them
    joined = "\n".join(refs)
    found = _REFS.findall(joined)
    if len(found) != len(refs) or joined.count("\n") > max(len(refs) - 1, 0):
        raise corrupt()  # (a line break in a reference, `&#10;`, would match twice and pad the count)
    if found:
        letters, digits = zip(*found, strict=True)
        check_extent(name, max(map(int, set(digits))), max(map(_col_number, set(letters))))
        if len({(x.upper(), int(d)) for x, d in found}) != len(found):
            raise corrupt()  # a cell written twice: which figure the unit sees is not known
    if _foreign_cells(root, tags):
        raise corrupt()  # (after the extent: a far cell is refused as too large, whatever its namespace)
    kinds = [c.get("t") for c in cells]
    shared = 0
    f_tag, v_tag = _spelling(by_local, "f"), _spelling(by_local, "v")
    if any(_values(cell, v_tag) > 1 for cell in cells):
        raise corrupt()  # two values in one cell (see `_TWO_VALUES`)
    for cell, kind in zip(cells, kinds, strict=True):
        if kind == "s":
            _check_index(_child(cell, "v", v_tag))
        elif kind == "d":
            _check_date(_child(cell, "v", v_tag))
    if "is" in by_local:
        _inline_text(cells, kinds, v_tag)
        elements = sum(1 for tag in by_local["is"] for _ in root.iter(tag))
        if not plain_inline(whole, elements):
            check_inline_strings(iter((whole,)))
    if not ("e" in kinds or (long_text and "inlineStr" in kinds) or has_formula):
        return kinds.count("s")  # no error result, long text or formula: nothing more to see
    for cell, ref in zip(cells, refs, strict=True):
        kind = cell.get("t")
        if kind == "s":
            shared += 1
        elif kind == "e":
            v = _child(cell, "v", v_tag)
            text = (v.text or "").strip()[:20] if v is not None else ""
            facts.errors[_cell_name(ref)] = text or "#VALUE!"
            continue
        elif kind == "inlineStr" and long_text and _text_length(cell) > MAX_CELL_TEXT:
            raise Refused("too-large", f"ô {ref} chứa hơn {MAX_CELL_TEXT} ký tự")
        if len(cell) and _child(cell, "f", f_tag) is not None:  # <f>, and <v> if saved
            v = _child(cell, "v", v_tag)
            if v is None or not (v.text or "").strip():
                facts.unsaved_formulas.add(_cell_name(ref))
    return shared


def _inline_text(cells: list[ET.Element], kinds: list[str | None], v_tag: str | None) -> None:
    """Inline text (`is`) only in a cell of type `inlineStr`, and never beside a value (`v`).
    Elsewhere calamine reads it as the cell's content where LibreOffice and openpyxl show the
    cell blank (in a cell of another type, or beside a value): a figure the unit never saw."""
    for cell, kind in zip(cells, kinds, strict=True):
        if any(_local(x.tag) == "is" for x in cell.iter()) and (
            kind != "inlineStr" or _values(cell, v_tag)
        ):
            raise corrupt()


def _values(cell: ET.Element, tag: str | None) -> int:
    """How many `v` children `cell` has (`tag`: their one spelling, "" none, None several)."""
    if tag is not None:
        return len(cell.findall(tag)) if tag else 0
    return sum(1 for x in cell if _local(x.tag) == "v")


def _check_index(value: ET.Element | None) -> None:
    """A shared-string cell's value is its index alone (or there is none): see `_SHARED_CELL`."""
    if value is not None and not _SHARED_INDEX.match(value.text or ""):
        raise corrupt()


def _check_date(value: ET.Element | None) -> None:
    """A date cell's value is an ISO 8601 date or time (or there is none): see `_ISO_DATE`."""
    if value is not None and not _ISO_DATE.match(value.text or ""):
        raise corrupt()


def _values_are_numbers(whole: bytes, kinds: tuple[bytes, ...]) -> bool:
    """Whether every value of a plain part is a number but those of formulas' text results:
    each value that is not (`_NUMBER_BYTES`) must be one of these, counted (see `_STR_CELL`)."""
    values = whole.count(b"<v>")
    if whole.count(b"<v") != values + whole.count(b"<v/>"):
        return False  # a value spelt with attributes
    others = values - len(_V_NUMBER.findall(whole))
    if not others:
        return True
    texts = _STR_CELL.findall(whole)
    if len(texts) != kinds.count(b"str"):
        return False
    return others == sum(1 for v in texts if v and v != b"<v/>" and not _V_NUMBER.fullmatch(v))


# What may follow a value's start tag at the end of a piece of a streamed part: the number and
# its end tag not all there yet (`<v>1` of `<v>14</v>`), so that whether it is a number cannot
# be told before the next piece comes; or less of its text than `_odd_number` shows.
_UNFINISHED = re.compile(rb"(?:[-+0-9.eE]{0,4096}(?:</?)?|[^<]{0,40})\Z")


def _split_values(data: bytes, sheet: str = "", more: bool = False) -> int:
    """Refuse a value whose text is split (see `_V_SPLIT`): by a comment, CDATA or processing
    instruction in any cell, by a reference in any cell but a formula's text result; and a
    number cell's value that is no number as spreadsheet programs write one (`_NUMBER_BYTES`),
    naming `sheet` and the cell. `more`: `data` is a piece of a part that goes on, and a value
    cut at its end is not judged; returns where that value starts (else `len(data)`), for the
    caller to look at it again with the next piece."""
    cells = b":c" in data  # a prefixed cell may be there (byte searches: fast)
    if b"&" in data or b"<!" in data or b"<?" in data:
        for m in _V_SPLIT.finditer(data):
            if m.group(1) != b"&" or _cell_type(data, m.start(), cells) != b"str":
                raise corrupt()
    # Without a prefixed value, the search for the plain `<v` (a literal: fast) finds them all.
    prefixed = any(b":v" + end in data for end in (b">", b" ", b"\t", b"\n", b"\r"))
    for m in (_ANY_V_OTHER if prefixed else _PLAIN_V_OTHER).finditer(data):
        if more and _UNFINISHED.match(data, m.end()):
            return m.start()  # the last value, cut: see `_checked`
        start = _cell_start(data, m.start(), cells)
        if _type_of(start) in (None, b"n"):
            raise _odd_number(data, m.end(), start, sheet)
    return len(data)


def _odd_number(data: bytes, at: int, start: bytes | None, sheet: str) -> Refused:
    """A number cell whose value is written as no spreadsheet program writes one: said with its
    sheet, its cell and the text (`<v> 669 </v>`), never as a broken file."""
    ref = _REF_ATTR.search(start or b"")
    text = _VALUE_TEXT.match(data, at - 1)
    if ref is None or text is None:
        return corrupt()
    cell = ref.group(1).decode("ascii")
    where = f'trang "{shorten(sheet, 60)}", ô {cell}' if sheet else f"ô {cell}"
    value = text.group(1)
    if value.strip() != value and _NUMBER.fullmatch(value.strip()):
        number = value.strip().decode("ascii")
        how = f"số {shorten(number, 20)} được lưu kèm dấu cách hoặc dấu xuống dòng"
    else:
        shown = " ".join(value.decode("utf-8", "replace").split())
        how = f'giá trị được lưu là "{shorten(shown, 20)}"'
    return Refused(
        "unreadable-file", f"{where} là ô số nhưng {how}, không theo cách Excel lưu số"
    )


def _type_of(start: bytes | None) -> bytes | None:
    """The type (`t`) written in a cell's start tag (None: no type, or no start tag)."""
    kind = _TYPE.search(start) if start is not None else None
    return (kind.group(1) or kind.group(2)) if kind else None


def _cell_type(data: bytes, at: int, prefixed: bool) -> bytes | None:
    """The type (`t`) of the cell whose start tag comes last before `at` (see `_cell_start`)."""
    return _type_of(_cell_start(data, at, prefixed))


def _cell_start(data: bytes, at: int, prefixed: bool) -> bytes | None:
    """The start tag of the cell that comes last before `at` (None: no cell within
    `_CELL_LOOKBACK`). Found by searching back from `at`: the work is that of the
    cell itself, not of a 64 KB window for each of 200.000 formula results. `prefixed`: whether
    `data` may hold a prefixed cell (`:c` anywhere), else only `<c` is looked for."""
    m = _last_cell_start(data, at, prefixed, at)
    return m.group() if m else None


def _last_cell_start(data: bytes, at: int, prefixed: bool, end: int) -> re.Match[bytes] | None:
    """The last cell start tag beginning before `at` and ending before `end` (see `_cell_start`),
    its `:c` before `at` or not.
    Each byte looked at a few times, whatever the window holds: a search begun again from each
    `<c` or `:c` that is not a cell took a second for 64 KB of `:c:c…` (text a hostile part may
    hold anywhere), and `_checked` searches once for each chunk of a part."""
    lo = max(0, at - _CELL_LOOKBACK)
    tag = data.rfind(b"<", lo, at)  # the last `<` tried: first the last before `at`, which a
    # prefixed tag may begin at with its `:c` after `at` (`<x` kept at a chunk's end, `:c` not)
    close = data.find(b">", tag, end) if tag >= 0 else -1  # the first `>` after `tag`
    m = _CELL_START.match(data, tag, close + 1) if close >= 0 else None
    if m is not None or tag < 0:
        return m
    opens = data.rfind(b"<c", lo, at)
    colons = data.rfind(b":c", lo, at) if prefixed else -1
    while (i := max(opens, colons)) >= 0:
        if i == opens:
            start, opens = i, data.rfind(b"<c", lo, i)
        else:  # `<x:c`: from its `<`, which every `:c` after it has too
            start = data.rfind(b"<", lo, i)
            colons = data.rfind(b":c", lo, start) if start >= 0 else -1
        if start < 0 or start == tag:
            continue  # `<col`, `:cfRule`…, or a `<` tried: not a cell; look further back
        gt = data.find(b">", start, tag)
        close, tag = gt if gt >= 0 else close, start
        m = _CELL_START.match(data, tag, close + 1) if close >= 0 else None  # (it ends there)
        if m is not None:
            return m
    return None


def _text_length(cell: ET.Element) -> int:
    return sum(len(t.text or "") for t in cell.iter() if _local(t.tag) == "t")


class _Rows:
    """The rows of a large part's pieces checked so far (`_plain_streamed`). The streaming pass
    refuses a row whose cells come back after another row's: a piece's cells must come row by
    row, in rows no piece before held. The part's extent is that of all its pieces."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seen: set[bytes] = set()
        self.rows = self.cols = 0

    def take(self, digits: tuple[bytes, ...], rows: set[bytes], widest: int, highest: int) -> bool:
        """Whether the cells of a piece (their rows, in order) may follow those before."""
        if not rows.isdisjoint(self.seen) or sum(1 for _ in itertools.groupby(digits)) != len(rows):
            return False
        self.seen |= rows
        self.rows, self.cols = max(self.rows, highest), max(self.cols, widest)
        check_extent(self.name, self.rows, self.cols)  # Refused: the stream says it, its way
        return True


def _plain_sheet(
    whole: bytes, name: str, facts: SheetFacts, pieces: _Rows | None = None
) -> int | None:
    """The checks of `_tree_sheet` on a small part in the plain spelling, by regular expressions
    over its bytes once expat has found it well-formed; the number of shared-string cells, or
    None when the part is spelt otherwise or holds what needs the tree (error results, inline
    text long enough to matter). `facts` is only written to when the answer is not None.
    `pieces`: `whole` is a piece of a large part (`rowcut`), after those it has seen."""
    prolog = _PROLOG.match(whole)
    if prolog is None or _MARKUP_DECL.search(whole, prolog.end()):
        return None
    root = _ROOT.match(whole, prolog.end())
    declared = _PREFIX_DECL.findall(whole)
    if root is None or not _MAIN_DECL.search(root.group(1)) or declared.count(b"") != 1:
        return None  # another root, or another default namespace somewhere: the tree looks
    prefixes = set(declared)
    prefixes.discard(b"")
    if b"<xml:" in whole:  # bound without a declaration (any other undeclared one is not well-formed)
        prefixes.add(b"xml")
    if prefixes and not prefixes.isdisjoint(m.group(1) for m in _PREFIXED_OURS.finditer(whole)):
        return None
    data = whole.find(b"<sheetData", root.end())
    if data >= 0:
        head = whole[root.end() : data]
        ends, empty = head.count(b"</"), head.count(b"/>")
        if (
            whole.count(b"sheetData", data) != 2  # one, opened and closed (none inside)
            or head.count(b"<") != head.count(b">")  # every `>` ends a tag: `/>` is an empty one
            or head.count(b"<") - ends - empty != ends  # as many elements opened as closed
        ):
            return None  # a `sheetData` elsewhere than a child of the root
        if prefixes:
            data_end = whole.find(b"</sheetData>", data)
            inside = _PREFIXED_TAG.finditer(whole, data, data_end if data_end >= 0 else len(whole) - 1)
            if not prefixes.isdisjoint(m.group(1) for m in inside):
                return None  # an element of another namespace inside it (see `_foreign_cells`)
    well_formed(whole)
    loose = _ANY_DIMENSION.search(whole)
    if loose is not None:
        dim = _DIMENSION.match(whole, loose.start())
        if dim is None or _ANY_DIMENSION.search(whole, loose.end()):
            return None  # spelt otherwise, or more than one
        m = _REF.fullmatch(dim.group(1).decode("ascii").rpartition(":")[2])
        if m:
            check_extent(name, int(m.group(2)), _col_number(m.group(1)))
    cells = _CELL.findall(whole)
    if not cells:
        return 0
    letters, digits, kinds = zip(*cells, strict=True)
    if b"" in letters:
        return None
    rows = set(digits)
    widest = max(_col_number(x.decode("ascii")) for x in set(letters))
    highest = max(map(int, rows))
    check_extent(name, highest, widest)
    if len(set(zip(letters, digits, strict=True))) != len(cells) or b"0" in {d[:1] for d in rows}:
        return None  # a cell written twice, or a row spelt `09`: the tree compares numbers
    if pieces is not None and not pieces.take(digits, rows, widest, highest):
        return None
    if any(second.search(whole) for second in _TWO_VALUES):
        return None  # a cell with two values: the tree refuses it
    if _V_OTHER.search(whole) and (_V_AMP.search(whole) or not _values_are_numbers(whole, kinds)):
        return None  # a reference in a value (`_split_values`), or text (the tree looks at it)
    if b"e" in kinds or b"d" in kinds or (b"inlineStr" in kinds and len(whole) > MAX_CELL_TEXT):
        return None
    if b"<is" in whole and (
        whole.count(b"<is") != whole.count(b't="inlineStr"><is>') or _IS_NOT_LAST.search(whole)
    ):
        return None  # inline text spelt otherwise, or where it is not shown: the tree decides
    if b"<is" in whole and not plain_inline(whole):
        return None  # inline text not in the plain shape (see `richtext`): the tree checks it
    shared = kinds.count(b"s")
    if shared and len(_SHARED_CELL.findall(whole)) != shared:
        return None  # a shared-string cell spelt otherwise: the tree looks at its index
    formulas = _ANY_FORMULA.findall(whole)
    if formulas:
        with_value = _FORMULA_CELL.findall(whole)
        if len(with_value) != len(formulas):
            return None  # a formula elsewhere than first in a cell, or its value spelt otherwise
        facts.unsaved_formulas.update(
            _cell_name(ref.decode("ascii"))
            for ref, value in with_value
            if not value.decode().strip()
        )
    return shared


class SheetScan:
    """Expat handlers over one worksheet: extent, cell count, errors, formulas without value."""

    def __init__(self, name: str, facts: SheetFacts, formats: Formats | None = None) -> None:
        self.name, self.facts = name, facts
        self.formats = formats  # cells using one are noted, as `StyleScan` notes them
        self.row, self.col = 0, -1  # as calamine counts: the row of a cell without `r`, last column
        self.in_cell = False
        self.max_row = self.max_col = 0
        self.shared = 0
        self.ref = ""
        self.kind = ""
        self.formula = False
        self.value: list[str] | None = None
        self.text = 0
        # A cell written twice, found in little memory (a streamed part may hold two million
        # cells): the columns of the row being read, and the rows read before it. A row whose
        # cells come back after another row's is refused here, though the tree would look at
        # each cell: no spreadsheet program writes one, and a part this large is not a form.
        self.cells_row = -1
        self.columns: set[int] = set()
        self.rows_done: set[int] = set()  # at most MAX_ROWS
        self.v_seen = 0  # `v` elements in the current cell
        self.is_seen = False  # an `is` (inline text) in the current cell
        self.inline = 0  # `is` elements in the part's cells
        self.depth = 0  # elements open outside `sheetData` (counted there only: it is cheaper)
        self.data = False  # inside a `sheetData` (see `_foreign_cells`)
        self.datas = 0  # `sheetData` elements seen
        self.worksheet = False  # the root is a `worksheet` of a main namespace
        self.foreign = False  # a cell where LibreOffice does not read it (refused at the end,
        # after the extent: a far cell is refused as too large, whatever its namespace)
        self.parser: Any = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        namespace, _, tag = name.rpartition("}")
        if self.data:  # inside `sheetData` (inline: once per element of a large part)
            if namespace not in MAINS or tag == "sheetData":
                self.foreign = True
        else:
            if tag == "sheetData" or not self.depth:
                self._placed(namespace, tag)
            self.depth += 1
        if tag in ("c", "row") and self.in_cell:
            # No writer puts one in a cell's `is`, `v` or `f`, where calamine ends each element
            # at the first closing tag of its name, not at its own: positions would part ways.
            raise corrupt()
        if tag == "c":
            self._cell(attrs)
            self.in_cell = True
        elif tag == "row":  # calamine moves on to the next row at `</row>`
            r = attrs.get("r")
            if r and r.isdigit():
                self.row = int(r) - 1
        elif tag == "f":
            self.formula = True
        elif tag == "v":
            self.v_seen += 1
            if self.v_seen > 1 or self.is_seen:
                raise corrupt()  # two values in one cell (`_TWO_VALUES`), or text and value
            if self.kind in ("e", "s", "d") or self.formula:
                self.value = []
                self.parser.CharacterDataHandler = self.value.append
        elif tag == "is" and self.in_cell:
            if self.kind != "inlineStr" or self.v_seen:
                raise corrupt()  # text a spreadsheet program does not show (`_inline_text`)
            self.is_seen = True
            self.inline += 1
        elif tag == "t":
            self.text = 0
            self.parser.CharacterDataHandler = self._count
        elif tag == "dimension":
            m = _REF.fullmatch(attrs.get("ref", "").rpartition(":")[2])
            if m:
                check_extent(self.name, int(m.group(2)), _col_number(m.group(1)))

    def _placed(self, namespace: str, tag: str) -> None:
        """The root and a `sheetData` (the elements inside it: `start`; see `_foreign_cells`)."""
        if not self.depth:
            self.worksheet = namespace in MAINS and tag == "worksheet"
        elif tag == "sheetData":
            self.datas += 1
            self.foreign |= self.depth != 1 or self.datas > 1 or not self.worksheet
            self.foreign |= namespace not in MAINS
            self.data = True

    def _position(self, attrs: dict[str, str]) -> tuple[int, int, str]:
        """(row, column, reference) of a cell: its `r`, else the next column of the current row."""
        ref = attrs.get("r")
        if ref is None:
            row, col = max(self.row, 0), self.col + 1
            return row, col, f"{column_letters(col)}{row + 1}"
        m = _REF.fullmatch(ref)
        if not m:
            raise corrupt()
        letters, row = m.group(1), int(m.group(2))
        return row - 1, _col_number(letters) - 1, f"{letters.upper()}{row}"  # as `_cell_name`

    def _cell(self, attrs: dict[str, str]) -> None:
        row, col, self.ref = self._position(attrs)
        self.col = col
        if row != self.cells_row:  # a row's cells come together; one seen again is written twice
            self.rows_done.add(self.cells_row)
            if row in self.rows_done:
                raise corrupt()
            self.cells_row, self.columns = row, set()
        if col in self.columns:
            raise corrupt()  # a cell written twice: which figure the unit sees is not known
        self.columns.add(col)
        self.v_seen, self.is_seen = 0, False
        if row + 1 > self.max_row or col + 1 > self.max_col:
            self.max_row, self.max_col = max(self.max_row, row + 1), max(self.max_col, col + 1)
            check_extent(self.name, self.max_row, self.max_col)
        self.kind = attrs.get("t", "n")
        self.shared += self.kind == "s"
        self.formula = False
        if self.formats and self.data:
            _note_format(self.formats, attrs, self.ref, self.facts)

    def _count(self, data: str) -> None:
        self.text += len(data)
        if self.text > MAX_CELL_TEXT:
            raise Refused("too-large", f"ô {self.ref} chứa hơn {MAX_CELL_TEXT} ký tự")

    def end(self, name: str) -> None:
        tag = name.rpartition("}")[2]  # `_local`, inline: once per element of a large part
        if tag == "sheetData":
            self.data = False  # (a second one inside it is foreign: the file is refused)
        if not self.data:
            self.depth -= 1
        if tag == "v" and self.value is not None:
            self.parser.CharacterDataHandler = None
            if self.kind == "s" and not _SHARED_INDEX.match("".join(self.value)):
                raise corrupt()  # see `_SHARED_CELL`
            if self.kind == "d" and not _ISO_DATE.match("".join(self.value)):
                raise corrupt()  # see `_ISO_DATE`
            text = "".join(self.value).strip()
            if self.kind == "e":
                self.facts.errors[self.ref] = text[:20] or "#VALUE!"
            elif not text:
                self.facts.unsaved_formulas.add(self.ref)
            self.value = None
            self.formula = False  # a saved result
        elif tag == "t":
            self.parser.CharacterDataHandler = None
        elif tag == "c":
            self.in_cell = False
            if self.formula:
                self.facts.unsaved_formulas.add(self.ref)  # a formula without any <v>
                self.formula = False
        elif tag == "row":
            self.row += 1
            self.col = -1


# A part in a wide encoding, as its first bytes say: a byte-order mark or zero bytes of UTF-16
# or UTF-32, or such an encoding named by its XML declaration.
_WIDE_START = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00", b"<\x00", b"\x00<")
_DECLARED = re.compile(rb'(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding\s*=\s*["\']([^"\']{0,40})["\']')


def _not_wide(head: bytes) -> None:
    """calamine reads a sheet in UTF-16 or UTF-32 as an empty sheet, whatever it holds: the
    unit was told its file had no data table. No spreadsheet program writes one; the file is
    refused, saying why. (An 8-bit encoding such as ISO-8859-1 calamine reads.)"""
    declared = _DECLARED.match(head)
    encoding = declared.group(1).decode("ascii", "replace").upper() if declared else ""
    if head.startswith(_WIDE_START) or encoding.replace("-", "").startswith(("UTF16", "UTF32")):
        wide = "UTF-32" if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00")) else "UTF-16"
        raise Refused(
            "unreadable-file",
            f"trang tính được lưu theo mã hóa {encoding or wide}, chương trình không đọc được",
        )


def scan_sheet(
    inflater: Inflater, info: Entry, name: str, facts: SheetFacts, formats: Formats | None = None
) -> int:
    """Guard one sheet part (a tree when small, streamed otherwise); shared-string cells. With
    `formats` (cell formats that may alter a figure, `styles`), the cells using one are noted in
    `facts.formats`: in the guard's own pass when the part is streamed (a second parse of a
    large part took as long as the first), else from the part already inflated."""
    counted = inflater.total
    whole, rest = small_part(inflater, info)
    if whole is None:
        first = next(rest, b"")
        _not_wide(first)
        found = _plain_streamed(itertools.chain((first,), rest), name, formats)
        if found is not None:
            facts.unsaved_formulas |= found[1].unsaved_formulas
            facts.formats.update(found[1].formats)
            return found[0]
        inflater.total = counted  # inflated again from its start, counted once
        return _streamed(inflater.chunks(info), name, facts, formats, inflater, info)
    _not_wide(whole[:300])
    shared = _plain_sheet(whole, name, facts)
    if shared is None:
        _split_values(whole, name)
        shared = _tree_sheet(xml_tree(whole), whole, name, facts, len(whole) > MAX_CELL_TEXT)
        if shared < 0:
            return _streamed(iter((whole,)), name, facts, formats, inflater, info, whole)
    if formats and (0 in formats or _uses_any(whole, formats)):
        scan = StyleScan(name, facts, formats)
        parse_stream(iter((whole,)), scan.start, scan.end, scan=scan)
    return shared


# A cell's style in the plain spelling (`_CELL`'s strict branch, which every cell of a plain part
# matches): where a large part's pieces note the cells whose format may alter a figure.
_STYLED_CELL = re.compile(rb'<c r="([A-Z]{1,7}[0-9]{1,15})" s="([0-9]{1,9})"')
_PIECE = MAX_CELL_TEXT  # bytes of a piece's sheet: no inline text in it can be longer
# Between a large part's rows only rows and cells: after a cell's end, an empty cell, a row's start
# or end comes a cell, a row, a row's end or the end of the piece's rows. Anything else there (a
# value, text, a formula outside any cell; a cell or a row inside a cell) the plain path's
# expressions do not place, and the streaming pass may refuse it (a second `v` after a cell's
# end, `SheetScan.start`; a number spelt otherwise, `_split_values`): the pieces decline.
_STRAY = re.compile(
    rb'(?:</c>|<c r="[^"]*"[^>]*/>|<row(?:\s[^>]*)?>|</row>)(?!<c[\s/>]|<row[\s/>]|</row>|\Z)'
)
# What the streaming pass looks at, in the part's head or end (outside `sheetData`): the pieces
# decline (in a piece without a cell the plain path stops before looking at values).
_OURS = re.compile(rb"<(?:c|row|v|f|t|is)[\s/>]")


def _plain_streamed(
    chunks: Iterator[bytes], name: str, formats: Formats | None
) -> tuple[int, SheetFacts] | None:
    """A large part guarded by the plain path, a piece of whole rows at a time (`rowcut`): its
    shared-string cells and what the pieces saw; None when it is not cut or a piece is not
    plain, a refusal included (the streaming pass then guards it, and says any refusal as it
    always has). Pieces small enough for inline text (`MAX_CELL_TEXT`) to need no tree."""
    if formats and 0 in formats:
        return None  # every cell without a style would be noted: the streaming pass does it
    seen, rows, shared = SheetFacts(), _Rows(name), 0
    try:
        for k, piece in enumerate(rowcut.pieces(chunks, _PIECE)):
            if not k and _OURS.search(piece.head):
                return None  # (the same head begins every piece)
            if piece.rows and (not piece.rows.startswith(b"<row") or _STRAY.search(piece.rows)):
                return None
            if not piece.rows and _OURS.search(piece.end):  # the part's own end (the last piece)
                return None
            found = _plain_sheet(piece.sheet, name, seen, rows)
            if found is None and not piece.rows and k:  # (the head: accepted with rows)
                found = _end_by_tree(piece)
            if found is None:
                return None
            shared += found
            if formats and piece.rows:
                for m in _STYLED_CELL.finditer(piece.rows):
                    fmt = formats.get(int(m.group(2)))
                    if fmt is not None:
                        seen.formats[m.group(1).decode("ascii")] = fmt
    except (rowcut.Uncut, Refused):
        return None
    return shared, seen


# An element the streaming pass looks at, in any namespace, but a formula: Excel's `extLst` after
# the rows (data validations, conditional formats) holds `xm:f` and `xm:sqref` elements.
_LOOKED_AT = re.compile(rb"<(?:[^\s=/><:]+:)?(?:c|row|v|t|is|dimension|sheetData)[\s/>]")


def _end_by_tree(piece: rowcut.Piece) -> int | None:
    """The last piece (the part's head and its end after the rows) answered by the tree when the
    plain path declines it (as it does a prefixed `f`): 0 when the end holds nothing the stream
    looks at and the tree finds nothing in it; else None."""
    if _LOOKED_AT.search(piece.end):
        return None
    facts, sheet = SheetFacts(), piece.sheet
    _split_values(sheet)
    found = _tree_sheet(xml_tree(sheet), sheet, "", facts, len(sheet) > MAX_CELL_TEXT)
    return 0 if found == 0 and facts == SheetFacts() else None


def _streamed(
    chunks: Iterator[bytes],
    name: str,
    facts: SheetFacts,
    formats: Formats | None,
    inflater: Inflater,
    info: Entry,
    whole: bytes | None = None,
) -> int:
    """The guard's streaming pass over a part (`whole`: the part, when already inflated)."""
    scan, tally = SheetScan(name, facts, formats), InlineTally()
    scan.parser = parse_stream(tally.feed(_checked(chunks, name)), scan.start, scan.end, scan=scan)
    if scan.foreign:
        raise corrupt()
    if scan.inline and not tally.agrees(scan.inline):  # inline text not all plain: a second
        check_inline_strings(inflater.chunks(info) if whole is None else iter((whole,)))  # pass
    return scan.shared


def _checked(chunks: Iterator[bytes], sheet: str) -> Iterator[bytes]:
    """`chunks` as they are, each looked at by `_split_values` after the last 64 KB of the one
    before it: a value, or the cell it belongs to, may run across two chunks. A number value
    cut at a chunk's end (`<v>1`, then `4</v>`) is judged with the next chunk, its start kept
    however far back it is; at the part's end expat refuses a value left open. What is kept
    begins at a cell's start tag: a value kept is judged again, and its cell's type must be
    there (a formula's text result, kept without it, was judged a number and refused)."""
    tail = b""
    for chunk in chunks:
        data = tail + chunk
        cut = _split_values(data, sheet, more=True)
        keep = min(cut, max(0, len(data) - _CELL_LOOKBACK))
        cell = _last_cell_start(data, keep + 1, b":c" in data, len(data)) if keep else None
        tail = data[cell.start() if cell else keep :]
        yield chunk


def _note_format(formats: Formats, attrs: dict[str, str], ref: str, facts: SheetFacts) -> None:
    """Note the cell `ref` in `facts.formats` when its style is one of `formats`."""
    style = attrs.get("s", "0").strip()
    fmt = formats.get(int(style)) if style.isdigit() and len(style) < 10 else None
    if fmt is not None:
        facts.formats[ref] = fmt


class StyleScan(SheetScan):
    """A second, light pass over a small sheet the guard has accepted (read whole by the tree or
    the plain path), run only when the workbook has cell formats that may alter a figure
    (`styles`) and the sheet uses one: the cells of `sheetData` that do, placed as calamine
    places them (`_position`), with their format. (A streamed sheet's guard notes them itself.)"""

    def __init__(self, name: str, facts: SheetFacts, formats: Formats) -> None:
        super().__init__(name, facts)
        self.styles = formats

    def start(self, name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition("}")[2]
        if tag == "sheetData":
            self.data = True
        elif not self.data:
            return
        elif tag == "c":
            row, self.col, ref = self._position(attrs)
            _note_format(self.styles, attrs, ref, self.facts)
        elif tag == "row":
            r = attrs.get("r")
            if r and r.isdigit():
                self.row = int(r) - 1

    def end(self, name: str) -> None:
        tag = name.rpartition("}")[2]
        if tag == "sheetData":
            self.data = False
        elif tag == "row":
            self.row += 1
            self.col = -1


# A cell's `s` in any spelling (quotes, spaces, leading zeros): its number is looked up, one
# match at a time (an alternation of a hostile styles part's 65.536 numbers took seconds a sheet).
_STYLE_REF = re.compile(rb"""\ss\s*=\s*["']\s*([0-9]{1,12})\s*["']""")


def _uses_any(whole: bytes, formats: Formats) -> bool:
    """Whether some `s` in `whole` names one of `formats`."""
    return any(int(m.group(1)) in formats for m in _STYLE_REF.finditer(whole))
