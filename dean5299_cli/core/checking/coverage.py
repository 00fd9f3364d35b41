"""Coverage stage: what became of each unit of the list (reported, left out, wrong file, not sent)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from dean5299_cli.core.checking.candidate import Candidate
from dean5299_cli.core.periods import period_name
from dean5299_cli.core.status import UnitState, UnitStatus
from dean5299_cli.core.text import fold
from dean5299_cli.core.units import base_key, parse_unit_name, unit_key

_NOT_SENT_BY_UNITS = ("desktop.ini", "thumbs.db")


@dataclass(frozen=True)
class Arrivals:
    """Everything that arrived in the folder, sorted by what it turned out to be."""

    asked: Sequence[Candidate]  # submissions of the asked period
    usable: set[int]  # ids of the asked ones counted in the totals
    elsewhere: Sequence[Candidate]  # another period, or a period that could not be read
    previous: Sequence[Candidate]  # the previous quarter's files lying among this quarter's
    unreadable: Sequence[str]  # files that could not be read at all
    skipped: Sequence[str]  # files that are no workbook (a PDF, a Word file…)
    # sub-folder → the keys of the units whose reports were read in it or below (`read_under`)
    read_in: Mapping[str, frozenset[str]] = field(default_factory=dict)


def read_under(read: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each sub-folder (relative path) → the keys of the units of the reports read in it or
    below, from (file, unit) pairs: a folder holding another unit's report is no unit's own."""
    found: dict[str, set[str]] = {}
    for file, unit in read:
        parts = file.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            found.setdefault("/".join(parts[:depth]), set()).add(unit_key(unit))
    return {folder: frozenset(keys) for folder, keys in found.items()}


class NamedFiles:
    """Files by the words their own names carry, read once: the file of each unit of a long list
    is then looked for among the files naming its rarest word, not by reading every file's name
    again for each unit (was: units × files, 3 s for 400 units not sent beside 2.700 scans)."""

    def __init__(
        self, files: Sequence[str], read_in: Mapping[str, frozenset[str]] | None = None
    ) -> None:
        self._names: list[tuple[str, str]] = []  # (file, its name folded, between spaces)
        self._by_word: dict[str, list[int]] = {}
        # a sub-folder's name without its kind, folded → (file, the folder, the kind it says)
        self._by_folder: dict[str, list[tuple[str, str, str | None]]] = {}
        self._read_in = read_in or {}
        keys: dict[str, tuple[str, str | None]] = {}  # folder name → (folded base, kind)
        for path in files:
            name = fold(re.sub(r"[^\w]+", " ", path.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
            for word in set(name.split(" ")) - {""}:
                self._by_word.setdefault(word, []).append(len(self._names))
            self._names.append((path, f" {name} "))
            folders = path.split("/")[:-1]
            for depth, folder in enumerate(folders, 1):
                if folder not in keys:  # each folder's name read once, however many files in it
                    parsed = parse_unit_name(folder)
                    keys[folder] = (fold(parsed.base), parsed.kind)
                key, kind = keys[folder]
                self._by_folder.setdefault(key, []).append((path, "/".join(folders[:depth]), kind))

    def of(self, unit: str) -> str | None:
        """The file whose name carries the unit's name (without diacritics), if exactly one
        does: `BC 5299 Q4 - Phuoc An.xlsx` for `Phước An`. Only a hint, never used for figures."""
        return self._named(unit, folders=False)

    def found(self, unit: str) -> str | None:
        """`of`, else the file in a sub-folder named for the unit (`Phuoc An/bc.xlsx`,
        `Xã Phước An/…`), if exactly one is: a file refused before reading is known by its place
        (was: by its name only). Only a hint, never used for figures."""
        return self._named(unit, folders=True)

    def _named(self, unit: str, *, folders: bool) -> str | None:
        key = fold(base_key(unit))
        if not key:
            return None
        # A file whose name holds `key` holds each of its words between spaces: only the
        # files holding its rarest word can.
        seen = [self._by_word.get(word, []) for word in key.split(" ") if word]
        among = min(seen, key=len) if seen else range(len(self._names))
        hits = [self._names[k][0] for k in among if f" {key} " in self._names[k][1]]
        if hits or not folders:
            return hits[0] if len(hits) == 1 else None
        in_folder = set(self._in_folder(unit, key))
        return in_folder.pop() if len(in_folder) == 1 else None

    def _in_folder(self, unit: str, key: str) -> Iterable[str]:
        """The files in a sub-folder whose whole name is the unit's (no other kind said), where
        no other unit's report was read (a folder of a district, of a batch, is no unit's)."""
        kind, own = parse_unit_name(unit).kind, unit_key(unit)
        for path, folder, said in self._by_folder.get(key, ()):
            if said not in (None, kind):
                continue
            if self._read_in.get(folder, frozenset()) <= {own}:
                yield path


def file_of_unit(unit: str, files: Sequence[str]) -> str | None:
    """The file whose name carries the unit's name (without diacritics), if exactly one does:
    `BC 5299 Q4 - Phuoc An.xlsx` for `Phước An`. Only a hint, never used for figures."""
    return NamedFiles(files).of(unit)


unread_file_of = file_of_unit  # the historical name, used by the console and the report


def near_files(arrivals: Arrivals) -> dict[str, str]:
    """Unit key → the file whose unit name is near that unit's (not in the list, the unit
    suggested for it), where exactly one file is: the file its unit is asked about."""
    files: dict[str, set[str]] = {}
    for c in [*arrivals.asked, *arrivals.elsewhere]:
        if c.unit is None and c.header.suggestion:
            files.setdefault(unit_key(c.header.suggestion), set()).add(c.file)
    return {key: next(iter(found)) for key, found in files.items() if len(found) == 1}


def sent_by_a_unit(path: str) -> bool:
    """Whether a skipped file could be a unit's mistake (a PDF) rather than a lock or system file."""
    name = path.rsplit("/", 1)[-1]
    return not name.startswith(("~$", ".")) and name.lower() not in _NOT_SENT_BY_UNITS


def _unread_period(c: Candidate) -> str:
    written = c.raw.quarter.value if c.raw.quarter else None
    if written is None or not str(written).strip():
        return f"{c.where()} không ghi kỳ báo cáo"
    return f'{c.where()} ghi kỳ báo cáo "{str(written).strip()[:60]}", không rõ là quý nào'


class _ByUnit:
    """The arrivals grouped by unit key, built once for the whole list (linear, not units × files)."""

    def __init__(self, arrivals: Arrivals) -> None:
        self.arrivals = arrivals
        self.asked = _group(arrivals.asked)
        self.elsewhere = _group(arrivals.elsewhere)
        self.previous = _group(arrivals.previous)
        self.suggested: dict[str, list[Candidate]] = {}
        for c in [*arrivals.asked, *arrivals.elsewhere]:
            suggestion = c.header.suggestion
            if c.unit is None and suggestion:
                self.suggested.setdefault(unit_key(suggestion), []).append(c)
        self.unreadable = NamedFiles(arrivals.unreadable, arrivals.read_in)
        self.sent = NamedFiles([f for f in arrivals.skipped if sent_by_a_unit(f)], arrivals.read_in)


def _group(candidates: Sequence[Candidate]) -> dict[str, list[Candidate]]:
    """Candidates with a unit, by unit key, each list in the order of `candidates`."""
    groups: dict[str, list[Candidate]] = {}
    for c in candidates:
        if c.unit is not None:
            groups.setdefault(unit_key(c.unit), []).append(c)
    return groups


def _wrong_files(unit: str, index: _ByUnit) -> list[tuple[str, str]]:
    """(file, what it is) for each thing that arrived for `unit` but is not its report."""
    key = unit_key(unit)
    found: list[tuple[str, str]] = []
    for c in index.elsewhere.get(key, ()):
        if c.year is not None and c.quarter is not None:
            period = period_name(c.year, c.quarter)
            found.append((c.file, f"{c.where()} là báo cáo {period}"))
        else:
            found.append((c.file, _unread_period(c)))
    for c in index.suggested.get(key, ()):
        written = c.header.written_unit
        found.append((c.file, f'{c.where()} ghi đơn vị "{written}", gần giống tên đơn vị'))
    for c in index.previous.get(key, ()):
        if c.year and c.quarter:
            found.append((c.file, f"{c.where()} là báo cáo {period_name(c.year, c.quarter)}"))
    unreadable = index.unreadable.found(unit)
    if unreadable:
        found.append((unreadable, f'tệp "{unreadable}" không đọc được'))
    other = index.sent.found(unit)
    if other:
        found.append((other, f'tệp "{other}" không phải bảng tính Excel'))
    return found


def unit_status(unit: str, arrivals: Arrivals | _ByUnit) -> UnitStatus:
    index = arrivals if isinstance(arrivals, _ByUnit) else _ByUnit(arrivals)
    mine = index.asked.get(unit_key(unit), [])
    files = tuple(dict.fromkeys(c.file for c in mine))
    if any(id(c) in index.arrivals.usable for c in mine):
        return UnitStatus(unit, UnitState.REPORTED, files)
    if mine:
        listed = ", ".join(f'"{f}"' for f in files)
        return UnitStatus(
            unit, UnitState.INVALID, files, f"tệp {listed} có lỗi, chưa tính vào tổng hợp"
        )
    wrong = _wrong_files(unit, index)
    if wrong:
        paths = tuple(dict.fromkeys(f for f, _ in wrong))
        return UnitStatus(unit, UnitState.WRONG_FILE, paths, "; ".join(d for _, d in wrong))
    return UnitStatus(unit, UnitState.NOT_SENT)


def unit_statuses(names: Sequence[str] | None, arrivals: Arrivals) -> tuple[UnitStatus, ...]:
    """Every unit of the list in its order; without a list, every unit seen, in order of files."""
    if names is None:
        seen = [c.unit for c in [*arrivals.asked, *arrivals.elsewhere] if c.unit is not None]
        names = list(dict.fromkeys(seen))
    index = _ByUnit(arrivals)
    return tuple(unit_status(name, index) for name in names)


def missing_state(status: UnitStatus, year: int, quarter: int) -> str:
    """The words of a `missing-unit` problem: not sent, or what arrived instead."""
    period = period_name(year, quarter)
    if status.state is UnitState.WRONG_FILE:
        return f"chưa có báo cáo {period} dùng được: {status.detail}"
    return f"chưa gửi báo cáo {period}"
