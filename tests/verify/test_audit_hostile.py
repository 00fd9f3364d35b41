"""`dean5299 audit` on what a clerk's editing or a hostile file puts in a report: every figure
read as Word shows it, no figure judged wrong that is right, no unexpected error."""

from __future__ import annotations

from pathlib import Path

from dean5299_cli.verify.audit import FindingKind, Reading, audit_blocks
from dean5299_cli.verify.documents import read_blocks


def _audit_text(tmp_path: Path, text: str, name: str = "bc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_blocks(name, read_blocks(path))


def test_percentages_with_more_digits_than_decimal_arithmetic_holds(tmp_path):
    """A percentage of 40 decimals (a pasted spreadsheet value) beyond Decimal's 28 digits was
    an unexpected error (exit 5); each digit is now compared, none rounded away."""
    sixes = "6" * 40
    result = _audit_text(tmp_path, "\n".join([
        f"Đã tạo 2/3 tài khoản, đạt 66,{sixes}%.",
        f"Đã tạo 2/3 tài khoản, đạt 66,{sixes[:-1]}7%.",
        "Đã tạo 99.999.999.999.999.999.999.999.999.999/3 tài khoản, đạt 3.333.333.333.333.333.333."
        "333.333.333.300%.",
    ]))
    assert [r.reading for r in result.rates] == [Reading.TRUNCATED, Reading.HALF_UP, Reading.BOTH]
    (mixed,) = result.findings  # one truncation, one rounding: the mixing of the two is named
    assert mixed.where == "dòng 2"
    assert mixed.kind is FindingKind.MIXED_ROUNDING and mixed.expected.startswith(f"66,{sixes}%")
