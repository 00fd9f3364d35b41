"""The office's own files written by a slip or by an attacker: settings, rubric, indicator sets,
narrative. Refused with the file, the line and the reason in Vietnamese, in bounded time; never
an unexpected error, never a figure changed without a word."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.rubric import load_rubric
from dean5299_cli.core.settings import load_settings
from dean5299_cli.rank_job import example_rubric
from tests.helpers import SETTINGS


def _settings(tmp_path: Path, text: str) -> str:
    path = tmp_path / "don-vi.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    return err.value.message


def _rubric(tmp_path: Path, old: str, new: str) -> Path:
    text = example_rubric().read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "xep-hang.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _within(seconds: float, call: str, *args: str) -> str:
    """Run `call(*args)` (a dotted name; `.yaml` arguments as paths) in a child Python: the ConfigError's or UsageError's
    message, failing the test when it takes longer than `seconds` (the old code spent minutes
    building 10**999999999 in one C call, which no thread of this process could interrupt)."""
    module, _, name = call.rpartition(".")
    code = (
        "import sys, importlib, pathlib\n"
        f"f = getattr(importlib.import_module({module!r}), {name!r})\n"
        "args = [pathlib.Path(a) if a.endswith('.yaml') else a for a in sys.argv[1:]]\n"
        "try:\n    f(*args)\nexcept Exception as exc:\n"
        "    sys.stdout.buffer.write(str(getattr(exc, 'message', exc)).encode('utf-8'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, timeout=seconds, check=True
    )
    return done.stdout.decode("utf-8")


# ---------------------------------------------------------------- numbers


def test_a_target_of_thousands_of_digits_is_refused_at_its_line(tmp_path: Path) -> None:
    """5.000 digits: Python refuses to convert them (ValueError), which was exit 5."""
    text = SETTINGS.replace("own: {1: 1000,", "own: {1: " + "9" * 5000 + ",")
    message = _settings(tmp_path, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "9" * 50 in t)
    assert f"don-vi.yaml, dòng {line}:" in message
    assert "quá lớn hoặc quá dài (tối đa 15 chữ số)" in message and "9" * 21 not in message


@pytest.mark.parametrize("typed", ["99999999999999999999", "1.000.000.000.000.000.000", "1.0e+20"])
def test_a_target_beyond_what_excel_keeps_is_refused(tmp_path: Path, typed: str) -> None:
    """A 20-digit target was accepted, and the summary's cell could not hold it exactly."""
    message = _settings(tmp_path, SETTINGS.replace("own: {1: 1000,", f"own: {{1: {typed},"))
    assert "quá lớn hoặc quá dài (tối đa 15 chữ số)" in message


@pytest.mark.parametrize("typed", ["nan%", "sNaN%", "1e-999999999%", "1e2%"])
def test_a_rate_that_is_no_plain_percentage_is_refused(tmp_path: Path, typed: str) -> None:
    """`nan%` had no order (decimal.InvalidOperation, exit 5); `1e-999999999%` took minutes."""
    path = tmp_path / "don-vi.yaml"
    path.write_text(SETTINGS.replace('3: "40%"', f'3: "{typed}"'), encoding="utf-8")
    message = _within(20, "dean5299_cli.core.settings.load_settings", str(path))
    assert f'tỷ lệ "{typed}" không đọc được' in message


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("points: 8 ", 'points: "1e999999999" ', "indicators.points"),
        ("cap: 100%", 'cap: "1e-999999999%"', "indicators.cap"),
        ("percent: 120%", "percent: 1e-999999999%", "percent"),
        ("excellent: 80", "excellent: 1e999999999", "grades.excellent"),
    ],
)
def test_rubric_numbers_with_an_exponent_are_refused_at_once(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    path = _rubric(tmp_path, old, new)
    message = _within(20, "dean5299_cli.core.rubric.load_rubric", str(path))
    assert "xep-hang.yaml, dòng" in message and key in message


def test_rubric_points_too_large_for_a_sum_are_refused(tmp_path: Path) -> None:
    """Accepted, they made `rank` stop with an OverflowError (exit 5)."""
    path = _rubric(tmp_path, "points: 8 ", "points: 1" + "0" * 400 + " ")
    with pytest.raises(ConfigError) as err:
        load_rubric(path)
    assert "quá lớn hoặc quá dài" in err.value.message and "dòng" in err.value.message


def test_rubric_points_and_percentages_with_a_decimal_comma_are_read(tmp_path: Path) -> None:
    """`points: 2,5` and `cap: 87,5` unquoted, as the rubric's own help writes them, were refused:
    the loader reads them as numbers, which the rubric took for neither points nor percentages."""
    path = _rubric(tmp_path, "points: 8 ", "points: 2,5 ")
    path.write_text(
        path.read_text(encoding="utf-8").replace("cap: 100%", "cap: 87,5", 1), encoding="utf-8"
    )
    rubric = load_rubric(path)
    assert rubric.indicators.points == Fraction(5, 2)
    assert rubric.indicators.cap == Fraction(7, 8)


def test_reconcile_tolerance_that_is_no_number_is_a_usage_error() -> None:
    from dean5299_cli.cli.cmd_reconcile import _tolerance
    from dean5299_cli.core.errors import UsageError

    for typed in ("nan", "1e-999999999", "inf"):
        message = _within(20, "dean5299_cli.cli.cmd_reconcile._tolerance", typed)
        assert message.startswith("--tolerance phải là một số phần trăm")
    with pytest.raises(UsageError):
        _tolerance("-1")
    assert _tolerance("2,5") == Fraction(1, 40)


# ---------------------------------------------------------------- characters that mislead


def test_bidirectional_overrides_never_reach_what_is_written(tmp_path: Path) -> None:
    """An override before "0021" shows "1200": in the narrative or a settings value, it reached
    the signed report; it is removed wherever text is read or written."""
    from dean5299_cli.core.text import printable
    from dean5299_cli.core.textfile import read_text_file

    assert printable("đạt \u202e0021\u202c hồ sơ, \u2067x\u2069") == "đạt 0021 hồ sơ, x"
    narrative = tmp_path / "noi-dung-bao-cao.md"
    narrative.write_text("## Kết quả\nĐã hỗ trợ \u202e0021\u202c hồ sơ.\n", encoding="utf-8")
    assert read_text_file(narrative) == "## Kết quả\nĐã hỗ trợ 0021 hồ sơ.\n"
    path = tmp_path / "don-vi.yaml"
    path.write_text(
        SETTINGS.replace("name: Nguyễn Văn A", 'name: "Nguyễn \\u202eA nắV"'), encoding="utf-8"
    )
    assert load_settings(path).settings.signer.name == "Nguyễn A nắV"


# ---------------------------------------------------------------- targets --new


def _folder_with_set(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    (tmp_path / "don-vi.yaml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "chi-tieu").mkdir()
    (tmp_path / "chi-tieu" / "2025.yaml").write_bytes(text.encode(encoding))
    return tmp_path


def _set_2024() -> str:
    from dean5299_cli.core.indicators import targets_dir

    text = (targets_dir() / "2024.yaml").read_text(encoding="utf-8")
    return text.replace("year: 2024", "year: 2025", 1).replace("deadline: 2024", "deadline: 2025")


def test_targets_new_from_a_set_saved_in_utf16_copies_it(tmp_path: Path, cli: Any) -> None:
    """The set of the nearest year, saved by Notepad as "Unicode", stopped the command (exit 5)."""
    folder = _folder_with_set(tmp_path, _set_2024(), "utf-16")
    result = cli("targets", "--new", "2026", cwd=folder)
    assert result.exit_code == 0, result.stderr
    written = (folder / "chi-tieu" / "2026.yaml").read_text(encoding="utf-8")
    assert "year: 2026" in written


def test_targets_new_from_a_broken_set_names_it_and_writes_nothing(
    tmp_path: Path, cli: Any
) -> None:
    """A broken nearest set was copied, the copy named as the fault and left behind: the next
    `targets --new 2026` then said a set of 2026 already existed."""
    folder = _folder_with_set(tmp_path, "year: 2025\nindicators: [\n")
    result = cli("targets", "--new", "2026", cwd=folder)
    assert result.exit_code == 3
    assert "chi-tieu/2025.yaml" in result.stderr.replace("\\", "/").replace("\n", "")
    assert not (folder / "chi-tieu" / "2026.yaml").exists()


# ---------------------------------------------------------------- template --ngay


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("01/01/0001", "không thuộc năm báo cáo 2024"),
        ("31/12/9999", "không thuộc năm báo cáo 2024"),
        ("15/03/2024", "nằm ngoài quý III năm 2024"),
    ],
)
def test_a_form_is_never_dated_outside_its_period(typed: str, why: str) -> None:
    """`--ngay 01/01/0001` was written into "Tính đến ngày" (a date Excel cannot show), and every
    unit's file sent back was then warned: the date validate would question is refused."""
    import datetime as dt

    from dean5299_cli.cli.cmd_template import as_of_default
    from dean5299_cli.core.errors import UsageError

    with pytest.raises(UsageError) as err:
        as_of_default(typed, 2024, 3, dt.date(2024, 11, 20))
    assert f'Ngày "{typed}" {why}' in err.value.message
    assert as_of_default("30/09/2024", 2024, 3, dt.date(2024, 11, 20)) == dt.date(2024, 9, 30)
    # Forms sent out before the quarter ends, dated as of its last day: that date is in the
    # future only until the files come back.
    assert as_of_default("30/09/2024", 2024, 3, dt.date(2024, 9, 15)) == dt.date(2024, 9, 30)


def test_targets_of_a_year_no_report_can_be_for_are_refused(tmp_path: Path, cli) -> None:
    """`2203:` for 2023 held the office's targets under a year never reported on: the report
    compared with the set's own targets without a word."""
    from tests.helpers import SETTINGS, make_workspace, submit

    folder = make_workspace(tmp_path, SETTINGS.replace("targets:\n  2023:", "targets:\n  2203:"))
    submit(folder, "son.xlsx")
    result = cli("validate", cwd=tmp_path)
    assert result.exit_code == 3, result.output
    said = " ".join(result.stderr.split())
    assert "khóa `targets`" in said and "năm 2203 không hợp lệ" in said, said
    assert "từ 2022 đến 2100" in said


def test_targets_given_for_other_years_only_are_said_before_writing(tmp_path: Path, cli) -> None:
    """`2032:` typed for 2023 (a year a report can be for): the office's own targets were never
    used and the report compared with the set's targets without a word. `report` and `summary`
    now say so before writing; with the year's own targets there, nothing is said."""
    from tests.helpers import SETTINGS, make_workspace, submit

    notice = "có chỉ tiêu giao (khóa `targets`) cho năm 2032 nhưng không có năm 2023"
    folder = make_workspace(tmp_path, SETTINGS.replace("targets:\n  2023:", "targets:\n  2032:"))
    submit(folder, "son.xlsx")
    for args in (["report", "-o", "bc.docx"], ["summary", "-o", "th.xlsx"]):
        result = cli(*args, "--quarter", "IV", cwd=tmp_path)
        assert result.exit_code == 0, result.output
        assert notice in " ".join(result.stderr.split()), result.stderr
    (tmp_path / "don-vi.yaml").write_text(SETTINGS, encoding="utf-8")
    right = cli("report", "-o", "bc2.docx", "--quarter", "IV", cwd=tmp_path)
    assert right.exit_code == 0 and "khóa `targets`" not in right.stderr
