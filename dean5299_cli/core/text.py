"""Text folding for matching labels and names: case, Unicode form, diacritics, spaces."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TypeVar, cast

T = TypeVar("T")

_SPACES = re.compile(r"\s+")
# Invisible format characters: zero-width spaces and joiners, the byte-order mark, and the
# bidirectional marks, embeddings, overrides and isolates that can show a text reversed.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_spaces(text: str) -> str:
    """Collapse every run of white space (NBSP, tabs, new lines…) into one space and strip;
    invisible format characters (zero-width, bidirectional controls) are removed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


# Letters drawn as Vietnamese đ but another code point: the Icelandic eth (Ð, ð, what a
# Windows-1258 text read as Latin-1 holds for Đ) and the African D (Ɖ, ɖ). "Phường Quy Nhơn
# Ðông" was no unit of the list, with the suggestion "Có phải là "Phường Quy Nhơn Đông"?",
# the same name to the eye.
_LOOKALIKE_D = str.maketrans({"Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ"})


def vietnamese_letters(text: str) -> str:
    """`text` with letters drawn as Vietnamese ones written as those (`Ð` → `Đ`)."""
    return text.translate(_LOOKALIKE_D)


_MARKS_KEPT = 0x3000  # characters below this (Latin, Vietnamese, the combining marks) kept in


class _Marks(dict[int, "int | None"]):
    """`str.translate`'s table dropping combining marks: each character's `unicodedata.combining`
    asked once, not once per character of every text (a generator over each character was most
    of the cost of folding 1.000 unit names). Only characters below `_MARKS_KEPT` are kept in
    the table: a hostile workbook holding every character of Unicode does not grow it."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if code < _MARKS_KEPT:
            self[code] = kept
        return kept


_MARKS = _Marks()


@lru_cache(maxsize=1 << 16)  # see units.parse_unit_name: larger than a folder's names
def fold(text: str) -> str:
    """Lower case, no diacritics, đ → d (and its look-alikes), single spaces: the key used to
    match labels."""
    decomposed = unicodedata.normalize("NFD", vietnamese_letters(clean_spaces(text)).lower())
    stripped = decomposed if decomposed.isascii() else decomposed.translate(_MARKS)
    return stripped.replace("đ", "d")


@lru_cache(maxsize=1 << 16)
def fold_label(text: str) -> str:
    """`fold` plus no trailing colon, for header labels such as `Đơn vị:`."""
    return fold(text).rstrip(" :：").strip()


def lower_first(label: str) -> str:
    """A label inside a sentence: its first letter in lower case, every other letter as written
    ("Số hồ sơ do ĐVTN thực hiện" → "số hồ sơ do ĐVTN thực hiện"); a first word that is an
    abbreviation (ĐVTN, VNeID) is kept."""
    first = label.split(" ", 1)[0]
    if any(ch.isupper() for ch in first[1:]):
        return label
    return label[:1].lower() + label[1:]


# Characters XML 1.0 forbids (all C0 controls but tab, new line, carriage return; lone
# surrogates; U+FFFE/U+FFFF) and the C1 controls, which Word and Excel show as boxes.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Bidirectional embeddings, overrides and isolates: Vietnamese never needs one, and an override
# typed before "0021" in a narrative or a settings value shows "1200" in the signed report.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_UNFIT = re.compile(f"{_ILLEGAL.pattern}|{_BIDI_CONTROLS.pattern}")


def printable(text: str) -> str:
    """`text` without control characters a writer cannot store (vertical tab, NUL, ESC…) and
    without the bidirectional controls that show a text reversed.

    Tab, new line and carriage return are kept; every other control becomes a space,
    so words on both sides stay apart; a bidirectional control, invisible, is removed.
    """
    if not _UNFIT.search(text):
        return text
    return _BIDI_CONTROLS.sub("", _ILLEGAL.sub(" ", text))


def displayable(text: str) -> str:
    """`text` safe for a console or a file: undecodable bytes of a file name (kept by Python as
    lone surrogates) become U+FFFD, control characters (ESC…) a space."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        text = text.encode("utf-8", "replace").decode("utf-8")
    return _INVISIBLE.sub("", printable(text)).replace("\r", " ")


def printable_tree(value: T, _done: dict[int, object] | None = None) -> T:
    """`printable` applied to every string (keys too) of data parsed from YAML or JSON.

    A list or mapping met twice (a YAML alias) is cleaned once and shared, so a file of nested
    aliases ("billion laughs") costs its size, not its expansion.
    """
    if isinstance(value, str):
        return cast(T, printable(value))
    if not isinstance(value, (dict, list, tuple)):
        return value
    done = {} if _done is None else _done
    if id(value) in done:
        return cast(T, done[id(value)])
    result: object
    if isinstance(value, dict):
        result = {printable_tree(k, done): printable_tree(v, done) for k, v in value.items()}
    elif isinstance(value, list):
        result = [printable_tree(v, done) for v in value]
    elif type(value) is tuple:
        result = tuple(printable_tree(v, done) for v in value)
    else:
        result = value  # a named tuple or another tuple type: kept as it is
    done[id(value)] = result
    return cast(T, result)


SHEET_SHOWN_MAX = 40  # a sheet's name in a message: this many characters, then "…"
# what shows nothing: spaces, zero-width and joining characters, marks of direction, soft hyphen
_SHOWS_NOTHING = re.compile(r"[\s\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]*")


def sheet_label(name: str, position: int = 0, *, quoted: bool = True) -> str:
    """A sheet as every message names it: `"Báo cáo"`; a long name by its first
    `SHEET_SHOWN_MAX` characters then "…" (a name of 12.000 characters was printed whole);
    a name showing nothing (zero-width characters only) by its position among the workbook's
    sheets, `thứ 2` (was: `trang ""`), or `không tên` when the position is not known."""
    if _SHOWS_NOTHING.fullmatch(printable(name)):
        return f"thứ {position}" if position else "không tên"
    shown = name if len(name) <= SHEET_SHOWN_MAX else name[:SHEET_SHOWN_MAX] + "…"
    return f'"{shown}"' if quoted else shown


def sheet_in_list(label: str) -> str:
    """A sheet named in a list of sheets (`"A" và trang thứ 2`): a label that is no name says
    `trang`."""
    return label if label.startswith('"') else f"trang {label}"
