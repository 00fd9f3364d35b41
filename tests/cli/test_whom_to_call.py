"""validate's list of whom to call: a refused file linked to its unit where that is known
without reading it, said once beside the units not sent where it is not, and long lists of one
kind grouped so that the first screen stays readable (every unit still in the details)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from dean5299_cli.cli.render import print_report
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.validation_view import Rank, ViewMode, build_view
from dean5299_cli.folder import validate_folder
from tests import hostile
from tests.helpers import SETTINGS, make_workspace, submit

ABSURD = {'<dimension ref="A1:F23"/>': '<dimension ref="A1:XFD1048576"/>'}
REFUSED = (
    'sửa 1 lỗi: Tệp vượt giới hạn an toàn (trang tính "Báo cáo" trải tới 1.048.576 dòng × '
    "16.384 cột); không mở để tránh treo máy. Đề nghị đơn vị gửi lại đúng biểu mẫu."
)


def _view(folder: Path, mode: ViewMode = ViewMode.NORMAL):
    loaded = load_settings(folder.parent / "don-vi.yaml")
    report = validate_folder(folder, settings=loaded.settings)
    return report, build_view(report, loaded.settings, mode=mode), loaded.settings


def _render(folder: Path, width: int = 80) -> list[str]:
    loaded = load_settings(folder.parent / "don-vi.yaml")
    report = validate_folder(folder, settings=loaded.settings)
    stream, old = io.StringIO(), os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        print_report(report, settings=loaded.settings, stream=stream)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return stream.getvalue().splitlines()


def test_a_refused_file_in_a_folder_named_for_its_unit_is_that_units(tmp_path: Path) -> None:
    """A file refused before reading, in a sub-folder named for a unit that sent nothing: one
    line for that unit, saying its file was refused and why (was: 'Tệp "…"' to look at, and the
    unit 'chưa gửi', a line each). A folder holding another unit's report is no unit's folder."""
    folder = make_workspace(tmp_path / "w")
    submit(folder, "ps.xlsx")
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì")
    hostile.patch_xlsx(submit(folder, "Phuoc Hoa/5299-Q4.xlsx", unit="Xã Phước Hòa"), **ABSURD)
    report, view, _ = _view(folder)
    assert [(a.who, a.rank, a.text) for a in view.actions] == [("Xã Phước Hòa", Rank.FIX, REFUSED)]
    assert view.actions_heading == "Cần liên hệ 1 đơn vị, việc gấp trước:"
    assert report.missing_hints == {"Xã Phước Hòa": "Phuoc Hoa/5299-Q4.xlsx"}
    (folder / "ps.xlsx").rename(folder / "Phuoc Hoa" / "ps.xlsx")  # Phước Sơn's report there too
    report, view, _ = _view(folder)
    assert report.missing_hints == {}
    assert [(a.who, a.rank) for a in view.actions] == [
        ('Tệp "Phuoc Hoa/5299-Q4.xlsx"', Rank.FIX),
        ("Xã Phước Hòa", Rank.NOT_SENT),
    ]


def test_files_of_no_known_unit_are_said_once_beside_the_units_not_sent(tmp_path: Path) -> None:
    """A refused file whose name and folder do not say its unit: the clerk reads, right under
    the units that sent nothing, that it may be one of theirs (was: in the heading only, far
    from the 'chưa gửi' lines)."""
    folder = make_workspace(tmp_path / "w")
    submit(folder, "ps.xlsx")
    hostile.patch_xlsx(submit(folder, "5299-Q4-030.xlsx", unit="Xã Phước Hòa"), **ABSURD)
    _, view, _ = _view(folder)
    assert view.actions_heading == (
        "Cần liên hệ 2 đơn vị và xem 1 tệp không rõ của đơn vị nào, việc gấp trước:"
    )
    assert view.not_sent_note == (
        "1 tệp ở trên không đọc được, không rõ của đơn vị nào: có thể là của đơn vị chưa gửi; "
        "khi liên hệ, hỏi đơn vị đã gửi tệp nào."
    )
    lines = _render(folder)
    last = max(i for i, line in enumerate(lines) if line.endswith("— chưa gửi"))
    assert lines[last + 1 :][:2] == [
        "  (1 tệp ở trên không đọc được, không rõ của đơn vị nào: có thể là của đơn vị",
        "   chưa gửi; khi liên hệ, hỏi đơn vị đã gửi tệp nào.)",
    ]


LONG_LIST = 40  # units of the list, of which three sent their report


def _many_units(tmp_path: Path, count: int = LONG_LIST) -> Path:
    names = "".join(f"  - name: Xã Thử {i:02d}\n" for i in range(count))
    settings = SETTINGS.replace("  - name: Xã Phước Hòa\n", "  - name: Xã Phước Hòa\n" + names)
    folder = make_workspace(tmp_path / "w", settings)
    submit(folder, "ps.xlsx")
    submit(folder, "dt.xlsx", unit="Thị trấn Diêu Trì", ct5=-1)  # an error: never grouped
    submit(folder, "quy-3/t07.xlsx", unit="Xã Thử 07", quarter=3)  # last quarter's only
    (folder / "030.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    return folder


def test_hundreds_not_sent_are_one_line_and_every_unit_is_in_the_details(tmp_path: Path) -> None:
    """Forty units that sent nothing were forty lines before the summary; now one line with a
    count, the first names and where the whole list is, and the whole list at the end of the
    details. Errors keep a line each; the count of units to call is unchanged."""
    folder = _many_units(tmp_path)
    _, view, _ = _view(folder)
    assert view.actions_heading == (
        "Cần liên hệ 42 đơn vị và xem 1 tệp không rõ của đơn vị nào, việc gấp trước:"
    )
    ranks = [a.rank for a in view.actions]
    assert ranks == [Rank.FIX, Rank.FIX, Rank.NOT_SENT]
    grouped = view.actions[-1]
    names = ", ".join(["Xã Phước Hòa", *(f"Xã Thử {i:02d}" for i in range(7))])
    assert (grouped.who, grouped.text) == (
        "41 đơn vị chưa gửi",
        f"{names}, Xã Thử 07 (chỉ có báo cáo quý III), Xã Thử 08 và 31 đơn vị khác (đủ danh "
        "sách: cuối phần chi tiết; lời nhắc từng đơn vị: dean5299 remind). 1 tệp ở trên không "
        "đọc được, không rõ của đơn vị nào: có thể là của đơn vị chưa gửi; khi liên hệ, hỏi đơn "
        "vị đã gửi tệp nào.",
    )
    assert view.not_sent_note == ""  # said on the grouped line
    (listed,) = [g for g in view.groups if g.heading.startswith("Chưa gửi")]
    assert listed.heading == "Chưa gửi báo cáo quý IV năm 2023: 41 đơn vị"
    (every,) = listed.details
    assert every.message.split(", ")[:2] == ["Xã Phước Hòa", "Xã Thử 00"]
    assert len(every.message.split(", ")) == 41 and "Xã Thử 39" in every.message
    lines = _render(folder)
    assert len(lines[: lines.index("Chi tiết theo đơn vị:")]) < 20


def test_a_short_list_not_sent_keeps_a_line_per_unit(tmp_path: Path) -> None:
    """An office with a dozen units to call keeps its lines (no group, no list at the end)."""
    folder = _many_units(tmp_path, count=10)
    _, view, _ = _view(folder)
    assert [a.who for a in view.actions if a.rank is Rank.NOT_SENT][:2] == [
        "Xã Phước Hòa",
        "Xã Thử 00",
    ]
    assert sum(1 for a in view.actions if a.rank is Rank.NOT_SENT) == 11
    assert not [g for g in view.groups if g.heading.startswith("Chưa gửi")]


def _later_files(tmp_path: Path, count: int, mixed: bool = False):
    """`count` units of the list each sending quý III's report (every third quý IV's when
    `mixed`), checked for quý II: each file is another period's."""
    names = "".join(f"  - name: Xã Thử {i:02d}\n" for i in range(count))
    settings = SETTINGS.replace("  - name: Xã Phước Hòa\n", "  - name: Xã Phước Hòa\n" + names)
    folder = make_workspace(tmp_path / "w", settings)
    for i in range(count):
        submit(folder, f"t{i:02d}.xlsx", unit=f"Xã Thử {i:02d}", quarter=4 if mixed and i % 3 == 0 else 3)
    loaded = load_settings(folder.parent / "don-vi.yaml")
    report = validate_folder(folder, settings=loaded.settings, quarter=2)
    return build_view(report, loaded.settings)


def test_many_files_of_another_period_are_one_line_with_the_option_to_check_it(tmp_path: Path) -> None:
    """Twenty units whose files are quý III's, checked for quý II (a `--quarter` typed wrong):
    were twenty lines "gửi nhầm: tệp … là báo cáo quý III năm 2023", the whole first screen (140
    on a province's folder). Now one line with the period, the first names, and since they
    outnumber the units counted, how to check that period instead; each unit in the details."""
    view = _later_files(tmp_path, 20)
    (grouped,) = [a for a in view.actions if a.rank is Rank.WRONG_FILE]
    names = ", ".join(f"Xã Thử {i:02d}" for i in range(10))
    assert (grouped.who, grouped.text) == (
        "20 đơn vị gửi báo cáo quý III năm 2023",
        f"{names} và 10 đơn vị khác (chi tiết bên dưới). Nếu kỳ cần kiểm tra không phải quý II "
        "năm 2023, chạy lại với --quarter (và --year) của kỳ đó.",
    )
    assert view.actions_heading == "Cần liên hệ 23 đơn vị, việc gấp trước:"  # each still counted
    details = [d.message for g in view.groups for d in g.details]
    assert sum("quý III năm 2023" in m for m in details) == 20


def test_files_of_several_other_periods_name_each_unit_s_and_a_few_keep_their_lines(tmp_path: Path) -> None:
    """Files of two other periods: each name with its period; fifteen or fewer: a line each."""
    view = _later_files(tmp_path / "a", 18, mixed=True)
    (grouped,) = [a for a in view.actions if a.rank is Rank.WRONG_FILE]
    assert grouped.who == "18 đơn vị gửi nhầm báo cáo kỳ khác"
    assert grouped.text.startswith("Xã Thử 00 (quý IV năm 2023), Xã Thử 01 (quý III năm 2023), ")
    few = _later_files(tmp_path / "b", 15)
    lines = [a for a in few.actions if a.rank is Rank.WRONG_FILE]
    assert len(lines) == 15 and lines[0].text == 'gửi nhầm: tệp "t00.xlsx" là báo cáo quý III năm 2023'
