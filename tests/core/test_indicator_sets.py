"""The shipped indicator sets match domain.md, and broken sets are refused with file, key, line."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction
from pathlib import Path

import pytest

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.indicators import Kind, load_set, load_set_file


def test_2023_set_is_the_one_of_seed_000():
    s = load_set(2023)
    kinds = [i.kind for i in s.indicators]
    assert kinds == [
        Kind.COUNT,
        Kind.COUNT,
        Kind.RATIO,
        Kind.RATIO,
        Kind.COUNT,
        Kind.PER_UNIT_MINIMUM,
        Kind.COUNT,
        Kind.BREAKDOWN,
    ]
    assert s.indicators[0].target == 48000
    assert s.indicators[1].target == 55000
    assert s.indicators[2].target_rate == Fraction(40, 100)
    assert s.indicators[3].target_rate == Fraction(80, 100)
    assert s.indicators[4].target == 45000
    assert s.indicators[5].minimum == 6
    assert s.indicators[6].target == 400000
    assert s.field_codes == [
        "ct1",
        "ct2",
        "ct3_tu",
        "ct3_mau",
        "ct4_tu",
        "ct4_mau",
        "ct5",
        "ct6",
        "ct7",
        "ct8_tong",
        "ct8_cho_duyet",
        "ct8_khong_hop_le",
        "ct8_hop_le",
        "to_cns",
        "to_cns_thanh_vien",
    ]
    assert [i.unit for i in s.indicators][:2] == ["tài khoản", "tài khoản"]


def test_2024_set_targets_and_deadline():
    s = load_set(2024)
    by_number = {i.number: i for i in s.indicators}
    assert by_number[1].kind is Kind.RATIO and by_number[1].target_rate == Fraction(2, 5)
    assert by_number[2].target_rate == Fraction(4, 5)
    assert by_number[3].target == 66000
    assert by_number[4].minimum == 6
    assert by_number[5].target == 160000
    assert by_number[6].target == 294021
    assert by_number[6].unit == "người"
    assert by_number[7].kind is Kind.POPULATION_SHARE and by_number[7].target_rate == Fraction(
        1, 10
    )
    assert by_number[8].target == 190759
    assert by_number[8].deadline == dt.date(2024, 7, 1)
    assert by_number[8].target_code == "ct8_da_kich_hoat"
    assert s.field_codes == [
        "ct1_tu",
        "ct1_mau",
        "ct2_tu",
        "ct2_mau",
        "ct3",
        "ct4",
        "ct5",
        "ct6",
        "ct7",
        "ct8_tong",
        "ct8_da_kich_hoat",
        "ct8_cho_duyet",
        "to_cns",
        "to_cns_thanh_vien",
    ]


def test_2022_base_set_from_the_decision():
    s = load_set(2022)
    targets = {i.number: (i.target, i.target_rate) for i in s.indicators}
    assert targets[1] == (25000, None)
    assert targets[2] == (None, Fraction(1))
    assert targets[3] == (40000, None)
    assert targets[4] == (55000, None)
    assert targets[5] == (None, Fraction(2, 5))
    assert targets[6] == (None, Fraction(4, 5))
    assert targets[7] == (30000, None)
    assert "ct5_tu" in s.field_codes and "ct5_mau" in s.field_codes


def _write(tmp_path: Path, text: str, name: str = "2023.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD_HEAD = "year: 2023\ntitle: T\nindicators:\n"


def test_wrong_field_code_is_named_with_line(tmp_path):
    path = _write(
        tmp_path,
        GOOD_HEAD
        + (
            "  - number: 1\n    title: A\n    short: A\n    kind: ratio\n    unit: hồ sơ\n"
            "    target_rate: 40%\n    fields:\n      - {code: ct1, label: x}\n"
        ),
    )
    with pytest.raises(ConfigError) as err:
        load_set_file(path)
    msg = err.value.message
    assert str(path) in msg and "dòng 4" in msg and "ct1_tu, ct1_mau" in msg
    assert "khóa `indicators` mục 1:" in msg


def test_a_field_code_not_in_the_code_alphabet_is_named_at_its_line(tmp_path):
    one = (
        "  - number: 1\n    title: A\n    short: A\n    kind: count\n    unit: hồ sơ\n"
        "    target: 5\n    fields:\n      - {code: CT1, label: x}\n"
    )
    with pytest.raises(ConfigError) as err:
        load_set_file(_write(tmp_path, GOOD_HEAD + one))
    text = GOOD_HEAD + one
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "CT1" in t)
    assert f'dòng {line}, khóa `indicators` mục 1, `fields` mục 1, `code`: mã trường "CT1"' in err.value.message


def test_a_general_field_clashing_with_an_indicator_code_is_named_at_its_line(tmp_path):
    one = (
        "  - number: 1\n    title: A\n    short: A\n    kind: count\n    unit: hồ sơ\n"
        "    target: 5\n    fields:\n      - {code: ct1, label: x}\n"
        "general_fields:\n  - {code: to_cns, label: Tổ}\n  - {code: ct1, label: y}\n"
    )
    text = GOOD_HEAD + one
    with pytest.raises(ConfigError) as err:
        load_set_file(_write(tmp_path, text))
    line = len(text.splitlines())
    assert f'dòng {line}, khóa `general_fields` mục 2, `code`: số liệu chung "ct1"' in err.value.message


def test_missing_target_and_unknown_key(tmp_path):
    path = _write(
        tmp_path,
        GOOD_HEAD
        + (
            "  - number: 1\n    title: A\n    short: A\n    kind: count\n    unit: hồ sơ\n"
            "    traget: 5\n    fields:\n      - {code: ct1, label: x}\n"
        ),
    )
    with pytest.raises(ConfigError) as err:
        load_set_file(path)
    assert "khóa `indicators` mục 1, `traget`:" in err.value.message and "dòng 9" in err.value.message


def test_bad_rate_and_yaml_syntax(tmp_path):
    path = _write(
        tmp_path,
        GOOD_HEAD
        + (
            "  - number: 1\n    title: A\n    short: A\n    kind: ratio\n    unit: hồ sơ\n"
            "    target_rate: 40\n    fields:\n      - {code: ct1_tu, label: x}\n      - {code: ct1_mau, label: y}\n"
        ),
    )
    with pytest.raises(ConfigError) as err:
        load_set_file(path)
    assert "target_rate" in err.value.message and "40%" in err.value.message
    broken = _write(tmp_path, "year: 2023\n  title: [\n", name="2023.yaml")
    with pytest.raises(ConfigError) as err:
        load_set_file(broken)
    assert "dòng" in err.value.message and "YAML" in err.value.message


def test_targets_json_and_table(cli):
    result = cli("targets", "--year", "2024", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["year"] == 2024
    assert data["indicators"][6]["target_rate"] == "10%"
    assert data["indicators"][7]["deadline"] == "2024-07-01"
    assert [f["code"] for f in data["general_fields"]] == ["to_cns", "to_cns_thanh_vien"]
    table = cli("targets", "--year", "2023")
    assert table.exit_code == 0 and "ct3_tu" in table.stdout and "40%" in table.stdout


def test_unknown_year_exits_3(cli):
    result = cli("targets", "--year", "2031")
    assert result.exit_code == 3
    assert "Không có bộ chỉ tiêu năm 2031" in result.stderr
    # --year is the way out only for a year typed wrong: files of a new year get a new set
    said = " ".join(result.stderr.split())
    assert said.endswith(
        "sửa theo kế hoạch của năm; chỉ khi năm 2031 là năm ghi nhầm mới dùng --year với một "
        "năm đã có."
    )
    assert "Traceback" not in result.stderr
