"""`dean5299 targets`: show a year's indicator set as a table or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dean5299_cli.cli.errors import handle_errors
from dean5299_cli.cli.options import JsonOpt, SettingsOpt, YearOpt

if TYPE_CHECKING:
    from dean5299_cli.core.indicators import IndicatorSet


def indicator_set_json(ind_set: IndicatorSet, settings: Any = None) -> dict[str, Any]:
    """The set as plain data, plus this office's allocations when a working folder is known."""
    year = ind_set.year
    data = ind_set.model_dump(mode="json")
    if settings is not None:
        from dean5299_cli.core.rates import rate_to_text

        own = settings.year_targets(year).own
        for item in data["indicators"]:
            value = own.get(item["number"])
            item["allocated"] = (
                rate_to_text(value) if value is not None and not isinstance(value, int) else value
            )
    return data


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
    from dean5299_cli.core.errors import UsageError
    from dean5299_cli.core.indicator_sets import WORKING_SETS, library_of
    from dean5299_cli.core.indicators import load_set_file
    from dean5299_cli.core.set_scaffold import scaffold_text
    from dean5299_cli.writers.atomic import write_atomic

    if not 2022 <= year <= 2100:
        raise UsageError(f"Năm {year} không hợp lệ: dùng một năm từ 2022 đến 2100.")
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
    text = scaffold_text(
        source.read_text(encoding="utf-8"), source_year, year, library.origin(source_year)
    )

    def write(tmp: Path) -> None:
        tmp.write_text(text, encoding="utf-8")

    write_atomic(target, write)
    load_set_file(target)  # the scaffold passes the same checks as any set
    say(
        f"Đã tạo {target} từ bộ chỉ tiêu năm {source_year}. Đây là bản minh họa: sửa các con số "
        f"theo văn bản giao chỉ tiêu năm {year} trước khi dùng (xem chú thích đầu tệp)."
    )


def _print_table(ind_set: IndicatorSet, loaded: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from dean5299_cli.core.indicators import KIND_LABELS_VI
    from dean5299_cli.core.numbers import format_int, format_rate

    year = ind_set.year
    own = loaded.settings.year_targets(year).own if loaded else {}
    table = Table(title=f"{ind_set.title}", caption=ind_set.source or None, show_lines=True)
    table.add_column("CT", justify="right")
    table.add_column("Nội dung chỉ tiêu")
    table.add_column("Loại")
    table.add_column("Chỉ tiêu toàn tỉnh")
    if loaded:
        table.add_column("Giao cho đơn vị", justify="right")
    table.add_column("Mã trường")
    for ind in ind_set.indicators:
        codes = "\n".join(f"{f.code}: {f.label}" for f in ind.fields)
        row = [str(ind.number), ind.title, KIND_LABELS_VI[ind.kind], ind.target_text]
        if loaded:
            value = own.get(ind.number)
            row.append(
                "—"
                if value is None
                else format_int(value)
                if isinstance(value, int)
                else format_rate(value)
            )
        row.append(codes)
        table.add_row(*row)
    general = "\n".join(f"{f.code}: {f.label}" for f in ind_set.general_fields)
    table.add_row("", ind_set.general_title, "chung", "", *([""] if loaded else []), general)
    Console(soft_wrap=False).print(table)
