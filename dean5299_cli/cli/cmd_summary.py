"""`dean5299 summary`: the consolidated workbook, one row per unit, as a printable document."""

from __future__ import annotations

import typer

from dean5299_cli.cli.cmd_report import OutputOpt, StrictOpt
from dean5299_cli.cli.errors import handle_errors, say
from dean5299_cli.cli.options import (
    FolderArg,
    ForceOpt,
    MonthOpt,
    QuarterOpt,
    SettingsOpt,
    TakeNewerOpt,
    YearOpt,
)


def register(app: typer.Typer) -> None:
    @app.command("summary")
    @handle_errors
    def summary(
        folder: FolderArg = None,
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        month: MonthOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        strict: StrictOpt = False,
        settings: SettingsOpt = None,
        take_newer: TakeNewerOpt = False,
    ) -> None:
        """Lập bảng tổng hợp (.xlsx): mỗi đơn vị một dòng, dòng tổng cộng, tỷ lệ đạt, biểu đồ.

        Ví dụ:

        dean5299 summary --quarter IV

        dean5299 summary bao-cao-don-vi --quarter IV --year 2023 -o tong-hop.xlsx --force
        """
        from dean5299_cli.cli.cmd_validate import load_report
        from dean5299_cli.cli.report_steps import default_output, settle_duplicates, tell_problems
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.reporting import write_summary
        from dean5299_cli.workspace import input_paths
        from dean5299_cli.writers.atomic import check_target

        loaded, path, report = load_report(
            folder, settings, year, quarter, show_progress=True, month=month, take_newer=take_newer
        )
        report, choosable = settle_duplicates(path, report, loaded, take_newer)
        tell_problems(report, strict, choosable, loaded)
        target = output or default_output(
            loaded, path, "tong-hop-5299", report.year, report.quarter, ".xlsx"
        )
        if target.suffix.lower() != ".xlsx":
            raise UsageError(
                "Bảng tổng hợp được ghi dạng .xlsx: hãy đặt tên tệp kết thúc bằng .xlsx."
            )
        check_target(target, force, protected=input_paths(loaded, path))
        outcome = write_summary(report, loaded, target, force=force, folder=path)
        if outcome.backup:
            say(f"Đã giữ tệp cũ thành {outcome.backup}.", outcome.backup)
        say(f"Đã ghi bảng tổng hợp: {outcome.path}", outcome.path)
