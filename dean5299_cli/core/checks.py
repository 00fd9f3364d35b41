"""Judge what was read from a folder: periods, units, values, duplicates, history. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from dean5299_cli.core.achievement import Scope, compute
from dean5299_cli.core.indicators import IndicatorSet, Kind, default_year
from dean5299_cli.core.numbers import Rounding, format_int, format_percent
from dean5299_cli.core.periods import parse_date, parse_quarter, parse_year, quarter_label
from dean5299_cli.core.problems import Problem, Severity, problem
from dean5299_cli.core.records import RawFile, RawSubmission
from dean5299_cli.core.settings import Settings
from dean5299_cli.core.text import clean_spaces, fold
from dean5299_cli.core.units import unit_key
from dean5299_cli.core.values import read_count


@dataclass(frozen=True)
class Submission:
    """One unit's figures for one period, judged: whole counts and where each came from."""

    file: str
    sheet: str
    unit: str
    year: int
    quarter: int
    as_of: dt.date | None
    values: dict[str, int]
    cells: dict[str, str]
    consolidated: bool = False


@dataclass(frozen=True)
class FileEntry:
    file: str
    status: str  # ok | warning | error | skipped | history
    unit: str | None = None
    year: int | None = None
    quarter: int | None = None
    units: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "unit": self.unit,
            "year": self.year,
            "quarter": self.quarter,
            "status": self.status,
        }
        if self.units:
            data["units"] = list(self.units)
        return data


@dataclass
class ValidationReport:
    """Everything `validate` found; `summary` and `report` build on it."""

    year: int
    quarter: int
    files: list[FileEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    current: list[Submission] = field(default_factory=list)  # usable, one per unit
    history: list[Submission] = field(default_factory=list)  # earlier quarters, usable
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (unit, file) with errors
    missing_units: list[str] = field(default_factory=list)
    unread_files: list[tuple[str, str]] = field(
        default_factory=list
    )  # (file, why) with no unit read
    missing_hints: dict[str, str] = field(
        default_factory=dict
    )  # missing unit → its unreadable file

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    def summary(self) -> dict[str, int]:
        return {
            "files": sum(1 for f in self.files if f.status != "skipped"),
            "units": len(self.current),
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "quarter": self.quarter,
            "files": [f.to_json() for f in self.files],
            "problems": [p.to_json() for p in self.problems],
            "missing_units": self.missing_units,
            "left_out": [{"unit": u, "file": f} for u, f in self.left_out],
            "unread_files": [{"file": f, "message": m} for f, m in self.unread_files],
            "missing_hints": self.missing_hints,
            "summary": self.summary(),
        }


@dataclass
class _Candidate:
    raw: RawSubmission
    file: str
    unit: str | None
    year: int | None
    quarter: int | None
    as_of: dt.date | None
    problems: list[Problem] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)

    def add(
        self,
        code: str,
        *,
        cell: str | None = None,
        field_code: str | None = None,
        unit: str | None = None,
        **params: Any,
    ) -> None:
        self.problems.append(
            problem(
                code,
                self.file,
                sheet=self.raw.sheet,
                cell=cell,
                unit=unit or self.unit,
                field=field_code,
                **params,
            )
        )

    @property
    def has_error(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def fingerprint(self) -> tuple:
        return tuple(sorted(self.values.items()))


def _header(raw: RawSubmission, c: _Candidate, directory, has_units: bool) -> None:
    """Unit, year, quarter, as-of date of one raw submission."""
    if raw.unit is None or not clean_spaces(str(raw.unit.value)):
        c.add("missing-header", what="đơn vị", label="Đơn vị")
    else:
        text = clean_spaces(str(raw.unit.value))
        if has_units:
            match = directory.match(text)
            if match.name is None:
                hint = (
                    f' Có phải là "{match.suggestion}"? Nếu đúng là đơn vị khác, thêm vào `units` hoặc `aliases` trong don-vi.yaml.'
                    if match.suggestion
                    else " Thêm đơn vị vào `units` trong don-vi.yaml nếu đúng."
                )
                c.add("unknown-unit", cell=raw.unit.cell, unit=text, raw=text, hint=hint)
            else:
                c.unit = match.name
        else:
            c.unit = text
    c.year = parse_year(raw.year.value) if raw.year else None
    if c.year is None:
        c.add(
            "missing-header",
            cell=raw.year.cell if raw.year else None,
            what="năm báo cáo",
            label="Năm",
        )
    c.quarter = parse_quarter(raw.quarter.value) if raw.quarter else None
    if c.quarter is None:
        c.add(
            "missing-header",
            cell=raw.quarter.cell if raw.quarter else None,
            what="kỳ báo cáo (quý)",
            label="Kỳ báo cáo",
        )
    c.as_of = parse_date(raw.as_of.value) if raw.as_of else None
    if c.as_of and c.year is None:
        c.year = c.as_of.year


def _values(c: _Candidate, ind_set: IndicatorSet, report_problems: bool) -> None:
    """Read every field of the year's set; cross-check ratios and breakdowns."""
    known = set(ind_set.field_codes)
    found: list[Problem] = []

    def add(problem_code: str, cell: str | None, field_code: str | None, **params: Any) -> None:
        found.append(
            problem(
                problem_code,
                c.file,
                sheet=c.raw.sheet,
                cell=cell,
                unit=c.unit,
                field=field_code,
                **params,
            )
        )

    for code_cell in c.raw.code_cells:
        if code_cell.value not in known:
            add(
                "unknown-field",
                code_cell.cell,
                str(code_cell.value),
                found_code=code_cell.value,
                year=ind_set.year,
            )
    for fdef in ind_set.fields:
        raw = c.raw.values.get(fdef.code)
        label = f"{fdef.label} ({fdef.code})"
        result = read_count(raw, label)
        cell = raw.cell if raw else None
        for finding in result.findings:
            params = dict(finding.params)
            if finding.code == "blank-value":
                params["state"] = (
                    "không có trong bảng" if params.pop("missing_row", False) else "để trống"
                )
            add(finding.code, cell, fdef.code, **params)
        if result.value is not None:
            c.values[fdef.code] = result.value
        if cell:
            c.cells[fdef.code] = cell
    for ind in ind_set.indicators:
        if ind.kind is Kind.RATIO:
            num_code, den_code = ind.codes
            num, den = c.values.get(num_code), c.values.get(den_code)
            if num is not None and den is not None and num > den:
                add(
                    "numerator-exceeds-denominator",
                    c.cells.get(num_code),
                    num_code,
                    number=ind.number,
                    num=format_int(num),
                    den=format_int(den),
                    num_label=ind.fields[0].label.lower(),
                    den_label=ind.fields[1].label.lower(),
                )
        elif ind.kind is Kind.BREAKDOWN:
            total = c.values.get(ind.code)
            parts = [c.values.get(f.code) for f in ind.parts]
            if total is not None and all(p is not None for p in parts) and sum(parts) != total:  # type: ignore[arg-type]
                add(
                    "parts-do-not-add-up",
                    c.cells.get(ind.code),
                    ind.code,
                    number=ind.number,
                    parts_sum=format_int(sum(parts)),
                    total=format_int(total),  # type: ignore[arg-type]
                )
    if report_problems:
        c.problems.extend(found)
    elif any(p.severity is Severity.ERROR for p in found):
        c.values.clear()  # a broken earlier quarter is not used for comparisons


def _choose_period(
    cands: list[_Candidate], year: int | None, quarter: int | None, today: dt.date
) -> tuple[int, int]:
    if year is None:
        years = Counter(c.year for c in cands if c.year is not None)
        year = max(years, key=lambda y: (years[y], y)) if years else default_year(today.year)
    if quarter is None:
        quarters = [c.quarter for c in cands if c.year == year and c.quarter is not None]
        quarter = max(quarters) if quarters else (today.month - 1) // 3 + 1
    return year, quarter


def judge(
    raw_files: list[RawFile],
    *,
    load_set: Callable[[int], IndicatorSet],
    settings: Settings | None = None,
    year: int | None = None,
    quarter: int | None = None,
    skipped: list[tuple[str, str]] = (),  # type: ignore[assignment]
    today: dt.date | None = None,
) -> ValidationReport:
    """Turn the raw files of a folder into a ValidationReport for `year`, `quarter`."""
    today = today or dt.date.today()
    directory = settings.directory() if settings else None
    has_units = bool(settings and settings.units)
    file_problems: dict[str, list[Problem]] = defaultdict(list)
    cands: list[_Candidate] = []

    for rel, reason in skipped:
        file_problems[rel].append(problem("skipped-file", rel, reason=reason))
    for rf in raw_files:
        if rf.refused_code:
            if rf.refused_code == "no-data-table":
                file_problems[rf.path].append(problem("no-data-table", rf.path))
            else:
                file_problems[rf.path].append(
                    problem(rf.refused_code, rf.path, reason=rf.refused_reason or "")
                )
            continue
        for note in rf.notes:  # reader notes about the file as a whole
            file_problems[rf.path].append(problem(note.code, rf.path, cell=note.cell, **note.params))
        for raw in rf.submissions:
            c = _Candidate(raw=raw, file=rf.path, unit=None, year=None, quarter=None, as_of=None)
            _header(raw, c, directory, has_units)
            for note in raw.notes:  # reader notes: duplicate field code, hidden sheet…
                c.add(note.code, cell=note.cell, **note.params)
            cands.append(c)

    year, quarter = _choose_period(cands, year, quarter, today)
    ind_set = load_set(year)
    asked = f"{quarter_label(quarter)} năm {year}"

    current: list[_Candidate] = []
    history: list[_Candidate] = []
    for c in cands:
        if c.year is None or c.quarter is None:
            current.append(c)  # already has a missing-header error
            continue
        if c.year != year or c.quarter > quarter:
            c.add(
                "period-mismatch",
                cell=(c.raw.quarter or c.raw.year).cell if (c.raw.quarter or c.raw.year) else None,
                found=f"{quarter_label(c.quarter)} năm {c.year}",
                asked=asked,
            )
            current.append(c)
            continue
        if c.quarter < quarter:
            _values(c, ind_set, report_problems=False)
            history.append(c)
            continue
        _values(c, ind_set, report_problems=True)
        current.append(c)

    dropped = _mark_duplicates(current, year, quarter)
    report = ValidationReport(year=year, quarter=quarter)
    asked_period = [c for c in current if c.year == year and c.quarter == quarter]
    usable = [
        c for c in asked_period if not c.has_error and id(c) not in dropped and c.unit is not None
    ]
    report.current = [_as_submission(c, year, quarter) for c in usable]
    hist_by_unit = _history_by_unit(history)
    report.history = _latest_history(hist_by_unit, year)
    _check_decreases(usable, hist_by_unit, ind_set)
    if settings is not None:
        rounding = settings.rounding.to_rounding()
        far = Fraction(settings.far_above_percent, 100)
        for c in usable:
            _target_flags(c, ind_set, settings, year, far, rounding)

    report.files = _file_entries(raw_files, skipped, current + history, history, file_problems)
    all_problems = [p for probs in file_problems.values() for p in probs]
    all_problems += [p for c in current + history for p in c.problems]
    report.left_out = sorted({(c.unit, c.file) for c in asked_period if c.has_error and c.unit})
    report.unread_files = [
        (rf.path, file_problems[rf.path][0].message)
        for rf in raw_files
        if rf.refused_code and file_problems.get(rf.path)
    ]
    if has_units:
        present = {unit_key(c.unit) for c in asked_period if c.unit}
        for name in settings.unit_names:  # type: ignore[union-attr]
            if unit_key(name) not in present:
                report.missing_units.append(name)
                guess = unread_file_of(name, [f for f, _ in report.unread_files])
                hint = ""
                if guess:
                    report.missing_hints[name] = guess
                    hint = f' Có thể đơn vị đã gửi tệp "{guess}" nhưng tệp không đọc được.'
                all_problems.append(problem("missing-unit", "", unit=name, period=asked, hint=hint))
    order = {"error": 0, "warning": 1, "info": 2}
    report.problems = sorted(
        all_problems,
        key=lambda p: (p.file == "", p.file, order[p.severity.value], _cell_order(p.cell)),
    )
    return report


def _mark_duplicates(current: list[_Candidate], year: int, quarter: int) -> set[int]:
    """The same unit twice for the asked period: an identical copy is dropped (info), differing
    copies are both errors. Returns the ids of the dropped copies."""
    by_unit: dict[str, list[_Candidate]] = defaultdict(list)
    for c in current:
        if c.unit is not None and c.year == year and c.quarter == quarter:
            by_unit[unit_key(c.unit)].append(c)
    dropped: set[int] = set()
    for group in by_unit.values():
        first = group[0]
        for other in group[1:]:
            if (
                other.fingerprint() == first.fingerprint()
                and not other.has_error
                and not first.has_error
            ):
                other.add("identical-duplicate", other=first.file)
                dropped.add(id(other))
                continue
            for a, b in ((first, other), (other, first)):
                named = any(
                    p.code == "duplicate-submission" and p.params.get("other") == b.file
                    for p in a.problems
                )
                if not named:
                    a.add("duplicate-submission", other=b.file)
    return dropped


def _history_by_unit(history: list[_Candidate]) -> dict[str, list[_Candidate]]:
    """Usable earlier-quarter submissions, by unit key."""
    by_unit: dict[str, list[_Candidate]] = defaultdict(list)
    for c in history:
        if c.unit is not None and c.values:
            by_unit[unit_key(c.unit)].append(c)
    return by_unit


def _latest_history(by_unit: dict[str, list[_Candidate]], year: int) -> list[Submission]:
    """One submission per unit and earlier quarter (the first file wins on a tie)."""
    result = []
    for group in by_unit.values():
        seen: set[int] = set()
        for c in sorted(group, key=lambda x: -x.quarter):  # type: ignore[operator]
            if c.quarter not in seen:
                seen.add(c.quarter)  # type: ignore[arg-type]
                result.append(_as_submission(c, year, c.quarter))  # type: ignore[arg-type]
    return result


def _check_decreases(
    usable: list[_Candidate], by_unit: dict[str, list[_Candidate]], ind_set: IndicatorSet
) -> None:
    """Cumulative figures may not go down from the latest earlier quarter of the same unit."""
    for c in usable:
        earlier = by_unit.get(unit_key(c.unit), [])  # type: ignore[arg-type]
        if not earlier:
            continue
        before = max(earlier, key=lambda h: h.quarter)  # type: ignore[arg-type,return-value]
        for fdef in ind_set.fields:
            now, then = c.values.get(fdef.code), before.values.get(fdef.code)
            if now is not None and then is not None and now < then:
                c.add(
                    "cumulative-decrease",
                    cell=c.cells.get(fdef.code),
                    field_code=fdef.code,
                    label=fdef.label,
                    before=format_int(then),
                    earlier=f"{quarter_label(before.quarter)}, tệp {before.file}",  # type: ignore[arg-type]
                    after=format_int(now),
                )


def _file_entries(
    raw_files: list[RawFile],
    skipped: list[tuple[str, str]],
    candidates: list[_Candidate],
    history: list[_Candidate],
    file_problems: dict[str, list[Problem]],
) -> list[FileEntry]:
    """One entry per file with its status: ok, warning, error, skipped or history."""
    entries = {rel: FileEntry(rel, "skipped") for rel, _ in skipped}
    by_file: dict[str, list[_Candidate]] = defaultdict(list)
    for c in candidates:
        by_file[c.file].append(c)
    for rf in raw_files:
        group = by_file.get(rf.path, [])
        probs = file_problems.get(rf.path, []) + [p for c in group for p in c.problems]
        if rf.refused_code:
            status = "error"
        elif group and all(c in history for c in group):
            status = "history"
        elif any(p.severity is Severity.ERROR for p in probs):
            status = "error"
        elif any(p.severity is Severity.WARNING for p in probs):
            status = "warning"
        else:
            status = "ok"
        first = group[0] if group else None
        entries[rf.path] = FileEntry(
            rf.path,
            status,
            unit=first.unit if first and len(group) == 1 else None,
            year=first.year if first else None,
            quarter=first.quarter if first else None,
            units=tuple(c.unit for c in group if c.unit) if len(group) > 1 else (),
        )
    return sorted(entries.values(), key=lambda e: e.file)


def unread_file_of(unit: str, files: list[str]) -> str | None:
    """The unreadable file whose name carries the unit's name (without diacritics), if exactly one
    does: `BC 5299 Q4 - Phuoc An.xlsx` for `Phước An`. Only a hint, never used for figures."""
    key = fold(unit_key(unit))
    if not key:
        return None
    hits = []
    for path in files:
        name = fold(re.sub(r"[^\w]+", " ", path.rsplit("/", 1)[-1].rsplit(".", 1)[0]))
        if f" {key} " in f" {name} ":
            hits.append(path)
    return hits[0] if len(hits) == 1 else None


def describe_missing(units: list[str] | tuple[str, ...], hints: dict[str, str]) -> str:
    """`Phước An (đã gửi tệp "…" nhưng không đọc được), Phước Sơn`: one wording everywhere."""
    parts = []
    for unit in units:
        file = hints.get(unit)
        parts.append(f'{unit} (có tệp "{file}" nhưng không đọc được)' if file else unit)
    return ", ".join(parts)


def _cell_order(cell: str | None) -> tuple[int, str]:
    if not cell:
        return (0, "")
    digits = "".join(ch for ch in cell if ch.isdigit())
    return (int(digits or 0), cell)


def _as_submission(c: _Candidate, year: int, quarter: int) -> Submission:
    return Submission(
        file=c.file,
        sheet=c.raw.sheet,
        unit=c.unit or "",
        year=year,
        quarter=quarter,
        as_of=c.as_of,
        values=dict(c.values),
        cells=dict(c.cells),
        consolidated=c.raw.consolidated,
    )


def _target_flags(
    c: _Candidate,
    ind_set: IndicatorSet,
    settings: Settings,
    year: int,
    far: Fraction,
    rounding: Rounding,
) -> None:
    allocations = settings.unit_allocations(year, c.unit)  # type: ignore[arg-type]
    population = settings.unit_population(year, c.unit)  # type: ignore[arg-type]
    for ind in ind_set.indicators:
        alloc = allocations.get(ind.number)
        if ind.kind is Kind.POPULATION_SHARE:
            if not population:
                continue
        elif alloc is None and ind.kind is not Kind.RATIO:
            continue  # no allocation for this unit: nothing to compare with
        result = compute(
            ind, c.values, Scope(c.unit or "", allocation=alloc, population=population), far
        )
        if result.achievement is None:
            continue
        percent = format_percent(result.achievement, rounding)
        cell = c.cells.get(ind.target_code or ind.code)
        if "far-above-target" in result.flags:
            c.add(
                "far-above-target",
                cell=cell,
                field_code=ind.code,
                number=ind.number,
                percent=percent,
                threshold=f"{settings.far_above_percent}%",
            )
        elif "above-target" in result.flags:
            c.add(
                "above-target", cell=cell, field_code=ind.code, number=ind.number, percent=percent
            )
