"""The library face: the few calls behind the commands (check a folder, tally, write outputs).

    from dean5299_cli import api
    report = api.check_folder(Path("bao-cao"), settings=api.load("don-vi.yaml").settings)
    figures = api.tally(report, settings)

The writers are imported only when called, so checking stays light."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from dean5299_cli.core.checking.records import ValidationReport
from dean5299_cli.core.settings import LoadedSettings, Settings, load_settings

if TYPE_CHECKING:
    from dean5299_cli.core.figures import Figures
    from dean5299_cli.core.indicator_sets import SetLibrary
    from dean5299_cli.reporting import Outcome

__all__ = [
    "ValidationReport",
    "check_folder",
    "load",
    "tally",
    "write_report",
    "write_summary",
]


def load(path: Path | str) -> LoadedSettings:
    """The settings file `don-vi.yaml` (ConfigError, exit 3, when it is invalid)."""
    return load_settings(Path(path))


def check_folder(
    folder: Path,
    *,
    settings: Settings | None = None,
    year: int | None = None,
    quarter: int | None = None,
    jobs: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_count: Callable[[int], None] | None = None,
    indicator_sets: SetLibrary | None = None,
    keep_reading: bool = False,
) -> ValidationReport:
    """Read and judge every submission under `folder` (what `dean5299 validate` prints);
    `indicator_sets` adds a working folder's own sets to the shipped ones; `keep_reading`: the
    report keeps what was read, to be judged again without reading (`--lay-moi-nhat`)."""
    from dean5299_cli.folder import validate_folder

    return validate_folder(
        folder,
        settings=settings,
        year=year,
        quarter=quarter,
        jobs=jobs,
        progress=progress,
        on_count=on_count,
        indicator_sets=indicator_sets,
        keep_reading=keep_reading,
    )


def tally(report: ValidationReport, settings: Settings | None) -> Figures:
    """Totals and achievement of the period, for the office and each unit counted."""
    from dean5299_cli.core.figures import compute_figures
    from dean5299_cli.core.indicators import load_set

    return compute_figures(report, load_set(report.year), settings)


def write_summary(
    report: ValidationReport, loaded: LoadedSettings | None, output: Path, *, force: bool
) -> Outcome:
    """The consolidated workbook (see `reporting.write_summary`)."""
    from dean5299_cli import reporting

    return reporting.write_summary(report, loaded, output, force=force)


def write_report(
    report: ValidationReport,
    loaded: LoadedSettings,
    output: Path,
    *,
    force: bool,
    today: dt.date | None = None,
) -> Outcome:
    """The Word report (see `reporting.write_report`)."""
    from dean5299_cli import reporting

    return reporting.write_report(report, loaded, output, force=force, today=today)
