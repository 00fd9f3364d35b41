"""Print a validation report for people (Rich, on standard error) or as JSON (standard output)."""

from __future__ import annotations

import sys
from itertools import groupby

from dean5299_cli.cli.output import write_json
from dean5299_cli.core.checks import ValidationReport, describe_missing
from dean5299_cli.core.periods import quarter_label
from dean5299_cli.core.problems import SEVERITY_VI, Severity
from dean5299_cli.core.text import displayable

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_STATUS_VI = {
    "ok": "đạt",
    "warning": "có cảnh báo",
    "error": "có lỗi",
    "skipped": "bỏ qua",
    "history": "quý trước",
}


def print_json(report: ValidationReport) -> None:
    write_json(report.to_json())


def _plain(text: str | None) -> str:
    """Text from the outside world (cells, unit, file and sheet names) as it is: never markup."""
    from rich.markup import escape

    return escape(displayable(text or ""))


def print_report(report: ValidationReport, *, stream=None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=stream or sys.stdout, soft_wrap=False)
    title = f"Kết quả kiểm tra {quarter_label(report.quarter)} năm {report.year}"
    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("Tệp / mức độ", overflow="fold")
    table.add_column("Trang, ô")
    table.add_column("Mã lỗi")
    table.add_column("Nội dung", overflow="fold")
    status = {f.file: f.status for f in report.files}
    for file, problems in groupby(report.problems, key=lambda p: p.file):
        problems = list(problems)
        heading = _plain(file) or "(cả thư mục)"
        if file:
            heading += _plain(f"  [{_STATUS_VI.get(status.get(file, ''), '')}]")
        table.add_row(f"[bold]{heading}[/bold]", "", "", "", end_section=False)
        for p in problems:
            where = ", ".join(_plain(x) for x in (p.sheet, p.cell) if x)
            table.add_row(
                f"  [{_STYLE[p.severity]}]{SEVERITY_VI[p.severity]}[/]",
                where,
                _plain(p.code),
                _plain(p.message),
            )
        table.add_section()
    clean = [f.file for f in report.files if f.status == "ok"]
    if report.problems:
        console.print(table)
    if clean:
        console.print(f"Tệp không có vấn đề: {len(clean)}.")
    s = report.summary()
    console.print(
        f"[bold]Tổng cộng:[/bold] {s['files']} tệp, {s['units']} đơn vị được tính, "
        f"[red]{s['errors']} lỗi[/red], [yellow]{s['warnings']} cảnh báo[/yellow], {s['infos']} thông tin."
    )
    if report.left_out:
        console.print(
            "Đơn vị bị loại khỏi tổng hợp do có lỗi: "
            + "; ".join(f"{_plain(u)} ({_plain(f)})" for u, f in report.left_out)
            + "."
        )
    if report.missing_units:
        missing = describe_missing(report.missing_units, report.missing_hints)
        console.print(f"Đơn vị chưa gửi báo cáo: {displayable(missing)}.", markup=False)
