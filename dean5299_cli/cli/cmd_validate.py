"""`dean5299 validate`: check every submission of a folder."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dean5299_cli.cli.errors import exit_code_for, handle_errors
from dean5299_cli.cli.options import (
    FolderArg,
    JsonOpt,
    MonthOpt,
    QuarterOpt,
    SettingsOpt,
    TakeNewerOpt,
    YearOpt,
)

if TYPE_CHECKING:
    from dean5299_cli.core.checking.records import ValidationReport
    from dean5299_cli.core.settings import LoadedSettings


def load_report(
    folder: Path | None,
    settings: Path | None,
    year: int | None,
    quarter: str | None,
    *,
    show_progress: bool,
    month: str | None = None,
    take_newer: bool = False,
) -> tuple[LoadedSettings | None, Path, ValidationReport]:
    """Settings, folder and the validation report, shared by validate, summary and report;
    `take_newer` (--lay-moi-nhat): the report keeps its reading, to be judged again from it."""
    from dean5299_cli.api import check_folder
    from dean5299_cli.cli.context import period_option, settings_or_none, submissions_folder
    from dean5299_cli.core.indicator_sets import library_of

    loaded = settings_or_none(settings)
    path = submissions_folder(folder, loaded)
    chosen_quarter = period_option(quarter, month)
    sets = library_of(loaded)
    if not show_progress or not sys.stderr.isatty():
        report = check_folder(
            path,
            settings=loaded.settings if loaded else None,
            year=year,
            quarter=chosen_quarter,
            indicator_sets=sets,
            keep_reading=take_newer,
        )
        return loaded, path, report
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    # Redrawn by the reading's own progress, not by Rich's refresh thread: the readers fork, and a
    # fork while another thread runs may leave the child waiting on a lock that thread held.
    with Progress(
        TextColumn("Đang đọc tệp"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        auto_refresh=False,
        disable=not console.is_terminal,
    ) as bar:
        shown = _Shown(bar, bar.add_task("read", total=None))
        report = check_folder(
            path,
            settings=loaded.settings if loaded else None,
            year=year,
            quarter=chosen_quarter,
            on_count=shown.count,
            progress=shown.advance,
            indicator_sets=sets,
            keep_reading=take_newer,
        )
    return loaded, path, report


class _Shown:
    """The reading's progress on a bar, redrawn at most ten times a second by the caller, and
    when the last file is read (the bar stays while the report is checked)."""

    def __init__(self, bar: Any, task: Any) -> None:
        self.bar, self.task, self.last = bar, task, -1.0
        self.done, self.total = 0, -1

    def count(self, total: int) -> None:
        self.bar.update(self.task, total=total)
        self.total = total
        self._redraw()

    def advance(self, done: int) -> None:
        self.bar.advance(self.task, done)
        self.done += done
        self._redraw()

    def _redraw(self) -> None:
        now = time.monotonic()
        if now - self.last >= 0.1 or self.done == self.total:
            self.last = now
            self.bar.refresh()


def register(app: typer.Typer) -> None:
    @app.command("validate")
    @handle_errors
    def validate(
        folder: FolderArg = None,
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        month: MonthOpt = None,
        as_json: JsonOpt = False,
        settings: SettingsOpt = None,
        errors_only: Annotated[
            bool, typer.Option("--chi-loi", help="Chỉ hiện lỗi (không hiện cảnh báo).")
        ] = False,
        everything: Annotated[
            bool,
            typer.Option("--tat-ca", help="Hiện tất cả, kể cả thông tin và mã lỗi."),
        ] = False,
        take_newer: TakeNewerOpt = False,
    ) -> None:
        """Kiểm tra mọi tệp báo cáo trong thư mục: lỗi, cảnh báo, đơn vị chưa gửi.

        Ví dụ:

        dean5299 validate

        dean5299 validate bao-cao-don-vi --quarter IV --year 2023

        dean5299 validate --json

        dean5299 validate --month 10
        """
        from dean5299_cli.cli.output import write_json
        from dean5299_cli.core.duplicates_diff import choosable, undecided
        from dean5299_cli.duplicates import compare_duplicates, duplicate_notes, newer_copies_only

        loaded, path, report = load_report(
            folder, settings, year, quarter, show_progress=True, month=month, take_newer=take_newer
        )
        rules = loaded.settings if loaded else None
        # The folder is judged again (older copies set aside) only when that report is used;
        # otherwise each unit's newest copy is compared with the others, for the view's notes
        # (JSON has no notes).
        if take_newer:
            report, comparisons = newer_copies_only(path, report, loaded)
        else:
            comparisons = [] if as_json else compare_duplicates(path, report, loaded, newest=True)
        if as_json:
            write_json(report.to_json())
        else:  # the view for people (and Rich) only when asked
            from dean5299_cli.cli.render import print_report
            from dean5299_cli.core.validation_view import ViewMode

            mode = (
                ViewMode.ALL if everything else ViewMode.ERRORS if errors_only else ViewMode.NORMAL
            )
            # with --lay-moi-nhat, only the pairs it could not choose between are still explained
            notes = duplicate_notes([c for c in comparisons if not take_newer or undecided(c)])
            chosen = choosable(comparisons)  # what --lay-moi-nhat would decide
            from dean5299_cli.cli.context import target_notices

            print_report(
                report,
                settings=rules,
                mode=mode,
                notes=notes,
                choosable=chosen,
                notices=target_notices(report.year, loaded),
            )
        code = exit_code_for(report)
        if code:
            raise typer.Exit(code)
