"""Resolve what every command needs from options and the working folder: settings, year, quarter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.errors import UsageError
from dean5299_cli.core.indicator_sets import library_of
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.periods import month_code, month_of, parse_quarter, period_code
from dean5299_cli.core.settings import LoadedSettings, locate_settings

if TYPE_CHECKING:
    from dean5299_cli.core.checking.records import ValidationReport


def settings_or_none(explicit: Path | None) -> LoadedSettings | None:
    return locate_settings(explicit)


def quarter_option(value: str | None) -> int | None:
    if value is None:
        return None
    quarter = parse_quarter(value)
    if quarter is None:
        raise UsageError(f'Quý "{value}" không hợp lệ: dùng I, II, III, IV, 1–4 hoặc Q1–Q4.')
    return quarter


def period_option(quarter: str | None, month: str | None) -> int | None:
    """The period code of `--quarter` or `--month` (core/periods.py); never both."""
    if month is None:
        return quarter_option(quarter)
    if quarter is not None:
        raise UsageError(
            "Chỉ chọn một kỳ báo cáo: --quarter (quý) hoặc --month (tháng), không cả hai."
        )
    text = month.strip()
    number = int(text) if text.isascii() and text.isdigit() else month_of(period_code(text) or 0)
    if number is None or not 1 <= number <= 12:
        raise UsageError(f'Tháng "{month}" không hợp lệ: dùng số từ 1 đến 12.')
    return month_code(number)


def default_year(loaded: LoadedSettings | None = None) -> int:
    """The current year if a set exists for it (working folder or shipped), else the latest
    earlier set, saying so on standard error: the year is never replaced silently."""
    return choose_set(None, loaded)[0]


def choose_set(year: int | None, loaded: LoadedSettings | None) -> tuple[int, IndicatorSet]:
    """The year and indicator set a command uses (the asked year must have a set)."""
    from dean5299_cli.cli.errors import say

    library = library_of(loaded)
    choice = library.choose(year, dt.date.today().year)
    if choice.notice:
        say(choice.notice)
    return choice.year, library.load(choice.year)


def submissions_folder(folder: Path | None, loaded: LoadedSettings | None) -> Path:
    if folder is not None:
        if folder.is_file():  # `validate BC-Phuoc-Son.xlsx`: one file given for the folder
            raise UsageError(
                f"{folder} là một tệp, không phải thư mục: ghi thư mục chứa các tệp báo cáo "
                f"(ví dụ {folder.parent if str(folder.parent) != '.' else 'bao-cao-don-vi'}).",
                paths=(folder, folder.parent),
            )
        if not folder.is_dir():
            raise UsageError(f"Không có thư mục {folder}.", paths=(folder,))
        return folder
    if loaded is None:
        raise UsageError(
            "Chưa chỉ ra thư mục báo cáo và không tìm thấy don-vi.yaml ở thư mục hiện tại "
            "hay thư mục cha. Chạy `dean5299 init` để tạo thư mục làm việc, hoặc ghi rõ thư mục."
        )
    path = loaded.resolve(loaded.settings.submissions)
    if not path.is_dir():
        raise UsageError(
            f"Không có thư mục báo cáo {path} (khóa `submissions` của {loaded.path}).",
            paths=(path, loaded.path),
        )
    return path


def notices_before_writing(
    report: ValidationReport, loaded: LoadedSettings | None = None
) -> list[str]:
    """What the console says before a summary or report is written, besides the units left out
    (report_steps.tell_left_out): targets that look typed wrong, and the office's own targets
    given for other years but not this one (`2032:` typed for 2023: compared with the set's
    targets without a word)."""
    from dean5299_cli.core.validation_view import period_notices

    lines = period_notices(report, loaded.settings if loaded else None)
    lines += [f"Cảnh báo: {p.message}" for p in report.problems if p.code == "target-suspect"]
    return lines + target_notices(report.year, loaded)


def target_notices(year: int, loaded: LoadedSettings | None) -> list[str]:
    """What the year's targets lack, said by validate too (the clerk's first command of a new
    year): the office's own targets given for other years only, a set still as copied."""
    years = sorted(loaded.settings.targets) if loaded else []
    lines = []
    if loaded and years and year not in years:
        lines.append(_no_targets_of_the_year(loaded, years, year))
    return lines + _copied_set(year, loaded)


def _copied_set(year: int, loaded: LoadedSettings | None) -> list[str]:
    """The year's set as `targets --new` wrote it, not yet changed: its rates, minimums and the
    targets in its titles are the copied year's, printed in the report and used for its
    achievement; said before writing, every time until the set is edited."""
    from dean5299_cli.core.set_scaffold import still_copied

    library = library_of(loaded)
    path = library.paths().get(year)
    if path is None or not still_copied((set_ := library.load(year)).source, year):
        return []
    return [
        f"Cảnh báo: Bộ chỉ tiêu năm {year} ({path}) vẫn là bản chép chưa sửa (dòng `source`: "
        f"“{set_.source}”): tỷ lệ, mức tối thiểu, chỉ tiêu ghi trong tên các chỉ tiêu vẫn là số "
        f"của bộ cũ (hạn chỉ được đổi sang năm {year}), được in vào báo cáo và dùng để tính mức "
        f"đạt. Sửa các con số và dòng `source` theo văn bản giao chỉ tiêu năm {year} trước khi "
        "trình ký."
    ]


def _no_targets_of_the_year(loaded: LoadedSettings, years: list[int], year: int) -> str:
    """The office's own targets are given for other years only (a new year begun, a year typed
    wrong): another year's targets are never used, and a count has no target without them (the
    report then states the result only), so the notice says that and what to add, not that the
    results are compared with the set's targets (only its rates and per-unit minimums are)."""
    return (
        f"Lưu ý: {loaded.path} có chỉ tiêu giao (khóa `targets`) cho năm "
        f"{', '.join(map(str, years))} nhưng không có năm {year}: chỉ tiêu giao của năm khác "
        f"không được dùng; kết quả chỉ được so với tỷ lệ, mức tối thiểu mỗi đơn vị của bộ chỉ "
        f"tiêu năm {year}, các chỉ tiêu khác chỉ nêu kết quả. Khi có văn bản giao chỉ tiêu năm "
        f"{year}, thêm mục `{year}:` vào khóa `targets` rồi chạy lại lệnh."
    )
