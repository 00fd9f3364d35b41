"""Read one file of a submissions folder into a RawFile; never raises for a bad file."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from pathlib import Path

from dean5299_cli.core.file_kinds import DOCUMENT_SUFFIXES
from dean5299_cli.core.output_marks import SUMMARY
from dean5299_cli.core.records import (
    OWN_SUMMARY_UNREAD,
    RawFile,
    RawSubmission,
    RawValue,
    ReaderNote,
)
from dean5299_cli.readers.consolidated import LabelBook
from dean5299_cli.readers.layout import find_submissions
from dean5299_cli.readers.limits import (
    MAX_FILE_BYTES,
    MAX_SHOWN_TEXT,
    Refused,
    SheetFacts,
    WorkbookFacts,
)
from dean5299_cli.readers.numfmt import NumberFormat, shown_number, shown_text
from dean5299_cli.readers.safety import too_big
from dean5299_cli.readers.workbook import WORKBOOK_SUFFIXES, Grid, read_grids

IGNORED_NAMES = {"desktop.ini", "thumbs.db", ".ds_store"}
TOOL_OUTPUT = "tệp do dean5299 tạo"
# A unit's signed report (Word, PDF) sent instead of its figures: its numbers are not read, and
# the clerk is told what to ask for (was: "không phải tệp bảng tính (.docx)", the unit listed as
# having sent nothing, with no word that its report did arrive as a document).
DOCUMENT_REASON = (
    "văn bản {suffix}, không phải tệp bảng tính: số liệu trong văn bản không được đọc và đơn vị "
    "gửi nó chưa được tính vào tổng hợp; đề nghị đơn vị gửi kèm biểu mẫu đã điền hoặc bảng tổng "
    "hợp .xlsx"
)


def skip_reason(path: Path) -> str | None:
    """Why a file of the folder is no submission (None when it should be read)."""
    name = path.name
    lower = name.lower()
    if name.startswith("~$") or lower.startswith(".~lock"):
        return "tệp khóa tạm của Excel/LibreOffice"
    if lower in IGNORED_NAMES:
        return "tệp hệ thống"
    if name.startswith("."):
        return "tệp ẩn"
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return DOCUMENT_REASON.format(suffix=path.suffix)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return f"không phải tệp bảng tính ({path.suffix or 'không có đuôi'})"
    return None


def _bounded(raw: RawValue | None) -> RawValue | None:
    """A cell whose text is cut to a sane length, so no huge text is matched or printed."""
    if raw is None or not isinstance(raw.value, str) or len(raw.value) <= MAX_SHOWN_TEXT:
        return raw
    return dataclasses.replace(raw, value=raw.value[: MAX_SHOWN_TEXT - 1] + "…")


def _in_span(raw: RawValue, found: Collection[str]) -> str | None:
    """The cell of a blank value's span that the safety pass saw (an error, an unsaved formula):
    the cells of its value span (layout), else the cell alone."""
    return next((c for c in raw.span or (raw.cell,) if c in found), None)


def _with_shown(raw: RawValue, fmt: NumberFormat) -> RawValue:
    """`raw` with what its cell shows, when its number format shows another figure."""
    value = raw.value
    if isinstance(value, bool):
        return raw
    if isinstance(value, (int, float)):
        shown = shown_number(fmt, value)
    elif isinstance(value, str):
        shown = shown_text(fmt, value)
    else:
        return raw
    if shown is None:
        return raw
    return dataclasses.replace(raw, shown=(shown.text[:MAX_SHOWN_TEXT], shown.why, shown.factor))


def _finish(sub: RawSubmission, facts: WorkbookFacts) -> RawSubmission:
    """Bound texts; mark formula error results and unsaved formulas found by the safety pass."""
    seen = facts.sheets.get(sub.sheet)
    values = {}
    for code, raw in sub.values.items():
        bounded = _bounded(raw)
        assert bounded is not None
        blank = bounded.value is None or bounded.value == ""
        if seen is not None and bounded.cell in seen.errors:
            bounded = dataclasses.replace(bounded, error=seen.errors[bounded.cell])
        elif seen is not None and blank and (bad := _in_span(bounded, seen.errors)):
            bounded = dataclasses.replace(bounded, cell=bad, error=seen.errors[bad])
        elif seen is not None and blank and (bad := _in_span(bounded, seen.unsaved_formulas)):
            bounded = dataclasses.replace(bounded, cell=bad, formula_without_value=True)
        elif seen is not None and seen.formats and (fmt := seen.formats.get(bounded.cell)):
            bounded = _with_shown(bounded, fmt)
        values[code] = bounded
    return dataclasses.replace(
        sub,
        notes=_without_unread_totals(sub.notes, seen),
        unit=_bounded(sub.unit),
        year=_bounded(sub.year),
        quarter=_bounded(sub.quarter),
        as_of=_bounded(sub.as_of),
        values=values,
        code_cells=tuple(c for c in (_bounded(c) for c in sub.code_cells) if c is not None),
    )


_TOTAL_CODES = ("total-row-differs", "total-rows-differ", "group-row-differs")


def _without_unread_totals(
    notes: tuple[ReaderNote, ...], seen: SheetFacts | None
) -> tuple[ReaderNote, ...]:
    """A total row's comparison is dropped where its cell holds an error result or a formula
    never computed (read as blank, it was said to be 0): the judge names the cell as such."""
    if seen is None:
        return notes
    unread = seen.errors.keys() | seen.unsaved_formulas
    return tuple(n for n in notes if n.code not in _TOTAL_CODES or n.cell not in unread)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, its size checked before anything is read into memory (Refused: too
    large, or not to be opened). Every file the program reads from a unit goes through here."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise too_big(size)
        with path.open("rb") as handle:
            # The size just read, not the limit: asking for 50 MB allocates 50 MB every time.
            data = handle.read(size + 1)
            if len(data) > size:  # it grew since: read on, up to the limit
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except PermissionError as exc:
        reason = "không mở được tệp (tệp đang mở ở chương trình khác hoặc không có quyền đọc)"
        raise Refused("unreadable-file", reason) from exc
    except OSError as exc:
        raise Refused("unreadable-file", "không mở được tệp") from exc
    if len(data) > MAX_FILE_BYTES:
        raise too_big(len(data))
    return data


@dataclasses.dataclass(frozen=True)
class Reading:
    """What a folder's reading knows beyond the files: `labels`, the column titles of exports;
    `own`, the reporting office's name folded (`core.text.fold`) when the tool's own outputs
    are to be passed over unread: its summaries of that office (`OWN_SUMMARY_UNREAD`), and any
    other file it wrote (None: every file is read, as when a summary is given by name)."""

    labels: LabelBook = ()
    own: str | None = None


PLAIN = Reading()


def read_file(path: Path, relative: str, reading: Reading = PLAIN) -> RawFile:
    """Read `path` (shown to the user as `relative`), as `reading` says."""
    try:
        grids, facts = read_grids(read_bytes(path), reading.own)
    except Refused as refused:
        return RawFile(relative, refused_code=refused.code, refused_reason=refused.reason)
    names = tuple(g.name for g in grids)
    if facts.tool_output and facts.tool_kind != SUMMARY:  # a summary is read one level up
        return RawFile(relative, refused_code="skipped-file", refused_reason=TOOL_OUTPUT)
    if facts.unread:
        return RawFile(relative, refused_code=OWN_SUMMARY_UNREAD, refused_reason=facts.tool_office)
    subs = find_submissions(grids, reading.labels)
    if not subs:
        return RawFile(relative, refused_code="no-data-table", refused_reason="", sheet_names=names)
    return RawFile(relative, submissions=tuple(_finish(s, facts) for s in subs), sheet_names=names)


def read_grid_file(path: Path) -> list[Grid]:
    """The sheets of one workbook outside a folder's reading (e.g. a summary given by name),
    with the same guards; InputError (Vietnamese) naming the file when it is refused."""
    from dean5299_cli.core.errors import InputError

    try:
        grids, _facts = read_grids(read_bytes(path))
    except Refused as refused:
        raise InputError(f"Tệp {path.name}: {refused.reason}.") from refused
    return grids
