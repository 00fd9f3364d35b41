"""What checking a folder produces: judged submissions, file entries and the ValidationReport."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from dean5299_cli.core.periods import month_of
from dean5299_cli.core.problems import COPY_PAIR_CODES, Problem, Severity
from dean5299_cli.core.records import RawFile
from dean5299_cli.core.status import Flag, UnitStatus


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


class FileStatus(str, Enum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    SKIPPED = "skipped"
    # the folder's history: an earlier quarter of the same year, read for comparisons only, or a
    # report of an earlier year, set aside unchecked
    HISTORY = "history"


def period_json(code: int | None) -> dict[str, int | None]:
    """`{"quarter": 4}`; a month period adds `"month"` and leaves `"quarter"` null."""
    month = month_of(code) if code is not None else None
    return {"quarter": None, "month": month} if month is not None else {"quarter": code}


@dataclass(frozen=True)
class FileEntry:
    file: str
    status: FileStatus
    unit: str | None = None
    year: int | None = None
    quarter: int | None = None
    units: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "unit": self.unit,
            "year": self.year,
            **period_json(self.quarter),
            "status": self.status.value,
        }
        if self.units:
            data["units"] = list(self.units)
        return data


@dataclass(frozen=True)
class FolderReading:
    """What a folder's reading gave the judge: the files read and those skipped (file, why)."""

    files: tuple[RawFile, ...]
    skipped: tuple[tuple[str, str], ...]


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
    unread_files: list[tuple[str, str]] = field(default_factory=list)  # (file, why), no unit read
    # missing unit → its file not counted: unreadable, named for it, or naming a unit near its name
    missing_hints: dict[str, str] = field(default_factory=dict)
    units: tuple[UnitStatus, ...] = ()  # every unit of the list, in the list's order
    flags: tuple[Flag, ...] = ()  # what looks unusual; validate's warnings are made from these
    # The folder's own reading of each file in `copy_pairs`, kept so that the copies are compared
    # without reading them again (only these: the other files' readings are not kept). Not part
    # of the report's JSON, its equality or its repr.
    copies: dict[str, RawFile] = field(default_factory=dict, repr=False, compare=False)
    # The whole reading the report was judged from, kept only when asked (`--lay-moi-nhat`: the
    # report judged again with the older copies set aside, not the folder read again).
    reading: FolderReading | None = field(default=None, repr=False, compare=False)

    def copy_pairs(self) -> list[tuple[str, str]]:
        """Pairs of differing files of one unit for the period, each pair once, in name order."""
        pairs = {
            tuple(sorted((p.file, str(p.params["other"]))))
            for p in self.problems
            if p.code in COPY_PAIR_CODES and p.params.get("other")
        }
        return sorted((a, b) for a, b in pairs)

    def same_copies(self) -> list[tuple[str, str]]:
        """(file, other): a file dropped for holding the same figures as `other`, a file of a
        differing pair (`copy_pairs`), in name order. It is a copy of that unit's report too,
        perhaps the newest (the same figures sent again later), so `--lay-moi-nhat` chooses
        among it as well; an export's row is found here too: the caller leaves out files that
        are not a unit's own."""
        differing = {rel for pair in self.copy_pairs() for rel in pair}
        return sorted(
            (p.file, other)
            for p in self.problems
            if p.code == "identical-duplicate" and (other := str(p.params.get("other"))) in differing
        )

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity is severity)

    @property
    def has_errors(self) -> bool:
        return self.count(Severity.ERROR) > 0

    def summary(self) -> dict[str, int]:
        return {
            "files": sum(1 for f in self.files if f.status is not FileStatus.SKIPPED),
            "units": len(self.current),
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            **period_json(self.quarter),
            "files": [f.to_json() for f in self.files],
            "problems": [p.to_json() for p in self.problems],
            "missing_units": self.missing_units,
            "left_out": [{"unit": u, "file": f} for u, f in self.left_out],
            "unread_files": [{"file": f, "message": m} for f, m in self.unread_files],
            "missing_hints": self.missing_hints,
            "summary": self.summary(),
            "units": [
                {"unit": s.unit, "state": s.state.value, "files": list(s.files), "detail": s.detail}
                for s in self.units
            ],
            "flags": [
                {"unit": f.unit, "indicator": f.indicator, "kind": f.kind.value, "reason": f.reason}
                for f in self.flags
            ],
        }
