"""The tool's own outputs left in the folder it reads (`ket-qua/` beside `bao-cao-don-vi/`, or
written into it): passed over without being opened, whatever their size, with the same words as
when they were read; a summary of another office is read as before (one level up)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dean5299_cli.core.records import OWN_SUMMARY_UNREAD
from dean5299_cli.core.text import fold
from dean5299_cli.readers import ooxml, workbook
from dean5299_cli.readers.files import PLAIN, Reading, read_file
from dean5299_cli.writers.marks import output_kind
from tests import hostile
from tests.helpers import make_workspace, submit, validate_workspace

OFFICE = "Huyện đoàn Tuy Phước"  # the office of tests.helpers.SETTINGS
OWN_WORDS = f"bảng tổng hợp của chính đơn vị lập báo cáo ({OFFICE})"


@pytest.fixture
def workspace(tmp_path: Path, cli) -> Path:
    """Two units' files and the office's summary written beside them, then moved in."""
    folder = make_workspace(tmp_path)
    submit(folder, "phuoc-son.xlsx", unit="Xã Phước Sơn", ct1=30)
    submit(folder, "phuoc-hoa.xlsx", unit="Xã Phước Hòa", ct1=70)
    result = cli("summary", "-o", "tong-hop.xlsx", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    return tmp_path


def _never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    def opened(*_args: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(workbook, "_calamine_grids", opened)
    monkeypatch.setattr(ooxml, "scan_sheet", opened)


def _custom(path: Path) -> str:
    return hostile.read_zip(path)["docProps/custom.xml"].decode("utf-8")


def test_the_summary_names_its_office_in_its_mark(workspace):
    custom = _custom(workspace / "tong-hop.xlsx")
    assert re.search(r'name="dean5299-office"[^>]*><vt:lpwstr[^>]*>Huyện đoàn Tuy Phước<', custom)


def test_the_offices_own_summary_is_passed_over_without_being_opened(workspace, monkeypatch):
    _never_opened(monkeypatch)
    raw = read_file(workspace / "tong-hop.xlsx", "tong-hop.xlsx", Reading(own=fold(OFFICE)))
    assert (raw.refused_code, raw.refused_reason, raw.submissions) == (
        OWN_SUMMARY_UNREAD,
        OFFICE,
        (),
    )


def test_another_offices_summary_is_read_one_level_up(workspace):
    """The province reads the district's summary: the office it names is not its own."""
    raw = read_file(workspace / "tong-hop.xlsx", "x.xlsx", Reading(own=fold("Tỉnh đoàn Gia Lai")))
    assert raw.refused_code is None
    assert [s.unit.value for s in raw.submissions if s.unit] == [OFFICE]
    assert read_file(workspace / "tong-hop.xlsx", "x.xlsx", PLAIN) == raw


def test_a_review_workbook_is_passed_over_without_being_opened(workspace, cli, monkeypatch):
    result = cli("report", "--quarter", "IV", "-o", "ket-qua/bao-cao.docx", cwd=workspace)
    assert result.exit_code in (0, 1), result.output
    (review,) = (workspace / "ket-qua").glob("ra-soat-*.xlsx")
    _never_opened(monkeypatch)
    raw = read_file(review, "ra-soat.xlsx", Reading(own=""))
    assert (raw.refused_code, raw.refused_reason) == ("skipped-file", "tệp do dean5299 tạo")


def test_in_the_folder_it_is_said_skipped_and_no_figure_changes(workspace):
    folder = workspace / "bao-cao"
    before = validate_workspace(folder)
    (workspace / "tong-hop.xlsx").rename(folder / "tong-hop.xlsx")
    after = validate_workspace(folder)
    skipped = [p for p in after.problems if p.file == "tong-hop.xlsx"]
    assert [p.code for p in skipped] == ["skipped-file"]
    assert OWN_WORDS in skipped[0].message
    assert [(c.unit, c.values) for c in after.current] == [
        (c.unit, c.values) for c in before.current
    ]
    assert sorted(c.values["ct1"] for c in after.current) == [30, 70]


def test_a_folder_holding_nothing_but_the_summary_counts_no_unit(workspace, cli):
    """The office's summary alone in the folder was read as a unit's file: its total row under
    the office's name, which the unit list then took for the town of the same name ("Huyện đoàn
    Tuy Phước" → "Thị trấn Tuy Phước"): the district's total counted as one unit's figures,
    exit code 0 (`audit --summary` reads a summary its own way, `verify.summary_data`). Now it
    is passed over as everywhere else, and no unit is counted."""
    settings = workspace / "don-vi.yaml"
    text = settings.read_text(encoding="utf-8")
    town = "  - name: Thị trấn Tuy Phước\n  - name: Xã Phước Hòa"
    settings.write_text(text.replace("  - name: Xã Phước Hòa", town), encoding="utf-8")
    alone = workspace / "chi-tong-hop"
    alone.mkdir()
    (workspace / "tong-hop.xlsx").rename(alone / "tong-hop.xlsx")
    report = validate_workspace(alone)
    read = [p for p in report.problems if p.file == "tong-hop.xlsx"]
    assert [p.code for p in read] == ["skipped-file"] and OWN_WORDS in read[0].message
    assert report.current == [] and "Thị trấn Tuy Phước" in report.missing_units
    result = cli("validate", "chi-tong-hop", "--quarter", "IV", "--json", cwd=workspace)
    data = json.loads(result.stdout)
    assert data["summary"]["units"] == 0 and data["units"][0]["state"] == "not-sent"


def test_a_summary_written_before_the_office_was_marked_is_still_known_by_its_content(workspace):
    folder = workspace / "bao-cao"
    path = workspace / "tong-hop.xlsx"
    parts = hostile.read_zip(path)
    custom = parts["docProps/custom.xml"].decode("utf-8")
    parts["docProps/custom.xml"] = re.sub(
        r'<property [^>]*name="dean5299-office".*?</property>', "", custom
    ).encode("utf-8")
    assert b"dean5299-office" not in parts["docProps/custom.xml"]
    hostile.write_zip(folder / "tong-hop.xlsx", parts)
    raw = read_file(folder / "tong-hop.xlsx", "tong-hop.xlsx", Reading(own=fold(OFFICE)))
    assert raw.refused_code is None and len(raw.submissions) == 1  # read, then dropped:
    skipped = [p for p in validate_workspace(folder).problems if p.file == "tong-hop.xlsx"]
    assert [p.code for p in skipped] == ["skipped-file"] and OWN_WORDS in skipped[0].message


def test_a_units_file_marked_as_the_offices_summary_is_said_skipped_never_silently(workspace):
    """A unit's file carrying the office's mark (copied from its summary) is not read: it is
    listed as skipped with the reason, and the unit is not counted as having reported."""
    folder = workspace / "bao-cao"
    path = folder / "phuoc-son.xlsx"
    parts = hostile.read_zip(path)
    parts["docProps/custom.xml"] = hostile.read_zip(workspace / "tong-hop.xlsx")[
        "docProps/custom.xml"
    ]
    hostile.write_zip(path, parts)
    report = validate_workspace(folder)
    skipped = [p for p in report.problems if p.file == "phuoc-son.xlsx"]
    assert [p.code for p in skipped] == ["skipped-file"] and OWN_WORDS in skipped[0].message
    assert [c.unit for c in report.current] == ["Xã Phước Hòa"]


def test_the_ranking_left_in_the_working_folder_is_skipped_not_an_error(workspace, cli):
    """`rank` writes ket-qua/xep-hang-….xlsx inside the working folder: it was marked as a
    summary, read back as a unit's file, and every later `validate .` said "Cần xem 1 tệp…
    sửa 1 lỗi: Không tìm thấy bảng số liệu" about it."""
    (workspace / "tong-hop.xlsx").unlink()
    assert cli("rank", "--quarter", "IV", cwd=workspace).exit_code == 0
    (ranking,) = (workspace / "ket-qua").glob("xep-hang-*.xlsx")
    assert output_kind(ranking) == "rank"
    result = cli("validate", ".", "--json", cwd=workspace)  # the whole working folder
    assert result.exit_code == 0, result.output
    found = {f["file"]: f["status"] for f in json.loads(result.stdout)["files"]}
    assert found[f"ket-qua/{ranking.name}"] == "skipped"
