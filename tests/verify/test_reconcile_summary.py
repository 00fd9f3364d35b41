"""The «Đối chiếu» sheet inside the summary workbook when don-vi.yaml names a system export."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.paths import EXAMPLES

ROWS = [
    [
        "STT",
        "Đơn vị",
        "Số ĐVTN mở tài khoản sử dụng dịch vụ công",
        "Số hồ sơ trực tuyến do ĐVTN hướng dẫn, hỗ trợ người dân nộp",
    ],
    ["1", "Xã Phước Sơn", "502", "400"],  # ct5: 461 reported vs 400 → +15,25%: within 20%
    ["2", "TT Diêu Trì", "1.000", "790"],  # ct1: 753 vs 1.000 → −24,7%: flagged
    ["3", "Xã Không Có", "10", "10"],  # only in the export
]
SUMMARY = "ket-qua/tong-hop-5299-2023-quy-4.xlsx"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder)
    return folder


def _settings(work: Path, block: str) -> None:
    path = work / "don-vi.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n")
    path.write_text(f"{text}\n{block}", encoding="utf-8")


def _rows(path: Path) -> dict[tuple[str, str], list[object]]:
    sheet = load_workbook(path)["Đối chiếu"]
    return {
        (row[0], row[1]): row for row in ([c.value for c in r] for r in sheet.iter_rows(min_row=3))
    }


def test_summary_gains_the_reconcile_sheet(cli, work):
    with (work / "he-thong.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(ROWS)
    _settings(work, "reconcile:\n  export: he-thong.csv\n  tolerance: 20\n")
    result = cli("summary", "--quarter", "IV", cwd=work)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(work / SUMMARY)
    assert book.sheetnames[0] == "Tổng hợp" and book.sheetnames[-1] == "Đối chiếu"
    title = book["Đối chiếu"]["A1"].value
    assert (
        title
        == "Đối chiếu số liệu tự báo cáo với he-thong.csv, quý IV năm 2023; ngưỡng chênh lệch 20%"
    )
    rows = _rows(work / SUMMARY)
    assert rows[("Thị trấn Diêu Trì", "ct1")][3:8] == [
        753,
        1000,
        -247,
        pytest.approx(-247 / 1000),
        "có",
    ]
    assert rows[("Phước Sơn", "ct5")][3:8] == [461, 400, 61, pytest.approx(61 / 400), None]
    assert rows[("Xã Không Có", None)][2] == "Có trong số liệu hệ thống, chưa có báo cáo của đơn vị"


def test_summary_without_the_key_has_no_such_sheet(cli, work):
    assert cli("summary", "--quarter", "IV", cwd=work).exit_code == 0
    assert "Đối chiếu" not in load_workbook(work / SUMMARY).sheetnames


def test_a_missing_export_stops_the_summary_unwritten(cli, work):
    _settings(work, "reconcile:\n  export: khong-co.csv\n")
    result = cli("summary", "--quarter", "IV", cwd=work)
    assert result.exit_code == 3
    assert "mục reconcile.export: không có tệp xuất" in result.stderr
    assert not (work / SUMMARY).exists()


def test_the_settings_key_is_checked(cli, work):
    _settings(work, "reconcile:\n  export: x.csv\n  tolerance: -1\n")
    result = cli("summary", "--quarter", "IV", cwd=work)
    assert result.exit_code == 3 and "reconcile" in result.stderr and "tolerance" in result.stderr


def test_reconcile_command_takes_its_defaults_from_the_same_key(cli, work):
    with (work / "he-thong.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(ROWS)
    _settings(work, "reconcile:\n  export: he-thong.csv\n  tolerance: 20\n")
    result = cli("reconcile", work / "he-thong.csv", "--json", "--quarter", "IV", cwd=work)
    data = json.loads(result.stdout)
    flagged = {(x["unit"], x["field"]) for x in data["lines"] if x["flagged"]}
    assert ("Thị trấn Diêu Trì", "ct1") in flagged and ("Phước Sơn", "ct5") not in flagged
    strict = cli("reconcile", work / "he-thong.csv", "--json", "--tolerance", "10", cwd=work)
    lines = {(x["unit"], x["field"]): x for x in json.loads(strict.stdout)["lines"]}
    assert lines[("Phước Sơn", "ct5")]["flagged"]  # 15,25% > 10%: the option wins
