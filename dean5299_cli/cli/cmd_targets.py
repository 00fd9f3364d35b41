"""`dean5299 targets`: show a year's indicator set as a table or JSON."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dean5299_cli.cli.errors import handle_errors
from dean5299_cli.cli.options import JsonOpt, SettingsOpt, YearOpt

if TYPE_CHECKING:
    from rich.table import Table

    from dean5299_cli.core.achievement import IndicatorResult
    from dean5299_cli.core.indicators import IndicatorSet
    from dean5299_cli.core.settings import Settings


def indicator_set_json(ind_set: IndicatorSet, settings: Any = None) -> dict[str, Any]:
    """The set as plain data, plus this office's allocations and computed targets, and each
    member unit's allocations, when a working folder is known."""
    year = ind_set.year
    data = ind_set.model_dump(mode="json")
    if settings is not None:
        from dean5299_cli.core.figures import office_targets
        from dean5299_cli.core.numbers import fraction_count

        own = settings.year_targets(year).own
        results = office_targets(ind_set, settings, year)
        for item, res in zip(data["indicators"], results, strict=True):
            item["allocated"] = _allocation_json(own.get(item["number"]))
            # the count the report aims at (a fractional one rounded up, as the report prints it)
            item["office_target"] = fraction_count(res.target) if res.target else None
            item["office_target_source"] = res.target_source.value
        data["unit_targets"] = [
            {
                "unit": name,
                "allocated": {str(n): _allocation_json(v) for n, v in sorted(allocated.items())},
                "population": population,
            }
            for name in settings.unit_names
            for allocated, population in [settings.targets_of_unit(year, name)]
            if allocated or population
        ]
    return data


def _allocation_json(value: int | Fraction | None) -> int | str | None:
    """A count as a number, a rate as its text (`"40%"`), as `allocated` always was."""
    from dean5299_cli.core.rates import rate_to_text

    return rate_to_text(value) if isinstance(value, Fraction) else value


def register(app: typer.Typer) -> None:
    @app.command("targets")
    @handle_errors
    def targets(
        year: YearOpt = None,
        new: Annotated[
            int | None,
            typer.Option(
                "--new",
                metavar="NĂM",
                help="Tạo bộ chỉ tiêu năm mới (chi-tieu/NĂM.yaml) chép từ bộ gần nhất để sửa.",
            ),
        ] = None,
        as_json: JsonOpt = False,
        settings: SettingsOpt = None,
    ) -> None:
        """Xem bộ chỉ tiêu của một năm: các chỉ tiêu, loại, mã các ô số liệu và chỉ tiêu giao.

        Trong thư mục làm việc, cột «Giao cho đơn vị» ghi chỉ tiêu của đơn vị mình như báo cáo tính (chỉ tiêu giao, hoặc tỷ lệ × dân số, hoặc mức tối thiểu × số đơn vị); bảng thứ hai ghi chỉ tiêu giao riêng cho từng đơn vị trực thuộc, khi don-vi.yaml có.

        Mã trường là mã ngắn của từng ô số liệu, ghi ở cột «Mã» của biểu mẫu (ví dụ ct3_tu).

        Ví dụ:

        dean5299 targets --year 2024

        dean5299 targets --year 2023 --json

        dean5299 targets --new 2026
        """
        from dean5299_cli.cli.context import choose_set, settings_or_none

        loaded = settings_or_none(settings)
        if new is not None:
            _new_set(new, loaded)
            return
        _, ind_set = choose_set(year, loaded)
        data = indicator_set_json(ind_set, loaded.settings if loaded else None)
        if as_json:
            from dean5299_cli.cli.output import write_json

            write_json(data)
            return
        _print_table(ind_set, loaded)


def _new_set(year: int, loaded: Any) -> None:
    """Write chi-tieu/<year>.yaml of the working folder from the latest earlier set."""
    from dean5299_cli.cli.errors import say
    from dean5299_cli.core.errors import ConfigError, UsageError
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.core.indicators import WORKING_SETS, load_set_file
    from dean5299_cli.core.periods import FIRST_YEAR, LAST_YEAR
    from dean5299_cli.core.set_scaffold import scaffold_text
    from dean5299_cli.core.textfile import read_text_file
    from dean5299_cli.writers.atomic import write_atomic

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"Năm {year} không hợp lệ: dùng một năm từ {FIRST_YEAR} đến {LAST_YEAR}.")
    library = library_of(loaded)
    paths = library.paths()
    earlier = [y for y in paths if y < year] or list(paths)
    if year in paths:
        raise UsageError(
            f"Đã có bộ chỉ tiêu năm {year} ({library.origin(year)}). Xem: dean5299 targets --year {year}."
        )
    if not earlier:
        raise UsageError("Không có bộ chỉ tiêu nào để chép.")
    source_year = earlier[-1]
    source = paths[source_year]
    folder = loaded.folder if loaded else Path.cwd()
    target = folder / WORKING_SETS / f"{year}.yaml"
    # The source is checked first: a broken one is named as itself, and nothing is written
    # (its copy was left behind, broken, and named as the fault). Read as any set is read
    # (UTF-16 with a BOM stopped the command with exit 5).
    load_set_file(source)
    text = scaffold_text(read_text_file(source), source_year, year, library.origin(source_year))

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(target, write)
    try:
        load_set_file(target)  # the scaffold passes the same checks as any set
    except ConfigError:
        target.unlink(missing_ok=True)  # ours, just written: not left to be taken for a set
        raise
    say(
        f"Đã tạo {target} từ bộ chỉ tiêu năm {source_year}. Đây là bản minh họa: sửa các con số "
        f"theo văn bản giao chỉ tiêu năm {year} trước khi dùng (xem chú thích đầu tệp).",
        target,
    )


def _allocation_text(value: int | Fraction | None) -> str:
    from dean5299_cli.core.numbers import format_int, format_rate

    if value is None:
        return "—"
    return format_int(value) if isinstance(value, int) else format_rate(value)


def _office_target_text(res: IndicatorResult, allocated: int | Fraction | None) -> str:
    """The office's target as the report computes it: allocated in don-vi.yaml, else the rate of
    the set × the population, else the minimum × the units; "—" when there is none."""
    from dean5299_cli.core.achievement import TargetSource
    from dean5299_cli.core.numbers import format_fraction_count, format_int, format_rate

    if allocated is not None or not res.target:
        return _allocation_text(allocated)
    count = format_fraction_count(res.target)
    if res.target_source is TargetSource.POPULATION and res.target_rate:
        population = res.target / res.target_rate
        return f"{count}\n({format_rate(res.target_rate)} × {format_int(int(population))})"
    if res.target_source is TargetSource.MINIMUM_TIMES_UNITS and res.unit_count:
        minimum = res.target / res.unit_count
        return f"{count}\n({format_int(int(minimum))} × {res.unit_count} đơn vị)"
    return count


def _print_table(ind_set: IndicatorSet, loaded: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from dean5299_cli.core.figures import office_targets
    from dean5299_cli.core.indicators import KIND_LABELS_VI

    year = ind_set.year
    own = loaded.settings.year_targets(year).own if loaded else {}
    results = office_targets(ind_set, loaded.settings, year) if loaded else ()
    table = Table(title=f"{ind_set.title}", caption=ind_set.source or None, show_lines=True)
    table.add_column("CT", justify="right")
    table.add_column("Nội dung chỉ tiêu")
    table.add_column("Loại")
    table.add_column("Chỉ tiêu theo Đề án")
    if loaded:
        table.add_column("Giao cho đơn vị", justify="right")
    table.add_column("Mã trường")
    for k, ind in enumerate(ind_set.indicators):
        codes = "\n".join(f"{f.code}: {f.label}" for f in ind.fields)
        row = [str(ind.number), ind.title, KIND_LABELS_VI[ind.kind], ind.target_text]
        if loaded:
            row.append(_office_target_text(results[k], own.get(ind.number)))
        row.append(codes)
        table.add_row(*row)
    general = "\n".join(f"{f.code}: {f.label}" for f in ind_set.general_fields)
    table.add_row("", ind_set.general_title, "chung", "", *([""] if loaded else []), general)
    console = Console(soft_wrap=False)
    console.print(table)
    units = _unit_table(ind_set, loaded.settings) if loaded else None
    if units is not None:
        console.print(f"\n[bold]Chỉ tiêu giao cho từng đơn vị trực thuộc năm {year}[/bold]")
        console.print(units[0])
        if units[1]:
            console.print(units[1], soft_wrap=True)


def _unit_table(ind_set: IndicatorSet, settings: Settings) -> tuple[Table, str] | None:
    """Each member unit's own targets (don-vi.yaml, `targets.<năm>.units` and `population`), one
    row per unit that has any, in the list's order (three units of 141 are not a table of 141
    rows), and how many have none; None when no unit has any."""
    from rich.table import Table

    from dean5299_cli.core.numbers import format_int

    year = ind_set.year
    every = [(name, *settings.targets_of_unit(year, name)) for name in settings.unit_names]
    rows = [row for row in every if row[1] or row[2]]
    numbers = sorted({n for _, allocated, _ in rows for n in allocated})
    populated = any(population for _, _, population in rows)
    if not rows:
        return None
    table = Table()
    table.add_column("Đơn vị")
    for number in numbers:
        table.add_column(f"CT{number}", justify="right")
    if populated:
        table.add_column("Dân số", justify="right")
    for name, allocated, population in rows:
        cells = [_allocation_text(allocated.get(n)) for n in numbers]
        if populated:
            cells.append(format_int(population) if population else "—")
        table.add_row(name, *cells)
    others = len(every) - len(rows)
    said = (
        f"Các đơn vị khác ({format_int(others)}/{format_int(len(every))}) không có chỉ tiêu giao riêng."
        if others
        else ""
    )
    return table, said
