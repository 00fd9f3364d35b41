"""The clerk's internal review workbook `ra-soat-<năm>-quy-<q>.xlsx`: every problem and flag by
unit, file, sheet and cell, and every unit's state (a unit without a report is there, not among
the warnings, as in validate). Never sent to the superior body."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from dean5299_cli.core.figures import Figures
from dean5299_cli.core.problems import SEVERITY_VI, Problem, Severity, is_unit_state
from dean5299_cli.core.report_model import STATE_WORDS
from dean5299_cli.core.report_units import UnitState, UnitStatus
from dean5299_cli.writers.xlsx_stream import write_xlsx

# What each of today's achievement flags means (core/figures.py); replaced by Flag.reason on merge.
FLAG_WORDS = {
    "far-above-target": "vượt xa chỉ tiêu giao, cần kiểm tra số liệu hoặc chỉ tiêu",
    "numerator-exceeds-denominator": "tử số lớn hơn mẫu số",
    "parts-do-not-add-up": "các phần không khớp với tổng",
}
FINDING_HEADERS = ("Đơn vị", "Tệp", "Trang tính", "Ô", "Mức độ", "Mã", "Nội dung")
UNIT_HEADERS = ("STT", "Đơn vị", "Tình trạng", "Tệp đã nhận", "Ghi chú")
Row = tuple[str | int, ...]
_FINDING_WIDTHS = (22, 34, 14, 8, 12, 24, 90)
_UNIT_WIDTHS = (6, 26, 40, 40, 50)


_FIRST = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def finding_rows(problems: list[Problem], figures: Figures) -> Iterator[Row]:
    """Errors, then warnings, then information (the many "vượt chỉ tiêu" lines last), each in
    the order validate lists them (units' flags are among them: validate owns those); then the
    flags of the office's own totals. A unit without a report is a row of the units' sheet."""
    for p in sorted(problems, key=lambda p: _FIRST[p.severity]):
        if is_unit_state(p):
            continue
        yield (
            p.unit or "",
            p.file,
            p.sheet or "",
            p.cell or "",
            SEVERITY_VI[p.severity],
            p.code,
            p.message,
        )
    for unit, number, code in figures.flags:
        if not unit and code in FLAG_WORDS:
            text = f"Chỉ tiêu {number}, số tổng hợp: {FLAG_WORDS[code]}"
            yield ("", "", "", "", "Cần xem lại", code, text)


def unit_rows(statuses: tuple[UnitStatus, ...]) -> Iterator[Row]:
    for i, status in enumerate(statuses, start=1):
        words = STATE_WORDS[status.state]
        if status.state is UnitState.WRONG_FILE:
            words = "chưa báo cáo đúng (tệp gửi không dùng được)"
        yield (i, status.unit, words, "; ".join(status.files), status.detail)


def build_review(
    path: Path, problems: list[Problem], figures: Figures, statuses: tuple[UnitStatus, ...]
) -> None:
    """Write the review workbook, streamed row by row (time and memory linear in the rows)."""
    write_xlsx(
        path,
        (
            ("Lỗi và cảnh báo", FINDING_HEADERS, finding_rows(problems, figures), _FINDING_WIDTHS),
            ("Đơn vị", UNIT_HEADERS, unit_rows(statuses), _UNIT_WIDTHS),
        ),
    )
