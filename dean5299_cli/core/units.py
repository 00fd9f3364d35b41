"""Unit names: deciding whether two spellings name the same Đoàn xã / phường / thị trấn."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dean5299_cli.core.text import clean_spaces, fold

# Combining tone marks of Vietnamese (huyền, sắc, ngã, hỏi, nặng). Vowel-quality marks
# (circumflex, breve, horn) stay where they are; the tone is moved to the end of its syllable,
# which makes the old placement (`Hoà`, `Thuỷ`) and the new one (`Hòa`, `Thủy`) the same key.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Acute and grave may also come as U+0341/U+0340; NFD maps them to U+0301/U+0300 already.

_PREFIXES = (
    "doan thi tran",
    "doan phuong",
    "doan xa",
    "doan tt",
    "thi tran",
    "phuong",
    "xa",
    "tt",
    "p",
)
_PUNCT = re.compile(r"[.,;:()\-–_/\\\"'“”]+")


def _tone_at_end(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    base = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", base + "".join(tones[:1]))


@lru_cache(maxsize=8192)
def unit_key(name: str) -> str:
    """The comparison key of a unit name: case, Unicode form, tone placement, spaces and the
    prefixes `Xã`, `Thị trấn`/`TT`, `Phường`/`P.`, `Đoàn xã` do not matter."""
    text = unicodedata.normalize("NFC", clean_spaces(name)).lower()
    text = clean_spaces(_PUNCT.sub(" ", text))
    folded = fold(text)
    words = text.split(" ")
    folded_words = folded.split(" ")
    # Drop a leading prefix (compared without diacritics, so `Xa`, `Xã`, `XÃ` all go).
    for prefix in _PREFIXES:
        parts = prefix.split(" ")
        if folded_words[: len(parts)] == parts and len(folded_words) > len(parts):
            words = words[len(parts) :]
            break
    return " ".join(_tone_at_end(w) for w in words)


def same_unit(a: str, b: str) -> bool:
    """Whether two names designate the same unit (see `unit_key`)."""
    return unit_key(a) == unit_key(b)


@dataclass(frozen=True)
class UnitMatch:
    name: str | None
    suggestion: str | None = None


class UnitDirectory:
    """The member units of a working folder, with their aliases, for matching submissions."""

    def __init__(
        self, units: Iterable[str], aliases: Mapping[str, Iterable[str]] | None = None
    ) -> None:
        self.names: list[str] = list(units)
        self._by_key: dict[str, str] = {}
        for name in self.names:
            self._by_key.setdefault(unit_key(name), name)
        for name, names in (aliases or {}).items():
            for alias in names:
                self._by_key.setdefault(unit_key(alias), name)

    def __bool__(self) -> bool:
        return bool(self.names)

    def match(self, raw: str) -> UnitMatch:
        """The canonical name for `raw`, or None with the closest name as a suggestion."""
        key = unit_key(raw)
        if key in self._by_key:
            return UnitMatch(self._by_key[key])
        close = difflib.get_close_matches(
            fold(key), [fold(k) for k in self._by_key], n=1, cutoff=0.5
        )
        suggestion = None
        if close:
            for k, name in self._by_key.items():
                if fold(k) == close[0]:
                    suggestion = name
                    break
        return UnitMatch(None, suggestion)
