"""`dean5299 template`: write the workbook a unit fills in, one or one per unit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dean5299_cli.cli.errors import handle_errors, say
from dean5299_cli.cli.options import ForceOpt, MonthOpt, QuarterOpt, SettingsOpt, YearOpt

if TYPE_CHECKING:
    from dean5299_cli.core.settings import LoadedSettings
    from dean5299_cli.writers.form import FormOptions

AllUnitsOpt = Annotated[
    bool,
    typer.Option(
        "--all-units",
        help="Tạo một biểu mẫu cho mỗi đơn vị trong don-vi.yaml, ghi vào một thư mục (-o).",
    ),
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--ngay",
        metavar="NGÀY",
        help='Điền sẵn ô "Tính đến ngày" (dd/mm/yyyy); mặc định, khi có --quarter hoặc --month: '
        "ngày cuối kỳ nếu ngày đó đã qua, còn chưa qua thì để trống cho đơn vị điền.",
    ),
]


def as_of_default(
    value: str | None, year: int, quarter: int | None, today: dt.date
) -> dt.date | None:
    """The form's pre-filled "Tính đến ngày": the date given, else the period's last day once it
    has passed. A form sent before then is left for the unit to date: a last day still to come
    was warned on every unit's file ("sau ngày hôm nay") and printed above an earlier signature."""
    from dean5299_cli.core.checking.asof import as_of_problem
    from dean5299_cli.core.errors import UsageError
    from dean5299_cli.core.periods import parse_date
    from dean5299_cli.writers.form import quarter_end

    if value is None:
        end = quarter_end(year, quarter) if quarter else None
        return end if end is not None and end <= today else None
    day = parse_date(value)
    if day is None:
        raise UsageError(
            f'Ngày "{value}" không hợp lệ: ghi dạng ngày/tháng/năm, ví dụ 30/09/{year}.'
        )
    # Not "after today": forms go out before the period ends, dated as of its last day, and
    # validate judges that date when the files come back, by then in the past.
    why = as_of_problem(day, year, quarter, today=None)
    if why is not None:  # 01/01/0001 was written, and warned on every file sent back
        raise UsageError(
            f'Ngày "{value}" {why}: mọi tệp đơn vị gửi về sẽ bị cảnh báo ngày "Tính đến ngày". '
            "Ghi một ngày trong kỳ báo cáo, hoặc bỏ --ngay để đơn vị tự điền."
        )
    return day


def _unit_paths(
    folder: Path, units: list[str], year: int, quarter: int | None
) -> list[tuple[str, Path]]:
    """One ASCII file name per unit; two names folding alike get `-2`, `-3`."""
    from dean5299_cli.writers.form import file_name

    seen: set[str] = set()
    result = []
    for unit in units:
        name = file_name(unit, year, quarter)
        n = 2
        while name in seen:
            name = file_name(unit, year, quarter).removesuffix(".xlsx") + f"-{n}.xlsx"
            n += 1
        seen.add(name)
        result.append((unit, folder / name))
    return result


LISTED = 20  # forms named one by one on the console; beyond, a count


def _all_units(
    loaded: LoadedSettings | None, output: Path | None, year: int, base: FormOptions, force: bool
) -> None:
    from dataclasses import replace

    from dean5299_cli.core.errors import UsageError
    from dean5299_cli.core.indicator_sets import library_of
    from dean5299_cli.workspace import input_paths
    from dean5299_cli.writers.atomic import check_target, write_atomic
    from dean5299_cli.writers.form import form_workbook, retarget

    if loaded is None:
        raise UsageError(
            "--all-units cần danh sách đơn vị: không tìm thấy don-vi.yaml có mục `units`. "
            "Chạy lệnh trong thư mục làm việc hoặc dùng --settings."
        )
    if not loaded.settings.units:  # found, but its list is empty (`units: []`)
        raise UsageError(
            f"--all-units cần danh sách đơn vị: mục `units` của {loaded.path} chưa có đơn vị nào. "
            "Ghi tên các đơn vị trực thuộc vào đó rồi chạy lại.",
            paths=(loaded.path,),
        )
    from dean5299_cli.writers.form import forms_name

    folder = output or Path(forms_name(year, base.quarter))
    if folder.exists() and not folder.is_dir():
        raise UsageError(
            f"{folder} là một tệp: với --all-units, -o là thư mục chứa các biểu mẫu.",
            paths=(folder,),
        )
    targets = _unit_paths(folder, loaded.settings.unit_names, year, base.quarter)
    for _, path in targets:
        check_target(path, force)  # refuse before writing anything
    ind_set = library_of(loaded).load(year)
    # Each form's list of names holds its own unit only: the name cell still takes no other
    # spelling, and a form no longer grows with the office's units (3.321 communes × 3.321 names
    # was hours of writing). One workbook is built, then saved once per unit with its name.
    first = targets[0][0]
    workbook = form_workbook(ind_set, replace(base, unit=first, units=(first,)))
    for unit, path in targets:
        retarget(workbook, unit)
        write_atomic(
            path,
            workbook.save,
            force=force,
            protected=input_paths(loaded),
            mark=False,  # a form comes back filled in: it is an input, not an output
        )
    say(f"Đã tạo {len(targets)} biểu mẫu năm {year} trong thư mục {folder}:", folder)
    for unit, path in targets[:LISTED]:
        say(f"  {path.name}  ({unit})")
    if len(targets) > LISTED:  # a province's communes: the folder lists them all
        say(f"  … và {len(targets) - LISTED} biểu mẫu khác trong cùng thư mục.")


def register(app: typer.Typer) -> None:
    @app.command("template")
    @handle_errors
    def template(
        year: YearOpt = None,
        quarter: QuarterOpt = None,
        month: MonthOpt = None,
        unit: Annotated[
            str | None,
            typer.Option("--unit", metavar="ĐƠN-VỊ", help="Điền sẵn tên đơn vị vào biểu mẫu."),
        ] = None,
        all_units: AllUnitsOpt = False,
        as_of: DateOpt = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                metavar="TỆP",
                help=(
                    "Tệp .xlsx cần ghi (mặc định: bieu-mau-5299-<năm>-quy-<quý>-<tên đơn vị "
                    "không dấu>.xlsx; thư mục, với --all-units)."
                ),
            ),
        ] = None,
        force: ForceOpt = False,
        settings: SettingsOpt = None,
    ) -> None:
        """Tạo biểu mẫu báo cáo (.xlsx) để các đơn vị điền số liệu.

        Ví dụ:

        dean5299 template --year 2024

        dean5299 template --year 2024 --unit "Xã Phước Sơn" -o phuoc-son.xlsx

        dean5299 template --all-units --quarter IV -o bieu-mau

        dean5299 template --all-units --month 10 -o bieu-mau-thang-10
        """
        from dataclasses import replace

        from dean5299_cli.cli.context import choose_set, period_option, settings_or_none
        from dean5299_cli.core.errors import UsageError
        from dean5299_cli.workspace import input_paths
        from dean5299_cli.writers.atomic import write_atomic
        from dean5299_cli.writers.form import FormOptions, build_form, file_name, recipient_of

        loaded = settings_or_none(settings)
        chosen, ind_set = choose_set(year, loaded)
        chosen_quarter = period_option(quarter, month)
        base = FormOptions(
            units=tuple(loaded.settings.unit_names) if loaded else (),
            quarter=chosen_quarter,
            as_of=as_of_default(as_of, chosen, chosen_quarter, dt.date.today()),
            send_to=recipient_of(loaded.settings) if loaded else None,
        )
        if all_units:
            if unit:
                raise UsageError("Dùng --unit hoặc --all-units, không dùng cả hai.")
            _all_units(loaded, output, chosen, base, force)
            return
        if unit and loaded and loaded.settings.units:
            match = loaded.settings.directory().match(unit)
            if match.name is None:
                hint = f' Có phải "{match.suggestion}"?' if match.suggestion else ""
                raise UsageError(f'Đơn vị "{unit}" không có trong don-vi.yaml.{hint}')
            unit = match.name
        target = output or Path(file_name(unit, chosen, chosen_quarter))  # as --all-units names it
        if target.suffix.lower() != ".xlsx":
            raise UsageError("Biểu mẫu được ghi dạng .xlsx: hãy đặt tên tệp kết thúc bằng .xlsx.")
        options = replace(base, unit=unit)
        backup = write_atomic(
            target,
            lambda tmp: build_form(ind_set, tmp, options),
            force=force,
            protected=input_paths(loaded),
            mark=False,  # a form comes back filled in: it is an input, not an output
        )
        if backup:
            say(f"Đã lưu tệp cũ thành {backup}.", backup)
        say(f"Đã tạo biểu mẫu năm {chosen}: {target}", target)
