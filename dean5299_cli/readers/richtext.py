"""The text of a shared string (`si`) or an inline string (`is`) only in the shape that calamine
and LibreOffice join alike: t?, r*, rPh*, phoneticPr? (each `r` an optional `rPr` of empty
properties, then one `t`; each `rPh` one `t`), every element in the container's namespace.

calamine takes any `t` at any depth of the container (inside `rPr`, an unknown element, another
`t`), skips a `t` only while an `rPh` is open (an empty `<rPh/>` inside it closes it early), and
reads every `si` of the part, at any depth (inside `extLst`, an unknown element). LibreOffice
reads only the standard places: `<rPh><rPh/><t>9</t></rPh><t>450</t>` is 9450 to calamine and
450 to LibreOffice. Beyond the shape, two spellings of the text itself part the readers:
calamine trims white space at both ends of each `t` without `xml:space="preserve"` (`4`, ` 5`
in two runs: 45 where LibreOffice shows `4 5`), and decodes `_x00HH_` escapes that LibreOffice
shows as they are unless they stand for a control character or `_` (`_x0034_50`: 450 against
the text `_x0034_50`). Excel writes neither: its escapes are of control characters, and it marks
a run's white space to be kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from dean5299_cli.readers.limits import corrupt
from dean5299_cli.readers.parts import parse_stream, well_formed

MAINS = frozenset(
    {
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
    }
)
_PRESERVE = "http://www.w3.org/XML/1998/namespace}space"
# Run properties (CT_RPrElt): each an empty element with attributes.
_PROPERTIES = frozenset(
    ("rFont", "charset", "family", "b", "i", "strike", "outline", "shadow", "condense", "extend",
     "color", "sz", "u", "vertAlign", "scheme")
)  # fmt: skip
_ORDER = {"t": 1, "r": 2, "rPh": 3, "phoneticPr": 4}  # a container's children, in this order
_REPEATS = frozenset({"r", "rPh"})
_EDGE_SPACE = " \t\r\n"  # what calamine trims
# An escape calamine decodes (`_x00`, two characters Rust's `u8::from_str_radix` reads as hex,
# then `_`) to a character LibreOffice does not decode: neither a control character nor `_`.
# Rust also takes a sign: `_x00+9_` is a tab to calamine (`_x00+9_1206`: 1206) and text to
# LibreOffice, which decodes only two hex digits.
_ESCAPE = re.compile(r"_x00(\+[0-9A-Fa-f]|[0-9A-Fa-f]{2})_")
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*/?>""")


def _visible_escape(text: str) -> bool:
    return "_x00" in text and any(
        m.group(1)[0] == "+" or ((code := int(m.group(1), 16)) >= 0x20 and code != 0x5F)
        for m in _ESCAPE.finditer(text)
    )


class Window:
    """The last two chunks fed to an expat parser, to read a start tag as spelt: calamine reads
    `xml:space` as spelt (`&#112;reserve` is not `preserve` to it), expat gives it decoded."""

    def __init__(self) -> None:
        self.parser: Any = None
        self.before = self.current = b""
        self.base = 0  # offset of `before` in the whole input

    def feed(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.base += len(self.before)
            self.before, self.current = self.current, chunk
            yield chunk

    def raw_tag(self) -> bytes:
        """The start tag expat is reporting, as spelt (refused when longer than a chunk)."""
        at = self.parser.CurrentByteIndex - self.base
        data = self.current
        if at >= len(self.before):
            at -= len(self.before)
        elif at >= 0:
            data = self.before + self.current
        else:
            raise corrupt()
        m = _START_TAG.match(data, at)
        if m is None:
            raise corrupt()
        return m.group()


class RichText:
    """Checks one container (`si` or `is`) fed as expat events: `start` and `end` of each element
    inside it, `text` of its character data, `close` at its end."""

    def __init__(self, name: str, window: Window) -> None:
        namespace = name.rpartition("}")[0]
        self.prefix = namespace + "}" if namespace else ""
        self.window = window
        self.path: list[str] = []  # local names open inside the container
        self.order = 0
        self.children: list[str] = []  # children of the open `r` or `rPh`
        self.reading = False  # a `t` that calamine reads (not a phonetic one) is open
        self.kept = False  # … with its white space kept as spelt
        self.current: list[str] = []
        self.pieces: list[tuple[str, bool]] = []  # (text, white space kept) of each read `t`

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name[len(self.prefix) :]
        if not name.startswith(self.prefix) or "}" in local:
            raise corrupt()  # another namespace: calamine reads it by its local name alone
        parent = self.path[-1] if self.path else ""
        if not parent:
            rank = _ORDER.get(local, 0)
            if not rank or rank < self.order or (rank == self.order and local not in _REPEATS):
                raise corrupt()
            self.order, self.children = rank, []
        elif parent in ("r", "rPh") and len(self.path) == 1:
            allowed = ("rPr", "t") if parent == "r" else ("t",)
            if local not in allowed or "t" in self.children or local in self.children:
                raise corrupt()
            self.children.append(local)
        elif parent != "rPr" or local not in _PROPERTIES:
            raise corrupt()
        self.path.append(local)
        if local == "t" and parent != "rPh":
            self.reading, self.current = True, []
            self.kept = attrs.get(_PRESERVE) == "preserve" and b"&" not in self.window.raw_tag()

    def text(self, data: str) -> None:
        if self.reading:
            self.current.append(data)
        elif (not self.path or self.path[-1] != "t") and data.strip(_EDGE_SPACE):
            raise corrupt()  # text outside any `t`: shown by neither reader, a crafted part

    def end(self) -> None:
        local = self.path.pop()
        if local == "t" and self.reading:
            self.reading = False
            text = "".join(self.current)
            if _visible_escape(text):
                raise corrupt()
            self.pieces.append((text, self.kept))
        elif local in ("r", "rPh") and not self.path and "t" not in self.children:
            raise corrupt()  # a run without its text

    def close(self) -> None:
        """At the container's end: calamine's trimming parts the readers once pieces are joined."""
        if len(self.pieces) > 1 and any(
            not kept and text != text.strip(_EDGE_SPACE) for text, kept in self.pieces
        ):
            raise corrupt()


class SharedStrings:
    """Expat handlers over a shared-strings part: `sst` of a main namespace holding `si` items
    (each checked by `RichText`), then at most one `extLst` in which calamine sees no `si` and
    no `sst` (it takes an `si` at any depth, and stops at the first `</sst>`)."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self.depth = 0
        self.item: RichText | None = None
        self.ext = False  # inside the `extLst`
        self.ended = False  # the `extLst` seen: nothing may follow it
        self.prefix = ""  # `{namespace}` of the `sst`

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        namespace, _, local = name.rpartition("}")
        if self.depth == 1:
            if local != "sst" or namespace not in MAINS:
                raise corrupt()
            self.prefix = namespace + "}"
        elif self.item is not None:
            self.item.start(name, attrs)
        elif self.ext:
            if local in ("si", "sst"):
                raise corrupt()
        elif self.depth == 2 and not self.ended and name == self.prefix + "si":
            self.item = RichText(name, self.window)
        elif self.depth == 2 and not self.ended and name == self.prefix + "extLst":
            self.ext = self.ended = True
        else:
            raise corrupt()

    def text(self, data: str) -> None:
        if self.item is not None:
            self.item.text(data)
        elif not self.ext and data.strip(_EDGE_SPACE):
            raise corrupt()

    def end(self, name: str) -> None:
        self.depth -= 1
        if self.item is not None:
            if self.depth == 1:
                self.item.close()
                self.item = None
            else:
                self.item.end()
        elif self.depth == 1:
            self.ext = False


class InlineStrings:
    """Expat handlers over a sheet part: every inline string (`is`, in any namespace, as calamine
    takes it) checked by `RichText`."""

    def __init__(self, window: Window) -> None:
        self.window = window
        self.item: RichText | None = None
        self.depth = 0  # elements open inside the `is`

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self.item is not None:
            self.depth += 1
            self.item.start(name, attrs)
        elif name.rpartition("}")[2] == "is":
            self.item, self.depth = RichText(name, self.window), 0

    def text(self, data: str) -> None:
        if self.item is not None:
            self.item.text(data)

    def end(self, name: str) -> None:
        if self.item is None:
            return
        if self.depth:
            self.depth -= 1
            self.item.end()
        else:
            self.item.close()
            self.item = None


def check_inline_strings(chunks: Iterator[bytes]) -> None:
    """Refuse a sheet part with an inline string outside the shape both readers join alike."""
    window = Window()
    _run(InlineStrings(window), window, chunks)


def check_shared_strings(chunks: Iterator[bytes]) -> None:
    """Refuse a shared-strings part outside the shape both readers join alike (module doc)."""
    window = Window()
    _run(SharedStrings(window), window, chunks)


def _run(scan: SharedStrings | InlineStrings, window: Window, chunks: Iterator[bytes]) -> None:
    parse_stream(window.feed(chunks), scan.start, scan.end, text=scan.text, scan=window)


# The plain spelling of a shared-strings part (what Excel, LibreOffice and openpyxl write):
# items of one `t`, or of runs with plain properties, no phonetic runs, no white space at the
# ends of a text not marked to keep it, no reference but the five named ones. Matched whole (and
# found well-formed by expat) it is in the shape; anything else is checked by `check_shared_strings`.
# A character reference (decimal) only of a character beyond ASCII or of the white space
# LibreOffice writes so (`&#10;`): an ASCII one may spell part of an escape that only the
# decoded text shows (`_x&#48;034_` is `_x0034_` to calamine).
_TEXT = rb"[^<&\x00-\x08\x0b\x0c\x0e-\x1f]*(?:&(?:amp|lt|gt|quot|apos);[^<&\x00-\x08\x0b\x0c\x0e-\x1f]*)*"
_KEPT = rb"[^<&\x00-\x08\x0b\x0c\x0e-\x1f]*(?:&(?:#(?:[1-9][0-9]{3,6}|[2-9][0-9]{2}|1[3-9][0-9]|12[89]|9|10|13)|amp|lt|gt|quot|apos);[^<&\x00-\x08\x0b\x0c\x0e-\x1f]*)*"
_T = (  # a character reference (LibreOffice's `&#10;`) only where nothing is trimmed
    rb'(?:<t xml:space="preserve">' + _KEPT + rb"</t>"
    rb"|<t>(?![ \t\r\n])" + _TEXT + rb"(?<![ \t\r\n])</t>|<t/>)"
)
_ONE = rb'<t(?: xml:space="preserve")?>' + _KEPT + rb"</t>"  # one text: nothing joined, any reference
_PROPERTY = rb"<(?:" + b"|".join(sorted(p.encode() for p in _PROPERTIES)) + rb')(?: [A-Za-z]{1,12}="[^"<&]*")*/>'
_RUN = rb"<r>(?:<rPr>(?:" + _PROPERTY + rb")*</rPr>|<rPr/>)?" + _T + rb"</r>"
PLAIN_SST = re.compile(
    rb'(?:\xef\xbb\xbf)?(?:<\?xml version="1\.0"(?: encoding="(?i:utf-8)")?(?: standalone="(?:yes|no)")?\?>[ \t\r\n]*)?'
    rb'<sst xmlns="http://schemas\.openxmlformats\.org/spreadsheetml/2006/main"(?: (?:count|uniqueCount)="[0-9]{1,10}")*>'
    rb"(?:<si>(?:" + _ONE + rb"|(?:" + _T + rb")?(?:" + _RUN + rb")*)</si>|<si/>)*</sst>[ \t\r\n]*"
)  # fmt: skip


def plain_shared_strings(whole: bytes) -> bool:
    """Whether a whole shared-strings part is in the plain spelling (no escape calamine decodes)
    and well-formed: a part LibreOffice cannot parse it shows as blank cells, where calamine
    reads on past a repeated attribute, `&#11;` or U+FFFF (`&#11;1206`: 1206 against blank)."""
    if b"_x00" in whole or PLAIN_SST.fullmatch(whole) is None:
        return False
    well_formed(whole)
    return True


# A cell's inline string in the plain spelling (the same shape), up to the cell's end.
PLAIN_INLINE = re.compile(
    rb't="inlineStr"><is>(?:' + _ONE + rb"|(?:" + _T + rb")?(?:" + _RUN + rb")*)</is></c>"
)


_CARRY = 1 << 20  # bytes of a cell not finished in its chunk, carried to the next one


class InlineTally:
    """`plain_inline` over a streamed sheet part, taken as its chunks go to the parser (no second
    inflate): a whole number of cells (up to a `</c>`) at a time, each match lying within one
    cell. Anything else (a cell longer than `_CARRY` too) leaves the full check to decide."""

    def __init__(self) -> None:
        self.spelt = self.matched = 0
        self.rest = b""  # the unfinished cell at the end of the last chunk
        self.plain = True

    def feed(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            if self.plain:
                self._take(chunk)
            yield chunk

    def _take(self, chunk: bytes) -> None:
        data = self.rest + chunk
        cut = data.rfind(b"</c>") + 4
        head, self.rest = (data[:cut], data[cut:]) if cut >= 4 else (b"", data)
        if len(self.rest) > _CARRY or b"_x00" in head:
            self.plain, self.rest = False, b""
        elif b"<is" in head:
            self.spelt += head.count(b"<is")
            self.matched += len(PLAIN_INLINE.findall(head))

    def agrees(self, elements: int) -> bool:
        """Every one of the `elements` inline strings the parse counted is in the plain spelling."""
        spelt = self.spelt + self.rest.count(b"<is")
        return self.plain and b"_x00" not in self.rest and spelt == self.matched == elements


def plain_inline(whole: bytes, elements: int | None = None) -> bool:
    """Whether every inline string of a whole sheet part is in the plain spelling: as many plain
    matches as `<is` in the bytes (and, from a parsed tree, as `is` elements: none prefixed,
    none only in a comment), and no escape calamine decodes."""
    spelt = whole.count(b"<is")
    if elements is not None and elements != spelt:
        return False
    return b"_x00" not in whole and len(PLAIN_INLINE.findall(whole)) == spelt
