"""The one adapter onto the folder API: compare a report's figures with the units' data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from dean5299_cli.core.achievement import IndicatorResult
from dean5299_cli.core.checks import ValidationReport
from dean5299_cli.core.indicators import IndicatorSet
from dean5299_cli.core.numbers import format_fraction_count, format_int
from dean5299_cli.core.settings import LoadedSettings
from dean5299_cli.core.units import UnitDirectory, unit_key
from dean5299_cli.verify.audit import AuditResult, Finding, FindingKind
from dean5299_cli.verify.claims import find_claims
from dean5299_cli.verify.documents import Block
from dean5299_cli.verify.mapping import is_total

# achieved, below, change, total, and a breakdown's parts in the set's order (part name, value)
_Figure = tuple[int, str | None, int | None, int | None, tuple[tuple[str, int], ...]]
_COLUMN = re.compile(r"^(?:CT|chỉ tiêu)\s*(\d{1,2})\b", re.IGNORECASE)


def _below(result: IndicatorResult) -> str | None:
    """The denominator or the target, as a report prints it."""
    if result.denominator is not None:
        return format_int(result.denominator)
    if result.target is not None:
        return format_fraction_count(result.target)
    return None


def _parts(result: IndicatorResult) -> tuple[tuple[str, int], ...]:
    return tuple((field.part or field.label, value) for field, value in result.parts)


def _data(
    loaded: LoadedSettings | None, report: ValidationReport
) -> tuple[dict[int, _Figure], dict[str, int], dict[str, dict[int, _Figure]]]:
    """Per indicator for the whole office and per unit (by `unit_key`); the office's totals."""
    from dean5299_cli.reporting import figures_of

    figures = figures_of(report, loaded)
    data: dict[int, _Figure] = {}
    for result in figures.district:
        change = figures.change(result.indicator.code)
        parts = _parts(result)
        data[result.number] = (result.achieved, _below(result), change, result.total, parts)
    units: dict[str, dict[int, _Figure]] = {}
    for unit in figures.units:
        units[unit_key(unit.unit)] = {
            r.number: (r.achieved, _below(r), None, r.total, _parts(r)) for r in unit.results
        }
    return data, figures.totals, units


def check_against_summary(
    result: AuditResult,
    blocks: Sequence[Block],
    summary: Path,
    settings: Path | None,
    year: int | None,
    quarter: str | None,
) -> AuditResult:
    """Like `check_against_folder`, with a summary workbook: its unit rows are the units' data
    (the office's own summary, not one unit of a higher office)."""
    from dean5299_cli.cli.context import quarter_option, settings_or_none
    from dean5299_cli.cli.errors import say
    from dean5299_cli.reporting import figures_of
    from dean5299_cli.verify.summary_data import summary_report, total_row_notes

    loaded = settings_or_none(settings)
    report, total = summary_report(summary, loaded, year, quarter_option(quarter))
    for note in total_row_notes(summary, total, figures_of(report, loaded).totals):
        say(f"Lưu ý: {note}")
    return _check(result, blocks, loaded, report)


def check_against_folder(
    result: AuditResult,
    blocks: Sequence[Block],
    folder: Path,
    settings: Path | None,
    year: int | None,
    quarter: str | None,
    *,
    take_newer: bool = False,
) -> AuditResult:
    """Add `differs-from-data` findings for the paragraphs about one indicator ("Chỉ tiêu N"),
    the units' data taken as `report` takes it (`take_newer`: its --lay-moi-nhat); the units
    left out are said first, as report says them, so that a total found different is read
    against them."""
    from dean5299_cli.cli.cmd_validate import load_report
    from dean5299_cli.cli.report_steps import settle_duplicates, tell_left_out

    loaded, path, report = load_report(
        folder, settings, year, quarter, show_progress=False, take_newer=take_newer
    )
    report, choosable = settle_duplicates(path, report, loaded, take_newer)
    tell_left_out(report, choosable)
    return _check(result, blocks, loaded, report)


def _check(
    result: AuditResult,
    blocks: Sequence[Block],
    loaded: LoadedSettings | None,
    report: ValidationReport,
) -> AuditResult:
    """The findings of `check_against_folder` from a judged report."""
    data, totals, units = _data(loaded, report)
    found: list[Finding] = []

    def differs(index: int, block: Block, what: str, written: str, right: str) -> None:
        found.append(
            Finding(
                block.where,
                written,
                FindingKind.DIFFERS_FROM_DATA,
                f"{what}: báo cáo ghi {written}, số liệu các đơn vị cho {right}.",
                right,
                index,
            )
        )

    for index, block in enumerate(blocks):
        claims = find_claims(block.text)
        for teams in claims.teams:
            if int(teams.teams.value) != totals.get("to_cns", int(teams.teams.value)):
                differs(index, block, "Số tổ", teams.teams.text, format_int(totals["to_cns"]))
        number, scope = claims.indicator, data
        column = _COLUMN.match(block.column_label)
        if block.cell is not None and column is not None:
            number = int(column.group(1))
            if not is_total(block.row_label):
                scope = units.get(unit_key(block.row_label), {})
        if number is None or number not in scope:
            continue
        achieved, below, change, total, data_parts = scope[number]
        label = f"Chỉ tiêu {number}" + (f", {block.row_label}" if block.cell is not None else "")
        if claims.rates:
            rate = claims.rates[0]
            if int(rate.numerator.value) != achieved:
                differs(
                    index, block, label, format_int(int(rate.numerator.value)), format_int(achieved)
                )
            if below is not None and format_int(int(rate.denominator.value)) != below:
                differs(
                    index,
                    block,
                    f"{label} (mẫu số / chỉ tiêu giao)",
                    format_int(int(rate.denominator.value)),
                    below,
                )
        for parts in claims.parts:
            if total is not None and int(parts.total.value) != total:
                differs(index, block, f"{label} (tổng)", parts.total.text, format_int(total))
            # the report prints the parts in the set's order; another count of parts is not read
            if len(parts.parts) == len(data_parts):
                for written, (name, value) in zip(parts.parts, data_parts, strict=True):
                    if int(written.value) != value:
                        differs(
                            index, block, f"{label} (phần {name})", written.text, format_int(value)
                        )
        for claim in claims.changes:
            if change is not None and claim.change != change:
                differs(
                    index,
                    block,
                    f"{label} (thay đổi so với quý trước)",
                    format_int(claim.change),
                    format_int(change),
                )
    merged = sorted((*result.findings, *found), key=lambda f: f.block)
    return replace(result, findings=tuple(merged))


@dataclass(frozen=True)
class SelfReported:
    """What the units reported for one period, by canonical unit name."""

    year: int
    quarter: int
    units: dict[str, dict[str, int]]
    unit_names: tuple[str, ...]  # the settings' list, in order (empty without settings)
    directory: UnitDirectory | None
    indicator_set: IndicatorSet  # the period's set as the working folder sees it (chi-tieu/ first)
    files: dict[str, Path] = field(default_factory=dict)  # unit → the file its figures came from


def self_reported(
    folder: Path | None, settings: Path | None, year: int | None, quarter: str | None
) -> SelfReported:
    """The units' figures of the period from the working folder (only submissions that count)."""
    from dean5299_cli.cli.cmd_validate import load_report
    from dean5299_cli.core.indicator_sets import library_of

    loaded, path, report = load_report(folder, settings, year, quarter, show_progress=False)
    indicator_set = library_of(loaded).load(report.year)
    units = {sub.unit: dict(sub.values) for sub in report.current}
    names = tuple(loaded.settings.unit_names) if loaded else ()
    directory = loaded.settings.directory() if loaded and loaded.settings.units else None
    files = {sub.unit: (path / sub.file).resolve() for sub in report.current}
    return SelfReported(
        report.year, report.quarter, units, names, directory, indicator_set, files
    )
