"""A hand-made summary's rows: subtotals, groups' rows, notes and rates are no units, and the
office's figure is its grand total checked against the units alone."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from dean5299_cli.readers.layout import parse_consolidated_sheet
from dean5299_cli.readers.summary_rows import Kind, label_kind
from dean5299_cli.readers.workbook import Grid
from tests.readers.test_consolidate import office_report

ABOVE = [["", "Đơn vị báo cáo", "Đoàn khối X"], ["", "Năm", 2023], ["", "Kỳ báo cáo", "Quý IV"]]
HEAD = ["STT", "Đơn vị", "ct1", "ct2"]


def _office(*rows: list[object]):
    grid = Grid("Tổng hợp", [*ABOVE, HEAD, *[list(r) for r in rows]])
    (office,) = parse_consolidated_sheet(grid)
    return office


def _four(*, numbered: bool) -> list[list[object]]:
    """Chi đoàn A, B (ct1 4+6, ct2 1+2) and C, D (2+3, 1+1), numbered 1–4 or not."""
    rows = [["Chi đoàn A", 4, 1], ["Chi đoàn B", 6, 2], ["Chi đoàn C", 2, 1], ["Chi đoàn D", 3, 1]]
    return [[n if numbered else "", *row] for n, row in enumerate(rows, 1)]


def _closed(first: list[object], second: list[object], *, numbered: bool):
    """The office read from `_four`'s A, B, then `first`, then C, D, then `second`."""
    a, b, c, d = _four(numbered=numbered)
    return _office(a, b, first, c, d, second)


def _figures(office) -> tuple[tuple[object, str], ...]:
    return tuple((office.values[c].value, office.values[c].cell) for c in ("ct1", "ct2"))


def _grouped(first: str, second: str, grand: list[object] | None) -> list[list[object]]:
    """Rows 5–12 (Excel): two groups of two chi đoàn, each closed by a subtotal; chi đoàn rows
    add up to ct1 4+6+5+5 = 20 and ct2 1+2+1+1 = 5."""
    rows: list[list[object]] = [
        ["I", "Khối cơ quan", None, None],
        [1, "Chi đoàn A", 4, 1],
        [2, "Chi đoàn B", 6, 2],
        ["", first, 10, 3],
        ["II", "Khối doanh nghiệp", None, None],
        [3, "Chi đoàn C", 5, 1],
        [4, "Chi đoàn D", 5, 1],
        ["", second, 10, 2],
    ]
    return rows + ([grand] if grand else [])


def _two_groups(first: list[object], second: list[object]) -> list[list[object]]:
    """Rows 5–10 (Excel): `first` over chi đoàn A, B (ct1 4+6, ct2 1+2), `second` over C, D
    (ct1 2+3, ct2 1+1); both groups' rows without an STT number."""
    return [first, [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2],
            second, [3, "Chi đoàn C", 2, 1], [4, "Chi đoàn D", 3, 1]]  # fmt: skip


def _counted(report) -> tuple[int, int]:
    """Đoàn khối X's figures (ct1, ct2) as counted into the province's totals."""
    office = next(s for s in report.current if s.unit == "Đoàn khối X")
    return office.values["ct1"], office.values["ct2"]


def _said(report) -> list[tuple[str, str | None, str]]:
    """(code, cell, message) of each problem of the office's workbook but its blank cells."""
    found = [(p.code, p.cell, p.message) for p in report.problems if p.file == "khoi.xlsx"]
    return [f for f in found if f[0] != "blank-value"]


def test_subtotals_between_groups_are_neither_units_nor_the_office_total():
    """Was: the first `Cộng` read as the office's total (10, one group's) and errors said over
    the whole table; `Cộng I`… `Tổng cộng (I+II)` read as units, the office counted 60 for 20."""
    for first, second, grand in (
        ("Cộng", "Cộng", "Tổng cộng"),
        ("Cộng I", "Cộng II", "Tổng cộng (I+II)"),
        ("Cộng khối", "Cộng khối", "Tổng cộng toàn đoàn"),
        ("Tổng khối", "Tổng khối", "TỔNG CỘNG"),
    ):
        office = _office(*_grouped(first, second, ["", grand, 20, 5]))
        assert _figures(office) == ((20, "C13"), (5, "D13")), (first, grand)
        assert office.notes == (), (first, grand)
    # no grand total: the chi đoàn rows added, never the subtotals
    for label in ("Cộng", "Cộng I"):
        office = _office(*_grouped(label, label.replace("I", "II"), None))
        assert (office.values["ct1"].value, office.values["ct2"].value) == (20, 5)
        assert office.notes == ()
    # the grand total typed above the groups
    office = _office(["", "Tổng cộng", 20, 5], *_grouped("Cộng", "Cộng", None))
    assert _figures(office) == ((20, "C5"), (5, "D5")) and office.notes == ()


def test_a_grand_total_is_checked_against_the_unit_rows_named_run_by_run(tmp_path: Path):
    rows = [*ABOVE, HEAD, *_grouped("Cộng", "Cộng", ["", "Tổng cộng", 21, 5])]
    report = office_report(tmp_path, {"Tổng hợp": rows})
    assert _said(report) == [
        (
            "total-row-differs",
            "C13",
            'Dòng tổng cộng ghi 21 cho mã "ct1", nhưng cộng các dòng phía trên (C6:C7, C10:C11) '
            "được 20: không biết số nào đúng. Hãy sửa cho khớp rồi gửi lại.",
        )
    ]
    assert [s.unit for s in report.current] == ["Xã Y"]


def test_total_labels_a_clerk_writes_are_totals_and_names_beginning_so_are_units():
    """Was: each of these labels read as a unit, and, the total not the exact sum of its rows
    (ct2 typed 3 for 1 + 3), the office counted 20 for 10 without a word."""
    for label in (
        "Tổng cộng toàn đoàn",
        "Tổng cộng (I+II)",
        "Cộng toàn khối",
        "Toàn khối",
        "Tổng cộng chung",
        "Tổng số",
        "TỔNG",
        "Tong cong",
    ):
        office = _office([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 3], ["", label, 10, 3])
        assert _figures(office) == ((10, "C7"), (3, "D7")), label
        assert [(n.code, n.cell, n.params["added"]) for n in office.notes] == [
            ("total-row-differs", "D7", "4")
        ], label
    for name in ("Tổng đội TNXP", "Tổng công ty Cà phê", "Cộng đồng dân cư", "Công an tỉnh"):
        office = _office([1, name, 4, 1], [2, "Chi đoàn B", 6, 3])
        assert _figures(office) == ((10, "C5:C6"), (4, "D5:D6")), name


def test_a_group_row_carrying_its_units_sum_is_not_added_again():
    """`I | Khối cơ quan | 10` above its chi đoàn, or an outline `1 | Đoàn xã A`, `1.1 | Chi
    đoàn …`: was added with its own units, 40 for 20, without a word."""
    office = _office(
        ["I", "Khối cơ quan", 10, 3],
        [1, "Chi đoàn A", 4, 1],
        [2, "Chi đoàn B", 6, 2],
        ["II", "Khối doanh nghiệp", 10, 2],
        [3, "Chi đoàn C", 5, 1],
        [4, "Chi đoàn D", 5, 1],
    )
    assert (office.values["ct1"].value, office.values["ct2"].value) == (20, 5)
    assert office.notes == ()
    outline = _office(
        [1, "Đoàn xã A", 10, 3],
        ["1.1", "Chi đoàn A", 4, 1],
        ["1.2", "Chi đoàn B", 6, 2],
        [2, "Đoàn xã B", 10, 2],
        ["2.1", "Chi đoàn C", 5, 1],
        ["2.2", "Chi đoàn D", 5, 1],
        ["", "Tổng cộng", 20, 5],
    )
    assert _figures(outline) == ((20, "C11"), (5, "D11")) and outline.notes == ()


def test_notes_rates_and_column_numbers_are_no_units():
    """Was: `Ghi chú: 5 chi đoàn chưa báo cáo` with its 5, a rate row's 50 and the row numbering
    the columns added to the office's figures without a word."""
    office = _office(
        ["A", "B", 1, 2],
        [1, "Chi đoàn A", 4, 1],
        [2, "Chi đoàn B", 6, 2],
        ["", "Tỷ lệ đạt (%)", 50, 30],
        ["Ghi chú: 5 chi đoàn chưa báo cáo", None, 5, None],
    )
    assert (office.values["ct1"].value, office.values["ct2"].value) == (10, 3)
    assert office.notes == ()


def test_headings_and_subtotals_are_no_member_left_out():
    office = _office(*_grouped("Cộng", "Cộng", ["", "Tổng cộng", 20, 5])[:5],
                     [3, "Chi đoàn C", 10, 2], [4, "Chi đoàn D", None, None], ["", "Cộng", 10, 2],
                     ["", "Tổng cộng", 20, 5])  # fmt: skip
    (note,) = office.notes
    assert (note.code, note.cell) == ("partial-summary", "B13")
    assert note.params == {"covered": "3", "members": "4", "missing": "Chi đoàn D (dòng để trống)"}


def test_a_second_table_below_is_not_read_and_said(tmp_path: Path):
    """Last year's table below this year's: was read on, its header a unit ("ct1" not a
    number) and its total a second total; now the first table is the office's, and said."""
    rows = [
        *ABOVE, HEAD, [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], ["", "Tổng cộng", 10, 3],
        [], ["", "Số liệu cùng kỳ năm 2022"], HEAD, [1, "Chi đoàn A", 2, 1],
        [2, "Chi đoàn B", 3, 1], ["", "Tổng cộng", 5, 2],
    ]  # fmt: skip
    report = office_report(tmp_path, {"Tổng hợp": rows})
    assert _said(report) == [
        (
            "second-table",
            "B10",
            "Bên dưới bảng tổng hợp còn một bảng khác (từ dòng 10) chưa được đọc; số liệu của đơn "
            "vị chỉ lấy từ bảng ở trên. Nếu bảng dưới là phần tiếp theo của bảng trên, hãy gộp "
            "thành một bảng rồi gửi lại.",
        )
    ]
    assert _counted(report) == (10, 3)


def test_a_member_unit_on_two_rows_is_said_where_no_group_explains_it():
    """A chi đoàn's row copied twice: both were added (and the total typed to match), without a
    word. Said at the second row, with every row's cell; the figures are the table's."""
    office = _office(
        [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], [3, "Chi đoàn A", 4, 1],
        [4, "CĐ B", 6, 2], [5, "Chi đoàn C", 1, 1], ["", "Tổng cộng", 21, 7],
    )  # fmt: skip
    assert _figures(office) == ((21, "C10"), (7, "D10"))
    repeated = [(n.code, n.cell, n.params) for n in office.notes]
    assert repeated == [
        ("repeated-member", "B7", {"name": "Chi đoàn A", "count": "2", "cells": "B5, B7"}),
        ("repeated-member", "B8", {"name": "Chi đoàn B", "count": "2", "cells": "B6, B8"}),
    ]
    # under groups, the same name may stand in two of them: nothing said
    grouped = _office(
        ["I", "Xã A", None, None], [1, "Chi đoàn thôn 1", 4, 1], ["", "Cộng", 4, 1],
        ["II", "Xã B", None, None], [1, "Chi đoàn thôn 1", 6, 2], ["", "Cộng", 6, 2],
        ["", "Tổng cộng", 10, 3],
    )  # fmt: skip
    assert grouped.notes == () and _figures(grouped)[0] == (10, "C11")


def test_a_member_on_two_rows_is_a_warning_of_the_office_counted_as_its_table_says(tmp_path):
    rows = [
        *ABOVE, HEAD, [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], [3, "Chi đoàn A", 4, 1],
        ["", "Tổng cộng", 14, 4],
    ]  # fmt: skip
    report = office_report(tmp_path, {"Tổng hợp": rows})
    (found,) = [p for p in report.problems if p.code == "repeated-member"]
    assert (found.severity.value, found.file, found.cell, found.unit) == (
        "warning",
        "khoi.xlsx",
        "B7",
        "Đoàn khối X",
    )
    assert found.message == (
        'Đơn vị "Chi đoàn A" có 2 dòng trong bảng tổng hợp (ô B5, B7): số liệu của mọi dòng đều '
        "được cộng. Nếu đây là một đơn vị ghi nhiều lần, hãy xóa dòng thừa (và sửa dòng tổng "
        "cộng) rồi gửi lại."
    )
    (khoi,) = [s for s in report.current if s.unit == "Đoàn khối X"]
    assert (khoi.values["ct1"], khoi.values["ct2"]) == (14, 4)


def test_the_office_own_row_is_its_total_not_one_more_member(tmp_path: Path):
    """The office's own row typed first (`Đoàn khối X | 10 | 3` above its chi đoàn), or an
    unlabelled row above its rows holding their sum: was added to them, the office counted 20
    for 10 without a word; now the table's total, checked against its rows."""
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2])
    for label in ("Đoàn khối X", "ĐOÀN KHỐI X", "Toàn Đoàn khối X", "Tổng hợp"):
        office = _office(["", label, 10, 3], *rows)
        assert _figures(office) == ((10, "C5"), (3, "D5")), label
        assert office.notes == (), label
    for label in ("Đoàn khối X", "Toàn Đoàn khối X"):  # above or below, typed not to match
        above = _office(["", label, 11, 3], *rows)
        below = _office(*rows, ["", label, 11, 3])
        for office, cell, where in ((above, "C5", "phía dưới"), (below, "C7", "phía trên")):
            assert _figures(office)[0] == (11, cell), label
            assert [(n.code, n.params["added"], n.params["rows_where"]) for n in office.notes] == [
                ("total-row-differs", "10", where)
            ], label
    # the office's row is no member: a blank member row is the one left out, of 3
    partial = _office(["", "Đoàn khối X", 10, 3], *rows, [3, "Chi đoàn C", None, None])
    assert [n.params for n in partial.notes] == [
        {"covered": "2", "members": "3", "missing": "Chi đoàn C (dòng để trống)"}
    ]
    report = office_report(tmp_path, {"Tổng hợp": [*ABOVE, HEAD, ["", "Đoàn khối X", 10, 3], *rows]})
    assert _counted(report) == (10, 3)


def test_rows_below_the_table_total_are_checked_against_it_not_added_to_it():
    """`Chỉ tiêu giao`, last quarter's figures or a unit added late, typed below `Tổng cộng`
    with nothing closing them: the total was taken for a group's subtotal and every row summed,
    the office's 10 counted 60 without a word. Now the total stands and does not match."""
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2])
    for total in ("Tổng cộng", "Cộng"):
        for below in (["", "Chỉ tiêu giao", 50, 20], [3, "Chi đoàn C", 5, 1]):
            office = _office(*rows, ["", total, 10, 3], below)
            assert _figures(office) == ((10, "C7"), (3, "D7")), (total, below)
            found = [(n.code, n.cell, n.params["rows"]) for n in office.notes]
            assert found == [
                ("total-row-differs", "C7", "C5:C6, C8"),
                ("total-row-differs", "D7", "D5:D6, D8"),
            ], (total, below)
    # a total closing the rows below it still makes the first a group's subtotal
    office = _office(*rows, ["", "Cộng", 10, 3], [3, "Chi đoàn C", 5, 1], ["", "Tổng cộng", 15, 4])
    assert _figures(office) == ((15, "C9"), (4, "D9")) and office.notes == ()


def test_a_last_row_without_name_or_number_is_the_total_checked_not_a_unit_added():
    """The total's label left out (or typed in a cell not read): was added to the rows it
    totals when it did not match them exactly, the office counted 21 for 10 without a word."""
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2])
    office = _office(*rows, [None, None, 11, 3], [None, "Người lập biểu", None, None])
    assert _figures(office) == ((11, "C7"), (3, "D7"))
    assert [(n.code, n.cell, n.params["added"]) for n in office.notes] == [
        ("total-row-differs", "C7", "10")
    ]
    # a numbered row without a name is a unit whose name was left out: added, as before
    numbered = _office(*rows, [3, None, 5, 1])
    assert _figures(numbered) == ((15, "C5:C7"), (4, "D5:D7"))


def test_group_rows_carrying_their_units_sum_are_not_added_without_a_grand_total():
    """`KHỐI CƠ QUAN | 10 | 3` (no STT number) above its numbered chi đoàn adding up to it, in a
    table without `Tổng cộng`: was added as one more unit, the office counted 30 for 15 without a
    word. Now a group's row; the unit rows are added, and a grand total checked against them."""
    groups = _two_groups(["", "KHỐI CƠ QUAN", 10, 3], ["", "Khối xã", 5, 2])
    office = _office(*groups)
    assert _figures(office) == ((15, "C6:C10"), (5, "D6:D10")) and office.notes == ()
    total = _office(*groups, ["", "Tổng cộng", 16, 5])
    assert _figures(total) == ((16, "C11"), (5, "D11"))
    assert [(n.code, n.params["added"], n.params["rows"]) for n in total.notes] == [
        ("total-row-differs", "15", "C6:C7, C9:C10")
    ]
    # a group of one chi đoàn, in a table whose other groups show the pattern: a group's row too
    one = _office(*groups, ["", "Khối doanh nghiệp", 7, 1], [5, "Chi đoàn E", 7, 1])
    assert (one.values["ct1"].value, one.values["ct2"].value) == (22, 6) and one.notes == ()


def test_an_unnumbered_unit_row_is_still_added_unless_its_figures_are_its_rows_sum():
    """A unit typed without an STT number among numbered ones stays a unit: its figures not the
    exact sum of two or more numbered rows below it, or equal to the one row below it alone."""
    late = _office(
        [1, "Chi đoàn A", 4, 1],
        [2, "Chi đoàn B", 6, 2],
        ["", "Chi đoàn E (mới thành lập)", 5, 2],
        [3, "Chi đoàn C", 2, 1],
        [4, "Chi đoàn D", 3, 2],
    )
    assert _figures(late) == ((20, "C5:C9"), (8, "D5:D9")) and late.notes == ()
    alone = _office([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2], ["", "Chi đoàn E", 5, 1],
                    [3, "Chi đoàn C", 5, 1])  # fmt: skip
    assert _figures(alone) == ((20, "C5:C8"), (5, "D5:D8")) and alone.notes == ()


def test_a_last_unnumbered_row_above_every_row_is_the_total_whatever_its_label():
    """A total labelled in a way no rule knows (`T.Cộng`, `Lũy kế`, `Total`…), typed not to match
    its rows (ct2 3 for 1 + 3): was added as one more unit, the office counted 20 for 10 without
    a word. In a table whose units carry STT numbers, the last row with figures and no number,
    whose every figure is at least each other row's, is the table's total, checked as such."""
    for label in ("T.Cộng", "TC", "Tổng hợp", "Lũy kế", "Cộng (1+2)", "Tổng cộng*", "Total",
                  "Cả khối", "Tất cả", "Tổng hợp chung"):  # fmt: skip
        office = _office([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 3], ["", label, 10, 3])
        assert _figures(office) == ((10, "C7"), (3, "D7")), label
        assert [(n.code, n.cell, n.params["added"]) for n in office.notes] == [
            ("total-row-differs", "D7", "4")
        ], label
    # a unit typed last without a number, below some row's figure: added, as before
    late = _office([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 3], ["", "Chi đoàn C", 5, 3])
    assert _figures(late) == ((15, "C5:C7"), (7, "D5:D7")) and late.notes == ()
    # a table without STT numbers: the last row is a unit, whatever its figures
    plain = _office(["", "Chi đoàn A", 4, 1], ["", "Chi đoàn B", 6, 3], ["", "Chi đoàn C", 11, 3])
    assert _figures(plain) == ((21, "C5:C7"), (7, "D5:D7")) and plain.notes == ()
    # under groups' subtotals, or groups' rows carrying their sum: checked against the chi đoàn
    grouped = _office(*_grouped("Cộng", "Cộng", ["", "T.Cộng", 21, 5]))
    assert _figures(grouped) == ((21, "C13"), (5, "D13"))
    assert [(n.code, n.params["added"], n.params["rows"]) for n in grouped.notes] == [
        ("total-row-differs", "20", "C6:C7, C10:C11")
    ]
    groups = _office(["", "KHỐI CƠ QUAN", 10, 3], [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2],
                     ["", "KHỐI XÃ", 5, 2], [3, "Chi đoàn C", 2, 1], [4, "Chi đoàn D", 3, 1],
                     ["", "Lũy kế", 16, 5])  # fmt: skip
    assert _figures(groups) == ((16, "C11"), (5, "D11"))
    assert [(n.code, n.params["added"]) for n in groups.notes] == [("total-row-differs", "15")]


def test_a_total_label_with_a_mark_an_abbreviation_or_a_numbered_sum_is_a_total():
    """`T.Cộng`, `Tổng cộng*`, `Cộng (1+2)` typed above the rows it totals, not matching them
    (ct2 3 for 1 + 3): was added as one more unit, the office counted 20 for 10 without a word."""
    for label in ("T.Cộng", "T. cộng", "Tổng cộng*", "*Tổng cộng*", "Cộng (1+2)", "Tổng số (1+2)"):
        office = _office(["", label, 10, 3], [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 3])
        assert _figures(office) == ((10, "C5"), (3, "D5")), label
        assert [(n.code, n.cell, n.params["added"]) for n in office.notes] == [
            ("total-row-differs", "D5", "4")
        ], label
    assert [label_kind(x) for x in ("Cộng 1", "T Công", "Chi đoàn Tân Cộng*", "Tân Cộng")] == [
        Kind.SUBTOTAL, None, None, None
    ]
    assert label_kind(unicodedata.normalize("NFD", "T.Cộng")) is Kind.TOTAL


def test_one_group_row_and_a_total_no_rule_knows_are_neither_added():
    """`KHỐI CƠ QUAN | 10 | 3` over all the numbered chi đoàn, and a last `Lũy kế | 11 | 3`: both
    were added as units, the office counted 31 for 10 without a word. Now the group's row is
    not added and `Lũy kế` is the total, checked against the chi đoàn."""
    office = _office(["", "KHỐI CƠ QUAN", 10, 3], [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2],
                     ["", "Lũy kế", 11, 3])  # fmt: skip
    assert _figures(office) == ((11, "C8"), (3, "D8"))
    assert [(n.code, n.params["added"], n.params["rows"]) for n in office.notes] == [
        ("total-row-differs", "10", "C6:C7")
    ]


def test_a_first_unnumbered_row_above_every_row_is_the_total_whatever_its_label():
    """`Lũy kế | 11 | 3` typed above the numbered chi đoàn adding up to 10: was added as one more
    unit, the office counted 21 for 10 without a word. `_largest_last_total`'s mirror: now the
    table's total, checked against the rows below it."""
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2])
    for label in ("Lũy kế", "TC", "Total", "Cả khối"):
        office = _office(["", label, 11, 3], *rows)
        assert _figures(office) == ((11, "C5"), (3, "D5")), label
        assert [(n.code, n.cell, n.params["added"], n.params["rows_where"]) for n in office.notes] == [
            ("total-row-differs", "C5", "10", "phía dưới")
        ], label
    # a unit typed first without a number, below some row's figure: added, as before
    late = _office(["", "Chi đoàn E (mới)", 5, 1], *rows)
    assert _figures(late) == ((15, "C5:C7"), (4, "D5:D7")) and late.notes == ()
    # a table without STT numbers: the first row is a unit, whatever its figures
    plain = _office(["", "Chi đoàn E", 11, 3], ["", "Chi đoàn A", 4, 1], ["", "Chi đoàn B", 6, 2])
    assert _figures(plain) == ((21, "C5:C7"), (6, "D5:D7")) and plain.notes == ()


def test_group_rows_with_a_mistyped_figure_are_not_added_and_are_said(tmp_path: Path):
    """`KHỐI CƠ QUAN | 10 | 4` above its chi đoàn adding up to 10 and 3, beside `Khối xã` exactly
    its rows' sum, without a grand total: the first was added as a unit (the office counted 30
    for 15 without a word). Now a group's row: not added, and said (a warning, the office's
    figure is its chi đoàn's sum)."""
    groups = _two_groups(["", "KHỐI CƠ QUAN", 10, 4], ["", "KHỐI XÃ", 5, 2])
    office = _office(*groups)
    assert _figures(office) == ((15, "C6:C10"), (5, "D6:D10"))
    assert [(n.code, n.cell, n.params["total"], n.params["added"], n.params["rows"])
            for n in office.notes] == [("group-row-differs", "D5", "4", "3", "D6:D7")]  # fmt: skip
    # both groups' rows mistyped, each in one figure: no exact one, two show the pattern
    both = _office(["", "KHỐI CƠ QUAN", 11, 3], *groups[1:3], ["", "KHỐI XÃ", 5, 3], *groups[4:])
    assert _figures(both) == ((15, "C6:C10"), (5, "D6:D10"))
    assert [(n.cell, n.params["label"]) for n in both.notes] == [
        ("C5", "KHỐI CƠ QUAN"), ("D8", "KHỐI XÃ")
    ]
    # one such row alone, no row exactly its rows' sum: a unit, added, as before
    alone = _office([1, "Chi đoàn A", 4, 1], ["", "Chi đoàn E", 8, 4], [2, "Chi đoàn B", 2, 1],
                    [3, "Chi đoàn C", 6, 2])  # fmt: skip
    assert _figures(alone) == ((20, "C5:C8"), (8, "D5:D8")) and alone.notes == ()
    report = office_report(tmp_path, {"Tổng hợp": [*ABOVE, HEAD, *groups]})
    assert _said(report) == [
        (
            "group-row-differs",
            "D5",
            'Dòng "KHỐI CƠ QUAN" (dòng cộng của một nhóm) ghi 4 cho mã "ct2", nhưng cộng các '
            "dòng đơn vị của nhóm (D6:D7) được 3. Dòng này không được cộng vào số liệu của đơn "
            "vị; đề nghị kiểm tra lại số liệu của nhóm và sửa cho khớp.",
        )
    ]
    assert _counted(report) == (15, 5)


def test_a_subtotal_is_checked_against_its_own_group():
    """`Cộng | 11` closing chi đoàn adding up to 10: was not checked at all (the grand total, or
    the chi đoàn's sum, is the office's figure; this row is never added). Now said, with the
    group's rows; a subtotal typed above its group is checked against the rows below it."""
    wrong = _grouped("Cộng", "Cộng", ["", "Tổng cộng", 20, 5])
    wrong[3] = ["", "Cộng", 11, 3]
    for grand in (True, False):
        office = _office(*(wrong if grand else wrong[:-1]))
        assert (office.values["ct1"].value, office.values["ct2"].value) == (20, 5)
        assert [(n.code, n.cell, n.params["total"], n.params["added"], n.params["rows"],
                 n.params["more"]) for n in office.notes] == [
            ("group-row-differs", "C8", "11", "10", "C6:C7", "")
        ], grand  # fmt: skip
    heading = _office(
        *_two_groups(["", "Cộng khối cơ quan", 10, 4], ["", "Cộng khối xã", 5, 2]),
        ["", "Tổng cộng", 15, 5],
    )
    assert _figures(heading) == ((15, "C11"), (5, "D11"))
    assert [(n.code, n.cell, n.params["rows"]) for n in heading.notes] == [
        ("group-row-differs", "D5", "D6:D7")
    ]


def test_many_group_rows_that_differ_are_said_five_and_counted():
    """Seven subtotals that differ: five said, the last of them counting the other two (a
    99.000-row table of them was thousands of warnings)."""
    rows: list[list[object]] = []
    for g in range(7):
        rows += [[2 * g + 1, f"Chi đoàn {g}a", 1, 1], [2 * g + 2, f"Chi đoàn {g}b", 1, 1], ["", "Cộng", 3, 2]]
    office = _office(*rows, ["", "Tổng cộng", 14, 14])
    assert _figures(office) == ((14, "C26"), (14, "D26")) and len(office.notes) == 5
    assert [n.params["others"] for n in office.notes][-2:] == [
        "", " Còn 2 dòng cộng nhóm khác cũng không khớp với các dòng của nhóm."
    ]


def test_a_cong_closing_the_first_group_of_two_is_its_subtotal_not_the_total():
    """`A, B, Cộng, C, D`: a `Cộng` closing chi đoàn A, B, the second group left without its own
    `Cộng`: was the table's total, the office counted 10 for 15 under a `total-row-differs` that
    was no mistake of the office. Now the first group's subtotal, checked against A, B alone."""
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2])
    below = ([3, "Chi đoàn C", 2, 1], [4, "Chi đoàn D", 3, 1])
    office = _office(*rows, ["", "Cộng", 10, 3], *below)
    assert _figures(office) == ((15, "C5:C9"), (5, "D5:D9")) and office.notes == ()
    headed = _office(["I", "Khối cơ quan", None, None], *rows, ["", "Cộng", 10, 3],
                     ["II", "Khối xã", None, None], *below)  # fmt: skip
    assert _figures(headed) == ((15, "C6:C11"), (5, "D6:D11")) and headed.notes == ()
    wrong = _office(*rows, ["", "Cộng", 11, 3], *below)
    assert _figures(wrong) == ((15, "C5:C9"), (5, "D5:D9"))
    assert [(n.code, n.cell, n.params["added"], n.params["rows"]) for n in wrong.notes] == [
        ("group-row-differs", "C7", "10", "C5:C6")
    ]
    # the table's total typed amid its rows (every unit's sum) stays the total
    amid = _office(*rows, ["", "Cộng", 15, 5], *below)
    assert _figures(amid) == ((15, "C7"), (5, "D7")) and amid.notes == ()
    # rows below repeating the names above (last quarter's), 'Tổng cộng', or one unit below:
    # the total stands, checked against every row (said, never summed without a word)
    for label, after in (("Cộng", rows), ("Tổng cộng", below), ("Cộng", below[:1])):
        kept = _office(*rows, ["", label, 10, 3], *after)
        assert _figures(kept)[0] == (10, "C7"), (label, after)
        assert [n.code for n in kept.notes][:1] == ["total-row-differs"], (label, after)


def test_a_name_typed_across_the_stt_and_name_cells_is_the_row_s_name():
    """A group's row or a total typed across STT and name (a merge keeps the first cell's value:
    `KHỐI XÃ`, `Lũy kế` in the STT column, the name cell blank): was read as a numbered unit
    without a name and added, the office counted 30 for 15 (or 21 for 10) without a word."""
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2])
    below = ([3, "Chi đoàn C", 2, 1], [4, "Chi đoàn D", 3, 1])
    for first, second in (("KHỐI XÃ", "KHỐI CƠ QUAN"), ("I. Khối xã", "II. Khối cơ quan")):
        groups = _office([first, None, 10, 3], *rows, [second, None, 5, 2], *below)
        assert _figures(groups) == ((15, "C6:C10"), (5, "D6:D10")) and groups.notes == (), first
    for at, office in (("C7", _office(*rows, ["Lũy kế", None, 11, 3])),
                       ("C5", _office(["Lũy kế", None, 11, 3], *rows))):  # fmt: skip
        assert _figures(office)[0] == (11, at)
        assert [(n.code, n.cell, n.params["added"]) for n in office.notes] == [
            ("total-row-differs", at, "10")
        ]
    # a row number without a name is a unit whose name was left out: added, as before
    for number in (3, "3.", "(3)"):
        unnamed = _office(*rows, [number, None, 5, 1])
        assert _figures(unnamed) == ((15, "C5:C7"), (4, "D5:D7")), number


def test_group_rows_mistyped_below_a_unit_or_in_every_figure_are_not_added_and_are_said():
    """Groups' rows over their numbered chi đoàn, no grand total: `KHỐI XÃ | 10 | 1` (one figure
    typed below a chi đoàn's 2), both groups' rows wrong in every figure, or one such row beside
    groups' rows that are exact: the first two were added as units, the office counted 30 or 32
    for 15 without a word; the third taken for the table's total, 11 for 18. Now groups' rows,
    not added, and said."""
    rows = ([1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2])
    below = ([3, "Chi đoàn C", 2, 1], [4, "Chi đoàn D", 3, 1])
    low = _office(["", "KHỐI XÃ", 10, 1], *rows, ["", "KHỐI CƠ QUAN", 5, 2], *below)
    assert _figures(low) == ((15, "C6:C10"), (5, "D6:D10"))
    assert [(n.code, n.cell, n.params["total"], n.params["added"]) for n in low.notes] == [
        ("group-row-differs", "D5", "1", "3")
    ]
    every = _office(["", "KHỐI XÃ", 11, 4], *rows, ["", "KHỐI CƠ QUAN", 6, 3], *below)
    assert _figures(every) == ((15, "C6:C10"), (5, "D6:D10"))
    assert [(n.code, n.cell, n.params["more"]) for n in every.notes] == [
        ("group-row-differs", "C5", " (và 1 mã khác)"), ("group-row-differs", "C8", " (và 1 mã khác)")
    ]
    third = (["", "KHỐI DOANH NGHIỆP", 3, 2], [5, "Chi đoàn E", 1, 1], [6, "Chi đoàn F", 2, 1])
    beside = _office(["", "KHỐI XÃ", 11, 4], *rows, ["", "KHỐI CƠ QUAN", 5, 2], *below, *third)
    assert _figures(beside) == ((18, "C6:C13"), (7, "D6:D13"))
    assert [(n.code, n.cell) for n in beside.notes] == [("group-row-differs", "C5")]
    # one unnumbered unit over numbered rows, no group shown: a unit, added, as before
    alone = _office([1, "Chi đoàn A", 4, 1], ["", "Chi đoàn E", 7, 4], *below)
    assert _figures(alone) == ((16, "C5:C8"), (7, "D5:D8")) and alone.notes == ()


def test_an_outline_group_row_is_checked_against_its_own_units():
    """`I | Khối xã | 11` over chi đoàn adding up to 10, or `1 | Đoàn xã A | 10 | 4` over `1.1`,
    `1.2` adding up to 10 and 3: was never checked (the office's figure is its chi đoàn's, or
    its grand total's, never this row's). Now said, with the group's rows."""
    roman = _office(["I", "Khối xã", 11, 3], [1, "Chi đoàn A", 4, 1], [2, "Chi đoàn B", 6, 2],
                    ["II", "Khối cơ quan", 5, 2], [3, "Chi đoàn C", 2, 1], [4, "Chi đoàn D", 3, 1],
                    ["", "Tổng cộng", 15, 5])  # fmt: skip
    assert _figures(roman) == ((15, "C11"), (5, "D11"))
    assert [(n.code, n.cell, n.params["label"], n.params["added"], n.params["rows"])
            for n in roman.notes] == [("group-row-differs", "C5", "Khối xã", "10", "C6:C7")]  # fmt: skip
    nested = _office(["I", "Khối xã", 15, 5], [1, "Đoàn xã A", 10, 4], ["1.1", "Chi đoàn A", 4, 1],
                     ["1.2", "Chi đoàn B", 6, 2], [2, "Đoàn xã B", 5, 2], ["2.1", "Chi đoàn C", 2, 1],
                     ["2.2", "Chi đoàn D", 3, 1])  # fmt: skip
    assert _figures(nested) == ((15, "C7:C11"), (5, "D7:D11"))
    assert [(n.code, n.cell, n.params["label"], n.params["rows"]) for n in nested.notes] == [
        ("group-row-differs", "D6", "Đoàn xã A", "D7:D8")
    ]


def test_capital_group_rows_in_a_table_without_stt_numbers_are_not_added():
    """`KHỐI XÃ | 10 | 3` over chi đoàn adding up to it, in a table whose rows carry no STT
    number: was added as a unit, the office counted 30 for 15 without a word (under `Tổng
    cộng`, 15 said to differ from 30). Now groups' rows; one mistyped is said."""
    a, b, c, d = (["", f"Chi đoàn {x}", n, m] for x, n, m in (("A", 4, 1), ("B", 6, 2), ("C", 2, 1), ("D", 3, 1)))
    office = _office(["", "KHỐI XÃ", 10, 3], a, b, ["", "KHỐI CƠ QUAN", 5, 2], c, d)
    assert _figures(office) == ((15, "C6:C10"), (5, "D6:D10")) and office.notes == ()
    total = _office(["", "KHỐI XÃ", 10, 3], a, b, ["", "KHỐI CƠ QUAN", 5, 2], c, d, ["", "Tổng cộng", 15, 5])
    assert _figures(total) == ((15, "C11"), (5, "D11")) and total.notes == ()
    wrong = _office(["", "KHỐI XÃ", 10, 1], a, b, ["", "KHỐI CƠ QUAN", 5, 2], c, d)
    assert _figures(wrong) == ((15, "C6:C10"), (5, "D6:D10"))
    assert [(n.code, n.cell, n.params["added"]) for n in wrong.notes] == [("group-row-differs", "D5", "3")]
    # names all in capitals, or a capital row not carrying the rows below it: units, as before
    shouting = _office(["", "CHI ĐOÀN E", 10, 3], *[[n, x.upper(), p, q] for n, x, p, q in (a, b, c, d)])
    assert _figures(shouting) == ((25, "C5:C9"), (8, "D5:D9"))
    small = _office(["", "CHI ĐOÀN E", 1, 1], a, b, ["", "KHỐI CƠ QUAN", 5, 2], c, d)
    assert _figures(small) == ((21, "C5:C10"), (8, "D5:D10"))


def _plain_groups(first: list[object], second: list[object]) -> list[list[object]]:
    """Rows 5–10 (Excel) of a table without STT numbers or capitals: `first` over chi đoàn A, B
    (ct1 4+6, ct2 1+2), `second` over C, D (ct1 2+3, ct2 1+1)."""
    return [first, ["", "Chi đoàn A", 4, 1], ["", "Chi đoàn B", 6, 2],
            second, ["", "Chi đoàn C", 2, 1], ["", "Chi đoàn D", 3, 1]]  # fmt: skip


def test_group_rows_without_stt_or_capitals_are_told_by_their_sums(tmp_path: Path):
    """`Khối xã | 10 | 3` over chi đoàn adding up to it, then `Khối cơ quan | 5 | 2` over its
    own, in a table whose rows carry no STT number and no name in capitals: was added as units,
    the office counted 30 for 15 without a word (under `Tổng cộng`, 15 said to differ from 30).
    Now groups' rows, told by their figures: every row in a group whose first row is its rows'
    exact sum; one group's row mistyped is said."""
    groups = _plain_groups(["", "Khối xã", 10, 3], ["", "Đoàn phường Bồng Sơn", 5, 2])
    office = _office(*groups)
    assert _figures(office) == ((15, "C6:C10"), (5, "D6:D10")) and office.notes == ()
    total = _office(*groups, ["", "Tổng cộng", 15, 5])
    assert _figures(total) == ((15, "C11"), (5, "D11")) and total.notes == ()
    # a chi đoàn of 0 right after its group's sum is the group's, not the next group's row
    zero = ["", "Chi đoàn Z", 0, 0]
    zeros = _office(*groups[:3], zero, *groups[3:], zero)
    assert _figures(zeros) == ((15, "C6:C12"), (5, "D6:D12")) and zeros.notes == ()
    # one group's row mistyped, first or last: said, not added
    for first, second, cell, added in ((["", "Khối xã", 10, 4], groups[3], "D5", "3"),
                                       (groups[0], ["", "Khối cơ quan", 6, 2], "C8", "5")):  # fmt: skip
        wrong = _office(first, *groups[1:3], second, *groups[4:])
        assert _figures(wrong) == ((15, "C6:C10"), (5, "D6:D10")), cell
        assert [(n.code, n.cell, n.params["added"]) for n in wrong.notes] == [
            ("group-row-differs", cell, added)
        ]
    # a mistyped group's row between two exact ones: its rows run to the next group's row
    third = [["", "Khối 3", 8, 1], ["", "Chi đoàn E", 7, 0], ["", "Chi đoàn F", 1, 1]]
    middle = _office(groups[0], *groups[1:3], ["", "Khối cơ quan", 5, 3], *groups[4:], *third)
    assert _figures(middle) == ((23, "C6:C13"), (6, "D6:D13"))
    assert [(n.cell, n.params["rows"]) for n in middle.notes] == [("D8", "D9:D10")]
    report = office_report(tmp_path, {"Tổng hợp": [*ABOVE, HEAD, *groups]})
    assert _said(report) == [] and _counted(report) == (15, 5)


def test_rows_that_only_partly_look_like_groups_stay_units():
    """Without a pattern shown by the figures, every row of a table without STT numbers is a
    unit, added as before: no group's row over its rows' exact sum; both groups' rows
    mistyped; a table of one figure column (whose rows tile by chance, 1 in 10.000 random
    tables)."""
    rows = _plain_groups(["", "Đoàn xã An Hòa", 10, 4], ["", "Đoàn phường Bồng Sơn", 5, 3])
    assert _figures(_office(*rows)) == ((30, "C5:C10"), (12, "D5:D10"))
    # named as groups (`Khối …`), the same rows are groups' rows, each mistyped one said
    named = _office(*_plain_groups(["", "Khối xã", 10, 4], ["", "Khối cơ quan", 5, 3]))
    assert _figures(named) == ((15, "C6:C10"), (5, "D6:D10"))
    assert [(n.code, n.cell) for n in named.notes] == [("group-row-differs", "D5"), ("group-row-differs", "D8")]
    plain = _office(*_plain_groups(["", "Chi đoàn E", 1, 1], ["", "Chi đoàn G", 7, 2]))
    assert _figures(plain) == ((23, "C5:C10"), (8, "D5:D10")) and plain.notes == ()
    from dean5299_cli.readers.summary_rows import _summing_groups

    one_column: list[tuple[int, ...] | None] = [(10,), (4,), (6,), (5,), (2,), (3,)]
    assert _summing_groups(list(range(6)), one_column) == {}
    two: list[tuple[int, ...] | None] = [(10, 3), (4, 1), (6, 2), (5, 2), (2, 1), (3, 1)]
    assert _summing_groups(list(range(6)), two) == {0: [1, 2], 3: [4, 5]}


def test_random_tables_of_units_are_never_read_as_groups_without_a_word():
    """The figures alone tell groups' rows (`_summing_groups`): seeded random tables of units
    (4–20 rows, 2–8 columns, a third of figures 0) never tile exactly, which would take rows
    out of the office's figures silently; a mistyped group's row found is always said."""
    import random

    from dean5299_cli.readers.summary_rows import _is_sum, _summing_groups

    rng = random.Random(5299)
    exact = loose = 0
    for _ in range(20_000):
        width, n = rng.randint(2, 8), rng.randint(4, 20)
        counts: list[tuple[int, ...] | None] = [
            tuple(0 if rng.random() < 0.3 else int(rng.expovariate(1 / 8)) + 1 for _ in range(width))
            for _ in range(n)
        ]
        found = _summing_groups(list(range(n)), counts)
        if found and all(_is_sum(h, m, counts) for h, m in found.items()):
            exact += 1
        elif found:
            loose += 1
    assert exact == 0 and loose < 5
    # the same tables with their groups' rows written in: every one found
    for _ in range(2_000):
        width = rng.randint(2, 8)
        table: list[tuple[int, ...] | None] = []
        for _group in range(rng.randint(2, 5)):
            members = [tuple(rng.randint(0, 30) for _ in range(width)) for _ in range(rng.randint(2, 6))]
            members[0] = tuple(n + 1 for n in members[0])
            table += [tuple(map(sum, zip(*members, strict=True))), *members]
        heads = {i for i, f in enumerate(table) if f is not None and i in _summing_groups(list(range(len(table))), table)}
        assert len(heads) >= 2


def test_the_office_s_figures_and_members_read_the_table_once(monkeypatch):
    """The office's figures and its members come from one reading of the table (was read twice:
    a 99.000-row summary took 12 s, now 7 s); the members found are the same either way."""
    from dean5299_cli.readers import consolidated, summary_members, summary_rows

    calls: list[int] = []
    real = summary_rows.read_rows

    def counted(grid, *args):
        calls.append(id(grid))
        return real(grid, *args)

    monkeypatch.setattr(consolidated, "read_rows", counted)
    monkeypatch.setattr(summary_members, "read_rows", counted)
    rows = _plain_groups(["", "Khối xã", 10, 3], ["", "Khối cơ quan", 5, 2])
    assert _figures(_office(*rows)) == ((15, "C6:C10"), (5, "D6:D10")) and len(calls) == 1
    grid = Grid("Tổng hợp", [*ABOVE, HEAD, *rows])
    args = (grid, 3, 1, [2, 3], "Đoàn khối X")
    read = real(*args)
    by_itself, handed = summary_members.members(*args), summary_members.members(*args, read)
    assert [m.name for m in handed] == [m.name for m in by_itself] == [f"Chi đoàn {x}" for x in "ABCD"]


def test_a_partial_summary_s_counts_are_grouped_as_every_count_said():
    """`partial-summary` of a summary of 1.003 member units said "1000/1003" (ungrouped)."""
    from dean5299_cli.readers.summary_members import coverage_note

    rows = [[n + 1, f"Chi đoàn {n:04d}", 1, 1] for n in range(1000)]
    rows += [[1001 + n, f"Chi đoàn thêm {n}", None, None] for n in range(3)]
    grid = Grid("Tổng hợp", [*ABOVE, HEAD, *rows])
    (note,) = coverage_note(grid, 3, 1, [2, 3], "C5")
    assert (note.params["covered"], note.params["members"]) == ("1.000", "1.003")


def test_small_figures_that_only_tile_by_chance_stay_units_and_are_said(tmp_path: Path):
    """Six chi đoàn of 0 and 1 in a table without STT numbers: A (1, 1) is B (1, 0) + C (0, 1),
    D the same over E, F. Was: read as two groups' rows, the office counted 2 for 4 without a
    word (1,3 % of random tables of 0 and 1 did). Now the figures, too small to tell, are added
    as units and the rows named; a total row decides either way, without a word."""
    units = [["", name, a, b] for name, a, b in (
        ("Chi đoàn A", 1, 1), ("Chi đoàn B", 1, 0), ("Chi đoàn C", 0, 1),
        ("Chi đoàn D", 1, 1), ("Chi đoàn E", 1, 0), ("Chi đoàn F", 0, 1))]  # fmt: skip
    office = _office(*units)
    assert _figures(office) == ((4, "C5:C10"), (4, "D5:D10"))
    assert [(n.code, n.cell, n.params["rows"]) for n in office.notes] == [
        ("rows-like-groups", "B5", '"Chi đoàn A" (B5), "Chi đoàn D" (B8)')
    ]
    every = _office(*units, ["", "Tổng cộng", 4, 4])  # the sum of every row: units
    assert _figures(every) == ((4, "C11"), (4, "D11")) and every.notes == ()
    grouped = _office(*units, ["", "Tổng cộng", 2, 2])  # of A and D alone: groups' rows
    assert _figures(grouped) == ((2, "C11"), (2, "D11")) and grouped.notes == ()
    # figures that add two rows not 0 three times or more tell groups' rows, as before
    plain = _office(*_plain_groups(["", "Khối xã", 10, 3], ["", "Khối cơ quan", 5, 2]))
    assert _figures(plain) == ((15, "C6:C10"), (5, "D6:D10")) and plain.notes == ()
    report = office_report(tmp_path, {"Tổng hợp": [*ABOVE, HEAD, *units]})
    assert _counted(report) == (4, 4)
    (said,) = _said(report)
    assert said[:2] == ("rows-like-groups", "B5") and '"Chi đoàn D" (B8)' in said[2]


def test_random_small_figures_rarely_tell_groups_and_never_silently_wrongly():
    """Seeded random tables of units, figures 0 to 3, 2 to 4 columns: rows tiling as groups'
    rows by chance (`_summing_groups`) are held to three sums of two figures not 0
    (`_additions`): 57 of 20.000 tiled; the one held has a mistyped group's row, which is said
    (`group-row-differs`); none held silently."""
    import random

    from dean5299_cli.readers.summary_rows import (
        MIN_ADDITIONS,
        _additions,
        _is_sum,
        _summing_groups,
    )

    rng = random.Random(5299)
    tiled = held = 0
    for _ in range(20_000):
        width, n, top = rng.randint(2, 4), rng.randint(4, 20), rng.choice((1, 2, 3))
        counts: list[tuple[int, ...] | None] = [
            tuple(rng.randint(0, top) for _ in range(width)) for _ in range(n)
        ]
        found = _summing_groups(list(range(n)), counts)
        tiled += bool(found)
        if found and _additions(found, counts) >= MIN_ADDITIONS:
            held += 1
            assert not all(_is_sum(h, m, counts) for h, m in found.items()), counts
    assert tiled == 57 and held == 1


def test_rows_in_capitals_are_units_when_the_total_row_adds_them():
    """Chi đoàn of agencies typed in capitals among others, each over rows of smaller figures,
    under a `Tổng cộng` of every row: was read as two groups' rows (`_capital_groups`), the
    office's 8 said to differ from its total 17, an error sent to the unit for a right table.
    The total row adds them: units, without a word. Without it, groups' rows, as before."""
    rows = [["", "CHI ĐOÀN CÔNG AN", 5, 3], ["", "Chi đoàn thôn 1", 2, 1], ["", "Chi đoàn thôn 2", 3, 2],
            ["", "CHI ĐOÀN QUÂN SỰ", 4, 2], ["", "Chi đoàn thôn 3", 1, 1], ["", "Chi đoàn thôn 4", 2, 0]]  # fmt: skip
    every = _office(*rows, ["", "Tổng cộng", 17, 9])
    assert _figures(every) == ((17, "C11"), (9, "D11")) and every.notes == ()
    grouped = _office(*rows, ["", "Tổng cộng", 8, 4])  # the second one's row not its rows' sum: said
    assert _figures(grouped) == ((8, "C11"), (4, "D11"))
    assert [(n.code, n.cell) for n in grouped.notes] == [("group-row-differs", "C8")]
    alone = _office(*rows)
    assert _figures(alone) == ((8, "C6:C10"), (4, "D6:D10"))
    assert [(n.code, n.cell) for n in alone.notes] == [("group-row-differs", "C8")]


def test_groups_named_as_such_are_told_by_their_names_whatever_their_figures():
    """A table without STT numbers whose groups' rows are named `Khối …`, `Cụm …`, not typed in
    capitals: a group of one chi đoàn (`Khối 2 | 10 | 9` over `Chi đoàn 5 | 10 | 9`) made the
    figures no proof, every row was added, the office counted 100 for 50 without a word; a
    group's row of 0 over one chi đoàn of 0 (`KHỐI 1 | 0 | 0`) did the same in capitals."""
    one = _office(["", "Khối 1", 26, 19], ["", "Chi đoàn 1", 9, 8], ["", "Chi đoàn 2", 17, 11],
                  ["", "Khối 2", 10, 9], ["", "Chi đoàn 5", 10, 9],
                  ["", "Cụm 3", 14, 16], ["", "Chi đoàn 6", 8, 0], ["", "Chi đoàn 7", 6, 16])  # fmt: skip
    assert _figures(one) == ((50, "C6:C12"), (44, "D6:D12")) and one.notes == ()
    zero = _office(["", "KHỐI 1", 0, 0], ["", "Chi đoàn 1", 0, 0], ["", "KHỐI 2", 3, 3],
                   ["", "Chi đoàn 2", 1, 2], ["", "Chi đoàn 3", 2, 1])  # fmt: skip
    assert _figures(zero) == ((3, "C6:C9"), (3, "D6:D9")) and zero.notes == ()
    # a chi đoàn's name with a group's word inside it is no group's row
    units = _office(["", "Chi đoàn Cụm công nghiệp", 5, 3], ["", "Chi đoàn 1", 2, 1], ["", "Chi đoàn 2", 4, 4])
    assert _figures(units) == ((11, "C5:C7"), (8, "D5:D7"))


def test_a_unit_row_equal_to_the_others_sum_is_a_total_only_when_the_figures_prove_it(tmp_path: Path):
    """The last (or first) row the exact sum of the others was taken for the table's total
    under an unknown label: with small figures, a chi đoàn's row by chance (`Chi đoàn 4 | 2 |
    2` under 1, 0 / 1, 0 / 0, 2), the office counted 2 for 4 without a word (0,7 % of random
    small tables); and a row with an STT number too. Now never a numbered row; otherwise only
    when the sum adds two figures not 0 in three columns or more, else the row is a unit and
    said (`row-like-total`)."""
    head = ["STT", "Đơn vị", "ct1", "ct2", "ct3"]

    def office(*rows: list[object]):
        (found,) = parse_consolidated_sheet(Grid("Tổng hợp", [*ABOVE, head, *[list(r) for r in rows]]))
        return found

    def figures(found) -> tuple[object, ...]:
        return tuple(found.values[c].value for c in ("ct1", "ct2", "ct3"))

    small = office(["", "Chi đoàn 1", 1, 0, 0], ["", "Chi đoàn 2", 1, 0, 2], ["", "Chi đoàn 3", 0, 2, 0],
                   ["", "Chi đoàn 4", 2, 2, 2])  # fmt: skip
    assert figures(small) == (4, 4, 4)
    assert [(n.code, n.cell, n.params["rows_where"]) for n in small.notes] == [("row-like-total", "B8", "phía trên")]
    first = office([1, "Chi đoàn 1", 1, 1, 1], [2, "Chi đoàn 2", 0, 1, 0], [3, "Chi đoàn 3", 1, 0, 1])
    assert figures(first) == (2, 2, 2) and first.notes == ()
    # figures that prove it: still the table's total, checked, without a word
    proved = office(["", "Chi đoàn 1", 4, 1, 2], ["", "Chi đoàn 2", 6, 2, 3], ["", "Kết quả", 10, 3, 5])
    assert figures(proved) == (10, 3, 5) and proved.notes == ()
    assert proved.values["ct1"].cell == "C7"
    report = office_report(tmp_path, {"Tổng hợp": [*ABOVE, HEAD, ["", "Chi đoàn 1", 1, 0], ["", "Chi đoàn 2", 0, 1],
                                                   ["", "Chi đoàn 3", 1, 1]]})  # fmt: skip
    assert _counted(report) == (2, 2)
    (said,) = _said(report)
    assert said[:2] == ("row-like-total", "B7") and '"Chi đoàn 3"' in said[2]


def test_a_group_of_one_unit_is_told_beside_groups_that_prove_it():
    """A commune's Đoàn over its chi đoàn, in a table without STT numbers or capitals, one
    commune with a single chi đoàn (`Đoàn xã 2 | 0 | 41 | 5` over `Chi đoàn thôn 5 | 0 | 41 |
    5`): its row is its chi đoàn's copy, so the table did not tile, every row was added, the
    office counted 1.272 for 636 without a word. Now such a group is told where the others'
    sums prove the table's shape (three sums of two figures not 0); copies alone never are."""
    head = ["STT", "Đơn vị", "ct1", "ct2", "ct3"]
    rows = [["", "Đoàn xã 1", 636, 560, 9], ["", "Chi đoàn thôn 1", 449, 393, 4], ["", "Chi đoàn thôn 2", 187, 167, 5],
            ["", "Chi đoàn thôn 3", 0, 0, 0], ["", "Đoàn xã 2", 0, 41, 5], ["", "Chi đoàn thôn 5", 0, 41, 5]]  # fmt: skip
    (office,) = parse_consolidated_sheet(Grid("Tổng hợp", [*ABOVE, head, *rows]))
    assert tuple(office.values[c].value for c in ("ct1", "ct2", "ct3")) == (636, 601, 14)
    assert office.notes == ()
    copies = [["", "Chi đoàn A", 5, 3, 1], ["", "Chi đoàn B", 5, 3, 1], ["", "Chi đoàn C", 2, 0, 4],
              ["", "Chi đoàn D", 2, 0, 4]]  # fmt: skip
    (twice,) = parse_consolidated_sheet(Grid("Tổng hợp", [*ABOVE, head, *copies]))
    assert tuple(twice.values[c].value for c in ("ct1", "ct2", "ct3")) == (14, 6, 10)


def test_a_bare_cong_closing_the_last_group_is_its_subtotal_not_the_total():
    """`Cộng I` under the first group, a bare `Cộng` under the last, no grand total: the bare
    one was the table's total, the office counted 5 for 15 under a `total-row-differs` that was
    no mistake of the office. Now the last group's subtotal when it is its rows' exact sum and
    not every row's; every row's sum, or neither, leaves it the total, checked."""
    last = _closed(["", "Cộng I", 10, 3], ["", "Cộng", 5, 2], numbered=True)
    assert _figures(last) == ((15, "C5:C9"), (5, "D5:D9")) and last.notes == ()
    every = _closed(["", "Cộng I", 10, 3], ["", "Cộng", 15, 5], numbered=True)
    assert _figures(every) == ((15, "C10"), (5, "D10")) and every.notes == ()
    neither = _closed(["", "Cộng I", 10, 3], ["", "Cộng", 6, 2], numbered=True)
    assert _figures(neither) == ((6, "C10"), (2, "D10"))
    assert [(n.code, n.cell) for n in neither.notes] == [("total-row-differs", "C10"), ("total-row-differs", "D10")]


def test_a_numbered_row_adding_up_the_others_is_a_unit_not_the_total():
    """Chi đoàn with small figures, each with its STT number, one of them the sum of the others
    by chance (`4 | Chi đoàn D | 2 | 3` under 0 | 1, 1 | 0, 1 | 2; or the first row, above its
    groups' `Cộng`): was taken for the table's unlabelled total, the office counted 2 for 4 and
    3 for 6 without a word (8 of 3.000 random numbered tables of 0 to 3). A row without a number
    holding the others' sum is the total where the figures prove it (see
    `test_a_unit_row_equal_to_the_others_sum_is_a_total_only_when_the_figures_prove_it`)."""
    units = ([1, "Chi đoàn A", 0, 1], [2, "Chi đoàn B", 1, 0], [3, "Chi đoàn C", 1, 2])
    last = _office(*units, [4, "Chi đoàn D", 2, 3])
    assert _figures(last) == ((4, "C5:C8"), (6, "D5:D8")) and last.notes == ()
    first = _office([1, "Chi đoàn D", 2, 3], *[[n + 1, *rest] for n, *rest in units])
    assert _figures(first) == ((4, "C5:C8"), (6, "D5:D8")) and first.notes == ()
    grouped = _office(
        ["I", "Khối xã", None, None],
        [1, "Chi đoàn A", 2, 3],
        [2, "Chi đoàn B", 0, 0],
        [3, "Chi đoàn C", 0, 1],
        ["", "Cộng", 2, 4],
        ["II", "Khối cơ quan", None, None],
        [4, "Chi đoàn D", 0, 1],
        [5, "Chi đoàn E", 2, 1],
        ["", "Cộng", 2, 2],
    )
    assert _figures(grouped) == ((4, "C6:C12"), (6, "D6:D12")) and grouped.notes == ()
    unnumbered = _office(*[["", *rest] for _n, *rest in units], ["", "Tổng hợp", 2, 3])
    # without a number, figures this small do not prove a total (two sums in two columns): a
    # unit, said (`row-like-total`)
    assert _figures(unnumbered) == ((4, "C5:C8"), (6, "D5:D8"))
    assert [(n.code, n.cell) for n in unnumbered.notes] == [("row-like-total", "B8")]


def test_a_subtotal_labelled_cong_with_a_name_no_rule_knows_is_not_added():
    """Each commune's chi đoàn closed by `Cộng xã A` / `Cộng DN` / `Tổng phường 1` (a label
    beginning like a total, its tail no rule knows) holding their sum: was added as one more
    unit, the office counted 30 for 15 without a word (under a `Tổng cộng` 15: said to differ,
    an error for a right table). Now a subtotal, checked against its rows; a unit named `Cộng
    Hòa` with its STT number, or alone without one, is still added."""
    labels = (("Cộng xã A", "Cộng xã B"), ("Cộng DN", "Cộng ĐVSN"), ("Tổng phường 1", "Tổng phường 2"))
    for first, second in labels:
        rows = ([1, "Chi đoàn a", 4, 1], [2, "Chi đoàn b", 6, 2], ["", first, 10, 3],
                [3, "Chi đoàn c", 2, 1], [4, "Chi đoàn d", 3, 1], ["", second, 5, 2])  # fmt: skip
        alone = _office(*rows)
        assert _figures(alone) == ((15, "C5:C9"), (5, "D5:D9")) and alone.notes == (), first
        grand = _office(*rows, ["", "Tổng cộng", 15, 5])
        assert _figures(grand) == ((15, "C11"), (5, "D11")) and grand.notes == (), first
        plain = _office(*[["", *rest] for _n, *rest in rows])  # no STT numbers: two such rows
        assert _figures(plain) == ((15, "C5:C9"), (5, "D5:D9")) and plain.notes == (), first
    mistyped = _office([1, "Chi đoàn a", 4, 1], [2, "Chi đoàn b", 6, 2], ["", "Cộng xã A", 11, 3],
                       [3, "Chi đoàn c", 2, 1], [4, "Chi đoàn d", 3, 1], ["", "Cộng xã B", 5, 2])  # fmt: skip
    assert _figures(mistyped) == ((15, "C5:C9"), (5, "D5:D9"))
    assert [(n.code, n.cell, n.params["total"], n.params["added"]) for n in mistyped.notes] == [
        ("group-row-differs", "C7", "11", "10")
    ]
    commune = _office([1, "Chi đoàn a", 4, 1], [2, "Chi đoàn b", 6, 2], [3, "Cộng Hòa", 10, 3],
                      [4, "Chi đoàn c", 1, 1])  # fmt: skip
    assert _figures(commune) == ((21, "C5:C8"), (7, "D5:D8")) and commune.notes == ()


def test_a_tong_cong_closing_each_group_is_its_subtotal_beside_the_grand_total():
    """Each group closed by `Tổng cộng` (as its subtotal) and the table's `Tổng cộng` below or
    above them all: the last group's was taken for a second total, the office counted 10 for 20
    under `total-rows-differ` and `total-row-differs` (errors for a right table); without the
    grand total, 10 for 20 under `total-row-differs`. Now the last group's subtotal."""
    rows = [*_grouped("Tổng cộng", "Tổng cộng", None)]
    below = _office(*rows, ["", "Tổng cộng", 20, 5])
    assert _figures(below) == ((20, "C13"), (5, "D13")) and below.notes == ()
    above = _office(["", "Tổng cộng", 20, 5], *rows)
    assert _figures(above) == ((20, "C5"), (5, "D5")) and above.notes == ()
    alone = _office(*rows)
    assert _figures(alone) == ((20, "C6:C11"), (5, "D6:D11")) and alone.notes == ()


def test_headings_named_as_groups_without_figures_are_no_members():
    """`Khối xã`, `Khối cơ quan` typed as headings without figures over their chi đoàn, in a
    table without STT numbers: were counted as members without figures, a right table said to
    cover 4 of its 6 members (`partial-summary`). Now headings, not members."""
    rows = [["", "Khối xã", None, None], ["", "Chi đoàn A", 4, 1], ["", "Chi đoàn B", 6, 2],
            ["", "Khối cơ quan", None, None], ["", "Chi đoàn C", 2, 1], ["", "Chi đoàn D", 3, 1]]  # fmt: skip
    office = _office(*rows)
    assert _figures(office) == ((15, "C6:C10"), (5, "D6:D10")) and office.notes == ()
    # a unit without figures is still one the table lacks
    lacking = _office(*rows[:5], ["", "Chi đoàn E", None, None], rows[5])
    assert [(n.code, n.params["covered"], n.params["members"]) for n in lacking.notes] == [
        ("partial-summary", "4", "5")
    ]


def test_groups_rows_typed_below_their_units_close_them():
    """`Chi đoàn A`, `Chi đoàn B`, then `Khối xã | 10 | 3` (their sum), `Chi đoàn C`, `Chi đoàn
    D`, `Khối cơ quan | 5 | 2`, in a table without STT numbers: every row was added, the office
    counted 30 for 15 without a word. Now each such row closes the rows since the one before;
    one named as a group with a figure mistyped is said; chi đoàn typed in capitals below
    others, not their exact sum, stay units."""
    below = _closed(["", "Khối xã", 10, 3], ["", "Khối cơ quan", 5, 2], numbered=False)
    assert _figures(below) == ((15, "C5:C9"), (5, "D5:D9")) and below.notes == ()
    capitals = _closed(["", "KHỐI XÃ", 10, 3], ["", "KHỐI CƠ QUAN", 5, 2], numbered=False)
    assert _figures(capitals) == ((15, "C5:C9"), (5, "D5:D9")) and capitals.notes == ()
    mistyped = _closed(["", "Khối xã", 10, 4], ["", "Khối cơ quan", 5, 2], numbered=False)
    assert _figures(mistyped) == ((15, "C5:C9"), (5, "D5:D9"))
    assert [(n.code, n.cell) for n in mistyped.notes] == [("group-row-differs", "D7")]
    units = _closed(["", "CHI ĐOÀN CÔNG AN", 7, 3], ["", "CHI ĐOÀN QUÂN SỰ", 6, 2], numbered=False)
    assert _figures(units) == ((28, "C5:C10"), (10, "D5:D10")) and units.notes == ()
