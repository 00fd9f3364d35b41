"""A submission on its way through the stages: its header, its values and every problem found."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dean5299_cli.core.checking.fields import Values
from dean5299_cli.core.checking.header import Header
from dean5299_cli.core.checking.records import Submission
from dean5299_cli.core.problems import Problem, Severity, problem
from dean5299_cli.core.records import RawSubmission
from dean5299_cli.core.text import sheet_label


@dataclass
class Candidate:
    """One raw submission of one file; stages append their findings to `problems`."""

    raw: RawSubmission
    file: str
    header: Header
    problems: list[Problem] = field(default_factory=list)
    read: Values | None = None  # None until the fields stage ran (or when it could not)
    several_sheets: bool = False  # its file holds other sheets with a table: named by its sheet
    position: int = 0  # its sheet's place among the workbook's sheets (1 = the first tab)

    @property
    def sheet_shown(self) -> str:
        """Its sheet as messages name it (`text.sheet_label`): `"Báo cáo"`, or `thứ 2`."""
        return sheet_label(self.raw.sheet, self.position)

    @property
    def unit(self) -> str | None:
        return self.header.unit

    @property
    def year(self) -> int | None:
        return self.header.year

    @property
    def quarter(self) -> int | None:
        return self.header.quarter

    @property
    def as_of(self) -> dt.date | None:
        return self.header.as_of

    @property
    def values(self) -> dict[str, int]:
        return self.read.values if self.read else {}

    @property
    def cells(self) -> dict[str, str]:
        return self.read.cells if self.read else {}

    def add(
        self, code: str, *, cell: str | None = None, field_code: str | None = None, **params: object
    ) -> None:
        self.problems.append(
            problem(
                code,
                self.file,
                sheet=self.raw.sheet,
                cell=cell,
                unit=self.unit,
                field=field_code,
                **params,
            )
        )

    def where(self) -> str:
        """Where it was read, as messages name it: `tệp "F"`, or `trang "S" của tệp "F"` in a
        file with several sheets (the clerk and the unit could not tell them apart by file)."""
        if self.several_sheets:
            return f'trang {self.sheet_shown} của tệp "{self.file}"'
        return f'tệp "{self.file}"'

    @property
    def has_error(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def fingerprint(self) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(self.values.items()))

    def submission(self, year: int, quarter: int) -> Submission:
        return Submission(
            file=self.file,
            sheet=self.raw.sheet,
            unit=self.unit or "",
            year=year,
            quarter=quarter,
            as_of=self.as_of,
            values=dict(self.values),
            cells=dict(self.cells),
            consolidated=self.raw.consolidated,
        )
