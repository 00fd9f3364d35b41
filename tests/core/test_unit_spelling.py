"""A unit name written without diacritics, with an organisation prefix, or near a unit's name.

A name typed on a machine without Vietnamese input, alike to one unit of the list once diacritics
and case are set aside, is that unit: counted, with a warning naming the cell and the list's
spelling. A name near a unit's (not counted) is one file and one unit to call, and that unit is
never told that nothing arrived.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dean5299_cli.core.problems import Severity
from dean5299_cli.core.reminders import build_reminders, message
from dean5299_cli.core.settings import load_settings
from dean5299_cli.core.units import UnitDirectory
from dean5299_cli.core.validation_view import Rank, build_view, left_out
from dean5299_cli.folder import validate_folder
from tests.helpers import SETTINGS, make_workspace, submit

LIST = UnitDirectory(["Xã Phù Mỹ Tây", "Phường Quy Nhơn Đông", "Xã Phú Mỹ", "Xã Phù Mỹ"])


@pytest.mark.parametrize(
    "written",
    [
        "Xa Phu My Tay",
        "XA PHU MY TAY",
        "Doan TNCS Ho Chi Minh xa Phu My Tay",
        "BCH DOAN XA PHU MY TAY",
    ],
)
def test_a_name_without_diacritics_alike_to_one_unit_is_that_unit(written: str) -> None:
    assert (LIST.match(written).name, LIST.match(written).loose) == ("Xã Phù Mỹ Tây", "plain")


@pytest.mark.parametrize(
    "written",
    [
        "Đoàn TNCS Hồ Chí Minh xã Phù Mỹ Tây",
        "BCH Đoàn xã Phù Mỹ Tây",
        "Ban Chấp hành Đoàn xã Phù Mỹ Tây",
    ],
)
def test_the_common_organisation_prefixes_are_prefixes(written: str) -> None:
    assert (LIST.match(written).name, LIST.match(written).loose) == ("Xã Phù Mỹ Tây", None)


def test_other_diacritics_or_two_units_alike_are_no_match() -> None:
    other = LIST.match("Xã Phú Mỹ Tây")  # Phú is not Phù: another name
    assert (other.name, other.suggestion, other.alike) == (None, "Xã Phù Mỹ Tây", ())
    both = LIST.match("Xa Phu My")  # Phú Mỹ and Phù Mỹ read alike without diacritics
    assert (both.name, both.alike) == (None, ("Xã Phú Mỹ", "Xã Phù Mỹ"))


def test_another_kind_than_the_lists_is_matched_and_said() -> None:
    found = LIST.match("Phường Phù Mỹ Tây")
    assert (found.name, found.loose) == ("Xã Phù Mỹ Tây", "kind")


def _run(folder: Path):
    settings = load_settings(folder.parent / "don-vi.yaml").settings
    return validate_folder(folder, settings=settings, quarter=4), settings


def test_a_file_naming_its_unit_without_diacritics_is_counted_with_a_warning(
    tmp_path: Path,
) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", unit="Xa Phuoc Son")
    report, settings = _run(folder)
    assert [(s.unit, s.values["ct1"]) for s in report.current] == [("Xã Phước Sơn", 450)]
    (warning,) = [
        p for p in report.problems if p.file == "ps.xlsx" and p.severity is Severity.WARNING
    ]
    assert (warning.code, warning.severity, warning.cell, warning.unit) == (
        "unit-name-loose",
        Severity.WARNING,
        "C3",
        "Xã Phước Sơn",
    )
    assert warning.message == (
        'Tên đơn vị "Xa Phuoc Son" viết không dấu; đã tính là đơn vị "Xã Phước Sơn" trong danh '
        'sách. Lần sau đề nghị ghi đúng tên "Xã Phước Sơn".'
    )
    assert "Xã Phước Sơn" not in report.missing_units


def test_another_kind_is_counted_with_a_warning_for_the_clerk(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx", unit="Phường Phước Sơn")
    report, _ = _run(folder)
    assert [s.unit for s in report.current] == ["Xã Phước Sơn"]
    (warning,) = [
        p for p in report.problems if p.file == "ps.xlsx" and p.severity is Severity.WARNING
    ]
    assert warning.message == (
        'Tên đơn vị "Phường Phước Sơn" ghi loại đơn vị khác với danh sách; đã tính là đơn vị '
        '"Xã Phước Sơn" trong danh sách. Lần sau đề nghị ghi đúng tên "Xã Phước Sơn". Nếu đúng '
        "là đơn vị khác, thêm đơn vị vào `units` trong don-vi.yaml."
    )


def test_two_units_alike_without_diacritics_are_named(tmp_path: Path) -> None:
    folder = make_workspace(
        tmp_path,
        SETTINGS.replace(
            "  - name: Xã Phước Hòa\n",
            "  - name: Xã Phước Hòa\n  - name: Xã Phước Hoà Tây\n  - name: Xã Phuốc Hòa\n",
        ),
    )
    submit(folder, "ph.xlsx", unit="Xa Phuoc Hoa")
    report, _ = _run(folder)
    (error,) = [p for p in report.problems if p.file == "ph.xlsx" and p.severity is Severity.ERROR]
    assert error.code == "unknown-unit"
    assert error.message.endswith(
        ' Viết không dấu thì tên này giống tên của 2 đơn vị: "Xã Phước Hòa", "Xã Phuốc Hòa"; '
        "đề nghị ghi đúng tên có dấu."
    )
    assert report.current == []


def test_a_name_near_a_units_is_one_file_one_unit_to_call(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx")
    submit(folder, "dt.xlsx", unit="TT Diêu Trì")
    submit(folder, "hoa.xlsx", unit="Xã Phước Hòaa")
    report, settings = _run(folder)
    view = build_view(report, settings)
    assert [(a.who, a.rank, a.text) for a in view.actions] == [
        (
            "Xã Phước Hòa",
            Rank.FIX,
            'tên đơn vị "Xã Phước Hòaa" ghi ở ô C3 không có trong danh sách đơn vị '
            "(don-vi.yaml): số liệu chưa được tính vào tổng hợp",
        ),
    ]
    assert [g.heading for g in view.groups] == ['Xã Phước Hòa — tệp "hoa.xlsx", trang "Báo cáo"']
    listing = left_out(report)
    assert listing is not None
    assert listing.heading == "Không tính vào tổng hợp: 1 đơn vị (chi tiết: `dean5299 validate`):"
    assert listing.lines == (
        'Xã Phước Hòa (tệp "hoa.xlsx") — tên đơn vị "Xã Phước Hòaa" ghi ở ô C3 không có trong '
        "danh sách đơn vị (don-vi.yaml): số liệu chưa được tính vào tổng hợp",
    )
    reminders = build_reminders(report, office="Huyện đoàn")
    assert [c.unit for c in reminders.cases] == ["Xã Phước Hòa"]
    assert message(reminders.cases[0], reminders) == (
        "[Xã Phước Hòa] Báo cáo Đề án 5299 quý IV năm 2023: tệp nhận được chưa dùng được (tệp "
        '"hoa.xlsx"):\n- Trang "Báo cáo", ô C3: Tên đơn vị "Xã Phước Hòaa" ghi trong tệp không '
        "có trong danh sách đơn vị, nên số liệu của tệp chưa được tính vào tổng hợp. Nếu đây là "
        'báo cáo của đơn vị "Xã Phước Hòa", đề nghị ghi '
        'đúng tên "Xã Phước Hòa".\nĐề nghị đồng chí sớm gửi báo cáo theo đúng '
        "biểu mẫu của Huyện đoàn. Xin cảm ơn!"
    )


@pytest.mark.parametrize(
    "written",
    ["Đoàn TNCS Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh phường", "Chi đoàn", "P.", "BCH Đoàn xã"],
)
def test_a_name_of_prefixes_and_kinds_only_suggests_no_unit(written: str) -> None:
    # Was: `Có phải là "Xã Phú Mỹ"?` for "Đoàn TNCS Hồ Chí Minh phường" (any unit as near).
    found = LIST.match(written)
    assert (found.name, found.suggestion) == (None, None)
    assert found.no_unit


def test_a_name_with_words_of_its_own_still_gets_a_suggestion() -> None:
    found = LIST.match("Đoàn TNCS Hồ Chí Minh phường Quy Nhơn Đôngg")
    assert (found.name, found.suggestion) == (None, "Phường Quy Nhơn Đông")


def test_a_file_naming_only_the_organisation_is_told_so_and_hints_no_unit(tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    submit(folder, "ps.xlsx")
    submit(folder, "doan.xlsx", unit="Đoàn TNCS Hồ Chí Minh thị trấn")
    report, settings = _run(folder)
    assert report.missing_hints == {}  # was: {"Thị trấn Diêu Trì": "doan.xlsx"}, a guess
    errors = [p for p in report.problems if p.file == "doan.xlsx"]
    assert [(p.code, p.sheet, p.cell, p.message) for p in errors] == [
        (
            "not-a-unit-name",
            "Báo cáo",
            "C3",
            'Tên đơn vị ghi "Đoàn TNCS Hồ Chí Minh thị trấn" chỉ gồm tên tổ chức và loại đơn vị, '
            "chưa phải tên của một đơn vị: không biết đây là báo cáo của đơn vị nào. Đề nghị "
            "ghi đủ tên đơn vị rồi gửi lại.",
        )
    ]
    view = build_view(report, settings)
    assert [(a.who, a.rank, a.text) for a in view.actions] == [
        ("Đoàn TNCS Hồ Chí Minh thị trấn", Rank.FIX, "sửa 1 lỗi: ô C3"),
        ("Thị trấn Diêu Trì", Rank.NOT_SENT, "chưa gửi"),
        ("Xã Phước Hòa", Rank.NOT_SENT, "chưa gửi"),
    ]
