"""What a unit is told about its own file (the reminders): each problem in words its secretary
knows, who has never seen the program, its field codes, statistics or the office's folders.

The clerk's message (problems.CATALOGUE) is the default; a code whose clerk's words do not suit a
unit has its own template here. The checks give the plain pieces as params: `plain_label` (a
field by its indicator's number, not its code), `plain_reason` (why a figure is unusual, without
"trung vị"), `plain_earlier` (the earlier report by its file name, not its path), `plain_hint` (a name
suggested, without the settings file).
"""

from __future__ import annotations

from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.problems import CATALOGUE, Problem

# code → the message for the unit, where the clerk's one has words a unit does not know
TO_UNIT: dict[str, str] = {
    "too-large": (
        "Tệp quá lớn hoặc có cấu trúc bất thường ({reason}) nên không mở được. Đề nghị đơn vị "
        "điền số liệu vào đúng biểu mẫu được gửi và gửi lại."
    ),
    "no-data-table": (
        'Không tìm thấy bảng số liệu của biểu mẫu (dòng tiêu đề có ô "Mã" và ô "Số liệu"). '
        "Hãy điền số liệu vào đúng biểu mẫu được hướng dẫn."
    ),
    "unknown-unit": (
        'Tên đơn vị "{raw}" ghi trong tệp không có trong danh sách đơn vị, nên số liệu của tệp '
        "chưa được tính vào tổng hợp.{hint}"
    ),
    "partial-summary": (
        "Bảng tổng hợp của đơn vị chỉ gồm số liệu của {covered}/{members} đơn vị trực thuộc; chưa "
        "có: {missing}. Số liệu này vẫn được tính; khi có đủ số liệu của các đơn vị trực thuộc, "
        "đề nghị đơn vị gửi lại bảng tổng hợp."
    ),
    "unknown-field": 'Mã "{found_code}" không có trong biểu mẫu năm {year}; dòng này không được tính.',
    "duplicate-sheet": (
        "Tệp có {count} trang báo cáo cùng kỳ với số liệu khác nhau: {sheets}. Khác nhau ở: "
        "{differences}. Đề nghị đơn vị giữ lại một trang đúng, xóa trang kia rồi gửi lại."
    ),
}

# codes a unit is never told: the office's notes on its own files. `export-differs`: the unit's
# own file is counted, its row in the office's export set aside; the export is a file the unit
# never saw, and the clerk's words on it are no part of the unit's report (was: in its reminder,
# as something to check). Comparing the units' figures with the system's is `reconcile`'s.
OFFICE_ONLY = frozenset({"export-differs"})

# a param of the clerk's message → the same thing in the unit's words, when the check gave one
_PLAIN = {
    "label": "plain_label",
    "reason": "plain_reason",
    "earlier": "plain_earlier",
    "hint": "plain_hint",
    "differences": "plain_differences",
}


def file_name(path: str) -> str:
    """A file as its unit knows it: its name, never the office's folders (`quy-3/…`)."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def field_name(ind_set: IndicatorSet, code: str) -> str:
    """A field as its unit's form shows it: its label and its indicator's number
    (`Số người dân … (chỉ tiêu 2)`), never its code (`ct2`); a general field by its label."""
    label = ind_set.field(code).label
    indicator = ind_set.indicator_of(code)
    return f"{label} (chỉ tiêu {indicator.number})" if indicator is not None else label


def field_label(ind_set: IndicatorSet | None, code: str) -> str:
    """`field_name`, or the code itself for a field the set does not know (or without a set)."""
    if ind_set is None:
        return code
    try:
        return field_name(ind_set, code)
    except (KeyError, LookupError):
        return code


def unit_message(p: Problem) -> str:
    """The problem as its unit reads it; the clerk's message when no plain words are known."""
    params = {key: value for key, value in p.params.items() if key not in _PLAIN.values()}
    for key, plain in _PLAIN.items():
        if plain in p.params:
            params[key] = p.params[plain]
    if "other" in params:  # the other file of two versions: by its name
        params["other"] = file_name(str(params["other"]))
    template = TO_UNIT.get(p.code) or CATALOGUE[p.code][1]
    try:
        return template.format(**{"unit": p.unit or "", **params})
    except (KeyError, IndexError, ValueError):  # a problem built by hand without its params
        return p.message
