"""The reference documents exactly the keys that `audit`, `reconcile` and `rank --json` print."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from pathlib import Path

import pytest

from tests.paths import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "tools"))
import reference_json  # noqa: E402


@pytest.fixture
def work(tmp_path: Path) -> Path:
    folder = tmp_path / "tp"
    shutil.copytree(EXAMPLES / "tuy-phuoc-2023", folder)
    return folder


def _printed(result) -> dict[str, object]:
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_audit_keys(cli, work):
    text = work / "bc.txt"
    text.write_text(reference_json.AUDIT_SAMPLE + "\n", encoding="utf-8")
    data = _printed(cli("audit", text, "--json", "--folder", work / "bao-cao-don-vi", cwd=work))
    assert data["findings"] and data["rates"]  # every list has an item to show its keys
    assert reference_json.keys_of(data) == set(reference_json.AUDIT_JSON)


def test_reconcile_keys(cli, work):
    export = work / "he-thong.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(reference_json.EXPORT_ROWS)
    data = _printed(cli("reconcile", export, "--json", "--quarter", "IV", cwd=work))
    assert data["lines"] and data["actions"] and data["only_system"] == ["Xã Không Có"]
    assert reference_json.keys_of(data) == set(reference_json.RECONCILE_JSON)


def test_rank_keys(cli, work):
    from dean5299_cli.resources import data_dir

    rubric = data_dir("templates") / "init" / "xep-hang.yaml"  # the shipped example rubric
    data = _printed(cli("rank", "--quarter", "IV", "--json", "--rubric", rubric, cwd=work))
    assert data["evaluation"] and data["progress"]["units"]
    assert reference_json.keys_of(data) == set(reference_json.RANK_JSON)


def test_every_documented_key_has_a_text():
    for texts in (
        reference_json.AUDIT_JSON,
        reference_json.RECONCILE_JSON,
        reference_json.RANK_JSON,
    ):
        assert all(text.strip().endswith((".", ")")) for text in texts.values())
