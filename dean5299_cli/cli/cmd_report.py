"""`dean5299 summary` and `dean5299 report`: the consolidated workbook and the Word report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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

if TYPE_CHECKING:
    from dean5299_cli.core.checks import ValidationReport
    from dean5299_cli.core.settings import LoadedSettings

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="TỆP", help="Tệp kết quả cần ghi.", dir_okay=False),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Dừng, không ghi gì, nếu có tệp lỗi hoặc cảnh báo.")
]
NumberOpt = Annotated[
    str | None,
    typer.Option(
        "--so", metavar="SỐ", help="Số văn bản, ví dụ 45 (thay cho report.number của don-vi.yaml)."
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--ngay",
        metavar="NGÀY",
        help="Ngày ký, dạng 05/10/2024, hoặc hom-nay (mặc định: report.date của don-vi.yaml, "
        "nếu không có thì hôm nay).",
    ),
]
TODAY_WORDS = ("hom-nay", "hom nay", "hôm nay", "hôm-nay", "today")


def report_date(value: str | None, today: dt.date) -> dt.date | None:
    """The --ngay option: a dd/mm/yyyy date or `hom-nay`; None when not given."""
    from dean5299_cli.core.errors import UsageError
    from dean5299_cli.core.periods import parse_date

    if value is None:
        return None
    if value.strip().lower() in TODAY_WORDS:
        return today
    parsed = parse_date(value.strip())
    if parsed is None:
        raise UsageError(
            f'Ngày "{value}" không hợp lệ: ghi dạng ngày/tháng/năm, ví dụ 05/10/2024, hoặc hom-nay.'
        )
    return parsed


def report_number(value: str | None) -> str | None:
    from dean5299_cli.core.errors import UsageError

    if value is None:
        return None
    number = value.strip()
    if not number or len(number) > 20 or any(c in number for c in "<>\n"):
        raise UsageError(f'Số văn bản "{value}" không hợp lệ: ghi số, ví dụ --so 45.')
    return number


def _tell_problems(report: ValidationReport, strict: bool) -> None:
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


def _default_output(
    loaded: LoadedSettings | None, folder: Path, stem: str, year: int, quarter: int, suffix: str
) -> Path:
    from dean5299_cli.core.periods import period_slug

    base = loaded.resolve(loaded.settings.output) if loaded else folder.parent
    return base / f"{stem}-{year}-{period_slug(quarter)}{suffix}"


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
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.reporting import write_summary
        from dean5299_cli.workspace import input_paths
        from dean5299_cli.writers.atomic import check_target

        loaded, path, report = load_report(
            folder, settings, year, quarter, show_progress=True, month=month
        )
        if take_newer:
            report = _newer_only(path, report, loaded)
        _tell_problems(report, strict)
        target = output or _default_output(
            loaded, path, "tong-hop-5299", report.year, report.quarter, ".xlsx"
        )
        if target.suffix.lower() != ".xlsx":
            raise UsageError(
                "Bảng tổng hợp được ghi dạng .xlsx: hãy đặt tên tệp kết thúc bằng .xlsx."
            )
        check_target(target, force, protected=input_paths(loaded, path))
        outcome = write_summary(report, loaded, target, force=force, folder=path)
        if outcome.backup:
            say(f"Đã giữ tệp cũ thành {outcome.backup}.")
        say(f"Đã ghi bảng tổng hợp: {outcome.path}")

    @app.command("report")
    @handle_errors
    def report(
        folder: FolderArg = None,
        quarter: QuarterOpt = None,
        month: MonthOpt = None,
        year: YearOpt = None,
        output: OutputOpt = None,
        number: NumberOpt = None,
        date: DateOpt = None,
        pdf: Annotated[
            bool, typer.Option("--pdf", help="Ghi thêm bản PDF (cần LibreOffice).")
        ] = False,
        force: ForceOpt = False,
        strict: StrictOpt = False,
        settings: SettingsOpt = None,
        take_newer: TakeNewerOpt = False,
        rank_appendix: Annotated[
            bool,
            typer.Option(
                "--xep-hang",
                help="Thêm phụ lục đánh giá, xếp hạng đơn vị (theo xep-hang.yaml nếu có).",
            ),
        ] = False,
        # charts: figures and last year's summary in the report (issue 12)
        charts: Annotated[
            bool,
            typer.Option(
                "--bieu-do",
                help="Chèn biểu đồ mức đạt theo chỉ tiêu và tiến độ qua các quý "
                "(cần gói dean5299[bieu-do]).",
            ),
        ] = False,
        last_year: Annotated[
            Path | None,
            typer.Option(
                "--nam-truoc",
                metavar="TỆP",
                help="Bảng tổng hợp (.xlsx) cùng kỳ năm trước, để so sánh với cùng kỳ.",
                dir_okay=False,
            ),
        ] = None,
    ) -> None:
        """Lập báo cáo Word theo thể thức văn bản của Đoàn, sẵn sàng trình ký; cập nhật bảng tổng hợp.

        Ví dụ:

        dean5299 report --quarter IV

        dean5299 report --quarter IV --so 45 --ngay 05/10/2024

        dean5299 report --quarter IV --year 2023 --pdf --force

        dean5299 report --quarter III --strict

        dean5299 report --quarter IV --xep-hang --force

        dean5299 report --quarter IV --bieu-do --nam-truoc tong-hop-5299-2022-quy-4.xlsx
        """
        from dean5299_cli.cli.cmd_validate import load_report
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.core.report_date import refuse_implausible_date
        from dean5299_cli.reporting import (
            convert_to_pdf,
            refuse_placeholders,
            review_path,
            write_report,
            write_review,
        )
        from dean5299_cli.workspace import input_paths
        from dean5299_cli.writers.atomic import check_target

        signed_on = report_date(date, dt.date.today())
        signed_number = report_number(number)
        loaded, path, validation = load_report(
            folder, settings, year, quarter, show_progress=True, month=month
        )
        if loaded is None:
            raise UsageError(
                "Lập báo cáo cần tệp cấu hình don-vi.yaml (tên đơn vị, người ký, nơi nhận). "
                "Chạy `dean5299 init` hoặc dùng --settings."
            )
        refuse_placeholders(loaded)  # a starter file's `<TÊN …>` never reaches a signed report
        refuse_implausible_date(loaded, validation.year, validation.quarter)
        if take_newer:
            validation = _newer_only(path, validation, loaded)
        _tell_problems(validation, strict)
        target = output or _default_output(
            loaded, path, "bao-cao-5299", validation.year, validation.quarter, ".docx"
        )
        if target.suffix.lower() != ".docx":
            raise UsageError("Báo cáo được ghi dạng .docx: hãy đặt tên tệp kết thúc bằng .docx.")
        pdf_path = target.with_suffix(".pdf")
        _tell_hand_edits(target, force)
        check_target(target, force, protected=input_paths(loaded, path))
        if pdf:
            check_target(pdf_path, force, protected=input_paths(loaded, path))
        extend = None
        if rank_appendix:
            from dean5299_cli.rank_job import report_appendix

            extend = report_appendix(validation, loaded, path)
        outcome = write_report(
            validation,
            loaded,
            target,
            force=force,
            extend=extend,
            number=signed_number,
            date=signed_on,
            charts=charts,  # charts
            last_year=last_year,  # charts
        )
        for note in outcome.notes:
            say(note)
        if outcome.backup:
            say(f"Đã giữ tệp cũ thành {outcome.backup}.")
        if outcome.hand_edited and outcome.backup:
            say(
                f"Chú ý: tệp báo cáo cũ đã được sửa tay (hoặc lưu lại bằng Word) sau khi chương "
                f"trình ghi; các chỗ sửa đó KHÔNG có trong báo cáo mới mà nằm ở bản sao lưu "
                f"{outcome.backup}. Nếu cần, chép lại nội dung sửa vào tệp phần lời."
            )
        say(f"Đã ghi báo cáo: {outcome.path}")
        _refresh_summary(validation, loaded, path, target, force, signed_on)
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


def _tell_hand_edits(target: Path, force: bool) -> None:
    """Before replacing a report the clerk edited in Word, say so (the write itself then refuses
    without --force, or keeps the old file as a backup with it)."""
    from dean5299_cli.writers.docx_stamp import EditState, edit_state

    if target.is_file() and edit_state(target) is EditState.EDITED:
        if force:
            say(
                f"Chú ý: {target} đã được sửa tay sau khi chương trình ghi; với --force, các chỗ "
                "sửa đó sẽ chuyển vào bản sao lưu (tên ở dưới), báo cáo mới không có chúng."
            )
        else:
            say(f"Chú ý: {target} đã được sửa tay sau khi chương trình ghi.")


def _refresh_summary(
    validation: ValidationReport,
    loaded: LoadedSettings,
    folder: Path,
    report_path: Path,
    force: bool,
    date: dt.date | None,
) -> None:
    """Write the summary workbook beside the report (same --force rules), or say it is stale."""
    from dean5299_cli.core.periods import period_slug
    from dean5299_cli.reporting import stale_inputs, write_summary

    slug = period_slug(validation.quarter)
    target = report_path.parent / f"tong-hop-5299-{validation.year}-{slug}.xlsx"
    if force or not target.exists():
        outcome = write_summary(validation, loaded, target, force=force, folder=folder, date=date)
        if outcome.backup:
            say(f"Đã giữ bảng tổng hợp cũ thành {outcome.backup}.")
        say(f"Đã ghi bảng tổng hợp: {outcome.path}")
        return
    inputs = [folder / f.file for f in validation.files] + [loaded.path]
    newer = stale_inputs(target, inputs)
    if newer:
        say(
            f"Bảng tổng hợp {target} đã CŨ: {len(newer)} tệp đã sửa sau khi bảng được ghi "
            f'(mới nhất: "{newer[0].name}"). Chạy lại với --force để cập nhật.'
        )
    else:
        say(f"Bảng tổng hợp {target} đã có và không cũ hơn số liệu: giữ nguyên.")


def _newer_only(
    folder: Path, report: ValidationReport, loaded: LoadedSettings | None
) -> ValidationReport:
    """`--lay-moi-nhat`: set each duplicate's older copy aside, and say which were."""
    from dean5299_cli.core.duplicates_diff import Basis
    from dean5299_cli.duplicates import newer_copies_only

    again, comparisons = newer_copies_only(folder, report, loaded)
    for c in comparisons:
        if c.basis is not Basis.UNKNOWN:
            say(f'Lấy tệp mới hơn "{c.newer.file}", bỏ qua "{c.older.file}" (--lay-moi-nhat).')
    return again
