"""The steps of `summary` and `report` after the options are read: what is said before writing,
where outputs go, the signed report with its summary, review workbook and PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.cli.errors import say
from dean5299_cli.core.listing import Listing
from dean5299_cli.core.numbers import format_int

if TYPE_CHECKING:
    from dean5299_cli.core.checks import ValidationReport
    from dean5299_cli.core.figures import Figures
    from dean5299_cli.core.settings import LoadedSettings
    from dean5299_cli.rank_job import RankResult
    from dean5299_cli.reporting import Outcome
    from dean5299_cli.writers.ahead import Ahead

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


def tell_problems(
    report: ValidationReport,
    strict: bool,
    choosable: AbstractSet[tuple[str, str]] = frozenset(),
    loaded: LoadedSettings | None = None,
) -> None:
    """Say what the clerk should know before anything is written (`choosable`: the duplicate
    copies `--lay-moi-nhat` would choose between); refuse with --strict when there are problems."""
    from dean5299_cli.cli.context import notices_before_writing
    from dean5299_cli.core.errors import InputError
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.core.status import UnitState

    paths = [loaded.path, *library_of(loaded).paths().values()] if loaded else []
    for line in notices_before_writing(report, loaded):
        say(line, *paths)  # the settings' and sets' paths kept whole when wrapped
    s = report.summary()
    if strict and (s["errors"] or s["warnings"]):
        tell_left_out(report, choosable)  # whom to call, before the refusal
        raise InputError(strict_refusal(report))
    tell_left_out(report, choosable)
    if report.units and not any(u.state is UnitState.REPORTED for u in report.units):
        raise InputError(nobody_counted(report))


def nobody_counted(report: ValidationReport) -> str:
    """A report or summary of no unit's figures is nothing to sign: every line of it would be
    0 and "chưa báo cáo" (a `--year` typed wrong made every file "gửi nhầm" and wrote one)."""
    from dean5299_cli.core.periods import period_name

    return (
        f"Chưa có đơn vị nào được tính vào tổng hợp (0/{format_int(len(report.units))} đơn vị, "
        f"{period_name(report.year, report.quarter)}): chưa ghi kết quả. Xem lý do từng đơn vị ở "
        "trên; chạy `dean5299 validate` để xem chi tiết."
    )


def strict_refusal(report: ValidationReport) -> str:
    """Why --strict writes nothing, in validate's counts (a unit not counted is not also a
    warning): a unit that sent nothing is said as the units counted, not as "0 lỗi, 0 cảnh báo"."""
    from dean5299_cli.core.status import UnitState
    from dean5299_cli.core.validation_view import shown_warnings

    errors, warnings = report.summary()["errors"], shown_warnings(report)
    counted = sum(1 for u in report.units if u.state is UnitState.REPORTED)
    units = f"{format_int(counted)}/{format_int(len(report.units))} đơn vị được tính vào tổng hợp"
    if not errors and not warnings:
        return f"Mới có {units} (--strict): chưa ghi kết quả."
    what = f"{format_int(errors)} lỗi, {format_int(warnings)} cảnh báo"
    if counted < len(report.units):
        what += f"; {units}"
    return f"Có {what} (--strict): chưa ghi kết quả. Chạy `dean5299 validate` để xem chi tiết."


def tell_left_out(report: ValidationReport, choosable: AbstractSet[tuple[str, str]] = frozenset()) -> None:
    """Every unit not counted, once, with its reason: the lines of validate's list of units to
    call (an unreadable file is "sửa 1 lỗi: Không đọc được tệp…", never "chưa gửi"); then the
    lower offices' summaries counted though they leave member units out (`partial_summaries`)."""
    from dean5299_cli.core.validation_view import left_out, partial_summaries

    found = left_out(report, choosable)
    if found is not None:
        say_listing(found)
    partial = partial_summaries(report)
    if partial is not None:  # counted, but covering fewer of its own units than it lists
        say_listing(partial)


def say_listing(listing: Listing) -> None:
    """A heading, one indented line per unit (wrapped under itself), the closing advice: as wide
    as the console, at most MAX_WIDTH."""
    from dean5299_cli.cli.lines import console_width, wrap

    width = console_width()
    lines = wrap(listing.heading, width, "", "  ")
    for line in listing.lines:
        lines += wrap(line, width, "  ", "      ")
    if listing.closing:
        lines += wrap(listing.closing, width, "", "  ")
    say("\n".join(lines))


def default_output(
    loaded: LoadedSettings | None, folder: Path, stem: str, year: int, quarter: int, suffix: str
) -> Path:
    from dean5299_cli.core.periods import period_slug

    base = loaded.resolve(loaded.settings.output) if loaded else folder.parent
    return base / f"{stem}-{year}-{period_slug(quarter)}{suffix}"


def tell_hand_edits(target: Path, force: bool) -> None:
    """Before replacing a report the clerk edited in Word, say so (the write itself then refuses
    without --force, or keeps the old file as a backup with it)."""
    from dean5299_cli.writers.docx_stamp import EditState, edit_state

    if target.is_file() and edit_state(target) is EditState.EDITED:
        if force:
            say(
                f"Chú ý: {target} đã được sửa tay sau khi chương trình ghi; với --force, các chỗ "
                "sửa đó sẽ chuyển vào bản sao lưu (tên ở dưới), báo cáo mới không có chúng.",
                target,
            )
        else:
            say(f"Chú ý: {target} đã được sửa tay sau khi chương trình ghi.", target)


def summary_path(report_path: Path, validation: ValidationReport) -> Path:
    """The summary workbook, beside the report: `tong-hop-5299-2023-quy-4.xlsx`."""
    from dean5299_cli.core.periods import period_slug

    slug = period_slug(validation.quarter)
    return report_path.parent / f"tong-hop-5299-{validation.year}-{slug}.xlsx"


def _summary_due(target: Path, force: bool) -> bool:
    """Whether the summary is written (else only said stale or kept): new, or --force."""
    return force or not target.exists()


def _summary_ahead(target: Path, force: bool, build: Callable[[Path], None]) -> Ahead | None:
    """The summary workbook `target` built by `build` in a child while the Word report is
    written, when it is to be written at all (`refresh_summary`'s rule) and a child can be had."""
    from dean5299_cli.writers.ahead import build_ahead

    return build_ahead(build, target.parent, target.suffix) if _summary_due(target, force) else None


def refresh_summary(
    validation: ValidationReport,
    loaded: LoadedSettings,
    folder: Path,
    report_path: Path,
    force: bool,
    date: dt.date | None,
    figures: Figures | None = None,
    rank: RankResult | None = None,
    ahead: Ahead | None = None,
) -> None:
    """Write the summary workbook beside the report (same --force rules), or say it is stale;
    `figures`, `rank`: the report's, computed once; `ahead`: the child building it meanwhile."""
    from dean5299_cli.reporting import stale_inputs, write_summary

    target = summary_path(report_path, validation)
    if _summary_due(target, force):
        outcome = write_summary(
            validation,
            loaded,
            target,
            force=force,
            folder=folder,
            date=date,
            figures=figures,
            rank=rank,
            ahead=ahead,
        )
        if outcome.backup:
            say(f"Đã giữ bảng tổng hợp cũ thành {outcome.backup}.", outcome.backup)
        say(f"Đã ghi bảng tổng hợp: {outcome.path}", outcome.path)
        return
    inputs = [folder / f.file for f in validation.files] + [loaded.path]
    newer = stale_inputs(target, inputs)
    if newer:
        say(
            f"Bảng tổng hợp {target} đã CŨ: {format_int(len(newer))} tệp đã sửa sau khi bảng được ghi "
            f'(mới nhất: "{newer[0].name}"). Chạy lại với --force để cập nhật.',
            target,
        )
    else:
        say(f"Bảng tổng hợp {target} đã có và không cũ hơn số liệu: giữ nguyên.", target)


def settle_duplicates(
    folder: Path, report: ValidationReport, loaded: LoadedSettings | None, take_newer: bool
) -> tuple[ValidationReport, frozenset[tuple[str, str]]]:
    """The report to go on with, and the duplicate copies `--lay-moi-nhat` would choose between
    (only those are pointed to it). With `take_newer`, each duplicate's older copy is set aside
    and said; for a pair that nothing tells apart (both stay errors), why."""
    from dean5299_cli.core.duplicates_diff import DECIDED, choosable, described, undecided
    from dean5299_cli.duplicates import compare_duplicates, newer_copies_only

    if not take_newer:
        return report, choosable(compare_duplicates(folder, report, loaded, newest=True))
    again, comparisons = newer_copies_only(folder, report, loaded)
    # a file holding other units' sheets too: its sheets set aside are said below, not the file
    partly = {p.file for p in again.problems if p.code == "sheet-set-aside"}
    for c, text in described(comparisons):
        if c.older.file in partly and not undecided(c):
            continue
        if c.basis in DECIDED:
            say(f'Lấy tệp mới hơn "{c.newer.file}", bỏ qua "{c.older.file}" (--lay-moi-nhat).')
        elif not undecided(c):
            say(
                f'Lấy tệp "{c.newer.file}", bỏ qua "{c.older.file}": cùng số liệu (--lay-moi-nhat).'
            )
        else:
            say(text)
    for p in again.problems:  # a unit's older sheet of one file, set aside by its date
        if p.code == "sheet-set-aside":
            say(f'Tệp "{p.file}": {p.message}')
    return again, choosable(comparisons)


@dataclass(frozen=True)
class ReportRequest:
    """What `dean5299 report` was asked for, once the options are read."""

    folder: Path | None
    year: int | None
    quarter: str | None
    month: str | None
    output: Path | None
    number: str | None
    date: str | None
    pdf: bool
    force: bool
    strict: bool
    settings: Path | None
    take_newer: bool
    rank_appendix: bool
    charts: bool
    last_year: Path | None


def run_report(request: ReportRequest) -> None:
    """Check the folder and the settings, then write the signed report and what goes with it."""
    from dean5299_cli.cli.cmd_validate import load_report
    from dean5299_cli.core.errors import UsageError
    from dean5299_cli.core.report_date import outside_window, refuse_implausible_date
    from dean5299_cli.reporting import refuse_placeholders
    from dean5299_cli.workspace import input_paths
    from dean5299_cli.writers.atomic import check_target

    signed_on = report_date(request.date, dt.date.today())
    signed_number = report_number(request.number)
    loaded, path, validation = load_report(
        request.folder,
        request.settings,
        request.year,
        request.quarter,
        show_progress=True,
        month=request.month,
        take_newer=request.take_newer,
    )
    if loaded is None:
        raise UsageError(
            "Lập báo cáo cần tệp cấu hình don-vi.yaml (tên đơn vị, người ký, nơi nhận). "
            "Chạy `dean5299 init` hoặc dùng --settings."
        )
    refuse_placeholders(loaded)  # a starter file's `<TÊN …>` never reaches a signed report
    if request.date is None:  # a date typed with --ngay is used instead: not refused
        refuse_implausible_date(loaded, validation.year, validation.quarter)
    # A date typed, not today (the default, also spelt `hom-nay`): `--ngay 01/01/0001` headed
    # a signed report "năm 1".
    typed = signed_on if signed_on != dt.date.today() else None
    why = outside_window(typed, validation.year, validation.quarter) if typed else None
    if why is not None:
        raise UsageError(f'Ngày báo cáo "{request.date}" {why}.')
    validation, choosable = settle_duplicates(path, validation, loaded, request.take_newer)
    tell_problems(validation, request.strict, choosable, loaded)
    target = request.output or default_output(
        loaded, path, "bao-cao-5299", validation.year, validation.quarter, ".docx"
    )
    if target.suffix.lower() != ".docx":
        raise UsageError("Báo cáo được ghi dạng .docx: hãy đặt tên tệp kết thúc bằng .docx.")
    pdf_path = target.with_suffix(".pdf")
    tell_hand_edits(target, request.force)
    check_target(target, request.force, protected=input_paths(loaded, path))
    if request.pdf:
        check_target(pdf_path, request.force, protected=input_paths(loaded, path))
    _write_all(request, loaded, path, validation, target, signed_on, signed_number)


def _tell_written(outcome: Outcome) -> None:
    """What the clerk is told once the Word report is written."""
    for note in outcome.notes:
        if isinstance(note, Listing):
            say_listing(note)
        else:
            say(note, *outcome.named)
    if outcome.backup:
        say(f"Đã giữ tệp cũ thành {outcome.backup}.", outcome.backup)
    if outcome.hand_edited and outcome.backup:
        say(
            f"Chú ý: tệp báo cáo cũ đã được sửa tay (hoặc lưu lại bằng Word) sau khi chương "
            f"trình ghi; các chỗ sửa đó KHÔNG có trong báo cáo mới mà nằm ở bản sao lưu "
            f"{outcome.backup}. Nếu cần, chép lại nội dung sửa vào tệp phần lời.",
            outcome.backup,
        )
    say(f"Đã ghi báo cáo: {outcome.path}", outcome.path)


def _write_all(
    request: ReportRequest,
    loaded: LoadedSettings,
    path: Path,
    validation: ValidationReport,
    target: Path,
    signed_on: dt.date | None,
    signed_number: str | None,
) -> None:
    """The report (with the ranking appendix if asked), then the summary, review sheet, PDF."""
    from dean5299_cli.reporting import (
        convert_to_pdf,
        figures_of,
        review_path,
        summary_builder,
        write_report,
        write_review,
    )

    pdf_path = target.with_suffix(".pdf")
    figures = figures_of(validation, loaded)
    extend, rank = None, None
    if request.rank_appendix:  # ranked once, for the report's appendix and the summary
        from dean5299_cli.rank_job import report_appendix, report_ranking

        rank = report_ranking(validation, loaded, path, figures)
        extend = report_appendix(validation, rank)
    ahead = _summary_ahead(
        summary_path(target, validation),
        request.force,
        lambda out: summary_builder(
            validation, loaded, folder=path, date=signed_on, figures=figures, rank=rank
        )(out),
    )
    try:
        outcome = write_report(
            validation,
            loaded,
            target,
            force=request.force,
            extend=extend,
            number=signed_number,
            date=signed_on,
            charts=request.charts,
            last_year=request.last_year,
            figures=figures,
        )
        _tell_written(outcome)
        refresh_summary(
            validation,
            loaded,
            path,
            target,
            request.force,
            signed_on,
            outcome.figures,
            rank,
            ahead,
        )
    finally:
        if ahead is not None:
            ahead.cancel()
    review = write_review(
        validation,
        loaded,
        outcome.figures,
        review_path(target, validation.year, validation.quarter),
    )
    say(
        f"Đã ghi bảng rà soát nội bộ (lỗi, cảnh báo, tình trạng từng đơn vị; "
        f"không gửi kèm báo cáo): {review}",
        review,
    )
    if request.pdf:
        backup = convert_to_pdf(target, pdf_path, force=request.force)
        if backup:
            say(f"Đã giữ tệp PDF cũ thành {backup}.", backup)
        say(f"Đã ghi bản PDF: {pdf_path}", pdf_path)
