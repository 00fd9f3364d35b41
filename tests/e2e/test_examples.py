"""Every shipped example through the console commands: validate, summary, report, then audit the report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from tests.paths import EXAMPLES

# (example, quarter, units that did not send a file): facts of examples/make_examples.py and
# examples/examples_2026.py, which leave these units out on purpose. gia-lai-2026 (131 files,
# ~10 s here) is left to tests/core/test_levels.py, which consolidates it without the CLI.
RUNS = [
    ("tuy-phuoc-2023", "IV", []),
    ("an-nhon-2024", "II", []),
    ("xa-cat-tien-2026", "III", ["Chi đoàn thôn Kim Đông"]),
]


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("example", "quarter", "not_sent"), RUNS, ids=[r[0] for r in RUNS])
def test_an_example_from_submissions_to_an_audited_report(
    cli, tmp_path: Path, example: str, quarter: str, not_sent: list[str]
) -> None:
    work = tmp_path / example
    shutil.copytree(EXAMPLES / example, work, ignore=shutil.ignore_patterns("ket-qua"))
    inputs = contents(work / "bao-cao-don-vi")

    checked = cli("validate", "--quarter", quarter, "--json", cwd=work)
    assert checked.exit_code == 0, checked.output
    data = json.loads(checked.stdout)
    assert data["summary"]["errors"] == 0 and data["unread_files"] == []
    assert sorted(data["missing_units"]) == sorted(not_sent)
    reported = {u["unit"] for u in data["units"] if u["state"] == "reported"}
    assert reported and reported.isdisjoint(not_sent)

    summary = work / "tong-hop.xlsx"
    made = cli("summary", "--quarter", quarter, "-o", summary, cwd=work)
    assert made.exit_code == 0, made.output
    sheet = openpyxl.load_workbook(summary, read_only=True)["Tổng hợp"]
    rows = {row[1] for row in sheet.iter_rows(values_only=True) if len(row) > 1}
    assert reported <= rows

    assert cli("report", "--quarter", quarter, cwd=work).exit_code == 0
    report = next((work / "ket-qua").glob("*.docx"))
    audited = cli(
        "audit", report, "--json", "--folder", work / "bao-cao-don-vi", "--quarter", quarter, cwd=work
    )
    assert audited.exit_code == 0, audited.stdout
    found = json.loads(audited.stdout)
    assert found["findings"] == [] and found["claims"] >= 9

    assert contents(work / "bao-cao-don-vi") == inputs
