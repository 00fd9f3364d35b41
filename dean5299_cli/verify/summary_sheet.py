"""The «Đối chiếu» sheet of the summary workbook, when the settings name a system export."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.errors import ConfigError
from dean5299_cli.core.settings import LoadedSettings
from dean5299_cli.verify.reconcile import Reconciliation

if TYPE_CHECKING:
    from openpyxl import Workbook

Extend = Callable[["Workbook"], None]


def summary_reconciliation(
    report: ValidationReport, loaded: LoadedSettings | None
) -> Reconciliation | None:
    """The period's units against the export of `reconcile:` in the settings (None without it)."""
    if loaded is None or loaded.settings.reconcile is None:
        return None
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.verify.mapping import ExportMapping, load_mapping
    from dean5299_cli.verify.reconcile import reconcile
    from dean5299_cli.verify.system import read_system

    options = loaded.settings.reconcile
    export = loaded.resolve(options.export)
    if not export.is_file():
        raise ConfigError(
            f"Tệp cấu hình {loaded.path.name}, mục reconcile.export: không có tệp xuất {export}."
        )
    indicator_set = library_of(loaded).load(report.year)
    mapping = ExportMapping()
    if options.mapping is not None:
        mapping = load_mapping(loaded.resolve(options.mapping), indicator_set)
    system = read_system(export, indicator_set, mapping)
    units = {sub.unit: dict(sub.values) for sub in report.current}
    return reconcile(
        system,
        units,
        indicator_set,
        year=report.year,
        quarter=report.quarter,
        tolerance=Fraction(options.tolerance) / 100,
        directory=loaded.settings.directory() if loaded.settings.units else None,
        order=tuple(loaded.settings.unit_names),
    )


def with_reconcile(
    extend: Extend | None, report: ValidationReport, loaded: LoadedSettings | None
) -> Extend | None:
    """`extend` followed by the «Đối chiếu» sheet when the settings name an export; the export
    is read now, so a bad export stops the summary before anything is written."""
    result = summary_reconciliation(report, loaded)
    if result is None:
        return extend

    def both(workbook: Workbook) -> None:
        from dean5299_cli.verify.sheet import fill_sheet

        if extend is not None:
            extend(workbook)
        fill_sheet(workbook, result)

    return both
