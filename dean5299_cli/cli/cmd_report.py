"""`dean5299 summary` and `dean5299 report`: the consolidated workbook and the Word report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say
from dean5299_cli.cli.options import FolderArg, ForceOpt, QuarterOpt, SettingsOpt, YearOpt

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="TỆP", help="Tệp kết quả cần ghi.", dir_okay=False),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Dừng, không ghi gì, nếu có tệp lỗi hoặc cảnh báo.")
]


def _tell_problems(report, strict: bool) -> None:
    from dean5299_cli.cli.context import notices_before_writing
    from dean5299_cli.core.errors import InputError

    for line in notices_before_writing(report):
        say(line)
    s = report.summary()
    if strict and (s["errors"] or s["warnings"]):
        raise InputError(
            f"Có {s['errors']} lỗi và {s['warnings']} cảnh báo (--strict): chưa ghi kết quả. "
            "Chạy `dean5299 validate` để xem chi tiết."
        )
    if s["errors"]:
        left = "; ".join(f"{u} ({f})" for u, f in report.left_out)
        say(
            f"Lưu ý: {s['errors']} lỗi trong các tệp báo cáo; không tính vào tổng hợp: {left or 'các tệp lỗi'}. "
            "Chạy `dean5299 validate` để xem chi tiết."
        )
    if report.missing_units:
        from dean5299_cli.core.checks import describe_missing

        say(
            f"Đơn vị chưa gửi báo cáo: {describe_missing(report.missing_units, report.missing_hints)}."
        )


def _default_output(loaded, folder: Path, stem: str, year: int, quarter: int, suffix: str) -> Path:
    base = loaded.resolve(loaded.settings.output) if loaded else folder.parent
    return base / f"{stem}-{year}-quy-{quarter}{suffix}"


def register(app: typer.Typer) -> None:
    @app.command("summary")
    @handle_errors
    def summary(
        folder: FolderArg = None,
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        output: OutputOpt = None,
        force: ForceOpt = False,
        strict: StrictOpt = False,
        settings: SettingsOpt = None,
    ) -> None:
        """Lập bảng tổng hợp (.xlsx): mỗi đơn vị một dòng, dòng tổng cộng, tỷ lệ đạt, biểu đồ.

        Ví dụ:

        dean5299 summary --quarter IV

        dean5299 summary bao-cao-don-vi --quarter IV --year 2023 -o tong-hop.xlsx --force
        """
        from dean5299_cli.cli.cmd_validate import load_report
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.reporting import write_summary
        from dean5299_cli.workspace import input_paths
        from dean5299_cli.writers.atomic import check_target

        loaded, path, report = load_report(folder, settings, year, quarter, show_progress=True)
        _tell_problems(report, strict)
        target = output or _default_output(
            loaded, path, "tong-hop-5299", report.year, report.quarter, ".xlsx"
        )
        if target.suffix.lower() != ".xlsx":
            raise UsageError(
                "Bảng tổng hợp được ghi dạng .xlsx: hãy đặt tên tệp kết thúc bằng .xlsx."
            )
        check_target(target, force, protected=input_paths(loaded, path))
        outcome = write_summary(report, loaded, target, force=force)
        if outcome.backup:
            say(f"Đã giữ tệp cũ thành {outcome.backup}.")
        say(f"Đã ghi bảng tổng hợp: {outcome.path}")

    @app.command("report")
    @handle_errors
    def report(
        folder: FolderArg = None,
        quarter: QuarterOpt = None,
        year: YearOpt = None,
        output: OutputOpt = None,
        pdf: Annotated[
            bool, typer.Option("--pdf", help="Ghi thêm bản PDF (cần LibreOffice).")
        ] = False,
        force: ForceOpt = False,
        strict: StrictOpt = False,
        settings: SettingsOpt = None,
    ) -> None:
        """Lập báo cáo Word theo thể thức văn bản của Đoàn, sẵn sàng trình ký.

        Ví dụ:

        dean5299 report --quarter IV

        dean5299 report --quarter IV --year 2023 --pdf --force

        dean5299 report --quarter III --strict
        """
        from dean5299_cli.cli.cmd_validate import load_report
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.core.placeholders import refuse_placeholders
        from dean5299_cli.core.report_date import refuse_implausible_date
        from dean5299_cli.reporting import (
            convert_to_pdf,
            review_path,
            write_report,
            write_review,
        )
        from dean5299_cli.workspace import input_paths
        from dean5299_cli.writers.atomic import check_target

        loaded, path, validation = load_report(folder, settings, year, quarter, show_progress=True)
        if loaded is None:
            raise UsageError(
                "Lập báo cáo cần tệp cấu hình don-vi.yaml (tên đơn vị, người ký, nơi nhận). "
                "Chạy `dean5299 init` hoặc dùng --settings."
            )
        refuse_placeholders(loaded)  # a starter file's `<TÊN TỈNH>` never reaches a signed report
        refuse_implausible_date(loaded, validation.year, validation.quarter)
        _tell_problems(validation, strict)
        target = output or _default_output(
            loaded, path, "bao-cao-5299", validation.year, validation.quarter, ".docx"
        )
        if target.suffix.lower() != ".docx":
            raise UsageError("Báo cáo được ghi dạng .docx: hãy đặt tên tệp kết thúc bằng .docx.")
        pdf_path = target.with_suffix(".pdf")
        check_target(target, force, protected=input_paths(loaded, path))
        if pdf:
            check_target(pdf_path, force, protected=input_paths(loaded, path))
        outcome = write_report(validation, loaded, target, force=force)
        for note in outcome.notes:
            say(note)
        if outcome.backup:
            say(f"Đã giữ tệp cũ thành {outcome.backup}.")
        say(f"Đã ghi báo cáo: {outcome.path}")
        review = write_review(
            validation,
            loaded,
            outcome.figures,
            review_path(target, validation.year, validation.quarter),
        )
        say(
            f"Đã ghi bảng rà soát nội bộ (lỗi, cảnh báo, tình trạng từng đơn vị; "
            f"không gửi kèm báo cáo): {review}"
        )
        if pdf:
            backup = convert_to_pdf(target, pdf_path, force=force)
            if backup:
                say(f"Đã giữ tệp PDF cũ thành {backup}.")
            say(f"Đã ghi bản PDF: {pdf_path}")
