"""The number formats of an .ods workbook that may make a cell show another figure than the one
stored (see `numfmt`): cell style name → its number format, only those.

An ODF data style (`number:number-style`, `percentage-style`, `currency-style`, `text-style`)
is translated into the format code LibreOffice itself makes of it on loading (its own model of
a number format is a code: `display-factor="1000"` is `#,##0,`, `number:text` is quoted text,
`style:map` conditions are `[>100]` sections, the last map of a text style is the section for
all other numbers), and one judge (`numfmt`) decides for every kind of file. A data style
outside the shapes LibreOffice writes (maps of maps, more sections than a code holds, a
condition not on `value()`) is not judged. Date, time and boolean styles are not judged.

Styles come from `styles.xml` (read once per content: a folder's units fill in the same form)
and from `content.xml`'s automatic styles (fed by the content scan). Every list is bounded; a
`styles.xml` that is not well-formed gives no formats and never makes the file unreadable
(the values reader does not read it)."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field

from dean5299_cli.readers.limits import Refused
from dean5299_cli.readers.numfmt import NumberFormat, may_alter, parse_format
from dean5299_cli.readers.parts import parse_stream

_NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_JUDGED = {"number-style", "percentage-style", "currency-style", "text-style"}
_DATA_STYLES = _JUDGED | {"date-style", "time-style", "boolean-style"}
MAX_STYLES = 65_536  # data styles and cell styles kept, each
_MAX_TEXT = 255  # characters of one literal text kept (a code is judged on 255 anyway)
_MAX_DIGITS = 64  # integer and decimal places written out
_MAX_PARENTS = 8  # cell styles followed up their parents
_MAX_COMMAS = 110  # a finite factor gives at most 103
# A `display-factor` as LibreOffice reads a number (rtl::math::stringToDouble, `,` grouping)
_FACTOR = re.compile(
    r"[ \t\r\n]*[+-]?(?:[0-9](?:[0-9]|,(?=[0-9]))*(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
)
_CONDITION = re.compile(
    r"\s*value\(\)\s*(<=|>=|!=|<>|<|>|=)\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?)\s*"
)


@dataclass
class _DataStyle:
    kind: str  # local name of the element: `number-style`…
    code: list[str] = field(default_factory=list)  # pieces of the section's code
    maps: list[tuple[str, str]] = field(default_factory=list)  # (condition, style applied)


def _int(text: str | None, default: int) -> int:
    text = (text or "").strip()
    return min(int(text), _MAX_DIGITS) if text.isdigit() and len(text) < 6 else default


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '"\\""') + '"' if text else ""


def _factor_commas(text: str | None) -> int:
    """`display-factor` as thousands commas, as LibreOffice makes them: the number read as its
    leading figure (`,` grouping digits, trailing text ignored, an overflow ignored), then
    round(log10(factor) / 3) commas (100 → one, 100000 → two, 31 → none)."""
    m = _FACTOR.match(text or "")
    if m is None:
        return 0
    factor = float(m.group().replace(",", ""))
    if not 0 < factor < math.inf or factor == 1:
        return 0
    return max(0, min(math.floor(math.log10(factor) / 3 + 0.5), _MAX_COMMAS))


def _number_code(attrs: dict[str, str], embedded: list[tuple[int, str]]) -> str:
    """A `number:number` as the code of its digits: `#,##0.00,`, `0"-"000`."""
    places_text = attrs.get(_NUMBER + "decimal-places")
    # LibreOffice: grouping and text embedded in the integer part are not used together
    grouping = attrs.get(_NUMBER + "grouping") == "true" and all(p <= 0 for p, _ in embedded)
    commas = _factor_commas(attrs.get(_NUMBER + "display-factor"))
    if places_text is None:  # LibreOffice: General, whatever grouping and factor say
        return "General"
    least = _int(attrs.get(_NUMBER + "min-integer-digits"), 0)
    width = max(least, 4 if grouping else 1, *(p + 1 for p, _ in embedded))
    pieces: list[str] = []  # right to left
    for i in range(width):
        pieces.extend(_quoted(text) for p, text in reversed(embedded) if p == i)
        if grouping and i == 3:
            pieces.append(",")
        pieces.append("0" if i < least else "#")
    code = "".join(reversed(pieces))
    places = _int(places_text, 0)
    shown = min(_int(attrs.get(_NUMBER + "min-decimal-places"), places), places)
    if places:
        code += "." + "0" * shown + "#" * (places - shown)
    return code + "," * commas


def _condition(text: str) -> str | None:
    """`value()>=0` as a code's `[>=0]`; None when it is not a condition on the value."""
    m = _CONDITION.fullmatch(text)
    if not m:
        return None
    op = "<>" if m.group(1) == "!=" else m.group(1)
    return f"[{op}{m.group(2)}]"


class OdsStyles:
    """Data styles and cell styles (data style, parent) collected by element handlers."""

    def __init__(self) -> None:
        self.data: dict[str, _DataStyle] = {}
        self.cells: dict[str, tuple[str | None, str | None]] = {}
        self._style: _DataStyle | None = None
        self._text: list[str] | None = None  # text of the element being read
        self._text_len = 0
        self._number: dict[str, str] | None = None  # the `number:number` being read
        self._embedded: list[tuple[int, str]] = []
        self._position = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name.startswith(_NUMBER):
            self._start_number(name[len(_NUMBER) :], attrs)
        elif name == _STYLE + "style" and attrs.get(_STYLE + "family") == "table-cell":
            key = attrs.get(_STYLE + "name")
            if key is not None and len(self.cells) < MAX_STYLES:
                data = attrs.get(_STYLE + "data-style-name")
                self.cells.setdefault(key, (data, attrs.get(_STYLE + "parent-style-name")))
        elif name == _STYLE + "map" and self._style is not None and len(self._style.maps) < 4:
            applied = attrs.get(_STYLE + "apply-style-name")
            self._style.maps.append((attrs.get(_STYLE + "condition", ""), applied or ""))

    def _start_number(self, tag: str, attrs: dict[str, str]) -> None:
        if tag in _DATA_STYLES:
            key = attrs.get(_STYLE + "name")
            if key is not None and key not in self.data and len(self.data) < MAX_STYLES:
                self._style = _DataStyle(tag)
                self.data[key] = self._style
            return
        style = self._style
        if style is None:
            return
        if tag in ("text", "currency-symbol", "embedded-text", "fill-character"):
            self._text, self._text_len = [], 0
            self._position = _int(attrs.get(_NUMBER + "position"), 0)
        elif tag == "number":
            self._number, self._embedded = attrs, []
        elif tag == "text-content":
            style.code.append("@")
        elif tag == "scientific-number":
            style.code.append("0.00E+00")
        elif tag == "fraction":
            style.code.append("# ?/?")

    def chars(self, data: str) -> None:
        if self._text is not None and self._text_len < _MAX_TEXT:
            self._text.append(data[: _MAX_TEXT - self._text_len])
            self._text_len += len(self._text[-1])

    def end(self, name: str) -> None:
        if not name.startswith(_NUMBER) or self._style is None:
            return
        tag, style = name[len(_NUMBER) :], self._style
        text = "".join(self._text or ())
        if tag in _DATA_STYLES:
            self._style = None
        elif tag == "embedded-text" and self._number is not None:
            if len(self._embedded) < 16:
                self._embedded.append((self._position, text))
        elif tag == "number" and self._number is not None:
            style.code.append(_number_code(self._number, self._embedded))
            self._number = None
        elif tag == "text" and style.kind == "percentage-style":
            style.code.append("%".join(_quoted(part) for part in text.split("%")))
        elif tag in ("text", "currency-symbol"):
            style.code.append(_quoted(text))
        elif tag == "fill-character" and text:
            style.code.append("*" + text[0])
        if tag in ("text", "currency-symbol", "embedded-text", "fill-character"):
            self._text = None


def _section_code(style: _DataStyle) -> str:
    return "".join(style.code)[: 4 * _MAX_TEXT]


def _translated(style: _DataStyle, lookup: dict[str, _DataStyle]) -> NumberFormat | None:
    """The code LibreOffice makes of a data style and its maps (see the module's doc): each
    map's style with its condition, then the style's own section, read as any code is (four
    sections: the last for text; one holding `@`: for text)."""
    if style.kind not in _JUDGED or len(style.maps) > 3:
        return None
    text_style = style.kind == "text-style"
    sections: list[str] = []
    for k, (condition, applied) in enumerate(style.maps):
        target = lookup.get(applied)
        bracket = _condition(condition)
        if target is None or bracket is None or target.maps or target.kind not in _JUDGED:
            return None
        if target.kind == "text-style":
            return None
        last_of_text = text_style and k == len(style.maps) - 1  # all other numbers
        sections.append(("" if last_of_text else bracket) + _section_code(target))
    return parse_format(";".join([*sections, _section_code(style)]))


class Resolver:
    """Cell style name → the number format that may alter a figure, from the styles of
    `styles.xml` and of the content's automatic styles (these first, as LibreOffice)."""

    def __init__(self, shared: OdsStyles, own: OdsStyles) -> None:
        self.data = {**shared.data, **own.data}
        self.cells = {**shared.cells, **own.cells}
        self._judged: dict[str, NumberFormat | None] = {}

    def altering(self) -> dict[str, NumberFormat]:
        """Every cell style whose number format may alter a figure."""
        found = {}
        for key in self.cells:
            fmt = self.cell_format(key)
            if fmt is not None:
                found[key] = fmt
        return found

    def cell_format(self, key: str) -> NumberFormat | None:
        data = None
        for _ in range(_MAX_PARENTS):
            cell = self.cells.get(key)
            if cell is None:
                return None
            data, parent = cell
            if data is not None or parent is None:
                break
            key = parent
        if data is None:
            return None
        if data not in self._judged:
            style = self.data.get(data)
            fmt = _translated(style, self.data) if style is not None else None
            self._judged[data] = fmt if fmt is not None and may_alter(fmt) else None
        return self._judged[data]


@functools.lru_cache(maxsize=64)
def shared_styles(whole: bytes) -> OdsStyles:
    """The styles of a `styles.xml` read whole (judged once per content). Read only."""
    styles = OdsStyles()
    try:
        parse_stream(iter((whole,)), styles.start, styles.end, text=styles.chars)
    except Refused:
        return OdsStyles()  # not well-formed: no formats (see the module's doc)
    return styles
