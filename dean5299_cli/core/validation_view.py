"""What `validate` shows people, as data: who to call first, one summary line, details by unit.

Pure: the console layer (cli/render.py) only wraps these lines to the terminal's width.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from enum import Enum

from dean5299_cli.core.checking.duplicates import MAX_SHEETS_NAMED
from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.exhaustive import assert_never
from dean5299_cli.core.listing import Listing
from dean5299_cli.core.numbers import format_int
from dean5299_cli.core.periods import period_bounds, period_name, quarter_label
from dean5299_cli.core.problems import Problem, Severity, brief, is_unit_state
from dean5299_cli.core.settings import SETTINGS_NAME, Settings
from dean5299_cli.core.status import UnitState, UnitStatus
from dean5299_cli.core.text import sheet_in_list
from dean5299_cli.core.units import unit_key

MAX_CELLS = 4  # cells named on an action line; more are counted
MAX_LINES_OF_A_KIND = 15  # more units not sent (or only to check) than this: one line for them
NAMES_ON_A_GROUP = 10  # units named on that line; the others counted


class ViewMode(str, Enum):
    ERRORS = "errors"  # --chi-loi: errors only
    NORMAL = "normal"  # errors and warnings, no codes
    ALL = "all"  # --tat-ca: everything, with codes


class Rank(int, Enum):
    """Why a unit is on the action list, most urgent first."""

    FIX = 0  # a file with errors: left out of the totals
    WRONG_FILE = 1  # what arrived is not this period's report
    NOT_SENT = 2  # nothing arrived
    CHECK = 3  # counted, but some figures should be checked


@dataclass(frozen=True)
class Action:
    """One line of the action list: a unit (or a file with no unit) and what it must do."""

    who: str
    rank: Rank
    text: str
    owner: str = ""  # the unit's key (or NUL + file) grouping its details


@dataclass(frozen=True)
class Detail:
    severity: Severity
    where: str  # "ô E11" / "trang Sheet1, ô F9" / ""
    message: str
    code: str  # the problem code ("" for a line that is not a problem)


@dataclass(frozen=True)
class Group:
    """The details of one unit's file (or of a file whose unit is unknown)."""

    heading: str
    details: tuple[Detail, ...]


@dataclass(frozen=True)
class View:
    notices: tuple[str, ...]  # said first: no settings in use, the year no file gave
    title: str
    actions_heading: str  # whom to contact: units, and files whose unit is unknown
    actions: tuple[Action, ...]
    summary: str
    groups: tuple[Group, ...]
    footer: tuple[str, ...]
    # said once under the units not sent: files of no known unit above may be theirs
    not_sent_note: str = ""


NO_SETTINGS = (
    "Chú ý: không tìm thấy tệp cấu hình don-vi.yaml, nên KHÔNG có danh sách đơn vị và KHÔNG có "
    "chỉ tiêu: không biết đơn vị nào chưa gửi, không so với chỉ tiêu. Hãy chỉ ra tệp bằng "
    "--settings đường/dẫn/don-vi.yaml, hoặc chạy lệnh trong thư mục làm việc (nơi có don-vi.yaml)."
)


def unit_states(report: ValidationReport) -> tuple[UnitStatus, ...]:
    """Every unit's state as the judging decided it (`report.units`); a unit with nothing for
    this period but a file of another one is named with that file (`_other_period`)."""
    others = _other_periods(report)
    return tuple(_other_period(s, report, others) for s in report.units)


def in_list_order(report: ValidationReport, units: Iterable[str]) -> list[str]:
    """`units`, each once, in the order of the unit list (`report.units`: don-vi.yaml's order,
    as validate's list of whom to call and the report's appendix follow it); names not on it
    after, in the order given."""
    rank = {unit_key(s.unit): i for i, s in enumerate(report.units)}
    return sorted(dict.fromkeys(units), key=lambda unit: rank.get(unit_key(unit), len(rank)))


Elsewhere = dict[str, list[tuple[int, int, str]]]  # unit key → (year, quarter, file)…


def _other_periods(report: ValidationReport) -> Elsewhere:
    """Unit key → the folder's files of that unit for another period (year, quarter, file), in
    the folder's order: grouped once (was: every file gone through again for each unit not
    sent, 1,3 s for 400 of them among 4.400 files)."""
    found: Elsewhere = {}
    for entry in report.files:
        if entry.unit is None or not (entry.quarter and entry.year):
            continue
        if (entry.year, entry.quarter) == (report.year, report.quarter):
            continue
        found.setdefault(unit_key(entry.unit), []).append((entry.year, entry.quarter, entry.file))
    return found


def _other_period(status: UnitStatus, report: ValidationReport, others: Elsewhere) -> UnitStatus:
    """A unit with nothing for this period but a file of another period (`others`, by unit
    key). An earlier report is what a folder keeps for comparison (the guide says so): the unit
    has not sent this one yet, and is never told it sent the wrong file; its latest earlier
    report is named (last year's are kept too). A later one is a file sent by mistake."""
    if status.state is not UnitState.NOT_SENT:
        return status
    start = period_bounds(report.year, report.quarter)[0]
    earlier: tuple[dt.date, UnitStatus] | None = None
    for year, quarter, file in others.get(unit_key(status.unit), ()):
        period = quarter_label(quarter)
        if year != report.year:
            period += f" năm {year}"
        begins = period_bounds(year, quarter)[0]
        if begins > start:
            return UnitStatus(
                status.unit, UnitState.WRONG_FILE, (file,), f"gửi nhầm báo cáo {period}"
            )
        if earlier is None or begins > earlier[0]:
            said = f"chỉ có báo cáo {period}"
            earlier = (begins, UnitStatus(status.unit, UnitState.NOT_SENT, (file,), said))
    return earlier[1] if earlier else status


def _where(p: Problem, with_sheet: bool) -> str:
    parts = [f"trang {p.sheet_shown(quoted=False)}"] if p.sheet and with_sheet else []
    if p.cell:
        parts.append(f"ô {p.cell}")
    return ", ".join(parts)


def _file_units(report: ValidationReport) -> dict[str, str]:
    """Each file's unit: as read, or the missing unit it is taken for (`missing_hints`); a
    file of one unit whose name is not on the list, that name as written (its other errors were
    a second line to call, `Tệp "…"`, apart from the name that leaves it out)."""
    unit_of_file = {f.file: f.unit for f in report.files if f.unit}
    alone = {f.file for f in report.files if not f.unit and not f.units}
    for p in report.problems:
        if p.code == "unknown-unit" and p.unit and p.file in alone:
            unit_of_file.setdefault(p.file, p.unit)
    unit_of_file.update({file: unit for unit, file in report.missing_hints.items()})
    return unit_of_file


def _owner(p: Problem, unit_of_file: Mapping[str, str], claimed: AbstractSet[str]) -> str:
    """The unit a problem belongs to (canonical key), or the file when the unit is unknown. A
    file `claimed` by a missing unit (`missing_hints`) is that unit's, whatever name it gives:
    one file, one unit to call (was: the name written, and the unit, each told of it)."""
    unit = unit_of_file[p.file] if p.file in claimed else p.unit or unit_of_file.get(p.file)
    return unit_key(unit) if unit else f"\0{p.file}"


def _shown(p: Problem, mode: ViewMode) -> bool:
    if is_unit_state(p):
        return False
    if p.code == "skipped-file":
        return mode is ViewMode.ALL
    if mode is ViewMode.ERRORS:
        return p.severity is Severity.ERROR
    if mode is ViewMode.NORMAL:
        return p.severity is not Severity.INFO
    if mode is ViewMode.ALL:
        return True
    assert_never(mode)


def _cells(problems: Sequence[Problem]) -> str:
    """The cells to look at ("ô E11, E18 và 2 mục khác"), with what is wrong when it is one cell
    ("ô E10 (kết quả lỗi #DIV/0!)"); the first message when none has a cell."""
    cells = list(dict.fromkeys(p.cell for p in problems if p.cell))
    if not cells:
        more = f" (và {len(problems) - 1} mục khác)" if len(problems) > 1 else ""
        return problems[0].message + more
    if len(problems) == 1 and (words := brief(problems[0])):  # one cell: what is wrong in it
        return f"ô {cells[0]} ({words})"
    rest = len(cells) - MAX_CELLS if len(cells) > MAX_CELLS else 0
    rest += sum(1 for p in problems if not p.cell)
    more = f" và {rest} mục khác" if rest else ""
    return f"ô {', '.join(cells[:MAX_CELLS])}{more}"


def _by_copy(problems: Sequence[Problem]) -> str:
    """`tệp "loi/ps.xlsx", ô E10 (kết quả lỗi #DIV/0!)`: the cells of each of a unit's copies,
    the copy named by its path (was: the cells alone, and the copies often of one name)."""
    copies: dict[str, list[Problem]] = {}
    for p in problems:
        copies.setdefault(p.file, []).append(p)
    return "; ".join(f'tệp "{file}", {_cells(found)}' for file, found in copies.items())


def _other_errors(errors: Sequence[Problem], said: str, *, by_copy: bool = False) -> str:
    """`; sửa 2 lỗi khác: ô E10, E12`: a unit's errors besides the one its line already says
    (`said`, a code), by copy when it has several; "" when none."""
    others = [p for p in errors if p.code != said]
    if not others:
        return ""
    return f"; sửa {len(others)} lỗi khác: {_by_copy(others) if by_copy else _cells(others)}"


def _sheets_text(errors: Sequence[Problem]) -> str:
    """A unit's differing sheets of one file for the period, named, then its other errors."""
    copies = [p for p in errors if p.code == "duplicate-sheet"]
    sheets = list(dict.fromkeys(p.sheet_shown() for p in copies if p.sheet))
    named = ", ".join(sheet_in_list(s) for s in sheets[:MAX_SHEETS_NAMED])
    if len(sheets) > MAX_SHEETS_NAMED:
        named += f" và {len(sheets) - MAX_SHEETS_NAMED} trang khác"
    text = f"có {len(copies)} trang khác nhau cho cùng kỳ trong một tệp ({named})"
    if any(p.params.get("newest") for p in copies):
        text += ": giữ một trang (hoặc dùng --lay-moi-nhat)"
    else:  # no date tells the sheets apart: only the unit knows
        text += ", không biết trang nào mới hơn: hỏi đơn vị trang nào đúng, giữ một trang"
    return text + _other_errors(errors, "duplicate-sheet")


def _exports_text(errors: Sequence[Problem]) -> str:
    """A unit's rows in the office's exports that differ: the unit sent neither."""
    rows = [p for p in errors if p.code == "exports-differ"]
    text = (
        f"số liệu của đơn vị trong {len({p.file for p in rows})} tệp xuất khác nhau, chưa biết "
        "số liệu nào đúng: hỏi đơn vị số liệu nào đúng (hoặc đề nghị đơn vị gửi báo cáo của đơn vị)"
    )
    return text + _other_errors(errors, "exports-differ", by_copy=True)


def _unknown_text(errors: Sequence[Problem]) -> str:
    """A file whose unit name is not on the list: the name as written and its cell first, and
    that its figures (the file's, or a table row's) are not counted (was "sửa 1 lỗi: ô C3", the
    name nowhere), then its other errors."""
    names = [p for p in errors if p.code == "unknown-unit"]
    written = ", ".join(
        dict.fromkeys(
            f'"{p.params.get("raw", p.unit or "")}"' + (f" ghi ở ô {p.cell}" if p.cell else "")
            for p in names
        )
    )
    text = (
        f"tên đơn vị {written} không có trong danh sách đơn vị ({SETTINGS_NAME}): "
        "số liệu chưa được tính vào tổng hợp"
    )
    return text + _other_errors(errors, "unknown-unit")


def _shared_sheets(copies: Sequence[Problem]) -> str:
    """`; bỏ bản trong tệp "gop.xlsx" thì xóa trang "PS", không chuyển tệp ra khỏi thư mục (tệp
    còn báo cáo của đơn vị khác)`: a unit's copy that is a sheet of a workbook holding another
    unit's report (`shared`) goes by its sheet, never by the workbook; "" when none is."""
    shared = dict.fromkeys((p.file, str(p.params["shared"])) for p in copies if p.params.get("shared"))
    if not shared:
        return ""
    where = " hoặc ".join(f'tệp "{file}" thì xóa trang {sheet}' for file, sheet in shared)
    whole = "tệp" if len(shared) == 1 else "các tệp này"
    held = "tệp còn" if len(shared) == 1 else "các tệp còn"
    return (
        f"; bỏ bản trong {where}, không chuyển {whole} ra khỏi thư mục ({held} báo cáo của "
        "đơn vị khác)"
    )


def _action(
    who: str,
    key: str,
    status: UnitStatus | None,
    probs: Sequence[Problem],
    mode: ViewMode,
    choosable: AbstractSet[tuple[str, str]],
) -> Action | None:
    """What one unit (or file) must do, or None when nothing; `choosable`: the duplicate copies
    `--lay-moi-nhat` would choose between, by unit and file (duplicates_diff.choosable)."""
    errors = [p for p in probs if p.severity is Severity.ERROR]
    warnings = [p for p in probs if p.severity is Severity.WARNING]
    state = status.state if status is not None else None
    codes = {p.code for p in errors}
    if state is UnitState.WRONG_FILE and codes <= {"period-mismatch"}:
        detail = status.detail if status else ""
        text = detail if detail.startswith("gửi nhầm") else f"gửi nhầm: {detail}".rstrip(": ")
        return Action(who, Rank.WRONG_FILE, text, key)
    if "duplicate-submission" in codes:  # the copies first, then any other error in them
        copies = [p for p in errors if p.code == "duplicate-submission"]
        files = {p.file for p in copies}
        one = "một bản" if _shared_sheets(copies) else "một tệp"
        text = f"gửi {len(files)} tệp khác nhau cho cùng kỳ"
        if all((key, f) in choosable or ("", f) in choosable for f in files):
            text += f": giữ {one} (hoặc dùng --lay-moi-nhat)"
        else:  # --lay-moi-nhat takes neither copy: only the unit knows
            text += f", không biết tệp nào mới hơn: hỏi đơn vị tệp nào đúng, giữ {one}"
        text += _shared_sheets(copies)
        # was "sửa 5 lỗi": each copy's "hai tệp khác nhau" counted as one to fix
        text += _other_errors(errors, "duplicate-submission", by_copy=True)
        return Action(who, Rank.FIX, text, key)
    if "duplicate-sheet" in codes:
        return Action(who, Rank.FIX, _sheets_text(errors), key)
    if "exports-differ" in codes:
        return Action(who, Rank.FIX, _exports_text(errors), key)
    if "unknown-unit" in codes:
        return Action(who, Rank.FIX, _unknown_text(errors), key)
    if errors:
        return Action(who, Rank.FIX, f"sửa {len(errors)} lỗi: {_cells(errors)}", key)
    if state is UnitState.NOT_SENT:
        detail = f" ({status.detail})" if status is not None and status.detail else ""
        return Action(who, Rank.NOT_SENT, f"chưa gửi{detail}", key)
    if warnings and mode is not ViewMode.ERRORS:
        return Action(
            who, Rank.CHECK, f"kiểm tra {len(warnings)} cảnh báo: {_cells(warnings)}", key
        )
    return None


def _actions(
    states: tuple[UnitStatus, ...],
    by_owner: Mapping[str, list[Problem]],
    names: Mapping[str, str],
    mode: ViewMode,
    choosable: AbstractSet[tuple[str, str]],
) -> list[Action]:
    """The action list: settings order within each rank, the most urgent rank first."""
    status_of = {unit_key(s.unit): s for s in states}
    order = [unit_key(s.unit) for s in states] + [k for k in by_owner if k not in status_of]
    actions = [
        _action(names[key], key, status_of.get(key), by_owner.get(key, []), mode, choosable)
        for key in dict.fromkeys(order)
    ]
    return sorted((a for a in actions if a is not None), key=lambda a: a.rank)


def _actions_heading(actions: Sequence[Action]) -> str:
    """`Cần liên hệ 3 đơn vị, việc gấp trước:`; a file whose unit is unknown is not a unit."""
    if not actions:
        return "Không đơn vị nào cần liên hệ."
    files = sum(1 for a in actions if a.owner.startswith("\0"))
    units = len(actions) - files
    wanted = [f"liên hệ {format_int(units)} đơn vị"] if units else []
    wanted += [f"xem {format_int(files)} tệp không rõ của đơn vị nào"] if files else []
    return f"Cần {' và '.join(wanted)}, việc gấp trước:"


def shown_warnings(report: ValidationReport) -> int:
    """The warnings under "Chi tiết": a unit that sent nothing (`missing-unit`) is a line of the
    list of units to call and of the units counted, not a warning the clerk would look for (the
    JSON summary still counts it)."""
    return sum(1 for p in report.problems if p.severity is Severity.WARNING and not is_unit_state(p))


def _summary(report: ValidationReport, states: tuple[UnitStatus, ...], mode: ViewMode) -> str:
    s = report.summary()
    counted = sum(1 for st in states if st.state is UnitState.REPORTED)
    n = format_int
    units = f"{n(counted)}/{n(len(states))} đơn vị" if states else f"{n(s['units'])} đơn vị"
    parts = [
        f"Tổng cộng: {n(s['files'])} tệp, {units} được tính vào tổng hợp",
        f"{n(s['errors'])} lỗi, {n(shown_warnings(report))} cảnh báo",
    ]
    above = {p.unit for p in report.problems if p.code == "above-target" and p.unit}
    if above:
        parts.append(f"{format_int(len(above))} đơn vị vượt ít nhất một chỉ tiêu")  # not: every target met
    other = sum(
        1
        for p in report.problems
        if p.severity is Severity.INFO and p.code not in ("above-target", "skipped-file")
    )
    if other and mode is not ViewMode.ALL:
        parts.append(f"{format_int(other)} thông tin khác (xem bằng --tat-ca)")
    return "; ".join(parts) + "."


def build_view(
    report: ValidationReport,
    settings: Settings | None,
    *,
    mode: ViewMode = ViewMode.NORMAL,
    notes: Mapping[tuple[str, str], Sequence[str]] | None = None,
    choosable: AbstractSet[tuple[str, str]] = frozenset(),
    grouped: bool = True,
) -> View:
    """The whole human view of a validation; `notes` adds lines under a unit's file (duplicates,
    keyed by unit key and file; a unit key of "" for any unit);
    `choosable`: the duplicate copies `--lay-moi-nhat` would choose between (no other unit with
    two copies is pointed to it); `grouped`: long runs of one kind as one line (`_grouped`)."""
    states = unit_states(report)
    unit_of_file = _file_units(report)
    claimed = frozenset(report.missing_hints.values())
    names: dict[str, str] = {}
    by_owner: dict[str, list[Problem]] = {}
    for p in report.problems:
        owner = _owner(p, unit_of_file, claimed)
        names.setdefault(owner, p.unit or unit_of_file.get(p.file) or _file_heading(p.file))
        if not is_unit_state(p) and p.severity is not Severity.INFO:
            by_owner.setdefault(owner, []).append(p)
    names.update({unit_key(s.unit): s.unit for s in states})
    actions = _actions(states, by_owner, names, mode, choosable)
    groups = _groups(report, actions, unit_of_file, names, mode, notes or {}, claimed)
    note = _not_sent_note(report, actions)
    shown, listed = (_grouped(report, actions, note) if grouped else (actions, None))
    skipped = [
        f"{p.file} ({p.params.get('reason', '')})" if p.params.get("reason") else p.file
        for p in report.problems
        if p.code == "skipped-file"
    ]
    footer = []
    if skipped and mode is not ViewMode.ALL:
        footer.append(f"Bỏ qua {len(skipped)} tệp: {'; '.join(skipped)}.")
    return View(
        notices=_notices(report, settings),
        title=f"Kết quả kiểm tra báo cáo {period_name(report.year, report.quarter)}",
        actions_heading=_actions_heading(actions),
        actions=tuple(shown),
        summary=_summary(report, states, mode),
        groups=groups + ((listed,) if listed else ()),
        footer=tuple(footer),
        not_sent_note="" if len(shown) < len(actions) and listed else note,
    )


def _not_sent_note(report: ValidationReport, actions: Sequence[Action]) -> str:
    """Files of no known unit (refused before reading, whose name and folder do not say their
    unit; or with no unit name) beside units that sent nothing may be theirs: said once, under
    those units (was: in the heading, far from them; before that, not at all). "" when none."""
    files = [a.owner[1:] for a in actions if a.owner.startswith("\0")]
    if not files or not any(a.rank is Rank.NOT_SENT for a in actions):
        return ""
    unread = {f for f, _ in report.unread_files}
    why = "không đọc được, không rõ" if all(f in unread for f in files) else "không rõ"
    return (
        f"{format_int(len(files))} tệp ở trên {why} của đơn vị nào: có thể là của đơn vị chưa "
        "gửi; khi liên hệ, hỏi đơn vị đã gửi tệp nào."
    )


def _grouped(
    report: ValidationReport, actions: Sequence[Action], note: str
) -> tuple[list[Action], Group | None]:
    """The action list with a long run of units not sent, or only to check, as one line each:
    a count, the first names and where the rest are (at national scale ~1.000 lines of
    "chưa gửi" were the whole first screen). Errors keep a line each. The units not sent so
    grouped are all listed at the end of the details (the `Group` returned), with the note."""
    shown: list[Action] = []
    listed: Group | None = None
    for rank in Rank:
        lines = [a for a in actions if a.rank is rank]
        if rank not in (Rank.NOT_SENT, Rank.WRONG_FILE, Rank.CHECK) or len(lines) <= MAX_LINES_OF_A_KIND:
            shown += lines
            continue
        if rank is Rank.WRONG_FILE:
            shown.append(_wrong_files(report, lines))
            continue
        named = [_named(a) for a in lines]
        first = ", ".join(named[:NAMES_ON_A_GROUP])
        more = len(named) - NAMES_ON_A_GROUP
        count = format_int(len(lines))
        if rank is Rank.NOT_SENT:
            where = "đủ danh sách: cuối phần chi tiết; lời nhắc từng đơn vị: dean5299 remind"
            text = f"{first} và {format_int(more)} đơn vị khác ({where})."
            text += f" {note}" if note else ""
            shown.append(Action(f"{count} đơn vị chưa gửi", rank, text, "\0\0not-sent"))
            heading = f"Chưa gửi báo cáo {period_name(report.year, report.quarter)}: {count} đơn vị"
            every = Detail(Severity.WARNING, "", ", ".join(named), "missing-unit")
            listed = Group(heading, (every,))
        else:
            text = f"{first} và {format_int(more)} đơn vị khác (chi tiết bên dưới)"
            shown.append(Action(f"{count} đơn vị cần kiểm tra cảnh báo", rank, text, "\0\0check"))
    return shown, listed


# `tệp "…" là báo cáo quý III năm 2026` / `gửi nhầm báo cáo quý III`: the period after the
# quoted name (no quote in a file name on Windows), never words of the name
_SENT_PERIOD = re.compile(r'(?:" là|^gửi nhầm) báo cáo (.+?)(?:;|$)')


def _sent_period(action: Action) -> str:
    """The period of the report a unit sent instead (`quý III năm 2026`), "" when not said."""
    found = _SENT_PERIOD.search(action.text)
    return found.group(1) if found else ""


def _wrong_files(report: ValidationReport, lines: Sequence[Action]) -> Action:
    """Many units whose file is another period's report, as one line: the period each sent
    (one for all when it is the same), the first names, and, when they outnumber the units
    counted, the option to check that period instead (a `--quarter` typed wrong made 140
    lines of "gửi nhầm" the whole first screen)."""
    periods = [_sent_period(a) for a in lines]
    same = periods[0] if len(set(periods)) == 1 and periods[0] else ""
    named = [a.who if same or not p else f"{a.who} ({p})" for a, p in zip(lines, periods, strict=True)]
    count = format_int(len(lines))
    text = f"{', '.join(named[:NAMES_ON_A_GROUP])} và {format_int(len(named) - NAMES_ON_A_GROUP)} đơn vị khác (chi tiết bên dưới)."
    counted = sum(1 for u in report.units if u.state is UnitState.REPORTED)
    if len(lines) > counted:
        asked = period_name(report.year, report.quarter)
        text += (
            f" Nếu kỳ cần kiểm tra không phải {asked}, chạy lại với --quarter (và --year) của kỳ đó."
        )
    who = f"{count} đơn vị gửi báo cáo {same}" if same else f"{count} đơn vị gửi nhầm báo cáo kỳ khác"
    return Action(who, Rank.WRONG_FILE, text, "\0\0wrong-file")


def _named(action: Action) -> str:
    """A unit of a grouped line: its name, and what arrived instead when something did
    (`Xã A (chỉ có báo cáo quý III)`)."""
    if action.rank is not Rank.NOT_SENT:
        return action.who
    return f"{action.who}{action.text.removeprefix('chưa gửi')}"


def _notices(report: ValidationReport, settings: Settings | None) -> tuple[str, ...]:
    """What the clerk reads before the title: a run without settings, the period chosen."""
    said = [] if settings is not None else [NO_SETTINGS]
    return tuple(said + period_notices(report, settings))


def period_notices(report: ValidationReport, settings: Settings | None) -> list[str]:
    """The year chosen because no file gave one, and the quarter chosen when some units already
    sent a later one: said before anything else (they decide what every figure is read as:
    never only under --tat-ca), each with the option that asks another."""
    said = []
    for p in report.problems:
        if p.code == "year-assumed":
            others = sorted(y for y in (settings.targets if settings else {}) if y != report.year)
            example = f" (ví dụ --year {others[-1]}, năm có chỉ tiêu giao)" if others else ""
            said.append(
                f"Chú ý: {p.message} Nếu các tệp là báo cáo năm khác, chạy lại với --year và "
                f"năm đó{example}."
            )
        elif p.code == "quarter-chosen":
            said.append(f"Chú ý: {p.message}")
    return said


def left_out(report: ValidationReport, choosable: AbstractSet[tuple[str, str]] = frozenset()) -> Listing | None:
    """What `report` and `summary` say before writing: every unit left out of the totals, once, with its reason as `validate`'s list of units to
    call words it (a file that cannot be read is not "chưa gửi"), and every file of no known
    unit; a unit to fix is named with its files (no details follow, as they do in `validate`).
    None when nothing is left out. `choosable`: as for `build_view`."""
    actions = build_view(
        report, None, mode=ViewMode.ERRORS, choosable=choosable, grouped=False
    ).actions
    if not actions:
        return None
    counted = {unit_key(s.unit) for s in report.units if s.state is UnitState.REPORTED}
    unit_of_file = _file_units(report)
    claimed = frozenset(report.missing_hints.values())
    files_of: dict[str, list[str]] = {}
    for p in report.problems:
        if p.severity is Severity.ERROR and p.file:
            files_of.setdefault(_owner(p, unit_of_file, claimed), []).append(p.file)
    lines = []
    long = {r for r in (Rank.NOT_SENT, Rank.WRONG_FILE) if sum(a.rank is r for a in actions) > MAX_LINES_OF_A_KIND}
    for a in actions:
        if a.rank in long:
            continue
        own = list(dict.fromkeys(files_of.get(a.owner, ()))) if a.rank is Rank.FIX else []
        named = ", ".join(f'"{f}"' for f in own)
        who = f"{a.who} (tệp {named})" if own and not a.owner.startswith("\0") else a.who
        also = " (đơn vị vẫn được tính theo tệp khác)" if a.owner in counted else ""
        lines.append(f"{who} — {a.text}{also}")
    lines += [_long_run([a for a in actions if a.rank is r]) for r in sorted(long)]
    files = sum(1 for a in actions if a.owner.startswith("\0"))
    units = len(actions) - files - sum(1 for a in actions if a.owner in counted)
    what = [f"{format_int(units)} đơn vị"] if units else []
    what += [f"{format_int(files)} tệp không rõ của đơn vị nào"] if files else []
    heading = "Không tính vào tổng hợp: " if what else "Tệp có lỗi, không tính vào tổng hợp"
    heading += ", ".join(what) + " (chi tiết: `dean5299 validate`):"
    return Listing(heading, tuple(lines))


def _long_run(actions: Sequence[Action]) -> str:
    """Units not sent (or sent another period's report), more than `MAX_LINES_OF_A_KIND`, as
    one line: the count, the first names (each with what arrived, if anything) and the others
    counted (`report` at national scale printed a line for each of 1.221 units not sent)."""
    not_sent = actions[0].rank is Rank.NOT_SENT
    named = [_named(a) if not_sent else f"{a.who} ({_sent_period(a) or a.text})" for a in actions]
    what = "chưa gửi" if not_sent else "gửi nhầm báo cáo kỳ khác"
    more = len(named) - NAMES_ON_A_GROUP
    return f"{format_int(len(named))} đơn vị {what} — {', '.join(named[:NAMES_ON_A_GROUP])} và {format_int(more)} đơn vị khác"


def partial_summaries(report: ValidationReport) -> Listing | None:
    """What `report` and `summary` say of a lower office's summary counted whole though it
    leaves some of its own member units out (`partial-summary`): the office's figures are right
    to count, and the clerk hears how many member units they cover (was: not a word, unless
    `validate` was run). None when every summary counted is complete."""
    partial = [p for p in report.problems if p.code == "partial-summary" and p.unit]
    if not partial:
        return None
    lines = tuple(f'{p.unit} (tệp "{p.file}") — {_coverage(p)}' for p in partial)
    units = len({unit_key(p.unit or "") for p in partial})
    heading = (
        f"Tính vào tổng hợp nhưng chưa đủ đơn vị trực thuộc: {format_int(units)} đơn vị "
        "(chi tiết: `dean5299 validate`):"
    )
    return Listing(heading, lines)


def _coverage(p: Problem) -> str:
    """`số liệu chỉ gồm 8/10 đơn vị trực thuộc; chưa có: …`; the message for a problem read
    back without its params."""
    said = [p.params.get(k) for k in ("covered", "members", "missing")]
    if None in said:
        return p.message
    covered, members, missing = said
    return f"số liệu chỉ gồm {covered}/{members} đơn vị trực thuộc; chưa có: {missing}"


def _file_heading(file: str) -> str:
    """A file's heading; a problem of no file (the whole folder) is headed as such."""
    return f'Tệp "{file}"' if file else "Cả thư mục"


_PER_SHEET = ("duplicate-sheet", "identical-sheet")  # one finding for each copy of the form
_SHEET_DETAILS = 2  # of these, listed for so many sheets of a file; the others counted


def _sheet_details(probs: Sequence[Problem], with_sheet: bool) -> list[Detail]:
    """A file's problems as details; a finding made for each of hundreds of copies of the form
    (`_PER_SHEET`) is listed for its first `_SHEET_DETAILS` sheets, the others counted."""
    details: list[Detail] = []
    seen: dict[str, int] = {}
    for p in probs:
        n = seen[p.code] = seen.get(p.code, 0) + 1
        if p.code not in _PER_SHEET or n <= _SHEET_DETAILS:
            details.append(Detail(p.severity, _where(p, with_sheet), p.message, p.code))
    for code, n in seen.items():
        if code in _PER_SHEET and n > _SHEET_DETAILS:
            first = next(p for p in probs if p.code == code)
            more = f"Như trên, cho {n - _SHEET_DETAILS} trang khác của tệp."
            at = max(i for i, d in enumerate(details) if d.code == code) + 1
            details.insert(at, Detail(first.severity, "", more, ""))
    return details


def _groups(
    report: ValidationReport,
    actions: Sequence[Action],
    unit_of_file: Mapping[str, str],
    names: Mapping[str, str],
    mode: ViewMode,
    notes: Mapping[tuple[str, str], Sequence[str]],
    claimed: AbstractSet[str] = frozenset(),
) -> tuple[Group, ...]:
    """Details by unit (action-list order first), each file's errors before its warnings."""
    rank = {a.owner: i for i, a in enumerate(actions)}
    files: dict[tuple[str, str], list[Problem]] = {}
    for p in report.problems:
        if _shown(p, mode):
            files.setdefault((_owner(p, unit_of_file, claimed), p.file), []).append(p)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    groups: list[tuple[int, Group]] = []
    for (owner, file), probs in files.items():
        probs.sort(key=lambda p: order[p.severity])
        sheets = {p.sheet_shown() for p in probs if p.sheet}
        who = names[owner]
        heading = f'{who} — tệp "{file}"' if owner[:1] != "\0" and file else who
        if len(sheets) == 1:
            heading += f", trang {next(iter(sheets))}"
        details = _sheet_details(probs, len(sheets) > 1)
        said = notes.get((owner, file)) or notes.get((unit_key(""), file), ())
        details += [Detail(Severity.INFO, "", note, "") for note in said]
        groups.append((rank.get(owner, len(rank)), Group(heading, tuple(details))))
    groups.sort(key=lambda g: g[0])
    return tuple(g for _, g in groups)
