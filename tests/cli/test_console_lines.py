"""Every line `report`, `summary` and `validate` say fits the console (80 columns here), wrapped
under itself as validate's lists are; a path may stay whole, on a line of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from dean5299_cli.cli.lines import fit
from tests.core.test_flags import COMMUNES, settings_text
from tests.helpers import make_workspace, submit


def _fits(text: str, paths: list[Path], width: int = 80) -> None:
    """Each line fits, or is a path alone on a line (indented); each path is said unbroken."""
    for line in text.splitlines():
        assert len(line) <= width or line.strip().rstrip(".:,") in {str(p) for p in paths}, line
    for path in paths:
        if path.name in text:
            assert str(path) in text, path


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A target typed wrong (23 for 23.000: a 'Cảnh báo' line before writing), a unit left out,
    in a folder whose path has spaces; an 80-column console."""
    monkeypatch.setenv("COLUMNS", "80")
    root = tmp_path / "Báo cáo Đề án 5299 của văn phòng" / "Quý 4 năm nay"
    folder = make_workspace(root, settings_text("{1: 23}", {}))
    for unit in COMMUNES[:-1]:
        submit(folder, f"{unit}.xlsx", unit=unit, ct1=8847)
    return root


def test_report_and_summary_lines_fit_80_columns(cli, workspace: Path) -> None:
    out = workspace / "ket-qua"
    written = [
        out / "bao-cao-5299-2023-quy-4.docx",
        out / "tong-hop-5299-2023-quy-4.xlsx",
        out / "ra-soat-2023-quy-4.xlsx",
        workspace / "noi-dung-bao-cao.md",  # "Chưa có tệp phần lời …: dùng nội dung mặc định."
    ]
    result = cli("report", "--quarter", "IV", cwd=workspace)
    assert result.exit_code == 0, result.output
    said = result.stderr
    assert said.startswith("Cảnh báo: ") and "\n  " in said.split("\n\n")[0]
    assert "Đã ghi bảng rà soát nội bộ" in said and str(written[2]) in said
    assert "Chưa có tệp phần lời" in said
    _fits(said, written)
    again = cli("report", "--quarter", "IV", "--force", cwd=workspace)
    assert again.exit_code == 0, again.output
    backups = sorted((out / "sao-luu").iterdir())
    assert backups and all(str(b) in again.stderr for b in backups)
    _fits(again.stderr, written + backups)
    summary = cli("summary", "--quarter", "IV", "-o", out / "tong hop.xlsx", cwd=workspace)
    assert summary.exit_code == 0, summary.output
    _fits(summary.stderr, [out / "tong hop.xlsx"])
    validate = cli("validate", "--quarter", "IV", cwd=workspace)
    _fits(validate.stdout + validate.stderr, [])


def test_errors_of_these_commands_fit_too(cli, workspace: Path) -> None:
    result = cli("report", "--quarter", "IV", "--strict", cwd=workspace)
    assert result.exit_code == 1
    assert all(len(line) <= 80 for line in result.stderr.splitlines()), result.stderr
    assert "\n  " in result.stderr.split("Lỗi: ")[1]


def test_fit_keeps_lines_that_fit_and_paths_whole() -> None:
    path = "C:\\Users\\Van A\\Bao cao 5299\\ket-qua\\ra-soat-2023-quy-4.xlsx"
    text = f"Đã ghi bảng rà soát nội bộ (lỗi, cảnh báo; không gửi kèm báo cáo): {path}"
    assert fit(text, 60, [path]).splitlines() == [
        "Đã ghi bảng rà soát nội bộ (lỗi, cảnh báo; không gửi kèm báo",
        "  cáo):",
        f"  {path}",
    ]
    listed = "Không tính:\n  Xã An — chưa gửi\n  Xã Bình (tệp dài) — sửa 1 lỗi: ô C5, C6, C7"
    assert fit(listed, 40) == (
        "Không tính:\n  Xã An — chưa gửi\n  Xã Bình (tệp dài) — sửa 1 lỗi: ô C5,\n      C6, C7"
    )
    # a numbered item goes on under its text, not one column past it
    steps = "Các bước:\n  1. Sửa don-vi.yaml: tên cơ quan, người ký\n  10. Lập báo cáo: dean5299 report"
    assert fit(steps, 32) == (
        "Các bước:\n  1. Sửa don-vi.yaml: tên cơ\n     quan, người ký\n"
        "  10. Lập báo cáo: dean5299\n      report"
    )


@pytest.mark.parametrize("columns", ["0", "00", "-3"])
def test_a_console_width_of_nothing_still_shows_everything(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """`COLUMNS=0` (left by a script or a broken terminal) made every line of validate, targets
    and the help vanish: the width is taken as unknown, as Python's own look-up takes it."""
    folder = make_workspace(tmp_path / "ws", settings_text("{1: 23}", {}))
    submit(folder, f"{COMMUNES[0]}.xlsx", unit=COMMUNES[0], ct1=8847)
    monkeypatch.setenv("COLUMNS", columns)
    validate = cli("validate", "--quarter", "IV", cwd=tmp_path / "ws")
    assert "Kết quả kiểm tra" in validate.stdout, validate.output
    targets = cli("targets", cwd=tmp_path / "ws")
    assert "Chỉ tiêu Đề án 5299" in targets.stdout, targets.output
    assert "validate" in cli("--help").stdout
    _fits(validate.stdout + validate.stderr, [], width=100)


def test_an_error_keeps_the_paths_it_names_whole(cli, workspace: Path) -> None:
    """The errors that stop a command (exit 2, 3, 4) name files and folders too: a path with
    spaces was broken across two lines there, where it can no longer be copied."""
    out = workspace / "ket-qua"
    taken = out / "bao-cao-5299-2023-quy-4.docx"
    assert cli("report", "--quarter", "IV", cwd=workspace).exit_code == 0
    exists = cli("report", "--quarter", "IV", "-o", taken, cwd=workspace)
    assert exists.exit_code == 4 and "Lỗi: Tệp" in exists.stderr
    _fits(exists.stderr, [taken])
    missing = workspace / "bao cao cac don vi gui ve trong quy bon"
    absent = cli("validate", missing, cwd=workspace)
    assert absent.exit_code == 2 and "Không có thư mục" in absent.stderr
    _fits(absent.stderr, [missing])
    settings = workspace / "don-vi.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\tunits: []\n", encoding="utf-8")
    broken = cli("validate", cwd=workspace)
    assert broken.exit_code == 3 and "có ký tự Tab" in broken.stderr
    _fits(broken.stderr, [settings])


def test_counts_above_a_thousand_group_their_thousands_as_every_figure_does() -> None:
    """At national scale: was "Tổng cộng: 4359 tệp, 2871/3321 đơn vị" beside "(1.111.760)"."""
    from dean5299_cli.cli.report_steps import strict_refusal
    from dean5299_cli.core.checks import FileEntry, FileStatus, ValidationReport
    from dean5299_cli.core.problems import problem
    from dean5299_cli.core.status import UnitState, UnitStatus
    from dean5299_cli.core.validation_view import ViewMode, _summary

    units = tuple(
        UnitStatus(f"Xã {n}", UnitState.REPORTED if n < 2871 else UnitState.NOT_SENT)
        for n in range(3321)
    )
    report = ValidationReport(2026, 3, units=units)
    report.files = [FileEntry(f"{n}.xlsx", FileStatus.OK) for n in range(4359)]
    report.problems = [
        problem("negative-value", f"{n}.xlsx", cell="E9", value="-5", label="ct1")
        for n in range(1200)
    ]
    assert _summary(report, units, ViewMode.NORMAL) == (
        "Tổng cộng: 4.359 tệp, 2.871/3.321 đơn vị được tính vào tổng hợp; 1.200 lỗi, 0 cảnh báo."
    )
    assert strict_refusal(report).startswith("Có 1.200 lỗi, 0 cảnh báo; 2.871/3.321 đơn vị được tính")


def test_report_says_units_left_out_and_nobody_counted_with_grouped_thousands() -> None:
    """`report` at national scale said "Không tính vào tổng hợp: 1566 đơn vị" (ungrouped)."""
    from dean5299_cli.cli.report_steps import nobody_counted
    from dean5299_cli.core.checks import ValidationReport
    from dean5299_cli.core.status import UnitState, UnitStatus
    from dean5299_cli.core.validation_view import left_out

    units = tuple(
        UnitStatus(f"Xã {n}", UnitState.REPORTED if n < 2100 else UnitState.NOT_SENT)
        for n in range(3321)
    )
    listing = left_out(ValidationReport(2026, 3, units=units))
    assert listing is not None and len(listing.lines) == 1  # grouped: see the next test
    assert listing.heading.startswith("Không tính vào tổng hợp: 1.221 đơn vị (")
    assert "(0/3.321 đơn vị, quý III năm 2026)" in nobody_counted(ValidationReport(2026, 3, units=units))


def test_report_s_list_of_units_left_out_groups_a_long_run_of_one_kind() -> None:
    """`report` and `summary` printed a line for each unit not sent (1.221 at national scale, 335
    on a 1.000-unit folder) before writing; now one line with the count and the first names,
    as validate does; errors keep a line each; a short run keeps its lines."""
    from dean5299_cli.core.checks import ValidationReport
    from dean5299_cli.core.status import UnitState, UnitStatus
    from dean5299_cli.core.validation_view import left_out

    units = tuple(
        UnitStatus(f"Xã {n}", UnitState.REPORTED if n < 2100 else UnitState.NOT_SENT)
        for n in range(3321)
    )
    listing = left_out(ValidationReport(2026, 3, units=units))
    assert listing is not None and listing.heading.startswith("Không tính vào tổng hợp: 1.221 đơn vị (")
    names = ", ".join(f"Xã {n}" for n in range(2100, 2110))
    assert listing.lines == (f"1.221 đơn vị chưa gửi — {names} và 1.211 đơn vị khác",)
    few = tuple(UnitStatus(f"Xã {n}", UnitState.REPORTED if n < 20 else UnitState.NOT_SENT) for n in range(35))
    short = left_out(ValidationReport(2026, 3, units=few))
    assert short is not None and short.lines[0] == "Xã 20 — chưa gửi" and len(short.lines) == 15
    wrong = tuple(UnitStatus(f"Xã {n}", UnitState.WRONG_FILE, (f"{n}.xlsx",), "gửi nhầm báo cáo quý IV")
                  for n in range(16))  # fmt: skip
    grouped = left_out(ValidationReport(2026, 3, units=wrong))
    assert grouped is not None and grouped.lines == (
        "16 đơn vị gửi nhầm báo cáo kỳ khác — " + ", ".join(f"Xã {n} (quý IV)" for n in range(10)) + " và 6 đơn vị khác",
    )
