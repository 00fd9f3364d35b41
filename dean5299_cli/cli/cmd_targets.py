"""`dean5299 targets`: show a year's indicator set as a table or JSON."""

from __future__ import annotations

from typing import Any

import typer

from dean5299_cli.cli.errors import handle_errors
from dean5299_cli.cli.options import JsonOpt, SettingsOpt, YearOpt


def indicator_set_json(year: int, settings: Any = None) -> dict[str, Any]:
    """The set as plain data, plus this office's allocations when a working folder is known."""
    from dean5299_cli.core.indicators import GENERAL_FIELDS, load_set

    ind_set = load_set(year)
    data = ind_set.model_dump(mode="json")
    data["general_fields"] = [f.model_dump(mode="json") for f in GENERAL_FIELDS]
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
        year: YearOpt = None, as_json: JsonOpt = False, settings: SettingsOpt = None
    ) -> None:
        """Xem bộ chỉ tiêu của một năm: các chỉ tiêu, loại, mã các ô số liệu và chỉ tiêu giao.

        Mã trường là mã ngắn của từng ô số liệu, ghi ở cột «Mã» của biểu mẫu (ví dụ ct3_tu).

        Ví dụ:

        dean5299 targets --year 2024

        dean5299 targets --year 2023 --json
        """
        from dean5299_cli.cli.context import default_year, settings_or_none

        loaded = settings_or_none(settings)
        chosen = year or default_year()
        data = indicator_set_json(chosen, loaded.settings if loaded else None)
        if as_json:
            from dean5299_cli.cli.output import write_json

            write_json(data)
            return
        _print_table(chosen, loaded)


def _print_table(year: int, loaded: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    from dean5299_cli.core.indicators import GENERAL_FIELDS, KIND_LABELS_VI, load_set
    from dean5299_cli.core.numbers import format_int, format_rate

    ind_set = load_set(year)
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
    general = "\n".join(f"{f.code}: {f.label}" for f in GENERAL_FIELDS)
    table.add_row("", "Tổ công nghệ số thanh niên", "chung", "", *([""] if loaded else []), general)
    Console(soft_wrap=False).print(table)
