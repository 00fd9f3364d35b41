"""Reminders to units: a short message per unit that must act, ready to paste into Zalo or e-mail."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from dean5299_cli.core.checking.records import FileStatus
from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.duplicates_diff import Comparison, Copy, by_unit, differing, linked
from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.file_kinds import file_kind
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import date_text, period_bounds, period_name
from dean5299_cli.core.problems import COPY_PAIR_CODES, Severity, is_unit_state
from dean5299_cli.core.status import UnitState
from dean5299_cli.core.unit_messages import OFFICE_ONLY, field_label, file_name, unit_message
from dean5299_cli.core.units import unit_key
from dean5299_cli.core.validation_view import in_list_order, unit_states

MAX_ITEMS = 8  # lines listed per unit and kind; more are counted
ANY_OFFICE = "văn phòng"  # the receiving office where no settings give its level's word


@dataclass(frozen=True)
class Item:
    """One thing to fix or check, where it is."""

    file: str
    sheet: str | None
    cell: str | None
    message: str  # in the unit's words (unit_messages)
    files: tuple[str, ...] = ()  # an item about several files (two versions): all of them
    office: str = ""  # in the clerk's words, for the office's own list ("" = `message`)
    known: str = ""  # how the unit knows the file, quoted, when a version (`version_names`)
    confirm: bool = False  # the unit is asked which figures are right, not to fix a file it sent
    code: str = ""  # the problem's code ("" for an item said of several problems)


class Need(str, Enum):
    """Why a unit is reminded, in the order the reminders are listed."""

    FIX = "fix"  # a file arrived with errors: left out of the totals
    SEND = "send"  # nothing usable arrived
    CHECK = "check"  # counted, but some figures should be checked


@dataclass(frozen=True)
class Received:
    """A file that arrived from a unit but is not this period's report: its report of an earlier
    period (last quarter's), or, without a period, a file no figures are read from (its report
    as a Word or PDF document, named for it)."""

    file: str
    year: int | None = None
    quarter: int | None = None

    def what(self) -> str:
        """`báo cáo quý III năm 2026`, or `văn bản .docx`."""
        if self.year is not None and self.quarter is not None:
            return f"báo cáo {period_name(self.year, self.quarter)}"
        return file_kind(self.file)


@dataclass(frozen=True)
class UnitCase:
    unit: str
    need: Need
    errors: tuple[Item, ...] = ()
    warnings: tuple[Item, ...] = ()
    received: tuple[Received, ...] = ()  # what it sent instead of this period's report
    unlisted: bool = False  # a name written in a file, not on the unit list: not a unit yet


@dataclass(frozen=True)
class Reminders:
    year: int
    quarter: int
    deadline: dt.date | None
    cases: tuple[UnitCase, ...]
    unassigned: tuple[Item, ...] = ()  # files whose unit could not be told: for the office
    knows_units: bool = True  # False without a unit list: who has not sent cannot be told
    office: str = ANY_OFFICE  # who receives the reports, as the unit calls it: its level's word

    @property
    def late(self) -> tuple[str, ...]:
        """Units that have sent nothing usable for the period."""
        return tuple(c.unit for c in self.cases if c.need is Need.SEND)

    @property
    def worth_a_file(self) -> bool:
        """A unit to remind, a file for the office to look at, or no unit list to tell who is
        late: otherwise the file would only say that nobody is to be reminded."""
        return bool(self.cases or self.unassigned) or not self.knows_units


# ---- the one adapter from the validation report (interfaces.md "Data kept stable")


def _items_by_unit(
    report: ValidationReport,
    with_warnings: bool,
    versions: Versions | None = None,
    office: str = ANY_OFFICE,
) -> tuple[dict[str, list[Item]], dict[str, list[Item]], list[Item]]:
    """(errors by unit, warnings by unit, items of files with no known unit). A file of one
    unit whose name is not on the list is that name's, as validate says it (`_unlisted`): its
    other errors with its name (was: under "Tệp chưa rõ của đơn vị nào", the name apart)."""
    unit_of_file = {f.file: f.unit for f in report.files if f.unit} | _unlisted(report)
    # a file a missing unit is taken for (a name near its own): that unit's, as validate says
    claimed = {file: unit for unit, file in report.missing_hints.items()}
    errors: dict[str, list[Item]] = {}
    warnings: dict[str, list[Item]] = {}
    unassigned: list[Item] = []
    sent: dict[str, list[str]] = {}  # two versions of one unit's report: one item for both
    sheets_said: set[tuple[str, str]] = set()  # (file, message) of a unit's differing sheets
    for p in report.problems:
        if is_unit_state(p) or p.severity is Severity.INFO or not p.file:
            continue
        unit = claimed.get(p.file) or p.unit or unit_of_file.get(p.file)
        # a version's error named as its versions are (was 'Tệp "ps.xlsx"', as both are called)
        known_as = _called(p.file, _of(versions, unit).names)
        sheet = p.sheet_shown() or None  # as every message names it (`text.sheet_label`)
        item = Item(
            p.file, sheet, p.cell, unit_message(p), office=p.message, known=known_as, code=p.code
        )
        if p.code in OFFICE_ONLY:  # the office's note on its own file: nothing for the unit
            continue
        if unit is not None and p.code in COPY_PAIR_CODES:
            sent.setdefault(unit, []).append(p.file)
            continue
        if p.code == "duplicate-sheet":  # one item for a file's sheets: its message names them
            if (p.file, p.message) in sheets_said:
                continue
            sheets_said.add((p.file, p.message))
            item = Item(p.file, None, None, item.message, office=p.message, known=known_as)
        if unit is None:
            unassigned.append(item)
        elif p.severity is Severity.ERROR:
            errors.setdefault(unit, []).append(item)
        elif with_warnings:
            warnings.setdefault(unit, []).append(item)
    for twin, other in report.same_copies():  # a copy sent again: named if its unit knows it
        unit = next((u for u, files in sent.items() if other in files), None)
        if unit is not None and twin in _of(versions, unit).names:
            sent[unit].append(twin)
    for unit, files in sent.items():
        item = _versions_item(files, _of(versions, unit), office)
        errors.setdefault(unit, []).insert(0, item)
    # A file of another period needs no line of its own: a later one (or another year's) has
    # its period error above; an earlier one is the folder's history, and its unit is told only
    # that this period's report has not arrived (validation_view._other_period).
    for unit, file in report.missing_hints.items():  # an unreadable file named for the unit
        if unit not in errors:
            errors[unit] = [i for i in unassigned if i.file == file]
            unassigned = [i for i in unassigned if i.file != file]
    return errors, warnings, unassigned


def _unlisted(report: ValidationReport) -> dict[str, str]:
    """Each file of one report whose unit name is not on the list → that name as written."""
    alone = {f.file for f in report.files if not f.unit and not f.units}
    return {
        p.file: p.unit
        for p in report.problems
        if p.code == "unknown-unit" and p.unit and p.file in alone
    }


def _versions_item(files: Sequence[str], versions: Versions | None, office: str) -> Item:
    """A unit's differing versions as one item: which files, and what they differ in. The
    office's export among them is the office's file, not one the unit sent (was: 'Đơn vị gửi 2
    tệp khác nhau' for two exports holding its row): with none of its own, the unit is asked
    which figures are right."""
    known = versions.names if versions else {}
    exports = versions.exports if versions else frozenset()
    named = _listed(files, known)
    own = [f for f in named if f not in exports]
    held = [f for f in named if f in exports]
    if not held:
        text = (
            f"Đơn vị gửi {len(named)} tệp khác nhau cho cùng kỳ ({_quoted(named, known)}): "
            "chưa biết số liệu của tệp nào là đúng."
        )
    elif not own:
        text = (
            f"Số liệu của đơn vị trong {len(held)} tệp xuất của {office} "
            f"({_quoted(held, known)}) khác nhau: chưa biết số liệu nào là đúng."
        )
    else:
        text = (
            f"Số liệu trong tệp của đơn vị ({_quoted(own, known)}) khác với số liệu của đơn vị "
            f"trong tệp xuất của {office} ({_quoted(held, known)}): chưa biết số liệu nào là đúng."
        )
    said = dict.fromkeys((versions.differences if versions else {}).get(f, "") for f in named)
    text += "".join(f" {d}" for d in said if d)
    return Item(named[0], None, None, text, tuple(named), confirm=not own)


def _quoted(files: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(_called(file, names) for file in files)


@dataclass(frozen=True)
class Versions:
    """A unit's differing versions (copies of its report for the period) as its reminder says
    them, each keyed by file."""

    names: Mapping[str, str]  # how the unit knows the file, quoted (`version_names`)
    differences: Mapping[str, str]  # what the unit's versions differ in (`version_differences`)
    exports: frozenset[str] = frozenset()  # those that are the office's exports, not the unit's
    # unit key → that unit's own: a workbook holding two units' sheets is a version of each,
    # named and compared by that unit's figures (was: one unit told the other's figures)
    units: Mapping[str, Versions] = field(default_factory=dict)


def _of(versions: Versions | None, unit: str | None) -> Versions:
    """`unit`'s versions, as its reminder says them (all of them when not kept by unit)."""
    if versions is None:
        return Versions({}, {})
    return versions.units.get(unit_key(unit), versions) if unit else versions


def version_notes(comparisons: Sequence[Comparison], ind_set: IndicatorSet) -> Versions:
    """The names and differences of the versions that `comparisons` compare, and which of them
    are the office's exports; each unit's also on their own (`Versions.units`)."""
    units = {unit_key(group[0].older.unit): _notes(group, ind_set) for group in by_unit(comparisons)}
    whole = _notes(comparisons, ind_set)
    return replace(whole, units={key: found for key, found in units.items() if key})


def _notes(comparisons: Sequence[Comparison], ind_set: IndicatorSet) -> Versions:
    names = version_names(comparisons)
    exports = frozenset(
        copy.file for c in comparisons for copy in (c.older, c.newer) if copy.exported
    )
    return Versions(names, version_differences(comparisons, ind_set, names), exports)


def version_names(comparisons: Sequence[Comparison]) -> dict[str, str]:
    """Each file of a unit's versions → how the unit knows it, quoted: its name ('"ps.xlsx"'),
    never the office's folders. Two of one name (the clerk keeps the second in a sub-folder)
    are told apart by the date written in each ('"ps.xlsx" ghi ngày 20/12/2023'), else by the
    order the clerk's copies were saved in ('"ps.xlsx" bản thứ 2'): the unit read its file's
    name twice, and could not tell which figure was in which. Names are alike as they read:
    one written composed and one decomposed (NFC, NFD: from a Mac or a zip) read the same.
    The files come in the order their unit knows them (`_as_sent`), the order its reminder
    lists them in (`_listed`); a copy of another's figures and date has that one's name
    (`_same_file`)."""
    copies = {copy.file: copy for c in comparisons for copy in (c.older, c.newer)}
    names: dict[str, str] = {}
    for files in linked((c.older.file, c.newer.file) for c in comparisons):
        same_as = _same_file([copies[file] for file in files])
        unit = _as_sent(list({id(copy): copy for copy in same_as.values()}.values()))
        alike: dict[str, list[Copy]] = {}
        for copy in unit:
            read = unicodedata.normalize("NFC", file_name(copy.file))  # was: two names, as one
            alike.setdefault(read, []).append(copy)
        said = dict(pair for name, same in alike.items() for pair in _told_apart(name, same))
        for copy in unit:
            names.update((f, said[copy.file]) for f, first in same_as.items() if first is copy)
    return names


def _same_file(copies: Sequence[Copy]) -> dict[str, Copy]:
    """Each copy → the copy its unit knows it as: the first saved of those with its figures and
    the date written in it (kept twice by the clerk, or sent twice as it was: one file to the
    unit, named once). The same figures under another date are another file: the unit sent them
    again later (was: not named, though --lay-moi-nhat took it as the newest)."""
    first: dict[object, Copy] = {}
    found: dict[str, Copy] = {}
    for copy in sorted(copies, key=_saved_order):
        key = (copy.as_of, tuple(sorted(copy.values.items()))) if copy.values else copy.file
        found[copy.file] = first.setdefault(key, copy)
    return found


def _told_apart(name: str, same: Sequence[Copy]) -> list[tuple[str, str]]:
    """Copies of one name (`same`, in the order their unit knows them), each as it is called."""
    if len(same) == 1:
        return [(same[0].file, f'"{name}"')]
    if _dated_apart(same):
        return [(c.file, f'"{name}" ghi ngày {date_text(c.as_of)}') for c in same if c.as_of]
    ordered = sorted(same, key=_saved_order)
    return [(c.file, f'"{name}" bản thứ {k}') for k, c in enumerate(ordered, 1)]


def _as_sent(copies: Sequence[Copy]) -> list[Copy]:
    """A unit's copies in the order it knows them: by the date written in each, older first,
    when the dates tell them all apart, else in the order they were saved ("bản thứ 1" before
    "bản thứ 2"). Was: by the clerk's paths, '("ps.xlsx" bản thứ 2, "ps.xlsx" bản thứ 1)'."""
    ordered = sorted(copies, key=_saved_order)
    if _dated_apart(ordered):
        ordered.sort(key=lambda copy: copy.as_of or dt.date.min)
    return ordered


def _dated_apart(copies: Sequence[Copy]) -> bool:
    """Each copy has a date written in it, and no two the same."""
    days = [copy.as_of for copy in copies]
    return None not in days and len(set(days)) == len(days)


def _listed(files: Iterable[str], names: Mapping[str, str]) -> list[str]:
    """`files` in the order `names` (`version_names`) lists them, others after, by path; each
    file as its unit knows it once (two of one name there are one file to the unit)."""
    place = {file: k for k, file in enumerate(names)}
    found: dict[str, str] = {}
    for file in sorted(set(files), key=lambda file: (place.get(file, len(place)), file)):
        found.setdefault(names.get(file, file), file)
    return list(found.values())


def _called(file: str, names: Mapping[str, str]) -> str:
    """A file as its unit knows it, quoted: as `names` (`version_names`) says it, else its name."""
    return names.get(file, f'"{file_name(file)}"')


def _saved_order(copy: Copy) -> tuple[bool, float, str]:
    """Copies in the order they were saved (those without a time last), then by path."""
    return (copy.modified is None, copy.modified.timestamp() if copy.modified else 0.0, copy.file)


def _in_file(value: int | None, known: str) -> str:
    return f'{"để trống" if value is None else format_int(value)} (tệp {known})'


def version_differences(
    comparisons: Sequence[Comparison], ind_set: IndicatorSet, names: Mapping[str, str]
) -> dict[str, str]:
    """Each file of a unit's differing versions → what they differ in, in its unit's words
    ('Hai tệp khác nhau ở: Số hộ … (chỉ tiêu 7): 1.028 (tệp "A"), 1.078 (tệp "B").', each file
    as `names` says it), so the unit can tell which is right without opening them. Three
    versions or more are said together ('Các tệp khác nhau ở: …', each file's figure): pair by
    pair, the unit heard "Hai tệp" twice, and never the figures of the two copies that the
    comparisons did not pair. A version with errors has no figures to show, and is left out."""
    figures = {
        copy.file: copy.values
        for c in comparisons
        if c.comparable
        for copy in (c.older, c.newer)
        if copy.values is not None
    }
    found: dict[str, str] = {}
    for files in linked((c.older.file, c.newer.file) for c in comparisons if c.comparable):
        text = _what_differs(_listed(files, names), figures, ind_set, names)
        if text:
            found.update(dict.fromkeys(files, text))
    return found


def _what_differs(
    files: Sequence[str],
    figures: Mapping[str, Mapping[str, int]],
    ind_set: IndicatorSet,
    names: Mapping[str, str],
) -> str:
    parts = []
    for code, values in differing([figures[file] for file in files], ind_set.field_codes):
        said = ", ".join(
            _in_file(value, _called(file, names)) for value, file in zip(values, files, strict=True)
        )
        parts.append(f"{field_label(ind_set, code)}: {said}")
    if not parts:
        return ""
    head = "Hai tệp" if len(files) == 2 else "Các tệp"
    return f"{head} khác nhau ở: " + "; ".join(parts) + "."


def _received(report: ValidationReport) -> dict[str, tuple[Received, ...]]:
    """Units that sent an earlier period's report, or a document, instead of this period's
    report (validate's "gửi nhầm": the same unit states as its console), with the period read
    from each file. A document is one named for the unit (was: "chưa nhận được báo cáo của đơn
    vị" to a commune whose Word report the office had in its folder)."""
    start = period_bounds(report.year, report.quarter)[0]
    entries = {entry.file: entry for entry in report.files}
    found: dict[str, tuple[Received, ...]] = {}
    for status in unit_states(report):
        if status.state is not UnitState.WRONG_FILE:
            continue
        sent = [
            Received(file, entry.year, entry.quarter)
            for file in status.files
            if (entry := entries.get(file)) is not None
            and entry.year
            and entry.quarter
            and period_bounds(entry.year, entry.quarter)[0] < start
        ]
        sent += [
            Received(file)
            for file in status.files
            if (entry := entries.get(file)) is not None and entry.status is FileStatus.SKIPPED
        ]
        if sent:
            found[status.unit] = tuple(sent)
    return found


def _only_received(errors: Sequence[Item], received: Sequence[Received]) -> bool:
    """Whether a unit's only errors say that the files it sent are another period's reports
    (`received`): its reminder says what it sent, as validate's "gửi nhầm" does (was, in a
    month run, for a quarter's report: "tệp nhận được chưa dùng được", the file's period
    error as a thing to fix)."""
    files = {r.file for r in received}
    return bool(errors) and all(i.code == "period-mismatch" and i.file in files for i in errors)


def cases_from_report(
    report: ValidationReport,
    *,
    with_warnings: bool = True,
    versions: Versions | None = None,
    office: str = ANY_OFFICE,
) -> tuple[tuple[UnitCase, ...], tuple[Item, ...]]:
    """Turn `validate_folder`'s report into unit cases; the only place that reads its fields.
    `versions`: a unit's differing versions, as its reminder names them and what they differ in;
    `office`: the receiving office as its units call it (whose exports are named as its own)."""
    errors, warnings, unassigned = _items_by_unit(report, with_warnings, versions, office)
    received = _received(report)
    left_out = {unit for unit, _ in report.left_out}
    missing = set(report.missing_units)
    # the unit list's order, as validate's and the report's (was alphabetical for the units to
    # fix or check): the late list, the units to fix and the messages follow it
    order = in_list_order(
        report,
        [u for u, _ in report.left_out] + report.missing_units + sorted(errors) + sorted(warnings),
    )
    cases: list[UnitCase] = []
    for unit in order:
        if unit in missing:
            need = Need.SEND
        elif unit in left_out or unit in errors:
            need = Need.FIX
        else:
            need = Need.CHECK
        said = received.get(unit, ()) if need is Need.SEND else ()
        cases.append(
            UnitCase(
                unit,
                need,
                () if _only_received(errors.get(unit, ()), said) else tuple(errors.get(unit, ())),
                tuple(warnings.get(unit, ())),
                said,
            )
        )
    listed = {unit_key(s.unit) for s in report.units}
    cases = [replace(c, unlisted=bool(listed) and unit_key(c.unit) not in listed) for c in cases]
    rank = {Need.FIX: 0, Need.SEND: 1, Need.CHECK: 2}
    cases.sort(key=lambda c: rank[c.need])
    return tuple(cases), tuple(unassigned)


def build_reminders(
    report: ValidationReport,
    deadline: dt.date | None = None,
    *,
    with_warnings: bool = True,
    knows_units: bool = True,
    office: str | None = None,
    versions: Versions | None = None,
) -> Reminders:
    """The reminders for a validated folder; `knows_units` says whether a unit list was used;
    `office` names the receiving office to its units (`Đoàn xã`, `Tỉnh đoàn`…); `versions`:
    a unit's differing versions, named and compared (`version_notes`)."""
    office = office or ANY_OFFICE
    cases, unassigned = cases_from_report(
        report, with_warnings=with_warnings, versions=versions, office=office
    )
    return Reminders(report.year, report.quarter, deadline, cases, unassigned, knows_units, office)


# ---- wording


def _where(item: Item, *, with_file: bool, for_unit: bool = True) -> str:
    """Where the item is: a unit knows its file by name (`for_unit`), the office by its path."""
    if item.files:
        return ""  # its message names its files
    # a unit's version as its versions are named ('"ps.xlsx" ghi ngày 20/12/2023', `known`)
    file = (item.known or _called(item.file, {})) if for_unit else f'"{item.file}"'
    parts = [f"tệp {file}"] if with_file else []
    if item.sheet:
        parts.append(f"trang {item.sheet}")
    if item.cell:
        parts.append(f"ô {item.cell}")
    return ", ".join(parts)


def _lines(
    items: tuple[Item, ...], *, with_file: bool = False, for_unit: bool = True
) -> list[str]:
    """One line per item, at most MAX_ITEMS: a chat message stays short, the rest is counted."""
    files = {f for i in items for f in (i.files or (i.file,))}
    lines = []
    for item in _shown(items):
        where = _where(item, with_file=with_file or len(files) > 1, for_unit=for_unit)
        text = item.message if for_unit else item.office or item.message
        lines.append(f"- {where[0].upper() + where[1:]}: {text}" if where else f"- {text}")
    if len(items) > MAX_ITEMS:
        lines.append(f"- … và {len(items) - MAX_ITEMS} mục khác cùng loại trong tệp.")
    return lines


def _shown(items: tuple[Item, ...]) -> list[Item]:
    """The items listed, at most MAX_ITEMS, in their order: each kind of problem at least once
    before a kind's second item (was: the first eight, so a duplicated chi đoàn row was
    hidden behind eight "không có trong bảng" columns)."""
    if len(items) <= MAX_ITEMS:
        return list(items)
    seen: set[str] = set()
    first = []
    for n, item in enumerate(items):
        if not item.code or item.code not in seen:
            first.append(n)
            seen.add(item.code)
    chosen = set(first[:MAX_ITEMS])
    chosen |= set([n for n in range(len(items)) if n not in chosen][: MAX_ITEMS - len(chosen)])
    return [items[n] for n in sorted(chosen)]


def _by_when(deadline: dt.date | None, action: str) -> str:
    """The closing request: by the deadline, else "sớm" before the action (after it, "gửi báo cáo
    theo đúng biểu mẫu của Đoàn xã sớm" would read as the office's early form)."""
    if deadline:
        return f"Đề nghị đồng chí {action} trước ngày {date_text(deadline)}. Xin cảm ơn!"
    return f"Đề nghị đồng chí sớm {action}. Xin cảm ơn!"


def _received_text(received: tuple[Received, ...], reminders: Reminders) -> str:
    """`<office> đã nhận được tệp "…" của đơn vị, nhưng đó là báo cáo quý III năm 2023, chưa
    phải báo cáo quý IV năm 2023.`: the unit did send something, and is told what. A document:
    `…, nhưng đó là văn bản .docx, không phải biểu mẫu bảng tính nên số liệu chưa được đọc và
    chưa được tính vào tổng hợp.`"""
    earlier = [r for r in received if r.year is not None]
    documents = [r for r in received if r.year is None]
    said: list[str] = []
    for group, why in (
        (earlier, f"chưa phải báo cáo {period_name(reminders.year, reminders.quarter)}."),
        (documents, NOT_A_FORM),
    ):
        if not group:
            continue
        names = ", ".join(f'"{file_name(r.file)}"' for r in group)
        what = " và ".join(dict.fromkeys(r.what() for r in group))
        files = "tệp" if len(group) == 1 else "các tệp"
        said.append(
            f"{reminders.office} đã nhận được {files} {names} của đơn vị, nhưng đó là {what}, {why}"
            if not said
            else f"{files.capitalize()} {names} là {what}, {why}"
        )
    return " ".join(said)


NOT_A_FORM = (
    "không phải biểu mẫu bảng tính nên số liệu chưa được đọc và chưa được tính vào tổng hợp."
)


CONFIRM = "cho biết số liệu nào đúng hoặc gửi báo cáo của đơn vị"  # a unit's own file wins
# its own files differ, nothing else to fix: which is right, not "sửa và gửi lại tệp"
WHICH_FILE = "cho biết tệp nào đúng (hoặc gửi lại một tệp đúng thay cho các tệp đã gửi)"


def message(case: UnitCase, reminders: Reminders) -> str:
    """The text for one unit, plain (no formatting), a few lines."""
    period = period_name(reminders.year, reminders.quarter)
    head = f"[{case.unit}] Báo cáo Đề án 5299 {period}"
    lines: list[str] = []
    files = sorted({f for i in case.errors + case.warnings for f in (i.files or (i.file,))})
    named = f' (tệp "{file_name(files[0])}")' if len(files) == 1 else ""
    confirm = bool(case.errors) and all(i.confirm for i in case.errors)  # figures held, not sent
    versions = bool(case.errors) and all(len(i.files) > 1 and not i.confirm for i in case.errors)
    if case.need is Need.SEND and not case.errors and case.received:
        lines.append(f"{head}: {_received_text(case.received, reminders)}")
    elif case.need is Need.SEND and not case.errors:
        lines.append(f"{head}: {reminders.office} chưa nhận được báo cáo của đơn vị.")
    elif case.need is Need.SEND:
        lines.append(f"{head}: tệp nhận được chưa dùng được{named}:")
        lines.extend(_lines(case.errors))
    elif case.errors:
        # two files of its own that differ: nothing to fix, only which is right (was: "có 1 lỗi
        # phải sửa" above "cho biết tệp nào đúng")
        held = confirm or versions
        asked = "cần đơn vị xác nhận số liệu" if held else f"có {len(case.errors)} lỗi phải sửa"
        lines.append(f"{head}{named} {asked}:")
        lines.extend(_lines(case.errors))
    else:
        lines.append(f"{head}{named}: đã nhận, đề nghị kiểm tra lại:")
    if case.warnings:
        if case.errors or case.need is Need.SEND:
            lines.append("Cần kiểm tra thêm:")
        lines.extend(_lines(case.warnings))
    if case.need is Need.SEND:
        which = f"gửi báo cáo {period}" if case.received else "gửi báo cáo"
        form = f"{which} theo đúng biểu mẫu của {reminders.office}"
        lines.append(_by_when(reminders.deadline, form))
    elif case.need is Need.FIX and confirm:  # it sent no file: nothing of its own to resend
        lines.append(_by_when(reminders.deadline, CONFIRM))
    elif case.need is Need.FIX:
        lines.append(_by_when(reminders.deadline, WHICH_FILE if versions else "sửa và gửi lại tệp"))
    elif case.need is Need.CHECK:
        lines.append(_by_when(reminders.deadline, "kiểm tra, nếu có sai sót thì gửi lại tệp"))
    else:
        assert_never(case.need)
    return "\n".join(lines)


def _unlisted_name(case: UnitCase) -> str:
    """`"Xã Núi Một" (tệp "la.xlsx")`: a name not on the list, with the files that write it."""
    files = dict.fromkeys(f for i in case.errors + case.warnings for f in (i.files or (i.file,)))
    named = ", ".join(f'"{f}"' for f in files)
    return f'"{case.unit}" (tệp {named})' if named else f'"{case.unit}"'


def render(reminders: Reminders) -> str:
    """The whole reminder file: the late list first, then one message per unit."""
    period = period_name(reminders.year, reminders.quarter)
    out = [f"NHẮC VIỆC BÁO CÁO ĐỀ ÁN 5299 {period.upper()}"]
    if reminders.deadline:
        out.append(f"Hạn gửi: {date_text(reminders.deadline)}")
    late = reminders.late
    out.append("")
    if not reminders.knows_units:
        out.append(
            "Không có danh sách đơn vị (don-vi.yaml): chưa biết đơn vị nào chưa gửi báo cáo."
        )
    elif late:
        out.append(f"Đơn vị chưa gửi báo cáo ({len(late)}):")
    else:
        out.append("Mọi đơn vị đã gửi báo cáo.")
    sending = [c for c in reminders.cases if c.need is Need.SEND]
    for i, case in enumerate(sending, start=1):
        why = " (tệp gửi về chưa dùng được)" if case.errors else ""
        if case.received and not case.errors:
            what = dict.fromkeys(r.what() for r in case.received)
            why = f" (tệp gửi về là {' và '.join(what)})"
        out.append(f"{i}. {case.unit}{why}")
    fixing = [c.unit for c in reminders.cases if c.need is Need.FIX and not c.unlisted]
    if fixing:
        out.append(f"Đơn vị phải sửa số liệu ({len(fixing)}): {', '.join(fixing)}")
    unlisted = [_unlisted_name(c) for c in reminders.cases if c.unlisted]
    if unlisted:  # the name is what is wrong first: not a unit of the list to fix its figures
        out.append(
            f"Tên đơn vị ghi trong tệp không có trong danh sách ({len(unlisted)}): "
            f"{', '.join(unlisted)}"
        )
    if not reminders.cases:
        out.append("Không có đơn vị nào cần nhắc.")
    for case in reminders.cases:
        out += ["", "-" * 60, message(case, reminders)]
    if reminders.unassigned:
        out += ["", "-" * 60, "Tệp chưa rõ của đơn vị nào (văn phòng xem lại):"]
        out.extend(_lines(reminders.unassigned, with_file=True, for_unit=False))
    return "\n".join(out) + "\n"
