"""The main job, from a checked folder to the consolidated workbook and the Word report."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.errors import ConfigError, OutputError
from dean5299_cli.core.figures import Figures, compute_figures
from dean5299_cli.core.indicator_sets import library_of
from dean5299_cli.core.levels import words_for
from dean5299_cli.core.listing import Listing
from dean5299_cli.core.narrative import Narrative, parse_narrative
from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.periods import period_name, period_slug, quarter_label
from dean5299_cli.core.placeholders import describe, in_narrative, in_yaml
from dean5299_cli.core.progress import Progress
from dean5299_cli.core.report_build import build_model
from dean5299_cli.core.report_progress import LastYear
from dean5299_cli.core.report_units import unit_statuses
from dean5299_cli.core.settings import LoadedSettings
from dean5299_cli.core.textfile import read_text_file
from dean5299_cli.resources import data_dir
from dean5299_cli.workspace import input_paths
from dean5299_cli.writers.atomic import write_atomic
from dean5299_cli.writers.docx_stamp import EditState, edit_state, stamp

if TYPE_CHECKING:
    from dean5299_cli.rank_job import RankResult
    from dean5299_cli.writers.ahead import Ahead
    from dean5299_cli.writers.summary_frame import Heading


@dataclass(frozen=True)
class Outcome:
    path: Path
    backup: Path | None
    figures: Figures
    notes: tuple[str | Listing, ...] = ()  # said to the clerk after writing
    hand_edited: bool = False  # the replaced report had been edited since it was written
    named: tuple[Path, ...] = ()  # paths the notes name (kept whole when a line is wrapped)


def figures_of(report: ValidationReport, loaded: LoadedSettings | None) -> Figures:
    ind_set = library_of(loaded).load(report.year)
    return compute_figures(report, ind_set, loaded.settings if loaded else None)


def load_narrative(loaded: LoadedSettings, year: int, quarter: int) -> tuple[Narrative, str | None]:
    """The clerk's narrative (never modified); the default text when the file does not exist."""
    path = loaded.resolve(loaded.settings.narrative)
    note = None
    if path.is_file():
        text = read_text_file(path)
    else:
        text = (data_dir("templates") / "init" / "noi-dung-bao-cao.md").read_text(encoding="utf-8")
        note = f"Chưa có tệp phần lời {path}: dùng nội dung mặc định."
    period = period_name(year, quarter)
    from dean5299_cli.core.levels import narrative_placeholders

    placeholders = {"ky": period, "nam": str(year), "quy": quarter_label(quarter)}
    return parse_narrative(text, {**narrative_placeholders(loaded.settings), **placeholders}), note


def summary_heading(loaded: LoadedSettings | None, date: dt.date) -> Heading | None:
    """The title block and signer of the summary, from the settings (None without settings)."""
    from dean5299_cli.writers.summary_frame import Heading

    if loaded is None:
        return None
    s = loaded.settings
    signer = (s.signer.on_behalf, s.signer.title, s.signer.name)
    return Heading(s.parent_body, s.issuing_body, s.place, date, signer)


def summary_builder(
    report: ValidationReport,
    loaded: LoadedSettings | None,
    *,
    folder: Path | None = None,
    date: dt.date | None = None,
    figures: Figures | None = None,
    rank: RankResult | None = None,
) -> Callable[[Path], None]:
    """What writes the summary workbook to a path, everything it needs computed now (a bad
    rubric or export stops it here); its date is the report's (`date`, the settings', or today);
    `figures`, `rank`: those of `report` when the caller already has them."""
    from dean5299_cli.core.levels import office_name
    from dean5299_cli.rank_job import summary_extension
    from dean5299_cli.verify.summary_sheet import with_reconcile
    from dean5299_cli.writers.summary_xlsx import build_summary

    figures = figures or figures_of(report, loaded)
    extend = with_reconcile(
        summary_extension(report, loaded, folder, figures, rank), report, loaded
    )
    settings = loaded.settings if loaded else None
    rounding = settings.rounding.to_rounding() if settings else None
    signed_on = date or (settings.report.date if settings else None) or dt.date.today()
    return lambda path: build_summary(
        figures,
        path,
        rounding=rounding or Rounding(),
        problems=report.problems,
        total_label=f"Tổng cộng {words_for(settings).whole_area}" if settings else "Tổng cộng",
        office=office_name(settings) if settings else None,
        statuses=unit_statuses(report, settings),
        heading=summary_heading(loaded, signed_on),
        extend=extend,
    )


def write_summary(
    report: ValidationReport,
    loaded: LoadedSettings | None,
    output: Path,
    *,
    force: bool,
    folder: Path | None = None,
    date: dt.date | None = None,
    figures: Figures | None = None,
    rank: RankResult | None = None,
    ahead: Ahead | None = None,
) -> Outcome:
    """Write the summary workbook (see `summary_builder`); `ahead`: a child that built it
    meanwhile from the same arguments (`writers.ahead`), whose file is used when it finished it."""
    figures = figures or figures_of(report, loaded)
    write: Callable[[Path], None]
    if ahead is not None and ahead.finished():
        write = ahead.take
    else:
        write = summary_builder(
            report, loaded, folder=folder, date=date, figures=figures, rank=rank
        )
    backup = write_atomic(output, write, force=force, protected=input_paths(loaded))
    return Outcome(output, backup, figures)


def write_report(
    report: ValidationReport,
    loaded: LoadedSettings,
    output: Path,
    *,
    force: bool,
    today: dt.date | None = None,
    extend: Callable[[Path], None] | None = None,
    number: str | None = None,
    date: dt.date | None = None,
    charts: bool = False,  # --bieu-do (settings report.charts also asks for them)
    last_year: Path | None = None,  # --nam-truoc: last year's summary workbook
    figures: Figures | None = None,  # those of `report`, when the caller already has them
) -> Outcome:
    """Write the Word report, stamped with the hash of its body; `number`/`date` (from the command
    line) win over the settings, and the date defaults to today."""
    from dean5299_cli.writers.report_docx import render_report

    settings = loaded.settings
    figures = figures or figures_of(report, loaded)
    narrative, note = load_narrative(loaded, report.year, report.quarter)
    charts = charts or settings.report.charts
    model = build_model(
        figures,
        settings,
        narrative,
        unit_statuses(report, settings),
        date=date or settings.report.date or today or dt.date.today(),
        number=number,
        # progress is said in words only when asked, and drawn with the charts
        progress=(
            _progress(report, figures, loaded)
            if charts or settings.report.progress_sentence
            else None
        ),
        last_year=_last_year(last_year, figures, report, loaded),
        charts=charts,
    )
    template = loaded.resolve(settings.template) if settings.template else None
    edited = output.is_file() and edit_state(output) is EditState.EDITED

    def write(tmp: Path) -> None:
        render_report(model, tmp, template)
        if extend is not None:  # e.g. the ranking appendix (writers/rank_docx.py)
            extend(tmp)
        stamp(tmp)  # last: the hash is of the body as written

    backup = write_atomic(output, write, force=force, protected=input_paths(loaded))
    notes = model.notices + ((note,) if note else ())  # whom to call first
    named = (loaded.resolve(settings.narrative),) if note else ()
    return Outcome(output, backup, figures, notes, hand_edited=edited, named=named)


def refuse_placeholders(loaded: LoadedSettings) -> None:
    """ConfigError (exit 3) listing the `<…>`/`‹…›` left from `init` in the settings or narrative."""
    found = in_yaml(read_text_file(loaded.path), loaded.path.name)
    narrative = loaded.resolve(loaded.settings.narrative)
    if narrative.is_file():
        found += in_narrative(read_text_file(narrative), narrative.name)
    if found:
        raise ConfigError(
            f"Chưa lập báo cáo: còn {len(found)} chỗ mẫu <…> chưa thay bằng nội dung thật "
            f"({describe(found)}). Sửa các chỗ đó (xóa dòng lời nhắc trong phần lời) rồi chạy lại."
        )


def stale_inputs(output: Path, inputs: list[Path]) -> list[Path]:
    """The inputs modified after `output` was written (newest first); [] when it is up to date."""
    try:
        written = output.stat().st_mtime
    except OSError:
        return []
    newer = []
    for path in inputs:
        try:
            modified = path.stat().st_mtime
        except OSError:
            continue
        if modified > written:
            newer.append((modified, path))
    return [p for _, p in sorted(newer, reverse=True)]


def _progress(report: ValidationReport, figures: Figures, loaded: LoadedSettings) -> Progress:
    """Cumulative figures by quarter (history in the folder), for the report's progress text."""
    from dean5299_cli.core.progress import build_progress
    from dean5299_cli.core.rank_input import build_input

    return build_progress(build_input(report, figures, loaded.settings))


def _last_year(
    path: Path | None, figures: Figures, report: ValidationReport, loaded: LoadedSettings
) -> LastYear | None:
    """`--nam-truoc`: read with LAST year's indicator set (numbers and codes change by year)."""
    from dean5299_cli.last_year import read_last_year

    if path is None:
        return None
    last_set = library_of(loaded).load(report.year - 1)
    settings = loaded.settings
    members = settings.directory() if settings.units else None
    return read_last_year(
        path, figures.indicator_set, last_set, report.year, report.quarter, members
    )


def review_path(report_path: Path, year: int, quarter: int) -> Path:
    """The clerk's review workbook, beside the report: `ra-soat-2023-quy-4.xlsx`."""
    return report_path.parent / f"ra-soat-{year}-{period_slug(quarter)}.xlsx"


def write_review(
    report: ValidationReport, loaded: LoadedSettings, figures: Figures, output: Path
) -> Path:
    """Write the internal review workbook; it is derived from the inputs, so it is replaced on
    every run without a backup copy."""
    from dean5299_cli.writers.review_xlsx import build_review

    statuses = unit_statuses(report, loaded.settings)
    backup = write_atomic(
        output,
        lambda tmp: build_review(tmp, report.problems, figures, statuses),
        force=True,
        protected=input_paths(loaded),
        mark="review",  # never read back as a submission, unlike a summary
    )
    if backup is not None:
        backup.unlink(missing_ok=True)
    return output


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx: Path, pdf: Path, *, force: bool) -> Path | None:
    """Write `pdf` from `docx` with LibreOffice; OutputError when it is not installed or fails."""
    program = soffice()
    if program is None:
        raise OutputError(
            "Đã ghi tệp Word nhưng chưa tạo được PDF: máy chưa cài LibreOffice (soffice). "
            "Cài LibreOffice rồi chạy lại với --pdf, hoặc mở tệp Word và lưu dạng PDF."
        )

    def convert(tmp: Path) -> None:
        with tempfile.TemporaryDirectory() as work:
            try:
                subprocess.run(
                    [
                        program,
                        "--headless",
                        f"-env:UserInstallation=file:///{Path(work).as_posix().lstrip('/')}/profile",
                        "--convert-to",
                        "pdf",
                        "--outdir",
                        work,
                        str(docx),
                    ],
                    check=True,
                    capture_output=True,
                    timeout=180,
                )
            except (subprocess.SubprocessError, OSError) as exc:
                raise OutputError(
                    f"LibreOffice không chuyển được {docx} sang PDF ({exc})."
                ) from exc
            produced = Path(work) / (docx.stem + ".pdf")
            if not produced.is_file():
                raise OutputError(f"LibreOffice không tạo ra tệp PDF cho {docx}.", paths=(docx,))
            shutil.copyfile(produced, tmp)

    return write_atomic(pdf, convert, force=force)
