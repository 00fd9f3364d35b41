"""What `report` and `summary` say before writing: every unit not counted, once, with its reason,
as `validate`'s list of units to call words it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tests.cli.test_remind import MESSY_SETTINGS
from tests.helpers import make_workspace, submit


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Two versions from Phước Sơn, last quarter's report from Diêu Trì, a file of Phước Thuận
    that cannot be read, nothing from Phước Lộc, a broken file of no known unit."""
    folder = make_workspace(tmp_path, MESSY_SETTINGS)
    first = submit(folder, "phuoc-son.xlsx")
    fixed = submit(folder, "phuoc-son (sua lai).xlsx", ct1=460)
    _modified(first, dt.datetime(2023, 12, 20, 9, 0))  # saved a day apart: --lay-moi-nhat chooses
    _modified(fixed, dt.datetime(2023, 12, 21, 9, 0))
    submit(folder, "dieu-tri.xlsx", unit="Thị trấn Diêu Trì", quarter=3)
    submit(folder, "phuoc-hoa.xlsx", unit="Xã Phước Hòa")
    (folder / "Phước Thuận.xlsx").write_bytes(b"PK\x03\x04 hong")
    (folder / "scan-0001.xlsx").write_bytes(b"PK\x03\x04 hong")
    return tmp_path


def _modified(path: Path, moment: dt.datetime) -> None:
    os.utime(path, (moment.timestamp(), moment.timestamp()))


def unwrapped(text: str) -> list[str]:
    """The console's lines with each wrapped item joined back (its rest is indented 6)."""
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("      ") and lines:
            lines[-1] += " " + line.strip()
        else:
            lines.append(line)
    return lines


def test_every_unit_left_out_is_named_once_with_its_reason(cli, messy: Path) -> None:
    validate = unwrapped(cli("validate", "--quarter", "IV", cwd=messy).stdout)
    result = cli("summary", "--quarter", "IV", cwd=messy)
    assert result.exit_code == 0, result.output
    lines = unwrapped(result.stderr)
    start = lines.index(
        "Không tính vào tổng hợp: 4 đơn vị, 1 tệp không rõ của đơn vị nào "
        "(chi tiết: `dean5299 validate`):"
    )
    unreadable = (
        "sửa 1 lỗi: Không đọc được tệp: tệp bị hỏng hoặc không đầy đủ (có thể gửi chưa hết). "
        "Hãy mở tệp bằng Excel, lưu lại dạng .xlsx rồi gửi lại."
    )
    listed = [
        '  Xã Phước Sơn (tệp "phuoc-son (sua lai).xlsx", "phuoc-son.xlsx") — gửi 2 tệp khác nhau '
        "cho cùng kỳ: giữ một tệp (hoặc dùng --lay-moi-nhat)",
        f'  Xã Phước Thuận (tệp "Phước Thuận.xlsx") — {unreadable}',
        f'  Tệp "scan-0001.xlsx" — {unreadable}',
        '  Thị trấn Diêu Trì — gửi nhầm: tệp "dieu-tri.xlsx" là báo cáo quý III năm 2023',
        "  Xã Phước Lộc — chưa gửi",
    ]
    assert lines[start + 1 : start + 6] == listed
    # the same words as validate's list of units to call (there, the files follow in the
    # details), and nothing said twice
    called = {line.split(" — ")[0].split(" (tệp ")[0]: line.split(" — ")[1] for line in listed}
    assert all(f"{who} — {why}" in validate for who, why in called.items())
    said = "\n".join(lines[:start] + lines[start + 6 :])
    assert not any(unit in said for unit in ("Phước Sơn", "Phước Thuận", "Diêu Trì", "Phước Lộc"))
    assert "chưa gửi" not in said and "nhưng không đọc được" not in result.stderr


def test_nothing_left_out_says_nothing(cli, tmp_path: Path) -> None:
    folder = make_workspace(tmp_path)
    for name, unit in (
        ("a.xlsx", "Xã Phước Sơn"),
        ("b.xlsx", "Thị trấn Diêu Trì"),
        ("c.xlsx", "Xã Phước Hòa"),
    ):
        submit(folder, name, unit=unit)
    result = cli("summary", "--quarter", "IV", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "Không tính" not in result.stderr and "chưa gửi" not in result.stderr


def test_a_counted_unit_s_extra_file_is_not_a_unit_left_out(cli, tmp_path: Path) -> None:
    """A unit counted from its quý III report that also sent quý IV's: the later report is not
    this one, set aside and said under --tat-ca (`later-period`), nothing to fix (was listed as
    'Tệp có lỗi … sửa 1 lỗi: ô C5 (đơn vị vẫn được tính theo tệp khác)')."""
    folder = make_workspace(tmp_path)
    for name, unit in (("b.xlsx", "Thị trấn Diêu Trì"), ("c.xlsx", "Xã Phước Hòa")):
        submit(folder, name, unit=unit, quarter=3)
    submit(folder, "ps-q3.xlsx", quarter=3)
    submit(folder, "ps-q4.xlsx", quarter=4)
    result = cli("summary", "--quarter", "III", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "không tính vào tổng hợp" not in result.stderr
    assert unwrapped(result.stderr)[0].startswith("Đã ghi bảng tổng hợp: ")


def test_two_copies_of_the_same_minute_are_for_the_unit_to_choose(cli, tmp_path: Path) -> None:
    """--lay-moi-nhat takes neither of two copies saved in the same minute: neither validate's
    list of units to call nor report's list of units not counted points to it."""
    folder = make_workspace(tmp_path)
    for name, unit in (("b.xlsx", "Thị trấn Diêu Trì"), ("c.xlsx", "Xã Phước Hòa")):
        submit(folder, name, unit=unit)
    one = submit(folder, "ps.xlsx", ct3_tu=300)
    two = submit(folder, "ps (1).xlsx", ct3_tu=318)
    _modified(one, dt.datetime(2023, 12, 21, 14, 5, 12))
    _modified(two, dt.datetime(2023, 12, 21, 14, 5, 40))
    line = (
        "Xã Phước Sơn — gửi 2 tệp khác nhau cho cùng kỳ, không biết tệp nào mới hơn: hỏi đơn vị "
        "tệp nào đúng, giữ một tệp"
    )
    validate = unwrapped(cli("validate", "--quarter", "IV", cwd=tmp_path).stdout)
    assert f"  {line}" in validate
    for command in ("summary", "report"):
        result = cli(command, "--quarter", "IV", cwd=tmp_path)
        assert result.exit_code == 0, result.output
        said = unwrapped(result.stderr)
        assert f'  Xã Phước Sơn (tệp "ps (1).xlsx", "ps.xlsx") — {line.split(" — ")[1]}' in said
        assert "hoặc dùng --lay-moi-nhat" not in result.stderr
    # a minute apart or more, --lay-moi-nhat takes the later: it is pointed to again
    _modified(two, dt.datetime(2023, 12, 21, 14, 6, 15))
    validate = unwrapped(cli("validate", "--quarter", "IV", cwd=tmp_path).stdout)
    assert (
        "  Xã Phước Sơn — gửi 2 tệp khác nhau cho cùng kỳ: giữ một tệp (hoặc dùng --lay-moi-nhat)"
        in validate
    )


def test_validate_reads_the_folder_once_also_for_lay_moi_nhat(
    cli, messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of Phước Sơn that --lay-moi-nhat can choose between: the folder was validated
    a second time (older copy set aside) on every run, its result thrown away unless asked for;
    then only with --lay-moi-nhat, reading the whole folder again. Now the folder is read once
    either way: the copies are compared, and the folder judged again, from that reading."""
    from dean5299_cli import duplicates, folder

    runs: list[int] = []
    real = folder.read_all

    def counting(items: list[tuple[Path, str]], *args: object, **kw: object):  # type: ignore[no-untyped-def]
        runs.append(len(items))
        return real(items, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(folder, "read_all", counting)
    monkeypatch.setattr(duplicates, "read_all", counting)
    every = None
    for args in ((), ("--json",), ("--lay-moi-nhat",)):
        runs.clear()
        result = cli("validate", "--quarter", "IV", *args, cwd=messy)
        assert result.exit_code == 1, result.output  # still the unreadable files
        every = every or runs[0]
        assert runs == [every], args
        assert ("Tệp mới hơn" in result.stdout) is (not args)  # compared for the view
    assert every > 3  # the whole folder
