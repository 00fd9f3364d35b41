"""The job behind `dean5299 rank`: from a checked folder to rankings, grades and progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.figures import Figures
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.levels import words_for
from dean5299_cli.core.numbers import Rounding
from dean5299_cli.core.periods import period_name
from dean5299_cli.core.progress import Progress, build_progress
from dean5299_cli.core.rank_input import RankInput, build_input
from dean5299_cli.core.ranking import IndicatorRanking, rank_all
from dean5299_cli.core.rubric import RUBRIC_NAME, Rubric, load_rubric
from dean5299_cli.core.scoring import Evaluation, evaluate
from dean5299_cli.core.settings import LoadedSettings
from dean5299_cli.reporting import figures_of
from dean5299_cli.resources import data_dir

if TYPE_CHECKING:
    from openpyxl import Workbook


@dataclass(frozen=True)
class RankResult:
    data: RankInput
    rankings: tuple[IndicatorRanking, ...]
    progress: Progress
    rounding: Rounding
    rubric: Rubric | None = None
    rubric_path: Path | None = None
    evaluations: tuple[Evaluation, ...] = ()


def example_rubric() -> Path:
    """The shipped example rubric (to copy and adapt; not an official one)."""
    return data_dir("templates") / "init" / RUBRIC_NAME


def write_example_rubric(loaded: LoadedSettings | None, where: Path | None = None) -> Path:
    """Write the example rubric to `where` (--rubric), else as `xep-hang.yaml` beside the
    settings (else in the current folder), for the clerk to adapt; never over a file already
    there (it may be an edited rubric)."""
    from dean5299_cli.core.errors import UsageError
    from dean5299_cli.writers.atomic import write_atomic

    target = where if where is not None else _rubric_beside(loaded)
    if target.exists():
        raise UsageError(
            f"Đã có {target}: giữ nguyên. Sửa tệp đó, hoặc đổi tên nó rồi chạy lại lệnh này."
        )
    text = example_rubric().read_text(encoding="utf-8")

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)

    write_atomic(target, write)
    return target


def _rubric_beside(loaded: LoadedSettings | None) -> Path:
    """Where the rubric of the working folder is: `xep-hang.yaml` beside the settings, else in
    the current folder (where `--tao-thang-diem` writes it, and `rank` then finds it)."""
    return (loaded.folder if loaded is not None else Path.cwd()) / RUBRIC_NAME


def find_rubric(loaded: LoadedSettings | None, explicit: Path | None) -> Path | None:
    """The rubric given with --rubric, else the working folder's (`_rubric_beside`), else None."""
    if explicit is not None:
        return explicit
    beside = _rubric_beside(loaded)
    return beside if beside.is_file() else None


def file_dates(folder: Path, files: list[str]) -> dict[str, dt.date]:
    """Modification dates of the submission files (relative paths), where they can be read."""
    dates: dict[str, dt.date] = {}
    for rel in files:
        try:
            stamp = (folder / rel).stat().st_mtime
        except OSError:
            continue
        dates[rel] = dt.datetime.fromtimestamp(stamp).date()
    return dates


def run_rank(
    report: ValidationReport,
    loaded: LoadedSettings | None,
    folder: Path | None,
    rubric_path: Path | None,
    figures: Figures | None = None,
    rubric: Rubric | None = None,
) -> RankResult:
    """Rank every indicator, evaluate with the rubric when there is one, and build progress."""
    settings = loaded.settings if loaded else None
    figures = figures or figures_of(report, loaded)
    dates = file_dates(folder, [s.file for s in report.current]) if folder else {}
    data = build_input(report, figures, settings, dates)
    if rubric is None and rubric_path is not None:
        rubric = load_rubric(rubric_path)
    if rubric is not None:
        _refuse_unknown_indicators(rubric, rubric_path, data.indicator_set)
    rounding = settings.rounding.to_rounding() if settings else Rounding()
    return RankResult(
        data=data,
        rankings=rank_all(data, rounding),
        progress=build_progress(data),
        rounding=rounding,
        rubric=rubric,
        rubric_path=rubric_path,
        evaluations=evaluate(rubric, data, rounding) if rubric else (),
    )


def _refuse_unknown_indicators(
    rubric: Rubric, path: Path | None, indicator_set: IndicatorSet
) -> None:
    """ConfigError (exit 3) when the rubric's `indicators.overrides` names an indicator the
    year's set does not have (a slip: `99`, or last year's numbering)."""
    numbers = [indicator.number for indicator in indicator_set.indicators]
    unknown = sorted(set(rubric.indicators.overrides) - set(numbers))  # would never apply
    if not unknown:
        return
    where = f"Tệp {path}, khóa" if path is not None else "Khóa"
    raise ConfigError(
        f"{where} `indicators.overrides`: chỉ tiêu {', '.join(map(str, unknown))} không có trong "
        f"bộ chỉ tiêu năm {indicator_set.year} (có các chỉ tiêu {', '.join(map(str, numbers))}); "
        "sửa số chỉ tiêu hoặc xóa mục đó.",
        paths=(path,) if path is not None else (),
    )


def whole_area_label(loaded: LoadedSettings | None) -> str:
    """`Toàn …` for the office line of tables and charts."""
    if loaded is None:
        return "Tổng cộng"
    whole = words_for(loaded.settings).whole_area
    return whole[:1].upper() + whole[1:]


def summary_extension(
    report: ValidationReport,
    loaded: LoadedSettings | None,
    folder: Path | None,
    figures: Figures,
    result: RankResult | None = None,
) -> Callable[[Workbook], None]:
    """What the summary workbook gains: charts, ranking (with the rubric beside the settings,
    if any), ranks per indicator and progress by quarter; `result`: the ranking, when the caller
    already has it (`report --xep-hang` ranks once for the report and the summary)."""
    if result is None:
        result = run_rank(report, loaded, folder, find_rubric(loaded, None), figures)
    whole = whole_area_label(loaded)
    period = period_name(report.year, report.quarter)

    def extend(wb: Workbook) -> None:
        from dean5299_cli.writers.charts import add_charts
        from dean5299_cli.writers.rank_xlsx import (
            add_evaluation_sheet,
            add_indicator_sheet,
            add_progress_sheet,
        )

        add_charts(
            wb, result.rankings, result.progress, result.rounding, whole=whole, period=period
        )
        if result.rubric is not None:
            numbers = [r.indicator.number for r in result.rankings]
            add_evaluation_sheet(
                wb, result.evaluations, numbers, f"ĐÁNH GIÁ, XẾP HẠNG {period.upper()}"
            )
        title = f"XẾP HẠNG THEO TỪNG CHỈ TIÊU {period.upper()}"
        add_indicator_sheet(wb, result.rankings, result.rounding, title)
        add_progress_sheet(wb, result.progress, result.rounding, whole)
        wb.move_sheet("Số liệu biểu đồ", offset=len(wb.sheetnames))  # chart data last

    return extend


def report_ranking(
    report: ValidationReport, loaded: LoadedSettings, folder: Path | None, figures: Figures
) -> RankResult:
    """The ranking `report --xep-hang` shows, in the report and in the summary (rubric beside the
    settings, if any)."""
    return run_rank(report, loaded, folder, find_rubric(loaded, None), figures)


def report_appendix(report: ValidationReport, result: RankResult) -> Callable[[Path], None]:
    """What `report --xep-hang` appends to the Word report."""
    period = period_name(report.year, report.quarter)

    def extend(path: Path) -> None:
        from dean5299_cli.writers.rank_docx import append_rank_appendix

        append_rank_appendix(
            path,
            result.rankings,
            result.evaluations,
            result.rounding,
            period=period,
            rubric_title=result.rubric.title if result.rubric else None,
        )

    return extend


def rank_output(loaded: LoadedSettings | None, folder: Path, year: int, quarter: int) -> Path:
    """The default workbook: `ket-qua/xep-hang-5299-<year>-quy-<quarter>.xlsx`."""
    base = loaded.resolve(loaded.settings.output) if loaded else folder.parent / "ket-qua"
    return base / f"xep-hang-5299-{year}-quy-{quarter}.xlsx"


def write_rank_workbook(
    result: RankResult, target: Path, loaded: LoadedSettings | None, *, force: bool
) -> Path | None:
    """Write the ranking workbook atomically; returns the backup of an older file, if any."""
    from dean5299_cli.writers.atomic import write_atomic
    from dean5299_cli.writers.rank_xlsx import build_rank_workbook

    period = period_name(result.data.year, result.data.quarter)
    return write_atomic(
        target,
        lambda tmp: build_rank_workbook(
            tmp,
            result.rankings,
            result.evaluations,
            result.progress,
            result.rounding,
            period=period,
            whole=whole_area_label(loaded),
            rubric=result.rubric,
            rubric_source=str(result.rubric_path or ""),
        ),
        force=force,
    )


def result_json(result: RankResult) -> dict[str, object]:
    """The JSON of `rank --json` for this result."""
    from dean5299_cli.core.rank_json import rank_json

    return rank_json(
        result.data.year,
        result.data.quarter,
        result.rankings,
        result.evaluations,
        result.progress,
        result.rounding,
        str(result.rubric_path) if result.rubric_path else None,
    )
