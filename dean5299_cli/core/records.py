"""Plain records passed from the readers to the core: what a sheet says, before any judgement.

Slotted: a folder of 10.000 files holds about 400.000 of them (a third of the memory). Pickled
as their class and field values: they cross from the reading workers, about 40 a file.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, cast

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle instances as (class, field values), rebuilt by the constructor: a third of the
    time of the slotted default (a state dict set back attribute by attribute), both ways."""
    values = operator.attrgetter(*(f.name for f in fields(cast(Any, cls))))

    def __reduce__(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, values(self)

    setattr(cls, "__reduce__", __reduce__)  # noqa: B010 - mypy refuses assigning a method
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class ReaderNote:
    """A finding of the reader (duplicate field code, hidden sheet…), judged into a Problem."""

    code: str  # a problem code of core/problems.CATALOGUE
    cell: str | None = None
    params: dict[str, str] = field(default_factory=dict)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawValue:
    """A cell as read: its value (str, int, float, date…, or None) and its A1 address."""

    value: Any
    cell: str
    formula_without_value: bool = False
    error: str | None = None  # the saved error result of a formula (`#DIV/0!`…), if any
    # When the cell's number format makes it show another figure: (text shown, why, factor),
    # `why` one of readers.numfmt's reasons, `factor` the division of a scaled figure (else 0)
    shown: tuple[str, str, int] | None = None
    # A blank figure of a table whose value column spans several cells (a merged "Số liệu"
    # header): the cells of its row under that header, where an error or an unsaved formula
    # would be the figure Excel shows. Empty: the cell alone.
    span: tuple[str, ...] = ()


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawSubmission:
    """One unit's figures as found in one sheet (a consolidated sheet gives one per row)."""

    sheet: str
    unit: RawValue | None
    year: RawValue | None
    quarter: RawValue | None
    as_of: RawValue | None
    values: dict[str, RawValue] = field(default_factory=dict)  # field code → value cell
    code_cells: tuple[
        RawValue, ...
    ] = ()  # every code-like text of the Mã column (or header), judged later against the year
    consolidated: bool = False
    notes: tuple[ReaderNote, ...] = ()


# RawFile.refused_code of a summary the tool wrote for the reporting office itself, passed over
# unread (its `refused_reason`: the office it names); see `core.checking.intake.drop_own_office`.
OWN_SUMMARY_UNREAD = "own-summary"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawFile:
    """What reading one file gave: its raw submissions, or why it could not be read."""

    path: str  # relative to the folder, with forward slashes
    submissions: tuple[RawSubmission, ...] = ()
    refused_code: str | None = None
    refused_reason: str | None = None
    sheet_names: tuple[str, ...] = ()
    notes: tuple[ReaderNote, ...] = ()

    @property
    def table_sheets(self) -> tuple[str, ...]:
        """The sheets each holding one unit's whole report (a `Mã` / `Số liệu` table), in order:
        more than one, and the file is read, judged and set aside sheet by sheet."""
        return tuple(dict.fromkeys(s.sheet for s in self.submissions if not s.consolidated))
