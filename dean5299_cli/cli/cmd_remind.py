"""`dean5299 remind`: a reminder text per unit that must act, and the list of late units."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

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

DeadlineOpt = Annotated[
    str | None,
    typer.Option(
        "--han",
        metavar="NGÀY",
        help="Hạn gửi lại, dạng dd/mm/yyyy (ghi vào lời nhắc); từ ngày đầu kỳ báo cáo đến trước "
        "một năm sau kỳ.",
    ),
]
ErrorsOnlyOpt = Annotated[
    bool,
    typer.Option("--chi-loi", help="Chỉ nhắc lỗi và đơn vị chưa gửi, bỏ qua các cảnh báo."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="TỆP",
        help=(
            "Tệp văn bản cần ghi (mặc định: ket-qua/nhac-viec-<năm>-quy-<quý>.txt, theo tháng: "
            "ket-qua/nhac-viec-<năm>-thang-<tháng>.txt; với --chi-loi: thêm -chi-loi trước .txt)."
        ),
        dir_okay=False,
    ),
]


def register(app: typer.Typer) -> None:
    @app.command("remind")
    @handle_errors
    def remind(
        folder: FolderArg = None,
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        month: MonthOpt = None,
        deadline: DeadlineOpt = None,
        errors_only: ErrorsOnlyOpt = False,
        output: OutputOpt = None,
        force: ForceOpt = False,
        settings: SettingsOpt = None,
        take_newer: TakeNewerOpt = False,
    ) -> None:
        """Soạn lời nhắc cho từng đơn vị cần sửa hoặc chưa gửi báo cáo (dán vào Zalo, thư điện tử).

        Lời nhắc được in ra màn hình và ghi vào một tệp văn bản mở được bằng Notepad.

        Ví dụ:

        dean5299 remind --quarter IV --han 05/01/2024

        dean5299 remind bao-cao-don-vi --chi-loi

        dean5299 remind --month 10 --han 10/11/2026 (đơn vị báo cáo theo tháng)

        dean5299 remind --quarter IV --output nhac-viec.txt --force

        dean5299 remind --quarter IV --lay-moi-nhat (như báo cáo đã lập với --lay-moi-nhat)
        """
        from dean5299_cli.cli.cmd_validate import load_report
        from dean5299_cli.cli.report_steps import settle_duplicates
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.core.indicator_sets import library_of
        from dean5299_cli.core.levels import words_for
        from dean5299_cli.core.periods import parse_date, period_slug
        from dean5299_cli.core.reminders import build_reminders, render, version_notes
        from dean5299_cli.core.report_date import outside_window
        from dean5299_cli.duplicates import compare_duplicates
        from dean5299_cli.writers.atomic import write_atomic

        due = parse_date(deadline) if deadline is not None else None
        if deadline is not None and due is None:
            raise UsageError(
                f'Hạn "{deadline}" không hợp lệ: ghi dạng ngày/tháng/năm, ví dụ 25/09/2024.'
            )
        loaded, path, report = load_report(
            folder,
            settings,
            year,
            quarter,
            show_progress=True,
            month=month,
            take_newer=take_newer,
        )
        # as the report made with --lay-moi-nhat: a unit whose newer copy was taken is not told
        # to fix the copies it sent (was: "gửi 2 tệp khác nhau… sửa và gửi lại")
        report, _ = settle_duplicates(path, report, loaded, take_newer)
        why = outside_window(due, report.year, report.quarter) if due is not None else None
        if why is not None:  # `--han 1/1/0001` was written into every reminder as "01/1/1"
            raise UsageError(f'Hạn "{deadline}" {why}: ghi hạn gửi lại sau kỳ báo cáo.')
        knows_units = loaded is not None and bool(loaded.settings.units)
        if not knows_units:
            say(
                "Lưu ý: không có danh sách đơn vị (don-vi.yaml), nên không biết đơn vị nào chưa gửi; "
                "chạy lệnh trong thư mục làm việc hoặc dùng --settings."
            )
        office = words_for(loaded.settings).office if loaded is not None else None
        versions = version_notes(
            compare_duplicates(path, report, loaded, twins=True),
            library_of(loaded).load(report.year),
        )
        reminders = build_reminders(
            report,
            due,
            with_warnings=not errors_only,
            knows_units=knows_units,
            office=office,
            versions=versions,
        )
        text = render(reminders)
        base = loaded.resolve(loaded.settings.output) if loaded else path.parent / "ket-qua"
        kind = "-chi-loi" if errors_only else ""  # the two lists never take each other's name
        slug = period_slug(report.quarter)  # `quy-3`, `thang-10`
        target = output or base / f"nhac-viec-{report.year}-{slug}{kind}.txt"
        if not reminders.worth_a_file:
            sys.stdout.write(text)
            sys.stdout.flush()
            say("Không ghi tệp nhắc việc vì không có đơn vị nào cần nhắc.")
            if target.is_file():
                say(f"Tệp {target} là lời nhắc của lần chạy trước, nay không còn đúng.", target)
            return

        def write(tmp: Path) -> None:
            # UTF-8 with a BOM and CRLF: every Notepad shows the Vietnamese and the line breaks
            with tmp.open("w", encoding="utf-8-sig", newline="\r\n") as handle:
                handle.write(text)

        # shown first: a file that cannot be written (there already, exit 4) still leaves the
        # clerk the reminders to paste
        sys.stdout.write(text)
        sys.stdout.flush()
        backup = write_atomic(target, write, force=force)
        if backup:
            say(f"Đã lưu tệp cũ thành {backup}.", backup)
        say(f"Đã ghi lời nhắc vào {target}", target)
