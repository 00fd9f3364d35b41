"""Unit names: deciding whether two spellings name the same member unit (xã, phường, chi đoàn…)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from dean5299_cli.core.closest import Closest
from dean5299_cli.core.text import clean_spaces, fold, vietnamese_letters

SUGGEST_CUTOFF = 0.5  # how alike a name must be to a listed one to be suggested (difflib's ratio)

# Combining tone marks of Vietnamese (huyền, sắc, ngã, hỏi, nặng). Vowel-quality marks
# (circumflex, breve, horn) stay where they are; the tone is moved to the end of its syllable,
# which makes the old placement (`Hoà`, `Thuỷ`) and the new one (`Hòa`, `Thủy`) the same key.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
# Acute and grave may also come as U+0341/U+0340; NFD maps them to U+0301/U+0300 already.

_PUNCT = re.compile(r"[.,;:()\-–_/\\\"'“”]+")


_TONE = re.compile(f"[{''.join(sorted(_TONES))}]")


def _tone_at_end(word: str) -> str:
    if word.isascii():  # no tone, and the same in every Unicode form
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tones = _TONE.findall(decomposed)
    base = _TONE.sub("", decomposed) if tones else decomposed
    return unicodedata.normalize("NFC", base + "".join(tones[:1]))


@lru_cache(maxsize=1)
def _prefix_words() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[tuple[str, ...], str], ...]]:
    """Organisation prefixes and (kind spelling → kind) as folded word tuples, longest first."""
    from dean5299_cli.core.levels import shipped_table

    prefixes = shipped_table().prefixes
    organisation = sorted((tuple(fold(p).split(" ")) for p in prefixes.organisation), key=len)
    kinds = [
        (tuple(fold(spelling).split(" ")), fold(kind))
        for kind, spellings in prefixes.kinds
        for spelling in spellings
    ]
    kinds.sort(key=lambda pair: len(pair[0]))
    return tuple(reversed(organisation)), tuple(reversed(kinds))


_Words = tuple[str, ...]


@lru_cache(maxsize=1)
def _prefixes_by_first() -> tuple[
    dict[str, tuple[_Words, ...]], dict[str, tuple[tuple[_Words, str], ...]]
]:
    """`_prefix_words` by their first word, each still longest first: a name is compared only
    with the prefixes that can start it (was: with all of them, most of the cost of reading the
    names of the settings)."""
    organisation, kinds = _prefix_words()
    by_first: dict[str, tuple[_Words, ...]] = {}
    for prefix in organisation:
        by_first[prefix[0]] = (*by_first.get(prefix[0], ()), prefix)
    kinds_by_first: dict[str, tuple[tuple[_Words, str], ...]] = {}
    for pair in kinds:
        kinds_by_first[pair[0][0]] = (*kinds_by_first.get(pair[0][0], ()), pair)
    return by_first, kinds_by_first


@dataclass(frozen=True)
class UnitName:
    """A name split into its kind (`xa`, `phuong`, `thon`… folded, or None) and its own words."""

    kind: str | None
    base: str

    @property
    def key(self) -> str:
        return f"{self.kind} {self.base}" if self.kind else self.base


# Sized for a national folder (3.321 communes, 10.000 in the benchmark) with a few spellings
# each: a cache smaller than the working set misses on every call and judging turns quadratic.
@lru_cache(maxsize=1 << 16)
def parse_unit_name(name: str) -> UnitName:
    """Case, Unicode form, tone placement, spaces and punctuation do not matter; a leading
    organisation word (`Đoàn`, `Chi đoàn`, `CĐ`…) is dropped; a kind (`Xã`, `P.`, `TT`, `KP`…)
    is recognised and normalised (abbreviations as listed there). Prefixes come from dean5299_cli/data/templates/levels.yaml."""
    text = vietnamese_letters(unicodedata.normalize("NFC", clean_spaces(name))).lower()
    text = clean_spaces(_PUNCT.sub(" ", text))
    words = text.split(" ")
    folded = fold(text).split(" ")
    organisation, kinds = _prefixes_by_first()
    for prefix in organisation.get(folded[0], ()):
        if tuple(folded[: len(prefix)]) == prefix and len(folded) > len(prefix):
            words, folded = words[len(prefix) :], folded[len(prefix) :]
            break
    kind = None
    for spelling, kind_name in kinds.get(folded[0], ()):
        if tuple(folded[: len(spelling)]) == spelling and len(folded) > len(spelling):
            words, kind = words[len(spelling) :], kind_name
            break
    return UnitName(kind, " ".join(_tone_at_end(w) for w in words))


def names_no_unit(name: str) -> bool:
    """Whether a name is only words every unit's name may have: organisation prefixes and kinds
    (`Đoàn TNCS Hồ Chí Minh`, `Đoàn TNCS Hồ Chí Minh phường`, `Chi đoàn`), nothing of a unit's
    own (levels.yaml's unit_prefixes). Nothing can be suggested for it: any unit would do."""
    text = clean_spaces(_PUNCT.sub(" ", unicodedata.normalize("NFC", clean_spaces(name)).lower()))
    folded = tuple(w for w in fold(text).split(" ") if w)
    organisation, kinds = _prefix_words()
    words = (*organisation, *(spelling for spelling, _ in kinds))
    while folded:
        prefix = next((w for w in words if folded[: len(w)] == w), None)
        if prefix is None:
            return False
        folded = folded[len(prefix) :]
    return True


def unit_key(name: str) -> str:
    """The identity key of a unit name: kind and name (`Xã Cát Nhơn` ≠ `Phường Cát Nhơn`;
    an abbreviated kind = the kind written out; `Đoàn xã Phước Sơn` = `Xã Phước Sơn`)."""
    return parse_unit_name(name).key


def base_key(name: str) -> str:
    """The name without its kind: `Phước Sơn` for `Xã Phước Sơn` (for loose matching only)."""
    return parse_unit_name(name).base


def same_unit(a: str, b: str) -> bool:
    """Whether two names may designate the same unit: same name, and the same kind when both
    say one (`Xã Phước Hòa` = `Phước Hoà`; `Xã X` ≠ `Phường X`)."""
    pa, pb = parse_unit_name(a), parse_unit_name(b)
    return pa.base == pb.base and (pa.kind is None or pb.kind is None or pa.kind == pb.kind)


class Loose(str, Enum):
    """How a name matched a unit of the list other than as written there (a warning is due)."""

    PLAIN = "plain"  # written without any diacritics (no Vietnamese input), alike once folded
    KIND = "kind"  # another kind than the list's (Phường X for Xã X), the only unit named X


@dataclass(frozen=True)
class UnitMatch:
    name: str | None
    suggestion: str | None = None
    former: str | None = None  # the former name that matched, when it was one
    loose: Loose | None = None  # matched, but not as the list writes it
    alike: tuple[str, ...] = ()  # no match: the units the name reads as without diacritics
    no_unit: bool = False  # no match: the name is only prefixes and kinds (`names_no_unit`)
    # no match: a former name used after its last day (`suggestion` is the unit that had it)
    expired: FormerName | None = None


@dataclass(frozen=True)
class FormerName:
    """A name a unit had before a merger or renaming, and the last day it applied."""

    name: str
    until: dt.date | None = None


class _Index:
    """Spellings by key and by name without kind, for exact then loose look-ups."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}
        self.by_base: dict[str, list[tuple[str | None, str]]] = {}

    def add(self, spelling: str, name: str) -> None:
        parsed = parse_unit_name(spelling)
        if parsed.key not in self.by_key:
            self.by_key[parsed.key] = name
            self.by_base.setdefault(parsed.base, []).append((parsed.kind, name))

    def find(self, parsed: UnitName) -> str | None:
        """Exact key first; the kind is dropped only when it does not distinguish two entries."""
        if parsed.key in self.by_key:
            return self.by_key[parsed.key]
        candidates = self.by_base.get(parsed.base, [])
        names = {name for _, name in candidates}
        if len(names) == 1:
            return next(iter(names))
        if parsed.kind is not None:
            fitting = {name for kind, name in candidates if kind in (None, parsed.kind)}
            if len(fitting) == 1:
                return next(iter(fitting))
        return None


class _PlainIndex:
    """Names by their folded key and base (no case, no diacritics), every unit that reads so:
    a name typed without diacritics matches only when one unit reads as it does."""

    def __init__(self) -> None:
        self.by_key: dict[str, set[str]] = {}
        self.by_base: dict[str, set[tuple[str | None, str]]] = {}

    def add(self, spelling: str, name: str) -> None:
        parsed = parse_unit_name(spelling)
        self.by_key.setdefault(fold(parsed.key), set()).add(name)
        self.by_base.setdefault(fold(parsed.base), set()).add((parsed.kind, name))

    def find(self, parsed: UnitName) -> set[str]:
        """The units `parsed` reads as: by kind and name, else by name (as `_Index.find`)."""
        names = self.by_key.get(fold(parsed.key))
        if names:
            return names
        candidates = self.by_base.get(fold(parsed.base), set())
        named = {name for _, name in candidates}
        if parsed.kind is not None and len(named) > 1:
            fitting = {name for kind, name in candidates if kind in (None, parsed.kind)}
            return fitting or named
        return named


def written_plain(text: str) -> bool:
    """Whether a name was typed without any diacritics (`Phuong Quy Nhon Dong`): one with
    diacritics that differ from the list's (`Phú` for `Phù`) is another name."""
    lowered = clean_spaces(text).lower()
    return bool(lowered) and fold(lowered) == lowered


class UnitDirectory:
    """The member units of a working folder, with their aliases and former names."""

    def __init__(
        self,
        units: Iterable[str],
        aliases: Mapping[str, Iterable[str]] | None = None,
        former: Mapping[str, Iterable[FormerName]] | None = None,
    ) -> None:
        self.names: list[str] = list(units)
        self._current = _Index()
        self._olds = _Index()
        self._former: dict[str, tuple[FormerName, ...]] = {}
        self._former_by_name: dict[str, tuple[str, FormerName]] = {}
        self._plain = _PlainIndex()
        self._closest: tuple[Closest, dict[str, str], Closest, dict[str, str]] | None = None
        for name in self.names:
            self._current.add(name, name)
            self._plain.add(name, name)
        for name, names in (aliases or {}).items():
            for alias in names:
                self._current.add(alias, name)
                self._plain.add(alias, name)
        for name, olds in (former or {}).items():
            self._former[name] = tuple(olds)
            for old in olds:
                self._olds.add(old.name, old.name)
                self._former_by_name.setdefault(old.name, (name, old))

    def __bool__(self) -> bool:
        return bool(self.names)

    def former_names(self, name: str) -> tuple[FormerName, ...]:
        """The former names listed for unit `name` (canonical), in settings order."""
        return self._former.get(name, ())

    def match(self, raw: str, on: dt.date | None = None) -> UnitMatch:
        """The canonical name for `raw`, or None with the closest name as a suggestion.
        A name a unit holds now is that unit's on any date; a former name matches its new unit
        (on any date when `on` is None, else up to `until`), before a unit matched by its name
        alone; after `until` it matches nothing (`expired`, the new unit suggested)."""
        parsed = parse_unit_name(raw)
        found = self._current.find(parsed)
        if found is not None and parsed.key in self._current.by_key:
            return UnitMatch(found)  # the name as a unit holds it now: that unit, on any date
        old = self._olds.find(parsed)
        new, former = self._former_by_name[old] if old is not None else (None, None)
        applies = former is not None and (on is None or former.until is None or on <= former.until)
        # A former name written as it was wins, up to its last day, over a unit matched by its
        # name alone (`Xã Phước An` of 2023 beside today's `Phường Phước An`, was: the phường).
        if applies and former is not None and (found is None or parsed.key in self._olds.by_key):
            return UnitMatch(new, former=former.name)
        if found is not None:
            return UnitMatch(found, loose=_kind_differs(parsed, found))
        if former is not None:  # used after its last day, no unit holding it now: not matched
            return UnitMatch(None, new, expired=former)
        alike = self._plain.find(parsed) if written_plain(raw) else set()
        if len(alike) == 1:
            return UnitMatch(next(iter(alike)), loose=Loose.PLAIN)
        if names_no_unit(raw):  # was: `Có phải là "Xã Canh Vinh"?`, any unit as near as another
            return UnitMatch(None, no_unit=True)
        return UnitMatch(
            None, self._suggest(parsed), alike=tuple(n for n in self.names if n in alike)
        )

    def _suggest(self, parsed: UnitName) -> str | None:
        """The listed unit whose name, then whose name without its kind, is closest to
        `parsed` (no case, no diacritics), if any is at least half alike."""
        if self._closest is None:  # made once, on the first name not on the list
            keys = {fold(k): name for k, name in reversed(self._current.by_key.items())}
            bases = {fold(b): entries[0][1] for b, entries in reversed(self._current.by_base.items())}
            self._closest = (Closest(keys), keys, Closest(bases), bases)
        by_key, keys, by_base, bases = self._closest
        close = by_key.best(fold(parsed.key), SUGGEST_CUTOFF)
        if close is not None:
            return keys[close]
        close = by_base.best(fold(parsed.base), SUGGEST_CUTOFF)
        return bases[close] if close is not None else None


def _kind_differs(parsed: UnitName, found: str) -> Loose | None:
    """KIND when the name says a kind and the unit found is listed with another one: matched by
    its name alone, the only unit so named (a xã re-classed a phường, or a unit missing from
    the list: the clerk is told either way, never a silent match)."""
    listed = parse_unit_name(found).kind
    if parsed.kind is None or listed is None or parsed.kind == listed:
        return None
    return Loose.KIND


@dataclass(frozen=True)
class MergedFigures:
    """Earlier figures of a unit, summed over the former units it absorbed (for comparisons)."""

    unit: str
    values: dict[str, int]
    sources: tuple[str, ...]  # the names as written in the earlier files, in input order


def sum_by_new_unit(
    earlier: Iterable[tuple[str, Mapping[str, int]]],
    directory: UnitDirectory,
    on: dt.date | None = None,
) -> dict[str, MergedFigures]:
    """Earlier (name as written, values) pairs summed per current unit: the figures of three
    former communes become those of the phường that absorbed them. A code is summed only where
    every source reported it, so a partial sum is never shown as the unit's figure. Unmatched
    names are left out (the judge reports them)."""
    grouped: dict[str, list[tuple[str, Mapping[str, int]]]] = {}
    for written, values in earlier:
        name = directory.match(written, on=on).name
        if name is not None:
            grouped.setdefault(name, []).append((written, values))
    result: dict[str, MergedFigures] = {}
    for name, items in grouped.items():
        codes = set.intersection(*(set(values) for _, values in items))
        summed = {code: sum(values[code] for _, values in items) for code in sorted(codes)}
        result[name] = MergedFigures(name, summed, tuple(written for written, _ in items))
    return result
