"""`dean5299 targets` with a working folder: the office's targets as the report computes them,
and each member unit's own targets."""

from __future__ import annotations

import json
import re

import pytest

from tests.paths import EXAMPLES


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")


def _rows(stdout: str, first: str) -> list[list[str]]:
    """The cells of the table lines whose first cell is `first`."""
    cells = [[c.strip() for c in re.split("[│┃]", line)[1:-1]] for line in stdout.splitlines()]
    return [row for row in cells if row and row[0] == first]


def test_a_population_share_shows_the_target_the_report_computes(cli) -> None:
    """Gia Lai gives its population (own_population) and no allocation for indicator 7 (15% of
    the citizens aged 14 and over): the table said "—" where the report aims at 390.000."""
    folder = EXAMPLES / "gia-lai-2026"
    table = cli("targets", cwd=folder)
    assert table.exit_code == 0, table.output
    (seven,) = _rows(table.stdout, "7")
    assert seven[4] == "390.000"
    assert "(15% × 2.600.000)" in " ".join(" ".join(r) for r in _rows(table.stdout, ""))
    (four,) = _rows(table.stdout, "4")  # at least 6 articles in each of the 141 units
    assert four[4] == "846"
    data = json.loads(cli("targets", "--json", cwd=folder).stdout)
    by_number = {i["number"]: i for i in data["indicators"]}
    assert (by_number[7]["allocated"], by_number[7]["office_target"]) == (None, 390000)
    assert by_number[7]["office_target_source"] == "population"
    assert (by_number[3]["allocated"], by_number[3]["office_target"]) == (120000, 120000)
    assert (by_number[1]["allocated"], by_number[1]["office_target"]) == ("40%", None)
    assert data["unit_targets"] == []
    # no second table when no unit has a target of its own
    assert "từng đơn vị trực thuộc" not in table.stdout


def test_each_units_own_targets_are_shown(cli) -> None:
    folder = EXAMPLES / "tuy-phuoc-2023"
    table = cli("targets", "--year", "2023", cwd=folder)
    assert table.exit_code == 0, table.output
    assert "Chỉ tiêu giao cho từng đơn vị trực thuộc năm 2023" in table.stdout
    assert _rows(table.stdout, "Đơn vị") == [["Đơn vị", "CT1", "CT2", "CT5", "CT7"]]
    assert _rows(table.stdout, "Phước Sơn") == [["Phước Sơn", "302", "562", "425", "4.721"]]
    data = json.loads(cli("targets", "--year", "2023", "--json", cwd=folder).stdout)
    son = next(u for u in data["unit_targets"] if u["unit"] == "Phước Sơn")
    assert son == {
        "unit": "Phước Sơn",
        "allocated": {"1": 302, "2": 562, "5": 425, "7": 4721},
        "population": None,
    }
    assert len(data["unit_targets"]) == 13


def test_only_the_units_with_targets_of_their_own_are_listed(cli, tmp_path) -> None:
    """Two units of thirteen keep their own targets: two rows, and the others counted (a
    province's 141 units were listed with a dash each when three had targets)."""
    import shutil

    import yaml

    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder, ignore=shutil.ignore_patterns("ket-qua"))
    settings = folder / "don-vi.yaml"
    data = yaml.safe_load(settings.read_text(encoding="utf-8"))
    own = data["targets"][2023]["units"]
    data["targets"][2023]["units"] = {
        k: v for k, v in own.items() if k in ("Phước An", "Phước Sơn")
    }
    settings.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    table = cli("targets", "--year", "2023", cwd=folder)
    assert table.exit_code == 0, table.output
    units = [row[0] for row in _rows(table.stdout, "Phước An") + _rows(table.stdout, "Phước Sơn")]
    assert units == ["Phước An", "Phước Sơn"]
    assert not _rows(table.stdout, "Phước Hòa")
    assert "Các đơn vị khác (11/13) không có chỉ tiêu giao riêng." in table.stdout
