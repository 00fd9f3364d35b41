"""`dean5299 reconcile`: compare the units' self-reported figures with a system export."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say
from dean5299_cli.cli.options import ForceOpt, JsonOpt, QuarterOpt, SettingsOpt, YearOpt
from dean5299_cli.core.errors import UsageError
from dean5299_cli.core.numbers import plain_decimal

ExportArg = Annotated[
    Path,
    typer.Argument(
        metavar="TỆP-XUẤT",
        help="Tệp xuất từ hệ thống: .xlsx, .xls, .ods hoặc .csv.",
        dir_okay=False,
    ),
]
FolderOpt = Annotated[
    Path | None,
    typer.Option(
        "--folder",
        metavar="THƯ-MỤC",
        help="Thư mục báo cáo của các đơn vị (mặc định: theo tệp cấu hình).",
        file_okay=False,
    ),
]
MappingOpt = Annotated[
    Path | None,
    typer.Option(
        "--mapping",
        metavar="TỆP",
        help="Tệp YAML: cột nào, giá trị nào ứng với mã chỉ tiêu nào "
        "(mặc định: reconcile.mapping của tệp cấu hình, nếu có).",
        dir_okay=False,
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="TỆP", help="Ghi bảng đối chiếu ra tệp .xlsx.", dir_okay=False
    ),
]
ToleranceOpt = Annotated[
    str | None,
    typer.Option(
        "--tolerance",
        metavar="PHẦN-TRĂM",
        help="Ngưỡng chênh lệch cần hỏi lại, theo % (mặc định: reconcile.tolerance "
        "của tệp cấu hình, không có thì 5).",
    ),
]
FieldOpt = Annotated[
    str | None,
    typer.Option(
        "--field",
        metavar="MÃ",
        help="Danh sách từng hồ sơ: đếm các dòng vào mã chỉ tiêu này (vd ct5).",
    ),
]
ChannelOpt = Annotated[
    str | None,
    typer.Option("--channel", metavar="HÌNH-THỨC", help="Chỉ đếm hình thức này, vd «trực tuyến»."),
]
StatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status", metavar="TRẠNG-THÁI", help="Chỉ đếm các trạng thái này (lặp lại được)."
    ),
]
DateColumnOpt = Annotated[
    str | None,
    typer.Option("--date-column", metavar="TÊN-CỘT", help="Tên cột ngày dùng cho --from/--to."),
]


def _tolerance(text: str) -> Fraction:
    value = plain_decimal(text.strip().rstrip("%"))
    if value is None:  # also `nan` (no order) and `1e-999999999` (minutes to make exact)
        raise UsageError(f"--tolerance phải là một số phần trăm, vd 5 hoặc 2,5 (nhận «{text}»).")
    if value < 0:
        raise UsageError("--tolerance không được âm.")
    return Fraction(value) / 100


def _date(text: str | None, option: str) -> dt.date | None:
    from dean5299_cli.verify.system import as_date

    if text is None:
        return None
    day = as_date(text)
    if day is None:
        raise UsageError(f"{option}: không hiểu ngày «{text}» (dùng YYYY-MM-DD hoặc DD/MM/YYYY).")
    return day


def _defaults(
    settings: Path | None, tolerance: str | None, mapping: Path | None
) -> tuple[str, Path | None]:
    """--tolerance and --mapping, else `reconcile:` of the settings (the summary's sheet uses it)."""
    from dean5299_cli.cli.context import settings_or_none

    loaded = settings_or_none(settings)
    options = loaded.settings.reconcile if loaded else None
    if options is None or loaded is None:
        return tolerance or "5", mapping
    if mapping is None and options.mapping is not None:
        mapping = loaded.resolve(options.mapping)
    return tolerance or str(options.tolerance), mapping


def register(app: typer.Typer) -> None:
    @app.command("reconcile")
    @handle_errors
    def reconcile_command(
        export: ExportArg,
        folder: FolderOpt = None,
        mapping: MappingOpt = None,
        output: OutOpt = None,
        as_json: JsonOpt = False,
        tolerance: ToleranceOpt = None,
        field: FieldOpt = None,
        channel: ChannelOpt = None,
        status: StatusOpt = None,
        date_from: Annotated[
            str | None, typer.Option("--from", metavar="NGÀY", help="Từ ngày (gồm ngày này).")
        ] = None,
        date_to: Annotated[
            str | None, typer.Option("--to", metavar="NGÀY", help="Đến ngày (gồm ngày này).")
        ] = None,
        date_column: DateColumnOpt = None,
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        force: ForceOpt = False,
        settings: SettingsOpt = None,
    ) -> None:
        """Đối chiếu số liệu đơn vị tự báo cáo với số liệu xuất từ hệ thống (iGate…).

        Tệp xuất có thể là bảng mỗi đơn vị một dòng, hoặc danh sách từng hồ sơ (dùng --field
        để đếm). Lệnh trả mã 1 khi có chênh lệch vượt ngưỡng cần hỏi lại đơn vị.

        Ví dụ:

        dean5299 reconcile he-thong.csv --quarter IV

        dean5299 reconcile xuat.xlsx --mapping doi-chieu.yaml --output doi-chieu.xlsx

        dean5299 reconcile ho-so.csv --field ct5 --channel "trực tuyến" --from 01/01/2023 --to 31/12/2023
        """
        from dean5299_cli.verify.against_data import self_reported
        from dean5299_cli.verify.mapping import ExportMapping, RecordRule, load_mapping
        from dean5299_cli.verify.reconcile import reconcile
        from dean5299_cli.verify.render import print_reconciliation
        from dean5299_cli.verify.system import read_system

        tolerance, mapping = _defaults(settings, tolerance, mapping)
        share = _tolerance(tolerance)
        if output is not None:
            from dean5299_cli.writers.atomic import check_target

            check_target(output, force)
        reported = self_reported(folder, settings, year, quarter)
        indicator_set = reported.indicator_set  # a working folder's chi-tieu/ set comes first
        chosen = load_mapping(mapping, indicator_set) if mapping else ExportMapping()
        if field is not None:
            if field not in indicator_set.field_codes:
                raise UsageError(f"--field: năm {reported.year} không có mã «{field}».")
            rule = RecordRule.model_validate(
                {
                    "field": field,
                    "channel": [channel] if channel else [],
                    "status": status or [],
                    "date_column": date_column,
                    "from": _date(date_from, "--from"),
                    "to": _date(date_to, "--to"),
                }
            )
            chosen = chosen.model_copy(update={"records": [*chosen.records, rule]})
        system = read_system(export, indicator_set, chosen)
        result = reconcile(
            system,
            reported.units,
            indicator_set,
            year=reported.year,
            quarter=reported.quarter,
            tolerance=share,
            directory=reported.directory,
            order=reported.unit_names,
        )
        from_export = [u for u, f in reported.files.items() if f == export.resolve()]
        if from_export:  # the export sits in the folder, read as those units' reports
            from dataclasses import replace

            from dean5299_cli.core.numbers import format_int

            note = (
                f"tệp xuất này nằm trong thư mục báo cáo và đã được tính là báo cáo của "
                f"{format_int(len(from_export))} đơn vị không gửi tệp riêng "
                f"({', '.join(from_export)}): số liệu của các đơn vị này là chính tệp xuất, "
                "không có báo cáo riêng để đối chiếu."
            )
            result = replace(result, notes=(*result.notes, note))
        if output is not None:
            from dean5299_cli.verify.sheet import write_sheet

            write_sheet(result, output, force=force)
            say(f"Đã ghi bảng đối chiếu: {output}", output)
        if as_json:
            from dean5299_cli.cli.output import write_json

            write_json(result.to_json())
        else:
            print_reconciliation(result)
        raise typer.Exit(1 if result.actions() else 0)
