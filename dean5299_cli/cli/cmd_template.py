"""`dean5299 template`: write the blank workbook a unit fills in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say
from dean5299_cli.cli.options import ForceOpt, SettingsOpt, YearOpt


def register(app: typer.Typer) -> None:
    @app.command("template")
    @handle_errors
    def template(
        year: YearOpt = None,
        unit: Annotated[
            str | None, typer.Option("--unit", metavar="ĐƠN-VỊ", help="Điền sẵn tên đơn vị vào biểu mẫu.")
        ] = None,
        output: Annotated[
            Path | None, typer.Option(
                "--output", "-o", metavar="TỆP", help="Tệp .xlsx cần ghi.", dir_okay=False
            )
        ] = None,
        force: ForceOpt = False,
        settings: SettingsOpt = None,
    ) -> None:
        """Tạo biểu mẫu báo cáo (.xlsx) để các đơn vị điền số liệu.

        Ví dụ:

        dean5299 template --year 2024

        dean5299 template --year 2024 --unit "Xã Phước Sơn" -o phuoc-son.xlsx
        """
        from dean5299_cli.cli.context import default_year, settings_or_none
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.core.indicators import load_set
        from dean5299_cli.writers.atomic import write_atomic
        from dean5299_cli.writers.form import build_form

        loaded = settings_or_none(settings)
        chosen = year or default_year()
        ind_set = load_set(chosen)
        units = loaded.settings.unit_names if loaded else None
        if unit and loaded and loaded.settings.units:
            match = loaded.settings.directory().match(unit)
            if match.name is None:
                hint = f' Có phải "{match.suggestion}"?' if match.suggestion else ""
                raise UsageError(f'Đơn vị "{unit}" không có trong don-vi.yaml.{hint}')
            unit = match.name
        target = output or Path(f"bieu-mau-5299-{chosen}.xlsx")
        if target.suffix.lower() != ".xlsx":
            raise UsageError("Biểu mẫu được ghi dạng .xlsx: hãy đặt tên tệp kết thúc bằng .xlsx.")
        backup = write_atomic(
            target, lambda tmp: build_form(ind_set, tmp, units=units, unit=unit), force=force
        )
        if backup:
            say(f"Đã lưu tệp cũ thành {backup}.")
        say(f"Đã tạo biểu mẫu năm {chosen}: {target}")
